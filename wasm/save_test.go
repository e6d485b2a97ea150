package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// flakyStorage is a mapStorage whose writes to the keys in fail are refused,
// as a full localStorage refuses them (QuotaExceededError).
type flakyStorage struct {
	mapStorage
	fail map[string]bool
	sets int
}

func newFlaky() *flakyStorage {
	return &flakyStorage{mapStorage: mapStorage{}, fail: map[string]bool{}}
}

func (f *flakyStorage) Set(k, v string) error {
	if f.fail[k] {
		return errors.New("QuotaExceededError: Failed to execute 'setItem' on 'Storage': Setting the value of '" + k + "' exceeded the quota.")
	}
	f.sets++
	return f.mapStorage.Set(k, v)
}

func createUser(s *Store, name string) *CallOp {
	a := &CallOp{Caller: root, Op: "iam:CreateUser", Input: []byte(`{"UserName":"` + name + `"}`), Where: "t"}
	s.Dispatch(a)
	return a
}

// With no usable storage (site data blocked), the full playground starts on
// the default, says so once, and every later save is silent.
func TestStoreWithoutStorageSaysSoOnce(t *testing.T) {
	t.Parallel()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(nil)), nil)
	if !s.StorageOff() {
		t.Fatal("no banner says the work is not saved")
	}
	if a := createUser(s, "Zoe"); a.Err != nil || !hasUserNamed(s, "Zoe") {
		t.Fatalf("a call failed without storage: %v", a.Err)
	}
	s.Dispatch(&Dismiss{What: BannerStorage})
	createUser(s, "Yann")
	s.Dispatch(&Advance{Ms: 1000})
	s.Dispatch(&Flush{})
	if s.StorageOff() || s.Unsaved() != "" || s.Err != nil || len(s.Rescues()) != 0 {
		t.Errorf("a save without storage said something: off %v, unsaved %q, err %+v", s.StorageOff(), s.Unsaved(), s.Err)
	}
	// Embed mode never stores, and does not say so.
	if e := bootNow(PlanStart(ModeEmbed, "", Saved{}), nil); e.StorageOff() {
		t.Error("embed mode says it cannot store")
	}
}

// A state-changing call asks for a save later and writes nothing; reads,
// refusals and time advances do not ask; the flush writes everything,
// advances included, once.
func TestStoreSavesDebounced(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	asked := 0
	s.SaveLater = func() { asked++ }

	createUser(s, "Zoe")
	if asked != 1 || st.sets != 0 {
		t.Fatalf("after a change: asked %d, wrote %d; want 1, 0", asked, st.sets)
	}
	s.Dispatch(&Query{Op: "iam:ListUsers", Input: []byte(`{}`)})
	s.Dispatch(&CallOp{Op: "iam:ListUsers", Input: []byte(`{}`)})
	s.Dispatch(&CallOp{Caller: alice, Op: "iam:CreateUser", Input: []byte(`{"UserName":"Mallory"}`)})
	s.Dispatch(&Advance{Ms: 2500})
	if asked != 1 {
		t.Errorf("reads, a refusal and an advance asked for %d more saves", asked-1)
	}
	s.Dispatch(&Flush{})
	if st.sets != 1 {
		t.Fatalf("the flush wrote %d times, want 1", st.sets)
	}
	w := savedWork(t, st.mapStorage)
	if !strings.Contains(w, `"UserName":"Zoe"`) || !strings.Contains(w, `{"advance": 2.5}`) || strings.Contains(w, "Mallory") {
		t.Errorf("saved work:\n%s", w)
	}
	s.Dispatch(&Flush{})
	if st.sets != 1 {
		t.Errorf("a flush with nothing new wrote again")
	}
	// An advance alone is saved by the flush.
	s.Dispatch(&Advance{Ms: 500})
	s.Dispatch(&Flush{})
	if w := savedWork(t, st.mapStorage); !strings.Contains(w, `{"advance": 3}`) {
		t.Errorf("the advance alone was not flushed:\n%s", w)
	}
}

// Work larger than can be loaded back, or a write the browser refuses,
// never replaces the previous save; a banner says why, until dismissed,
// and goes once saving works again.
func TestStoreKeepsThePreviousSave(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		break_ func(*Store, *flakyStorage)
		mend   func(*Store, *flakyStorage)
		why    string
	}{
		{"too large", func(s *Store, _ *flakyStorage) { s.maxSaved = len(s.Export()) + 10 }, func(s *Store, _ *flakyStorage) { s.maxSaved = 0 }, "more than"},
		{"quota", func(_ *Store, st *flakyStorage) { st.fail[keySaved] = true }, func(_ *Store, st *flakyStorage) { st.fail[keySaved] = false }, "refused to store it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newFlaky()
			s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
			createUser(s, "Zoe")
			before := st.mapStorage[keySaved]
			tt.break_(s, st)
			createUser(s, "Yann")
			if st.mapStorage[keySaved] != before {
				t.Fatal("the previous save was replaced")
			}
			if !strings.Contains(s.Unsaved(), tt.why) {
				t.Errorf("unsaved = %q, want it to say %q", s.Unsaved(), tt.why)
			}
			// What is saved still loads: Zoe, not Yann.
			r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), nil)
			if !hasUserNamed(r, "Zoe") || hasUserNamed(r, "Yann") || len(r.Rescues()) != 0 {
				t.Errorf("reloaded: users %v, rescues %d", userNames(r), len(r.Rescues()))
			}
			s.Dispatch(&Dismiss{What: BannerUnsaved})
			createUser(s, "Xavier")
			if s.Unsaved() != "" {
				t.Error("the dismissed banner came back for the same reason")
			}
			tt.mend(s, st)
			createUser(s, "Walter")
			if s.Unsaved() != "" || s.unsaved != "" || !strings.Contains(savedWork(t, st.mapStorage), "Walter") {
				t.Errorf("saving did not resume: %q", s.unsaved)
			}
		})
	}
}

// The work and the scenario Reset returns to are one value: a refused
// write leaves both as they were, never the work of one save with the base
// of another.
func TestStoreSavesWorkAndBaseTogether(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	createUser(s, "Zoe")
	if v := st.mapStorage[keySaved]; !strings.Contains(v, `"baseBuiltin":"company"`) || strings.Contains(v, `"base":`) {
		t.Errorf("a built-in base is not stored by name: %.200s", v)
	}
	tiny := []byte(`{"format":"cloudplay-scenario/1","name":"Tiny","steps":[{"op":"iam:CreateUser","input":{"UserName":"Yann"}}]}`)
	st.fail[keySaved] = true
	s.Dispatch(&Load{Src: tiny, Label: "Imported tiny.json."})
	createUser(s, "Tina")
	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if !hasUserNamed(r, "Zoe") || hasUserNamed(r, "Tina") {
		t.Fatalf("after a refused write: users %v", userNames(r))
	}
	r.Dispatch(&Reset{})
	runReplays(r)
	if !hasUserNamed(r, "Fred") || hasUserNamed(r, "Yann") {
		t.Errorf("reset after a refused write went to %v, not the default", userNames(r))
	}
	st.fail[keySaved] = false
	createUser(s, "Uma")
	r = bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if !hasUserNamed(r, "Uma") || !hasUserNamed(r, "Yann") {
		t.Fatalf("after a good write: users %v", userNames(r))
	}
	r.Dispatch(&Reset{})
	runReplays(r)
	if got := strings.Join(userNames(r), ","); got != "Yann" {
		t.Errorf("reset went to %s, want Tiny's Yann", got)
	}
}

// Work saved before keySaved existed loads, and moves to keySaved with the
// first save.
func TestStoreReadsTheOldKeys(t *testing.T) {
	t.Parallel()
	old := newTestStore(t, nil)
	createUser(old, "Zoe")
	st := mapStorage{keyWork: string(old.Export()), keyBase: "{}"}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if !hasUserNamed(s, "Zoe") {
		t.Fatalf("the old save did not load: %v", userNames(s))
	}
	createUser(s, "Yann")
	if _, ok := st[keyWork]; ok {
		t.Error("the old key stays after a save")
	}
	if w := savedWork(t, st); !strings.Contains(w, "Zoe") || !strings.Contains(w, "Yann") {
		t.Errorf("saved: %s", w)
	}
}

// brokenWork is saved work that no longer loads (a step the loader refuses).
const brokenWork = `{"format":"cloudplay-scenario/1","name":"Mine","steps":[{"op":"iam:CreateUser","input":{"UserName":"Zoe"}},{"op":"iam:NoSuchThing","input":{}}]}`

// Saved work that does not load is kept aside, not overwritten by the next
// change, offered again after a reload, and dropped only when the learner
// lets it go.
func TestStoreRescuesWorkThatDoesNotLoad(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, saved string }{
		{"does not load", encodeSaved([]byte(brokenWork), nil)},
		{"does not decode", `{"format":"cloudplay-saved/1","work":`},
		{"old key", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := mapStorage{keySaved: tt.saved}
			want := tt.saved
			if tt.saved == "" {
				st = mapStorage{keyWork: brokenWork}
				want = brokenWork
			}
			if tt.name == "does not load" {
				want = brokenWork
			}
			s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
			if !hasUserNamed(s, "Fred") {
				t.Fatalf("not the default: %v", userNames(s))
			}
			rs := s.Rescues()
			if len(rs) != 1 || rs[0].Work != want || rs[0].Reason == "" {
				t.Fatalf("rescues = %+v", rs)
			}
			createUser(s, "Yann")
			if !strings.Contains(st[keyRescue], "NoSuchThing") && tt.name != "does not decode" {
				t.Fatalf("the change lost the rescued work: %q", st[keyRescue])
			}
			if !strings.Contains(savedWork(t, st), "Yann") {
				t.Error("the change was not saved")
			}
			// Still offered after a reload.
			r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
			if len(r.Rescues()) != 1 || r.Rescues()[0].Work != want {
				t.Fatalf("after reload, rescues = %+v", r.Rescues())
			}
			r.Dispatch(&DropRescue{Index: 0})
			if _, ok := st[keyRescue]; ok || len(r.Rescues()) != 0 {
				t.Error("dismissing did not drop the rescue")
			}
		})
	}
}

// When rescued work cannot be kept aside (no room), nothing overwrites it
// until the learner downloads or dismisses it.
func TestStoreRescueWithoutRoomBlocksSaving(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	st.mapStorage[keySaved] = encodeSaved([]byte(brokenWork), nil)
	st.fail[keyRescue] = true
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	createUser(s, "Yann")
	if w, _, _ := decodeSaved(st.mapStorage[keySaved]); string(w) != brokenWork {
		t.Fatalf("the unrescued work was overwritten: %s", w)
	}
	if !strings.Contains(s.Unsaved(), "download it or dismiss it") {
		t.Errorf("unsaved = %q", s.Unsaved())
	}
	s.Dispatch(&DropRescue{Index: 0})
	if !strings.Contains(savedWork(t, st.mapStorage), "Yann") || s.Unsaved() != "" {
		t.Error("saving did not resume once the rescue was let go")
	}
}

// A panic in an action or a listener is recovered: the store is as it was,
// the error says InternalFailure, and the next action works.
func TestDispatchRecoversPanics(t *testing.T) {
	t.Parallel()
	st := mapStorage{}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	var recovered []any
	s.OnPanic = func(r any, stack []byte) { recovered = append(recovered, r) }
	panel, acting := s.Panel(), s.ActingAs()

	s.Dispatch(struct{ Nonsense int }{}) // not an action: the store panics
	if s.Err == nil || s.Err.Code != "InternalFailure" || s.Err.Where != "page" {
		t.Fatalf("err = %+v, want an InternalFailure banner", s.Err)
	}
	if s.Panel() != panel || s.ActingAs() != acting || len(recovered) != 1 {
		t.Errorf("state changed: panel %s, acting %s, %d panics told", s.Panel(), s.ActingAs(), len(recovered))
	}

	// A panic after the account changed (in the Changed hook): the action
	// reports InternalFailure, and the store's own state is rolled back.
	s.Changed = func() { panic("boom") }
	a := createUser(s, "Zoe")
	var e interface{ Error() string }
	if e = a.Err; e == nil || !strings.Contains(e.Error(), "boom") {
		t.Fatalf("the call's error = %v", a.Err)
	}
	if s.UndoOffer != "" || s.CanUndo() {
		t.Error("undo state changed")
	}
	s.Changed = nil

	// A listener that panics does not stop the others, nor the store.
	calls := 0
	s.Subscribe(func() { panic(fmt.Errorf("render failed")) })
	s.Subscribe(func() { calls++ })
	if a := createUser(s, "Yann"); a.Err != nil || !hasUserNamed(s, "Yann") || calls != 1 {
		t.Fatalf("after the panics: err %v, users %v, calls %d", a.Err, userNames(s), calls)
	}
	if s.Err == nil || s.Err.Code != "InternalFailure" {
		t.Errorf("the listener's panic is not shown: %+v", s.Err)
	}
}

// BenchmarkStoreCall measures one state-changing call through the Store on
// accounts of growing size, saving at once (each call exports the whole
// account and writes it) or debounced (the call only marks the work; the
// flush, once per burst, writes). With the debounce, a call's cost must not
// grow with the account.
func BenchmarkStoreCall(b *testing.B) {
	for _, steps := range []int{100, 4000} {
		for _, mode := range []string{"immediate", "debounced"} {
			b.Run(fmt.Sprintf("steps=%d/%s", steps, mode), func(b *testing.B) {
				st := mapStorage{}
				s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
				if mode == "debounced" {
					s.SaveLater = func() {}
				}
				for i := s.Account().JournalLen(); i < steps; i += 2 {
					name := fmt.Sprintf(`{"GroupName":"G%d"}`, i)
					s.Dispatch(&CallOp{Op: "iam:CreateGroup", Input: []byte(name)})
					s.Dispatch(&CallOp{Op: "iam:DeleteGroup", Input: []byte(name)})
				}
				s.Dispatch(&Flush{})
				create := &CallOp{Op: "iam:CreateGroup", Input: []byte(`{"GroupName":"Bench"}`)}
				del := &CallOp{Op: "iam:DeleteGroup", Input: []byte(`{"GroupName":"Bench"}`)}
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					a := create
					if i%2 == 1 {
						a = del
					}
					a.Err = nil
					s.Dispatch(a)
					if a.Err != nil {
						b.Fatal(a.Err)
					}
				}
			})
		}
	}
}

// A flush that fails re-renders the page (its banner); one that works
// quietly does not.
func TestStoreFlushRendersOnlyWhatItChanges(t *testing.T) {
	t.Parallel()
	st := newFlaky()
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	s.SaveLater = func() {}
	fired := 0
	s.Subscribe(func() { fired++ })
	createUser(s, "Zoe")
	s.Dispatch(&Flush{})
	if fired != 1 {
		t.Errorf("a quiet flush re-rendered: %d renders", fired)
	}
	st.fail[keySaved] = true
	createUser(s, "Yann")
	s.Dispatch(&Flush{})
	if fired != 3 || s.Unsaved() == "" {
		t.Errorf("a failed flush: %d renders (want 3), unsaved %q", fired, s.Unsaved())
	}
}

// Work over the 1 MiB a link carries (issue #7: one 800 KB S3 object was
// enough to lose it) is saved and loads again, with the same account.
func TestStoreSavesWorkOverOneMiB(t *testing.T) {
	t.Parallel()
	st := mapStorage{}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if a := (&CallOp{Op: "s3:CreateBucket", Input: []byte(`{"Bucket":"big-bucket"}`)}); true {
		s.Dispatch(a)
		if a.Err != nil {
			t.Fatal(a.Err)
		}
	}
	body := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("cloudplay ", 80_000))) // 800 KB
	for _, key := range []string{"a", "b"} {
		a := &CallOp{Op: "s3:PutObject", Input: []byte(`{"Bucket":"big-bucket","Key":"` + key + `","Body":"` + body + `"}`)}
		s.Dispatch(a)
		if a.Err != nil {
			t.Fatal(a.Err)
		}
	}
	s.Dispatch(&Advance{Ms: 1e11 * 1000})
	s.Dispatch(&Advance{Ms: 1e11 * 1000})
	createUser(s, "Zoe")
	w := savedWork(t, st)
	if len(w) <= 1<<20 || s.Unsaved() != "" {
		t.Fatalf("saved %d bytes, unsaved %q", len(w), s.Unsaved())
	}
	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if len(r.Rescues()) != 0 || !hasUserNamed(r, "Zoe") {
		t.Fatalf("the saved work did not load: rescues %+v", r.Rescues())
	}
	if got, want := string(r.Export()), string(s.Export()); got != want {
		t.Error("the reloaded account exports differently")
	}
}

// A base kept by an old save that is not JSON does not make the new saved
// value unreadable.
func TestStoreDropsABaseThatIsNotJSON(t *testing.T) {
	t.Parallel()
	old := newTestStore(t, nil)
	createUser(old, "Zoe")
	st := mapStorage{keyWork: string(old.Export()), keyBase: "not json {"}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	createUser(s, "Yann")
	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if len(r.Rescues()) != 0 || !hasUserNamed(r, "Yann") {
		t.Fatalf("the new save does not load: rescues %+v", r.Rescues())
	}
}

// FuzzBootFromStorage: whatever localStorage holds (another version's
// values, a hand-edited key, a truncated write), the page starts, and saved
// work that does not load is rescued rather than lost: after the boot and
// one change, it is kept under keyRescue (or, when it could not be moved
// there, left where it was).
func FuzzBootFromStorage(f *testing.F) {
	good, err := NewStore(nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	createUser(good, "Zoe")
	f.Add(encodeSaved(good.Export(), nil), "", "")
	f.Add(encodeSaved([]byte(brokenWork), []byte(`{"format":"cloudplay-scenario/1","steps":[]}`)), `[{"work":"x","reason":"y"}]`, `{"open":"k","drafts":{"k":{"text":"a","doc":"b"}}}`)
	f.Add(`{"format":"cloudplay-saved/1","work":`, `[`, `{"drafts":`)
	f.Add(`{"format":"cloudplay-saved/1","baseBuiltin":"nope","work":{"format":"cloudplay-scenario/1","steps":[{"advance":1e11},{"advance":1e11}]}}`, ``, ``)
	f.Fuzz(func(t *testing.T, saved, rescue, drafts string) {
		st := mapStorage{keySaved: saved}
		if rescue != "" {
			st[keyRescue] = rescue
		}
		if drafts != "" {
			st[keyDrafts] = drafts
		}
		before, _ := readRescues(st)
		s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
		rs := s.Rescues()
		createUser(s, "Fuzzy")
		switch {
		case s.keepSaved:
			if st[keySaved] != saved {
				t.Fatal("saved work that could not be rescued was overwritten")
			}
		case len(rs) > len(before):
			if w := rs[len(rs)-1].Work; !strings.Contains(st[keyRescue], jsonText(w)) {
				t.Fatalf("saved work that did not load is gone:\nsaved %q\nrescue %q", saved, st[keyRescue])
			}
			fallthrough
		default:
			if !strings.Contains(savedWork(t, st), "Fuzzy") {
				t.Fatal("the change was not saved")
			}
		}
	})
}

// jsonText returns s as it appears inside a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// Work of more than 10,000 steps (issue #7: the loader refused them, and
// the next change replaced the save) is saved and loads again.
func TestStoreSavesWorkOfManySteps(t *testing.T) {
	t.Parallel()
	st := mapStorage{}
	s := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	s.SaveLater = func() {}
	for i := s.Account().JournalLen(); i < 10_050; i += 2 {
		s.Dispatch(&CallOp{Op: "iam:CreateGroup", Input: []byte(`{"GroupName":"g"}`)})
		s.Dispatch(&CallOp{Op: "iam:DeleteGroup", Input: []byte(`{"GroupName":"g"}`)})
	}
	createUser(s, "Zoe")
	s.Dispatch(&Flush{})
	r := bootNow(PlanStart(ModeFull, "", LoadSaved(st)), st)
	if len(r.Rescues()) != 0 || !hasUserNamed(r, "Zoe") || r.Account().JournalLen() != s.Account().JournalLen() {
		t.Fatalf("rescues %+v, %d steps, want %d", r.Rescues(), r.Account().JournalLen(), s.Account().JournalLen())
	}
}
