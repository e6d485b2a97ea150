package policy

import (
	"fmt"
	"sort"
	"strings"

	"cloudplay/core/api"
)

// Position is a place in a policy document. Line and Column count from 1 and
// count Unicode code points, as the Position of the simulate APIs does;
// Offset is the 0-based byte offset.
type Position struct {
	Line   int `json:"Line"`
	Column int `json:"Column"`
	Offset int `json:"-"`
}

// String formats p as "line:column".
func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// before reports whether p comes before q in the document.
func (p Position) before(q Position) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Column < q.Column
}

// SyntaxError is a positioned error in a policy document, formatted like
// go/scanner.Error: "3:14: unknown condition operator \"StringEqual\"".
// Where AWS has a known MalformedPolicyDocument wording, Msg uses it.
type SyntaxError struct {
	Pos Position
	Msg string
}

func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is a list of *SyntaxError sorted by position. Parse returns one
// when a document has several errors, so an editor can show them all.
type ErrorList []*SyntaxError

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	b.WriteString(l[0].Error())
	fmt.Fprintf(&b, " (and %d more errors)", len(l)-1)
	return b.String()
}

// err sorts l by position and returns it as an error (nil when empty,
// the single *SyntaxError when there is one).
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos.before(l[j].Pos) })
	if len(l) == 1 {
		return l[0]
	}
	return l
}

// EvalError is an error found while evaluating a request: a request value that
// the statement's condition operator cannot interpret. It is never turned into
// a silent allow or deny.
type EvalError struct {
	PolicyID       string
	StatementIndex int
	Msg            string
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("policy %q statement %d: %s", e.PolicyID, e.StatementIndex, e.Msg)
}

// clipLen is how many code points of an input a message quotes.
const clipLen = 64

// Clip returns s as messages quote it: whole when it has at most 64 code
// points, else its first 64 followed by "…", so that a message about a
// 10 MB document or value stays short.
func Clip(s string) string { return api.Clip(s, clipLen) }
