//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/tracemodel"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
)

// TraceView draws an evaluation trace (CONTRACT.md "The explanation
// (Trace)"): the decision, the deciding statements, and every policy and
// statement considered with whether it matched and, if not, why.
type TraceView struct {
	vecty.Core
	// Trace is a *policy.Trace, a policy.Trace, or its JSON-decoded form.
	Trace any `vecty:"prop"`
	// Policies maps a PolicyId to its document text (optional): each
	// policy then offers its text with its deciding statements marked.
	Policies map[string]string `vecty:"prop"`
}

func decisionBadge(d string) *vecty.HTML {
	return elem.Span(vecty.Markup(vecty.Class("decision", "decision-"+d)), vecty.Text(tracemodel.DecisionText(d)))
}

func (t *TraceView) renderDeciding(m tracemodel.TraceModel) *vecty.HTML {
	if len(m.Deciding) == 0 {
		why := "No statement allowed this request, so it is implicitly denied (the default)."
		if m.Decision == "allowed" {
			why = "Allowed without a deciding statement."
		}
		return elem.Paragraph(vecty.Markup(vecty.Class("trace-why")), vecty.Text(why))
	}
	verb := "Allowed by "
	if m.Decision == "explicitDeny" {
		verb = "Denied by "
	}
	var items vecty.List
	for _, s := range m.Deciding {
		items = append(items, elem.ListItem(
			elem.Strong(vecty.Text(s.Label())), vecty.Text(" ("+s.Effect+", "+s.Lines()+") in "),
			elem.Code(vecty.Text(s.PolicyID)),
		))
	}
	return elem.Div(vecty.Markup(vecty.Class("trace-why")),
		elem.Paragraph(vecty.Text(verb+plural(len(m.Deciding), "statement:", "statements:"))),
		elem.UnorderedList(vecty.Markup(vecty.Class("trace-deciding")), items))
}

func renderStatement(s tracemodel.TraceStatement) *vecty.HTML {
	reason := s.Reason
	if reason == "" && s.Matched {
		reason = "Every element matches."
	}
	return elem.ListItem(vecty.Markup(
		vecty.Class("trace-stmt"), vecty.MarkupIf(s.Matched, vecty.Class("matched")), vecty.MarkupIf(s.Deciding, vecty.Class("deciding")),
	),
		elem.Span(vecty.Markup(vecty.Class("stmt-label")), vecty.Text(s.Label())),
		elem.Span(vecty.Markup(vecty.Class("effect", "effect-"+s.Effect)), vecty.Text(s.Effect)),
		elem.Span(vecty.Markup(vecty.Class("stmt-outcome")), vecty.Text(s.Outcome())),
		elem.Span(vecty.Markup(vecty.Class("stmt-lines")), vecty.Text(s.Lines())),
		elem.Span(vecty.Markup(vecty.Class("stmt-reason")), vecty.Text(reason)),
	)
}

func (t *TraceView) renderPolicy(p tracemodel.TracePolicy) *vecty.HTML {
	var stmts vecty.List
	for _, s := range p.Statements {
		stmts = append(stmts, renderStatement(s))
	}
	var text vecty.MarkupOrChild
	if doc, ok := t.Policies[p.ID]; ok {
		text = elem.Details(elem.Summary(vecty.Text("Show the policy")), renderPolicyText(doc, p.Highlights()))
	}
	return elem.ListItem(vecty.Markup(vecty.Class("trace-policy"), vecty.MarkupIf(p.Deciding, vecty.Class("deciding"))),
		elem.Div(vecty.Markup(vecty.Class("trace-policy-head")),
			elem.Code(vecty.Markup(vecty.Class("policy-id")), vecty.Text(p.ID)),
			elem.Span(vecty.Markup(vecty.Class("policy-type")), vecty.Text(p.Type)),
		),
		elem.OrderedList(vecty.Markup(vecty.Class("trace-stmts")), stmts),
		text,
	)
}

// renderPolicyText shows a policy read-only with the highlighted lines
// marked (until the policy editor can show it read-only).
func renderPolicyText(doc string, hs []tracemodel.Highlight) *vecty.HTML {
	var lines vecty.List
	for _, l := range tracemodel.PolicyLines(doc, hs) {
		lines = append(lines, elem.Span(vecty.Markup(vecty.Class("pl"), vecty.MarkupIf(l.Marked, vecty.Class("pl-mark"))),
			elem.Span(vecty.Markup(vecty.Class("pl-n"), vecty.Attribute("aria-hidden", "true")), vecty.Text(itoa(l.N))),
			vecty.Text(l.Text+"\n")))
	}
	return elem.Preformatted(vecty.Markup(vecty.Class("policy-text")), lines)
}

// Render draws the trace.
func (t *TraceView) Render() vecty.ComponentOrHTML {
	m, ok := tracemodel.TraceModelOf(t.Trace)
	if !ok {
		return elem.Div(vecty.Markup(vecty.Class("trace-view", "trace-empty")), vecty.Text("No explanation available."))
	}
	var pols vecty.List
	for _, p := range m.Policies {
		pols = append(pols, t.renderPolicy(p))
	}
	var body vecty.MarkupOrChild = elem.OrderedList(vecty.Markup(vecty.Class("trace-policies")), pols)
	if len(m.Policies) == 0 {
		body = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No policy applies to this principal."))
	}
	return elem.Div(vecty.Markup(vecty.Class("trace-view"), vecty.Data("decision", m.Decision)),
		elem.Paragraph(vecty.Markup(vecty.Class("trace-decision")), vecty.Text("Decision: "), decisionBadge(m.Decision)),
		t.renderDeciding(m),
		elem.Heading4(vecty.Markup(vecty.Class("trace-h")), vecty.Text("Every policy considered ("+itoa(len(m.Policies))+")")),
		body,
	)
}
