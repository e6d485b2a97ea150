package policy

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Decision is the outcome of evaluating a request, named as the EvalDecision
// values of iam:SimulateCustomPolicy.
type Decision uint8

const (
	// ImplicitDeny: nothing allowed the request (the zero Decision, so an
	// unset Decision never allows).
	ImplicitDeny Decision = iota
	// Allowed: the request is allowed.
	Allowed
	// ExplicitDeny: a Deny statement matched.
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// MarshalText writes d as its String.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the String form.
func (d *Decision) UnmarshalText(b []byte) error {
	switch string(b) {
	case "allowed":
		*d = Allowed
	case "explicitDeny":
		*d = ExplicitDeny
	case "implicitDeny":
		*d = ImplicitDeny
	default:
		return fmt.Errorf("unknown decision %q", b)
	}
	return nil
}

// The PolicyType names of the trace, as AWS names the policy types.
const (
	TypeIdentity = "IAM Policy"
	TypeResource = "Resource Policy"
	TypeBoundary = "Permissions Boundary Policy"
	TypeSession  = "Session Policy"
)

// Input is one policy given to Evaluate.
type Input struct {
	ID         string // PolicyId in the trace, e.g. "PolicyInputList.1"
	Type       string // PolicyType in the trace; defaults by slot (TypeIdentity, ...)
	SourceType string // SourcePolicyType of MatchedStatements (user, group, role, aws-managed, user-managed, resource, none)
	Policy     *Policy
}

// Set is every policy that applies to a request.
type Set struct {
	Identity []Input // identity-based policies of the principal
	Resource *Input  // the resource's policy (Kind Resource or Trust), if any
	Boundary []Input // the principal's permissions boundary
	Session  []Input // session policies of the principal's session
}

// Result is the outcome of Evaluate. The fields after Decision are filled
// only when a trace is asked for.
type Result struct {
	Decision Decision `json:"EvalDecision"`
	Trace    *Trace   `json:"Trace,omitempty"`
	// MatchedStatements are the statements that decided, as the
	// simulate APIs' MatchedStatements.
	MatchedStatements []MatchedStatement `json:"MatchedStatements,omitempty"`
	// MissingContextValues are the condition keys (and policy variables)
	// the policies use that the request does not provide, sorted.
	MissingContextValues []string `json:"MissingContextValues,omitempty"`
	// EvalDecisionDetails gives the decision of each policy type.
	EvalDecisionDetails map[string]Decision `json:"EvalDecisionDetails,omitempty"`
	// PermissionsBoundaryDecisionDetail is set when a boundary applies.
	PermissionsBoundaryDecisionDetail *BoundaryDetail `json:"PermissionsBoundaryDecisionDetail,omitempty"`
}

// Allowed reports whether the request is allowed.
func (r Result) Allowed() bool { return r.Decision == Allowed }

// Denied reports whether the request is denied, explicitly or implicitly.
func (r Result) Denied() bool { return r.Decision != Allowed }

// BoundaryDetail is the simulate APIs' PermissionsBoundaryDecisionDetail.
type BoundaryDetail struct {
	AllowedByPermissionsBoundary bool `json:"AllowedByPermissionsBoundary"`
}

// MatchedStatement is the simulate APIs' Statement.
type MatchedStatement struct {
	SourcePolicyId   string   `json:"SourcePolicyId"`
	SourcePolicyType string   `json:"SourcePolicyType"`
	StartPosition    Position `json:"StartPosition"`
	EndPosition      Position `json:"EndPosition"`
}

// Trace explains a decision in the shape of CONTRACT.md "The explanation
// (Trace)".
type Trace struct {
	Decision           Decision       `json:"Decision"`
	DecidingStatements []StatementRef `json:"DecidingStatements"`
	Policies           []PolicyTrace  `json:"Policies"`
	// Path is the way the request went through AWS's evaluation
	// flowchart (path.go), ending in Decision.
	Path []PathStep `json:"Path"`
}

// APITrace makes *Trace an api.Trace, the type of api.Error.Trace.
func (*Trace) APITrace() {}

// StatementRef names one statement of one policy.
type StatementRef struct {
	PolicyId       string `json:"PolicyId"`
	StatementIndex int    `json:"StatementIndex"`
}

// PolicyTrace is every statement of one policy with whether it matched.
type PolicyTrace struct {
	PolicyId   string           `json:"PolicyId"`
	PolicyType string           `json:"PolicyType"`
	Statements []StatementTrace `json:"Statements"`
}

// StatementTrace is one statement: whether it matched, and if not, the
// first element that failed and why.
type StatementTrace struct {
	StatementIndex int      `json:"StatementIndex"`
	Sid            string   `json:"Sid"`
	Effect         string   `json:"Effect"`
	Matched        bool     `json:"Matched"`
	Reason         string   `json:"Reason"`
	StartPosition  Position `json:"StartPosition"`
	EndPosition    Position `json:"EndPosition"`
}

// level is how directly a resource-based policy statement names the caller.
type level uint8

const (
	lvlNone    level = iota
	lvlAccount       // the caller's account (id or root ARN)
	lvlIssuer        // the role (or IAM user) the caller's session came from
	lvlDirect        // the caller itself: user ARN, session ARN, "*", service
)

type slot uint8

const (
	slotIdentity slot = iota
	slotResource
	slotBoundary
	slotSession
)

var slotTypes = [...]string{TypeIdentity, TypeResource, TypeBoundary, TypeSession}

// tally is what the statements of each slot gave.
type tally struct {
	allow, deny [4]bool
	resLevel    level
	err         error
}

// Evaluate decides whether req is allowed by the policies of set, following
// AWS's [policy evaluation logic]:
//
//  1. An explicit Deny in any applicable policy (identity-based,
//     resource-based, permissions boundary, session) denies.
//  2. The root user may do anything in its own account (only an explicit
//     deny, e.g. in a bucket policy, stops it).
//  3. Within one account, an Allow from an identity-based policy allows
//     when every permissions boundary and session policy present also
//     allows (they intersect). An Allow from a resource-based policy that
//     names the caller itself (IAM user ARN, role session ARN, "*") allows
//     regardless of boundary and session policies; one that names the role
//     a session came from is still limited by them; one that names the
//     account delegates to the identity-based policies
//     ([permissions boundaries], [session policies]).
//     Role trust policies are the exception: they must allow the caller
//     themselves, and the caller's boundary must allow sts:AssumeRole
//     ([trust policies]).
//  4. Across accounts both the identity side and the resource-based policy
//     must allow ([cross-account evaluation]).
//  5. Otherwise the request is implicitly denied.
//
// Every statement is evaluated: with withTrace, each one's outcome is
// recorded (no short circuit, so the trace shows every reason). Without it,
// Evaluate does not allocate for policies without variables. An error
// reports a request value a condition cannot read (or a misuse of the Set);
// the Decision is then ImplicitDeny and must not be taken as an answer.
//
// [policy evaluation logic]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// [permissions boundaries]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-eval-logic
// [session policies]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// [trust policies]: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
// [cross-account evaluation]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
func Evaluate(req *Request, set *Set, withTrace bool) (Result, error) {
	if withTrace {
		return evaluateTraced(req, set)
	}
	if err := checkSet(set); err != nil {
		return Result{}, err
	}
	var t tally
	evalSet(req, set, &t, nil)
	if t.err != nil {
		return Result{Decision: ImplicitDeny}, t.err
	}
	return Result{Decision: decide(req, set, &t)}, nil
}

// evaluateTraced is Evaluate with a trace. It is a function of its own so
// that its Tracer does not weigh on the stack frame of the hot path.
//
//go:noinline
func evaluateTraced(req *Request, set *Set) (Result, error) {
	var tr Tracer
	if set != nil {
		tr.tb.size(set) // one Tracer, one evaluation: size its buffers once
	}
	if _, err := tr.Evaluate(req, set); err != nil {
		return Result{}, err
	}
	return tr.result(), nil
}

// evalSet evaluates every statement of every policy of set into t, and with
// tb records each one's outcome.
func evalSet(req *Request, set *Set, t *tally, tb *traceBuilder) {
	hasBoundary := len(set.Boundary) > 0
	for i := range set.Identity {
		evalPolicy(req, &set.Identity[i], slotIdentity, hasBoundary, t, tb)
	}
	if set.Resource != nil {
		evalPolicy(req, set.Resource, slotResource, hasBoundary, t, tb)
	}
	for i := range set.Boundary {
		evalPolicy(req, &set.Boundary[i], slotBoundary, hasBoundary, t, tb)
	}
	for i := range set.Session {
		evalPolicy(req, &set.Session[i], slotSession, hasBoundary, t, tb)
	}
}

func checkSet(set *Set) error {
	if set == nil {
		return errors.New("policy.Evaluate: nil Set")
	}
	for i := range set.Identity {
		if err := checkInput(&set.Identity[i], false); err != nil {
			return err
		}
	}
	for i := range set.Boundary {
		if err := checkInput(&set.Boundary[i], false); err != nil {
			return err
		}
	}
	for i := range set.Session {
		if err := checkInput(&set.Session[i], false); err != nil {
			return err
		}
	}
	if set.Resource != nil {
		return checkInput(set.Resource, true)
	}
	return nil
}

func checkInput(in *Input, resource bool) error {
	if in.Policy == nil {
		return fmt.Errorf("policy.Evaluate: policy %q is nil", in.ID)
	}
	if in.Policy.Kind.namesPrincipal() != resource {
		return fmt.Errorf("policy.Evaluate: policy %q is a %s policy in the wrong place of the Set", in.ID, in.Policy.Kind)
	}
	return nil
}

// decide applies the evaluation logic to the tally.
func decide(req *Request, set *Set, t *tally) Decision {
	if t.deny[slotIdentity] || t.deny[slotResource] || t.deny[slotBoundary] || t.deny[slotSession] {
		return ExplicitDeny
	}
	c := &req.Principal
	resAllow := t.allow[slotResource]
	boundaryOK := len(set.Boundary) == 0 || t.allow[slotBoundary]
	sessionOK := len(set.Session) == 0 || t.allow[slotSession]
	identity := t.allow[slotIdentity] && boundaryOK && sessionOK
	same := c.Account != "" && (req.ResourceAccount == "" || req.ResourceAccount == c.Account)
	allowed := false
	switch c.Type {
	case Anonymous, Service, WebIdentity:
		// No identity-based policies: only the resource policy can allow.
		allowed = resAllow
	case Root:
		allowed = same || resAllow
	default:
		switch {
		case set.Resource != nil && set.Resource.Policy.Kind == Trust && same:
			// A trust policy must trust the caller (or its role), or trust
			// the account and an identity policy allow sts:AssumeRole; the
			// boundary limits even a caller named directly.
			allowed = resAllow && boundaryOK && sessionOK && (t.resLevel >= lvlIssuer || t.allow[slotIdentity])
		case same:
			allowed = identity ||
				t.resLevel == lvlDirect ||
				t.resLevel == lvlIssuer && boundaryOK && sessionOK
		default:
			allowed = identity && resAllow
		}
	}
	if allowed {
		return Allowed
	}
	return ImplicitDeny
}

// evalPolicy evaluates every statement of one policy.
func evalPolicy(req *Request, in *Input, s slot, hasBoundary bool, t *tally, tb *traceBuilder) {
	p := in.Policy
	if tb != nil {
		tb.policy(in, s)
	}
	for _, st := range p.Statements {
		ok, lvl, err := st.match(req, p, hasBoundary)
		if err != nil {
			if t.err == nil {
				t.err = &EvalError{PolicyID: in.ID, StatementIndex: st.Index, Msg: err.Error()}
			}
			ok = false
		}
		if ok {
			if st.Effect == Deny {
				t.deny[s] = true
			} else {
				t.allow[s] = true
				if s == slotResource && lvl > t.resLevel {
					t.resLevel = lvl
				}
			}
		}
		if tb != nil {
			tb.statement(req, p, st, ok, err, hasBoundary)
		}
	}
}

// match reports whether st applies to req, and for a resource-based policy
// how directly its principal names the caller.
func (st *Statement) match(req *Request, p *Policy, hasBoundary bool) (bool, level, error) {
	lvl := lvlDirect
	if p.Kind.namesPrincipal() {
		lvl = st.principalLevel(&req.Principal, hasBoundary)
		if lvl == lvlNone {
			return false, lvlNone, nil
		}
	}
	if !st.matchAction(req.Action) {
		return false, lvlNone, nil
	}
	if p.Kind != Trust {
		ok, unresolved := st.matchResource(req)
		if !ok || unresolved != "" {
			return false, lvlNone, nil
		}
	}
	for _, c := range st.Conditions {
		ok, r := c.eval(req)
		if r.badValue != "" {
			return false, lvlNone, errors.New(r.badValue)
		}
		if !ok {
			return false, lvlNone, nil
		}
	}
	return true, lvl, nil
}

func (st *Statement) matchAction(action string) bool {
	for i := range st.actions {
		if st.actions[i].match(action) {
			return !st.NotAction
		}
	}
	return st.NotAction
}

// matchResource reports whether the request's resource matches. An
// unresolved policy variable makes the statement not apply ("If AWS cannot
// resolve a variable this might cause the entire statement to be invalid",
// [policy variables]); its name is returned.
func (st *Statement) matchResource(req *Request) (bool, string) {
	for i := range st.resources {
		rp := &st.resources[i]
		var ok bool
		if rp.tpl != nil {
			s, name, resolved := rp.tpl.resolve(req, true)
			if !resolved {
				return false, name
			}
			ap := compileARNEncoded(s)
			ok = ap.match(req.Resource)
		} else {
			ok = rp.arn.match(req.Resource)
		}
		if ok {
			return !st.NotResource, ""
		}
	}
	return st.NotResource, ""
}

// principalLevel matches the Principal or NotPrincipal element.
func (st *Statement) principalLevel(c *Caller, hasBoundary bool) level {
	pr := st.Principal
	if pr == nil {
		return lvlNone
	}
	if st.NotPrincipal {
		// "The NotPrincipal element with a Deny effect will always deny any
		// IAM principal that has a permissions boundary policy attached,
		// regardless of the values specified in the NotPrincipal element."
		// ([NotPrincipal])
		//
		// [NotPrincipal]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
		if hasBoundary && (c.Type == User || c.Type == AssumedRole) {
			return lvlDirect
		}
		if notPrincipalExcludes(pr, c) {
			return lvlNone
		}
		return lvlDirect
	}
	return principalMatch(pr, c)
}

func hasIAMIdentity(t PrincipalType) bool {
	return t == User || t == AssumedRole || t == FederatedUser
}

func principalMatch(pr *Principal, c *Caller) level {
	best := lvlNone
	for _, e := range pr.aws {
		switch e.kind {
		case awsAny:
			return lvlDirect
		case awsAccount:
			if c.Account == e.val {
				if c.Type == Root {
					return lvlDirect
				}
				if hasIAMIdentity(c.Type) && best < lvlAccount {
					best = lvlAccount
				}
			}
		case awsARN:
			if !hasIAMIdentity(c.Type) {
				continue
			}
			if c.ARN == e.val {
				return lvlDirect
			}
			if c.Issuer != "" && c.Issuer == e.val && best < lvlIssuer {
				best = lvlIssuer
			}
		}
	}
	if c.Type == Service {
		for _, s := range pr.Service {
			if strings.EqualFold(s, c.ARN) {
				return lvlDirect
			}
		}
	}
	if c.Type == WebIdentity {
		for _, f := range pr.Federated {
			if f == c.ARN {
				return lvlDirect
			}
		}
	}
	if c.CanonicalUser != "" && slices.Contains(pr.CanonicalUser, c.CanonicalUser) {
		return lvlDirect
	}
	return best
}

// notPrincipalExcludes reports whether NotPrincipal lists the caller. AWS
// checks the account, then the role, then the session, so a caller is
// excluded only when its account is listed too ([NotPrincipal]: "you must
// also specify the account ARN of the principal that you don't want to
// deny").
func notPrincipalExcludes(pr *Principal, c *Caller) bool {
	account, self := false, false
	for _, e := range pr.aws {
		switch e.kind {
		case awsAny:
			return true
		case awsAccount:
			account = account || (c.Account != "" && c.Account == e.val)
		case awsARN:
			self = self || (hasIAMIdentity(c.Type) && (c.ARN == e.val || c.Issuer != "" && c.Issuer == e.val))
		}
	}
	switch c.Type {
	case Root:
		return account
	case User, AssumedRole, FederatedUser:
		return account && self
	}
	return principalMatch(pr, c) == lvlDirect
}

// appendReason appends why st does not apply to req: the first element that
// failed, and why. It writes into the trace's buffer rather than building
// strings, as the simulator explains thousands of statements per call.
func (st *Statement) appendReason(b []byte, req *Request, p *Policy, hasBoundary bool) []byte {
	c := &req.Principal
	if p.Kind.namesPrincipal() && st.principalLevel(c, hasBoundary) == lvlNone {
		who := c.ARN
		if c.Type == Anonymous {
			who = "anonymous caller"
		}
		if st.NotPrincipal {
			return append(append(append(b, "NotPrincipal: "...), who...), " is excluded"...)
		}
		return append(append(append(b, "Principal: "...), who...), " is not named by the statement"...)
	}
	if !st.matchAction(req.Action) {
		if st.NotAction {
			return st.appendActions(append(append(append(b, "NotAction: "...), req.Action...), " matches "...))
		}
		return st.appendActions(append(append(append(b, "Action: "...), req.Action...), " does not match "...))
	}
	if p.Kind != Trust {
		ok, unresolved := st.matchResource(req)
		name := "Resource"
		if st.NotResource {
			name = "NotResource"
		}
		switch {
		case unresolved != "":
			return append(append(append(append(b, name...), ": policy variable "...), unresolved...), " has no value in the request"...)
		case !ok && st.NotResource:
			return st.appendResources(append(append(append(b, "NotResource: "...), req.Resource...), " matches "...))
		case !ok:
			return st.appendResources(append(append(append(b, "Resource: "...), req.Resource...), " does not match "...))
		}
	}
	for _, cond := range st.Conditions {
		ok, r := cond.eval(req)
		if r.unresolved != "" {
			b = cond.appendHead(b)
			return append(append(append(b, "policy variable "...), r.unresolved...), " has no value in the request"...)
		}
		if !ok {
			return cond.appendReason(b, req)
		}
	}
	return b
}

// String formats a StatementRef as "PolicyId[index]".
func (s StatementRef) String() string { return s.PolicyId + "[" + strconv.Itoa(s.StatementIndex) + "]" }
