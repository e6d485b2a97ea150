package firehose_test

import (
	"encoding/json"
	"errors"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// FuzzOps feeds arbitrary input to every Firehose operation, on an
// account with a delivery stream: no input panics, every refusal is an
// *api.Error with a code, and every answer is a JSON object.
func FuzzOps(f *testing.F) {
	seeds := []struct {
		op    uint8
		input string
	}{
		{0, `{"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"arn:aws:iam::123456789012:role/r","BucketARN":"arn:aws:s3:::b","Prefix":"!{timestamp:yyyy/MM}/","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}}}`},
		{0, `{"DeliveryStreamName":"k","DeliveryStreamType":"KinesisStreamAsSource","KinesisStreamSourceConfiguration":{"KinesisStreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/x","RoleARN":"arn:aws:iam::123456789012:role/r"},"ExtendedS3DestinationConfiguration":{"RoleARN":"arn:aws:iam::123456789012:role/r","BucketARN":"arn:aws:s3:::b"}}`},
		{4, `{"DeliveryStreamName":"live","Record":{"Data":"aGVsbG8="}}`},
		{5, `{"DeliveryStreamName":"live","Records":[{"Data":"YQ=="},{"Data":""}]}`},
		{6, `{"DeliveryStreamName":"live","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","S3DestinationUpdate":{"Prefix":"!{timestamp:'x'HH}"}}`},
		{7, `{"DeliveryStreamName":"live","Tags":[{"Key":"a","Value":"b"}]}`},
		{3, `{"Limit":1,"ExclusiveStartDeliveryStreamName":"a"}`},
		{2, `{"DeliveryStreamName":"live","Limit":0}`},
		{1, `[]`},
		{9, `{"DeliveryStreamName":"live","ExclusiveStartTagKey":"","Limit":51}`},
	}
	for _, s := range seeds {
		f.Add(s.op, []byte(s.input))
	}
	ops := []string{"CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream", "ListDeliveryStreams", "PutRecord",
		"PutRecordBatch", "UpdateDestination", "TagDeliveryStream", "UntagDeliveryStream", "ListTagsForDeliveryStream"}
	f.Fuzz(func(t *testing.T, op uint8, input []byte) {
		a := cloud.New(cloud.Config{Seed: 3})
		root := a.RootARN()
		a.Call(root, "iam:CreateRole", []byte(`{"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"firehose.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}`))
		a.Call(root, "firehose:CreateDeliveryStream", []byte(`{"DeliveryStreamName":"live","S3DestinationConfiguration":{"RoleARN":"arn:aws:iam::123456789012:role/r","BucketARN":"arn:aws:s3:::b"}}`))
		a.Advance(5000)
		out, err := a.Call(root, "firehose:"+ops[int(op)%len(ops)], input)
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) || e.Code == "" || e.Code == "InternalFailure" {
				t.Fatalf("error %v", err)
			}
			return
		}
		var m map[string]any
		if json.Unmarshal(out, &m) != nil {
			t.Fatalf("output %s is not a JSON object", out)
		}
		if err := a.Advance(400 * 1000); err != nil {
			t.Fatal(err)
		}
	})
}
