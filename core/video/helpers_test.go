package video_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/video"
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

// create makes an ACTIVE video stream keeping retention hours of data,
// and returns its ARN.
func (e *tenv) create(name string, retention int) string {
	e.t.Helper()
	arn := e.call("kinesisvideo:CreateStream", map[string]any{"StreamName": name, "DataRetentionInHours": retention})["StreamARN"].(string)
	e.advance(video.CreateMillis)
	return arn
}

// frames returns n frames of the playground's media format, each pixel of
// frame i at grey level base+i.
func frames(n, base int) []byte {
	b := make([]byte, 0, n*video.FrameWidth*video.FrameHeight)
	for i := range n {
		for range video.FrameWidth * video.FrameHeight {
			b = append(b, byte(base+i))
		}
	}
	return b
}

// put sends one fragment of n frames produced at producer.
func (e *tenv) put(stream string, n int, producer string) string {
	e.t.Helper()
	in := map[string]any{"StreamName": stream, "Payload": frames(n, 0), "FragmentLengthInMilliseconds": 1000}
	if producer != "" {
		in["ProducerStartTimestamp"] = producer
	}
	out := into[struct{ Acks []video.Ack }](e, "kinesisvideo:PutMedia", in)
	return out.Acks[0].FragmentNumber
}

// user makes IAM user name with an inline policy allowing actions.
func (e *tenv) user(name string, actions ...string) string {
	e.t.Helper()
	e.call("iam:CreateUser", map[string]any{"UserName": name})
	pol, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}}})
	e.call("iam:PutUserPolicy", map[string]any{"UserName": name, "PolicyName": "p", "PolicyDocument": string(pol)})
	return "arn:aws:iam::123456789012:user/" + name
}
