package analyzer

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"cloudplay/core/policy"
)

// permissive reports the Allow statements the IAM best practices warn
// about: NotAction, NotResource, and every action on every resource
// without a condition. These are cloudplay's checks; AWS's ValidatePolicy
// has no finding for them (see codes.go).
func (v *validator) permissive(st *statement) {
	if st.notAction != nil && st.action == nil {
		v.add("ALLOW_WITH_NOT_ACTION", "Using Allow with NotAction allows every action not listed, including actions of services added later. We recommend that you list the allowed actions in Action instead.", st.notAction.loc())
	}
	if st.notResource != nil && st.resource == nil {
		v.add("ALLOW_WITH_NOT_RESOURCE", "Using Allow with NotResource allows the actions on every resource not listed, including resources created later. We recommend that you list the allowed resources in Resource instead.", st.notResource.loc())
	}
	if st.condition == nil && !st.notActs && !st.notRes &&
		slices.ContainsFunc(st.actions, func(a *node) bool { return a.str == "*" || a.str == "*:*" }) &&
		slices.ContainsFunc(st.resources, func(r *node) bool { return r.str == "*" }) {
		v.add("ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES", "This statement allows every action on every resource: full administrator access. We recommend that you grant only the permissions required to perform a task (least privilege).", st.n.loc())
	}
}

// passRole reports an Allow statement that lets iam:PassRole pass any
// role ([Security Warning – Pass role with star in resource] and its
// variants). A statement with the iam:PassedToService condition key is
// fine with a '*' resource.
//
// [Security Warning – Pass role with star in resource]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource
func (v *validator) passRole(st *statement) {
	const passRole = "iam:PassRole"
	literal, star := false, false
	for _, a := range st.actions {
		if policy.MatchFold(a.str, passRole) {
			if strings.EqualFold(a.str, passRole) {
				literal = true
			} else {
				star = true
			}
		}
	}
	if st.notActs {
		// NotAction grants iam:PassRole unless it lists it.
		literal, star = false, !literal && !star
	}
	if !literal && !star {
		return
	}
	var code, details string
	switch {
	case st.notRes && st.notActs:
		code, details = "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead."
	case st.notRes && star:
		code, details = "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead."
	case st.notRes:
		code, details = "PASS_ROLE_WITH_NOT_RESOURCE", "Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead."
	case !slices.ContainsFunc(st.resources, func(r *node) bool { return strings.Contains(r.str, "*") }) || v.hasKey(st, "iam:PassedToService"):
		return
	case st.notActs:
		code, details = "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."
	case star:
		code, details = "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."
	default:
		code, details = "PASS_ROLE_WITH_STAR_IN_RESOURCE", "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."
	}
	at := st.resource
	if st.notRes {
		at = st.notResource
	}
	if at == nil {
		at = st.n
	}
	v.add(code, details, at.loc())
}

// hasKey reports whether the statement's Condition uses the key.
func (v *validator) hasKey(st *statement, key string) bool {
	if st.condition == nil || st.condition.kind != objectNode {
		return false
	}
	for _, om := range st.condition.members {
		if om.val.kind != objectNode {
			continue
		}
		for _, km := range om.val.members {
			if strings.EqualFold(km.key, key) {
				return true
			}
		}
	}
	return false
}

// redundantStatements reports a statement whose permissions another
// statement of the same effect, principal and condition already grants:
// each of its actions and resources is covered by the other's. NotAction
// and NotResource statements count only when equal.
func (v *validator) redundantStatements(stmts []*statement) {
	if len(stmts) < 2 || !v.spend(len(stmts)*len(stmts)) {
		return
	}
	sig := make([]string, len(stmts))
	for i, st := range stmts {
		sig[i] = st.effect + "\x00" + v.canonical(st.principal) + "\x00" + v.canonical(st.notPrinc) + "\x00" + v.canonical(st.condition) +
			"\x00" + boolStr(st.notActs) + boolStr(st.notRes)
	}
	for j, b := range stmts {
		if b.effect == "" || len(b.actions) == 0 || (len(b.resources) == 0 && b.resource != nil) {
			continue
		}
		for i, a := range stmts {
			if i == j || sig[i] != sig[j] || !v.spend(len(a.actions)*len(b.actions)+len(a.resources)*len(b.resources)) {
				continue
			}
			if !covered(a, b) || (covered(b, a) && j < i) {
				continue
			}
			v.add("REDUNDANT_STATEMENT", "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.", b.n.loc(), a.n.loc())
			break
		}
	}
}

// covered reports whether statement a grants everything statement b does
// (same signature assumed).
func covered(a, b *statement) bool {
	if a.notActs || a.notRes {
		return sameStrings(a.actions, b.actions) && sameStrings(a.resources, b.resources)
	}
	all := func(bs, as []*node, covers func(x, y string) bool) bool {
		for _, y := range bs {
			if !slices.ContainsFunc(as, func(x *node) bool { return covers(x.str, y.str) }) {
				return false
			}
		}
		return true
	}
	return all(b.actions, a.actions, actionCovers) && all(b.resources, a.resources, resourceCovers)
}

func sameStrings(a, b []*node) bool {
	return slices.EqualFunc(a, b, func(x, y *node) bool { return x.str == y.str })
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// canonical is the text of an element without white space, to compare
// Principal and Condition elements.
func (v *validator) canonical(n *node) string {
	if n == nil {
		return ""
	}
	var buf bytes.Buffer
	if json.Compact(&buf, []byte(v.r.src[n.start.Byte:n.end.Byte])) != nil {
		return v.r.src[n.start.Byte:n.end.Byte]
	}
	return buf.String()
}
