package analyzer

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"cloudplay/core/policy"
)

// roleCheck is a family of checks on an Allow statement that grants an
// IAM action on roles too broadly: iam:PassRole ([Security Warning – Pass
// role with star in resource] and its variants) and
// iam:CreateServiceLinkedRole ([General Warning – Create SLR with star in
// resource] and its variants). AWS reports a policy with "*" on "*" through
// these checks (it has no finding for "*" on "*" as such).
//
// [Security Warning – Pass role with star in resource]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource
// [General Warning – Create SLR with star in resource]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-create-slr-with-star-in-resource
type roleCheck struct {
	action string // the IAM action
	prefix string // of the issue codes: PASS_ROLE or CREATE_SLR
	exempt string // a condition key that makes a "*" resource fine, or ""
	// details by issue code suffix
	notActionNotResource, starActionNotResource, notResource, starResourceNotAction, starActionResource, starResource string
}

var roleChecks = []roleCheck{{
	action: "iam:PassRole", prefix: "PASS_ROLE", exempt: "iam:PassedToService",
	notActionNotResource:  "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
	starActionNotResource: "Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
	notResource:           "Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
	starResourceNotAction: "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
	starActionResource:    "Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
	starResource:          "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
}, {
	action: "iam:CreateServiceLinkedRole", prefix: "CREATE_SLR",
	notActionNotResource:  "Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
	starActionNotResource: "Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
	notResource:           "Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.",
	starResourceNotAction: "Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.",
	starActionResource:    "Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.",
	starResource:          "Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.",
}}

// roles runs the role checks on an Allow statement.
func (v *validator) roles(st *statement) {
	for _, c := range roleChecks {
		v.roleCheck(st, c)
	}
}

func (v *validator) roleCheck(st *statement, c roleCheck) {
	literal, star := false, false
	for _, a := range st.actions {
		if policy.MatchFold(a.Text, c.action) {
			if strings.EqualFold(a.Text, c.action) {
				literal = true
			} else {
				star = true
			}
		}
	}
	if st.notActs {
		// NotAction grants the action unless it lists it.
		literal, star = false, !literal && !star
	}
	if !literal && !star {
		return
	}
	var suffix, details string
	switch {
	case st.notRes && st.notActs:
		suffix, details = "_WITH_NOT_ACTION_AND_NOT_RESOURCE", c.notActionNotResource
	case st.notRes && star:
		suffix, details = "_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", c.starActionNotResource
	case st.notRes:
		suffix, details = "_WITH_NOT_RESOURCE", c.notResource
	case !slices.ContainsFunc(st.resources, func(r *policy.Node) bool { return strings.Contains(r.Text, "*") }) || (c.exempt != "" && v.hasKey(st, c.exempt)):
		return
	case st.notActs:
		suffix, details = "_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", c.starResourceNotAction
	case star:
		suffix, details = "_WITH_STAR_IN_ACTION_AND_RESOURCE", c.starActionResource
	default:
		suffix, details = "_WITH_STAR_IN_RESOURCE", c.starResource
	}
	at := st.resource
	if st.notRes {
		at = st.notResource
	}
	if at == nil {
		at = st.n
	}
	v.add(c.prefix+suffix, details, loc(at))
}

// hasKey reports whether the statement's Condition uses the key.
func (v *validator) hasKey(st *statement, key string) bool {
	if st.condition == nil || st.condition.Kind != policy.JSONObject {
		return false
	}
	for omi := range st.condition.Members {
		om := &st.condition.Members[omi]
		if om.Value.Kind != policy.JSONObject {
			continue
		}
		for kmi := range om.Value.Members {
			km := &om.Value.Members[kmi]
			if strings.EqualFold(km.Key, key) {
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
			v.add("REDUNDANT_STATEMENT", "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.", loc(b.n), loc(a.n))
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
	all := func(bs, as []*policy.Node, covers func(x, y string) bool) bool {
		for _, y := range bs {
			if !slices.ContainsFunc(as, func(x *policy.Node) bool { return covers(x.Text, y.Text) }) {
				return false
			}
		}
		return true
	}
	return all(b.actions, a.actions, actionCovers) && all(b.resources, a.resources, resourceCovers)
}

func sameStrings(a, b []*policy.Node) bool {
	return slices.EqualFunc(a, b, func(x, y *policy.Node) bool { return x.Text == y.Text })
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// canonical is the text of an element without white space, to compare
// Principal and Condition elements.
func (v *validator) canonical(n *policy.Node) string {
	if n == nil {
		return ""
	}
	var buf bytes.Buffer
	if json.Compact(&buf, []byte(v.doc.Text[n.Start.Byte:n.End.Byte])) != nil {
		return v.doc.Text[n.Start.Byte:n.End.Byte]
	}
	return buf.String()
}
