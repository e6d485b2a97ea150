package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"cloudplay/core/scenario/builtin"
)

// Saving the learner's work in localStorage (full mode only).
//
// The work and the scenario Reset returns to are written together, as one
// value under keySaved, so no failure between two writes can leave a pair
// that does not belong together; a write that fails (the browser's quota)
// or an export too large to load back leaves the previous value in place.
// Saving is debounced: a change marks the work dirty and asks SaveLater
// for a Flush; time advances alone only mark it (they are saved with the
// next change or the flush on leaving the page). Saved work that cannot be
// loaded is never overwritten: it is first moved to keyRescue, where it
// stays until the learner downloads it or lets it go.

// Keys in localStorage.
const (
	keySaved  = "cloudplay.saved"  // savedEnvelope: the work and its base
	keyWork   = "cloudplay.work"   // before keySaved: the work alone (read, then removed)
	keyBase   = "cloudplay.base"   // before keySaved: the base alone
	keyRescue = "cloudplay.rescue" // []Rescue: saved work that could not be loaded
	keyDrafts = "cloudplay.drafts" // map of policy key to Draft
)

// savedFormat is the "format" member of keySaved's value.
const savedFormat = "cloudplay-saved/1"

// savedEnvelope is the value under keySaved. The base is named when it is
// a built-in scenario (the usual case: no copy of it is kept), else
// included.
type savedEnvelope struct {
	Format      string          `json:"format"`
	BaseBuiltin string          `json:"baseBuiltin,omitempty"`
	Base        json.RawMessage `json:"base,omitempty"`
	Work        json.RawMessage `json:"work"`
}

// encodeSaved returns the value to store under keySaved. work and base are
// JSON (exports and scenarios that loaded).
func encodeSaved(work, base []byte) string {
	var b bytes.Buffer
	b.Grow(len(work) + 64)
	b.WriteString(`{"format":"` + savedFormat + `"`)
	if id := builtinID(base); id != "" {
		b.WriteString(`,"baseBuiltin":`)
		j, _ := json.Marshal(id)
		b.Write(j)
	} else if base = bytes.TrimSpace(base); len(base) > 0 && json.Valid(base) {
		// (A base that is not JSON, from an old save, is left out rather
		// than make the whole value unreadable: Reset then returns to the
		// work as it loaded.)
		b.WriteString(`,"base":`)
		b.Write(base)
	}
	b.WriteString(`,"work":`)
	b.Write(bytes.TrimSpace(work))
	b.WriteString("}\n")
	return b.String()
}

// decodeSaved reads keySaved's value.
func decodeSaved(text string) (work, base []byte, err error) {
	var e savedEnvelope
	if err := json.Unmarshal([]byte(text), &e); err != nil {
		return nil, nil, fmt.Errorf("the saved value is not valid JSON: %w", err)
	}
	if e.Format != savedFormat {
		return nil, nil, fmt.Errorf("the saved value has format %q, not %q", clipCodePoints(e.Format, 64), savedFormat)
	}
	if len(e.Work) == 0 {
		return nil, nil, errors.New("the saved value has no work")
	}
	base = e.Base
	if e.BaseBuiltin != "" {
		base = builtinJSON(e.BaseBuiltin)
	}
	return e.Work, base, nil
}

// builtinID returns the id of the built-in scenario whose text is src, or "".
func builtinID(src []byte) string {
	if len(src) == 0 {
		return ""
	}
	for _, b := range builtin.List() {
		if bytes.Equal(b.JSON, src) {
			return b.ID
		}
	}
	return ""
}

// builtinJSON returns the text of the built-in scenario id, or nil.
func builtinJSON(id string) []byte {
	for _, b := range builtin.List() {
		if b.ID == id {
			return b.JSON
		}
	}
	return nil
}

// Rescue is saved work that could not be loaded (or whose loading the
// learner cancelled), kept aside until the learner downloads it or lets it
// go.
type Rescue struct {
	// Work is the scenario as it was saved (what a download gives).
	Work string `json:"work"`
	// Reason says why it was not loaded.
	Reason string `json:"reason"`
}

// readRescues returns the rescues kept in st (none when the value is
// missing or unreadable: an unreadable list is left alone, not replaced).
func readRescues(st Storage) ([]Rescue, bool) {
	v, ok := st.Get(keyRescue)
	if !ok {
		return nil, true
	}
	var rs []Rescue
	if json.Unmarshal([]byte(v), &rs) != nil {
		return nil, false
	}
	return rs, true
}

// writeRescues replaces the list of rescues in st.
func writeRescues(st Storage, rs []Rescue) error {
	if len(rs) == 0 {
		return st.Remove(keyRescue)
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return err
	}
	return st.Set(keyRescue, string(b))
}

// saveDelay is how long after the last state-changing call the work is
// written (main.go's SaveLater): long enough that a burst of calls (a
// script, a learner clicking through the grid) writes once, short enough
// that little is at stake if the tab crashes.
const saveDelayMs = 500

// markChanged records that the work changed and should be saved soon.
func (s *Store) markChanged() {
	s.dirty = true
	s.saveSoon()
}

// saveSoon asks for a flush: later through SaveLater, or now without it.
func (s *Store) saveSoon() {
	if s.storage == nil {
		return
	}
	if s.SaveLater != nil {
		s.SaveLater()
		return
	}
	s.flush()
}

// flush writes what changed since the last save.
func (s *Store) flush() {
	if s.storage == nil {
		return
	}
	if s.dirty && !s.savedPending() {
		s.dirty = false
		s.saveWork()
	}
	if s.draftsDirty {
		s.draftsDirty = false
		s.saveDrafts()
	}
}

// saveWork writes the work and its base, unless that would replace
// something that must be kept or with something that cannot be loaded.
func (s *Store) saveWork() {
	if s.keepSaved {
		// The saved value is work that could not be loaded and could not
		// be moved aside: it is kept until the learner deals with it.
		s.setUnsaved("rescue", "the work saved earlier could not be loaded, and there was no room to keep it aside; download it or dismiss it first")
		return
	}
	work := s.exportWork()
	if limit := s.savedLimit(); len(work) > limit {
		s.setUnsaved("size", fmt.Sprintf("it has grown to %s, more than the %s that can be loaded back", byteSize(len(work)), byteSize(limit)))
		return
	}
	if err := s.storage.Set(keySaved, encodeSaved(work, s.base)); err != nil {
		s.setUnsaved("refused", "this browser refused to store it ("+clipCodePoints(err.Error(), 160)+")")
		return
	}
	s.unsaved, s.unsavedKind, s.unsavedDismissed = "", "", false
	if s.legacy {
		// The work now lives under keySaved: the old keys can go.
		if s.storage.Remove(keyWork) == nil && s.storage.Remove(keyBase) == nil {
			s.legacy = false
		}
	}
}

// savedLimit is the largest work saved: maxSavedSize, or a test's limit.
func (s *Store) savedLimit() int {
	if s.maxSaved > 0 {
		return s.maxSaved
	}
	return maxSavedSize
}

// setUnsaved records why the work is not saved any more; a dismissed
// banner shows again only for another kind of reason.
func (s *Store) setUnsaved(kind, reason string) {
	if kind != s.unsavedKind {
		s.unsavedDismissed = false
	}
	s.unsaved, s.unsavedKind = reason, kind
}

// rescue keeps saved work that could not be loaded under keyRescue, so
// that the next save cannot overwrite it. When it cannot be kept aside,
// saving stops until the learner downloads or dismisses it.
func (s *Store) rescue(work []byte, reason string) {
	r := Rescue{Work: string(work), Reason: reason}
	for _, old := range s.rescues {
		if old.Work == r.Work {
			return
		}
	}
	s.rescues = append(s.rescues, r)
	if s.storage == nil {
		return
	}
	stored, ok := readRescues(s.storage)
	if ok {
		ok = writeRescues(s.storage, append(stored, r)) == nil
	}
	if !ok {
		s.keepSaved = true
	}
}

// dropRescue lets rescue i go (the learner downloaded or dismissed it).
func (s *Store) dropRescue(i int) {
	if i < 0 || i >= len(s.rescues) {
		return
	}
	r := s.rescues[i]
	s.rescues = append(s.rescues[:i:i], s.rescues[i+1:]...)
	if s.storage == nil {
		return
	}
	if stored, ok := readRescues(s.storage); ok {
		var keep []Rescue
		for _, o := range stored {
			if o.Work != r.Work {
				keep = append(keep, o)
			}
		}
		_ = writeRescues(s.storage, keep)
	}
	if s.keepSaved {
		// What could not be moved aside is dealt with: saving resumes.
		s.keepSaved = false
		s.markChanged()
	}
}

// byteSize formats n bytes for a message (KiB/MiB, one decimal).
func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
