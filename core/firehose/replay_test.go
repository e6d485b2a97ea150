package firehose_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
)

// Replay: exporting an account whose delivery streams wrote objects (from
// Direct PUT and from a Kinesis source, after a denied delivery that was
// fixed) and loading the export gives the same objects, the same view and
// the same event log: the keys' ids come from the scenario's seed.
func TestReplayGivesTheSameObjectsAndLog(t *testing.T) {
	t.Parallel()
	w := sourceWorld(t, cannot)
	w.call("iam:PutRolePolicy", map[string]any{"RoleName": "firehose-delivery", "PolicyName": "kinesis", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]}`})
	w.create("direct", 1, 30, "d/!{timestamp:yyyy}/")
	for i := range 5 {
		w.kput("t", "k")
		w.put("direct", string(rune('a'+i)))
		w.advance(20)
	}
	w.call("iam:PutRolePolicy", map[string]any{"RoleName": "firehose-delivery", "PolicyName": "delivery", "PolicyDocument": canPut})
	w.advance(90)
	if len(w.objects()) != 2 {
		t.Fatalf("objects %v", w.objects())
	}
	src := scenario.Export(w.a, scenario.Meta{})
	b, _, err := scenario.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.View().Firehose, w.a.View().Firehose; !reflect.DeepEqual(got, want) {
		t.Fatalf("replayed view\n%+v\nwant\n%+v", got, want)
	}
	if got, want := b.View().S3, w.a.View().S3; !reflect.DeepEqual(got, want) {
		t.Fatalf("replayed bucket\n%+v\nwant\n%+v", got, want)
	}
	got, want := replayable(b), replayable(w.a)
	if len(got) != len(want) {
		t.Fatalf("the replayed log has %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("replayed event %d:\n%s\nwant\n%s", i, got[i], want[i])
		}
	}
}

// replayable renders the events a replay makes again (all but the
// learner's read-only calls, which are not exported), without their Seq.
func replayable(a *cloud.Account) []string {
	var out []string
	for _, e := range a.Events() {
		if e.ReadOnly && e.InvokedBy == "" {
			continue
		}
		e.Seq = 0
		b, _ := json.Marshal(e)
		out = append(out, string(b))
	}
	return out
}
