// Package tracemodel is the model behind TraceView: the evaluator's trace as
// the page explains it (deciding statements, highlights in the policy
// text) and the texts of the policies it names. Tested natively.
package tracemodel

import (
	"encoding/json"
	"strconv"

	"cloudplay/core/policy"
)

// TraceModel is a trace (CONTRACT.md "The explanation (Trace)") as
// TraceView draws it: the decision, the deciding statements first, then
// every policy considered with each statement's outcome.
type TraceModel struct {
	Decision string // allowed, explicitDeny or implicitDeny
	Deciding []TraceStatement
	Policies []TracePolicy
}

// TracePolicy is one policy of a trace.
type TracePolicy struct {
	ID, Type   string
	Deciding   bool // one of its statements decided
	Statements []TraceStatement
}

// TraceStatement is one statement of a policy in a trace.
type TraceStatement struct {
	PolicyID string
	Index    int
	Sid      string
	Effect   string
	Matched  bool
	Deciding bool
	Reason   string
	Range    Highlight
}

// Highlight is a range of a policy's text, 1-based lines and columns as the
// trace's StartPosition and EndPosition.
type Highlight struct {
	StartLine, StartColumn, EndLine, EndColumn int
}

// Label names the statement: its Sid, else its position.
func (s TraceStatement) Label() string {
	if s.Sid != "" {
		return s.Sid
	}
	return "Statement " + strconv.Itoa(s.Index+1)
}

// Lines describes the statement's line range ("line 4", "lines 4–8"), or ""
// when the trace has no positions.
func (s TraceStatement) Lines() string {
	r := s.Range
	switch {
	case r.StartLine <= 0:
		return ""
	case r.EndLine <= r.StartLine:
		return "line " + strconv.Itoa(r.StartLine)
	}
	return "lines " + strconv.Itoa(r.StartLine) + "–" + strconv.Itoa(r.EndLine)
}

// Outcome is a short text for the statement's result.
func (s TraceStatement) Outcome() string {
	switch {
	case s.Deciding:
		return "decides"
	case s.Matched:
		return "matches"
	}
	return "does not match"
}

// decodeTrace reads a trace given as a *policy.Trace, a policy.Trace or its
// JSON-decoded form (a map, as a JS caller or api.Error hands it over).
func decodeTrace(v any) (policy.Trace, bool) {
	var t policy.Trace
	switch x := v.(type) {
	case nil:
		return t, false
	case *policy.Trace:
		if x == nil {
			return t, false
		}
		return *x, true
	case policy.Trace:
		return x, true
	case json.RawMessage:
		return t, len(x) > 0 && string(x) != "null" && json.Unmarshal(x, &t) == nil
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" || json.Unmarshal(b, &t) != nil {
		return t, false
	}
	return t, true
}

// TraceModelOf builds the model of a trace given in any form decodeTrace
// reads; ok is false when there is none.
func TraceModelOf(v any) (TraceModel, bool) {
	t, ok := decodeTrace(v)
	if !ok {
		return TraceModel{}, false
	}
	deciding := map[policy.StatementRef]bool{}
	for _, r := range t.DecidingStatements {
		deciding[r] = true
	}
	m := TraceModel{Decision: t.Decision.String()}
	for _, p := range t.Policies {
		tp := TracePolicy{ID: p.PolicyId, Type: p.PolicyType}
		for _, s := range p.Statements {
			ts := TraceStatement{
				PolicyID: p.PolicyId, Index: s.StatementIndex, Sid: s.Sid, Effect: s.Effect,
				Matched: s.Matched, Reason: s.Reason,
				Deciding: deciding[policy.StatementRef{PolicyId: p.PolicyId, StatementIndex: s.StatementIndex}],
				Range:    Highlight{s.StartPosition.Line, s.StartPosition.Column, s.EndPosition.Line, s.EndPosition.Column},
			}
			if ts.Deciding {
				tp.Deciding = true
				m.Deciding = append(m.Deciding, ts)
			}
			tp.Statements = append(tp.Statements, ts)
		}
		m.Policies = append(m.Policies, tp)
	}
	return m, true
}

// DecidingPolicy returns the policy whose statements decided (the first,
// when several did), or the first policy considered when none decided (an
// implicit deny), and whether there is any.
func (m TraceModel) DecidingPolicy() (TracePolicy, bool) {
	for _, p := range m.Policies {
		if p.Deciding {
			return p, true
		}
	}
	if len(m.Policies) > 0 {
		return m.Policies[0], true
	}
	return TracePolicy{}, false
}

// Highlights returns the ranges of the policy's deciding statements.
func (p TracePolicy) Highlights() []Highlight {
	var out []Highlight
	for _, s := range p.Statements {
		if s.Deciding && s.Range.StartLine > 0 {
			out = append(out, s.Range)
		}
	}
	return out
}

// DecisionText is how the UI names a decision.
func DecisionText(d string) string {
	switch d {
	case "allowed":
		return "Allowed"
	case "explicitDeny":
		return "Explicit deny"
	case "implicitDeny":
		return "Implicit deny"
	}
	return d
}

// PolicyLines splits a policy's text into lines and marks those a highlight
// covers, for the read-only <pre> view.
func PolicyLines(text string, hs []Highlight) []PolicyLine {
	var out []PolicyLine
	start := 0
	n := 1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			continue
		}
		l := PolicyLine{N: n, Text: text[start:i]}
		for _, h := range hs {
			if n >= h.StartLine && n <= max(h.EndLine, h.StartLine) {
				l.Marked = true
			}
		}
		out = append(out, l)
		start, n = i+1, n+1
	}
	return out
}

// PolicyLine is one line of a policy's text.
type PolicyLine struct {
	N      int
	Text   string
	Marked bool
}
