package firehose_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/firehose"
)

const (
	root   = "arn:aws:iam::123456789012:root"
	role   = "arn:aws:iam::123456789012:role/firehose-delivery"
	bucket = "monthly-report"
	trust  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	// canPut lets the role write to the bucket and read Kinesis.
	canPut = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","kinesis:ListShards","kinesis:GetShardIterator","kinesis:GetRecords"],"Resource":"*"}]}`
	cannot = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}`
)

type world struct {
	t *testing.T
	a *cloud.Account
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return &world{t: t, a: cloud.New(cloud.Config{Seed: 1})}
}

// call makes a call as root, failing the test on error.
func (w *world) call(op string, input any) map[string]any {
	w.t.Helper()
	out, err := w.try(op, input)
	if err != nil {
		w.t.Fatalf("%s: %v", op, err)
	}
	return out
}

func (w *world) try(op string, input any) (map[string]any, error) {
	b, _ := json.Marshal(input)
	if s, ok := input.(string); ok {
		b = []byte(s)
	}
	out, err := w.a.Call(root, op, b)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	json.Unmarshal(out, &m)
	return m, nil
}

func (w *world) advance(sec float64) {
	w.t.Helper()
	if err := w.a.Advance(int64(sec * 1000)); err != nil {
		w.t.Fatal(err)
	}
}

// setup makes the bucket and the role with policy.
func (w *world) setup(policy string) {
	w.call("s3:CreateBucket", map[string]any{"Bucket": bucket})
	w.call("iam:CreateRole", map[string]any{"RoleName": "firehose-delivery", "AssumeRolePolicyDocument": trust})
	w.call("iam:PutRolePolicy", map[string]any{"RoleName": "firehose-delivery", "PolicyName": "delivery", "PolicyDocument": policy})
}

// create makes a Direct PUT delivery stream with hints and waits until it
// is ACTIVE.
func (w *world) create(name string, sizeMB, intervalS int, prefix string) {
	w.t.Helper()
	cfg := map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket,
		"BufferingHints": map[string]any{"SizeInMBs": sizeMB, "IntervalInSeconds": intervalS}}
	if prefix != "" {
		cfg["Prefix"] = prefix
	}
	w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": name, "ExtendedS3DestinationConfiguration": cfg})
	w.advance(5)
}

func (w *world) put(name string, data string) {
	w.t.Helper()
	w.call("firehose:PutRecord", map[string]any{"DeliveryStreamName": name, "Record": map[string]any{"Data": base64.StdEncoding.EncodeToString([]byte(data))}})
}

// objects lists the bucket's keys.
func (w *world) objects() []string {
	w.t.Helper()
	out := w.call("s3:ListObjectsV2", map[string]any{"Bucket": bucket})
	var keys []string
	for _, o := range asList(out["Contents"]) {
		keys = append(keys, o.(map[string]any)["Key"].(string))
	}
	return keys
}

func (w *world) body(key string) string {
	w.t.Helper()
	out := w.call("s3:GetObject", map[string]any{"Bucket": bucket, "Key": key})
	b, _ := base64.StdEncoding.DecodeString(out["Body"].(string))
	return string(b)
}

func (w *world) stream(name string) firehose.StreamView {
	w.t.Helper()
	for _, s := range w.a.View().Firehose.DeliveryStreams {
		if s.Name == name {
			return s
		}
	}
	w.t.Fatalf("no delivery stream %s in the view", name)
	return firehose.StreamView{}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// wantCode fails unless err is an *api.Error with code and a message
// containing msg.
func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("got %v, want %s containing %q", err, code, msg)
	}
}

// events returns the step events of type typ made since seq.
func steps(a *cloud.Account, since int, typ string) []api.StepEvent {
	var out []api.StepEvent
	for _, e := range a.StepEventsSince(since) {
		if e.Service == "firehose" && e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}
