package cloud

import (
	"errors"
	"maps"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/iam"
	"cloudplay/core/iam/policy"
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
	Trace      any // the evaluator's explanation (*policy.Trace) of a denial
	// Err is set when the policies could not be evaluated (a request value
	// a condition cannot read): the call fails with it, neither allowed
	// nor denied.
	Err error
}

// Authorizer decides whether a principal may perform an action.
type Authorizer interface {
	Authorize(p api.Principal, a api.Action, env *api.Env) AuthDecision
}

// ResourcePolicyFunc returns the resource-based policy that applies to an
// action on resource, as JSON text, and the account that owns the
// resource; ok is false when the resource has no policy. owner may be set
// without a policy (a bucket of another account).
type ResourcePolicyFunc func(resource string) (text, owner string, ok bool)

// policyAuthorizer authorises with the account's IAM policies and the
// resources' policies, through the policy engine.
type policyAuthorizer struct {
	iam *iam.Service
	// bucketPolicy is the S3 bucket policy hook (nil: no bucket policies).
	bucketPolicy ResourcePolicyFunc
	// parsed caches parsed resource policies by their text, so the hot path
	// parses a bucket policy once.
	parsed map[string]*policy.Policy
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
	set, caller, err := z.iam.PolicySet(p.ARN)
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
	res, owner, err := z.resourcePolicy(a)
	if err != nil {
		return AuthDecision{Err: err}
	}
	if p.Type == api.Root && bucketPolicyActions[a.Action] && (owner == "" || owner == p.Account) {
		// "To ensure that bucket owners don't inadvertently lock themselves
		// out of their own buckets, the root principal in a bucket owner's
		// account can perform the GetBucketPolicy, PutBucketPolicy, and
		// DeleteBucketPolicy API actions, even if their bucket policy
		// explicitly denies the root principal's access."
		// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html
		res = nil
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

// bucketPolicyActions are the actions S3 never denies the bucket owner's root.
var bucketPolicyActions = map[string]bool{"s3:GetBucketPolicy": true, "s3:PutBucketPolicy": true, "s3:DeleteBucketPolicy": true}

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
// caller's own, or when the ARN names no account).
func (z *policyAuthorizer) resourcePolicy(a api.Action) (*policy.Input, string, error) {
	arn := a.Resource
	switch {
	case (a.Action == "sts:AssumeRole" || a.Action == "sts:TagSession") && isRoleARN(arn):
		trust, ok := z.iam.TrustPolicy(arn)
		if !ok {
			return nil, arnAccount(arn), nil
		}
		return &policy.Input{ID: arn, SourceType: "resource", Policy: trust}, arnAccount(arn), nil
	case strings.HasPrefix(arn, "arn:aws:s3:::"):
		if z.bucketPolicy == nil {
			return nil, "", nil
		}
		bucket, _, _ := strings.Cut(strings.TrimPrefix(arn, "arn:aws:s3:::"), "/")
		text, owner, ok := z.bucketPolicy(bucket)
		if !ok {
			return nil, owner, nil
		}
		pol, err := z.parse(text)
		if err != nil {
			return nil, owner, err
		}
		return &policy.Input{ID: "arn:aws:s3:::" + bucket, SourceType: "resource", Policy: pol}, owner, nil
	}
	return nil, arnAccount(arn), nil
}

func (z *policyAuthorizer) parse(text string) (*policy.Policy, error) {
	if p := z.parsed[text]; p != nil {
		return p, nil
	}
	p, err := policy.Parse(text, policy.Resource)
	if err != nil {
		// S3 accepted a policy the engine cannot read: say so rather than
		// decide without it.
		return nil, &api.Error{Code: "PolicyEvaluation", Message: "The request failed because the bucket policy could not be evaluated: " + err.Error()}
	}
	if len(z.parsed) >= maxCachedPolicies {
		clear(z.parsed)
	}
	z.parsed[text] = p
	return p, nil
}

func isRoleARN(arn string) bool {
	return strings.HasPrefix(arn, "arn:aws:iam::") && strings.Contains(arn, ":role/")
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
func accessDenied(proto api.Protocol, p api.Principal, a api.Action, d AuthDecision) error {
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
