package main

import (
	"cloudplay/wasm/internal/iammodel"
	"strings"
	"testing"
)

func fredsDraft(text string) *SetDraft {
	e := iammodel.PolicyEntry{Source: iammodel.SourceInline, Owner: iammodel.EntityRef{Kind: iammodel.EntityUser, Name: "Fred"}, Name: "ViewEC2AndLoadBalancers"}
	return &SetDraft{Key: e.Key(), Draft: Draft{Text: text, Doc: "{}", Entry: e, Principal: e.Owner}}
}

// A draft lives in the Store, is written (debounced) to keyDrafts, comes
// back after a reload as the one the editor showed, and goes when the text
// is the document again or when it is dropped.
func TestDraftsSurviveAReload(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	asked := 0
	s.SaveLater = func() { asked++ }
	fired := 0
	s.Subscribe(func() { fired++ })

	d := fredsDraft(`{"Version": "2012-10-17"}`)
	s.Dispatch(d)
	if fired != 1 || asked != 1 {
		t.Fatalf("a new draft: %d renders, %d saves asked; want 1, 1", fired, asked)
	}
	d2 := fredsDraft(`{"Version": "2012-10-17", "Statement": []}`)
	s.Dispatch(d2)
	if fired != 1 {
		t.Errorf("a keystroke in a draft re-rendered the page")
	}
	if _, ok := st.mapStorage[keyDrafts]; ok {
		t.Error("the draft was written before the flush")
	}
	if !s.LeaveWarning() {
		t.Error("leaving before the flush would lose the draft, yet no warning")
	}
	s.Dispatch(&Flush{})
	if s.LeaveWarning() {
		t.Error("a stored draft still asks before leaving")
	}

	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	key, got, ok := r.Editing()
	if !ok || key != d.Key || got != d2.Draft {
		t.Fatalf("after reload: editing %q %+v %v", key, got, ok)
	}
	// Back to the document: no draft any more.
	r.Dispatch(fredsDraft("{}"))
	r.Dispatch(&Flush{})
	if _, ok := r.DraftOf(d.Key); ok || r.Drafts() != 0 {
		t.Error("a text equal to the document is still a draft")
	}
	if _, ok := st.mapStorage[keyDrafts]; ok {
		t.Error("no drafts, yet keyDrafts stays")
	}
	r.Dispatch(d)
	r.Dispatch(&DropDraft{Key: d.Key})
	if r.Drafts() != 0 {
		t.Error("DropDraft kept the draft")
	}
}

// Where drafts cannot be stored (embed mode, no storage, a refused write, a
// draft too large), leaving the page asks first.
func TestDraftsAskBeforeLeavingWhenNotStored(t *testing.T) {
	t.Parallel()
	embed := bootNow(PlanStart(ModeEmbed, "", Saved{}), nil)
	embed.Dispatch(fredsDraft("x"))
	if !embed.LeaveWarning() || embed.DraftsStored() {
		t.Error("embed mode: no warning for a draft")
	}
	st := newFlaky()
	st.fail[keyDrafts] = true
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	s.Dispatch(fredsDraft("x"))
	if !s.LeaveWarning() || s.DraftsStored() {
		t.Error("a refused write: no warning")
	}
	st.fail[keyDrafts] = false
	s.Dispatch(fredsDraft("y"))
	if s.LeaveWarning() {
		t.Error("a stored draft asks before leaving")
	}
	s.Dispatch(fredsDraft(strings.Repeat("z", maxDraft+1)))
	if !s.LeaveWarning() {
		t.Error("a draft too large to store: no warning")
	}
	if v := st.mapStorage[keyDrafts]; strings.Contains(v, "zzzz") {
		t.Error("a draft larger than maxDraft was written")
	}
}

// The Create role form is kept as a draft like a policy: a name typed is
// enough (the trust policy may still be the template), it comes back after
// a reload with every field, and a form as it opened is no draft.
func TestRoleFormDraftSurvivesAReload(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	template := `{"Version": "2012-10-17", "Statement": []}`
	s.Dispatch(&SetDraft{Key: roleDraftKey, Draft: Draft{Text: template, Doc: template, Role: RoleDraft{Choice: "ec2.amazonaws.com"}}})
	if s.Drafts() != 0 {
		t.Fatal("the form as it opened is a draft")
	}
	typed := Draft{Text: template, Doc: template, Role: RoleDraft{Name: "FirehoseDelivery", Path: "/delivery/", Description: "Firehose to S3", Choice: "firehose.amazonaws.com"}}
	s.Dispatch(&SetDraft{Key: roleDraftKey, Draft: typed})
	if _, ok := s.DraftOf(roleDraftKey); !ok {
		t.Fatal("a role name typed is not kept")
	}
	s.Dispatch(&Flush{})

	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	key, got, ok := r.Editing()
	if !ok || key != roleDraftKey || got != typed {
		t.Fatalf("after reload: editing %q %+v %v, want the form as typed", key, got, ok)
	}
	r.Dispatch(&DropDraft{Key: roleDraftKey})
	r.Dispatch(&Flush{})
	if q := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st); q.Drafts() != 0 {
		t.Error("the form's draft came back after Cancel dropped it")
	}
}

// A stored role draft too large to be one the page wrote (a description
// of a megabyte) is not read back.
func TestRoleFormDraftTooLargeIsNotRead(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	big := `{"drafts":{"new-role":{"text":"{}","doc":"","role":{"name":"R","description":"` + strings.Repeat("x", maxDraft+1) + `"}}}}`
	st.mapStorage[keyDrafts] = big
	if s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st); s.Drafts() != 0 {
		t.Error("a role draft over maxDraft was read back")
	}
}
