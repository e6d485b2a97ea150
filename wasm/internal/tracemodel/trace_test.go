package tracemodel

import (
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/testacct"
	"cloudplay/wasm/internal/ui"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/api"
)

func TestTraceModelOf(t *testing.T) {
	a := testacct.Builtin(t, "company")
	rs := testacct.Simulate(t, a, simulate.SimulateInput(testacct.Prefix+"user/Alice", []string{"ec2:RunInstances"}, nil, nil))
	tr := rs[0].Trace
	var decoded any
	b, _ := json.Marshal(tr)
	_ = json.Unmarshal(b, &decoded)
	for name, v := range map[string]any{"pointer": tr, "value": *tr, "decoded JSON": decoded, "raw JSON": json.RawMessage(b)} {
		t.Run(name, func(t *testing.T) {
			m, ok := TraceModelOf(v)
			if !ok {
				t.Fatal("not a trace")
			}
			if m.Decision != "allowed" || len(m.Deciding) != 1 {
				t.Fatalf("decision %s, %d deciding", m.Decision, len(m.Deciding))
			}
			d := m.Deciding[0]
			if d.PolicyID != "arn:aws:iam::aws:policy/AmazonEC2FullAccess" || d.Label() != "Statement 1" || d.Lines() != "lines 4–8" || d.Outcome() != "decides" {
				t.Errorf("deciding statement %+v (%s, %s)", d, d.Label(), d.Lines())
			}
			p, ok := m.DecidingPolicy()
			if !ok || p.ID != d.PolicyID || !slices.Equal(p.Highlights(), []Highlight{{4, 5, 8, 6}}) {
				t.Errorf("deciding policy %s highlights %v", p.ID, p.Highlights())
			}
			if s := p.Statements[1]; s.Matched || !strings.Contains(s.Reason, "does not match") || s.Outcome() != "does not match" {
				t.Errorf("second statement %+v", s)
			}
		})
	}
	for _, v := range []any{nil, json.RawMessage("null"), "not a trace"} {
		if _, ok := TraceModelOf(v); ok {
			t.Errorf("TraceModelOf(%#v) ok", v)
		}
	}
}

func TestTraceOfRefusal(t *testing.T) {
	a := testacct.Builtin(t, "company")
	_, err := a.Call(testacct.Prefix+"user/Bob", "iam:SimulatePrincipalPolicy", simulate.SimulateInput(testacct.Prefix+"user/Alice", []string{"ec2:RunInstances"}, nil, nil))
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "AccessDenied" {
		t.Fatalf("Bob simulating: %v", err)
	}
	m, ok := TraceModelOf(ui.ErrorOf("x", err).Trace)
	if !ok || m.Decision != "implicitDeny" || len(m.Deciding) != 0 || len(m.Policies) == 0 {
		t.Fatalf("refusal trace %+v", m)
	}
}

func TestPolicyTextsAndLines(t *testing.T) {
	a := testacct.Builtin(t, "company")
	texts := PolicyTexts(a.View(), testacct.Prefix+"user/Fred")
	for _, id := range []string{"arn:aws:iam::aws:policy/AmazonEC2FullAccess", "arn:aws:iam::123456789012:policy/AuditTeamReadOnly", "ViewEC2AndLoadBalancers"} {
		if !strings.Contains(texts[id], `"Statement"`) {
			t.Errorf("no text for %s", id)
		}
	}
	// The trace's positions point into these texts.
	rs := testacct.Simulate(t, a, simulate.SimulateInput(testacct.Prefix+"user/Fred", []string{"ec2:DescribeInstances"}, nil, nil))
	m, _ := TraceModelOf(rs[0].Trace)
	p, _ := m.DecidingPolicy()
	lines := PolicyLines(texts[p.ID], p.Highlights())
	var marked []int
	for _, l := range lines {
		if l.Marked {
			marked = append(marked, l.N)
		}
	}
	if len(marked) == 0 || !strings.HasPrefix(strings.TrimSpace(lines[marked[0]-1].Text), "{") ||
		!strings.HasPrefix(strings.TrimSpace(lines[marked[len(marked)-1]-1].Text), "}") {
		t.Errorf("marked lines %v of\n%s", marked, texts[p.ID])
	}
	// Deleting an inline policy drops its text, whatever the case of the
	// name the delete gave (IAM's names ignore case; replaying the journal
	// kept the text).
	if _, err := a.Call(a.RootARN(), "iam:DeleteUserPolicy", []byte(`{"UserName":"fred","PolicyName":"VIEWEC2ANDLOADBALANCERS"}`)); err != nil {
		t.Fatal(err)
	}
	if _, ok := PolicyTexts(a.View(), "")["ViewEC2AndLoadBalancers"]; ok {
		t.Error("deleted inline policy still has a text")
	}
}

// TestPolicyTextsPrefersThePrincipals checks that when two principals have
// inline policies of one name, the principal's own (or its group's) text is
// the one shown.
func TestPolicyTextsPrefersThePrincipals(t *testing.T) {
	a := testacct.Builtin(t, "company")
	put := func(op, owner, name, doc string) {
		in, _ := json.Marshal(map[string]string{owner[:strings.IndexByte(owner, '=')]: owner[strings.IndexByte(owner, '=')+1:], "PolicyName": name, "PolicyDocument": doc})
		if _, err := a.Call(a.RootARN(), op, in); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(action string) string {
		return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"` + action + `","Resource":"*"}}`
	}
	put("iam:PutUserPolicy", "UserName=Alice", "Same", doc("s3:GetObject"))
	put("iam:PutGroupPolicy", "GroupName=Operations", "Same", doc("ec2:StartInstances"))
	if got := PolicyTexts(a.View(), testacct.Prefix+"user/Alice")["Same"]; got != doc("s3:GetObject") {
		t.Errorf("Alice's Same = %s", got)
	}
	if got := PolicyTexts(a.View(), testacct.Prefix+"user/David")["Same"]; got != doc("ec2:StartInstances") {
		t.Errorf("David's (his group's) Same = %s", got)
	}
}
