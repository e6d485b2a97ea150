package actor_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
)

// The bulk path, as doc.go describes it: a Clickstream producer at
// 1,000,000 records/s for 60 simulated seconds on a 4-shard stream. Each
// shard takes its 1,000 records in each second (100-byte records stay far under
// 1 MiB/s), first come first served, and the rest is throttled; the counts
// are exact, in ListActors, in the stream's metrics and in the event log,
// whose aggregated events count the ceil(records/500) PutRecords calls
// the batching implies.
func TestBulkProducerCountsAreExact(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 4)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "flood", "StreamName": "gps", "Kind": "Clickstream",
		"RecordsPerSecond": 1_000_000, "RecordBytes": 100})
	e.advance(60_000)
	// The 600 ticks (at 1.1 s … 61.0 s) fall in 61 clock seconds, each of
	// which gives every shard its 1,000 records.
	const offered = 60 * 1_000_000
	const accepted = 61 * 4 * 1000
	p := e.actors().Producers[0]
	if p.RecordsSent != accepted || p.RecordsThrottled != offered-accepted || p.Status != "RUNNING" {
		t.Fatalf("sent %d, throttled %d (%s), want %d and %d", p.RecordsSent, p.RecordsThrottled, p.Status, accepted, offered-accepted)
	}
	if got := sum(e.records()); got != accepted {
		t.Fatalf("the stream holds %d records, want %d", got, accepted)
	}
	for _, sh := range e.a.View().Streams.Streams[0].Shards {
		for _, m := range sh.Metrics {
			if m.IncomingRecords != 1000 {
				t.Fatalf("%s took %d records in second %d, want 1000", sh.ID, m.IncomingRecords, m.Second)
			}
		}
	}
	calls, throttled := 0, 0
	for _, ev := range e.a.Events() {
		if ev.Actor == "flood" {
			calls += ev.Count
			throttled += ev.Errors["ProvisionedThroughputExceededException"]
		}
	}
	// 100,000 records a tick: 200 calls of 500, 600 ticks.
	if calls != 600*200 || throttled != offered-accepted {
		t.Fatalf("the log counts %d calls and %d throttled records, want %d and %d", calls, throttled, 600*200, offered-accepted)
	}
}

// BenchmarkBulkProducer is the cost of one simulated second of a
// Clickstream producer at each rate on a 4-shard stream (1,000 keys): the
// bulk path keeps it flat from 10,000 to 1,000,000 records/s.
func BenchmarkBulkProducer(b *testing.B) {
	for _, rate := range []int{2000, 10_000, 1_000_000} {
		b.Run(fmt.Sprintf("rate=%d", rate), func(b *testing.B) {
			a := cloud.New(cloud.Config{Seed: 1})
			a.Call(root, "kinesis:CreateStream", []byte(`{"StreamName":"gps","ShardCount":4}`))
			a.Advance(1000)
			in, _ := json.Marshal(map[string]any{"StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": rate, "RecordBytes": 100})
			if _, err := a.Call(root, "cloudplay:StartProducer", in); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := a.Advance(1000); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/simulated-s")
		})
	}
}

// An export of an account with actors loads into the same event log and
// the same stream contents: the start steps are exported, the actors'
// calls are not, and replay makes them again.
func TestReplayMakesTheSameCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2)
	e.call(root, "iam:CreateUser", map[string]any{"UserName": "Bob"})
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet"})
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "clicks", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 3000, "HotKeyPercent": 60})
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "dash", "StreamName": "gps", "Kind": "Polling", "ShardIteratorType": "TRIM_HORIZON"})
	for range 37 {
		e.advance(137) // frames of any length: ticks fall at the same times
	}
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "clicks", "HotKeyPercent": 10})
	e.call(root, "kinesis:SplitShard", map[string]any{"StreamName": "gps", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "85070591730234615865843651857942052864"})
	e.advance(9000)
	e.call(root, "cloudplay:StopProducer", map[string]any{"ProducerName": "trucks"})
	e.advance(3000)

	src := scenario.Export(e.a, scenario.Meta{})
	b, _, err := scenario.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	got, want := eventLines(b.Events()), eventLines(e.a.Events())
	if !bytes.Equal(got, want) {
		t.Fatalf("the replay's event log differs:\n got %s\nwant %s", got, want)
	}
	gv, _ := json.Marshal(b.View())
	wv, _ := json.Marshal(e.a.View())
	if !bytes.Equal(gv, wv) {
		t.Fatalf("the replay's account differs:\n got %s\nwant %s", gv, wv)
	}
	if c := e.actors().Consumers[0]; c.RecordsRead == 0 {
		t.Fatalf("the consumer read nothing: %+v", c)
	}
}

// eventLines renders events without their input (the exported account's
// events are the same calls).
func eventLines(evs []cloud.Event) []byte {
	var b bytes.Buffer
	for _, ev := range evs {
		ev.Input = nil
		j, _ := json.Marshal(ev)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
