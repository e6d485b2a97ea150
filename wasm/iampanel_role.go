//go:build js && wasm

package main

import (
	"cloudplay/core/analyzer"
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/iammodel"
	"slices"
	"strings"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The "Create role" form of the IAM panel: a name, a path, a description
// and the trust policy, written in the policy editor (validated as a role
// trust policy: ValidatePolicy's RESOURCE_POLICY with
// validatePolicyResourceType AWS::IAM::AssumeRolePolicyDocument), from a
// template ("AWS service" or "This account"). Create makes iam:CreateRole
// as the acting principal; what IAM refuses (MalformedPolicyDocument,
// EntityAlreadyExists, AccessDenied with its trace) is shown in the form,
// and what the learner typed stays.

// roleForm is what the form holds, kept across renders and sub-tabs.
type roleForm struct {
	name, path, description string
	choice                  string // the template chosen (a service, or iammodel.TrustThisAccount)
	text                    string // the trust policy as typed
	start                   string // the template the form opened with (the draft's Doc)
	shown                   string // the text handed to the editor
	docID                   string
	err                     *UIError
	diags                   []Diagnostic // where IAM refused the trust policy
	// policyFindings keeps ValidatePolicy's answer for the findings list
	// and the question before creating (editor_confirm.go), as the IAM and
	// S3 policy editors do.
	policyFindings
}

// accountID is the acting account's ID, from its root ARN.
func (p *IAMPanel) accountID() string {
	arn := p.Store.Account().RootARN() // arn:aws:iam::123456789012:root
	parts := strings.Split(arn, ":")
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

func (p *IAMPanel) onShowRoleForm(*vecty.Event) {
	p.showRoleForm()
	p.rerender()
	focusSoon("#role-name")
}

// showRoleForm shows the Create role form: as the learner left it (its
// draft, kept across reloads), or new, on the first service's template.
func (p *IAMPanel) showRoleForm() {
	if p.newRole == nil {
		p.docSeq++
		if d, ok := p.Store.DraftOf(roleDraftKey); ok {
			p.newRole = &roleForm{name: d.Role.Name, path: d.Role.Path, description: d.Role.Description, choice: d.Role.Choice,
				text: d.Text, start: d.Doc, shown: d.Text, docID: itoa(p.docSeq)}
			if !slices.Contains(iammodel.TrustServices, d.Role.Choice) && d.Role.Choice != iammodel.TrustThisAccount {
				p.newRole.choice = iammodel.TrustServices[0]
			}
		} else {
			choice := iammodel.TrustServices[0]
			text := iammodel.TrustTemplate(choice, p.accountID())
			p.newRole = &roleForm{choice: choice, text: text, start: text, shown: text, docID: itoa(p.docSeq)}
		}
	}
	p.Store.Dispatch(&EditPolicy{Key: roleDraftKey})
}

// onCancelRole closes the form and forgets what it held: Cancel is the
// learner's word for it (leaving it any other way keeps its draft).
func (p *IAMPanel) onCancelRole(*vecty.Event) {
	p.newRole = nil
	p.Store.Dispatch(&DropDraft{Key: roleDraftKey})
	p.editingOpen()
	p.rerender()
	focusSoon("#iam-create-role")
}

// editingOpen tells the Store which policy the editor shows now that the
// form is gone (none when it is closed), so that a reload opens that one.
func (p *IAMPanel) editingOpen() {
	key := ""
	if op := p.open; op != nil {
		key = op.draftKey()
	}
	p.Store.Dispatch(&EditPolicy{Key: key})
}

// saveRoleDraft keeps the form as typed: in the Store, and in this
// browser's storage like the policy editor's drafts.
func (p *IAMPanel) saveRoleDraft() {
	f := p.newRole
	if f == nil {
		return
	}
	p.Store.Dispatch(&SetDraft{Key: roleDraftKey, Draft: Draft{Text: f.text, Doc: f.start,
		Role: RoleDraft{Name: f.name, Path: f.path, Description: f.description, Choice: f.choice}}})
}

func (p *IAMPanel) onRoleField(set func(f *roleForm, v string)) func(*vecty.Event) {
	return func(e *vecty.Event) {
		if f := p.newRole; f != nil {
			set(f, e.Target.Get("value").String())
			p.saveRoleDraft()
		}
	}
}

// onUseTemplate puts the chosen template in the editor, as an edit the
// learner can undo.
func (p *IAMPanel) onUseTemplate(*vecty.Event) {
	f := p.newRole
	if f == nil || p.roleEditor == nil {
		return
	}
	p.roleEditor.Replace(iammodel.TrustTemplate(f.choice, p.accountID()))
}

func (p *IAMPanel) onRoleText(text string) {
	f := p.newRole
	if f == nil {
		return
	}
	f.text = text
	p.saveRoleDraft()
	if f.dismiss() {
		p.rerender()
	}
}

func (p *IAMPanel) onRoleLint(f *roleForm) func(string, []Diagnostic) {
	return func(text string, diags []Diagnostic) {
		if p.newRole == f && f.heard(text, diags) {
			p.rerender()
		}
	}
}

func (p *IAMPanel) onRoleJump(d Diagnostic) {
	if p.roleEditor != nil {
		p.roleEditor.Select(d.From, d.To)
	}
}

func (p *IAMPanel) onCreateRole(*vecty.Event) { p.createRole(false) }

// onCreateRoleAnyway creates the role the page asked about; the question
// leaves the page, and the focus goes to the Create button (or, created,
// to the new role), not to <body>.
func (p *IAMPanel) onCreateRoleAnyway(*vecty.Event) {
	p.createRole(true)
	if p.newRole != nil {
		focusSoon("#role-create")
	}
}

func (p *IAMPanel) onRoleKeepEditing(*vecty.Event) {
	if f := p.newRole; f != nil {
		f.dismiss()
	}
	p.rerender()
	if p.roleEditor != nil {
		p.roleEditor.Focus()
	}
}

// createRole makes iam:CreateRole with the form, as the acting principal;
// when ValidatePolicy finds errors in the trust policy, the page asks
// first. Created, the role is selected and its trust policy opened.
func (p *IAMPanel) createRole(force bool) {
	f := p.newRole
	if f == nil {
		return
	}
	f.err, f.diags = nil, nil
	if !force && f.ask(p.Store, f.text, analyzer.RoleTrustPolicy) {
		p.rerender()
		focusSoon("#role-confirm-keep")
		return
	}
	f.dismiss()
	name := strings.TrimSpace(f.name)
	_, err := p.change(iammodel.CreateRoleCall(name, strings.TrimSpace(f.path), f.description, f.text))
	if err != nil {
		f.err = err
		if err.Code == "MalformedPolicyDocument" {
			if d, ok := MalformedDiagnostic(f.text, err.Message); ok {
				f.diags = []Diagnostic{d}
			}
		}
		p.rerender()
		scrollIntoViewSoon(".role-error")
		return
	}
	p.newRole = nil
	p.Store.Dispatch(&DropDraft{Key: roleDraftKey})
	// The form leaves the page: the focus goes to the new role (IAM's
	// role names are letters, digits and +=,.@_-: nothing to escape).
	focusSoon(`[data-principal="role/` + name + `"]`)
	p.sel, p.form, p.picker, p.listErr = iammodel.EntityRef{Kind: iammodel.EntityRole, Name: name}, "", nil, nil
	p.openEntry(iammodel.PolicyEntry{Source: iammodel.SourceTrust, Owner: p.sel, Name: "AssumeRolePolicyDocument"})
	if p.open != nil && p.open.readErr == nil {
		p.open.status = "Created role " + name + " with iam:CreateRole. Its trust policy:"
	}
	p.rerender()
}

// renderRoleForm draws the form in place of the selected principal.
func (p *IAMPanel) renderRoleForm() *vecty.HTML {
	f := p.newRole
	if p.roleEditor == nil {
		p.roleEditor = &PolicyEditor{ID: "role-trust-editor", NeedsCatalog: true}
	}
	ed := p.roleEditor
	ed.Label = "Trust policy of the new role"
	ed.Doc, ed.DocID = f.shown, f.docID
	ed.OnChange, ed.OnSave = p.onRoleText, func() { p.createRole(false) }
	ed.Diagnostics = f.diags
	store := p.Store
	ed.Lint = func(text string) []Diagnostic { return LintPolicy(store, text, analyzer.RoleTrustPolicy) }
	ed.OnLint = p.onRoleLint(f)
	ed.Complete = func(kind, text, action string) []Completion { return Complete(store.Catalog(), kind, text, action) }

	var opts vecty.List
	for _, c := range append(slices.Clone(iammodel.TrustServices), iammodel.TrustThisAccount) {
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(c), vecty.Property("selected", c == f.choice)), vecty.Text(iammodel.TrustChoiceLabel(c))))
	}
	field := func(id, label, name, value, placeholder string, required bool, set func(*roleForm, string)) *vecty.HTML {
		return elem.Div(vecty.Markup(vecty.Class("field")),
			elem.Label(vecty.Markup(prop.For(id)), vecty.Text(label)),
			elem.Input(vecty.Markup(prop.ID(id), prop.Name(name), prop.Type(prop.TypeText), prop.Value(value),
				vecty.Attribute("autocomplete", "off"), vecty.Attribute("spellcheck", "false"), prop.Placeholder(placeholder),
				vecty.MarkupIf(required, vecty.Attribute("required", true)), event.Input(p.onRoleField(set)))),
		)
	}
	var errView vecty.MarkupOrChild
	if f.err != nil {
		errView = elem.Div(vecty.Markup(vecty.Class("role-error")), p.renderRefusal(f.err))
	}
	as := eventlog.ShortPrincipal(p.Store.ActingAs())
	return elem.Section(vecty.Markup(vecty.Class("iam-detail", "role-create"), vecty.Attribute("aria-labelledby", "role-create-h")),
		elem.Div(vecty.Markup(vecty.Class("iam-head")),
			elem.Heading2(vecty.Markup(prop.ID("role-create-h")), vecty.Text("Create role")),
		),
		elem.Div(vecty.Markup(vecty.Class("iam-draft")), p.renderRoleDraftMarker()),
		elem.Form(vecty.Markup(prop.ID("role-form"), vecty.Class("iam-form", "role-form"), event.Submit(p.onCreateRole).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("role-fields")),
				field("role-name", "Role name", "RoleName", f.name, "e.g. FirehoseDelivery", true, func(f *roleForm, v string) { f.name = v }),
				field("role-path", "Path (optional)", "Path", f.path, "/", false, func(f *roleForm, v string) { f.path = v }),
				field("role-description", "Description (optional)", "Description", f.description, "What the role is for", false, func(f *roleForm, v string) { f.description = v }),
			),
			elem.Label(vecty.Markup(prop.For("role-trust-choice")), vecty.Text("Trusted entity (a template for the trust policy)")),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Select(vecty.Markup(prop.ID("role-trust-choice"), event.Change(p.onRoleField(func(f *roleForm, v string) { f.choice = v }))), opts),
				elem.Button(vecty.Markup(prop.Type("button"), prop.ID("role-use-template"), vecty.Attribute("title", "Replaces the trust policy below (Ctrl+Z undoes it)"),
					event.Click(p.onUseTemplate)), vecty.Text("Use template")),
			),
			elem.Heading3(vecty.Markup(prop.ID("role-trust-h"), vecty.Class("role-trust-h")), vecty.Text("Trust policy")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Who may assume the role (sts:AssumeRole); checked as a role trust policy.")),
			elem.Div(vecty.Markup(vecty.Class("iam-editor-frame")), ed),
			renderFindings("role-findings", Findings(f.lint), f.validated(f.text), p.onRoleJump),
			elem.Div(vecty.Markup(vecty.Class("iam-editor-bar")),
				elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("role-create"), vecty.Attribute("title", "iam:CreateRole as "+as+" (Ctrl+S)")), vecty.Text("Create role")),
				elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.ID("role-cancel"), event.Click(p.onCancelRole)), vecty.Text("Cancel")),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:CreateRole as "+as)),
			),
			elem.Div(vecty.Markup(vecty.Class("iam-confirm-slot")),
				renderConfirm("role-confirm", f.confirm, "Create anyway", p.onCreateRoleAnyway, p.onRoleKeepEditing)),
			elem.Div(vecty.Markup(vecty.Class("iam-save-slot")), errView),
		),
	)
}

// hasRoleDraft reports whether the Create role form has a draft.
func (p *IAMPanel) hasRoleDraft() bool {
	_, ok := p.Store.DraftOf(roleDraftKey)
	return ok
}

// renderRoleDraftMarker says that the form holds an unsaved draft and
// where it is kept (nothing when it holds none).
func (p *IAMPanel) renderRoleDraftMarker() vecty.MarkupOrChild {
	if _, ok := p.Store.DraftOf(roleDraftKey); !ok {
		return nil
	}
	where := "kept in this browser until you create the role or cancel."
	if !p.Store.DraftsStored() {
		where = "not stored in this browser: leaving the page asks first."
	}
	return elem.Div(vecty.Markup(vecty.Class("draft-marker"), prop.ID("role-draft"), vecty.Attribute("role", "status")),
		elem.Strong(vecty.Text("Unsaved draft")),
		elem.Span(vecty.Text("— "+where)),
	)
}
