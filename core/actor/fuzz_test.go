package actor_test

import (
	"encoding/json"
	"errors"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// FuzzActorInput feeds arbitrary input to every actor operation. It must
// never panic; a refusal is an *api.Error with one of the service's codes
// and a bounded message; an account stays able to advance afterwards.
func FuzzActorInput(f *testing.F) {
	ops := []string{"cloudplay:StartProducer", "cloudplay:SetTraffic", "cloudplay:StopProducer",
		"cloudplay:StartConsumer", "cloudplay:StopConsumer", "cloudplay:ListActors"}
	for _, s := range []string{
		`{"ProducerName":"trucks","StreamName":"gps","Kind":"TruckFleet"}`,
		`{"StreamName":"gps","Kind":"Clickstream","RecordsPerSecond":1000000,"HotKeyPercent":90,"Keys":100000,"RecordBytes":1}`,
		`{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/gps","Kind":"Clickstream","Api":"PutRecord"}`,
		`{"ProducerName":"p","RecordsPerSecond":5}`,
		`{"ConsumerName":"c","StreamName":"gps","Kind":"Polling","ShardIteratorType":"TRIM_HORIZON","PollIntervalMillis":200,"Limit":1}`,
		`{"ConsumerName":"c","StreamName":"gps","Kind":"EnhancedFanOut","ConsumerARN":"arn:x"}`,
		`{}`, `null`, `[]`, `{"Kind":null}`, `{"RecordsPerSecond":"1"}`, `{"ProducerName":"\u00e9"}`,
	} {
		for i := range ops {
			f.Add(uint8(i), []byte(s))
		}
	}
	codes := map[string]bool{"ValidationException": true, "ResourceNotFoundException": true, "ResourceInUseException": true,
		"LimitExceededException": true, "SerializationException": true}
	f.Fuzz(func(t *testing.T, op uint8, in []byte) {
		a := cloud.New(cloud.Config{Seed: 3})
		a.Call(root, "kinesis:CreateStream", []byte(`{"StreamName":"gps","ShardCount":1}`))
		a.Advance(1000)
		name := ops[int(op)%len(ops)]
		out, err := a.Call(root, name, in)
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) || !codes[e.Code] || len(e.Message) > 2000 {
				t.Fatalf("%s %q: %v", name, in, err)
			}
		} else if !json.Valid(out) {
			t.Fatalf("%s %q: output %q", name, in, out)
		}
		if err := a.Advance(300); err != nil {
			t.Fatalf("advance after %s %q: %v", name, in, err)
		}
	})
}
