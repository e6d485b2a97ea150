//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/prop"
)

// maxLogRows bounds the rows the Event log draws; the rest is in
// cloudplay.events().
const maxLogRows = 500

// LogPanel is the event log: every call, newest first, with its time,
// caller, operation, each action with its resource and decision, and its
// error. Denied calls stand out. A playground actor's identical calls of
// one simulated second are one row ("kinesis:PutRecords ×37", first to
// last time, the actor's name, each error code's exact count), which
// grows while the second lasts.
type LogPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`
}

func renderActions(r eventlog.EventRow) vecty.ComponentOrHTML {
	if len(r.Actions) == 0 {
		return elem.Span(vecty.Markup(vecty.Class("hint")), vecty.Text("—"))
	}
	var items vecty.List
	for _, a := range r.Actions {
		items = append(items, elem.ListItem(
			elem.Code(vecty.Markup(vecty.Class("action")), vecty.Text(a.Action)),
			vecty.Text(" on "),
			elem.Code(vecty.Markup(vecty.Class("resource")), vecty.Text(a.Resource)),
			vecty.Text(" "),
			elem.Span(vecty.Markup(vecty.Class("decision", decisionClass(a))), vecty.Text(a.Decision)),
		))
	}
	return elem.UnorderedList(vecty.Markup(vecty.Class("actions-list")), items)
}

func decisionClass(a eventlog.ActionRow) string {
	if a.Allowed {
		return "allowed"
	}
	return "denied"
}

func renderResult(r eventlog.EventRow) vecty.ComponentOrHTML {
	if len(r.Errors) > 0 {
		// An actor's calls of one second: each error code with its exact
		// count (the records' codes of a PutRecords too), then the first
		// error's message.
		return elem.Span(vecty.Markup(vecty.Class("err", "err-counts")),
			elem.Strong(vecty.Markup(vecty.Class("error-counts")), vecty.Text(r.ErrorsText())),
			vecty.If(r.ErrMsg != "", elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(r.ErrCode+": "+r.ErrMsg))))
	}
	if !r.Failed {
		return elem.Span(vecty.Markup(vecty.Class("ok")), vecty.Text("OK"))
	}
	return elem.Span(vecty.Markup(vecty.Class("err")),
		elem.Strong(vecty.Markup(vecty.Class("error-code")), vecty.Text(r.ErrCode)),
		elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(r.ErrMsg)))
}

func rowClass(r eventlog.EventRow) vecty.Applyer {
	switch {
	case r.Denied:
		return vecty.Class("event", "denied")
	case r.Failed:
		return vecty.Class("event", "failed")
	}
	return vecty.Class("event")
}

func (p *LogPanel) renderRows(rows []eventlog.EventRow) vecty.List {
	var out vecty.List
	for _, r := range rows {
		caller := r.Caller
		if r.InvokedBy != "" {
			caller += " for " + r.InvokedBy
		}
		var actor vecty.MarkupOrChild
		if r.Actor != "" {
			actor = elem.Span(vecty.Markup(vecty.Class("actor"), vecty.Attribute("title", "calls made by the playground's actor "+r.Actor)),
				vecty.Text(r.Actor))
		}
		out = append(out, elem.TableRow(vecty.Markup(rowClass(r), vecty.Key(r.Seq), vecty.Data("seq", itoa(r.Seq)),
			vecty.MarkupIf(r.Actor != "", vecty.Data("actor", r.Actor)), vecty.Data("count", itoa(r.Count))),
			elem.TableData(vecty.Markup(vecty.Class("num")), vecty.Text(itoa(r.Seq))),
			elem.TableData(vecty.Markup(vecty.Class("time")), vecty.Text(r.TimeText())),
			elem.TableData(vecty.Markup(vecty.Class("caller"), vecty.Attribute("title", r.CallerARN)), vecty.Text(caller), actor),
			elem.TableData(elem.Code(vecty.Markup(vecty.Class("op")), vecty.Text(r.OpText()))),
			elem.TableData(renderActions(r)),
			elem.TableData(renderResult(r)),
		))
	}
	return out
}

// Render draws the log.
func (p *LogPanel) Render() vecty.ComponentOrHTML {
	a := p.Store.Account()
	events := a.Events()
	rows := eventlog.EventRows(events, a.Start().String()[:10])
	var note vecty.MarkupOrChild
	if len(rows) > maxLogRows {
		note = elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Showing the newest "+itoa(maxLogRows)+" of "+itoa(len(rows))+" calls; cloudplay.events() returns them all."))
		rows = rows[:maxLogRows]
	}
	var body vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No calls yet."))
	if len(rows) > 0 {
		body = elem.Div(vecty.Markup(vecty.Class("table-wrap")),
			elem.Table(vecty.Markup(vecty.Class("log")),
				elem.Caption(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Every call, newest first")),
				elem.TableHead(elem.TableRow(
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("#")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Time")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Caller")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Operation")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Actions and decisions")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Result")),
				)),
				elem.TableBody(p.renderRows(rows)),
			))
	}
	return elem.Div(vecty.Markup(prop.ID("panel-log"), vecty.Class("panel", "log-panel")),
		elem.Heading2(vecty.Text("Event log")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Every call to the account, allowed, denied or failed, newest first. Times are simulated ("+a.Start().String()[:10]+")."),
		),
		note,
		body,
	)
}
