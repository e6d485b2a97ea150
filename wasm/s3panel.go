//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/s3model"
	"strings"
	"syscall/js"

	"github.com/hexops/vecty"
)

// S3Panel is the "S3" panel: the buckets, a bucket's objects folder by
// folder (upload a file or typed text, download, delete) and its bucket
// policy in the policy editor. Everything it shows it asks S3 for, as the
// acting principal (ListBuckets, ListObjectsV2, GetBucketPolicy), and
// every change is the S3 operation, dispatched through the store so that
// it is logged and saved; a refusal is shown where it happened, a denial
// with its trace. The reads are made again when the acting principal or
// the account changes.
type S3Panel struct {
	vecty.Core
	Store *Store `vecty:"prop"`

	readKey s3ReadKey // what the reads shown were made for

	buckets    []string
	bucketsErr *UIError

	bucket  string // the bucket open ("" none)
	tab     string // s3TabObjects (default) or s3TabPolicy
	prefix  string // the folder shown
	listing s3model.Listing
	listErr *UIError
	// actErr is the refusal of the last action (create, upload, download,
	// delete), where names the control; status says what the last one did.
	actErr *UIError
	where  string
	status string

	pol    *bucketPolicy
	editor *PolicyEditor
	docSeq int
}

// s3ReadKey changes when what the panel read may be out of date.
type s3ReadKey struct {
	acct    any
	as      string
	journal int
	bucket  string
	prefix  string
}

const (
	s3TabObjects = "objects"
	s3TabPolicy  = "policy"
)

// bucketPolicy is the bucket policy in the editor.
type bucketPolicy struct {
	doc     string // as read ("" when the bucket has none)
	exists  bool
	text    string // the editor's text
	shown   string
	docID   string
	readErr *UIError
	saveErr *UIError
	diags   []Diagnostic // where S3 refused the text (MalformedPolicy)
	status  string
	// The findings list (ValidatePolicy as a RESOURCE_POLICY of
	// AWS::S3::Bucket) and the question before saving with errors, as
	// the IAM panel's editor has them.
	policyFindings
}

// s3PolicyType is how the bucket policy is validated: ValidatePolicy's
// RESOURCE_POLICY with validatePolicyResourceType AWS::S3::Bucket
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html).
const s3PolicyType = "AWS::S3::Bucket"

func (p *S3Panel) rerender() { vecty.Rerender(p) }

// read makes a read-only call as the acting principal. It goes to the
// account, not through Dispatch: reads are made while drawing and must not
// redraw the page; like every call, they are in the event log.
func (p *S3Panel) read(c s3model.Call) ([]byte, *UIError) {
	out, err := p.Store.account.Call(p.Store.ActingAs(), c.Op, c.JSON())
	if err != nil {
		return nil, uiError("s3", err)
	}
	return out, nil
}

// change runs an operation as the acting principal through the store:
// logged, saved, and its refusal shown at where.
func (p *S3Panel) change(where string, c s3model.Call) ([]byte, bool) {
	a := &CallOp{Op: c.Op, Input: c.JSON(), Where: "s3"}
	p.Store.Dispatch(a)
	p.actErr, p.where, p.status = nil, where, ""
	if a.Err != nil {
		p.actErr = uiError("s3", a.Err)
		return nil, false
	}
	return a.Output, true
}

// refresh reads again what the panel shows when it may have changed.
func (p *S3Panel) refresh() {
	s := p.Store
	k := s3ReadKey{s.account, s.ActingAs(), s.account.JournalLen(), p.bucket, p.prefix}
	if k == p.readKey {
		return
	}
	principalChanged := k.acct != p.readKey.acct || k.as != p.readKey.as
	p.readKey = k
	p.buckets, p.bucketsErr = nil, nil
	if out, err := p.read(s3model.ListBuckets()); err != nil {
		p.bucketsErr = err
	} else if names, perr := s3model.ParseBuckets(out); perr == nil {
		p.buckets = names
	}
	if p.bucket == "" {
		return
	}
	p.listing, p.listErr = s3model.Listing{}, nil
	if out, err := p.read(s3model.ListObjects(p.bucket, p.prefix)); err != nil {
		p.listErr = err
	} else if l, perr := s3model.ParseListing(out); perr == nil {
		p.listing = l
	}
	if p.pol == nil || principalChanged || p.pol.text == p.pol.doc {
		p.readPolicy()
	}
}

// readPolicy reads the open bucket's policy into the editor, keeping a
// text the learner changed.
func (p *S3Panel) readPolicy() {
	bp := &bucketPolicy{}
	out, err := p.read(s3model.GetBucketPolicy(p.bucket))
	switch {
	case err == nil:
		bp.doc, _ = s3model.ParsePolicy(out)
		bp.exists = true
	case err.Code == "NoSuchBucketPolicy":
		bp.status = "This bucket has no policy: the text below is a start, saved with s3:PutBucketPolicy."
	default:
		bp.readErr = err
	}
	bp.text = bp.doc
	if !bp.exists {
		bp.text = s3model.PolicyTemplate(p.bucket, p.Store.Account().RootARN())
		if u := p.Store.ActingAs(); strings.Contains(u, ":user/") {
			bp.text = s3model.PolicyTemplate(p.bucket, u)
		}
	}
	if old := p.pol; old != nil && old.readErr == nil && bp.readErr == nil && old.exists == bp.exists && s3model.SamePolicy(old.doc, bp.doc) {
		return // unchanged: the editor, its edits and what the last save said stay
	}
	if old := p.pol; old != nil && old.text != old.doc && bp.readErr == nil {
		bp.text = old.text // keep the learner's edit
	}
	p.docSeq++
	bp.shown, bp.docID = bp.text, itoa(p.docSeq)
	p.pol = bp
	p.syncEditor()
}

func (p *S3Panel) open(bucket, prefix string) {
	if bucket != p.bucket {
		p.pol = nil
	}
	p.bucket, p.prefix = bucket, prefix
	p.actErr, p.status = nil, ""
	p.readKey = s3ReadKey{}
	p.rerender()
}

func (p *S3Panel) onOpen(bucket, prefix string) func(*vecty.Event) {
	return func(*vecty.Event) { p.open(bucket, prefix) }
}

func (p *S3Panel) onTab(tab string) func(*vecty.Event) {
	return func(*vecty.Event) { p.tab = tab; p.rerender() }
}

func (p *S3Panel) onRefresh(*vecty.Event) { p.readKey = s3ReadKey{}; p.rerender() }

// onBucketForm opens the named bucket ("Open") or creates it ("Create").
func (p *S3Panel) onBucketForm(e *vecty.Event) {
	name := strings.TrimSpace(formValue(e, "Bucket"))
	if name == "" {
		return
	}
	create := e.Get("submitter").Truthy() && e.Get("submitter").Get("value").String() == "create"
	if !create {
		p.open(name, "")
		return
	}
	if _, ok := p.change("bucket", s3model.CreateBucket(name)); ok {
		e.Target.Call("reset")
		p.open(name, "")
		p.status = "Created " + name + " with s3:CreateBucket."
	}
	p.rerender()
}

func (p *S3Panel) onDeleteBucket(*vecty.Event) {
	name := p.bucket
	if _, ok := p.change("bucket-delete", s3model.DeleteBucket(name)); ok {
		p.open("", "")
		p.status = "Deleted " + name + " with s3:DeleteBucket."
	}
	p.rerender()
}

// onUploadText uploads the typed text as an object of the folder.
func (p *S3Panel) onUploadText(e *vecty.Event) {
	key := strings.TrimSpace(formValue(e, "Key"))
	if key == "" {
		return
	}
	p.upload(s3model.UploadKey(p.prefix, key), []byte(formValue(e, "Body")), "text/plain")
}

// onUploadFile reads the chosen file in the browser (at most an object's
// size) and uploads it into the folder.
func (p *S3Panel) onUploadFile(e *vecty.Event) {
	input := e.Target
	files := input.Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	f := files.Index(0)
	name, size := f.Get("name").String(), f.Get("size").Int()
	input.Set("value", "")
	if err := s3model.CheckUpload(name, size); err != nil {
		p.actErr, p.where, p.status = &UIError{Code: "EntityTooLarge", Message: "Not uploaded: " + err.Error() + "."}, "upload", ""
		p.rerender()
		return
	}
	contentType := f.Get("type").String()
	promiseThen(f.Call("arrayBuffer"), func(buf js.Value) {
		arr := js.Global().Get("Uint8Array").New(buf)
		body := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(body, arr)
		p.upload(s3model.UploadKey(p.prefix, name), body, contentType)
	}, func(err js.Value) {
		p.actErr, p.where = &UIError{Code: "FileNotRead", Message: "The file could not be read: " + jsErrorText(err)}, "upload"
		p.rerender()
	})
}

func (p *S3Panel) upload(key string, body []byte, contentType string) {
	if _, ok := p.change("upload", s3model.PutObject(p.bucket, key, body, contentType)); ok {
		p.status = "Uploaded " + key + " (" + s3model.Bytes(int64(len(body))) + ") with s3:PutObject as " + shortActor(p.Store) + "."
	}
	p.rerender()
}

// onDownload gets the object with s3:GetObject and offers its body as a
// file (a Blob URL: nothing goes over the network).
func (p *S3Panel) onDownload(o s3model.Object) func(*vecty.Event) {
	return func(*vecty.Event) {
		out, ok := p.change("object", s3model.GetObject(p.bucket, o.Key))
		if ok {
			body, ct, err := s3model.ParseObject(out)
			if err == nil {
				err = download(o.Name, ct, body)
			}
			if err != nil {
				p.actErr = &UIError{Code: "DownloadFailed", Message: err.Error()}
			} else {
				p.status = "Downloaded " + o.Key + " with s3:GetObject."
			}
		}
		p.rerender()
	}
}

func (p *S3Panel) onDeleteObject(o s3model.Object) func(*vecty.Event) {
	return func(*vecty.Event) {
		if _, ok := p.change("object", s3model.DeleteObject(p.bucket, o.Key)); ok {
			p.status = "Deleted " + o.Key + " with s3:DeleteObject."
		}
		p.rerender()
	}
}

func (p *S3Panel) onPolicyChange(text string) {
	// A policy that could not be read takes the editor away at the next
	// frame: a key typed before then changes nothing.
	if bp := p.pol; bp != nil && bp.readErr == nil {
		dirty := bp.text != bp.doc
		bp.text = text
		// The learner went back to editing: the question is moot.
		asked := bp.dismiss()
		if (bp.text != bp.doc) != dirty || asked {
			p.rerender()
		}
	}
}

// onLint keeps the findings of the bucket policy's text for the list under
// the editor (from the editor's validation goroutine).
func (p *S3Panel) onLint(bp *bucketPolicy) func(string, []Diagnostic) {
	return func(text string, diags []Diagnostic) {
		if p.pol == bp && bp.heard(text, diags) {
			p.rerender()
		}
	}
}

// onJump moves the editor's cursor to a finding of the list.
func (p *S3Panel) onJump(d Diagnostic) {
	if p.editor != nil {
		p.editor.Select(d.From, d.To)
	}
}

// savePolicy saves the editor's text with s3:PutBucketPolicy; when
// ValidatePolicy finds errors in it, the page asks first (the IAM panel's
// question, renderConfirm).
func (p *S3Panel) savePolicy() { p.savePolicyChecked(false) }

// onSaveAnyway saves the text the page asked about; the question leaves
// the page and the focus goes back to the editor.
func (p *S3Panel) onSaveAnyway(*vecty.Event) {
	p.savePolicyChecked(true)
	if p.editor != nil {
		p.editor.Focus()
	}
}

// onKeepEditing closes the question without saving, back in the editor.
func (p *S3Panel) onKeepEditing(*vecty.Event) {
	if bp := p.pol; bp != nil {
		bp.dismiss()
	}
	p.rerender()
	if p.editor != nil {
		p.editor.Focus()
	}
}

// savePolicyChecked saves with s3:PutBucketPolicy; unless force, a text
// with ERROR findings is asked about first. A MalformedPolicy is placed in
// the text where it points: S3 checks the document itself, whatever the
// page asked.
func (p *S3Panel) savePolicyChecked(force bool) {
	bp := p.pol
	if bp == nil {
		return
	}
	if !force {
		if bp.ask(p.Store, bp.text, s3PolicyType) {
			p.rerender()
			focusSoon("#s3-confirm-keep")
			return
		}
	}
	bp.dismiss()
	text := bp.text
	bp.saveErr, bp.diags, bp.status = nil, nil, ""
	a := &CallOp{Op: "s3:PutBucketPolicy", Input: s3model.PutBucketPolicy(p.bucket, text).JSON(), Where: "s3"}
	p.Store.Dispatch(a)
	if a.Err != nil {
		bp.saveErr = uiError("s3", a.Err)
		if bp.saveErr.Code == "MalformedPolicy" {
			if sp, ok := s3model.PlaceMalformed(p.bucket, text, bp.saveErr.Message); ok {
				bp.diags = []Diagnostic{spanDiagnostic(text, sp, bp.saveErr.Message)}
			}
		}
		p.rerender()
		return
	}
	bp.doc, bp.exists = text, true
	bp.status = "Saved with s3:PutBucketPolicy as " + shortActor(p.Store) + "."
	p.rerender()
}

func (p *S3Panel) onSavePolicy(*vecty.Event) { p.savePolicy() }

func (p *S3Panel) onDeletePolicy(*vecty.Event) {
	bp := p.pol
	if bp == nil {
		return
	}
	a := &CallOp{Op: "s3:DeleteBucketPolicy", Input: s3model.DeleteBucketPolicy(p.bucket).JSON(), Where: "s3"}
	p.Store.Dispatch(a)
	if a.Err != nil {
		bp.saveErr = uiError("s3", a.Err)
		p.rerender()
		return
	}
	p.readPolicy()
	p.pol.status = "Deleted with s3:DeleteBucketPolicy. The text below is a start for a new one."
	p.rerender()
}

func (p *S3Panel) onRevertPolicy(*vecty.Event) {
	if bp := p.pol; bp != nil {
		p.docSeq++
		bp.text, bp.shown, bp.docID, bp.diags, bp.saveErr = bp.doc, bp.doc, itoa(p.docSeq), nil, nil
		bp.dismiss()
		p.syncEditor()
		p.rerender()
	}
}

// spanDiagnostic is an error diagnostic on a byte span of text (a point
// marks the token there).
func spanDiagnostic(text string, sp s3model.Span, msg string) Diagnostic {
	from, to := min(sp.From, len(text)), min(sp.To, len(text))
	if to <= from {
		to = tokenEnd(text, from)
	}
	f := utf16Len(text[:from])
	return Diagnostic{From: f, To: f + utf16Len(text[from:to]), Severity: "error", Message: msg, Source: "MalformedPolicy"}
}
