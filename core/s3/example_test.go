package s3_test

import (
	"encoding/json"
	"fmt"

	"cloudplay/core/api"
	"cloudplay/core/s3"
	"cloudplay/core/sim"
)

// call does what the dispatcher does: Prepare, authorise (here: print the
// actions), run.
func call(svc *s3.Service, env *api.Env, op, input string) {
	for _, o := range svc.Ops() {
		if o.Name != op {
			continue
		}
		actions, run, err := o.Prepare(env, []byte(input))
		if err != nil {
			fmt.Println(op, "error:", err)
			return
		}
		for _, a := range actions {
			fmt.Println("  needs", a.Action, "on", a.Resource)
		}
		out, err := run()
		if err != nil {
			fmt.Println(op, "error:", err)
			return
		}
		b, _ := json.Marshal(out)
		fmt.Println(op, string(b))
	}
}

func Example() {
	svc := s3.New("123456789012", "us-east-1")
	env := &api.Env{Account: "123456789012", Region: "us-east-1", Now: sim.Time(1767225600000), Rand: sim.NewRand(1)}

	call(svc, env, "s3:CreateBucket", `{"Bucket": "reports"}`)
	call(svc, env, "s3:PutObject", `{"Bucket": "reports", "Key": "2026/q1.csv", "Body": "aGVsbG8="}`)
	call(svc, env, "s3:ListObjectsV2", `{"Bucket": "reports", "Delimiter": "/"}`)
	call(svc, env, "s3:GetObject", `{"Bucket": "reports", "Key": "2026/q2.csv"}`)
	call(svc, env, "s3:DeleteBucket", `{"Bucket": "reports"}`)

	for _, b := range svc.View().Buckets {
		for _, o := range b.Objects {
			fmt.Println(b.Name, o.Key, o.Size, o.ETag, o.LastModified)
		}
	}
	// Output:
	//   needs s3:CreateBucket on arn:aws:s3:::reports
	// s3:CreateBucket {"Location":"/reports"}
	//   needs s3:PutObject on arn:aws:s3:::reports/2026/q1.csv
	// s3:PutObject {"ETag":"\"5d41402abc4b2a76b9719d911017c592\"","ChecksumCRC32":"NhCmhg==","ChecksumType":"FULL_OBJECT","ServerSideEncryption":"AES256"}
	//   needs s3:ListBucket on arn:aws:s3:::reports
	// s3:ListObjectsV2 {"IsTruncated":false,"Name":"reports","Prefix":"","Delimiter":"/","MaxKeys":1000,"CommonPrefixes":[{"Prefix":"2026/"}],"KeyCount":1}
	//   needs s3:GetObject on arn:aws:s3:::reports/2026/q2.csv
	// s3:GetObject error: NoSuchKey: The specified key does not exist.
	//   needs s3:DeleteBucket on arn:aws:s3:::reports
	// s3:DeleteBucket error: BucketNotEmpty: The bucket you tried to delete is not empty
	// reports 2026/q1.csv 5 "5d41402abc4b2a76b9719d911017c592" 2026-01-01T00:00:00Z
}
