package cloud

import (
	"encoding/json"
	"maps"
	"slices"

	"cloudplay/core/api"
)

// Event is one entry of the event log (CloudTrail-like): every call,
// allowed, denied or failed.
type Event struct {
	Seq       int              `json:"seq"`
	Time      string           `json:"time"`
	Caller    string           `json:"caller"`
	Op        string           `json:"op"`
	Input     json.RawMessage  `json:"input,omitempty"`
	Actions   []ActionDecision `json:"actions"`
	ReadOnly  bool             `json:"readOnly"`
	InvokedBy string           `json:"invokedBy,omitempty"` // the principal a service acted for
	Error     *EventError      `json:"error,omitempty"`

	// The members of an aggregated event (CONTRACT.md "Time, actors and
	// what is exported"): the calls of one playground actor with the same
	// operation, caller and decisions in one simulated second are one
	// event. Count is how many calls it stands for, FirstTime and
	// LastTime the first and last call's times (Time is FirstTime),
	// Errors the calls' error codes with their counts, the records'
	// error codes of a PutRecords included; Error is the first error.
	// Events that are not an actor's have none of these.
	Count     int            `json:"count,omitempty"`
	FirstTime string         `json:"firstTime,omitempty"`
	LastTime  string         `json:"lastTime,omitempty"`
	Errors    map[string]int `json:"errors,omitempty"`
	Actor     string         `json:"actor,omitempty"`
}

// ActionDecision is one action a call needed and the authoriser's decision.
type ActionDecision struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	Decision string `json:"decision"`
}

// EventError is the error a call ended with.
type EventError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Trace explains the denial of a call made on someone's behalf (a
	// service acting as its role), whose error no caller sees.
	Trace api.Trace `json:"trace,omitempty"`
}

// Bounds of the event log, the playground's own: the log is kept in memory
// for the whole session and shown whole, so neither a long session nor a
// hostile input may grow it without bound.
const (
	// MaxEvents is how many events the log keeps; older ones are dropped
	// first (their Seq numbers are not reused).
	MaxEvents = 10000
	// maxLoggedInput bounds the input kept in the log; bigger inputs are
	// left out.
	maxLoggedInput = 4096
	// maxLoggedString bounds, in code points, each name, ARN and action
	// kept in the log: nearly every real one fits (the ARN of an object
	// with a key of more than 450 bytes is clipped in the log only).
	maxLoggedString = 512
	// maxLoggedMessage bounds, in code points, an error message kept in
	// the log.
	maxLoggedMessage = 1024
)

// log appends ev to the event log, with the next Seq and its strings
// clipped, dropping the oldest event when the log is full.
func (a *Account) log(ev Event) {
	if a.replaying {
		return
	}
	a.seq++
	ev.Seq = a.seq
	ev.Caller = api.Clip(ev.Caller, maxLoggedString)
	ev.Op = api.Clip(ev.Op, maxLoggedString)
	ev.InvokedBy = api.Clip(ev.InvokedBy, maxLoggedString)
	for i := range ev.Actions {
		ev.Actions[i].Action = api.Clip(ev.Actions[i].Action, maxLoggedString)
		ev.Actions[i].Resource = api.Clip(ev.Actions[i].Resource, maxLoggedString)
	}
	if ev.Error != nil {
		ev.Error.Code = api.Clip(ev.Error.Code, maxLoggedString)
		ev.Error.Message = api.Clip(ev.Error.Message, maxLoggedMessage)
	}
	if len(a.events) >= MaxEvents {
		// Sliding the window reallocates only when it reaches the end of
		// the backing array: amortised constant time, memory within a
		// small factor of MaxEvents events.
		a.events[0] = Event{}
		a.events = a.events[len(a.events)-MaxEvents+1:]
	}
	a.events = append(a.events, ev)
}

// aggKey is what the calls of an actor merged into one event share.
type aggKey struct {
	actor, op, caller, invokedBy string
	sec                          int64
	actions                      string // every action, resource and decision
}

// logActor logs ev, a call of a playground actor standing for calls
// calls with the error counts errs, merging it into the event of the
// actor's identical calls of the same simulated second when there is
// one.
func (a *Account) logActor(ev Event, now int64, calls int, errs map[string]int) {
	a.logMerged(ev, now, calls, errs, false)
}

// logOnBehalf logs ev, a read-only call a service made on someone's
// behalf (Firehose reading a Kinesis shard every second), merged as an
// actor's calls are into the event of the identical calls (same service,
// caller, operation, actions and decisions) of the same simulated second,
// so that polling does not flood the log. The first such call is logged
// as any call is; the merge gives the event its count, firstTime,
// lastTime and errors. Calls that change something (s3:PutObject,
// sts:AssumeRole) are each logged on their own.
func (a *Account) logOnBehalf(ev Event, now int64) {
	a.logMerged(ev, now, 1, nil, true)
}

// logMerged logs ev standing for calls calls, merged into the event of the
// identical calls of the same second when there is one. lazy leaves the
// count members off an event that stands for one call.
func (a *Account) logMerged(ev Event, now int64, calls int, errs map[string]int, lazy bool) {
	if a.replaying {
		return
	}
	sec := now / 1000
	if sec != a.aggSec {
		clear(a.agg)
		a.aggSec = sec
	}
	k := aggKey{actor: ev.Actor, op: ev.Op, caller: ev.Caller, invokedBy: ev.InvokedBy, sec: sec}
	for _, d := range ev.Actions {
		k.actions += d.Action + " " + d.Resource + " " + d.Decision + "\n"
	}
	if ev.Error != nil {
		errs = addCount(errs, ev.Error.Code, calls)
	}
	if seq, ok := a.agg[k]; ok && len(a.events) > 0 {
		if i := seq - a.events[0].Seq; i >= 0 && i < len(a.events) && a.events[i].Seq == seq {
			e := &a.events[i]
			if e.Count == 0 { // a lazy event that stood for one call
				e.Count, e.FirstTime, e.LastTime, e.Input = 1, e.Time, e.Time, nil
				if e.Error != nil {
					e.Errors = addCount(e.Errors, e.Error.Code, 1)
				}
			}
			e.Count += calls
			e.LastTime = ev.Time
			for code, n := range errs {
				e.Errors = addCount(e.Errors, api.Clip(code, maxLoggedString), n)
			}
			if e.Error == nil && ev.Error != nil {
				e.Error = ev.Error
				e.Error.Code = api.Clip(e.Error.Code, maxLoggedString)
				e.Error.Message = api.Clip(e.Error.Message, maxLoggedMessage)
			}
			return
		}
	}
	if !lazy || calls > 1 {
		ev.Count, ev.FirstTime, ev.LastTime, ev.Input = calls, ev.Time, ev.Time, nil
		for code, n := range errs {
			ev.Errors = addCount(ev.Errors, api.Clip(code, maxLoggedString), n)
		}
	}
	a.log(ev)
	if a.agg == nil {
		a.agg = map[aggKey]int{}
	}
	a.agg[k] = a.seq
}

// addCount adds n to m[code], making m when nil.
func addCount(m map[string]int, code string, n int) map[string]int {
	if n <= 0 {
		return m
	}
	if m == nil {
		m = map[string]int{}
	}
	m[code] += n
	return m
}

// dropEventsAfter removes the events logged after the event seq (those
// of a call or advance that was undone).
func (a *Account) dropEventsAfter(seq int) {
	i := len(a.events)
	for i > 0 && a.events[i-1].Seq > seq {
		i--
	}
	clear(a.events[i:])
	a.events = a.events[:i]
	a.seq = seq
}

func (e *Event) setInput(in []byte) {
	if len(in) > maxLoggedInput || !json.Valid(in) {
		return
	}
	e.Input = compact(in)
}

// Events returns the event log, oldest first (a copy).
func (a *Account) Events() []Event {
	out := slices.Clone(a.events)
	for i := range out {
		if out[i].Actions == nil {
			out[i].Actions = []ActionDecision{}
		}
		out[i].Errors = maps.Clone(out[i].Errors)
		if e := out[i].Error; e != nil {
			c := *e
			out[i].Error = &c
		}
	}
	return out
}
