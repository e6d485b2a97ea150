package cloud

import (
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/policy"
)

const (
	alice = "arn:aws:iam::123456789012:user/Alice"
	bob   = "arn:aws:iam::123456789012:user/Bob"
)

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func allowDoc(actions ...string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "Allow", "Effect": "Allow", "Action": actions, "Resource": "*"}}})
	return string(b)
}

func denyDoc(actions ...string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "DenyIt", "Effect": "Deny", "Action": actions, "Resource": "*"}}})
	return string(b)
}

// account returns an account with Alice (in Developers) and Bob, after
// the steps (caller, op, input triples, caller "" for root).
func account(t *testing.T, steps ...string) *Account {
	t.Helper()
	a := New(Config{Seed: 1})
	base := []string{
		"", "iam:CreateUser", `{"UserName":"Alice"}`,
		"", "iam:CreateUser", `{"UserName":"Bob"}`,
		"", "iam:CreateGroup", `{"GroupName":"Developers"}`,
		"", "iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`,
	}
	steps = append(base, steps...)
	for i := 0; i < len(steps); i += 3 {
		caller := steps[i]
		if caller == "" {
			caller = root
		}
		if _, err := a.Call(caller, steps[i+1], []byte(steps[i+2])); err != nil {
			t.Fatalf("%s %s as %s: %v", steps[i+1], steps[i+2], caller, err)
		}
	}
	return a
}

// TestAuthorisation runs calls through the policy authoriser
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
// denials are worded as
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html shows.
func TestAuthorisation(t *testing.T) {
	t.Parallel()
	listUsers := allowDoc("iam:ListUsers", "iam:GetUser")
	tests := []struct {
		name   string
		setup  []string
		caller string
		op, in string
		code   string // "" when allowed
		msg    string
	}{
		{"attached policy allows", []string{
			"", "iam:CreatePolicy", `{"PolicyName":"Read","PolicyDocument":` + q(listUsers) + `}`,
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::123456789012:policy/Read"}`,
		}, bob, "iam:ListUsers", `{}`, "", ""},
		{"attached policy does not allow more", []string{
			"", "iam:CreatePolicy", `{"PolicyName":"Read","PolicyDocument":` + q(listUsers) + `}`,
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::123456789012:policy/Read"}`,
		}, bob, "iam:CreateUser", `{"UserName":"Zoe"}`, "AccessDenied",
			"User: " + bob + " is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/Zoe because no identity-based policy allows the iam:CreateUser action"},
		{"AWS managed policy", []string{
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/IAMReadOnlyAccess"}`,
		}, bob, "iam:GetGroup", `{"GroupName":"Developers"}`, "", ""},
		{"group policy is inherited", []string{
			"", "iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"Read","PolicyDocument":` + q(listUsers) + `}`,
		}, alice, "iam:ListUsers", `{}`, "", ""},
		{"group policy is not Bob's", []string{
			"", "iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"Read","PolicyDocument":` + q(listUsers) + `}`,
		}, bob, "iam:ListUsers", `{}`, "AccessDenied", "because no identity-based policy allows the iam:ListUsers action"},
		{"explicit deny beats allow", []string{
			"", "iam:PutGroupPolicy", `{"GroupName":"Developers","PolicyName":"Read","PolicyDocument":` + q(listUsers) + `}`,
			"", "iam:PutUserPolicy", `{"UserName":"Alice","PolicyName":"No","PolicyDocument":` + q(denyDoc("iam:List*")) + `}`,
		}, alice, "iam:ListUsers", `{}`, "AccessDenied",
			"User: " + alice + " is not authorized to perform: iam:ListUsers with an explicit deny in an identity-based policy"},
		{"boundary limits", []string{
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`,
			"", "iam:CreatePolicy", `{"PolicyName":"Bound","PolicyDocument":` + q(allowDoc("iam:Get*")) + `}`,
			"", "iam:PutUserPermissionsBoundary", `{"UserName":"Bob","PermissionsBoundary":"arn:aws:iam::123456789012:policy/Bound"}`,
		}, bob, "iam:ListUsers", `{}`, "AccessDenied", "because no permissions boundary allows the iam:ListUsers action"},
		{"boundary lets through what both allow", []string{
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`,
			"", "iam:CreatePolicy", `{"PolicyName":"Bound","PolicyDocument":` + q(allowDoc("iam:Get*")) + `}`,
			"", "iam:PutUserPermissionsBoundary", `{"UserName":"Bob","PermissionsBoundary":"arn:aws:iam::123456789012:policy/Bound"}`,
		}, bob, "iam:GetUser", `{}`, "", ""},
		{"GetCallerIdentity needs no permission", nil, bob, "sts:GetCallerIdentity", `{}`, "", ""},
		{"root is allowed", nil, root, "iam:ListRoles", `{}`, "", ""},
		// Trust policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
		{"role not trusting the caller", []string{
			"", "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + q(trust(alice)) + `}`,
			"", "iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`,
		}, bob, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/R","RoleSessionName":"s1"}`, "AccessDenied",
			"User: " + bob + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/R because no resource-based policy allows the sts:AssumeRole action"},
		{"role trusting the caller", []string{
			"", "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + q(trust(bob)) + `}`,
		}, bob, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/R","RoleSessionName":"s1"}`, "", ""},
		{"session tags need sts:TagSession in the trust policy", []string{
			"", "iam:CreateRole", `{"RoleName":"R","AssumeRolePolicyDocument":` + q(trust(bob)) + `}`,
		}, bob, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/R","RoleSessionName":"s1","Tags":[{"Key":"a","Value":"b"}]}`, "AccessDenied",
			"sts:TagSession"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := account(t, tt.setup...)
			_, err := a.Call(tt.caller, tt.op, []byte(tt.in))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("%s as %s: %v", tt.op, tt.caller, err)
				}
				return
			}
			e := wantCode(t, err, tt.code, tt.msg)
			if _, ok := e.Trace.(*policy.Trace); !ok {
				t.Errorf("denial has trace %T, want *policy.Trace", e.Trace)
			}
		})
	}
}

func trust(principal string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": principal}, "Action": "sts:AssumeRole"}}})
	return string(b)
}

// TestAssumedRoleActsAndExpires: Bob assumes a role whose trust policy
// names him, acts with the role's permissions (not his own), and is
// refused once the session has expired.
func TestAssumedRoleActsAndExpires(t *testing.T) {
	t.Parallel()
	a := account(t,
		"", "iam:CreateRole", `{"RoleName":"Admin","AssumeRolePolicyDocument":`+q(trust(bob))+`}`,
		"", "iam:AttachRolePolicy", `{"RoleName":"Admin","PolicyArn":"arn:aws:iam::aws:policy/IAMFullAccess"}`)
	if _, err := a.Call(bob, "iam:CreateUser", []byte(`{"UserName":"Zoe"}`)); err == nil {
		t.Fatal("Bob created a user himself")
	}
	out, err := call(t, a, bob, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/Admin","RoleSessionName":"bob","DurationSeconds":900}`)
	if err != nil {
		t.Fatal(err)
	}
	session := out["AssumedRoleUser"].(map[string]any)["Arn"].(string)
	if session != "arn:aws:sts::123456789012:assumed-role/Admin/bob" {
		t.Fatalf("session %s", session)
	}
	if _, err := a.Call(session, "iam:CreateUser", []byte(`{"UserName":"Zoe"}`)); err != nil {
		t.Fatalf("the session may not create a user: %v", err)
	}
	id, err := call(t, a, session, "sts:GetCallerIdentity", `{}`)
	if err != nil || id["Arn"] != session || !strings.HasSuffix(id["UserId"].(string), ":bob") {
		t.Fatalf("GetCallerIdentity as the session: %v, %v", id, err)
	}
	// Session policies limit the session.
	out, err = call(t, a, bob, "sts:AssumeRole", `{"RoleArn":"arn:aws:iam::123456789012:role/Admin","RoleSessionName":"narrow","Policy":`+q(allowDoc("iam:Get*"))+`}`)
	if err != nil {
		t.Fatal(err)
	}
	narrow := out["AssumedRoleUser"].(map[string]any)["Arn"].(string)
	_, err = a.Call(narrow, "iam:CreateUser", []byte(`{"UserName":"Yan"}`))
	wantCode(t, err, "AccessDenied", "because no session policy allows the iam:CreateUser action")

	a.Advance(900_000)
	if _, err := a.Call(session, "iam:ListUsers", nil); err != nil {
		t.Fatalf("at its Expiration the session is refused: %v", err)
	}
	a.Advance(1)
	_, err = a.Call(session, "iam:ListUsers", nil)
	wantCode(t, err, "ExpiredToken", "The security token included in the request is expired")
	// The scenario replays: AssumeRole is journaled with its caller.
	var assumed int
	for _, s := range a.Journal() {
		if s.Op == "sts:AssumeRole" && s.As == bob {
			assumed++
		}
	}
	if assumed != 2 {
		t.Errorf("journal has %d AssumeRole steps, want 2", assumed)
	}
}

// TestDenialTraceShape checks the denial's trace against CONTRACT.md "The
// explanation (Trace)".
func TestDenialTraceShape(t *testing.T) {
	t.Parallel()
	a := account(t,
		"", "iam:PutUserPolicy", `{"UserName":"Bob","PolicyName":"P","PolicyDocument":`+q(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AllowList", "Effect": "Allow", "Action": "iam:List*", "Resource": "*"},
    {"Sid": "DenyDelete", "Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"}
  ]
}`)+`}`)
	_, err := a.Call(bob, "iam:DeleteUser", []byte(`{"UserName":"Alice"}`))
	e := wantCode(t, err, "AccessDenied", "with an explicit deny in an identity-based policy")
	b, _ := json.Marshal(e)
	var got struct {
		Code  string
		Trace struct {
			Decision           string
			DecidingStatements []struct {
				PolicyId       string
				StatementIndex int
			}
			Policies []struct {
				PolicyId, PolicyType string
				Statements           []map[string]any
			}
		} `json:"trace"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	tr := got.Trace
	if tr.Decision != "explicitDeny" || len(tr.DecidingStatements) != 1 || tr.DecidingStatements[0].PolicyId != "P" || tr.DecidingStatements[0].StatementIndex != 1 {
		t.Errorf("trace %s", b)
	}
	if len(tr.Policies) != 1 || tr.Policies[0].PolicyType != "IAM Policy" || len(tr.Policies[0].Statements) != 2 {
		t.Fatalf("trace policies %s", b)
	}
	for _, k := range []string{"StatementIndex", "Sid", "Effect", "Matched", "Reason", "StartPosition", "EndPosition"} {
		if _, ok := tr.Policies[0].Statements[1][k]; !ok {
			t.Errorf("statement trace lacks %s: %s", k, b)
		}
	}
	if st := tr.Policies[0].Statements[1]; st["Sid"] != "DenyDelete" || st["Matched"] != true ||
		st["StartPosition"].(map[string]any)["Line"] != float64(5) {
		t.Errorf("deciding statement %v", st)
	}
	if st := tr.Policies[0].Statements[0]; st["Matched"] != false || !strings.Contains(st["Reason"].(string), "iam:DeleteUser") {
		t.Errorf("other statement %v", st)
	}
}

// TestBucketPolicyAllowsAnotherUser: a bucket policy naming Bob lets him
// read though no identity-based policy of his allows it.
func TestBucketPolicyAllowsAnotherUser(t *testing.T) {
	t.Parallel()
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + bob + `"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}`
	a := account(t,
		"", "s3:CreateBucket", `{"Bucket":"shared"}`,
		"", "s3:PutObject", `{"Bucket":"shared","Key":"k","Body":"aGk="}`,
		"", "s3:PutBucketPolicy", `{"Bucket":"shared","Policy":`+q(bucketPolicy)+`}`)
	if _, err := a.Call(bob, "s3:GetObject", []byte(`{"Bucket":"shared","Key":"k"}`)); err != nil {
		t.Fatalf("Bob may not read: %v", err)
	}
	_, err := a.Call(alice, "s3:GetObject", []byte(`{"Bucket":"shared","Key":"k"}`))
	wantCode(t, err, "AccessDenied", "because no identity-based policy allows the s3:GetObject action")
}

// TestBucketPolicyLocksOutRootButNotFromItsPolicy: an explicit deny in a
// bucket policy binds even the root user, except for the bucket-policy
// actions, which S3 leaves to the bucket owner's root so it can undo the
// lock-out (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html,
// https://repost.aws/knowledge-center/s3-accidentally-denied-access).
func TestBucketPolicyLocksOutRootButNotFromItsPolicy(t *testing.T) {
	t.Parallel()
	denyAll := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyEveryone","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::locked","arn:aws:s3:::locked/*"]}]}`
	a := account(t,
		"", "s3:CreateBucket", `{"Bucket":"locked"}`,
		"", "s3:PutObject", `{"Bucket":"locked","Key":"k","Body":"aGk="}`,
		"", "s3:PutBucketPolicy", `{"Bucket":"locked","Policy":`+q(denyAll)+`}`)
	_, err := a.Call(root, "s3:GetObject", []byte(`{"Bucket":"locked","Key":"k"}`))
	e := wantCode(t, err, "AccessDenied", "with an explicit deny in a resource-based policy")
	if e.Trace == nil {
		t.Fatal("the root's denial carries no trace")
	}
	if _, err := a.Call(root, "s3:GetBucketPolicy", []byte(`{"Bucket":"locked"}`)); err != nil {
		t.Fatalf("root may not read its bucket policy: %v", err)
	}
	if _, err := a.Call(root, "s3:DeleteBucketPolicy", []byte(`{"Bucket":"locked"}`)); err != nil {
		t.Fatalf("root may not delete its bucket policy: %v", err)
	}
	if _, err := a.Call(root, "s3:GetObject", []byte(`{"Bucket":"locked","Key":"k"}`)); err != nil {
		t.Fatalf("root still locked out after deleting the policy: %v", err)
	}
}
