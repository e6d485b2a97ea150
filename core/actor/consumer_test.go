package actor_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// A polling consumer reading from TRIM_HORIZON reads every record the
// producer wrote, across a split: it reads the parent to its end, then
// the children (ChildShards), so nothing is lost or read twice.
func TestPollingConsumerFollowsASplit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "clicks", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 200, "Keys": 50})
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "dash", "StreamName": "gps", "Kind": "Polling", "ShardIteratorType": "TRIM_HORIZON"})
	e.advance(5000)
	e.call(root, "kinesis:SplitShard", map[string]any{"StreamName": "gps", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "170141183460469231731687303715884105728"})
	e.advance(10_000)
	e.call(root, "cloudplay:StopProducer", map[string]any{"ProducerName": "clicks"})
	e.advance(3000)
	l := e.actors()
	p, c := l.Producers[0], l.Consumers[0]
	if p.RecordsSent == 0 || c.RecordsRead != p.RecordsSent || c.Status != "RUNNING" || c.LastError != nil {
		t.Fatalf("the producer sent %d records, the consumer read %d (%+v)", p.RecordsSent, c.RecordsRead, c)
	}
	if len(c.Shards) != 3 || c.Shards[1].RecordsRead == 0 || c.Shards[2].RecordsRead == 0 {
		t.Fatalf("shards read: %+v", c.Shards)
	}
	if c.BytesRead != c.RecordsRead*200 {
		t.Fatalf("%d bytes read for %d records of 200 bytes", c.BytesRead, c.RecordsRead)
	}
}

// The records a playground consumer reads are drawn by its name: its
// RecordsRead step events name the actor, not the ARN of the principal
// that started it (a learner's own GetRecords names the caller's ARN).
func TestRecordsReadNamesTheConsumer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "clicks", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 20, "Keys": 5})
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "dash", "StreamName": "gps", "Kind": "Polling", "ShardIteratorType": "TRIM_HORIZON"})
	seq := e.a.StepSeq()
	e.advance(3000)
	reads := 0
	for _, ev := range e.a.StepEventsSince(seq) {
		if ev.Type == "RecordsRead" {
			reads++
			if ev.Fields["consumer"] != "dash" {
				t.Fatalf("RecordsRead names the consumer %q, want dash", ev.Fields["consumer"])
			}
		}
	}
	if reads == 0 {
		t.Fatal("no RecordsRead step events in 3 s of polling")
	}
}

// A consumer that polls less often than records arrive falls behind: its
// iterator age grows when it reads 100 records a poll from a shard taking
// 1,000 a second.
func TestIteratorAgeGrowsWhenBehind(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "slow", "StreamName": "gps", "Kind": "Polling", "Limit": 100})
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "clicks", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 1000, "RecordBytes": 10})
	e.advance(3000)
	early := e.actors().Consumers[0].IteratorAgeMilliseconds
	e.advance(10_000)
	late := e.actors().Consumers[0].IteratorAgeMilliseconds
	if early <= 0 || late <= early+5000 {
		t.Fatalf("iterator age %d ms after 3 s, %d after 13 s: it should grow", early, late)
	}
}

// Bad input is refused with AWS-style ValidationException wording naming
// the member; a running name is ResourceInUseException, an unknown actor
// ResourceNotFoundException, a missing stream ResourceNotFoundException;
// nothing is started by a refused call.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "p", "StreamName": "gps", "Kind": "Clickstream"})
	tests := []struct {
		op, in, code, msg string
	}{
		{"cloudplay:StartProducer", `{"StreamName":"gps"}`, "ValidationException", `Missing required parameter in input: "Kind"`},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Trucks"}`, "ValidationException", "Value 'Trucks' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [TruckFleet, Clickstream]"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","RecordsPerSecond":0}`, "ValidationException", "Value '0' at 'recordsPerSecond' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","RecordsPerSecond":1000001}`, "ValidationException", "Member must have value less than or equal to 1000000"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","Keys":100001}`, "ValidationException", "at 'keys' failed to satisfy constraint: Member must have value less than or equal to 100000"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","HotKeyPercent":101}`, "ValidationException", "at 'hotKeyPercent'"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","RecordBytes":1048577}`, "ValidationException", "at 'recordBytes' failed to satisfy constraint: Member must have value less than or equal to 1048576"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"TruckFleet","HotKeyPercent":5}`, "ValidationException", "HotKeyPercent applies to a Clickstream producer only"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","Api":"PutRecordz"}`, "ValidationException", "at 'api'"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","RecordsPerSecond":1.5}`, "ValidationException", "Invalid type for parameter RecordsPerSecond"},
		{"cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","Color":"red"}`, "ValidationException", `Unknown parameter in input: "Color"`},
		{"cloudplay:StartProducer", `{"ProducerName":"` + strings.Repeat("x", 65) + `","StreamName":"gps","Kind":"Clickstream"}`, "ValidationException", "at 'producerName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"cloudplay:StartProducer", `{"ProducerName":"a b","StreamName":"gps","Kind":"Clickstream"}`, "ValidationException", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"cloudplay:StartProducer", `{"Kind":"Clickstream"}`, "ValidationException", "Either StreamName or StreamARN must be provided."},
		{"cloudplay:StartProducer", `{"StreamName":"gps","StreamARN":"` + gpsARN + `","Kind":"Clickstream"}`, "ValidationException", "not both"},
		{"cloudplay:StartProducer", `{"StreamName":"nope","Kind":"Clickstream"}`, "ResourceNotFoundException", "Stream nope under account 123456789012 not found."},
		{"cloudplay:StartProducer", `{"ProducerName":"p","StreamName":"gps","Kind":"Clickstream"}`, "ResourceInUseException", "Producer p is already running."},
		{"cloudplay:SetTraffic", `{"ProducerName":"q","RecordsPerSecond":5}`, "ResourceNotFoundException", "Producer q is not running."},
		{"cloudplay:SetTraffic", `{"ProducerName":"p","RecordsPerSecond":-5}`, "ValidationException", "at 'recordsPerSecond'"},
		{"cloudplay:StopProducer", `{}`, "ValidationException", `Missing required parameter in input: "ProducerName"`},
		{"cloudplay:StopConsumer", `{"ConsumerName":"c"}`, "ResourceNotFoundException", "Consumer c is not running."},
		{"cloudplay:StartConsumer", `{"StreamName":"gps","Kind":"Polling","PollIntervalMillis":199}`, "ValidationException", "at 'pollIntervalMillis' failed to satisfy constraint: Member must have value greater than or equal to 200"},
		{"cloudplay:StartConsumer", `{"StreamName":"gps","Kind":"Polling","Limit":10001}`, "ValidationException", "at 'limit'"},
		{"cloudplay:StartConsumer", `{"StreamName":"gps","Kind":"Polling","ShardIteratorType":"AT_TIMESTAMP"}`, "ValidationException", "Member must satisfy enum value set: [LATEST, TRIM_HORIZON]"},
		{"cloudplay:StartConsumer", `{"StreamName":"gps","Kind":"EnhancedFanOut","PollIntervalMillis":1000}`, "ValidationException", "PollIntervalMillis applies to a Polling consumer only."},
		{"cloudplay:StartConsumer", `{"StreamName":"gps","Kind":"Polling","ConsumerARN":"x"}`, "ValidationException", "ConsumerARN applies to an EnhancedFanOut consumer only."},
		{"cloudplay:ListActors", `{"X":1}`, "ValidationException", `Unknown parameter in input: "X"`},
	}
	before, _ := json.Marshal(e.actors())
	for _, tt := range tests {
		_, err := e.a.Call(root, tt.op, []byte(tt.in))
		wantCode(t, err, tt.code, tt.msg)
	}
	if after, _ := json.Marshal(e.actors()); string(after) != string(before) {
		t.Fatalf("refused calls changed the actors:\n%s\n%s", before, after)
	}
}

// An account runs at most MaxActors (50) actors: the 51st start is
// LimitExceededException while all run; a stopped one makes room.
func TestActorBound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	for range 50 {
		e.call(root, "cloudplay:StartProducer", map[string]any{"StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 1})
	}
	_, err := e.try(root, "cloudplay:StartConsumer", map[string]any{"StreamName": "gps", "Kind": "Polling"})
	wantCode(t, err, "LimitExceededException", "at most 50 producers and consumers")
	e.call(root, "cloudplay:StopProducer", map[string]any{"ProducerName": "producer-7"})
	out := e.call(root, "cloudplay:StartConsumer", map[string]any{"StreamName": "gps", "Kind": "Polling"})
	if out["ConsumerName"] != "consumer-1" {
		t.Fatalf("started %v", out)
	}
	l := e.actors()
	if len(l.Producers)+len(l.Consumers) != 50 {
		t.Fatalf("%d actors kept", len(l.Producers)+len(l.Consumers))
	}
	for _, p := range l.Producers {
		if p.ProducerName == "producer-7" {
			t.Fatal("the stopped producer was kept past the bound")
		}
	}
}

// An enhanced fan-out consumer started without a ConsumerARN registers a
// stream consumer named like itself, as its starter, and waits for it to
// become ACTIVE before it subscribes.
func TestFanOutConsumerRegisters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartConsumer", map[string]any{"ConsumerName": "fan", "StreamName": "gps", "Kind": "EnhancedFanOut"})
	e.advance(3000)
	cs := e.a.View().Streams.Streams[0].Consumers
	if len(cs) != 1 || cs[0].Name != "fan" || cs[0].Status != "ACTIVE" {
		t.Fatalf("registered consumers: %+v", cs)
	}
	var registered bool
	for _, ev := range e.a.Events() {
		if ev.Actor == "fan" && ev.Op == "kinesis:RegisterStreamConsumer" && ev.Error == nil && ev.Caller == root {
			registered = true
		}
	}
	if !registered {
		t.Fatal("the registration is not logged as the consumer's")
	}
}
