package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
)

// fixture is the generator's output on testdata/catalog (s3, iam and ec2
// with a few actions each, and every global key).
var fixture = sync.OnceValue(func() *Catalog {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "catalog", "iam-catalog.json"))
	if err != nil {
		panic(err)
	}
	c, err := Parse(b)
	if err != nil {
		panic(err)
	}
	return c
})

// real is the site's catalog, the whole reference.
var real = sync.OnceValues(func() ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "..", "site", "iam-catalog.json"))
})

func names[T any](xs []T, name func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, name(x))
	}
	return out
}

func TestLookups(t *testing.T) {
	t.Parallel()
	c := fixture()
	if s := c.Service("S3"); s == nil || s.Name != "Amazon S3" {
		t.Errorf("Service(S3) = %v", s)
	}
	if c.Service("s4") != nil {
		t.Error("Service(s4) found")
	}
	tests := []struct {
		name, want, level string
	}{
		{"s3:GetObject", "s3:GetObject", "Read"},
		{"S3:getobject", "s3:GetObject", "Read"},
		{"iam:TagUser", "iam:TagUser", "Tagging"},
		{"ec2:CreateTags", "ec2:CreateTags", "Tagging, Write"},
		{"s3:GetObjekt", "", ""},
		{"s3:Get*", "", ""},
		{"GetObject", "", ""},
	}
	for _, tt := range tests {
		a := c.Action(tt.name)
		got, level := "", ""
		if a != nil {
			got, level = a.String(), a.Level
		}
		if got != tt.want || level != tt.level {
			t.Errorf("Action(%q) = %q %q, want %q %q", tt.name, got, level, tt.want, tt.level)
		}
	}
	a := c.Action("s3:GetObject")
	if len(a.Resources) != 1 || a.Resources[0].Type.Name != "object" || !a.Resources[0].Required {
		t.Errorf("s3:GetObject resources = %+v", a.Resources)
	}
	if got := names(c.Action("iam:CreateUser").ConditionKeys, func(k *ConditionKey) string { return k.Name }); !slices.Equal(got, []string{"aws:RequestTag/${TagKey}", "aws:TagKeys"}) {
		t.Errorf("iam:CreateUser keys = %q (the keys of its resource type row belong to it)", got)
	}
	if got := c.Action("ec2:DescribeInstances").Resources; len(got) != 0 {
		t.Errorf("ec2:DescribeInstances resources = %v, want none", got)
	}
}

func TestActionsWildcards(t *testing.T) {
	t.Parallel()
	c := fixture()
	tests := []struct {
		pattern string
		want    []string
	}{
		{"s3:Get*", []string{"s3:GetBucketPolicy", "s3:GetObject"}},
		{"s3:get*", []string{"s3:GetBucketPolicy", "s3:GetObject"}},
		{"s3:*Object", []string{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}},
		{"s3:?etObject", []string{"s3:GetObject"}},
		{"s3:List*", []string{"s3:ListAllMyBuckets", "s3:ListBucket"}},
		{"*:Describe*", []string{"ec2:DescribeInstances"}},
		{"i*:*User", []string{"iam:CreateUser", "iam:GetUser", "iam:TagUser"}},
		{"s3:GetObject", []string{"s3:GetObject"}},
		{"s3:Nothing*", []string{}},
		{"nosuch:*", []string{}},
		{"s3", []string{}},
	}
	for _, tt := range tests {
		got := names(c.Actions(tt.pattern), (*Action).String)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Actions(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
	if n := len(c.Actions("*")); n != c.NumActions() || n != 15 {
		t.Errorf("Actions(*) has %d actions, NumActions %d, want 15", n, c.NumActions())
	}
}

func TestConditionKey(t *testing.T) {
	t.Parallel()
	c := fixture()
	tests := []struct {
		name, want string
		typ        Type
		global     bool
	}{
		{"aws:SourceIp", "aws:SourceIp", IPAddress, true},
		{"AWS:sourceip", "aws:SourceIp", IPAddress, true},
		{"aws:CurrentTime", "aws:CurrentTime", Date, true},
		{"aws:TagKeys", "aws:TagKeys", ArrayOfString, true},
		{"aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}", String, true},
		{"aws:RequestTag/cost-center", "aws:RequestTag/${TagKey}", String, true},
		{"s3:prefix", "s3:prefix", String, false},
		{"s3:max-keys", "s3:max-keys", Numeric, false},
		{"s3:ExistingObjectTag/team", "s3:ExistingObjectTag/<key>", String, false},
		{"iam:PassedToService", "iam:PassedToService", String, false},
		{"iam:AssociatedResourceArn", "iam:AssociatedResourceArn", ARN, false},
		{"ec2:ResourceTag/Name", "ec2:ResourceTag/${TagKey}", String, false},
		{"aws:SourceIpp", "", Unknown, false},
		{"aws:PrincipalTag/", "", Unknown, false},
		{"s3:ExistingObjectTag/", "", Unknown, false},
		{"s3:nope", "", Unknown, false},
		{"nosuch:key", "", Unknown, false},
	}
	for _, tt := range tests {
		k := c.ConditionKey(tt.name)
		if tt.want == "" {
			if k != nil {
				t.Errorf("ConditionKey(%q) = %q, want none", tt.name, k.Name)
			}
			continue
		}
		if k == nil || k.Name != tt.want || k.Type != tt.typ || k.Global != tt.global {
			t.Errorf("ConditionKey(%q) = %+v, want %s %v global=%v", tt.name, k, tt.want, tt.typ, tt.global)
		}
	}
	for _, name := range []string{"aws:RequestTag", "aws:RequestTag/", "ec2:ResourceTag"} {
		if k := c.KeyWithoutVariable(name); k == nil {
			t.Errorf("KeyWithoutVariable(%q) = nil", name)
		}
	}
	if k := c.KeyWithoutVariable("aws:SourceIp"); k != nil {
		t.Errorf("KeyWithoutVariable(aws:SourceIp) = %v", k.Name)
	}
}

func TestTypes(t *testing.T) {
	t.Parallel()
	if !ArrayOfARN.Multivalued() || ARN.Multivalued() || ArrayOfARN.Elem() != ARN || Date.Elem() != Date {
		t.Error("Multivalued/Elem")
	}
	for ty := Unknown; ty <= ArrayOfBinary; ty++ {
		if ty != Unknown && parseType(ty.String()) != ty {
			t.Errorf("parseType(%q) = %v", ty.String(), parseType(ty.String()))
		}
	}
}

func TestResourceMatch(t *testing.T) {
	t.Parallel()
	c := fixture()
	rt := func(action string) *ResourceType { return c.Action(action).Resources[0].Type }
	object, bucket, role, instance := rt("s3:GetObject"), rt("s3:ListBucket"), rt("iam:PassRole"), rt("ec2:RunInstances")
	tests := []struct {
		rt      *ResourceType
		pattern string
		want    Field
	}{
		{object, "*", NoField},
		{object, "arn:aws:s3:::photos/*", NoField},
		{object, "arn:aws:s3:::photos/2026/cat.jpg", NoField},
		{object, "arn:aws:s3:::*", NoField},
		{object, "arn:aws:s3:::*/*", NoField},
		{object, "arn:aws:s3:*", NoField},
		{object, "arn:*", NoField},
		{object, "arn:aws:s3:::photos", Resource},
		{bucket, "arn:aws:s3:::photos", NoField},
		{bucket, "arn:aws:s3:::photos/*", Resource},
		{bucket, "arn:aws:s3:::photo?", NoField},
		{object, "arn:aws:s3:us-east-1::photos/*", Region},
		{object, "arn:aws:s3::123456789012:photos/*", Account},
		{object, "arn:aws:iam:::photos/*", ServiceField},
		{object, "arm:aws:s3:::photos/*", Prefix},
		{role, "arn:aws:iam::123456789012:role/app", NoField},
		{role, "arn:aws:iam::123456789012:role/${aws:username}", NoField},
		{role, "arn:aws:iam::*:role/*", NoField},
		{role, "arn:aws:iam::123456789012:user/app", Resource},
		{role, "arn:aws:iam::123456789012:Role/app", Resource},
		{role, "arn:${aws:partition}:iam::123456789012:role/app", NoField},
		{instance, "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc", NoField},
		{instance, "arn:aws:ec2:*:*:instance/*", NoField},
		{instance, "arn:aws:ec2:us-east-1:123456789012:volume/*", Resource},
		{instance, "arn:aws:ec2", ServiceField},
	}
	for _, tt := range tests {
		if got := tt.rt.Mismatch(tt.pattern); got != tt.want {
			t.Errorf("%s.Mismatch(%q) = %v, want %v", tt.rt.Name, tt.pattern, got, tt.want)
		}
		if got := tt.rt.Match(tt.pattern); got != (tt.want == NoField) {
			t.Errorf("%s.Match(%q) = %v", tt.rt.Name, tt.pattern, got)
		}
	}
}

func TestIntersectBounded(t *testing.T) {
	t.Parallel()
	a := compileVars(strings.Repeat("*a", 400), true)
	b := compileVars(strings.Repeat("a*", 400)+"b", true)
	if !intersect(a, b) {
		// Past maxWork the answer is "matches" rather than slow.
		t.Error("a huge comparison did not give up on the safe side")
	}
	if intersect(compileVars("x*y", true), "xz") || !intersect(compileVars("x*y", true), compileVars("x${v}y", false)) ||
		intersect("a/b", compileVars("${BucketName}", false)) || !intersect("a/b", compileVars("${LogGroupName}", false)) {
		t.Error("intersect")
	}
}

func TestComplete(t *testing.T) {
	t.Parallel()
	c := fixture()
	if got := names(c.CompleteService("e"), func(s *Service) string { return s.Prefix }); !slices.Equal(got, []string{"ec2"}) {
		t.Errorf("CompleteService(e) = %q", got)
	}
	if got := names(c.CompleteService(""), func(s *Service) string { return s.Prefix }); !slices.Equal(got, []string{"ec2", "iam", "s3", "sts"}) {
		t.Errorf("CompleteService() = %q", got)
	}
	for partial, want := range map[string][]string{
		"i":          {"iam:"},
		"s3:get":     {"s3:GetBucketPolicy", "s3:GetObject"},
		"S3:GetO":    {"s3:GetObject"},
		"s3:":        {"s3:DeleteObject", "s3:GetBucketPolicy", "s3:GetObject", "s3:ListAllMyBuckets", "s3:ListBucket", "s3:PutObject"},
		"nosuch:Get": nil,
	} {
		if got := c.CompleteAction(partial); !slices.Equal(got, want) {
			t.Errorf("CompleteAction(%q) = %q, want %q", partial, got, want)
		}
	}
	keyNames := func(ks []*ConditionKey) []string { return names(ks, func(k *ConditionKey) string { return k.Name }) }
	if got := keyNames(c.CompleteConditionKey("s3:", "s3:PutObject")); !slices.Equal(got, []string{"s3:x-amz-acl"}) {
		t.Errorf("CompleteConditionKey(s3:, s3:PutObject) = %q", got)
	}
	if got := keyNames(c.CompleteConditionKey("aws:Request", "s3:PutObject")); !slices.Equal(got, []string{"aws:RequestedRegion", "aws:RequestTag/${TagKey}"}) {
		t.Errorf("CompleteConditionKey(aws:Request, s3:PutObject) = %q", got)
	}
	if got := keyNames(c.CompleteConditionKey("iam:", "")); !slices.Equal(got, []string{"iam:AssociatedResourceArn", "iam:PassedToService", "iam:ResourceTag/${TagKey}"}) {
		t.Errorf("CompleteConditionKey(iam:, \"\") = %q", got)
	}
	if got := keyNames(c.CompleteConditionKey("s3:", "iam:PassRole")); len(got) != 0 {
		t.Errorf("CompleteConditionKey(s3:, iam:PassRole) = %q, want none", got)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`not json`,
		`{"format": "other/1"}`,
		`{"format": "cloudplay-iam-catalog/1", "levels": ["Read"], "types": ["String"], "global": [], "services": [["s3", "S3", [], [], [["GetObject", 5, [], []]]]]}`,
		`{"format": "cloudplay-iam-catalog/1", "levels": ["Read"], "types": ["String"], "global": [], "services": [["s3", "S3", [], [], [["GetObject", 0, [2], []]]]]}`,
		`{"format": "cloudplay-iam-catalog/1", "levels": ["Read"], "types": ["String"], "global": [], "services": [["s3", "S3", [], [], [["GetObject", 0, [], [0]]]]]}`,
		`{"format": "cloudplay-iam-catalog/1", "levels": ["Read"], "types": ["String"], "global": [["aws:x", 3]], "services": []}`,
		`{"format": "cloudplay-iam-catalog/1", "levels": ["Read"], "types": ["String"], "global": [], "services": [["s3", "S3", [], []]]}`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("Parse(%s) succeeded", doc)
		}
	}
}

// TestRealCatalog checks the site's catalog: it parses, it has the
// services the playground simulates, and it stays small once compressed
// (the target is 300 KB brotli).
func TestRealCatalog(t *testing.T) {
	t.Parallel()
	b, err := real()
	if err != nil {
		t.Fatal("site/iam-catalog.json, which the site serves:", err)
	}
	c, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"s3:GetObject", "s3:ListBucket", "iam:CreateUser", "iam:PassRole", "sts:AssumeRole",
		"kinesis:PutRecord", "firehose:PutRecord", "ecs:RunTask", "ecr:GetAuthorizationToken", "ec2:RunInstances",
		"eks:CreateCluster", "elasticbeanstalk:CreateApplication", "access-analyzer:ValidatePolicy"} {
		if c.Action(a) == nil {
			t.Errorf("the catalog has no %s", a)
		}
	}
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	t.Logf("%s: %d services, %d actions; %d bytes, %d bytes brotli", c.Source, len(c.Services()), c.NumActions(), len(b), buf.Len())
	if buf.Len() > 300<<10 {
		t.Errorf("the catalog is %d bytes brotli, over the 300 KB budget", buf.Len())
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := real()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActionsWildcard(b *testing.B) {
	data, err := real()
	if err != nil {
		b.Fatal(err)
	}
	c, _ := Parse(data)
	for b.Loop() {
		c.Actions("ec2:Describe*")
	}
}
