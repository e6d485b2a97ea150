package main

import (
	"cloudplay/wasm/internal/iammodel"
	"encoding/json"
	"maps"
)

// Drafts: policy text the learner typed in the IAM panel's editor and has
// not saved. The Store keeps them by the key of the policy being edited
// (PolicyEntry.Key, or newDraftKey for a policy not created yet), so they
// survive switching panels; in full mode they are written to keyDrafts
// (debounced, with the work), so they survive a reload. Where they cannot
// be written (embed mode, no storage, a refused write), the page asks
// before it is left while a draft exists (LeaveWarning).

// Draft is an unsaved policy text.
type Draft struct {
	// Text is what the learner typed.
	Text string `json:"text"`
	// Doc is the policy document the draft started from (the text of a new
	// policy's template), to tell whether the policy changed since.
	Doc string `json:"doc"`
	// Entry is the policy, NewKind formInline or formManaged for one not
	// created yet, and Principal the principal selected in the IAM panel:
	// what it takes to open the editor on the draft again.
	Entry     iammodel.PolicyEntry `json:"entry"`
	NewKind   string               `json:"newKind,omitempty"`
	Principal iammodel.EntityRef   `json:"principal"`
	// Role is the rest of the Create role form, in the draft of key
	// roleDraftKey (Text is its trust policy, Doc the template it started
	// from).
	Role RoleDraft `json:"role,omitzero"`
}

// RoleDraft is what the Create role form holds besides its trust policy.
type RoleDraft struct {
	Name        string `json:"name,omitempty"`
	Path        string `json:"path,omitempty"`
	Description string `json:"description,omitempty"`
	Choice      string `json:"choice,omitempty"` // the template chosen
}

// size is what the draft takes in storage, roughly: its texts' bytes.
func (d Draft) size() int {
	return len(d.Text) + len(d.Doc) + len(d.Role.Name) + len(d.Role.Path) + len(d.Role.Description) + len(d.Role.Choice)
}

// roleDraftKey is the draft key of the Create role form: one form, one
// draft.
const roleDraftKey = "new-role"

// changed reports whether the draft holds anything the learner made: a
// text other than the document, or (the Create role form) a name, path or
// description typed.
func (d Draft) changed() bool {
	return d.Text != d.Doc || d.Role.Name != "" || d.Role.Path != "" || d.Role.Description != ""
}

// draftsValue is what keyDrafts holds: the drafts, and the one the editor
// showed last (opened again when the IAM panel is).
type draftsValue struct {
	Open   string           `json:"open,omitempty"`
	Drafts map[string]Draft `json:"drafts"`
}

// maxDraft bounds one draft kept in storage, in bytes (text and the
// document it started from). IAM takes at most 6,144 characters for a
// managed policy and 10,240 for a role's inline policies together, not
// counting white space
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
// AWS says nothing of drafts, so this is the playground's own choice:
// 256 KiB holds any policy with generous formatting and notes, while a
// pasted megabyte is not rewritten on every save. A larger draft stays in
// the Store, and the page asks before it is left.
const maxDraft = 256 << 10

// maxDrafts bounds the drafts kept; the playground's own choice (a learner
// edits a handful of policies at a time). Beyond it, the oldest key in
// sorted order is not stored, and the page asks before it is left.
const maxDrafts = 50

// Draft actions.
type (
	// SetDraft records the editor's text for the policy Key: a draft when
	// Draft.Text differs from Draft.Doc, no draft when they are equal. It
	// re-renders the page only when a draft appears or goes (its marker):
	// the editor already shows the text.
	SetDraft struct {
		Key   string
		Draft Draft
	}
	// DropDraft forgets the draft of Key (saved, or discarded).
	DropDraft struct{ Key string }
	// EditPolicy records the policy the IAM editor shows (Key "" when it
	// is closed), so that the editor opens on its draft again when the
	// panel does. It re-renders nothing.
	EditPolicy struct{ Key string }
)

// newDraftKey is the draft key of a policy not created yet: kind is
// formInline or formManaged, owner the principal's EntityRef.Key.
func newDraftKey(kind, owner, name string) string {
	return "new-" + kind + ":" + owner + ":" + name
}

// DraftOf returns the draft of the policy key, if any.
func (s *Store) DraftOf(key string) (Draft, bool) {
	d, ok := s.drafts[key]
	return d, ok
}

// Drafts returns the number of unsaved drafts.
func (s *Store) Drafts() int { return len(s.drafts) }

// Editing returns the draft the IAM editor showed last, if it still has one.
func (s *Store) Editing() (string, Draft, bool) {
	d, ok := s.drafts[s.editing]
	return s.editing, d, ok
}

// DraftsStored reports whether drafts are kept in this browser's storage.
func (s *Store) DraftsStored() bool { return s.storage != nil && !s.draftsUnsaved }

func (s *Store) editPolicy(key string) {
	if key == s.editing {
		return
	}
	s.editing = key
	if _, ok := s.drafts[key]; ok || key == "" {
		s.draftsChanged()
	}
}

// LeaveWarning reports whether leaving the page would lose a draft: there
// is one, and it is not (or could not be) written to storage.
func (s *Store) LeaveWarning() bool {
	return len(s.drafts) > 0 && (s.storage == nil || s.draftsUnsaved || s.draftsDirty)
}

func (s *Store) setDraft(a *SetDraft) bool {
	old, had := s.drafts[a.Key]
	s.editing = a.Key
	if !a.Draft.changed() {
		if !had {
			return false
		}
		s.dropDraft(a.Key)
		return true
	}
	if had && old == a.Draft {
		return false
	}
	d := maps.Clone(s.drafts)
	if d == nil {
		d = map[string]Draft{}
	}
	d[a.Key] = a.Draft
	s.drafts = d
	s.draftsChanged()
	// A new draft shows its marker; later keystrokes need no re-render.
	return !had
}

func (s *Store) dropDraft(key string) {
	if _, ok := s.drafts[key]; !ok {
		return
	}
	d := maps.Clone(s.drafts)
	delete(d, key)
	s.drafts = d
	s.draftsChanged()
}

func (s *Store) draftsChanged() {
	if s.storage == nil {
		return
	}
	s.draftsDirty = true
	s.saveSoon()
}

// saveDrafts writes the drafts that fit to keyDrafts.
func (s *Store) saveDrafts() {
	s.draftsUnsaved = false
	if len(s.drafts) == 0 {
		if s.storage.Remove(keyDrafts) != nil {
			s.draftsUnsaved = true
		}
		return
	}
	keep := map[string]Draft{}
	for k, d := range s.drafts {
		if d.size() > maxDraft {
			s.draftsUnsaved = true
			continue
		}
		keep[k] = d
	}
	if len(keep) > maxDrafts {
		s.draftsUnsaved = true
		for len(keep) > maxDrafts {
			var first string
			for k := range keep {
				if first == "" || k < first {
					first = k
				}
			}
			delete(keep, first)
		}
	}
	b, err := json.Marshal(draftsValue{Open: s.editing, Drafts: keep})
	if err != nil || s.storage.Set(keyDrafts, string(b)) != nil {
		s.draftsUnsaved = true
	}
}

// readDrafts returns the drafts kept in st, and the one the editor showed
// last (none when unreadable).
func readDrafts(st Storage) (map[string]Draft, string) {
	v, ok := st.Get(keyDrafts)
	if !ok {
		return nil, ""
	}
	var dv draftsValue
	if json.Unmarshal([]byte(v), &dv) != nil {
		return nil, ""
	}
	for k, x := range dv.Drafts {
		if !x.changed() || x.size() > maxDraft {
			delete(dv.Drafts, k)
		}
	}
	if len(dv.Drafts) == 0 {
		return nil, ""
	}
	return dv.Drafts, dv.Open
}
