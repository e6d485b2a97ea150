package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/cloud"
)

// feedBatch is a decoded batch of the event feed.
type feedBatch struct {
	Events  []map[string]any `json:"events"`
	Changed bool             `json:"changed"`
}

// feedHost returns a host over a fresh store with the feed on, and the
// batches it delivers.
func feedHost(t *testing.T) (*Host, *[]feedBatch) {
	t.Helper()
	s := newTestStore(t, nil)
	h := NewHost(s)
	var got []feedBatch
	h.deliver = func(b []byte) {
		var fb feedBatch
		if err := json.Unmarshal(b, &fb); err != nil {
			t.Fatalf("the feed delivered %q: %v", b, err)
		}
		got = append(got, fb)
	}
	if r := decodeReply(t, h.Feed(true)); !r.OK {
		t.Fatalf("Feed(true): %+v", r.Error)
	}
	return h, &got
}

func kinds(b feedBatch) string {
	var k []string
	for _, ev := range b.Events {
		s, _ := ev["kind"].(string)
		if t, ok := ev["type"].(string); ok {
			s += ":" + t
		} else if op, ok := ev["op"].(string); ok {
			s += ":" + op
		}
		k = append(k, s)
	}
	return strings.Join(k, " ")
}

// Nothing is delivered while nobody subscribed, and a subscription starts
// with what happens after it, not the log before.
func TestFeedOff(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	h := NewHost(s)
	n := 0
	h.deliver = func([]byte) { n++ }
	h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, "")
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Yan"}`), Where: "iam"})
	h.Advance("5")
	if n != 0 {
		t.Fatalf("the feed delivered %d batches while off", n)
	}
	var got []string
	h.deliver = func(b []byte) { got = append(got, string(b)) }
	h.Feed(true)
	h.Call("iam:GetUser", `{"UserName":"Zoe"}`, "")
	if len(got) != 1 || strings.Contains(got[0], "CreateUser") || !strings.Contains(got[0], `"op":"iam:GetUser"`) {
		t.Fatalf("after Feed(true), one call delivered %q", got)
	}
	h.Feed(false)
	h.Call("iam:GetUser", `{"UserName":"Zoe"}`, "")
	if len(got) != 1 {
		t.Fatalf("after Feed(false) the feed delivered %q", got[1:])
	}
}

// Each call is one batch holding its event as cloudplay.events() has it,
// with kind "call"; a failed or denied call too.
func TestFeedCalls(t *testing.T) {
	t.Parallel()
	h, got := feedHost(t)
	h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, "")
	h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, "")
	h.Call("iam:CreateUser", `{"UserName":"Zed"}`, `{"caller":"`+alice+`"}`)
	if len(*got) != 3 {
		t.Fatalf("%d batches for 3 calls, want 3", len(*got))
	}
	var log []map[string]any
	if err := json.Unmarshal(decodeReply(t, h.Events()).Output, &log); err != nil {
		t.Fatal(err)
	}
	for i, b := range *got {
		if len(b.Events) != 1 || b.Changed {
			t.Fatalf("batch %d: %+v, want one event, not changed (a script's call)", i, b)
		}
		ev := b.Events[0]
		want := log[len(log)-3+i]
		want["kind"] = "call"
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(ev)
		if !bytes.Equal(wj, gj) {
			t.Errorf("batch %d delivered\n%s\nwant the log's\n%s", i, gj, wj)
		}
	}
	if e := (*got)[1].Events[0]["error"].(map[string]any); e["code"] != "EntityAlreadyExists" {
		t.Errorf("the failed call's event: %v", e)
	}
	if e := (*got)[2].Events[0]["error"].(map[string]any); e["code"] != "AccessDenied" {
		t.Errorf("the denied call's event: %v", e)
	}
}

// An advance delivers the step events it made, and nothing when it made
// none; a call's events come before the step events of a later advance.
func TestFeedSteps(t *testing.T) {
	t.Parallel()
	h, got := feedHost(t)
	h.Call("kinesis:CreateStream", `{"StreamName":"gps","ShardCount":2}`, "")
	h.Advance("0.001")
	h.Advance("60")
	if len(*got) != 2 {
		t.Fatalf("batches %+v, want the call's and the advance's that made the stream ACTIVE", *got)
	}
	b := (*got)[1]
	if kinds(b) != "step:StreamActive" || b.Changed {
		t.Fatalf("the advance delivered %s (changed %v)", kinds(b), b.Changed)
	}
	ev := b.Events[0]
	if ev["service"] != "kinesis" || ev["stream"] != "gps" || !strings.HasPrefix(ev["time"].(string), "2026-01-01T00:00:") {
		t.Errorf("the step event: %v", ev)
	}
}

// "changed" marks the learner's own state-changing actions in the page: a
// UI call that changed the account, a scenario loaded or undone; not
// reads, failures, advances, or anything a host function did.
func TestFeedChanged(t *testing.T) {
	t.Parallel()
	h, got := feedHost(t)
	s := h.store
	last := func() feedBatch {
		t.Helper()
		if len(*got) == 0 {
			t.Fatal("nothing delivered")
		}
		b := (*got)[len(*got)-1]
		*got = nil
		return b
	}
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`), Where: "iam"})
	if b := last(); !b.Changed || kinds(b) != "call:iam:CreateUser" {
		t.Errorf("a UI CreateUser: %s changed %v, want changed", kinds(b), b.Changed)
	}
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`), Where: "iam"})
	if b := last(); b.Changed {
		t.Error("a UI call that failed is a change")
	}
	s.Dispatch(&CallOp{Op: "iam:ListUsers", Where: "iam"})
	if b := last(); b.Changed {
		t.Error("a UI read is a change")
	}
	s.Dispatch(&Query{Op: "iam:GetUser", Input: []byte(`{"UserName":"Zoe"}`)})
	if b := last(); b.Changed {
		t.Error("a UI query is a change")
	}
	s.Dispatch(&Advance{Ms: 1000, Frame: true})
	if len(*got) != 0 {
		t.Errorf("a frame that made nothing delivered %+v", *got)
	}
	h.Call("iam:CreateUser", `{"UserName":"Yan"}`, "")
	if b := last(); b.Changed {
		t.Error("a host call is a change")
	}
	h.Reset("")
	if b := last(); b.Changed || kinds(b) != "reset" {
		t.Errorf("a host reset: %s changed %v, want a reset event, not changed", kinds(b), b.Changed)
	}
	s.Dispatch(&Undo{})
	if b := last(); !b.Changed || kinds(b) != "reset" {
		t.Errorf("Undo in the UI: %s changed %v, want a reset event, changed", kinds(b), b.Changed)
	}
	s.Dispatch(&ActAs{ARN: alice})
	if len(*got) != 0 {
		t.Errorf("acting as Alice delivered %+v", *got)
	}
}

// After the account is replaced, seq numbers start again: the batch starts
// with a reset event, then the new account's events from then on.
func TestFeedReset(t *testing.T) {
	t.Parallel()
	h, got := feedHost(t)
	h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, "")
	h.Reset(`{"format":"cloudplay-scenario/1","start":"2027-01-01T00:00:00Z","steps":[{"op":"iam:CreateUser","input":{"UserName":"Q"}}]}`)
	h.Call("iam:GetUser", `{"UserName":"Q"}`, "")
	if len(*got) != 3 {
		t.Fatalf("%d batches, want 3", len(*got))
	}
	reset := (*got)[1]
	if kinds(reset) != "reset" || reset.Events[0]["time"] != "2027-01-01T00:00:00.000Z" {
		t.Fatalf("the reset delivered %v", reset.Events)
	}
	ev := (*got)[2].Events[0]
	if ev["op"] != "iam:GetUser" || ev["seq"] != 2.0 {
		t.Fatalf("after the reset: %v, want iam:GetUser with seq 2 (the scenario's step is seq 1)", ev)
	}
}

// grownSource is an account whose event seq grows (as an actor's
// aggregated event does): EventAt returns it with a larger count.
type grownSource struct {
	*cloud.Account
	seq   int
	count int
}

func (g *grownSource) EventAt(seq int) (cloud.Event, bool) {
	ev, ok := g.Account.EventAt(seq)
	if ok && seq == g.seq {
		ev.Input = json.RawMessage(`{"count":` + string(rune('0'+g.count)) + `}`)
	}
	return ev, ok
}

// An aggregated event that grows while its second lasts is delivered
// again, with the same seq; once the second is over it is final.
func TestFeedRedeliversGrownEvents(t *testing.T) {
	t.Parallel()
	a := cloud.New(cloud.Config{})
	src := &grownSource{Account: a}
	// The stand-in for an event with a count: the CreateUser event, whose
	// input grownSource changes.
	f := &Feed{grows: func(b []byte) bool { return bytes.Contains(b, []byte(`"op":"iam:CreateUser"`)) }}
	f.SetOn(true, src)
	a.Call(a.RootARN(), "iam:CreateUser", []byte(`{"UserName":"Zoe"}`))
	src.seq, src.count = a.EventSeq(), 1
	b := f.After(src, &CallOp{})
	if b == nil || !bytes.Contains(b, []byte(`"op":"iam:CreateUser"`)) {
		t.Fatalf("first delivery %s", b)
	}
	src.count = 2
	b = f.After(src, &Query{})
	if b == nil || !bytes.Contains(b, []byte(`"input":{"count":2}`)) || !bytes.Contains(b, []byte(`"seq":1,`)) {
		t.Fatalf("the grown event was not delivered again with its seq: %s", b)
	}
	if b := f.After(src, &Query{}); b != nil {
		t.Fatalf("unchanged, it was delivered again: %s", b)
	}
	src.count = 3
	a.Advance(1000) // the second is over: the event is final
	b = f.After(src, &Advance{Ms: 1000})
	if b == nil || !bytes.Contains(b, []byte(`{"count":3}`)) {
		t.Fatalf("the growth in the last moment of its second was not delivered: %s", b)
	}
	src.count = 4
	if b := f.After(src, &Query{}); b != nil {
		t.Fatalf("an event of a second that is over was delivered again: %s", b)
	}
	if len(f.open) != 0 {
		t.Fatalf("open events after their second: %+v", f.open)
	}
}

// A host panic in delivery does not break the call.
func TestFeedDeliveryPanics(t *testing.T) {
	t.Parallel()
	h, _ := feedHost(t)
	panics := 0
	h.store.OnPanic = func(any, []byte) { panics++ }
	h.deliver = func([]byte) { panic("the page's feed threw") }
	r := decodeReply(t, h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, ""))
	if !r.OK || panics != 1 {
		t.Fatalf("a call whose delivery panicked: %+v, %d panics", r, panics)
	}
	if !hasUserNamed(h.store, "Zoe") {
		t.Fatal("the call was undone")
	}
}

// secondOf cuts an ISO time to the second.
func TestSecondOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026-01-01T00:00:05.250Z": "2026-01-01T00:00:05",
		"2026-01-01T00:00:05Z":     "2026-01-01T00:00:05",
		"":                         "",
	} {
		if got := secondOf(in); got != want {
			t.Errorf("secondOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkFeed measures what the feed adds to a host call: off (nobody
// subscribed) and on (one batch marshalled per call).
func BenchmarkFeed(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			s, err := NewStore(nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			h := NewHost(s)
			n := 0
			h.deliver = func(batch []byte) { n += len(batch) }
			h.Feed(on)
			b.ReportAllocs()
			for b.Loop() {
				h.Call("iam:GetUser", `{"UserName":"Alice"}`, "")
			}
			if on == (n == 0) {
				b.Fatalf("delivered %d bytes with the feed %s", n, name)
			}
		})
	}
}
