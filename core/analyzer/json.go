package analyzer

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The analyzer reads the document with its own small JSON reader, because a
// finding needs the span and the JSON path of every element (the policy
// package keeps only the start of statements and condition keys). It keeps,
// for every value and member name, where it starts and ends, as AWS counts:
// lines from 1, columns and offsets from 0, in Unicode code points. Like
// the policy package's scanner it reads each byte a bounded number of times
// and refuses nesting deeper than maxDepth.

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

// pos is a position: Line from 1, Col and Off (code points) from 0, and the
// byte offset, which the policy package's errors carry.
type pos struct {
	Line, Col, Off, Byte int
}

func (p pos) position() Position { return Position{Line: p.Line, Column: p.Col, Offset: p.Off} }

type node struct {
	kind       nodeKind
	start, end pos // end is just after the value
	str        string
	members    []*member
	elems      []*node

	parent *node
	via    PathElement // how parent reaches this node
}

type member struct {
	key              string
	keyStart, keyEnd pos
	val              *node
	obj              *node
}

// path is the JSON path of n from the document's root.
func (n *node) path() []PathElement {
	depth := 0
	for m := n; m.parent != nil; m = m.parent {
		depth++
	}
	p := make([]PathElement, depth)
	for m := n; m.parent != nil; m = m.parent {
		depth--
		p[depth] = m.via
	}
	return p
}

func (n *node) loc() Location {
	return Location{Path: n.path(), Span: Span{Start: n.start.position(), End: n.end.position()}}
}

// keyLoc is the location of a member's name: the object's path and a key
// element.
func (m *member) keyLoc() Location {
	return Location{Path: append(m.obj.path(), PathElement{Kind: KeyElement, Text: m.key}),
		Span: Span{Start: m.keyStart.position(), End: m.keyEnd.position()}}
}

// get returns the value of the member named key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != objectNode {
		return nil
	}
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// strings returns the string values of n: n itself, or the strings of an
// array.
func (n *node) strings() []*node {
	switch {
	case n == nil:
		return nil
	case n.kind == stringNode:
		return []*node{n}
	case n.kind != arrayNode:
		return nil
	}
	out := make([]*node, 0, len(n.elems))
	for _, e := range n.elems {
		if e.kind == stringNode {
			out = append(out, e)
		}
	}
	return out
}

// jsonError is a JSON syntax error at a position.
type jsonError struct {
	at  pos
	msg string
}

func (e *jsonError) Error() string { return fmt.Sprintf("%d:%d: %s", e.at.Line, e.at.Col, e.msg) }

type reader struct {
	src   string
	p     pos
	depth int
	// starts indexes every value and member name by its byte offset, to
	// find the element a policy.SyntaxError points at.
	values map[int]*node
	keys   map[int]*member
}

func (r *reader) next() {
	c := r.src[r.p.Byte]
	r.p.Byte++
	if c == '\n' {
		r.p.Line++
		r.p.Col = 0
		r.p.Off++
	} else if c&0xC0 != 0x80 {
		r.p.Col++
		r.p.Off++
	}
}

func (r *reader) errorf(format string, args ...any) error {
	return &jsonError{at: r.p, msg: fmt.Sprintf(format, args...)}
}

func (r *reader) space() {
	for r.p.Byte < len(r.src) {
		switch r.src[r.p.Byte] {
		case ' ', '\t', '\n', '\r':
			r.next()
		default:
			return
		}
	}
}

func (r *reader) peek() byte {
	if r.p.Byte < len(r.src) {
		return r.src[r.p.Byte]
	}
	return 0
}

// readJSON reads a whole document.
func readJSON(src string) (*reader, *node, error) {
	r := &reader{src: src, p: pos{Line: 1}, values: map[int]*node{}, keys: map[int]*member{}}
	if !utf8.ValidString(src) {
		for i, c := range src {
			if c == utf8.RuneError {
				if _, w := utf8.DecodeRuneInString(src[i:]); w == 1 {
					for r.p.Byte < i {
						r.next()
					}
					return r, nil, r.errorf("invalid UTF-8")
				}
			}
		}
	}
	r.space()
	n, err := r.value(nil, PathElement{})
	if err != nil {
		return r, nil, err
	}
	r.space()
	if r.p.Byte < len(r.src) {
		return r, nil, r.errorf("unexpected %s after the document", r.quoteHere())
	}
	return r, n, nil
}

func (r *reader) quoteHere() string {
	if r.p.Byte >= len(r.src) {
		return "end of input"
	}
	c, _ := utf8.DecodeRuneInString(r.src[r.p.Byte:])
	return strconv.QuoteRune(c)
}

func (r *reader) value(parent *node, via PathElement) (*node, error) {
	n := &node{start: r.p, parent: parent, via: via}
	var err error
	switch c := r.peek(); {
	case c == '{':
		err = r.object(n)
	case c == '[':
		err = r.array(n)
	case c == '"':
		n.kind = stringNode
		n.str, err = r.string()
	case c == 't':
		n.kind, err = boolNode, r.literal("true")
	case c == 'f':
		n.kind, err = boolNode, r.literal("false")
	case c == 'n':
		n.kind, err = nullNode, r.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		n.kind, err = numberNode, r.number()
	default:
		err = r.errorf("unexpected %s", r.quoteHere())
	}
	if err != nil {
		return nil, err
	}
	n.end = r.p
	r.values[n.start.Byte] = n
	return n, nil
}

func (r *reader) enter() error {
	r.depth++
	if r.depth > maxDepth {
		return r.errorf("nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (r *reader) object(n *node) error {
	n.kind = objectNode
	if err := r.enter(); err != nil {
		return err
	}
	r.next()
	r.space()
	if r.peek() == '}' {
		r.next()
		r.depth--
		return nil
	}
	for {
		r.space()
		if r.peek() != '"' {
			return r.errorf("expected a quoted member name, found %s", r.quoteHere())
		}
		m := &member{keyStart: r.p, obj: n}
		var err error
		if m.key, err = r.string(); err != nil {
			return err
		}
		m.keyEnd = r.p
		r.keys[m.keyStart.Byte] = m
		r.space()
		if r.peek() != ':' {
			return r.errorf("expected ':' after a member name, found %s", r.quoteHere())
		}
		r.next()
		r.space()
		if m.val, err = r.value(n, PathElement{Kind: ValueElement, Text: m.key}); err != nil {
			return err
		}
		n.members = append(n.members, m)
		r.space()
		switch r.peek() {
		case ',':
			r.next()
			continue
		case '}':
			r.next()
			r.depth--
			return nil
		}
		return r.errorf("expected ',' or '}', found %s", r.quoteHere())
	}
}

func (r *reader) array(n *node) error {
	n.kind = arrayNode
	if err := r.enter(); err != nil {
		return err
	}
	r.next()
	r.space()
	if r.peek() == ']' {
		r.next()
		r.depth--
		return nil
	}
	for {
		r.space()
		e, err := r.value(n, PathElement{Kind: IndexElement, Index: len(n.elems)})
		if err != nil {
			return err
		}
		n.elems = append(n.elems, e)
		r.space()
		switch r.peek() {
		case ',':
			r.next()
			continue
		case ']':
			r.next()
			r.depth--
			return nil
		}
		return r.errorf("expected ',' or ']', found %s", r.quoteHere())
	}
}

func (r *reader) literal(word string) error {
	if len(r.src)-r.p.Byte < len(word) || r.src[r.p.Byte:r.p.Byte+len(word)] != word {
		return r.errorf("unexpected %s", r.quoteHere())
	}
	for range len(word) {
		r.next()
	}
	return nil
}

func (r *reader) number() error {
	digits := func() int {
		n := 0
		for '0' <= r.peek() && r.peek() <= '9' {
			r.next()
			n++
		}
		return n
	}
	if r.peek() == '-' {
		r.next()
	}
	if r.peek() == '0' {
		r.next()
	} else if digits() == 0 {
		return r.errorf("invalid number")
	}
	if r.peek() == '.' {
		r.next()
		if digits() == 0 {
			return r.errorf("invalid number")
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.next()
		if c := r.peek(); c == '+' || c == '-' {
			r.next()
		}
		if digits() == 0 {
			return r.errorf("invalid number")
		}
	}
	return nil
}

func (r *reader) string() (string, error) {
	r.next() // opening quote
	start := r.p.Byte
	var buf []byte
	chunk := start
	for {
		if r.p.Byte >= len(r.src) {
			return "", r.errorf("unterminated string")
		}
		c := r.src[r.p.Byte]
		switch {
		case c == '"':
			s := r.src[start:r.p.Byte]
			if buf != nil {
				s = string(append(buf, r.src[chunk:r.p.Byte]...))
			}
			r.next()
			return s, nil
		case c < 0x20:
			return "", r.errorf("control character %q in a string", rune(c))
		case c == '\\':
			buf = append(buf, r.src[chunk:r.p.Byte]...)
			r.next()
			if r.p.Byte >= len(r.src) {
				return "", r.errorf("unterminated string")
			}
			// An error in the escape points at the character after the
			// backslash, all of it: it may take several bytes (and the
			// span counts code points).
			at := r.p
			e := r.src[r.p.Byte]
			if e >= utf8.RuneSelf {
				ch, _ := utf8.DecodeRuneInString(r.src[r.p.Byte:])
				return "", &jsonError{at: at, msg: fmt.Sprintf("invalid escape '\\%c'", ch)}
			}
			r.next()
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
				c, ok := r.hex4()
				if !ok {
					return "", r.errorf("invalid \\u escape")
				}
				if utf16.IsSurrogate(c) && r.peek() == '\\' && r.p.Byte+1 < len(r.src) && r.src[r.p.Byte+1] == 'u' {
					r.next()
					r.next()
					c2, ok := r.hex4()
					if !ok {
						return "", r.errorf("invalid \\u escape")
					}
					c = utf16.DecodeRune(c, c2)
				}
				buf = utf8.AppendRune(buf, c)
			default:
				return "", &jsonError{at: at, msg: fmt.Sprintf("invalid escape '\\%c'", e)}
			}
			chunk = r.p.Byte
		default:
			r.next()
		}
	}
}

func (r *reader) hex4() (rune, bool) {
	if len(r.src)-r.p.Byte < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(r.src[r.p.Byte:r.p.Byte+4], 16, 32)
	if err != nil {
		return 0, false
	}
	for range 4 {
		r.next()
	}
	return rune(v), true
}
