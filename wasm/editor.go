package main

import (
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/tracemodel"
	"encoding/json"
	"regexp"
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
		d := Diagnostic{Severity: severityOf(f.FindingType), Message: f.FindingDetails, Source: f.IssueCode}
		if len(f.Locations) == 0 {
			d.To = min(1, utf16Len(text))
			out = append(out, d)
			continue
		}
		for _, l := range f.Locations {
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
			Message: "Not validated: access-analyzer:ValidatePolicy as " + eventlog.ShortPrincipal(s.ActingAs()) + " failed (" + e.Code + "): " + e.Message}}
	}
	var o struct {
		Findings []analyzer.Finding `json:"findings"`
	}
	if err := json.Unmarshal(out, &o); err != nil {
		return nil
	}
	return FindingDiagnostics(text, o.Findings)
}
