package cloud

import (
	"cloudplay/core/api"
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
	// PolicyType names the kind of policy that denied: "identity-based",
	// "resource-based", "permissions boundary", "session" (for messages).
	PolicyType string
	Trace      any // the evaluator's explanation, when it gives one
}

// Authorizer decides whether a principal may perform an action.
type Authorizer interface {
	Authorize(p api.Principal, a api.Action, env *api.Env) AuthDecision
}

// rootOnly is AWS's answer in an account with no policies at all: the
// root user may do anything in its own account; every other principal is
// implicitly denied, because no policy allows it anything.
type rootOnly struct{}

func (rootOnly) Authorize(p api.Principal, a api.Action, env *api.Env) AuthDecision {
	if p.Type == api.Root && p.Account == env.Account {
		return AuthDecision{Decision: Allowed}
	}
	return AuthDecision{Decision: ImplicitDeny, PolicyType: "identity-based"}
}

// accessDenied words a denial as AWS does: "User: ARN is not authorized
// to perform: ACTION on resource: ARN because no identity-based policy
// allows the ACTION action", or "... with an explicit deny in a(n) X
// policy".
func accessDenied(proto api.Protocol, p api.Principal, a api.Action, d AuthDecision) error {
	who := "User: " + p.ARN
	msg := who + " is not authorized to perform: " + a.Action
	if a.Resource != "" && a.Resource != "*" {
		msg += " on resource: " + a.Resource
	}
	kind := d.PolicyType
	if kind == "" {
		kind = "identity-based"
	}
	if d.Decision == ExplicitDeny {
		msg += " with an explicit deny in " + article(kind) + " " + kind + " policy"
	} else {
		msg += " because no " + kind + " policy allows the " + a.Action + " action"
	}
	code := "AccessDeniedException"
	if proto == api.Query || proto == api.RestXML {
		code = "AccessDenied"
	}
	return &api.Error{Code: code, Message: msg, Trace: d.Trace}
}

func article(s string) string {
	if s != "" && (s[0] == 'a' || s[0] == 'e' || s[0] == 'i' || s[0] == 'o' || s[0] == 'u') {
		return "an"
	}
	return "a"
}
