package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
)

var update = flag.Bool("update", false, "update golden files")

// Policies of the simulate tests, written over several lines so that the
// positions in MatchedStatements and Trace mean something.
const (
	polS3 = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"},
    {
      "Sid": "DenyOutsideOffice",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::secret/*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}`
	polKinesis = `{"Version": "2012-10-17", "Statement": {"Sid": "Put", "Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*",
  "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}, "StringEquals": {"aws:PrincipalTag/team": "data"}}}}`
	polBoundary = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}]}`
	polBucket   = `{"Version": "2012-10-17", "Statement": [{"Sid": "BobReads", "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::123456789012:user/Bob"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}`
	polTypes = `{"Version": "2012-10-17", "Statement": [{"Sid": "Typed", "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {
  "Bool": {"aws:SecureTransport": "true"},
  "IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]},
  "DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"},
  "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost"]},
  "NumericGreaterThan": {"ec2:VolumeSize": "10"},
  "BinaryEquals": {"test:Blob": "aGk="}}}]}`
)

// jsonText quotes a policy document as a JSON string.
func jsonText(doc string) string {
	b, _ := json.Marshal(doc)
	return string(b)
}

// TestSimulateGolden runs the simulate operations and compares their
// outputs with testdata/simulate/NAME.json (go test ./core/iam -update
// rewrites them).
func TestSimulateGolden(t *testing.T) {
	t.Parallel()
	bob := `"CallerArn": "arn:aws:iam::123456789012:user/Bob"`
	tests := []struct {
		name, op, input string
		setup           []string
	}{
		{"custom_allow_and_explicit_deny", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polS3) + `], "ActionNames": ["s3:GetObject", "s3:PutObject"],
			  "ResourceArns": ["arn:aws:s3:::secret/plan.txt"], ` + bob + `,
			  "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["198.51.100.7"], "ContextKeyType": "ip"}]}`, nil},
		{"custom_star_missing_context", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polKinesis) + `], "ActionNames": ["kinesis:PutRecord"]}`, nil},
		{"custom_resources_aggregate", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polS3) + `], "ActionNames": ["s3:GetObject"],
			  "ResourceArns": ["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::secret/plan.txt"], ` + bob + `}`, nil},
		{"custom_boundary", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polS3) + `], "PermissionsBoundaryPolicyInputList": [` + jsonText(polBoundary) + `],
			  "ActionNames": ["s3:GetObject", "s3:ListBucket"], "ResourceArns": ["arn:aws:s3:::reports"]}`, nil},
		{"custom_resource_policy_cross_account", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polS3) + `], "ResourcePolicy": ` + jsonText(polBucket) + `,
			  "ResourceOwner": "arn:aws:iam::999999999999:root", ` + bob + `,
			  "ActionNames": ["s3:GetObject", "s3:PutObject"], "ResourceArns": ["arn:aws:s3:::shared/notes.txt"]}`, nil},
		{"custom_resource_policy_same_account", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polBoundary) + `], "ResourcePolicy": ` + jsonText(polBucket) + `, ` + bob + `,
			  "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::shared/notes.txt"]}`, nil},
		{"custom_context_types", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polTypes) + `], "ActionNames": ["ec2:RunInstances"], "ContextEntries": [
			  {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"},
			  {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3", "192.0.2.1"], "ContextKeyType": "ipList"},
			  {"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2026-06-01T00:00:00Z"], "ContextKeyType": "date"},
			  {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["team"], "ContextKeyType": "stringList"},
			  {"ContextKeyName": "ec2:VolumeSize", "ContextKeyValues": ["20"], "ContextKeyType": "numeric"},
			  {"ContextKeyName": "test:Blob", "ContextKeyValues": ["aGk="], "ContextKeyType": "binary"}]}`, nil},
		{"custom_context_overrides_derived", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polKinesis) + `], "ActionNames": ["kinesis:PutRecord"], "CallerArn": "arn:aws:iam::123456789012:user/Tagged",
			  "ContextEntries": [{"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": ["60"], "ContextKeyType": "numeric"},
			  {"ContextKeyName": "aws:PrincipalTag/team", "ContextKeyValues": ["data"], "ContextKeyType": "string"}]}`,
			[]string{"iam:CreateUser", `{"UserName": "Tagged", "Tags": [{"Key": "team", "Value": "web"}]}`}},
		{"custom_paging_first", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polBoundary) + `], "ActionNames": ["s3:ListBucket", "s3:ListAllMyBuckets", "s3:GetObject"], "MaxItems": 2}`, nil},
		{"custom_paging_next", "iam:SimulateCustomPolicy",
			`{"PolicyInputList": [` + jsonText(polBoundary) + `], "ActionNames": ["s3:ListBucket", "s3:ListAllMyBuckets", "s3:GetObject"], "MaxItems": 2, "Marker": "cp1.MDAwMDAwMDI"}`, nil},
		{"principal_user_with_group_policies", "iam:SimulatePrincipalPolicy",
			`{"PolicySourceArn": "arn:aws:iam::123456789012:user/Bob", "ActionNames": ["s3:GetObject", "kinesis:PutRecord", "iam:CreateUser"],
			  "PolicyInputList": [` + jsonText(polKinesis) + `]}`,
			[]string{
				"iam:CreateUser", `{"UserName": "Bob"}`,
				"iam:CreateGroup", `{"GroupName": "Readers"}`,
				"iam:AddUserToGroup", `{"GroupName": "Readers", "UserName": "Bob"}`,
				"iam:PutGroupPolicy", `{"GroupName": "Readers", "PolicyName": "ReadS3", "PolicyDocument": ` + jsonText(polS3) + `}`,
				"iam:PutUserPolicy", `{"UserName": "Bob", "PolicyName": "NoIAM", "PolicyDocument": ` + jsonText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}`) + `}`,
			}},
		{"principal_group", "iam:SimulatePrincipalPolicy",
			`{"PolicySourceArn": "arn:aws:iam::123456789012:group/Readers", "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::reports/q1.csv"]}`,
			[]string{
				"iam:CreateGroup", `{"GroupName": "Readers"}`,
				"iam:PutGroupPolicy", `{"GroupName": "Readers", "PolicyName": "ReadS3", "PolicyDocument": ` + jsonText(polS3) + `}`,
			}},
		{"principal_caller_as_other_user", "iam:SimulatePrincipalPolicy",
			`{"PolicySourceArn": "arn:aws:iam::123456789012:user/David", "CallerArn": "arn:aws:iam::123456789012:user/Bob",
			  "ResourcePolicy": ` + jsonText(polBucket) + `, "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::shared/notes.txt"]}`,
			[]string{"iam:CreateUser", `{"UserName": "David"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.do(t, tt.setup...)
			out, err := f.call(tt.op, tt.input)
			if err != nil {
				t.Fatalf("%s: %v", tt.op, err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, []byte(idRE.ReplaceAllString(out, `"$1…"`)), "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			golden := filepath.Join("testdata", "simulate", tt.name+".json")
			if *update {
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./core/iam -run TestSimulateGolden -update)", err)
			}
			if d := cmp.Diff(string(want), pretty.String()); d != "" {
				t.Errorf("%s output differs from %s (-want +got):\n%s", tt.op, golden, d)
			}
		})
	}
}

// evalResults decodes the parts of a simulate output that tests check.
type evalResults struct {
	EvaluationResults []struct {
		EvalActionName, EvalResourceName, EvalDecision string
		MatchedStatements                              []struct{ SourcePolicyId, SourcePolicyType string }
		MissingContextValues                           []string
		EvalDecisionDetails                            *map[string]string
		PermissionsBoundaryDecisionDetail              *struct{ AllowedByPermissionsBoundary bool }
		ResourceSpecificResults                        []struct {
			EvalResourceName, EvalResourceDecision string
			MissingContextValues                   []string
			EvalDecisionDetails                    map[string]string
			Trace                                  *struct{ Decision string }
		}
		Trace *struct {
			Decision           string
			DecidingStatements []struct {
				PolicyId       string
				StatementIndex int
			}
		}
	}
	IsTruncated bool
	Marker      string
}

func decodeResults(t *testing.T, out string) evalResults {
	t.Helper()
	var v evalResults
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output %s: %v", out, err)
	}
	return v
}

func TestSimulateShapes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Within one account with "*": no EvalDecisionDetails, missing context
	// values at the top.
	out, err := f.call("iam:SimulateCustomPolicy", `{"PolicyInputList": [`+jsonText(polKinesis)+`], "ActionNames": ["kinesis:PutRecord"]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeResults(t, out).EvaluationResults[0]
	if r.EvalDecisionDetails != nil || r.EvalResourceName != "*" || r.EvalDecision != "implicitDeny" {
		t.Errorf("star result: %+v", r)
	}
	if d := cmp.Diff([]string{"aws:MultiFactorAuthAge", "aws:PrincipalTag/team"}, r.MissingContextValues); d != "" {
		t.Errorf("MissingContextValues (-want +got):\n%s", d)
	}
	if len(r.ResourceSpecificResults) != 1 || len(r.ResourceSpecificResults[0].MissingContextValues) != 0 || r.ResourceSpecificResults[0].Trace == nil {
		t.Errorf("ResourceSpecificResults: %+v", r.ResourceSpecificResults)
	}
	if r.Trace == nil || r.Trace.Decision != "implicitDeny" {
		t.Errorf("Trace: %+v", r.Trace)
	}

	// With resources: EvalDecisionDetails present and empty, missing context
	// values per resource.
	out, err = f.call("iam:SimulateCustomPolicy", `{"PolicyInputList": [`+jsonText(polKinesis)+`], "ActionNames": ["kinesis:PutRecord"],
		"ResourceArns": ["arn:aws:kinesis:us-east-1:123456789012:stream/a"]}`)
	if err != nil {
		t.Fatal(err)
	}
	r = decodeResults(t, out).EvaluationResults[0]
	if r.EvalDecisionDetails == nil || len(*r.EvalDecisionDetails) != 0 || len(r.MissingContextValues) != 0 {
		t.Errorf("resource result: details %v, missing %v", r.EvalDecisionDetails, r.MissingContextValues)
	}
	if rs := r.ResourceSpecificResults; len(rs) != 1 || len(rs[0].MissingContextValues) != 2 || rs[0].EvalDecisionDetails != nil {
		t.Errorf("ResourceSpecificResults: %+v", rs)
	}

	// Across accounts: EvalDecisionDetails per policy type, at both levels.
	out, err = f.call("iam:SimulateCustomPolicy", `{"PolicyInputList": [`+jsonText(polS3)+`], "ActionNames": ["s3:GetObject"],
		"ResourceArns": ["arn:aws:s3:::shared/notes.txt"], "ResourcePolicy": `+jsonText(polBucket)+`,
		"ResourceOwner": "arn:aws:iam::999999999999:root", "CallerArn": "arn:aws:iam::123456789012:user/Bob"}`)
	if err != nil {
		t.Fatal(err)
	}
	r = decodeResults(t, out).EvaluationResults[0]
	want := map[string]string{"IAM Policy": "allowed", "Resource Policy": "allowed"}
	if r.EvalDecision != "allowed" || r.EvalDecisionDetails == nil || !cmp.Equal(want, *r.EvalDecisionDetails) ||
		!cmp.Equal(want, r.ResourceSpecificResults[0].EvalDecisionDetails) {
		t.Errorf("cross-account result: %+v", r)
	}
}

func TestSimulateAggregatesResources(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	out, err := f.call("iam:SimulateCustomPolicy", `{"PolicyInputList": [`+jsonText(polS3)+`], "ActionNames": ["s3:GetObject"],
		"ResourceArns": ["arn:aws:s3:::reports/a", "arn:aws:s3:::secret/b", "arn:aws:s3:::reports/c"]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeResults(t, out).EvaluationResults[0]
	var got []string
	for _, rr := range r.ResourceSpecificResults {
		got = append(got, rr.EvalResourceName+"="+rr.EvalResourceDecision)
	}
	want := []string{"arn:aws:s3:::reports/a=allowed", "arn:aws:s3:::secret/b=explicitDeny", "arn:aws:s3:::reports/c=allowed"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ResourceSpecificResults (-want +got):\n%s", d)
	}
	// The aggregate is the most restrictive decision, and the top level
	// describes the resource that gave it.
	if r.EvalDecision != "explicitDeny" || r.EvalResourceName != "arn:aws:s3:::secret/b" || r.Trace.Decision != "explicitDeny" ||
		len(r.MatchedStatements) != 1 || r.MatchedStatements[0].SourcePolicyId != "PolicyInputList.1" {
		t.Errorf("aggregate: %+v", r)
	}
	// The aws:SourceIp of the condition is missing for the secret resource
	// only, since the other statements' conditions are not reached... the
	// engine reports keys of every statement it evaluated.
	if len(r.MissingContextValues) != 0 {
		t.Errorf("top-level MissingContextValues with resources listed: %v", r.MissingContextValues)
	}
}

func TestSimulatePaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketPolicy"}
	in := map[string]any{"PolicyInputList": []string{polS3}, "ActionNames": actions, "MaxItems": 2}
	var got []string
	for page := 0; ; page++ {
		b, _ := json.Marshal(in)
		out, err := f.call("iam:SimulateCustomPolicy", string(b))
		if err != nil {
			t.Fatal(err)
		}
		v := decodeResults(t, out)
		for _, r := range v.EvaluationResults {
			got = append(got, r.EvalActionName)
		}
		if !v.IsTruncated {
			if v.Marker != "" {
				t.Errorf("last page has a Marker %q", v.Marker)
			}
			break
		}
		if page > 5 || v.Marker == "" {
			t.Fatalf("page %d: IsTruncated without progress (Marker %q)", page, v.Marker)
		}
		in["Marker"] = v.Marker
	}
	if d := cmp.Diff(actions, got); d != "" {
		t.Errorf("actions over the pages (-want +got):\n%s", d)
	}
}

func TestSimulateErrors(t *testing.T) {
	t.Parallel()
	p := jsonText(polS3)
	tests := []struct {
		name, op, input, code, msg string
	}{
		{"missing ActionNames", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `]}`,
			"ValidationError", `Missing required parameter in input: "ActionNames"`},
		{"missing PolicyInputList", "iam:SimulateCustomPolicy", `{"ActionNames": ["s3:GetObject"]}`,
			"ValidationError", `Missing required parameter in input: "PolicyInputList"`},
		{"typo", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionName": ["s3:GetObject"]}`,
			"ValidationError", `Unknown parameter in input: "ActionName"`},
		{"wildcard action", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:Get*"]}`,
			"InvalidInput", "does not support using wildcards"},
		{"action without service", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["GetObject"]}`,
			"InvalidInput", "must include the service identifier"},
		{"short action", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3"]}`,
			"ValidationError", "Member must have length greater than or equal to 3"},
		{"malformed policy", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `, "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"StringEqual\": {\"a:b\": \"c\"}}}}"], "ActionNames": ["s3:GetObject"]}`,
			"MalformedPolicyDocument", "PolicyInputList.2:2:"},
		{"malformed boundary", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "PermissionsBoundaryPolicyInputList": ["{"], "ActionNames": ["s3:GetObject"]}`,
			"MalformedPolicyDocument", "PermissionsBoundaryPolicyInputList.1:1:"},
		{"resource policy without principal", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ResourcePolicy": ` + p + `, "ActionNames": ["s3:GetObject"], "CallerArn": "arn:aws:iam::123456789012:user/Bob"}`,
			"MalformedPolicyDocument", "ResourcePolicy:"},
		{"identity policy with principal", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + jsonText(polBucket) + `], "ActionNames": ["s3:GetObject"]}`,
			"MalformedPolicyDocument", "PolicyInputList.1:"},
		{"caller is a role", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "CallerArn": "arn:aws:iam::123456789012:role/Admin"}`,
			"InvalidInput", "Invalid CallerArn: arn:aws:iam::123456789012:role/Admin"},
		{"caller is a session", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "CallerArn": "arn:aws:sts::123456789012:assumed-role/Admin/s"}`,
			"InvalidInput", "Invalid CallerArn"},
		{"resource policy without caller", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ResourcePolicy": ` + jsonText(polBucket) + `, "ActionNames": ["s3:GetObject"]}`,
			"InvalidInput", "CallerArn is required if you include a ResourcePolicy"},
		{"resource not an ARN", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ResourceArns": ["my-bucket"]}`,
			"InvalidInput", "ResourceNames are not in a valid ARN format: my-bucket."},
		{"resource owner as an id", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ResourceOwner": "999999999999"}`,
			"InvalidInput", "'999999999999' is not a valid as a Resource Owner."},
		{"unknown context type", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["1.2.3.4"], "ContextKeyType": "address"}]}`,
			"ValidationError", "Member must satisfy enum value set"},
		{"bad numeric", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": ["soon"], "ContextKeyType": "numeric"}]}`,
			"InvalidInput", "Invalid value for context key aws:MultiFactorAuthAge of type numeric: soon"},
		{"bad ip", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["300.1.1.1"], "ContextKeyType": "ip"}]}`,
			"InvalidInput", "of type ip"},
		{"several values for a scalar type", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["1.1.1.1", "2.2.2.2"], "ContextKeyType": "ip"}]}`,
			"InvalidInput", "use ipList for several"},
		{"short context key", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "a:b", "ContextKeyValues": ["x"]}]}`,
			"ValidationError", "contextEntries.1.member.contextKeyName"},
		{"handling option", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ResourceHandlingOption": "EC2-Classic"}`,
			"InvalidInput", "Invalid ResourceHandlingOption"},
		{"MaxItems 0", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "MaxItems": 0}`,
			"ValidationError", "Member must have value greater than or equal to 1"},
		{"bad marker", "iam:SimulateCustomPolicy", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "Marker": "nope"}`,
			"InvalidInput", "Invalid Marker"},
		{"principal missing user", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::123456789012:user/Nobody", "ActionNames": ["s3:GetObject"]}`,
			"NoSuchEntity", "The user with name Nobody cannot be found."},
		{"principal missing group", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::123456789012:group/Nobody", "ActionNames": ["s3:GetObject"]}`,
			"NoSuchEntity", "The group with name Nobody cannot be found."},
		{"principal missing role", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::123456789012:role/Nobody", "ActionNames": ["s3:GetObject"]}`,
			"NoSuchEntity", "The role with name Nobody cannot be found."},
		{"principal session", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:sts::123456789012:assumed-role/Admin/s", "ActionNames": ["s3:GetObject"]}`,
			"InvalidInput", "Invalid Entity Arn: arn:aws:sts::123456789012:assumed-role/Admin/s"},
		{"principal other account", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::999999999999:user/Bob", "ActionNames": ["s3:GetObject"]}`,
			"InvalidInput", "Invalid Entity Arn"},
		{"principal group with resource policy and no caller", "iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::123456789012:group/G", "ResourcePolicy": ` + jsonText(polBucket) + `, "ActionNames": ["s3:GetObject"]}`,
			"InvalidInput", "CallerArn is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			_, err := f.call(tt.op, tt.input)
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("got %v, want %s containing %q", err, tt.code, tt.msg)
			}
		})
	}
}

func TestSimulateActions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.do(t, "iam:CreateUser", `{"UserName": "Bob", "Path": "/eng/"}`)
	tests := []struct{ op, input, action, resource string }{
		{"iam:SimulateCustomPolicy", `{"PolicyInputList": [` + jsonText(polS3) + `], "ActionNames": ["s3:GetObject"]}`, "iam:SimulateCustomPolicy", "*"},
		{"iam:SimulatePrincipalPolicy", `{"PolicySourceArn": "arn:aws:iam::123456789012:user/eng/Bob", "ActionNames": ["s3:GetObject"]}`,
			"iam:SimulatePrincipalPolicy", "arn:aws:iam::123456789012:user/eng/Bob"},
	}
	for _, tt := range tests {
		actions, _, err := f.ops[tt.op].Prepare(f.env, []byte(tt.input))
		if err != nil {
			t.Fatalf("%s: %v", tt.op, err)
		}
		if len(actions) != 1 || actions[0].Action != tt.action || actions[0].Resource != tt.resource {
			t.Errorf("%s needs %+v, want %s on %s", tt.op, actions, tt.action, tt.resource)
		}
	}
}

// TestSimulateIsDeterministic guards against map order leaking into the
// output (EvalDecisionDetails, MissingContextValues, context lookups).
func TestSimulateIsDeterministic(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	input := `{"PolicyInputList": [` + jsonText(polKinesis) + `, ` + jsonText(polTypes) + `], "ActionNames": ["kinesis:PutRecord", "ec2:RunInstances"],
		"ResourceArns": ["arn:aws:kinesis:us-east-1:999999999999:stream/a", "*"], "ResourcePolicy": ` + jsonText(polBucket) + `,
		"CallerArn": "arn:aws:iam::123456789012:user/Bob"}`
	first, err := f.call("iam:SimulateCustomPolicy", input)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if out, _ := f.call("iam:SimulateCustomPolicy", input); out != first {
			t.Fatalf("outputs differ:\n%s\n%s", first, out)
		}
	}
}
