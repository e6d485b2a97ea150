package matrix

import (
	"os"
	"strings"
	"testing"

	"cloudplay/core/catalog"
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/testacct"
)

func fixtureCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	b, err := os.ReadFile("../../../site/iam-catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func session(a *cloud.Account, as string) *simulate.Session {
	buckets := map[string]bool{}
	for _, b := range a.View().S3.Buckets {
		buckets[b.Name] = b.HasPolicy
	}
	return &simulate.Session{
		Call:    func(op string, in []byte) ([]byte, error) { return a.Call(as, op, in) },
		Account: a.View().Account, Buckets: buckets, Include: true,
	}
}

func build(a *cloud.Account, as string, cols []Column, ps []MatrixPrincipal) Matrix {
	s := session(a, as)
	answers := map[string]simulate.Outcome{}
	for _, p := range ps {
		answers[p.ARN] = s.Simulate(p.ARN, p.Kind, Pairs(cols), nil)
	}
	return BuildMatrix(cols, ps, answers)
}

func TestColumns(t *testing.T) {
	a := testacct.Builtin(t, "company")
	c := fixtureCatalog(t)
	cols := Columns([]string{"s3:PutObject", "s3:ListBucket", "ec2:DescribeInstances", "iam:CreateUser", "ec2:TerminateInstances", "s3:GetObject"}, c, a.View(),
		map[string]string{"s3:GetObject": " * "})
	want := []struct{ resource, typ string }{
		{"arn:aws:s3:::my-bucket/reports/2026-01.csv", "object"},
		{"arn:aws:s3:::my-bucket", "bucket"},
		{"*", ""},
		{"arn:aws:iam::123456789012:user/Alice", "user"},
		{"arn:aws:ec2:us-east-1:123456789012:instance/*", "instance"},
		{"*", "object"},
	}
	for i, w := range want {
		if cols[i].Resource != w.resource || cols[i].Type != w.typ {
			t.Errorf("%s: resource %q type %q, want %q %q", cols[i].Action, cols[i].Resource, cols[i].Type, w.resource, w.typ)
		}
	}
	if !cols[5].Edited || !strings.Contains(cols[5].Note, "* is not one") {
		t.Errorf("edited * on a resource-level action: %+v", cols[5])
	}
	if cols[2].Note != "" {
		t.Errorf("an action without resource type has a note: %q", cols[2].Note)
	}
	if cols := Columns([]string{"s3:PutObject"}, nil, a.View(), nil); cols[0].Resource != "*" || cols[0].Note == "" {
		t.Errorf("without the catalog: %+v", cols[0])
	}
}

// TestMatrixIncludesTheBucketPolicy: Alice's PutObject column is simulated
// on an object of my-bucket with its bucket policy, so the matrix says what
// her real upload did: allowed. Bob, whom the policy does not name, is not.
func TestMatrixIncludesTheBucketPolicy(t *testing.T) {
	a := testacct.Builtin(t, "company")
	cols := Columns(DefaultMatrixActions, fixtureCatalog(t), a.View(), nil)
	ps := MatrixPrincipals(a.View(), true)
	m := build(a, a.RootARN(), cols, ps)
	put := -1
	for i, c := range m.Columns {
		if c.Action == "s3:PutObject" {
			put = i
		}
	}
	decision := func(name string, col int) string {
		for _, r := range m.Rows {
			if r.Principal.Name == name {
				return r.Cells[col].Decision
			}
		}
		return "no row"
	}
	if d := decision("Alice", put); d != "allowed" {
		t.Errorf("Alice s3:PutObject on %s: %s, want allowed", m.Columns[put].Resource, d)
	}
	if d := decision("Bob", put); d != "implicitDeny" {
		t.Errorf("Bob s3:PutObject: %s, want implicitDeny", d)
	}
	var included, groupWhy bool
	for _, p := range m.Policies {
		included = included || p.Bucket == "my-bucket" && p.Included
		groupWhy = groupWhy || strings.Contains(p.Why, "group")
	}
	if !included || !groupWhy {
		t.Errorf("policies %+v", m.Policies)
	}
}

func TestBuildMatrix(t *testing.T) {
	a := testacct.Builtin(t, "company")
	ps := MatrixPrincipals(a.View(), false)
	if len(ps) != 6 || ps[1].Name != "Bob" || ps[1].Kind != "user" {
		t.Fatalf("principals %+v", ps)
	}
	if len(MatrixPrincipals(a.View(), true)) != 9 {
		t.Error("groups not listed")
	}
	cols := []Column{{Action: "ec2:RunInstances", Resource: "*"}, {Action: "iam:GetPolicy", Resource: "*"}}
	m := build(a, a.RootARN(), cols, ps[:4])
	want := map[string][2]string{
		"Alice": {"allowed", "implicitDeny"}, "Bob": {"allowed", "implicitDeny"},
		"Charles": {"allowed", "allowed"}, "David": {"implicitDeny", "allowed"},
	}
	for _, r := range m.Rows {
		w := want[r.Principal.Name]
		if r.Cells[0].Decision != w[0] || r.Cells[1].Decision != w[1] {
			t.Errorf("%s: %s, %s; want %v", r.Principal.Name, r.Cells[0].Decision, r.Cells[1].Decision, w)
		}
		if r.Cells[0].Trace == nil {
			t.Errorf("%s: no trace", r.Principal.Name)
		}
	}
	if e, n := m.FirstError(); e != nil || n != 0 {
		t.Errorf("errors as root: %v %d", e, n)
	}
	// Bob leaves Developers: his RunInstances becomes an implicit deny.
	if _, err := a.Call(a.RootARN(), "iam:RemoveUserFromGroup", []byte(`{"GroupName":"Developers","UserName":"Bob"}`)); err != nil {
		t.Fatal(err)
	}
	if d := build(a, a.RootARN(), cols, ps[:4]).Rows[1].Cells[0].Decision; d != "implicitDeny" {
		t.Errorf("Bob after leaving Developers: %s", d)
	}
	// Acting as Bob, every simulation is refused.
	m = build(a, testacct.Prefix+"user/Bob", cols, ps[:4])
	e, n := m.FirstError()
	if e == nil || n != 4 || e.Code != "AccessDenied" || e.Trace == nil {
		t.Errorf("as Bob: %+v, %d refused", e, n)
	}
	// A row without an answer stays empty.
	m = BuildMatrix(cols, ps[:2], map[string]simulate.Outcome{})
	if m.Rows[0].Cells[0].Decision != "" || m.Rows[0].Err != nil {
		t.Errorf("unanswered row %+v", m.Rows[0])
	}
}
