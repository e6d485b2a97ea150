package stream_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"cloudplay/core/cloud"
)

// BenchmarkDispatcherPutRecords is the whole path of a 500-record
// PutRecords (100-byte records, 20-character keys) through
// cloud.Account.Call: JSON in and out, authorisation of an IAM user with
// an identity policy, the stream, the event log and the journal. Time
// moves a second per call over 8 shards; the account starts afresh every
// 500 calls so the journal (every successful write is kept for export)
// stays the size of a long session.
func BenchmarkDispatcherPutRecords(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	recs := make([]map[string]any, 500)
	for i := range recs {
		recs[i] = map[string]any{"PartitionKey": fmt.Sprintf("%020d", r.Uint64()), "Data": make([]byte, 100)}
	}
	input, _ := json.Marshal(map[string]any{"StreamName": "s", "Records": recs})
	user := "arn:aws:iam::123456789012:user/producer"
	fresh := func() *cloud.Account {
		a := cloud.New(cloud.Config{})
		root := a.RootARN()
		for _, c := range []struct{ op, in string }{
			{"iam:CreateUser", `{"UserName":"producer"}`},
			{"iam:PutUserPolicy", `{"UserName":"producer","PolicyName":"p","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecords\",\"Resource\":\"arn:aws:kinesis:us-east-1:123456789012:stream/s\"}]}"}`},
			{"kinesis:CreateStream", `{"StreamName":"s","ShardCount":8}`},
		} {
			if _, err := a.Call(root, c.op, []byte(c.in)); err != nil {
				b.Fatal(err)
			}
		}
		a.Advance(1000)
		return a
	}
	a := fresh()
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		out, err := a.Call(user, "kinesis:PutRecords", input)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			var o struct{ FailedRecordCount int }
			json.Unmarshal(out, &o)
			if o.FailedRecordCount != 0 {
				b.Fatalf("%d records throttled", o.FailedRecordCount)
			}
		}
		a.Advance(1000)
		if i++; i%500 == 0 {
			b.StopTimer()
			a = fresh()
			b.StartTimer()
		}
	}
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
}
