package analyzer

import (
	"fmt"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/catalog"
	"cloudplay/core/policy"
)

// statement is one statement object of the document, read leniently: the
// grammar errors are policy.Parse's to report, so a malformed element is
// just left out here.
type statement struct {
	n                      *policy.Node
	effect                 string
	action, notAction      *policy.Node
	resource, notResource  *policy.Node
	principal, notPrinc    *policy.Node
	condition              *policy.Node
	actions, resources     []*policy.Node // the string values of Action/NotAction, Resource/NotResource
	notActs, notRes, allow bool
}

// document runs the semantic checks on the whole document.
func (v *validator) document() {
	if v.root.Kind != policy.JSONObject {
		return
	}
	if v.root.Get("Version") == nil {
		start := position(v.root.Start)
		end := start
		end.Column++
		end.Offset++
		v.add("MISSING_VERSION", "We recommend that you specify the Version element to help you with debugging permission issues.",
			Location{Path: []PathElement{}, Span: Span{Start: start, End: end}})
	}
	var stmts []*statement
	switch s := v.root.Get("Statement"); {
	case s == nil:
	case s.Kind == policy.JSONObject:
		stmts = append(stmts, readStatement(s))
	case s.Kind == policy.JSONArray:
		for _, e := range s.Elems {
			if e.Kind == policy.JSONObject {
				stmts = append(stmts, readStatement(e))
			}
		}
	}
	for _, st := range stmts {
		v.statement(st)
	}
	v.redundantStatements(stmts)
	v.practices(stmts)
}

func readStatement(n *policy.Node) *statement {
	st := &statement{n: n}
	if e := n.Get("Effect"); e != nil && e.Kind == policy.JSONString {
		st.effect = e.Text
	}
	st.allow = st.effect == "Allow"
	st.action, st.notAction = n.Get("Action"), n.Get("NotAction")
	st.resource, st.notResource = n.Get("Resource"), n.Get("NotResource")
	st.principal, st.notPrinc = n.Get("Principal"), n.Get("NotPrincipal")
	st.condition = n.Get("Condition")
	if st.notAction != nil && st.action == nil {
		st.actions, st.notActs = st.notAction.Strings(), true
	} else {
		st.actions = st.action.Strings()
	}
	if st.notResource != nil && st.resource == nil {
		st.resources, st.notRes = st.notResource.Strings(), true
	} else {
		st.resources = st.resource.Strings()
	}
	return st
}

func (v *validator) statement(st *statement) {
	for _, a := range st.actions {
		v.action(a)
	}
	v.redundant(v.valid(st.actions), "REDUNDANT_ACTION", actionCovers, func(n int, a string) string {
		return fmt.Sprintf("The %d action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: %s.", n, policy.Clip(a))
	})
	for _, r := range st.resources {
		v.resourceARN(st, r)
	}
	v.redundant(v.valid(st.resources), "REDUNDANT_RESOURCE", resourceCovers, func(n int, _ string) string {
		return fmt.Sprintf("The %d resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)", n)
	})
	if st.condition != nil && st.condition.Kind == policy.JSONObject {
		v.conditions(st.condition)
	}
	if st.allow {
		v.roles(st)
	}
}

// valid leaves out the entries a check found wrong: an invalid action is
// not also "redundant".
func (v *validator) valid(list []*policy.Node) []*policy.Node {
	out := list[:0:0]
	for _, n := range list {
		if !v.invalid[n] {
			out = append(out, n)
		}
	}
	return out
}

// action checks an Action or NotAction entry against the catalog.
func (v *validator) action(a *policy.Node) {
	if v.cat == nil || a.Text == "*" {
		return
	}
	vendor, name, ok := strings.Cut(a.Text, ":")
	if !ok || vendor == "" || strings.ContainsAny(vendor, "*?") {
		return // policy.Parse reports these
	}
	svc := v.cat.Service(vendor)
	if svc == nil {
		details := fmt.Sprintf("The service %s specified in the action does not exist.", policy.Clip(vendor))
		if s := v.closestService(vendor); s != "" {
			details = fmt.Sprintf("The service %s specified in the action does not exist. Did you mean %s?", policy.Clip(vendor), s)
		}
		v.add("INVALID_SERVICE_IN_ACTION", details, loc(a))
		v.invalid[a] = true
		return
	}
	if !strings.ContainsAny(name, "*?") {
		if svc.Action(name) != nil {
			return
		}
		details := fmt.Sprintf("The action %s does not exist.", policy.Clip(a.Text))
		if s := v.closestAction(svc, name); s != "" {
			details = fmt.Sprintf("The action %s does not exist. Did you mean %s?", policy.Clip(a.Text), s)
		}
		v.add("INVALID_ACTION", details, loc(a))
		v.invalid[a] = true
		return
	}
	found := false
	tried := v.cat.EachAction(a.Text, func(*catalog.Action) bool { found = true; return false })
	v.spend(tried)
	if !found {
		v.add("INVALID_ACTION", fmt.Sprintf("The action %s does not exist.", policy.Clip(a.Text)), loc(a))
		v.invalid[a] = true
	}
}

// closestService and closestAction suggest the nearest name by edit
// distance, as AWS's "Did you mean" does, within the work budget.
func (v *validator) closestService(vendor string) string {
	best, bestD := "", max(2, len(vendor)/3)+1
	for _, s := range v.cat.Services() {
		if !v.spend(len(s.Prefix) * len(vendor)) {
			return ""
		}
		if d := api.EditDistance(strings.ToLower(vendor), s.Prefix, bestD); d < bestD {
			best, bestD = s.Prefix, d
		}
	}
	return best
}

func (v *validator) closestAction(svc *catalog.Service, name string) string {
	lower := strings.ToLower(name)
	best, bestD := "", max(2, len(name)/3)+1
	for _, a := range svc.Actions {
		if !v.spend(len(a.Name) * len(name)) {
			return ""
		}
		if d := api.EditDistance(lower, strings.ToLower(a.Name), bestD); d < bestD {
			best, bestD = a.String(), d
		}
	}
	return best
}

// actionCovers reports whether the Action entry b grants everything a
// does (a is then redundant): a literal action matched by b, or a pattern
// b contains because b is "*" or "prefix*" and a starts with prefix.
func actionCovers(b, a string) bool {
	if !strings.ContainsAny(a, "*?") {
		return policy.MatchFold(b, a)
	}
	if b == "*" {
		return true
	}
	stem, ok := strings.CutSuffix(b, "*")
	return ok && !strings.ContainsAny(stem, "*?") && len(a) >= len(stem) && strings.EqualFold(a[:len(stem)], stem)
}

// resourceCovers is actionCovers for Resource entries, case-sensitively.
func resourceCovers(b, a string) bool {
	if strings.Contains(a, "${") || strings.Contains(b, "${") {
		return a == b
	}
	if !strings.ContainsAny(a, "*?") {
		return policy.Match(b, a)
	}
	if b == "*" {
		return true
	}
	stem, ok := strings.CutSuffix(b, "*")
	return ok && !strings.ContainsAny(stem, "*?") && strings.HasPrefix(a, stem)
}

// redundant reports each entry of a list that another entry covers. Of two
// equal entries, the later one is the redundant one.
func (v *validator) redundant(list []*policy.Node, code string, covers func(b, a string) bool, details func(int, string) string) {
	if len(list) < 2 || !v.spend(len(list)*len(list)) {
		return
	}
	for i, a := range list {
		for j, b := range list {
			if i == j || !covers(b.Text, a.Text) || (covers(a.Text, b.Text) && i < j) {
				continue
			}
			v.add(code, details(1, a.Text), loc(a))
			break
		}
	}
}

// resourceARN checks one Resource or NotResource entry.
func (v *validator) resourceARN(st *statement, r *policy.Node) {
	s := r.Text
	if s == "*" || !strings.HasPrefix(s, "arn:") {
		return // "*", or not an ARN: policy.Parse reports it
	}
	f := strings.SplitN(s, ":", 6)
	if len(f) < 6 && !strings.HasSuffix(s, "*") {
		v.add("MISSING_ARN_FIELD", "Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource", loc(r))
		return
	}
	if len(f) > 2 && f[2] != strings.ToLower(f[2]) && !strings.Contains(f[2], "${") {
		v.add("INVALID_ARN_SERVICE_CASE", fmt.Sprintf("Update the service name %s in the resource ARN to use all lowercase letters.", policy.Clip(f[2])), loc(r))
		return
	}
	if len(f) > 4 && !validAccount(f[4]) {
		v.add("INVALID_ARN_ACCOUNT", fmt.Sprintf("The resource ARN account ID %s is not valid. Provide a 12-digit account ID.", policy.Clip(f[4])), loc(r))
		return
	}
	if v.cat == nil || st.notActs || st.notRes || len(f) < 3 || strings.ContainsAny(f[2], "*?$") {
		return
	}
	v.resourceTypes(st, r, f[2])
}

// validAccount reports whether an ARN's account field can name an
// account: empty, 12 digits, "aws" (AWS-owned resources), or a pattern.
func validAccount(a string) bool {
	if a == "" || a == "aws" || strings.ContainsAny(a, "*?$") {
		return true
	}
	if len(a) != 12 {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

// resourceTypes checks a Resource entry against the resource types of the
// statement's actions that belong to the ARN's service: it must match one
// of them. Entries of a service none of the actions has a resource type of
// are left alone (the statement simply does not apply to them).
func (v *validator) resourceTypes(st *statement, r *policy.Node, service string) {
	var cands []*catalog.ResourceType
	seen := map[*catalog.ResourceType]bool{}
	for _, a := range st.actions {
		if a.Text == "*" || !v.spend(1) {
			continue
		}
		tried := v.cat.EachAction(a.Text, func(act *catalog.Action) bool {
			for _, res := range act.Resources {
				t := res.Type
				if !seen[t] && arnService(t.ARN) == service {
					seen[t] = true
					cands = append(cands, t)
				}
			}
			return v.budget > 0
		})
		if !v.spend(tried) {
			return
		}
	}
	if len(cands) == 0 {
		return
	}
	region, account := true, true // every candidate fails on that field only
	for _, t := range cands {
		if !v.spend(len(r.Text) + len(t.ARN)) {
			return
		}
		switch t.Mismatch(r.Text) {
		case catalog.NoField:
			return
		case catalog.Region:
			account = false
		case catalog.Account:
			region = false
		default:
			region, account = false, false
		}
	}
	switch {
	case region:
		v.add("ARN_REGION_NOT_ALLOWED", fmt.Sprintf("The service %s does not support specifying a Region in the resource ARN.", policy.Clip(service)), loc(r))
	case account:
		v.add("ARN_ACCOUNT_NOT_ALLOWED", fmt.Sprintf("The service %s does not support specifying an account ID in the resource ARN.", policy.Clip(service)), loc(r))
	default:
		v.add("INVALID_ARN_RESOURCE", "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.", loc(r))
	}
}

// arnService is the service field of an ARN format.
func arnService(format string) string {
	f := strings.SplitN(format, ":", 4)
	if len(f) < 3 {
		return ""
	}
	return f[2]
}
