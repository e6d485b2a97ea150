package iam

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
)

const ecsTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

var profileIDRE = regexp.MustCompile(`"(AIPA|AROA)[A-Z2-7]{17}"`)

// profileFixture has the role ecsInstanceRole and the profile p1 holding it,
// and the empty profile p2 under /ops/.
func profileFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.do(t,
		"iam:CreateRole", `{"RoleName":"ecsInstanceRole","AssumeRolePolicyDocument":`+jsonString(ecsTrust)+`}`,
		"iam:CreateRole", `{"RoleName":"other","AssumeRolePolicyDocument":`+jsonString(ecsTrust)+`}`,
		"iam:CreateInstanceProfile", `{"InstanceProfileName":"p1"}`,
		"iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"p1","RoleName":"ecsInstanceRole"}`,
		"iam:CreateInstanceProfile", `{"InstanceProfileName":"p2","Path":"/ops/"}`,
	)
	return f
}

func jsonString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func TestInstanceProfileOutputs(t *testing.T) {
	t.Parallel()
	role := `{"Path":"/","RoleName":"ecsInstanceRole","RoleId":"AROA…","Arn":"arn:aws:iam::123456789012:role/ecsInstanceRole","CreateDate":"2026-01-01T00:00:00Z",
	  "AssumeRolePolicyDocument":` + ecsTrust + `}`
	p1 := `{"Path":"/","InstanceProfileName":"p1","InstanceProfileId":"AIPA…","Arn":"arn:aws:iam::123456789012:instance-profile/p1","CreateDate":"2026-01-01T00:00:00Z","Roles":[` + role + `]}`
	p2 := `{"Path":"/ops/","InstanceProfileName":"p2","InstanceProfileId":"AIPA…","Arn":"arn:aws:iam::123456789012:instance-profile/ops/p2","CreateDate":"2026-01-01T00:00:00Z","Roles":[]}`
	tests := []struct{ name, op, input, want string }{
		{"CreateInstanceProfile", "iam:CreateInstanceProfile", `{"InstanceProfileName":"p3","Tags":[{"Key":"team","Value":"ops"}]}`,
			`{"InstanceProfile":{"Path":"/","InstanceProfileName":"p3","InstanceProfileId":"AIPA…","Arn":"arn:aws:iam::123456789012:instance-profile/p3","CreateDate":"2026-01-01T00:00:00Z","Roles":[],"Tags":[{"Key":"team","Value":"ops"}]}}`},
		{"GetInstanceProfile with its role", "iam:GetInstanceProfile", `{"InstanceProfileName":"P1"}`, `{"InstanceProfile":` + p1 + `}`},
		{"ListInstanceProfiles", "iam:ListInstanceProfiles", `{}`, `{"InstanceProfiles":[` + p1 + `,` + p2 + `],"IsTruncated":false}`},
		{"ListInstanceProfiles by path", "iam:ListInstanceProfiles", `{"PathPrefix":"/ops/"}`, `{"InstanceProfiles":[` + p2 + `],"IsTruncated":false}`},
		{"ListInstanceProfiles paged", "iam:ListInstanceProfiles", `{"MaxItems":1}`, `{"InstanceProfiles":[` + p1 + `],"IsTruncated":true,"Marker":"cp1.cDI"}`},
		{"ListInstanceProfilesForRole", "iam:ListInstanceProfilesForRole", `{"RoleName":"ecsInstanceRole"}`, `{"InstanceProfiles":[` + p1 + `],"IsTruncated":false}`},
		{"ListInstanceProfilesForRole none", "iam:ListInstanceProfilesForRole", `{"RoleName":"other"}`, `{"InstanceProfiles":[],"IsTruncated":false}`},
		{"RemoveRoleFromInstanceProfile", "iam:RemoveRoleFromInstanceProfile", `{"InstanceProfileName":"p1","RoleName":"ecsInstanceRole"}`, `{}`},
		{"DeleteInstanceProfile", "iam:DeleteInstanceProfile", `{"InstanceProfileName":"p2"}`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := profileFixture(t)
			got, err := f.call(tt.op, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			got = profileIDRE.ReplaceAllString(got, `"$1…"`)
			if d := jsonDiff(t, got, tt.want); d != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.op, tt.input, d)
			}
		})
	}
}

func TestInstanceProfileErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 10000)
	tests := []struct{ name, op, input, code, msg string }{
		{"exists", "iam:CreateInstanceProfile", `{"InstanceProfileName":"P1"}`, "EntityAlreadyExists", "Instance Profile P1 already exists."},
		{"bad name", "iam:CreateInstanceProfile", `{"InstanceProfileName":"a b"}`, "ValidationError",
			`1 validation error detected: Value 'a b' at 'instanceProfileName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"name too long", "iam:CreateInstanceProfile", `{"InstanceProfileName":"` + strings.Repeat("a", 129) + `"}`, "ValidationError", "Member must have length less than or equal to 128"},
		{"missing name", "iam:CreateInstanceProfile", `{}`, "ValidationError", `Missing required parameter in input: "InstanceProfileName"`},
		{"unknown member", "iam:GetInstanceProfile", `{"InstanceProfileName":"p1","Role":"x"}`, "ValidationError", `Unknown parameter in input: "Role"`},
		{"no such profile", "iam:GetInstanceProfile", `{"InstanceProfileName":"nope"}`, "NoSuchEntity", "Instance Profile nope cannot be found."},
		{"one role per profile", "iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"p1","RoleName":"other"}`, "LimitExceeded",
			"Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"},
		{"add unknown role", "iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"p2","RoleName":"nope"}`, "NoSuchEntity", "The role with name nope cannot be found."},
		{"remove a role it does not hold", "iam:RemoveRoleFromInstanceProfile", `{"InstanceProfileName":"p2","RoleName":"other"}`, "NoSuchEntity",
			"The role with name other cannot be found in instance profile p2."},
		{"delete while it has a role", "iam:DeleteInstanceProfile", `{"InstanceProfileName":"p1"}`, "DeleteConflict",
			"Cannot delete entity, must remove roles from instance profile first."},
		{"delete a role in a profile", "iam:DeleteRole", `{"RoleName":"ecsInstanceRole"}`, "DeleteConflict",
			"Cannot delete entity, must remove roles from instance profile first."},
		{"roles of no role", "iam:ListInstanceProfilesForRole", `{"RoleName":"nope"}`, "NoSuchEntity", "The role with name nope cannot be found."},
		{"huge name quoted short", "iam:CreateInstanceProfile", `{"InstanceProfileName":"` + long + `"}`, "ValidationError", "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := profileFixture(t)
			before := f.s.View()
			_, err := f.call(tt.op, tt.input)
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("%s %.80s: got %.300v, want %s containing %q", tt.op, tt.input, err, tt.code, tt.msg)
			}
			if n := utf8.RuneCountInString(e.Message); n > 600 {
				t.Errorf("message of %d code points", n)
			}
			if d := cmp.Diff(before, f.s.View()); d != "" {
				t.Errorf("the directory changed on error:\n%s", d)
			}
		})
	}
}

func TestInstanceProfileLookup(t *testing.T) {
	t.Parallel()
	f := profileFixture(t)
	roleARN := "arn:aws:iam::123456789012:role/ecsInstanceRole"
	tests := []struct {
		ref           string
		ok            bool
		arn, roleWant string
	}{
		{"p1", true, "arn:aws:iam::123456789012:instance-profile/p1", roleARN},
		{"P1", true, "arn:aws:iam::123456789012:instance-profile/p1", roleARN},
		{"arn:aws:iam::123456789012:instance-profile/p1", true, "arn:aws:iam::123456789012:instance-profile/p1", roleARN},
		{"arn:aws:iam::123456789012:instance-profile/ops/p2", true, "arn:aws:iam::123456789012:instance-profile/ops/p2", ""},
		{"arn:aws:iam::123456789012:instance-profile/p2", false, "", ""}, // wrong path
		{"arn:aws:iam::999999999999:instance-profile/p1", false, "", ""},
		{"arn:aws:iam::123456789012:role/p1", false, "", ""},
		{"nope", false, "", ""},
	}
	for _, tt := range tests {
		arn, id, role, ok := f.s.InstanceProfile(tt.ref)
		if ok != tt.ok || arn != tt.arn || role != tt.roleWant || ok && !strings.HasPrefix(id, "AIPA") {
			t.Errorf("InstanceProfile(%q) = %q, %q, %q, %v; want %q, AIPA…, %q, %v", tt.ref, arn, id, role, ok, tt.arn, tt.roleWant, tt.ok)
		}
	}
	v := f.s.View().InstanceProfiles
	if len(v) != 2 || v[0].Name != "p1" || v[0].Role != "ecsInstanceRole" || v[1].Role != "" || v[1].Path != "/ops/" {
		t.Errorf("View().InstanceProfiles = %+v", v)
	}
}

// The quota of instance profiles per account holds.
func TestInstanceProfileQuota(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := range maxInstanceProfiles {
		f.do(t, "iam:CreateInstanceProfile", `{"InstanceProfileName":"p`+strconv.Itoa(i)+`"}`)
	}
	_, err := f.call("iam:CreateInstanceProfile", `{"InstanceProfileName":"one-more"}`)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "LimitExceeded" || e.Message != "Cannot exceed quota for InstanceProfilesPerAccount: 1000" {
		t.Fatalf("got %v, want LimitExceeded", err)
	}
}

// AddRoleToInstanceProfile needs iam:PassRole on the role, for EC2.
func TestAddRoleToInstanceProfileNeedsPassRole(t *testing.T) {
	t.Parallel()
	f := profileFixture(t)
	actions, _, err := f.ops["iam:AddRoleToInstanceProfile"].Prepare(f.env, []byte(`{"InstanceProfileName":"p2","RoleName":"other"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) != 2 || actions[0].Action != "iam:AddRoleToInstanceProfile" || actions[0].Resource != "arn:aws:iam::123456789012:instance-profile/ops/p2" ||
		actions[1].Action != "iam:PassRole" || actions[1].Resource != "arn:aws:iam::123456789012:role/other" ||
		actions[1].Context["iam:PassedToService"][0] != "ec2.amazonaws.com" {
		t.Errorf("actions = %+v", actions)
	}
}

// profilePrepareInputs are inputs of the profile operations for
// TestPrepareNeverMutates.
var profilePrepareInputs = map[string][]string{
	"iam:CreateInstanceProfile":         {`{"InstanceProfileName":"p9","Tags":[{"Key":"a","Value":"b"}]}`, `{"InstanceProfileName":"a b"}`},
	"iam:GetInstanceProfile":            {`{"InstanceProfileName":"p1"}`},
	"iam:ListInstanceProfiles":          {`{}`, `{"MaxItems":1}`},
	"iam:ListInstanceProfilesForRole":   {`{"RoleName":"r"}`},
	"iam:AddRoleToInstanceProfile":      {`{"InstanceProfileName":"p1","RoleName":"r"}`},
	"iam:RemoveRoleFromInstanceProfile": {`{"InstanceProfileName":"p1","RoleName":"r"}`},
	"iam:DeleteInstanceProfile":         {`{"InstanceProfileName":"p1"}`},
}
