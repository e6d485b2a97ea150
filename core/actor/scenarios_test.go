package actor_test

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
	"cloudplay/core/stream"
)

// load loads the built-in scenario id.
func load(t *testing.T, id string) *cloud.Account {
	t.Helper()
	a, m := servicetest.Builtin(t, id)
	if string(m.UI) == "" || m.Description == "" {
		t.Fatalf("%s has no ui or description", id)
	}
	return a
}

// throttled sums each shard's WriteProvisionedThroughputExceeded over the
// metrics of the seconds from from on.
func throttled(st stream.StreamView, from int64) map[string]int {
	out := map[string]int{}
	for _, sh := range st.Shards {
		out[sh.ID] = 0
		for _, m := range sh.Metrics {
			if int64(m.Second) >= from {
				out[sh.ID] += m.WriteProvisionedThroughputExceeded
			}
		}
	}
	return out
}

// kinesis-trucks: 20 trucks, one fix each a second, on two shards; the
// dashboard reads every fix written, a second behind at most.
func TestScenarioTrucks(t *testing.T) {
	t.Parallel()
	a := load(t, "kinesis-trucks")
	v := a.View()
	p, c := v.Actors.Producers[0], v.Actors.Consumers[0]
	if p.ProducerName != "trucks" || p.RecordsSent != 200 || p.RecordsThrottled != 0 || c.ConsumerName != "dispatch-dashboard" {
		t.Fatalf("producer %+v consumer %+v", p, c)
	}
	if c.RecordsRead < 180 || c.IteratorAgeMilliseconds > 1000 {
		t.Fatalf("the dashboard read %d of 200 fixes, %d ms behind", c.RecordsRead, c.IteratorAgeMilliseconds)
	}
	st := v.Streams.Streams[0]
	if st.Name != "truck-gps" || len(st.Shards) != 2 || st.Shards[0].Records == 0 || st.Shards[1].Records == 0 {
		t.Fatalf("stream %+v", st)
	}
}

// kinesis-hot-key: one shard throttles, the other three do not.
func TestScenarioHotKey(t *testing.T) {
	t.Parallel()
	a := load(t, "kinesis-hot-key")
	got := throttled(a.View().Streams.Streams[0], 0)
	hot := 0
	for id, n := range got {
		if n > 0 {
			hot++
			if id != "shardId-000000000001" { // where MD5("user-0001") falls among 4 shards
				t.Errorf("%s throttled %d records", id, n)
			}
		}
	}
	if hot != 1 {
		t.Fatalf("throttling per shard: %v; want exactly one hot shard", got)
	}
	if p := a.View().Actors.Producers[0]; p.RecordsThrottled == 0 || p.RecordsThrottled != int64(got["shardId-000000000001"]) {
		t.Fatalf("the producer counts %d throttled records, the shard %v", p.RecordsThrottled, got)
	}
}

// kinesis-reshard: the hot shard throttles before the split, and in the
// last five seconds, after it, no shard throttles.
func TestScenarioReshard(t *testing.T) {
	t.Parallel()
	a := load(t, "kinesis-reshard")
	v := a.View()
	st := v.Streams.Streams[0]
	before := throttled(st, 0)
	if before["shardId-000000000000"] == 0 || before["shardId-000000000001"] != 0 {
		t.Fatalf("before the split: %v", before)
	}
	last := throttled(st, int64(v.Now)-5000)
	for id, n := range last {
		if n != 0 {
			t.Fatalf("%s throttled %d records in the last 5 s: %v", id, n, last)
		}
	}
	if len(st.Shards) != 4 || st.Shards[0].Open || st.Shards[2].Records == 0 || st.Shards[3].Records == 0 {
		t.Fatalf("shards after the split: %+v", st.Shards)
	}
}

// kinesis-fan-out: the three pollers sharing the shard are throttled in
// turn and fall seconds behind; the two enhanced fan-out consumers read
// every record, their iterator age near 0.
func TestScenarioFanOut(t *testing.T) {
	t.Parallel()
	a := load(t, "kinesis-fan-out")
	v := a.View()
	p := v.Actors.Producers[0]
	if p.ProducerName != "website" || p.RecordsSent != 2000 || p.RecordsThrottled != 0 {
		t.Fatalf("producer %+v", p)
	}
	fanOut, polling, behind := 0, 0, 0
	for _, c := range v.Actors.Consumers {
		if c.Status != "RUNNING" {
			t.Fatalf("consumer %+v", c)
		}
		switch c.Kind {
		case "EnhancedFanOut":
			fanOut++
			if c.RecordsRead < p.RecordsSent-25 || c.IteratorAgeMilliseconds > 250 || c.LastError != nil {
				t.Errorf("%s read %d of %d records, %d ms behind (%+v)", c.ConsumerName, c.RecordsRead, p.RecordsSent, c.IteratorAgeMilliseconds, c.LastError)
			}
		case "Polling":
			polling++
			if c.LastError == nil || c.LastError.Code != "ProvisionedThroughputExceededException" {
				t.Errorf("%s was not throttled: %+v", c.ConsumerName, c.LastError)
			}
			if c.IteratorAgeMilliseconds >= 5000 {
				behind++
			}
		}
	}
	// Each catches up in turn with a big read: at any time, most are
	// seconds behind.
	if behind < 2 {
		t.Errorf("%d of the 3 pollers are 5 s behind or more: %+v", behind, v.Actors.Consumers)
	}
	throttled := 0
	for _, m := range v.Streams.Streams[0].Shards[0].Metrics {
		throttled += m.ReadProvisionedThroughputExceeded
	}
	if fanOut != 2 || polling != 3 || throttled == 0 {
		t.Fatalf("%d fan-out and %d polling consumers, %d reads throttled", fanOut, polling, throttled)
	}
	if cs := v.Streams.Streams[0].Consumers; len(cs) != 2 || cs[0].Shards[0].MillisBehindLatest != 0 {
		t.Fatalf("registered consumers %+v", cs)
	}
}
