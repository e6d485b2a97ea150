//go:build e2e

package e2e

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goalStatus is a goal as cloudplay.goals() and the bridge give it.
type goalStatus struct {
	Title  string `json:"title"`
	Done   bool   `json:"done"`
	Detail string `json:"detail"`
}

func doneCount(gs []goalStatus) int {
	n := 0
	for _, g := range gs {
		if g.Done {
			n++
		}
	}
	return n
}

// TestGoalsChecklist: an exercise opened from the scenario picker shows its
// description and an unticked checklist under the header; as the work is
// done (here through cloudplay.call) the goals tick one by one, and
// cloudplay.goals() agrees with the page.
func TestGoalsChecklist(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	if n := evalJS[int](p, `document.querySelectorAll("#goals li").length`); n != 0 {
		t.Fatalf("the default scenario shows %d goals", n)
	}
	p.eval(`(() => { const s = document.getElementById("scenario-picker");
		s.value = "exercise-new-team-group"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil)
	p.waitText("#goals-summary", "4 of 8 goals done")
	if d := p.text(".exercise-description"); !strings.Contains(d, "Analytics team") {
		t.Errorf("the exercise's description is not shown: %q", d)
	}
	if got := evalJS[string](p, `document.getElementById("goal-0").dataset.done`); got != "false" {
		t.Errorf("the first goal starts done=%s", got)
	}
	if gs := evalJS[[]goalStatus](p, `cloudplay.goals()`); len(gs) != 8 || gs[0].Done || gs[0].Detail == "" {
		t.Fatalf("cloudplay.goals() = %+v", gs)
	}
	p.call("iam:CreateGroup", map[string]any{"GroupName": "Analytics"})
	p.waitText("#goals-summary", "5 of 8 goals done")
	p.shot("one-done")
	if got := evalJS[string](p, `document.getElementById("goal-0").dataset.done`); got != "true" {
		t.Errorf("after CreateGroup the first goal is done=%s", got)
	}
	for _, u := range []string{"Gina", "Hank"} {
		p.call("iam:AddUserToGroup", map[string]any{"GroupName": "Analytics", "UserName": u})
	}
	p.waitText("#goals-summary", "6 of 8 goals done")
	p.call("iam:AttachGroupPolicy", map[string]any{"GroupName": "Analytics", "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"})
	p.waitText("#goals-summary", "All 8 goals done")
	if gs := evalJS[[]goalStatus](p, `cloudplay.goals()`); doneCount(gs) != 8 {
		t.Errorf("cloudplay.goals() after the solution: %+v", gs)
	}
	// Checks are not logged: the log holds the scenario's steps and the
	// four calls, nothing more.
	if n := evalJS[int](p, `cloudplay.events().length`); n != 4+4 {
		t.Errorf("the event log holds %d events; want 8 (checks are not logged)", n)
	}
	p.expectCleanConsole()
}

// goalNote is a message a subscribed course page got.
type goalNote struct {
	Origin string `json:"origin"`
	Data   struct {
		Cloudplay string       `json:"cloudplay"`
		Goals     []goalStatus `json:"goals"`
	} `json:"data"`
}

// TestBridgeGoals: a course page on another origin loads an exercise into
// the embed, subscribes, and drives the exercise to done through
// postMessage while the learner does one step in the panel: it gets the
// goals when it subscribes, {cloudplay: "goals"} each time a goal changes
// state, ending all done, and "changed" after the learner's own step.
func TestBridgeGoals(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(rootDir, "core", "scenario", "builtin", "exercise-new-team-group.json"))
	if err != nil {
		t.Fatal(err)
	}
	course := startServer(t, "127.0.0.1", nil)
	p := openURL(t, course+"/course-example.html?embed="+url.QueryEscape(siteURL+"/embed.html"))
	p.waitText("#status", "ready")
	if err := p.eval(`window.__notes = [];
		addEventListener("message", (e) => {
			const f = document.getElementById("playground");
			if (e.source === f.contentWindow && e.data && (e.data.cloudplay === "goals" || e.data.cloudplay === "changed")) {
				__notes.push({origin: e.origin, data: e.data});
			}
		}); true`, nil); err != nil {
		t.Fatal(err)
	}
	if r := post(t, p, `{cloudplay: "reset", id: "r", scenario: `+string(src)+`}`, "r", 20000); r == nil || !r.Data.OK {
		t.Fatalf("reset to the exercise: %+v", r)
	}
	if r := post(t, p, `{cloudplay: "subscribe", id: "s"}`, "s", 10000); r == nil || !r.Data.OK {
		t.Fatalf("subscribe: %+v", r)
	}
	notes := waitNotes(t, p, 1)
	if n := notes[0]; n.Data.Cloudplay != "goals" || len(n.Data.Goals) != 8 || doneCount(n.Data.Goals) != 4 || n.Origin != siteURL {
		t.Fatalf("on subscribing the course page got %+v; want the 8 goals, 4 done, from %s", n, siteURL)
	}
	// The learner creates the group in the embedded panel.
	embed := frameOf(t, p, siteURL)
	embed.eval(t, `document.getElementById("new-group").value = "Analytics";
		document.getElementById("form-create-group").requestSubmit(); true`, nil)
	notes = waitNotes(t, p, 3)
	// The course page does the rest.
	for i, m := range []string{
		`{cloudplay: "call", id: "a1", op: "iam:AddUserToGroup", input: {GroupName: "Analytics", UserName: "Gina"}}`,
		`{cloudplay: "call", id: "a2", op: "iam:AddUserToGroup", input: {GroupName: "Analytics", UserName: "Hank"}}`,
		`{cloudplay: "call", id: "a3", op: "iam:AttachGroupPolicy", input: {GroupName: "Analytics", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}}`,
	} {
		id := "a" + string(rune('1'+i))
		if r := post(t, p, m, id, 10000); r == nil || !r.Data.OK {
			t.Fatalf("%s: %+v", m, r)
		}
	}
	notes = waitNotes(t, p, 5)
	time.Sleep(600 * time.Millisecond) // anything more would come by now
	notes = evalJS[[]goalNote](p, `__notes`)
	var got []string
	for _, n := range notes {
		s := n.Data.Cloudplay
		if s == "goals" {
			s += ":" + string(rune('0'+doneCount(n.Data.Goals)))
		}
		got = append(got, s)
		if n.Origin != siteURL {
			t.Errorf("a message came from %q, want %q", n.Origin, siteURL)
		}
	}
	// goals:5 after the group; Gina alone ticks nothing (both must be in
	// it); Hank ticks the membership; the policy the two reads.
	want := "goals:4 goals:5 changed goals:6 goals:8"
	if strings.Join(got, " ") != want {
		t.Fatalf("the course page got\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	last := notes[len(notes)-1].Data.Goals
	for _, g := range last {
		if !g.Done || g.Detail != "" {
			t.Errorf("at the end %+v", g)
		}
	}
}

// waitNotes waits until the course page got at least n messages.
func waitNotes(t *testing.T, p *page, n int) []goalNote {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		notes := evalJS[[]goalNote](p, `__notes`)
		if len(notes) >= n {
			return notes
		}
		if time.Now().After(deadline) {
			t.Fatalf("the course page got %d messages, want at least %d: %+v", len(notes), n, notes)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
