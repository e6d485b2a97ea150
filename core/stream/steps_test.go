package stream_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// steps advances e by ms and returns the step events of the interval,
// each as "type stream [consumer] from".
func steps(e *tenv, ms int64) []string {
	e.T.Helper()
	evs, err := e.A.AdvanceEvents(ms)
	if err != nil {
		e.T.Fatal(err)
	}
	return describe(evs)
}

func describe(evs []api.StepEvent) []string {
	out := []string{}
	for _, ev := range evs {
		s := fmt.Sprintf("%s %s %s %s", ev.Time.Milli(), ev.Type, ev.Fields["stream"], ev.Fields["from"]+ev.Fields["consumer"])
		out = append(out, s)
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: step events\n got %q\nwant %q", what, got, want)
	}
}

// The stream's status changes are scheduled work: each reports a step
// event when it falls due, and only then.
func TestStatusChangesAreStepEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 1})
	same(t, "before it is due", steps(e, 999), []string{})
	same(t, "create", steps(e, 1), []string{"2026-01-01T00:00:01.000Z StreamActive s CREATING"})
	e.Call("kinesis:UpdateShardCount", map[string]any{"StreamName": "s", "TargetShardCount": 2, "ScalingType": "UNIFORM_SCALING"})
	reg := e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "ConsumerName": "c"})
	carn := reg["Consumer"].(map[string]any)["ConsumerARN"].(string)
	same(t, "update and consumer", steps(e, 5000), []string{
		"2026-01-01T00:00:02.000Z ConsumerActive s c",
		"2026-01-01T00:00:03.000Z StreamActive s UPDATING",
	})
	e.Call("kinesis:DeregisterStreamConsumer", map[string]any{"ConsumerARN": carn})
	same(t, "deregister", steps(e, 1000), []string{"2026-01-01T00:00:07.000Z ConsumerDeleted s c"})
	e.Call("kinesis:DeleteStream", map[string]any{"StreamName": "s"})
	same(t, "delete", steps(e, 1000), []string{"2026-01-01T00:00:08.000Z StreamDeleted s DELETING"})
	if got := e.A.View().Streams.Streams; len(got) != 0 {
		t.Fatalf("the deleted stream is still shown: %+v", got)
	}
	ev, _ := e.A.AdvanceEvents(1)
	b, err := json.Marshal(e.A.StepEventsSince(0)[0])
	if err != nil || len(ev) != 0 {
		t.Fatal(err, ev)
	}
	if want := `{"from":"CREATING","kind":"step","service":"kinesis","stream":"s","time":"2026-01-01T00:00:01.000Z","type":"StreamActive"}`; string(b) != want {
		t.Fatalf("a step event marshals as %s, want %s", b, want)
	}
}

// A change cancelled before it falls due reports nothing: a stream
// deleted while CREATING reports only its deletion, and a consumer
// deregistered while CREATING only that.
func TestCancelledChangeReportsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 1})
	steps(e, 1000)
	reg := e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "ConsumerName": "c"})
	e.Call("kinesis:DeregisterStreamConsumer", map[string]any{"ConsumerARN": reg["Consumer"].(map[string]any)["ConsumerARN"]})
	same(t, "consumer", steps(e, 2000), []string{"2026-01-01T00:00:02.000Z ConsumerDeleted s c"})
}

// Replaying the journal (what loading an export does) gives the same
// step events at the same times.
func TestReplayGivesTheSameStepEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 2})
	steps(e, 300)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "t", "ShardCount": 1})
	steps(e, 2500)
	e.Call("kinesis:MergeShards", map[string]any{"StreamName": "s", "ShardToMerge": "shardId-000000000000", "AdjacentShardToMerge": "shardId-000000000001"})
	steps(e, 10_000)
	want := describe(e.A.StepEventsSince(0))

	b := cloud.New(cloud.Config{})
	for _, st := range e.A.Journal() {
		if st.Op == "" {
			if err := b.Advance(st.Advance); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := b.Call(st.As, st.Op, st.Input); err != nil {
			t.Fatal(err)
		}
	}
	same(t, "replay", describe(b.StepEventsSince(0)), want)
	if len(want) != 3 {
		t.Fatalf("%d step events, want 3: %q", len(want), want)
	}
}
