package actor_test

import (
	"strings"
	"testing"
)

// An enhanced fan-out consumer reads every record a producer wrote over
// 12 minutes, across two subscription lifetimes and a split in the
// middle: it reads the pushes of each subscription, resubscribes
// AFTER_SEQUENCE_NUMBER of the last ContinuationSequenceNumber when one
// ends after five minutes, and follows the ChildShards of the split
// shard. While the producer writes about 1 MB a second, its iterator age
// stays near 0 on its own 2 MiB/s, while three polling consumers sharing
// the shard's 2 MiB/s fall behind.
func TestFanOutConsumerReadsEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	// The consumers start before the first record: the fan-out consumer's
	// first ContinuationSequenceNumber is that of an empty shard.
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "fan", "StreamName": "gps", "Kind": "EnhancedFanOut", "ShardIteratorType": "TRIM_HORIZON"})
	for _, n := range []string{"poll-1", "poll-2", "poll-3"} { // a third of a second apart, as independent applications poll
		e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": n, "StreamName": "gps", "Kind": "Polling", "ShardIteratorType": "TRIM_HORIZON"})
		e.advance(333)
	}
	e.advance(2001)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "clicks", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 100, "RecordBytes": 100})
	e.advance(57_000)
	// A minute at 100 records of 10,000 bytes a second: 1 MB/s.
	small := e.actors().Producers[0].RecordsSent
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "clicks", "RecordBytes": 10_000})
	age := map[string]int64{} // the largest iterator age of each consumer
	for range 60 {
		e.advance(1000)
		for _, c := range e.actors().Consumers {
			age[c.ConsumerName] = max(age[c.ConsumerName], c.IteratorAgeMilliseconds)
		}
	}
	big := e.actors().Producers[0].RecordsSent - small
	throttledReads := 0
	for _, m := range e.a.View().Streams.Streams[0].Shards[0].Metrics {
		throttledReads += m.ReadProvisionedThroughputExceeded
	}
	// Each poller, starved in turn by the others, shows it.
	if age["fan"] > 1000 || age["poll-1"] < 10_000 || age["poll-2"] < 10_000 || age["poll-3"] < 10_000 || throttledReads == 0 {
		t.Fatalf("at 1 MB/s: largest iterator ages %v (ms), %d reads throttled; want the fan-out near 0 and the pollers behind", age, throttledReads)
	}
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "clicks", "RecordBytes": 100})
	e.advance(300_000 - 120_000 + 60_000) // six minutes in
	e.call(root, "kinesis:SplitShard", map[string]any{"StreamName": "gps", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "170141183460469231731687303715884105728"})
	e.advance(360_000)
	e.call(root, "cloudplay:StopProducer", map[string]any{"ProducerName": "clicks"})
	e.advance(2000)

	l := e.actors()
	p := l.Producers[0]
	var fan = l.Consumers[0]
	if fan.ConsumerName != "fan" || fan.Status != "RUNNING" || fan.LastError != nil || !strings.HasSuffix(strings.Split(fan.ConsumerARN, ":")[5], "/consumer/fan") {
		t.Fatalf("fan-out consumer %+v", fan)
	}
	if p.RecordsThrottled != 0 || fan.RecordsRead != p.RecordsSent {
		t.Fatalf("the producer sent %d records (%d throttled), the fan-out consumer read %d", p.RecordsSent, p.RecordsThrottled, fan.RecordsRead)
	}
	if want := (p.RecordsSent-big)*100 + big*10_000; fan.BytesRead != want {
		t.Fatalf("the fan-out consumer read %d bytes, want %d", fan.BytesRead, want)
	}
	// Shard 0: subscribed at the start and again after five minutes,
	// ended by the split; its children: subscribed at the split and
	// again five minutes later.
	if len(fan.Shards) != 3 {
		t.Fatalf("shards %+v", fan.Shards)
	}
	for i, sh := range fan.Shards {
		if sh.Subscriptions != 2 || sh.RecordsRead == 0 || sh.ShardEnd != (i == 0) || sh.Subscribed == (i == 0) || sh.IteratorAgeMilliseconds != 0 {
			t.Fatalf("shard %d: %+v", i, sh)
		}
	}
	// Its calls are logged as its own, aggregated, and never journaled.
	subscribes := 0
	for _, ev := range e.a.Events() {
		if ev.Op == "kinesis:SubscribeToShard" {
			if ev.Actor != "fan" || ev.Caller != root || ev.Error != nil {
				t.Fatalf("logged %+v", ev)
			}
			subscribes += ev.Count
		}
	}
	if subscribes != 6 {
		t.Fatalf("%d SubscribeToShard calls logged, want 6", subscribes)
	}
	for _, s := range e.a.Journal() {
		if strings.HasPrefix(s.Op, "kinesis:") && s.Op != "kinesis:CreateStream" && s.Op != "kinesis:SplitShard" {
			t.Fatalf("journal holds %s", s.Op)
		}
	}
}
