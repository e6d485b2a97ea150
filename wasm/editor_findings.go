//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// renderFindings draws the findings list under a policy editor: the count
// of access-analyzer:ValidatePolicy's findings by type, then each finding
// (most severe first) with its issue code, its message and a link to AWS's
// check reference (its learnMoreLink). Each finding is a button: a click,
// or Enter, moves the editor's cursor to the finding's span (jump). The
// playground's own notes come after, marked as the playground's. id names
// the section; validated is false while the text shown has not been
// validated yet. Every part has a container of its own, always there
// (vecty patches optional siblings by index).
func renderFindings(id string, v FindingsView, validated bool, jump func(Diagnostic)) *vecty.HTML {
	summary := v.Summary()
	if !validated {
		summary = "Validating…"
	}
	var counts vecty.List
	for i, t := range FindingTypes {
		n := v.Counts[t]
		if i > 0 {
			counts = append(counts, elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text(", ")))
		}
		counts = append(counts, elem.Span(vecty.Markup(vecty.Class("finding-count", "finding-"+findingClass(t)),
			vecty.MarkupIf(n == 0, vecty.Class("none")), vecty.Data("type", t)),
			vecty.Text(FindingTypeLabel(t, n))))
	}
	var items vecty.List
	for i, d := range v.Items {
		items = append(items, renderFindingItem(id, i, d, jump))
	}
	var notes vecty.List
	for _, d := range v.Notes {
		notes = append(notes, elem.ListItem(vecty.Markup(vecty.Class("finding-note")),
			elem.Strong(vecty.Text("Playground note")),
			vecty.Text(" (not an AWS finding): "+d.Message)))
	}
	return elem.Section(vecty.Markup(prop.ID(id), vecty.Class("findings"), vecty.Attribute("aria-labelledby", id+"-h")),
		elem.Div(vecty.Markup(vecty.Class("findings-head")),
			elem.Heading4(vecty.Markup(prop.ID(id+"-h")), vecty.Text("Findings")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("access-analyzer:ValidatePolicy, as you type")),
		),
		// A live region present before its text: the counts are said as
		// they change.
		elem.Paragraph(vecty.Markup(vecty.Class("findings-summary"), vecty.Attribute("role", "status")),
			vecty.If(validated && v.Total() > 0, counts),
			vecty.If(!validated || v.Total() == 0, elem.Span(vecty.Markup(vecty.Class("findings-none")), vecty.Text(summary))),
		),
		elem.Div(vecty.Markup(vecty.Class("findings-items")),
			vecty.If(len(items) > 0, elem.UnorderedList(vecty.Markup(vecty.Class("findings-list"), vecty.Attribute("aria-label", "Findings, most severe first")), items)),
		),
		elem.Div(vecty.Markup(vecty.Class("findings-notes")),
			vecty.If(len(notes) > 0, elem.UnorderedList(vecty.Markup(vecty.Class("finding-notes"), vecty.Attribute("aria-label", "Notes of the playground")), notes)),
		),
	)
}

func renderFindingItem(id string, i int, d Diagnostic, jump func(Diagnostic)) *vecty.HTML {
	cls := findingClass(d.FindingType)
	var link vecty.MarkupOrChild
	if strings.HasPrefix(d.LearnMore, "https://") {
		link = elem.Anchor(vecty.Markup(prop.Href(d.LearnMore), vecty.Class("finding-link"),
			vecty.Attribute("target", "_blank"), vecty.Attribute("rel", "noopener noreferrer")),
			vecty.Text("Check reference"),
			elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text(" for "+d.Source+" (AWS documentation, opens in a new tab)")))
	}
	return elem.ListItem(vecty.Markup(vecty.Class("finding", "finding-"+cls), vecty.Data("code", d.Source), vecty.Data("type", d.FindingType)),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID(id+"-"+itoa(i)), vecty.Class("finding-jump"),
			vecty.Attribute("title", "Show it in the editor"),
			event.Click(func(*vecty.Event) { jump(d) })),
			elem.Span(vecty.Markup(vecty.Class("finding-type")), vecty.Text(findingTypeName(d.FindingType))),
			elem.Code(vecty.Markup(vecty.Class("finding-code")), vecty.Text(d.Source)),
			elem.Span(vecty.Markup(vecty.Class("finding-message")), vecty.Text(d.Message)),
		),
		link,
	)
}

// findingClass is the CSS class suffix of a finding type.
func findingClass(t string) string {
	return strings.ReplaceAll(strings.ToLower(t), "_", "-")
}

// findingTypeName is a finding type as the list shows it ("Security
// warning").
func findingTypeName(t string) string {
	s := strings.ReplaceAll(strings.ToLower(t), "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// renderConfirm draws the question asked before saving a document with
// errors, in the page (not window.confirm): an alert dialog named by its
// heading, described by question, whose "Keep editing" (focused when it
// opens, and Esc) saves nothing and whose proceed button saves anyway.
// While it is open, Tab and Shift+Tab cycle through its buttons (trapFocus):
// the question is answered before the focus goes elsewhere. Both answers
// are the caller's to take back to the editor (each panel's onKeep and
// onProceed focus its editor). Nothing when question is "". The IAM
// panel's policy editor, its Create role form and the S3 panel's bucket
// policy editor all ask with it, each with ids of their own (id-keep,
// id-save).
func renderConfirm(id, question, proceed string, onProceed, onKeep func(*vecty.Event)) vecty.MarkupOrChild {
	if question == "" {
		return nil
	}
	return elem.Div(vecty.Markup(prop.ID(id), vecty.Class("confirm"), vecty.Attribute("role", "alertdialog"),
		vecty.Attribute("aria-modal", "true"),
		vecty.Attribute("aria-labelledby", id+"-h"), vecty.Attribute("aria-describedby", id+"-text"),
		event.KeyDown(func(e *vecty.Event) {
			switch e.Get("key").String() {
			case "Escape":
				e.Call("preventDefault")
				onKeep(e)
			case "Tab":
				trapFocus(e)
			}
		})),
		elem.Heading4(vecty.Markup(prop.ID(id+"-h")), vecty.Text("Save with errors?")),
		elem.Paragraph(vecty.Markup(prop.ID(id+"-text")), vecty.Text(question)),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID(id+"-keep"), event.Click(onKeep)), vecty.Text("Keep editing")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID(id+"-save"), vecty.Class("danger"), event.Click(onProceed)), vecty.Text(proceed)),
		),
	)
}

// focusableInDialog selects the controls of a dialog that Tab reaches.
const focusableInDialog = `button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])`

// trapFocus keeps a Tab keydown e inside the dialog its handler is on
// (e's currentTarget): Tab on the last control goes to the first, Shift+Tab
// on the first goes to the last, and between them the browser moves the
// focus as usual. WAI-ARIA's dialog pattern asks for this of a modal dialog
// (https://www.w3.org/WAI/ARIA/apg/patterns/alertdialog/).
func trapFocus(e *vecty.Event) {
	dlg := e.Get("currentTarget")
	if !dlg.Truthy() {
		return
	}
	items := dlg.Call("querySelectorAll", focusableInDialog)
	n := items.Length()
	if n == 0 {
		e.Call("preventDefault")
		return
	}
	first, last := items.Index(0), items.Index(n-1)
	active := js.Global().Get("document").Get("activeElement")
	inside := active.Truthy() && dlg.Call("contains", active).Bool() && !active.Equal(dlg)
	if e.Get("shiftKey").Bool() {
		if !inside || active.Equal(first) {
			e.Call("preventDefault")
			last.Call("focus")
		}
		return
	}
	if !inside || active.Equal(last) {
		e.Call("preventDefault")
		first.Call("focus")
	}
}
