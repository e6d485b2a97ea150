package eventlog

import (
	"slices"

	"cloudplay/core/cloud"
)

// DecisionText is a decision in the words of AWS's policy evaluation
// logic and the IAM policy simulator: "Allowed", "Implicit deny" (no
// statement allows: the default) and "Explicit deny" (a Deny statement
// matched). Anything else is returned as it is.
//
// [Policy evaluation logic]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
func DecisionText(d string) string {
	switch d {
	case cloud.Allowed:
		return "Allowed"
	case cloud.ImplicitDeny:
		return "Implicit deny"
	case cloud.ExplicitDeny:
		return "Explicit deny"
	}
	return d
}

// Decision filter values: which rows the Event log shows.
const (
	ShowAll          = ""             // every row
	ShowAllowed      = "allowed"      // every action allowed and no error
	ShowDenied       = "denied"       // an action denied, implicitly or explicitly
	ShowImplicitDeny = "implicitDeny" // an action denied by default
	ShowExplicitDeny = "explicitDeny" // an action denied by a Deny statement
	ShowFailed       = "failed"       // the call ended with an error (a denial included)
)

// DecisionFilters are the decision filter's choices, in the order the
// panel offers them, with their labels.
var DecisionFilters = []struct{ Value, Label string }{
	{ShowAll, "Any decision"},
	{ShowAllowed, "Allowed"},
	{ShowDenied, "Denied (implicit or explicit)"},
	{ShowImplicitDeny, "Implicit deny"},
	{ShowExplicitDeny, "Explicit deny"},
	{ShowFailed, "Failed (any error)"},
}

// Filter chooses the rows the Event log shows: Caller is a caller's ARN
// ("" for any), Decision one of the Show… values.
type Filter struct {
	Caller   string
	Decision string
}

// Active reports whether the filter hides anything.
func (f Filter) Active() bool { return f.Caller != "" || f.Decision != ShowAll }

// Match reports whether the row passes the filter.
func (f Filter) Match(r EventRow) bool {
	if f.Caller != "" && r.CallerARN != f.Caller {
		return false
	}
	switch f.Decision {
	case ShowAllowed:
		return !r.Denied && !r.Failed
	case ShowDenied:
		return r.Denied
	case ShowImplicitDeny, ShowExplicitDeny:
		return slices.ContainsFunc(r.Actions, func(a ActionRow) bool { return a.Decision == f.Decision })
	case ShowFailed:
		return r.Failed
	}
	return true
}

// Apply returns the rows that pass the filter, in their order.
func (f Filter) Apply(rows []EventRow) []EventRow {
	if !f.Active() {
		return rows
	}
	out := make([]EventRow, 0, len(rows))
	for _, r := range rows {
		if f.Match(r) {
			out = append(out, r)
		}
	}
	return out
}

// Caller is one caller the filter offers: its ARN and short name.
type Caller struct{ ARN, Name string }

// Callers returns the distinct callers of rows, sorted by short name (then
// ARN), for the caller filter.
func Callers(rows []EventRow) []Caller {
	seen := map[string]bool{}
	var out []Caller
	for _, r := range rows {
		if r.CallerARN == "" || seen[r.CallerARN] {
			continue
		}
		seen[r.CallerARN] = true
		out = append(out, Caller{ARN: r.CallerARN, Name: r.Caller})
	}
	slices.SortFunc(out, func(a, b Caller) int {
		if a.Name != b.Name {
			if a.Name < b.Name {
				return -1
			}
			return 1
		}
		if a.ARN < b.ARN {
			return -1
		}
		if a.ARN > b.ARN {
			return 1
		}
		return 0
	})
	return out
}

// DecisionText is the row's decision in AWS's words: "Explicit deny" when
// an action was denied by a Deny statement, "Implicit deny" when one was
// denied by default, "Allowed" when every action was allowed, and "" for
// a call that needed no authorisation.
func (r EventRow) DecisionText() string {
	if len(r.Actions) == 0 {
		return ""
	}
	worst := cloud.Allowed
	for _, a := range r.Actions {
		switch a.Decision {
		case cloud.ExplicitDeny:
			worst = cloud.ExplicitDeny
		case cloud.ImplicitDeny:
			if worst == cloud.Allowed {
				worst = cloud.ImplicitDeny
			}
		}
	}
	return DecisionText(worst)
}

// Why explains an action's decision in a sentence, in the words of AWS's
// policy evaluation logic.
func (a ActionRow) Why(caller string) string {
	switch a.Decision {
	case cloud.Allowed:
		return "A policy that applies to " + caller + " allows " + a.Action + " on " + a.Resource + ", and no Deny statement matches."
	case cloud.ImplicitDeny:
		return "No policy that applies to " + caller + " allows " + a.Action + " on " + a.Resource + ": denied by default (implicit deny)."
	case cloud.ExplicitDeny:
		return "A Deny statement matches " + a.Action + " on " + a.Resource + ": an explicit deny overrides any Allow."
	}
	return a.Action + " on " + a.Resource + ": " + a.Decision
}
