package simulate_test

import (
	"cloudplay/wasm/internal/simulate"
	"slices"
	"strconv"
	"testing"

	"cloudplay/wasm/internal/testacct"
)

func TestSplitList(t *testing.T) {
	got := simulate.SplitList(" s3:GetObject, s3:getobject\nec2:RunInstances;;  *\t")
	want := []string{"s3:GetObject", "ec2:RunInstances", "*"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExpandActions(t *testing.T) {
	cat := map[string][]string{
		"s3:Get*":      {"s3:GetBucketPolicy", "s3:GetObject"},
		"ec2:Nothing*": nil,
	}
	expand := func(p string) []string { return cat[p] }
	tests := []struct {
		name     string
		patterns []string
		expand   func(string) []string
		want     []string
		counts   []int
	}{
		{"plain names", []string{"s3:GetObject", "ec2:RunInstances"}, expand, []string{"s3:GetObject", "ec2:RunInstances"}, []int{1, 1}},
		{"wildcard expanded, duplicates dropped", []string{"s3:GetObject", "s3:Get*"}, expand, []string{"s3:GetObject", "s3:GetBucketPolicy"}, []int{1, 2}},
		{"wildcard matching nothing", []string{"ec2:Nothing*"}, expand, nil, []int{0}},
		{"no catalog: wildcard kept", []string{"s3:Get*"}, nil, []string{"s3:Get*"}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := simulate.ExpandActions(tt.patterns, tt.expand)
			if !slices.Equal(l.Actions, tt.want) {
				t.Errorf("actions %q, want %q", l.Actions, tt.want)
			}
			for i, e := range l.Entries {
				if len(e.Actions) != tt.counts[i] {
					t.Errorf("%s expands to %d, want %d", e.Pattern, len(e.Actions), tt.counts[i])
				}
			}
		})
	}
}

func TestExpandActionsClips(t *testing.T) {
	many := make([]string, simulate.MaxExpanded+5)
	for i := range many {
		many[i] = "svc:A" + strconv.Itoa(i)
	}
	l := simulate.ExpandActions([]string{"*"}, func(string) []string { return many })
	if len(l.Actions) != simulate.MaxExpanded || l.Clipped != 5 {
		t.Errorf("got %d actions, %d clipped; want %d, 5", len(l.Actions), l.Clipped, simulate.MaxExpanded)
	}
}

func TestSimulateInput(t *testing.T) {
	b := simulate.SimulateInput(testacct.Prefix+"user/Alice", []string{"s3:GetObject"}, []string{"*"}, []simulate.ContextRow{
		{Key: "aws:SourceIp", Type: "ip", Value: " 10.0.0.1 "},
		{Key: "", Type: "string", Value: "ignored"},
		{Key: "aws:TagKeys", Type: "stringList", Value: "a, b,"},
	})
	want := `{"PolicySourceArn":"arn:aws:iam::123456789012:user/Alice","ActionNames":["s3:GetObject"],"ResourceArns":["*"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["10.0.0.1"],"ContextKeyType":"ip"},{"ContextKeyName":"aws:TagKeys","ContextKeyValues":["a","b"],"ContextKeyType":"stringList"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestParseSimulateOutput(t *testing.T) {
	a := testacct.Builtin(t, "company")
	in := simulate.SimulateInput(testacct.Prefix+"user/Alice", []string{"ec2:RunInstances", "s3:PutObject"},
		[]string{"arn:aws:s3:::my-bucket/a", "*"}, nil)
	rs := testacct.Simulate(t, a, in)
	var got []string
	for _, r := range rs {
		got = append(got, r.Action+" "+r.Resource+" "+r.Decision)
		if r.Trace == nil {
			t.Errorf("%s on %s: no trace", r.Action, r.Resource)
		}
	}
	want := []string{
		"ec2:RunInstances arn:aws:s3:::my-bucket/a allowed", "ec2:RunInstances * allowed",
		"s3:PutObject arn:aws:s3:::my-bucket/a implicitDeny", "s3:PutObject * implicitDeny",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// A "*" simulation carries MissingContextValues at the top level only:
	// AmazonEC2FullAccess allows iam:CreateServiceLinkedRole only with a
	// condition on iam:AWSServiceName.
	rs = testacct.Simulate(t, a, simulate.SimulateInput(testacct.Prefix+"user/Alice", []string{"iam:CreateServiceLinkedRole"}, nil, nil))
	if len(rs) != 1 || !slices.Contains(rs[0].Missing, "iam:AWSServiceName") {
		t.Errorf("missing context values of *: %+v", rs)
	}
	if _, err := simulate.ParseSimulateOutput([]byte("nope")); err == nil {
		t.Error("bad JSON: no error")
	}
}
