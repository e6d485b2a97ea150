package scenario

import (
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/goals"
	"cloudplay/core/scenario/builtin"
)

// learnerCall is one call of a learner's solution, made as root.
type learnerCall struct{ op, input string }

func policyInput(doc string) string {
	b, _ := json.Marshal(doc)
	return string(b)
}

const (
	fredView   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","elasticloadbalancing:Describe*"],"Resource":"*"}]}`
	bobBucket  = `{"Version":"2012-10-17","Statement":[{"Sid":"AllowS3Upload","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`
	bobOwn     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`
	afterFive  = `{"Sid":"DenyAfterFive","Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-01-05T17:00:00Z"}}}`
	beforeNine = `{"Sid":"DenyBeforeNine","Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-05T09:00:00Z"}}}`
)

// Each built-in exercise starts with goals not done; the intended
// solution, made through operations as a learner would, does every goal,
// and a plausible wrong solution leaves the goal named undone.
func TestExercises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id        string
		solutions [][]learnerCall // each does every goal
		wrong     []learnerCall
		undone    string // a goal the wrong solution leaves undone
	}{
		{"exercise-least-privilege-fred", [][]learnerCall{{
			{"iam:DetachUserPolicy", `{"UserName":"Fred","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`},
			{"iam:PutUserPolicy", `{"UserName":"Fred","PolicyName":"ViewEC2AndLoadBalancers","PolicyDocument":` + policyInput(fredView) + `}`},
		}}, []learnerCall{
			{"iam:PutUserPolicy", `{"UserName":"Fred","PolicyName":"ViewEC2AndLoadBalancers","PolicyDocument":` + policyInput(fredView) + `}`},
		}, "Fred cannot start instances"},
		{"exercise-bob-upload", [][]learnerCall{{
			{"s3:PutBucketPolicy", `{"Bucket":"my-bucket","Policy":` + policyInput(bobBucket) + `}`},
		}, {
			{"iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"Upload","PolicyDocument":` + policyInput(bobOwn) + `}`},
		}}, []learnerCall{
			{"iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/AmazonS3FullAccess"}`},
		}, "Bob cannot delete objects in my-bucket"},
		{"exercise-office-hours", [][]learnerCall{{
			{"iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"OfficeHours","PolicyDocument":` + policyInput(`{"Version":"2012-10-17","Statement":[`+beforeNine+`,`+afterFive+`]}`) + `}`},
		}}, []learnerCall{
			{"iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"OfficeHours","PolicyDocument":` + policyInput(`{"Version":"2012-10-17","Statement":[`+afterFive+`]}`) + `}`},
		}, "At 07:30 a Deny refuses Bob"},
		{"exercise-new-team-group", [][]learnerCall{{
			{"iam:CreateGroup", `{"GroupName":"Analytics"}`},
			{"iam:AddUserToGroup", `{"GroupName":"Analytics","UserName":"Gina"}`},
			{"iam:AddUserToGroup", `{"GroupName":"Analytics","UserName":"Hank"}`},
			{"iam:AttachGroupPolicy", `{"GroupName":"Analytics","PolicyArn":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}`},
		}}, []learnerCall{
			{"iam:CreateGroup", `{"GroupName":"Analytics"}`},
			{"iam:AddUserToGroup", `{"GroupName":"Analytics","UserName":"Gina"}`},
			{"iam:AddUserToGroup", `{"GroupName":"Analytics","UserName":"Hank"}`},
			{"iam:AttachUserPolicy", `{"UserName":"Gina","PolicyArn":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}`},
			{"iam:AttachUserPolicy", `{"UserName":"Hank","PolicyArn":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}`},
		}, "Gina has no managed policy of her own"},
	}
	byID := map[string][]byte{}
	for _, b := range builtin.List() {
		byID[b.ID] = b.JSON
	}
	seen := 0
	for id := range byID {
		if strings.HasPrefix(id, "exercise-") {
			seen++
		}
	}
	if seen != len(tests) {
		t.Errorf("%d built-in exercises, %d tested", seen, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			a, m := mustLoad(t, byID[tt.id])
			if len(m.Goals) == 0 || allDone(goals.Evaluate(a, m.Goals)) {
				t.Fatalf("the exercise starts done: %+v", goals.Evaluate(a, m.Goals))
			}
			for i, sol := range tt.solutions {
				a, _ := mustLoad(t, byID[tt.id])
				apply(t, a, sol)
				for _, s := range goals.Evaluate(a, m.Goals) {
					if !s.Done {
						t.Errorf("solution %d: %q not done: %s", i, s.Title, s.Detail)
					}
				}
			}
			a, _ = mustLoad(t, byID[tt.id])
			apply(t, a, tt.wrong)
			found := false
			for _, s := range goals.Evaluate(a, m.Goals) {
				if s.Title == tt.undone {
					found = true
					if s.Done || s.Detail == "" {
						t.Errorf("the wrong solution does %q", s.Title)
					}
				}
			}
			if !found {
				t.Errorf("no goal %q", tt.undone)
			}
		})
	}
}

func apply(t *testing.T, a interface {
	Call(caller, op string, input []byte) ([]byte, error)
}, calls []learnerCall) {
	t.Helper()
	for _, c := range calls {
		if _, err := a.Call(root, c.op, []byte(c.input)); err != nil {
			t.Fatalf("%s: %v", c.op, err)
		}
	}
}

func allDone(st []goals.Status) bool {
	for _, s := range st {
		if !s.Done {
			return false
		}
	}
	return true
}
