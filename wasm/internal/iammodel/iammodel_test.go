package iammodel

import (
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/testacct"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cloudplay/core/analyzer"
)

// companyWithExtras is the seed's company plus a role with a boundary and
// an inline policy of the Developers group, so every source appears.
func companyWithExtras(t *testing.T) *cloud.Account {
	t.Helper()
	s := testacct.Builtin(t, "company")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	for _, c := range []IAMCall{
		{"iam:PutGroupPolicy", map[string]any{"GroupName": "Developers", "PolicyName": "ListBuckets", "PolicyDocument": doc}},
		{"iam:CreateRole", map[string]any{"RoleName": "Deployer", "AssumeRolePolicyDocument": trust}},
		{"iam:PutRolePermissionsBoundary", map[string]any{"RoleName": "Deployer", "PermissionsBoundary": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}},
	} {
		if _, err := s.Call(s.RootARN(), c.Op, c.JSON()); err != nil {
			t.Fatalf("%s: %v", c.Op, err)
		}
	}
	return s
}

func TestPoliciesOf(t *testing.T) {
	t.Parallel()
	s := companyWithExtras(t)
	v := s.View().IAM
	describe := func(es []PolicyEntry) []string {
		var out []string
		for _, e := range es {
			d := e.Kind() + " " + e.Name
			if e.Via() != "" {
				d += " " + e.Via()
			}
			out = append(out, d)
		}
		return out
	}
	tests := []struct {
		who  EntityRef
		want []string
	}{
		{EntityRef{EntityUser, "Fred"}, []string{"Inline policy ViewEC2AndLoadBalancers"}},
		{EntityRef{EntityUser, "Alice"}, []string{"Inline policy ListBuckets from group Developers", "AWS managed policy AmazonEC2FullAccess from group Developers"}},
		{EntityRef{EntityUser, "Charles"}, []string{"Customer managed policy AuditTeamReadOnly from group Audit",
			"Inline policy ListBuckets from group Developers", "AWS managed policy AmazonEC2FullAccess from group Developers"}},
		{EntityRef{EntityGroup, "Developers"}, []string{"Inline policy ListBuckets", "AWS managed policy AmazonEC2FullAccess"}},
		{EntityRef{EntityRole, "Deployer"}, []string{"Permissions boundary AmazonS3ReadOnlyAccess", "Trust policy AssumeRolePolicyDocument"}},
		{EntityRef{Kind: EntityRoot}, nil},
		{EntityRef{EntityUser, "Nobody"}, nil},
	}
	for _, tt := range tests {
		if got := describe(PoliciesOf(v, tt.who)); !slices.Equal(got, tt.want) {
			t.Errorf("PoliciesOf(%s):\n got %q\nwant %q", tt.who.Key(), got, tt.want)
		}
	}
	// Inherited entries belong to the group: no delete or detach from the user.
	for _, e := range PoliciesOf(v, EntityRef{EntityUser, "Alice"}) {
		if _, ok := e.DeleteCall(); ok {
			t.Errorf("%s can be removed from Alice", e.Key())
		}
	}
}

// TestPolicyCallsRoundTrip reads and saves each kind of policy through the
// operations the panel uses, as root.
func TestPolicyCallsRoundTrip(t *testing.T) {
	t.Parallel()
	s := companyWithExtras(t)
	call := func(c IAMCall) []byte {
		t.Helper()
		out, err := s.Call(s.RootARN(), c.Op, c.JSON())
		if err != nil {
			t.Fatalf("%s %s: %v", c.Op, c.JSON(), err)
		}
		return out
	}
	read := func(e PolicyEntry) string {
		t.Helper()
		out := call(e.ReadCall())
		if e.Source == SourceManaged || e.Source == SourceBoundary {
			c, err := e.VersionCall(out)
			if err != nil {
				t.Fatal(err)
			}
			out = call(c)
		}
		doc, err := e.DocumentOf(out)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	v := s.View().IAM
	fred := PoliciesOf(v, EntityRef{EntityUser, "Fred"})[0]
	doc := read(fred)
	if !strings.HasPrefix(doc, "{\n  \"Version\": \"2012-10-17\",") || !strings.Contains(doc, "ec2:DescribeInstances") {
		t.Errorf("Fred's policy reads as %q", doc)
	}
	audit := PoliciesOf(v, EntityRef{EntityGroup, "Audit"})[0]
	if !strings.Contains(read(audit), "iam:Get*") {
		t.Error("AuditTeamReadOnly does not read back")
	}
	role := PoliciesOf(v, EntityRef{EntityRole, "Deployer"})
	if !strings.Contains(read(role[0]), `"*"`) || !strings.Contains(read(role[1]), "sts:AssumeRole") {
		t.Error("the role's boundary or trust policy does not read back")
	}
	if role[1].PolicyType() != analyzer.RoleTrustPolicy || fred.PolicyType() != analyzer.IdentityPolicy {
		t.Error("policy types")
	}

	// Saves: inline, trust, and a customer managed policy as new versions
	// until IAM's five are there.
	newDoc := strings.Replace(doc, "ec2:DescribeInstances", "ec2:DescribeImages", 1)
	c, _ := fred.SaveCall(newDoc)
	call(c)
	if !strings.Contains(read(fred), "ec2:DescribeImages") {
		t.Error("the inline save did not stick")
	}
	if _, ok := PoliciesOf(v, EntityRef{EntityUser, "Alice"})[1].SaveCall(doc); ok {
		t.Error("an AWS managed policy can be saved")
	}
	for i := 2; i <= 5; i++ {
		c, _ := audit.SaveCall(strings.Replace(read(audit), "iam:Get*", "iam:Get*", 1))
		out := call(c)
		var o struct{ PolicyVersion struct{ VersionId string } }
		json.Unmarshal(out, &o)
		if o.PolicyVersion.VersionId != "v"+strconv.Itoa(i) {
			t.Errorf("version %d saved as %q", i, o.PolicyVersion.VersionId)
		}
	}
	full, oldest := VersionsFull(s.View().IAM, audit.ARN)
	if !full || oldest != "v1" {
		t.Errorf("VersionsFull = %v, %q; want true, v1", full, oldest)
	}

	// New managed policy, attached; then detached; inline deleted.
	created := call(CreatePolicyCall("Reports", newDoc))
	var cp struct{ Policy struct{ Arn string } }
	json.Unmarshal(created, &cp)
	call(AttachCall(EntityRef{EntityUser, "Fred"}, cp.Policy.Arn))
	es := PoliciesOf(s.View().IAM, EntityRef{EntityUser, "Fred"})
	if len(es) != 2 || es[1].ARN != cp.Policy.Arn || es[1].Kind() != "Customer managed policy" {
		t.Fatalf("after attaching: %+v", es)
	}
	for _, e := range es {
		c, ok := e.DeleteCall()
		if !ok {
			t.Fatalf("%s cannot be removed", e.Key())
		}
		call(c)
	}
	if es := PoliciesOf(s.View().IAM, EntityRef{EntityUser, "Fred"}); len(es) != 0 {
		t.Errorf("after removing: %+v", es)
	}
}

func TestParseListPolicies(t *testing.T) {
	t.Parallel()
	items, marker, err := ParseListPolicies([]byte(`{"Policies":[{"PolicyName":"A","Arn":"arn:aws:iam::aws:policy/A"},{"PolicyName":"B","Arn":"arn:aws:iam::123456789012:policy/B"}],"IsTruncated":true,"Marker":"m"}`))
	if err != nil || marker != "m" || len(items) != 2 || !items[0].AWSManaged || items[1].AWSManaged {
		t.Errorf("ParseListPolicies = %+v, %q, %v", items, marker, err)
	}
}

func TestEntityOfARN(t *testing.T) {
	t.Parallel()
	s := companyWithExtras(t)
	v := s.View().IAM
	root := s.RootARN()
	if r := EntityOfARN(v, root, root); r.Kind != EntityRoot {
		t.Errorf("root: %+v", r)
	}
	if r := EntityOfARN(v, root, "arn:aws:iam::123456789012:user/Fred"); r != (EntityRef{EntityUser, "Fred"}) {
		t.Errorf("Fred: %+v", r)
	}
	if r := EntityOfARN(v, root, "arn:aws:iam::123456789012:user/Nobody"); r.Kind != "" {
		t.Errorf("unknown: %+v", r)
	}
}

// The trust policy templates are what AWS's guide writes for a service
// role and for the account's own principals, and are valid JSON.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html
func TestTrustTemplate(t *testing.T) {
	for _, choice := range append(slices.Clone(TrustServices), TrustThisAccount) {
		var doc struct {
			Version   string
			Statement []struct {
				Effect    string
				Principal map[string]string
				Action    string
			}
		}
		text := TrustTemplate(choice, "123456789012")
		if err := json.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatalf("%s: %v\n%s", choice, err, text)
		}
		if doc.Version != "2012-10-17" || len(doc.Statement) != 1 || doc.Statement[0].Effect != "Allow" || doc.Statement[0].Action != "sts:AssumeRole" {
			t.Errorf("%s: %+v", choice, doc)
		}
		want := map[string]string{"Service": choice}
		if choice == TrustThisAccount {
			want = map[string]string{"AWS": "arn:aws:iam::123456789012:root"}
		}
		if !maps.Equal(doc.Statement[0].Principal, want) {
			t.Errorf("%s: principal %v, want %v", choice, doc.Statement[0].Principal, want)
		}
	}
	if !slices.Contains(TrustServices, "firehose.amazonaws.com") {
		t.Errorf("the form does not offer Firehose")
	}
	if got := TrustChoiceLabel(TrustThisAccount); got != "This account" {
		t.Errorf("label %q", got)
	}
}

// iam:CreateRole carries Path and Description only when the learner gave
// them (IAM's default path is "/").
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func TestCreateRoleCall(t *testing.T) {
	c := CreateRoleCall("Deliverer", "", "", "{}")
	if c.Op != "iam:CreateRole" || string(c.JSON()) != `{"AssumeRolePolicyDocument":"{}","RoleName":"Deliverer"}` {
		t.Errorf("without path and description: %s %s", c.Op, c.JSON())
	}
	c = CreateRoleCall("Deliverer", "/service/", "delivers to S3", "{}")
	if string(c.JSON()) != `{"AssumeRolePolicyDocument":"{}","Description":"delivers to S3","Path":"/service/","RoleName":"Deliverer"}` {
		t.Errorf("with path and description: %s", c.JSON())
	}
}

// Every template creates a role with iam:CreateRole, and ValidatePolicy
// (as a role trust policy) finds nothing to say about it: what the form
// starts from is a policy AWS accepts as it is.
func TestTrustTemplatesCreateRoles(t *testing.T) {
	t.Parallel()
	s := testacct.Builtin(t, "company")
	for i, choice := range append(slices.Clone(TrustServices), TrustThisAccount) {
		doc := TrustTemplate(choice, "123456789012")
		in, _ := json.Marshal(map[string]string{"policyDocument": doc, "policyType": analyzer.ResourcePolicy,
			"validatePolicyResourceType": analyzer.RoleTrustPolicy})
		out, err := s.Call(s.RootARN(), "access-analyzer:ValidatePolicy", in)
		if err != nil || string(out) != `{"findings":[]}` {
			t.Errorf("%s: ValidatePolicy: %s %v", choice, out, err)
		}
		c := CreateRoleCall("R"+strconv.Itoa(i), "/service-role/", "made from "+TrustChoiceLabel(choice), doc)
		if _, err := s.Call(s.RootARN(), c.Op, c.JSON()); err != nil {
			t.Errorf("%s: iam:CreateRole: %v", choice, err)
		}
		if _, ok := FindRole(s.View().IAM, "R"+strconv.Itoa(i)); !ok {
			t.Errorf("%s: the role is not in the account", choice)
		}
	}
}
