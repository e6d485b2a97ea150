package eventlog

import (
	"strconv"
	"strings"
	"testing"

	"cloudplay/core/cloud"
)

const (
	root  = "arn:aws:iam::123456789012:root"
	alice = "arn:aws:iam::123456789012:user/Alice"
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
		got = append(got, strings.Join([]string{strconv.Itoa(r.Seq), r.Time, r.Caller, r.ErrCode, strconv.FormatBool(r.Denied), strconv.FormatBool(r.Failed)}, "|"))
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
