package main

import (
	"strings"
	"testing"
	"time"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

// slowReplay is a replay of n steps, each costing cost on clock; when done,
// its result is the scenario src.
type slowReplay struct {
	n, done int
	cost    time.Duration
	clock   *fakeClock
	src     []byte
	failAt  int // a step that fails (0: none)
}

func (r *slowReplay) Len() int       { return r.n }
func (r *slowReplay) Done() int      { return r.done }
func (r *slowReplay) Finished() bool { return r.done == r.n }
func (r *slowReplay) Run(k int) error {
	for ; k > 0 && r.done < r.n; k-- {
		r.clock.t = r.clock.t.Add(r.cost)
		if r.failAt != 0 && r.done == r.failAt {
			return r.err()
		}
		r.done++
	}
	return nil
}
func (r *slowReplay) err() error {
	return &scenarioError{"steps[" + itoaTest(r.failAt) + "]: iam:CreateUser: NoSuchEntity"}
}
func (r *slowReplay) Result() (*cloud.Account, scenario.Meta, error) {
	if r.failAt != 0 {
		return nil, scenario.Meta{}, r.err()
	}
	return scenario.Load(r.src)
}

type scenarioError struct{ msg string }

func (e *scenarioError) Error() string { return e.msg }

func itoaTest(n int) string { return thousands(n) }

// yanns is a scenario whose account has the user Yann.
var yanns = []byte(`{"format":"cloudplay-scenario/1","name":"Yann's","steps":[{"op":"iam:CreateUser","input":{"UserName":"Yann"}}]}`)

// driven is a store over saved work (the default plus Zoe), with a link
// replay of n steps queued, and a driver on a fake clock.
func driven(t *testing.T, kind string, n int) (*Store, *ReplayDriver, *slowReplay, mapStorage) {
	t.Helper()
	st := mapStorage{}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	createUser(s, "Zoe")
	s.hadSaved = true
	clock := &fakeClock{}
	r := &slowReplay{n: n, cost: time.Millisecond, clock: clock, src: yanns}
	s.startReplays(&replayJob{kind: kind, r: r, src: yanns, base: yanns})
	return s, &ReplayDriver{Store: s, Now: clock.Now}, r, st
}

// A long link replays in chunks of bounded work, yielding between them,
// with a progress banner once it has run a while; the page answers in
// between; at the end the link replaces the work, with Undo.
func TestReplayDriverYieldsWithProgress(t *testing.T) {
	t.Parallel()
	s, d, r, _ := driven(t, replayLink, 20000)
	var chunks []int
	last := 0
	labels := map[string]bool{}
	d.Yield = func() {
		chunks = append(chunks, r.done-last)
		last = r.done
		if p, ok := s.Progress(); ok {
			labels[p.Label()] = true
		}
		// The learner clicks a tab meanwhile: it works at once.
		s.Dispatch(&SelectPanel{Name: PanelLog})
		if s.Panel() != PanelLog {
			t.Fatal("a click during the replay did nothing")
		}
		s.Dispatch(&SelectPanel{Name: PanelAccount})
	}
	d.Run()
	if s.Replaying() {
		t.Fatal("the replay did not finish")
	}
	if len(chunks) < 100 {
		t.Errorf("%d yields for 20,000 steps of 1 ms", len(chunks))
	}
	for i, c := range chunks {
		if time.Duration(c)*time.Millisecond > 2*20*time.Millisecond {
			t.Fatalf("chunk %d ran %d ms of work without yielding", i, c)
		}
	}
	if len(labels) < 50 {
		t.Errorf("no progress was shown: %v", labels)
	}
	for l := range labels {
		if !strings.HasPrefix(l, "Opening the link: step ") || !strings.HasSuffix(l, " of 20,000") {
			t.Errorf("progress label %q", l)
		}
	}
	if !hasUserNamed(s, "Yann") || hasUserNamed(s, "Zoe") || s.UndoOffer != LinkReplacedWork {
		t.Fatalf("after the link: users %v, undo %q", userNames(s), s.UndoOffer)
	}
	s.Dispatch(&Undo{})
	if !hasUserNamed(s, "Zoe") {
		t.Error("undo did not bring the saved work back")
	}
}

// Cancel stops the replay and keeps the account shown; a cancelled link
// is dropped from the address bar (Changed), cancelled saved work rescued.
func TestReplayCancelKeepsTheWork(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{replayLink, replaySaved} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s, d, r, st := driven(t, kind, 20000)
			changed := 0
			s.Changed = func() { changed++ }
			yields := 0
			d.Yield = func() {
				yields++
				if yields == 10 {
					s.Dispatch(&CancelReplay{})
				}
			}
			d.Run()
			if s.Replaying() || r.done == r.n || yields != 10 {
				t.Fatalf("replaying %v, %d of %d steps, %d yields", s.Replaying(), r.done, r.n, yields)
			}
			if !hasUserNamed(s, "Zoe") || hasUserNamed(s, "Yann") || s.CanUndo() {
				t.Fatalf("after cancel: users %v", userNames(s))
			}
			if kind == replayLink {
				if changed != 1 || !strings.Contains(s.Notice, "cancelled") {
					t.Errorf("changed %d, notice %q", changed, s.Notice)
				}
				return
			}
			if rs := s.Rescues(); len(rs) != 1 || !strings.Contains(rs[0].Reason, "cancelled") || !strings.Contains(st[keyRescue], "Yann") {
				t.Errorf("cancelled saved work is not rescued: %+v", rs)
			}
		})
	}
}

// While saved work loads, nothing is written over it; changes made to the
// account shown meanwhile are kept for Undo when it arrives.
func TestReplaySavedWorkIsNotOverwrittenWhileItLoads(t *testing.T) {
	t.Parallel()
	s, d, _, st := driven(t, replaySaved, 500)
	before := st[keySaved]
	yields := 0
	d.Yield = func() {
		yields++
		if yields == 2 {
			createUser(s, "Walter")
			s.Dispatch(&Flush{})
			if st[keySaved] != before {
				t.Fatal("a change during the load overwrote the saved work")
			}
		}
	}
	d.Run()
	if !hasUserNamed(s, "Yann") || !s.CanUndo() {
		t.Fatalf("after the load: users %v, undo %v", userNames(s), s.CanUndo())
	}
	s.Dispatch(&Undo{})
	if !hasUserNamed(s, "Walter") {
		t.Error("the change made meanwhile is lost")
	}
}

// A replay that fails part-way: a link leaves the work with a notice;
// saved work is rescued.
func TestReplayFailure(t *testing.T) {
	t.Parallel()
	s, d, r, _ := driven(t, replayLink, 100)
	r.failAt = 50
	d.Run()
	if !hasUserNamed(s, "Zoe") || !strings.Contains(s.Notice, "could not be opened") || !strings.Contains(s.Notice, "steps[50]") {
		t.Errorf("users %v, notice %q", userNames(s), s.Notice)
	}
	s, d, r, _ = driven(t, replaySaved, 100)
	r.failAt = 50
	d.Run()
	if rs := s.Rescues(); len(rs) != 1 || !strings.Contains(rs[0].Reason, "steps[50]") {
		t.Errorf("rescues %+v", rs)
	}
}

// RunSaved replays saved work before the first paint, within its budget,
// and leaves a link for later.
func TestReplayRunSavedStopsAtTheBudgetAndBeforeALink(t *testing.T) {
	t.Parallel()
	s, d, r, _ := driven(t, replaySaved, 1000)
	d.RunSaved(100 * time.Millisecond)
	if !s.Replaying() || r.done < 50 || r.done > 200 {
		t.Errorf("after 100 ms: replaying %v, %d steps done", s.Replaying(), r.done)
	}
	if _, shown := s.Progress(); shown {
		t.Error("the banner is up before the page is drawn")
	}
	s2, d2, r2, _ := driven(t, replayLink, 10)
	d2.RunSaved(time.Second)
	if !s2.Replaying() || r2.done != 0 {
		t.Error("RunSaved ran a link")
	}
}

func TestNextChunk(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		n          int
		took, want time.Duration
		next       int
	}{
		{8, 1 * ms, 20 * ms, 16},
		{100, 15 * ms, 20 * ms, 100},
		{100, 40 * ms, 20 * ms, 50},
		{1, 5 * time.Second, 20 * ms, 1},
		{1 << 14, 0, 20 * ms, 1 << 14},
	}
	for _, tt := range tests {
		if got := nextChunk(tt.n, tt.took, tt.want); got != tt.next {
			t.Errorf("nextChunk(%d, %v, %v) = %d, want %d", tt.n, tt.took, tt.want, got, tt.next)
		}
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands = %s", got)
	}
}

// A file opens like a link, replacing the account with Undo; one that does
// not load replaces nothing and says why where it was chosen.
func TestOpenAFile(t *testing.T) {
	t.Parallel()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(nil)), nil)
	queued := 0
	s.ReplayQueued = func() { queued++ }
	bad := []byte(`{"format":"cloudplay-scenario/1","steps":[{"op":"iam:CreateUser","input":{}}]}`)
	s.Dispatch(&Open{Src: bad, Title: "Opening broken.json", Label: "Imported broken.json.", Where: "page", Failure: "Could not import broken.json: "})
	runReplays(s)
	e := s.ErrorAt("page")
	if e == nil || e.Code != "InvalidScenario" || !strings.HasPrefix(e.Message, "Could not import broken.json: ") ||
		!strings.Contains(e.Message, "steps[0]") || !strings.HasSuffix(e.Message, "Nothing was replaced.") {
		t.Fatalf("error %+v", e)
	}
	if !hasUserNamed(s, "Fred") || s.CanUndo() {
		t.Fatal("a file that does not load replaced the account")
	}
	s.Dispatch(&Open{Src: yanns, Title: "Opening yann.json", Label: "Imported yann.json.", Where: "page"})
	if queued != 2 {
		t.Errorf("ReplayQueued called %d times, want 2", queued)
	}
	runReplays(s)
	if !hasUserNamed(s, "Yann") || s.UndoOffer != "Imported yann.json." || s.Err != nil {
		t.Fatalf("users %v, undo %q, err %+v", userNames(s), s.UndoOffer, s.Err)
	}
}
