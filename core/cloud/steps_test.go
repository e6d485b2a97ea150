package cloud

import (
	"strconv"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// chatty registers test:Chatty, which schedules work in 1 s that reports
// n step events (and panics after them when boom is set).
func chatty(a *Account, n int, boom bool) {
	a.register(api.Descriptor{Prefix: "test", Protocol: api.JSON, Ops: []api.Op{{
		Name: "test:Chatty", Mutates: true,
		Prepare: func(env *api.Env, _ []byte) ([]api.Action, func() (any, error), error) {
			return []api.Action{{Action: "test:Chatty", Resource: "*"}}, func() (any, error) {
				env.Schedule(env.Now+1000, func(w *api.Work) {
					for i := range n {
						w.Emit(api.StepEvent{Service: "test", Type: "Tick", Fields: map[string]string{"i": strconv.Itoa(i)}})
					}
					if boom {
						panic("boom")
					}
				})
				return map[string]any{}, nil
			}, nil
		},
	}}})
}

// The step events one advance reports are bounded: the newest
// MaxStepEvents are kept.
func TestStepEventsAreBounded(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	chatty(a, MaxStepEvents+5, false)
	if _, err := a.Call(root, "test:Chatty", nil); err != nil {
		t.Fatal(err)
	}
	evs, err := a.AdvanceEvents(1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != MaxStepEvents || evs[0].Fields["i"] != "5" || evs[len(evs)-1].Fields["i"] != strconv.Itoa(MaxStepEvents+4) {
		t.Fatalf("%d step events from i=%s, want the newest %d", len(evs), evs[0].Fields["i"], MaxStepEvents)
	}
	if evs[0].Time != DefaultStart+1000 {
		t.Fatalf("a step event's time is %s, want the work's", evs[0].Time.Milli())
	}
	if a.StepSeq() != MaxStepEvents+5 {
		t.Fatalf("StepSeq %d", a.StepSeq())
	}
}

// An advance undone by a panic reports no step events and keeps none.
func TestUndoneAdvanceKeepsNoStepEvents(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	chatty(a, 3, true)
	if _, err := a.Call(root, "test:Chatty", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AdvanceEvents(1000); err == nil {
		t.Fatal("the panicking advance succeeded")
	}
	if got := a.StepEventsSince(0); len(got) != 0 || a.StepSeq() != 0 {
		t.Fatalf("step events kept from an undone advance: %+v", got)
	}
	if a.Now() != DefaultStart {
		t.Fatalf("clock at %s", sim.Time(a.Now()).Milli())
	}
}
