package cloud

import (
	"encoding/json"
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
	}
	return out
}
