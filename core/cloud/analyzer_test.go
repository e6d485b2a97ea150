package cloud

import (
	"os"
	"strings"
	"testing"

	"cloudplay/core/catalog"
)

// ValidatePolicy goes through the dispatcher like every operation; with
// the site's catalog it finds an action that does not exist
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
func TestValidatePolicyThroughTheAccount(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../site/iam-catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	a := New(Config{})
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}`
	in := `{"policyType":"IDENTITY_POLICY","policyDocument":` + q(doc) + `}`
	out, err := a.Call(root, "access-analyzer:ValidatePolicy", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "INVALID_ACTION") {
		t.Fatalf("found INVALID_ACTION without a catalog: %s", out)
	}
	a.SetCatalog(func() (*catalog.Catalog, error) { return cat, nil })
	out, err = a.Call(root, "access-analyzer:ValidatePolicy", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"issueCode":"INVALID_ACTION"`) {
		t.Fatalf("no INVALID_ACTION finding: %s", out)
	}
	if _, err := a.Call(root, "iam:CreateUser", []byte(`{"UserName":"Alice"}`)); err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(alice, "access-analyzer:ValidatePolicy", []byte(`{"policyType":"IDENTITY_POLICY","policyDocument":"{}"}`))
	wantCode(t, err, "AccessDeniedException", "because no identity-based policy allows the access-analyzer:ValidatePolicy action")
}

// A policy with nothing to report answers "findings": [] as AWS does
// (ValidatePolicy's findings member is a required list), never null: a
// course page reads output.findings.length.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
func TestValidatePolicyNoFindingsIsAnEmptyList(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	for _, in := range []string{
		`{"policyType":"IDENTITY_POLICY","policyDocument":` + q(doc) + `}`,
		`{"policyType":"IDENTITY_POLICY","policyDocument":` + q(doc) + `,"maxResults":1}`,
	} {
		out, err := a.Call(root, "access-analyzer:ValidatePolicy", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != `{"findings":[]}` {
			t.Errorf("ValidatePolicy(%s) = %s, want {\"findings\":[]}", in, out)
		}
	}
}
