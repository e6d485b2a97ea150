package simulate_test

import (
	"strings"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/testacct"
)

func session(a *cloud.Account, as string, include bool) *simulate.Session {
	buckets := map[string]bool{}
	for _, b := range a.View().S3.Buckets {
		buckets[b.Name] = b.HasPolicy
	}
	return &simulate.Session{
		Call:    func(op string, in []byte) ([]byte, error) { return a.Call(as, op, in) },
		Account: a.View().Account, Buckets: buckets, Include: include,
	}
}

// TestSessionIncludesTheBucketPolicy is the contradiction a learner met:
// the simulator said Alice may not upload to my-bucket while the log shows
// her upload. With the bucket policy included, the simulation agrees with
// the call.
func TestSessionIncludesTheBucketPolicy(t *testing.T) {
	a := testacct.Builtin(t, "company")
	alice := testacct.Prefix + "user/Alice"
	obj := "arn:aws:s3:::my-bucket/reports/x.csv"
	pairs := simulate.Pairs([]string{"s3:PutObject", "s3:GetObject", "ec2:RunInstances"}, []string{obj, "*"})

	o := session(a, a.RootARN(), true).Simulate(alice, "user", pairs, nil)
	if o.Err != nil || len(o.Results) != len(pairs) {
		t.Fatalf("results %d, err %v", len(o.Results), o.Err)
	}
	want := []string{"allowed", "implicitDeny", "implicitDeny", "implicitDeny", "allowed", "allowed"}
	for i, r := range o.Results {
		if r.Action != pairs[i].Action || r.Resource != pairs[i].Resource || r.Decision != want[i] {
			t.Errorf("result %d: %s on %s = %s, want %s on %s = %s", i, r.Action, r.Resource, r.Decision, pairs[i].Action, pairs[i].Resource, want[i])
		}
	}
	if r := o.Results[0]; r.Bucket != "my-bucket" || !strings.Contains(r.ResourcePolicy, "AllowS3Upload") || r.Trace == nil ||
		r.Trace.Policies[len(r.Trace.Policies)-1].PolicyId != "ResourcePolicy" {
		t.Errorf("PutObject result does not carry the bucket policy: %+v", r)
	}
	if len(o.Policies) != 1 || !o.Policies[0].Included || o.Policies[0].Bucket != "my-bucket" {
		t.Errorf("policies %+v", o.Policies)
	}
	// The real call agrees.
	if _, err := a.Call(alice, "s3:PutObject", []byte(`{"Bucket":"my-bucket","Key":"reports/x.csv","Body":"eA=="}`)); err != nil {
		t.Errorf("Alice's upload: %v", err)
	}

	// Left out by choice, the identity policies alone deny.
	o = session(a, a.RootARN(), false).Simulate(alice, "user", pairs[:1], nil)
	if o.Results[0].Decision != "implicitDeny" || o.Policies[0].Included || o.Policies[0].Why == "" {
		t.Errorf("without the bucket policy: %+v %+v", o.Results[0].Decision, o.Policies)
	}
	// A group cannot take it (AWS wants an IAM user as CallerArn).
	o = session(a, a.RootARN(), true).Simulate(testacct.Prefix+"group/Developers", "group", pairs[:1], nil)
	if o.Err != nil || o.Policies[0].Included || !strings.Contains(o.Policies[0].Why, "CallerArn") {
		t.Errorf("group: %v %+v", o.Err, o.Policies)
	}
}

// TestSessionReadsThePolicyAsTheActingPrincipal: Charles (Audit) may read
// bucket policies and simulate; Bob may do neither, and is told why.
func TestSessionReadsThePolicyAsTheActingPrincipal(t *testing.T) {
	a := testacct.Builtin(t, "company")
	pairs := []simulate.Pair{{"s3:PutObject", "arn:aws:s3:::my-bucket/a"}}
	o := session(a, testacct.Prefix+"user/Charles", true).Simulate(testacct.Prefix+"user/Alice", "user", pairs, nil)
	if o.Err != nil || o.Results[0].Decision != "allowed" {
		t.Errorf("as Charles: %v %+v", o.Err, o.Results)
	}
	o = session(a, testacct.Prefix+"user/Bob", true).Simulate(testacct.Prefix+"user/Alice", "user", pairs, nil)
	if o.Policies[0].Included || !strings.Contains(o.Policies[0].Why, "AccessDenied") {
		t.Errorf("as Bob: policy %+v", o.Policies)
	}
	if o.Err == nil || len(o.Results) != 0 {
		t.Errorf("as Bob: the simulation ran: %+v", o.Results)
	}
}

func TestBucketOf(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:s3:::my-bucket": "my-bucket", "arn:aws:s3:::my-bucket/a/b": "my-bucket",
		"arn:aws:s3:::*": "", "*": "", "arn:aws:ec2:us-east-1:123456789012:instance/i-1": "",
	} {
		if got := simulate.BucketOf(in); got != want {
			t.Errorf("BucketOf(%q) = %q, want %q", in, got, want)
		}
	}
}
