package main

import (
	"bytes"
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
	// Link is the value after "#s=" (empty when the page has no link).
	Link string
	// Saved is the saved work to start from, or to fall back to when the
	// link cannot be opened (nil in embed mode or when nothing is saved).
	Saved []byte
	// SavedBase is the scenario Reset returned to when Saved was saved.
	SavedBase []byte
}

// PlanStart decides the start-up sources from the page's mode, its
// location.hash (with or without the leading '#') and what localStorage
// holds. Embed mode ignores saved work: an embedded panel shows the
// scenario of its link, or the default.
func PlanStart(mode Mode, hash string, saved Saved) StartPlan {
	var p StartPlan
	p.Link = LinkValue(hash)
	if mode == ModeFull && len(saved.Scenario) > 0 {
		p.Saved = saved.Scenario
		p.SavedBase = saved.Base
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

// Saved is the work kept in localStorage between visits.
type Saved struct {
	Scenario []byte // the exported scenario, with actingAs and ui.panel
	Base     []byte // the scenario "Reset" returns to
}

// Storage is the part of window.localStorage the Store uses; nil in embed
// mode. Tests use a map.
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
}

// Keys in localStorage.
const (
	keyWork = "cloudplay.work"
	keyBase = "cloudplay.base"
)

// LoadSaved reads the saved work from st (nothing when st is nil).
func LoadSaved(st Storage) Saved {
	if st == nil {
		return Saved{}
	}
	var s Saved
	if v, ok := st.Get(keyWork); ok {
		s.Scenario = []byte(v)
	}
	if v, ok := st.Get(keyBase); ok {
		s.Base = []byte(v)
	}
	return s
}

// Boot builds the store a page opens with, following plan. It never fails:
// saved work that no longer loads gives way to the default scenario, and a
// link that cannot be opened (not base64url, not DEFLATE, too big, not a
// scenario...) leaves the saved work or the default in place, with a Notice
// saying why. When a link replaces different saved work, the saved work is
// kept for Undo and the undo banner is offered: a link never silently
// destroys work. Boot itself saves nothing; the first change does.
func Boot(plan StartPlan, storage Storage) *Store {
	s, notice := bootFallback(plan, storage)
	if plan.Link == "" {
		s.Notice = notice
		return s
	}
	src, err := scenario.DecodeLink(plan.Link)
	if err != nil {
		s.Notice = linkNotice(err, plan.Saved != nil && notice == "")
		return s
	}
	a, m, err := scenario.Load(src)
	if err != nil {
		s.Notice = linkNotice(err, plan.Saved != nil && notice == "")
		return s
	}
	before := s.Export()
	if plan.Saved != nil && notice == "" {
		s.push(LinkReplacedWork)
	}
	s.install(a, m, src)
	if s.UndoOffer == "" {
		return s
	}
	if bytes.Equal(before, s.Export()) {
		// The link holds the saved work itself (a reload of a shared page):
		// nothing was replaced.
		s.undo, s.UndoOffer = nil, ""
	}
	return s
}

// LinkReplacedWork is the undo banner's label when a link replaced saved work.
const LinkReplacedWork = "The link you opened replaced the work saved in this browser."

// bootFallback returns the store of the saved work, or of the default
// scenario, with a notice when saved work could not be loaded.
func bootFallback(plan StartPlan, storage Storage) (*Store, string) {
	if plan.Saved != nil {
		s, err := newStore(plan.Saved, plan.SavedBase, storage)
		if err == nil {
			return s, ""
		}
		s, _ = NewStore(nil, storage)
		return s, "The work saved in this browser could not be loaded (" + errorText(err) + "); the default scenario is shown. It stays saved until you change something."
	}
	s, err := NewStore(nil, storage)
	if err != nil {
		panic("cloudplay: the default scenario does not load: " + err.Error())
	}
	return s, ""
}

// linkNotice explains a link that could not be opened.
func linkNotice(err error, saved bool) string {
	shown := "The default scenario is shown instead."
	if saved {
		shown = "Your saved work is shown instead, unchanged."
	}
	return "This link could not be opened: " + errorText(err) + ". " + shown
}

// errorText returns an error's message without its code.
func errorText(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return strings.TrimSuffix(e.Message, ".")
	}
	return err.Error()
}
