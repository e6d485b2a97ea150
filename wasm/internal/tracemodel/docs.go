package tracemodel

import (
	"maps"
	"slices"
	"sync"

	"cloudplay/core/cloud"
	"cloudplay/core/iam"
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
// policies by name (from the view, which carries their documents). When
// several principals have an inline policy of the same name, the one of
// principalARN (or of its groups) wins; principalARN may be "".
func PolicyTexts(v cloud.View, principalARN string) map[string]string {
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
	owners := map[string][]iam.InlinePolicyView{}
	for _, u := range v.IAM.Users {
		refs(u.Attached)
		refs([]string{u.Boundary})
		owners[u.ARN] = u.InlinePolicies
	}
	for _, g := range v.IAM.Groups {
		refs(g.Attached)
		owners[g.ARN] = g.InlinePolicies
	}
	for _, r := range v.IAM.Roles {
		refs(r.Attached)
		refs([]string{r.Boundary})
		owners[r.ARN] = r.InlinePolicies
	}
	// The principal's own inline policies first, then its groups', then
	// everyone else's (in ARN order), so the first one named wins.
	order := principalOwners(v, principalARN)
	for _, arn := range slices.Sorted(maps.Keys(owners)) {
		if !slices.Contains(order, arn) {
			order = append(order, arn)
		}
	}
	for _, arn := range order {
		for _, p := range owners[arn] {
			if _, ok := out[p.Name]; !ok {
				out[p.Name] = p.Document
			}
		}
	}
	return out
}

// principalOwners lists the ARNs of the inline-policy owners of a
// principal: a user and its groups, or a role or a group.
func principalOwners(v cloud.View, arn string) []string {
	for _, u := range v.IAM.Users {
		if u.ARN == arn {
			out := []string{u.ARN}
			for _, g := range v.IAM.Groups {
				if slices.Contains(u.Groups, g.Name) {
					out = append(out, g.ARN)
				}
			}
			return out
		}
	}
	for _, r := range v.IAM.Roles {
		if r.ARN == arn {
			return []string{r.ARN}
		}
	}
	for _, g := range v.IAM.Groups {
		if g.ARN == arn {
			return []string{g.ARN}
		}
	}
	return nil
}
