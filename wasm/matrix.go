//go:build js && wasm

package main

import (
	"maps"
	"slices"

	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/matrix"
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/tracemodel"
	"fmt"
	"strings"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// MatrixView is the access matrix: the account's principals × actions,
// each action on its own resource (from the action's resource type in the
// catalog: the first resource of that type in the account, editable in the
// column header), each cell the decision of iam:SimulatePrincipalPolicy
// made as the acting principal, with the bucket policy of an S3 resource
// included (simulate.Session).
// It recomputes, off the event handler, whenever the account changes; a
// click on a cell explains that decision below the matrix.
type MatrixView struct {
	vecty.Core
	Store *Store `vecty:"prop"`

	actions string
	edited  map[string]string // resources the learner chose, by action
	groups  bool
	// noResourcePolicy: "Include resource policies" is off.
	noResourcePolicy bool

	key       string // what the matrix was computed for
	computing bool
	matrix    matrix.Matrix
	clipped   int
	texts     map[string]string
	selRow    int
	selCol    int
}

// maxMatrixActions bounds the matrix's columns.
const maxMatrixActions = 40

func (v *MatrixView) actionsText() string {
	if v.actions == "" {
		return strings.Join(matrix.DefaultMatrixActions, ", ")
	}
	return v.actions
}

// Mount asks for the catalog: the columns' resources come from it.
func (v *MatrixView) Mount() {
	if v.Store.Catalog() == nil {
		requestCatalog(func() { vecty.Rerender(v) })
	}
}

func (v *MatrixView) columns() []matrix.Column {
	return matrix.Columns(v.expanded().Actions, v.Store.Catalog(), v.Store.View(), v.edited)
}

func (v *MatrixView) editedKey() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(v.edited)) {
		b.WriteString(k + "=" + v.edited[k] + ";")
	}
	return b.String()
}

func (v *MatrixView) expanded() simulate.ActionList {
	var expand func(string) []string
	if c := v.Store.Catalog(); c != nil {
		expand = func(p string) []string {
			var out []string
			for _, a := range c.Actions(p) {
				out = append(out, a.String())
			}
			return out
		}
	}
	l := simulate.ExpandActions(simulate.SplitList(v.actionsText()), expand)
	if len(l.Actions) > maxMatrixActions {
		l.Clipped += len(l.Actions) - maxMatrixActions
		l.Actions = l.Actions[:maxMatrixActions]
	}
	return l
}

// inputKey names everything the matrix depends on: the account (replaced
// by load/undo, changed by each journaled call), who asks, and the form.
func (v *MatrixView) inputKey() string {
	a := v.Store.Account()
	return fmt.Sprintf("%p|%d|%s|%s|%s|%t|%t|%t", a, len(a.Journal()), v.Store.ActingAs(), v.editedKey(), v.actionsText(), v.groups,
		v.noResourcePolicy, v.Store.Catalog() != nil)
}

// compute runs the simulations in a goroutine (never in Render or an event
// handler) and redraws; if the inputs changed meanwhile it runs again.
func (v *MatrixView) compute() {
	for {
		key := v.inputKey()
		list := v.expanded()
		cols := v.columns()
		ps := matrix.MatrixPrincipals(v.Store.View(), v.groups)
		session := newSession(v.Store, !v.noResourcePolicy)
		answers := map[string]simulate.Outcome{}
		for _, p := range ps {
			answers[p.ARN] = session.Simulate(p.ARN, p.Kind, matrix.Pairs(cols), nil)
		}
		v.matrix = matrix.BuildMatrix(cols, ps, answers)
		v.clipped = list.Clipped
		v.texts = tracemodel.PolicyTexts(v.Store.View(), "")
		v.key = key
		if v.inputKey() == key {
			break
		}
	}
	v.computing = false
	vecty.Rerender(v)
}

func (v *MatrixView) onActions(e *vecty.Event) { v.actions = e.Target.Get("value").String() }

// onColumnResource sets the resource of an action's column ("" goes back
// to the one the catalog and the account give).
func (v *MatrixView) onColumnResource(action string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		r := strings.TrimSpace(e.Target.Get("value").String())
		edited := maps.Clone(v.edited)
		if edited == nil {
			edited = map[string]string{}
		}
		if r == "" {
			delete(edited, action)
		} else {
			edited[action] = r
		}
		v.edited = edited
		vecty.Rerender(v)
	}
}

func (v *MatrixView) onResourcePolicy(e *vecty.Event) {
	v.noResourcePolicy = !e.Target.Get("checked").Bool()
	vecty.Rerender(v)
}

func (v *MatrixView) onGroups(e *vecty.Event) {
	v.groups = e.Target.Get("checked").Bool()
	vecty.Rerender(v)
}

func (v *MatrixView) onSubmit(*vecty.Event) { vecty.Rerender(v) }

func (v *MatrixView) onCell(i, j int) func(*vecty.Event) {
	return func(*vecty.Event) {
		if v.selRow == i && v.selCol == j {
			v.selRow = -1 // a second click closes it
		} else {
			v.selRow, v.selCol = i, j
		}
		vecty.Rerender(v)
	}
}

func (v *MatrixView) renderForm() *vecty.HTML {
	l := v.expanded()
	var notes vecty.List
	for _, e := range l.Entries {
		if e.Expanded {
			notes = append(notes, elem.ListItem(elem.Code(vecty.Text(e.Pattern)), vecty.Text(" → "+plural(len(e.Actions), "action", "actions"))))
		}
	}
	if l.Clipped > 0 {
		notes = append(notes, elem.ListItem(vecty.Text("only the first "+itoa(maxMatrixActions)+" actions are shown ("+itoa(l.Clipped)+" left out)")))
	}
	var note vecty.MarkupOrChild
	if len(notes) > 0 {
		note = elem.UnorderedList(vecty.Markup(vecty.Class("hint", "sim-expansion")), notes)
	}
	return elem.Form(vecty.Markup(prop.ID("matrix-form"), vecty.Class("card", "form", "sim-form"), event.Submit(v.onSubmit).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("sim-fields")),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For("matrix-actions")), vecty.Text("Actions")),
				elem.Input(vecty.Markup(prop.ID("matrix-actions"), prop.Type(prop.TypeText), prop.Value(v.actionsText()),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("spellcheck", "false"), event.Input(v.onActions))),
			),
		),
		note,
		resourceSuggestions(v.Store, "matrix-resource-arns"),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Label(vecty.Markup(vecty.Class("check")),
				elem.Input(vecty.Markup(prop.Type(prop.TypeCheckbox), prop.ID("matrix-groups"), prop.Checked(v.groups), event.Change(v.onGroups))),
				vecty.Text(" Groups too")),
			elem.Label(vecty.Markup(vecty.Class("check")),
				elem.Input(vecty.Markup(prop.Type(prop.TypeCheckbox), prop.ID("matrix-resource-policy"), prop.Checked(!v.noResourcePolicy), event.Change(v.onResourcePolicy))),
				vecty.Text(" Include resource policies")),
			elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("matrix-run")), vecty.Text("Show")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:SimulatePrincipalPolicy as "+eventlog.ShortPrincipal(v.Store.ActingAs()))),
		),
	)
}

func shortDecision(d string) string {
	switch d {
	case "allowed":
		return "✓ allowed"
	case "explicitDeny":
		return "✗ explicit deny"
	case "implicitDeny":
		return "– implicit deny"
	}
	return d
}

func (v *MatrixView) renderCell(i, j int, r matrix.MatrixRow) *vecty.HTML {
	if r.Err != nil {
		return elem.TableData(vecty.Markup(vecty.Class("mcell", "refused")), vecty.Text("refused"))
	}
	c := r.Cells[j]
	if c.Decision == "" {
		return elem.TableData(vecty.Markup(vecty.Class("mcell")), vecty.Text("…"))
	}
	sel := i == v.selRow && j == v.selCol
	col := v.matrix.Columns[j]
	label := r.Principal.Name + " " + col.Action + " on " + col.Resource + ": " + tracemodel.DecisionText(c.Decision)
	mark := ""
	if len(c.Missing) > 0 {
		mark = " *"
		label += " (missing context: " + strings.Join(c.Missing, ", ") + ")"
	}
	return elem.TableData(vecty.Markup(vecty.Class("mcell")),
		elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("decision", "decision-"+c.Decision),
			vecty.Data("decision", c.Decision), vecty.Attribute("aria-label", label), vecty.Attribute("title", label),
			vecty.Attribute("aria-pressed", boolText(sel)), vecty.Attribute("aria-controls", "matrix-detail"), event.Click(v.onCell(i, j))),
			vecty.Text(shortDecision(c.Decision)+mark)))
}

func (v *MatrixView) renderTable() *vecty.HTML {
	m := v.matrix
	head := vecty.List{elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Principal"))}
	for _, c := range m.Columns {
		svc, name, _ := strings.Cut(c.Action, ":")
		typ := "no resource type"
		if c.Type != "" {
			typ = c.Type
		}
		head = append(head, elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col"), vecty.Class("action-col"), vecty.Data("action", c.Action)),
			elem.Span(vecty.Markup(vecty.Class("svc")), vecty.Text(svc+":")), elem.Span(vecty.Text(name)),
			elem.Input(vecty.Markup(prop.Type(prop.TypeText), vecty.Class("col-resource"), prop.Value(c.Resource),
				vecty.Attribute("aria-label", "Resource for "+c.Action+" ("+typ+")"), vecty.Attribute("title", c.Resource+" ("+typ+")"),
				vecty.Attribute("list", "matrix-resource-arns"), vecty.Attribute("spellcheck", "false"), vecty.Attribute("autocomplete", "off"),
				event.Change(v.onColumnResource(c.Action)))),
		))
	}
	// The sentinel keeps the first principal's row in place across renders,
	// so its cells keep the focus when the matrix redraws.
	rows := vecty.List{keyedSentinel(elem.TableRow)}
	for i, r := range m.Rows {
		cells := vecty.List{elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "row"), vecty.Class("user-name")),
			vecty.Text(r.Principal.Name), elem.Small(vecty.Markup(vecty.Class("kind")), vecty.Text(" "+r.Principal.Kind)))}
		for j := range m.Columns {
			cells = append(cells, v.renderCell(i, j, r))
		}
		rows = append(rows, elem.TableRow(vecty.Markup(vecty.Key(r.Principal.ARN), vecty.Data("principal", r.Principal.Name)), cells))
	}
	return elem.Div(vecty.Markup(vecty.Class("table-wrap")),
		elem.Table(vecty.Markup(vecty.Class("grid", "matrix-grid"), prop.ID("matrix-grid")),
			elem.Caption(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Decisions of each principal for each action on the resource in its header; choose a cell to see why")),
			elem.TableHead(elem.TableRow(head)),
			elem.TableBody(rows),
		))
}

// renderDetail draws the chosen cell's explanation in #matrix-detail, an
// element that is always there (empty until a cell is chosen), as the
// cells' aria-controls must name an element that exists.
func (v *MatrixView) renderDetail() vecty.MarkupOrChild {
	return elem.Div(vecty.Markup(prop.ID("matrix-detail")), v.renderChosen())
}

func (v *MatrixView) renderChosen() vecty.MarkupOrChild {
	m := v.matrix
	if v.selRow < 0 || v.selRow >= len(m.Rows) || v.selCol >= len(m.Columns) || m.Rows[v.selRow].Err != nil {
		return nil
	}
	r := m.Rows[v.selRow]
	c := r.Cells[v.selCol]
	if c.Decision == "" {
		return nil
	}
	return elem.Section(vecty.Markup(vecty.Class("sim-detail")),
		elem.Heading3(vecty.Text("Why "+r.Principal.Name+" "+m.Columns[v.selCol].Action+" on "+m.Columns[v.selCol].Resource+" is "), decisionBadge(c.Decision)),
		elem.Div(vecty.Markup(vecty.Class("sim-why", "one")),
			flowChartOf(c.Trace),
		),
		&TraceView{Trace: c.Trace, Policies: withResourcePolicy(v.texts, simulate.SimResult{ResourcePolicy: c.ResourcePolicy})},
	)
}

func (v *MatrixView) renderRefusal() vecty.MarkupOrChild {
	e, n := v.matrix.FirstError()
	if e == nil {
		return nil
	}
	return elem.Div(vecty.Markup(prop.ID("matrix-error")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text(itoa(n)+" of "+itoa(len(v.matrix.Rows))+" simulations were refused to "+eventlog.ShortPrincipal(v.Store.ActingAs())+":")),
		renderError(e))
}

// renderNotes says what the columns' resources mean where it needs saying,
// and which bucket policies were included.
func (v *MatrixView) renderNotes() vecty.MarkupOrChild {
	var items vecty.List
	for _, c := range v.matrix.Columns {
		if c.Note != "" {
			items = append(items, elem.ListItem(vecty.Markup(vecty.Class("col-note"), vecty.Data("action", c.Action)), elem.Code(vecty.Text(c.Action)), vecty.Text(": "+c.Note)))
		}
	}
	return elem.Div(vecty.Markup(prop.ID("matrix-notes")),
		renderResourcePolicies(v.matrix.Policies, v.Store.ActingAs()),
		vecty.If(len(items) > 0, elem.UnorderedList(vecty.Markup(vecty.Class("hint")), items)))
}

// renderLegend explains the marks when a cell has one.
func (v *MatrixView) renderLegend() vecty.MarkupOrChild {
	for _, r := range v.matrix.Rows {
		for _, c := range r.Cells {
			if len(c.Missing) > 0 {
				return elem.Paragraph(vecty.Markup(vecty.Class("matrix-legend")),
					vecty.Text("* the policies test context keys this simulation does not give (see the cell's explanation); a condition on them may have failed for that reason."))
			}
		}
	}
	return nil
}

// Render draws the matrix, starting a computation when its inputs changed.
func (v *MatrixView) Render() vecty.ComponentOrHTML {
	if v.key == "" {
		v.selRow = -1
	}
	stale := v.inputKey() != v.key
	if stale && !v.computing {
		v.computing = true
		go v.compute()
	}
	var body vecty.MarkupOrChild
	if len(v.matrix.Rows) > 0 {
		body = elem.Div(v.renderRefusal(), v.renderNotes(), v.renderTable(), v.renderLegend(), v.renderDetail())
	} else if v.key != "" {
		body = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("The account has no users or roles."))
	}
	state := "ready"
	if stale {
		state = "computing"
	}
	return elem.Section(vecty.Markup(prop.ID("matrix"), vecty.Class("matrix"), vecty.Data("state", state)),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Access matrix")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Who may do what: each cell is iam:SimulatePrincipalPolicy's decision for that principal and action. Choose a cell to see why. It follows every change to the account.")),
		v.renderForm(),
		elem.Div(vecty.Markup(vecty.Class("matrix-body"), vecty.Attribute("aria-busy", boolText(stale))), body),
	)
}
