package policy

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "update golden files")

const (
	acct  = "123456789012"
	other = "444455556666"
)

var (
	bob = Caller{Type: User, ARN: "arn:aws:iam::123456789012:user/Bob", Account: acct, Name: "Bob", UserID: "AIDABOB"}
	// A session of role Dev.
	devSession = Caller{Type: AssumedRole, ARN: "arn:aws:sts::123456789012:assumed-role/Dev/s1", Account: acct,
		Issuer: "arn:aws:iam::123456789012:role/Dev", UserID: "AROADEV:s1"}
	root      = Caller{Type: Root, ARN: "arn:aws:iam::123456789012:root", Account: acct}
	otherUser = Caller{Type: User, ARN: "arn:aws:iam::444455556666:user/Zoe", Account: other, Name: "Zoe"}
	anonymous = Caller{Type: Anonymous}
)

func in(id, text string, kind Kind) Input {
	return Input{ID: id, Policy: MustParse(text, kind)}
}

func ptr[T any](v T) *T { return &v }

const (
	allowS3All     = `{"Version":"2012-10-17","Statement":{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	allowEverthing = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
)

type evalCase struct {
	name string
	req  Request
	set  Set
	want Decision
	// deciding statements, as "PolicyId[index]"
	deciding []string
}

// evalCases are the golden scenarios. Each cites the AWS page it checks.
func evalCases() []evalCase {
	bucketObj := "arn:aws:s3:::doc-bucket/report.csv"
	return []evalCase{
		{
			// "An explicit deny in any policy overrides any allows"
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
			name: "explicit deny beats allow",
			req:  Request{Principal: bob, Action: "s3:DeleteObject", Resource: bucketObj},
			set: Set{Identity: []Input{
				in("PolicyInputList.1", allowS3All, Identity),
				in("PolicyInputList.2", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DenyDelete\",\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:Delete*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}", Identity),
			}},
			want: ExplicitDeny, deciding: []string{"PolicyInputList.2[0]"},
		},
		{
			name: "implicit deny by default",
			req:  Request{Principal: bob, Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Eve"},
			set:  Set{Identity: []Input{in("p1", allowS3All, Identity)}},
			want: ImplicitDeny,
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
			name: "NotAction allow",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, Identity)}},
			want: Allowed, deciding: []string{"p1[0]"},
		},
		{
			name: "NotAction does not allow the listed actions",
			req:  Request{Principal: bob, Action: "iam:CreateUser", Resource: "*"},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, Identity)}},
			want: ImplicitDeny,
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
			name: "NotResource deny",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: "arn:aws:s3:::secret/x"},
			set: Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:*","Resource":"*"},
  {"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::doc-bucket","arn:aws:s3:::doc-bucket/*"]}]}`, Identity)}},
			want: ExplicitDeny, deciding: []string{"p1[1]"},
		},
		{
			name: "NotResource lets the listed resources through",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:*","Resource":"*"},
  {"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::doc-bucket","arn:aws:s3:::doc-bucket/*"]}]}`, Identity)}},
			want: Allowed, deciding: []string{"p1[0]"},
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
			name: "NotPrincipal deny spares the listed user and account",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{
				Identity: []Input{in("p1", allowS3All, Identity)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::123456789012:user/Bob","arn:aws:iam::123456789012:root"]},"Action":"s3:*","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: Allowed, deciding: []string{"p1[0]"},
		},
		{
			name: "NotPrincipal deny without the account denies the user",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{
				Identity: []Input{in("p1", allowS3All, Identity)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"s3:*","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: ExplicitDeny, deciding: []string{"bucket[0]"},
		},
		{
			name: "NotPrincipal deny always denies a principal with a permissions boundary",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{
				Identity: []Input{in("p1", allowS3All, Identity)},
				Boundary: []Input{in("boundary", allowS3All, Boundary)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::123456789012:user/Bob","123456789012"]},"Action":"s3:*","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: ExplicitDeny, deciding: []string{"bucket[0]"},
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
			name: "boundary intersects identity policy",
			req:  Request{Principal: bob, Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Eve"},
			set: Set{
				Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}}`, Identity)},
				Boundary: []Input{in("boundary", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}}`, Boundary)},
			},
			want: ImplicitDeny,
		},
		{
			name: "boundary and identity both allow",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{
				Identity: []Input{in("p1", allowS3All, Identity)},
				Boundary: []Input{in("boundary", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}}`, Boundary)},
			},
			want: Allowed, deciding: []string{"p1[0]", "boundary[0]"},
		},
		{
			// "resource-based policies that grant permissions to an IAM user
			// ARN are not limited by an implicit deny in a permissions boundary"
			name: "resource policy naming the user is not limited by the boundary",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj},
			set: Set{
				Boundary: []Input{in("boundary", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}`, Boundary)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: Allowed, deciding: []string{"bucket[0]"},
		},
		{
			// Session policies: the session ARN named in a resource policy is
			// not limited by the session policy; the role ARN is.
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
			name: "session policy limits the role session",
			req:  Request{Principal: devSession, Action: "s3:PutObject", Resource: bucketObj},
			set: Set{
				Identity: []Input{in("role-policy", allowS3All, Identity)},
				Session:  []Input{in("session", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, Session)},
			},
			want: ImplicitDeny,
		},
		{
			name: "resource policy naming the session ARN is not limited by the session policy",
			req:  Request{Principal: devSession, Action: "s3:PutObject", Resource: bucketObj},
			set: Set{
				Session:  []Input{in("session", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, Session)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::123456789012:assumed-role/Dev/s1"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: Allowed, deciding: []string{"bucket[0]"},
		},
		{
			name: "resource policy naming the role ARN is limited by the session policy",
			req:  Request{Principal: devSession, Action: "s3:PutObject", Resource: bucketObj},
			set: Set{
				Session:  []Input{in("session", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, Session)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Dev"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: ImplicitDeny,
		},
		{
			name: "resource policy naming the role ARN allows within the boundary",
			req:  Request{Principal: devSession, Action: "s3:PutObject", Resource: bucketObj},
			set: Set{
				Boundary: []Input{in("boundary", allowS3All, Boundary)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Dev"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: Allowed, deciding: []string{"bucket[0]", "boundary[0]"},
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
			name: "cross-account needs the resource policy",
			req:  Request{Principal: otherUser, Action: "s3:GetObject", Resource: bucketObj, ResourceAccount: acct},
			set:  Set{Identity: []Input{in("zoe", allowS3All, Identity)}},
			want: ImplicitDeny,
		},
		{
			name: "cross-account needs the identity policy",
			req:  Request{Principal: otherUser, Action: "s3:GetObject", Resource: bucketObj, ResourceAccount: acct},
			set:  Set{Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/Zoe"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource))},
			want: ImplicitDeny,
		},
		{
			name: "cross-account with both sides",
			req:  Request{Principal: otherUser, Action: "s3:GetObject", Resource: bucketObj, ResourceAccount: acct},
			set: Set{
				Identity: []Input{in("zoe", allowS3All, Identity)},
				Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource)),
			},
			want: Allowed, deciding: []string{"zoe[0]", "bucket[0]"},
		},
		{
			name: "root may do anything in its account",
			req:  Request{Principal: root, Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Eve"},
			set:  Set{},
			want: Allowed,
		},
		{
			// https://repost.aws/knowledge-center/s3-accidentally-denied-access
			// (The bucket-policy actions themselves stay open to the bucket
			// owner's root: S3 exempts them before evaluation, in the
			// account's authoriser; see DeleteBucketPolicy in the S3 API
			// reference.)
			name: "root locked out by a bucket policy explicit deny",
			req:  Request{Principal: root, Action: "s3:ListBucket", Resource: "arn:aws:s3:::doc-bucket"},
			set:  Set{Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::doc-bucket","arn:aws:s3:::doc-bucket/*"]}}`, Resource))},
			want: ExplicitDeny, deciding: []string{"bucket[0]"},
		},
		{
			name: "anonymous read of a public bucket",
			req:  Request{Principal: anonymous, Action: "s3:GetObject", Resource: bucketObj, ResourceAccount: acct},
			set:  Set{Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource))},
			want: Allowed, deciding: []string{"bucket[0]"},
		},
		{
			name: "anonymous is refused without a resource policy",
			req:  Request{Principal: anonymous, Action: "s3:GetObject", Resource: bucketObj, ResourceAccount: acct},
			set:  Set{Resource: ptr(in("bucket", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::doc-bucket/*"}}`, Resource))},
			want: ImplicitDeny,
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
			name: "resource variable with default",
			req:  Request{Principal: devSession, Action: "s3:GetObject", Resource: "arn:aws:s3:::home/shared/x"},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username, 'shared'}/*"}}`, Identity)}},
			want: Allowed, deciding: []string{"p1[0]"},
		},
		{
			name: "resource variable without value does not match",
			req:  Request{Principal: devSession, Action: "s3:GetObject", Resource: "arn:aws:s3:::home/x"},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}*"}}`, Identity)}},
			want: ImplicitDeny,
		},
		{
			name: "version 2008 does not substitute",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: "arn:aws:s3:::home/Bob/x"},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`, Identity)}},
			want: ImplicitDeny,
		},
		{
			name: "condition IpAddress refuses another address",
			req:  Request{Principal: bob, Action: "s3:GetObject", Resource: bucketObj, Context: ctx("aws:SourceIp", "198.51.100.7")},
			set:  Set{Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`, Identity)}},
			want: ImplicitDeny,
		},
		{
			// "To allow a user to assume a role in the same account, ... add
			// the user as a principal directly in the role's trust policy"
			// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
			name: "trust policy naming the user",
			req:  Request{Principal: bob, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/Dev"},
			set:  Set{Resource: ptr(in("trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"sts:AssumeRole"}}`, Trust))},
			want: Allowed, deciding: []string{"trust[0]"},
		},
		{
			name: "trust policy naming the account needs an identity policy",
			req:  Request{Principal: bob, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/Dev"},
			set:  Set{Resource: ptr(in("trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}`, Trust))},
			want: ImplicitDeny,
		},
		{
			name: "trust policy naming the account with an identity policy",
			req:  Request{Principal: bob, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/Dev"},
			set: Set{
				Identity: []Input{in("p1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/*"}}`, Identity)},
				Resource: ptr(in("trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}`, Trust)),
			},
			want: Allowed, deciding: []string{"p1[0]", "trust[0]"},
		},
		{
			// "If a permissions boundary is set for the user, then it must
			// allow the sts:AssumeRole action."
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
			name: "trust policy naming the user is limited by the boundary",
			req:  Request{Principal: bob, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/Dev"},
			set: Set{
				Boundary: []Input{in("boundary", allowS3All, Boundary)},
				Resource: ptr(in("trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"sts:AssumeRole"}}`, Trust)),
			},
			want: ImplicitDeny,
		},
		{
			name: "service principal in a trust policy",
			req:  Request{Principal: Caller{Type: Service, ARN: "ecs-tasks.amazonaws.com"}, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/Task"},
			set:  Set{Resource: ptr(in("trust", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}}`, Trust))},
			want: Allowed, deciding: []string{"trust[0]"},
		},
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	for _, tt := range evalCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The decision without a trace must be the same.
			fast, err := Evaluate(&tt.req, &tt.set, false)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Evaluate(&tt.req, &tt.set, true)
			if err != nil {
				t.Fatal(err)
			}
			if fast.Decision != tt.want || r.Decision != tt.want {
				t.Fatalf("decision = %v (traced %v), want %v\ntrace: %s", fast.Decision, r.Decision, tt.want, mustJSON(r))
			}
			if fast.Trace != nil {
				t.Errorf("trace built without being asked for")
			}
			var deciding []string
			for _, d := range r.Trace.DecidingStatements {
				deciding = append(deciding, d.String())
			}
			if diff := cmp.Diff(tt.deciding, deciding); diff != "" {
				t.Errorf("deciding statements (-want +got):\n%s", diff)
			}
			golden(t, filepath.Join("testdata", "eval", strings.ReplaceAll(tt.name, " ", "_")+".json"), mustJSON(r))
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// golden compares got with the file, rewriting it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestEvaluateSetErrors(t *testing.T) {
	t.Parallel()
	req := &Request{Principal: bob, Action: "s3:GetObject", Resource: "*"}
	tests := []struct {
		name string
		set  *Set
		want string
	}{
		{"nil set", nil, "policy.Evaluate: nil Set"},
		{"nil policy", &Set{Identity: []Input{{ID: "p"}}}, `policy.Evaluate: policy "p" is nil`},
		{"resource policy as identity", &Set{Identity: []Input{in("p", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`, Resource)}},
			`policy.Evaluate: policy "p" is a resource policy in the wrong place of the Set`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Evaluate(req, tt.set, false)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestTraceShape checks the trace JSON has exactly the members of
// CONTRACT.md "The explanation (Trace)".
func TestTraceShape(t *testing.T) {
	t.Parallel()
	tc := evalCases()[0]
	r, err := Evaluate(&tc.req, &tc.set, true)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(mustJSON(r.Trace), &m); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		return ks
	}
	opt := cmp.Transformer("sort", func(in []string) []string {
		out := append([]string(nil), in...)
		for i := range out {
			for j := i + 1; j < len(out); j++ {
				if out[j] < out[i] {
					out[i], out[j] = out[j], out[i]
				}
			}
		}
		return out
	})
	if diff := cmp.Diff([]string{"Decision", "DecidingStatements", "Policies", "Path"}, keys(m), opt); diff != "" {
		t.Errorf("trace members (-want +got):\n%s", diff)
	}
	pol := m["Policies"].([]any)[1].(map[string]any)
	if diff := cmp.Diff([]string{"PolicyId", "PolicyType", "Statements"}, keys(pol), opt); diff != "" {
		t.Errorf("policy members (-want +got):\n%s", diff)
	}
	st := pol["Statements"].([]any)[0].(map[string]any)
	want := []string{"StatementIndex", "Sid", "Effect", "Matched", "Reason", "StartPosition", "EndPosition"}
	if diff := cmp.Diff(want, keys(st), opt); diff != "" {
		t.Errorf("statement members (-want +got):\n%s", diff)
	}
	// The contract's example: DenyDelete spans 3:5 to 9:6... here 4:5 to 9:6.
	if got := st["StartPosition"].(map[string]any); got["Line"] != 4.0 || got["Column"] != 5.0 {
		t.Errorf("StartPosition = %v, want Line 4 Column 5", got)
	}
	if got := st["EndPosition"].(map[string]any); got["Line"] != 9.0 || got["Column"] != 6.0 {
		t.Errorf("EndPosition = %v, want Line 9 Column 6", got)
	}
}

func TestMissingContextValues(t *testing.T) {
	t.Parallel()
	p := MustParse(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/dept}/*",
		"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:username":"Bob"}}}}`, Identity)
	req := &Request{Principal: bob, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/x/y", Context: ctx("aws:securetransport", "true")}
	r, err := Evaluate(req, &Set{Identity: []Input{{ID: "p", Policy: p}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aws:PrincipalTag/dept", "aws:SourceIp"}
	if diff := cmp.Diff(want, r.MissingContextValues); diff != "" {
		t.Errorf("MissingContextValues (-want +got):\n%s", diff)
	}
}
