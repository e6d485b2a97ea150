//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/analytics"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The Analytics section's application cards and create form
// (AnalyticsSection's renderApp and renderCreate).

func (s *AnalyticsSection) renderApp(c analytics.Card) *vecty.HTML {
	id := "ka-" + s.Stream + "-" + c.Name
	var window, lastErr, outputs vecty.MarkupOrChild
	if c.Window != "" {
		window = elem.Paragraph(vecty.Markup(vecty.Class("analytics-window")),
			elem.Meter(vecty.Markup(vecty.Property("min", 0), vecty.Property("max", 100), vecty.Property("value", c.WindowPct),
				vecty.Attribute("aria-label", "How far the simulated clock is through the open tumbling window"))),
			vecty.Text(" "+c.Window+" (its rows come out when the clock passes its end)"))
	}
	if c.LastError != "" {
		lastErr = elem.Paragraph(vecty.Markup(vecty.Class("actor-error", "analytics-error")), vecty.Text(c.LastError))
	}
	var errStream vecty.MarkupOrChild
	if len(c.Errors) > 0 {
		var items vecty.List
		for _, e := range c.Errors {
			items = append(items, elem.ListItem(vecty.Text(e)))
		}
		errStream = elem.Details(vecty.Markup(vecty.Class("analytics-error-stream")),
			elem.Summary(vecty.Text("Error stream (latest first)")), elem.UnorderedList(items))
	}
	if len(c.Outputs) > 0 {
		var items vecty.List
		for _, o := range c.Outputs {
			items = append(items, elem.ListItem(vecty.Text(o)))
		}
		outputs = elem.UnorderedList(vecty.Markup(vecty.Class("analytics-outputs")), items)
	}
	var control *vecty.HTML
	if c.CanStop {
		control = elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "analytics-stop"), vecty.Attribute("aria-label", "Stop "+c.Name),
				event.Click(s.onStop(c))), vecty.Text("Stop")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesisanalytics:StopApplication")))
	} else {
		control = elem.Form(vecty.Markup(vecty.Class("form", "row", "analytics-start"), event.Submit(s.onStart(c)).PreventDefault()),
			field(id+"-pos", "Start reading from", elem.Select(vecty.Markup(prop.ID(id+"-pos"), prop.Name("InputStartingPosition")),
				option("NOW", "Now", true), option("TRIM_HORIZON", "The oldest record", false), option("LAST_STOPPED_POINT", "Where it stopped", false))),
			elem.Button(vecty.Markup(prop.Type("submit"), vecty.Property("disabled", !c.CanStart), vecty.Attribute("aria-label", "Start "+c.Name)), vecty.Text("Start")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesisanalytics:StartApplication")))
	}
	tables := vecty.List{}
	for _, t := range c.Streams {
		tables = append(tables, renderRows(t))
	}
	return elem.ListItem(vecty.Markup(vecty.Key(c.Name), vecty.Class("analytics-app", "status-"+c.Status), vecty.Data("app", c.Name), vecty.Data("status", c.Status)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Strong(vecty.Markup(vecty.Class("analytics-name")), vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("analytics-status", "status-"+c.Status)), vecty.Text(c.Status)),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("analytics-facts")), vecty.Text("Input: "+c.Input+" · "+c.Facts)),
		elem.Div(vecty.Markup(vecty.Class("analytics-window-box")), window),
		elem.Div(vecty.Markup(vecty.Class("analytics-outputs-box")), outputs),
		elem.Div(vecty.Markup(vecty.Class("analytics-error-box")), lastErr),
		elem.Div(vecty.Markup(vecty.Class("analytics-refusal-box")), errorAt(s.Store, s.where("app:"+c.Name))),
		elem.Div(vecty.Markup(vecty.Class("analytics-error-stream-box")), errStream),
		elem.Div(vecty.Markup(vecty.Class("analytics-control")), control),
		elem.Details(vecty.Markup(vecty.Class("analytics-code")),
			elem.Summary(vecty.Text("SQL code")),
			elem.Preformatted(vecty.Markup(vecty.Attribute("role", "region"), vecty.Attribute("aria-label", "SQL code of "+c.Name), vecty.Attribute("tabindex", "0")),
				elem.Code(vecty.Text(c.Code)))),
		elem.Div(vecty.Markup(vecty.Class("analytics-streams")), tables),
	)
}

// renderRows is an in-application stream's latest rows as a table,
// newest first.
func renderRows(t analytics.Table) *vecty.HTML {
	var head vecty.List
	for _, c := range t.Columns {
		head = append(head, elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text(c)))
	}
	var rows vecty.List
	for _, r := range t.Rows {
		var cells vecty.List
		for _, v := range r {
			cells = append(cells, elem.TableData(vecty.Text(v)))
		}
		rows = append(rows, elem.TableRow(cells))
	}
	var empty vecty.MarkupOrChild
	if len(t.Rows) == 0 {
		empty = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No rows yet."))
	}
	return elem.Div(vecty.Markup(vecty.Class("analytics-table"), vecty.Data("inAppStream", t.Name), vecty.Attribute("role", "region"),
		vecty.Attribute("aria-label", t.Name+" rows"), vecty.Attribute("tabindex", "0")),
		elem.Table(
			elem.Caption(elem.Code(vecty.Text(t.Name)), vecty.Text(" · "+t.Emitted+" · latest first")),
			elem.TableHead(elem.TableRow(head)),
			elem.TableBody(rows),
		),
		empty,
	)
}

// renderCreate is the create form: a template (one of the scenarios'
// queries), the name, the role, an output stream and the code.
func (s *AnalyticsSection) renderCreate(withLabel bool, label *vecty.HTML) *vecty.HTML {
	template, name, code := s.form()
	v := s.Store.View()
	id := "ka-new-" + s.Stream
	var templates vecty.List
	for _, t := range analytics.Templates {
		templates = append(templates, option(t.ID, t.Label, t.ID == template))
	}
	var roles, streams vecty.List
	for _, r := range v.IAM.Roles {
		roles = append(roles, elem.Option(vecty.Markup(vecty.Key(r.ARN), prop.Value(r.ARN))))
	}
	for _, st := range v.Streams.Streams {
		if st.Name != s.Stream {
			streams = append(streams, elem.Option(vecty.Markup(vecty.Key(st.Name), prop.Value(st.Name))))
		}
	}
	where := s.where("create")
	var sqlErr vecty.MarkupOrChild
	if e := s.Store.ErrorAt(where); e != nil && e.Code == "CodeValidationException" {
		if ce, ok := analytics.ErrorIn(s.sent, e.Message); ok {
			sqlErr = elem.Preformatted(vecty.Markup(vecty.Class("analytics-sql-error"), vecty.Attribute("role", "region"),
				vecty.Attribute("aria-label", "The error in the code"), vecty.Attribute("tabindex", "0")),
				vecty.Text("line "+itoa(ce.Line)+": "+ce.Text+"\n"+spaces(len("line : ")+len(itoa(ce.Line)))+ce.Caret()))
		}
	}
	return elem.Details(vecty.Markup(vecty.Class("analytics-create")),
		elem.Summary(vecty.Text("Create a Kinesis Data Analytics application reading "+s.Stream)),
		elem.Div(vecty.Markup(vecty.Class("analytics-create-label")), vecty.If(withLabel, label)),
		elem.Form(vecty.Markup(vecty.Class("form"), event.Submit(s.onCreate).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("row")),
				field(id+"-tpl", "Query", elem.Select(vecty.Markup(prop.ID(id+"-tpl"), event.Change(s.onTemplate)), templates)),
				field(id+"-name", "Application name", elem.Input(vecty.Markup(prop.ID(id+"-name"), prop.Name("ApplicationName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), prop.Value(name)))),
			),
			elem.Div(vecty.Markup(vecty.Class("row")),
				field(id+"-role", "Role", elem.Input(vecty.Markup(prop.ID(id+"-role"), prop.Name("RoleARN"), prop.Type(prop.TypeText),
					vecty.Attribute("list", id+"-roles"), vecty.Attribute("autocomplete", "off"), prop.Placeholder("arn:aws:iam::…:role/AnalyticsRole"),
					vecty.Attribute("title", "Its trust policy must let kinesisanalytics.amazonaws.com assume it; creating needs iam:PassRole")))),
				elem.DataList(vecty.Markup(prop.ID(id+"-roles")), roles),
				field(id+"-out", "Output stream (optional)", elem.Input(vecty.Markup(prop.ID(id+"-out"), prop.Name("Output"), prop.Type(prop.TypeText),
					vecty.Attribute("list", id+"-outs"), vecty.Attribute("autocomplete", "off"), prop.Placeholder("e.g. delayed-trucks")))),
				elem.DataList(vecty.Markup(prop.ID(id+"-outs")), streams),
			),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For(id+"-code")), vecty.Text("SQL code")),
				elem.TextArea(vecty.Markup(prop.ID(id+"-code"), prop.Name("ApplicationCode"), vecty.Class("analytics-code-input"),
					vecty.Attribute("rows", "8"), vecty.Attribute("spellcheck", "false"), prop.Value(code))),
			),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("analytics-create-go")), vecty.Text("Create application")),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesisanalytics:CreateApplication · input SOURCE_SQL_STREAM_001 from "+s.Stream)),
			),
			elem.Div(vecty.Markup(vecty.Class("analytics-create-errors")), errorAt(s.Store, where)),
			elem.Div(vecty.Markup(vecty.Class("analytics-create-sql-error")), sqlErr),
		),
	)
}

func spaces(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
