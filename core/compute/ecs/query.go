package ecs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudplay/core/sim"
)

// The cluster query language
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html):
//
//	expression := or
//	or         := and { ("or" | "||") and }
//	and        := unary { ("and" | "&&") unary }
//	unary      := ("not" | "!") unary | "(" expression ")" | subject operator [argument]
//	operator   := "==" | "equals" | "!=" | "not_equals" | ">" | "greater_than"
//	            | ">=" | "greater_than_equal" | "<" | "less_than" | "<=" | "less_than_equal"
//	            | "exists" | "!exists" | "not_exists" | "in" | "!in" | "not_in"
//	            | "=~" | "matches" | "!~" | "not_matches"
//	argument   := value | "[" value { "," value } "]"   (a list only for in and not_in)
//	value      := a word without white space, ",", "[", "]", "(" or ")" | 'quoted' | "quoted"
//
// Subjects: agentConnected, agentVersion, attribute:NAME, ec2InstanceId,
// registeredAt, runningTasksCount, task:group. matches and not_matches take
// a regular expression; AWS uses Java's syntax, the playground Go's RE2
// (the common subset behaves the same), matched against the whole value as
// Java's String.matches does.

// MaxQueryLength is the longest expression: "The expression can have a
// maximum length of 2000 characters"
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html).
const MaxQueryLength = 2000

// QueryError is a syntax error in a cluster query expression, at a
// position counted in code points from 0.
type QueryError struct {
	Offset int
	Msg    string
}

func (e *QueryError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Query is a parsed cluster query expression.
type Query struct {
	src  string
	root qnode
}

// String returns the expression as written.
func (q *Query) String() string { return q.src }

// Subject is what a query reads of one container instance.
type Subject interface {
	// Attribute returns the value of attribute name and whether the
	// instance has it.
	Attribute(name string) (string, bool)
	// Field returns a field subject: agentConnected, agentVersion,
	// ec2InstanceId, registeredAt (RFC 3339), runningTasksCount.
	Field(name string) string
	// HasGroup reports whether a task of group runs on the instance.
	HasGroup(group string) bool
	// Groups lists the task groups on the instance.
	Groups() []string
}

// Match reports whether the instance s satisfies q.
func (q *Query) Match(s Subject) bool { return q.root.eval(s) }

type qnode interface{ eval(Subject) bool }

type qnot struct{ x qnode }
type qand struct{ l, r qnode }
type qor struct{ l, r qnode }

func (n qnot) eval(s Subject) bool { return !n.x.eval(s) }
func (n qand) eval(s Subject) bool { return n.l.eval(s) && n.r.eval(s) }
func (n qor) eval(s Subject) bool  { return n.l.eval(s) || n.r.eval(s) }

// qcmp is subject operator argument.
type qcmp struct {
	subject string // "attribute:x", "task:group", or a field name
	op      string // canonical: == != > >= < <= exists !exists in !in =~ !~
	args    []string
	re      *regexp.Regexp
}

var fieldSubjects = map[string]bool{"agentConnected": true, "agentVersion": true, "ec2InstanceId": true,
	"registeredAt": true, "runningTasksCount": true, "task:group": true}

var opWords = map[string]string{
	"==": "==", "equals": "==", "!=": "!=", "not_equals": "!=",
	">": ">", "greater_than": ">", ">=": ">=", "greater_than_equal": ">=",
	"<": "<", "less_than": "<", "<=": "<=", "less_than_equal": "<=",
	"exists": "exists", "!exists": "!exists", "not_exists": "!exists",
	"in": "in", "!in": "!in", "not_in": "!in",
	"=~": "=~", "matches": "=~", "!~": "!~", "not_matches": "!~",
}

// ParseQuery parses a cluster query expression.
func ParseQuery(src string) (*Query, error) {
	if utf8.RuneCountInString(src) > MaxQueryLength {
		return nil, &QueryError{Offset: MaxQueryLength, Msg: fmt.Sprintf("the expression is longer than %d characters", MaxQueryLength)}
	}
	if !utf8.ValidString(src) {
		return nil, &QueryError{Msg: "the expression is not valid UTF-8"}
	}
	p := &qparser{src: src}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, p.errf("unexpected %q after a complete expression", clip(p.src[p.i:]))
	}
	return &Query{src: src, root: n}, nil
}

type qparser struct {
	src string
	i   int // byte offset
}

// maxQueryDepth bounds nesting (parentheses and not), so that no
// expression can exhaust the stack: the playground's own bound, far beyond
// any real expression (2,000 characters hold at most 1,000 "(").
const maxQueryDepth = 100

func (p *qparser) errf(format string, args ...any) error {
	return &QueryError{Offset: utf8.RuneCountInString(p.src[:p.i]), Msg: fmt.Sprintf(format, args...)}
}

func (p *qparser) space() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t' || p.src[p.i] == '\n' || p.src[p.i] == '\r') {
		p.i++
	}
}

// keyword reports whether the word w (a letter word, so it must be followed
// by a non-word character) or symbol follows, and consumes it.
func (p *qparser) keyword(w string) bool {
	p.space()
	if !strings.HasPrefix(p.src[p.i:], w) {
		return false
	}
	end := p.i + len(w)
	if isLetter(w[0]) && end < len(p.src) && isWordByte(p.src[end]) {
		return false
	}
	p.i = end
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isWordByte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-' || c == '/' || c == '\\' || c >= 0x80
}

func (p *qparser) or(depth int) (qnode, error) {
	l, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("or") || p.keyword("||") {
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		l = qor{l, r}
	}
	return l, nil
}

func (p *qparser) and(depth int) (qnode, error) {
	l, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("and") || p.keyword("&&") {
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		l = qand{l, r}
	}
	return l, nil
}

func (p *qparser) unary(depth int) (qnode, error) {
	if depth >= maxQueryDepth {
		return nil, p.errf("the expression nests deeper than %d levels", maxQueryDepth)
	}
	p.space()
	if p.keyword("not") || (strings.HasPrefix(p.src[p.i:], "!") && p.keyword("!")) {
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return qnot{x}, nil
	}
	if p.keyword("(") {
		x, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if !p.keyword(")") {
			return nil, p.errf(`expected ")"`)
		}
		return x, nil
	}
	return p.cmp()
}

func (p *qparser) cmp() (qnode, error) {
	p.space()
	start := p.i
	for p.i < len(p.src) && isWordByte(p.src[p.i]) {
		p.i++
	}
	subject := p.src[start:p.i]
	if subject == "" {
		if p.i == len(p.src) {
			return nil, p.errf("expected a subject (attribute:NAME, ec2InstanceId, ...) at the end of the expression")
		}
		return nil, p.errf("expected a subject (attribute:NAME, ec2InstanceId, ...), found %q", clip(p.src[p.i:]))
	}
	if name, ok := strings.CutPrefix(subject, "attribute:"); ok {
		if name == "" {
			p.i = start
			return nil, p.errf("attribute: must be followed by an attribute name")
		}
	} else if !fieldSubjects[subject] {
		p.i = start
		return nil, p.errf("unknown subject %q: want attribute:NAME, agentConnected, agentVersion, ec2InstanceId, registeredAt, runningTasksCount or task:group", clip(subject))
	}
	op, err := p.operator(subject)
	if err != nil {
		return nil, err
	}
	c := qcmp{subject: subject, op: op}
	p.space()
	argAt := p.i
	switch op {
	case "exists", "!exists":
		return c, nil
	case "in", "!in":
		c.args, err = p.list()
	default:
		var v string
		v, err = p.value()
		c.args = []string{v}
	}
	if err != nil {
		return nil, err
	}
	if op == "=~" || op == "!~" {
		re, rerr := regexp.Compile(`^(?:` + c.args[0] + `)$`)
		if rerr != nil {
			p.i = argAt
			return nil, p.errf("invalid regular expression %q", clip(c.args[0]))
		}
		c.re = re
	}
	return c, nil
}

func (p *qparser) operator(subject string) (string, error) {
	p.space()
	// Symbols, longest first, then words.
	for _, sym := range []string{"!exists", "!in", "==", "!=", ">=", "<=", "=~", "!~", ">", "<"} {
		if strings.HasPrefix(p.src[p.i:], sym) {
			if (sym == "!in" || sym == "!exists") && p.i+len(sym) < len(p.src) && isWordByte(p.src[p.i+len(sym)]) {
				continue
			}
			p.i += len(sym)
			return opWords[sym], nil
		}
	}
	start := p.i
	for p.i < len(p.src) && isWordByte(p.src[p.i]) {
		p.i++
	}
	w := p.src[start:p.i]
	if op, ok := opWords[w]; ok && isLetter(w[0]) {
		return op, nil
	}
	p.i = start
	if w == "" && p.i == len(p.src) {
		return "", p.errf("expected an operator after %q at the end of the expression", clip(subject))
	}
	return "", p.errf("expected an operator (==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~) after %q", clip(subject))
}

func (p *qparser) list() ([]string, error) {
	if !p.keyword("[") && !p.keyword("(") {
		v, err := p.value()
		return []string{v}, err
	}
	closer := p.src[p.i-1]
	if closer == '[' {
		closer = ']'
	} else {
		closer = ')'
	}
	var out []string
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if p.keyword(",") {
			continue
		}
		if p.keyword(string(closer)) {
			return out, nil
		}
		return nil, p.errf("expected \",\" or %q in the argument list", string(closer))
	}
}

func (p *qparser) value() (string, error) {
	p.space()
	if p.i == len(p.src) {
		return "", p.errf("expected an argument at the end of the expression")
	}
	if q := p.src[p.i]; q == '\'' || q == '"' {
		end := strings.IndexByte(p.src[p.i+1:], q)
		if end < 0 {
			return "", p.errf("unterminated quoted argument")
		}
		v := p.src[p.i+1 : p.i+1+end]
		p.i += end + 2
		return v, nil
	}
	start := p.i
	for p.i < len(p.src) && !strings.ContainsRune(" \t\r\n,[]()", rune(p.src[p.i])) {
		p.i++
	}
	if p.i == start {
		return "", p.errf("expected an argument, found %q", clip(p.src[p.i:]))
	}
	return p.src[start:p.i], nil
}

func (c qcmp) eval(s Subject) bool {
	if c.subject == "task:group" {
		return c.evalGroup(s)
	}
	var v string
	var ok bool
	if name, isAttr := strings.CutPrefix(c.subject, "attribute:"); isAttr {
		v, ok = s.Attribute(name)
	} else {
		v, ok = s.Field(c.subject), true
	}
	switch c.op {
	case "exists":
		return ok
	case "!exists":
		return !ok
	case "in", "!in":
		in := false
		for _, a := range c.args {
			if ok && v == a {
				in = true
				break
			}
		}
		return in == (c.op == "in")
	case "=~":
		return ok && c.re.MatchString(v)
	case "!~":
		return !ok || !c.re.MatchString(v)
	case "==":
		return ok && compare(c.subject, v, c.args[0]) == 0
	case "!=":
		return !ok || compare(c.subject, v, c.args[0]) != 0
	}
	if !ok {
		return false
	}
	d := compare(c.subject, v, c.args[0])
	switch c.op {
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	}
	return false
}

// evalGroup: task:group holds for an instance when one of its tasks'
// groups satisfies the comparison.
func (c qcmp) evalGroup(s Subject) bool {
	switch c.op {
	case "exists":
		return len(s.Groups()) > 0
	case "!exists":
		return len(s.Groups()) == 0
	case "==":
		return s.HasGroup(c.args[0])
	case "!=":
		return !s.HasGroup(c.args[0])
	case "in", "!in":
		for _, a := range c.args {
			if s.HasGroup(a) {
				return c.op == "in"
			}
		}
		return c.op == "!in"
	}
	any := false
	for _, g := range s.Groups() {
		if c.re != nil && c.re.MatchString(g) {
			any = true
		}
	}
	switch c.op {
	case "=~":
		return any
	case "!~":
		return !any
	}
	return false
}

// compare orders v and arg: numbers as numbers (runningTasksCount, and
// attributes whose values are both numbers), registeredAt as times,
// agentVersion as dotted versions, anything else as strings.
func compare(subject, v, arg string) int {
	switch subject {
	case "registeredAt":
		a, b := parseQueryTime(v), parseQueryTime(arg)
		return cmpInt(int64(a), int64(b))
	case "agentVersion":
		return cmpVersion(v, arg)
	}
	if a, err1 := strconv.ParseFloat(v, 64); err1 == nil {
		if b, err2 := strconv.ParseFloat(arg, 64); err2 == nil {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(v, arg)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseQueryTime reads the date formats the page lists:
// 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28,
// 2018-06-18. Anything else reads as the earliest time.
func parseQueryTime(s string) sim.Time {
	if t, err := sim.ParseTime(s); err == nil {
		return t
	}
	if t, err := sim.ParseTime(s + "Z"); err == nil {
		return t
	}
	if t, err := sim.ParseTime(s + "T00:00:00Z"); err == nil {
		return t
	}
	return sim.MinTime
}

func cmpVersion(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int64
		if i < len(as) {
			x, _ = strconv.ParseInt(as[i], 10, 64)
		}
		if i < len(bs) {
			y, _ = strconv.ParseInt(bs[i], 10, 64)
		}
		if d := cmpInt(x, y); d != 0 {
			return d
		}
	}
	return 0
}
