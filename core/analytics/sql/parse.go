package sql

import (
	"strconv"
	"strings"
)

// The abstract syntax of a program.

type ident struct {
	name   string // upper-cased if it was unquoted
	quoted bool
	pos    pos
}

// show writes a name the way the code would have to spell it.
func (id ident) show() string { return showName(id.name) }

func showName(s string) string { return strconv.Quote(clip(s)) }

type colDef struct {
	name ident
	typ  sqlType
}

type streamStmt struct {
	name ident
	cols []colDef
}

type pumpStmt struct {
	name   ident
	target ident
	cols   []ident // INSERT INTO "S" (a, b): nil when all columns
	sel    *selectStmt
}

type selectStmt struct {
	pos     pos
	items   []selItem
	from    ident
	alias   string // FROM "S" AS x: x
	where   *node
	groupBy []*node
	having  *node
}

type selItem struct {
	pos   pos
	star  bool
	qual  *ident // "S".*
	e     *node
	alias *ident
}

type nodeKind uint8

const (
	nLit     nodeKind = iota // val, typ
	nCol                     // qual.name
	nRowtime                 // qual.ROWTIME
	nUnary                   // op args[0]: - + NOT
	nBinary                  // args[0] op args[1]: + - * / % || = <> < <= > >= AND OR
	nIsNull                  // args[0] IS [NOT] NULL
	nLike                    // args[0] [NOT] LIKE args[1]
	nBetween                 // args[0] [NOT] BETWEEN args[1] AND args[2]
	nIn                      // args[0] [NOT] IN (args[1:])
	nCall                    // name(args), star for COUNT(*)
	nCast                    // CAST(args[0] AS typ)
	nStep                    // STEP(args[0] BY interval ms | BY integer)
	nFloorTo                 // FLOOR/CEIL(args[0] TO unit): name, interval ms
)

type node struct {
	kind     nodeKind
	pos      pos
	op       string // operator, function name, FLOOR/CEIL
	qual     *ident // qualifier of a column or ROWTIME
	name     ident  // column
	args     []*node
	not      bool
	star     bool
	val      Value
	typ      sqlType // literal type, CAST target
	interval int64   // STEP/FLOOR: milliseconds (time) or the integer step
	byTime   bool    // STEP BY INTERVAL (else STEP BY integer)
	height   int
}

// The parser: recursive descent over the tokens.

type parser struct {
	lx    *lexer
	i     int
	depth int // nesting of expr and unary calls: bounded by MaxDepth
}

// enter counts one more level of recursion, refusing the 65th.
func (p *parser) enter() *Error {
	p.depth++
	if p.depth > MaxDepth {
		return errAt(p.peek().pos, "expression nested deeper than %d levels (the playground's bound)", MaxDepth)
	}
	return nil
}

// tok returns token k, reading on as far as needed; past the end it is
// the final tEOF or tErr.
func (p *parser) tok(k int) token {
	for len(p.lx.toks) <= k && !p.lx.done {
		p.lx.step()
	}
	if k < len(p.lx.toks) {
		return p.lx.toks[k]
	}
	return p.lx.toks[len(p.lx.toks)-1]
}

func (p *parser) peek() token { return p.tok(p.i) }

func (p *parser) peekAt(k int) token { return p.tok(p.i + k) }

// lexFirst prefers the lexical error when the parser stopped at or after
// it (the parser cannot read past a tErr token).
func (p *parser) lexFirst(err *Error) *Error {
	if l := p.lx.err; l != nil && (l.Line < err.Line || l.Line == err.Line && l.Column <= err.Column) {
		return l
	}
	return err
}

func (p *parser) expected(what string) *Error {
	t := p.peek()
	if msg := unsupported(t); msg != "" {
		return errAt(t.pos, "%s", msg)
	}
	return errAt(t.pos, "expected %s, found %s", what, t.describe())
}

func (p *parser) want(o string) *Error {
	if !p.peek().op(o) {
		return p.expected(strconv.Quote(o))
	}
	p.i++
	return nil
}

func (p *parser) wantKw(kw string) *Error {
	if !p.peek().is(kw) {
		return p.expected(kw)
	}
	p.i++
	return nil
}

func (p *parser) acceptKw(kw string) bool {
	if p.peek().is(kw) {
		p.i++
		return true
	}
	return false
}

// notModelled lists words of the real dialect the playground refuses, with
// how to say so.
var notModelled = map[string]string{
	"ORDER": "ORDER BY", "JOIN": "JOIN", "LEFT": "JOIN", "RIGHT": "JOIN", "INNER": "JOIN", "OUTER": "JOIN",
	"FULL": "JOIN", "CROSS": "JOIN", "WINDOW": "a WINDOW clause (sliding windows)", "OVER": "OVER (sliding windows)",
	"WINDOWED": "WINDOWED BY STAGGER (stagger windows)", "UNION": "UNION", "EXCEPT": "EXCEPT", "INTERSECT": "INTERSECT", "LIMIT": "LIMIT",
	"FETCH": "FETCH", "OFFSET": "OFFSET", "DISTINCT": "DISTINCT", "CASE": "CASE", "EXISTS": "EXISTS",
	"TABLE": "TABLE(...) (a table function)", "VIEW": "CREATE VIEW", "FUNCTION": "CREATE FUNCTION", "DROP": "DROP", "ALTER": "ALTER",
	"DELETE": "DELETE", "UPDATE": "UPDATE", "MERGE": "MERGE", "VALUES": "VALUES", "WITH": "WITH",
	"PARTITION": "PARTITION BY", "ROWS": "a ROWS window", "RANGE": "a RANGE window", "ESCAPE": "LIKE ... ESCAPE",
	"SIMILAR": "SIMILAR TO", "ANY": "ANY", "ALL": "ALL", "SOME": "SOME", "GROUPING": "a GROUPING SETS clause",
	"ROLLUP": "ROLLUP", "CUBE": "CUBE", "INTERVAL": "an INTERVAL value outside STEP(... BY INTERVAL ...)",
	"CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP", "CURRENT_ROW_TIMESTAMP": "CURRENT_ROW_TIMESTAMP",
	"LOCALTIMESTAMP": "LOCALTIMESTAMP", "CURRENT_DATE": "CURRENT_DATE", "CURRENT_TIME": "CURRENT_TIME",
	"TABLESAMPLE": "TABLESAMPLE", "LATERAL": "LATERAL", "UNNEST": "UNNEST", "CURSOR": "CURSOR",
}

// unsupported says, for a token of the real dialect the playground does
// not model, that it is not modelled; "" otherwise.
func unsupported(t token) string {
	if t.kind != tIdent {
		return ""
	}
	what, ok := notModelled[t.text]
	if !ok {
		return ""
	}
	return what + " is not supported by this teaching model of Kinesis Data Analytics SQL"
}

// parse reads statements separated by semicolons.
func parse(src string) ([]any, *Error) {
	p := &parser{lx: newLexer(src)}
	stmts, err := p.program()
	if err != nil {
		return nil, p.lexFirst(err)
	}
	return stmts, nil
}

func (p *parser) program() ([]any, *Error) {
	var stmts []any
	for {
		for p.peek().op(";") {
			p.i++
		}
		if p.peek().kind == tEOF {
			return stmts, nil
		}
		s, err := p.statement()
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s)
		if !p.peek().op(";") && p.peek().kind != tEOF {
			return nil, p.expected("\";\" to end the statement")
		}
	}
}

func (p *parser) statement() (any, *Error) {
	t := p.peek()
	switch {
	case t.is("CREATE"):
		p.i++
		if p.acceptKw("OR") {
			if err := p.wantKw("REPLACE"); err != nil {
				return nil, err
			}
		}
		k := p.peek()
		switch {
		case k.is("STREAM"):
			p.i++
			return p.createStream()
		case k.is("PUMP"):
			p.i++
			return p.createPump()
		}
		if msg := unsupported(k); msg != "" {
			return nil, errAt(k.pos, "CREATE %s", strings.TrimPrefix(msg, "CREATE "))
		}
		return nil, p.expected("STREAM or PUMP after CREATE OR REPLACE")
	case t.is("SELECT"):
		return nil, errAt(t.pos, "a SELECT runs only inside a pump: CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"S\" SELECT STREAM ...")
	case t.is("INSERT"):
		return nil, errAt(t.pos, "INSERT outside a pump is not supported by this teaching model of Kinesis Data Analytics SQL: write CREATE OR REPLACE PUMP \"P\" AS INSERT INTO ...")
	}
	return nil, p.expected("CREATE OR REPLACE STREAM or CREATE OR REPLACE PUMP")
}

func (p *parser) name(what string) (ident, *Error) {
	t := p.peek()
	switch t.kind {
	case tQIdent:
		p.i++
		return ident{name: t.text, quoted: true, pos: t.pos}, nil
	case tIdent:
		if reserved[t.text] {
			if msg := unsupported(t); msg != "" {
				return ident{}, errAt(t.pos, "%s", msg)
			}
			return ident{}, errAt(t.pos, "%s is a reserved word: to use it as a name, quote it (\"%s\")", t.text, t.text)
		}
		p.i++
		return ident{name: t.text, pos: t.pos}, nil
	}
	return ident{}, p.expected(what)
}

// reserved are the words that cannot be unquoted names here
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-reserved-words-keywords.html
// lists more; these are the ones this grammar gives a meaning).
var reserved = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "BY": true, "AS": true, "AND": true,
	"OR": true, "NOT": true, "NULL": true, "IS": true, "IN": true, "LIKE": true, "BETWEEN": true,
	"CREATE": true, "INSERT": true, "INTO": true, "STREAM": true, "PUMP": true, "TRUE": true,
	"FALSE": true, "CAST": true, "ROWTIME": true, "ORDER": true, "HAVING": true, "JOIN": true,
	"UNION": true, "CASE": true, "DISTINCT": true, "WINDOW": true, "OVER": true, "LIMIT": true,
	"ON": true, "INTERVAL": true, "TO": true, "REPLACE": true, "VALUES": true, "WITH": true,
	"EXISTS": true, "ALL": true, "ANY": true, "SOME": true, "TABLE": true,
}

func (p *parser) createStream() (any, *Error) {
	name, err := p.name("the stream's name")
	if err != nil {
		return nil, err
	}
	if err := p.want("("); err != nil {
		return nil, err
	}
	st := &streamStmt{name: name}
	for {
		c, err := p.name("a column name")
		if err != nil {
			return nil, err
		}
		ty, err := p.parseType()
		if err != nil {
			return nil, err
		}
		st.cols = append(st.cols, colDef{name: c, typ: ty})
		if p.peek().op(",") {
			p.i++
			continue
		}
		if err := p.want(")"); err != nil {
			return nil, err
		}
		return st, nil
	}
}

func (p *parser) createPump() (any, *Error) {
	name, err := p.name("the pump's name")
	if err != nil {
		return nil, err
	}
	if err := p.wantKw("AS"); err != nil {
		return nil, err
	}
	if err := p.wantKw("INSERT"); err != nil {
		return nil, err
	}
	if err := p.wantKw("INTO"); err != nil {
		return nil, err
	}
	target, err := p.name("the stream to insert into")
	if err != nil {
		return nil, err
	}
	ps := &pumpStmt{name: name, target: target}
	if p.peek().op("(") {
		p.i++
		for {
			c, err := p.name("a column name")
			if err != nil {
				return nil, err
			}
			ps.cols = append(ps.cols, c)
			if p.peek().op(",") {
				p.i++
				continue
			}
			if err := p.want(")"); err != nil {
				return nil, err
			}
			break
		}
	}
	sel, err := p.selectStmt()
	if err != nil {
		return nil, err
	}
	ps.sel = sel
	return ps, nil
}

func (p *parser) selectStmt() (*selectStmt, *Error) {
	t := p.peek()
	if err := p.wantKw("SELECT"); err != nil {
		return nil, err
	}
	if !p.acceptKw("STREAM") {
		if msg := unsupported(p.peek()); msg != "" {
			return nil, errAt(p.peek().pos, "%s", msg)
		}
		return nil, errAt(p.peek().pos, "expected STREAM after SELECT: a pump reads an in-application stream with SELECT STREAM")
	}
	s := &selectStmt{pos: t.pos}
	for {
		it, err := p.selItem()
		if err != nil {
			return nil, err
		}
		s.items = append(s.items, it)
		if p.peek().op(",") {
			p.i++
			continue
		}
		break
	}
	if err := p.wantKw("FROM"); err != nil {
		return nil, err
	}
	if p.peek().op("(") {
		return nil, errAt(p.peek().pos, "subqueries are not supported by this teaching model of Kinesis Data Analytics SQL")
	}
	from, err := p.name("the stream to read")
	if err != nil {
		return nil, err
	}
	s.from = from
	if p.acceptKw("AS") {
		a, err := p.name("an alias")
		if err != nil {
			return nil, err
		}
		s.alias = a.name
	} else if k := p.peek(); k.kind == tQIdent || k.kind == tIdent && !reserved[k.text] && unsupported(k) == "" {
		p.i++
		s.alias = k.text
	}
	if p.peek().op(",") {
		return nil, errAt(p.peek().pos, "reading several streams (a join) is not supported by this teaching model of Kinesis Data Analytics SQL")
	}
	if p.acceptKw("WHERE") {
		if s.where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.peek().is("GROUP") {
		p.i++
		if err := p.wantKw("BY"); err != nil {
			return nil, err
		}
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			s.groupBy = append(s.groupBy, e)
			if p.peek().op(",") {
				p.i++
				continue
			}
			break
		}
	}
	if t := p.peek(); t.is("HAVING") {
		p.i++
		if s.groupBy == nil {
			return nil, errAt(t.pos, "HAVING needs GROUP BY with a tumbling window on ROWTIME")
		}
		if s.having, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if msg := unsupported(p.peek()); msg != "" {
		return nil, errAt(p.peek().pos, "%s", msg)
	}
	return s, nil
}

func (p *parser) selItem() (selItem, *Error) {
	t := p.peek()
	if t.op("*") {
		p.i++
		return selItem{pos: t.pos, star: true}, nil
	}
	if (t.kind == tQIdent || t.kind == tIdent && !reserved[t.text]) && p.peekAt(1).op(".") && p.peekAt(2).op("*") {
		q, err := p.name("a stream")
		if err != nil {
			return selItem{}, err
		}
		p.i += 2
		return selItem{pos: t.pos, star: true, qual: &q}, nil
	}
	e, err := p.expr()
	if err != nil {
		return selItem{}, err
	}
	it := selItem{pos: t.pos, e: e}
	if p.acceptKw("AS") {
		a, err := p.name("a column alias")
		if err != nil {
			return it, err
		}
		it.alias = &a
	} else if k := p.peek(); k.kind == tQIdent || k.kind == tIdent && !reserved[k.text] && unsupported(k) == "" {
		p.i++
		it.alias = &ident{name: k.text, quoted: k.kind == tQIdent, pos: k.pos}
	}
	return it, nil
}

// Expressions, loosest binding first.

func (p *parser) mk(n *node) (*node, *Error) {
	h := 0
	for _, a := range n.args {
		h = max(h, a.height)
	}
	n.height = h + 1
	if n.height > MaxDepth {
		return nil, errAt(n.pos, "expression nested deeper than %d levels (the playground's bound)", MaxDepth)
	}
	return n, nil
}

func (p *parser) expr() (*node, *Error) {
	defer func() { p.depth-- }()
	if err := p.enter(); err != nil {
		return nil, err
	}
	return p.or()
}

func (p *parser) binaryLoop(next func() (*node, *Error), ops ...string) (*node, *Error) {
	l, err := next()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := ""
		for _, o := range ops {
			if t.op(o) || t.is(o) {
				op = o
			}
		}
		if op == "" {
			return l, nil
		}
		p.i++
		r, err := next()
		if err != nil {
			return nil, err
		}
		if op == "!=" {
			op = "<>"
		}
		if l, err = p.mk(&node{kind: nBinary, pos: t.pos, op: op, args: []*node{l, r}}); err != nil {
			return nil, err
		}
	}
}

func (p *parser) or() (*node, *Error)  { return p.binaryLoop(p.and, "OR") }
func (p *parser) and() (*node, *Error) { return p.binaryLoop(p.not, "AND") }

func (p *parser) not() (*node, *Error) {
	t := p.peek()
	if !t.is("NOT") {
		return p.predicate()
	}
	defer func() { p.depth-- }()
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++
	a, err := p.not()
	if err != nil {
		return nil, err
	}
	return p.mk(&node{kind: nUnary, pos: t.pos, op: "NOT", args: []*node{a}})
}

func (p *parser) predicate() (*node, *Error) {
	l, err := p.concat()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	for _, o := range []string{"=", "<>", "!=", "<", "<=", ">", ">="} {
		if t.op(o) {
			p.i++
			r, err := p.concat()
			if err != nil {
				return nil, err
			}
			if o == "!=" {
				o = "<>"
			}
			return p.mk(&node{kind: nBinary, pos: t.pos, op: o, args: []*node{l, r}})
		}
	}
	if t.is("IS") {
		p.i++
		n := &node{kind: nIsNull, pos: t.pos, args: []*node{l}}
		n.not = p.acceptKw("NOT")
		if !p.peek().is("NULL") {
			k := p.peek()
			if k.is("TRUE") || k.is("FALSE") || k.is("UNKNOWN") || k.is("DISTINCT") {
				return nil, errAt(k.pos, "IS %s is not supported by this teaching model of Kinesis Data Analytics SQL", k.text)
			}
			return nil, p.expected("NULL after IS")
		}
		p.i++
		return p.mk(n)
	}
	not := false
	if t.is("NOT") {
		k := p.peekAt(1)
		if k.is("LIKE") || k.is("BETWEEN") || k.is("IN") {
			p.i++
			not = true
			t = k
		}
	}
	switch {
	case t.is("LIKE"):
		p.i++
		r, err := p.concat()
		if err != nil {
			return nil, err
		}
		if msg := unsupported(p.peek()); p.peek().is("ESCAPE") {
			return nil, errAt(p.peek().pos, "%s", msg)
		}
		return p.mk(&node{kind: nLike, pos: t.pos, not: not, args: []*node{l, r}})
	case t.is("BETWEEN"):
		p.i++
		if p.peek().is("SYMMETRIC") || p.peek().is("ASYMMETRIC") {
			return nil, errAt(p.peek().pos, "BETWEEN %s is not supported by this teaching model of Kinesis Data Analytics SQL", p.peek().text)
		}
		lo, err := p.concat()
		if err != nil {
			return nil, err
		}
		if err := p.wantKw("AND"); err != nil {
			return nil, err
		}
		hi, err := p.concat()
		if err != nil {
			return nil, err
		}
		return p.mk(&node{kind: nBetween, pos: t.pos, not: not, args: []*node{l, lo, hi}})
	case t.is("IN"):
		p.i++
		if err := p.want("("); err != nil {
			return nil, err
		}
		if p.peek().is("SELECT") {
			return nil, errAt(p.peek().pos, "subqueries are not supported by this teaching model of Kinesis Data Analytics SQL")
		}
		n := &node{kind: nIn, pos: t.pos, not: not, args: []*node{l}}
		for {
			e, err := p.concat()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, e)
			if p.peek().op(",") {
				p.i++
				continue
			}
			break
		}
		if err := p.want(")"); err != nil {
			return nil, err
		}
		return p.mk(n)
	}
	return l, nil
}

func (p *parser) concat() (*node, *Error) { return p.binaryLoop(p.additive, "||") }
func (p *parser) additive() (*node, *Error) {
	return p.binaryLoop(p.multiplicative, "+", "-")
}
func (p *parser) multiplicative() (*node, *Error) {
	return p.binaryLoop(p.unary, "*", "/", "%")
}

func (p *parser) unary() (*node, *Error) {
	t := p.peek()
	if t.op("-") || t.op("+") {
		defer func() { p.depth-- }()
		if err := p.enter(); err != nil {
			return nil, err
		}
		p.i++
		a, err := p.unary()
		if err != nil {
			return nil, err
		}
		return p.mk(&node{kind: nUnary, pos: t.pos, op: t.text, args: []*node{a}})
	}
	return p.primary()
}

// paren reads ( expr ); expr counts the nesting.
func (p *parser) paren() (*node, *Error) {
	p.i++
	if p.peek().is("SELECT") {
		return nil, errAt(p.peek().pos, "subqueries are not supported by this teaching model of Kinesis Data Analytics SQL")
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.want(")"); err != nil {
		return nil, err
	}
	return p.mk(&node{kind: nUnary, pos: e.pos, op: "()", args: []*node{e}})
}

func (p *parser) primary() (*node, *Error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.i++
		return numberLit(t)
	case tString:
		p.i++
		return &node{kind: nLit, pos: t.pos, val: t.text, typ: varchar(max(1, len([]rune(t.text)))), height: 1}, nil
	case tOp:
		if t.op("(") {
			return p.paren()
		}
	case tQIdent:
		return p.columnRef()
	case tIdent:
		switch t.text {
		case "NULL":
			p.i++
			return &node{kind: nLit, pos: t.pos, typ: tNullT, height: 1}, nil
		case "TRUE", "FALSE":
			p.i++
			return &node{kind: nLit, pos: t.pos, val: t.text == "TRUE", typ: tBoolean, height: 1}, nil
		case "ROWTIME":
			p.i++
			return &node{kind: nRowtime, pos: t.pos, height: 1}, nil
		case "CAST":
			return p.cast()
		case "STEP":
			return p.step()
		case "TIMESTAMP":
			if p.peekAt(1).kind == tString {
				p.i += 2
				lit := p.tok(p.i - 1)
				v, ok := parseTimestamp(lit.text)
				if !ok {
					return nil, errAt(lit.pos, "TIMESTAMP literal %s is not a time like '2026-01-01 10:00:00'", lit.describe())
				}
				return &node{kind: nLit, pos: t.pos, val: v, typ: tTimestmp, height: 1}, nil
			}
		}
		if p.peekAt(1).op("(") {
			return p.call()
		}
		if msg := unsupported(t); msg != "" {
			return nil, errAt(t.pos, "%s", msg)
		}
		if reserved[t.text] {
			return nil, p.expected("an expression")
		}
		return p.columnRef()
	}
	return nil, p.expected("an expression")
}

func numberLit(t token) (*node, *Error) {
	n := &node{kind: nLit, pos: t.pos, height: 1}
	if !strings.ContainsAny(t.text, ".eE") {
		v, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return nil, errAt(t.pos, "integer %s is out of range for BIGINT", clip(t.text))
		}
		n.val = v
		n.typ = tInteger
		if v > 1<<31-1 {
			n.typ = tBigint
		}
		return n, nil
	}
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		return nil, errAt(t.pos, "number %s is out of range", clip(t.text))
	}
	n.val = v
	if strings.ContainsAny(t.text, "eE") {
		n.typ = tDouble
		return n, nil
	}
	scale := 0
	if i := strings.IndexByte(t.text, '.'); i >= 0 {
		scale = len(t.text) - i - 1
	}
	n.typ = sqlType{kind: kDecimal, name: "DECIMAL", size: 19, scale: min(scale, 19)}
	return n, nil
}

// columnRef reads name, qualifier.name or qualifier.ROWTIME.
func (p *parser) columnRef() (*node, *Error) {
	first, err := p.name("a column")
	if err != nil {
		return nil, err
	}
	if !p.peek().op(".") {
		return &node{kind: nCol, pos: first.pos, name: first, height: 1}, nil
	}
	p.i++
	t := p.peek()
	if t.is("ROWTIME") {
		p.i++
		return &node{kind: nRowtime, pos: first.pos, qual: &first, height: 1}, nil
	}
	second, err := p.name("a column after \".\"")
	if err != nil {
		return nil, err
	}
	if p.peek().op(".") {
		return nil, errAt(p.peek().pos, "names with more than one \".\" (schemas) are not supported by this teaching model of Kinesis Data Analytics SQL")
	}
	return &node{kind: nCol, pos: first.pos, qual: &first, name: second, height: 1}, nil
}

func (p *parser) cast() (*node, *Error) {
	t := p.peek()
	p.i++
	if err := p.want("("); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.wantKw("AS"); err != nil {
		return nil, err
	}
	ty, err := p.parseType()
	if err != nil {
		return nil, err
	}
	if err := p.want(")"); err != nil {
		return nil, err
	}
	return p.mk(&node{kind: nCast, pos: t.pos, typ: ty, args: []*node{e}})
}

// timeUnits are the units of STEP's INTERVAL and FLOOR's TO, in ms.
var timeUnits = map[string]int64{"SECOND": 1000, "MINUTE": 60000, "HOUR": 3600000, "DAY": 86400000}

// step reads STEP(x BY INTERVAL 'n' unit) or STEP(x BY n)
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-step.html).
func (p *parser) step() (*node, *Error) {
	t := p.peek()
	p.i++
	if err := p.want("("); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.wantKw("BY"); err != nil {
		return nil, err
	}
	n := &node{kind: nStep, pos: t.pos, op: "STEP", args: []*node{e}}
	if p.acceptKw("INTERVAL") {
		lit := p.peek()
		if lit.kind != tString {
			return nil, p.expected("the interval as a quoted whole number, e.g. INTERVAL '10' SECOND")
		}
		p.i++
		v, err := strconv.ParseInt(strings.TrimSpace(lit.text), 10, 64)
		if err != nil || v < 1 || v > 1000000 {
			return nil, errAt(lit.pos, "interval %s must be a whole number from 1 to 1000000", lit.describe())
		}
		u := p.peek()
		ms, ok := timeUnits[u.text]
		if u.kind != tIdent || !ok {
			if u.kind == tIdent && (u.text == "MONTH" || u.text == "YEAR") {
				return nil, errAt(u.pos, "INTERVAL ... %s is not supported by this teaching model of Kinesis Data Analytics SQL: use SECOND, MINUTE, HOUR or DAY", u.text)
			}
			return nil, p.expected("SECOND, MINUTE, HOUR or DAY")
		}
		p.i++
		n.interval = v * ms
		n.byTime = true
	} else {
		lit := p.peek()
		if lit.kind != tNumber {
			return nil, p.expected("INTERVAL 'n' SECOND or a whole number")
		}
		p.i++
		v, err := strconv.ParseInt(lit.text, 10, 64)
		if err != nil || v < 1 {
			return nil, errAt(lit.pos, "STEP needs a positive whole number after BY")
		}
		n.interval = v
	}
	if err := p.want(")"); err != nil {
		return nil, err
	}
	return p.mk(n)
}

// call reads name(args), COUNT(*), and FLOOR/CEIL(x TO unit).
func (p *parser) call() (*node, *Error) {
	t := p.peek()
	if kdaFunctions[t.text] {
		return nil, errAt(t.pos, "function %s is not supported by this teaching model of Kinesis Data Analytics SQL", t.text)
	}
	p.i += 2 // name (
	n := &node{kind: nCall, pos: t.pos, op: t.text}
	if t.text == "CEILING" {
		n.op = "CEIL"
	}
	if p.peek().op("*") {
		p.i++
		n.star = true
		if err := p.want(")"); err != nil {
			return nil, err
		}
		return p.mk(n)
	}
	if k := p.peek(); k.is("DISTINCT") || k.is("ALL") {
		return nil, errAt(k.pos, "%s(%s ...) is not supported by this teaching model of Kinesis Data Analytics SQL", t.text, k.text)
	}
	if p.peek().op(")") {
		p.i++
		return p.mk(n)
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, e)
		if (n.op == "FLOOR" || n.op == "CEIL") && p.peek().is("TO") {
			p.i++
			u := p.peek()
			ms, ok := timeUnits[u.text]
			if u.kind != tIdent || !ok {
				if u.kind == tIdent && (u.text == "MONTH" || u.text == "YEAR" || u.text == "WEEK") {
					return nil, errAt(u.pos, "%s(... TO %s) is not supported by this teaching model of Kinesis Data Analytics SQL: use SECOND, MINUTE, HOUR or DAY", n.op, u.text)
				}
				return nil, p.expected("SECOND, MINUTE, HOUR or DAY after TO")
			}
			p.i++
			n.kind = nFloorTo
			n.interval = ms
			break
		}
		if p.peek().op(",") {
			p.i++
			continue
		}
		break
	}
	if err := p.want(")"); err != nil {
		return nil, err
	}
	if p.peek().is("OVER") {
		return nil, errAt(p.peek().pos, "%s", unsupported(p.peek()))
	}
	return p.mk(n)
}
