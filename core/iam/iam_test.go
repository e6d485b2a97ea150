package iam

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

const (
	acct    = "123456789012"
	rootARN = "arn:aws:iam::123456789012:root"
	start   = sim.Time(1767225600000) // 2026-01-01T00:00:00Z
)

// fixture is a directory with its operations and an environment to call
// them in, as the cloud dispatcher would build it.
type fixture struct {
	s   *Service
	env *api.Env
	ops map[string]api.Op
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := New(acct)
	f := &fixture{s: s, ops: map[string]api.Op{}}
	f.env = &api.Env{
		Caller:  api.Principal{ARN: rootARN, Account: acct, Type: api.Root, Name: "root", ID: acct},
		Account: acct,
		Region:  "us-east-1",
		Now:     start,
		Rand:    sim.NewRand(1),
	}
	for _, op := range s.Ops() {
		f.ops[op.Name] = op
	}
	return f
}

// call runs op with input as the dispatcher does (Prepare, then run, with
// every action allowed) and returns the output as JSON.
func (f *fixture) call(op, input string) (string, error) {
	o, ok := f.ops[op]
	if !ok {
		return "", fmt.Errorf("no operation %s", op)
	}
	_, run, err := o.Prepare(f.env, []byte(input))
	if err != nil {
		return "", err
	}
	out, err := run()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// do runs calls that must succeed.
func (f *fixture) do(t *testing.T, calls ...string) {
	t.Helper()
	for i := 0; i < len(calls); i += 2 {
		if _, err := f.call(calls[i], calls[i+1]); err != nil {
			t.Fatalf("%s %s: %v", calls[i], calls[i+1], err)
		}
	}
}

var idRE = regexp.MustCompile(`"(AIDA|AGPA)[A-Z2-7]{17}"`)

// jsonDiff compares two JSON texts as values, after replacing well-formed
// unique ids by their prefix (ids are pinned by TestIDsForSeed).
func jsonDiff(t *testing.T, got, want string) string {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(idRE.ReplaceAllString(got, `"$1…"`)), &g); err != nil {
		t.Fatalf("output %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %s: %v", want, err)
	}
	return cmp.Diff(w, g)
}

func TestOperationOutputs(t *testing.T) {
	t.Parallel()
	alice := `{"Path":"/","UserName":"Alice","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/Alice","CreateDate":"2026-01-01T00:00:00Z"}`
	devs := `{"Path":"/","GroupName":"Developers","GroupId":"AGPA…","Arn":"arn:aws:iam::123456789012:group/Developers","CreateDate":"2026-01-01T00:00:00Z"}`
	carol := `{"Path":"/","UserName":"Carol","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/Carol","CreateDate":"2026-01-01T00:00:00Z"}`
	empty := `{"Path":"/","GroupName":"Empty","GroupId":"AGPA…","Arn":"arn:aws:iam::123456789012:group/Empty","CreateDate":"2026-01-01T00:00:00Z"}`
	setup := []string{
		"iam:CreateUser", `{"UserName":"Alice"}`,
		"iam:CreateGroup", `{"GroupName":"Developers"}`,
		"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`,
	}
	tests := []struct {
		name, op, input, want string
	}{
		{"CreateUser", "iam:CreateUser", `{"UserName":"Bob"}`,
			`{"User":{"Path":"/","UserName":"Bob","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/Bob","CreateDate":"2026-01-01T00:00:00Z"}}`},
		{"CreateUser with path and tags", "iam:CreateUser", `{"UserName":"Bob","Path":"/eng/ops/","Tags":[{"Key":"team","Value":"ops"},{"Key":"Cost","Value":""}]}`,
			`{"User":{"Path":"/eng/ops/","UserName":"Bob","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/eng/ops/Bob","CreateDate":"2026-01-01T00:00:00Z",
			  "Tags":[{"Key":"Cost","Value":""},{"Key":"team","Value":"ops"}]}}`},
		{"GetUser", "iam:GetUser", `{"UserName":"Alice"}`, `{"User":` + alice + `}`},
		{"GetUser finds a name in any case", "iam:GetUser", `{"UserName":"ALICE"}`, `{"User":` + alice + `}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html: without
		// UserName, the caller; the root user has no name or path.
		{"GetUser as root", "iam:GetUser", `{}`,
			`{"User":{"UserId":"123456789012","Arn":"arn:aws:iam::123456789012:root","CreateDate":"2026-01-01T00:00:00Z"}}`},
		{"ListUsers", "iam:ListUsers", `{}`, `{"Users":[` + alice + `,` + carol + `],"IsTruncated":false}`},
		{"ListUsers with a path prefix matching none", "iam:ListUsers", `{"PathPrefix":"/eng/"}`, `{"Users":[],"IsTruncated":false}`},
		{"DeleteUser", "iam:DeleteUser", `{"UserName":"Carol"}`, `{}`},
		{"CreateGroup", "iam:CreateGroup", `{"GroupName":"Ops","Path":"/eng/"}`,
			`{"Group":{"Path":"/eng/","GroupName":"Ops","GroupId":"AGPA…","Arn":"arn:aws:iam::123456789012:group/eng/Ops","CreateDate":"2026-01-01T00:00:00Z"}}`},
		{"GetGroup", "iam:GetGroup", `{"GroupName":"developers"}`, `{"Group":` + devs + `,"Users":[` + alice + `],"IsTruncated":false}`},
		{"ListGroups", "iam:ListGroups", `{}`, `{"Groups":[` + devs + `,` + empty + `],"IsTruncated":false}`},
		{"DeleteGroup", "iam:DeleteGroup", `{"GroupName":"Empty"}`, `{}`},
		{"AddUserToGroup", "iam:AddUserToGroup", `{"GroupName":"Empty","UserName":"Carol"}`, `{}`},
		{"AddUserToGroup twice is accepted", "iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"alice"}`, `{}`},
		{"RemoveUserFromGroup", "iam:RemoveUserFromGroup", `{"GroupName":"Developers","UserName":"Alice"}`, `{}`},
		{"ListGroupsForUser", "iam:ListGroupsForUser", `{"UserName":"Alice"}`, `{"Groups":[` + devs + `],"IsTruncated":false}`},
		{"ListGroupsForUser none", "iam:ListGroupsForUser", `{"UserName":"Carol"}`, `{"Groups":[],"IsTruncated":false}`},
		{"TagUser", "iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"team","Value":"dev"}]}`, `{}`},
		{"UntagUser", "iam:UntagUser", `{"UserName":"Alice","TagKeys":["nope"]}`, `{}`},
		{"ListUserTags", "iam:ListUserTags", `{"UserName":"Carol"}`,
			`{"Tags":[{"Key":"Dept","Value":"Finance"},{"Key":"level","Value":"3"}],"IsTruncated":false}`},
		{"GetUser shows tags", "iam:GetUser", `{"UserName":"Carol"}`,
			`{"User":{"Path":"/","UserName":"Carol","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/Carol","CreateDate":"2026-01-01T00:00:00Z",
			  "Tags":[{"Key":"Dept","Value":"Finance"},{"Key":"level","Value":"3"}]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.do(t, setup...)
			f.do(t, "iam:CreateGroup", `{"GroupName":"Empty"}`,
				"iam:CreateUser", `{"UserName":"Carol","Tags":[{"Key":"level","Value":"3"},{"Key":"Dept","Value":"Finance"}]}`)
			got, err := f.call(tt.op, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if d := jsonDiff(t, got, tt.want); d != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.op, tt.input, d)
			}
		})
	}
}

func TestOperationErrors(t *testing.T) {
	t.Parallel()
	setup := []string{
		"iam:CreateUser", `{"UserName":"Alice"}`,
		"iam:CreateGroup", `{"GroupName":"Developers"}`,
		"iam:CreateGroup", `{"GroupName":"Empty"}`,
		"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`,
		"iam:CreateUser", `{"UserName":"Bob"}`,
	}
	long := strings.Repeat("a", 65)
	tests := []struct {
		name, op, input, code, msg string
	}{
		// Decoding, as the CLI refuses input.
		{"unknown member", "iam:CreateUser", `{"Username":"Zoe"}`, "ValidationError",
			`Unknown parameter in input: "Username", must be one of: Path, PermissionsBoundary, Tags, UserName`},
		{"missing member", "iam:CreateGroup", `{}`, "ValidationError", `Missing required parameter in input: "GroupName"`},
		{"tag without value", "iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"a"}]}`, "ValidationError",
			`Missing required parameter in Tags[0]: "Value"`},
		{"tag with a typo", "iam:CreateUser", `{"UserName":"Zoe","Tags":[{"Key":"a","Vaule":"b"}]}`, "ValidationError",
			`Unknown parameter in Tags[0]: "Vaule", must be one of: Key, Value`},
		{"tag of the wrong type", "iam:CreateUser", `{"UserName":"Zoe","Tags":[{"Key":1,"Value":"b"}]}`, "ValidationError",
			`Invalid type for parameter Tags[0].Key, value: 1, valid types: string`},
		{"MaxItems not an integer", "iam:ListUsers", `{"MaxItems":"5"}`, "ValidationError",
			`Invalid type for parameter MaxItems, value: "5", valid types: integer`},

		// The API's constraints (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html).
		// Values are quoted up to 64 code points, then "…" (a bounded echo).
		{"user name with a space", "iam:CreateUser", `{"UserName":"a b"}`, "ValidationError",
			`1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"user name too long", "iam:CreateUser", `{"UserName":"` + long + `"}`, "ValidationError",
			`1 validation error detected: Value '` + long[:64] + `…' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`},
		{"existing user name may be 128 long", "iam:GetUser", `{"UserName":"` + long + `"}`, "NoSuchEntity",
			`The user with name ` + long + ` cannot be found.`},
		{"empty user name", "iam:DeleteUser", `{"UserName":""}`, "ValidationError",
			`2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1`},
		{"path without trailing slash", "iam:CreateUser", `{"UserName":"Zoe","Path":"/eng"}`, "ValidationError",
			`1 validation error detected: Value '/eng' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`},
		{"group path with a space", "iam:CreateGroup", `{"GroupName":"G","Path":"/a b/"}`, "ValidationError",
			`1 validation error detected: Value '/a b/' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`},
		{"group name too long", "iam:CreateGroup", `{"GroupName":"` + strings.Repeat("g", 129) + `"}`, "ValidationError",
			`1 validation error detected: Value '` + strings.Repeat("g", 64) + `…' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128`},
		{"path prefix", "iam:ListUsers", `{"PathPrefix":"eng"}`, "ValidationError",
			`1 validation error detected: Value 'eng' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \u002F[\u0021-\u007F]*`},
		{"MaxItems 0", "iam:ListGroups", `{"MaxItems":0}`, "ValidationError",
			`1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`},
		{"MaxItems 1001", "iam:GetGroup", `{"GroupName":"Developers","MaxItems":1001}`, "ValidationError",
			`1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`},
		{"two errors", "iam:AddUserToGroup", `{"GroupName":"a b","UserName":"c d"}`, "ValidationError",
			`2 validation errors detected: Value 'a b' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; Value 'c d' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"tag key with a star", "iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"a*","Value":"b"}]}`, "ValidationError",
			`1 validation error detected: Value 'a*' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+`},
		{"tag value too long", "iam:CreateUser", `{"UserName":"Zoe","Tags":[{"Key":"a","Value":"b"},{"Key":"c","Value":"` + strings.Repeat("v", 257) + `"}]}`, "ValidationError",
			`1 validation error detected: Value '` + strings.Repeat("v", 64) + `…' at 'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`},
		{"untag key empty", "iam:UntagUser", `{"UserName":"Alice","TagKeys":[""]}`, "ValidationError",
			`2 validation errors detected: Value '' at 'tagKeys.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+; Value '' at 'tagKeys.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1`},
		{"boundary too short", "iam:CreateUser", `{"UserName":"Zoe","PermissionsBoundary":"arn:x"}`, "ValidationError",
			`1 validation error detected: Value 'arn:x' at 'permissionsBoundary' failed to satisfy constraint: Member must have length greater than or equal to 20`},

		// Tag sets (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html).
		{"duplicate tag keys differing in case", "iam:CreateUser", `{"UserName":"Zoe","Tags":[{"Key":"Team","Value":"a"},{"Key":"team","Value":"b"}]}`, "InvalidInput",
			"Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"aws: tag key", "iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"AWS:x","Value":"b"}]}`, "InvalidInput",
			"Tag keys starting with 'aws:' are reserved for AWS use: AWS:x"},

		// Calls made as another principal.
		{"GetUser as a role session", "", "", "ValidationError", "Must specify userName when calling with non-User credentials"},

		// Existence.
		{"user exists", "iam:CreateUser", `{"UserName":"Alice"}`, "EntityAlreadyExists", "User with name Alice already exists."},
		{"user exists in another case", "iam:CreateUser", `{"UserName":"aLiCe"}`, "EntityAlreadyExists", "User with name aLiCe already exists."},
		{"group exists", "iam:CreateGroup", `{"GroupName":"DEVELOPERS"}`, "EntityAlreadyExists", "Group with name DEVELOPERS already exists."},
		{"no such user", "iam:GetUser", `{"UserName":"Zoe"}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"delete no such user", "iam:DeleteUser", `{"UserName":"Zoe"}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"tags of no such user", "iam:ListUserTags", `{"UserName":"Zoe"}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"tag no such user", "iam:TagUser", `{"UserName":"Zoe","Tags":[]}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"untag no such user", "iam:UntagUser", `{"UserName":"Zoe","TagKeys":["a"]}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"groups of no such user", "iam:ListGroupsForUser", `{"UserName":"Zoe"}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"no such group", "iam:GetGroup", `{"GroupName":"X"}`, "NoSuchEntity", "The group with name X cannot be found."},
		{"delete no such group", "iam:DeleteGroup", `{"GroupName":"X"}`, "NoSuchEntity", "The group with name X cannot be found."},
		{"add to no such group", "iam:AddUserToGroup", `{"GroupName":"X","UserName":"Alice"}`, "NoSuchEntity", "The group with name X cannot be found."},
		{"add no such user", "iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Zoe"}`, "NoSuchEntity", "The user with name Zoe cannot be found."},
		{"remove a non-member", "iam:RemoveUserFromGroup", `{"GroupName":"Empty","UserName":"Alice"}`, "NoSuchEntity", "The user with name Alice cannot be found."},
		{"boundary policy", "iam:CreateUser", `{"UserName":"Zoe","PermissionsBoundary":"arn:aws:iam::123456789012:policy/Boundary"}`, "NoSuchEntity",
			"Policy arn:aws:iam::123456789012:policy/Boundary does not exist or is not attachable."},
		{"bad marker", "iam:ListUsers", `{"Marker":"Alice"}`, "InvalidInput",
			"Invalid Marker: Alice. Pass the Marker of the previous response of the same operation."},

		// Conflicts.
		{"delete a user in a group", "iam:DeleteUser", `{"UserName":"Alice"}`, "DeleteConflict", "Cannot delete entity, must remove users from group first."},
		{"delete a group with members", "iam:DeleteGroup", `{"GroupName":"Developers"}`, "DeleteConflict", "Cannot delete entity, must remove users from group first."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.do(t, setup...)
			op, input := tt.op, tt.input
			if op == "" {
				f.env.Caller = api.Principal{ARN: "arn:aws:sts::123456789012:assumed-role/R/s", Account: acct, Type: api.AssumedRole, Name: "R"}
				op, input = "iam:GetUser", `{}`
			}
			before := f.env.Rand.Save()
			out, err := f.call(op, input)
			var e *api.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s %s = %s, %v; want %s", op, input, out, err, tt.code)
			}
			if e.Code != tt.code || e.Message != tt.msg {
				t.Errorf("%s %s:\n got %s: %s\nwant %s: %s", op, input, e.Code, e.Message, tt.code, tt.msg)
			}
			if string(f.env.Rand.Save()) != string(before) {
				t.Errorf("a failed call drew from the random source")
			}
		})
	}
}

func TestQuotas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fill      func(t *testing.T, f *fixture)
		op, input string
		msg       string
	}{
		{"users per account", func(t *testing.T, f *fixture) {
			for i := range maxUsers {
				f.do(t, "iam:CreateUser", fmt.Sprintf(`{"UserName":"u%d"}`, i))
			}
		}, "iam:CreateUser", `{"UserName":"one-more"}`, "Cannot exceed quota for UsersPerAccount: 5000"},
		{"groups per account", func(t *testing.T, f *fixture) {
			for i := range maxGroups {
				f.do(t, "iam:CreateGroup", fmt.Sprintf(`{"GroupName":"g%d"}`, i))
			}
		}, "iam:CreateGroup", `{"GroupName":"one-more"}`, "Cannot exceed quota for GroupsPerAccount: 300"},
		{"groups per user", func(t *testing.T, f *fixture) {
			f.do(t, "iam:CreateUser", `{"UserName":"Alice"}`, "iam:CreateGroup", `{"GroupName":"one-more"}`)
			for i := range maxGroupsPerUser {
				f.do(t, "iam:CreateGroup", fmt.Sprintf(`{"GroupName":"g%d"}`, i),
					"iam:AddUserToGroup", fmt.Sprintf(`{"GroupName":"g%d","UserName":"Alice"}`, i))
			}
		}, "iam:AddUserToGroup", `{"GroupName":"one-more","UserName":"Alice"}`, "Cannot exceed quota for GroupsPerUser: 10"},
		{"tags per user", func(t *testing.T, f *fixture) {
			var tags []string
			for i := range maxTags {
				tags = append(tags, fmt.Sprintf(`{"Key":"k%d","Value":""}`, i))
			}
			f.do(t, "iam:CreateUser", `{"UserName":"Alice","Tags":[`+strings.Join(tags, ",")+`]}`,
				"iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"K0","Value":"replacing is fine"}]}`)
		}, "iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"one-more","Value":""}]}`, "Cannot exceed quota for TagsPerUser: 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tt.fill(t, f)
			_, err := f.call(tt.op, tt.input)
			var e *api.Error
			if !errors.As(err, &e) || e.Code != "LimitExceeded" || e.Message != tt.msg {
				t.Fatalf("got %v, want LimitExceeded: %s", err, tt.msg)
			}
		})
	}
}

func TestTooManyTagsInOneRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var tags []string
	for i := range maxTags + 1 {
		tags = append(tags, fmt.Sprintf(`{"Key":"k%d","Value":""}`, i))
	}
	_, err := f.call("iam:CreateUser", `{"UserName":"Alice","Tags":[`+strings.Join(tags, ",")+`]}`)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "ValidationError" || !strings.HasSuffix(e.Message, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50") {
		t.Fatalf("got %v", err)
	}
}

// TestTagKeysAreCaseInsensitive follows the IAM behaviour that tagging
// "test" over "Test" replaces the tag, key and value
// (https://github.com/aws/aws-cdk/issues/26253).
func TestTagKeysAreCaseInsensitive(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t,
		"iam:CreateUser", `{"UserName":"Alice","Tags":[{"Key":"Test","Value":"1"},{"Key":"Keep","Value":"k"}]}`,
		"iam:TagUser", `{"UserName":"alice","Tags":[{"Key":"test","Value":"2"}]}`,
		"iam:UntagUser", `{"UserName":"Alice","TagKeys":["KEEP"]}`)
	got, err := f.call("iam:ListUserTags", `{"UserName":"Alice"}`)
	if err != nil {
		t.Fatal(err)
	}
	if d := jsonDiff(t, got, `{"Tags":[{"Key":"test","Value":"2"}],"IsTruncated":false}`); d != "" {
		t.Error(d)
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateGroup", `{"GroupName":"All"}`)
	for _, n := range []string{"erin", "Bob", "carol", "Alice", "Dave"} {
		f.do(t, "iam:CreateUser", `{"UserName":"`+n+`","Tags":[{"Key":"`+n+`","Value":""}]}`,
			"iam:AddUserToGroup", `{"GroupName":"All","UserName":"`+n+`"}`)
	}
	for i := range 5 {
		f.do(t, "iam:CreateGroup", fmt.Sprintf(`{"GroupName":"g%d"}`, i),
			"iam:AddUserToGroup", fmt.Sprintf(`{"GroupName":"g%d","UserName":"Alice"}`, i))
		f.do(t, "iam:TagUser", fmt.Sprintf(`{"UserName":"Alice","Tags":[{"Key":"t%d","Value":""}]}`, i))
	}
	tests := []struct {
		op, input, list, field string
		want                   []string
	}{
		{"iam:ListUsers", `{`, "Users", "UserName", []string{"Alice", "Bob", "carol", "Dave", "erin"}},
		{"iam:GetGroup", `{"GroupName":"All",`, "Users", "UserName", []string{"Alice", "Bob", "carol", "Dave", "erin"}},
		{"iam:ListGroups", `{`, "Groups", "GroupName", []string{"All", "g0", "g1", "g2", "g3", "g4"}},
		{"iam:ListGroupsForUser", `{"UserName":"Alice",`, "Groups", "GroupName", []string{"All", "g0", "g1", "g2", "g3", "g4"}},
		{"iam:ListUserTags", `{"UserName":"Alice",`, "Tags", "Key", []string{"Alice", "t0", "t1", "t2", "t3", "t4"}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			t.Parallel()
			var got []string
			marker := ""
			for pages := 1; ; pages++ {
				in := tt.input + `"MaxItems":2`
				if marker != "" {
					in += `,"Marker":"` + marker + `"`
				}
				out, err := f.call(tt.op, in+"}")
				if err != nil {
					t.Fatal(err)
				}
				var page map[string]json.RawMessage
				var items []map[string]any
				var truncated bool
				_ = json.Unmarshal([]byte(out), &page)
				_ = json.Unmarshal(page[tt.list], &items)
				_ = json.Unmarshal(page["IsTruncated"], &truncated)
				if len(items) > 2 {
					t.Fatalf("page %d has %d items", pages, len(items))
				}
				for _, it := range items {
					got = append(got, it[tt.field].(string))
				}
				_, hasMarker := page["Marker"]
				if truncated != hasMarker {
					t.Fatalf("page %d: IsTruncated %v but Marker present %v", pages, truncated, hasMarker)
				}
				if !truncated {
					break
				}
				_ = json.Unmarshal(page["Marker"], &marker)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
		})
	}
}

func TestMarkerSurvivesDeletion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, n := range []string{"a", "b", "c", "d"} {
		f.do(t, "iam:CreateUser", `{"UserName":"`+n+`"}`)
	}
	out, _ := f.call("iam:ListUsers", `{"MaxItems":2}`)
	var p struct{ Marker string }
	_ = json.Unmarshal([]byte(out), &p)
	f.do(t, "iam:DeleteUser", `{"UserName":"c"}`, "iam:DeleteUser", `{"UserName":"a"}`)
	out, err := f.call("iam:ListUsers", `{"Marker":"`+p.Marker+`"}`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"UserName":"d"`) || strings.Contains(out, `"UserName":"b"`) || strings.Contains(out, `"IsTruncated":true`) {
		t.Fatalf("second page after deletions = %s, want only d", out)
	}
}

// TestLongKeyMarkers lists managed policies whose names share a long
// path: their markers stay within IAM's 320 characters (markerType) and
// still page through every policy once.
func TestLongKeyMarkers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := "/" + strings.Repeat("p", 500) + "/"
	doc := jsonText(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	var want []string
	for i := range 5 {
		name := strings.Repeat("n", 120) + fmt.Sprint(i)
		want = append(want, name)
		f.do(t, "iam:CreatePolicy", `{"PolicyName":"`+name+`","Path":"`+path+`","PolicyDocument":`+doc+`}`)
	}
	var got []string
	marker := ""
	for pages := 0; pages < 10; pages++ {
		in := `{"Scope":"Local","MaxItems":2`
		if marker != "" {
			in += `,"Marker":"` + marker + `"`
		}
		out, err := f.call("iam:ListPolicies", in+"}")
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Policies    []struct{ PolicyName string }
			IsTruncated bool
			Marker      string
		}
		_ = json.Unmarshal([]byte(out), &page)
		for _, p := range page.Policies {
			got = append(got, p.PolicyName)
		}
		if len(page.Marker) > 320 {
			t.Fatalf("marker of %d characters", len(page.Marker))
		}
		if !page.IsTruncated {
			break
		}
		marker = page.Marker
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("policies over the pages (-want +got):\n%s", d)
	}
}

func TestActions(t *testing.T) {
	t.Parallel()
	const (
		alice = "arn:aws:iam::123456789012:user/eng/Alice"
		devs  = "arn:aws:iam::123456789012:group/teams/Developers"
	)
	tests := []struct {
		op, input string
		want      []api.Action
	}{
		{"iam:CreateUser", `{"UserName":"Zoe","Path":"/x/"}`, []api.Action{{Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/x/Zoe"}}},
		{"iam:CreateUser", `{"UserName":"Zoe","Tags":[{"Key":"team","Value":"a"}],"PermissionsBoundary":"arn:aws:iam::123456789012:policy/B"}`, []api.Action{
			{Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Zoe", Context: map[string][]string{
				"aws:TagKeys": {"team"}, "aws:RequestTag/team": {"a"}, "iam:PermissionsBoundary": {"arn:aws:iam::123456789012:policy/B"}}},
			{Action: "iam:TagUser", Resource: "arn:aws:iam::123456789012:user/Zoe", Context: map[string][]string{
				"aws:TagKeys": {"team"}, "aws:RequestTag/team": {"a"}}},
		}},
		{"iam:GetUser", `{"UserName":"alice"}`, []api.Action{{Action: "iam:GetUser", Resource: alice, Context: map[string][]string{"aws:ResourceTag/Dept": {"Eng"}}}}},
		{"iam:GetUser", `{}`, []api.Action{{Action: "iam:GetUser", Resource: rootARN}}},
		{"iam:GetUser", `{"UserName":"Zoe"}`, []api.Action{{Action: "iam:GetUser", Resource: "arn:aws:iam::123456789012:user/Zoe"}}},
		{"iam:ListUsers", `{"PathPrefix":"/eng/"}`, []api.Action{{Action: "iam:ListUsers", Resource: "*"}}},
		{"iam:DeleteUser", `{"UserName":"Alice"}`, []api.Action{{Action: "iam:DeleteUser", Resource: alice, Context: map[string][]string{"aws:ResourceTag/Dept": {"Eng"}}}}},
		{"iam:CreateGroup", `{"GroupName":"Ops"}`, []api.Action{{Action: "iam:CreateGroup", Resource: "arn:aws:iam::123456789012:group/Ops"}}},
		{"iam:GetGroup", `{"GroupName":"developers"}`, []api.Action{{Action: "iam:GetGroup", Resource: devs}}},
		{"iam:ListGroups", `{}`, []api.Action{{Action: "iam:ListGroups", Resource: "*"}}},
		{"iam:DeleteGroup", `{"GroupName":"Developers"}`, []api.Action{{Action: "iam:DeleteGroup", Resource: devs}}},
		{"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`, []api.Action{{Action: "iam:AddUserToGroup", Resource: devs}}},
		{"iam:RemoveUserFromGroup", `{"GroupName":"Developers","UserName":"Alice"}`, []api.Action{{Action: "iam:RemoveUserFromGroup", Resource: devs}}},
		{"iam:ListGroupsForUser", `{"UserName":"Alice"}`, []api.Action{{Action: "iam:ListGroupsForUser", Resource: alice, Context: map[string][]string{"aws:ResourceTag/Dept": {"Eng"}}}}},
		{"iam:TagUser", `{"UserName":"Alice","Tags":[{"Key":"x","Value":"y"}]}`, []api.Action{{Action: "iam:TagUser", Resource: alice, Context: map[string][]string{
			"aws:ResourceTag/Dept": {"Eng"}, "aws:TagKeys": {"x"}, "aws:RequestTag/x": {"y"}}}}},
		{"iam:UntagUser", `{"UserName":"Alice","TagKeys":["Dept"]}`, []api.Action{{Action: "iam:UntagUser", Resource: alice, Context: map[string][]string{
			"aws:ResourceTag/Dept": {"Eng"}, "aws:TagKeys": {"Dept"}}}}},
		{"iam:ListUserTags", `{"UserName":"Alice"}`, []api.Action{{Action: "iam:ListUserTags", Resource: alice, Context: map[string][]string{"aws:ResourceTag/Dept": {"Eng"}}}}},
	}
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice","Path":"/eng/","Tags":[{"Key":"Dept","Value":"Eng"}]}`,
		"iam:CreateGroup", `{"GroupName":"Developers","Path":"/teams/"}`)
	for _, tt := range tests {
		t.Run(tt.op+tt.input, func(t *testing.T) {
			t.Parallel()
			got, _, err := f.ops[tt.op].Prepare(f.env, []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("actions (-want +got):\n%s", d)
			}
		})
	}
}

// TestPrepareNeverMutates prepares every operation, valid or not, without
// running it, and checks that neither the directory nor the random source
// moved.
func TestPrepareNeverMutates(t *testing.T) {
	t.Parallel()
	inputs := map[string][]string{
		"iam:CreateUser":          {`{"UserName":"Zoe","Tags":[{"Key":"a","Value":"b"}]}`, `{"UserName":"Alice"}`, `{"UserName":"a b"}`},
		"iam:GetUser":             {`{}`, `{"UserName":"Alice"}`},
		"iam:ListUsers":           {`{}`, `{"MaxItems":1}`},
		"iam:DeleteUser":          {`{"UserName":"Bob"}`, `{"UserName":"Alice"}`},
		"iam:CreateGroup":         {`{"GroupName":"New"}`},
		"iam:GetGroup":            {`{"GroupName":"Developers"}`},
		"iam:ListGroups":          {`{}`},
		"iam:DeleteGroup":         {`{"GroupName":"Empty"}`},
		"iam:AddUserToGroup":      {`{"GroupName":"Empty","UserName":"Bob"}`},
		"iam:RemoveUserFromGroup": {`{"GroupName":"Developers","UserName":"Alice"}`},
		"iam:ListGroupsForUser":   {`{"UserName":"Alice"}`},
		"iam:TagUser":             {`{"UserName":"Alice","Tags":[{"Key":"new","Value":"v"}]}`},
		"iam:UntagUser":           {`{"UserName":"Alice","TagKeys":["Dept"]}`},
		"iam:ListUserTags":        {`{"UserName":"Alice"}`},
	}
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice","Tags":[{"Key":"Dept","Value":"Eng"}]}`,
		"iam:CreateUser", `{"UserName":"Bob"}`,
		"iam:CreateGroup", `{"GroupName":"Developers"}`, "iam:CreateGroup", `{"GroupName":"Empty"}`,
		"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`)
	for op, ins := range policyPrepareInputs { // policies_test.go
		inputs[op] = ins
	}
	maps.Copy(inputs, profilePrepareInputs) // profiles_test.go
	policySetup(t, f)
	view, rand := f.s.View(), string(f.env.Rand.Save())
	if len(inputs) != len(f.ops) {
		t.Fatalf("inputs for %d operations, want all %d", len(inputs), len(f.ops))
	}
	for op, ins := range inputs {
		for _, in := range ins {
			_, _, _ = f.ops[op].Prepare(f.env, []byte(in))
			if d := cmp.Diff(view, f.s.View()); d != "" {
				t.Errorf("Prepare %s %s changed the directory:\n%s", op, in, d)
			}
			if string(f.env.Rand.Save()) != rand {
				t.Errorf("Prepare %s %s drew from the random source", op, in)
			}
		}
	}
}

// TestIDsForSeed pins the ids that seed 1 gives, so that a replay of a
// scenario reproduces them (math/rand/v2's regress_test.go does the same).
func TestIDsForSeed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice"}`)
	if _, err := f.call("iam:CreateUser", `{"UserName":"Alice"}`); err == nil {
		t.Fatal("creating Alice twice succeeded")
	} // and drew nothing
	f.do(t, "iam:CreateGroup", `{"GroupName":"Developers"}`,
		"iam:CreateUser", `{"UserName":"Bob"}`)
	var got []string
	for _, u := range f.s.View().Users {
		got = append(got, u.ID)
	}
	for _, g := range f.s.View().Groups {
		got = append(got, g.ID)
	}
	want := []string{"AIDAC4GHWJND723QWBHHR", "AIDAF32WSMZI3XDHDAH4R", "AGPA4VQW4TNPARJDBIRNA"} // Alice, Bob, Developers
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ids of seed 1 (-want +got):\n%s", d)
	}
}

func TestPrincipal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice","Path":"/eng/","Tags":[{"Key":"Dept","Value":"Eng"}]}`,
		"iam:CreateUser", `{"UserName":"Bob"}`)
	alice := f.s.View().Users[0]
	tests := []struct {
		arn  string
		want api.Principal
		ok   bool
	}{
		{rootARN, api.Principal{ARN: rootARN, Account: acct, Type: api.Root, Name: "root", ID: acct}, true},
		{"arn:aws:iam::123456789012:user/eng/Alice", api.Principal{ARN: "arn:aws:iam::123456789012:user/eng/Alice", Account: acct,
			Type: api.User, Name: "Alice", ID: alice.ID, Tags: map[string]string{"Dept": "Eng"}}, true},
		{"arn:aws:iam::123456789012:user/Bob", api.Principal{ARN: "arn:aws:iam::123456789012:user/Bob", Account: acct,
			Type: api.User, Name: "Bob", ID: f.s.View().Users[1].ID}, true},
		{"arn:aws:iam::123456789012:user/Alice", api.Principal{}, false}, // wrong path
		{"arn:aws:iam::123456789012:user/eng/alice", api.Principal{}, false},
		{"arn:aws:iam::123456789012:user/Zoe", api.Principal{}, false},
		{"arn:aws:iam::210987654321:root", api.Principal{}, false},
		{"arn:aws:iam::123456789012:group/Bob", api.Principal{}, false},
	}
	for _, tt := range tests {
		got, ok := f.s.Principal(tt.arn)
		if ok != tt.ok {
			t.Errorf("Principal(%s) ok = %v, want %v", tt.arn, ok, tt.ok)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("Principal(%s) (-want +got):\n%s", tt.arn, d)
		}
	}
}

func TestGetUserAsUserCaller(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice","Path":"/eng/"}`)
	p, ok := f.s.Principal("arn:aws:iam::123456789012:user/eng/Alice")
	if !ok {
		t.Fatal("Alice does not resolve")
	}
	f.env.Caller = p
	acts, _, err := f.ops["iam:GetUser"].Prepare(f.env, []byte(`{}`))
	if err != nil || len(acts) != 1 || acts[0].Resource != p.ARN {
		t.Fatalf("actions %v, %v; want iam:GetUser on %s", acts, err, p.ARN)
	}
	out, err := f.call("iam:GetUser", `{}`)
	if err != nil || !strings.Contains(out, `"UserName":"Alice"`) {
		t.Fatalf("GetUser as Alice = %s, %v", out, err)
	}
}

func TestView(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"bob"}`,
		"iam:CreateUser", `{"UserName":"Alice","Tags":[{"Key":"b","Value":"2"},{"Key":"A","Value":"1"}]}`,
		"iam:CreateGroup", `{"GroupName":"Ops"}`, "iam:CreateGroup", `{"GroupName":"dev"}`,
		"iam:AddUserToGroup", `{"GroupName":"Ops","UserName":"Alice"}`,
		"iam:AddUserToGroup", `{"GroupName":"dev","UserName":"Alice"}`,
		"iam:AddUserToGroup", `{"GroupName":"ops","UserName":"bob"}`)
	v := f.s.View()
	// Zero the ids: TestIDsForSeed pins them.
	for i := range v.Users {
		v.Users[i].ID = ""
	}
	for i := range v.Groups {
		v.Groups[i].ID = ""
	}
	want := View{
		Users: []UserView{
			{Name: "Alice", Path: "/", ARN: "arn:aws:iam::123456789012:user/Alice", Created: start, Groups: []string{"dev", "Ops"},
				Tags: []Tag{{"A", "1"}, {"b", "2"}}},
			{Name: "bob", Path: "/", ARN: "arn:aws:iam::123456789012:user/bob", Created: start, Groups: []string{"Ops"}, Tags: []Tag{}},
		},
		Groups: []GroupView{
			{Name: "dev", Path: "/", ARN: "arn:aws:iam::123456789012:group/dev", Created: start, Members: []string{"Alice"}},
			{Name: "Ops", Path: "/", ARN: "arn:aws:iam::123456789012:group/Ops", Created: start, Members: []string{"Alice", "bob"}},
		},
		Roles: []RoleView{}, Policies: []PolicyView{}, Sessions: []SessionView{}, InstanceProfiles: []InstanceProfileView{},
	}
	if d := cmp.Diff(want, v); d != "" {
		t.Errorf("View (-want +got):\n%s", d)
	}
	// The view shares nothing with the directory.
	v.Users[0].Groups[0] = "changed"
	if f.s.View().Users[0].Groups[0] != "dev" {
		t.Error("changing the view changed the directory")
	}
}

func TestOpsAreNamedAndMarked(t *testing.T) {
	t.Parallel()
	mutating := map[string]bool{}
	for _, op := range New(acct).Ops() {
		if !strings.HasPrefix(op.Name, "iam:") && !strings.HasPrefix(op.Name, "sts:") || op.Prepare == nil {
			t.Errorf("bad op %+v", op)
		}
		mutating[op.Name] = op.Mutates
	}
	for name, want := range map[string]bool{"iam:CreateUser": true, "iam:GetUser": false, "iam:ListUsers": false,
		"iam:TagUser": true, "iam:UntagUser": true, "iam:ListUserTags": false, "iam:AddUserToGroup": true, "iam:GetGroup": false} {
		if got, ok := mutating[name]; !ok || got != want {
			t.Errorf("%s: Mutates = %v (listed %v), want %v", name, got, ok, want)
		}
	}
}

// TestLongInputsAreClipped checks that messages quoting an ARN or a raw
// value quote its first 64 code points and "…", not all of it.
func TestLongInputsAreClipped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	long := "arn:aws:iam::123456789012:policy/" + strings.Repeat("p", 2000)
	tests := []struct{ op, input, code, msg string }{
		{"iam:GetPolicy", `{"PolicyArn":"` + long + `"}`, "NoSuchEntity", "Policy " + long[:64] + "… was not found."},
		{"iam:SimulatePrincipalPolicy", `{"PolicySourceArn":"` + long + `","ActionNames":["s3:GetObject"]}`, "InvalidInput", "Invalid Entity Arn: " + long[:64] + "…"},
		{"iam:TagUser", `{"UserName":"Alice","Tags":["` + strings.Repeat("t", 5000) + `"]}`, "ValidationError",
			`Invalid type for parameter Tags[0], value: "` + strings.Repeat("t", 63) + `…, valid types: structure`},
	}
	for _, tt := range tests {
		_, err := f.call(tt.op, tt.input)
		var e *api.Error
		if !errors.As(err, &e) || e.Code != tt.code || e.Message != tt.msg {
			t.Errorf("%s: got %v, want %s: %s", tt.op, err, tt.code, tt.msg)
		}
	}
}

// TestViewInlinePolicies checks that the view carries each inline policy's
// document as given, for users, groups and roles, so that a page need not
// replay the journal to show the policy a trace names.
func TestViewInlinePolicies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ec2:Describe*\", \"Resource\": \"*\"}\n}"
	trust := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
	f.do(t, "iam:CreateUser", `{"UserName":"Fred"}`, "iam:CreateGroup", `{"GroupName":"Ops"}`,
		"iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":`+quote(trust)+`}`,
		"iam:PutUserPolicy", `{"UserName":"Fred","PolicyName":"View","PolicyDocument":`+quote(doc)+`}`,
		"iam:PutUserPolicy", `{"UserName":"Fred","PolicyName":"Gone","PolicyDocument":`+quote(doc)+`}`,
		"iam:DeleteUserPolicy", `{"UserName":"Fred","PolicyName":"Gone"}`,
		"iam:PutGroupPolicy", `{"GroupName":"Ops","PolicyName":"G","PolicyDocument":`+quote(doc)+`}`,
		"iam:PutRolePolicy", `{"RoleName":"R","PolicyName":"P","PolicyDocument":`+quote(doc)+`}`)
	v := f.s.View()
	want := []InlinePolicyView{{Name: "View", Document: doc}}
	if d := cmp.Diff(want, v.Users[0].InlinePolicies); d != "" {
		t.Errorf("user's inline policies (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]InlinePolicyView{{Name: "G", Document: doc}}, v.Groups[0].InlinePolicies); d != "" {
		t.Errorf("group's inline policies (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]InlinePolicyView{{Name: "P", Document: doc}}, v.Roles[0].InlinePolicies); d != "" {
		t.Errorf("role's inline policies (-want +got):\n%s", d)
	}
}
