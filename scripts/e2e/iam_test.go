//go:build e2e

package e2e

// The IAM simulator through cloudplay.call in Chromium: the AWS-shaped
// output with our Trace, the trace attached to a denied call, and the
// throughput of SimulateCustomPolicy pages (measured and logged, never
// asserted: machines differ).

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// simPolicy denies deleting objects outside the office network and allows
// the rest of S3; it spans several lines so that positions mean something.
const simPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {
      "Sid": "DenyDelete",
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}`

type simTrace struct {
	Decision           string
	DecidingStatements []struct {
		PolicyId       string
		StatementIndex int
	}
	Policies []struct {
		PolicyId, PolicyType string
		Statements           []struct {
			StatementIndex             int
			Sid, Effect, Reason        string
			Matched                    bool
			StartPosition, EndPosition struct{ Line, Column int }
		}
	}
}

type simOutput struct {
	EvaluationResults []struct {
		EvalActionName, EvalResourceName, EvalDecision string
		MatchedStatements                              []struct {
			SourcePolicyId, SourcePolicyType string
			StartPosition, EndPosition       struct{ Line, Column int }
		}
		ResourceSpecificResults []struct {
			EvalResourceName, EvalResourceDecision string
			Trace                                  *simTrace
		}
		Trace *simTrace
	}
	IsTruncated bool
}

func TestIAMSimulateCustomPolicy(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	out, code := p.call("iam:SimulateCustomPolicy", map[string]any{
		"PolicyInputList": []string{simPolicy},
		"ActionNames":     []string{"s3:GetObject", "s3:DeleteObject"},
		"ResourceArns":    []string{"arn:aws:s3:::reports/q1.csv"},
		"ContextEntries": []map[string]any{
			{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": []string{"198.51.100.7"}, "ContextKeyType": "ip"},
		},
	})
	if code != "" {
		t.Fatalf("iam:SimulateCustomPolicy: %s", code)
	}
	var v simOutput
	if err := json.Unmarshal(out, &v); err != nil || len(v.EvaluationResults) != 2 {
		t.Fatalf("output %s: %v", out, err)
	}
	get, del := v.EvaluationResults[0], v.EvaluationResults[1]
	if get.EvalDecision != "allowed" || del.EvalDecision != "explicitDeny" {
		t.Errorf("decisions %s, %s; want allowed, explicitDeny", get.EvalDecision, del.EvalDecision)
	}
	tr := del.Trace
	if tr == nil || tr.Decision != "explicitDeny" || len(tr.DecidingStatements) != 1 ||
		tr.DecidingStatements[0].PolicyId != "PolicyInputList.1" || tr.DecidingStatements[0].StatementIndex != 1 {
		t.Fatalf("DeleteObject trace: %+v", tr)
	}
	st := tr.Policies[0].Statements[1]
	if tr.Policies[0].PolicyType != "IAM Policy" || st.Sid != "DenyDelete" || !st.Matched || st.StartPosition.Line != 5 {
		t.Errorf("trace of the deny statement: %+v", st)
	}
	if m := del.MatchedStatements; len(m) != 1 || m[0].SourcePolicyId != "PolicyInputList.1" || m[0].StartPosition.Line != 5 {
		t.Errorf("MatchedStatements: %+v", m)
	}
	if r := get.Trace.Policies[0].Statements[1]; r.Matched || r.Reason == "" {
		t.Errorf("the deny statement did not match GetObject, yet its trace says %+v", r)
	}
	if rs := del.ResourceSpecificResults; len(rs) != 1 || rs[0].Trace == nil || rs[0].EvalResourceDecision != "explicitDeny" {
		t.Errorf("ResourceSpecificResults: %+v", rs)
	}

	// A malformed policy is refused with its position.
	r := p.settled(`cloudplay.call("iam:SimulateCustomPolicy", {PolicyInputList: ["{\"Statement\": 5}"], ActionNames: ["s3:GetObject"]})`)
	if r.OK || r.Code != "MalformedPolicyDocument" {
		t.Errorf("malformed policy: ok=%v code=%q message=%q", r.OK, r.Code, r.Msg)
	}
}

// TestIAMDeniedCallCarriesTrace: a call IAM denies rejects with an Error
// whose trace has the simulate APIs' Trace shape.
func TestIAMDeniedCallCarriesTrace(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	if _, code := p.call("iam:CreateUser", map[string]any{"UserName": "Nobody"}); code != "" {
		t.Fatalf("iam:CreateUser Nobody as root: %s", code)
	}
	r := p.settled(`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {caller: "arn:aws:iam::123456789012:user/Nobody"})`)
	if r.OK || r.Code != "AccessDenied" || !r.IsErr {
		t.Fatalf("iam:CreateUser as a user without policies: ok=%v code=%q message=%q, want AccessDenied", r.OK, r.Code, r.Msg)
	}
	if len(r.Trace) == 0 || string(r.Trace) == "null" {
		t.Fatalf("AccessDenied carries no error.trace (the evaluator's reasons): %+v", r)
	}
	var tr simTrace
	if err := json.Unmarshal(r.Trace, &tr); err != nil {
		t.Fatalf("error.trace %s: %v", r.Trace, err)
	}
	if tr.Decision != "implicitDeny" || tr.DecidingStatements == nil {
		t.Errorf("error.trace: %s", r.Trace)
	}
}

// TestIAMSimulateThroughput measures SimulateCustomPolicy pages of 1,000
// EvaluationResults through cloudplay.call, timed inside the page, and
// logs decisions per second. Set CLOUDPLAY_BENCH_ROUNDS to run more rounds.
func TestIAMSimulateThroughput(t *testing.T) {
	p := openPage(t, "/")
	p.waitReady()
	rounds := 5
	if n, err := strconv.Atoi(os.Getenv("CLOUDPLAY_BENCH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	small := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::data-*"},
  {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
  {"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*"}]}`
	for _, tc := range []struct {
		name               string
		actions, resources int
	}{{"1000x1", 1000, 1}, {"200x5", 200, 5}, {"100x10", 100, 10}} {
		in, _ := json.Marshal(map[string]any{"small": small, "actions": tc.actions, "resources": tc.resources, "rounds": rounds})
		expr := fmt.Sprintf(`(async (c) => {
  const verbs = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kinesis:PutRecord", "iam:CreateUser"];
  const input = {
    PolicyInputList: [c.small],
    ActionNames: Array.from({length: c.actions}, (_, i) => verbs[i %% verbs.length]),
    ResourceArns: Array.from({length: c.resources}, (_, i) => "arn:aws:s3:::data-" + i + "/k"),
    ContextEntries: [{ContextKeyName: "aws:SourceIp", ContextKeyValues: ["203.0.113.9"], ContextKeyType: "ip"}],
    MaxItems: 1000,
  };
  await cloudplay.call("iam:SimulateCustomPolicy", input); // warm up
  const t0 = performance.now();
  let n = 0;
  for (let r = 0; r < c.rounds; r++) {
    const out = await cloudplay.call("iam:SimulateCustomPolicy", input);
    n += out.EvaluationResults.length * c.resources;
  }
  return {decisions: n, ms: performance.now() - t0};
})(%s)`, in)
		var res struct {
			Decisions int
			Ms        float64
		}
		if err := p.eval(expr, &res); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		t.Logf("SimulateCustomPolicy in Chromium, %s (actions x resources), %d rounds: %d decisions in %.0f ms = %.0f decisions/s",
			tc.name, rounds, res.Decisions, res.Ms, float64(res.Decisions)/(res.Ms/1000))
	}
}
