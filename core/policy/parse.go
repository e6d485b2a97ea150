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
	doc, err := ReadJSON(text)
	if err != nil {
		return nil, err
	}
	return ParseDocument(doc, kind)
}

// ParseDocument is Parse for a document already read by ReadJSON, for
// callers that look at its JSON too (the policy validator). The policy
// keeps no reference to the document's nodes.
func ParseDocument(doc *Document, kind Kind) (*Policy, error) {
	p := &parser{kind: kind, pol: &Policy{Kind: kind, size: doc.size}, sids: map[string]bool{}}
	p.policy(doc.Root)
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
func (p *parser) object(n *Node, what string) bool {
	if n.Kind != JSONObject {
		p.errorf(n.Start.Position(), "%s must be a JSON object, not %s", what, n.Kind)
		return false
	}
	seen := make(map[string]bool, len(n.Members))
	ok := true
	for _, m := range n.Members {
		if seen[m.Key] {
			// IAM keeps one of the duplicates silently in some paths;
			// we refuse, since which one wins is not documented.
			p.errorf(m.KeyStart.Position(), "duplicate element %q", Clip(m.Key))
			ok = false
		}
		seen[m.Key] = true
	}
	return ok
}

func (p *parser) policy(root *Node) {
	if !p.object(root, "policy document") {
		return
	}
	var stmts *Node
	for _, m := range root.Members {
		switch m.Key {
		case "Version":
			if m.Value.Kind != JSONString {
				p.errorf(m.Value.Start.Position(), "Version must be a string")
				continue
			}
			if m.Value.Text != Version2012 && m.Value.Text != Version2008 {
				p.errorf(m.Value.Start.Position(), "The policy failed legacy parsing: unsupported Version %q (use %q)", Clip(m.Value.Text), Version2012)
				continue
			}
			p.pol.Version = m.Value.Text
		case "Id":
			if m.Value.Kind != JSONString {
				p.errorf(m.Value.Start.Position(), "Id must be a string")
				continue
			}
			p.pol.ID = m.Value.Text
		case "Statement":
			stmts = m.Value
		default:
			p.errorf(m.KeyStart.Position(), "Syntax errors in policy: unknown element %q", Clip(m.Key))
		}
	}
	if stmts == nil {
		p.errorf(root.Start.Position(), "Missing required field Statement")
		return
	}
	switch stmts.Kind {
	case JSONObject:
		p.statement(stmts)
	case JSONArray:
		if len(stmts.Elems) == 0 {
			p.errorf(stmts.Start.Position(), "Missing required field Statement")
		}
		for _, e := range stmts.Elems {
			p.statement(e)
		}
	default:
		p.errorf(stmts.Start.Position(), "Statement must be an object or an array of objects, not %s", stmts.Kind)
	}
}

func (p *parser) statement(n *Node) {
	if !p.object(n, "statement") {
		return
	}
	st := &Statement{Index: len(p.pol.Statements), Start: n.Start.Position(), End: n.End.Position()}
	p.pol.Statements = append(p.pol.Statements, st)
	var effect, principal, notPrincipal, action, notAction, resource, notResource, cond *Node
	for _, m := range n.Members {
		switch m.Key {
		case "Sid":
			p.sid(st, m.Value)
		case "Effect":
			effect = m.Value
		case "Principal":
			principal = m.Value
		case "NotPrincipal":
			notPrincipal = m.Value
		case "Action":
			action = m.Value
		case "NotAction":
			notAction = m.Value
		case "Resource":
			resource = m.Value
		case "NotResource":
			notResource = m.Value
		case "Condition":
			cond = m.Value
		default:
			p.errorf(m.KeyStart.Position(), "Syntax errors in policy: unknown statement element %q", Clip(m.Key))
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

func (p *parser) sid(st *Statement, v *Node) {
	if v.Kind != JSONString {
		p.errorf(v.Start.Position(), "Sid must be a string")
		return
	}
	st.Sid = v.Text
	if p.kind != Resource && !sidOK(v.Text) {
		p.errorf(v.Start.Position(), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*")
	}
	if v.Text != "" {
		if p.sids[v.Text] {
			p.errorf(v.Start.Position(), "Statement IDs (SID) in a single policy must be unique.")
		}
		p.sids[v.Text] = true
	}
}

func (p *parser) effect(st *Statement, n, v *Node) {
	switch {
	case v == nil:
		p.errorf(n.Start.Position(), "Missing required field Effect")
	case v.Kind != JSONString:
		p.errorf(v.Start.Position(), "Effect must be a string")
	case v.Text == "Allow":
		st.Effect = Allow
	case v.Text == "Deny":
		st.Effect = Deny
	default:
		p.errorf(v.Start.Position(), "Invalid effect: %q (must be \"Allow\" or \"Deny\")", Clip(v.Text))
	}
}

// strings reads a string or a non-empty array of strings.
func (p *parser) strings(v *Node, what string) ([]string, bool) {
	switch v.Kind {
	case JSONString:
		return []string{v.Text}, true
	case JSONArray:
		if len(v.Elems) == 0 {
			p.errorf(v.Start.Position(), "%s must not be an empty array", what)
			return nil, false
		}
		out := make([]string, 0, len(v.Elems))
		ok := true
		for _, e := range v.Elems {
			if e.Kind != JSONString {
				p.errorf(e.Start.Position(), "%s values must be strings, not %s", what, e.Kind)
				ok = false
				continue
			}
			out = append(out, e.Text)
		}
		return out, ok
	}
	p.errorf(v.Start.Position(), "%s must be a string or an array of strings, not %s", what, v.Kind)
	return nil, false
}

func (p *parser) principal(st *Statement, n, pr, notPr *Node) {
	v, name := pr, "Principal"
	if notPr != nil {
		v, name = notPr, "NotPrincipal"
	}
	switch {
	case pr != nil && notPr != nil:
		p.errorf(notPr.Start.Position(), "a statement cannot have both Principal and NotPrincipal")
		return
	case v != nil && !p.kind.namesPrincipal():
		// Wording of IAM's MalformedPolicyDocument for identity-based
		// policies that name a principal.
		p.errorf(v.Start.Position(), "Policy document should not specify a principal.")
		return
	case v == nil && p.kind.namesPrincipal():
		p.errorf(n.Start.Position(), "Missing required field Principal")
		return
	case v == nil:
		return
	case notPr != nil && p.kind == Trust:
		// "You cannot use the NotPrincipal element in an IAM identity-based
		// policy nor in an IAM role trust policy."
		p.errorf(v.Start.Position(), "NotPrincipal is not supported in a role trust policy")
		return
	}
	prin := &Principal{}
	switch v.Kind {
	case JSONString:
		if v.Text != "*" {
			p.errorf(v.Start.Position(), "Invalid principal in policy: %q (a %s string must be \"*\"; use {\"AWS\": ...})", Clip(v.Text), name)
			return
		}
		prin.Wildcard = true
		prin.aws = []awsEntry{{kind: awsAny}}
	case JSONObject:
		if !p.object(v, name) {
			return
		}
		if len(v.Members) == 0 {
			p.errorf(v.Start.Position(), "Invalid principal in policy: empty %s", name)
			return
		}
		for _, m := range v.Members {
			vals, ok := p.strings(m.Value, name+" "+m.Key)
			if !ok {
				continue
			}
			switch m.Key {
			case "AWS":
				prin.AWS = vals
				for _, a := range vals {
					e, ok := awsPrincipal(a)
					if !ok {
						p.errorf(m.Value.Start.Position(), "Invalid principal in policy: \"AWS\":%q", Clip(a))
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
				p.errorf(m.KeyStart.Position(), "Invalid principal in policy: unknown principal type %q", Clip(m.Key))
			}
		}
	default:
		p.errorf(v.Start.Position(), "%s must be \"*\" or an object, not %s", name, v.Kind)
		return
	}
	st.Principal = prin
	st.NotPrincipal = notPr != nil
	if st.NotPrincipal && st.Effect == Allow && p.effectIsAllow(n) {
		// "NotPrincipal must be used with "Effect":"Deny". Using it with
		// "Effect":"Allow" is not supported."
		p.errorf(v.Start.Position(), "NotPrincipal must be used with \"Effect\": \"Deny\"")
	}
}

func (p *parser) effectIsAllow(n *Node) bool {
	for _, m := range n.Members {
		if m.Key == "Effect" && m.Value.Kind == JSONString && m.Value.Text == "Allow" {
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

func (p *parser) actions(st *Statement, n, act, notAct *Node) {
	v := act
	if notAct != nil {
		v = notAct
	}
	switch {
	case act != nil && notAct != nil:
		p.errorf(notAct.Start.Position(), "a statement cannot have both Action and NotAction")
		return
	case v == nil:
		p.errorf(n.Start.Position(), "Policy statement must contain actions.")
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
			p.errorf(v.Start.Position(), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got %q)", Clip(a))
			continue
		}
		st.actions = append(st.actions, compileAction(a))
	}
	st.Actions, st.NotAction = vals, notAct != nil
}

func (p *parser) resources(st *Statement, n, res, notRes *Node) {
	v := res
	if notRes != nil {
		v = notRes
	}
	switch {
	case res != nil && notRes != nil:
		p.errorf(notRes.Start.Position(), "a statement cannot have both Resource and NotResource")
		return
	case p.kind == Trust && v != nil:
		name := "Resource"
		if notRes != nil {
			name = "NotResource"
		}
		p.errorf(v.Start.Position(), "Has prohibited field %s", name)
		return
	case p.kind == Trust:
		return
	case v == nil:
		p.errorf(n.Start.Position(), "Policy statement must contain resources.")
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
			p.errorf(v.Start.Position(), "Resource %s must be in ARN format or \"*\".", Clip(r))
			continue
		}
		var rp resPattern
		if p.pol.variables() {
			t, err := parseTemplate(r)
			if err != nil {
				p.errorf(v.Start.Position(), "%s: %v", what, err)
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

func (p *parser) conditions(st *Statement, v *Node) {
	if !p.object(v, "Condition") {
		return
	}
	for _, opm := range v.Members {
		op, ok := parseOperator(opm.Key)
		if !ok {
			p.errorf(opm.KeyStart.Position(), "unknown condition operator %q", Clip(opm.Key))
			continue
		}
		if !p.object(opm.Value, "condition operator "+opm.Key) {
			continue
		}
		if len(opm.Value.Members) == 0 {
			p.errorf(opm.Value.Start.Position(), "condition operator %q has no condition keys", Clip(opm.Key))
			continue
		}
		for _, km := range opm.Value.Members {
			c := &Condition{Operator: opm.Key, Key: km.Key, Pos: km.KeyStart.Position(), op: op}
			if km.Key == "" || !strings.Contains(km.Key, ":") {
				p.errorf(km.KeyStart.Position(), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (condition key %q)", Clip(km.Key))
				continue
			}
			if !p.conditionValues(c, km.Value) {
				continue
			}
			if msg, i := compileCondition(c, p.pol.variables()); msg != "" {
				pos := km.Value.Start.Position()
				if km.Value.Kind == JSONArray {
					pos = km.Value.Elems[i].Start.Position()
				}
				p.errorf(pos, "%s", msg)
				continue
			}
			st.Conditions = append(st.Conditions, c)
		}
	}
}

func (p *parser) conditionValues(c *Condition, v *Node) bool {
	one := func(e *Node) bool {
		switch e.Kind {
		case JSONString:
			c.Values = append(c.Values, Value{Text: e.Text, Kind: StringValue})
		case JSONNumber:
			c.Values = append(c.Values, Value{Text: e.Text, Kind: NumberValue})
		case JSONBool:
			c.Values = append(c.Values, Value{Text: e.Text, Kind: BoolValue})
		default:
			p.errorf(e.Start.Position(), "condition %s %s: values must be strings, numbers or booleans, not %s", Clip(c.Operator), Clip(c.Key), e.Kind)
			return false
		}
		return true
	}
	if v.Kind != JSONArray {
		return one(v)
	}
	if len(v.Elems) == 0 {
		p.errorf(v.Start.Position(), "condition %s %s has no values", Clip(c.Operator), Clip(c.Key))
		return false
	}
	ok := true
	for _, e := range v.Elems {
		ok = one(e) && ok
	}
	return ok
}
