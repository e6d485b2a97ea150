package cloud

import (
	"testing"
)

// Read-only calls a service makes on someone's behalf in one simulated
// second (Firehose polling a shard) are one event with an exact count;
// a denied one counts in errors; calls that change something
// (s3:PutObject) stay one event each; a new second starts a new event.
func TestOnBehalfReadOnlyCallsMerge(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, firehose, []string{"s3:PutObject", "s3:ListBucket"}, []string{"iam:PassRole"})
	w := a.work(a.clock.Now())
	session, err := w.AssumeRoleFor(firehose, deliverer)
	if err != nil {
		t.Fatal(err)
	}
	before := len(a.Events())
	for range 3 {
		if _, err := w.Call(firehose, session, "s3:ListObjectsV2", map[string]string{"Bucket": "out"}); err != nil {
			t.Fatal(err)
		}
	}
	w.Call(firehose, session, "s3:GetObject", map[string]string{"Bucket": "out", "Key": "k"}) // denied
	w.Call(firehose, session, "s3:GetObject", map[string]string{"Bucket": "out", "Key": "k"}) // denied
	for range 2 {
		if _, err := w.Call(firehose, session, "s3:PutObject", map[string]string{"Bucket": "out", "Key": "k", "Body": "aGk="}); err != nil {
			t.Fatal(err)
		}
	}
	a.clock.AdvanceTo(a.clock.Now() + 1000)
	w = a.work(a.clock.Now())
	w.Call(firehose, session, "s3:ListObjectsV2", map[string]string{"Bucket": "out"})
	evs := a.Events()[before:]
	type row struct {
		op            string
		count, denied int
	}
	var got []row
	for _, e := range evs {
		got = append(got, row{e.Op, e.Count, e.Errors["AccessDenied"]})
	}
	want := []row{{"s3:ListObjectsV2", 3, 0}, {"s3:GetObject", 2, 2}, {"s3:PutObject", 0, 0}, {"s3:PutObject", 0, 0}, {"s3:ListObjectsV2", 0, 0}}
	if len(got) != len(want) {
		t.Fatalf("events %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %+v, want %+v", got, want)
		}
	}
	if m := evs[0]; m.FirstTime != m.Time || m.LastTime != m.Time || m.InvokedBy != firehose || m.Caller != session || m.Input != nil {
		t.Errorf("merged event %+v", m)
	}
	if evs[1].Error == nil || evs[1].Error.Code != "AccessDenied" {
		t.Errorf("the merged denials keep the first error: %+v", evs[1].Error)
	}
}
