package policy

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the one reader of the policy language's JSON: Parse, the
// policy validator (core/analyzer) and S3's bucket policy checks all read
// documents with ReadJSON, which keeps, for every value and member name,
// where it starts and ends (a Mark) and how it is reached from the root
// (Node.Path).
//
// Positions count Unicode code points, as CONTRACT.md says of every
// position the playground shows. A line ends at '\n' only: in a "\r\n"
// line end the '\r' is the last code point of its line (it counts in the
// column and the offset), as a lone '\r' does. AWS does not document how
// its positions count line ends; this is the playground's choice, so that
// a Mark's line and column are always those of its code-point offset in
// the text split at '\n' (what an editor shows once it keeps "\r\n" as
// is), and a JSON text with "\r\n" line ends gives the same lines as the
// same text with "\n".

// maxDepth bounds the nesting of JSON values. The policy grammar needs five
// levels (policy, Statement array, statement, Condition, operator, value
// array); anything much deeper is hostile input.
const maxDepth = 32

// JSONKind is the type of a JSON value.
type JSONKind uint8

// The JSON types.
const (
	JSONNull JSONKind = iota
	JSONBool
	JSONNumber
	JSONString
	JSONArray
	JSONObject
)

// String is the type's name as messages use it ("object", "string", ...).
func (k JSONKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// Mark is a place in a document's text, counted every way a caller needs
// it: Line and Column (from 1, in code points) are Position's, Rune is the
// number of code points before it and Byte the number of bytes before it.
// ValidatePolicy's Position is {Line, Column-1, Rune}.
type Mark struct {
	Line   int
	Column int
	Rune   int
	Byte   int
}

// Position is m as the policy package's messages and the simulate APIs
// count it (Offset is the byte offset).
func (m Mark) Position() Position { return Position{Line: m.Line, Column: m.Column, Offset: m.Byte} }

// Node is one JSON value of a document, with its span (Start at its first
// character, End just after its last) and its place in the tree.
type Node struct {
	Kind       JSONKind
	Start, End Mark
	// Text is the value of a string (unescaped), the text of a number,
	// or "true", "false" or "null".
	Text    string
	Members []Member // of an object, in document order (duplicates kept)
	Elems   []*Node  // of an array

	// Parent is the object or array holding the value (nil for the
	// root). Key is the name of the member whose value it is, when
	// Parent is an object; Index is its index in Parent.Elems when Parent
	// is an array, else -1.
	Parent *Node
	Key    string
	Index  int
}

// Member is one member of an object: its name, the span of the quoted
// name, and its value (whose Parent is the object).
type Member struct {
	Key              string
	KeyStart, KeyEnd Mark
	Value            *Node
}

// PathElem is one step of the path from a document's root to a value: the
// element Index of an array, or (Index == -1) the value of the member Key
// of an object.
type PathElem struct {
	Key   string
	Index int
}

// Path is the JSON path of n from the root: [{Statement -1} {"" 0}
// {Action -1}] for the first statement's Action.
func (n *Node) Path() []PathElem {
	depth := 0
	for m := n; m.Parent != nil; m = m.Parent {
		depth++
	}
	p := make([]PathElem, depth)
	for m := n; m.Parent != nil; m = m.Parent {
		depth--
		p[depth] = PathElem{Key: m.Key, Index: m.Index}
	}
	return p
}

// Get returns the value of the first member of an object named key, or
// nil (also when n is nil or not an object).
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != JSONObject {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Strings returns the string values of n: n itself when it is a string,
// the strings among the elements of an array, else none.
func (n *Node) Strings() []*Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == JSONString:
		return []*Node{n}
	case n.Kind != JSONArray:
		return nil
	}
	out := make([]*Node, 0, len(n.Elems))
	for _, e := range n.Elems {
		if e.Kind == JSONString {
			out = append(out, e)
		}
	}
	return out
}

// At finds the element that starts at a byte offset of the text: a value
// inside n (n itself included), or the name of a member (m, whose Value
// is returned as the node). It returns nil, nil when no element starts
// there. Its cost grows with the depth and (logarithmically) the width of
// the tree, so a caller may look up every error of a document.
func (n *Node) At(byteOff int) (*Node, *Member) {
	for n != nil {
		if n.Start.Byte == byteOff {
			return n, nil
		}
		if byteOff < n.Start.Byte || byteOff >= n.End.Byte {
			return nil, nil
		}
		switch n.Kind {
		case JSONObject:
			// The last member whose name starts at or before byteOff.
			i := search(len(n.Members), func(i int) bool { return n.Members[i].KeyStart.Byte > byteOff }) - 1
			if i < 0 {
				return nil, nil
			}
			m := &n.Members[i]
			if m.KeyStart.Byte == byteOff {
				return m.Value, m
			}
			n = m.Value
		case JSONArray:
			i := search(len(n.Elems), func(i int) bool { return n.Elems[i].Start.Byte > byteOff }) - 1
			if i < 0 {
				return nil, nil
			}
			n = n.Elems[i]
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// search is sort.Search, without importing sort.
func search(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// Document is a JSON document read by ReadJSON: its text, its root value
// and (for Policy.Size) its size.
type Document struct {
	Text string
	Root *Node
	size int // code points outside white space
}

// ReadJSON reads one JSON document (RFC 8259, in UTF-8, nested at most 32
// deep) with the position of every element. A malformed document gives a
// *SyntaxError at the first character that cannot be read: the bad
// character of a string (the one after a '\', an invalid \u escape's
// first hex digit, a control character), the end of the text for an
// unterminated string, the first byte that is not UTF-8. Every byte is
// looked at a constant number of times, so megabyte strings cost linear
// time.
func ReadJSON(text string) (*Document, error) {
	s := &scanner{src: text, m: Mark{Line: 1, Column: 1}}
	if !utf8.ValidString(text) {
		// Locate the first bad byte for the message.
		for i, r := range text {
			if r == utf8.RuneError {
				if _, w := utf8.DecodeRuneInString(text[i:]); w == 1 {
					for s.m.Byte < i {
						s.next()
					}
					return nil, s.errorf(s.m, "invalid UTF-8")
				}
			}
		}
	}
	s.skipSpace()
	n, err := s.value(nil, "", -1)
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.m.Byte < len(s.src) {
		return nil, s.errorf(s.m, "syntax error: unexpected %s after the policy document", s.quoteHere())
	}
	return &Document{Text: text, Root: n, size: s.size}, nil
}

// scanner is a hand-written JSON reader that keeps line, column and
// offsets as it goes.
type scanner struct {
	src   string
	m     Mark
	size  int // code points outside white space (for Policy.Size)
	depth int
}

func (s *scanner) errorf(m Mark, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: m.Position(), Msg: fmt.Sprintf(format, args...)}
}

// next advances over one byte, updating the mark. Column and Rune advance
// only at the first byte of a UTF-8 sequence so they count code points.
func (s *scanner) next() {
	c := s.src[s.m.Byte]
	s.m.Byte++
	if c == '\n' {
		s.m.Line++
		s.m.Column = 1
		s.m.Rune++
	} else if c&0xC0 != 0x80 {
		s.m.Column++
		s.m.Rune++
	}
}

func (s *scanner) skipSpace() {
	for s.m.Byte < len(s.src) {
		switch s.src[s.m.Byte] {
		case ' ', '\t', '\n', '\r':
			s.next()
		default:
			return
		}
	}
}

func (s *scanner) quoteHere() string {
	if s.m.Byte >= len(s.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(s.src[s.m.Byte:])
	return strconv.QuoteRune(r)
}

func (s *scanner) value(parent *Node, key string, index int) (*Node, error) {
	if s.m.Byte >= len(s.src) {
		return nil, s.errorf(s.m, "syntax error: unexpected end of input")
	}
	n := &Node{Start: s.m, Parent: parent, Key: key, Index: index}
	var err error
	switch c := s.src[s.m.Byte]; {
	case c == '{':
		err = s.object(n)
	case c == '[':
		err = s.array(n)
	case c == '"':
		n.Kind = JSONString
		n.Text, err = s.string()
	case c == 't':
		n.Kind, err = JSONBool, s.literal(n, "true")
	case c == 'f':
		n.Kind, err = JSONBool, s.literal(n, "false")
	case c == 'n':
		n.Kind, err = JSONNull, s.literal(n, "null")
	case c == '-' || ('0' <= c && c <= '9'):
		n.Kind, err = JSONNumber, s.number(n)
	default:
		err = s.errorf(s.m, "syntax error: unexpected %s", s.quoteHere())
	}
	if err != nil {
		return nil, err
	}
	n.End = s.m
	return n, nil
}

func (s *scanner) enter(m Mark) error {
	s.depth++
	if s.depth > maxDepth {
		return s.errorf(m, "syntax error: nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (s *scanner) object(n *Node) error {
	n.Kind = JSONObject
	if err := s.enter(n.Start); err != nil {
		return err
	}
	s.next()
	s.size++
	s.skipSpace()
	if s.m.Byte < len(s.src) && s.src[s.m.Byte] == '}' {
		s.next()
		s.size++
		s.depth--
		return nil
	}
	for {
		s.skipSpace()
		if s.m.Byte >= len(s.src) || s.src[s.m.Byte] != '"' {
			return s.errorf(s.m, "syntax error: expected a quoted member name, found %s", s.quoteHere())
		}
		ks := s.m
		key, err := s.string()
		if err != nil {
			return err
		}
		ke := s.m
		s.skipSpace()
		if s.m.Byte >= len(s.src) || s.src[s.m.Byte] != ':' {
			return s.errorf(s.m, "syntax error: expected ':' after member name, found %s", s.quoteHere())
		}
		s.next()
		s.size++
		s.skipSpace()
		v, err := s.value(n, key, -1)
		if err != nil {
			return err
		}
		n.Members = append(n.Members, Member{Key: key, KeyStart: ks, KeyEnd: ke, Value: v})
		s.skipSpace()
		if s.m.Byte >= len(s.src) {
			return s.errorf(s.m, "syntax error: unexpected end of input in object")
		}
		switch s.src[s.m.Byte] {
		case ',':
			s.next()
			s.size++
			continue
		case '}':
			s.next()
			s.size++
			s.depth--
			return nil
		}
		return s.errorf(s.m, "syntax error: expected ',' or '}', found %s", s.quoteHere())
	}
}

func (s *scanner) array(n *Node) error {
	n.Kind = JSONArray
	if err := s.enter(n.Start); err != nil {
		return err
	}
	s.next()
	s.size++
	s.skipSpace()
	if s.m.Byte < len(s.src) && s.src[s.m.Byte] == ']' {
		s.next()
		s.size++
		s.depth--
		return nil
	}
	for {
		s.skipSpace()
		v, err := s.value(n, "", len(n.Elems))
		if err != nil {
			return err
		}
		n.Elems = append(n.Elems, v)
		s.skipSpace()
		if s.m.Byte >= len(s.src) {
			return s.errorf(s.m, "syntax error: unexpected end of input in array")
		}
		switch s.src[s.m.Byte] {
		case ',':
			s.next()
			s.size++
			continue
		case ']':
			s.next()
			s.size++
			s.depth--
			return nil
		}
		return s.errorf(s.m, "syntax error: expected ',' or ']', found %s", s.quoteHere())
	}
}

func (s *scanner) literal(n *Node, word string) error {
	if len(s.src)-s.m.Byte < len(word) || s.src[s.m.Byte:s.m.Byte+len(word)] != word {
		return s.errorf(s.m, "syntax error: unexpected %s", s.quoteHere())
	}
	for range len(word) {
		s.next()
	}
	s.size += len(word)
	n.Text = word
	return nil
}

func (s *scanner) number(n *Node) error {
	start := s.m.Byte
	digits := func() int {
		k := 0
		for s.m.Byte < len(s.src) && '0' <= s.src[s.m.Byte] && s.src[s.m.Byte] <= '9' {
			s.next()
			k++
		}
		return k
	}
	if s.src[s.m.Byte] == '-' {
		s.next()
	}
	if s.m.Byte < len(s.src) && s.src[s.m.Byte] == '0' {
		s.next()
	} else if digits() == 0 {
		return s.errorf(s.m, "syntax error: invalid number")
	}
	if s.m.Byte < len(s.src) && s.src[s.m.Byte] == '.' {
		s.next()
		if digits() == 0 {
			return s.errorf(s.m, "syntax error: invalid number")
		}
	}
	if s.m.Byte < len(s.src) && (s.src[s.m.Byte] == 'e' || s.src[s.m.Byte] == 'E') {
		s.next()
		if s.m.Byte < len(s.src) && (s.src[s.m.Byte] == '+' || s.src[s.m.Byte] == '-') {
			s.next()
		}
		if digits() == 0 {
			return s.errorf(s.m, "syntax error: invalid number")
		}
	}
	s.size += s.m.Byte - start
	n.Text = s.src[start:s.m.Byte]
	return nil
}

// string reads a quoted string. The common case (no escapes) returns a
// substring of the source without copying.
func (s *scanner) string() (string, error) {
	s.next() // opening quote
	start := s.m.Byte
	var buf []byte
	chunk := start
	for {
		if s.m.Byte >= len(s.src) {
			return "", s.errorf(s.m, "syntax error: unterminated string")
		}
		c := s.src[s.m.Byte]
		switch {
		case c == '"':
			var str string
			if buf == nil {
				str = s.src[start:s.m.Byte]
			} else {
				buf = append(buf, s.src[chunk:s.m.Byte]...)
				str = string(buf)
			}
			s.size += utf8.RuneCountInString(s.src[start:s.m.Byte]) + 2
			s.next()
			return str, nil
		case c < 0x20:
			return "", s.errorf(s.m, "syntax error: control character %q in string", rune(c))
		case c == '\\':
			buf = append(buf, s.src[chunk:s.m.Byte]...)
			s.next()
			if s.m.Byte >= len(s.src) {
				return "", s.errorf(s.m, "syntax error: unterminated string")
			}
			// An error in the escape points at the character after the
			// backslash, all of it: it may take several bytes.
			at := s.m
			e := s.src[s.m.Byte]
			if e >= utf8.RuneSelf {
				r, _ := utf8.DecodeRuneInString(s.src[s.m.Byte:])
				return "", s.errorf(at, "syntax error: invalid escape '\\%c'", r)
			}
			s.next()
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := s.hex4()
				if !ok {
					return "", s.errorf(s.m, "syntax error: invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if len(s.src)-s.m.Byte >= 2 && s.src[s.m.Byte] == '\\' && s.src[s.m.Byte+1] == 'u' {
						s.next()
						s.next()
						r2, ok = s.hex4()
						if !ok {
							return "", s.errorf(s.m, "syntax error: invalid \\u escape")
						}
					}
					r = utf16.DecodeRune(r, r2)
					if r == utf8.RuneError {
						return "", s.errorf(at, "syntax error: invalid surrogate pair")
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", s.errorf(at, "syntax error: invalid escape '\\%c'", e)
			}
			chunk = s.m.Byte
		default:
			s.next()
		}
	}
}

// hex4 reads the four hex digits of a \u escape; it does not move when
// they are not there.
func (s *scanner) hex4() (rune, bool) {
	if len(s.src)-s.m.Byte < 4 {
		return 0, false
	}
	var r rune
	for i := range 4 {
		c := s.src[s.m.Byte+i]
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	for range 4 {
		s.next()
	}
	return r, true
}
