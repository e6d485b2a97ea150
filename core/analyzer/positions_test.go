package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// TestSpansCountCodePoints checks ValidatePolicy's spans (line from 1,
// column and offset from 0) after characters of two, three and four bytes
// (é, 日本, an emoji of two UTF-16 units), for a value, a substring and a
// syntax error, and with "\r\n" line ends: a line ends at '\n', and the
// '\r' counts as the last code point of its line, so the same document
// with "\n" line ends has the same lines and columns and offsets one less
// per line end before. Counting bytes or UTF-16 units would give other
// numbers (noted for each case).
func TestSpansCountCodePoints(t *testing.T) {
	t.Parallel()
	doc := "{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\", \"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\",\r\n" +
		" \"Resource\": \"arn:aws:s3:::b/\u65e5\u672c\U0001F600/${}\"}]}"
	span := func(f Finding) string {
		s := f.Locations[0].Span
		return fmt.Sprintf("%d:%d:%d-%d:%d:%d %s", s.Start.Line, s.Start.Column, s.Start.Offset, s.End.Line, s.End.Column, s.End.Offset, pathString(f.Locations[0].Path))
	}
	find := func(fs []Finding, code string) string {
		for _, f := range fs {
			if f.IssueCode == code {
				return span(f)
			}
		}
		return "none"
	}
	tests := []struct{ code, want string }{
		// "s3:GetObjekt" starts after 84 code points (92 bytes, 85
		// UTF-16 units).
		{"INVALID_ACTION", "1:84:84-1:98:98 Statement[0].Action"},
		// ${} starts 33 code points into line 2, 134 into the document
		// (149 bytes, 136 UTF-16 units), and 19 code points into its
		// string's value (26 bytes, 20 UTF-16 units).
		{"EMPTY_VARIABLE", "2:33:134-2:36:137 Statement[0].Resource[19:+3]"},
	}
	fs := Validate(doc, Options{PolicyType: IdentityPolicy}, fixtureCatalog())
	for _, tt := range tests {
		if got := find(fs, tt.code); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.code, got, tt.want)
		}
	}
	lf := Validate(strings.ReplaceAll(doc, "\r\n", "\n"), Options{PolicyType: IdentityPolicy}, fixtureCatalog())
	if got, want := find(lf, "EMPTY_VARIABLE"), "2:33:133-2:36:136 Statement[0].Resource[19:+3]"; got != want {
		t.Errorf("with \\n line ends: %s, want %s", got, want)
	}
	if got, want := find(lf, "INVALID_ACTION"), tests[0].want; got != want {
		t.Errorf("with \\n line ends: %s, want %s", got, want)
	}

	// A syntax error on line 2 after 17 code points ("\r\n" included; 25
	// bytes, 18 UTF-16 units).
	bad := Validate("{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\",\r\n x", Options{PolicyType: IdentityPolicy}, nil)
	if len(bad) != 1 || bad[0].IssueCode != "JSON_SYNTAX_ERROR" {
		t.Fatalf("findings %+v", bad)
	}
	if got, want := bad[0].FindingDetails, "Fix the JSON syntax error at index 17 line 2 column 1."; got != want {
		t.Errorf("details %q, want %q", got, want)
	}
	if got, want := span(bad[0]), "2:1:17-2:2:18 "; got != want {
		t.Errorf("syntax error span %s, want %s", got, want)
	}
}
