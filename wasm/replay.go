package main

import (
	"bytes"
	"cloudplay/wasm/internal/ui"
	"time"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
)

// Long replays: opening a link, or the work saved in this browser, replays
// the scenario's steps into a fresh account, which can take a while. The
// page is drawn first (with the saved work or the default), then the
// replay runs a chunk of steps at a time (ReplayChunk), yielding to the
// browser between chunks, with a progress banner and a Cancel button.
// Cancelling keeps the account shown; cancelled saved work is rescued.

// replayer is a scenario being replayed step by step (scenario.Replay).
type replayer interface {
	Len() int        // steps in all
	Done() int       // steps replayed so far
	Run(n int) error // replays up to n more steps; a failed step stops it for good
	Finished() bool  // every step ran
	Result() (*cloud.Account, scenario.Meta, error)
}

// What a replay job opens.
const (
	replaySaved = "saved" // the work saved in this browser
	replayLink  = "link"  // a #s= link
	replayOpen  = "open"  // a file imported, or Reset: replaces the account, with Undo
)

// replayJob is one replay the store runs.
type replayJob struct {
	kind string
	r    replayer
	src  []byte // the scenario replayed (a link's scenario is its Reset base)
	base []byte // saved work: the scenario Reset returns to
	// shown: the progress banner is up (not for a replay that ends at once).
	shown bool
	// changes is the store's change count when the job started: a different
	// count at the end means the learner changed the account shown meanwhile.
	changes int
	// For replayOpen: what the banner says it opens ("Opening tiny.json"),
	// the undo label, where a failure shows, and how its message starts.
	title, label, where, failure string
}

// Replay actions.
type (
	// ReplayChunk runs up to Steps more steps of the replay under way. The
	// driver asks for the banner (Show) once the replay has taken long
	// enough to be noticed.
	ReplayChunk struct {
		Steps int
		Show  bool
	}
	// CancelReplay stops the replay under way, keeping the account shown.
	CancelReplay struct{}
	// Open replaces the account with a scenario (a file, up to
	// maxSavedSize), replayed a chunk at a time like a link, with Undo. A
	// scenario that does not load changes nothing: the error shows at
	// Where, its message after Failure.
	Open struct {
		Src     []byte
		Title   string // for the progress banner: "Opening tiny.json"
		Label   string // for the undo banner: "Imported tiny.json."
		Where   string
		Failure string // "Could not import tiny.json: "
	}
)

// ReplayProgress is what the progress banner shows.
type ReplayProgress struct {
	Kind  string // replaySaved, replayLink or replayOpen
	Title string // what is opened: "Opening the link"
	Done  int
	Total int
}

// Label is the banner's text, e.g. "Opening the link: step 1,234 of 20,000".
func (p ReplayProgress) Label() string {
	return p.Title + ": step " + thousands(p.Done) + " of " + thousands(p.Total)
}

// Replaying reports whether a replay is under way.
func (s *Store) Replaying() bool { return s.replay != nil }

// Progress returns the replay under way, when its banner is shown.
func (s *Store) Progress() (ReplayProgress, bool) {
	j := s.replay
	if j == nil || !j.shown {
		return ReplayProgress{}, false
	}
	title := j.title
	switch j.kind {
	case replayLink:
		title = "Opening the link"
	case replaySaved:
		title = "Loading the work saved in this browser"
	}
	return ReplayProgress{Kind: j.kind, Title: title, Done: j.r.Done(), Total: j.r.Len()}, true
}

// open queues the replay of a scenario that replaces the account.
func (s *Store) open(a *Open) {
	r := newReplay(a.Src, maxSavedSize)
	s.startReplays(&replayJob{kind: replayOpen, r: r, src: a.Src, title: a.Title, label: a.Label, where: a.Where, failure: a.Failure})
}

// startReplays queues replays (at boot: the saved work, then the link),
// and tells ReplayQueued.
func (s *Store) startReplays(jobs ...*replayJob) {
	if len(jobs) == 0 {
		return
	}
	s.queue = append(s.queue, jobs...)
	if s.replay == nil {
		s.nextReplay()
	}
	if s.ReplayQueued != nil {
		s.ReplayQueued()
	}
}

func (s *Store) nextReplay() {
	s.replay = nil
	if len(s.queue) > 0 {
		s.replay, s.queue = s.queue[0], s.queue[1:]
		s.replay.changes = s.changes
	}
}

// savedPending reports whether saved work is still to be loaded: until it
// is, nothing may be written over it.
func (s *Store) savedPending() bool {
	if s.replay != nil && s.replay.kind == replaySaved {
		return true
	}
	for _, j := range s.queue {
		if j.kind == replaySaved {
			return true
		}
	}
	return false
}

func (s *Store) replayChunk(a *ReplayChunk) {
	j := s.replay
	if j == nil {
		return
	}
	if a.Show {
		j.shown = true
	}
	var err error
	if !j.r.Finished() {
		err = runSafely(j.r, max(a.Steps, 1))
	}
	if err == nil && !j.r.Finished() {
		return
	}
	var acc *cloud.Account
	var m scenario.Meta
	if err == nil {
		acc, m, err = j.r.Result()
	}
	s.nextReplay()
	switch j.kind {
	case replaySaved:
		s.savedReplayed(j, acc, m, err)
	case replayLink:
		s.linkReplayed(j, acc, m, err)
	case replayOpen:
		if err != nil {
			e := uiError(j.where, err)
			e.Message = j.failure + e.Message + " Nothing was replaced."
			s.Err = e
			return
		}
		s.replaceWith(acc, m, j.src, j.label)
	}
}

// runSafely runs n steps of r; a panic fails the replay (rather than
// repeating on every chunk) with InternalFailure.
func runSafely(r replayer, n int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = internalFailure(p)
		}
	}()
	return r.Run(n)
}

// savedReplayed installs the saved work, or rescues it when it failed.
func (s *Store) savedReplayed(j *replayJob, a *cloud.Account, m scenario.Meta, err error) {
	if err != nil {
		s.rescue(j.src, errorText(err))
		return
	}
	if s.changes != j.changes {
		// The learner changed the account shown while the work loaded:
		// keep that for Undo rather than lose it.
		s.push("Your saved work finished loading and replaced the account you changed meanwhile.")
	}
	s.install(a, m, j.base)
	s.hadSaved = true
	// The storage holds this very work: nothing to write until it changes.
	s.dirty = false
}

// linkReplayed installs the link's account (with Undo over saved work), or
// says why it could not be opened.
func (s *Store) linkReplayed(j *replayJob, a *cloud.Account, m scenario.Meta, err error) {
	if err != nil {
		s.Notice = linkNotice(err, s.hadSaved)
		return
	}
	before := s.Export()
	pushed := s.hadSaved || s.changes != j.changes
	if pushed {
		s.push(LinkReplacedWork)
	}
	s.install(a, m, j.src)
	if pushed && bytes.Equal(before, s.Export()) {
		// The link holds the saved work itself (a reload of a shared page):
		// nothing was replaced.
		s.undo, s.UndoOffer = s.undo[:len(s.undo)-1:len(s.undo)-1], ""
	}
	// Nothing is saved yet: the saved work stays in storage (and the link
	// in the address bar) until the first change, so a reload before it
	// still offers both.
}

// cancelReplay stops the replay under way; the account shown stays.
func (s *Store) cancelReplay() {
	j := s.replay
	if j == nil {
		return
	}
	s.nextReplay()
	switch j.kind {
	case replaySaved:
		s.rescue(j.src, "you cancelled loading it")
	case replayLink:
		shown := "The default scenario is shown."
		if s.hadSaved {
			shown = "Your saved work is shown, unchanged."
		}
		s.Notice = "Opening the link was cancelled. " + shown
		// The link is stale: a reload must not open it again.
		s.tellChanged()
	case replayOpen:
		s.Notice = j.title + " was cancelled; nothing was replaced."
	}
}

// ReplayDriver runs the store's replays a chunk at a time: each chunk
// about Target of work, then Yield (which lets the browser paint and
// handle input). Now and Yield are injected so tests run it natively.
type ReplayDriver struct {
	Store  *Store
	Now    func() time.Time
	Yield  func()
	Target time.Duration // work per chunk (default 20 ms)
	// ShowAfter is how long a replay runs before its banner shows (default
	// 300 ms), so that a short one does not flash a banner.
	ShowAfter time.Duration
}

// RunSaved replays the saved work for at most budget, without yielding
// (before the page is first drawn, so that a reload shows the work at once
// when it is quick to load); it stops before a link's replay.
func (d *ReplayDriver) RunSaved(budget time.Duration) {
	d.run(budget, true)
}

// Run replays until nothing is left, yielding between chunks.
func (d *ReplayDriver) Run() { d.run(0, false) }

// run replays until nothing is left, or until budget has passed when
// budget > 0 (then without yielding); savedOnly stops before a link.
func (d *ReplayDriver) run(budget time.Duration, savedOnly bool) {
	target, showAfter := d.Target, d.ShowAfter
	if target <= 0 {
		target = 20 * time.Millisecond
	}
	if showAfter <= 0 {
		showAfter = 300 * time.Millisecond
	}
	start := d.Now()
	n := 8
	for d.Store.Replaying() {
		if savedOnly && d.Store.replay.kind != replaySaved {
			return
		}
		t0 := d.Now()
		d.Store.Dispatch(&ReplayChunk{Steps: n, Show: budget <= 0 && t0.Sub(start) >= showAfter})
		n = nextChunk(n, d.Now().Sub(t0), target)
		if budget > 0 {
			if d.Now().Sub(start) >= budget {
				return
			}
			continue
		}
		if d.Store.Replaying() && d.Yield != nil {
			d.Yield()
		}
	}
}

// nextChunk adapts the steps of the next chunk so that it takes about
// target: twice as many when the last took under half of it, fewer in
// proportion when it took longer.
func nextChunk(n int, took, target time.Duration) int {
	const maxSteps = 1 << 14
	switch {
	case took < target/2:
		n *= 2
	case took > target:
		n = int(int64(n) * int64(target) / int64(took))
	}
	return min(max(n, 1), maxSteps)
}

// thousands formats n with commas: 20000 → "20,000".
func thousands(n int) string { return ui.Thousands(int64(n)) }

// failedReplay is a replay that could not start (a link that does not
// decode, a scenario that does not parse).
type failedReplay struct{ err error }

func (f failedReplay) Len() int       { return 0 }
func (f failedReplay) Done() int      { return 0 }
func (f failedReplay) Run(int) error  { return f.err }
func (f failedReplay) Finished() bool { return false }
func (f failedReplay) Result() (*cloud.Account, scenario.Meta, error) {
	return nil, scenario.Meta{}, f.err
}

// newReplay starts replaying src, a scenario of at most maxSize bytes (a
// scenario that does not even parse is a replay that fails at once).
func newReplay(src []byte, maxSize int) replayer {
	r, err := scenario.NewReplay(src, maxSize)
	if err != nil {
		return failedReplay{err}
	}
	return r
}
