package firehose

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeGetRecords: the one-pass reader of GetRecords outputs agrees
// with encoding/json on every input it accepts, and never panics.
func FuzzDecodeGetRecords(f *testing.F) {
	f.Add([]byte(`{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":"2026-01-01T00:00:00.100Z","Data":"aGk=","PartitionKey":"k"}],"NextShardIterator":"AAA=","MillisBehindLatest":0}`))
	f.Add([]byte(`{"Records":[],"NextShardIterator":null,"MillisBehindLatest":12,"ChildShards":[{"ShardId":"shardId-000000000001","ParentShards":["shardId-000000000000"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"}}]}`))
	f.Add([]byte(`{"Records":[{"Data":"a\u0041=","PartitionKey":"\u003c"}]}`))
	f.Add([]byte(`{"Records":[{"Data":"!!"}]}`))
	f.Add([]byte(`{"X":[1,-2.5e3,true,false,null,{"a":[]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, ok := fastGetRecords(b)
		if !ok {
			return
		}
		var slow getRecordsOut
		if err := json.Unmarshal(b, &slow); err != nil {
			t.Fatalf("fast read %q, encoding/json refuses it: %v", b, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", b, fast, slow)
		}
	})
}
