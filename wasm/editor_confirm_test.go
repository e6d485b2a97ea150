package main

import (
	"strings"
	"testing"

	"cloudplay/core/analyzer"
)

// TestPolicyFindingsAsk: the question before saving is asked for a text
// with ERROR findings (as a bucket policy: no Principal is an ERROR,
// MISSING_PRINCIPAL), not for a clean one nor for one with warnings only;
// the editor's answer is used while it is of the text, and a text it has
// not validated yet is validated then; dismiss drops the question.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-principal
func TestPolicyFindingsAsk(t *testing.T) {
	t.Parallel()
	st, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	noPrincipal := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`
	clean := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`
	noVersion := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`

	var f policyFindings
	if f.validated(noPrincipal) {
		t.Error("validated before any answer")
	}
	if !f.ask(st, noPrincipal, "AWS::S3::Bucket") || !strings.HasPrefix(f.confirm, "This policy has 1 error that AWS would reject or flag") {
		t.Errorf("no Principal: asked %q", f.confirm)
	}
	if !f.dismiss() || f.confirm != "" || f.dismiss() {
		t.Errorf("dismiss: %q", f.confirm)
	}
	if f.ask(st, clean, "AWS::S3::Bucket") || f.confirm != "" {
		t.Errorf("a clean policy: asked %q", f.confirm)
	}
	// MISSING_VERSION is a WARNING: nothing to ask.
	if f.ask(st, noVersion, "AWS::S3::Bucket") || f.confirm != "" {
		t.Errorf("a policy with a warning only: asked %q", f.confirm)
	}
	// As an identity policy the same text has no Principal to miss.
	if f.ask(st, noPrincipal, analyzer.IdentityPolicy) {
		t.Errorf("as an identity policy: asked %q", f.confirm)
	}

	// The editor's answer, kept, is the one used for its text.
	err1 := []Diagnostic{{FindingType: "ERROR", Source: "INVALID_ACTION", Severity: "error", Message: "e"}}
	if !f.heard(clean, err1) || f.heard(clean, err1) || !f.validated(clean) || f.validated(noPrincipal) {
		t.Errorf("heard/validated: %+v", f)
	}
	if !f.ask(st, clean, "AWS::S3::Bucket") {
		t.Error("the kept answer (an ERROR) was not used for its text")
	}
	if !f.heard(clean, nil) || f.ask(st, clean, "AWS::S3::Bucket") {
		t.Errorf("after a clean answer: asked %q", f.confirm)
	}
}
