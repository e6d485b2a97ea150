package stream_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// tenv is an account to call through the dispatcher, as root unless told.
type tenv struct {
	t *testing.T
	a *cloud.Account
}

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{t: t, a: cloud.New(cloud.Config{})}
}

func (e *tenv) raw(caller, op string, in any) ([]byte, error) {
	e.t.Helper()
	var b []byte
	switch in := in.(type) {
	case string:
		b = []byte(in)
	default:
		var err error
		if b, err = json.Marshal(in); err != nil {
			e.t.Fatal(err)
		}
	}
	if caller == "" {
		caller = e.a.RootARN()
	}
	return e.a.Call(caller, op, b)
}

// call makes a call that must succeed and decodes its output into a map.
func (e *tenv) call(op string, in any) map[string]any {
	e.t.Helper()
	out, err := e.raw("", op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		e.t.Fatalf("%s: output %s: %v", op, out, err)
	}
	return m
}

// into makes a call that must succeed and decodes its output into T.
func into[T any](e *tenv, op string, in any) T {
	e.t.Helper()
	out, err := e.raw("", op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	var v T
	if err := json.Unmarshal(out, &v); err != nil {
		e.t.Fatalf("%s: output %s: %v", op, out, err)
	}
	return v
}

// fail makes a call that must fail with code and a message starting with
// prefix.
func (e *tenv) fail(op string, in any, code, prefix string) {
	e.t.Helper()
	e.failAs("", op, in, code, prefix)
}

func (e *tenv) failAs(caller, op string, in any, code, prefix string) {
	e.t.Helper()
	out, err := e.raw(caller, op, in)
	var ae *api.Error
	if !errors.As(err, &ae) {
		e.t.Fatalf("%s: got %s, %v; want %s", op, out, err, code)
	}
	if ae.Code != code || !strings.HasPrefix(ae.Message, prefix) {
		e.t.Fatalf("%s: got %s: %s\nwant %s: %s…", op, ae.Code, ae.Message, code, prefix)
	}
}

func (e *tenv) advance(ms int64) {
	e.t.Helper()
	if err := e.a.Advance(ms); err != nil {
		e.t.Fatal(err)
	}
}

// create makes an ACTIVE provisioned stream of n shards.
func (e *tenv) create(name string, n int) {
	e.t.Helper()
	e.call("kinesis:CreateStream", map[string]any{"StreamName": name, "ShardCount": n})
	e.advance(1000)
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
	e.t.Helper()
	in := map[string]any{"StreamName": stream, "ShardId": shard, "ShardIteratorType": typ}
	for k, v := range extra {
		in[k] = v
	}
	return e.call("kinesis:GetShardIterator", in)["ShardIterator"].(string)
}

func (e *tenv) get(it string, limit int) recordsOut {
	e.t.Helper()
	in := map[string]any{"ShardIterator": it}
	if limit > 0 {
		in["Limit"] = limit
	}
	return into[recordsOut](e, "kinesis:GetRecords", in)
}
