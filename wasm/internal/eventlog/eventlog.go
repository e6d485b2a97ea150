// Package eventlog formats the event log for its panel: rows newest
// first, callers and times short, denials marked. Tested natively.
package eventlog

import (
	"strings"

	"cloudplay/core/cloud"
)

// EventRow is one line of the Event log panel, formatted for display.
type EventRow struct {
	Seq       int
	Time      string // "00:00:05.250" simulated time of day, or the date too when not on the start day
	Caller    string // "root", "Alice", "role/x (session)"
	CallerARN string
	Op        string
	Actions   []ActionRow
	Denied    bool // an action was not allowed
	Failed    bool // the call ended with an error
	ReadOnly  bool
	ErrCode   string
	ErrMsg    string
	InvokedBy string
}

// ActionRow is one action a call needed and its decision.
type ActionRow struct {
	Action, Resource, Decision string
	Allowed                    bool
}

// EventRows returns the rows of the event log, newest first. startDay is
// the date (YYYY-MM-DD) of the account's start: times on that day show the
// time only.
func EventRows(events []cloud.Event, startDay string) []EventRow {
	rows := make([]EventRow, 0, len(events))
	for i := len(events) - 1; i >= 0; i-- {
		rows = append(rows, eventRow(events[i], startDay))
	}
	return rows
}

func eventRow(e cloud.Event, startDay string) EventRow {
	r := EventRow{Seq: e.Seq, Time: shortTime(e.Time, startDay), Caller: ShortPrincipal(e.Caller), CallerARN: e.Caller,
		Op: e.Op, ReadOnly: e.ReadOnly, InvokedBy: ShortPrincipal(e.InvokedBy)}
	for _, a := range e.Actions {
		ok := a.Decision == cloud.Allowed
		r.Actions = append(r.Actions, ActionRow{Action: a.Action, Resource: a.Resource, Decision: a.Decision, Allowed: ok})
		if !ok {
			r.Denied = true
		}
	}
	if e.Error != nil {
		r.Failed = true
		r.ErrCode, r.ErrMsg = e.Error.Code, e.Error.Message
		if strings.HasPrefix(e.Error.Code, "AccessDenied") {
			r.Denied = true
		}
	}
	return r
}

// shortTime drops the date of an RFC 3339 time on startDay, and the "Z".
func shortTime(t, startDay string) string {
	day, clock, ok := strings.Cut(t, "T")
	if !ok {
		return t
	}
	clock = strings.TrimSuffix(clock, "Z")
	if day == startDay {
		return clock
	}
	return day + " " + clock
}

// ShortPrincipal names a principal ARN the way people say it: "root" for
// the account's root user, the user name for a user, "role/session" for an
// assumed-role session; anything else is returned as it is.
func ShortPrincipal(arn string) string {
	if arn == "" {
		return ""
	}
	_, res, ok := strings.Cut(strings.TrimPrefix(arn, "arn:aws:"), "::")
	if !ok {
		return arn
	}
	_, res, ok = strings.Cut(res, ":") // drop the account
	if !ok {
		return arn
	}
	switch {
	case res == "root":
		return "root"
	case strings.HasPrefix(res, "user/"):
		return res[strings.LastIndexByte(res, '/')+1:]
	case strings.HasPrefix(res, "assumed-role/"):
		return strings.TrimPrefix(res, "assumed-role/")
	}
	return res
}
