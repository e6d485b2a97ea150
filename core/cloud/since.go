package cloud

import (
	"slices"
	"sort"
)

// Reading the event log incrementally, for subscribers (cloudplay.subscribe
// and the bridge's "subscribe", in wasm/): what was logged since they last
// looked, and an event again by its Seq (an aggregated event of an actor may
// grow after it was first logged, keeping its Seq).

// EventSeq returns the Seq of the last event logged (0 before any): pass
// it to EventsSince to read the events logged after now. It goes back only
// when a call or advance is undone (its events are dropped).
func (a *Account) EventSeq() int { return a.seq }

// EventsSince returns the events logged after the event seq, oldest first
// (a copy; those no longer kept are left out).
func (a *Account) EventsSince(seq int) []Event {
	i := sort.Search(len(a.events), func(i int) bool { return a.events[i].Seq > seq })
	out := slices.Clone(a.events[i:])
	for j := range out {
		if out[j].Actions == nil {
			out[j].Actions = []ActionDecision{}
		}
	}
	if out == nil {
		out = []Event{}
	}
	return out
}

// EventAt returns the event whose Seq is seq, as it is now, and whether
// the log still keeps it.
func (a *Account) EventAt(seq int) (Event, bool) {
	i := sort.Search(len(a.events), func(i int) bool { return a.events[i].Seq >= seq })
	if i == len(a.events) || a.events[i].Seq != seq {
		return Event{}, false
	}
	ev := a.events[i]
	ev.Actions = slices.Clone(ev.Actions)
	if ev.Actions == nil {
		ev.Actions = []ActionDecision{}
	}
	return ev, true
}
