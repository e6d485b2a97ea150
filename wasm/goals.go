package main

import (
	"encoding/json"

	"cloudplay/core/cloud"
	"cloudplay/core/goals"
)

// GoalTracker keeps where the goals of the current scenario stand
// (CONTRACT.md "Goals (exercises)"), checking them again only after the
// account changed: when it was replaced (a scenario loaded, a reset, Undo)
// or its journal grew (a successful state-changing call, or time moved
// after one). Playing the clock re-renders the page often; the goals are
// not checked every frame. Statuses is cheap between changes.
type GoalTracker struct {
	account  *cloud.Account
	journal  int
	statuses []goals.Status
}

// Statuses returns where the goals gs of the account a stand, checking
// them again when a changed since the last time.
func (t *GoalTracker) Statuses(a *cloud.Account, gs []goals.Goal) []goals.Status {
	if a == nil {
		return []goals.Status{}
	}
	if a != t.account || a.JournalLen() != t.journal || t.statuses == nil {
		t.account, t.journal = a, a.JournalLen()
		t.statuses = goals.Evaluate(a, gs)
	}
	return t.statuses
}

// goalsJSON writes statuses as the JS API and the bridge give them:
// [{"title", "done", "detail"}, ...].
func goalsJSON(statuses []goals.Status) []byte {
	if statuses == nil {
		statuses = []goals.Status{}
	}
	b, err := json.Marshal(statuses)
	if err != nil {
		return []byte("[]")
	}
	return b
}

// goalsKey is what a change of the goals' state is judged by: each
// goal's title and whether it is done (a reason that changes wording is
// not a change a course page needs to hear of).
func goalsKey(statuses []goals.Status) string {
	b, _ := json.Marshal(func() [][2]any {
		out := make([][2]any, len(statuses))
		for i, s := range statuses {
			out[i] = [2]any{s.Title, s.Done}
		}
		return out
	}())
	return string(b)
}

// GoalsDone counts the goals done.
func GoalsDone(statuses []goals.Status) int {
	n := 0
	for _, s := range statuses {
		if s.Done {
			n++
		}
	}
	return n
}
