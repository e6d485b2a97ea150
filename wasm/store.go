package main

import (
	"bytes"
	"cloudplay/wasm/internal/ui"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/catalog"
	"cloudplay/core/cloud"
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

	// exporter exports the account again and again (every save),
	// serialising each step only once.
	exporter scenario.Exporter

	// catalog is the IAM catalog once the site has loaded it (nil before):
	// every account the store makes validates policies with it.
	catalog *catalog.Catalog

	// storage keeps the work between visits (nil: never saved, as in
	// embed mode or when the browser refuses storage).
	storage Storage
	// storageOff is set when the full playground has no usable storage: a
	// banner says so once (until dismissed); saves are silently skipped.
	storageOff bool
	// dirty: the work changed since it was last written; draftsDirty: the
	// drafts did.
	dirty, draftsDirty bool
	// legacy: the work was read from the keys used before keySaved.
	legacy bool
	// unsaved says why the work is not saved in this browser any more ("":
	// it is); unsavedDismissed hides its banner until the reason changes.
	unsaved          string
	unsavedKind      string
	unsavedDismissed bool
	// maxSaved overrides maxSavedSize (tests).
	maxSaved int
	// keepSaved: the saved value is rescued work that could not be moved
	// aside; nothing overwrites it until the learner deals with it.
	keepSaved bool
	// rescues is saved work that could not be loaded, kept in keyRescue.
	rescues []Rescue
	// drafts are unsaved policy texts, by PolicyEntry key. The map is
	// replaced, never changed in place (Dispatch restores it on a panic).
	drafts map[string]Draft
	// editing is the key of the policy the IAM editor shows ("" none).
	editing string
	// draftsUnsaved: the drafts could not be written to storage.
	draftsUnsaved bool
	// replay is the long replay under way (a link or saved work), or nil;
	// queue holds the ones to run after it.
	replay *replayJob
	queue  []*replayJob
	// hadSaved: the account shown is the saved work (a link replacing it
	// offers Undo).
	hadSaved bool
	// changes counts the changes to the work (calls, advances, loads).
	changes int

	// Changed is called after every state change that came from the user
	// or the host (not from start-up), e.g. to drop a stale #s= link.
	Changed func()
	// ReplayQueued, when set, is called when a replay is queued (main.go
	// runs ReplayDriver in a goroutine).
	ReplayQueued func()
	// SaveLater, when set, is called after each change worth saving; it
	// arranges a Flush a little later (main.go: saveDelayMs after the last
	// call). Without it, changes are written at once.
	SaveLater func()
	// OnPanic, when set, is told of a panic Dispatch recovered (main.go logs
	// it to the console with its stack).
	OnPanic func(recovered any, stack []byte)
	// Dispatched, when set, is called after every action, whether or not
	// the listeners are told (host.go's event feed for subscribers).
	Dispatched func(action any)

	listeners []func()
}

// UIError is an error shown in the UI next to the control that caused it.
type UIError = ui.Error

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
	a, m, err := scenario.LoadSaved(src)
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
	PanelStreams = "streams"
	PanelS3      = "s3"
	PanelLog     = "log"
	// PanelContainers is ECS on EC2 and Fargate (containerspanel.go).
	PanelContainers = "containers"
)

// Panels lists the panels the UI shows, in tab order.
var Panels = []struct{ Name, Title string }{
	{PanelAccount, "Account"},
	{PanelIAM, "IAM"},
	{PanelS3, "S3"},
	{PanelStreams, "Streams"},
	{PanelContainers, "Containers"},
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
		s.notify(f)
	}
}

// notify calls one listener; a panic in it is recovered and shown.
func (s *Store) notify(f func()) {
	defer func() {
		if r := recover(); r != nil {
			s.Err = uiError("page", internalFailure(r))
			if s.OnPanic != nil {
				s.OnPanic(r, debug.Stack())
			}
		}
	}()
	f()
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
	// The exporter serialises each step once: a save after a call costs
	// the new steps and a copy, not a walk of the whole account.
	return s.exporter.Export(s.account, m)
}

// StorageOff reports whether to say that this browser gives the playground
// no storage (the banner, until dismissed).
func (s *Store) StorageOff() bool { return s.storageOff }

// Unsaved returns why the work is not saved in this browser any more, or ""
// when it is (or when the learner dismissed the banner).
func (s *Store) Unsaved() string {
	if s.unsavedDismissed {
		return ""
	}
	return s.unsaved
}

// Rescues returns the saved work that could not be loaded and is kept
// until the learner downloads or dismisses it.
func (s *Store) Rescues() []Rescue { return s.rescues }

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
	// Advance moves simulated time forward by Ms milliseconds. It is saved
	// with the next change, or when the page is hidden (Flush). An advance
	// the account refuses (past the end of simulated time) changes nothing;
	// Err says why.
	Advance struct {
		Ms int64
		// Frame marks an advance of the page's clock (clockbar.go): the
		// listeners are told only when the simulated second shown changed,
		// so playing does not re-render the page every animation frame.
		Frame bool
		Err   error // result
	}
	// Load replaces the account with a scenario (Src nil: the default),
	// keeping the old one for Undo. A scenario that does not load changes
	// nothing; its error is in Err (and shown at Where).
	Load struct {
		Src   []byte
		Label string // what replaced the account, for the undo banner
		Where string
		Err   error
	}
	// Reset reloads the scenario the current account came from, replayed
	// like Open.
	Reset struct{}
	// Undo restores the account the last Load or Reset replaced.
	Undo struct{}
	// ActAs selects the principal the UI acts as.
	ActAs struct{ ARN string }
	// SelectPanel shows a panel.
	SelectPanel struct{ Name string }
	// Dismiss hides a banner: What is one of the Banner… names, or "" for
	// the error, the notice and the undo banner.
	Dismiss struct{ What string }
	// ShowError shows an error that did not come from the account (a file
	// that could not be read, a download the browser refused).
	ShowError struct{ Err UIError }
	// SetCatalog hands the loaded IAM catalog to the store (catalog.go).
	SetCatalog struct{ Catalog *catalog.Catalog }
	// Flush writes what changed to storage now (SaveLater's timer, the page
	// being hidden or left).
	Flush struct{}
	// DropRescue lets rescued work go (downloaded or dismissed): Index into
	// Rescues.
	DropRescue struct{ Index int }
)

// Banners Dismiss can name.
const (
	BannerStorage = "storage" // this browser gives no storage
	BannerUnsaved = "unsaved" // the work is not saved any more
)

// Dispatch applies an action and notifies the listeners. A panic in the
// action is recovered: the store is left as it was before the action, the
// action's Err (when it has one) and the page's error say InternalFailure,
// and the program goes on.
func (s *Store) Dispatch(action any) {
	if s.dispatchQuiet(action) {
		s.fire()
	}
}

// dispatchQuiet is Dispatch that leaves telling the listeners to the
// caller (the clock re-renders the page at most twice a second while
// playing): it reports whether they should be told. Dispatched hears of
// the action all the same, so subscribers get every frame's step events.
func (s *Store) dispatchQuiet(action any) (notify bool) {
	notify = s.apply(action)
	if s.Dispatched != nil {
		s.Dispatched(action)
	}
	return notify
}

// apply runs the action, recovering a panic; it reports whether the
// listeners should be told (a draft keystroke need not re-render the page).
func (s *Store) apply(action any) (notify bool) {
	before := *s
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		stack := debug.Stack()
		*s = before
		err := internalFailure(r)
		setActionErr(action, err)
		s.Err = uiError("page", err)
		if s.OnPanic != nil {
			s.OnPanic(r, stack)
		}
		notify = true
	}()
	return s.onAction(action)
}

// internalFailure is the error a recovered panic becomes.
func internalFailure(r any) *api.Error {
	return &api.Error{Code: "InternalFailure", Message: "The playground failed inside (" +
		clipCodePoints(fmt.Sprint(r), 120) + "). Nothing was changed; you can go on."}
}

// setActionErr hands err back in the action's result, if it has one.
func setActionErr(action any, err error) {
	switch a := action.(type) {
	case *CallOp:
		a.Output, a.Err = nil, err
	case *Query:
		a.Output, a.Err = nil, err
	case *Load:
		a.Err = err
	case *Advance:
		a.Err = err
	}
}

func (s *Store) onAction(action any) bool {
	switch a := action.(type) {
	case *CallOp:
		s.call(a)
	case *Query:
		caller := a.Caller
		if caller == "" {
			caller = s.ActingAs()
		}
		a.Output, a.Err = s.account.Call(caller, a.Op, a.Input)
		// A read-only query changes nothing a panel shows but the event
		// log: the panel that asked redraws itself, and the rest of the
		// page (the log's count included) follows at the next change.
		mutates, _ := s.account.Mutates(a.Op)
		return mutates
	case *Advance:
		if a.Ms > 0 {
			second := s.account.Now() / 1000
			if a.Err = s.account.Advance(a.Ms); a.Err != nil {
				return true
			}
			// Saved with the next change or the flush: an animation
			// advancing every frame must not write every frame.
			s.dirty = true
			s.changes++
			s.tellChanged()
			if a.Frame && s.account.Now()/1000 == second {
				return false
			}
		}
	case *Load:
		s.load(a)
	case *Reset:
		name := "“" + s.scenarioName() + "”"
		s.open(&Open{Src: s.base, Title: "Resetting to " + name, Label: "Reset to " + name, Where: "reset", Failure: "Could not reset: "})
	case *Open:
		s.open(a)
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
		if ValidPanel(a.Name) && a.Name != s.panel {
			s.panel = a.Name
			s.markChanged()
		}
	case *ShowError:
		e := a.Err
		s.Err = &e
	case *Dismiss:
		s.dismiss(a.What)
	case *SetCatalog:
		s.setCatalog(a.Catalog)
	case *Flush:
		// A flush re-renders only when what the banners say changed.
		before := s.saveState()
		s.flush()
		return s.saveState() != before
	case *DropRescue:
		s.dropRescue(a.Index)
	case *SetDraft:
		return s.setDraft(a)
	case *DropDraft:
		s.dropDraft(a.Key)
	case *EditPolicy:
		s.editPolicy(a.Key)
		return false
	case *ReplayChunk:
		s.replayChunk(a)
	case *CancelReplay:
		s.cancelReplay()
	default:
		panic(fmt.Sprintf("store: unknown action %T", action))
	}
	return true
}

// saveState is what the page shows of saving: the banner's reason and
// where drafts are kept.
func (s *Store) saveState() [2]string {
	stored := "drafts stored"
	if !s.DraftsStored() {
		stored = "drafts not stored"
	}
	return [2]string{s.Unsaved(), stored}
}

func (s *Store) dismiss(what string) {
	switch what {
	case BannerStorage:
		s.storageOff = false
	case BannerUnsaved:
		s.unsavedDismissed = true
	default:
		s.Err, s.Notice, s.UndoOffer = nil, "", ""
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
	a, m, err := scenario.LoadSaved(src)
	if err != nil {
		l.Err = err
		s.Err = uiError(l.Where, err)
		return
	}
	s.replaceWith(a, m, src, l.Label)
}

// replaceWith makes a the current account, keeping the old one for Undo.
func (s *Store) replaceWith(a *cloud.Account, m scenario.Meta, base []byte, label string) {
	s.push(label)
	s.install(a, m, base)
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
	s.undo = s.undo[: n-1 : n-1]
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

// changed marks the work for saving and tells Changed.
func (s *Store) changed() {
	s.changes++
	s.markChanged()
	s.tellChanged()
}

func (s *Store) tellChanged() {
	if s.Changed != nil {
		s.Changed()
	}
}

// exportWork returns the work as it is saved.
func (s *Store) exportWork() []byte { return s.Export() }

// uiError turns an error into what the UI shows.
func uiError(where string, err error) *UIError { return ui.ErrorOf(where, err) }

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
