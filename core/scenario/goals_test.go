package scenario

import (
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
)

const goalsScenario = `{
  "format": "cloudplay-scenario/1",
  "goals": [
    {"title": "There is a group called Finance", "check": {"op": "iam:GetGroup", "input": {"GroupName": "Finance"}},
     "expect": {"ok": true}},
    {"title": "Bob cannot delete objects", "check": {"op": "s3:DeleteObject", "input": {"Bucket": "my-bucket", "Key": "x"},
     "as": "arn:aws:iam::123456789012:user/Bob", "dryRun": true}, "expect": {"error": "AccessDenied"}}
  ],
  "steps": [{"op": "iam:CreateUser", "input": {"UserName": "Bob"}}]
}`

// A scenario's goals are read when it loads and written back, as they
// came, on export.
func TestGoalsLoadAndExport(t *testing.T) {
	t.Parallel()
	a, m := mustLoad(t, []byte(goalsScenario))
	if len(m.Goals) != 2 || m.Goals[1].Title != "Bob cannot delete objects" || !m.Goals[1].Check.DryRun || m.Goals[1].Expect.Error != "AccessDenied" {
		t.Fatalf("Goals = %+v", m.Goals)
	}
	_, m2 := mustLoad(t, Export(a, m))
	if len(m2.Goals) != 2 || m2.Goals[0].Title != m.Goals[0].Title {
		t.Errorf("after export and load, Goals = %+v", m2.Goals)
	}
	if got := string(Export(a, m)); !strings.Contains(got, `"goals": [{"title":"There is a group called Finance"`) {
		t.Errorf("the export does not keep the goals:\n%s", got)
	}
}

// A goal that could change the account, or whose expectation has no
// meaning, stops the load with a message naming the goal and its
// position; nothing is loaded.
func TestGoalsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, goals, want string }{
		{"not a list", `{"title": "t"}`, "goals (line 2, column 12): must be a list"},
		{"mutating", `[{"title": "ok", "check": {"op": "iam:GetUser", "input": {"UserName": "Bob"}}, "expect": {"ok": true}},
    {"title": "t", "check": {"op": "iam:CreateGroup", "input": {"GroupName": "F"}}, "expect": {"ok": true}}]`,
			"goals[1] (line 3, column 5): check: iam:CreateGroup changes the account: a check must be a read-only operation, or carry \"dryRun\": true"},
		{"unknown expect", `[{"title": "t", "check": {"op": "iam:ListUsers"}, "expect": {"count": 1}}]`, `goals[0] (line 2, column 13): expect: unknown member "count"`},
		{"unknown op", `[{"title": "t", "check": {"op": "iam:Nope"}, "expect": {"ok": true}}]`, `goals[0] (line 2, column 13): check: there is no operation "iam:Nope"`},
		{"too many", "[" + strings.Repeat(`{"title": "t", "check": {"op": "iam:ListUsers"}, "expect": {"ok": true}},`, 50) + `{"title": "t", "check": {"op": "iam:ListUsers"}, "expect": {"ok": true}}]`, "goals[50] (line 2, column 3663): more than 50 goals"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "{\"format\": \"cloudplay-scenario/1\",\n  \"goals\": " + tt.goals + `, "steps": []}`
			a, _, err := Load([]byte(src))
			var e *api.Error
			if a != nil || !errors.As(err, &e) || e.Code != "InvalidScenario" || !strings.HasPrefix(e.Message, tt.want) {
				t.Errorf("Load: got %v\nwant InvalidScenario: %s", err, tt.want)
			}
		})
	}
}
