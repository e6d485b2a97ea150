package eventlog

import (
	"strings"
	"testing"

	"cloudplay/core/cloud"
)

func filterEvents() []cloud.Event {
	const bob = "arn:aws:iam::123456789012:user/Bob"
	act := func(d string) []cloud.ActionDecision {
		return []cloud.ActionDecision{{Action: "s3:PutObject", Resource: "arn:aws:s3:::my-bucket/x", Decision: d}}
	}
	return []cloud.Event{
		{Seq: 1, Time: "2026-01-01T00:00:01Z", Caller: root, Op: "iam:CreateUser", Actions: act(cloud.Allowed)},
		{Seq: 2, Time: "2026-01-01T00:00:02Z", Caller: alice, Op: "s3:PutObject", Actions: act(cloud.ImplicitDeny),
			Error: &cloud.EventError{Code: "AccessDenied", Message: "no"}},
		{Seq: 3, Time: "2026-01-01T00:00:03Z", Caller: bob, Op: "s3:PutObject", Actions: act(cloud.ExplicitDeny),
			Error: &cloud.EventError{Code: "AccessDenied", Message: "no"}},
		{Seq: 4, Time: "2026-01-01T00:00:04Z", Caller: alice, Op: "iam:CreateUser", Actions: act(cloud.Allowed),
			Error: &cloud.EventError{Code: "EntityAlreadyExists", Message: "taken"}},
		{Seq: 5, Time: "2026-01-01T00:00:05Z", Caller: alice, Op: "iam:ListUsers", Actions: act(cloud.Allowed)},
	}
}

func seqs(rows []EventRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(itoa(r.Seq))
	}
	return b.String()
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestFilter(t *testing.T) {
	t.Parallel()
	rows := EventRows(filterEvents(), "2026-01-01")
	tests := []struct {
		name string
		f    Filter
		want string // the sequence numbers shown, newest first
	}{
		{"everything", Filter{}, "54321"},
		{"allowed", Filter{Decision: ShowAllowed}, "51"},
		{"denied", Filter{Decision: ShowDenied}, "32"},
		{"implicit deny", Filter{Decision: ShowImplicitDeny}, "2"},
		{"explicit deny", Filter{Decision: ShowExplicitDeny}, "3"},
		{"failed", Filter{Decision: ShowFailed}, "432"},
		{"Alice", Filter{Caller: alice}, "542"},
		{"Alice denied", Filter{Caller: alice, Decision: ShowDenied}, "2"},
		{"nobody", Filter{Caller: "arn:aws:iam::123456789012:user/Nobody"}, ""},
	}
	for _, tt := range tests {
		if got := seqs(tt.f.Apply(rows)); got != tt.want {
			t.Errorf("%s: rows %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCallers(t *testing.T) {
	t.Parallel()
	got := Callers(EventRows(filterEvents(), "2026-01-01"))
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "Alice,Bob,root" {
		t.Errorf("Callers = %v, want Alice, Bob, root once each", names)
	}
}

func TestDecisionInAWSWords(t *testing.T) {
	t.Parallel()
	rows := EventRows(filterEvents(), "2026-01-01")
	want := map[int]string{1: "Allowed", 2: "Implicit deny", 3: "Explicit deny", 4: "Allowed", 5: "Allowed"}
	for _, r := range rows {
		if got := r.DecisionText(); got != want[r.Seq] {
			t.Errorf("event %d: decision %q, want %q", r.Seq, got, want[r.Seq])
		}
		for _, a := range r.Actions {
			if w := a.Why(r.Caller); !strings.Contains(w, a.Action) || !strings.Contains(w, a.Resource) {
				t.Errorf("event %d: Why = %q names neither the action nor the resource", r.Seq, w)
			}
		}
	}
	for in, want := range map[string]string{cloud.Allowed: "Allowed", cloud.ImplicitDeny: "Implicit deny", cloud.ExplicitDeny: "Explicit deny", "odd": "odd"} {
		if got := DecisionText(in); got != want {
			t.Errorf("DecisionText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (EventRow{}).DecisionText(); got != "" {
		t.Errorf("a call with no actions: decision %q, want none", got)
	}
}
