package cloud

import (
	"encoding/json"
	"testing"

	"cloudplay/core/api"
)

const streamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s"

// streamAccount returns an account with Alice, Bob and an active stream s.
func streamAccount(t *testing.T, steps ...string) *Account {
	t.Helper()
	a := account(t, "", "kinesis:CreateStream", `{"StreamName":"s","ShardCount":1}`)
	if err := a.Advance(5000); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(steps); i += 3 {
		caller := steps[i]
		if caller == "" {
			caller = root
		}
		if _, err := a.Call(caller, steps[i+1], []byte(steps[i+2])); err != nil {
			t.Fatalf("%s %s as %s: %v", steps[i+1], steps[i+2], caller, err)
		}
	}
	return a
}

func streamPolicy(effect, principal, resource string, actions ...string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "S", "Effect": effect, "Principal": map[string]any{"AWS": principal}, "Action": actions, "Resource": resource}}})
	return string(b)
}

const putRecord = `{"StreamName":"s","PartitionKey":"k","Data":"aGk="}`

// A Kinesis stream's resource policy authorises as AWS documents it
// (https://docs.aws.amazon.com/streams/latest/dev/resource-based-policy-examples.html):
// within the account, a policy naming Bob lets him write with no
// identity-based policy of his own; Alice, not named, stays denied.
func TestStreamPolicyAllowsAnotherUser(t *testing.T) {
	t.Parallel()
	a := streamAccount(t, "", "kinesis:PutResourcePolicy",
		`{"ResourceARN":"`+streamARN+`","Policy":`+q(streamPolicy("Allow", bob, streamARN, "kinesis:PutRecord"))+`}`)
	if _, err := a.Call(bob, "kinesis:PutRecord", []byte(putRecord)); err != nil {
		t.Fatalf("the stream policy does not let Bob write: %v", err)
	}
	_, err := a.Call(alice, "kinesis:PutRecord", []byte(putRecord))
	wantCode(t, err, "AccessDeniedException", "User: "+alice+" is not authorized to perform: kinesis:PutRecord on resource: "+streamARN+" because no identity-based policy allows the kinesis:PutRecord action")
	ev := a.Events()
	if last := ev[len(ev)-1]; last.Error == nil || len(last.Actions) != 1 || last.Actions[0].Decision != ImplicitDeny {
		t.Fatalf("the denial is logged as %+v", last)
	}
}

// An explicit deny in a stream policy binds even the root user, except
// for the resource-policy actions the owner's root keeps (API_PutResourcePolicy).
func TestStreamPolicyDenyBindsRootButNotFromItsPolicy(t *testing.T) {
	t.Parallel()
	a := streamAccount(t, "", "kinesis:PutResourcePolicy",
		`{"ResourceARN":"`+streamARN+`","Policy":`+q(streamPolicy("Deny", "*", streamARN, "kinesis:*"))+`}`)
	_, err := a.Call(root, "kinesis:PutRecord", []byte(putRecord))
	e := wantCode(t, err, "AccessDeniedException", "with an explicit deny in a resource-based policy")
	if e.Trace == nil {
		t.Fatal("the denial carries no trace")
	}
	if _, err := a.Call(root, "kinesis:GetResourcePolicy", []byte(`{"ResourceARN":"`+streamARN+`"}`)); err != nil {
		t.Fatalf("root may not read its stream's policy: %v", err)
	}
	if _, err := a.Call(root, "kinesis:DeleteResourcePolicy", []byte(`{"ResourceARN":"`+streamARN+`"}`)); err != nil {
		t.Fatalf("root may not delete its stream's policy: %v", err)
	}
	if _, err := a.Call(root, "kinesis:PutRecord", []byte(putRecord)); err != nil {
		t.Fatalf("root still denied after deleting the policy: %v", err)
	}
}

// A consumer's own policy governs the actions on the consumer's ARN, not
// the stream's.
func TestConsumerPolicyGovernsTheConsumer(t *testing.T) {
	t.Parallel()
	a := streamAccount(t)
	out, err := a.Call(root, "kinesis:RegisterStreamConsumer", []byte(`{"StreamARN":"`+streamARN+`","ConsumerName":"c"}`))
	if err != nil {
		t.Fatal(err)
	}
	var reg struct{ Consumer struct{ ConsumerARN string } }
	if err := json.Unmarshal(out, &reg); err != nil {
		t.Fatal(err)
	}
	carn := reg.Consumer.ConsumerARN
	if _, err := a.Call(root, "kinesis:PutResourcePolicy", []byte(`{"ResourceARN":"`+carn+`","Policy":`+q(streamPolicy("Allow", bob, carn, "kinesis:DescribeStreamConsumer"))+`}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(bob, "kinesis:DescribeStreamConsumer", []byte(`{"ConsumerARN":"`+carn+`"}`)); err != nil {
		t.Fatalf("the consumer policy does not let Bob describe it: %v", err)
	}
	_, err = a.Call(bob, "kinesis:DescribeStreamSummary", []byte(`{"StreamName":"s"}`))
	wantCode(t, err, "AccessDeniedException", "because no identity-based policy allows the kinesis:DescribeStreamSummary action")
}

// A policy the engine cannot read is refused when it is put, so it never
// stands between the stream and its callers.
func TestStreamPolicyMustParse(t *testing.T) {
	t.Parallel()
	a := streamAccount(t)
	bad := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + bob + `"},"Action":"kinesis:PutRecord","Resource":"*","Condition":{"StringEqualz":{"aws:username":"b"}}}]}`
	_, err := a.Call(root, "kinesis:PutResourcePolicy", []byte(`{"ResourceARN":"`+streamARN+`","Policy":`+q(bad)+`}`))
	wantCode(t, err, "InvalidArgumentException", "Invalid policy")
	if _, err := a.Call(root, "kinesis:PutRecord", []byte(putRecord)); err != nil {
		t.Fatalf("the refused policy was stored: %v", err)
	}
}

// Each service prefix answers in its own words, built or not: the list of
// services replaced a map of prefixes in core/cloud.
func TestEveryPrefixKeepsItsWords(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	nobody := "arn:aws:iam::123456789012:user/Nobody"
	tests := []struct{ op, code string }{
		{"iam:ListUsers", "InvalidClientTokenId"},
		{"sts:GetCallerIdentity", "InvalidClientTokenId"},
		{"s3:ListBuckets", "InvalidAccessKeyId"},
		{"kinesis:ListStreams", "UnrecognizedClientException"},
		{"access-analyzer:ValidatePolicy", "UnrecognizedClientException"},
	}
	for _, tt := range tests {
		_, err := a.Call(nobody, tt.op, []byte(`{}`))
		wantCode(t, err, tt.code, "")
	}
	for prefix, code := range map[string]string{"iam": "ValidationError", "s3": "InvalidArgument", "kinesis": "InvalidArgumentException",
		"ecs": "InvalidParameterException", "firehose": "InvalidArgumentException", "ec2": "InvalidParameterValue", "nosuch": "ValidationException"} {
		if _, got := a.service(prefix + ":X"); got != code {
			t.Errorf("validation code of %s is %s, want %s", prefix, got, code)
		}
	}
	if proto, _ := a.service("ecr:X"); proto != api.JSON {
		t.Errorf("ecr speaks %v, want JSON", proto)
	}
}

// A descriptor whose operation is named with another prefix is a
// programmer's error, caught when the account is made.
func TestDescriptorOpsMatchPrefix(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("an operation of another prefix was registered")
		}
	}()
	New(Config{}).register(api.Descriptor{Prefix: "test", Ops: []api.Op{{Name: "other:Op"}}})
}
