package main

import (
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/tracemodel"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudplay/core/analyzer"
)

// The pure side of PolicyEditor (editor_js.go): formatting, and turning
// IAM's positions into the offsets CodeMirror counts.
//
// Three ways of counting meet here. ValidatePolicy's findings count lines
// from 1 and columns and offsets from 0, in Unicode code points; a trace's
// StartPosition/EndPosition and MalformedPolicyDocument's "(line 3, column
// 14)" count lines and columns from 1, in code points; CodeMirror counts
// offsets from 0 in UTF-16 code units, a line break being one unit. The
// texts converted are the editor's own (CodeMirror hands out "\n" line
// breaks), so a line is what lies between two "\n".

// Diagnostic is a finding as the editor shows it: a span in CodeMirror
// offsets, a severity ("error", "warning" or "info") and a message.
type Diagnostic struct {
	From     int    `json:"from"`
	To       int    `json:"to"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Source   string `json:"source,omitempty"`
	// FindingType is the ValidatePolicy finding's type (ERROR,
	// SECURITY_WARNING, WARNING or SUGGESTION); "" for what is not an AWS
	// finding (a refusal placed in the text, the playground's own note).
	FindingType string `json:"findingType,omitempty"`
	// LearnMore is the finding's learnMoreLink (AWS's check reference).
	LearnMore string `json:"learnMore,omitempty"`
	// Loc numbers the locations of one finding: 0 for its first, which the
	// findings list shows; a finding has one diagnostic per location.
	Loc int `json:"-"`
}

// OffsetRange is a highlighted range in CodeMirror offsets.
type OffsetRange struct {
	From      int    `json:"from"`
	To        int    `json:"to"`
	ClassName string `json:"className,omitempty"`
}

// textIndex converts positions of one text.
type textIndex struct {
	text  string
	lines []int // byte offset of each line's start
}

func newTextIndex(text string) *textIndex {
	ix := &textIndex{text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ix.lines = append(ix.lines, i+1)
		}
	}
	return ix
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// byteAt returns the byte offset of column col (0-based, code points) of
// line (1-based), clamped to the text and to the line's end.
func (ix *textIndex) byteAt(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(ix.lines) {
		return len(ix.text)
	}
	start := ix.lines[line-1]
	end := len(ix.text)
	if line < len(ix.lines) {
		end = ix.lines[line] - 1 // the '\n'
	}
	i := start
	for c := 0; c < col && i < end; c++ {
		_, size := utf8.DecodeRuneInString(ix.text[i:])
		i += size
	}
	return i
}

// Offset returns the CodeMirror offset of line (from 1) and column (from
// 0, code points).
func (ix *textIndex) Offset(line, col int) int {
	return utf16Len(ix.text[:ix.byteAt(line, col)])
}

// CodeMirrorOffset returns the CodeMirror offset of line (from 1) and col
// (from 0, code points) in text.
func CodeMirrorOffset(text string, line, col int) int {
	return newTextIndex(text).Offset(line, col)
}

// FindingDiagnostics turns ValidatePolicy's findings on text into the
// editor's diagnostics, one per location (a finding without a location is
// shown on the first character). Severities: ERROR → error;
// SECURITY_WARNING and WARNING → warning; SUGGESTION → info.
func FindingDiagnostics(text string, findings []analyzer.Finding) []Diagnostic {
	ix := newTextIndex(text)
	var out []Diagnostic
	for _, f := range findings {
		d := Diagnostic{Severity: severityOf(f.FindingType), Message: f.FindingDetails, Source: f.IssueCode,
			FindingType: f.FindingType, LearnMore: f.LearnMoreLink}
		if len(f.Locations) == 0 {
			d.To = min(1, utf16Len(text))
			out = append(out, d)
			continue
		}
		for i, l := range f.Locations {
			d.Loc = i
			d.From = ix.Offset(l.Span.Start.Line, l.Span.Start.Column)
			d.To = ix.Offset(l.Span.End.Line, l.Span.End.Column)
			if d.To < d.From {
				d.To = d.From
			}
			out = append(out, d)
		}
	}
	return out
}

func severityOf(findingType string) string {
	switch findingType {
	case "ERROR":
		return "error"
	case "SECURITY_WARNING", "WARNING":
		return "warning"
	}
	return "info"
}

// HighlightOffsets turns 1-based line/column ranges (a trace's
// StartPosition and EndPosition, the end just after the range) into
// CodeMirror offsets; ranges without a position are left out.
func HighlightOffsets(text string, hs []tracemodel.Highlight, className string) []OffsetRange {
	ix := newTextIndex(text)
	var out []OffsetRange
	for _, h := range hs {
		if h.StartLine < 1 || h.StartColumn < 1 {
			continue
		}
		r := OffsetRange{From: ix.Offset(h.StartLine, h.StartColumn-1), ClassName: className}
		r.To = r.From
		if h.EndLine >= 1 && h.EndColumn >= 1 {
			r.To = max(r.From, ix.Offset(h.EndLine, h.EndColumn-1))
		}
		out = append(out, r)
	}
	return out
}

// malformedAt finds the position IAM's MalformedPolicyDocument message
// gives ("... (line 3, column 14)").
var malformedAt = regexp.MustCompile(`\(line (\d+), column (\d+)\)`)

// MalformedDiagnostic places an IAM MalformedPolicyDocument message in
// text: at the token that starts at the line and column it names. ok is
// false when the message names no position.
func MalformedDiagnostic(text, message string) (Diagnostic, bool) {
	m := malformedAt.FindStringSubmatch(message)
	if m == nil {
		return Diagnostic{}, false
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	ix := newTextIndex(text)
	start := ix.byteAt(line, max(col-1, 0))
	end := tokenEnd(text, start)
	from := utf16Len(text[:start])
	return Diagnostic{From: from, To: from + utf16Len(text[start:end]), Severity: "error",
		Message: message, Source: "MalformedPolicyDocument"}, true
}

// tokenEnd returns the end of the JSON token at byte i: a whole string, a
// word (number, true, a bare word), or one character.
func tokenEnd(text string, i int) int {
	if i >= len(text) {
		return i
	}
	if text[i] == '"' {
		for j := i + 1; j < len(text); j++ {
			switch text[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			case '\n':
				return j
			}
		}
		return len(text)
	}
	j := i
	for j < len(text) && strings.IndexByte(" \t\r\n,:{}[]\"", text[j]) < 0 {
		j++
	}
	if j == i {
		_, size := utf8.DecodeRuneInString(text[i:])
		j = i + size
	}
	return j
}

// LintPolicy validates text through access-analyzer:ValidatePolicy, as the
// acting principal, like every other caller of the operation (the account
// uses the store's catalog for the catalog's checks once it is loaded), and
// returns its findings as diagnostics. policyType is analyzer's
// IdentityPolicy, or a resource type ("AWS::S3::Bucket", RoleTrustPolicy
// for a role's trust policy): a resource policy of that type. The call goes straight to the
// account, not through Dispatch: it runs as the learner types, and must not
// redraw the page each time. Like any call it is in the event log. A
// refused validation is one diagnostic saying so: AWS's console, too,
// cannot validate for a user without access-analyzer:ValidatePolicy.
func LintPolicy(s *Store, text, policyType string) []Diagnostic {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	in := map[string]string{"policyDocument": text, "policyType": analyzer.IdentityPolicy}
	if strings.HasPrefix(policyType, "AWS::") {
		in["policyType"], in["validatePolicyResourceType"] = analyzer.ResourcePolicy, policyType
	}
	b, _ := json.Marshal(in)
	out, err := s.account.Call(s.ActingAs(), "access-analyzer:ValidatePolicy", b)
	if err != nil {
		e := uiError("editor", err)
		return []Diagnostic{{Severity: "info", Source: e.Code,
			Message: notValidated + "access-analyzer:ValidatePolicy as " + eventlog.ShortPrincipal(s.ActingAs()) + " failed (" + e.Code + "): " + e.Message}}
	}
	var o struct {
		Findings []analyzer.Finding `json:"findings"`
	}
	if err := json.Unmarshal(out, &o); err != nil {
		return nil
	}
	return FindingDiagnostics(text, o.Findings)
}

// FindingTypes are ValidatePolicy's finding types, most severe first: the
// order the findings list counts and lists them in
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html).
var FindingTypes = []string{"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}

// FindingTypeLabel is how the findings list names a type, in the singular
// and the plural.
func FindingTypeLabel(findingType string, n int) string {
	one, many := "", ""
	switch findingType {
	case "ERROR":
		one, many = "error", "errors"
	case "SECURITY_WARNING":
		one, many = "security warning", "security warnings"
	case "WARNING":
		one, many = "warning", "warnings"
	case "SUGGESTION":
		one, many = "suggestion", "suggestions"
	default:
		one, many = "playground note", "playground notes"
	}
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// FindingsView is what the findings list under an editor shows: the
// findings of ValidatePolicy (one item each, at its first location), most
// severe first and then in the order of the text, their count by type, and
// apart from them the playground's own notes (diagnostics that are not
// AWS findings).
type FindingsView struct {
	Items  []Diagnostic   // AWS findings
	Notes  []Diagnostic   // the playground's own
	Counts map[string]int // by finding type, every type present (0 when none)
	// NotValidated is true when ValidatePolicy could not be called (a
	// note says why): no findings does not mean a clean policy.
	NotValidated bool
}

// notValidated starts the playground's note when ValidatePolicy failed.
const notValidated = "Not validated: "

// maxFindingsListed bounds the list: a policy can have many findings (one
// per bad action of a long list), and the page lists at most this many;
// the counts still count them all. The playground's own choice, as AWS's
// console, too, shows a page of findings at a time.
const maxFindingsListed = 100

// Findings builds the findings list of diagnostics (the editor's, as
// LintPolicy returns them).
func Findings(diags []Diagnostic) FindingsView {
	v := FindingsView{Counts: map[string]int{}}
	for _, t := range FindingTypes {
		v.Counts[t] = 0
	}
	rank := map[string]int{}
	for i, t := range FindingTypes {
		rank[t] = i
	}
	var items []Diagnostic
	for _, d := range diags {
		if d.Loc != 0 {
			continue
		}
		if _, ok := rank[d.FindingType]; !ok {
			if strings.HasPrefix(d.Message, notValidated) {
				v.NotValidated = true
			}
			if len(v.Notes) < maxFindingsListed {
				v.Notes = append(v.Notes, d)
			}
			continue
		}
		v.Counts[d.FindingType]++
		items = append(items, d)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if rank[a.FindingType] != rank[b.FindingType] {
			return rank[a.FindingType] < rank[b.FindingType]
		}
		return a.From < b.From
	})
	if len(items) > maxFindingsListed {
		items = items[:maxFindingsListed]
	}
	v.Items = items
	return v
}

// Total is the number of AWS findings counted.
func (v FindingsView) Total() int {
	n := 0
	for _, c := range v.Counts {
		n += c
	}
	return n
}

// Summary says the counts in words: "2 errors, 0 security warnings, 1
// warning, 0 suggestions", or "No findings".
func (v FindingsView) Summary() string {
	if v.Total() == 0 && v.NotValidated {
		return "Not validated"
	}
	if v.Total() == 0 {
		return "No findings"
	}
	parts := make([]string, 0, len(FindingTypes))
	for _, t := range FindingTypes {
		parts = append(parts, FindingTypeLabel(t, v.Counts[t]))
	}
	return strings.Join(parts, ", ")
}

// ConfirmSaveText is what the page asks before saving a document with
// errors ("" when it has none): AWS would reject the document, or accept
// one that does not do what it seems to.
func ConfirmSaveText(v FindingsView) string {
	n := v.Counts["ERROR"]
	if n == 0 {
		return ""
	}
	return "This policy has " + FindingTypeLabel("ERROR", n) + " that AWS would reject or flag (access-analyzer:ValidatePolicy). Save anyway?"
}
