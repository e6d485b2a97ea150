package main

import (
	"errors"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/scenario"
)

// Mode is how the page is shown: the full playground or one embedded panel.
type Mode string

const (
	ModeFull  Mode = "full"  // index.html: the playground, with saved work
	ModeEmbed Mode = "embed" // embed.html: one panel, never touches localStorage
)

// ParseMode returns the mode named by the body's data-mode attribute;
// anything but "embed" is the full playground.
func ParseMode(s string) Mode {
	if strings.TrimSpace(s) == string(ModeEmbed) {
		return ModeEmbed
	}
	return ModeFull
}

// StartPlan says where the account shown on opening a page comes from
// (CONTRACT.md "Pages, links and embedding"): a #s= link, else the work saved
// in localStorage (full mode only), else the default scenario.
type StartPlan struct {
	Mode Mode
	// Link is the value after "#s=" (empty when the page has no link).
	Link string
	// Saved is what localStorage holds (empty in embed mode).
	Saved Saved
}

// PlanStart decides the start-up sources from the page's mode, its
// location.hash (with or without the leading '#') and what localStorage
// holds. Embed mode ignores saved work: an embedded panel shows the
// scenario of its link, or the default.
func PlanStart(mode Mode, hash string, saved Saved) StartPlan {
	p := StartPlan{Mode: mode, Link: LinkValue(hash)}
	if mode == ModeFull {
		p.Saved = saved
	}
	return p
}

// LinkValue returns the scenario link value of a location hash ("#s=..."),
// or "" when the hash carries none. Other fragment parameters, separated by
// '&', are ignored.
func LinkValue(hash string) string {
	hash = strings.TrimPrefix(hash, "#")
	for part := range strings.SplitSeq(hash, "&") {
		if v, ok := strings.CutPrefix(part, "s="); ok {
			return v
		}
	}
	return ""
}

// Saved is what localStorage holds between visits.
type Saved struct {
	Scenario []byte // the exported work, with actingAs and ui.panel
	Base     []byte // the scenario "Reset" returns to
	// Broken is a saved value that could not be read (Err says why); it is
	// rescued rather than overwritten.
	Broken []byte
	Err    error
	// Legacy: the work came from the keys used before keySaved.
	Legacy  bool
	Rescues []Rescue
	Drafts  map[string]Draft
	Editing string // the draft the IAM editor showed last
}

// Storage is the part of window.localStorage the Store uses; nil in embed
// mode. Tests use a map.
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string) error
}

// LoadSaved reads the saved work, the rescued work and the drafts from st
// (nothing when st is nil).
func LoadSaved(st Storage) Saved {
	var s Saved
	if st == nil {
		return s
	}
	if v, ok := st.Get(keySaved); ok {
		work, base, err := decodeSaved(v)
		if err != nil {
			s.Broken, s.Err = []byte(v), err
		} else {
			s.Scenario, s.Base = work, base
		}
	} else if v, ok := st.Get(keyWork); ok {
		s.Scenario, s.Legacy = []byte(v), true
		if b, ok := st.Get(keyBase); ok {
			s.Base = []byte(b)
		}
	}
	s.Rescues, _ = readRescues(st)
	s.Drafts, s.Editing = readDrafts(st)
	return s
}

// Boot builds the store a page opens with, following plan. It shows the
// default scenario and queues the replays of the saved work and the link,
// which ReplayDriver runs (the page is drawn first). It never fails: saved
// work that does not load is rescued (kept under keyRescue, offered for
// download) with a Notice, and a link that cannot be opened (not
// base64url, not DEFLATE, too big, not a scenario...) leaves the saved work
// or the default in place, with a Notice saying why. When a link replaces
// different saved work, the saved work is kept for Undo and the undo
// banner is offered: a link never silently destroys work. Boot itself
// saves nothing; the first change does.
func Boot(plan StartPlan, storage Storage) *Store {
	s, err := NewStore(nil, storage)
	if err != nil {
		panic("cloudplay: the default scenario does not load: " + err.Error())
	}
	// The full playground without storage says so (once) and saves nothing.
	s.storageOff = plan.Mode == ModeFull && storage == nil
	saved := plan.Saved
	s.rescues, s.drafts, s.editing, s.legacy = saved.Rescues, saved.Drafts, saved.Editing, saved.Legacy
	if saved.Err != nil {
		s.rescue(saved.Broken, saved.Err.Error())
	}
	var jobs []*replayJob
	if saved.Scenario != nil {
		base := saved.Base
		if base == nil {
			base = saved.Scenario
		}
		jobs = append(jobs, &replayJob{kind: replaySaved, r: newReplay(saved.Scenario, maxSavedSize), src: saved.Scenario, base: base})
	}
	if plan.Link != "" {
		var r replayer
		src, err := scenario.DecodeLink(plan.Link)
		if err != nil {
			r = failedReplay{err}
		} else {
			r = newReplay(src, maxLinkSize)
		}
		jobs = append(jobs, &replayJob{kind: replayLink, r: r, src: src})
	}
	s.startReplays(jobs...)
	return s
}

// LinkReplacedWork is the undo banner's label when a link replaced saved work.
const LinkReplacedWork = "The link you opened replaced the work saved in this browser."

// linkNotice explains a link that could not be opened.
func linkNotice(err error, saved bool) string {
	shown := "The default scenario is shown instead."
	if saved {
		shown = "Your saved work is shown instead, unchanged."
	}
	return "This link could not be opened: " + clipCodePoints(errorText(err), 300) + ". " + shown
}

// errorText returns an error's message without its code.
func errorText(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return strings.TrimSuffix(e.Message, ".")
	}
	return err.Error()
}

// Sizes a scenario may have (CONTRACT.md "Sizes and options"): a link
// carries at most 1 MiB of scenario JSON; saved work and files up to 32 MiB.
const (
	maxLinkSize  = scenario.MaxLinkSize
	maxSavedSize = scenario.MaxSavedSize
)
