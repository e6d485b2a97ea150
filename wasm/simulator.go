//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"cloudplay/wasm/internal/matrix"
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/tracemodel"
	"strings"
	"syscall/js"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// SimulatorView is the request simulator: it asks iam:SimulatePrincipalPolicy,
// as the acting principal, whether a principal may call actions on
// resources, draws the decisions as a table and explains the chosen one:
// AWS's evaluation flowchart with the request's path, the deciding policy
// with its deciding statement marked, and the whole trace. A refusal of
// the simulation itself is shown here, with its trace.
type SimulatorView struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	// SimState is the form and the last results. The IAM panel keeps it,
	// so that leaving the Simulate tab (which drops this component) and
	// coming back shows what the learner typed and ran.
	*SimState `vecty:"prop"`
}

// SimState is what the simulator shows: the form and the last results.
type SimState struct {
	principal string // "" until chosen: the default
	actions   string
	resources string
	context   []simulate.ContextRow

	// noResourcePolicy: the learner turned off "Include resource
	// policies" (on by default).
	noResourcePolicy bool

	busy     bool
	runs     int // simulations shown so far (data-runs, for tests)
	ran      bool
	ranAs    string
	results  []simulate.SimResult
	policies []simulate.BucketPolicy
	err      *UIError
	selected int
	texts    map[string]string
}

const simWhere = "simulator"

// defaultPrincipal is the acting principal when it is a user, else the
// first user (or group, or role).
func (v *SimulatorView) defaultPrincipal() string {
	iv := v.Store.View().IAM
	acting := v.Store.ActingAs()
	for _, u := range iv.Users {
		if u.ARN == acting {
			return acting
		}
	}
	for _, p := range matrix.MatrixPrincipals(v.Store.View(), true) {
		return p.ARN
	}
	return ""
}

func (v *SimulatorView) currentPrincipal() string {
	for _, p := range matrix.MatrixPrincipals(v.Store.View(), true) {
		if p.ARN == v.principal {
			return v.principal
		}
	}
	return v.defaultPrincipal()
}

func (v *SimulatorView) expand() func(string) []string {
	c := v.Store.Catalog()
	if c == nil {
		return nil
	}
	return func(p string) []string {
		var out []string
		for _, a := range c.Actions(p) {
			out = append(out, a.String())
		}
		return out
	}
}

func (v *SimulatorView) onPrincipal(e *vecty.Event) { v.principal = e.Target.Get("value").String() }

func (v *SimulatorView) onActions(e *vecty.Event) {
	v.actions = e.Target.Get("value").String()
	vecty.Rerender(v) // the expansion note follows the text
}

func (v *SimulatorView) onResources(e *vecty.Event) { v.resources = e.Target.Get("value").String() }

func (v *SimulatorView) onAddContext(*vecty.Event) {
	v.context = append(v.context, simulate.ContextRow{Type: "string"})
	vecty.Rerender(v)
}

func (v *SimulatorView) onContext(i int, field string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		if i >= len(v.context) {
			return
		}
		val := e.Target.Get("value").String()
		switch field {
		case "key":
			v.context[i].Key = val
		case "type":
			v.context[i].Type = val
		case "value":
			v.context[i].Value = val
		}
	}
}

func (v *SimulatorView) onRemoveContext(i int) func(*vecty.Event) {
	return func(*vecty.Event) {
		if i < len(v.context) {
			v.context = append(v.context[:i:i], v.context[i+1:]...)
			vecty.Rerender(v)
		}
	}
}

func (v *SimulatorView) onSubmit(*vecty.Event) {
	if v.busy {
		return
	}
	v.busy = true
	vecty.Rerender(v)
	// The simulation can take a while for many actions: never block the
	// event handler.
	go v.run()
}

func (v *SimulatorView) run() {
	principal := v.currentPrincipal()
	list := simulate.ExpandActions(simulate.SplitList(v.actionsText()), v.expand())
	resources := simulate.SplitList(v.resourcesText())
	o := newSession(v.Store, !v.noResourcePolicy).Simulate(principal, principalKind(v.Store, principal), simulate.Pairs(list.Actions, resources), v.context)
	v.busy, v.ran, v.ranAs = false, true, v.Store.ActingAs()
	v.runs++
	v.results, v.policies, v.err, v.selected = nil, o.Policies, nil, 0
	if o.Err != nil {
		v.err = uiError(simWhere, o.Err)
	} else {
		v.results = o.Results
		v.texts = tracemodel.PolicyTexts(v.Store.View(), principal)
	}
	vecty.Rerender(v)
}

// newSession is a simulation session of the page: every call is made as
// the acting principal, through the store.
func newSession(s *Store, include bool) *simulate.Session {
	view := s.View()
	buckets := map[string]bool{}
	for _, b := range view.S3.Buckets {
		buckets[b.Name] = b.HasPolicy
	}
	return &simulate.Session{
		Call: func(op string, input []byte) ([]byte, error) {
			q := &Query{Op: op, Input: input}
			s.Dispatch(q)
			return q.Output, q.Err
		},
		Account: view.Account, Buckets: buckets, Include: include,
	}
}

// principalKind is user, group or role.
func principalKind(s *Store, arn string) string {
	for _, p := range matrix.MatrixPrincipals(s.View(), true) {
		if p.ARN == arn {
			return p.Kind
		}
	}
	return "user"
}

func (v *SimulatorView) onResourcePolicy(e *vecty.Event) {
	v.noResourcePolicy = !e.Target.Get("checked").Bool()
}

// renderPolicies says which bucket policies the last simulation included,
// and why any was left out.
func renderResourcePolicies(ps []simulate.BucketPolicy, as string) vecty.MarkupOrChild {
	var items vecty.List
	for _, p := range ps {
		if p.Included {
			items = append(items, elem.ListItem(vecty.Markup(vecty.Class("rp-included"), vecty.Data("bucket", p.Bucket)),
				vecty.Text("Including the bucket policy of "+p.Bucket+" (read with s3:GetBucketPolicy as "+eventlog.ShortPrincipal(as)+")")))
			continue
		}
		items = append(items, elem.ListItem(vecty.Markup(vecty.Class("rp-left-out"), vecty.Data("bucket", p.Bucket)),
			vecty.Text("Not including the bucket policy of "+p.Bucket+": "+p.Why)))
	}
	if len(items) == 0 {
		return nil
	}
	return elem.UnorderedList(vecty.Markup(vecty.Class("hint", "resource-policies"), prop.ID("sim-resource-policies")), items)
}

func (v *SimulatorView) actionsText() string {
	if v.actions == "" {
		return "ec2:RunInstances"
	}
	return v.actions
}

func (v *SimulatorView) resourcesText() string {
	if strings.TrimSpace(v.resources) == "" {
		return "*"
	}
	return v.resources
}

func (v *SimulatorView) onSelect(i int) func(*vecty.Event) {
	return func(*vecty.Event) {
		v.selected = i
		vecty.Rerender(v)
	}
}

func (v *SimulatorView) renderPrincipal() *vecty.HTML {
	cur := v.currentPrincipal()
	groups := map[string]vecty.List{}
	for _, p := range matrix.MatrixPrincipals(v.Store.View(), true) {
		groups[p.Kind] = append(groups[p.Kind], elem.Option(vecty.Markup(prop.Value(p.ARN), vecty.Property("selected", p.ARN == cur)), vecty.Text(p.Name)))
	}
	var opts vecty.List
	for _, k := range []struct{ kind, label string }{{"user", "Users"}, {"group", "Groups"}, {"role", "Roles"}} {
		if len(groups[k.kind]) > 0 {
			opts = append(opts, elem.OptionsGroup(vecty.Markup(vecty.Attribute("label", k.label)), groups[k.kind]))
		}
	}
	return elem.Div(vecty.Markup(vecty.Class("field")),
		elem.Label(vecty.Markup(prop.For("sim-principal")), vecty.Text("Principal")),
		elem.Select(vecty.Markup(prop.ID("sim-principal"), prop.Name("principal"), event.Change(v.onPrincipal)), opts),
	)
}

func (v *SimulatorView) renderExpansion() vecty.MarkupOrChild {
	l := simulate.ExpandActions(simulate.SplitList(v.actionsText()), v.expand())
	var notes vecty.List
	wild := false
	for _, e := range l.Entries {
		if !e.Wildcard {
			continue
		}
		wild = true
		if e.Expanded {
			notes = append(notes, elem.ListItem(elem.Code(vecty.Text(e.Pattern)), vecty.Text(" → "+plural(len(e.Actions), "action", "actions"))))
		}
	}
	if !wild {
		return nil
	}
	if v.Store.Catalog() == nil {
		return elem.Paragraph(vecty.Markup(vecty.Class("hint", "sim-expansion")),
			vecty.Text("The action catalog is not loaded yet: wildcards are asked about as typed (open the policy editor to load it)."))
	}
	if l.Clipped > 0 {
		notes = append(notes, elem.ListItem(vecty.Text("only the first "+itoa(simulate.MaxExpanded)+" actions are simulated ("+itoa(l.Clipped)+" left out)")))
	}
	return elem.UnorderedList(vecty.Markup(vecty.Class("hint", "sim-expansion")), notes)
}

func (v *SimulatorView) renderContext() *vecty.HTML {
	var rows vecty.List
	for i, r := range v.context {
		var types vecty.List
		for _, t := range simulate.ContextTypes {
			types = append(types, elem.Option(vecty.Markup(prop.Value(t), vecty.Property("selected", t == r.Type)), vecty.Text(t)))
		}
		n := itoa(i + 1)
		rows = append(rows, elem.Div(vecty.Markup(vecty.Class("ctx-row")),
			elem.Input(vecty.Markup(prop.Type(prop.TypeText), prop.Value(r.Key), prop.Placeholder("aws:SourceIp"),
				vecty.Attribute("aria-label", "Context key "+n), vecty.Attribute("list", "sim-ctx-keys"), event.Input(v.onContext(i, "key")))),
			elem.Select(vecty.Markup(vecty.Attribute("aria-label", "Type of context key "+n), event.Change(v.onContext(i, "type"))), types),
			elem.Input(vecty.Markup(prop.Type(prop.TypeText), prop.Value(r.Value), prop.Placeholder("value (lists: a, b)"),
				vecty.Attribute("aria-label", "Value of context key "+n), event.Input(v.onContext(i, "value")))),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), vecty.Attribute("aria-label", "Remove context key "+n),
				event.Click(v.onRemoveContext(i))), vecty.Text("×")),
		))
	}
	var keys vecty.List
	for _, k := range []string{"aws:SourceIp", "aws:SecureTransport", "aws:MultiFactorAuthPresent", "aws:CurrentTime", "aws:RequestedRegion", "aws:PrincipalTag/team", "aws:ResourceTag/team", "s3:prefix"} {
		keys = append(keys, elem.Option(vecty.Markup(prop.Value(k))))
	}
	return elem.FieldSet(vecty.Markup(vecty.Class("sim-context")),
		elem.Legend(vecty.Text("Context keys")),
		rows,
		elem.DataList(vecty.Markup(prop.ID("sim-ctx-keys")), keys),
		elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), prop.ID("sim-add-context"), event.Click(v.onAddContext)), vecty.Text("+ Add a context key")),
	)
}

func (v *SimulatorView) renderForm() *vecty.HTML {
	return elem.Form(vecty.Markup(prop.ID("sim-form"), vecty.Class("card", "form", "sim-form"), event.Submit(v.onSubmit).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("sim-fields")),
			v.renderPrincipal(),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For("sim-actions")), vecty.Text("Actions")),
				elem.Input(vecty.Markup(prop.ID("sim-actions"), prop.Type(prop.TypeText), prop.Value(v.actionsText()),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("spellcheck", "false"), prop.Placeholder("s3:GetObject, ec2:*"),
					event.Input(v.onActions))),
			),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For("sim-resources")), vecty.Text("Resources")),
				elem.Input(vecty.Markup(prop.ID("sim-resources"), prop.Type(prop.TypeText), prop.Value(v.resourcesText()),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("spellcheck", "false"), vecty.Attribute("list", "sim-resource-arns"),
					event.Input(v.onResources))),
			),
		),
		v.renderExpansion(),
		v.renderContext(),
		elem.Label(vecty.Markup(vecty.Class("check")),
			elem.Input(vecty.Markup(prop.Type(prop.TypeCheckbox), prop.ID("sim-resource-policy"), prop.Checked(!v.noResourcePolicy), event.Change(v.onResourcePolicy))),
			vecty.Text(" Include resource policies (the bucket policy of an S3 resource, as AWS's simulator can)")),
		resourceSuggestions(v.Store, "sim-resource-arns"),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("sim-run"), prop.Disabled(v.busy)), vecty.Text("Simulate")),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:SimulatePrincipalPolicy (and s3:GetBucketPolicy) as "+eventlog.ShortPrincipal(v.Store.ActingAs()))),
		),
	)
}

// editorLoaded reports whether the policy editor's script (editor.js) is
// on the page; without it policies are shown in a <pre>.
func editorLoaded() bool { return js.Global().Get("cloudplayEditor").Type() == js.TypeObject }

// resourceSuggestions is a datalist of the account's ARNs.
func resourceSuggestions(s *Store, id string) *vecty.HTML {
	view := s.View()
	opts := vecty.List{elem.Option(vecty.Markup(prop.Value("*")))}
	for _, b := range view.S3.Buckets {
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(b.ARN))), elem.Option(vecty.Markup(prop.Value(b.ARN+"/*"))))
	}
	for _, u := range view.IAM.Users {
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(u.ARN))))
	}
	for _, r := range view.IAM.Roles {
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(r.ARN))))
	}
	return elem.DataList(vecty.Markup(prop.ID(id)), opts)
}

func (v *SimulatorView) renderTable() *vecty.HTML {
	var rows vecty.List
	for i, r := range v.results {
		sel := i == v.selected
		var missing vecty.MarkupOrChild
		if len(r.Missing) > 0 {
			missing = elem.Span(vecty.Markup(vecty.Class("missing"), vecty.Attribute("title", "The policies use context keys the request does not give; a condition on them may have failed for that reason.")),
				vecty.Text("missing: "+strings.Join(r.Missing, ", ")))
		}
		rows = append(rows, elem.TableRow(vecty.Markup(vecty.Class("sim-result"), vecty.MarkupIf(sel, vecty.Class("selected")), vecty.Data("action", r.Action),
			vecty.Data("resource", r.Resource), vecty.Data("decision", r.Decision), vecty.MarkupIf(r.Bucket != "", vecty.Data("bucketPolicy", r.Bucket))),
			elem.TableData(elem.Code(vecty.Text(r.Action))),
			elem.TableData(elem.Code(vecty.Markup(vecty.Class("arn")), vecty.Text(r.Resource))),
			elem.TableData(elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("decision", "decision-"+r.Decision),
				vecty.Attribute("aria-pressed", boolText(sel)), vecty.Attribute("aria-label", tracemodel.DecisionText(r.Decision)+": explain "+r.Action+" on "+r.Resource),
				event.Click(v.onSelect(i))), vecty.Text(tracemodel.DecisionText(r.Decision)))),
			elem.TableData(missing),
		))
	}
	return elem.Div(vecty.Markup(vecty.Class("table-wrap")),
		elem.Table(vecty.Markup(vecty.Class("decisions"), prop.ID("sim-decisions")),
			elem.Caption(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Decisions; choose one to see why")),
			elem.TableHead(elem.TableRow(
				elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Action")),
				elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Resource")),
				elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Decision")),
				elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("Context")),
			)),
			elem.TableBody(rows),
		))
}

func (v *SimulatorView) renderDetail() vecty.MarkupOrChild {
	if v.selected >= len(v.results) {
		return nil
	}
	r := v.results[v.selected]
	texts := withResourcePolicy(v.texts, r)
	m, _ := tracemodel.TraceModelOf(r.Trace)
	var doc vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No policy applies."))
	if p, ok := m.DecidingPolicy(); ok {
		title := "Deciding policy"
		if !p.Deciding {
			title = "First policy considered (none decided)"
		}
		var text vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("The text of this policy is not available."))
		if t, ok := texts[p.ID]; ok {
			text = renderPolicyText(t, p.Highlights())
			if editorLoaded() {
				hl := "allow"
				if r.Decision == "explicitDeny" {
					hl = "deny"
				}
				text = &PolicyEditor{ID: "sim-policy-editor", Label: "Policy " + p.ID + " (read-only)", Doc: t, ReadOnly: true,
					Highlights: p.Highlights(), HighlightClass: hl}
			}
		}
		doc = elem.Div(vecty.Markup(vecty.Class("sim-policy"), prop.ID("sim-policy")),
			elem.Heading4(vecty.Text(title+": "), elem.Code(vecty.Text(p.ID))),
			text)
	}
	return elem.Section(vecty.Markup(vecty.Class("sim-detail"), prop.ID("sim-detail"), vecty.Attribute("aria-label", "Why")),
		elem.Heading3(vecty.Text("Why "+r.Action+" on "+r.Resource+" is "), decisionBadge(r.Decision)),
		elem.Div(vecty.Markup(vecty.Class("sim-why")),
			flowChartOf(r.Trace),
			doc,
		),
		&TraceView{Trace: r.Trace, Policies: texts},
	)
}

// withResourcePolicy adds to texts the resource policy a result included
// (its PolicyId is "ResourcePolicy").
func withResourcePolicy(texts map[string]string, r simulate.SimResult) map[string]string {
	if r.ResourcePolicy == "" {
		return texts
	}
	out := make(map[string]string, len(texts)+1)
	for k, t := range texts {
		out[k] = t
	}
	out["ResourcePolicy"] = r.ResourcePolicy
	return out
}

func (v *SimulatorView) renderResults() vecty.MarkupOrChild {
	switch {
	case v.busy:
		return elem.Paragraph(vecty.Markup(vecty.Class("hint"), vecty.Attribute("role", "status")), vecty.Text("Simulating…"))
	case v.err != nil:
		return elem.Div(renderResourcePolicies(v.policies, v.ranAs), elem.Div(vecty.Markup(prop.ID("sim-error")), renderError(v.err)))
	case !v.ran:
		return elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Choose a principal and actions, then Simulate: each decision is explained step by step."))
	case len(v.results) == 0:
		return elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No action to simulate."))
	}
	return elem.Div(renderResourcePolicies(v.policies, v.ranAs), v.renderTable(), v.renderDetail())
}

// Render draws the simulator.
func (v *SimulatorView) Render() vecty.ComponentOrHTML {
	return elem.Section(vecty.Markup(prop.ID("simulator"), vecty.Class("simulator"), vecty.Data("runs", itoa(v.runs))),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Simulate a request")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("Would this principal be allowed? The playground asks iam:SimulatePrincipalPolicy, as the principal you act as, and shows how AWS reaches each decision.")),
		v.renderForm(),
		elem.Div(vecty.Markup(vecty.Class("sim-results"), vecty.Attribute("aria-live", "polite")), v.renderResults()),
	)
}
