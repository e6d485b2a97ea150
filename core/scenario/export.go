package scenario

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"cloudplay/core/cloud"
	"cloudplay/core/sim"
)

// Export writes the account as a scenario: its successful state-changing
// calls in order, with their callers, contexts and the advances between
// them, and m's members. Loading the export (LoadSaved, or Load when it is
// small enough for a link) reproduces the account, ids included.
func Export(a *cloud.Account, m Meta) []byte {
	out := appendHeader(nil, a, m)
	for i, s := range a.Journal() {
		out = appendStep(out, a, i, s)
	}
	return append(out, tail...)
}

// Exporter exports one account again and again, as saving after every
// change does, serialising each step only once: the steps it has written
// are kept, and only the steps added since (and the last one, an advance
// that may still grow) are serialised on the next Export. It is not safe
// for concurrent use.
type Exporter struct {
	acct  *cloud.Account
	steps []byte // the serialised steps [0, n), with their separators
	n     int
}

// Export returns what Export(a, m) returns, byte for byte. A different
// account than last time starts the cache afresh.
func (e *Exporter) Export(a *cloud.Account, m Meta) []byte {
	total := a.JournalLen()
	if e.acct != a || total < e.n {
		*e = Exporter{acct: a}
	}
	var last []byte
	if total > e.n {
		// Only the steps not written yet are read and serialised.
		fresh := a.JournalSince(e.n)
		if s := fresh[len(fresh)-1]; s.Op == "" {
			// A trailing advance grows when time moves on without a call
			// between: write it each time, keep it only once it is followed.
			last = appendStep(nil, a, total-1, s)
			fresh = fresh[:len(fresh)-1]
		}
		for _, s := range fresh {
			e.steps = appendStep(e.steps, a, e.n, s)
			e.n++
		}
	}
	head := appendHeader(nil, a, m)
	out := make([]byte, 0, len(head)+len(e.steps)+len(last)+len(tail))
	out = append(out, head...)
	out = append(out, e.steps...)
	out = append(out, last...)
	return append(out, tail...)
}

// tail closes the steps list and the scenario.
const tail = "\n  ]\n}\n"

// appendHeader writes the members other than steps, and opens the list.
func appendHeader(b []byte, a *cloud.Account, m Meta) []byte {
	w := func(k string, v any) {
		// Keys are JSON strings too: %q would write Go escapes (\x7f).
		kj, _ := json.Marshal(k)
		j, _ := json.Marshal(v)
		b = fmt.Appendf(b, "  %s: %s,\n", kj, j)
	}
	b = append(b, "{\n"...)
	w("format", Format)
	if m.Name != "" {
		w("name", m.Name)
	}
	if m.Description != "" {
		w("description", m.Description)
	}
	w("account", a.ID())
	w("region", a.Region())
	w("seed", a.Seed())
	w("start", startText(a.Start()))
	if m.ActingAs != "" {
		w("actingAs", m.ActingAs)
	}
	if len(m.UI) > 0 {
		w("ui", m.UI)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Extra)) {
		w(k, m.Extra[k])
	}
	return append(b, "  \"steps\": ["...)
}

// startText writes the start time, with its milliseconds when it has any
// so that the export starts exactly where the account did.
func startText(t sim.Time) string {
	if t%1000 != 0 {
		return t.Milli()
	}
	return t.String()
}

// appendStep writes step s, the i-th of a's journal, with the separator
// before it.
func appendStep(b []byte, a *cloud.Account, i int, s cloud.Step) []byte {
	if s.Op == "" {
		return appendAdvance(b, i, s.Advance)
	}
	b = appendSep(b, i)
	j, _ := json.Marshal(s.Op)
	b = append(b, `{"op": `...)
	b = append(b, j...)
	b = append(b, `, "input": `...)
	b = append(b, s.Input...)
	if s.As != a.RootARN() {
		j, _ := json.Marshal(s.As)
		b = append(b, `, "as": `...)
		b = append(b, j...)
	}
	if len(s.Context) > 0 {
		j, _ := json.Marshal(s.Context)
		b = append(b, `, "context": `...)
		b = append(b, j...)
	}
	return append(b, '}')
}

// appendAdvance writes an advance of ms milliseconds in steps of at most
// maxAdvanceMillis, which the loader accepts: replaying them advances the
// account as far, and its journal merges them back into one step.
func appendAdvance(b []byte, i int, ms int64) []byte {
	for first := true; first || ms > 0; first = false {
		d := min(ms, maxAdvanceMillis)
		b = appendSep(b, i)
		b = append(b, `{"advance": `...)
		b = append(b, formatSeconds(d)...)
		b = append(b, '}')
		ms -= d
		i++ // later parts are never the first step
	}
	return b
}

func appendSep(b []byte, i int) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return append(b, "\n    "...)
}
