// Package simulate is the model behind the IAM simulator panel: the list
// a learner types, the SimulatePrincipalPolicy input it makes, and the
// results read back. Plain functions, tested natively.
package simulate

import (
	"encoding/json"
	"strings"

	"cloudplay/core/policy"
)

// MaxExpanded bounds the actions a simulation asks about after wildcard
// expansion, so "*" does not ask about every action AWS has.
const MaxExpanded = 200

// SplitList reads a list typed by a learner: items separated by commas,
// spaces or new lines, blanks dropped, duplicates (ignoring case) dropped.
func SplitList(text string) []string {
	f := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == ';'
	})
	var out []string
	seen := map[string]bool{}
	for _, s := range f {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// ActionEntry is one pattern of an action list with what it expands to.
type ActionEntry struct {
	Pattern  string
	Wildcard bool     // has '*' or '?'
	Expanded bool     // a wildcard the catalog expanded
	Actions  []string // the actions it stands for (the pattern itself when not expanded)
}

// ActionList is an action list after expansion.
type ActionList struct {
	Entries []ActionEntry
	Actions []string // every action, in order, without duplicates, at most MaxExpanded
	Clipped int      // actions left out beyond MaxExpanded
}

// ExpandActions expands the wildcards of patterns with expand (the
// catalog's Actions; nil when the catalog is not loaded: wildcards are then
// asked about as they are, which matches only statements naming them
// literally or with a broader wildcard).
func ExpandActions(patterns []string, expand func(pattern string) []string) ActionList {
	var l ActionList
	seen := map[string]bool{}
	for _, p := range patterns {
		e := ActionEntry{Pattern: p, Wildcard: strings.ContainsAny(p, "*?")}
		if e.Wildcard && expand != nil {
			e.Expanded = true
			e.Actions = expand(p)
		} else {
			e.Actions = []string{p}
		}
		for _, a := range e.Actions {
			k := strings.ToLower(a)
			if seen[k] {
				continue
			}
			seen[k] = true
			if len(l.Actions) >= MaxExpanded {
				l.Clipped++
				continue
			}
			l.Actions = append(l.Actions, a)
		}
		l.Entries = append(l.Entries, e)
	}
	return l
}

// ContextRow is one context key of the simulator's form.
type ContextRow struct {
	Key, Type, Value string
}

// ContextTypes are the ContextKeyType values of the simulate APIs.
var ContextTypes = []string{"string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"}

type contextEntryJSON struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}

// SimulateInput is the input of iam:SimulatePrincipalPolicy for the
// simulator's form. Rows without a key are left out; a list type's value
// is split at commas.
func SimulateInput(principal string, actions, resources []string, ctx []ContextRow) []byte {
	in := struct {
		PolicySourceArn string             `json:"PolicySourceArn"`
		ActionNames     []string           `json:"ActionNames"`
		ResourceArns    []string           `json:"ResourceArns,omitempty"`
		ContextEntries  []contextEntryJSON `json:"ContextEntries,omitempty"`
	}{PolicySourceArn: principal, ActionNames: actions, ResourceArns: resources}
	if in.ActionNames == nil {
		in.ActionNames = []string{}
	}
	for _, r := range ctx {
		key := strings.TrimSpace(r.Key)
		if key == "" {
			continue
		}
		typ := r.Type
		if typ == "" {
			typ = "string"
		}
		vals := []string{strings.TrimSpace(r.Value)}
		if strings.HasSuffix(typ, "List") {
			vals = nil
			for _, v := range strings.Split(r.Value, ",") {
				if v = strings.TrimSpace(v); v != "" {
					vals = append(vals, v)
				}
			}
		}
		in.ContextEntries = append(in.ContextEntries, contextEntryJSON{key, vals, typ})
	}
	b, _ := json.Marshal(in)
	return b
}

// SimResult is one action on one resource of a simulation.
type SimResult struct {
	Action, Resource string
	Decision         string
	Missing          []string          // MissingContextValues
	Boundary         *bool             // AllowedByPermissionsBoundary, when a boundary applies
	Details          map[string]string // EvalDecisionDetails, by policy type
	Trace            *policy.Trace
	// Bucket and ResourcePolicy: the bucket whose policy the simulation
	// included (its PolicyId in the trace is "ResourcePolicy"), and the
	// policy's text; "" when none was.
	Bucket, ResourcePolicy string
}

type simOutputJSON struct {
	EvaluationResults []struct {
		EvalActionName                    string
		EvalResourceName                  string
		EvalDecision                      policy.Decision
		MissingContextValues              []string
		PermissionsBoundaryDecisionDetail *policy.BoundaryDetail
		EvalDecisionDetails               map[string]policy.Decision
		ResourceSpecificResults           []struct {
			EvalResourceName                  string
			EvalResourceDecision              policy.Decision
			MissingContextValues              []string
			PermissionsBoundaryDecisionDetail *policy.BoundaryDetail
			EvalDecisionDetails               map[string]policy.Decision
			Trace                             *policy.Trace
		}
		Trace *policy.Trace
	}
}

func details(m map[string]policy.Decision) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = v.String()
	}
	return out
}

func boundaryOf(d *policy.BoundaryDetail) *bool {
	if d == nil {
		return nil
	}
	b := d.AllowedByPermissionsBoundary
	return &b
}

// ParseSimulateOutput reads the output of a simulate API into one result
// per action and resource, in order. MissingContextValues of a "*"
// simulation are only at the top level; they are given to its one result.
func ParseSimulateOutput(out []byte) ([]SimResult, error) {
	var o simOutputJSON
	if err := json.Unmarshal(out, &o); err != nil {
		return nil, err
	}
	var rs []SimResult
	for _, er := range o.EvaluationResults {
		if len(er.ResourceSpecificResults) == 0 {
			rs = append(rs, SimResult{
				Action: er.EvalActionName, Resource: er.EvalResourceName, Decision: er.EvalDecision.String(),
				Missing: er.MissingContextValues, Boundary: boundaryOf(er.PermissionsBoundaryDecisionDetail),
				Details: details(er.EvalDecisionDetails), Trace: er.Trace,
			})
			continue
		}
		for _, r := range er.ResourceSpecificResults {
			sr := SimResult{
				Action: er.EvalActionName, Resource: r.EvalResourceName, Decision: r.EvalResourceDecision.String(),
				Missing: r.MissingContextValues, Boundary: boundaryOf(r.PermissionsBoundaryDecisionDetail),
				Details: details(r.EvalDecisionDetails), Trace: r.Trace,
			}
			if len(sr.Missing) == 0 && len(er.ResourceSpecificResults) == 1 {
				sr.Missing = er.MissingContextValues
			}
			if sr.Details == nil && len(er.ResourceSpecificResults) == 1 {
				sr.Details = details(er.EvalDecisionDetails)
			}
			rs = append(rs, sr)
		}
	}
	return rs, nil
}
