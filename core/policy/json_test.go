package policy

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// markAt is the Mark of a byte offset of text, counted the slow way: lines
// end at '\n' only, columns and runes count code points.
func markAt(text string, byteOff int) Mark {
	m := Mark{Line: 1, Column: 1, Byte: byteOff}
	for _, r := range text[:byteOff] {
		m.Rune++
		if r == '\n' {
			m.Line++
			m.Column = 1
		} else {
			m.Column++
		}
	}
	return m
}

// checkTree checks every node and member name of a document: its marks
// agree with their byte offsets, At finds it, and its Path leads to it.
func checkTree(t *testing.T, d *Document) {
	t.Helper()
	var walk func(n *Node)
	walk = func(n *Node) {
		for _, m := range []Mark{n.Start, n.End} {
			if want := markAt(d.Text, m.Byte); m != want {
				t.Fatalf("mark %+v, but byte %d is at %+v", m, m.Byte, want)
			}
		}
		if got, mem := d.Root.At(n.Start.Byte); got != n || mem != nil {
			t.Fatalf("At(%d) = %p %v, want the node %p", n.Start.Byte, got, mem, n)
		}
		// Following the path from the root reaches n.
		at := d.Root
		for _, e := range n.Path() {
			if e.Index >= 0 {
				at = at.Elems[e.Index]
			} else {
				at = at.Get(e.Key)
			}
		}
		if at != n && n.Parent.Get(n.Key) != nil && n.Index < 0 {
			// A duplicate member name: Get finds the first one.
			return
		}
		if at != n {
			t.Fatalf("Path %v of the node at byte %d leads elsewhere", n.Path(), n.Start.Byte)
		}
		for i := range n.Members {
			m := &n.Members[i]
			if want := markAt(d.Text, m.KeyStart.Byte); m.KeyStart != want {
				t.Fatalf("key mark %+v, want %+v", m.KeyStart, want)
			}
			if got, mem := d.Root.At(m.KeyStart.Byte); mem != m || got != m.Value {
				t.Fatalf("At(key %q) = %v %v", m.Key, got, mem)
			}
			if m.Value.Parent != n || m.Value.Key != m.Key || m.Value.Index != -1 {
				t.Fatalf("member %q: parent, key or index wrong", m.Key)
			}
			walk(m.Value)
		}
		for i, e := range n.Elems {
			if e.Parent != n || e.Index != i {
				t.Fatalf("element %d: parent or index wrong", i)
			}
			walk(e)
		}
	}
	walk(d.Root)
}

// TestReadJSONCountsCodePoints checks the marks of elements after
// characters of two, three and four bytes (one or two UTF-16 units), and
// with "\r\n" line ends: columns and offsets count code points, a line
// ends at '\n', and the '\r' of "\r\n" counts as the last code point of
// its line. Byte or UTF-16 counting would give other numbers.
func TestReadJSONCountsCodePoints(t *testing.T) {
	t.Parallel()
	text := "{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\", \"Statement\": [\r\n  {\"Sid\": \"\U0001F600\", \"Effect\": \"Allow\"}]}"
	d, err := ReadJSON(text)
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, d)
	st := d.Root.Get("Statement")
	// `{"Id": "é日本😀", "Statement": ` is 28 code points, 36 bytes, 29
	// UTF-16 units.
	if want := (Mark{Line: 1, Column: 29, Rune: 28, Byte: 36}); st.Start != want {
		t.Errorf("Statement starts at %+v, want %+v", st.Start, want)
	}
	// The statement: line 2 after "\r\n  ", so column 3; 33 code points
	// (34 UTF-16 units) before it.
	s0 := st.Elems[0]
	if want := (Mark{Line: 2, Column: 3, Rune: 33, Byte: 41}); s0.Start != want {
		t.Errorf("statement starts at %+v, want %+v", s0.Start, want)
	}
	effect := s0.Get("Effect")
	// `{"Sid": "😀", "Effect": ` is 23 code points (26 bytes, 24 UTF-16
	// units).
	if want := (Mark{Line: 2, Column: 26, Rune: 56, Byte: 67}); effect.Start != want {
		t.Errorf("Effect's value starts at %+v, want %+v", effect.Start, want)
	}
	if got := effect.Path(); len(got) != 3 || got[0] != (PathElem{Key: "Statement", Index: -1}) || got[1] != (PathElem{Index: 0}) || got[2] != (PathElem{Key: "Effect", Index: -1}) {
		t.Errorf("Path = %v", got)
	}
	// The same text with "\n" line ends: the same lines and columns, one
	// code point less from line 2 on.
	d2, err := ReadJSON(strings.ReplaceAll(text, "\r\n", "\n"))
	if err != nil {
		t.Fatal(err)
	}
	e2 := d2.Root.Get("Statement").Elems[0].Get("Effect")
	if e2.Start.Line != effect.Start.Line || e2.Start.Column != effect.Start.Column || e2.Start.Rune != effect.Start.Rune-1 {
		t.Errorf("with \\n line ends: %+v, with \\r\\n: %+v", e2.Start, effect.Start)
	}
}

// TestReadJSONErrors checks where a malformed document's error points,
// after multi-byte characters.
func TestReadJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"{\"Id\": \"\U0001F600\",\r\n x", "2:2: syntax error: expected a quoted member name, found 'x'"},
		{"\"\u00e9\u00e9", "1:4: syntax error: unterminated string"},        // at the end
		{"\"\\\u00e9\"", "1:3: syntax error: invalid escape '\\é'"},         // at the character after '\'
		{"\"\\u12x4\"", "1:4: syntax error: invalid \\u escape"},            // at the first hex digit
		{"\"\\ud800\"", "1:3: syntax error: invalid surrogate pair"},        // a lone surrogate
		{"\"\\ud83d\\u0041\"", "1:3: syntax error: invalid surrogate pair"}, // not a pair
		{"[\"\u65e5\", \x01]", "1:7: syntax error: unexpected '\\x01'"},
		{"\"\u65e5\n\"", "1:3: syntax error: control character '\\n' in string"},
		{"{\"a\": \"\u65e5\xff\"}", "1:9: invalid UTF-8"},
		{strings.Repeat("[", 33), "1:33: syntax error: nesting deeper than 32 levels"},
	}
	for _, tt := range tests {
		_, err := ReadJSON(tt.text)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadJSON(%q) = %v, want %s", tt.text, err, tt.want)
		}
	}
	d, err := ReadJSON("\"\\ud83d\\ude00\"")
	if err != nil || d.Root.Text != "\U0001F600" {
		t.Errorf("a surrogate pair: %v %+v", err, d)
	}
}

// TestTracePositionsCountCodePoints checks the trace's and
// MatchedStatements' StartPosition and EndPosition (lines and columns from
// 1) after multi-byte characters and with "\r\n" line ends.
func TestTracePositionsCountCodePoints(t *testing.T) {
	t.Parallel()
	text := "{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\", \"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\r\n" +
		"  {\"Sid\": \"B\", \"Effect\": \"Deny\", \"Condition\": {\"StringEquals\": {\"aws:username\": \"\u65e5\u672c\U0001F600\"}}, \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}"
	p, err := Parse(text, Identity)
	if err != nil {
		t.Fatal(err)
	}
	// Statement 0 starts after 54 code points (62 bytes, 55 UTF-16
	// units) and ends after 116; statement 1 starts on line 2 after two
	// spaces and ends 129 code points later.
	want := [][2]Position{
		{{Line: 1, Column: 55}, {Line: 1, Column: 117}},
		{{Line: 2, Column: 3}, {Line: 2, Column: 132}},
	}
	req := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctx("aws:username", "\u65e5\u672c\U0001F600")}
	r, err := Evaluate(req, &Set{Identity: []Input{{ID: "p", Policy: p}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		Policies []struct {
			Statements []struct{ StartPosition, EndPosition Position }
		}
	}
	if err := json.Unmarshal(mustJSON(r.Trace), &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr.Policies) != 1 || len(tr.Policies[0].Statements) != 2 {
		t.Fatalf("trace %s", mustJSON(r.Trace))
	}
	for i, st := range tr.Policies[0].Statements {
		if st.StartPosition != want[i][0] || st.EndPosition != want[i][1] {
			t.Errorf("statement %d: %v-%v, want %v-%v", i, st.StartPosition, st.EndPosition, want[i][0], want[i][1])
		}
	}
	if r.Decision != ExplicitDeny || len(r.MatchedStatements) != 1 {
		t.Fatalf("decision %s, matched %+v", r.Decision, r.MatchedStatements)
	}
	if m := r.MatchedStatements[0]; m.StartPosition.String() != "2:3" || m.EndPosition.String() != "2:132" {
		t.Errorf("MatchedStatements %v-%v, want 2:3-2:132", m.StartPosition, m.EndPosition)
	}
}

// FuzzReadJSON checks that ReadJSON never panics, accepts only what
// encoding/json accepts, accepts every valid document of UTF-8 text
// without surrogate escapes nested at most 32 deep, and that every
// element's marks, At and Path agree with the text.
func FuzzReadJSON(f *testing.F) {
	for _, ex := range docExamples {
		f.Add(ex.text)
	}
	f.Add("{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\",\r\n \"a\": [1, -2.5e3, true, null, {}, []], \"a\": \"dup\"}")
	f.Add("\"\\ud83d\\ude00\"")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ReadJSON(text)
		if err != nil {
			if json.Valid([]byte(text)) && utf8.ValidString(text) && !strings.Contains(strings.ToLower(text), `\ud`) &&
				strings.Count(text, "[")+strings.Count(text, "{") <= maxDepth {
				t.Fatalf("ReadJSON(%q): %v, but it is valid JSON", text, err)
			}
			var se *SyntaxError
			if se, _ = err.(*SyntaxError); se == nil || se.Pos.Offset < 0 || se.Pos.Offset > len(text) {
				t.Fatalf("error %v", err)
			}
			if want := markAt(text, se.Pos.Offset).Position(); se.Pos != want {
				t.Fatalf("error at %+v, but its offset is at %+v", se.Pos, want)
			}
			return
		}
		if !json.Valid([]byte(text)) {
			t.Fatalf("ReadJSON accepted %q", text)
		}
		checkTree(t, d)
	})
}
