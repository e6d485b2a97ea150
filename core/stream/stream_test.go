package stream_test

import (
	"bytes"
	"cloudplay/core/cloud"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/scenario"
	"cloudplay/core/stream"
)

func TestCreateStreamLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 2})
	// CREATING: writes do not find it, control operations are refused.
	e.Fail("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "aGk="},
		"ResourceNotFoundException", "Stream s under account 123456789012 not found.")
	e.Fail("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "5"},
		"ResourceInUseException", "Stream s under account 123456789012 not ACTIVE, instead in state CREATING")
	d := e.Call("kinesis:DescribeStreamSummary", map[string]any{"StreamName": "s"})["StreamDescriptionSummary"].(map[string]any)
	if d["StreamStatus"] != "CREATING" {
		t.Fatalf("status %v, want CREATING", d["StreamStatus"])
	}
	e.Advance(1000)
	d = e.Call("kinesis:DescribeStreamSummary", map[string]any{"StreamName": "s"})["StreamDescriptionSummary"].(map[string]any)
	if d["StreamStatus"] != "ACTIVE" || d["OpenShardCount"] != 2.0 {
		t.Fatalf("summary %v", d)
	}
	e.Fail("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 1},
		"ResourceInUseException", "Stream s under account 123456789012 already exists.")
	e.Call("kinesis:DeleteStream", map[string]any{"StreamName": "s"})
	e.Fail("kinesis:DeleteStream", map[string]any{"StreamName": "s"}, "ResourceInUseException", "Stream s under account 123456789012 not ACTIVE, instead in state DELETING")
	e.Advance(1000)
	e.Fail("kinesis:DescribeStream", map[string]any{"StreamName": "s"}, "ResourceNotFoundException", "Stream s under account 123456789012 not found.")
}

// A record goes to the shard whose range holds its ExplicitHashKey, at
// both edges of every range.
func TestExplicitHashKeyBoundaries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 2)
	tests := []struct{ key, shard string }{
		{"0", "shardId-000000000000"},
		{"170141183460469231731687303715884105727", "shardId-000000000000"},
		{"170141183460469231731687303715884105728", "shardId-000000000001"},
		{"340282366920938463463374607431768211455", "shardId-000000000001"},
	}
	for _, tt := range tests {
		out := into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "", "ExplicitHashKey": tt.key})
		if out.ShardId != tt.shard {
			t.Errorf("ExplicitHashKey %s: %s, want %s", tt.key, out.ShardId, tt.shard)
		}
	}
	e.Fail("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "", "ExplicitHashKey": "340282366920938463463374607431768211456"},
		"InvalidArgumentException", "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456")
	e.Fail("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "", "ExplicitHashKey": "01"},
		"ValidationException", "1 validation error detected: Value '01' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})")
}

func TestInputLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	put := func(key string, n int) map[string]any {
		return map[string]any{"StreamName": "s", "PartitionKey": key, "Data": bytes.Repeat([]byte{'x'}, n)}
	}
	tests := []struct {
		name, op string
		in       any
		code     string
		msg      string
	}{
		{"empty name", "kinesis:CreateStream", map[string]any{"StreamName": "", "ShardCount": 1}, "ValidationException",
			"1 validation error detected: Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"long name", "kinesis:CreateStream", map[string]any{"StreamName": strings.Repeat("a", 129), "ShardCount": 1}, "ValidationException",
			"1 validation error detected: Value '" + strings.Repeat("a", 64) + "…' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"name pattern", "kinesis:CreateStream", map[string]any{"StreamName": "a b", "ShardCount": 1}, "ValidationException",
			"1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"zero shards", "kinesis:CreateStream", map[string]any{"StreamName": "t", "ShardCount": 0}, "ValidationException",
			"1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"too many shards to validate", "kinesis:CreateStream", map[string]any{"StreamName": "t", "ShardCount": 100001}, "ValidationException",
			"1 validation error detected: Value '100001' at 'shardCount' failed to satisfy constraint: Member must have value less than or equal to 100000"},
		{"shard quota", "kinesis:CreateStream", map[string]any{"StreamName": "t", "ShardCount": 100000}, "LimitExceededException",
			"This request would exceed the shard limit for the account 123456789012 in us-east-1. Current shard count for the account: 1. Limit: 20000. Number of additional shards that would have resulted from this request: 100000."},
		{"empty key", "kinesis:PutRecord", put("", 1), "ValidationException",
			"1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"257 characters", "kinesis:PutRecord", put(strings.Repeat("é", 257), 1), "ValidationException",
			"1 validation error detected: Value '" + strings.Repeat("é", 64) + "…' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"record over 1 MiB", "kinesis:PutRecord", put("k", 1<<20+1), "ValidationException",
			"1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576"},
		{"data and key over 1 MiB", "kinesis:PutRecord", put("kk", 1<<20-1), "InvalidArgumentException",
			"The record size of 1048577 bytes (data plus partition key) exceeds the maximum record size of stream s"},
		{"501 records", "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": make501()}, "ValidationException",
			"1 validation error detected: Value '[501 records]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"},
		{"no records", "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": []any{}}, "ValidationException",
			"1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"item key", "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": []any{map[string]any{"PartitionKey": "", "Data": ""}}}, "ValidationException",
			"1 validation error detected: Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"GetRecords limit", "kinesis:GetRecords", map[string]any{"ShardIterator": "x", "Limit": 10001}, "ValidationException",
			"1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"},
		{"ListStreams limit", "kinesis:ListStreams", map[string]any{"Limit": 0}, "ValidationException",
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"ListShards max", "kinesis:ListShards", map[string]any{"StreamName": "s", "MaxResults": 10001}, "ValidationException",
			"1 validation error detected: Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000"},
		{"iterator type", "kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "OLDEST"}, "ValidationException",
			"1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"},
		{"no stream", "kinesis:DescribeStream", map[string]any{}, "InvalidArgumentException", "Either StreamName or StreamARN should be provided."},
		{"unknown member", "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "", "Partitionkey": "x"}, "ValidationException",
			`Unknown parameter in input: "Partitionkey"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.T = t
			e.Fail(tt.op, tt.in, tt.code, tt.msg)
		})
	}
	// A key of 256 two-byte characters is within the limit.
	e.T = t
	e.Call("kinesis:PutRecord", put(strings.Repeat("é", 256), 1))
	// The refused 100,000-shard stream left the account as it was.
	names := e.Call("kinesis:ListStreams", map[string]any{})["StreamNames"].([]any)
	if len(names) != 1 {
		t.Fatalf("streams after the refused create: %v", names)
	}
}

func make501() []any {
	recs := make([]any, 501)
	for i := range recs {
		recs[i] = map[string]any{"PartitionKey": "k", "Data": ""}
	}
	return recs
}

// Writes are limited per shard and simulated second to exactly 1,000
// records and 1 MiB; PutRecords reports the records past the limit one by
// one.
func TestWriteThrottlingAtTheLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	batch := func(n, size int) []any {
		recs := make([]any, n)
		for i := range recs {
			recs[i] = map[string]any{"PartitionKey": "k", "Data": bytes.Repeat([]byte{'x'}, size)}
		}
		return recs
	}
	// 1,000 records of 1 byte (plus the 1-byte key) in one second: all in.
	for range 2 {
		if out := into[putsOut](e, "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": batch(500, 1)}); out.FailedRecordCount != 0 {
			t.Fatalf("FailedRecordCount %d within the limit", out.FailedRecordCount)
		}
	}
	out := into[putsOut](e, "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": batch(2, 1)})
	if out.FailedRecordCount != 2 || out.Records[0].ErrorCode != "ProvisionedThroughputExceededException" ||
		out.Records[0].ErrorMessage != "Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012." || out.Records[0].SequenceNumber != "" {
		t.Fatalf("past 1,000 records: %+v", out)
	}
	e.Fail("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": ""}, "ProvisionedThroughputExceededException",
		"Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012.")
	// The next second: exactly 1 MiB (data plus key) passes, one byte more does not.
	e.Advance(1000)
	half := 512 << 10
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": bytes.Repeat([]byte{'x'}, half-1)})
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": bytes.Repeat([]byte{'x'}, half-1)})
	e.Fail("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": ""}, "ProvisionedThroughputExceededException", "Rate exceeded")
	v := e.A.View().Streams.Streams[0].Shards[0]
	var in, throttled int
	for _, m := range v.Metrics {
		in += m.IncomingRecords
		throttled += m.WriteProvisionedThroughputExceeded
	}
	if in != 1002 || throttled != 4 {
		t.Fatalf("metrics: %d records in, %d throttled; want 1002 and 4", in, throttled)
	}
}

// Reads are limited to five GetRecords calls per shard and second.
func TestReadThrottling(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	it := e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil)
	for range 5 {
		it = *e.get(it, 0).NextShardIterator
	}
	e.Fail("kinesis:GetRecords", map[string]any{"ShardIterator": it}, "ProvisionedThroughputExceededException",
		"Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012.")
	e.Advance(1000)
	e.get(it, 0)
	// 2 MiB of reads keep the shard's reads busy for a second.
	e.Advance(1000)
	for range 2 {
		into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": bytes.Repeat([]byte{'x'}, 1<<20-1)})
		e.Advance(1000)
	}
	it = e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil)
	out := e.get(it, 0)
	if len(out.Records) != 2 {
		t.Fatalf("%d records, want 2", len(out.Records))
	}
	e.Advance(999)
	e.Fail("kinesis:GetRecords", map[string]any{"ShardIterator": *out.NextShardIterator}, "ProvisionedThroughputExceededException", "Rate exceeded")
	e.Advance(1)
	e.get(*out.NextShardIterator, 0)
}

func TestIteratorTypesAndPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	var seqs []string
	for i := range 5 {
		out := into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": []byte{byte('a' + i)}})
		seqs = append(seqs, out.SequenceNumber)
		e.Advance(100)
	}
	for i := 1; i < len(seqs); i++ {
		if len(seqs[i]) != 56 || seqs[i] <= seqs[i-1] {
			t.Fatalf("sequence numbers %v do not increase", seqs)
		}
	}
	shard := "shardId-000000000000"
	data := func(out recordsOut) string {
		var b []byte
		for _, r := range out.Records {
			b = append(b, r.Data...)
		}
		return string(b)
	}
	tests := []struct {
		typ   string
		extra map[string]any
		want  string
	}{
		{"TRIM_HORIZON", nil, "abcde"},
		{"LATEST", nil, ""},
		{"AT_SEQUENCE_NUMBER", map[string]any{"StartingSequenceNumber": seqs[2]}, "cde"},
		{"AFTER_SEQUENCE_NUMBER", map[string]any{"StartingSequenceNumber": seqs[2]}, "de"},
		{"AT_TIMESTAMP", map[string]any{"Timestamp": "2026-01-01T00:00:01.200Z"}, "cde"},
		{"AT_TIMESTAMP", map[string]any{"Timestamp": 1767225601.25}, "de"},
		{"AT_TIMESTAMP", map[string]any{"Timestamp": "2025-01-01T00:00:00Z"}, "abcde"},
	}
	for _, tt := range tests {
		e.Advance(200) // read calls stay within five per second
		if got := data(e.get(e.iterator("s", shard, tt.typ, tt.extra), 0)); got != tt.want {
			t.Errorf("%s %v: read %q, want %q", tt.typ, tt.extra, got, tt.want)
		}
	}
	// Paging with Limit, MillisBehindLatest while behind, 0 when caught up.
	e.Advance(1000)
	it := e.iterator("s", shard, "TRIM_HORIZON", nil)
	var got string
	var behind []int64
	for range 3 {
		out := e.get(it, 2)
		got += data(out)
		behind = append(behind, out.MillisBehindLatest)
		it = *out.NextShardIterator
	}
	if got != "abcde" || behind[0] == 0 || behind[2] != 0 {
		t.Errorf("paged %q with MillisBehindLatest %v", got, behind)
	}
	// LATEST sees only what comes after it.
	it = e.iterator("s", shard, "LATEST", nil)
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "Zg=="})
	if got := data(e.get(it, 0)); got != "f" {
		t.Errorf("LATEST read %q, want f", got)
	}
	e.Fail("kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": shard, "ShardIteratorType": "AT_SEQUENCE_NUMBER"}, "InvalidArgumentException",
		"Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.")
	e.Fail("kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": "shardId-000000000009", "ShardIteratorType": "LATEST"}, "ResourceNotFoundException",
		"Shard shardId-000000000009 in stream s under account 123456789012 does not exist")
	e.Fail("kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": shard, "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": "2027-01-01T00:00:00Z"}, "InvalidArgumentException",
		"The timestampInMillis parameter cannot be greater than the currentTimestampInMillis.")
	e.Fail("kinesis:GetRecords", map[string]any{"ShardIterator": "AAAAAAAAAAEnotaniterator"}, "InvalidArgumentException", "Invalid ShardIterator.")
}

// An iterator lives five minutes of simulated time.
func TestIteratorExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	it := e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil)
	e.Advance(300_000)
	next := *e.get(it, 0).NextShardIterator
	e.Advance(300_001)
	e.Fail("kinesis:GetRecords", map[string]any{"ShardIterator": next}, "ExpiredIteratorException",
		"Iterator expired. The iterator was created at time Thu Jan 01 00:05:01 UTC 2026 while right now it is Thu Jan 01 00:10:01 UTC 2026 which is further in the future than the tolerated delay of 300000 milliseconds.")
}

func TestSplitAndReadToTheEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	mid := "170141183460469231731687303715884105728"
	e.Fail("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "1"}, "InvalidArgumentException",
		"NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account 123456789012 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey 340282366920938463463374607431768211455.")
	e.Fail("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000007", "NewStartingHashKey": mid}, "ResourceNotFoundException",
		"Could not find shard shardId-000000000007 in stream s under account 123456789012.")
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "YQ=="})
	e.Call("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": mid})
	// UPDATING: writes go on (to the parent), control operations wait.
	if out := into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "Yg=="}); out.ShardId != "shardId-000000000000" {
		t.Fatalf("write while UPDATING went to %s", out.ShardId)
	}
	e.Fail("kinesis:MergeShards", map[string]any{"StreamName": "s", "ShardToMerge": "shardId-000000000001", "AdjacentShardToMerge": "shardId-000000000002"},
		"ResourceInUseException", "Stream s under account 123456789012 not ACTIVE, instead in state UPDATING")
	it := e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil)
	e.Advance(2000)
	shards := into[shardsOut](e, "kinesis:ListShards", map[string]any{"StreamName": "s"}).Shards
	if len(shards) != 3 || shards[0].SequenceNumberRange.EndingSequenceNumber == "" ||
		shards[1].ParentShardId != "shardId-000000000000" || shards[2].ParentShardId != "shardId-000000000000" ||
		shards[1].HashKeyRange.EndingHashKey != "170141183460469231731687303715884105727" || shards[2].HashKeyRange.StartingHashKey != mid {
		t.Fatalf("shards after the split: %+v", shards)
	}
	// The parent reads to its end: its records, then NextShardIterator
	// null with the children.
	out := e.get(it, 0)
	if len(out.Records) != 2 || out.NextShardIterator != nil || len(out.ChildShards) != 2 || out.ChildShards[0].ShardId != "shardId-000000000001" {
		t.Fatalf("end of the closed parent: %d records, next %v, children %+v", len(out.Records), out.NextShardIterator, out.ChildShards)
	}
	raw, _ := e.Raw("", "kinesis:GetRecords", map[string]any{"ShardIterator": it})
	if !bytes.Contains(raw, []byte(`"NextShardIterator":null`)) {
		t.Errorf("output %s has no NextShardIterator: null", raw)
	}
	e.Fail("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": mid}, "InvalidArgumentException",
		"Shard shardId-000000000000 in stream s under account 123456789012 has already been merged or split")
	// Merge the children back: one child with both parents.
	e.Fail("kinesis:MergeShards", map[string]any{"StreamName": "s", "ShardToMerge": "shardId-000000000000", "AdjacentShardToMerge": "shardId-000000000001"},
		"InvalidArgumentException", "Shards shardId-000000000000 and shardId-000000000001 in stream s under account 123456789012 are not an adjacent pair of shards eligible for merging")
	e.Call("kinesis:MergeShards", map[string]any{"StreamName": "s", "ShardToMerge": "shardId-000000000002", "AdjacentShardToMerge": "shardId-000000000001"})
	e.Advance(2000)
	shards = into[shardsOut](e, "kinesis:ListShards", map[string]any{"StreamName": "s", "ShardFilter": map[string]any{"Type": "AT_LATEST"}}).Shards
	if len(shards) != 1 || shards[0].ShardId != "shardId-000000000003" || shards[0].ParentShardId != "shardId-000000000002" ||
		shards[0].AdjacentParentShardId != "shardId-000000000001" || shards[0].HashKeyRange.StartingHashKey != "0" {
		t.Fatalf("shards after the merge: %+v", shards)
	}
}

func TestUpdateShardCountRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 4)
	update := func(n int) map[string]any {
		return map[string]any{"StreamName": "s", "TargetShardCount": n, "ScalingType": "UNIFORM_SCALING"}
	}
	e.Fail("kinesis:UpdateShardCount", update(9), "LimitExceededException", "UpdateShardCount of stream s under account 123456789012 from 4 to 9 shards refused: the target is more than double")
	e.Fail("kinesis:UpdateShardCount", update(1), "LimitExceededException", "UpdateShardCount of stream s under account 123456789012 from 4 to 1 shards refused: the target is below half")
	out := e.Call("kinesis:UpdateShardCount", update(8))
	if out["CurrentShardCount"] != 4.0 || out["TargetShardCount"] != 8.0 {
		t.Fatalf("output %v", out)
	}
	e.Advance(2000)
	open := into[shardsOut](e, "kinesis:ListShards", map[string]any{"StreamName": "s", "ShardFilter": map[string]any{"Type": "AT_LATEST"}}).Shards
	if len(open) != 8 || open[0].ShardId != "shardId-000000000004" || open[0].ParentShardId != "shardId-000000000000" ||
		open[1].HashKeyRange.StartingHashKey != "42535295865117307932921825928971026432" {
		t.Fatalf("open shards: %+v", open)
	}
	// Ten scalings in a rolling 24 hours, then no more until the first
	// leaves the window.
	for i := 2; i <= 10; i++ {
		n := 4
		if i%2 == 1 {
			n = 8
		}
		e.Call("kinesis:UpdateShardCount", update(n))
		e.Advance(2000)
	}
	e.Fail("kinesis:UpdateShardCount", update(8), "LimitExceededException", "UpdateShardCount of stream s under account 123456789012 from 4 to 8 shards refused: a stream can be scaled at most 10 times")
	e.Advance(24 * 3600_000)
	e.Call("kinesis:UpdateShardCount", update(8))
}

// Records leave when the retention period passes.
func TestRetentionTrims(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "YQ=="})
	e.Advance(24*3600_000 - 1)
	if n := len(e.get(e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil), 0).Records); n != 1 {
		t.Fatalf("%d records just before 24 hours", n)
	}
	e.Advance(1)
	if n := len(e.get(e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil), 0).Records); n != 0 {
		t.Fatalf("%d records after 24 hours", n)
	}
	if b := e.A.View().Streams.StoredBytes; b != 0 {
		t.Errorf("%d bytes stored after trimming", b)
	}
	e.Fail("kinesis:IncreaseStreamRetentionPeriod", map[string]any{"StreamName": "s", "RetentionPeriodHours": 8761}, "InvalidArgumentException",
		"Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.")
	e.Fail("kinesis:DecreaseStreamRetentionPeriod", map[string]any{"StreamName": "s", "RetentionPeriodHours": 23}, "InvalidArgumentException",
		"Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")
	e.Call("kinesis:IncreaseStreamRetentionPeriod", map[string]any{"StreamName": "s", "RetentionPeriodHours": 48})
	e.Fail("kinesis:DecreaseStreamRetentionPeriod", map[string]any{"StreamName": "s", "RetentionPeriodHours": 72}, "InvalidArgumentException",
		"Requested retention period (72 hours) for stream s can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.")
	into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "YQ=="})
	e.Advance(30 * 3600_000)
	e.Call("kinesis:DecreaseStreamRetentionPeriod", map[string]any{"StreamName": "s", "RetentionPeriodHours": 24})
	if n := len(e.get(e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil), 0).Records); n != 0 {
		t.Fatalf("%d records of 30 hours kept after decreasing retention to 24", n)
	}
}

// An on-demand stream takes 4,000 records/s at first, and double its
// previous peak once the peak is 15 minutes old.
func TestOnDemandScaling(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "od", "StreamModeDetails": map[string]any{"StreamMode": "ON_DEMAND"}})
	e.Advance(1000)
	recs := make([]any, 500)
	for i := range recs {
		recs[i] = map[string]any{"PartitionKey": fmt.Sprint(i), "Data": ""}
	}
	second := func() (failed int) {
		for range 10 { // 5,000 records
			failed += into[putsOut](e, "kinesis:PutRecords", map[string]any{"StreamName": "od", "Records": recs}).FailedRecordCount
		}
		return failed
	}
	if f := second(); f != 1000 {
		t.Fatalf("new on-demand stream refused %d of 5,000 records in a second, want 1,000", f)
	}
	e.Advance(1000)
	if f := second(); f != 1000 {
		t.Fatalf("refused %d within 15 minutes of the peak, want 1,000", f)
	}
	e.Advance(30 * 60_000)
	if f := second(); f != 0 {
		t.Fatalf("refused %d once the 4,000-record peak is 15 minutes old, want 0", f)
	}
	e.Fail("kinesis:SplitShard", map[string]any{"StreamName": "od", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "12345"}, "ValidationException",
		"SplitShard is not supported for stream od because it has the ON_DEMAND capacity mode")
	arn := "arn:aws:kinesis:us-east-1:123456789012:stream/od"
	e.Call("kinesis:UpdateStreamMode", map[string]any{"StreamARN": arn, "StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"}})
	e.Advance(2000)
	e.Call("kinesis:UpdateStreamMode", map[string]any{"StreamARN": arn, "StreamModeDetails": map[string]any{"StreamMode": "ON_DEMAND"}})
	e.Advance(2000)
	e.Fail("kinesis:UpdateStreamMode", map[string]any{"StreamARN": arn, "StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"}}, "LimitExceededException",
		"The capacity mode of stream od under account 123456789012 can change at most twice in a rolling 24-hour period.")
}

// A user without kinesis:PutRecord is denied; one with it writes.
func TestIAMApplies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	e.Call("iam:CreateUser", map[string]any{"UserName": "bob"})
	bob := "arn:aws:iam::123456789012:user/bob"
	put := map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "YQ=="}
	e.FailAs(bob, "kinesis:PutRecord", put, "AccessDeniedException",
		"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:123456789012:stream/s")
	e.Call("iam:PutUserPolicy", map[string]any{"UserName": "bob", "PolicyName": "w", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:PutRecord","Resource":"arn:aws:kinesis:us-east-1:123456789012:stream/s"}]}`})
	if _, err := e.Raw(bob, "kinesis:PutRecord", put); err != nil {
		t.Fatalf("allowed PutRecord: %v", err)
	}
	e.FailAs(bob, "kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": []any{put}}, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: kinesis:PutRecords")
}

// Exporting the account and loading the export reproduces its streams,
// records and sequence numbers.
func TestScenarioRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 2)
	e.Call("kinesis:AddTagsToStream", map[string]any{"StreamName": "s", "Tags": map[string]string{"team": "gps"}})
	for i := range 20 {
		e.Call("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": fmt.Sprint("truck-", i), "Data": []byte{byte(i)}})
		e.Advance(50)
	}
	e.Call("kinesis:SplitShard", map[string]any{"StreamName": "s", "ShardToSplit": "shardId-000000000001", "NewStartingHashKey": "255211775190703847597530955573826158592"})
	e.Advance(2500)
	e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "ConsumerName": "c"})
	export := scenario.Export(e.A, scenario.Meta{})
	b, _, err := scenario.LoadSaved(export)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(b.View().Streams)
	want, _ := json.Marshal(e.A.View().Streams)
	if !bytes.Equal(got, want) {
		t.Fatalf("loaded streams differ:\n got %s\nwant %s", got, want)
	}
	if len(e.A.View().Streams.Streams[0].Shards) != 4 {
		t.Fatal("the split did not happen")
	}
}

func TestTagsConsumersAndPolicies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	arn := "arn:aws:kinesis:us-east-1:123456789012:stream/s"
	e.Call("kinesis:AddTagsToStream", map[string]any{"StreamName": "s", "Tags": map[string]string{"b": "2", "a": "1"}})
	tags := e.Call("kinesis:ListTagsForStream", map[string]any{"StreamName": "s", "Limit": 1})
	if fmt.Sprint(tags["Tags"]) != "[map[Key:a Value:1]]" || tags["HasMoreTags"] != true {
		t.Fatalf("tags %v", tags)
	}
	e.Call("kinesis:RemoveTagsFromStream", map[string]any{"StreamName": "s", "TagKeys": []string{"a", "zz"}})
	c := e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": arn, "ConsumerName": "app"})["Consumer"].(map[string]any)
	if c["ConsumerStatus"] != "CREATING" || c["ConsumerARN"] != arn+"/consumer/app:1767225601" {
		t.Fatalf("consumer %v", c)
	}
	e.Fail("kinesis:DeleteStream", map[string]any{"StreamName": "s"}, "ResourceInUseException", "Stream s under account 123456789012 has registered consumers")
	e.Advance(1000)
	d := e.Call("kinesis:DescribeStreamConsumer", map[string]any{"ConsumerARN": c["ConsumerARN"]})["ConsumerDescription"].(map[string]any)
	if d["ConsumerStatus"] != "ACTIVE" || d["StreamARN"] != arn {
		t.Fatalf("description %v", d)
	}
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kinesis:GetRecords", "Resource": "` + arn + `"}]}`
	e.Call("kinesis:PutResourcePolicy", map[string]any{"ResourceARN": arn, "Policy": policy})
	got := e.Call("kinesis:GetResourcePolicy", map[string]any{"ResourceARN": arn})["Policy"].(string)
	var compact bytes.Buffer
	json.Compact(&compact, []byte(policy))
	if got != compact.String() {
		t.Fatalf("policy %s", got)
	}
	e.Call("kinesis:DeleteResourcePolicy", map[string]any{"ResourceARN": arn})
	if got := e.Call("kinesis:GetResourcePolicy", map[string]any{"ResourceARN": arn})["Policy"]; got != "{}" {
		t.Fatalf("policy after delete %v", got)
	}
	e.Fail("kinesis:PutResourcePolicy", map[string]any{"ResourceARN": arn + "x", "Policy": policy}, "ResourceNotFoundException", "Resource "+arn+"x not found.")
	e.Fail("kinesis:PutResourcePolicy", map[string]any{"ResourceARN": arn, "Policy": "[]"}, "InvalidArgumentException", "Invalid policy")
	e.Call("kinesis:DeregisterStreamConsumer", map[string]any{"StreamARN": arn, "ConsumerName": "app"})
	e.Advance(1000)
	if n := len(e.Call("kinesis:ListStreamConsumers", map[string]any{"StreamARN": arn})["Consumers"].([]any)); n != 0 {
		t.Fatalf("%d consumers after deregistering", n)
	}
}

// ResourcePolicy is the authoriser's hook: the policy of a stream or a
// consumer by ARN.
func TestResourcePolicyHook(t *testing.T) {
	t.Parallel()
	s := stream.New("123456789012", "us-east-1")
	if _, ok := s.ResourcePolicy("arn:aws:kinesis:us-east-1:123456789012:stream/none"); ok {
		t.Fatal("a policy for a stream that does not exist")
	}
}

// An account without streams answers ListStreams with empty lists, as AWS
// does (StreamNames is a required list), never null.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html
func TestListStreamsEmptyListsNotNull(t *testing.T) {
	a := cloud.New(cloud.Config{})
	out, err := a.Call(a.RootARN(), "kinesis:ListStreams", []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `{"StreamNames":[],"HasMoreStreams":false,"StreamSummaries":[]}`; got != want {
		t.Errorf("ListStreams = %s, want %s", got, want)
	}
}
