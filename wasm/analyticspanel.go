//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/analytics"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/prop"
)

// AnalyticsSection is the part of a stream's card in the Streams panel
// that shows the Kinesis Data Analytics (SQL) applications reading the
// stream — retired by AWS, kept as a teaching model and labelled so —
// with their status, SQL code, in-application streams and latest rows
// (live, from the account's view), Start and Stop, and a form that creates
// one from the two scenarios' queries. Every change is a kinesisanalytics:
// operation as the acting principal; a SQL error is shown at its line and
// column under the learner's code, which the form keeps. The model is
// wasm/internal/analytics; the view is analyticspanel_view.go.
type AnalyticsSection struct {
	vecty.Core
	Store  *Store `vecty:"prop"`
	Stream string `vecty:"prop"`
	// Firehose makes the section the one of a Firehose delivery stream's
	// card: the applications whose input is the delivery stream named
	// Stream, without the create form (which reads a Kinesis stream).
	Firehose bool `vecty:"prop"`

	// The create form's state, kept across renders (Vecty keeps the
	// component and copies only its props): the template picked, and the
	// name and code it filled in (the learner's edits live in the DOM
	// until submitted, then here).
	template, name, code string
	// sent is the code of the last create, which a SQL error points into.
	sent string
}

func (s *AnalyticsSection) where(what string) string { return "analytics:" + s.Stream + ":" + what }

func (s *AnalyticsSection) call(where, op string, input []byte) bool {
	a := &CallOp{Op: op, Input: input, Where: where}
	s.Store.Dispatch(a)
	return a.Err == nil
}

// form returns the create form's state, the first template when unset.
func (s *AnalyticsSection) form() (template, name, code string) {
	if s.template == "" {
		t := analytics.Templates[0]
		s.template, s.name, s.code = t.ID, t.AppName, t.Code
	}
	return s.template, s.name, s.code
}

func (s *AnalyticsSection) onTemplate(e *vecty.Event) {
	t := analytics.TemplateByID(e.Target.Get("value").String())
	s.template, s.name, s.code = t.ID, t.AppName, t.Code
	vecty.Rerender(s)
}

func (s *AnalyticsSection) onCreate(e *vecty.Event) {
	f := analytics.CreateForm{Name: formValue(e, "ApplicationName"), Template: s.template, Code: formValue(e, "ApplicationCode"),
		RoleARN: formValue(e, "RoleARN"), Output: formValue(e, "Output")}
	s.name, s.code, s.sent = f.Name, f.Code, f.Code
	v := s.Store.View()
	s.call(s.where("create"), "kinesisanalytics:CreateApplication", analytics.CreateInput(f, v.Account, v.Region, s.Stream))
	vecty.Rerender(s)
}

func (s *AnalyticsSection) onStart(c analytics.Card) func(*vecty.Event) {
	return func(e *vecty.Event) {
		s.call(s.where("app:"+c.Name), "kinesisanalytics:StartApplication", analytics.StartInputAt(c, formValue(e, "InputStartingPosition")))
	}
}

func (s *AnalyticsSection) onStop(c analytics.Card) func(*vecty.Event) {
	return func(*vecty.Event) {
		s.call(s.where("app:"+c.Name), "kinesisanalytics:StopApplication", c.StopInput)
	}
}

// Render draws the section.
func (s *AnalyticsSection) Render() vecty.ComponentOrHTML {
	v := s.Store.View()
	kind := "KinesisStreams"
	if s.Firehose {
		kind = "KinesisFirehose"
	}
	cards := analytics.CardsFor(v.Analytics, kind, s.Stream, v.Now)
	apps := vecty.List{keyedSentinel(elem.ListItem)}
	for _, c := range cards {
		apps = append(apps, s.renderApp(c))
	}
	retired := elem.Paragraph(vecty.Markup(vecty.Class("analytics-retired")),
		elem.Strong(vecty.Text("Retired by AWS. ")), vecty.Text(analytics.Retired+". "),
		elem.Anchor(vecty.Markup(prop.Href(analytics.RetiredURL), vecty.Attribute("target", "_blank"), vecty.Attribute("rel", "noopener")),
			vecty.Text("AWS's announcement")),
		vecty.Text(" The playground keeps it as a teaching model."))
	// While no application reads the stream, the section is only its
	// (folded) create form, the label inside: a stream card stays short.
	return elem.Section(vecty.Markup(vecty.Class("analytics"), vecty.MarkupIf(len(cards) == 0, vecty.Class("analytics-none")), vecty.Data("analyticsFor", s.Stream),
		vecty.Attribute("aria-label", "Kinesis Data Analytics applications reading "+s.Stream)),
		elem.Div(vecty.Markup(vecty.Class("analytics-head")),
			vecty.If(len(cards) > 0, elem.Heading4(vecty.Text("Kinesis Data Analytics (SQL)"))),
			vecty.If(len(cards) > 0, retired)),
		elem.UnorderedList(vecty.Markup(vecty.Class("analytics-apps"), vecty.Attribute("aria-label", "Applications reading "+s.Stream)), apps),
		vecty.If(!s.Firehose, s.renderCreate(len(cards) == 0, retired)),
	)
}
