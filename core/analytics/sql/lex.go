package sql

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pos is a place in the code: line and column from 1, columns in characters.
type pos struct{ line, col int }

func errAt(p pos, format string, args ...any) *Error {
	return &Error{Line: p.line, Column: p.col, Message: fmt.Sprintf(format, args...)}
}

type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // unquoted identifier or keyword, upper-cased
	tQIdent         // "quoted identifier", case kept
	tString         // 'string literal'
	tNumber         // 12, 1.5, 2e3
	tOp             // punctuation and operators
	tErr            // a lexical error (lexer.err)
)

type token struct {
	kind tokKind
	text string // identifier (upper-cased if unquoted), literal value, or operator
	pos  pos
}

func (t token) is(kw string) bool { return t.kind == tIdent && t.text == kw }
func (t token) op(o string) bool  { return t.kind == tOp && t.text == o }

// describe names a token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "the end of the code"
	case tQIdent:
		return fmt.Sprintf("%q", clip(t.text))
	case tString:
		return "'" + clip(t.text) + "'"
	case tErr:
		return "an invalid token"
	}
	return clip(t.text)
}

// lexer reads tokens on demand, so that a parse error early in a long
// program stops the work there.
type lexer struct {
	src       string
	i         int
	line, col int
	toks      []token
	done      bool   // the last token is tEOF or tErr
	err       *Error // the lexical error, if any
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

// step reads one more token (blanks and comments -- and /* */ are
// skipped); at the end it appends tEOF, on an error tErr.
func (lx *lexer) step() {
	if lx.done {
		return
	}
	err := lx.skipBlank()
	if err == nil && lx.i >= len(lx.src) {
		lx.toks = append(lx.toks, token{kind: tEOF, pos: lx.pos()})
		lx.done = true
		return
	}
	if err == nil {
		err = lx.next()
	}
	if err != nil {
		lx.err = err
		lx.toks = append(lx.toks, token{kind: tErr, pos: pos{err.Line, err.Column}})
		lx.done = true
	}
}

func (lx *lexer) pos() pos { return pos{lx.line, lx.col} }

// advance moves past n bytes, counting lines and characters.
func (lx *lexer) advance(n int) {
	end := lx.i + n
	for lx.i < end {
		r, w := utf8.DecodeRuneInString(lx.src[lx.i:])
		lx.i += w
		if r == '\n' {
			lx.line++
			lx.col = 1
		} else {
			lx.col++
		}
	}
}

func (lx *lexer) skipBlank() *Error {
	for lx.i < len(lx.src) {
		rest := lx.src[lx.i:]
		switch {
		case strings.HasPrefix(rest, "--"):
			n := strings.IndexByte(rest, '\n')
			if n < 0 {
				n = len(rest)
			}
			lx.advance(n)
		case strings.HasPrefix(rest, "/*"):
			p := lx.pos()
			n := strings.Index(rest[2:], "*/")
			if n < 0 {
				return errAt(p, "comment /* is never closed with */")
			}
			lx.advance(n + 4)
		default:
			r, w := utf8.DecodeRuneInString(rest)
			if !unicode.IsSpace(r) {
				return nil
			}
			lx.advance(w)
		}
	}
	return nil
}

func (lx *lexer) emit(k tokKind, text string, p pos) {
	lx.toks = append(lx.toks, token{kind: k, text: text, pos: p})
}

func (lx *lexer) next() *Error {
	p := lx.pos()
	rest := lx.src[lx.i:]
	r, w := utf8.DecodeRuneInString(rest)
	switch {
	case r == utf8.RuneError && w == 1:
		return errAt(p, "the code is not valid UTF-8")
	case r == '_' || unicode.IsLetter(r):
		n := w
		for n < len(rest) {
			r2, w2 := utf8.DecodeRuneInString(rest[n:])
			if r2 != '_' && !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			n += w2
		}
		word := rest[:n]
		if utf8.RuneCountInString(word) > MaxIdentifier {
			return errAt(p, "identifier %s is longer than %d characters", clip(word), MaxIdentifier)
		}
		lx.advance(n)
		lx.emit(tIdent, strings.ToUpper(word), p)
	case r >= '0' && r <= '9' || r == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9':
		return lx.number(p, rest)
	case r == '\'':
		s, n, err := lx.quoted(p, rest, '\'', "string literal")
		if err != nil {
			return err
		}
		lx.advance(n)
		lx.emit(tString, s, p)
	case r == '"':
		s, n, err := lx.quoted(p, rest, '"', "quoted identifier")
		if err != nil {
			return err
		}
		if s == "" {
			return errAt(p, "a quoted identifier cannot be empty")
		}
		if utf8.RuneCountInString(s) > MaxIdentifier {
			return errAt(p, "identifier %q is longer than %d characters", clip(s), MaxIdentifier)
		}
		for _, c := range s {
			if c < 0x20 {
				return errAt(p, "a quoted identifier cannot contain control characters")
			}
		}
		lx.advance(n)
		lx.emit(tQIdent, s, p)
	default:
		for _, o := range []string{"<=", ">=", "<>", "!=", "||"} {
			if strings.HasPrefix(rest, o) {
				lx.advance(2)
				lx.emit(tOp, o, p)
				return nil
			}
		}
		if strings.ContainsRune("+-*/%(),;.=<>[]", r) {
			lx.advance(1)
			lx.emit(tOp, string(r), p)
			return nil
		}
		return errAt(p, "unexpected character %q", r)
	}
	return nil
}

func (lx *lexer) number(p pos, rest string) *Error {
	n := 0
	digits := func() {
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
	}
	digits()
	if n < len(rest) && rest[n] == '.' {
		n++
		digits()
	}
	if n < len(rest) && (rest[n] == 'e' || rest[n] == 'E') {
		m := n + 1
		if m < len(rest) && (rest[m] == '+' || rest[m] == '-') {
			m++
		}
		if m < len(rest) && rest[m] >= '0' && rest[m] <= '9' {
			n = m
			digits()
		}
	}
	if n > MaxLiteral {
		return errAt(p, "number literal is longer than %d characters (the playground's bound)", MaxLiteral)
	}
	if n < len(rest) {
		if r, _ := utf8.DecodeRuneInString(rest[n:]); r == '_' || unicode.IsLetter(r) {
			return errAt(p, "number %s runs into a name: put a blank between them", clip(rest[:n+1]))
		}
	}
	lx.advance(n)
	lx.emit(tNumber, rest[:n], p)
	return nil
}

// quoted reads a literal enclosed in q, where qq stands for one q. It
// returns the value and the bytes read.
func (lx *lexer) quoted(p pos, rest string, q byte, what string) (string, int, *Error) {
	var b strings.Builder
	chars := 0
	for n := 1; n < len(rest); {
		c := rest[n]
		if c == q {
			if n+1 < len(rest) && rest[n+1] == q {
				b.WriteByte(q)
				n += 2
				chars++
				continue
			}
			return b.String(), n + 1, nil
		}
		_, w := utf8.DecodeRuneInString(rest[n:])
		b.WriteString(rest[n : n+w])
		n += w
		chars++
		if chars > MaxLiteral {
			return "", 0, errAt(p, "%s is longer than %d characters (the playground's bound)", what, MaxLiteral)
		}
	}
	return "", 0, errAt(p, "%s is never closed with %c", what, q)
}
