package stream_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"cloudplay/core/api"
)

const streamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s"

// register registers consumer name on stream s and waits until it is
// ACTIVE; it returns its ARN.
func (e *tenv) register(name string) string {
	e.T.Helper()
	reg := e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": streamARN, "ConsumerName": name})
	e.Advance(1000)
	return reg["Consumer"].(map[string]any)["ConsumerARN"].(string)
}

type subscribeOut struct {
	EventStream []struct {
		Records                    []struct{ SequenceNumber, PartitionKey string }
		ContinuationSequenceNumber string
		MillisBehindLatest         int64
		ChildShards                []struct{ ShardId string }
	}
}

func subscribeIn(arn, shard, typ string) map[string]any {
	return map[string]any{"ConsumerARN": arn, "ShardId": shard, "StartingPosition": map[string]any{"Type": typ}}
}

// pushes returns the SubscribeToShardEvent step events of evs, each as
// "shard consumer records bytes behind".
func pushes(evs []api.StepEvent) []string {
	out := []string{}
	for _, ev := range evs {
		if ev.Type == "SubscribeToShardEvent" {
			f := ev.Fields
			out = append(out, strings.Join([]string{ev.Time.Milli()[11:], f["stream"], f["shard"], f["consumer"], f["records"], f["bytes"], f["millisBehindLatest"]}, " "))
		}
	}
	return out
}

// SubscribeToShard answers the first event with the records there are;
// later records are pushed in simulated time and reported as step events.
func TestSubscribeToShardPushes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	arn := e.register("c")
	var seqs []string
	for _, k := range []string{"a", "b", "c"} {
		seqs = append(seqs, into[putOut](e, "kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": k, "Data": "eHl6"}).SequenceNumber)
	}
	out := into[subscribeOut](e, "kinesis:SubscribeToShard", subscribeIn(arn, "shardId-000000000000", "TRIM_HORIZON"))
	if len(out.EventStream) != 1 {
		t.Fatalf("EventStream has %d events, want 1", len(out.EventStream))
	}
	ev := out.EventStream[0]
	if len(ev.Records) != 3 || ev.Records[2].SequenceNumber != seqs[2] || ev.ContinuationSequenceNumber != seqs[2] || ev.MillisBehindLatest != 0 || ev.ChildShards != nil {
		t.Fatalf("first event %+v, want the 3 records and continuation %s", ev, seqs[2])
	}
	e.Advance(100)
	e.Call("kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": []any{
		map[string]any{"PartitionKey": "d", "Data": "eA=="}, map[string]any{"PartitionKey": "e", "Data": "eA=="}}})
	evs, _ := e.A.AdvanceEvents(1000)
	// Pushed at the first 250 ms tick after the write, then nothing more.
	same(t, "pushes", pushes(evs), []string{"00:00:02.250Z s shardId-000000000000 c 2 4 0"})

	// AFTER_SEQUENCE_NUMBER of a continuation resumes where it left.
	e.Advance(takeover)
	out = into[subscribeOut](e, "kinesis:SubscribeToShard", map[string]any{"ConsumerARN": arn, "ShardId": "shardId-000000000000",
		"StartingPosition": map[string]any{"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": seqs[1]}})
	if got := out.EventStream[0].Records; len(got) != 3 || got[0].PartitionKey != "c" {
		t.Fatalf("AFTER_SEQUENCE_NUMBER: %+v, want c, d, e", got)
	}
}

const takeover = 5000

// The checks of SubscribeToShard, with AWS's codes.
func TestSubscribeToShardErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	arn := e.register("c")
	shard := "shardId-000000000000"
	tests := []struct {
		name       string
		in         any
		code, text string
	}{
		{"no starting position", map[string]any{"ConsumerARN": arn, "ShardId": shard}, "ValidationException", `Missing required parameter in input: "StartingPosition"`},
		{"stream ARN", subscribeIn(streamARN, shard, "LATEST"), "ValidationException", "1 validation error detected: Value 'arn:aws:kinesis:us-east-1:123456789012:stream/s' at 'consumerARN'"},
		{"bad type", subscribeIn(arn, shard, "NEWEST"), "ValidationException", "1 validation error detected: Value 'NEWEST' at 'startingPosition.type' failed to satisfy constraint: Member must satisfy enum value set"},
		{"sequence number missing", subscribeIn(arn, shard, "AT_SEQUENCE_NUMBER"), "InvalidArgumentException", "Must either specify"},
		{"timestamp missing", subscribeIn(arn, shard, "AT_TIMESTAMP"), "InvalidArgumentException", "Must specify Timestamp"},
		{"bad sequence number", map[string]any{"ConsumerARN": arn, "ShardId": shard, "StartingPosition": map[string]any{"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": "12"}},
			"InvalidArgumentException", "StartingSequenceNumber 12 used in SubscribeToShard on shard shardId-000000000000 in stream s"},
		{"no such shard", subscribeIn(arn, "shardId-000000000007", "LATEST"), "ResourceNotFoundException", "Shard shardId-000000000007 in stream s under account 123456789012 does not exist"},
		{"no such consumer", subscribeIn(streamARN+"/consumer/d:1767225601", shard, "LATEST"), "ResourceNotFoundException", "Consumer d under stream s not found"},
	}
	for _, tt := range tests {
		e.Advance(1000) // past the rate limit of the call before
		e.Fail("kinesis:SubscribeToShard", tt.in, tt.code, tt.text)
	}

	// A consumer still CREATING.
	reg := e.Call("kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": streamARN, "ConsumerName": "new"})
	newARN := reg["Consumer"].(map[string]any)["ConsumerARN"].(string)
	e.Fail("kinesis:SubscribeToShard", subscribeIn(newARN, shard, "LATEST"), "ResourceInUseException", "Consumer new under stream s for account 123456789012 is not ACTIVE, instead in state CREATING.")

	// One call per second per consumer and shard; a second subscription
	// within 5 seconds of a successful one is in use; after, it takes
	// over.
	e.Advance(1000)
	e.Call("kinesis:SubscribeToShard", subscribeIn(arn, shard, "LATEST"))
	e.Advance(999)
	e.Fail("kinesis:SubscribeToShard", subscribeIn(arn, shard, "LATEST"), "LimitExceededException", "Rate exceeded for consumer "+arn+" and shard shardId-000000000000")
	e.Advance(1)
	e.Fail("kinesis:SubscribeToShard", subscribeIn(arn, shard, "LATEST"), "ResourceInUseException", "Another active subscription exists for consumer "+arn)
	e.Advance(3999)
	e.Fail("kinesis:SubscribeToShard", subscribeIn(arn, shard, "LATEST"), "ResourceInUseException", "Another active subscription exists")
	e.Advance(1000)
	e.Call("kinesis:SubscribeToShard", subscribeIn(arn, shard, "LATEST"))
	// Another consumer on the same shard is not limited by the first.
	e.Advance(1000)
	other := e.register("d")
	e.Call("kinesis:SubscribeToShard", subscribeIn(other, shard, "LATEST"))
}

// kinesis:SubscribeToShard is authorised on the consumer's ARN.
func TestSubscribeToShardIAM(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	arn := e.register("c")
	e.Call("iam:CreateUser", map[string]any{"UserName": "bob"})
	bob := "arn:aws:iam::123456789012:user/bob"
	in := subscribeIn(arn, "shardId-000000000000", "LATEST")
	e.FailAs(bob, "kinesis:SubscribeToShard", in, "AccessDeniedException",
		"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: kinesis:SubscribeToShard on resource: "+arn)
	e.Call("iam:PutUserPolicy", map[string]any{"UserName": "bob", "PolicyName": "r", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:SubscribeToShard","Resource":"` + arn + `"}]}`})
	if _, err := e.Raw(bob, "kinesis:SubscribeToShard", in); err != nil {
		t.Fatalf("allowed SubscribeToShard: %v", err)
	}
}

// A subscription pushes for five minutes of simulated time, then stops.
func TestSubscriptionLastsFiveMinutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	arn := e.register("c")
	e.Call("kinesis:SubscribeToShard", subscribeIn(arn, "shardId-000000000000", "LATEST"))
	put := map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "eA=="}
	e.Advance(299_000)
	e.Call("kinesis:PutRecord", put)
	evs, _ := e.A.AdvanceEvents(1000)
	if got := pushes(evs); len(got) != 1 {
		t.Fatalf("before 5 minutes: %q, want one push", got)
	}
	e.Call("kinesis:PutRecord", put)
	evs, _ = e.A.AdvanceEvents(10_000)
	same(t, "after 5 minutes", pushes(evs), []string{})
}

// At the end of a closed shard the last event names the children and the
// subscription ends.
func TestSubscriptionEndsWithChildShards(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 2)
	arn := e.register("c")
	e.Call("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": "eA==", "ExplicitHashKey": "0"})
	e.Call("kinesis:SubscribeToShard", subscribeIn(arn, "shardId-000000000000", "TRIM_HORIZON"))
	e.Call("kinesis:MergeShards", map[string]any{"StreamName": "s", "ShardToMerge": "shardId-000000000000", "AdjacentShardToMerge": "shardId-000000000001"})
	evs, _ := e.A.AdvanceEvents(5000)
	var last api.StepEvent
	n := 0
	for _, ev := range evs {
		if ev.Type == "SubscribeToShardEvent" {
			last, n = ev, n+1
		}
	}
	if n != 1 || last.Fields["records"] != "0" {
		t.Fatalf("%d pushes after the merge (last %v), want one that ends the subscription", n, last.Fields)
	}
	// A subscription on the closed shard read to its end answers
	// ChildShards at once.
	e.Advance(takeover)
	out := into[subscribeOut](e, "kinesis:SubscribeToShard", subscribeIn(arn, "shardId-000000000000", "TRIM_HORIZON"))
	if ev := out.EventStream[0]; len(ev.Records) != 1 || len(ev.ChildShards) != 1 || ev.ChildShards[0].ShardId != "shardId-000000000002" {
		t.Fatalf("on the closed shard: %+v", ev)
	}
}

// GetRecords that returns records reports RecordsRead, once per call.
func TestRecordsReadStepEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("s", 1)
	it := e.iterator("s", "shardId-000000000000", "TRIM_HORIZON", nil)
	e.Call("kinesis:PutRecords", map[string]any{"StreamName": "s", "Records": []any{
		map[string]any{"PartitionKey": "ab", "Data": base64.StdEncoding.EncodeToString([]byte("xyz"))},
		map[string]any{"PartitionKey": "c", "Data": "eA=="}}})
	e.Advance(1500)
	before := e.A.StepSeq()
	out := e.get(it, 0)
	e.get(*out.NextShardIterator, 0) // no records: no event
	evs := e.A.StepEventsSince(before)
	if len(evs) != 1 {
		t.Fatalf("%d step events, want 1: %+v", len(evs), evs)
	}
	want := map[string]string{"stream": "s", "shard": "shardId-000000000000", "count": "2", "bytes": "7",
		"consumer": e.A.RootARN(), "iteratorAgeMillis": "1500"}
	if ev := evs[0]; ev.Type != "RecordsRead" || ev.Service != "kinesis" || len(ev.Fields) != len(want) {
		t.Fatalf("got %+v", ev)
	}
	for k, v := range want {
		if evs[0].Fields[k] != v {
			t.Errorf("%s = %q, want %q", k, evs[0].Fields[k], v)
		}
	}
}

// A subscription that has passed no record yet hands out a
// ContinuationSequenceNumber that resubscribing AFTER_SEQUENCE_NUMBER (as
// the KCL does) starts at the shard's first record: record 0 written
// between the two subscriptions is not lost. (It was the shard's starting
// sequence number, and AFTER it skipped record 0.)
func TestResubscribeAfterEmptyContinuationLosesNothing(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{"LATEST", "TRIM_HORIZON"} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.create("s", 1)
			arn := e.register("c")
			shard := "shardId-000000000000"
			first := into[subscribeOut](e, "kinesis:SubscribeToShard", subscribeIn(arn, shard, typ)).EventStream[0]
			cont := first.ContinuationSequenceNumber
			if len(first.Records) != 0 || cont == "" {
				t.Fatalf("first event on an empty shard: %+v", first)
			}
			e.Advance(takeover)
			e.Call("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "a", "Data": "eA=="})
			e.Call("kinesis:PutRecord", map[string]any{"StreamName": "s", "PartitionKey": "b", "Data": "eA=="})
			again := into[subscribeOut](e, "kinesis:SubscribeToShard", map[string]any{"ConsumerARN": arn, "ShardId": shard,
				"StartingPosition": map[string]any{"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": cont}}).EventStream[0]
			if len(again.Records) != 2 || again.Records[0].PartitionKey != "a" {
				t.Fatalf("resubscribed after %s: %+v, want records a and b", cont, again.Records)
			}
			// AT_SEQUENCE_NUMBER of it starts there too.
			e.Advance(takeover)
			at := into[subscribeOut](e, "kinesis:SubscribeToShard", map[string]any{"ConsumerARN": arn, "ShardId": shard,
				"StartingPosition": map[string]any{"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": cont}}).EventStream[0]
			if len(at.Records) != 2 {
				t.Fatalf("AT_SEQUENCE_NUMBER %s: %d records, want 2", cont, len(at.Records))
			}
			// After record 0 itself, record 1 (b) comes first.
			e.Advance(takeover)
			after0 := into[subscribeOut](e, "kinesis:SubscribeToShard", map[string]any{"ConsumerARN": arn, "ShardId": shard,
				"StartingPosition": map[string]any{"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": again.Records[0].SequenceNumber}}).EventStream[0]
			if len(after0.Records) != 1 || after0.Records[0].PartitionKey != "b" {
				t.Fatalf("after record 0: %+v, want b", after0.Records)
			}
			// A shard iterator AFTER_SEQUENCE_NUMBER of the same number
			// starts at record 0 too (a consumer moving from fan-out to
			// polling loses nothing).
			it := e.Call("kinesis:GetShardIterator", map[string]any{"StreamName": "s", "ShardId": shard,
				"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "StartingSequenceNumber": cont})["ShardIterator"]
			recs := e.Call("kinesis:GetRecords", map[string]any{"ShardIterator": it})["Records"].([]any)
			if len(recs) != 2 || recs[0].(map[string]any)["PartitionKey"] != "a" {
				t.Fatalf("GetRecords AFTER_SEQUENCE_NUMBER %s: %v, want records a and b", cont, recs)
			}
		})
	}
}
