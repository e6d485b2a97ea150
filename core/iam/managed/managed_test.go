package managed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestManagedPoliciesAreRealAndWellFormed(t *testing.T) {
	t.Parallel()
	ps := List()
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.PolicyName] {
			t.Errorf("%s twice", p.PolicyName)
		}
		seen[p.PolicyName] = true
		if !strings.HasPrefix(p.Arn, "arn:aws:iam::aws:policy"+p.Path) || !strings.HasSuffix(p.Arn, "/"+p.PolicyName) {
			t.Errorf("%s: arn %s does not fit path %s", p.PolicyName, p.Arn, p.Path)
		}
		var doc struct{ Version string }
		if err := json.Unmarshal(p.Document, &doc); err != nil || doc.Version != "2012-10-17" {
			t.Errorf("%s: document %v version %q", p.PolicyName, err, doc.Version)
		}
	}
	for _, n := range []string{"AdministratorAccess", "AmazonS3ReadOnlyAccess", "AmazonKinesisFullAccess", "AmazonECS_FullAccess", "AmazonEC2ContainerRegistryReadOnly"} {
		if !seen[n] {
			t.Errorf("%s missing", n)
		}
	}
	admin := ps[0]
	var doc bytes.Buffer
	json.Compact(&doc, admin.Document)
	if admin.PolicyName != "AdministratorAccess" || doc.String() != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}` {
		t.Errorf("AdministratorAccess is %s", admin.Document)
	}
}
