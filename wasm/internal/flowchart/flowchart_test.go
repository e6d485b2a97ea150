package flowchart

import (
	"cloudplay/wasm/internal/testacct"
	"encoding/json"
	"slices"
	"testing"
)

func pathText(p FlowPath) []string {
	var out []string
	for _, v := range p.Visits {
		s := FlowSteps[v.Step].Name + ":" + v.Outcome
		if v.Exits {
			s += "!"
		}
		out = append(out, s)
	}
	return append(out, "=>"+p.Final)
}

func TestPathOf(t *testing.T) {
	bucketPolicy, _ := json.Marshal(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Fred"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`)
	tests := []struct {
		name, scenario string
		input          string
		want           []string
	}{
		{"allowed via identity", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Alice","ActionNames":["ec2:RunInstances"]}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none", "identity:yes", "boundary:none", "session:none", "=>allowed"}},
		{"implicit deny: no identity allow", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Fred","ActionNames":["ec2:RunInstances"]}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none", "identity:no!", "=>implicitDeny"}},
		{"explicit deny", "iam-explicit-deny",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Bob","ActionNames":["s3:DeleteObject"]}`,
			[]string{"deny:yes!", "=>explicitDeny"}},
		{"boundary blocks", "iam-boundary",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Dana","ActionNames":["iam:CreateUser"]}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none", "identity:yes", "boundary:no!", "=>implicitDeny"}},
		{"boundary allows", "iam-boundary",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Dana","ActionNames":["s3:GetObject"]}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none", "identity:yes", "boundary:yes", "session:none", "=>allowed"}},
		{"resource policy allows", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Fred","ActionNames":["s3:GetObject"],"ResourceArns":["arn:aws:s3:::my-bucket/a"],"ResourcePolicy":` + string(bucketPolicy) + `}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:yes!", "=>allowed"}},
		{"resource policy does not allow", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Fred","ActionNames":["s3:PutObject"],"ResourceArns":["arn:aws:s3:::my-bucket/a"],"ResourcePolicy":` + string(bucketPolicy) + `}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:no", "identity:no!", "=>implicitDeny"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testacct.Builtin(t, tt.scenario)
			rs := testacct.Simulate(t, a, []byte(tt.input))
			if len(rs) != 1 {
				t.Fatalf("got %d results, want 1", len(rs))
			}
			r := rs[0]
			got := pathText(PathOf(FlowInput{Decision: r.Decision, Trace: r.Trace, Details: r.Details, Boundary: r.Boundary}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("path\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestPathOfDetailsAlone(t *testing.T) {
	// Without a trace, EvalDecisionDetails and the boundary detail decide.
	no := false
	p := PathOf(FlowInput{Decision: "implicitDeny", Details: map[string]string{"IAM Policy": "allowed"}, Boundary: &no})
	want := []string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none", "identity:yes", "boundary:no!", "=>implicitDeny"}
	if got := pathText(p); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if !p.Exited() {
		t.Error("Exited() = false, want true")
	}
}

func TestProgressAt(t *testing.T) {
	tests := []struct {
		n       int
		elapsed float64
		want    FlowProgress
	}{
		{3, -5, FlowProgress{0, 0, false}},
		{3, 0, FlowProgress{0, 0, false}},
		{3, 150, FlowProgress{0, 0.5, false}},
		{3, 300, FlowProgress{1, 0, false}},
		{3, 1050, FlowProgress{3, 0.5, false}},
		{3, 1200, FlowProgress{3, 1, true}},
		{3, 9999, FlowProgress{3, 1, true}},
	}
	for _, tt := range tests {
		if got := ProgressAt(tt.n, tt.elapsed, 300); got != tt.want {
			t.Errorf("ProgressAt(%d, %v) = %+v, want %+v", tt.n, tt.elapsed, got, tt.want)
		}
	}
	if got := ProgressAt(2, 0, 0); !got.Done {
		t.Errorf("no animation: got %+v, want done", got)
	}
}
