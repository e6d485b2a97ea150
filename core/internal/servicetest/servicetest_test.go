package servicetest

import (
	"testing"

	"cloudplay/core/cloud"
)

// An Env calls as root by default, sends a string as it is, decodes
// outputs, and checks a refusal's code and message prefix (an unknown caller is refused).
func TestEnv(t *testing.T) {
	t.Parallel()
	e := New(t, cloud.Config{})
	e.Call("kinesis:CreateStream", map[string]any{"StreamName": "s", "ShardCount": 1})
	e.Advance(1000)
	out := Into[struct{ StreamNames []string }](e, "kinesis:ListStreams", `{}`)
	if len(out.StreamNames) != 1 || out.StreamNames[0] != "s" {
		t.Fatalf("StreamNames = %v, want [s]", out.StreamNames)
	}
	e.Fail("kinesis:CreateStream", map[string]any{"StreamName": "", "ShardCount": 1}, "ValidationException",
		"1 validation error detected: Value '' at 'streamName'")
	e.FailAs("arn:aws:iam::123456789012:user/nobody", "kinesis:ListStreams", `{}`, "UnrecognizedClientException", "")
}
