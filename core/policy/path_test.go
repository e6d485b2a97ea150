package policy

import (
	"strings"
	"testing"
)

// TestPathEndsInTheDecision holds the flowchart path to the decision for
// every evaluation case: a page drawing the path never contradicts the
// decision it shows.
func TestPathEndsInTheDecision(t *testing.T) {
	t.Parallel()
	for _, tt := range evalCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Evaluate(&tt.req, &tt.set, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := PathDecision(r.Trace.Path); got != r.Decision {
				t.Errorf("path %s ends in %v, decision %v", pathString(r.Trace.Path), got, r.Decision)
			}
			for i, s := range r.Trace.Path {
				if s.Exit && i != len(r.Trace.Path)-1 {
					t.Errorf("path %s goes on after an exit", pathString(r.Trace.Path))
				}
			}
			var tr Tracer
			if _, err := tr.Evaluate(&tt.req, &tt.set); err != nil {
				t.Fatal(err)
			}
			if got, want := pathString(tr.Path()), pathString(r.Trace.Path); got != want {
				t.Errorf("Tracer.Path = %s, Result's %s", got, want)
			}
		})
	}
}

// TestPath pins the path of the cases a learner meets: the steps drawn are
// the ones the engine took.
func TestPath(t *testing.T) {
	t.Parallel()
	alice := Caller{Type: User, ARN: "arn:aws:iam::123456789012:user/Alice", Account: "123456789012", Name: "Alice"}
	bucket := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::my-bucket/*"}}`
	ec2 := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}`
	put := Request{Principal: alice, Action: "s3:PutObject", Resource: "arn:aws:s3:::my-bucket/reports/x.csv"}
	tests := []struct {
		name string
		req  Request
		set  Set
		want string
	}{
		{"bucket policy naming the user allows at the resource step", put,
			Set{Identity: []Input{in("ec2", ec2, Identity)}, Resource: ptr(in("bucket", bucket, Resource))},
			"deny:no scp:skipped rcp:skipped resource:yes!"},
		{"without the bucket policy the identity step denies", put,
			Set{Identity: []Input{in("ec2", ec2, Identity)}},
			"deny:no scp:skipped rcp:skipped resource:none identity:no!"},
		{"identity allows to the end", Request{Principal: alice, Action: "ec2:RunInstances", Resource: "*"},
			Set{Identity: []Input{in("ec2", ec2, Identity)}},
			"deny:no scp:skipped rcp:skipped resource:none identity:yes boundary:none session:none"},
		{"root in its own account", Request{Principal: Caller{Type: Root, ARN: "arn:aws:iam::123456789012:root", Account: "123456789012"}, Action: "s3:PutObject", Resource: "*"},
			Set{}, "deny:no scp:skipped rcp:skipped resource:none identity:yes boundary:none session:none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Evaluate(&tt.req, &tt.set, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := pathString(r.Trace.Path); got != tt.want {
				t.Errorf("path = %s, want %s", got, tt.want)
			}
		})
	}
}

func pathString(p []PathStep) string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Step + ":" + s.Outcome)
		if s.Exit {
			b.WriteByte('!')
		}
	}
	return b.String()
}
