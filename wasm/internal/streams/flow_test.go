package streams

import (
	"strconv"
	"testing"

	"cloudplay/core/api"
)

func TestStreamFlowFromSteps(t *testing.T) {
	t.Parallel()
	f := NewStreamFlow("gps")
	f.SetLanes([]ShardLane{{ID: "shardId-000000000000", Open: true, Range: "0 – 1/2"}, {ID: "shardId-000000000001", Open: true, Range: "1/2 – 1"},
		{ID: "shardId-000000000002", Open: false}})
	if n := len(f.Model.Layout().Lanes); n != 2 {
		t.Fatalf("%d lanes on the canvas, want the 2 open shards", n)
	}
	// Step events name producers and consumers: they become nodes.
	ev := func(typ string, f map[string]string) api.StepEvent {
		return api.StepEvent{Service: "kinesis", Type: typ, Fields: f}
	}
	if !f.ApplySteps([]api.StepEvent{
		ev("RecordsWritten", map[string]string{"stream": "gps", "shard": "shardId-000000000001", "count": "5", "keys": "truck-001", "producer": "trucks"}),
		ev("RecordsRead", map[string]string{"stream": "gps", "shard": "shardId-000000000001", "count": "5", "consumer": "dashboard", "iteratorAgeMillis": "1200"}),
		ev("RecordsWritten", map[string]string{"stream": "other", "shard": "shardId-000000000001", "count": "9"}),
	}) {
		t.Fatal("ApplySteps saw none of the stream's events")
	}
	l := f.Model.Layout()
	if len(l.Producers) != 2 || l.Producers[1].Name != "trucks" || len(l.Consumers) != 1 || l.Consumers[0].Name != "dashboard" {
		t.Fatalf("nodes %+v / %+v", l.Producers, l.Consumers)
	}
	lanes, consumers := f.Counts()
	if lanes[0] != "0 in" || lanes[1] != "5 in" || consumers[0] != "5 read · age 1200 ms" {
		t.Fatalf("counts %q %q", lanes, consumers)
	}
}

func TestFlowNodesBounded(t *testing.T) {
	t.Parallel()
	f := NewStreamFlow("gps")
	for i := range 100 {
		f.ApplySteps([]api.StepEvent{{Service: "kinesis", Type: "RecordsThrottled",
			Fields: map[string]string{"stream": "gps", "shard": "s", "count": "1", "producer": "p" + strconv.Itoa(i)}}})
	}
	if n := len(f.producers); n != MaxFlowNodes {
		t.Fatalf("%d producer nodes, want at most %d", n, MaxFlowNodes)
	}
	if got := f.Model.Producer("calls").Throttled + f.Model.Producer("p0").Throttled; got == 0 {
		t.Fatal("records of producers beyond the bound were not counted")
	}
}

func TestActorInputs(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, got, want string }{
		{"producer defaults", string(StartProducerInput("gps", ProducerForm{Kind: "TruckFleet"})), `{"Kind":"TruckFleet","StreamName":"gps"}`},
		{"clickstream with skew", string(StartProducerInput("gps", ProducerForm{Name: " web ", Kind: "Clickstream", RecordsPerSecond: "500", Keys: "1000", HotKeyPercent: "40"})),
			`{"HotKeyPercent":40,"Keys":1000,"Kind":"Clickstream","ProducerName":"web","RecordsPerSecond":500,"StreamName":"gps"}`},
		{"truck fleet ignores hot key", string(StartProducerInput("gps", ProducerForm{Kind: "TruckFleet", HotKeyPercent: "40"})), `{"Kind":"TruckFleet","StreamName":"gps"}`},
		{"not a number is passed on", string(SetTrafficInput("web", "lots", "")), `{"ProducerName":"web","RecordsPerSecond":"lots"}`},
		{"consumer", string(StartConsumerInput("gps", "", "EnhancedFanOut")), `{"Kind":"EnhancedFanOut","StreamName":"gps"}`},
		{"shard count", string(UpdateShardCountInput("gps", "4")), `{"ScalingType":"UNIFORM_SCALING","StreamName":"gps","TargetShardCount":4}`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// A consumer named in Readers (a Firehose delivery stream's role session)
// is drawn with that name, its reads counted under it.
func TestStreamFlowReaders(t *testing.T) {
	t.Parallel()
	f := NewStreamFlow("gps")
	f.SetLanes([]ShardLane{{ID: "shardId-000000000000", Open: true, Range: "0 – 1"}})
	f.Readers = map[string]string{"arn:aws:sts::123456789012:assumed-role/fh/": "Firehose report"}
	f.ApplySteps([]api.StepEvent{{Service: "kinesis", Type: "RecordsRead", Fields: map[string]string{"stream": "gps", "shard": "shardId-000000000000",
		"count": "3", "consumer": "arn:aws:sts::123456789012:assumed-role/fh/1234", "iteratorAgeMillis": "0"}}})
	l := f.Model.Layout()
	if len(l.Consumers) != 1 || l.Consumers[0].Name != "Firehose report" {
		t.Fatalf("consumers %+v", l.Consumers)
	}
	if _, consumers := f.Counts(); consumers[0] != "3 read · age 0 ms" {
		t.Fatalf("counts %q", consumers)
	}
}
