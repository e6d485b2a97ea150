package iam

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
	"cloudplay/core/iam/managed"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

const (
	s3Read    = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}`
	denyAll   = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`
	trustBob  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"sts:AssumeRole"}]}`
	trustEC2  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	readARN   = "arn:aws:iam::123456789012:policy/ReadOnly"
	adminARN  = "arn:aws:iam::aws:policy/AdministratorAccess"
	bobARN    = "arn:aws:iam::123456789012:user/Bob"
	roleARNs  = "arn:aws:iam::123456789012:role/Deployer"
	sessARN   = "arn:aws:sts::123456789012:assumed-role/Deployer/bob-session"
	aliceARN  = "arn:aws:iam::123456789012:user/Alice"
	devsARN   = "arn:aws:iam::123456789012:group/Developers"
	assumeBob = `{"RoleArn":"arn:aws:iam::123456789012:role/Deployer","RoleSessionName":"bob-session"}`
)

// quote returns s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// policySetup adds to a fixture that has Alice, Bob and Developers (Alice
// in it): the customer policy ReadOnly attached to Alice and Developers,
// an inline policy of Alice, the role Deployer that trusts Bob, with an
// inline policy, and Bob's session of it.
func policySetup(t *testing.T, f *fixture) {
	t.Helper()
	f.do(t,
		"iam:CreatePolicy", `{"PolicyName":"ReadOnly","PolicyDocument":`+quote(s3Read)+`,"Description":"read S3"}`,
		"iam:AttachUserPolicy", `{"UserName":"Alice","PolicyArn":"`+readARN+`"}`,
		"iam:AttachGroupPolicy", `{"GroupName":"Developers","PolicyArn":"`+readARN+`"}`,
		"iam:AttachGroupPolicy", `{"GroupName":"Developers","PolicyArn":"`+adminARN+`"}`,
		"iam:PutUserPolicy", `{"UserName":"Alice","PolicyName":"NoDelete","PolicyDocument":`+quote(denyAll)+`}`,
		"iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"GroupInline","PolicyDocument":`+quote(s3Read)+`}`,
		"iam:CreateRole", `{"RoleName":"Deployer","AssumeRolePolicyDocument":`+quote(trustBob)+`}`,
		"iam:PutRolePolicy", `{"RoleName":"Deployer","PolicyName":"Deploy","PolicyDocument":`+quote(s3Read)+`}`,
	)
	bob, ok := f.s.Principal(bobARN)
	if !ok {
		t.Fatal("Bob does not resolve")
	}
	saved := f.env.Caller
	f.env.Caller = bob
	f.do(t, "sts:AssumeRole", assumeBob)
	f.env.Caller = saved
}

// policyPrepareInputs are inputs of the operations of this file's topic
// for TestPrepareNeverMutates (run after policySetup).
var policyPrepareInputs = map[string][]string{
	"iam:CreatePolicy":                  {`{"PolicyName":"New","PolicyDocument":` + quote(s3Read) + `}`, `{"PolicyName":"ReadOnly","PolicyDocument":"{}"}`},
	"iam:GetPolicy":                     {`{"PolicyArn":"` + readARN + `"}`},
	"iam:ListPolicies":                  {`{}`, `{"Scope":"Local","OnlyAttached":true}`},
	"iam:DeletePolicy":                  {`{"PolicyArn":"` + readARN + `"}`},
	"iam:CreatePolicyVersion":           {`{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `,"SetAsDefault":true}`},
	"iam:GetPolicyVersion":              {`{"PolicyArn":"` + readARN + `","VersionId":"v1"}`},
	"iam:ListPolicyVersions":            {`{"PolicyArn":"` + readARN + `"}`},
	"iam:SetDefaultPolicyVersion":       {`{"PolicyArn":"` + readARN + `","VersionId":"v1"}`},
	"iam:DeletePolicyVersion":           {`{"PolicyArn":"` + readARN + `","VersionId":"v1"}`},
	"iam:CreateRole":                    {`{"RoleName":"Other","AssumeRolePolicyDocument":` + quote(trustEC2) + `}`},
	"iam:GetRole":                       {`{"RoleName":"Deployer"}`},
	"iam:ListRoles":                     {`{}`},
	"iam:DeleteRole":                    {`{"RoleName":"Deployer"}`},
	"iam:UpdateAssumeRolePolicy":        {`{"RoleName":"Deployer","PolicyDocument":` + quote(trustEC2) + `}`},
	"sts:AssumeRole":                    {assumeBob},
	"sts:GetCallerIdentity":             {`{}`},
	"iam:AttachUserPolicy":              {`{"UserName":"Bob","PolicyArn":"` + readARN + `"}`},
	"iam:DetachUserPolicy":              {`{"UserName":"Alice","PolicyArn":"` + readARN + `"}`},
	"iam:ListAttachedUserPolicies":      {`{"UserName":"Alice"}`},
	"iam:AttachGroupPolicy":             {`{"GroupName":"Empty","PolicyArn":"` + readARN + `"}`},
	"iam:DetachGroupPolicy":             {`{"GroupName":"Developers","PolicyArn":"` + readARN + `"}`},
	"iam:ListAttachedGroupPolicies":     {`{"GroupName":"Developers"}`},
	"iam:AttachRolePolicy":              {`{"RoleName":"Deployer","PolicyArn":"` + readARN + `"}`},
	"iam:DetachRolePolicy":              {`{"RoleName":"Deployer","PolicyArn":"` + readARN + `"}`},
	"iam:ListAttachedRolePolicies":      {`{"RoleName":"Deployer"}`},
	"iam:PutUserPolicy":                 {`{"UserName":"Bob","PolicyName":"P","PolicyDocument":` + quote(s3Read) + `}`},
	"iam:GetUserPolicy":                 {`{"UserName":"Alice","PolicyName":"NoDelete"}`},
	"iam:DeleteUserPolicy":              {`{"UserName":"Alice","PolicyName":"NoDelete"}`},
	"iam:ListUserPolicies":              {`{"UserName":"Alice"}`},
	"iam:PutGroupPolicy":                {`{"GroupName":"Empty","PolicyName":"P","PolicyDocument":` + quote(s3Read) + `}`},
	"iam:GetGroupPolicy":                {`{"GroupName":"Developers","PolicyName":"GroupInline"}`},
	"iam:DeleteGroupPolicy":             {`{"GroupName":"Developers","PolicyName":"GroupInline"}`},
	"iam:ListGroupPolicies":             {`{"GroupName":"Developers"}`},
	"iam:PutRolePolicy":                 {`{"RoleName":"Deployer","PolicyName":"P","PolicyDocument":` + quote(s3Read) + `}`},
	"iam:GetRolePolicy":                 {`{"RoleName":"Deployer","PolicyName":"Deploy"}`},
	"iam:DeleteRolePolicy":              {`{"RoleName":"Deployer","PolicyName":"Deploy"}`},
	"iam:ListRolePolicies":              {`{"RoleName":"Deployer"}`},
	"iam:PutUserPermissionsBoundary":    {`{"UserName":"Bob","PermissionsBoundary":"` + readARN + `"}`},
	"iam:DeleteUserPermissionsBoundary": {`{"UserName":"Bob"}`},
	"iam:PutRolePermissionsBoundary":    {`{"RoleName":"Deployer","PermissionsBoundary":"` + readARN + `"}`},
	"iam:DeleteRolePermissionsBoundary": {`{"RoleName":"Deployer"}`},
	"iam:SimulateCustomPolicy":          {`{"PolicyInputList":[` + quote(s3Read) + `],"ActionNames":["s3:GetObject"]}`},
	"iam:SimulatePrincipalPolicy":       {`{"PolicySourceArn":"` + aliceARN + `","ActionNames":["s3:GetObject"]}`},
}

// anyIDRE matches every kind of unique id this package makes.
var anyIDRE = regexp.MustCompile(`"(AIDA|AGPA|ANPA|AROA|ASIA)[A-Z2-7]{16,17}(:[\w+=,.@-]+)?"`)

// policyDiff is jsonDiff for outputs with any kind of id.
func policyDiff(t *testing.T, got, want string) string {
	t.Helper()
	return jsonDiff(t, anyIDRE.ReplaceAllString(got, `"$1…$2"`), want)
}

// bobSetup is the directory of the policy tests: Alice and Bob, the group
// Developers with Alice, the group Empty, and policySetup's policies.
func bobSetup(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName":"Alice"}`,
		"iam:CreateUser", `{"UserName":"Bob"}`,
		"iam:CreateGroup", `{"GroupName":"Developers"}`,
		"iam:CreateGroup", `{"GroupName":"Empty"}`,
		"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`)
	policySetup(t, f)
	return f
}

func TestPolicyOperationOutputs(t *testing.T) {
	t.Parallel()
	readOnly := `{"PolicyName":"ReadOnly","PolicyId":"ANPA…","Arn":"` + readARN + `","Path":"/","DefaultVersionId":"v1",
		"AttachmentCount":2,"PermissionsBoundaryUsageCount":0,"IsAttachable":true,"CreateDate":"2026-01-01T00:00:00Z","UpdateDate":"2026-01-01T00:00:00Z"}`
	deployer := `"Path":"/","RoleName":"Deployer","RoleId":"AROA…","Arn":"` + roleARNs + `","CreateDate":"2026-01-01T00:00:00Z","AssumeRolePolicyDocument":` + trustBob
	tests := []struct {
		name, op, input, want string
	}{
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
		{"CreatePolicy", "iam:CreatePolicy", `{"PolicyName":"Ops","Path":"/team/","PolicyDocument":` + quote(s3Read) + `,"Tags":[{"Key":"k","Value":"v"}]}`,
			`{"Policy":{"PolicyName":"Ops","PolicyId":"ANPA…","Arn":"arn:aws:iam::123456789012:policy/team/Ops","Path":"/team/","DefaultVersionId":"v1",
			"AttachmentCount":0,"PermissionsBoundaryUsageCount":0,"IsAttachable":true,"CreateDate":"2026-01-01T00:00:00Z","UpdateDate":"2026-01-01T00:00:00Z",
			"Tags":[{"Key":"k","Value":"v"}]}}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
		{"GetPolicy", "iam:GetPolicy", `{"PolicyArn":"` + readARN + `"}`,
			`{"Policy":` + strings.Replace(readOnly, `"IsAttachable":true,`, `"IsAttachable":true,"Description":"read S3",`, 1) + `}`},
		{"GetPolicy of an AWS managed policy", "iam:GetPolicy", `{"PolicyArn":"` + adminARN + `"}`,
			`{"Policy":{"PolicyName":"AdministratorAccess","PolicyId":"ANPA…","Arn":"` + adminARN + `","Path":"/","DefaultVersionId":"v1",
			"AttachmentCount":1,"PermissionsBoundaryUsageCount":0,"IsAttachable":true,"CreateDate":"2015-02-06T18:39:46Z","UpdateDate":"2015-02-06T18:39:46Z"}}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
		{"ListPolicies Local", "iam:ListPolicies", `{"Scope":"Local"}`, `{"Policies":[` + readOnly + `],"IsTruncated":false}`},
		{"ListPolicies AWS only attached", "iam:ListPolicies", `{"Scope":"AWS","OnlyAttached":true}`,
			`{"Policies":[{"PolicyName":"AdministratorAccess","PolicyId":"ANPA…","Arn":"` + adminARN + `","Path":"/","DefaultVersionId":"v1",
			"AttachmentCount":1,"PermissionsBoundaryUsageCount":0,"IsAttachable":true,"CreateDate":"2015-02-06T18:39:46Z","UpdateDate":"2015-02-06T18:39:46Z"}],"IsTruncated":false}`},
		{"ListPolicies by path", "iam:ListPolicies", `{"PathPrefix":"/service-role/","Scope":"Local"}`, `{"Policies":[],"IsTruncated":false}`},
		{"ListPolicies boundaries", "iam:ListPolicies", `{"OnlyAttached":true,"PolicyUsageFilter":"PermissionsBoundary"}`, `{"Policies":[],"IsTruncated":false}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
		{"CreatePolicyVersion", "iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(denyAll) + `,"SetAsDefault":true}`,
			`{"PolicyVersion":{"VersionId":"v2","IsDefaultVersion":true,"CreateDate":"2026-01-01T00:00:00Z"}}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html: the CLI decodes Document.
		{"GetPolicyVersion", "iam:GetPolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v1"}`,
			`{"PolicyVersion":{"Document":` + s3Read + `,"VersionId":"v1","IsDefaultVersion":true,"CreateDate":"2026-01-01T00:00:00Z"}}`},
		{"GetPolicyVersion of an AWS managed policy", "iam:GetPolicyVersion", `{"PolicyArn":"` + adminARN + `","VersionId":"v1"}`,
			`{"PolicyVersion":{"Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"VersionId":"v1","IsDefaultVersion":true,"CreateDate":"2015-02-06T18:39:46Z"}}`},
		{"ListPolicyVersions", "iam:ListPolicyVersions", `{"PolicyArn":"` + readARN + `"}`,
			`{"Versions":[{"VersionId":"v1","IsDefaultVersion":true,"CreateDate":"2026-01-01T00:00:00Z"}],"IsTruncated":false}`},
		{"SetDefaultPolicyVersion", "iam:SetDefaultPolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v1"}`, `{}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
		{"ListAttachedUserPolicies", "iam:ListAttachedUserPolicies", `{"UserName":"alice"}`,
			`{"AttachedPolicies":[{"PolicyName":"ReadOnly","PolicyArn":"` + readARN + `"}],"IsTruncated":false}`},
		{"ListAttachedGroupPolicies", "iam:ListAttachedGroupPolicies", `{"GroupName":"Developers"}`,
			`{"AttachedPolicies":[{"PolicyName":"AdministratorAccess","PolicyArn":"` + adminARN + `"},{"PolicyName":"ReadOnly","PolicyArn":"` + readARN + `"}],"IsTruncated":false}`},
		{"ListAttachedRolePolicies none", "iam:ListAttachedRolePolicies", `{"RoleName":"Deployer"}`, `{"AttachedPolicies":[],"IsTruncated":false}`},
		{"AttachRolePolicy", "iam:AttachRolePolicy", `{"RoleName":"Deployer","PolicyArn":"` + adminARN + `"}`, `{}`},
		{"AttachUserPolicy again changes nothing", "iam:AttachUserPolicy", `{"UserName":"Alice","PolicyArn":"` + readARN + `"}`, `{}`},
		{"DetachUserPolicy", "iam:DetachUserPolicy", `{"UserName":"Alice","PolicyArn":"` + readARN + `"}`, `{}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html
		{"GetUserPolicy", "iam:GetUserPolicy", `{"UserName":"Alice","PolicyName":"NoDelete"}`,
			`{"UserName":"Alice","PolicyName":"NoDelete","PolicyDocument":` + denyAll + `}`},
		{"GetGroupPolicy", "iam:GetGroupPolicy", `{"GroupName":"developers","PolicyName":"GroupInline"}`,
			`{"GroupName":"Developers","PolicyName":"GroupInline","PolicyDocument":` + s3Read + `}`},
		{"GetRolePolicy", "iam:GetRolePolicy", `{"RoleName":"Deployer","PolicyName":"Deploy"}`,
			`{"RoleName":"Deployer","PolicyName":"Deploy","PolicyDocument":` + s3Read + `}`},
		{"ListUserPolicies", "iam:ListUserPolicies", `{"UserName":"Alice"}`, `{"PolicyNames":["NoDelete"],"IsTruncated":false}`},
		{"ListRolePolicies", "iam:ListRolePolicies", `{"RoleName":"Deployer"}`, `{"PolicyNames":["Deploy"],"IsTruncated":false}`},
		{"PutUserPolicy replaces", "iam:PutUserPolicy", `{"UserName":"Alice","PolicyName":"NoDelete","PolicyDocument":` + quote(s3Read) + `}`, `{}`},
		{"DeleteGroupPolicy", "iam:DeleteGroupPolicy", `{"GroupName":"Developers","PolicyName":"GroupInline"}`, `{}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
		{"CreateRole", "iam:CreateRole", `{"RoleName":"Web","Path":"/svc/","AssumeRolePolicyDocument":` + quote(trustEC2) + `,"Description":"web servers","PermissionsBoundary":"` + readARN + `"}`,
			`{"Role":{"Path":"/svc/","RoleName":"Web","RoleId":"AROA…","Arn":"arn:aws:iam::123456789012:role/svc/Web","CreateDate":"2026-01-01T00:00:00Z",
			"AssumeRolePolicyDocument":` + trustEC2 + `,"Description":"web servers",
			"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"` + readARN + `"}}}`},
		// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
		{"GetRole", "iam:GetRole", `{"RoleName":"deployer"}`, `{"Role":{` + deployer + `,"MaxSessionDuration":3600,"RoleLastUsed":{}}}`},
		{"ListRoles", "iam:ListRoles", `{}`, `{"Roles":[{` + deployer + `,"MaxSessionDuration":3600}],"IsTruncated":false}`},
		{"UpdateAssumeRolePolicy", "iam:UpdateAssumeRolePolicy", `{"RoleName":"Deployer","PolicyDocument":` + quote(trustEC2) + `}`, `{}`},
		{"PutUserPermissionsBoundary", "iam:PutUserPermissionsBoundary", `{"UserName":"Bob","PermissionsBoundary":"` + adminARN + `"}`, `{}`},
		{"DeleteRolePermissionsBoundary without one", "iam:DeleteRolePermissionsBoundary", `{"RoleName":"Deployer"}`, `{}`},
		{"CreateUser with a boundary", "iam:CreateUser", `{"UserName":"Zoe","PermissionsBoundary":"` + readARN + `"}`,
			`{"User":{"Path":"/","UserName":"Zoe","UserId":"AIDA…","Arn":"arn:aws:iam::123456789012:user/Zoe","CreateDate":"2026-01-01T00:00:00Z",
			"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"` + readARN + `"}}}`},
		// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
		{"GetCallerIdentity as root", "sts:GetCallerIdentity", `{}`, `{"UserId":"123456789012","Account":"123456789012","Arn":"` + rootARN + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := bobSetup(t)
			got, err := f.call(tt.op, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if d := policyDiff(t, got, tt.want); d != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.op, tt.input, d)
			}
		})
	}
}

// TestAssumeRole follows
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html.
func TestAssumeRole(t *testing.T) {
	t.Parallel()
	f := bobSetup(t)
	f.env.Caller, _ = f.s.Principal(bobARN)
	f.env.Now += 60_000
	got, err := f.call("sts:AssumeRole", `{"RoleArn":"`+roleARNs+`","RoleSessionName":"s2","DurationSeconds":900,
		"Policy":`+quote(s3Read)+`,"PolicyArns":[{"arn":"`+readARN+`"}],"Tags":[{"Key":"project","Value":"x"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Credentials      struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
		AssumedRoleUser  struct{ AssumedRoleId, Arn string }
		PackedPolicySize int
	}
	if err := json.Unmarshal([]byte(got), &out); err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(c.AccessKeyId) || len(c.SecretAccessKey) != 40 || c.SessionToken == "" ||
		c.Expiration != "2026-01-01T00:16:00Z" {
		t.Errorf("credentials %+v", c)
	}
	role := f.s.View().Roles[0]
	if out.AssumedRoleUser.Arn != "arn:aws:sts::123456789012:assumed-role/Deployer/s2" || out.AssumedRoleUser.AssumedRoleId != role.ID+":s2" {
		t.Errorf("assumed role user %+v", out.AssumedRoleUser)
	}
	if out.PackedPolicySize < 1 || out.PackedPolicySize > 100 {
		t.Errorf("PackedPolicySize %d", out.PackedPolicySize)
	}
	p, ok := f.s.Principal(out.AssumedRoleUser.Arn)
	want := api.Principal{ARN: out.AssumedRoleUser.Arn, Account: acct, Type: api.AssumedRole, Name: "Deployer", ID: role.ID + ":s2",
		Tags: map[string]string{"project": "x"}, Role: roleARNs}
	if d := cmp.Diff(want, p); !ok || d != "" {
		t.Errorf("Principal of the session (-want +got):\n%s", d)
	}
	// GetCallerIdentity as the session.
	f.env.Caller = p
	got, _ = f.call("sts:GetCallerIdentity", `{}`)
	if d := policyDiff(t, got, `{"UserId":"AROA…:s2","Account":"123456789012","Arn":"`+out.AssumedRoleUser.Arn+`"}`); d != "" {
		t.Errorf("GetCallerIdentity (-want +got):\n%s", d)
	}
	// Expiry: valid up to Expiration, expired after it.
	for _, tt := range []struct {
		at   sim.Time
		want error
	}{{f.env.Now, nil}, {f.env.Now + 900_000, nil}, {f.env.Now + 900_001, ErrExpiredToken}} {
		if _, err := f.s.PrincipalAt(out.AssumedRoleUser.Arn, tt.at); err != tt.want {
			t.Errorf("PrincipalAt(%s) = %v, want %v", tt.at, err, tt.want)
		}
	}
	if _, err := f.s.PrincipalAt("arn:aws:sts::123456789012:assumed-role/Deployer/nobody", f.env.Now); err != ErrUnknownPrincipal {
		t.Errorf("unknown session: %v", err)
	}
}

func TestPolicyErrors(t *testing.T) {
	t.Parallel()
	missing := "arn:aws:iam::123456789012:policy/Missing"
	tests := []struct {
		name, caller, op, input, code, msg string
	}{
		{"policy exists", "", "iam:CreatePolicy", `{"PolicyName":"readonly","PolicyDocument":` + quote(s3Read) + `}`, "EntityAlreadyExists",
			"A policy called readonly already exists. Duplicate names are not allowed."},
		{"malformed policy", "", "iam:CreatePolicy", `{"PolicyName":"X","PolicyDocument":"{\"Version\":\"2012-10-17\"}"}`, "MalformedPolicyDocument",
			"Missing required field Statement (line 1, column 1)"},
		{"principal in an identity policy", "", "iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"X","PolicyDocument":` + quote(trustBob) + `}`, "MalformedPolicyDocument",
			"Policy statement must contain resources. (line 1, column 38) and 1 more error(s)"},
		{"bad policy path", "", "iam:CreatePolicy", `{"PolicyName":"X","Path":"/a*/","PolicyDocument":` + quote(s3Read) + `}`, "ValidationError",
			`1 validation error detected: Value '/a*/' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ((/[A-Za-z0-9\.,\+@=_-]+)*)/`},
		{"bad scope", "", "iam:ListPolicies", `{"Scope":"Mine"}`, "ValidationError",
			"1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"},
		{"get missing policy", "", "iam:GetPolicy", `{"PolicyArn":"` + missing + `"}`, "NoSuchEntity", "Policy " + missing + " was not found."},
		{"attach missing policy", "", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"` + missing + `"}`, "NoSuchEntity",
			"Policy " + missing + " does not exist or is not attachable."},
		{"attach to missing role", "", "iam:AttachRolePolicy", `{"RoleName":"Nope","PolicyArn":"` + readARN + `"}`, "NoSuchEntity", "The role with name Nope cannot be found."},
		{"detach what is not attached", "", "iam:DetachUserPolicy", `{"UserName":"Bob","PolicyArn":"` + readARN + `"}`, "NoSuchEntity", "Policy " + readARN + " was not found."},
		{"missing inline policy", "", "iam:GetUserPolicy", `{"UserName":"Bob","PolicyName":"Nope"}`, "NoSuchEntity", "The user policy with name Nope cannot be found."},
		{"missing role inline policy", "", "iam:DeleteRolePolicy", `{"RoleName":"Deployer","PolicyName":"Nope"}`, "NoSuchEntity", "The role policy with name Nope cannot be found."},
		{"missing version", "", "iam:GetPolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v7"}`, "NoSuchEntity",
			"Policy " + readARN + " version v7 does not exist or is not attachable."},
		{"bad version id", "", "iam:GetPolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"1"}`, "ValidationError",
			`1 validation error detected: Value '1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`},
		{"delete default version", "", "iam:DeletePolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v1"}`, "DeleteConflict",
			"Cannot delete the default version of this policy."},
		{"delete attached policy", "", "iam:DeletePolicy", `{"PolicyArn":"` + readARN + `"}`, "DeleteConflict", "Cannot delete a policy attached to entities."},
		{"change an AWS managed policy", "", "iam:CreatePolicyVersion", `{"PolicyArn":"` + adminARN + `","PolicyDocument":` + quote(s3Read) + `}`, "AccessDenied",
			"is not authorized to perform: iam:CreatePolicyVersion on resource: policy " + adminARN},
		{"delete a user with inline policies", "", "iam:DeleteUser", `{"UserName":"Bob"}`, "", ""}, // Bob has none: succeeds
		{"delete a group with policies", "", "iam:DeleteGroup", `{"GroupName":"Developers"}`, "DeleteConflict", "Cannot delete entity, must remove users from group first."},
		{"delete a role with policies", "", "iam:DeleteRole", `{"RoleName":"Deployer"}`, "DeleteConflict", "Cannot delete entity, must delete policies first."},
		{"role exists", "", "iam:CreateRole", `{"RoleName":"DEPLOYER","AssumeRolePolicyDocument":` + quote(trustEC2) + `}`, "EntityAlreadyExists", "Role with name DEPLOYER already exists."},
		{"trust policy with a Resource", "", "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + quote(s3Read) + `}`, "MalformedPolicyDocument", ""},
		{"max session too long", "", "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + quote(trustEC2) + `,"MaxSessionDuration":43201}`, "ValidationError",
			"1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"boundary that does not exist", "", "iam:PutRolePermissionsBoundary", `{"RoleName":"Deployer","PermissionsBoundary":"` + missing + `"}`, "NoSuchEntity",
			"Policy " + missing + " does not exist or is not attachable."},
		{"typo in a member", "", "iam:AttachUserPolicy", `{"Username":"Bob","PolicyArn":"` + readARN + `"}`, "ValidationError",
			`Unknown parameter in input: "Username", must be one of: PolicyArn, UserName`},
		{"missing member", "", "iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"P"}`, "ValidationError", `Missing required parameter in input: "PolicyDocument"`},
		// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
		{"root may not assume roles", "", "sts:AssumeRole", assumeBob, "AccessDenied", "Roles may not be assumed by root accounts."},
		{"assume a missing role", bobARN, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/Nope","RoleSessionName":"s"}`, "ValidationError",
			"1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"assume a role that does not exist", bobARN, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/Nope","RoleSessionName":"ss"}`, "AccessDenied",
			"User: " + bobARN + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Nope"},
		{"duration over the role's maximum", bobARN, "sts:AssumeRole", `{"RoleArn":"` + roleARNs + `","RoleSessionName":"ss","DurationSeconds":7200}`, "ValidationError",
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"role chaining over an hour", sessARN, "sts:AssumeRole", `{"RoleArn":"` + roleARNs + `","RoleSessionName":"ss","DurationSeconds":3601}`, "ValidationError",
			"The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
		{"malformed session policy", bobARN, "sts:AssumeRole", `{"RoleArn":"` + roleARNs + `","RoleSessionName":"ss","Policy":"{}"}`, "MalformedPolicyDocument", "Missing required field Statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := bobSetup(t)
			if tt.caller != "" {
				f.env.Caller, _ = f.s.Principal(tt.caller)
			}
			before := f.env.Rand.Save()
			out, err := f.call(tt.op, tt.input)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("%s %s: %v", tt.op, tt.input, err)
				}
				return
			}
			var e *api.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s %s = %s, %v; want %s", tt.op, tt.input, out, err, tt.code)
			}
			if e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("%s %s:\n got %s: %s\nwant %s: %s", tt.op, tt.input, e.Code, e.Message, tt.code, tt.msg)
			}
			if string(f.env.Rand.Save()) != string(before) {
				t.Errorf("a failed call drew from the random source")
			}
		})
	}
}

// TestDeleteConflicts covers the order DeleteUser, DeleteGroup, DeleteRole
// and DeletePolicy refuse in, and that they succeed once cleared.
func TestDeleteConflicts(t *testing.T) {
	t.Parallel()
	f := bobSetup(t)
	steps := []struct{ op, input, code, msg string }{
		{"iam:DeleteUser", `{"UserName":"Alice"}`, "DeleteConflict", "Cannot delete entity, must remove users from group first."},
		{"iam:RemoveUserFromGroup", `{"GroupName":"Developers","UserName":"Alice"}`, "", ""},
		{"iam:DeleteUser", `{"UserName":"Alice"}`, "DeleteConflict", "Cannot delete entity, must delete policies first."},
		{"iam:DeleteUserPolicy", `{"UserName":"Alice","PolicyName":"NoDelete"}`, "", ""},
		{"iam:DeleteUser", `{"UserName":"Alice"}`, "DeleteConflict", "Cannot delete entity, must detach all policies first."},
		{"iam:DetachUserPolicy", `{"UserName":"Alice","PolicyArn":"` + readARN + `"}`, "", ""},
		{"iam:DeleteUser", `{"UserName":"Alice"}`, "", ""},
		{"iam:DeleteGroup", `{"GroupName":"Developers"}`, "DeleteConflict", "Cannot delete entity, must delete policies first."},
		{"iam:DeleteGroupPolicy", `{"GroupName":"Developers","PolicyName":"GroupInline"}`, "", ""},
		{"iam:DeleteGroup", `{"GroupName":"Developers"}`, "DeleteConflict", "Cannot delete entity, must detach all policies first."},
		{"iam:DetachGroupPolicy", `{"GroupName":"Developers","PolicyArn":"` + readARN + `"}`, "", ""},
		{"iam:DetachGroupPolicy", `{"GroupName":"Developers","PolicyArn":"` + adminARN + `"}`, "", ""},
		{"iam:DeleteGroup", `{"GroupName":"Developers"}`, "", ""},
		{"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(denyAll) + `}`, "", ""},
		{"iam:DeletePolicy", `{"PolicyArn":"` + readARN + `"}`, "DeleteConflict",
			"This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."},
		{"iam:DeletePolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v2"}`, "", ""},
		{"iam:PutRolePermissionsBoundary", `{"RoleName":"Deployer","PermissionsBoundary":"` + readARN + `"}`, "", ""},
		{"iam:DeletePolicy", `{"PolicyArn":"` + readARN + `"}`, "DeleteConflict", "Cannot delete a policy attached to entities."},
		{"iam:DeleteRolePermissionsBoundary", `{"RoleName":"Deployer"}`, "", ""},
		{"iam:DeletePolicy", `{"PolicyArn":"` + readARN + `"}`, "", ""},
		{"iam:DeleteRole", `{"RoleName":"Deployer"}`, "DeleteConflict", "Cannot delete entity, must delete policies first."},
		{"iam:DeleteRolePolicy", `{"RoleName":"Deployer","PolicyName":"Deploy"}`, "", ""},
		{"iam:DeleteRole", `{"RoleName":"Deployer"}`, "", ""},
	}
	for i, st := range steps {
		_, err := f.call(st.op, st.input)
		if st.code == "" {
			if err != nil {
				t.Fatalf("step %d %s: %v", i, st.op, err)
			}
			continue
		}
		var e *api.Error
		if !errors.As(err, &e) || e.Code != st.code || e.Message != st.msg {
			t.Fatalf("step %d %s: got %v, want %s: %s", i, st.op, err, st.code, st.msg)
		}
	}
	if _, ok := f.s.Principal(sessARN); ok {
		t.Error("the session of a deleted role still resolves")
	}
}

func TestPolicyQuotas(t *testing.T) {
	t.Parallel()
	// A statement of n characters without white space.
	sized := func(n int) string {
		head := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::`
		tail := `"}]}`
		return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
	}
	trustSized := func(n int) string {
		head := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"sts:AssumeRole","Sid":"`
		tail := `"}]}`
		return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
	}
	if p := policy.MustParse(sized(2048), policy.Identity); p.Size() != 2048 {
		t.Fatalf("sized(2048) is %d", p.Size())
	}
	tests := []struct {
		name      string
		fill      []string
		op, input string
		code, msg string
	}{
		{"managed policy size", nil, "iam:CreatePolicy", `{"PolicyName":"Big","PolicyDocument":` + quote(sized(6145)) + `}`,
			"LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
		{"managed policy size with white space", nil, "iam:CreatePolicy", `{"PolicyName":"Big","PolicyDocument":` + quote(" \n"+sized(6144)+"\n\n ") + `}`, "", ""},
		{"user inline size", []string{"iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"A","PolicyDocument":` + quote(sized(1024)) + `}`},
			"iam:PutUserPolicy", `{"UserName":"bob","PolicyName":"B","PolicyDocument":` + quote(sized(1025)) + `}`,
			"LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user Bob"},
		{"user inline size when replacing", []string{"iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"A","PolicyDocument":` + quote(sized(1024)) + `}`},
			"iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"A","PolicyDocument":` + quote(sized(2048)) + `}`, "", ""},
		{"group inline size", nil, "iam:PutGroupPolicy", `{"GroupName":"Empty","PolicyName":"A","PolicyDocument":` + quote(sized(5121)) + `}`,
			"LimitExceeded", "Maximum policy size of 5120 bytes exceeded for group Empty"},
		{"role inline size", []string{"iam:PutRolePolicy", `{"RoleName":"Deployer","PolicyName":"B","PolicyDocument":` + quote(sized(6100)) + `}`},
			"iam:PutRolePolicy", `{"RoleName":"Deployer","PolicyName":"C","PolicyDocument":` + quote(sized(4100)) + `}`,
			"LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role Deployer"},
		{"trust policy size", nil, "iam:UpdateAssumeRolePolicy", `{"RoleName":"Deployer","PolicyDocument":` + quote(trustSized(2049)) + `}`,
			"LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048"},
		{"trust policy size at the quota", nil, "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + quote(trustSized(2048)) + `}`, "", ""},
		{"versions", []string{
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
		}, "iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
			"LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."},
		{"version numbers are not reused", []string{
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
			"iam:DeletePolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v2"}`,
			"iam:CreatePolicyVersion", `{"PolicyArn":"` + readARN + `","PolicyDocument":` + quote(s3Read) + `}`,
		}, "iam:GetPolicyVersion", `{"PolicyArn":"` + readARN + `","VersionId":"v3"}`, "", ""},
	}
	attached := func(kind, member, name, quota string) struct {
		name      string
		fill      []string
		op, input string
		code, msg string
	} {
		var fill []string
		for _, p := range managed.List()[:10] {
			fill = append(fill, "iam:Attach"+kind+"Policy", `{"`+member+`":"`+name+`","PolicyArn":"`+p.Arn+`"}`)
		}
		return struct {
			name      string
			fill      []string
			op, input string
			code, msg string
		}{"attached to a " + kind, fill, "iam:Attach" + kind + "Policy", `{"` + member + `":"` + name + `","PolicyArn":"` + readARN + `"}`,
			"LimitExceeded", "Cannot exceed quota for " + quota + ": 10"}
	}
	tests = append(tests, attached("User", "UserName", "Bob", "PoliciesPerUser"), attached("Group", "GroupName", "Empty", "PoliciesPerGroup"),
		attached("Role", "RoleName", "Deployer", "PoliciesPerRole"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := bobSetup(t)
			f.do(t, tt.fill...)
			_, err := f.call(tt.op, tt.input)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Message != tt.msg {
				t.Fatalf("got %v, want %s: %s", err, tt.code, tt.msg)
			}
		})
	}
}

func TestPolicySet(t *testing.T) {
	t.Parallel()
	f := bobSetup(t)
	f.do(t, "iam:PutUserPermissionsBoundary", `{"UserName":"Alice","PermissionsBoundary":"`+adminARN+`"}`)
	v := f.s.View()
	type in struct{ ID, SourceType string }
	ids := func(l []policy.Input) []in {
		var out []in
		for _, p := range l {
			if p.Policy == nil {
				t.Errorf("%s has no policy", p.ID)
			}
			out = append(out, in{p.ID, p.SourceType})
		}
		return out
	}
	tests := []struct {
		arn                         string
		identity, boundary, session []in
		caller                      policy.Caller
	}{
		{rootARN, nil, nil, nil, policy.Caller{Type: policy.Root, ARN: rootARN, Account: acct, UserID: acct}},
		{aliceARN,
			[]in{{"NoDelete", "user"}, {readARN, "user-managed"}, {"GroupInline", "group"}, {adminARN, "aws-managed"}},
			[]in{{adminARN, "aws-managed"}}, nil,
			policy.Caller{Type: policy.User, ARN: aliceARN, Account: acct, UserID: v.Users[0].ID, Name: "Alice"}},
		{bobARN, nil, nil, nil, policy.Caller{Type: policy.User, ARN: bobARN, Account: acct, UserID: v.Users[1].ID, Name: "Bob"}},
		{sessARN, []in{{"Deploy", "role"}}, nil, nil,
			policy.Caller{Type: policy.AssumedRole, ARN: sessARN, Account: acct, UserID: v.Roles[0].ID + ":bob-session", Issuer: roleARNs}},
		{roleARNs, []in{{"Deploy", "role"}}, nil, nil,
			policy.Caller{Type: policy.AssumedRole, ARN: roleARNs, Account: acct, UserID: v.Roles[0].ID, Issuer: roleARNs}},
		{devsARN, []in{{"GroupInline", "group"}, {readARN, "user-managed"}, {adminARN, "aws-managed"}}, nil, nil,
			policy.Caller{Type: policy.User, ARN: devsARN, Account: acct, UserID: v.Groups[0].ID}},
	}
	for _, tt := range tests {
		set, c, err := f.s.PolicySet(tt.arn)
		if err != nil {
			t.Errorf("PolicySet(%s): %v", tt.arn, err)
			continue
		}
		if d := cmp.Diff(tt.identity, ids(set.Identity)); d != "" {
			t.Errorf("PolicySet(%s) identity (-want +got):\n%s", tt.arn, d)
		}
		if d := cmp.Diff(tt.boundary, ids(set.Boundary)); d != "" {
			t.Errorf("PolicySet(%s) boundary (-want +got):\n%s", tt.arn, d)
		}
		if d := cmp.Diff(tt.session, ids(set.Session)); d != "" {
			t.Errorf("PolicySet(%s) session (-want +got):\n%s", tt.arn, d)
		}
		if set.Resource != nil {
			t.Errorf("PolicySet(%s) has a resource policy", tt.arn)
		}
		if d := cmp.Diff(tt.caller, c); d != "" {
			t.Errorf("PolicySet(%s) caller (-want +got):\n%s", tt.arn, d)
		}
	}
	for _, arn := range []string{"arn:aws:iam::123456789012:user/Nobody", "arn:aws:iam::123456789012:user/eng/Alice",
		"arn:aws:iam::999999999999:root", "arn:aws:sts::123456789012:assumed-role/Deployer/other"} {
		if _, _, err := f.s.PolicySet(arn); err == nil {
			t.Errorf("PolicySet(%s) found something", arn)
		}
	}
	// A session keeps the session policies it was given.
	f.env.Caller, _ = f.s.Principal(bobARN)
	f.do(t, "sts:AssumeRole", `{"RoleArn":"`+roleARNs+`","RoleSessionName":"limited","Policy":`+quote(s3Read)+`,"PolicyArns":[{"arn":"`+adminARN+`"}]}`)
	set, _, err := f.s.PolicySet("arn:aws:sts::123456789012:assumed-role/Deployer/limited")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]in{{"SessionPolicy", "none"}, {adminARN, "aws-managed"}}, ids(set.Session)); d != "" {
		t.Errorf("session policies (-want +got):\n%s", d)
	}
}

// TestPolicySetEvaluates runs the engine over PolicySet: Alice's deny-all
// inline policy beats every allow.
func TestPolicySetEvaluates(t *testing.T) {
	t.Parallel()
	f := bobSetup(t)
	for _, tt := range []struct {
		arn  string
		want policy.Decision
	}{{aliceARN, policy.ExplicitDeny}, {bobARN, policy.ImplicitDeny}, {sessARN, policy.Allowed}, {rootARN, policy.Allowed}} {
		set, c, err := f.s.PolicySet(tt.arn)
		if err != nil {
			t.Fatal(err)
		}
		r, err := policy.Evaluate(&policy.Request{Principal: c, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, set, false)
		if err != nil || r.Decision != tt.want {
			t.Errorf("%s s3:GetObject: %v, %v; want %v", tt.arn, r.Decision, err, tt.want)
		}
	}
}

// TestAWSManagedPoliciesParse checks that the grammar reads every real AWS
// managed policy document (a refusal would leave the policy out).
func TestAWSManagedPoliciesParse(t *testing.T) {
	t.Parallel()
	ps := managed.List()
	for _, p := range ps {
		if _, err := policy.Parse(string(p.Document), policy.Identity); err != nil {
			t.Errorf("%s: %v", p.PolicyName, err)
		}
	}
	if n := len(awsCatalog().ordered); n != len(ps) {
		t.Errorf("catalogue has %d policies, want %d", n, len(ps))
	}
	// Ids are stable and well formed.
	if id := awsCatalog().byARN[adminARN].id; id != awsPolicyID(adminARN) || !regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`).MatchString(id) {
		t.Errorf("AdministratorAccess id %q", id)
	}
}

func TestListPoliciesPages(t *testing.T) {
	t.Parallel()
	f := bobSetup(t)
	var names []string
	marker := ""
	for pages := 0; pages < 100; pages++ {
		in := `{"MaxItems":7}`
		if marker != "" {
			in = `{"MaxItems":7,"Marker":"` + marker + `"}`
		}
		out, err := f.call("iam:ListPolicies", in)
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
			names = append(names, p.PolicyName)
		}
		if !page.IsTruncated {
			break
		}
		marker = page.Marker
	}
	if want := len(managed.List()) + 1; len(names) != want {
		t.Fatalf("%d policies listed over the pages, want %d", len(names), want)
	}
	for i := 1; i < len(names); i++ {
		if strings.ToLower(names[i-1]) > strings.ToLower(names[i]) {
			t.Errorf("out of order: %s before %s", names[i-1], names[i])
		}
	}
}

func TestPolicyIDsForSeed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	out, err := f.call("iam:CreatePolicy", `{"PolicyName":"P","PolicyDocument":`+quote(s3Read)+`}`)
	if err != nil {
		t.Fatal(err)
	}
	out2, err := f.call("iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":`+quote(trustEC2)+`}`)
	if err != nil {
		t.Fatal(err)
	}
	got := anyIDRE.FindString(out) + " " + anyIDRE.FindString(out2)
	if want := fmt.Sprintf("%q %q", "ANPAC4GHWJND723QWBHHR", "AROA4VQW4TNPARJDBIRNA"); got != want {
		t.Errorf("ids of seed 1: %s, want %s", got, want)
	}
}
