package firehose_test

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"testing"
)

func (w *world) kput(key, data string) {
	w.t.Helper()
	w.call("kinesis:PutRecord", map[string]any{"StreamName": "gps", "PartitionKey": key, "Data": base64.StdEncoding.EncodeToString([]byte(data))})
}

// sourceWorld makes the stream gps (one shard) and the delivery stream
// from-gps reading it, ACTIVE and polled once.
func sourceWorld(t *testing.T, policy string) *world {
	w := newWorld(t)
	w.setup(policy)
	w.call("kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
	w.advance(30)
	w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "from-gps", "DeliveryStreamType": "KinesisStreamAsSource",
		"KinesisStreamSourceConfiguration": map[string]any{"KinesisStreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/gps", "RoleARN": role},
		"ExtendedS3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket,
			"BufferingHints": map[string]any{"SizeInMBs": 1, "IntervalInSeconds": 60}}})
	w.kput("t1", "before;") // before the delivery stream reads: it starts at LATEST
	w.advance(6)
	return w
}

// A Kinesis source: the delivery stream reads each shard once a second as
// the source role, from LATEST, and follows the children of a shard split
// from their start; everything read lands in S3, in order per shard.
func TestKinesisSourceFollowsSplit(t *testing.T) {
	t.Parallel()
	w := sourceWorld(t, canPut)
	w.kput("t1", "a;")
	w.kput("t2", "b;")
	w.advance(2)
	if v := w.stream("from-gps"); v.Buffer.Records != 2 || v.SourceStreamARN != "arn:aws:kinesis:us-east-1:123456789012:stream/gps" || v.IncomingRecordsLastSecond != 2 {
		t.Fatalf("after the first read %+v", v)
	}
	w.call("kinesis:SplitShard", map[string]any{"StreamName": "gps", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "170141183460469231731687303715884105728"})
	w.advance(10)
	for i := range 6 {
		w.kput(fmt.Sprintf("truck-%d", i), fmt.Sprintf("c%d;", i))
	}
	w.advance(70)
	keys := w.objects()
	var all []string
	for _, k := range keys {
		all = append(all, strings.Split(strings.TrimSuffix(w.body(k), ";"), ";")...)
	}
	sort.Strings(all)
	if got := strings.Join(all, ","); got != "a,b,c0,c1,c2,c3,c4,c5" {
		t.Fatalf("delivered %s (keys %v)", got, keys)
	}
	// The reads are logged by the source role's session, invoked by
	// firehose.amazonaws.com, merged per second.
	reads, calls := 0, 0
	for _, e := range w.a.Events() {
		if e.Op == "kinesis:GetRecords" && e.InvokedBy == "firehose.amazonaws.com" && strings.Contains(e.Caller, "assumed-role/firehose-delivery/") {
			reads++
			calls += max(e.Count, 1)
		}
	}
	if reads == 0 || calls < reads || reads > 90 {
		t.Fatalf("%d GetRecords events for %d calls", reads, calls)
	}
}

// A source role that may not read the stream: the failure shows in the
// view (SourceReadFailed once), and reads resume when it may.
func TestKinesisSourceDenied(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`)
	w.call("kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
	w.advance(30)
	seq := w.a.StepSeq()
	w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "from-gps", "DeliveryStreamType": "KinesisStreamAsSource",
		"KinesisStreamSourceConfiguration": map[string]any{"KinesisStreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/gps", "RoleARN": role},
		"S3DestinationConfiguration":       map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket, "BufferingHints": map[string]any{"IntervalInSeconds": 0}}})
	w.advance(10)
	f := w.stream("from-gps").Failure
	if f == nil || f.Code != "AccessDeniedException" || !strings.Contains(f.Message, "kinesis:ListShards") || f.Attempts != 6 {
		t.Fatalf("failure %+v", f)
	}
	if n := len(steps(w.a, seq, "SourceReadFailed")); n != 1 {
		t.Fatalf("%d SourceReadFailed events, want 1", n)
	}
	w.call("iam:PutRolePolicy", map[string]any{"RoleName": "firehose-delivery", "PolicyName": "delivery", "PolicyDocument": canPut})
	w.advance(1)
	w.kput("k", "hello")
	w.advance(2)
	if keys := w.objects(); len(keys) != 1 || w.body(keys[0]) != "hello" {
		t.Fatalf("keys %v", keys)
	}
	if f := w.stream("from-gps").Failure; f != nil {
		t.Fatalf("failure left %+v", f)
	}
}

// Tap returns the records a stream took after a position, at most max,
// with their arrival times; ok is false for a stream that does not exist.
func TestTap(t *testing.T) {
	t.Parallel()
	w := sourceWorld(t, canPut)
	arn := "arn:aws:firehose:us-east-1:123456789012:deliverystream/from-gps"
	w.kput("t1", "a")
	w.kput("t1", "b")
	w.kput("t1", "c")
	at := w.a.Now()
	w.advance(1)
	recs, next, ok := w.a.FirehoseTap(arn, 0, 2)
	if !ok || len(recs) != 2 || string(recs[0].Data) != "a" || string(recs[1].Data) != "b" || next != 2 || recs[0].Arrival != at {
		t.Fatalf("tap %+v next %d ok %v", recs, next, ok)
	}
	recs, next, _ = w.a.FirehoseTap(arn, next, 10)
	if len(recs) != 1 || string(recs[0].Data) != "c" || next != 3 {
		t.Fatalf("tap %+v next %d", recs, next)
	}
	if recs, next, _ = w.a.FirehoseTap(arn, next, 10); len(recs) != 0 || next != 3 {
		t.Fatalf("tap at the end %+v next %d", recs, next)
	}
	if _, _, ok := w.a.FirehoseTap(arn+"x", 0, 10); ok {
		t.Fatal("ok for a stream that does not exist")
	}
}

// Tap keeps the last 10,000 records: a reader behind skips to the oldest.
func TestTapBound(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("s", 128, 900, "")
	for i := range 21 {
		recs := []any{}
		for j := range 500 {
			recs = append(recs, map[string]any{"Data": base64.StdEncoding.EncodeToString([]byte(fmt.Sprint(i*500 + j)))})
		}
		w.call("firehose:PutRecordBatch", map[string]any{"DeliveryStreamName": "s", "Records": recs})
	}
	recs, next, _ := w.a.FirehoseTap("arn:aws:firehose:us-east-1:123456789012:deliverystream/s", 0, 3)
	if len(recs) != 3 || string(recs[0].Data) != "500" || next != 503 {
		t.Fatalf("tap %q next %d", recs[0].Data, next)
	}
}
