package tracemodel

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"cloudplay/core/cloud"
	"cloudplay/core/iam/managed"
)

// awsManagedTexts maps an AWS managed policy's ARN to its document, as the
// account parses it (so the trace's positions point into this text).
var awsManagedTexts = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, p := range managed.List() {
		m[p.Arn] = string(p.Document)
	}
	return m
})

// PolicyTexts maps the PolicyIds a trace of the account's principals can
// name to the policies' documents: managed policies by ARN (customer
// managed from the view, AWS managed from the catalogue) and inline
// policies by name (read from the journal of the calls that put them, the
// only place the account keeps their text). When several principals have an
// inline policy of the same name, the one of principalARN (or of its
// groups) wins; principalARN may be "".
func PolicyTexts(v cloud.View, journal []cloud.Step, principalARN string) map[string]string {
	out := map[string]string{}
	aws := awsManagedTexts()
	refs := func(arns []string) {
		for _, a := range arns {
			if t, ok := aws[a]; ok {
				out[a] = t
			}
		}
	}
	for _, p := range v.IAM.Policies {
		out[p.ARN] = p.Document
	}
	for _, u := range v.IAM.Users {
		refs(u.Attached)
		refs([]string{u.Boundary})
	}
	for _, g := range v.IAM.Groups {
		refs(g.Attached)
	}
	for _, r := range v.IAM.Roles {
		refs(r.Attached)
		refs([]string{r.Boundary})
	}
	inline := inlineTexts(journal)
	// The principal's own inline policies first, then its groups', then
	// everyone else's, so the first one named wins.
	keys := slices.SortedFunc(maps.Keys(inline), func(a, b inlineKey) int {
		return cmp.Or(strings.Compare(a.owner, b.owner), strings.Compare(a.name, b.name))
	})
	for _, o := range append(principalOwners(v, principalARN), "") {
		for _, k := range keys {
			if _, ok := out[k.name]; !ok && (o == "" || k.owner == o) {
				out[k.name] = inline[k]
			}
		}
	}
	return out
}

type inlineKey struct{ owner, name string } // owner "user/Bob", "group/Developers", "role/R"

// inlineTexts replays the journal's Put/Delete{User,Group,Role}Policy calls.
func inlineTexts(journal []cloud.Step) map[inlineKey]string {
	out := map[inlineKey]string{}
	for _, s := range journal {
		kind, put := inlineOp(s.Op)
		if kind == "" {
			continue
		}
		var in struct {
			UserName, GroupName, RoleName, PolicyName, PolicyDocument string
		}
		if json.Unmarshal(s.Input, &in) != nil {
			continue
		}
		owner := kind + "/" + map[string]string{"user": in.UserName, "group": in.GroupName, "role": in.RoleName}[kind]
		k := inlineKey{strings.ToLower(owner), in.PolicyName}
		if put {
			out[k] = in.PolicyDocument
		} else {
			delete(out, k)
		}
	}
	return out
}

func inlineOp(op string) (kind string, put bool) {
	switch op {
	case "iam:PutUserPolicy":
		return "user", true
	case "iam:PutGroupPolicy":
		return "group", true
	case "iam:PutRolePolicy":
		return "role", true
	case "iam:DeleteUserPolicy":
		return "user", false
	case "iam:DeleteGroupPolicy":
		return "group", false
	case "iam:DeleteRolePolicy":
		return "role", false
	}
	return "", false
}

// principalOwners lists the inline-policy owners of a principal: a user and
// its groups, or a role.
func principalOwners(v cloud.View, arn string) []string {
	for _, u := range v.IAM.Users {
		if u.ARN == arn {
			out := []string{"user/" + strings.ToLower(u.Name)}
			for _, g := range u.Groups {
				out = append(out, "group/"+strings.ToLower(g))
			}
			return out
		}
	}
	for _, r := range v.IAM.Roles {
		if r.ARN == arn {
			return []string{"role/" + strings.ToLower(r.Name)}
		}
	}
	for _, g := range v.IAM.Groups {
		if g.ARN == arn {
			return []string{"group/" + strings.ToLower(g.Name)}
		}
	}
	return nil
}
