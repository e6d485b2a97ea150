package policy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// hostilePolicy has statements whose reasons would quote long lists, long
// values full of characters JSON escapes, and long keys.
func hostilePolicy() string {
	var acts []string
	for i := range 300 {
		acts = append(acts, fmt.Sprintf(`"svc:Action\"\u0001%d"`, i))
	}
	long := strings.Repeat(`\u0002\"é`, 400)
	return `{"Version":"2012-10-17","Statement":[
  {"Sid":"` + strings.Repeat("S", 500) + `","Effect":"Allow","Action":[` + strings.Join(acts, ",") + `],"Resource":"*"},
  {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::` + long + `","arn:aws:s3:::b"]},
  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["` + long + `","x*"]}}},
  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"${aws:PrincipalTag/x}` + long + `"}}}]}`
}

// TestReasonsAreClipped checks that no Reason takes more than MaxReason
// bytes of JSON, and that a clipped one says so with "…".
func TestReasonsAreClipped(t *testing.T) {
	t.Parallel()
	p := MustParse(hostilePolicy(), Identity)
	set := &Set{Identity: []Input{{ID: "p", Policy: p}}}
	req := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::" + strings.Repeat("\x01é\"", 300),
		Context: map[string][]string{"s3:prefix": {strings.Repeat("\u2028\x03", 500)}, "aws:principaltag/x": {"v"}}}
	var tr Tracer
	if _, err := tr.Evaluate(req, set); err != nil {
		t.Fatal(err)
	}
	var trace Trace
	first := tr.AppendTrace(nil)
	if err := json.Unmarshal(first, &trace); err != nil {
		t.Fatal(err)
	}
	if again := tr.AppendTrace(nil); string(again) != string(first) {
		t.Fatal("the trace changed when written again")
	}
	noOffset := cmpopts.IgnoreFields(Position{}, "Offset") // not in the JSON
	if r, _ := Evaluate(req, set, true); !cmp.Equal(r.Trace, &trace, noOffset) {
		t.Errorf("Evaluate's trace differs from the Tracer's:\n%s", cmp.Diff(&trace, r.Trace, noOffset))
	}
	clipped := 0
	for _, st := range trace.Policies[0].Statements {
		b, _ := json.Marshal(st.Reason)
		if n := len(AppendJSONString(nil, st.Reason)) - 2; n > MaxReason {
			t.Errorf("statement %d: Reason takes %d bytes of JSON (encoding/json: %d), more than %d: %s", st.StatementIndex, n, len(b)-2, MaxReason, b)
		}
		if !utf8.ValidString(st.Reason) {
			t.Errorf("statement %d: Reason is not valid UTF-8", st.StatementIndex)
		}
		if strings.HasSuffix(st.Reason, "…") {
			clipped++
		}
	}
	if clipped < 3 {
		t.Errorf("%d reasons clipped, want at least 3: %+v", clipped, trace.Policies[0].Statements)
	}
}

// TestTraceSizeIsAnUpperBound holds TraceSize above what AppendTrace writes,
// over the benchmark corpus and the hostile policy.
func TestTraceSizeIsAnUpperBound(t *testing.T) {
	t.Parallel()
	sets, reqs := benchCorpus(200)
	sets = append(sets, &Set{Identity: []Input{{ID: strings.Repeat("\x01", 100), Policy: MustParse(hostilePolicy(), Identity)}}})
	reqs = append(reqs, &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::" + strings.Repeat("\x01", 3000)})
	var tr Tracer
	for i, set := range sets {
		for _, req := range []*Request{reqs[i], reqs[len(reqs)-1]} {
			if _, err := tr.Evaluate(req, set); err != nil {
				t.Fatal(err)
			}
			if got, bound := len(tr.AppendTrace(nil)), set.TraceSize(); got > bound {
				t.Errorf("set %d: trace of %d bytes, TraceSize says at most %d", i, got, bound)
			}
		}
	}
}

// TestCost checks what the estimate grows with.
func TestCost(t *testing.T) {
	t.Parallel()
	set := func(doc string) *Set { return &Set{Identity: []Input{{ID: "p", Policy: MustParse(doc, Identity)}}} }
	stmt := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	one := set(`{"Version":"2012-10-17","Statement":[` + stmt + `]}`)
	many := set(`{"Version":"2012-10-17","Statement":[` + strings.Repeat(stmt+",", 99) + stmt + `]}`)
	cond := set(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a*","b*","c*","d*"]}}}]}`)
	wildcards := set(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"s3:prefix":"*` + strings.Repeat("a?", 100) + `*"}}}]}`)
	req := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	values := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
		Context: map[string][]string{"s3:prefix": make([]string, 50)}}
	long := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
		Context: map[string][]string{"s3:prefix": {strings.Repeat("a", 2048)}}}
	if c := one.Cost(req); c < 3 || c > 10 {
		t.Errorf("one statement costs %d, want about 3", c)
	}
	if c1, c100 := one.Cost(req), many.Cost(req); c100 < 90*c1 {
		t.Errorf("100 statements cost %d, one %d: want about 100 times more", c100, c1)
	}
	if c1, c50 := cond.Cost(req), cond.Cost(values); c50 < 4*50 || c50 < 10*c1 {
		t.Errorf("4 condition values against 50 request values cost %d (against none %d), want at least 200", c50, c1)
	}
	if c := wildcards.Cost(long); c < 200*2048/16 {
		t.Errorf("a '?' pattern of 200 characters against 2,048 costs %d, want at least %d", c, 200*2048/16)
	}
}
