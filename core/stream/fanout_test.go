package stream

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// harness runs the service's operations as root with a clock of its own,
// so that tests can read what the dispatcher does not show
// (SubscriptionEvents) and write megabytes without encoding them.
type harness struct {
	t     *testing.T
	s     *Service
	clock *sim.Clock
	steps []api.StepEvent
}

func newHarness(t *testing.T) *harness {
	return &harness{t: t, s: New("123456789012", "us-east-1"), clock: sim.NewClock(sim.Time(1767225600000))}
}

func (h *harness) emit(e api.StepEvent) {
	if e.Time == 0 {
		e.Time = h.clock.Now()
	}
	h.steps = append(h.steps, e)
}

func (h *harness) schedule(at sim.Time, fn func(*api.Work)) {
	h.clock.Schedule(at, func(now sim.Time) {
		fn(&api.Work{Now: now, Emit: h.emit, Schedule: h.schedule})
	})
}

func (h *harness) advance(ms int64) { h.clock.AdvanceTo(h.clock.Now() + sim.Time(ms)) }

func (h *harness) try(caller, op string, in any) ([]byte, error) {
	h.t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		h.t.Fatal(err)
	}
	env := &api.Env{Caller: api.Principal{ARN: caller}, Now: h.clock.Now(), Schedule: h.schedule, Emit: h.emit}
	for _, o := range h.s.Ops() {
		if o.Name == op {
			_, run, err := o.Prepare(env, b)
			if err != nil {
				return nil, err
			}
			res, err := run()
			if err != nil {
				return nil, err
			}
			return json.Marshal(res)
		}
	}
	h.t.Fatalf("no operation %s", op)
	return nil, nil
}

func (h *harness) call(op string, in any) map[string]any {
	h.t.Helper()
	out, err := h.try("root", op, in)
	if err != nil {
		h.t.Fatalf("%s: %v", op, err)
	}
	var m map[string]any
	json.Unmarshal(out, &m)
	return m
}

// setup makes stream s (n shards, or on-demand when n is 0) and registers
// the consumers named, returning their ARNs.
func (h *harness) setup(n int, consumers ...string) []string {
	in := map[string]any{"StreamName": "s"}
	if n > 0 {
		in["ShardCount"] = n
	}
	h.call("kinesis:CreateStream", in)
	h.advance(1000)
	var arns []string
	for _, c := range consumers {
		reg := h.call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": h.s.streamARN("s"), "ConsumerName": c})
		arns = append(arns, reg["Consumer"].(map[string]any)["ConsumerARN"].(string))
	}
	h.advance(1000)
	return arns
}

// write writes records of size bytes (data and partition key "k") to
// shard 0 (or the shard key k routes to), n of them, now.
func (h *harness) write(n, size int) {
	h.t.Helper()
	st := h.s.streams["s"]
	entries := make([]entry, n)
	for i := range entries {
		entries[i] = entry{key: "k", hash: st.shards[0].start, data: make([]byte, size-1)}
	}
	out, err := h.s.putRecords(st, entries, h.clock.Now())
	if err != nil || out.FailedRecordCount != 0 {
		h.t.Fatalf("write: %v, %d failed", err, out.FailedRecordCount)
	}
}

func (h *harness) subscribe(arn, typ string) {
	h.t.Helper()
	h.call("kinesis:SubscribeToShard", map[string]any{"ConsumerARN": arn, "ShardId": "shardId-000000000000", "StartingPosition": map[string]any{"Type": typ}})
}

// pushed returns the bytes pushed to arn on shard 0 so far.
func (h *harness) pushed(arn string) int {
	evs, _ := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0)
	n := 0
	for _, ev := range evs {
		n += ev.Bytes
	}
	return n
}

// SubscriptionEvents hands the consumer the records pushed, numbered so
// that it can read on from where it stopped.
func TestSubscriptionEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	arn := h.setup(1, "c")[0]
	if evs, active := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0); len(evs) != 0 || active {
		t.Fatalf("before subscribing: %v %v", evs, active)
	}
	h.write(2, 10)
	h.subscribe(arn, "TRIM_HORIZON")
	h.advance(100)
	h.write(3, 20)
	h.advance(1000)
	evs, active := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0)
	if !active || len(evs) != 2 || evs[0].Seq != 1 || evs[1].Seq != 2 || len(evs[0].Records) != 2 || len(evs[1].Records) != 3 || evs[1].Bytes != 60 {
		t.Fatalf("got %+v (active %v)", evs, active)
	}
	r := evs[1].Records[2]
	if r.PartitionKey != "k" || len(r.Data) != 19 || r.ApproximateArrivalTimestamp != h.clock.Now()-1000 || evs[1].ContinuationSequenceNumber != r.SequenceNumber {
		t.Fatalf("record %+v, event %+v", r, evs[1])
	}
	// The totals count every record pushed so far, and their data.
	if evs[0].TotalRecords != 2 || evs[1].TotalRecords != 5 || evs[1].TotalDataBytes != 2*9+3*19 {
		t.Fatalf("totals %d, %d records, %d data bytes", evs[0].TotalRecords, evs[1].TotalRecords, evs[1].TotalDataBytes)
	}
	if later, _ := h.s.SubscriptionEvents(arn, "shardId-000000000000", 1); len(later) != 1 || later[0].Seq != 2 {
		t.Fatalf("since 1: %+v", later)
	}
	// Deregistering the consumer ends the subscription.
	h.call("kinesis:DeregisterStreamConsumer", map[string]any{"ConsumerARN": arn})
	if _, active := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0); active {
		t.Fatal("still active after DeregisterStreamConsumer")
	}
}

// Each consumer reads each shard at 2 MiB/s of its own: a backlog is
// pushed at exactly that rate, whatever the record size, and never
// faster.
func TestFanOutThroughputAtTheLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		size, perSecond int // record size; records written per second (1 MiB/s)
		want            int // bytes pushed in the 4 seconds after subscribing
	}{
		{2048, 512, 8 << 20},
		{65536, 16, 8 << 20},
		{1 << 20, 1, 8 << 20},               // one record per push, then 500 ms busy
		{512<<10 + 1, 1, 8 * (512<<10 + 1)}, // just over a push's share: one record per 500 ms
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			arn := h.setup(1, "c")[0]
			h.s.streams["s"].maxKiB = maxMaxKiB
			for range 10 { // a 10-second backlog
				h.write(tt.perSecond, tt.size)
				h.advance(1000)
			}
			h.subscribe(arn, "TRIM_HORIZON")
			h.advance(3999)
			if got := h.pushed(arn); got != tt.want {
				t.Fatalf("pushed %d bytes in 4 s, want %d (2 MiB/s)", got, tt.want)
			}
			evs, _ := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0)
			if last := evs[len(evs)-1]; last.MillisBehindLatest <= 0 {
				t.Fatalf("MillisBehindLatest %d with a backlog", last.MillisBehindLatest)
			}
		})
	}
}

// Writes faster than 2 MiB/s into one shard (an on-demand stream takes 4
// MiB/s) leave the subscription further behind every second; at 2 MiB/s it
// keeps up.
func TestFanOutFallsBehind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		mib    int
		behind bool
	}{{2, false}, {3, true}} {
		h := newHarness(t)
		arn := h.setup(0, "c")[0]
		h.subscribe(arn, "LATEST")
		var behind []int64
		for range 4 {
			h.write(tt.mib*16, 65536)
			h.advance(1000)
			f := h.s.streams["s"].consumers["c"].fanouts[0]
			behind = append(behind, f.behind)
		}
		grows := behind[3] > behind[0] && slices.IsSorted(behind)
		if tt.behind != grows || !tt.behind && behind[3] != 0 {
			t.Fatalf("%d MiB/s: MillisBehindLatest at each second %v", tt.mib, behind)
		}
		// The view shows it per consumer and shard.
		v := h.s.View(h.clock.Now()).Streams[0].Consumers[0].Shards[0]
		if v.ShardID != "shardId-000000000000" || v.MillisBehindLatest != behind[3] || !v.Subscribed {
			t.Fatalf("view %+v, want MillisBehindLatest %d", v, behind[3])
		}
	}
}

// Three polling consumers share a shard's 2 MiB/s of GetRecords; three
// enhanced fan-out consumers get 2 MiB/s each, on top.
func TestPollingSharesFanOutDoesNot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	arns := h.setup(1, "e1", "e2", "e3")
	for range 12 { // a 12 MiB backlog
		h.write(16, 65536)
		h.advance(1000)
	}
	its := make([]string, 3)
	for i := range its {
		out := h.call("kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"})
		its[i] = out["ShardIterator"].(string)
	}
	for _, arn := range arns {
		h.subscribe(arn, "TRIM_HORIZON")
	}
	// Each poller asks for 512 KiB every 250 ms, taking turns to go first.
	polled := make([]int, 3)
	throttled := 0
	for round := range 16 {
		for k := range 3 {
			i := (round + k) % 3
			out, err := h.try("poller", "kinesis:GetRecords", map[string]any{"ShardIterator": its[i], "Limit": 8})
			if err != nil {
				if !strings.Contains(err.Error(), "ProvisionedThroughputExceededException") {
					t.Fatal(err)
				}
				throttled++
				continue
			}
			var o struct {
				Records           []struct{ Data []byte }
				NextShardIterator string
			}
			json.Unmarshal(out, &o)
			for _, r := range o.Records {
				polled[i] += len(r.Data) + 1
			}
			its[i] = o.NextShardIterator
		}
		h.advance(250)
	}
	total := polled[0] + polled[1] + polled[2]
	if total != 8<<20 || throttled != 32 {
		t.Fatalf("the pollers read %v = %d bytes in 4 s (%d calls throttled), want 8 MiB in all", polled, total, throttled)
	}
	for _, arn := range arns {
		if got := h.pushed(arn); got != 8<<20+(512<<10) {
			t.Fatalf("%s was pushed %d bytes in 4 s, want 8.5 MiB (2 MiB/s and the push at 4 s)", arn, got)
		}
	}
}

// What a consumer's shard keeps of its pushes is bounded: draining a
// backlog of small records keeps at most a GetRecords' worth of them, the
// newest event always.
func TestSubscriptionEventsBounded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	arn := h.setup(1, "c")[0]
	for range 30 { // 30,000 records of 2 bytes
		h.write(1000, 2)
		h.advance(1000)
	}
	h.subscribe(arn, "TRIM_HORIZON")
	h.advance(2000)
	evs, _ := h.s.SubscriptionEvents(arn, "shardId-000000000000", 0)
	kept := 0
	for _, ev := range evs {
		kept += len(ev.Records)
	}
	if kept > maxKeptRecords || len(evs) == 0 || evs[len(evs)-1].Seq != 3 {
		t.Fatalf("kept %d records in %d events (last %d), want at most %d and the 3rd event (10,000 records a push)", kept, len(evs), evs[len(evs)-1].Seq, maxKeptRecords)
	}
}
