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
	alicePolicy, _ := json.Marshal(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowS3Upload","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Alice"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::my-bucket/*"}]}`)
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
		// Recomputed from the statements, this path went on to the end of
		// the chart and then said "denied": across accounts the engine
		// stops at the resource-based policy step.
		{"cross-account needs the resource policy", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Alice","ActionNames":["ec2:RunInstances"],"ResourceArns":["arn:aws:ec2:us-east-1:999999999999:instance/i-1"]}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:none!", "=>implicitDeny"}},
		{"bucket policy naming Alice allows her upload", "company",
			`{"PolicySourceArn":"` + testacct.Prefix + `user/Alice","ActionNames":["s3:PutObject"],"ResourceArns":["arn:aws:s3:::my-bucket/reports/x.csv"],"ResourcePolicy":` + string(alicePolicy) + `}`,
			[]string{"deny:no", "scp:skipped", "rcp:skipped", "resource:yes!", "=>allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testacct.Builtin(t, tt.scenario)
			rs := testacct.Simulate(t, a, []byte(tt.input))
			if len(rs) != 1 {
				t.Fatalf("got %d results, want 1", len(rs))
			}
			r := rs[0]
			p, ok := PathOf(r.Trace)
			if !ok {
				t.Fatal("no path in the trace")
			}
			got := pathText(p)
			if !slices.Equal(got, tt.want) {
				t.Errorf("path\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestPathOfWithoutTrace(t *testing.T) {
	if _, ok := PathOf(nil); ok {
		t.Error("PathOf(nil) reports a path")
	}
}

func TestExitDecision(t *testing.T) {
	a := testacct.Builtin(t, "company")
	rs := testacct.Simulate(t, a, []byte(`{"PolicySourceArn":"`+testacct.Prefix+`user/Alice","ActionNames":["ec2:RunInstances"],"ResourceArns":["arn:aws:ec2:us-east-1:999999999999:instance/i-1"]}`))
	p, _ := PathOf(rs[0].Trace)
	if got := p.ExitDecision(StepResource); got != "implicitDeny" {
		t.Errorf("exit of the resource step = %s, want implicitDeny", got)
	}
	if got := p.ExitDecision(StepIdentity); got != "implicitDeny" {
		t.Errorf("exit of the identity step (not taken) = %s, want the chart's implicitDeny", got)
	}
	if got := p.ExitDecision(StepDeny); got != "explicitDeny" {
		t.Errorf("exit of the deny step = %s", got)
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
