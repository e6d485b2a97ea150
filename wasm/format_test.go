package main

import (
	"cloudplay/core/scenario/builtin"
	"strconv"
	"strings"
	"testing"

	"cloudplay/core/cloud"
)

func TestShortPrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"arn:aws:iam::123456789012:root", "root"},
		{"arn:aws:iam::123456789012:user/Alice", "Alice"},
		{"arn:aws:iam::123456789012:user/division/Bob", "Bob"},
		{"arn:aws:sts::123456789012:assumed-role/Reader/s1", "Reader/s1"},
		{"arn:aws:iam::123456789012:role/Reader", "role/Reader"},
		{"firehose.amazonaws.com", "firehose.amazonaws.com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ShortPrincipal(tt.in); got != tt.want {
			t.Errorf("ShortPrincipal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEventRowsNewestFirstAndDenied(t *testing.T) {
	t.Parallel()
	events := []cloud.Event{
		{Seq: 1, Time: "2026-01-01T00:00:00.000Z", Caller: root, Op: "iam:CreateUser",
			Actions: []cloud.ActionDecision{{Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Zoe", Decision: cloud.Allowed}}},
		{Seq: 2, Time: "2026-01-02T00:00:05.250Z", Caller: alice, Op: "iam:CreateUser",
			Actions: []cloud.ActionDecision{{Action: "iam:CreateUser", Resource: "arn:aws:iam::123456789012:user/Yann", Decision: "implicitDeny"}},
			Error:   &cloud.EventError{Code: "AccessDenied", Message: "no"}},
		{Seq: 3, Time: "2026-01-02T00:00:06.000Z", Caller: root, Op: "iam:GetUser", ReadOnly: true,
			Error: &cloud.EventError{Code: "NoSuchEntity", Message: "none"}},
	}
	rows := EventRows(events, "2026-01-01")
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join([]string{itoaT(r.Seq), r.Time, r.Caller, r.ErrCode, boolT(r.Denied), boolT(r.Failed)}, "|"))
	}
	want := []string{
		"3|2026-01-02 00:00:06.000|root|NoSuchEntity|false|true",
		"2|2026-01-02 00:00:05.250|Alice|AccessDenied|true|true",
		"1|00:00:00.000|root||false|false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rows[1].Actions[0].Allowed || !rows[2].Actions[0].Allowed {
		t.Error("decisions wrong")
	}
}

func itoaT(n int) string {
	return strconv.Itoa(n)
}

func boolT(b bool) string {
	if b {
		return "true"
	}
	return "false"
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

// A role session is someone the UI can act as, shown by role and name.
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
	if last.ARN != "arn:aws:sts::123456789012:assumed-role/DeployRole/alice-deploy" || last.Label != "role session DeployRole/alice-deploy (until 2026-01-01T01:00:00Z)" {
		t.Errorf("principals %+v", ps)
	}
}
