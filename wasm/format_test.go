package main

import (
	"cloudplay/core/scenario/builtin"
	"strconv"
	"strings"
	"testing"
)

func itoaT(n int) string {
	return strconv.Itoa(n)
}

func TestMembershipGridAndPrincipals(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	g := MembershipGrid(s.View().IAM)
	var lines []string
	for _, r := range g.Rows {
		line := r.User + ":"
		for i, m := range r.Member {
			if m {
				line += " " + g.Groups[i]
			}
		}
		lines = append(lines, line)
	}
	want := "Alice: Developers\nBob: Developers\nCharles: Audit Developers\nDavid: Audit Operations\nEdward: Operations\nFred:"
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
	if got := strings.Join(g.GroupsWithout("Charles"), ","); got != "Operations" {
		t.Errorf("GroupsWithout(Charles) = %s", got)
	}
	ps := Principals(s.View().IAM, root)
	if len(ps) != 7 || ps[0].ARN != root || ps[3].Label != "Charles (Audit, Developers)" || ps[6].Label != "Fred" {
		t.Errorf("principals %+v", ps)
	}
}

// A role session is someone the UI can act as, shown by role and name
// first (a narrow "Acting as" cuts the end of the label, not the name).
func TestPrincipalsListRoleSessions(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	for _, b := range builtin.List() {
		if b.ID == "iam-assume-role" {
			s.Dispatch(&Load{Src: b.JSON, Where: "page"})
		}
	}
	ps := Principals(s.View().IAM, root)
	last := ps[len(ps)-1]
	if last.ARN != "arn:aws:sts::123456789012:assumed-role/DeployRole/alice-deploy" || last.Label != "DeployRole/alice-deploy (role session until 2026-01-01T01:00:00Z)" {
		t.Errorf("principals %+v", ps)
	}
}
