package analytics

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The one-pass reader of GetRecords answers gives what encoding/json
// gives, and gives way to it on anything unexpected.
func TestDecodeRecordsMatchesEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"Records":[{"SequenceNumber":"49590","ApproximateArrivalTimestamp":"2026-01-01T00:00:01.100Z","Data":"eyJhIjoxfQ==","PartitionKey":"k\"1"}],"NextShardIterator":"AAAA","MillisBehindLatest":0}`,
		`{"Records":[],"NextShardIterator":null,"MillisBehindLatest":0,"ChildShards":[{"ShardId":"shardId-000000000002","ParentShards":["a","b"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"1"}}]}`,
		`{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":"t","Data":"","PartitionKey":"k"}],"NextShardIterator":"x\u0041"}`,
		`{"Records":null}`, `{}`, `{"Records":[{"Data":"!!"}]}`, `{"Records":[1]}`, `[]`, `{"a":{"b":[1,2,{"c":true}]},"Records":[]}`, `{"Records":[],}`,
	} {
		var fast, slow getRecordsOut
		errFast := decodeRecords([]byte(in), &fast)
		errSlow := json.Unmarshal([]byte(in), &slow)
		if (errFast == nil) != (errSlow == nil) || errSlow == nil && !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s:\n fast %+v (%v)\n json %+v (%v)", in, fast, errFast, slow, errSlow)
		}
	}
}

func TestFastPathTaken(t *testing.T) {
	var out getRecordsOut
	in := `{"Records":[{"SequenceNumber":"49590","ApproximateArrivalTimestamp":"2026-01-01T00:00:01.100Z","Data":"eyJhIjoxfQ==","PartitionKey":"k\"1"}],"NextShardIterator":"AAAA","MillisBehindLatest":0}`
	if !fastRecords([]byte(in), &out) || string(out.Records[0].Data) != `{"a":1}` {
		t.Fatalf("fast path not taken: %+v", out)
	}
}
