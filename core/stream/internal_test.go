package stream

import (
	"crypto/md5"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// newActive returns a service with an ACTIVE provisioned stream of n shards.
func newActive(n int) (*Service, *stream) {
	s := New("123456789012", "us-east-1")
	st := &stream{name: "s", arn: s.streamARN("s"), status: statusActive, mode: modeProvisioned, retention: minRetention,
		maxKiB: defaultMaxKiB, tags: map[string]string{}, consumers: map[string]*consumer{}}
	for _, r := range evenRanges(n) {
		st.addShard(r[0], r[1], 0, "", "")
	}
	s.streams["s"] = st
	return s, st
}

// Past MaxStoredBytes a write is refused as a whole, with a message that
// says why, and nothing is stored; records that expired make room again.
func TestMaxStoredBytes(t *testing.T) {
	t.Parallel()
	s, st := newActive(1)
	now := sim.Time(1000)
	big := make([]byte, 1000)
	s.stored = MaxStoredBytes - 500
	_, err := s.putRecords(st, []entry{{key: "k", hash: partitionHash("k"), data: big}}, now)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "LimitExceededException" || !strings.HasPrefix(e.Message, "The playground keeps at most 67108864 bytes (64 MiB) of records per account") {
		t.Fatalf("got %v", err)
	}
	if st.shards[0].recs.len() != 0 || s.stored != MaxStoredBytes-500 {
		t.Fatal("a refused write stored something")
	}
	// Room made by records that expire.
	s.stored = 0
	for i := range 3 {
		if _, err := s.putRecords(st, []entry{{key: "k", hash: partitionHash("k"), data: big}}, now+sim.Time(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.stored += MaxStoredBytes - s.stored - 500 // pretend the rest is full
	later := now + 25*3600_000
	if _, err := s.putRecords(st, []entry{{key: "k", hash: partitionHash("k"), data: big}}, later); err != nil {
		t.Fatalf("after the old records expired: %v", err)
	}
}

// batch is 500 records of 100 bytes with 20-character keys, already
// decoded.
func batch(r *rand.Rand) ([]entry, []string) {
	keys := make([]string, 500)
	entries := make([]entry, 500)
	data := make([]byte, 100)
	for i := range keys {
		keys[i] = fmt.Sprintf("%020d", r.Uint64())
		entries[i] = entry{key: keys[i], data: data}
	}
	return entries, keys
}

// BenchmarkMD5Keys is MD5 hashing the partition keys of a 500-record batch
// alone: the yardstick of BenchmarkStreamPath.
func BenchmarkMD5Keys(b *testing.B) {
	_, keys := batch(rand.New(rand.NewPCG(1, 2)))
	b.ReportAllocs()
	var sink byte
	for b.Loop() {
		for _, k := range keys {
			sum := md5.Sum([]byte(k))
			sink ^= sum[0]
		}
	}
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
	_ = sink
}

// BenchmarkStreamPath is the stream's own path for a 500-record batch of
// 100-byte records with 20-character keys, records already decoded:
// hashing, routing, the throughput limits, storage and the results.
// Simulated time moves a second per batch over 8 shards (so nothing is
// throttled) and a day every 500 batches (so retention keeps memory
// bounded).
func BenchmarkStreamPath(b *testing.B) {
	s, st := newActive(8)
	entries, _ := batch(rand.New(rand.NewPCG(1, 2)))
	now := sim.Time(0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for j := range entries {
			entries[j].hash = partitionHash(entries[j].key)
		}
		out, err := s.putRecords(st, entries, now)
		if err != nil {
			b.Fatal(err)
		}
		if n := out.FailedRecordCount; n != 0 {
			b.Fatalf("%d records throttled", n)
		}
		now += 1000
		if i++; i%500 == 0 {
			now += 24 * 3600_000
		}
	}
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkStreamPathVsMD5 interleaves the two measures above in one loop,
// so that a loaded machine slows both alike, and reports their ratio
// (stream-path speed / MD5 speed; the target is at least 0.5).
func BenchmarkStreamPathVsMD5(b *testing.B) {
	s, st := newActive(8)
	entries, keys := batch(rand.New(rand.NewPCG(1, 2)))
	now := sim.Time(0)
	var md5Time, streamTime time.Duration
	var sink byte
	i := 0
	for b.Loop() {
		t0 := time.Now()
		for _, k := range keys {
			sum := md5.Sum([]byte(k))
			sink ^= sum[0]
		}
		t1 := time.Now()
		for j := range entries {
			entries[j].hash = partitionHash(entries[j].key)
		}
		if _, err := s.putRecords(st, entries, now); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		md5Time += t1.Sub(t0)
		streamTime += t2.Sub(t1)
		now += 1000
		if i++; i%500 == 0 {
			now += 24 * 3600_000
		}
	}
	n := float64(b.N) * 500
	b.ReportMetric(float64(md5Time.Nanoseconds())/n, "md5-ns/record")
	b.ReportMetric(float64(streamTime.Nanoseconds())/n, "stream-ns/record")
	b.ReportMetric(float64(md5Time)/float64(streamTime), "speed-ratio")
	_ = sink
}

// Checking a batch builds the name of an item's members
// ("records.N.member.") only for the item that breaks a constraint: a
// valid 500-record batch costs one allocation (the checked entries), and
// the messages still name the item.
//
// Not parallel: AllocsPerRun counts every allocation of the process.
func TestCheckEntriesNamesOnlyTheBadItem(t *testing.T) {
	recs := make([]putRecordsEntry, 500)
	for i := range recs {
		recs[i] = putRecordsEntry{PartitionKey: "01234567890123456789", Data: make([]byte, 100)}
	}
	if n := testing.AllocsPerRun(20, func() {
		if _, err := checkEntries(recs); err != nil {
			t.Fatal(err)
		}
	}); n != 1 {
		t.Errorf("checking 500 valid records makes %v allocations, want 1", n)
	}
	bad := "0123"
	long := string(make([]byte, 257))
	tests := []struct {
		name string
		item putRecordsEntry
		want string
	}{
		{"empty key", putRecordsEntry{PartitionKey: ""}, "at 'records.3.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"long key", putRecordsEntry{PartitionKey: long}, "at 'records.3.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"explicit hash key", putRecordsEntry{PartitionKey: "k", ExplicitHashKey: &bad}, "at 'records.3.member.explicitHashKey' failed to satisfy constraint"},
		{"data", putRecordsEntry{PartitionKey: "k", Data: make([]byte, maxMaxKiB<<10+1)}, "at 'records.3.member.data' failed to satisfy constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := []putRecordsEntry{recs[0], recs[1], tt.item}
			_, err := checkEntries(in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// Once a shard's records expire as fast as they come, a 500-record
// PutRecords allocates nothing on the stream's path: blocks emptied by
// retention are reused and so is the results buffer.
//
// Not parallel: AllocsPerRun counts every allocation of the process.
func TestPutRecordsSteadyStateAllocatesNothing(t *testing.T) {
	s, st := newActive(1)
	entries, _ := batch(rand.New(rand.NewPCG(5, 6)))
	for j := range entries {
		entries[j].hash = partitionHash(entries[j].key)
	}
	now := sim.Time(1000)
	put := func() {
		out, err := s.putRecords(st, entries, now)
		if err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("%v, %d failed", err, out.FailedRecordCount)
		}
		now += sim.Time(st.retention)*3600_000 + 1000 // the batch before expires
	}
	put()
	if n := testing.AllocsPerRun(50, put); n != 0 {
		t.Errorf("a 500-record batch makes %v allocations, want 0", n)
	}
	if got := st.shards[0].recs.len(); got != 500 {
		t.Errorf("%d records held, want the last batch's 500", got)
	}
}
