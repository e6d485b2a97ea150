package firehose_test

import "testing"

// BenchmarkIdleSourceDay is the cost of a simulated day of a delivery
// stream polling an idle one-shard Kinesis stream (a "jump" of a day):
// 86,400 GetRecords calls through the dispatcher, as AWS reads each shard
// once a second.
func BenchmarkIdleSourceDay(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		w := newWorld(b)
		w.setup(canPut)
		w.call("kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
		w.advance(30)
		w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "d", "DeliveryStreamType": "KinesisStreamAsSource",
			"KinesisStreamSourceConfiguration": map[string]any{"KinesisStreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/gps", "RoleARN": role},
			"S3DestinationConfiguration":       map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}})
		b.StartTimer()
		if err := w.a.Advance(24 * 3600 * 1000); err != nil {
			b.Fatal(err)
		}
	}
}
