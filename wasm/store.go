package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/iam/catalog"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
)

// Store holds the playground's state: the account, the scenario it came
// from, who the UI acts as, which panel is shown, the last error and the
// undo stack. Components read it and change it only by Dispatch, as in
// Vecty's todomvc example, but the Store is a value built in main (no
// package globals), so tests build fresh ones.
type Store struct {
	account  *cloud.Account
	meta     scenario.Meta
	base     []byte // the scenario "Reset" returns to
	actingAs string // "" for root
	panel    string

	// Err is the error of the last failed action, shown where it happened.
	Err *UIError
	// Notice is a message for the whole page (a link that could not be
	// opened, a file that could not be imported), or "".
	Notice string
	// UndoOffer is the label of the undo banner ("" when none is shown).
	UndoOffer string

	undo []snapshot

	// catalog is the IAM catalog once the site has loaded it (nil before):
	// every account the store makes validates policies with it.
	catalog *catalog.Catalog

	// storage keeps the work between visits (nil: never saved, as in embed).
	storage Storage
	// saveErr is the last error writing storage, shown once.
	saveErr error
	// Changed is called after every state change that came from the user
	// or the host (not from start-up), e.g. to drop a stale #s= link.
	Changed func()

	listeners []func()
}

// UIError is an error shown in the UI next to the control that caused it.
type UIError struct {
	Where   string // the form or control it belongs to ("" for the page)
	Code    string
	Message string
	Trace   any
}

// snapshot is a replaced account kept for Undo.
type snapshot struct {
	account  *cloud.Account
	meta     scenario.Meta
	base     []byte
	actingAs string
}

// NewStore returns a store showing the account loaded from src (a
// scenario), or the default scenario when src is nil. A scenario that does
// not load is an error. storage may be nil.
func NewStore(src []byte, storage Storage) (*Store, error) {
	return newStore(src, nil, storage)
}

// newStore is NewStore with the scenario Reset returns to (src when nil).
func newStore(src, base []byte, storage Storage) (*Store, error) {
	s := &Store{storage: storage, panel: PanelAccount}
	if src == nil {
		src = builtin.Default()
	}
	if base == nil {
		base = src
	}
	a, m, err := scenario.Load(src)
	if err != nil {
		return nil, err
	}
	s.install(a, m, base)
	return s, nil
}

// Panels, as CONTRACT.md names them. Only panels that work are listed.
const (
	PanelAccount = "account"
	PanelIAM     = "iam"
	PanelLog     = "log"
)

// Panels lists the panels the UI shows, in tab order.
var Panels = []struct{ Name, Title string }{
	{PanelAccount, "Account"},
	{PanelIAM, "IAM"},
	{PanelLog, "Event log"},
}

// ValidPanel reports whether name is a panel the UI can show.
func ValidPanel(name string) bool {
	for _, p := range Panels {
		if p.Name == name {
			return true
		}
	}
	return false
}

// Subscribe registers f to be called after every dispatched action.
func (s *Store) Subscribe(f func()) { s.listeners = append(s.listeners, f) }

func (s *Store) fire() {
	for _, f := range s.listeners {
		f()
	}
}

// Account returns the current account (read it through View and Events).
func (s *Store) Account() *cloud.Account { return s.account }

// View returns the account's read-only view.
func (s *Store) View() cloud.View { return s.account.View() }

// Meta returns the current scenario's name, description and UI settings.
func (s *Store) Meta() scenario.Meta { return s.meta }

// ActingAs returns the ARN of the principal the UI acts as.
func (s *Store) ActingAs() string {
	if s.actingAs == "" {
		return s.account.RootARN()
	}
	return s.actingAs
}

// Panel returns the selected panel.
func (s *Store) Panel() string { return s.panel }

// CanUndo reports whether a replaced account can be restored.
func (s *Store) CanUndo() bool { return len(s.undo) > 0 }

// Export returns the current account as a scenario, with the acting
// principal and the selected panel.
func (s *Store) Export() []byte {
	m := s.meta
	m.ActingAs = ""
	if s.actingAs != "" && s.actingAs != s.account.RootARN() {
		m.ActingAs = s.actingAs
	}
	m.UI = withPanel(m.UI, s.panel)
	return scenario.Export(s.account, m)
}

// SaveError returns the last error saving to storage, or nil.
func (s *Store) SaveError() error { return s.saveErr }

// install makes a the current account.
func (s *Store) install(a *cloud.Account, m scenario.Meta, base []byte) {
	s.account, s.meta, s.base = a, m, base
	s.useCatalog(a)
	s.actingAs = m.ActingAs
	if p := panelOf(m.UI); ValidPanel(p) {
		s.panel = p
	}
}

// Actions. Each is a pointer so that Dispatch can hand results back.
type (
	// CallOp runs an operation as Caller (the acting principal when
	// empty). Where names the control that made it, for error placement.
	CallOp struct {
		Caller  string
		Op      string
		Input   []byte
		Context cloud.Context
		Where   string
		// OmitTrace leaves the Trace members out of simulate results
		// (cloudplay.call's opts.trace: false).
		OmitTrace bool
		// Results.
		Output []byte
		Err    error
	}
	// Query runs a read-only operation (a simulation) as Caller (the
	// acting principal when empty). Unlike CallOp it leaves the page's
	// error alone and saves nothing: the component that asked shows the
	// result, or the refusal, where it happened.
	Query struct {
		Caller string
		Op     string
		Input  []byte
		// Results.
		Output []byte
		Err    error
	}
	// Advance moves simulated time forward by Ms milliseconds.
	Advance struct{ Ms int64 }
	// Load replaces the account with a scenario (Src nil: the default),
	// keeping the old one for Undo. A scenario that does not load changes
	// nothing; its error is in Err (and shown at Where).
	Load struct {
		Src   []byte
		Label string // what replaced the account, for the undo banner
		Where string
		Err   error
	}
	// Reset reloads the scenario the current account came from.
	Reset struct{}
	// Undo restores the account the last Load or Reset replaced.
	Undo struct{}
	// ActAs selects the principal the UI acts as.
	ActAs struct{ ARN string }
	// SelectPanel shows a panel.
	SelectPanel struct{ Name string }
	// Dismiss clears the error, the notice and the undo banner.
	Dismiss struct{}
	// ShowError shows an error that did not come from the account (a file
	// that could not be read, a download the browser refused).
	ShowError struct{ Err UIError }
	// SetCatalog hands the loaded IAM catalog to the store (catalog.go).
	SetCatalog struct{ Catalog *catalog.Catalog }
)

// Dispatch applies an action and notifies the listeners.
func (s *Store) Dispatch(action any) {
	s.onAction(action)
	s.fire()
}

func (s *Store) onAction(action any) {
	switch a := action.(type) {
	case *CallOp:
		s.call(a)
	case *Query:
		caller := a.Caller
		if caller == "" {
			caller = s.ActingAs()
		}
		a.Output, a.Err = s.account.Call(caller, a.Op, a.Input)
	case *Advance:
		if a.Ms > 0 {
			s.account.Advance(a.Ms)
			s.changed()
		}
	case *Load:
		s.load(a)
	case *Reset:
		l := &Load{Src: s.base, Label: "Reset to “" + s.scenarioName() + "”", Where: "reset"}
		s.load(l)
	case *Undo:
		s.restore()
	case *ActAs:
		s.actingAs = a.ARN
		if a.ARN == s.account.RootARN() {
			s.actingAs = ""
		}
		s.Err = nil
		s.changed()
	case *SelectPanel:
		if ValidPanel(a.Name) {
			s.panel = a.Name
			s.save()
		}
	case *ShowError:
		e := a.Err
		s.Err = &e
	case *Dismiss:
		s.Err, s.Notice, s.UndoOffer = nil, "", ""
	case *SetCatalog:
		s.setCatalog(a.Catalog)
	default:
		panic(fmt.Sprintf("store: unknown action %T", action))
	}
}

func (s *Store) call(a *CallOp) {
	caller := a.Caller
	if caller == "" {
		caller = s.ActingAs()
	}
	steps := s.account.JournalLen()
	a.Output, a.Err = s.account.CallWith(caller, a.Op, a.Input, cloud.CallOptions{Context: a.Context, OmitTrace: a.OmitTrace})
	s.Err = nil
	if a.Err != nil {
		s.Err = uiError(a.Where, a.Err)
	}
	if s.account.JournalLen() == steps {
		return // nothing changed: nothing to save (the log still re-renders)
	}
	// Acting as a user who was just deleted would fail every call with
	// InvalidClientTokenId; go back to root. (A role session stays: when it
	// expires, its calls fail with ExpiredToken, which is the lesson.)
	if strings.Contains(s.actingAs, ":user/") && !s.account.CanCall(s.actingAs) {
		s.actingAs = ""
	}
	s.changed()
}

func (s *Store) load(l *Load) {
	src := l.Src
	if src == nil {
		src = builtin.Default()
	}
	a, m, err := scenario.Load(src)
	if err != nil {
		l.Err = err
		s.Err = uiError(l.Where, err)
		return
	}
	s.push(l.Label)
	s.install(a, m, src)
	s.Err = nil
	s.changed()
}

// push keeps the current account for Undo and offers it in a banner.
func (s *Store) push(label string) {
	s.undo = append(s.undo, snapshot{s.account, s.meta, s.base, s.actingAs})
	if len(s.undo) > maxUndo {
		s.undo = s.undo[len(s.undo)-maxUndo:]
	}
	s.UndoOffer = label
}

// maxUndo bounds the accounts kept for Undo.
const maxUndo = 10

func (s *Store) restore() {
	n := len(s.undo)
	if n == 0 {
		return
	}
	p := s.undo[n-1]
	s.undo = s.undo[:n-1]
	s.account, s.meta, s.base, s.actingAs = p.account, p.meta, p.base, p.actingAs
	s.useCatalog(s.account)
	s.Err, s.UndoOffer = nil, ""
	s.changed()
}

func (s *Store) scenarioName() string {
	if s.meta.Name != "" {
		return s.meta.Name
	}
	return "the scenario"
}

// changed saves the work and tells Changed.
func (s *Store) changed() {
	s.save()
	if s.Changed != nil {
		s.Changed()
	}
}

// save writes the work to storage, if any.
func (s *Store) save() {
	if s.storage == nil {
		return
	}
	s.saveErr = s.storage.Set(keyWork, string(s.Export()))
	if s.saveErr == nil {
		s.saveErr = s.storage.Set(keyBase, string(s.base))
	}
}

// uiError turns an error into what the UI shows.
func uiError(where string, err error) *UIError {
	var e *api.Error
	if errors.As(err, &e) {
		return &UIError{Where: where, Code: e.Code, Message: e.Message, Trace: e.Trace}
	}
	return &UIError{Where: where, Code: "Error", Message: err.Error()}
}

// ErrorAt returns the error to show at where, or nil.
func (s *Store) ErrorAt(where string) *UIError {
	if s.Err != nil && s.Err.Where == where {
		return s.Err
	}
	return nil
}

// panelOf returns ui.panel of a scenario's "ui" member.
func panelOf(ui json.RawMessage) string {
	var v struct {
		Panel string `json:"panel"`
	}
	if len(ui) == 0 || json.Unmarshal(ui, &v) != nil {
		return ""
	}
	return v.Panel
}

// withPanel returns ui with its "panel" member set, keeping other members.
func withPanel(ui json.RawMessage, panel string) json.RawMessage {
	m := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(ui)) > 0 {
		if err := json.Unmarshal(ui, &m); err != nil || m == nil {
			m = map[string]json.RawMessage{} // not an object: replace it
		}
	}
	p, _ := json.Marshal(panel)
	m["panel"] = p
	out, _ := json.Marshal(m) // sorted keys, so the export is stable
	return out
}
