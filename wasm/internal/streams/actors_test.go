package streams

import (
	"cloudplay/wasm/internal/testacct"
	"encoding/json"
	"strings"
	"testing"
)

// A stream's actors as the panel lists them, from the account's view after
// real actor operations: the producer's rate, skew and counts, the
// consumer's iterator age, and Stop inputs the engine accepts.
func TestActorRows(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "kinesis-hot-key")
	root := a.RootARN()
	call := func(op, in string) {
		t.Helper()
		if _, err := a.Call(root, op, []byte(in)); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	call("cloudplay:StartConsumer", `{"ConsumerName":"dash","StreamName":"clicks","Kind":"Polling","ShardIteratorType":"TRIM_HORIZON"}`)
	call("cloudplay:StartProducer", string(StartProducerInput("clicks", ProducerForm{Name: "trucks", Kind: "TruckFleet", RecordsPerSecond: "40", Keys: "40"})))
	if err := a.Advance(3000); err != nil {
		t.Fatal(err)
	}
	rows := ActorRows(a.View().Actors, "clicks")
	if len(rows) != 3 {
		t.Fatalf("rows %+v", rows)
	}
	trucks, web, dash := rows[0], rows[1], rows[2]
	if trucks.Name != "trucks" || trucks.Role != "producer" || !strings.HasPrefix(trucks.Facts, "40 records/s · 40 keys · ") || trucks.Status != "RUNNING" {
		t.Errorf("trucks %+v", trucks)
	}
	if web.Name != "website" || !strings.HasPrefix(web.Facts, "2,000 records/s · 1,000 keys · 40% on one hot key · ") || !strings.Contains(web.Facts, " throttled") {
		t.Errorf("website %+v", web)
	}
	if dash.Role != "consumer" || dash.Kind != "Polling" || dash.IteratorAgeMs < 0 || !strings.Contains(dash.Facts, "iterator age ") {
		t.Errorf("dash %+v", dash)
	}
	if got := ActorRows(a.View().Actors, "other"); len(got) != 0 {
		t.Errorf("another stream's rows: %+v", got)
	}
	// Stop each with the row's input: the engine takes it, the row says so.
	for _, r := range rows {
		call(r.StopOp, string(r.StopInput))
	}
	for _, r := range ActorRows(a.View().Actors, "clicks") {
		if r.Status != "STOPPED" {
			t.Errorf("%s is %s after its Stop", r.Name, r.Status)
		}
	}
	var in map[string]string
	if err := json.Unmarshal(web.StopInput, &in); err != nil || in["ProducerName"] != "website" {
		t.Errorf("stop input %s", web.StopInput)
	}
}

func TestAgeText(t *testing.T) {
	t.Parallel()
	for ms, want := range map[int64]string{-5: "0 ms", 0: "0 ms", 850: "850 ms", 1200: "1.2 s", 59_999: "60.0 s", 200_000: "3 min 20 s"} {
		if got := AgeText(ms); got != want {
			t.Errorf("AgeText(%d) = %q, want %q", ms, got, want)
		}
	}
}
