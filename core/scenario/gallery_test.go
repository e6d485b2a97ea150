package scenario

import (
	"encoding/json"
	"errors"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/scenario/builtin"
)

// TestGalleryTeachesWhatItSays checks that each built-in scenario behaves
// as its description tells the learner: who may do what, decided by
// iam:SimulatePrincipalPolicy and by real calls.
func TestGalleryTeachesWhatItSays(t *testing.T) {
	t.Parallel()
	const acct = "arn:aws:iam::123456789012:"
	type check struct {
		who, action, resource, want string
	}
	tests := []struct {
		id     string
		checks []check
	}{
		{"company", []check{
			{"user/Alice", "ec2:RunInstances", "*", "allowed"},
			{"user/David", "cloudwatch:GetMetricData", "*", "allowed"},
			{"user/David", "ec2:RunInstances", "*", "implicitDeny"},
			{"user/Charles", "iam:ListUsers", "*", "allowed"},          // Audit
			{"user/Charles", "ec2:TerminateInstances", "*", "allowed"}, // Developers
			{"user/Fred", "ec2:DescribeInstances", "*", "allowed"},
			{"user/Fred", "ec2:RunInstances", "*", "implicitDeny"},
		}},
		{"iam-inheritance", []check{
			{"user/Alice", "ec2:DescribeInstances", "*", "allowed"},
			{"user/Bob", "ec2:DescribeInstances", "*", "allowed"},
			{"user/Fred", "ec2:DescribeInstances", "*", "implicitDeny"},
		}},
		{"iam-overlap", []check{
			{"user/Alice", "iam:ListUsers", "*", "implicitDeny"},
			{"user/David", "ec2:RunInstances", "*", "implicitDeny"},
			{"user/Charles", "iam:ListUsers", "*", "allowed"},
			{"user/Charles", "ec2:RunInstances", "*", "allowed"},
		}},
		{"iam-explicit-deny", []check{
			{"user/Bob", "s3:PutObject", "arn:aws:s3:::team-bucket/notes.txt", "allowed"},
			{"user/Bob", "s3:DeleteObject", "arn:aws:s3:::team-bucket/notes.txt", "explicitDeny"},
		}},
		{"iam-least-privilege", []check{
			{"user/Alice", "s3:PutObject", "arn:aws:s3:::my-bucket/reports/jan.csv", "allowed"},
			{"user/Alice", "s3:PutObject", "arn:aws:s3:::my-bucket/other.csv", "implicitDeny"},
			{"user/Alice", "s3:DeleteObject", "arn:aws:s3:::my-bucket/reports/jan.csv", "implicitDeny"},
			{"user/Eve", "s3:DeleteBucketPolicy", "arn:aws:s3:::my-bucket", "allowed"},
		}},
		{"iam-boundary", []check{
			{"user/Dana", "s3:ListBucket", "arn:aws:s3:::shared-data", "allowed"},
			{"user/Dana", "iam:CreateUser", "arn:aws:iam::123456789012:user/Zed", "implicitDeny"},
		}},
		{"iam-assume-role", []check{
			{"user/Alice", "ecs:RunTask", "*", "implicitDeny"},
			{"role/DeployRole", "ecs:RunTask", "*", "allowed"},
		}},
	}
	byID := map[string][]byte{}
	for _, b := range builtin.List() {
		byID[b.ID] = b.JSON
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			a, _ := mustLoad(t, byID[tt.id])
			for _, c := range tt.checks {
				in, _ := json.Marshal(map[string]any{"PolicySourceArn": acct + c.who, "ActionNames": []string{c.action}, "ResourceArns": []string{c.resource}})
				out, err := a.Call(root, "iam:SimulatePrincipalPolicy", in)
				if err != nil {
					t.Fatalf("%s %s: %v", c.who, c.action, err)
				}
				var res struct {
					EvaluationResults []struct{ EvalDecision string }
				}
				json.Unmarshal(out, &res)
				if got := res.EvaluationResults[0].EvalDecision; got != c.want {
					t.Errorf("%s %s on %s: %s, want %s", c.who, c.action, c.resource, got, c.want)
				}
			}
		})
	}

	// The real calls agree: Bob's delete is refused with an explicit deny,
	// Dana's CreateUser is refused by her boundary, Alice's session acts.
	a, _ := mustLoad(t, byID["iam-explicit-deny"])
	_, err := a.Call(acct+"user/Bob", "s3:DeleteObject", []byte(`{"Bucket":"team-bucket","Key":"notes.txt"}`))
	if e := new(api.Error); !errors.As(err, &e) || e.Code != "AccessDenied" || e.Trace == nil {
		t.Errorf("Bob's delete: %v", err)
	}
	a, _ = mustLoad(t, byID["iam-boundary"])
	if _, err := a.Call(acct+"user/Dana", "iam:CreateUser", []byte(`{"UserName":"Zed"}`)); err == nil {
		t.Error("Dana created a user past her boundary")
	}
	a, m := mustLoad(t, byID["iam-assume-role"])
	if _, err := a.Call(m.ActingAs, "sts:GetCallerIdentity", nil); err != nil {
		t.Errorf("Alice's session: %v", err)
	}
	a.Advance(3601 * 1000)
	if a.CanCall(m.ActingAs) {
		t.Error("Alice's session outlived its hour")
	}
}
