package analyzer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAWSExampleSpan checks the analyzer against the example of the AWS
// CLI's validate-policy reference
// (https://docs.aws.amazon.com/cli/latest/reference/accessanalyzer/validate-policy.html):
// for this role trust policy AWS answers EMPTY_SID_VALUE at
// Statement[0].Sid, from line 5 column 19 offset 79 to line 5 column 21
// offset 81 (the value "" with its quotes; end exclusive).
func TestAWSExampleSpan(t *testing.T) {
	t.Parallel()
	doc := `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}`
	var got []byte
	for _, f := range Validate(doc, Options{PolicyType: ResourcePolicy, ResourceType: RoleTrustPolicy}, nil) {
		if f.IssueCode == "EMPTY_SID_VALUE" {
			got, _ = json.Marshal(f)
		}
	}
	want := `{"findingDetails":"Add a value to the empty string in the Sid element.","findingType":"SUGGESTION","issueCode":"EMPTY_SID_VALUE",` +
		`"learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value",` +
		`"locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Sid"}],"span":{"start":{"line":5,"column":19,"offset":79},"end":{"line":5,"column":21,"offset":81}}}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestOutputShapeExact pins the JSON of several findings: AWS's five
// members, paths that reach the element (value, index, key and substring
// elements), and "*" on "*" reported through AWS's iam:PassRole and
// iam:CreateServiceLinkedRole checks, with no finding of the playground's
// own.
func TestOutputShapeExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		doc  string
		want string
	}{
		{"star on star", Options{PolicyType: IdentityPolicy}, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`,
			`[{"findingDetails":"Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.","findingType":"WARNING","issueCode":"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE","learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-create-slr-with-star-in-action-and-resource","locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Resource"}],"span":{"start":{"line":1,"column":87,"offset":87},"end":{"line":1,"column":90,"offset":90}}}]},` +
				`{"findingDetails":"Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.","findingType":"SECURITY_WARNING","issueCode":"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE","learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-action-and-resource","locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Resource"}],"span":{"start":{"line":1,"column":87,"offset":87},"end":{"line":1,"column":90,"offset":90}}}]}]`},
		{"condition key name and variable", Options{PolicyType: IdentityPolicy}, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::b/${}/*", "Condition": {"ArnLike": {"aws:ARN": "arn:aws:iam::123456789012:user/*"}}}]}`,
			`[{"findingDetails":"Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.","findingType":"ERROR","issueCode":"EMPTY_VARIABLE","learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-empty-variable","locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Resource"},{"substring":{"start":15,"length":3}}],"span":{"start":{"line":2,"column":29,"offset":115},"end":{"line":2,"column":32,"offset":118}}}]},` +
				`{"findingDetails":"We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.","findingType":"WARNING","issueCode":"DEPRECATED_GLOBAL_CONDITION_KEY","learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-deprecated-global-condition-key","locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Condition"},{"value":"ArnLike"},{"key":"aws:ARN"}],"span":{"start":{"line":2,"column":63,"offset":149},"end":{"line":2,"column":72,"offset":158}}}]}]`},
		{"no findings", Options{PolicyType: IdentityPolicy}, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(Validate(tt.doc, tt.opts, nil))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
			var back []Finding
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(back); string(again) != string(b) {
				t.Errorf("round trip changed the JSON:\n%s", again)
			}
		})
	}
}

// TestDocsListLeftOutChecks checks that the site's docs page names every
// check of the reference the playground leaves out, in its "Policy
// validation checks" section.
func TestDocsListLeftOutChecks(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "site", "docs.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	i := strings.Index(page, `<section id="policy-checks"`)
	if i < 0 {
		t.Fatal(`docs.html has no section id="policy-checks"`)
	}
	section := page[i : i+strings.Index(page[i:], "</section>")]
	made := 0
	for _, c := range Checks() {
		if c.LeftOut == "" {
			made++
			continue
		}
		if !strings.Contains(section, "<code>"+c.IssueCode+"</code>") {
			t.Errorf("docs.html does not list the left-out check %s", c.IssueCode)
		}
	}
	if want := fmt.Sprintf("The playground makes %d of them", made); !strings.Contains(section, want) {
		t.Errorf("docs.html does not say %q", want)
	}
	if len(Checks()) != 135 {
		t.Errorf("%d checks, want the reference's 135", len(Checks()))
	}
}
