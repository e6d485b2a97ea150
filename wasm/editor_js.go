//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/iammodel"
	"cloudplay/wasm/internal/tracemodel"
	"encoding/json"
	"slices"
	"syscall/js"
	"time"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/prop"
)

// PolicyEditor is the CodeMirror 6 policy editor (site/editor/editor.js)
// as a Vecty component. It renders an empty host element once and never
// again (SkipRender): CodeMirror owns what is inside. Changed props reach
// the editor in SkipRender: a new Doc replaces the document (with a fresh
// undo history), Highlights and Diagnostics are shown again.
//
// Read-only with highlights, it shows a policy and the statements a trace
// names: &PolicyEditor{Doc: text, ReadOnly: true, Highlights: p.Highlights()}.
// Editable, it validates as the learner types when Lint is set: lintDelay
// after the last key, in a goroutine, so typing never waits for it.
type PolicyEditor struct {
	vecty.Core
	ID    string `vecty:"prop"` // id of the host element
	Label string `vecty:"prop"` // accessible name of the text ("Policy document")

	// Doc is the document shown. The editor keeps what the learner types;
	// a Doc different from the last one given replaces it.
	Doc string `vecty:"prop"`
	// DocID names the document: a new DocID replaces the text with Doc
	// even when Doc is unchanged (the same policy opened again).
	DocID    string       `vecty:"prop"`
	ReadOnly bool         `vecty:"prop"`
	OnChange func(string) `vecty:"prop"` // each change the learner makes
	OnSave   func()       `vecty:"prop"` // Ctrl/Cmd+S

	// Highlights are ranges to mark (1-based lines and columns, as a
	// trace's StartPosition/EndPosition), in HighlightClass ("", "allow"
	// or "deny"). The first is scrolled into view.
	Highlights     []tracemodel.Highlight `vecty:"prop"`
	HighlightClass string                 `vecty:"prop"`
	// Diagnostics are findings from outside the editor (a save refused as
	// MalformedPolicyDocument), in CodeMirror offsets of Doc or of the text
	// at the time they are given; they go once the text changes.
	Diagnostics []Diagnostic `vecty:"prop"`

	// Lint validates a text (nil: no validation as you type).
	Lint func(text string) []Diagnostic `vecty:"prop"`
	// OnLint hears each validation's diagnostics and the text they are
	// for (the findings list under the editor shows them); it is called
	// from the validation's goroutine.
	OnLint func(text string, diags []Diagnostic) `vecty:"prop"`
	// Complete proposes completions (nil: none); see Complete in catalog.go.
	Complete func(kind, text, action string) []Completion `vecty:"prop"`
	// NeedsCatalog asks for the IAM catalog when the editor mounts, and
	// validates again once it is there.
	NeedsCatalog bool `vecty:"prop"`

	host    *vecty.HTML
	ed      js.Value
	funcs   []js.Func
	mounted bool

	text        string // the editor's text, as last seen
	doc         string // the Doc last applied
	docID       string
	readOnly    bool
	highlights  []tracemodel.Highlight
	hlClass     string
	external    []Diagnostic
	externalFor string // the text the external diagnostics belong to
	lint        []Diagnostic
	lintGen     int
	lintTimer   *time.Timer
	// linted is the text of the last validation handed to OnLint, and
	// linting is set while one is scheduled: a render that finds neither
	// (a validation lost, say to a panic in it) schedules another, so the
	// findings list cannot stay on "Validating…".
	linted  string
	linting bool
}

// lintDelay is how long after the last change validation runs. The issue
// asks for findings within 100 ms of typing; validating a 100-line policy
// takes about 15 ms in the page (make bench), so 60 ms of quiet leaves room
// while still not validating on every key of a fast typist.
const lintDelay = 60 * time.Millisecond

// Mount creates the CodeMirror editor in the host element.
func (p *PolicyEditor) Mount() {
	api := js.Global().Get("cloudplayEditor")
	node := p.host.Node()
	if api.Type() != js.TypeObject {
		node.Set("textContent", "The policy editor did not load (editor.js); reload the page.")
		return
	}
	onChange := funcOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			p.changed(args[0].String())
		}
		return nil
	})
	onSave := funcOf(func(js.Value, []js.Value) any {
		if p.OnSave != nil {
			// Not inside CodeMirror's key handler: the save dispatches and
			// re-renders.
			go func() {
				defer recoverAndLog()
				p.OnSave()
			}()
		}
		return nil
	})
	format := funcOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 {
			return nil
		}
		out, ok := iammodel.FormatPolicy(args[0].String())
		if !ok {
			return nil
		}
		return out
	})
	complete := funcOf(func(_ js.Value, args []js.Value) any {
		if p.Complete == nil || len(args) == 0 {
			return nil
		}
		c := args[0]
		items := p.Complete(c.Get("kind").String(), c.Get("text").String(), c.Get("action").String())
		return toJS(items)
	})
	p.funcs = []js.Func{onChange, onSave, format, complete}
	label := p.Label
	if label == "" {
		label = "Policy document"
	}
	p.ed = api.Call("create", node, map[string]any{
		"doc": p.Doc, "readOnly": p.ReadOnly, "label": label,
		"onChange": onChange, "onSave": onSave, "format": format,
	})
	p.ed.Call("setCompletionSource", complete)
	p.mounted = true
	p.text, p.doc, p.docID, p.readOnly = p.Doc, p.Doc, p.DocID, p.ReadOnly
	p.applyHighlights(true)
	p.applyExternal(true)
	p.scheduleLint(0)
	if p.NeedsCatalog {
		requestCatalog(func() {
			if p.mounted {
				p.scheduleLint(0)
			}
		})
	}
}

// Unmount destroys the editor and releases its callbacks.
func (p *PolicyEditor) Unmount() {
	if !p.mounted {
		return
	}
	p.mounted = false
	p.lintGen++
	if p.lintTimer != nil {
		p.lintTimer.Stop()
	}
	p.ed.Call("destroy")
	p.ed = js.Undefined()
	for _, f := range p.funcs {
		f.Release()
	}
	p.funcs = nil
}

// SkipRender hands changed props to the editor and never re-renders.
func (p *PolicyEditor) SkipRender(vecty.Component) bool {
	p.Sync()
	return true
}

// Sync hands the props set since the last render to the editor now, not
// at the next frame. A panel calls it when it changes the document shown
// (a policy opened, a draft reverted): a key pressed before the frame is
// then typed into the new document, where the frame's render would have
// replaced it, edit lost, with the document (seen in Chromium: the list
// under the editor then waits for a validation of text no longer there).
func (p *PolicyEditor) Sync() {
	if !p.mounted {
		return
	}
	if p.Doc != p.doc || p.DocID != p.docID {
		p.doc, p.docID = p.Doc, p.DocID
		p.ed.Call("setDoc", p.Doc)
		p.text = p.Doc
		p.lint = nil
		p.applyHighlights(true)
		p.applyExternal(true)
		p.scheduleLint(0)
	}
	if p.ReadOnly != p.readOnly {
		p.readOnly = p.ReadOnly
		p.ed.Call("setReadOnly", p.ReadOnly)
	}
	p.applyHighlights(false)
	p.applyExternal(false)
	if !p.linting && p.linted != p.text {
		p.scheduleLint(0)
	}
}

// Text returns the editor's text.
func (p *PolicyEditor) Text() string { return p.text }

// Format pretty-prints the document (nothing when it is not JSON).
func (p *PolicyEditor) Format() {
	if p.mounted {
		p.ed.Call("format")
	}
}

// Replace replaces the whole text with text as one edit the learner can
// undo (Ctrl+Z): a template chosen over what was typed loses nothing.
func (p *PolicyEditor) Replace(text string) {
	if p.mounted {
		p.ed.Call("replace", text)
	}
}

// Select moves the cursor to the range from–to (CodeMirror offsets of the
// editor's text, as a Diagnostic's), scrolls it into view and focuses the
// editor: a finding of the list, shown where it is.
func (p *PolicyEditor) Select(from, to int) {
	if p.mounted {
		p.ed.Call("select", from, to)
	}
}

// Focus puts the caret in the editor.
func (p *PolicyEditor) Focus() {
	if p.mounted {
		p.ed.Call("focus")
	}
}

func (p *PolicyEditor) changed(text string) {
	p.text = text
	if p.OnChange != nil {
		p.OnChange(text)
	}
	p.scheduleLint(lintDelay)
}

func (p *PolicyEditor) applyHighlights(force bool) {
	if !force && slices.Equal(p.Highlights, p.highlights) && p.HighlightClass == p.hlClass {
		return
	}
	p.highlights, p.hlClass = slices.Clone(p.Highlights), p.HighlightClass
	cls := ""
	if p.hlClass != "" {
		cls = "cm-cp-highlight-" + p.hlClass
	}
	p.ed.Call("setHighlights", toJS(HighlightOffsets(p.text, p.highlights, cls)))
}

func (p *PolicyEditor) applyExternal(force bool) {
	if !force && slices.Equal(p.Diagnostics, p.external) {
		return
	}
	p.external = slices.Clone(p.Diagnostics)
	p.externalFor = p.text
	p.pushDiagnostics()
}

// pushDiagnostics shows the findings of validation and, while the text is
// the one they were given for, the external diagnostics.
func (p *PolicyEditor) pushDiagnostics() {
	all := slices.Clone(p.lint)
	if p.text == p.externalFor {
		all = append(all, p.external...)
	}
	p.ed.Call("setDiagnostics", toJS(all))
}

// scheduleLint validates the text after delay, in a goroutine; a newer
// change cancels an older validation.
func (p *PolicyEditor) scheduleLint(delay time.Duration) {
	if p.Lint == nil || !p.mounted {
		return
	}
	p.lintGen++
	gen, text, lint := p.lintGen, p.text, p.Lint
	if p.lintTimer != nil {
		p.lintTimer.Stop()
	}
	p.linting = true
	p.lintTimer = time.AfterFunc(delay, func() {
		defer recoverAndLog() // a goroutine's panic would stop the program
		if gen != p.lintGen {
			return
		}
		defer func() {
			if gen == p.lintGen {
				p.linting = false
			}
		}()
		diags := lint(text)
		if gen != p.lintGen || !p.mounted {
			return
		}
		p.lint, p.linted = diags, text
		p.pushDiagnostics()
		if on := p.OnLint; on != nil {
			on(text, slices.Clone(diags))
		}
	})
}

// Render draws the empty host element CodeMirror fills.
func (p *PolicyEditor) Render() vecty.ComponentOrHTML {
	p.host = elem.Div(vecty.Markup(
		vecty.MarkupIf(p.ID != "", prop.ID(p.ID)),
		vecty.Class("policy-editor"),
	))
	return p.host
}

// toJS turns a value into a JavaScript value through JSON (plain data).
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return js.Global().Get("Array").New()
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}
