//go:build js && wasm

package main

import (
	"strconv"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/prop"
)

// GoalList is the checklist of an exercise, under the header: the
// scenario's description and its goals, each ticked once done. It checks
// the goals again only when the account changed (GoalTracker), so
// re-rendering while the clock plays costs nothing. A scenario without
// goals shows nothing.
type GoalList struct {
	vecty.Core
	Store *Store `vecty:"prop"`

	tracker GoalTracker
}

func (g *GoalList) renderGoal(i int, title, detail string, done bool) *vecty.HTML {
	mark, state := "○", "not done"
	if done {
		mark, state = "✓", "done"
	}
	var why vecty.MarkupOrChild
	if !done && detail != "" {
		why = elem.Span(vecty.Markup(vecty.Class("goal-detail")), vecty.Text(detail))
	}
	return elem.ListItem(vecty.Markup(prop.ID("goal-"+strconv.Itoa(i)), vecty.Class("goal"), vecty.MarkupIf(done, vecty.Class("done")),
		vecty.Data("done", strconv.FormatBool(done))),
		elem.Span(vecty.Markup(vecty.Class("goal-mark"), vecty.Attribute("aria-hidden", "true")), vecty.Text(mark)),
		elem.Span(vecty.Markup(vecty.Class("goal-title")), vecty.Text(title)),
		elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text(" ("+state+")")),
		why,
	)
}

// Render draws the checklist.
func (g *GoalList) Render() vecty.ComponentOrHTML {
	m := g.Store.Meta()
	if len(m.Goals) == 0 {
		return elem.Div(vecty.Markup(vecty.Class("exercise-none")))
	}
	st := g.tracker.Statuses(g.Store.Account(), m.Goals)
	done := GoalsDone(st)
	items := vecty.List{}
	for i, s := range st {
		items = append(items, g.renderGoal(i, s.Title, s.Detail, s.Done))
	}
	summary := strconv.Itoa(done) + " of " + strconv.Itoa(len(st)) + " goals done"
	if done == len(st) {
		summary = "All " + strconv.Itoa(len(st)) + " goals done: well done!"
	}
	return elem.Section(vecty.Markup(prop.ID("exercise"), vecty.Class("exercise"), vecty.MarkupIf(done == len(st), vecty.Class("complete")),
		vecty.Attribute("aria-labelledby", "exercise-heading")),
		elem.Heading2(vecty.Markup(prop.ID("exercise-heading")), vecty.Text("Goals")),
		elem.Paragraph(vecty.Markup(vecty.Class("exercise-description")), vecty.Text(m.Description)),
		elem.UnorderedList(vecty.Markup(prop.ID("goals"), vecty.Class("goals")), items),
		elem.Paragraph(vecty.Markup(prop.ID("goals-summary"), vecty.Class("goals-summary"), vecty.Attribute("role", "status")), vecty.Text(summary)),
	)
}
