package iam

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
)

// manyStatements is an identity policy of n statements, each allowing one
// action of its own ("s3:Get<first+i>").
func manyStatements(n, first int) string {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Effect":"Allow","Action":"s3:Get%d","Resource":"*"}`, first+i)
	}
	b.WriteString(`]}`)
	return b.String()
}

// issue7Input is the call of issue #7 that killed the page: five policies
// of 2,000 statements and nActions action names (some of them allowed).
func issue7Input(nActions int) map[string]any {
	var policies []string
	for p := range 5 {
		policies = append(policies, manyStatements(2000, p*2000))
	}
	actions := make([]string, nActions)
	for i := range actions {
		actions[i] = fmt.Sprintf("s3:Get%d", i*7)
	}
	return map[string]any{"PolicyInputList": policies, "ActionNames": actions, "MaxItems": 1000}
}

// simulatePages follows the markers of a simulation to its end and
// returns the actions of every page, failing on a page larger than
// maxBytes.
func simulatePages(t *testing.T, f *fixture, in map[string]any, maxBytes int) (pages [][]string) {
	t.Helper()
	for len(pages) < 2000 {
		b, _ := json.Marshal(in)
		out, err := f.call("iam:SimulateCustomPolicy", string(b))
		if err != nil {
			t.Fatalf("page %d: %v", len(pages), err)
		}
		if len(out) > maxBytes {
			t.Fatalf("page %d has %d bytes, want at most %d", len(pages), len(out), maxBytes)
		}
		v := decodeResults(t, out)
		var actions []string
		for _, r := range v.EvaluationResults {
			actions = append(actions, r.EvalActionName)
		}
		pages = append(pages, actions)
		if !v.IsTruncated {
			if v.Marker != "" {
				t.Errorf("last page has a Marker %q", v.Marker)
			}
			return pages
		}
		if v.Marker == "" || len(actions) == 0 {
			t.Fatalf("page %d: IsTruncated with %d results and Marker %q: no progress", len(pages)-1, len(actions), v.Marker)
		}
		in["Marker"] = v.Marker
	}
	t.Fatal("more than 2,000 pages")
	return nil
}

// TestSimulateIssue7 is the call that panicked (growslice: len out of
// range) and, smaller, answered 200–420 MB: it now answers in pages of a
// few MiB, each ended early with IsTruncated and a Marker, and following
// the markers returns every action exactly once, in order.
func TestSimulateIssue7(t *testing.T) {
	t.Parallel()
	const limit = 16 << 20
	in := issue7Input(1000)
	want := in["ActionNames"].([]string)

	// With traces (the default) the first page is bounded and cut early.
	f := newFixture(t)
	b, _ := json.Marshal(in)
	out, err := f.call("iam:SimulateCustomPolicy", string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) >= limit {
		t.Fatalf("first page has %d bytes, want less than %d", len(out), limit)
	}
	v := decodeResults(t, out)
	if !v.IsTruncated || v.Marker == "" || len(v.EvaluationResults) == 0 || len(v.EvaluationResults) >= 1000 {
		t.Fatalf("first page: %d results, IsTruncated %v, Marker %q; want a page cut early", len(v.EvaluationResults), v.IsTruncated, v.Marker)
	}
	if r := v.EvaluationResults[0]; r.EvalActionName != want[0] || r.EvalDecision != "allowed" || r.Trace == nil {
		t.Errorf("first result: %s %s, trace %v", r.EvalActionName, r.EvalDecision, r.Trace)
	}

	// Following the markers (without traces, to keep the test short)
	// returns every action once.
	f.env.OmitTrace = true
	var got []string
	for _, page := range simulatePages(t, f, in, limit) {
		got = append(got, page...)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("actions over the pages (-want +got):\n%s", d)
	}
}

// TestSimulateTracedPagesCover follows the markers of a traced simulation
// of the issue's policies: pages of a bounded size that cover the actions.
func TestSimulateTracedPagesCover(t *testing.T) {
	t.Parallel()
	in := issue7Input(4)
	want := in["ActionNames"].([]string)
	var got []string
	pages := simulatePages(t, newFixture(t), in, pageBytes+maxActionBytes)
	for _, page := range pages {
		got = append(got, page...)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("actions over the pages (-want +got):\n%s", d)
	}
	if len(pages) < 2 {
		t.Errorf("%d page(s) for 4 actions of 10,000 traced statements, want several", len(pages))
	}
}

// TestSimulateOmitTrace checks that api.Env.OmitTrace leaves out every
// Trace member, and only them.
func TestSimulateOmitTrace(t *testing.T) {
	t.Parallel()
	input := `{"PolicyInputList": [` + jsonText(polS3) + `, ` + jsonText(polKinesis) + `], "ActionNames": ["s3:GetObject", "kinesis:PutRecord"],
		"ResourceArns": ["arn:aws:s3:::secret/a", "arn:aws:s3:::reports/b"], "PermissionsBoundaryPolicyInputList": [` + jsonText(polBoundary) + `]}`
	f := newFixture(t)
	traced, err := f.call("iam:SimulateCustomPolicy", input)
	if err != nil {
		t.Fatal(err)
	}
	f.env.OmitTrace = true
	bare, err := f.call("iam:SimulateCustomPolicy", input)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(bare, `"Trace"`) {
		t.Errorf("output with OmitTrace has a Trace member: %s", bare)
	}
	// Dropping the Trace members of the traced output gives the other.
	var want any
	json.Unmarshal([]byte(traced), &want)
	var drop func(any)
	drop = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "Trace")
			for _, x := range v {
				drop(x)
			}
		case []any:
			for _, x := range v {
				drop(x)
			}
		}
	}
	drop(want)
	wantJSON, _ := json.Marshal(want)
	if d := jsonDiff(t, bare, string(wantJSON)); d != "" {
		t.Errorf("OmitTrace output differs from the traced one without Trace (-want +got):\n%s", d)
	}
}

// TestSimulateLimits holds each limit of a simulate request to its code and
// message.
func TestSimulateLimits(t *testing.T) {
	t.Parallel()
	p := jsonText(polS3)
	strs := func(n int, f func(i int) string) string {
		var ss []string
		for i := range n {
			ss = append(ss, f(i))
		}
		b, _ := json.Marshal(ss)
		return string(b)
	}
	ctxEntries := func(n, values, length int) string {
		var es []map[string]any
		for i := range n {
			vs := make([]string, values)
			for j := range vs {
				vs[j] = strings.Repeat("v", length)
			}
			es = append(es, map[string]any{"ContextKeyName": fmt.Sprintf("test:key%d", i), "ContextKeyValues": vs, "ContextKeyType": "stringList"})
		}
		b, _ := json.Marshal(es)
		return string(b)
	}
	hugePolicy := jsonText(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Sid":"` + strings.Repeat("x", 10<<20) + `"}]}`)
	tests := []struct {
		name, input, code, msg string
	}{
		{"21 policies", `{"PolicyInputList": ` + strs(21, func(int) string { return polBoundary }) + `, "ActionNames": ["s3:GetObject"]}`,
			"ValidationError", "' at 'policyInputList' failed to satisfy constraint: Member must have length less than or equal to 20"},
		{"two boundaries", `{"PolicyInputList": [` + p + `], "PermissionsBoundaryPolicyInputList": [` + jsonText(polBoundary) + `, ` + jsonText(polBoundary) + `], "ActionNames": ["s3:GetObject"]}`,
			"ValidationError", "at 'permissionsBoundaryPolicyInputList' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{"1,001 actions", `{"PolicyInputList": [` + p + `], "ActionNames": ` + strs(1001, func(i int) string { return fmt.Sprintf("s3:A%d", i) }) + `}`,
			"ValidationError", "1 validation error detected: Value '[s3:A0, s3:A1, s3:A2, s3:A3, s3:A4, s3:A5, s3:A6, s3:A7, s3:A8, …' at 'actionNames' failed to satisfy constraint: Member must have length less than or equal to 1000"},
		{"1,001 resources", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ResourceArns": ` + strs(1001, func(i int) string { return fmt.Sprintf("arn:aws:s3:::b/%d", i) }) + `}`,
			"ValidationError", "at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 1000"},
		{"101 context entries", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": ` + ctxEntries(101, 1, 1) + `}`,
			"ValidationError", "1 validation error detected: Value '[{ContextKeyName: test:key0}, {ContextKeyName: test:key1}, {Cont…' at 'contextEntries' failed to satisfy constraint: Member must have length less than or equal to 100"},
		{"101 context values", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": ` + ctxEntries(1, 101, 1) + `}`,
			"ValidationError", "1 validation error detected: Value '[v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, …' at 'contextEntries.1.member.contextKeyValues' failed to satisfy constraint: Member must have length less than or equal to 100"},
		{"context value of 2,049", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": ` + ctxEntries(1, 2, 2049) + `}`,
			"ValidationError", "2 validation errors detected: Value '" + strings.Repeat("v", 64) + "…' at 'contextEntries.1.member.contextKeyValues.1.member' failed to satisfy constraint: Member must have length less than or equal to 2048; Value '" + strings.Repeat("v", 64) + "…' at 'contextEntries.1.member.contextKeyValues.2.member' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{"context value of 2,048", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": ` + ctxEntries(1, 100, 2048) + `}`, "", ""},
		{"marker of 321", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "Marker": "` + strings.Repeat("m", 321) + `"}`,
			"ValidationError", "1 validation error detected: Value '" + strings.Repeat("m", 64) + "…' at 'marker' failed to satisfy constraint: Member must have length less than or equal to 320"},
		{"bad marker echo", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "Marker": "` + strings.Repeat("m", 300) + `"}`,
			"InvalidInput", "Invalid Marker: " + strings.Repeat("m", 64) + "…. Pass the Marker of the previous response of the same operation."},
		{"10 MB policy", `{"PolicyInputList": [` + hugePolicy + `], "ActionNames": ["s3:GetObject"]}`,
			"ValidationError", "1 validation error detected: Value '" + clip(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Sid":"xxxxxx`) + "' at 'policyInputList.1.member' failed to satisfy constraint: Member must have length less than or equal to 131072"},
		{"wildcard action echo", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:` + strings.Repeat("*", 120) + `"]}`,
			"InvalidInput", "Action names must not contain wildcards: s3:" + strings.Repeat("*", 61) + "…. This operation does not support using wildcards (*) in an action name."},
		{"resource echo", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ResourceArns": ["` + strings.Repeat("r", 2000) + `"]}`,
			"InvalidInput", "ResourceNames are not in a valid ARN format: " + strings.Repeat("r", 64) + "…."},
		{"context value echo", `{"PolicyInputList": [` + p + `], "ActionNames": ["s3:GetObject"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["` + strings.Repeat("9", 2000) + `"], "ContextKeyType": "ip"}]}`,
			"InvalidInput", "Invalid value for context key aws:SourceIp of type ip: " + strings.Repeat("9", 64) + "…"},
		{"malformed policy echo", `{"PolicyInputList": [` + jsonText(`{"Version":"2012-10-17","Statement":{"Effect":"`+strings.Repeat("A", 100000)+`","Action":"s3:*","Resource":"*"}}`) + `], "ActionNames": ["s3:GetObject"]}`,
			"MalformedPolicyDocument", `PolicyInputList.1:1:47: Invalid effect: "` + strings.Repeat("A", 64) + `…" (must be "Allow" or "Deny")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			_, err := f.call("iam:SimulateCustomPolicy", tt.input)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("got %v, want success", err)
				}
				return
			}
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("got %v, want %s", err, tt.code)
			}
			exact := strings.HasPrefix(tt.msg, "1 validation") || strings.HasPrefix(tt.msg, "2 validation") || tt.code != "ValidationError"
			if exact && e.Message != tt.msg || !exact && !strings.Contains(e.Message, tt.msg) {
				t.Errorf("message\n got %q\nwant %q", e.Message, tt.msg)
			}
			if len(e.Message) > 1000 {
				t.Errorf("message of %d bytes", len(e.Message))
			}
		})
	}
}

// TestSimulateActionLimits checks the refusals of an action too costly on
// its own: too much work, traces too large, results too large.
func TestSimulateActionLimits(t *testing.T) {
	t.Parallel()
	resources := func(n int) []string {
		rs := make([]string, n)
		for i := range rs {
			rs[i] = fmt.Sprintf("arn:aws:s3:::bucket/%d", i)
		}
		return rs
	}
	stmt := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	allowAll := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(stmt+",", 1999) + stmt + `]}`
	tests := []struct {
		name      string
		in        map[string]any
		omitTrace bool
		msg       string
	}{
		{"work", map[string]any{"PolicyInputList": issue7Input(1)["PolicyInputList"], "ActionNames": []string{"s3:Get0"}, "ResourceArns": resources(1000)}, true,
			"Cannot simulate: one action would evaluate 10000 policy statements on 1000 resources, about "},
		{"traces", map[string]any{"PolicyInputList": issue7Input(1)["PolicyInputList"], "ActionNames": []string{"s3:Get0"}, "ResourceArns": resources(20)}, false,
			"Cannot simulate: the traces of one action, for 10000 policy statements on 20 resources, could take "},
		{"results", map[string]any{"PolicyInputList": []string{allowAll, allowAll, allowAll, allowAll, allowAll}, "ActionNames": []string{"s3:GetObject"}, "ResourceArns": resources(200)}, true,
			"Cannot simulate s3:GetObject: its results on 200 resources take more than the simulator's limit of 16 MiB per action."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.env.OmitTrace = tt.omitTrace
			b, _ := json.Marshal(tt.in)
			_, err := f.call("iam:SimulateCustomPolicy", string(b))
			var e *api.Error
			if !errors.As(err, &e) || e.Code != "LimitExceeded" || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("got %v, want LimitExceeded: %s…", err, tt.msg)
			}
		})
	}
	// Without traces, the second case fits.
	f := newFixture(t)
	f.env.OmitTrace = true
	b, _ := json.Marshal(map[string]any{"PolicyInputList": issue7Input(1)["PolicyInputList"], "ActionNames": []string{"s3:Get0"}, "ResourceArns": resources(20)})
	if _, err := f.call("iam:SimulateCustomPolicy", string(b)); err != nil {
		t.Errorf("without traces: %v", err)
	}
}
