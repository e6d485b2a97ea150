//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// Header is the full playground's top bar: the scenario picker, Share,
// Export, Import, Reset and the "acting as" selector.
type Header struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	Clock *Clock `vecty:"prop"`

	shareURL    string // the last share link made
	embedLine   string // the <iframe> line of the panel in view, with the same link
	shareStatus string

	// hint is the first-visit hint: shown until the learner dismisses it
	// (remembered in localStorage when the browser keeps it).
	hintRead, hintOff bool

	pickerKeys bool // a key that moves through the picker's options is being handled
}

// hintKey is the localStorage key that says the first-visit hint was
// dismissed.
const hintKey = "cloudplay.hint-dismissed"

func (h *Header) onHintDone(*vecty.Event) {
	h.hintOff = true
	if st := newJSStorage(); st != nil {
		_ = st.Set(hintKey, "1")
	}
	vecty.Rerender(h)
}

// hintShown reports whether the first-visit hint is shown.
func (h *Header) hintShown() bool {
	if !h.hintRead {
		h.hintRead = true
		if st := newJSStorage(); st != nil {
			_, h.hintOff = st.Get(hintKey)
		}
	}
	return !h.hintOff
}

// renderIntro draws the scenario's description (the goals checklist shows
// it instead when the scenario has goals) and the first-visit hint.
func (h *Header) renderIntro() vecty.MarkupOrChild {
	m := h.Store.Meta()
	var desc, hint vecty.MarkupOrChild
	if m.Description != "" && len(m.Goals) == 0 {
		desc = elem.Paragraph(vecty.Markup(prop.ID("scenario-description"), vecty.Class("scenario-description")), vecty.Text(m.Description))
	}
	if h.hintShown() {
		hint = elem.Div(vecty.Markup(prop.ID("first-hint"), vecty.Class("first-hint"), vecty.Attribute("role", "note")),
			elem.Paragraph(elem.Strong(vecty.Text("New here? ")), vecty.Text(firstHint)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.ID("first-hint-done"), event.Click(h.onHintDone)), vecty.Text("Got it")))
	}
	if desc == nil && hint == nil {
		return nil
	}
	return elem.Div(vecty.Markup(vecty.Class("intro")), desc, hint)
}

// firstHint is what the first-visit hint suggests trying.
const firstHint = "Choose someone in “Acting as”, then try something as them: create a user, open a policy in the IAM panel, upload a file in S3. " +
	"Every call lands in the Event log with AWS's decision (Allowed, Implicit deny or Explicit deny); IAM's Simulate tab explains why. " +
	"Open a scenario to practise one idea, or an exercise with goals to tick."

// onPick opens the scenario chosen with the pointer (or in the open list),
// but not one reached with the arrow keys on the closed picker: Chromium
// fires change on each of those, and a keyboard user going through the
// list would load every scenario on the way. Enter opens the one shown.
func (h *Header) onPick(e *vecty.Event) {
	if h.pickerKeys {
		return
	}
	h.openPicked(e.Target)
}

// pickerNavKeys move through a closed <select>'s options.
var pickerNavKeys = map[string]bool{"ArrowUp": true, "ArrowDown": true, "ArrowLeft": true, "ArrowRight": true,
	"Home": true, "End": true, "PageUp": true, "PageDown": true}

func (h *Header) onPickerKey(e *vecty.Event) {
	key := e.Get("key").String()
	switch {
	case key == "Enter":
		e.Call("preventDefault")
		h.openPicked(e.Target)
	case pickerNavKeys[key] || len([]rune(key)) == 1 && key != " ":
		// The change this key fires (synchronously, as its default
		// action) only chooses; the flag is gone by the next task.
		h.pickerKeys = true
		var f js.Func
		f = funcOf(func(js.Value, []js.Value) any {
			f.Release()
			h.pickerKeys = false
			return nil
		})
		js.Global().Call("setTimeout", f, 0)
	}
}

// openPicked loads the scenario the picker shows, and puts the picker back
// on its prompt.
func (h *Header) openPicked(sel js.Value) {
	id := sel.Get("value").String()
	if id == "" {
		return
	}
	sel.Set("value", "")
	for _, b := range builtin.List() {
		if b.ID == id {
			h.Store.Dispatch(&Load{Src: b.JSON, Label: "Loaded the scenario “" + b.Name + "”.", Where: "page"})
			return
		}
	}
}

func (h *Header) onShare(*vecty.Event) {
	v := "s=" + scenario.EncodeLink(h.Store.Export())
	setHash(v)
	h.shareURL = pageURL(v)
	h.embedLine = embedLine(embedURL(h.Store.Panel(), v), h.Store.Meta().Name)
	h.shareStatus = "Copying…"
	vecty.Rerender(h)
	copyText(h.shareURL, func(ok bool) {
		if ok {
			h.shareStatus = "Link copied to the clipboard."
		} else {
			h.shareStatus = "Copy this link:"
		}
		vecty.Rerender(h)
	})
}

// embedLine is the HTML line a course page pastes to embed the panel.
func embedLine(src, name string) string {
	title := "cloudplay"
	if name != "" {
		title += ": " + name
	}
	return `<iframe src="` + htmlAttr(src) + `" title="` + htmlAttr(title) + `" width="100%" height="600" loading="lazy"></iframe>`
}

// htmlAttr escapes s for a double-quoted HTML attribute.
func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (h *Header) onCloseShare(*vecty.Event) {
	h.shareURL, h.embedLine, h.shareStatus = "", "", ""
	vecty.Rerender(h)
}

func (h *Header) onExport(*vecty.Event) { exportWork(h.Store) }

// exportWork offers the work as a scenario file (Export, and the banner
// saying the work is not saved any more).
func exportWork(s *Store) {
	if err := download(fileName(s.Meta().Name), "application/json", s.Export()); err != nil {
		s.Dispatch(&ShowError{UIError{Where: "page", Code: "ExportFailed", Message: err.Error()}})
	}
}

func (h *Header) onImport(e *vecty.Event) {
	input := e.Target
	readFile(input, func(name string, data []byte, err error) {
		input.Set("value", "") // choosing the same file again fires change again
		if err != nil {
			h.Store.Dispatch(&ShowError{UIError{Where: "page", Code: "ImportFailed",
				Message: "Could not import " + name + ": " + err.Error() + ". Nothing was replaced."}})
			return
		}
		h.Store.Dispatch(&Open{Src: data, Title: "Opening " + name, Label: "Imported " + name + ".", Where: "page",
			Failure: "Could not import " + name + ": "})
	})
}

func (h *Header) onReset(*vecty.Event) { h.Store.Dispatch(&Reset{}) }

func (h *Header) renderPicker() *vecty.HTML {
	opts := vecty.List{elem.Option(vecty.Markup(prop.Value(""), vecty.Property("selected", true)), vecty.Text("Open a scenario…"))}
	for _, b := range builtin.List() {
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(b.ID), vecty.Attribute("title", b.Description)), vecty.Text(b.Name)))
	}
	return elem.Div(vecty.Markup(vecty.Class("field")),
		elem.Label(vecty.Markup(prop.For("scenario-picker"), vecty.Class("visually-hidden")), vecty.Text("Open a built-in scenario")),
		elem.Select(vecty.Markup(prop.ID("scenario-picker"), vecty.Attribute("aria-description", "Arrow keys choose a scenario; Enter opens it."),
			event.Change(h.onPick), event.KeyDown(h.onPickerKey)), opts),
	)
}

// renderShareStatus is the share box's live region: always in the page (a
// region added together with its text is not announced reliably), it says
// what Share did.
func (h *Header) renderShareStatus() *vecty.HTML {
	return elem.Paragraph(vecty.Markup(prop.ID("share-status"), vecty.Class("visually-hidden"), vecty.Attribute("role", "status")),
		vecty.Text(h.shareStatus))
}

func (h *Header) renderShare() vecty.MarkupOrChild {
	if h.shareURL == "" {
		return nil
	}
	return elem.Div(vecty.Markup(vecty.Class("share")),
		elem.Label(vecty.Markup(prop.For("share-url")), vecty.Text(h.shareStatus)),
		elem.Input(vecty.Markup(prop.ID("share-url"), prop.Type(prop.TypeText), vecty.Property("readOnly", true), prop.Value(h.shareURL),
			event.Focus(func(e *vecty.Event) { e.Target.Call("select") }))),
		elem.Label(vecty.Markup(prop.For("share-embed")), vecty.Text("Embed the "+panelTitle(h.Store.Panel())+" panel in a course page:")),
		elem.Input(vecty.Markup(prop.ID("share-embed"), prop.Type(prop.TypeText), vecty.Property("readOnly", true), prop.Value(h.embedLine),
			event.Focus(func(e *vecty.Event) { e.Target.Call("select") }))),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("share-copy-embed"), event.Click(h.onCopyEmbed)), vecty.Text("Copy the embed line")),
		elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(h.onCloseShare)), vecty.Text("Close")),
	)
}

func (h *Header) onCopyEmbed(*vecty.Event) {
	copyText(h.embedLine, func(ok bool) {
		if ok {
			h.shareStatus = "Embed line copied to the clipboard."
		} else {
			h.shareStatus = "Copy the lines below:"
		}
		vecty.Rerender(h)
	})
}

// Render draws the bar.
func (h *Header) Render() vecty.ComponentOrHTML {
	s := h.Store
	v := s.View()
	name := s.Meta().Name
	if name == "" {
		name = "Untitled scenario"
	}
	return elem.Header(vecty.Markup(vecty.Class("top")),
		elem.Div(vecty.Markup(vecty.Class("title")),
			elem.Heading1(vecty.Text("cloudplay")),
			elem.Span(vecty.Markup(vecty.Class("scenario-name"), vecty.Attribute("title", s.Meta().Description)), vecty.Text(name)),
			elem.Span(vecty.Markup(vecty.Class("account-id")),
				vecty.Text("Account "+v.Account+" · "+v.Region+" · "+v.Now.String())),
		),
		elem.Div(vecty.Markup(vecty.Class("actions")),
			&ClockBar{Clock: h.Clock},
			h.renderPicker(),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("share"), event.Click(h.onShare)), vecty.Text("Share")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("export"), event.Click(h.onExport)), vecty.Text("Export")),
			elem.Label(vecty.Markup(vecty.Class("button", "file"), prop.For("import")),
				vecty.Text("Import"),
				elem.Input(vecty.Markup(prop.ID("import"), prop.Type(prop.TypeFile), vecty.Class("visually-hidden"),
					vecty.Attribute("accept", ".json,application/json"), event.Change(h.onImport))),
			),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("reset"), vecty.Attribute("title", "Go back to the start of “"+name+"”"), event.Click(h.onReset)), vecty.Text("Reset")),
			&ActingAs{Store: s, ID: "acting-as"},
			elem.Anchor(vecty.Markup(prop.Href("docs.html"), prop.ID("docs-link"), vecty.Attribute("target", "_blank"), vecty.Attribute("rel", "noopener"),
				vecty.Attribute("title", "The playground's reference: the JavaScript API and embed bridge, scenarios and goals, every operation, and the limits it enforces")), vecty.Text("Docs")),
		),
		h.renderShareStatus(),
		h.renderShare(),
		h.renderIntro(),
	)
}
