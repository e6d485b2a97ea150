package firehose_test

import (
	"fmt"

	"cloudplay/core/cloud"
)

// A Direct PUT stream delivers what it buffered once its interval has
// passed, as its role, under the hour's prefix.
func Example() {
	a := cloud.New(cloud.Config{Seed: 1})
	root := a.RootARN()
	call := func(op, in string) {
		if _, err := a.Call(root, op, []byte(in)); err != nil {
			fmt.Println(op, err)
		}
	}
	call("s3:CreateBucket", `{"Bucket":"reports"}`)
	call("iam:CreateRole", `{"RoleName":"fh","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"firehose.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}`)
	call("iam:PutRolePolicy", `{"RoleName":"fh","PolicyName":"put","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::reports/*\"}]}"}`)
	call("firehose:CreateDeliveryStream", `{"DeliveryStreamName":"orders","S3DestinationConfiguration":{"RoleARN":"arn:aws:iam::123456789012:role/fh","BucketARN":"arn:aws:s3:::reports","BufferingHints":{"IntervalInSeconds":60}}}`)
	a.Advance(5000) // CREATING → ACTIVE
	call("firehose:PutRecord", `{"DeliveryStreamName":"orders","Record":{"Data":"b3JkZXIgMQo="}}`)
	evs, _ := a.AdvanceEvents(60000)
	for _, e := range evs {
		if e.Type == "ObjectDelivered" {
			fmt.Println(e.Fields["Key"][:32], e.Fields["Records"], e.Fields["Bytes"])
		}
	}
	for _, e := range a.Events() {
		if e.Op == "s3:PutObject" {
			fmt.Println(e.Caller, e.InvokedBy, e.Actions[0].Decision)
		}
	}
	// Output:
	// 2026/01/01/00/orders-1-2026-01-0 1 8
	// arn:aws:sts::123456789012:assumed-role/fh/firehose firehose.amazonaws.com allowed
}
