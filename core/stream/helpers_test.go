package stream_test

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
)

// tenv is an account to call through the dispatcher, as root unless told.
type tenv struct{ *servicetest.Env }

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{servicetest.New(t, cloud.Config{})}
}

// into makes a call that must succeed and decodes its output into T.
func into[T any](e *tenv, op string, in any) T {
	e.T.Helper()
	return servicetest.Into[T](e.Env, op, in)
}

// create makes an ACTIVE provisioned stream of n shards.
func (e *tenv) create(name string, n int) {
	e.T.Helper()
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": name, "ShardCount": n})
	e.Advance(1000)
}

type putOut struct {
	ShardId, SequenceNumber string
}

type putsOut struct {
	FailedRecordCount int
	Records           []struct{ SequenceNumber, ShardId, ErrorCode, ErrorMessage string }
}

type recordsOut struct {
	Records []struct {
		SequenceNumber, ApproximateArrivalTimestamp, PartitionKey string
		Data                                                      []byte
	}
	NextShardIterator  *string
	MillisBehindLatest int64
	ChildShards        []struct {
		ShardId      string
		ParentShards []string
	}
}

type shardsOut struct {
	Shards []struct {
		ShardId, ParentShardId, AdjacentParentShardId string
		HashKeyRange                                  struct{ StartingHashKey, EndingHashKey string }
		SequenceNumberRange                           struct{ StartingSequenceNumber, EndingSequenceNumber string }
	}
	NextToken string
}

func (e *tenv) iterator(stream, shard, typ string, extra map[string]any) string {
	e.T.Helper()
	in := map[string]any{"StreamName": stream, "ShardId": shard, "ShardIteratorType": typ}
	for k, v := range extra {
		in[k] = v
	}
	return e.Call("kinesis:GetShardIterator", in)["ShardIterator"].(string)
}

func (e *tenv) get(it string, limit int) recordsOut {
	e.T.Helper()
	in := map[string]any{"ShardIterator": it}
	if limit > 0 {
		in["Limit"] = limit
	}
	return into[recordsOut](e, "kinesis:GetRecords", in)
}
