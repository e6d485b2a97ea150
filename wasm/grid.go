package main

import (
	"slices"
	"strings"

	"cloudplay/core/iam"
)

// Grid is the users × groups membership table of the Account panel: one
// row per user, one column per group, a cell saying whether the user is a
// member. It is built from the IAM view alone, so it is tested natively.
type Grid struct {
	Groups []string
	Rows   []GridRow
}

// GridRow is one user's row.
type GridRow struct {
	User   string
	ARN    string
	Member []bool // parallel to Grid.Groups
	Count  int    // how many groups the user is in
}

// MembershipGrid returns the grid of v, users and groups in the view's
// (name) order. Membership is read from the groups' member lists.
func MembershipGrid(v iam.View) Grid {
	g := Grid{Groups: make([]string, len(v.Groups))}
	members := make([]map[string]bool, len(v.Groups))
	for i, gr := range v.Groups {
		g.Groups[i] = gr.Name
		members[i] = map[string]bool{}
		for _, m := range gr.Members {
			members[i][m] = true
		}
	}
	for _, u := range v.Users {
		r := GridRow{User: u.Name, ARN: u.ARN, Member: make([]bool, len(v.Groups))}
		for i := range v.Groups {
			if members[i][u.Name] {
				r.Member[i] = true
				r.Count++
			}
		}
		g.Rows = append(g.Rows, r)
	}
	return g
}

// Ungrouped returns the users in no group, in order.
func (g Grid) Ungrouped() []string {
	var out []string
	for _, r := range g.Rows {
		if r.Count == 0 {
			out = append(out, r.User)
		}
	}
	return out
}

// Principal is an entry of the "acting as" selector.
type Principal struct {
	ARN   string
	Label string
}

// Principals returns who the UI can act as: root first, then every user,
// then every role session (sts:AssumeRole made one; its calls fail with
// ExpiredToken once it has expired).
func Principals(v iam.View, rootARN string) []Principal {
	out := []Principal{{ARN: rootARN, Label: "root (account owner)"}}
	for _, u := range v.Users {
		label := u.Name
		if len(u.Groups) > 0 {
			label += " (" + strings.Join(u.Groups, ", ") + ")"
		}
		out = append(out, Principal{ARN: u.ARN, Label: label})
	}
	for _, se := range v.Sessions {
		// The session's own name first: a narrow selector cuts the end
		// of its label, and "role session …" first cut the name.
		label := se.Role + "/" + se.Name + " (role session until " + se.Expires.String() + ")"
		out = append(out, Principal{ARN: se.ARN, Label: label})
	}
	return out
}

// GroupsWithout returns the names of the groups user is not in, for the
// "add to group" form.
func (g Grid) GroupsWithout(user string) []string {
	i := slices.IndexFunc(g.Rows, func(r GridRow) bool { return r.User == user })
	if i < 0 {
		return slices.Clone(g.Groups)
	}
	var out []string
	for j, name := range g.Groups {
		if !g.Rows[i].Member[j] {
			out = append(out, name)
		}
	}
	return out
}
