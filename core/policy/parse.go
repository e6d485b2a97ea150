package policy

import (
	"fmt"
	"strings"
)

// Parse reads a policy document of the given kind. It checks the document
// as IAM does for that kind ([grammar], [policy validation]) and compiles
// it for Evaluate: action patterns, ARN segments, IP prefixes, numbers and
// dates are read once here so evaluation does no parsing. A malformed
// document gives a *SyntaxError, or an ErrorList sorted by position when
// there are several errors. Messages use AWS's MalformedPolicyDocument
// wording where it is known.
//
// [grammar]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// [policy validation]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
func Parse(text string, kind Kind) (*Policy, error) {
	root, size, err := parseJSON(text)
	if err != nil {
		return nil, err
	}
	p := &parser{kind: kind, pol: &Policy{Kind: kind, size: size}, sids: map[string]bool{}}
	p.policy(root)
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	for _, st := range p.pol.Statements {
		st.prepareTrace()
	}
	return p.pol, nil
}

// MustParse is Parse for tests and embedded fixtures; it panics on error.
func MustParse(text string, kind Kind) *Policy {
	p, err := Parse(text, kind)
	if err != nil {
		panic("policy.MustParse: " + err.Error())
	}
	return p
}

type parser struct {
	kind Kind
	pol  *Policy
	errs ErrorList
	sids map[string]bool
}

func (p *parser) errorf(pos Position, format string, args ...any) {
	p.errs = append(p.errs, &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// members checks n is an object with no duplicate member names.
func (p *parser) object(n *node, what string) bool {
	if n.kind != objectNode {
		p.errorf(n.pos, "%s must be a JSON object, not %s", what, n.kind)
		return false
	}
	seen := make(map[string]bool, len(n.members))
	ok := true
	for _, m := range n.members {
		if seen[m.key] {
			// IAM keeps one of the duplicates silently in some paths;
			// we refuse, since which one wins is not documented.
			p.errorf(m.keyPos, "duplicate element %q", Clip(m.key))
			ok = false
		}
		seen[m.key] = true
	}
	return ok
}

func (p *parser) policy(root *node) {
	if !p.object(root, "policy document") {
		return
	}
	var stmts *node
	for _, m := range root.members {
		switch m.key {
		case "Version":
			if m.val.kind != stringNode {
				p.errorf(m.val.pos, "Version must be a string")
				continue
			}
			if m.val.str != Version2012 && m.val.str != Version2008 {
				p.errorf(m.val.pos, "The policy failed legacy parsing: unsupported Version %q (use %q)", Clip(m.val.str), Version2012)
				continue
			}
			p.pol.Version = m.val.str
		case "Id":
			if m.val.kind != stringNode {
				p.errorf(m.val.pos, "Id must be a string")
				continue
			}
			p.pol.ID = m.val.str
		case "Statement":
			stmts = m.val
		default:
			p.errorf(m.keyPos, "Syntax errors in policy: unknown element %q", Clip(m.key))
		}
	}
	if stmts == nil {
		p.errorf(root.pos, "Missing required field Statement")
		return
	}
	switch stmts.kind {
	case objectNode:
		p.statement(stmts)
	case arrayNode:
		if len(stmts.elems) == 0 {
			p.errorf(stmts.pos, "Missing required field Statement")
		}
		for _, e := range stmts.elems {
			p.statement(e)
		}
	default:
		p.errorf(stmts.pos, "Statement must be an object or an array of objects, not %s", stmts.kind)
	}
}

func (p *parser) statement(n *node) {
	if !p.object(n, "statement") {
		return
	}
	st := &Statement{Index: len(p.pol.Statements), Start: n.pos, End: n.end}
	p.pol.Statements = append(p.pol.Statements, st)
	var effect, principal, notPrincipal, action, notAction, resource, notResource, cond *node
	for _, m := range n.members {
		switch m.key {
		case "Sid":
			p.sid(st, m.val)
		case "Effect":
			effect = m.val
		case "Principal":
			principal = m.val
		case "NotPrincipal":
			notPrincipal = m.val
		case "Action":
			action = m.val
		case "NotAction":
			notAction = m.val
		case "Resource":
			resource = m.val
		case "NotResource":
			notResource = m.val
		case "Condition":
			cond = m.val
		default:
			p.errorf(m.keyPos, "Syntax errors in policy: unknown statement element %q", Clip(m.key))
		}
	}
	p.effect(st, n, effect)
	p.principal(st, n, principal, notPrincipal)
	p.actions(st, n, action, notAction)
	p.resources(st, n, resource, notResource)
	if cond != nil {
		p.conditions(st, cond)
	}
}

// sidOK reports whether s is alphanumeric, as IAM requires of the Sid of
// identity-based and trust policies ("Statement IDs (SID) must be
// alpha-numeric"); resource-based policies of other services accept more.
func sidOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func (p *parser) sid(st *Statement, v *node) {
	if v.kind != stringNode {
		p.errorf(v.pos, "Sid must be a string")
		return
	}
	st.Sid = v.str
	if p.kind != Resource && !sidOK(v.str) {
		p.errorf(v.pos, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*")
	}
	if v.str != "" {
		if p.sids[v.str] {
			p.errorf(v.pos, "Statement IDs (SID) in a single policy must be unique.")
		}
		p.sids[v.str] = true
	}
}

func (p *parser) effect(st *Statement, n, v *node) {
	switch {
	case v == nil:
		p.errorf(n.pos, "Missing required field Effect")
	case v.kind != stringNode:
		p.errorf(v.pos, "Effect must be a string")
	case v.str == "Allow":
		st.Effect = Allow
	case v.str == "Deny":
		st.Effect = Deny
	default:
		p.errorf(v.pos, "Invalid effect: %q (must be \"Allow\" or \"Deny\")", Clip(v.str))
	}
}

// strings reads a string or a non-empty array of strings.
func (p *parser) strings(v *node, what string) ([]string, bool) {
	switch v.kind {
	case stringNode:
		return []string{v.str}, true
	case arrayNode:
		if len(v.elems) == 0 {
			p.errorf(v.pos, "%s must not be an empty array", what)
			return nil, false
		}
		out := make([]string, 0, len(v.elems))
		ok := true
		for _, e := range v.elems {
			if e.kind != stringNode {
				p.errorf(e.pos, "%s values must be strings, not %s", what, e.kind)
				ok = false
				continue
			}
			out = append(out, e.str)
		}
		return out, ok
	}
	p.errorf(v.pos, "%s must be a string or an array of strings, not %s", what, v.kind)
	return nil, false
}

func (p *parser) principal(st *Statement, n, pr, notPr *node) {
	v, name := pr, "Principal"
	if notPr != nil {
		v, name = notPr, "NotPrincipal"
	}
	switch {
	case pr != nil && notPr != nil:
		p.errorf(notPr.pos, "a statement cannot have both Principal and NotPrincipal")
		return
	case v != nil && !p.kind.namesPrincipal():
		// Wording of IAM's MalformedPolicyDocument for identity-based
		// policies that name a principal.
		p.errorf(v.pos, "Policy document should not specify a principal.")
		return
	case v == nil && p.kind.namesPrincipal():
		p.errorf(n.pos, "Missing required field Principal")
		return
	case v == nil:
		return
	case notPr != nil && p.kind == Trust:
		// "You cannot use the NotPrincipal element in an IAM identity-based
		// policy nor in an IAM role trust policy."
		p.errorf(v.pos, "NotPrincipal is not supported in a role trust policy")
		return
	}
	prin := &Principal{}
	switch v.kind {
	case stringNode:
		if v.str != "*" {
			p.errorf(v.pos, "Invalid principal in policy: %q (a %s string must be \"*\"; use {\"AWS\": ...})", Clip(v.str), name)
			return
		}
		prin.Wildcard = true
		prin.aws = []awsEntry{{kind: awsAny}}
	case objectNode:
		if !p.object(v, name) {
			return
		}
		if len(v.members) == 0 {
			p.errorf(v.pos, "Invalid principal in policy: empty %s", name)
			return
		}
		for _, m := range v.members {
			vals, ok := p.strings(m.val, name+" "+m.key)
			if !ok {
				continue
			}
			switch m.key {
			case "AWS":
				prin.AWS = vals
				for _, a := range vals {
					e, ok := awsPrincipal(a)
					if !ok {
						p.errorf(m.val.pos, "Invalid principal in policy: \"AWS\":%q", Clip(a))
						continue
					}
					prin.aws = append(prin.aws, e)
				}
			case "Service":
				prin.Service = vals
			case "Federated":
				prin.Federated = vals
			case "CanonicalUser":
				prin.CanonicalUser = vals
			default:
				p.errorf(m.keyPos, "Invalid principal in policy: unknown principal type %q", Clip(m.key))
			}
		}
	default:
		p.errorf(v.pos, "%s must be \"*\" or an object, not %s", name, v.kind)
		return
	}
	st.Principal = prin
	st.NotPrincipal = notPr != nil
	if st.NotPrincipal && st.Effect == Allow && p.effectIsAllow(n) {
		// "NotPrincipal must be used with "Effect":"Deny". Using it with
		// "Effect":"Allow" is not supported."
		p.errorf(v.pos, "NotPrincipal must be used with \"Effect\": \"Deny\"")
	}
}

func (p *parser) effectIsAllow(n *node) bool {
	for _, m := range n.members {
		if m.key == "Effect" && m.val.kind == stringNode && m.val.str == "Allow" {
			return true
		}
	}
	return false
}

// awsPrincipal classifies an "AWS" principal value: "*", an account id,
// an account root ARN, or the ARN of a user, role, role session or
// federated user. A wildcard may not stand for part of a principal
// ([Principal]).
//
// [Principal]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func awsPrincipal(s string) (awsEntry, bool) {
	if s == "*" {
		return awsEntry{kind: awsAny}, true
	}
	if strings.ContainsAny(s, "*?") {
		return awsEntry{}, false
	}
	if isAccountID(s) {
		return awsEntry{kind: awsAccount, val: s}, true
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || (parts[2] != "iam" && parts[2] != "sts") || !isAccountID(parts[4]) || parts[5] == "" {
		return awsEntry{}, false
	}
	if parts[2] == "iam" && parts[5] == "root" {
		return awsEntry{kind: awsAccount, val: parts[4]}, true
	}
	return awsEntry{kind: awsARN, val: s}, true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (p *parser) actions(st *Statement, n, act, notAct *node) {
	v := act
	if notAct != nil {
		v = notAct
	}
	switch {
	case act != nil && notAct != nil:
		p.errorf(notAct.pos, "a statement cannot have both Action and NotAction")
		return
	case v == nil:
		p.errorf(n.pos, "Policy statement must contain actions.")
		return
	}
	what := "Action"
	if notAct != nil {
		what = "NotAction"
	}
	vals, ok := p.strings(v, what)
	if !ok {
		return
	}
	for _, a := range vals {
		vendor, _, hasColon := strings.Cut(a, ":")
		if a != "*" && (!hasColon || vendor == "" || strings.ContainsAny(vendor, "*?")) {
			p.errorf(v.pos, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got %q)", Clip(a))
			continue
		}
		st.actions = append(st.actions, compileAction(a))
	}
	st.Actions, st.NotAction = vals, notAct != nil
}

func (p *parser) resources(st *Statement, n, res, notRes *node) {
	v := res
	if notRes != nil {
		v = notRes
	}
	switch {
	case res != nil && notRes != nil:
		p.errorf(notRes.pos, "a statement cannot have both Resource and NotResource")
		return
	case p.kind == Trust && v != nil:
		name := "Resource"
		if notRes != nil {
			name = "NotResource"
		}
		p.errorf(v.pos, "Has prohibited field %s", name)
		return
	case p.kind == Trust:
		return
	case v == nil:
		p.errorf(n.pos, "Policy statement must contain resources.")
		return
	}
	what := "Resource"
	if notRes != nil {
		what = "NotResource"
	}
	vals, ok := p.strings(v, what)
	if !ok {
		return
	}
	for _, r := range vals {
		if r != "*" && !strings.HasPrefix(r, "arn:") && !strings.HasPrefix(r, "${") {
			p.errorf(v.pos, "Resource %s must be in ARN format or \"*\".", Clip(r))
			continue
		}
		var rp resPattern
		if p.pol.variables() {
			t, err := parseTemplate(r)
			if err != nil {
				p.errorf(v.pos, "%s: %v", what, err)
				continue
			}
			rp.tpl = t
		}
		if rp.tpl == nil {
			rp.arn = compileARN(r)
		}
		st.resources = append(st.resources, rp)
	}
	st.Resources, st.NotResource = vals, notRes != nil
}

func (p *parser) conditions(st *Statement, v *node) {
	if !p.object(v, "Condition") {
		return
	}
	for _, opm := range v.members {
		op, ok := parseOperator(opm.key)
		if !ok {
			p.errorf(opm.keyPos, "unknown condition operator %q", Clip(opm.key))
			continue
		}
		if !p.object(opm.val, "condition operator "+opm.key) {
			continue
		}
		if len(opm.val.members) == 0 {
			p.errorf(opm.val.pos, "condition operator %q has no condition keys", Clip(opm.key))
			continue
		}
		for _, km := range opm.val.members {
			c := &Condition{Operator: opm.key, Key: km.key, Pos: km.keyPos, op: op}
			if km.key == "" || !strings.Contains(km.key, ":") {
				p.errorf(km.keyPos, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (condition key %q)", Clip(km.key))
				continue
			}
			if !p.conditionValues(c, km.val) {
				continue
			}
			if msg, i := compileCondition(c, p.pol.variables()); msg != "" {
				pos := km.val.pos
				if km.val.kind == arrayNode {
					pos = km.val.elems[i].pos
				}
				p.errorf(pos, "%s", msg)
				continue
			}
			st.Conditions = append(st.Conditions, c)
		}
	}
}

func (p *parser) conditionValues(c *Condition, v *node) bool {
	one := func(e *node) bool {
		switch e.kind {
		case stringNode:
			c.Values = append(c.Values, Value{Text: e.str, Kind: StringValue})
		case numberNode:
			c.Values = append(c.Values, Value{Text: e.str, Kind: NumberValue})
		case boolNode:
			c.Values = append(c.Values, Value{Text: e.str, Kind: BoolValue})
		default:
			p.errorf(e.pos, "condition %s %s: values must be strings, numbers or booleans, not %s", Clip(c.Operator), Clip(c.Key), e.kind)
			return false
		}
		return true
	}
	if v.kind != arrayNode {
		return one(v)
	}
	if len(v.elems) == 0 {
		p.errorf(v.pos, "condition %s %s has no values", Clip(c.Operator), Clip(c.Key))
		return false
	}
	ok := true
	for _, e := range v.elems {
		ok = one(e) && ok
	}
	return ok
}
