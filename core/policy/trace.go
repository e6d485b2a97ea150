package policy

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The trace is recorded once, into memory that a Tracer keeps from one
// evaluation to the next, and rendered either as the Trace structures of a
// Result (Evaluate) or straight as JSON (Tracer.AppendTrace). The simulator
// writes pages of up to 1,000 traced results, so the traced path avoids
// per-statement allocations: reasons are appended to one byte buffer, and the
// parts of a statement's JSON that do not depend on the request are written
// once, when the policy is parsed (Statement.traceHead, traceTail).

// A Tracer evaluates requests with their trace, as Evaluate(req, set, true)
// does, and keeps what it found until its next Evaluate: the Decision, the
// trace (AppendTrace writes it as JSON, byte for byte what encoding/json
// writes for the Trace of Evaluate, without escaping <, > and &, and with
// Policies [] rather than null when the Set is empty), the
// MatchedStatements, the MissingContextValues and the decision of each
// policy type. Its memory is reused, so a Tracer evaluating many requests
// allocates almost nothing. The zero Tracer is ready to use.
type Tracer struct {
	// OmitReasons leaves every statement's Reason empty, for callers that
	// want the decision, MatchedStatements and MissingContextValues but
	// will not show the trace.
	OmitReasons bool

	tb       traceBuilder
	t        tally
	set      *Set
	decision Decision
	matched  []MatchedStatement
	missing  []string
	details  []DecisionDetail
	path     []PathStep
}

// DecisionDetail is the decision of one policy type (an entry of the simulate
// APIs' EvalDecisionDetails).
type DecisionDetail struct {
	PolicyType string
	Decision   Decision
}

// Evaluate evaluates req against set as Evaluate does, recording the trace.
// On error the Tracer holds no trace.
func (tr *Tracer) Evaluate(req *Request, set *Set) (Decision, error) {
	tr.tb.reset()
	tr.t = tally{}
	tr.set, tr.decision, tr.path = nil, ImplicitDeny, tr.path[:0]
	if err := checkSet(set); err != nil {
		return ImplicitDeny, err
	}
	tr.tb.omitReasons = tr.OmitReasons
	evalSet(req, set, &tr.t, &tr.tb)
	if tr.t.err != nil {
		return ImplicitDeny, tr.t.err
	}
	tr.set, tr.decision = set, decide(req, set, &tr.t)
	tr.path = path(tr.path, req, set, &tr.t, tr.decision)
	tr.collect()
	return tr.decision, nil
}

// collect gathers the MatchedStatements, MissingContextValues and decision
// details of the last evaluation.
func (tr *Tracer) collect() {
	tb := &tr.tb
	tr.matched = tr.matched[:0]
	for _, pr := range tb.policies {
		for _, sr := range tb.stmts[pr.first:pr.end] {
			if decides(sr.st, sr.matched, tr.decision) {
				tr.matched = append(tr.matched, MatchedStatement{
					SourcePolicyId: pr.in.ID, SourcePolicyType: sourceType(pr.in),
					StartPosition: sr.st.Start, EndPosition: sr.st.End,
				})
			}
		}
	}
	slices.SortFunc(tb.missing, func(a, b ctxKey) int { return strings.Compare(a.lower, b.lower) })
	tr.missing = tr.missing[:0]
	for _, k := range tb.missing {
		tr.missing = append(tr.missing, k.name)
	}
	tr.details = tr.details[:0]
	// In the order of their PolicyType names, as encoding/json writes a map.
	for _, s := range [...]slot{slotIdentity, slotBoundary, slotResource, slotSession} {
		if tr.present(s) {
			tr.details = append(tr.details, DecisionDetail{PolicyType: slotTypes[s], Decision: tr.t.decision(s)})
		}
	}
}

func (tr *Tracer) present(s slot) bool {
	switch s {
	case slotIdentity:
		return len(tr.set.Identity) > 0
	case slotResource:
		return tr.set.Resource != nil
	case slotBoundary:
		return len(tr.set.Boundary) > 0
	}
	return len(tr.set.Session) > 0
}

// decision is the decision of the statements of one slot alone.
func (t *tally) decision(s slot) Decision {
	switch {
	case t.deny[s]:
		return ExplicitDeny
	case t.allow[s]:
		return Allowed
	}
	return ImplicitDeny
}

// decides reports whether a statement is one of the DecidingStatements of d.
func decides(st *Statement, matched bool, d Decision) bool {
	return matched && (d == ExplicitDeny && st.Effect == Deny || d == Allowed && st.Effect == Allow)
}

// sourceType is the SourcePolicyType of MatchedStatements for in.
func sourceType(in *Input) string {
	switch {
	case in.SourceType != "":
		return in.SourceType
	case in.Policy.Kind.namesPrincipal():
		return "resource"
	}
	return "none"
}

// MatchedStatements returns the statements that decided, valid until the next
// Evaluate.
func (tr *Tracer) MatchedStatements() []MatchedStatement { return tr.matched }

// MissingContextValues returns the condition keys and policy variables the
// policies use that the request lacks, sorted without regard to case; valid
// until the next Evaluate.
func (tr *Tracer) MissingContextValues() []string { return tr.missing }

// DecisionDetails returns the decision of each policy type present, sorted by
// PolicyType; valid until the next Evaluate.
func (tr *Tracer) DecisionDetails() []DecisionDetail { return tr.details }

// BoundaryDetail reports, when the set has a permissions boundary, whether it
// allowed the request (PermissionsBoundaryDecisionDetail).
func (tr *Tracer) BoundaryDetail() (allowed, present bool) {
	if tr.set == nil || len(tr.set.Boundary) == 0 {
		return false, false
	}
	return tr.t.allow[slotBoundary] && !tr.t.deny[slotBoundary], true
}

// result builds the Result of Evaluate(req, set, true) from the last
// evaluation.
func (tr *Tracer) result() Result {
	r := Result{Decision: tr.decision}
	tb := &tr.tb
	// One string holds every reason: one allocation instead of one each.
	text := string(tb.text)
	trace := &Trace{Decision: tr.decision, DecidingStatements: []StatementRef{}}
	if len(tb.policies) > 0 { // else null, as it always was
		trace.Policies = make([]PolicyTrace, len(tb.policies))
	}
	for i, pr := range tb.policies {
		pt := &trace.Policies[i]
		*pt = PolicyTrace{PolicyId: pr.in.ID, PolicyType: pr.typ, Statements: make([]StatementTrace, 0, pr.end-pr.first)}
		for _, sr := range tb.stmts[pr.first:pr.end] {
			st := sr.st
			pt.Statements = append(pt.Statements, StatementTrace{
				StatementIndex: st.Index, Sid: st.Sid, Effect: st.Effect.String(),
				Matched: sr.matched, Reason: clipReasonText(text[sr.reason[0]:sr.reason[1]]),
				StartPosition: st.Start, EndPosition: st.End,
			})
			if decides(st, sr.matched, tr.decision) {
				trace.DecidingStatements = append(trace.DecidingStatements, StatementRef{PolicyId: pr.in.ID, StatementIndex: st.Index})
			}
		}
	}
	trace.Path = slices.Clone(tr.path)
	r.Trace = trace
	r.MatchedStatements = slices.Clone(tr.matched)
	r.MissingContextValues = slices.Clone(tr.missing)
	r.EvalDecisionDetails = make(map[string]Decision, len(tr.details))
	for _, d := range tr.details {
		r.EvalDecisionDetails[d.PolicyType] = d.Decision
	}
	if allowed, ok := tr.BoundaryDetail(); ok {
		r.PermissionsBoundaryDecisionDetail = &BoundaryDetail{AllowedByPermissionsBoundary: allowed}
	}
	return r
}

// AppendTrace appends the trace of the last evaluation as JSON.
func (tr *Tracer) AppendTrace(b []byte) []byte {
	tb := &tr.tb
	b = append(b, `{"Decision":"`...)
	b = append(b, tr.decision.String()...)
	b = append(b, `","DecidingStatements":[`...)
	n := 0
	for _, pr := range tb.policies {
		for _, sr := range tb.stmts[pr.first:pr.end] {
			if !decides(sr.st, sr.matched, tr.decision) {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, `{"PolicyId":`...)
			b = appendJSONText(b, pr.in.ID)
			b = append(b, `,"StatementIndex":`...)
			b = strconv.AppendInt(b, int64(sr.st.Index), 10)
			b = append(b, '}')
		}
	}
	b = append(b, `],"Policies":[`...)
	for i, pr := range tb.policies {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"PolicyId":`...)
		b = appendJSONText(b, pr.in.ID)
		b = append(b, `,"PolicyType":`...)
		b = appendJSONText(b, pr.typ)
		b = append(b, `,"Statements":[`...)
		for j, sr := range tb.stmts[pr.first:pr.end] {
			if j > 0 {
				b = append(b, ',')
			}
			b = sr.st.appendTraceHead(b)
			b = strconv.AppendBool(b, sr.matched)
			b = append(b, `,"Reason":`...)
			b = appendReason(b, tb.text[sr.reason[0]:sr.reason[1]])
			b = sr.st.appendTraceTail(b)
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"Path":`...)
	b = appendPath(b, tr.path)
	return append(b, '}')
}

// Path returns the steps of AWS's evaluation flowchart the last evaluation
// went through, valid until the next Evaluate.
func (tr *Tracer) Path() []PathStep { return tr.path }

// traceBuilder records, while statements are evaluated, each one's outcome.
type traceBuilder struct {
	omitReasons bool
	policies    []policyRecord
	stmts       []stmtRecord
	text        []byte   // the reasons, back to back
	missing     []ctxKey // context keys used but absent, first spelling kept
}

type policyRecord struct {
	in         *Input
	typ        string // PolicyType
	first, end int    // its statements in stmts
}

type stmtRecord struct {
	st      *Statement
	matched bool
	reason  [2]int // Reason is text[reason[0]:reason[1]]
}

// ctxKey is a context key as written and lower-cased.
type ctxKey struct{ name, lower string }

// size makes room for the trace of set.
func (tb *traceBuilder) size(set *Set) {
	policies, stmts := 0, 0
	count := func(ins []Input) {
		for i := range ins {
			if ins[i].Policy != nil {
				policies, stmts = policies+1, stmts+len(ins[i].Policy.Statements)
			}
		}
	}
	count(set.Identity)
	count(set.Boundary)
	count(set.Session)
	if set.Resource != nil {
		count([]Input{*set.Resource})
	}
	tb.policies = make([]policyRecord, 0, policies)
	tb.stmts = make([]stmtRecord, 0, stmts)
	tb.text = make([]byte, 0, 64*stmts)
}

func (tb *traceBuilder) reset() {
	clear(tb.policies) // drop the pointers into the last Set
	clear(tb.stmts)
	tb.policies, tb.stmts, tb.text, tb.missing = tb.policies[:0], tb.stmts[:0], tb.text[:0], tb.missing[:0]
}

func (tb *traceBuilder) policy(in *Input, s slot) {
	typ := in.Type
	if typ == "" {
		typ = slotTypes[s]
	}
	tb.policies = append(tb.policies, policyRecord{in: in, typ: typ, first: len(tb.stmts), end: len(tb.stmts)})
}

// statement records the outcome of st, the last policy's next statement.
func (tb *traceBuilder) statement(req *Request, p *Policy, st *Statement, ok bool, err error, hasBoundary bool) {
	start := len(tb.text)
	switch {
	case tb.omitReasons:
	case err != nil:
		tb.text = append(tb.text, err.Error()...)
	case !ok:
		tb.text = st.appendReason(tb.text, req, p, hasBoundary)
	}
	tb.stmts = append(tb.stmts, stmtRecord{st: st, matched: ok, reason: [2]int{start, len(tb.text)}})
	tb.policies[len(tb.policies)-1].end = len(tb.stmts)
	tb.note(req, st)
}

// MaxReason is the most bytes a statement's Reason takes in the trace's
// JSON (not counting its quotes): a longer reason is cut at a character
// and ends in "…" when the trace is written (Tracer.AppendTrace, Result). Reasons quote the request and the statement (its
// Action list, its condition values), which a hostile policy makes as long
// as it likes; the cut keeps every statement's trace small, so that the
// size of a trace follows from the number of statements (Set.TraceSize).
const MaxReason = 256

// appendReason appends reason as a JSON string of at most MaxReason bytes
// (and its quotes). Most reasons are short: they are written once, and
// only a long one again, cut.
func appendReason(b, reason []byte) []byte {
	start := len(b)
	if b = appendJSONText(b, reason); len(b)-start-2 <= MaxReason {
		return b
	}
	return appendJSONText(b[:start], clipReason(slices.Clone(reason), 0))
}

// clipReasonText is clipReason for a Result's Reason.
func clipReasonText(reason string) string {
	if len(reason) <= MaxReason/6 || jsonTextLen([]byte(reason)) <= MaxReason {
		return reason
	}
	return string(clipReason([]byte(reason), 0))
}

// clipReason cuts the reason text[start:] so that its JSON takes at most
// MaxReason bytes.
func clipReason(text []byte, start int) []byte {
	if len(text)-start <= MaxReason/6 || jsonTextLen(text[start:]) <= MaxReason {
		return text // short enough (however it is escaped)
	}
	n, cut := 0, start
	for i := start; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		if n += jsonCharLen(r, w); n > MaxReason {
			break
		}
		if i += w; n <= MaxReason-len("…") {
			cut = i
		}
	}
	return append(text[:cut], "…"...)
}

// jsonTextLen is how many bytes appendJSONText writes for b, quotes
// excluded.
func jsonTextLen(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			n += int(asciiJSONLen[c])
			i++
			continue
		}
		r, w := utf8.DecodeRune(b[i:])
		n += jsonCharLen(r, w)
		i += w
	}
	return n
}

// asciiJSONLen is jsonCharLen for the ASCII characters.
var asciiJSONLen = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		t[c] = uint8(jsonCharLen(rune(c), 1))
	}
	return t
}()

// jsonCharLen is how many bytes appendJSONText writes for the character r
// that takes w bytes of text (an invalid byte is r == RuneError, w == 1).
func jsonCharLen(r rune, w int) int {
	switch {
	case r == utf8.RuneError && w == 1, r == '\u2028', r == '\u2029':
		return 6
	case r == '"', r == '\\', r == '\n', r == '\r', r == '\t':
		return 2
	case r < 0x20:
		return 6
	}
	return w
}

// note records the context keys st uses that req lacks, when st applies
// to the request's action: a key of a statement about other actions is not
// one this request needs (SimulatePrincipalPolicy reports "context keys
// that are required by the included input policies" for the simulated
// action, https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html).
func (tb *traceBuilder) note(req *Request, st *Statement) {
	if !st.matchAction(req.Action) {
		return
	}
	for _, k := range st.ctxKeys {
		if _, n := req.lookup(k.lower); n >= 0 {
			continue
		}
		if !slices.ContainsFunc(tb.missing, func(m ctxKey) bool { return m.lower == k.lower }) {
			tb.missing = append(tb.missing, k)
		}
	}
}

// prepareTrace computes, once per parsed statement, what every trace of it
// needs: the context keys it uses, and its JSON before and after Matched and
// Reason.
func (st *Statement) prepareTrace() {
	add := func(name, lower string) {
		if !slices.ContainsFunc(st.ctxKeys, func(k ctxKey) bool { return k.lower == lower }) {
			st.ctxKeys = append(st.ctxKeys, ctxKey{name, lower})
		}
	}
	for _, c := range st.Conditions {
		add(c.Key, c.key)
	}
	// Then the policy variables, conditions' before resources'.
	for _, c := range st.Conditions {
		for _, v := range c.vals {
			if v.tpl != nil {
				v.tpl.keys(add)
			}
		}
	}
	for _, r := range st.resources {
		if r.tpl != nil {
			r.tpl.keys(add)
		}
	}
	st.traceHead = st.appendTraceHead(nil)
	st.traceTail = st.appendTraceTail(nil)
	st.quotedActions = string(appendQuoted(nil, st.Actions))
	st.quotedResources = string(appendQuoted(nil, st.Resources))
}

// appendActions appends the Action (or NotAction) list quoted for a reason.
func (st *Statement) appendActions(b []byte) []byte {
	if st.quotedActions != "" {
		return append(b, st.quotedActions...)
	}
	return appendQuoted(b, st.Actions)
}

// appendResources appends the Resource (or NotResource) list quoted for a
// reason.
func (st *Statement) appendResources(b []byte) []byte {
	if st.quotedResources != "" {
		return append(b, st.quotedResources...)
	}
	return appendQuoted(b, st.Resources)
}

// appendTraceHead writes a statement's trace up to the value of Matched.
func (st *Statement) appendTraceHead(b []byte) []byte {
	if st.traceHead != nil {
		return append(b, st.traceHead...)
	}
	b = append(b, `{"StatementIndex":`...)
	b = strconv.AppendInt(b, int64(st.Index), 10)
	b = append(b, `,"Sid":`...)
	b = appendJSONText(b, st.Sid)
	b = append(b, `,"Effect":"`...)
	b = append(b, st.Effect.String()...)
	return append(b, `","Matched":`...)
}

// appendTraceTail writes a statement's trace after its Reason.
func (st *Statement) appendTraceTail(b []byte) []byte {
	if st.traceTail != nil {
		return append(b, st.traceTail...)
	}
	b = appendPosition(append(b, `,"StartPosition":`...), st.Start)
	b = appendPosition(append(b, `,"EndPosition":`...), st.End)
	return append(b, '}')
}

// appendPosition writes p as the simulate APIs' Position.
func appendPosition(b []byte, p Position) []byte {
	b = append(b, `{"Line":`...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, `,"Column":`...)
	b = strconv.AppendInt(b, int64(p.Column), 10)
	return append(b, '}')
}

// AppendJSONString appends s as a JSON string, as encoding/json writes it
// but without escaping <, > and & (which JSON does not need): the trace
// writers here and the simulate APIs' output encoder share it.
func AppendJSONString(b []byte, s string) []byte { return appendJSONText(b, s) }

// appendJSONText writes s (a string, or text in a byte slice) as a JSON string as encoding/json does (invalid
// UTF-8 as U+FFFD, U+2028 and U+2029 escaped) but for its escaping of <, >
// and &, which JSON does not need.
func appendJSONText[T ~string | ~[]byte](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			// (At most four bytes are converted, on the stack.)
			r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				if r == utf8.RuneError {
					b = append(b, `\ufffd`...)
				} else {
					b = append(b, `\u202`...)
					b = append(b, hexDigits[r&0xF])
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"
