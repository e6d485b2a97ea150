//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
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
//
// Filters by caller and by decision (AWS's words: Allowed, Implicit deny,
// Explicit deny) narrow the rows; a row's "Details" button expands it to
// its authorisation (each action, its decision and why) and its input.
type LogPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`

	filter eventlog.Filter
	open   map[int]bool // the rows expanded, by Seq
}

func (p *LogPanel) onCaller(e *vecty.Event) {
	p.filter.Caller = e.Target.Get("value").String()
	vecty.Rerender(p)
}

func (p *LogPanel) onDecision(e *vecty.Event) {
	p.filter.Decision = e.Target.Get("value").String()
	vecty.Rerender(p)
}

func (p *LogPanel) onClearFilter(*vecty.Event) {
	p.filter = eventlog.Filter{}
	vecty.Rerender(p)
}

func (p *LogPanel) onToggle(seq int) func(*vecty.Event) {
	return func(*vecty.Event) {
		if p.open == nil {
			p.open = map[int]bool{}
		}
		p.open[seq] = !p.open[seq]
		vecty.Rerender(p)
	}
}

// renderFilters draws the caller and decision filters.
func (p *LogPanel) renderFilters(all []eventlog.EventRow, shown int) *vecty.HTML {
	callers := vecty.List{elem.Option(vecty.Markup(prop.Value(""), vecty.Property("selected", p.filter.Caller == "")), vecty.Text("Any caller"))}
	for _, c := range eventlog.Callers(all) {
		callers = append(callers, elem.Option(vecty.Markup(prop.Value(c.ARN), vecty.Property("selected", c.ARN == p.filter.Caller)), vecty.Text(c.Name)))
	}
	decisions := vecty.List{}
	for _, d := range eventlog.DecisionFilters {
		decisions = append(decisions, elem.Option(vecty.Markup(prop.Value(d.Value), vecty.Property("selected", d.Value == p.filter.Decision)), vecty.Text(d.Label)))
	}
	var count, clear vecty.MarkupOrChild
	if p.filter.Active() {
		count = elem.Span(vecty.Markup(prop.ID("log-count"), vecty.Class("hint"), vecty.Attribute("role", "status")),
			vecty.Text(itoa(shown)+" of "+itoa(len(all))+" calls shown"))
		clear = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.ID("log-clear-filter"), event.Click(p.onClearFilter)), vecty.Text("Show all"))
	}
	return elem.Div(vecty.Markup(vecty.Class("log-filters")),
		elem.Label(vecty.Markup(prop.For("log-caller")), vecty.Text("Caller")),
		elem.Select(vecty.Markup(prop.ID("log-caller"), event.Change(p.onCaller)), callers),
		elem.Label(vecty.Markup(prop.For("log-decision")), vecty.Text("Decision")),
		elem.Select(vecty.Markup(prop.ID("log-decision"), event.Change(p.onDecision)), decisions),
		count, clear,
	)
}

// renderDetails draws an expanded row: each action with its decision and
// why, the error in full and the input.
func renderDetails(r eventlog.EventRow) *vecty.HTML {
	var items vecty.List
	for _, a := range r.Actions {
		items = append(items, elem.ListItem(
			elem.Span(vecty.Markup(vecty.Class("decision", decisionClass(a))), vecty.Text(eventlog.DecisionText(a.Decision))),
			vecty.Text(" "+a.Why(r.Caller))))
	}
	var why, input, errText vecty.MarkupOrChild
	if len(items) > 0 {
		why = elem.UnorderedList(vecty.Markup(vecty.Class("log-why")), items)
	} else {
		why = elem.Paragraph(vecty.Text("This call needed no authorisation."))
	}
	if r.ErrCode != "" {
		errText = elem.Paragraph(elem.Strong(vecty.Text(r.ErrCode+": ")), vecty.Text(r.ErrMsg))
	}
	if r.Input != "" && r.Input != "{}" {
		input = elem.Preformatted(vecty.Markup(vecty.Class("log-input")), vecty.Text(clipCodePoints(r.Input, 2000)))
	}
	return elem.Div(vecty.Markup(vecty.Class("log-details")), why, errText, input)
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
			elem.Span(vecty.Markup(vecty.Class("decision", decisionClass(a))), vecty.Text(eventlog.DecisionText(a.Decision))),
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
		open := p.open[r.Seq]
		out = append(out, elem.TableRow(vecty.Markup(rowClass(r), vecty.Key(r.Seq), vecty.Data("seq", itoa(r.Seq)),
			vecty.MarkupIf(r.DecisionText() != "", vecty.Data("decision", r.DecisionText())),
			vecty.MarkupIf(r.Actor != "", vecty.Data("actor", r.Actor)), vecty.Data("count", itoa(r.Count))),
			elem.TableData(vecty.Markup(vecty.Class("num")), vecty.Text(itoa(r.Seq))),
			elem.TableData(vecty.Markup(vecty.Class("time")), vecty.Text(r.TimeText())),
			elem.TableData(vecty.Markup(vecty.Class("caller"), vecty.Attribute("title", r.CallerARN)), vecty.Text(caller), actor),
			elem.TableData(elem.Code(vecty.Markup(vecty.Class("op")), vecty.Text(r.OpText()))),
			elem.TableData(renderActions(r)),
			elem.TableData(renderResult(r)),
			elem.TableData(elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "log-expand"),
				vecty.Attribute("aria-expanded", boolText(open)), vecty.Attribute("aria-controls", "log-details-"+itoa(r.Seq)),
				event.Click(p.onToggle(r.Seq))), vecty.Text(expandLabel(open)))),
		))
		if open {
			out = append(out, elem.TableRow(vecty.Markup(vecty.Class("log-details-row"), vecty.Key(-r.Seq), prop.ID("log-details-"+itoa(r.Seq))),
				elem.TableData(vecty.Markup(vecty.Attribute("colspan", "7")), renderDetails(r))))
		}
	}
	return out
}

// Render draws the log.
func (p *LogPanel) Render() vecty.ComponentOrHTML {
	a := p.Store.Account()
	events := a.Events()
	all := eventlog.EventRows(events, a.Start().String()[:10])
	rows := p.filter.Apply(all)
	var note vecty.MarkupOrChild
	if len(rows) > maxLogRows {
		note = elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Showing the newest "+itoa(maxLogRows)+" of "+itoa(len(rows))+" calls; cloudplay.events() returns them all."))
		rows = rows[:maxLogRows]
	}
	empty := "No calls yet."
	if len(all) > 0 {
		empty = "No call matches these filters."
	}
	var body vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text(empty))
	if len(rows) > 0 {
		body = elem.Div(vecty.Markup(vecty.Class("table-wrap")),
			elem.Table(vecty.Markup(vecty.Class("log")),
				elem.Caption(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Every call, newest first")),
				elem.TableHead(elem.TableRow(
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("#")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Simulated time")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Caller")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Operation")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Actions and decisions")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Result")),
					elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Details"))),
				)),
				elem.TableBody(p.renderRows(rows)),
			))
	}
	return elem.Div(vecty.Markup(prop.ID("panel-log"), vecty.Class("panel", "log-panel")),
		elem.Heading2(vecty.Text("Event log")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Every call to the account, allowed, denied or failed, newest first. Times are simulated ("+a.Start().String()[:10]+")."),
		),
		vecty.If(len(all) > 0, p.renderFilters(all, len(rows))),
		note,
		body,
	)
}

func expandLabel(open bool) string {
	if open {
		return "Hide"
	}
	return "Details"
}
