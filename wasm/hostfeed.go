package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"cloudplay/core/cloud"
	"cloudplay/core/sim"
)

// The event feed behind cloudplay.subscribe (CONTRACT.md, "Time, actors and
// what is exported" → "Subscriptions"). After each action the store runs,
// the feed collects what a subscriber has not seen yet and hands it to
// site/cloudplay.js as one batch of JSON text, so one call, one advance or
// one animation frame costs one crossing into JavaScript however many
// events it made:
//
//	{"events": [
//	  {"kind": "call", "seq": 7, "time": "…", "caller": "…", "op": "iam:CreateUser", …},
//	  {"kind": "step", "time": "…", "service": "kinesis", "type": "RecordsWritten", …}],
//	 "changed": true}
//
// "call" events are the events of the log as they are logged (every member
// of cloudplay.events()'s entries); "step" events are the step events of
// the advances (api.StepEvent, flat). A batch is in time order, a call
// before the step events it made. An aggregated event of an actor (one with
// a "count") may grow after it was delivered, while the simulated second
// it counts is not over: it is delivered again, with the same seq, each
// time it changed, so a subscriber replaces events by seq.
//
// When the account is replaced (a reset, a scenario loaded, Undo) the batch
// starts with {"kind": "reset", "time": "<the new account's time>"}: the
// seq numbers start again, and the new account's earlier events are not
// delivered (cloudplay.events() has them).
//
// "changed" says that the learner changed the work in the page itself: a
// call they made in the UI that changed the account, or a scenario loaded,
// reset or undone from the UI. Calls through cloudplay.call (and so the
// bridge's own), actors' calls and the clock's advances are not such
// changes. site/bridge.js posts {"cloudplay": "changed"} for it.
//
// When the scenario's goals changed state (goals.go), the batch carries
// them too, "goals": [{"title", "done", "detail"}, ...], and
// site/bridge.js posts {"cloudplay": "goals", "goals": [...]} to the
// subscribed parents; a batch may then have no events.
//
// Nothing is collected while nobody subscribed (SetOn(false)): the feed
// then costs one test per action.
type Feed struct {
	on      bool
	account eventSource
	// seq and stepSeq are the last event and step event delivered;
	// journal is the account's journal length after the last action.
	seq, stepSeq, journal int
	// open are the delivered aggregated events that may still grow.
	open []openEvent
	// host is > 0 while a host function dispatches (not the learner).
	host int
	// grows, when set, replaces aggregated (tests).
	grows func(eventJSON []byte) bool
}

// eventSource is what the feed reads of an account (*cloud.Account).
type eventSource interface {
	EventSeq() int
	EventsSince(seq int) []cloud.Event
	EventAt(seq int) (cloud.Event, bool)
	StepSeq() int
	StepEventsSince(seq int) []cloud.StepEvent
	JournalLen() int
	Now() sim.Time
}

var _ eventSource = (*cloud.Account)(nil)

// openEvent is a delivered aggregated event of the current simulated
// second, as it was delivered.
type openEvent struct {
	seq    int
	second string // the event's time, to the second
	json   []byte
}

// maxOpenEvents bounds the aggregated events the feed re-reads after each
// action to see whether they grew. The playground's own choice: actors
// aggregate their calls per actor, operation and simulated second, so a
// second has one open event per running actor and operation, far fewer
// than this; past it the oldest are no longer re-read (a subscriber keeps
// the count first delivered, cloudplay.events() has the final one).
const maxOpenEvents = 256

// On reports whether the feed collects events.
func (f *Feed) On() bool { return f.on }

// SetOn starts or stops the feed. Started, it delivers what happens from
// now on, not what happened before.
func (f *Feed) SetOn(on bool, a eventSource) {
	if on && !f.on {
		f.sync(a)
	}
	if !on {
		f.open = nil
		f.account = nil
	}
	f.on = on
}

// sync makes the feed's cursors the account's present.
func (f *Feed) sync(a eventSource) {
	f.account = a
	f.seq, f.stepSeq, f.journal = a.EventSeq(), a.StepSeq(), a.JournalLen()
	f.open = nil
}

// After collects what the action just run on the account a made: the
// batch to deliver (JSON text), or nil when there is nothing to say.
func (f *Feed) After(a eventSource, action any) []byte {
	if !f.on {
		return nil
	}
	var items []feedItem
	changed := false
	learner := f.host == 0
	if _, ok := action.(*Advance); ok {
		learner = false
	}
	if a != f.account {
		f.sync(a)
		changed = learner
		reset, _ := json.Marshal(map[string]string{"kind": "reset", "time": a.Now().Milli()})
		items = append(items, feedItem{json: reset})
	} else {
		if j := a.JournalLen(); j != f.journal {
			changed = learner && j > f.journal
			f.journal = j
		}
		items = append(items, f.grown(a)...)
		items = append(items, f.calls(a)...)
		items = append(items, f.steps(a)...)
		f.close(a)
	}
	if len(items) == 0 && !changed {
		return nil
	}
	// Stable: at equal times, calls stay before the step events they made.
	slices.SortStableFunc(items, func(x, y feedItem) int { return strings.Compare(x.time, y.time) })
	return batchJSON(items, changed)
}

// feedItem is one event of a batch: its time (for ordering; "" first)
// and its JSON.
type feedItem struct {
	time string
	json []byte
}

// calls are the events logged since the last batch.
func (f *Feed) calls(a eventSource) []feedItem {
	if a.EventSeq() < f.seq {
		f.seq = a.EventSeq() // events were undone (a call that panicked)
	}
	evs := a.EventsSince(f.seq)
	if len(evs) == 0 {
		return nil
	}
	f.seq = evs[len(evs)-1].Seq
	now := secondOf(a.Now().Milli())
	items := make([]feedItem, 0, len(evs))
	for _, ev := range evs {
		b := callJSON(ev)
		items = append(items, feedItem{time: ev.Time, json: b})
		if secondOf(ev.Time) == now && f.aggregated(b) {
			f.open = append(f.open, openEvent{seq: ev.Seq, second: secondOf(ev.Time), json: b})
		}
	}
	if n := len(f.open) - maxOpenEvents; n > 0 {
		f.open = slices.Delete(f.open, 0, n)
	}
	return items
}

// grown are the open aggregated events that changed since delivered.
func (f *Feed) grown(a eventSource) []feedItem {
	var items []feedItem
	keep := f.open[:0]
	for _, o := range f.open {
		ev, ok := a.EventAt(o.seq)
		if !ok {
			continue
		}
		if b := callJSON(ev); !bytes.Equal(b, o.json) {
			o.json = b
			items = append(items, feedItem{time: ev.Time, json: b})
		}
		keep = append(keep, o)
	}
	clear(f.open[len(keep):])
	f.open = keep
	return items
}

// close forgets the open events of seconds that are over: they can no
// longer grow.
func (f *Feed) close(a eventSource) {
	now := secondOf(a.Now().Milli())
	f.open = slices.DeleteFunc(f.open, func(o openEvent) bool { return o.second != now })
}

// steps are the step events made since the last batch.
func (f *Feed) steps(a eventSource) []feedItem {
	if a.StepSeq() < f.stepSeq {
		f.stepSeq = a.StepSeq()
	}
	if a.StepSeq() == f.stepSeq {
		return nil
	}
	evs := a.StepEventsSince(f.stepSeq)
	f.stepSeq = a.StepSeq()
	items := make([]feedItem, 0, len(evs))
	for _, ev := range evs {
		b, err := json.Marshal(ev)
		if err != nil {
			continue
		}
		items = append(items, feedItem{time: ev.Time.Milli(), json: b})
	}
	return items
}

// callJSON is ev as a subscriber gets it: {"kind":"call", ...its members}.
func callJSON(ev cloud.Event) []byte {
	b, err := json.Marshal(ev)
	if err != nil || len(b) < 2 || b[0] != '{' {
		return []byte(`{"kind":"call"}`)
	}
	out := make([]byte, 0, len(b)+len(`"kind":"call",`))
	out = append(out, `{"kind":"call"`...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...)
}

// aggregated reports whether the event's JSON has a top-level "count": an
// actor's aggregated event, which may grow.
func (f *Feed) aggregated(b []byte) bool {
	if f.grows != nil {
		return f.grows(b)
	}
	if !bytes.Contains(b, []byte(`"count"`)) {
		return false // the cheap test first: most events are not
	}
	var v struct {
		Count json.RawMessage `json:"count"`
	}
	return json.Unmarshal(b, &v) == nil && v.Count != nil
}

// secondOf is an ISO time ("2026-01-01T00:00:05.250Z") to the second.
func secondOf(t string) string {
	if i := strings.IndexByte(t, '.'); i >= 0 {
		return t[:i]
	}
	return strings.TrimSuffix(t, "Z")
}

// batchJSON writes {"events":[...],"changed":bool}.
func batchJSON(items []feedItem, changed bool) []byte {
	n := 32
	for _, it := range items {
		n += len(it.json) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"events":[`...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it.json...)
	}
	b = append(b, `],"changed":`...)
	if changed {
		b = append(b, "true}"...)
	} else {
		b = append(b, "false}"...)
	}
	return b
}

// withGoals adds "goals": statuses (JSON) to batch, or makes a batch of
// them alone when batch is nil.
func withGoals(batch, statuses []byte) []byte {
	if batch == nil {
		batch = batchJSON(nil, false)
	}
	out := make([]byte, 0, len(batch)+len(statuses)+len(`,"goals":`))
	out = append(out, batch[:len(batch)-1]...)
	out = append(out, `,"goals":`...)
	out = append(out, statuses...)
	return append(out, '}')
}
