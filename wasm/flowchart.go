//go:build js && wasm

package main

import (
	"cloudplay/core/policy"
	"cloudplay/wasm/internal/flowchart"
	"cloudplay/wasm/internal/tracemodel"
	"strconv"
	"syscall/js"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
)

// FlowChart draws AWS's policy evaluation flowchart as SVG with the path a
// request took lit up, step by step: a requestAnimationFrame loop started
// in Mount (and again when the path changes) moves a token along the path
// and stops when it arrives or the chart is unmounted. The path and the
// animation's state are pure functions (PathOf, ProgressAt); the path is
// the one the evaluator reports in its trace, never worked out here.
//
// The steps follow
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
type FlowChart struct {
	vecty.Core
	Path flowchart.FlowPath `vecty:"prop"`

	sig      string
	start    float64 // timestamp of the first frame, -1 before it
	progress flowchart.FlowProgress
	raf      js.Value
	frameFn  js.Func
	mounted  bool
}

const (
	flowStepMs = 420.0
	svgNS      = "http://www.w3.org/2000/svg"
	flowRow    = 58.0
	flowTop    = 14.0
	flowBoxW   = 340.0
	flowBoxH   = 40.0
	flowExitX  = 410.0
	flowExitW  = 176.0
)

// flowChartOf draws the path of a trace, or says there is none to draw.
func flowChartOf(tr *policy.Trace) vecty.MarkupOrChild {
	p, ok := flowchart.PathOf(tr)
	if !ok {
		return elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("The evaluator reported no path for this decision."))
	}
	return &FlowChart{Path: p}
}

func (f *FlowChart) pathSig() string {
	s := f.Path.Final
	for _, v := range f.Path.Visits {
		s += "," + strconv.Itoa(int(v.Step)) + v.Outcome + strconv.FormatBool(v.Exits)
	}
	return s
}

func reducedMotion() bool {
	mm := js.Global().Get("matchMedia")
	return mm.Type() == js.TypeFunction && js.Global().Call("matchMedia", "(prefers-reduced-motion: reduce)").Get("matches").Bool()
}

// Mount starts the animation.
func (f *FlowChart) Mount() {
	f.mounted = true
	f.frameFn = js.FuncOf(f.frame)
	f.restart()
}

// Unmount stops it.
func (f *FlowChart) Unmount() {
	f.mounted = false
	if f.raf.Truthy() {
		js.Global().Call("cancelAnimationFrame", f.raf)
		f.raf = js.Undefined()
	}
	f.frameFn.Release()
}

func (f *FlowChart) restart() {
	f.sig = f.pathSig()
	f.start = -1
	f.progress = flowchart.FlowProgress{}
	if reducedMotion() {
		f.progress = flowchart.ProgressAt(len(f.Path.Visits), 0, 0)
		return
	}
	if f.mounted && !f.raf.Truthy() {
		f.raf = js.Global().Call("requestAnimationFrame", f.frameFn)
	}
}

func (f *FlowChart) frame(_ js.Value, args []js.Value) any {
	f.raf = js.Undefined()
	if !f.mounted {
		return nil
	}
	now := args[0].Float()
	if f.start < 0 {
		f.start = now
	}
	f.progress = flowchart.ProgressAt(len(f.Path.Visits), now-f.start, flowStepMs)
	vecty.Rerender(f)
	if !f.progress.Done {
		f.raf = js.Global().Call("requestAnimationFrame", f.frameFn)
	}
	return nil
}

func svg(tag string, attrs map[string]string, children ...vecty.MarkupOrChild) *vecty.HTML {
	m := []vecty.Applyer{vecty.Namespace(svgNS)}
	for k, v := range attrs {
		m = append(m, vecty.Attribute(k, v))
	}
	return vecty.Tag(tag, append([]vecty.MarkupOrChild{vecty.Markup(m...)}, children...)...)
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func stepY(i int) float64 { return flowTop + float64(i)*flowRow }

// points is the token's route: above the first step, each visited step,
// then the decision it reached.
func (f *FlowChart) points() []flowchart.Point {
	cx := 16 + flowBoxW/2
	ps := []flowchart.Point{{X: cx, Y: 0}}
	for _, v := range f.Path.Visits {
		ps = append(ps, flowchart.Point{X: cx, Y: stepY(int(v.Step)) + flowBoxH/2})
	}
	if f.Path.Exited() {
		last := f.Path.Visits[len(f.Path.Visits)-1]
		ps = append(ps, flowchart.Point{X: flowExitX + 14, Y: stepY(int(last.Step)) + flowBoxH/2})
	} else {
		ps = append(ps, flowchart.Point{X: 40, Y: stepY(int(flowchart.NumSteps)) + flowBoxH/2})
	}
	return ps
}

func outcomeText(o string) string {
	switch o {
	case flowchart.OutcomeNone:
		return "none"
	case flowchart.OutcomeSkipped:
		return "not modelled"
	}
	return o
}

func (f *FlowChart) renderStep(i int) vecty.List {
	st := flowchart.FlowSteps[i]
	y := stepY(i)
	lit, outcome, exits := false, "", false
	for k, v := range f.Path.Visits {
		if int(v.Step) == i && k < f.progress.Lit {
			lit, outcome, exits = true, v.Outcome, v.Exits
		}
	}
	cls := "flow-step"
	if i == int(flowchart.StepSCP) || i == int(flowchart.StepRCP) {
		cls += " flow-skipped"
	}
	if lit {
		cls += " flow-lit"
	}
	var answer vecty.MarkupOrChild
	if outcome != "" {
		answer = svg("text", map[string]string{"class": "flow-outcome", "x": ftoa(16 + flowBoxW - 10), "y": ftoa(y + 25), "text-anchor": "end"}, vecty.Text(outcomeText(outcome)))
	}
	out := vecty.List{
		svg("g", map[string]string{"class": cls, "data-step": st.Name},
			svg("rect", map[string]string{"x": "16", "y": ftoa(y), "width": ftoa(flowBoxW), "height": ftoa(flowBoxH), "rx": "6"}),
			svg("text", map[string]string{"x": "28", "y": ftoa(y + 25)}, vecty.Text(st.Question)),
			answer,
		),
	}
	out = append(out, svg("line", map[string]string{"class": "flow-edge", "x1": ftoa(16 + flowBoxW/2), "y1": ftoa(y + flowBoxH), "x2": ftoa(16 + flowBoxW/2), "y2": ftoa(y + flowRow)}))
	if st.Exit != "" {
		exit := f.Path.ExitDecision(flowchart.FlowStepID(i))
		ecls := "flow-exit flow-" + exit
		if exits && f.progress.Done {
			ecls += " flow-taken"
		}
		out = append(out,
			svg("line", map[string]string{"class": "flow-edge", "x1": ftoa(16 + flowBoxW), "y1": ftoa(y + flowBoxH/2), "x2": ftoa(flowExitX), "y2": ftoa(y + flowBoxH/2)}),
			svg("text", map[string]string{"class": "flow-answer", "x": ftoa(16 + flowBoxW + 8), "y": ftoa(y + flowBoxH/2 - 5)}, vecty.Text(st.ExitWhen)),
			svg("g", map[string]string{"class": ecls, "data-exit": st.Name},
				svg("rect", map[string]string{"x": ftoa(flowExitX), "y": ftoa(y), "width": ftoa(flowExitW), "height": ftoa(flowBoxH), "rx": "20"}),
				svg("text", map[string]string{"x": ftoa(flowExitX + flowExitW/2), "y": ftoa(y + 25), "text-anchor": "middle"}, vecty.Text(tracemodel.DecisionText(exit))),
			),
		)
	}
	return out
}

func (f *FlowChart) renderToken() *vecty.HTML {
	ps := f.points()
	p := ps[len(ps)-1]
	if !f.progress.Done {
		k := min(f.progress.Lit, len(ps)-2)
		p = flowchart.Lerp(ps[k], ps[k+1], f.progress.Frac)
	}
	return svg("circle", map[string]string{"class": "flow-token flow-" + f.Path.Final, "cx": ftoa(p.X), "cy": ftoa(p.Y), "r": "7"})
}

func (f *FlowChart) renderSummary() vecty.ComponentOrHTML {
	text := ""
	for _, v := range f.Path.Visits {
		text += flowchart.FlowSteps[v.Step].Question + " " + outcomeText(v.Outcome)
		if v.Note != "" && v.Step != flowchart.StepRCP {
			text += " (" + v.Note + ")"
		}
		text += ". "
	}
	text += "Decision: " + tracemodel.DecisionText(f.Path.Final) + "."
	return elem.Paragraph(vecty.Markup(vecty.Class("flow-summary")), vecty.Text(text))
}

// Render draws the chart.
func (f *FlowChart) Render() vecty.ComponentOrHTML {
	if f.sig != f.pathSig() {
		f.restart()
	}
	var parts vecty.List
	for i := range int(flowchart.NumSteps) {
		parts = append(parts, f.renderStep(i))
	}
	endY := stepY(int(flowchart.NumSteps))
	ecls := "flow-exit flow-allowed flow-end"
	if f.progress.Done && !f.Path.Exited() {
		ecls += " flow-taken flow-" + f.Path.Final
	}
	endLabel := "Allowed"
	if !f.Path.Exited() && f.Path.Final != "allowed" {
		endLabel = tracemodel.DecisionText(f.Path.Final)
	}
	parts = append(parts, svg("g", map[string]string{"class": ecls, "data-exit": "end"},
		svg("rect", map[string]string{"x": "16", "y": ftoa(endY), "width": ftoa(flowBoxW), "height": ftoa(flowBoxH), "rx": "20"}),
		svg("text", map[string]string{"x": ftoa(16 + flowBoxW/2), "y": ftoa(endY + 25), "text-anchor": "middle"}, vecty.Text(endLabel)),
	))
	parts = append(parts, f.renderToken())
	h := endY + flowBoxH + 8
	state := "running"
	if f.progress.Done {
		state = "done"
	}
	return elem.Figure(vecty.Markup(vecty.Class("flowchart"), vecty.Data("final", f.Path.Final), vecty.Data("state", state)),
		svg("svg", map[string]string{"viewBox": "0 0 600 " + ftoa(h), "role": "img", "aria-label": "AWS policy evaluation flowchart with this request's path"}, parts),
		elem.FigureCaption(f.renderSummary()),
	)
}
