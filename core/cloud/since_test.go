package cloud

import (
	"testing"
)

// EventsSince reads what was logged after a Seq; EventAt finds one event
// again; both leave out what the log no longer keeps.
func TestEventsSince(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	if a.EventSeq() != 0 || len(a.EventsSince(0)) != 0 {
		t.Fatalf("a new account: EventSeq %d, EventsSince(0) %v", a.EventSeq(), a.EventsSince(0))
	}
	if got := a.EventsSince(0); got == nil {
		t.Fatal("EventsSince of an empty log is nil, want []")
	}
	for _, name := range []string{"Alice", "Bob", "Alice"} {
		a.Call(root, "iam:CreateUser", []byte(`{"UserName":"`+name+`"}`))
	}
	seq := a.EventSeq()
	if seq != 3 {
		t.Fatalf("EventSeq after 3 calls = %d", seq)
	}
	got := a.EventsSince(1)
	if len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 3 || got[1].Error == nil || got[1].Error.Code != "EntityAlreadyExists" {
		t.Fatalf("EventsSince(1) = %+v", got)
	}
	if len(a.EventsSince(seq)) != 0 {
		t.Fatalf("EventsSince(EventSeq()) = %+v, want none", a.EventsSince(seq))
	}
	ev, ok := a.EventAt(2)
	if !ok || ev.Seq != 2 || ev.Op != "iam:CreateUser" || ev.Actions == nil {
		t.Fatalf("EventAt(2) = %+v, %v", ev, ok)
	}
	// A copy: changing it leaves the log alone.
	ev.Actions[0].Decision = "changed"
	if again, _ := a.EventAt(2); again.Actions[0].Decision == "changed" {
		t.Fatal("EventAt hands out the log's own Actions")
	}
	for _, seq := range []int{0, -1, 4} {
		if _, ok := a.EventAt(seq); ok {
			t.Errorf("EventAt(%d) found an event", seq)
		}
	}
}

// Past MaxEvents, the oldest events are no longer returned, and EventSeq
// keeps counting.
func TestEventsSinceAfterTheLogIsFull(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	for range MaxEvents + 2 {
		a.Call(root, "iam:ListUsers", nil)
	}
	if a.EventSeq() != MaxEvents+2 {
		t.Fatalf("EventSeq %d", a.EventSeq())
	}
	got := a.EventsSince(0)
	if len(got) != MaxEvents || got[0].Seq != 3 {
		t.Fatalf("EventsSince(0): %d events from seq %d, want %d from 3", len(got), got[0].Seq, MaxEvents)
	}
	if _, ok := a.EventAt(2); ok {
		t.Fatal("EventAt finds an event the log dropped")
	}
	if ev, ok := a.EventAt(MaxEvents + 2); !ok || ev.Seq != MaxEvents+2 {
		t.Fatalf("EventAt(last) = %+v, %v", ev, ok)
	}
}
