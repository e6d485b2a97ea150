package main

import (
	"cloudplay/wasm/internal/tracemodel"
	"os"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/analyzer"
	"cloudplay/core/catalog"
)

func TestCodeMirrorOffset(t *testing.T) {
	t.Parallel()
	// "é" is one code point and one UTF-16 unit (two bytes); "𝄞" is one
	// code point, two UTF-16 units (four bytes).
	text := "ab\n\"é𝄞x\"\nlast"
	tests := []struct{ line, col, want int }{
		{1, 0, 0},
		{1, 2, 2},
		{2, 0, 3},
		{2, 1, 4},  // after the quote
		{2, 2, 5},  // after é
		{2, 3, 7},  // after 𝄞: two units
		{2, 4, 8},  // after x
		{2, 99, 9}, // clamped to the line's end
		{3, 4, 14},
		{9, 0, 14}, // past the end: the end
		{0, 5, 0},
	}
	for _, tt := range tests {
		if got := CodeMirrorOffset(text, tt.line, tt.col); got != tt.want {
			t.Errorf("CodeMirrorOffset(line %d, col %d) = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
}

func fixtureCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	b, err := os.ReadFile("../testdata/catalog/iam-catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLintPolicySpans checks that ValidatePolicy's spans (code points)
// land on the right text in CodeMirror's offsets (UTF-16), past a
// character outside the Basic Multilingual Plane.
func TestLintPolicySpans(t *testing.T) {
	t.Parallel()
	text := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Sid\": \"Note𝄞\",\n    \"Effect\": \"Allow\",\n    \"Action\": [\"s3:GetObjekt\"],\n    \"Resource\": \"*\"\n  }]\n}"
	st, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Dispatch(&SetCatalog{Catalog: fixtureCatalog(t)})
	ds := LintPolicy(st, text, analyzer.IdentityPolicy)
	i := slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Source == "INVALID_ACTION" })
	if i < 0 {
		t.Fatalf("no INVALID_ACTION among %+v", ds)
	}
	d := ds[i]
	units := utf16Units(text)
	if got := string(units[d.From:d.To]); !strings.Contains(got, "s3:GetObjekt") || len(got) > len(`"s3:GetObjekt"`) {
		t.Errorf("the finding spans %q (offsets %d–%d), want s3:GetObjekt", got, d.From, d.To)
	}
	if d.Severity != "error" {
		t.Errorf("severity %q, want error", d.Severity)
	}
	if LintPolicy(st, "  ", analyzer.IdentityPolicy) != nil {
		t.Error("an empty text has findings")
	}
}

// TestLintPolicyCallsTheOperation checks that the editor validates through
// access-analyzer:ValidatePolicy as the acting principal, like every other
// caller: the call is in the event log, and a principal who may not
// validate is told so instead of being shown findings.
func TestLintPolicyCallsTheOperation(t *testing.T) {
	t.Parallel()
	st, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}}`
	ds := LintPolicy(st, text, analyzer.IdentityPolicy)
	if !slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Source == "PASS_ROLE_WITH_STAR_IN_RESOURCE" }) {
		t.Errorf("no PASS_ROLE_WITH_STAR_IN_RESOURCE among %+v", ds)
	}
	evs := st.Account().Events()
	if last := evs[len(evs)-1]; last.Op != "access-analyzer:ValidatePolicy" || last.Caller != st.Account().RootARN() {
		t.Errorf("last event %s by %s, want access-analyzer:ValidatePolicy by root", last.Op, last.Caller)
	}
	st.Dispatch(&ActAs{ARN: "arn:aws:iam::123456789012:user/Bob"})
	ds = LintPolicy(st, text, analyzer.IdentityPolicy)
	if len(ds) != 1 || ds[0].Source != "AccessDeniedException" || !strings.Contains(ds[0].Message, "Not validated") {
		t.Errorf("as Bob: %+v", ds)
	}
}

// utf16Units returns text as UTF-16 code units, each as a rune (for
// slicing by CodeMirror offsets; surrogates print as U+FFFD).
func utf16Units(text string) []rune {
	var out []rune
	for _, r := range text {
		if r >= 0x10000 {
			out = append(out, 0xFFFD, 0xFFFD)
			continue
		}
		out = append(out, r)
	}
	return out
}

func TestFindingDiagnostics(t *testing.T) {
	t.Parallel()
	text := "{\n  \"a\": 1\n}"
	fs := []analyzer.Finding{
		{FindingType: "SUGGESTION", IssueCode: "X", FindingDetails: "whole"},
		{FindingType: "SECURITY_WARNING", IssueCode: "Y", FindingDetails: "two places", Locations: []analyzer.Location{
			{Span: analyzer.Span{Start: analyzer.Position{Line: 2, Column: 2}, End: analyzer.Position{Line: 2, Column: 5}}},
			{Span: analyzer.Span{Start: analyzer.Position{Line: 3, Column: 0}, End: analyzer.Position{Line: 3, Column: 1}}},
		}},
	}
	got := FindingDiagnostics(text, fs)
	want := []Diagnostic{
		{From: 0, To: 1, Severity: "info", Message: "whole", Source: "X", FindingType: "SUGGESTION"},
		{From: 4, To: 7, Severity: "warning", Message: "two places", Source: "Y", FindingType: "SECURITY_WARNING"},
		{From: 11, To: 12, Severity: "warning", Message: "two places", Source: "Y", FindingType: "SECURITY_WARNING", Loc: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("FindingDiagnostics:\n got %+v\nwant %+v", got, want)
	}
}

func TestHighlightOffsets(t *testing.T) {
	t.Parallel()
	text := "{\n  \"Statement\": [\n    {\"Effect\": \"Deny\"}\n  ]\n}"
	// A trace's statement: from its '{' (line 3, column 5) to just after
	// its '}' (line 3, column 23).
	got := HighlightOffsets(text, []tracemodel.Highlight{{StartLine: 3, StartColumn: 5, EndLine: 3, EndColumn: 23}, {}}, "cm-cp-highlight-deny")
	if len(got) != 1 {
		t.Fatalf("HighlightOffsets = %+v, want one range", got)
	}
	if s := text[got[0].From:got[0].To]; s != `{"Effect": "Deny"}` || got[0].ClassName != "cm-cp-highlight-deny" {
		t.Errorf("the highlight covers %q (%+v)", s, got[0])
	}
}

func TestMalformedDiagnostic(t *testing.T) {
	t.Parallel()
	text := "{\n  \"Statement\": [{\"Effect\": \"Allw\"}]\n}"
	d, ok := MalformedDiagnostic(text, `Invalid effect: Allw (line 2, column 28)`)
	if !ok {
		t.Fatal("no position found")
	}
	if s := text[d.From:d.To]; s != `"Allw"` || d.Severity != "error" || d.Source != "MalformedPolicyDocument" {
		t.Errorf("the diagnostic covers %q (%+v)", s, d)
	}
	if _, ok := MalformedDiagnostic(text, "Syntax errors in policy."); ok {
		t.Error("a message without a position was placed")
	}
	// A bare word and the end of the text.
	if d, _ := MalformedDiagnostic("[tru]", "x (line 1, column 2)"); d.From != 1 || d.To != 4 {
		t.Errorf("bare word: %+v", d)
	}
	if d, _ := MalformedDiagnostic("{", "x (line 1, column 2)"); d.From != 1 || d.To != 1 {
		t.Errorf("at the end: %+v", d)
	}
}

// The findings list counts each ValidatePolicy finding once (not once per
// location), lists the most severe first, keeps the playground's own notes
// apart, and says the counts in words.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html
func TestFindingsList(t *testing.T) {
	text := "{\n  \"Statement\": [\n    {\"Action\": [\"s3:GetObjekt\", \"s3:PutObjekt\"]}\n  ]\n}"
	loc := func(col, end int) analyzer.Location {
		return analyzer.Location{Span: analyzer.Span{Start: analyzer.Position{Line: 3, Column: col}, End: analyzer.Position{Line: 3, Column: end}}}
	}
	findings := []analyzer.Finding{
		{FindingType: "SUGGESTION", IssueCode: "EMPTY_ARRAY_ACTION", FindingDetails: "s", LearnMoreLink: "https://example.com/s", Locations: []analyzer.Location{loc(4, 5)}},
		{FindingType: "ERROR", IssueCode: "INVALID_ACTION", FindingDetails: "e1", LearnMoreLink: "https://example.com/e", Locations: []analyzer.Location{loc(32, 46)}},
		{FindingType: "ERROR", IssueCode: "INVALID_ACTION", FindingDetails: "e0", Locations: []analyzer.Location{loc(16, 30), loc(32, 46)}},
	}
	diags := FindingDiagnostics(text, findings)
	if len(diags) != 4 {
		t.Fatalf("%d diagnostics, want 4 (one per location)", len(diags))
	}
	diags = append(diags, Diagnostic{Severity: "info", Message: notValidated + "AccessDenied", Source: "AccessDenied"})
	v := Findings(diags)
	if v.Counts["ERROR"] != 2 || v.Counts["SUGGESTION"] != 1 || v.Counts["WARNING"] != 0 || v.Counts["SECURITY_WARNING"] != 0 || v.Total() != 3 {
		t.Errorf("counts %v", v.Counts)
	}
	var order []string
	for _, d := range v.Items {
		order = append(order, d.FindingType+" "+d.Message)
	}
	if strings.Join(order, "|") != "ERROR e0|ERROR e1|SUGGESTION s" {
		t.Errorf("order %q", order)
	}
	if v.Items[0].From != CodeMirrorOffset(text, 3, 16) || v.Items[1].LearnMore != "https://example.com/e" {
		t.Errorf("first item %+v, second %+v", v.Items[0], v.Items[1])
	}
	if len(v.Notes) != 1 || v.Notes[0].Message != notValidated+"AccessDenied" || !v.NotValidated {
		t.Errorf("notes %+v", v.Notes)
	}
	if got := Findings(diags[4:]).Summary(); got != "Not validated" {
		t.Errorf("the summary of a policy not validated: %q", got)
	}
	if got := v.Summary(); got != "2 errors, 0 security warnings, 0 warnings, 1 suggestion" {
		t.Errorf("summary %q", got)
	}
	if got := ConfirmSaveText(v); !strings.HasPrefix(got, "This policy has 2 errors that AWS would reject or flag") {
		t.Errorf("confirm %q", got)
	}
	if got := Findings(nil); got.Summary() != "No findings" || ConfirmSaveText(got) != "" || len(got.Counts) != 4 {
		t.Errorf("no findings: %+v %q", got, got.Summary())
	}
	// Bounded: a policy with many findings lists at most maxFindingsListed.
	many := make([]Diagnostic, 3*maxFindingsListed)
	for i := range many {
		many[i] = Diagnostic{FindingType: "WARNING", From: i}
	}
	if got := Findings(many); len(got.Items) != maxFindingsListed || got.Counts["WARNING"] != 3*maxFindingsListed {
		t.Errorf("many: %d items, %v", len(got.Items), got.Counts)
	}
}
