package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"cloudplay/core/api"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
)

// mapStorage is a Storage in memory.
type mapStorage map[string]string

func (m mapStorage) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }
func (m mapStorage) Set(k, v string) error       { m[k] = v; return nil }
func (m mapStorage) Remove(k string) error       { delete(m, k); return nil }

// savedWork returns the work saved in st (failing the test when there is
// none, or when it does not decode).
func savedWork(t *testing.T, st mapStorage) string {
	t.Helper()
	v, ok := st[keySaved]
	if !ok {
		t.Fatal("nothing is saved")
	}
	work, _, err := decodeSaved(v)
	if err != nil {
		t.Fatalf("the saved value does not decode: %v\n%s", err, v)
	}
	return string(work)
}

// bootNow is Boot followed by its replays, run to the end at once.
func bootNow(plan StartPlan, st Storage) *Store {
	s := Boot(plan, st)
	runReplays(s)
	return s
}

// runReplays runs the store's replays to the end, with a clock that does
// not move.
func runReplays(s *Store) {
	d := &ReplayDriver{Store: s, Now: func() time.Time { return time.Time{} }}
	d.Run()
}

const (
	root  = "arn:aws:iam::123456789012:root"
	alice = "arn:aws:iam::123456789012:user/Alice"
)

func newTestStore(t *testing.T, st Storage) *Store {
	t.Helper()
	s, err := NewStore(nil, st)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func userNames(s *Store) []string {
	var out []string
	for _, u := range s.View().IAM.Users {
		out = append(out, u.Name)
	}
	return out
}

func hasUserNamed(s *Store, name string) bool {
	for _, n := range userNames(s) {
		if n == name {
			return true
		}
	}
	return false
}

func TestStoreDefaultIsTheSeedsCompany(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	if got := strings.Join(userNames(s), ","); got != "Alice,Bob,Charles,David,Edward,Fred" {
		t.Errorf("users = %s", got)
	}
	g := MembershipGrid(s.View().IAM)
	if got := strings.Join(g.Groups, ","); got != "Audit,Developers,Operations" {
		t.Errorf("groups = %s", got)
	}
	if got := strings.Join(g.Ungrouped(), ","); got != "Fred" {
		t.Errorf("ungrouped = %s", got)
	}
	if s.ActingAs() != root || s.Panel() != PanelAccount {
		t.Errorf("acting as %s, panel %s", s.ActingAs(), s.Panel())
	}
}

func TestStoreCallAsActingPrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		actingAs string
		wantCode string
	}{
		{"root may", root, ""},
		{"alice is refused", alice, "AccessDenied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := mapStorage{}
			s := newTestStore(t, st)
			fired := 0
			s.Subscribe(func() { fired++ })
			s.Dispatch(&ActAs{ARN: tt.actingAs})
			before := len(s.Account().Events())
			a := &CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`), Where: "create-user"}
			s.Dispatch(a)
			if fired != 2 {
				t.Errorf("listeners fired %d times, want 2", fired)
			}
			ev := s.Account().Events()
			if len(ev) != before+1 || ev[len(ev)-1].Caller != tt.actingAs {
				t.Fatalf("the call was not logged as %s: %+v", tt.actingAs, ev[len(ev)-1])
			}
			if tt.wantCode == "" {
				if a.Err != nil || !hasUserNamed(s, "Zoe") || s.Err != nil {
					t.Fatalf("err %v, users %v", a.Err, userNames(s))
				}
				if w := savedWork(t, st); !strings.Contains(w, `"UserName":"Zoe"`) {
					t.Errorf("the work was not saved: %s", w)
				}
				return
			}
			var e *api.Error
			if !errors.As(a.Err, &e) || e.Code != tt.wantCode {
				t.Fatalf("err = %v, want %s", a.Err, tt.wantCode)
			}
			if got := s.ErrorAt("create-user"); got == nil || got.Code != tt.wantCode || got.Message == "" {
				t.Errorf("ErrorAt(create-user) = %+v", got)
			}
			if s.ErrorAt("grid") != nil {
				t.Error("the error shows in the wrong place")
			}
			if hasUserNamed(s, "Zoe") {
				t.Error("a refused call changed the account")
			}
		})
	}
}

func TestStoreActingAsDeletedUserFallsBackToRoot(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	s.Dispatch(&CallOp{Caller: root, Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`)})
	s.Dispatch(&ActAs{ARN: "arn:aws:iam::123456789012:user/Zoe"})
	if s.ActingAs() != "arn:aws:iam::123456789012:user/Zoe" {
		t.Fatalf("acting as %s, not Zoe", s.ActingAs())
	}
	s.Dispatch(&CallOp{Caller: root, Op: "iam:DeleteUser", Input: []byte(`{"UserName":"Zoe"}`)})
	if s.Err != nil {
		t.Fatalf("deleting Zoe: %+v", s.Err)
	}
	if s.ActingAs() != root {
		t.Errorf("acting as %s after Zoe was deleted", s.ActingAs())
	}
}

func TestStoreLoadUndoReset(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, mapStorage{})
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`)})

	bad := &Load{Src: []byte(`{"format":"cloudplay-scenario/1","steps":[{"op":"iam:Nope"}]}`), Where: "page"}
	s.Dispatch(bad)
	if bad.Err == nil || s.ErrorAt("page") == nil || s.ErrorAt("page").Code != "InvalidScenario" {
		t.Fatalf("a bad scenario loaded: %v %+v", bad.Err, s.Err)
	}
	if !hasUserNamed(s, "Zoe") || s.CanUndo() {
		t.Fatal("a bad scenario changed the account or the undo stack")
	}

	var empty []byte
	for _, b := range builtin.List() {
		if b.ID == "empty" {
			empty = b.JSON
		}
	}
	if empty == nil {
		t.Fatal("no empty built-in scenario")
	}
	s.Dispatch(&Load{Src: empty, Label: "Loaded empty."})
	if len(userNames(s)) != 0 || !s.CanUndo() || s.UndoOffer != "Loaded empty." {
		t.Fatalf("after load: users %v, undo %v %q", userNames(s), s.CanUndo(), s.UndoOffer)
	}
	s.Dispatch(&Undo{})
	if !hasUserNamed(s, "Zoe") || s.CanUndo() || s.UndoOffer != "" {
		t.Fatalf("undo did not restore the account: %v", userNames(s))
	}
	s.Dispatch(&Reset{})
	runReplays(s)
	if hasUserNamed(s, "Zoe") || !hasUserNamed(s, "Fred") || !s.CanUndo() {
		t.Fatalf("reset: %v", userNames(s))
	}
	s.Dispatch(&Undo{})
	if !hasUserNamed(s, "Zoe") {
		t.Fatal("undo after reset lost Zoe")
	}
}

func TestStoreExportKeepsActingAsAndPanel(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	s.Dispatch(&ActAs{ARN: alice})
	s.Dispatch(&SelectPanel{Name: PanelLog})
	s.Dispatch(&SelectPanel{Name: "nonsense"})
	out := s.Export()
	s2, err := NewStore(out, nil)
	if err != nil {
		t.Fatalf("export does not load: %v\n%s", err, out)
	}
	if s2.ActingAs() != alice || s2.Panel() != PanelLog {
		t.Errorf("reloaded: acting as %s, panel %s\n%s", s2.ActingAs(), s2.Panel(), out)
	}
}

func TestWithPanel(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{``, `{"panel":"log"}`},
		{`{"panel":"account","zoom":2}`, `{"panel":"log","zoom":2}`},
		{`[1]`, `{"panel":"log"}`},
	}
	for _, tt := range tests {
		if got := string(withPanel(json.RawMessage(tt.in), "log")); got != tt.want {
			t.Errorf("withPanel(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestBootPrecedence(t *testing.T) {
	t.Parallel()
	def := newTestStore(t, nil)
	// Saved work: the default plus Zoe.
	work := newTestStore(t, nil)
	work.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`)})
	saved := work.Export()
	// A link: the default plus Yann.
	other := newTestStore(t, nil)
	other.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Yann"}`)})
	link := scenario.EncodeLink(other.Export())
	savedLink := scenario.EncodeLink(saved)

	deep := `{"format":"cloudplay-scenario/1","steps":[],"x":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`
	script := `{"format":"cloudplay-scenario/1","name":"<script>alert(1)</script>","steps":[{"op":"iam:CreateUser","input":{"UserName":"<script>"}}]}`
	huge := scenario.EncodeLink([]byte(`{"format":"cloudplay-scenario/1","steps":[],"pad":"` + strings.Repeat("a", 3<<20) + `"}`))

	tests := []struct {
		name     string
		mode     Mode
		hash     string
		saved    []byte
		wantUser string // a user the account must have
		wantNot  string // a user it must not have
		wantUndo bool
		notice   string // a substring of the notice ("" for none)
		undoHas  string // a user the undone account has
		rescued  bool   // the saved work is rescued
	}{
		{"nothing: default", ModeFull, "", nil, "Fred", "Zoe", false, "", "", false},
		{"saved work", ModeFull, "", saved, "Zoe", "Yann", false, "", "", false},
		{"link over nothing", ModeFull, "#s=" + link, nil, "Yann", "Zoe", false, "", "", false},
		{"link over saved work keeps it for undo", ModeFull, "#s=" + link, saved, "Yann", "Zoe", true, "", "Zoe", false},
		{"link equal to saved work: no banner", ModeFull, "#s=" + savedLink, saved, "Zoe", "", false, "", "", false},
		{"embed ignores saved work", ModeEmbed, "", saved, "Fred", "Zoe", false, "", "", false},
		{"embed shows its link", ModeEmbed, "#s=" + link, saved, "Yann", "Zoe", false, "", "", false},
		{"not base64", ModeFull, "#s=!!!", saved, "Zoe", "Yann", false, "not unpadded base64url", "", false},
		{"not deflate", ModeFull, "#s=" + "aGVsbG8gd29ybGQ", saved, "Zoe", "", false, "does not inflate", "", false},
		{"megabytes", ModeFull, "#s=" + huge, saved, "Zoe", "", false, "larger than", "", false},
		{"not json", ModeFull, "#s=" + scenario.EncodeLink([]byte("hello")), saved, "Zoe", "", false, "could not be opened", "", false},
		{"not a scenario", ModeFull, "#s=" + scenario.EncodeLink([]byte(`{"a":1}`)), saved, "Zoe", "", false, "could not be opened", "", false},
		{"deeply nested", ModeFull, "#s=" + scenario.EncodeLink([]byte(deep)), saved, "Zoe", "", false, "could not be opened", "", false},
		{"script in names", ModeFull, "#s=" + scenario.EncodeLink([]byte(script)), saved, "Zoe", "<script>", false, "could not be opened", "", false},
		{"bad link, nothing saved", ModeFull, "#s=!!!", nil, "Fred", "", false, "default scenario is shown", "", false},
		{"broken saved work", ModeFull, "", []byte("{"), "Fred", "", false, "", "", true},
	}
	_ = def
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := mapStorage{}
			if tt.saved != nil {
				st[keyWork] = string(tt.saved)
			}
			var storage Storage = st
			if tt.mode == ModeEmbed {
				storage = nil
			}
			s := bootNow(PlanStart(tt.mode, tt.hash, LoadSaved(st)), storage)
			if rs := s.Rescues(); tt.rescued != (len(rs) == 1 && rs[0].Work == string(tt.saved)) {
				t.Errorf("rescues %+v, want rescued %v", rs, tt.rescued)
			}
			if !hasUserNamed(s, tt.wantUser) || (tt.wantNot != "" && hasUserNamed(s, tt.wantNot)) {
				t.Fatalf("users %v; want %s, not %s", userNames(s), tt.wantUser, tt.wantNot)
			}
			if tt.notice == "" && s.Notice != "" || !strings.Contains(s.Notice, tt.notice) {
				t.Errorf("notice %q, want it to contain %q", s.Notice, tt.notice)
			}
			if s.CanUndo() != tt.wantUndo || (s.UndoOffer != "") != tt.wantUndo {
				t.Fatalf("undo %v offer %q, want %v", s.CanUndo(), s.UndoOffer, tt.wantUndo)
			}
			if string(st[keyWork]) != string(tt.saved) && tt.saved != nil {
				t.Error("booting changed the saved work")
			}
			if tt.undoHas != "" {
				s.Dispatch(&Undo{})
				if !hasUserNamed(s, tt.undoHas) {
					t.Errorf("undo restored %v", userNames(s))
				}
			}
		})
	}
}

func TestLinkValue(t *testing.T) {
	t.Parallel()
	tests := []struct{ hash, want string }{
		{"", ""}, {"#", ""}, {"#s=abc", "abc"}, {"s=abc", "abc"}, {"#x=1&s=abc", "abc"}, {"#section", ""},
	}
	for _, tt := range tests {
		if got := LinkValue(tt.hash); got != tt.want {
			t.Errorf("LinkValue(%q) = %q, want %q", tt.hash, got, tt.want)
		}
	}
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Mode{"embed": ModeEmbed, "full": ModeFull, "": ModeFull, "other": ModeFull, " embed ": ModeEmbed} {
		if got := ParseMode(in); got != want {
			t.Errorf("ParseMode(%q) = %s", in, got)
		}
	}
}

// countingStorage counts writes.
type countingStorage struct {
	mapStorage
	sets int
}

func (c *countingStorage) Set(k, v string) error { c.sets++; return c.mapStorage.Set(k, v) }

// Acting as a role session (the gallery's assumed-role scenario) lasts
// across calls; the work is saved when a call changes the account, not on
// reads or refusals.
func TestStoreKeepsASessionAndSavesOnlyChanges(t *testing.T) {
	t.Parallel()
	st := &countingStorage{mapStorage: mapStorage{}}
	s := newTestStore(t, st)
	var src []byte
	for _, b := range builtin.List() {
		if b.ID == "iam-assume-role" {
			src = b.JSON
		}
	}
	s.Dispatch(&Load{Src: src, Where: "page"})
	session := "arn:aws:sts::123456789012:assumed-role/DeployRole/alice-deploy"
	if s.ActingAs() != session {
		t.Fatalf("acting as %q after loading, want the session", s.ActingAs())
	}
	saved := st.sets
	s.Dispatch(&CallOp{Op: "sts:GetCallerIdentity", Input: []byte(`{}`), Where: "t"})
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`), Where: "t"}) // refused: the role may not
	if s.ActingAs() != session {
		t.Fatalf("acting as %q after two calls, want the session", s.ActingAs())
	}
	if s.Err == nil || s.Err.Code != "AccessDenied" {
		t.Fatalf("the session's CreateUser: %+v", s.Err)
	}
	if st.sets != saved {
		t.Errorf("%d saves for a read and a refusal, want none", st.sets-saved)
	}
	s.Dispatch(&CallOp{Caller: root, Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zoe"}`), Where: "t"})
	if st.sets == saved {
		t.Error("a change was not saved")
	}
}

// A read-only query does not re-render the page (the panel that asked
// redraws itself); a change does.
func TestQueryDoesNotReRender(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	renders := 0
	s.Subscribe(func() { renders++ })
	q := &Query{Op: "iam:ListUsers", Input: []byte(`{}`)}
	s.Dispatch(q)
	if q.Err != nil || renders != 0 {
		t.Fatalf("a read-only query: err %v, %d renders; want none", q.Err, renders)
	}
	s.Dispatch(&CallOp{Op: "iam:CreateUser", Input: []byte(`{"UserName":"Zed"}`)})
	if renders != 1 {
		t.Fatalf("a change: %d renders, want 1", renders)
	}
}
