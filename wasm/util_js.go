//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/tracemodel"
	"strconv"

	"cloudplay/core/scenario"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
)

func itoa(n int) string { return strconv.Itoa(n) }

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// encodeLink returns the #s= value of the store's account.
func encodeLink(s *Store) string { return "s=" + scenario.EncodeLink(s.Export()) }

// renderError draws an AWS error where it happened: its code, its message
// and, for a denial, the evaluation trace.
func renderError(e *UIError) *vecty.HTML {
	var trace vecty.MarkupOrChild
	if _, ok := tracemodel.TraceModelOf(e.Trace); ok {
		trace = elem.Details(vecty.Markup(vecty.Class("refusal-trace")),
			elem.Summary(vecty.Text("Why was it refused?")),
			&TraceView{Trace: e.Trace},
		)
	}
	return elem.Div(vecty.Markup(vecty.Class("error"), vecty.Attribute("role", "alert")),
		elem.Strong(vecty.Markup(vecty.Class("error-code")), vecty.Text(e.Code)),
		vecty.Text(" "),
		elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(e.Message)),
		trace,
	)
}

// errorAt renders the store's error at where, or nothing.
func errorAt(s *Store, where string) vecty.MarkupOrChild {
	if e := s.ErrorAt(where); e != nil {
		return renderError(e)
	}
	return nil
}
