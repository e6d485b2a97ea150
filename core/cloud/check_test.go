package cloud

import (
	"encoding/json"
	"reflect"
	"testing"

	"cloudplay/core/api"
)

// snapshot is everything a check must leave as it was.
type snapshot struct {
	View    View
	Events  []Event
	Journal []Step
	StepSeq int
}

func snap(a *Account) snapshot {
	return snapshot{a.View(), a.Events(), a.Journal(), a.StepSeq()}
}

// Checks (the goals of an exercise) are not logged and change nothing:
// the view, the event log, the journal and the step events are as they
// were, and the next id drawn from the seed is the one an account that saw
// no check draws.
func TestCheckChangesNothing(t *testing.T) {
	t.Parallel()
	a, twin := New(Config{Seed: 3}), New(Config{Seed: 3})
	setUp(t, a, twin)
	testOp(a, "test:Misbehave", false, halfway) // "read-only", yet it creates a user and panics
	const alice = "arn:aws:iam::123456789012:user/Alice"
	tests := []struct {
		name, caller, op, input string
		dryRun                  bool
		wantCode                string
	}{
		{"read-only", root, "iam:GetUser", `{"UserName":"Alice"}`, false, ""},
		{"list", root, "iam:ListUsers", `{}`, false, ""},
		{"simulate", root, "iam:SimulatePrincipalPolicy", `{"PolicySourceArn":"` + alice + `","ActionNames":["s3:PutObject"]}`, false, ""},
		{"object", root, "s3:GetObject", `{"Bucket":"my-bucket","Key":"a"}`, false, ""},
		{"not found", root, "iam:GetGroup", `{"GroupName":"Finance"}`, false, "NoSuchEntity"},
		{"dry run allowed", root, "iam:CreateUser", `{"UserName":"Zed"}`, true, ""},
		{"dry run denied", alice, "s3:DeleteObject", `{"Bucket":"my-bucket","Key":"a"}`, true, "AccessDenied"},
		{"dry run invalid", root, "iam:CreateUser", `{"UserNam":"Zed"}`, true, "ValidationError"},
		{"mutating without dry run", root, "iam:CreateUser", `{"UserName":"Zed"}`, false, "ValidationError"},
		{"unknown operation", root, "iam:GetUsr", `{}`, false, "UnknownOperationException"},
		{"unknown caller", "arn:aws:iam::123456789012:user/Nobody", "iam:ListUsers", `{}`, false, "InvalidClientTokenId"},
		{"panic", root, "test:Misbehave", `{}`, false, "InternalFailure"},
	}
	before := snap(a)
	for _, tt := range tests {
		out, err := a.Check(tt.caller, tt.op, []byte(tt.input), nil, tt.dryRun)
		if tt.wantCode != "" {
			wantCode(t, err, tt.wantCode, "")
		} else if err != nil || !json.Valid(out) {
			t.Errorf("%s: got %s, %v; want a JSON output", tt.name, out, err)
		}
		if tt.name == "dry run allowed" && string(out) != "{}" {
			t.Errorf("a dry run answers %s; want {}", out)
		}
		if after := snap(a); !reflect.DeepEqual(after, before) {
			t.Fatalf("%s: the check changed the account:\nbefore %+v\nafter  %+v", tt.name, before, after)
		}
	}
	// The seed's next draw is the twin's.
	in := []byte(`{"UserName":"Carol"}`)
	got, err1 := a.Call(root, "iam:CreateUser", in)
	want, err2 := twin.Call(root, "iam:CreateUser", in)
	if err1 != nil || err2 != nil || string(got) != string(want) {
		t.Errorf("after checks CreateUser made %s (%v); an account without checks made %s (%v)", got, err1, want, err2)
	}
	if n, m := len(a.Events()), len(twin.Events()); n != m {
		t.Errorf("after checks the log holds %d events; without checks %d", n, m)
	}
}

// A check inside a call (an operation checking the account while it runs)
// is refused rather than corrupting the call's bookkeeping.
func TestCheckInsideACallIsRefused(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	var inner error
	testOp(a, "test:Nested", false, func(env *api.Env, _ []byte) ([]api.Action, func() (any, error), error) {
		return nil, func() (any, error) {
			_, inner = a.Check(root, "iam:ListUsers", []byte(`{}`), nil, false)
			return map[string]any{}, nil
		}, nil
	})
	if _, err := a.Call(root, "test:Nested", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, inner, "InternalFailure", "cannot run inside a call")
}
