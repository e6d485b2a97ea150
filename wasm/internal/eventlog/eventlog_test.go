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

// An actor's aggregated event is one row with its exact count, its first
// to last time, its actor and its error codes counted, commonest first; a
// lone call's row has none of these.
func TestEventRowsAggregated(t *testing.T) {
	t.Parallel()
	put := []cloud.ActionDecision{{Action: "kinesis:PutRecords", Resource: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", Decision: cloud.Allowed}}
	events := []cloud.Event{
		{Seq: 4, Time: "2026-01-01T00:00:01.000Z", Caller: root, Op: "cloudplay:StartProducer"},
		{Seq: 5, Time: "2026-01-01T00:00:02.000Z", Caller: root, Op: "kinesis:PutRecords", Actions: put, Actor: "website",
			Count: 37, FirstTime: "2026-01-01T00:00:02.000Z", LastTime: "2026-01-01T00:00:02.900Z",
			Errors: map[string]int{"AccessDeniedException": 1, "ProvisionedThroughputExceededException": 12, "InternalFailure": 0}},
		{Seq: 6, Time: "2026-01-01T00:00:03.000Z", Caller: root, Op: "kinesis:PutRecords", Actions: put, Actor: "website",
			Count: 1, FirstTime: "2026-01-01T00:00:03.000Z", LastTime: "2026-01-01T00:00:03.000Z"},
	}
	rows := EventRows(events, "2026-01-01")
	one, agg, lone := rows[0], rows[1], rows[2]
	if got := agg.OpText(); got != "kinesis:PutRecords ×37" {
		t.Errorf("op %q", got)
	}
	if got := agg.TimeText(); got != "00:00:02.000–00:00:02.900" {
		t.Errorf("time %q", got)
	}
	if got := agg.ErrorsText(); got != "12 ProvisionedThroughputExceededException, 1 AccessDeniedException" {
		t.Errorf("errors %q", got)
	}
	if agg.Actor != "website" || agg.Count != 37 || !agg.Failed || !agg.Denied {
		t.Errorf("aggregated row %+v", agg)
	}
	if one.OpText() != "kinesis:PutRecords" || one.TimeText() != "00:00:03.000" || one.ErrorsText() != "" || one.Failed || one.Actor != "website" {
		t.Errorf("an actor's single call: %+v", one)
	}
	if lone.OpText() != "cloudplay:StartProducer" || lone.Count != 1 || lone.Actor != "" || lone.TimeText() != "00:00:01.000" {
		t.Errorf("a learner's call: %+v", lone)
	}
}
