package cloud

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/iam"
	"cloudplay/core/policy"
)

// Decision names an authorisation outcome with the EvalDecision values of
// the IAM simulate APIs.
const (
	Allowed      = "allowed"
	ExplicitDeny = "explicitDeny"
	ImplicitDeny = "implicitDeny"
)

// AuthDecision is the authoriser's answer for one action.
type AuthDecision struct {
	Decision string // Allowed, ExplicitDeny or ImplicitDeny
	// PolicyType names the kind of policy that denied, as AWS's messages
	// do: "identity-based policy", "resource-based policy", "permissions
	// boundary", "session policy".
	PolicyType string
	Trace      *policy.Trace // the evaluator's explanation of a denial
	// Err is set when the policies could not be evaluated (a request value
	// a condition cannot read): the call fails with it, neither allowed
	// nor denied.
	Err error
}

// Authorizer decides whether a principal may perform an action.
type Authorizer interface {
	Authorize(p api.Principal, a api.Action, env *api.Env) AuthDecision
}

// policyAuthorizer authorises with the account's IAM policies and the
// resources' policies, through the policy engine.
type policyAuthorizer struct {
	iam *iam.Service
	// services are the account's services by prefix: the resource policy
	// of an ARN is the lookup of the service its service field names.
	services map[string]*api.Descriptor
	// parsed caches parsed resource policies by their text and kind, so
	// the hot path parses a policy once.
	parsed map[parsedKey]*policy.Policy
}

type parsedKey struct {
	text string
	kind policy.Kind
}

var _ Authorizer = (*policyAuthorizer)(nil)

// maxCachedPolicies bounds the cache of parsed resource policies.
const maxCachedPolicies = 256

// Authorize evaluates every policy that applies to p performing a: the
// principal's identity-based policies, permissions boundary and session
// policies (iam.Service.PolicySet), and the resource's policy — a role's
// trust policy for sts:AssumeRole and sts:TagSession on a role ARN, the
// bucket policy for an S3 bucket or object ARN. It evaluates without a
// trace; only a denial is evaluated again with one, so that the error
// carries its explanation (CONTRACT.md "Denials carry their explanation").
func (z *policyAuthorizer) Authorize(p api.Principal, a api.Action, env *api.Env) AuthDecision {
	set, caller, err := z.policySet(p)
	if err != nil {
		return AuthDecision{Err: err}
	}
	req := &policy.Request{
		Principal: caller,
		Action:    a.Action,
		Resource:  a.Resource,
		Context:   requestContext(env.Context, a.Context),
		Time:      env.Now.Std(),
	}
	res, owner, err := z.resourcePolicy(p, a)
	if err != nil {
		return AuthDecision{Err: err}
	}
	set.Resource = res
	req.ResourceAccount = owner
	r, err := policy.Evaluate(req, set, false)
	if err != nil {
		return AuthDecision{Err: evaluationError(err)}
	}
	if r.Allowed() {
		return AuthDecision{Decision: Allowed}
	}
	r, err = policy.Evaluate(req, set, true)
	if err != nil {
		return AuthDecision{Err: evaluationError(err)}
	}
	return AuthDecision{Decision: r.Decision.String(), PolicyType: denyingType(r, set, req), Trace: r.Trace}
}

// policySet returns the policies of p and p as the evaluator sees it. A
// service principal has no identity-based policies: only a resource's
// policy (a role's trust policy) can allow it.
func (z *policyAuthorizer) policySet(p api.Principal) (*policy.Set, policy.Caller, error) {
	if p.Type == api.Service {
		return &policy.Set{}, policy.Caller{Type: policy.Service, ARN: p.ARN}, nil
	}
	return z.iam.PolicySet(p.ARN)
}

// requestContext merges the call's request context and the action's own
// keys (the action's win).
func requestContext(call, action map[string][]string) map[string][]string {
	if len(action) == 0 {
		return call
	}
	ctx := make(map[string][]string, len(call)+len(action))
	maps.Copy(ctx, call)
	maps.Copy(ctx, action)
	return ctx
}

// resourcePolicy returns the resource-based policy of a's resource (nil
// when it has none) and the account that owns the resource ("" for the
// caller's own, or when the ARN names no account): the lookup of the
// service the ARN's service field names. A principal p that is the root
// user of the owner's account is not bound by the policy for the actions
// the service lets the owner's root keep (api.Descriptor.OwnerRootKeeps).
func (z *policyAuthorizer) resourcePolicy(p api.Principal, a api.Action) (*policy.Input, string, error) {
	arn := a.Resource
	svc := z.services[arnService(arn)]
	if svc == nil || svc.ResourcePolicy == nil {
		return nil, arnAccount(arn), nil
	}
	rp, ok := svc.ResourcePolicy(a.Action, arn)
	owner := rp.Owner
	if owner == "" {
		owner = arnAccount(arn)
	}
	if !ok || rp.Text == "" {
		return nil, owner, nil
	}
	if p.Type == api.Root && (owner == "" || owner == p.Account) && slices.Contains(svc.OwnerRootKeeps, a.Action) {
		return nil, owner, nil
	}
	kind := policy.Resource
	if rp.Trust {
		kind = policy.Trust
	}
	pol, err := z.parse(rp.Text, kind)
	if err != nil {
		return nil, owner, err
	}
	return &policy.Input{ID: resourceID(arn, rp.Trust), SourceType: "resource", Policy: pol}, owner, nil
}

// resourceID names a resource policy in traces: the role for a trust
// policy, the bucket for an S3 bucket policy (whose ARN may be an
// object's), the resource's ARN otherwise.
func resourceID(arn string, trust bool) string {
	if rest, ok := strings.CutPrefix(arn, "arn:aws:s3:::"); ok && !trust {
		bucket, _, _ := strings.Cut(rest, "/")
		return "arn:aws:s3:::" + bucket
	}
	return arn
}

func (z *policyAuthorizer) parse(text string, kind policy.Kind) (*policy.Policy, error) {
	key := parsedKey{text, kind}
	if p := z.parsed[key]; p != nil {
		return p, nil
	}
	p, err := policy.Parse(text, kind)
	if err != nil {
		// A service accepted a policy the engine cannot read: say so
		// rather than decide without it.
		return nil, &api.Error{Code: "PolicyEvaluation", Message: "The request failed because the resource policy could not be evaluated: " + err.Error()}
	}
	if len(z.parsed) >= maxCachedPolicies {
		clear(z.parsed)
	}
	z.parsed[key] = p
	return p, nil
}

// arnService returns the service field of arn ("s3" of arn:aws:s3:::b).
func arnService(arn string) string {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return ""
	}
	_, rest, _ = strings.Cut(rest, ":") // the partition
	svc, _, _ := strings.Cut(rest, ":")
	return svc
}

// arnAccount returns the 12-digit account of arn, or "" when it names none
// (S3 ARNs, AWS managed policies, "*").
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || len(parts[4]) != 12 {
		return ""
	}
	for _, c := range parts[4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return parts[4]
}

// evaluationError is IAM's PolicyEvaluation error for a request the
// policies cannot be evaluated against.
func evaluationError(err error) error {
	var ee *policy.EvalError
	msg := err.Error()
	if errors.As(err, &ee) {
		msg = "policy " + ee.PolicyID + " statement " + strconv.Itoa(ee.StatementIndex) + ": " + ee.Msg
	}
	return &api.Error{Code: "PolicyEvaluation", Message: "The request failed because a policy could not be evaluated: " + msg}
}

// The policy types of AWS's access denied messages
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
const (
	identityPolicy   = "identity-based policy"
	resourcePolicy   = "resource-based policy"
	boundaryPolicy   = "permissions boundary"
	sessionPolicyTyp = "session policy"
)

// denyingType names the type of policy a denial is due to: for an explicit
// deny, the first type holding a matching Deny; for an implicit one, the
// type that did not allow.
func denyingType(r policy.Result, set *policy.Set, req *policy.Request) string {
	d := r.EvalDecisionDetails
	if r.Decision == policy.ExplicitDeny {
		for _, t := range []struct{ slot, name string }{
			{policy.TypeIdentity, identityPolicy}, {policy.TypeResource, resourcePolicy},
			{policy.TypeBoundary, boundaryPolicy}, {policy.TypeSession, sessionPolicyTyp},
		} {
			if d[t.slot] == policy.ExplicitDeny {
				return t.name
			}
		}
		return identityPolicy
	}
	c := req.Principal
	cross := req.ResourceAccount != "" && req.ResourceAccount != c.Account
	trust := set.Resource != nil && set.Resource.Policy.Kind == policy.Trust
	switch {
	case (cross || trust || c.Type == policy.Root) && d[policy.TypeResource] != policy.Allowed:
		return resourcePolicy
	case d[policy.TypeIdentity] != policy.Allowed && !(trust && d[policy.TypeResource] == policy.Allowed):
		return identityPolicy
	case len(set.Boundary) > 0 && d[policy.TypeBoundary] != policy.Allowed:
		return boundaryPolicy
	case len(set.Session) > 0 && d[policy.TypeSession] != policy.Allowed:
		return sessionPolicyTyp
	}
	return identityPolicy
}

// accessDenied words a denial as AWS does
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
// "User: ARN is not authorized to perform: ACTION on resource: ARN because
// no identity-based policy allows the ACTION action", or "... with an
// explicit deny in a(n) TYPE".
//
// AWS quotes the ARNs whole; here they are clipped at maxQuotedARN code
// points, which every real ARN fits (an S3 object ARN is at most
// 13+63+1+1024 bytes), so that no input can make the message unbounded.
func accessDenied(proto api.Protocol, p api.Principal, a api.Action, d AuthDecision) *api.Error {
	act := api.Clip(a.Action, maxQuotedARN)
	msg := "User: " + api.Clip(p.ARN, maxQuotedARN) + " is not authorized to perform: " + act
	if a.Resource != "" && a.Resource != "*" {
		msg += " on resource: " + api.Clip(a.Resource, maxQuotedARN)
	}
	kind := d.PolicyType
	if kind == "" {
		kind = identityPolicy
	}
	if d.Decision == ExplicitDeny {
		msg += " with an explicit deny in " + article(kind) + " " + kind
	} else {
		msg += " because no " + kind + " allows the " + act + " action"
	}
	code := "AccessDeniedException"
	if proto == api.Query || proto == api.RestXML {
		code = "AccessDenied"
	}
	e := &api.Error{Code: code, Message: msg}
	if d.Trace != nil {
		e.Trace = d.Trace
	}
	return e
}

// maxQuotedARN bounds, in code points, an ARN quoted in an access denied
// message.
const maxQuotedARN = 2048

func article(s string) string {
	if s != "" && (s[0] == 'a' || s[0] == 'e' || s[0] == 'i' || s[0] == 'o' || s[0] == 'u') {
		return "an"
	}
	return "a"
}
