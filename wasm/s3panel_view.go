//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/s3model"
	"cloudplay/wasm/internal/tracemodel"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

func shortActor(s *Store) string { return eventlog.ShortPrincipal(s.ActingAs()) }

// Render draws the panel, reading again what may have changed.
func (p *S3Panel) Render() vecty.ComponentOrHTML {
	p.refresh()
	return elem.Div(vecty.Markup(prop.ID("panel-s3"), vecty.Class("panel", "s3-panel")),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("S3")),
		elem.Div(vecty.Markup(vecty.Class("s3-layout")),
			p.renderBuckets(),
			p.renderBucket(),
		),
	)
}

// renderRefusal draws an AWS error; a denial with its trace, the open
// bucket's policy offered in it.
func (p *S3Panel) renderRefusal(e *UIError) vecty.MarkupOrChild {
	if e == nil {
		return nil
	}
	var trace vecty.MarkupOrChild
	if e.Trace != nil {
		texts := tracemodel.PolicyTexts(p.Store.View(), p.Store.ActingAs())
		if p.pol != nil && p.pol.exists {
			texts["arn:aws:s3:::"+p.bucket] = p.pol.doc
		}
		trace = &TraceView{Trace: e.Trace, Policies: texts}
	}
	return elem.Div(vecty.Markup(vecty.Class("error", "s3-error"), vecty.Attribute("role", "alert"), vecty.Data("code", e.Code)),
		elem.Strong(vecty.Markup(vecty.Class("error-code")), vecty.Text(e.Code)),
		vecty.Text(" "),
		elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(e.Message)),
		trace,
	)
}

// renderReadRefusal says that a read was refused, its error and trace
// folded (the read is made again on every change; the learner's own
// actions are the ones shown open).
func (p *S3Panel) renderReadRefusal(op, hint string, e *UIError) *vecty.HTML {
	return elem.Details(vecty.Markup(vecty.Class("s3-read-refused")),
		elem.Summary(vecty.Text(op+" as "+shortActor(p.Store)+" was refused ("+e.Code+"). "+hint)),
		p.renderRefusal(e))
}

// renderOutcome is the status or the refusal of the last action made at
// where (a slot always there, so siblings keep their place).
func (p *S3Panel) renderOutcome(where string) *vecty.HTML {
	var body vecty.MarkupOrChild
	switch {
	case p.where == where && p.actErr != nil:
		body = p.renderRefusal(p.actErr)
	case p.where == where && p.status != "":
		body = elem.Paragraph(vecty.Markup(vecty.Class("s3-status"), vecty.Attribute("role", "status")), vecty.Text(p.status))
	}
	return elem.Div(vecty.Markup(vecty.Class("s3-outcome")), body)
}

func (p *S3Panel) renderBuckets() *vecty.HTML {
	var list vecty.MarkupOrChild
	if p.bucketsErr != nil {
		list = p.renderReadRefusal("s3:ListBuckets", "You can still open a bucket by its name.", p.bucketsErr)
	} else {
		var items vecty.List
		for _, b := range p.buckets {
			on := b == p.bucket
			items = append(items, elem.ListItem(elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("s3-bucket"),
				vecty.MarkupIf(on, vecty.Class("selected")), vecty.Attribute("aria-pressed", boolText(on)),
				vecty.Data("bucket", b), event.Click(p.onOpen(b, ""))), vecty.Text(b))))
		}
		list = elem.UnorderedList(vecty.Markup(vecty.Class("s3-buckets")), items)
		if len(items) == 0 {
			list = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No buckets yet."))
		}
	}
	return elem.Section(vecty.Markup(vecty.Class("s3-side", "card"), vecty.Attribute("aria-labelledby", "s3-buckets-h")),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Markup(prop.ID("s3-buckets-h")), vecty.Text("Buckets")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("s3-refresh"), vecty.Class("quiet"),
				vecty.Attribute("title", "Read again as "+shortActor(p.Store)), event.Click(p.onRefresh)), vecty.Text("Refresh")),
		),
		list,
		elem.Form(vecty.Markup(prop.ID("s3-bucket-form"), vecty.Class("s3-form"), event.Submit(p.onBucketForm).PreventDefault()),
			elem.Label(vecty.Markup(prop.For("s3-bucket-name")), vecty.Text("Bucket name")),
			elem.Input(vecty.Markup(prop.ID("s3-bucket-name"), prop.Name("Bucket"), prop.Type(prop.TypeText),
				vecty.Attribute("autocomplete", "off"), vecty.Attribute("required", true), prop.Placeholder("e.g. my-bucket"))),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("s3-open"), prop.Value("open")), vecty.Text("Open")),
				elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("s3-create"), prop.Value("create"), vecty.Attribute("title", "s3:CreateBucket as "+shortActor(p.Store))), vecty.Text("Create")),
			),
		),
		p.renderOutcome("bucket"),
	)
}

func (p *S3Panel) renderBucket() vecty.MarkupOrChild {
	if p.bucket == "" {
		p.editor = nil
		return elem.Section(vecty.Markup(vecty.Class("s3-detail", "card")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Open a bucket to see its objects and its bucket policy. Every call is made as "+shortActor(p.Store)+", the principal you act as.")),
			p.renderOutcome("bucket-delete"))
	}
	tab := p.tab
	if tab == "" {
		tab = s3TabObjects
	}
	btn := func(id, label string) *vecty.HTML {
		on := id == tab
		return elem.Button(vecty.Markup(prop.Type("button"), prop.ID("s3-tab-"+id), vecty.Class("subtab"), vecty.MarkupIf(on, vecty.Class("selected")),
			vecty.Attribute("aria-pressed", boolText(on)), event.Click(p.onTab(id))), vecty.Text(label))
	}
	var body vecty.MarkupOrChild
	if tab == s3TabPolicy {
		body = p.renderPolicy()
	} else {
		p.editor = nil
		body = p.renderObjects()
	}
	return elem.Section(vecty.Markup(vecty.Class("s3-detail", "card"), vecty.Attribute("aria-labelledby", "s3-bucket-h")),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Markup(prop.ID("s3-bucket-h")), vecty.Text(p.bucket)),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("s3-delete-bucket"), vecty.Class("quiet", "danger"),
				vecty.Attribute("title", "s3:DeleteBucket as "+shortActor(p.Store)), event.Click(p.onDeleteBucket)), vecty.Text("Delete bucket")),
		),
		p.renderOutcome("bucket-delete"),
		elem.Navigation(vecty.Markup(vecty.Class("subtabs"), vecty.Attribute("aria-label", "Bucket views")),
			btn(s3TabObjects, "Objects"), btn(s3TabPolicy, "Bucket policy")),
		elem.Div(vecty.Markup(vecty.Class("s3-body")), body),
	)
}

func (p *S3Panel) renderObjects() *vecty.HTML {
	var crumbs vecty.List
	for i, c := range s3model.Crumbs(p.bucket, p.prefix) {
		if i > 0 {
			crumbs = append(crumbs, elem.Span(vecty.Markup(vecty.Attribute("aria-hidden", "true")), vecty.Text(" / ")))
		}
		crumbs = append(crumbs, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("link", "s3-crumb"), event.Click(p.onOpen(p.bucket, c.Prefix))), vecty.Text(c.Name)))
	}
	var listing vecty.MarkupOrChild
	switch l := p.listing; {
	case p.listErr != nil:
		listing = p.renderReadRefusal("s3:ListObjectsV2", "You may still upload, if a policy allows it.", p.listErr)
	case l.Empty():
		listing = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No objects here."))
	default:
		var rows vecty.List
		for _, f := range l.Folders {
			rows = append(rows, elem.ListItem(vecty.Markup(vecty.Class("s3-row", "s3-folder")),
				elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("link"), vecty.Data("prefix", f.Prefix), event.Click(p.onOpen(p.bucket, f.Prefix))), vecty.Text("📁 "+f.Name))))
		}
		for _, o := range l.Objects {
			rows = append(rows, elem.ListItem(vecty.Markup(vecty.Class("s3-row", "s3-object"), vecty.Data("key", o.Key)),
				elem.Span(vecty.Markup(vecty.Class("s3-name")), vecty.Text(o.Name)),
				elem.Span(vecty.Markup(vecty.Class("s3-size")), vecty.Text(s3model.Bytes(o.Size))),
				elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "s3-download"), vecty.Attribute("aria-label", "Download "+o.Name), vecty.Attribute("title", "s3:GetObject"), event.Click(p.onDownload(o))), vecty.Text("Download")),
				elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "danger", "s3-delete"), vecty.Attribute("aria-label", "Delete "+o.Name), vecty.Attribute("title", "s3:DeleteObject"), event.Click(p.onDeleteObject(o))), vecty.Text("Delete")),
			))
		}
		listing = elem.UnorderedList(vecty.Markup(vecty.Class("s3-objects"), vecty.Attribute("aria-label", "Objects in "+p.bucket+"/"+p.prefix)), rows)
		if l.Truncated {
			listing = elem.Div(listing, elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Only the first 1,000 entries are shown (one page of ListObjectsV2).")))
		}
	}
	return elem.Div(vecty.Markup(vecty.Class("s3-objects-view")),
		elem.Navigation(vecty.Markup(vecty.Class("s3-crumbs"), vecty.Attribute("aria-label", "Folder")), crumbs),
		listing,
		p.renderOutcome("object"),
		p.renderUpload(),
	)
}

func (p *S3Panel) renderUpload() *vecty.HTML {
	as := shortActor(p.Store)
	return elem.Div(vecty.Markup(vecty.Class("s3-upload")),
		elem.Heading4(vecty.Text("Upload to "+p.bucket+"/"+p.prefix+" as "+as)),
		elem.Label(vecty.Markup(vecty.Class("button", "file"), prop.For("s3-file")),
			vecty.Text("Upload a file (at most 1 MiB)…"),
			elem.Input(vecty.Markup(prop.ID("s3-file"), prop.Type(prop.TypeFile), vecty.Class("visually-hidden"), event.Change(p.onUploadFile))),
		),
		elem.Form(vecty.Markup(prop.ID("s3-text-form"), vecty.Class("s3-form"), event.Submit(p.onUploadText).PreventDefault()),
			elem.Label(vecty.Markup(prop.For("s3-key")), vecty.Text("Or type text, saved as the key")),
			elem.Input(vecty.Markup(prop.ID("s3-key"), prop.Name("Key"), prop.Type(prop.TypeText), vecty.Attribute("autocomplete", "off"),
				vecty.Attribute("required", true), prop.Placeholder("e.g. reports/x.csv"))),
			elem.TextArea(vecty.Markup(prop.ID("s3-body"), prop.Name("Body"), vecty.Attribute("rows", 3), vecty.Attribute("aria-label", "Text to upload"))),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("s3-upload-text")), vecty.Text("Upload text")),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("s3:PutObject as "+as)),
			),
		),
		p.renderOutcome("upload"),
	)
}

// setEditorProps gives the editor the bucket policy: its text, who hears
// its changes and validations, and how it is validated.
func (p *S3Panel) setEditorProps(ed *PolicyEditor, bp *bucketPolicy) {
	store := p.Store
	ed.Label = "Bucket policy of " + p.bucket
	ed.Doc, ed.DocID = bp.shown, bp.docID
	ed.OnChange, ed.OnSave = p.onPolicyChange, p.savePolicy
	ed.Diagnostics = bp.diags
	ed.Lint = func(text string) []Diagnostic { return LintPolicy(store, text, s3PolicyType) }
	ed.OnLint = p.onLint(bp)
	ed.Complete = func(kind, text, action string) []Completion { return Complete(store.Catalog(), kind, text, action) }
}

// syncEditor shows the bucket policy in the editor now (PolicyEditor.Sync),
// when the editor is on the page and the policy could be read.
func (p *S3Panel) syncEditor() {
	if ed, bp := p.editor, p.pol; ed != nil && bp != nil && bp.readErr == nil {
		p.setEditorProps(ed, bp)
		ed.Sync()
	}
}

func (p *S3Panel) renderPolicy() *vecty.HTML {
	bp := p.pol
	if bp == nil {
		return elem.Div()
	}
	if bp.readErr != nil {
		p.editor = nil
		return elem.Div(vecty.Markup(vecty.Class("s3-policy")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("The bucket policy could not be read with s3:GetBucketPolicy as "+shortActor(p.Store)+":")),
			p.renderRefusal(bp.readErr))
	}
	if p.editor == nil {
		p.editor = &PolicyEditor{ID: "s3-policy-editor", NeedsCatalog: true}
	}
	ed := p.editor
	p.setEditorProps(ed, bp)
	dirty := bp.text != bp.doc || !bp.exists
	as := shortActor(p.Store)
	var status vecty.MarkupOrChild
	if bp.status != "" {
		status = elem.Paragraph(vecty.Markup(vecty.Class("s3-status"), vecty.Attribute("role", "status")), vecty.Text(bp.status))
	}
	return elem.Div(vecty.Markup(vecty.Class("s3-policy")),
		elem.Div(vecty.Markup(vecty.Class("iam-editor-frame")), ed),
		renderFindings("s3-findings", Findings(bp.lint), bp.validated(bp.text), p.onJump),
		elem.Div(vecty.Markup(vecty.Class("iam-editor-bar")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("s3-policy-save"), prop.Disabled(!dirty),
				vecty.Attribute("title", "s3:PutBucketPolicy as "+as+" (Ctrl+S)"), event.Click(p.onSavePolicy)), vecty.Text("Save")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.Disabled(bp.text == bp.doc), event.Click(p.onRevertPolicy)), vecty.Text("Revert")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("s3-policy-delete"), vecty.Class("quiet", "danger"), prop.Disabled(!bp.exists),
				vecty.Attribute("title", "s3:DeleteBucketPolicy as "+as), event.Click(p.onDeletePolicy)), vecty.Text("Delete policy")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("s3:PutBucketPolicy as "+as)),
		),
		// The question, the status and the refusal have containers of
		// their own, always there (vecty patches optional siblings by
		// index).
		elem.Div(vecty.Markup(vecty.Class("iam-confirm-slot")),
			renderConfirm("s3-confirm", bp.confirm, "Save anyway", p.onSaveAnyway, p.onKeepEditing)),
		elem.Div(vecty.Markup(vecty.Class("s3-status-slot")), status),
		elem.Div(vecty.Markup(vecty.Class("s3-save-slot")), p.renderRefusal(bp.saveErr)),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Checked as you type with access-analyzer:ValidatePolicy as a resource policy of AWS::S3::Bucket.")),
	)
}
