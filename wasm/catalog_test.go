package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	t.Parallel()
	c := fixtureCatalog(t)
	labels := func(cs []Completion) []string {
		var out []string
		for _, x := range cs {
			out = append(out, x.Label)
		}
		return out
	}
	if got := labels(Complete(c, CompleteAction, "s", "")); !slices.Equal(got, []string{"s3:", "sts:"}) {
		t.Errorf("services for %q: %v", "s", got)
	}
	got := Complete(c, CompleteAction, "ec2:Desc", "")
	if !slices.Equal(labels(got), []string{"ec2:DescribeInstances"}) || got[0].Type != "function" || got[0].Detail == "" {
		t.Errorf("actions for ec2:Desc: %+v", got)
	}
	keys := labels(Complete(c, CompleteConditionKey, "aws:Source", ""))
	if !slices.Contains(keys, "aws:SourceIp") {
		t.Errorf("condition keys for aws:Source: %v", keys)
	}
	if Complete(nil, CompleteAction, "s3:", "") != nil || Complete(c, "other", "s3:", "") != nil {
		t.Error("proposals without a catalog or for an unknown place")
	}
}

// TestStoreHandsTheCatalogToEveryAccount checks that validation uses the
// catalog once loaded, in the account of a reset and of an undo too.
func TestStoreHandsTheCatalogToEveryAccount(t *testing.T) {
	t.Parallel()
	s, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	validate := func() string {
		a := &CallOp{Op: "access-analyzer:ValidatePolicy", Input: []byte(`{"policyType": "IDENTITY_POLICY",
			"policyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjekt\",\"Resource\":\"*\"}]}"}`)}
		s.Dispatch(a)
		if a.Err != nil {
			t.Fatal(a.Err)
		}
		return string(a.Output)
	}
	if out := validate(); strings.Contains(out, "INVALID_ACTION") {
		t.Errorf("before the catalog is loaded: %s", out)
	}
	s.Dispatch(&SetCatalog{Catalog: fixtureCatalog(t)})
	if s.Catalog() == nil || !strings.Contains(validate(), "INVALID_ACTION") {
		t.Error("the loaded catalog is not used")
	}
	s.Dispatch(&Reset{})
	if !strings.Contains(validate(), "INVALID_ACTION") {
		t.Error("the account of a reset has no catalog")
	}
	s.Dispatch(&Undo{})
	if !strings.Contains(validate(), "INVALID_ACTION") {
		t.Error("the account restored by undo has no catalog")
	}
}

func TestHostLoadCatalog(t *testing.T) {
	t.Parallel()
	s, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHost(s)
	if r := decodeReply(t, h.LoadCatalog(`{"format": "something else"}`)); r.OK || r.Error.Code != "InvalidCatalog" || s.Catalog() != nil {
		t.Errorf("a bad catalog: %+v", r)
	}
	b, err := os.ReadFile("../testdata/catalog/iam-catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	r := decodeReply(t, h.LoadCatalog(string(b)))
	if !r.OK || !strings.Contains(string(r.Output), `"services":4`) || s.Catalog() == nil {
		t.Errorf("LoadCatalog: %s %+v", r.Output, r.Error)
	}
}
