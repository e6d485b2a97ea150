package main

import (
	"encoding/json"
	"testing"

	"cloudplay/core/goals"
	"cloudplay/core/scenario/builtin"
)

func exerciseJSON(t *testing.T, id string) string {
	t.Helper()
	for _, b := range builtin.List() {
		if b.ID == id {
			return string(b.JSON)
		}
	}
	t.Fatalf("no built-in scenario %s", id)
	return ""
}

func hostGoals(t *testing.T, h *Host) []goals.Status {
	t.Helper()
	r := decodeReply(t, h.Goals())
	var st []goals.Status
	if !r.OK || json.Unmarshal(r.Output, &st) != nil {
		t.Fatalf("Goals: %+v %s", r.Error, r.Output)
	}
	return st
}

// cloudplay.goals() gives where an exercise's goals stand, [] for a
// scenario without any; a subscriber's feed carries the goals when one
// changes state, and only then.
func TestHostGoals(t *testing.T) {
	t.Parallel()
	h, _ := feedHost(t)
	if st := hostGoals(t, h); st == nil || len(st) != 0 {
		t.Fatalf("the default scenario's goals: %+v; want []", st)
	}
	var withGoals []json.RawMessage
	h.deliver = func(b []byte) {
		var fb struct{ Goals json.RawMessage }
		json.Unmarshal(b, &fb)
		if fb.Goals != nil {
			withGoals = append(withGoals, fb.Goals)
		}
	}
	if r := decodeReply(t, h.Reset(exerciseJSON(t, "exercise-new-team-group"))); !r.OK {
		t.Fatalf("Reset: %+v", r.Error)
	}
	st := hostGoals(t, h)
	if len(st) != 8 || st[0].Done || st[0].Title != "There is a group called Analytics" {
		t.Fatalf("after loading the exercise: %+v", st)
	}
	if len(withGoals) != 1 {
		t.Fatalf("loading the exercise delivered goals %d times; want once", len(withGoals))
	}
	h.Call("iam:ListUsers", `{}`, "")                          // read-only: no change
	h.Call("iam:CreateUser", `{"UserName":"Ivy"}`, "")         // changes the account, not the goals
	h.Call("iam:CreateGroup", `{"GroupName":"Analytics"}`, "") // ticks the first goal
	if len(withGoals) != 2 {
		t.Fatalf("goals delivered %d times; want twice (the load, the group)", len(withGoals))
	}
	var last []goals.Status
	json.Unmarshal(withGoals[1], &last)
	if !last[0].Done || last[1].Done {
		t.Errorf("delivered %+v", last)
	}
	if st := hostGoals(t, h); !st[0].Done || st[0].Detail != "" {
		t.Errorf("Goals after CreateGroup: %+v", st)
	}
}

// The tracker checks the goals again only when the account changed: not
// for each render while the clock plays.
func TestGoalTrackerChecksOnlyAfterChanges(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	s.Dispatch(&Load{Src: []byte(exerciseJSON(t, "exercise-bob-upload"))})
	var tr GoalTracker
	first := tr.Statuses(s.Account(), s.Meta().Goals)
	events := len(s.Account().Events())
	if again := tr.Statuses(s.Account(), s.Meta().Goals); &again[0] != &first[0] {
		t.Error("the goals were checked again without a change")
	}
	s.Dispatch(&CallOp{Op: "iam:PutUserPolicy", Input: []byte(`{"UserName":"Bob","PolicyName":"Up","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"}]}"}`)})
	after := tr.Statuses(s.Account(), s.Meta().Goals)
	if GoalsDone(first) != 4 || GoalsDone(after) != 5 {
		t.Errorf("done before %d, after %d; want 4 then 5", GoalsDone(first), GoalsDone(after))
	}
	if n := len(s.Account().Events()); n != events+1 {
		t.Errorf("checking the goals logged %d events", n-events-1)
	}
}
