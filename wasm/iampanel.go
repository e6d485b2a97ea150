//go:build js && wasm

package main

import (
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/iammodel"
	"encoding/json"
	"strings"
	"syscall/js"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// IAMPanel is the "IAM" panel: the principals (root, users, groups, roles)
// and, for the one selected, every policy that applies to it with where it
// comes from, each openable in the policy editor. Every read and change is
// an IAM operation made as the acting principal, so what IAM refuses
// (MalformedPolicyDocument, AccessDenied with its trace, LimitExceeded) is
// shown where it happened. Sub-tabs mount the simulator and the access
// matrix.
type IAMPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`

	tab    string             // iamTabPolicies (default), iamTabSimulate, iamTabMatrix
	sel    iammodel.EntityRef // the selected principal (zero: the default)
	open   *openPolicy
	form   string // "", formInline or formManaged: the "new policy" form shown
	picker *attachPicker
	// listErr is the refusal of an action of the policy list (detach,
	// delete), shown above it.
	listErr *UIError
	docSeq  int           // numbers the documents opened, so reopening replaces the text
	editor  *PolicyEditor // one instance, kept across renders
	// newRole is the "Create role" form while it is open, and roleEditor
	// its trust policy's editor.
	newRole    *roleForm
	roleEditor *PolicyEditor
	// sim is the simulator's form and results, kept across sub-tabs.
	sim *SimState
	// acct is the account the panel last drew: when the store replaces
	// it (reset, a load, undo), what was open belonged to the old one.
	acct *cloud.Account
}

// The sub-tabs.
const (
	iamTabPolicies = "policies"
	iamTabSimulate = "simulate"
	iamTabMatrix   = "matrix"
)

const (
	formInline  = "inline"
	formManaged = "managed"
)

// openPolicy is the policy shown in the editor.
type openPolicy struct {
	entry   iammodel.PolicyEntry
	newKind string // formInline or formManaged while not saved yet
	docID   string
	doc     string // the document as loaded (or last saved)
	text    string // the editor's text
	shown   string // the text handed to the editor: doc, or a draft
	loading bool
	readErr *UIError
	saveErr *UIError
	diags   []Diagnostic // where IAM refused the document
	status  string       // what the last save did
	// versionsFull offers to delete this version when a new one cannot be
	// made ("" when not needed).
	versionsFull string
	// The findings list and the question before saving with errors.
	policyFindings
}

// draftKey is the key of the policy's draft in the Store.
func (op *openPolicy) draftKey() string {
	if op.newKind != "" {
		return newDraftKey(op.newKind, op.entry.Owner.Key(), op.entry.Name)
	}
	return op.entry.Key()
}

// attachPicker is the "attach managed policy" form.
type attachPicker struct {
	items []iammodel.PolicyPickerItem
	err   *UIError
}

func (p *IAMPanel) rerender() { vecty.Rerender(p) }

// query runs a read-only operation as the acting principal.
func (p *IAMPanel) query(c iammodel.IAMCall) ([]byte, *UIError) {
	q := &Query{Op: c.Op, Input: c.JSON()}
	p.Store.Dispatch(q)
	if q.Err != nil {
		return nil, uiError("iam", q.Err)
	}
	return q.Output, nil
}

// change runs an operation that changes the account, as the acting
// principal; it is logged and saved like every change.
func (p *IAMPanel) change(c iammodel.IAMCall) ([]byte, *UIError) {
	a := &CallOp{Op: c.Op, Input: c.JSON(), Where: "iam"}
	p.Store.Dispatch(a)
	if a.Err != nil {
		return nil, uiError("iam", a.Err)
	}
	return a.Output, nil
}

// selected returns the principal shown: the chosen one while it exists,
// else the acting principal when it is a user, else the first user.
func (p *IAMPanel) selected() iammodel.EntityRef {
	v := p.Store.View().IAM
	if p.sel.Kind != "" && p.sel.Exists(v) {
		return p.sel
	}
	if r := iammodel.EntityOfARN(v, p.Store.Account().RootARN(), p.Store.ActingAs()); r.Kind != "" && r.Kind != iammodel.EntityRoot {
		return r
	}
	if len(v.Users) > 0 {
		return iammodel.EntityRef{Kind: iammodel.EntityUser, Name: v.Users[0].Name}
	}
	return iammodel.EntityRef{Kind: iammodel.EntityRoot}
}

func (p *IAMPanel) onTab(tab string) func(*vecty.Event) {
	return func(*vecty.Event) {
		p.tab = tab
		p.rerender()
	}
}

func (p *IAMPanel) onSelect(r iammodel.EntityRef) func(*vecty.Event) {
	return func(*vecty.Event) {
		if r == p.selected() && p.newRole == nil {
			return
		}
		p.sel, p.open, p.form, p.picker, p.listErr = r, nil, "", nil, nil
		p.newRole = nil
		p.Store.Dispatch(&EditPolicy{})
		p.rerender()
	}
}

// onOpen reads a policy's document, as the acting principal, into the
// editor.
func (p *IAMPanel) onOpen(e iammodel.PolicyEntry) func(*vecty.Event) {
	return func(*vecty.Event) {
		p.openEntry(e)
		p.rerender()
	}
}

// openEntry opens a policy in the editor: its draft when it has one.
func (p *IAMPanel) openEntry(e iammodel.PolicyEntry) {
	p.docSeq++
	op := &openPolicy{entry: e, docID: itoa(p.docSeq)}
	p.open, p.form = op, ""
	p.Store.Dispatch(&EditPolicy{Key: op.draftKey()})
	out, err := p.query(e.ReadCall())
	if err == nil && e.Source != iammodel.SourceInline && e.Source != iammodel.SourceTrust {
		var c iammodel.IAMCall
		c, cerr := e.VersionCall(out)
		if cerr != nil {
			err = &UIError{Code: "Error", Message: cerr.Error()}
		} else {
			out, err = p.query(c)
		}
	}
	if err != nil {
		op.readErr = err
		return
	}
	text, derr := e.DocumentOf(out)
	if derr != nil {
		op.readErr = &UIError{Code: "Error", Message: derr.Error()}
	}
	op.doc, op.text, op.shown = text, text, text
	if d, ok := p.Store.DraftOf(op.draftKey()); ok {
		op.text, op.shown = d.Text, d.Text
	}
	p.syncEditor()
}

// openNew opens the editor on a policy not created yet (kind formInline or
// formManaged), showing text (the template, or a draft).
func (p *IAMPanel) openNew(kind string, entry iammodel.PolicyEntry, text string) {
	p.docSeq++
	p.open = &openPolicy{entry: entry, newKind: kind, docID: itoa(p.docSeq), doc: iammodel.NewPolicyTemplate, text: text, shown: text}
	p.form = ""
	p.Store.Dispatch(&EditPolicy{Key: p.open.draftKey()})
	p.syncEditor()
}

// Mount opens the editor on the draft it showed last, if any: a draft
// survives switching panels and reloading the page.
func (p *IAMPanel) Mount() {
	if r := takeIAMFocus(); r.Kind != "" && r.Exists(p.Store.View().IAM) {
		p.sel = r // "Fix the role's policy" in the Firehose section
		p.rerender()
		return
	}
	if p.open != nil || p.newRole != nil {
		return
	}
	key, d, ok := p.Store.Editing()
	if !ok {
		return
	}
	if key == roleDraftKey {
		p.showRoleForm() // the Create role form, as it was left
		p.rerender()
		return
	}
	if d.Principal.Kind != "" && d.Principal.Exists(p.Store.View().IAM) {
		p.sel = d.Principal
	}
	if d.NewKind != "" {
		p.openNew(d.NewKind, d.Entry, d.Text)
	} else {
		p.openEntry(d.Entry)
	}
	p.rerender()
}

func (p *IAMPanel) onEditorChange(text string) {
	op := p.open
	if op == nil || op.readErr != nil {
		return // the editor leaves at the next frame
	}
	wasDirty := op.text != op.doc
	op.text = text
	if op.dismiss() {
		// The learner went back to editing: the question is moot.
		p.rerender()
	}
	p.Store.Dispatch(&SetDraft{Key: op.draftKey(), Draft: Draft{
		Text: text, Doc: op.doc, Entry: op.entry, NewKind: op.newKind, Principal: p.selected(),
	}})
	if (op.text != op.doc) != wasDirty || op.status != "" {
		op.status = ""
		p.rerender()
	}
}

// onLint keeps the findings of the open policy's text for the list under
// the editor (from the editor's validation goroutine).
func (p *IAMPanel) onLint(op *openPolicy) func(string, []Diagnostic) {
	// The open policy is matched by its key, not by the openPolicy the
	// closure was made with: the panel may open the same policy afresh
	// (a draft restored, the account redrawn) while a validation runs, and
	// its answer belongs to the policy open now.
	key := op.draftKey()
	return func(text string, diags []Diagnostic) {
		if cur := p.open; cur != nil && cur.draftKey() == key && cur.heard(text, diags) {
			p.rerender()
		}
	}
}

// onJump moves the editor's cursor to a finding of the list.
func (p *IAMPanel) onJump(d Diagnostic) {
	if p.editor != nil {
		p.editor.Select(d.From, d.To)
	}
}

// save saves the editor's text with the entry's IAM operation; when
// ValidatePolicy finds errors in it, the page asks first.
func (p *IAMPanel) save() { p.saveChecked(false) }

// onSaveAnyway saves the text the page asked about; the question leaves
// the page, and the focus goes back to the editor (not to <body>).
func (p *IAMPanel) onSaveAnyway(*vecty.Event) {
	p.saveChecked(true)
	if p.editor != nil {
		p.editor.Focus()
	}
}

// onKeepEditing closes the question without saving, back in the editor.
func (p *IAMPanel) onKeepEditing(*vecty.Event) {
	if op := p.open; op != nil {
		op.dismiss()
	}
	p.rerender()
	if p.editor != nil {
		p.editor.Focus()
	}
}

func (p *IAMPanel) saveChecked(force bool) {
	op := p.open
	if op == nil || op.loading {
		return
	}
	if !force && op.entry.Editable() {
		if op.ask(p.Store, op.text, op.entry.PolicyType()) {
			p.rerender()
			focusSoon("#iam-confirm-keep")
			return
		}
	}
	op.dismiss()
	op.saveErr, op.diags, op.status, op.versionsFull = nil, nil, "", ""
	text := op.text
	draft := op.draftKey()
	defer func() {
		if op.newKind == "" && op.text == op.doc {
			// Saved: the draft has served.
			p.Store.Dispatch(&DropDraft{Key: draft})
			p.Store.Dispatch(&EditPolicy{Key: op.draftKey()})
		}
	}()
	switch op.newKind {
	case formManaged:
		p.saveNewManaged(op, text)
	default:
		c, ok := op.entry.SaveCall(text)
		if !ok {
			op.saveErr = &UIError{Code: "ReadOnly", Message: "AWS managed policies cannot be changed. Create a customer managed policy with the statements you need instead."}
			break
		}
		out, err := p.change(c)
		if err != nil {
			p.refused(op, text, err)
			scrollIntoViewSoon(".iam-save-error")
			break
		}
		op.doc, op.newKind = text, ""
		op.status = "Saved with " + c.Op + "."
		var v struct{ PolicyVersion struct{ VersionId string } }
		if json.Unmarshal(out, &v) == nil && v.PolicyVersion.VersionId != "" {
			op.status = "Saved as version " + v.PolicyVersion.VersionId + " (now the default) with " + c.Op + "."
		}
	}
	p.rerender()
}

// saveNewManaged creates a customer managed policy and attaches it to the
// selected principal.
func (p *IAMPanel) saveNewManaged(op *openPolicy, text string) {
	out, err := p.change(iammodel.CreatePolicyCall(op.entry.Name, text))
	if err != nil {
		p.refused(op, text, err)
		scrollIntoViewSoon(".iam-save-error")
		return
	}
	var created struct{ Policy struct{ Arn string } }
	_ = json.Unmarshal(out, &created)
	op.entry.ARN = created.Policy.Arn
	op.doc, op.newKind = text, ""
	attach := iammodel.AttachCall(op.entry.Owner, op.entry.ARN)
	if _, err := p.change(attach); err != nil {
		op.saveErr = err
		op.status = "Created " + op.entry.ARN + ", but it could not be attached:"
		return
	}
	op.status = "Created with iam:CreatePolicy and attached with " + attach.Op + "."
}

// refused shows why IAM refused a save: at its position in the editor for
// MalformedPolicyDocument, with an explanation for a full set of versions.
func (p *IAMPanel) refused(op *openPolicy, text string, err *UIError) {
	op.saveErr = err
	if err.Code == "MalformedPolicyDocument" {
		if d, ok := MalformedDiagnostic(text, err.Message); ok {
			op.diags = []Diagnostic{d}
		}
	}
	if err.Code == "LimitExceeded" && op.entry.Source != iammodel.SourceInline {
		if full, oldest := iammodel.VersionsFull(p.Store.View().IAM, op.entry.ARN); full {
			op.versionsFull = oldest
		}
	}
}

func (p *IAMPanel) onSave(*vecty.Event) { p.save() }

// onFormat pretty-prints the editor's text (an edit the learner can undo);
// text that is not JSON stays as it is.
func (p *IAMPanel) onFormat(*vecty.Event) {
	if p.editor != nil {
		p.editor.Format()
	}
}

// onRevert (and "Discard draft") shows the policy's document again and
// forgets its draft.
func (p *IAMPanel) onRevert(*vecty.Event) {
	if op := p.open; op != nil {
		p.docSeq++
		op.docID, op.text, op.shown, op.diags, op.saveErr, op.status = itoa(p.docSeq), op.doc, op.doc, nil, nil, ""
		op.dismiss()
		p.Store.Dispatch(&DropDraft{Key: op.draftKey()})
		p.syncEditor()
		p.rerender()
	}
}

// onDiscardDraft forgets the draft: the editor shows the policy's document
// (or a new policy's template) again.
func (p *IAMPanel) onDiscardDraft(e *vecty.Event) {
	op := p.open
	if op == nil {
		return
	}
	if op.readErr != nil {
		p.Store.Dispatch(&DropDraft{Key: op.draftKey()})
		p.rerender()
		return
	}
	p.onRevert(e)
}

// onClose closes the editor; a draft stays, marked in the policy list.
func (p *IAMPanel) onClose(*vecty.Event) {
	p.open = nil
	p.Store.Dispatch(&EditPolicy{})
	p.rerender()
}

// onDeleteVersion deletes the oldest version that is not the default, so
// that a new one fits.
func (p *IAMPanel) onDeleteVersion(*vecty.Event) {
	op := p.open
	if op == nil || op.versionsFull == "" {
		return
	}
	id := op.versionsFull
	if _, err := p.change(iammodel.IAMCall{Op: "iam:DeletePolicyVersion", Input: map[string]any{"PolicyArn": op.entry.ARN, "VersionId": id}}); err != nil {
		op.saveErr = err
		p.rerender()
		return
	}
	op.saveErr, op.versionsFull = nil, ""
	op.status = "Deleted version " + id + " with iam:DeletePolicyVersion. Save again."
	p.rerender()
}

func (p *IAMPanel) onRemove(e iammodel.PolicyEntry) func(*vecty.Event) {
	return func(*vecty.Event) {
		c, ok := e.DeleteCall()
		if !ok {
			return
		}
		p.listErr = nil
		if _, err := p.change(c); err != nil {
			p.listErr = err
			p.rerender()
			return
		}
		if p.open != nil && p.open.entry.Key() == e.Key() {
			p.open = nil
		}
		// The policy is gone: so is its draft.
		p.Store.Dispatch(&DropDraft{Key: e.Key()})
		p.rerender()
	}
}

func (p *IAMPanel) onShowForm(kind string) func(*vecty.Event) {
	return func(*vecty.Event) {
		p.form, p.picker = kind, nil
		p.rerender()
	}
}

// onNewPolicy opens the editor on a new policy's template; it is created
// on Save.
func (p *IAMPanel) onNewPolicy(e *vecty.Event) {
	name := strings.TrimSpace(formValue(e, "PolicyName"))
	if name == "" {
		return
	}
	r := p.selected()
	entry := iammodel.PolicyEntry{Source: iammodel.SourceInline, Owner: r, Name: name}
	if p.form == formManaged {
		entry.Source = iammodel.SourceManaged
	}
	text := iammodel.NewPolicyTemplate
	if d, ok := p.Store.DraftOf(newDraftKey(p.form, r.Key(), name)); ok {
		text = d.Text
	}
	p.openNew(p.form, entry, text)
	p.rerender()
}

func (p *IAMPanel) onShowPicker(*vecty.Event) {
	p.form = ""
	p.picker = &attachPicker{}
	input := map[string]any{"Scope": "All", "MaxItems": 1000}
	for range 10 {
		out, err := p.query(iammodel.IAMCall{Op: "iam:ListPolicies", Input: input})
		if err != nil {
			p.picker.err = err
			break
		}
		items, marker, perr := iammodel.ParseListPolicies(out)
		if perr != nil {
			p.picker.err = &UIError{Code: "Error", Message: perr.Error()}
			break
		}
		p.picker.items = append(p.picker.items, items...)
		if marker == "" {
			break
		}
		input["Marker"] = marker
	}
	p.rerender()
}

func (p *IAMPanel) onAttach(e *vecty.Event) {
	arn := formValue(e, "PolicyArn")
	if arn == "" || p.picker == nil {
		return
	}
	if _, err := p.change(iammodel.AttachCall(p.selected(), arn)); err != nil {
		p.picker.err = err
		p.rerender()
		return
	}
	p.picker = nil
	p.rerender()
}

func (p *IAMPanel) onCancelForms(*vecty.Event) {
	p.form, p.picker = "", nil
	p.rerender()
}

// Render draws the panel.
func (p *IAMPanel) Render() vecty.ComponentOrHTML {
	tab := p.tab
	if tab == "" {
		tab = iamTabPolicies
	}
	if a := p.Store.Account(); a != p.acct {
		if p.acct != nil {
			// The account was replaced: close the editor and the forms
			// rather than show a policy of the account that was.
			p.sel, p.open, p.form, p.picker, p.listErr = iammodel.EntityRef{}, nil, "", nil, nil
			p.editor, p.sim = nil, nil
			p.newRole, p.roleEditor = nil, nil
		}
		p.acct = a
	}
	if (tab != iamTabPolicies || p.newRole == nil) && p.roleEditor != nil {
		// The same for the trust policy of the "Create role" form.
		p.roleEditor = nil
		if f := p.newRole; f != nil {
			f.shown = f.text
		}
	}
	if (tab != iamTabPolicies || p.newRole != nil) && p.editor != nil {
		// The editor leaves the page with the Policies tab, and an
		// unmounted PolicyEditor draws nothing again (SkipRender): the
		// tab's return makes a new one, on the text the learner had.
		p.editor = nil
		if op := p.open; op != nil {
			op.shown = op.text
		}
	}
	var body vecty.ComponentOrHTML
	switch tab {
	case iamTabSimulate:
		if p.sim == nil {
			p.sim = &SimState{}
		}
		body = &SimulatorView{Store: p.Store, SimState: p.sim}
	case iamTabMatrix:
		body = &MatrixView{Store: p.Store}
	default:
		body = p.renderPolicies()
	}
	return elem.Div(vecty.Markup(prop.ID("panel-iam"), vecty.Class("panel", "iam-panel")),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("IAM")),
		p.renderTabs(tab),
		elem.Div(vecty.Markup(vecty.Class("iam-body")), body),
	)
}

func (p *IAMPanel) renderTabs(cur string) *vecty.HTML {
	tab := func(id, label string) *vecty.HTML {
		on := id == cur
		return elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-tab-"+id),
			vecty.Class("subtab"), vecty.MarkupIf(on, vecty.Class("selected")),
			vecty.Attribute("aria-pressed", boolText(on)), event.Click(p.onTab(id))), vecty.Text(label))
	}
	return elem.Navigation(vecty.Markup(vecty.Class("subtabs"), vecty.Attribute("aria-label", "IAM views")),
		tab(iamTabPolicies, "Policies"), tab(iamTabSimulate, "Simulate"), tab(iamTabMatrix, "Access matrix"))
}

// scrollIntoViewSoon scrolls the element sel names into view once Vecty
// has drawn it (renders are batched onto the next animation frame).
// focusSoon focuses the element sel names once the page has drawn it.
func focusSoon(sel string) {
	var f js.Func
	f = funcOf(func(js.Value, []js.Value) any {
		f.Release()
		if el := js.Global().Get("document").Call("querySelector", sel); el.Truthy() {
			el.Call("focus")
		}
		return nil
	})
	js.Global().Call("setTimeout", f, 60)
}

func scrollIntoViewSoon(sel string) {
	var f js.Func
	f = funcOf(func(js.Value, []js.Value) any {
		f.Release()
		if el := js.Global().Get("document").Call("querySelector", sel); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest", "behavior": "smooth"})
		}
		return nil
	})
	js.Global().Call("setTimeout", f, 60)
}
