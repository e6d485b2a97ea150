package video_test

import (
	"encoding/json"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
	"cloudplay/core/video"
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

// create makes an ACTIVE video stream keeping retention hours of data,
// and returns its ARN.
func (e *tenv) create(name string, retention int) string {
	e.T.Helper()
	arn := e.Call("kinesisvideo:CreateStream", map[string]any{"StreamName": name, "DataRetentionInHours": retention})["StreamARN"].(string)
	e.Advance(video.CreateMillis)
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
	e.T.Helper()
	in := map[string]any{"StreamName": stream, "Payload": frames(n, 0), "FragmentLengthInMilliseconds": 1000}
	if producer != "" {
		in["ProducerStartTimestamp"] = producer
	}
	out := into[struct{ Acks []video.Ack }](e, "kinesisvideo:PutMedia", in)
	return out.Acks[0].FragmentNumber
}

// user makes IAM user name with an inline policy allowing actions.
func (e *tenv) user(name string, actions ...string) string {
	e.T.Helper()
	e.Call("iam:CreateUser", map[string]any{"UserName": name})
	pol, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}}})
	e.Call("iam:PutUserPolicy", map[string]any{"UserName": name, "PolicyName": "p", "PolicyDocument": string(pol)})
	return "arn:aws:iam::123456789012:user/" + name
}
