package firehose_test

import (
	"encoding/json"
	"testing"

	"cloudplay/core/cloud"
)

// BenchmarkKinesisSourceSecond is the cost of one simulated second of a
// delivery stream reading 2,000 records a second (100 bytes each) from a
// four-shard Kinesis stream, as its role, into S3 with a 60 s interval:
// the producer's puts, the four GetRecords a second, the buffering and
// one delivery a minute. Every 30 simulated seconds the bucket is emptied
// (outside the timing) so that the playground's 8 MiB of S3 never fills.
// Run it for at most 180 simulated seconds (-benchtime 150x): past about
// 190 s the stream holds the playground's 64 MiB of Kinesis records
// (stream.MaxStoredBytes) and the producer is refused.
func BenchmarkKinesisSourceSecond(b *testing.B) {
	a := cloud.New(cloud.Config{Seed: 1})
	root := a.RootARN()
	must := func(op, in string) {
		if _, err := a.Call(root, op, []byte(in)); err != nil {
			b.Fatal(op, err)
		}
	}
	must("s3:CreateBucket", `{"Bucket":"bench-bucket"}`)
	must("iam:CreateRole", `{"RoleName":"r","AssumeRolePolicyDocument":`+q(trust)+`}`)
	must("iam:PutRolePolicy", `{"RoleName":"r","PolicyName":"p","PolicyDocument":`+q(canPut)+`}`)
	must("kinesis:CreateStream", `{"StreamName":"gps","ShardCount":4}`)
	a.Advance(1000)
	must("firehose:CreateDeliveryStream", `{"DeliveryStreamName":"d","DeliveryStreamType":"KinesisStreamAsSource",
		"KinesisStreamSourceConfiguration":{"KinesisStreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/gps","RoleARN":"arn:aws:iam::123456789012:role/r"},
		"ExtendedS3DestinationConfiguration":{"RoleARN":"arn:aws:iam::123456789012:role/r","BucketARN":"arn:aws:s3:::bench-bucket","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":60}}}`)
	a.Advance(6000)
	must("cloudplay:StartProducer", `{"StreamName":"gps","Kind":"Clickstream","RecordsPerSecond":2000,"RecordBytes":100}`)
	b.ReportAllocs()
	sec := 0
	for b.Loop() {
		if err := a.Advance(1000); err != nil {
			b.Fatal(err)
		}
		if sec++; sec%30 == 0 {
			b.StopTimer()
			empty(b, a)
			b.StartTimer()
		}
	}
	v := a.View().Firehose.DeliveryStreams[0]
	if v.Failure != nil || (sec > 60 && sec <= 180 && v.Delivered.Records < int64(sec-10)*2000) {
		b.Fatalf("after %d s: delivered %+v failure %+v lost %+v buffer %+v producer %+v", sec, v.Delivered, v.Failure, v.Lost, v.Buffer, a.View().Actors.Producers)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/simulated-s")
}

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// empty deletes every object of bucket b.
func empty(b *testing.B, a *cloud.Account) {
	out, err := a.Call(a.RootARN(), "s3:ListObjectsV2", []byte(`{"Bucket":"bench-bucket"}`))
	if err != nil {
		b.Fatal(err)
	}
	var res struct{ Contents []struct{ Key string } }
	json.Unmarshal(out, &res)
	for _, o := range res.Contents {
		in, _ := json.Marshal(map[string]string{"Bucket": "bench-bucket", "Key": o.Key})
		if _, err := a.Call(a.RootARN(), "s3:DeleteObject", in); err != nil {
			b.Fatal(err)
		}
	}
}
