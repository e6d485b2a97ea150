//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/iammodel"
	"cloudplay/wasm/internal/tracemodel"
	"strings"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The "Policies" sub-tab of IAMPanel: the directory on the left, the
// selected principal's policies and the editor on the right.

func (p *IAMPanel) renderPolicies() *vecty.HTML {
	sel := p.selected()
	if p.newRole != nil {
		// The form is what is shown: no principal is marked as chosen.
		return elem.Div(vecty.Markup(vecty.Class("iam-layout")),
			p.renderDirectory(iammodel.EntityRef{Kind: "none"}),
			p.renderRoleForm(),
		)
	}
	return elem.Div(vecty.Markup(vecty.Class("iam-layout")),
		p.renderDirectory(sel),
		elem.Section(vecty.Markup(vecty.Class("iam-detail"), vecty.Attribute("aria-labelledby", "iam-detail-h")),
			p.renderPrincipalHead(sel),
			p.renderPolicyList(sel),
			p.renderEditor(),
		),
	)
}

// renderDirectory lists the principals to choose from.
func (p *IAMPanel) renderDirectory(sel iammodel.EntityRef) *vecty.HTML {
	v := p.Store.View().IAM
	item := func(r iammodel.EntityRef, label, note string) *vecty.HTML {
		on := r == sel
		return elem.ListItem(
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("iam-principal"),
				vecty.MarkupIf(on, vecty.Class("selected")), vecty.Attribute("aria-pressed", boolText(on)),
				vecty.Data("principal", r.Key()), event.Click(p.onSelect(r))),
				elem.Span(vecty.Markup(vecty.Class("iam-principal-name")), vecty.Text(label)),
				vecty.If(note != "", elem.Span(vecty.Markup(vecty.Class("iam-principal-note")), vecty.Text(note))),
			))
	}
	section := func(title string, items vecty.List) vecty.List {
		if len(items) == 0 {
			return nil
		}
		return vecty.List{elem.Heading3(vecty.Text(title)), elem.UnorderedList(vecty.Markup(vecty.Class("iam-principals")), items)}
	}
	var users, groups, roles vecty.List
	for _, u := range v.Users {
		note := "no group"
		if len(u.Groups) > 0 {
			note = strings.Join(u.Groups, ", ")
		}
		users = append(users, item(iammodel.EntityRef{Kind: iammodel.EntityUser, Name: u.Name}, u.Name, note))
	}
	for _, g := range v.Groups {
		groups = append(groups, item(iammodel.EntityRef{Kind: iammodel.EntityGroup, Name: g.Name}, g.Name, plural(len(g.Members), "member", "members")))
	}
	for _, r := range v.Roles {
		roles = append(roles, item(iammodel.EntityRef{Kind: iammodel.EntityRole, Name: r.Name}, r.Name, ""))
	}
	return elem.Navigation(vecty.Markup(vecty.Class("iam-directory", "card"), vecty.Attribute("aria-label", "Principals")),
		section("Account", vecty.List{item(iammodel.EntityRef{Kind: iammodel.EntityRoot}, "root", "account owner")}),
		section("Users", users),
		section("Groups", groups),
		elem.Heading3(vecty.Text("Roles")),
		elem.UnorderedList(vecty.Markup(vecty.Class("iam-principals")), roles),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-create-role"), vecty.Class("iam-create-role"),
			vecty.MarkupIf(p.newRole != nil, vecty.Class("selected")), vecty.Attribute("aria-pressed", boolText(p.newRole != nil)),
			vecty.Attribute("title", "iam:CreateRole"), event.Click(p.onShowRoleForm)), vecty.Text("Create role"),
			vecty.If(p.newRole == nil && p.hasRoleDraft(), elem.Span(vecty.Markup(vecty.Class("iam-principal-note")), vecty.Text("unsaved draft")))),
	)
}

func (p *IAMPanel) renderPrincipalHead(sel iammodel.EntityRef) *vecty.HTML {
	v := p.Store.View().IAM
	arn := p.Store.Account().RootARN()
	switch sel.Kind {
	case iammodel.EntityUser:
		u, _ := iammodel.FindUser(v, sel.Name)
		arn = u.ARN
	case iammodel.EntityGroup:
		g, _ := iammodel.FindGroup(v, sel.Name)
		arn = g.ARN
	case iammodel.EntityRole:
		r, _ := iammodel.FindRole(v, sel.Name)
		arn = r.ARN
	}
	return elem.Div(vecty.Markup(vecty.Class("iam-head")),
		elem.Heading2(vecty.Markup(prop.ID("iam-detail-h")), vecty.Text(capitalize(sel.Title()))),
		elem.Code(vecty.Markup(vecty.Class("arn")), vecty.Text(arn)),
	)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// renderPolicyList lists the principal's policies with their origin and
// the actions that change them.
func (p *IAMPanel) renderPolicyList(sel iammodel.EntityRef) vecty.ComponentOrHTML {
	if sel.Kind == iammodel.EntityRoot {
		return elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("The root user is the account owner: it is allowed everything, and no IAM policy applies to it. Choose a user, group or role to see its policies."))
	}
	entries := iammodel.PoliciesOf(p.Store.View().IAM, sel)
	var items vecty.List
	for _, e := range entries {
		items = append(items, p.renderPolicyItem(e))
	}
	var list vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")),
		vecty.Text("No policies: every action "+sel.Name+" tries is refused (implicit deny)."))
	if len(items) > 0 {
		list = elem.UnorderedList(vecty.Markup(vecty.Class("iam-policies"), vecty.Attribute("aria-label", "Policies of "+sel.Title())), items)
	}
	return elem.Div(vecty.Markup(vecty.Class("iam-policy-block")),
		list,
		p.renderListError(),
		p.renderActions(sel),
	)
}

func (p *IAMPanel) renderListError() vecty.MarkupOrChild {
	if p.listErr == nil {
		return nil
	}
	return p.renderRefusal(p.listErr)
}

func (p *IAMPanel) renderPolicyItem(e iammodel.PolicyEntry) *vecty.HTML {
	open := p.open != nil && p.open.newKind == "" && p.open.entry.Key() == e.Key()
	_, hasDraft := p.Store.DraftOf(e.Key())
	kindClass := map[iammodel.PolicySource]string{iammodel.SourceInline: "inline", iammodel.SourceManaged: "managed", iammodel.SourceBoundary: "boundary", iammodel.SourceTrust: "trust"}[e.Source]
	var remove vecty.MarkupOrChild
	if c, ok := e.DeleteCall(); ok {
		label := "Delete"
		if e.Source == iammodel.SourceManaged {
			label = "Detach"
		}
		remove = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "danger", "iam-remove"),
			vecty.Attribute("title", c.Op), vecty.Attribute("aria-label", label+" "+e.Name),
			event.Click(p.onRemove(e))), vecty.Text(label))
	}
	return elem.ListItem(vecty.Markup(vecty.Class("iam-policy", "iam-policy-"+kindClass), vecty.MarkupIf(open, vecty.Class("open")),
		vecty.Data("policy", e.Key())),
		elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("iam-policy-open"),
			vecty.Attribute("aria-pressed", boolText(open)), event.Click(p.onOpen(e))),
			elem.Span(vecty.Markup(vecty.Class("iam-policy-name")), vecty.Text(e.Name)),
			elem.Span(vecty.Markup(vecty.Class("badge", "badge-"+kindClass), vecty.MarkupIf(e.AWSManaged(), vecty.Class("badge-aws"))), vecty.Text(e.Kind())),
			vecty.If(hasDraft, elem.Span(vecty.Markup(vecty.Class("badge", "badge-draft"), vecty.Attribute("title", "You have an unsaved draft of this policy")), vecty.Text("Unsaved draft"))),
			vecty.If(e.Inherited, elem.Span(vecty.Markup(vecty.Class("iam-via")), vecty.Text(e.Via()))),
		),
		remove,
	)
}

// renderActions draws "New inline policy", "New managed policy" and
// "Attach managed policy", with the form that is open.
func (p *IAMPanel) renderActions(sel iammodel.EntityRef) *vecty.HTML {
	kind, _ := sel.OpKind()
	btn := func(id, label, title string, h func(*vecty.Event)) *vecty.HTML {
		return elem.Button(vecty.Markup(prop.Type("button"), prop.ID(id), vecty.Attribute("title", title), event.Click(h)), vecty.Text(label))
	}
	var form vecty.MarkupOrChild
	switch {
	case p.form != "":
		label, ops := "New inline policy name", "saved with iam:Put"+kind+"Policy"
		if p.form == formManaged {
			label, ops = "New managed policy name", "saved with iam:CreatePolicy, then iam:Attach"+kind+"Policy"
		}
		form = elem.Form(vecty.Markup(prop.ID("iam-new-form"), vecty.Class("iam-form"), event.Submit(p.onNewPolicy).PreventDefault()),
			elem.Label(vecty.Markup(prop.For("iam-new-name")), vecty.Text(label)),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Input(vecty.Markup(prop.ID("iam-new-name"), prop.Name("PolicyName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("required", true), prop.Placeholder("e.g. ReadReports"))),
				elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Write it")),
				elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(p.onCancelForms)), vecty.Text("Cancel")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text(ops)),
		)
	case p.picker != nil:
		form = p.renderPicker(sel)
	}
	return elem.Div(vecty.Markup(vecty.Class("iam-actions")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			btn("iam-new-inline", "New inline policy", "iam:Put"+kind+"Policy", p.onShowForm(formInline)),
			btn("iam-new-managed", "New managed policy", "iam:CreatePolicy + iam:Attach"+kind+"Policy", p.onShowForm(formManaged)),
			btn("iam-attach", "Attach managed policy", "iam:ListPolicies + iam:Attach"+kind+"Policy", p.onShowPicker),
		),
		form,
	)
}

func (p *IAMPanel) renderPicker(sel iammodel.EntityRef) *vecty.HTML {
	kind, _ := sel.OpKind()
	attached := map[string]bool{}
	for _, e := range iammodel.PoliciesOf(p.Store.View().IAM, sel) {
		if e.Source == iammodel.SourceManaged && !e.Inherited {
			attached[e.ARN] = true
		}
	}
	var aws, customer vecty.List
	for _, it := range p.picker.items {
		if attached[it.ARN] {
			continue
		}
		o := elem.Option(vecty.Markup(prop.Value(it.ARN)), vecty.Text(it.Name))
		if it.AWSManaged {
			aws = append(aws, o)
		} else {
			customer = append(customer, o)
		}
	}
	group := func(label string, opts vecty.List) vecty.MarkupOrChild {
		if len(opts) == 0 {
			return nil
		}
		return elem.OptionsGroup(vecty.Markup(vecty.Attribute("label", label)), opts)
	}
	var errView vecty.MarkupOrChild
	if p.picker.err != nil {
		errView = p.renderRefusal(p.picker.err)
	}
	return elem.Form(vecty.Markup(prop.ID("iam-attach-form"), vecty.Class("iam-form"), event.Submit(p.onAttach).PreventDefault()),
		elem.Label(vecty.Markup(prop.For("iam-attach-arn")), vecty.Text("Managed policy to attach")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Select(vecty.Markup(prop.ID("iam-attach-arn"), prop.Name("PolicyArn")),
				group("Customer managed", customer), group("AWS managed", aws)),
			elem.Button(vecty.Markup(prop.Type("submit"), prop.Disabled(len(aws)+len(customer) == 0)), vecty.Text("Attach")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(p.onCancelForms)), vecty.Text("Cancel")),
		),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("listed with iam:ListPolicies (Scope All), attached with iam:Attach"+kind+"Policy")),
		errView,
	)
}

// renderEditor draws the open policy: its name and kind, the editor, the
// buttons and what the last save did.
func (p *IAMPanel) renderEditor() vecty.MarkupOrChild {
	op := p.open
	if op == nil {
		p.editor = nil
		return elem.Paragraph(vecty.Markup(vecty.Class("hint", "iam-editor-hint")),
			vecty.Text("Open a policy to read it; edit it and save to change it with its IAM operation, as the principal you act as."))
	}
	e := op.entry
	if op.readErr != nil {
		p.editor = nil
		return elem.Section(vecty.Markup(vecty.Class("iam-editor", "card"), vecty.Attribute("aria-label", "Policy "+e.Name)),
			elem.Heading3(vecty.Text(e.Name)),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("The policy could not be read with "+e.ReadCall().Op+" as "+eventlog.ShortPrincipal(p.Store.ActingAs())+":")),
			p.renderRefusal(op.readErr),
			p.renderDraftMarker(op),
		)
	}
	readOnly := !e.Editable()
	if p.editor == nil {
		p.editor = &PolicyEditor{ID: "policy-editor", NeedsCatalog: true}
	}
	ed := p.editor
	p.setEditorProps(ed, op)

	saveOp := ""
	if c, ok := e.SaveCall(""); ok {
		saveOp = c.Op
	}
	if op.newKind == formManaged {
		kind, _ := e.Owner.OpKind()
		saveOp = "iam:CreatePolicy + iam:Attach" + kind + "Policy"
	}
	dirty := op.text != op.doc || op.newKind != ""
	title := e.Name
	if op.newKind != "" {
		title += " (new)"
	}
	var note vecty.MarkupOrChild
	switch {
	case readOnly:
		note = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("AWS managed policies are read-only: AWS maintains them. To grant something else, write a customer managed or inline policy."))
	case e.Source != iammodel.SourceInline && e.Source != iammodel.SourceTrust && op.newKind == "":
		if full, _ := iammodel.VersionsFull(p.Store.View().IAM, e.ARN); full {
			note = elem.Paragraph(vecty.Markup(vecty.Class("hint", "warn")), vecty.Text("This policy already has 5 versions, the most IAM keeps: saving a new one needs an old version deleted first."))
		}
	}
	return elem.Section(vecty.Markup(vecty.Class("iam-editor", "card"), vecty.Attribute("aria-label", "Policy "+e.Name)),
		elem.Div(vecty.Markup(vecty.Class("iam-editor-head")),
			elem.Heading3(vecty.Text(title)),
			elem.Span(vecty.Markup(vecty.Class("badge")), vecty.Text(e.Kind())),
			vecty.If(e.Inherited, elem.Span(vecty.Markup(vecty.Class("iam-via")), vecty.Text(e.Via()))),
			vecty.If(e.ARN != "", elem.Code(vecty.Markup(vecty.Class("arn")), vecty.Text(e.ARN))),
		),
		// The note has a container of its own, always there, so the
		// editor's frame keeps its place and CodeMirror its state.
		elem.Div(vecty.Markup(vecty.Class("iam-note")), note),
		elem.Div(vecty.Markup(vecty.Class("iam-draft")), p.renderDraftMarker(op)),
		elem.Div(vecty.Markup(vecty.Class("iam-editor-frame")), ed),
		renderFindings("iam-findings", Findings(op.lint), op.linted && op.lintText == op.text, p.onJump),
		elem.Div(vecty.Markup(vecty.Class("iam-editor-bar")),
			vecty.If(!readOnly, elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-save"), prop.Disabled(!dirty),
				vecty.Attribute("title", saveOp+" as "+eventlog.ShortPrincipal(p.Store.ActingAs())+" (Ctrl+S)"), event.Click(p.onSave)), vecty.Text("Save"))),
			vecty.If(!readOnly, elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-format"), vecty.Attribute("title", "Pretty-print the JSON (Shift+Alt+F)"), event.Click(p.onFormat)), vecty.Text("Format"))),
			vecty.If(!readOnly && op.newKind == "", elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.Disabled(!dirty), event.Click(p.onRevert)), vecty.Text("Revert"))),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(p.onClose)), vecty.Text("Close")),
			vecty.If(!readOnly && saveOp != "", elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text(saveOp+" as "+eventlog.ShortPrincipal(p.Store.ActingAs())))),
		),
		// The status and the refusal have containers of their own, always
		// there: vecty v0.6.0 patches a run of optional siblings by index,
		// and a status giving way to a refusal in one render could leave
		// the refusal out of the page until the next full render.
		elem.Div(vecty.Markup(vecty.Class("iam-confirm-slot")),
			renderConfirm("iam-confirm", op.confirm, "Save anyway", p.onSaveAnyway, p.onKeepEditing)),
		elem.Div(vecty.Markup(vecty.Class("iam-status-slot")),
			vecty.If(op.status != "", elem.Paragraph(vecty.Markup(vecty.Class("iam-status"), vecty.Attribute("role", "status")), vecty.Text(op.status)))),
		elem.Div(vecty.Markup(vecty.Class("iam-save-slot")), p.renderSaveError(op)),
		p.renderCatalogState(readOnly),
	)
}

// setEditorProps gives the editor the open policy: its text, who hears
// its changes and validations, and how it is validated.
func (p *IAMPanel) setEditorProps(ed *PolicyEditor, op *openPolicy) {
	e := op.entry
	ed.Label = "Policy document " + e.Name
	ed.Doc, ed.DocID, ed.ReadOnly = op.shown, op.docID, !e.Editable()
	ed.OnChange, ed.OnSave = p.onEditorChange, p.save
	ed.Diagnostics = op.diags
	policyType := e.PolicyType()
	store := p.Store
	ed.Lint = func(text string) []Diagnostic { return LintPolicy(store, text, policyType) }
	ed.OnLint = p.onLint(op)
	ed.Complete = func(kind, text, action string) []Completion { return Complete(store.Catalog(), kind, text, action) }
}

// syncEditor shows the open policy in the editor now (PolicyEditor.Sync),
// when the editor is on the page and the policy could be read.
func (p *IAMPanel) syncEditor() {
	if ed, op := p.editor, p.open; ed != nil && op != nil && op.readErr == nil {
		p.setEditorProps(ed, op)
		ed.Sync()
	}
}

// renderDraftMarker says that the editor shows an unsaved draft, where it
// is kept, and offers to discard it (nothing when there is no draft).
func (p *IAMPanel) renderDraftMarker(op *openPolicy) vecty.MarkupOrChild {
	d, ok := p.Store.DraftOf(op.draftKey())
	if !ok {
		return nil
	}
	where := "kept in this browser until you save or discard it."
	if !p.Store.DraftsStored() {
		where = "not stored in this browser: leaving the page asks first."
	}
	if op.newKind == "" && op.readErr == nil && d.Doc != op.doc {
		where += " The policy has changed since you started this draft."
	}
	return elem.Div(vecty.Markup(vecty.Class("draft-marker"), vecty.Attribute("role", "status")),
		elem.Strong(vecty.Text("Unsaved draft")),
		elem.Span(vecty.Text("— "+where)),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-discard-draft"), vecty.Class("quiet"), event.Click(p.onDiscardDraft)), vecty.Text("Discard draft")),
	)
}

// renderCatalogState says what the editor checks as you type.
func (p *IAMPanel) renderCatalogState(readOnly bool) vecty.MarkupOrChild {
	if readOnly {
		return nil
	}
	text := "Loading the AWS catalog of actions and condition keys…"
	if c := p.Store.Catalog(); c != nil {
		text = "Checked as you type, like access-analyzer:ValidatePolicy, against " + itoa(c.NumActions()) + " actions of " + itoa(len(c.Services())) + " services. Ctrl+Space completes actions and condition keys."
	}
	return elem.Paragraph(vecty.Markup(vecty.Class("hint", "iam-checks")), vecty.Text(text))
}

func (p *IAMPanel) renderSaveError(op *openPolicy) vecty.MarkupOrChild {
	if op.saveErr == nil {
		return nil
	}
	var fix vecty.MarkupOrChild
	if op.versionsFull != "" {
		fix = elem.Div(vecty.Markup(vecty.Class("iam-fix")),
			elem.Paragraph(vecty.Text("IAM keeps at most 5 versions of a managed policy. Delete the oldest version that is not the default ("+op.versionsFull+"), then save again.")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("iam-delete-version"), event.Click(p.onDeleteVersion)),
				vecty.Text("Delete version "+op.versionsFull)),
		)
	}
	return elem.Div(vecty.Markup(vecty.Class("iam-save-error")), p.renderRefusal(op.saveErr), fix)
}

// renderRefusal draws an AWS error; a denial with its trace explained.
func (p *IAMPanel) renderRefusal(e *UIError) *vecty.HTML {
	var trace vecty.MarkupOrChild
	if e.Trace != nil {
		trace = &TraceView{Trace: e.Trace, Policies: tracemodel.PolicyTexts(p.Store.View(), p.Store.ActingAs())}
	}
	return elem.Div(vecty.Markup(vecty.Class("error", "iam-error"), vecty.Attribute("role", "alert"), vecty.Data("code", e.Code)),
		elem.Strong(vecty.Markup(vecty.Class("error-code")), vecty.Text(e.Code)),
		vecty.Text(" "),
		elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(e.Message)),
		trace,
	)
}
