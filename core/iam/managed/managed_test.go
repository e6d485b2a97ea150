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
	// The container roles' policies (issue 9): the ECS agent's on EC2
	// instances, and the task execution role's.
	byName := map[string]Policy{}
	for _, p := range ps {
		byName[p.PolicyName] = p
	}
	for n, action := range map[string]string{"AmazonEC2ContainerServiceforEC2Role": "ecs:RegisterContainerInstance", "AmazonECSTaskExecutionRolePolicy": "ecr:BatchGetImage"} {
		p, ok := byName[n]
		if !ok || p.Path != "/service-role/" || !strings.Contains(string(p.Document), `"`+action+`"`) {
			t.Errorf("%s: found %v (path %q), want it under /service-role/ allowing %s", n, ok, p.Path, action)
		}
	}
	admin := ps[0]
	var doc bytes.Buffer
	json.Compact(&doc, admin.Document)
	if admin.PolicyName != "AdministratorAccess" || doc.String() != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}` {
		t.Errorf("AdministratorAccess is %s", admin.Document)
	}
}
