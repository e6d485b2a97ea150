package goals

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"cloudplay/core/cloud"
)

const (
	root  = "arn:aws:iam::123456789012:root"
	alice = "arn:aws:iam::123456789012:user/Alice"
)

// account returns an account where Alice may put objects into my-bucket
// and nothing else.
func account(t *testing.T) *cloud.Account {
	t.Helper()
	a := cloud.New(cloud.Config{Seed: 7})
	for _, c := range []struct{ op, in string }{
		{"iam:CreateUser", `{"UserName":"Alice"}`},
		{"iam:CreateUser", `{"UserName":"Bob"}`},
		{"s3:CreateBucket", `{"Bucket":"my-bucket"}`},
		{"iam:PutUserPolicy", `{"UserName":"Alice","PolicyName":"Put","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"},{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"}`},
	} {
		if _, err := a.Call(root, c.op, []byte(c.in)); err != nil {
			t.Fatalf("%s: %v", c.op, err)
		}
	}
	return a
}

func mustParse(t *testing.T, a *cloud.Account, src string) Goal {
	t.Helper()
	g, err := Parse([]byte(src), a)
	if err != nil {
		t.Fatalf("Parse(%s): %v", src, err)
	}
	return g
}

func simulate(action, resource string) string {
	return `{"op":"iam:SimulatePrincipalPolicy","input":{"PolicySourceArn":"` + alice + `","ActionNames":["` + action + `"],"ResourceArns":["` + resource + `"]}}`
}

// Each form of expect, done and not done, with the reason a goal is not
// done.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, check, expect string
		done                bool
		detail              string // a part of the detail when not done
	}{
		{"ok", `{"op":"iam:GetUser","input":{"UserName":"Alice"}}`, `{"ok":true}`, true, ""},
		{"ok, but the check fails", `{"op":"iam:GetGroup","input":{"GroupName":"Finance"}}`, `{"ok":true}`, false, "iam:GetGroup failed: NoSuchEntity"},
		{"error", `{"op":"iam:GetGroup","input":{"GroupName":"Finance"}}`, `{"error":"NoSuchEntity"}`, true, ""},
		{"error, but it succeeds", `{"op":"iam:GetUser","input":{"UserName":"Bob"}}`, `{"error":"NoSuchEntity"}`, false, "succeeded; want the error NoSuchEntity"},
		{"error, but another", `{"op":"iam:GetUser","input":{"UserNam":"Bob"}}`, `{"error":"NoSuchEntity"}`, false, "failed with ValidationError"},
		{"dry run denied", `{"op":"s3:DeleteObject","input":{"Bucket":"my-bucket","Key":"x"},"as":"` + alice + `","dryRun":true}`, `{"error":"AccessDenied"}`, true, ""},
		{"dry run allowed", `{"op":"s3:PutObject","input":{"Bucket":"my-bucket","Key":"x","Body":"aGk="},"as":"` + alice + `","dryRun":true}`, `{"ok":true}`, true, ""},
		{"dry run, expected denied", `{"op":"s3:PutObject","input":{"Bucket":"my-bucket","Key":"x","Body":"aGk="},"as":"` + alice + `","dryRun":true}`, `{"error":"AccessDenied"}`, false, "succeeded"},
		{"allowed", simulate("s3:PutObject", "arn:aws:s3:::my-bucket/x"), `{"decision":"allowed"}`, true, ""},
		{"implicitDeny", simulate("s3:GetObject", "arn:aws:s3:::my-bucket/x"), `{"decision":"implicitDeny"}`, true, ""},
		{"explicitDeny", simulate("s3:DeleteObject", "arn:aws:s3:::my-bucket/x"), `{"decision":"explicitDeny"}`, true, ""},
		{"decision differs", simulate("s3:GetObject", "arn:aws:s3:::my-bucket/x"), `{"decision":"allowed"}`, false, "s3:GetObject on arn:aws:s3:::my-bucket/x: implicitDeny; want allowed"},
		{"decision of every action", `{"op":"iam:SimulatePrincipalPolicy","input":{"PolicySourceArn":"` + alice + `","ActionNames":["s3:PutObject","s3:GetObject"],"ResourceArns":["arn:aws:s3:::my-bucket/x"]}}`, `{"decision":"allowed"}`, false, "s3:GetObject"},
		{"simulation fails", `{"op":"iam:SimulatePrincipalPolicy","input":{"PolicySourceArn":"arn:aws:iam::123456789012:user/Nobody","ActionNames":["s3:GetObject"]}}`, `{"decision":"allowed"}`, false, "NoSuchEntity"},
		{"path", `{"op":"iam:ListUsers"}`, `{"path":"Users.#.UserName","equals":["Alice","Bob"]}`, true, ""},
		{"path differs", `{"op":"iam:ListUsers"}`, `{"path":"Users.#.UserName","equals":["Alice"]}`, false, `Users.#.UserName is ["Alice","Bob"]; want ["Alice"]`},
		{"path number", `{"op":"iam:ListUsers"}`, `{"path":"Users.#","equals":2.0}`, true, ""},
		{"path object", `{"op":"iam:GetUser","input":{"UserName":"Bob"}}`, `{"path":"User.{UserName,Path}","equals":{"Path":"/","UserName":"Bob"}}`, true, ""},
		{"path missing", `{"op":"iam:ListUsers"}`, `{"path":"Groups.0","equals":"x"}`, false, "Groups.0 is not in the output"},
		{"path null", `{"op":"iam:ListUsers"}`, `{"path":"Marker","equals":null}`, false, "not in the output"},
		{"unknown caller", `{"op":"iam:ListUsers","as":"arn:aws:iam::123456789012:user/Nobody"}`, `{"ok":true}`, false, "InvalidClientTokenId"},
		{"bad context", `{"op":"iam:ListUsers","context":{"aws:SourceIp":{"x":1}}}`, `{"ok":true}`, false, "failed"},
	}
	a := account(t)
	before := a.View()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustParse(t, a, `{"title":"`+tt.name+`","check":`+tt.check+`,"expect":`+tt.expect+`}`)
			got := Evaluate(a, []Goal{g})
			if len(got) != 1 || got[0].Title != tt.name || got[0].Done != tt.done || !strings.Contains(got[0].Detail, tt.detail) || (tt.done && got[0].Detail != "") {
				t.Errorf("got %+v; want done %v with detail containing %q", got, tt.done, tt.detail)
			}
		})
	}
	if !reflect.DeepEqual(a.View(), before) || len(a.Events()) != 4 {
		t.Errorf("evaluating goals changed the account or logged %d events", len(a.Events())-4)
	}
}

func TestEvaluateNoGoals(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(Evaluate(cloud.New(cloud.Config{}), nil))
	if string(b) != "[]" {
		t.Errorf("no goals marshal as %s; want []", b)
	}
}

// Goals that could never be checked, or that would change the account,
// are refused when the scenario loads, naming the member at fault.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", MaxTitle+1)
	tests := []struct{ name, src, want string }{
		{"not an object", `[1]`, "a goal is"},
		{"unknown member", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"ok":true},"points":3}`, `unknown member "points"`},
		{"no title", `{"check":{"op":"iam:ListUsers"},"expect":{"ok":true}}`, "title is missing"},
		{"blank title", `{"title":"  ","check":{"op":"iam:ListUsers"},"expect":{"ok":true}}`, "title is missing"},
		{"long title", `{"title":"` + long + `","check":{"op":"iam:ListUsers"},"expect":{"ok":true}}`, "longer than 200"},
		{"no check", `{"title":"t","expect":{"ok":true}}`, "check is missing"},
		{"no expect", `{"title":"t","check":{"op":"iam:ListUsers"}}`, "expect is missing"},
		{"no op", `{"title":"t","check":{"input":{}},"expect":{"ok":true}}`, "check: op is missing"},
		{"unknown check member", `{"title":"t","check":{"op":"iam:ListUsers","dryrun":true,"caller":"x"},"expect":{"ok":true}}`, `unknown member "caller"`},
		{"unknown op", `{"title":"t","check":{"op":"iam:ListUser"},"expect":{"ok":true}}`, `there is no operation "iam:ListUser"`},
		{"mutating", `{"title":"t","check":{"op":"iam:CreateUser","input":{"UserName":"x"}},"expect":{"ok":true}}`, `iam:CreateUser changes the account`},
		{"mutating, dryRun false", `{"title":"t","check":{"op":"s3:PutObject","dryRun":false},"expect":{"ok":true}}`, `changes the account`},
		{"input not an object", `{"title":"t","check":{"op":"iam:ListUsers","input":"{}"},"expect":{"ok":true}}`, "input must be a JSON object"},
		{"expect unknown form", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"count":2}}`, `unknown member "count"`},
		{"expect empty", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{}}`, "exactly one of"},
		{"expect two forms", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"ok":true,"error":"X"}}`, "exactly one of"},
		{"expect not an object", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":true}`, "expect: must be an object"},
		{"ok false", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"ok":false}}`, "ok must be true"},
		{"error empty", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"error":""}}`, "error must be an error code"},
		{"decision unknown", `{"title":"t","check":` + simulate("s3:GetObject", "*") + `,"expect":{"decision":"Allowed"}}`, "decision must be one of allowed, implicitDeny, explicitDeny"},
		{"decision of no simulation", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"decision":"allowed"}}`, "the check's op must be iam:SimulatePrincipalPolicy"},
		{"path without equals", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"path":"Users"}}`, "exactly one of"},
		{"path empty", `{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"path":"","equals":1}}`, "path must be a gjson path"},
		{"long op quoted short", `{"title":"t","check":{"op":"` + strings.Repeat("x", 500) + `"},"expect":{"ok":true}}`, "…"},
	}
	a := cloud.New(cloud.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.src), a)
			if err == nil || !strings.Contains(err.Error(), tt.want) || len(err.Error()) > 400 {
				t.Errorf("Parse: got %v; want an error containing %q", err, tt.want)
			}
		})
	}
}
