// Package eventlog formats the event log for its panel: rows newest
// first, callers and times short, denials marked. Tested natively.
package eventlog

import (
	"maps"
	"slices"
	"strconv"
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
	Input     string // the call's input JSON, as logged ("" when none)

	// An actor's aggregated event (CONTRACT.md "Time, actors and what is
	// exported"): Actor names the producer or consumer, Count is how many
	// identical calls of one simulated second the row stands for (1 for
	// any other event), LastTime the last one's time when Count > 1, and
	// Errors the calls' and records' error codes with their exact counts,
	// by code.
	Actor    string
	Count    int
	LastTime string
	Errors   []ErrorCount
}

// ErrorCount is an error code and how many calls (or records) of an
// aggregated event ended with it.
type ErrorCount struct {
	Code  string
	Count int
}

// OpText is the operation as the row shows it: "kinesis:PutRecords ×37"
// for an aggregated event of several calls, the operation alone otherwise.
func (r EventRow) OpText() string {
	if r.Count > 1 {
		return r.Op + " ×" + strconv.Itoa(r.Count)
	}
	return r.Op
}

// TimeText is the row's time: "00:00:02.000–00:00:02.900" for an
// aggregated event of several calls, the call's time otherwise.
func (r EventRow) TimeText() string {
	if r.LastTime != "" && r.LastTime != r.Time {
		return r.Time + "–" + r.LastTime
	}
	return r.Time
}

// ErrorsText sums up an aggregated event's errors, commonest first:
// "12 ProvisionedThroughputExceededException, 1 AccessDeniedException".
func (r EventRow) ErrorsText() string {
	parts := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		parts[i] = strconv.Itoa(e.Count) + " " + e.Code
	}
	return strings.Join(parts, ", ")
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
		Op: e.Op, ReadOnly: e.ReadOnly, InvokedBy: ShortPrincipal(e.InvokedBy), Actor: e.Actor, Count: max(1, e.Count), Input: string(e.Input)}
	if e.Count > 1 && e.LastTime != "" {
		r.LastTime = shortTime(e.LastTime, startDay)
	}
	for _, code := range slices.Sorted(maps.Keys(e.Errors)) {
		if n := e.Errors[code]; n > 0 {
			r.Errors = append(r.Errors, ErrorCount{code, n})
		}
	}
	slices.SortStableFunc(r.Errors, func(a, b ErrorCount) int { return b.Count - a.Count })
	for _, a := range e.Actions {
		ok := a.Decision == cloud.Allowed
		r.Actions = append(r.Actions, ActionRow{Action: a.Action, Resource: a.Resource, Decision: a.Decision, Allowed: ok})
		if !ok {
			r.Denied = true
		}
	}
	if e.Error != nil || len(r.Errors) > 0 {
		r.Failed = true
	}
	if e.Error != nil {
		r.ErrCode, r.ErrMsg = e.Error.Code, e.Error.Message
	}
	for _, c := range r.Errors {
		if strings.HasPrefix(c.Code, "AccessDenied") {
			r.Denied = true
		}
	}
	if strings.HasPrefix(r.ErrCode, "AccessDenied") {
		r.Denied = true
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
