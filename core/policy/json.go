package policy

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of JSON values. The policy grammar needs five
// levels (policy, Statement array, statement, Condition, operator, value
// array); anything much deeper is hostile input.
const maxDepth = 32

type nodeKind uint8

const (
	nullNode nodeKind = iota
	boolNode
	numberNode
	stringNode
	arrayNode
	objectNode
)

func (k nodeKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// node is a JSON value with the position of its first character (Pos) and
// the position just after its last character (End).
type node struct {
	kind    nodeKind
	pos     Position
	end     Position
	str     string // string value (unescaped), number text, or "true"/"false"
	members []member
	elems   []*node
}

type member struct {
	key    string
	keyPos Position
	val    *node
}

// scanner is a hand-written JSON reader that keeps line and column (in code
// points) as it goes. Every byte is looked at a constant number of times, so
// megabyte strings cost linear time.
type scanner struct {
	src   string
	off   int
	line  int
	col   int
	size  int // code points outside white space (for Policy.Size)
	depth int
}

func (s *scanner) pos() Position { return Position{Line: s.line, Column: s.col, Offset: s.off} }

func (s *scanner) errorf(p Position, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// next advances over one byte, updating line and column. Column advances
// only at the first byte of a UTF-8 sequence so it counts code points.
func (s *scanner) next() {
	c := s.src[s.off]
	s.off++
	if c == '\n' {
		s.line++
		s.col = 1
	} else if c&0xC0 != 0x80 {
		s.col++
	}
}

func (s *scanner) skipSpace() {
	for s.off < len(s.src) {
		switch s.src[s.off] {
		case ' ', '\t', '\n', '\r':
			s.next()
		default:
			return
		}
	}
}

// parseJSON reads one JSON document.
func parseJSON(src string) (*node, int, error) {
	s := &scanner{src: src, line: 1, col: 1}
	if !utf8.ValidString(src) {
		// Locate the first bad byte for the message.
		for i, r := range src {
			if r == utf8.RuneError {
				if _, w := utf8.DecodeRuneInString(src[i:]); w == 1 {
					for s.off < i {
						s.next()
					}
					return nil, 0, s.errorf(s.pos(), "invalid UTF-8")
				}
			}
		}
	}
	s.skipSpace()
	n, err := s.value()
	if err != nil {
		return nil, 0, err
	}
	s.skipSpace()
	if s.off < len(s.src) {
		return nil, 0, s.errorf(s.pos(), "syntax error: unexpected %s after the policy document", s.quoteHere())
	}
	return n, s.size, nil
}

func (s *scanner) quoteHere() string {
	if s.off >= len(s.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(s.src[s.off:])
	return strconv.QuoteRune(r)
}

func (s *scanner) value() (*node, error) {
	if s.off >= len(s.src) {
		return nil, s.errorf(s.pos(), "syntax error: unexpected end of input")
	}
	switch c := s.src[s.off]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		p := s.pos()
		str, err := s.string()
		if err != nil {
			return nil, err
		}
		return &node{kind: stringNode, pos: p, end: s.pos(), str: str}, nil
	case c == 't':
		return s.literal("true", boolNode)
	case c == 'f':
		return s.literal("false", boolNode)
	case c == 'n':
		return s.literal("null", nullNode)
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number()
	}
	return nil, s.errorf(s.pos(), "syntax error: unexpected %s", s.quoteHere())
}

func (s *scanner) enter(p Position) error {
	s.depth++
	if s.depth > maxDepth {
		return s.errorf(p, "syntax error: nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (s *scanner) object() (*node, error) {
	n := &node{kind: objectNode, pos: s.pos()}
	if err := s.enter(n.pos); err != nil {
		return nil, err
	}
	s.next()
	s.size++
	s.skipSpace()
	if s.off < len(s.src) && s.src[s.off] == '}' {
		s.next()
		s.size++
		n.end = s.pos()
		s.depth--
		return n, nil
	}
	for {
		s.skipSpace()
		if s.off >= len(s.src) || s.src[s.off] != '"' {
			return nil, s.errorf(s.pos(), "syntax error: expected a quoted member name, found %s", s.quoteHere())
		}
		kp := s.pos()
		key, err := s.string()
		if err != nil {
			return nil, err
		}
		s.skipSpace()
		if s.off >= len(s.src) || s.src[s.off] != ':' {
			return nil, s.errorf(s.pos(), "syntax error: expected ':' after member name, found %s", s.quoteHere())
		}
		s.next()
		s.size++
		s.skipSpace()
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, member{key: key, keyPos: kp, val: v})
		s.skipSpace()
		if s.off >= len(s.src) {
			return nil, s.errorf(s.pos(), "syntax error: unexpected end of input in object")
		}
		switch s.src[s.off] {
		case ',':
			s.next()
			s.size++
			continue
		case '}':
			s.next()
			s.size++
			n.end = s.pos()
			s.depth--
			return n, nil
		}
		return nil, s.errorf(s.pos(), "syntax error: expected ',' or '}', found %s", s.quoteHere())
	}
}

func (s *scanner) array() (*node, error) {
	n := &node{kind: arrayNode, pos: s.pos()}
	if err := s.enter(n.pos); err != nil {
		return nil, err
	}
	s.next()
	s.size++
	s.skipSpace()
	if s.off < len(s.src) && s.src[s.off] == ']' {
		s.next()
		s.size++
		n.end = s.pos()
		s.depth--
		return n, nil
	}
	for {
		s.skipSpace()
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		s.skipSpace()
		if s.off >= len(s.src) {
			return nil, s.errorf(s.pos(), "syntax error: unexpected end of input in array")
		}
		switch s.src[s.off] {
		case ',':
			s.next()
			s.size++
			continue
		case ']':
			s.next()
			s.size++
			n.end = s.pos()
			s.depth--
			return n, nil
		}
		return nil, s.errorf(s.pos(), "syntax error: expected ',' or ']', found %s", s.quoteHere())
	}
}

func (s *scanner) literal(word string, k nodeKind) (*node, error) {
	p := s.pos()
	if len(s.src)-s.off < len(word) || s.src[s.off:s.off+len(word)] != word {
		return nil, s.errorf(p, "syntax error: unexpected %s", s.quoteHere())
	}
	for range len(word) {
		s.next()
	}
	s.size += len(word)
	return &node{kind: k, pos: p, end: s.pos(), str: word}, nil
}

func (s *scanner) number() (*node, error) {
	p := s.pos()
	start := s.off
	digits := func() int {
		n := 0
		for s.off < len(s.src) && '0' <= s.src[s.off] && s.src[s.off] <= '9' {
			s.next()
			n++
		}
		return n
	}
	if s.src[s.off] == '-' {
		s.next()
	}
	if s.off < len(s.src) && s.src[s.off] == '0' {
		s.next()
	} else if digits() == 0 {
		return nil, s.errorf(s.pos(), "syntax error: invalid number")
	}
	if s.off < len(s.src) && s.src[s.off] == '.' {
		s.next()
		if digits() == 0 {
			return nil, s.errorf(s.pos(), "syntax error: invalid number")
		}
	}
	if s.off < len(s.src) && (s.src[s.off] == 'e' || s.src[s.off] == 'E') {
		s.next()
		if s.off < len(s.src) && (s.src[s.off] == '+' || s.src[s.off] == '-') {
			s.next()
		}
		if digits() == 0 {
			return nil, s.errorf(s.pos(), "syntax error: invalid number")
		}
	}
	s.size += s.off - start
	return &node{kind: numberNode, pos: p, end: s.pos(), str: s.src[start:s.off]}, nil
}

// string reads a quoted string. The common case (no escapes) returns a
// substring of the source without copying.
func (s *scanner) string() (string, error) {
	open := s.pos()
	s.next() // opening quote
	start := s.off
	var buf []byte
	chunk := start
	for {
		if s.off >= len(s.src) {
			return "", s.errorf(open, "syntax error: unterminated string")
		}
		c := s.src[s.off]
		switch {
		case c == '"':
			var str string
			if buf == nil {
				str = s.src[start:s.off]
			} else {
				buf = append(buf, s.src[chunk:s.off]...)
				str = string(buf)
			}
			s.size += utf8.RuneCountInString(s.src[start:s.off]) + 2
			s.next()
			return str, nil
		case c < 0x20:
			return "", s.errorf(s.pos(), "syntax error: control character %q in string", rune(c))
		case c == '\\':
			buf = append(buf, s.src[chunk:s.off]...)
			esc := s.pos()
			s.next()
			if s.off >= len(s.src) {
				return "", s.errorf(open, "syntax error: unterminated string")
			}
			e := s.src[s.off]
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
					return "", s.errorf(esc, "syntax error: invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if len(s.src)-s.off >= 2 && s.src[s.off] == '\\' && s.src[s.off+1] == 'u' {
						s.next()
						s.next()
						r2, ok = s.hex4()
						if !ok {
							return "", s.errorf(esc, "syntax error: invalid \\u escape")
						}
					}
					r = utf16.DecodeRune(r, r2)
					if r == utf8.RuneError {
						return "", s.errorf(esc, "syntax error: invalid surrogate pair")
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", s.errorf(esc, "syntax error: invalid escape '\\%c'", e)
			}
			chunk = s.off
		default:
			s.next()
		}
	}
}

func (s *scanner) hex4() (rune, bool) {
	if len(s.src)-s.off < 4 {
		return 0, false
	}
	var r rune
	for range 4 {
		c := s.src[s.off]
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
		s.next()
	}
	return r, true
}
