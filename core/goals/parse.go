package goals

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// Goal is one goal of an exercise.
type Goal struct {
	Title  string
	Check  Check
	Expect Expect
}

// Check is the operation a goal runs, as a scenario's step names one.
type Check struct {
	Op      string          `json:"op"`
	Input   json.RawMessage `json:"input"`
	As      string          `json:"as"`
	Context cloud.Context   `json:"context"`
	DryRun  bool            `json:"dryRun"`
}

// Expect is the outcome a goal expects: exactly one of its forms is set
// (OK alone, Error, Decision, or Path with Equals).
type Expect struct {
	OK       bool
	Error    string
	Decision string
	Path     string
	Equals   json.RawMessage
}

// Limits on goals: the playground's own choices (AWS has no such thing).
const (
	// MaxGoals bounds a scenario's goals: a checklist a learner reads at
	// a glance, each run after every change the learner makes.
	MaxGoals = 50
	// MaxTitle bounds, in code points, a goal's title: a line of the
	// checklist.
	MaxTitle = 200
)

// decisions are the values of an expected decision, as the simulate APIs
// write EvalDecision.
var decisions = []string{"allowed", "implicitDeny", "explicitDeny"}

// simulateOps are the operations whose output a decision is read from.
var simulateOps = []string{"iam:SimulatePrincipalPolicy", "iam:SimulateCustomPolicy"}

// Parse reads one goal from raw and checks it against the operations of
// a: its check names an operation of a, read-only unless dryRun is true,
// and its expectation is one of the forms the package comment gives.
// Errors name the member at fault and quote at most a short prefix of
// the input.
func Parse(raw []byte, a *cloud.Account) (Goal, error) {
	var g struct {
		Title  *string         `json:"title"`
		Check  *Check          `json:"check"`
		Expect json.RawMessage `json:"expect"`
	}
	if err := strict(raw, &g); err != nil {
		return Goal{}, fmt.Errorf("a goal is {\"title\", \"check\", \"expect\"}: %s", err)
	}
	switch {
	case g.Title == nil || strings.TrimSpace(*g.Title) == "":
		return Goal{}, fmt.Errorf("title is missing")
	case utf8.RuneCountInString(*g.Title) > MaxTitle:
		return Goal{}, fmt.Errorf("title is longer than %d characters", MaxTitle)
	case g.Check == nil:
		return Goal{}, fmt.Errorf("check is missing")
	case g.Expect == nil:
		return Goal{}, fmt.Errorf("expect is missing")
	}
	if err := checkCheck(g.Check, a); err != nil {
		return Goal{}, fmt.Errorf("check: %s", err)
	}
	x, err := parseExpect(g.Expect, g.Check.Op)
	if err != nil {
		return Goal{}, fmt.Errorf("expect: %s", err)
	}
	return Goal{Title: *g.Title, Check: *g.Check, Expect: x}, nil
}

// checkCheck checks c's members: a known operation, read-only unless
// dryRun, an object input.
func checkCheck(c *Check, a *cloud.Account) error {
	if c.Op == "" {
		return fmt.Errorf("op is missing")
	}
	mutates, known := a.Mutates(c.Op)
	switch {
	case !known:
		return fmt.Errorf("there is no operation %q", api.Clip(c.Op, 64))
	case mutates && !c.DryRun:
		return fmt.Errorf("%s changes the account: a check must be a read-only operation, or carry \"dryRun\": true", c.Op)
	}
	if in := bytes.TrimSpace(c.Input); len(in) > 0 && in[0] != '{' {
		return fmt.Errorf("input must be a JSON object")
	}
	return nil
}

// parseExpect reads an expectation of a check of op.
func parseExpect(raw json.RawMessage, op string) (Expect, error) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return Expect{}, fmt.Errorf("must be an object")
	}
	for k := range m {
		if !slices.Contains([]string{"ok", "error", "decision", "path", "equals"}, k) {
			return Expect{}, fmt.Errorf("unknown member %q: expect is {\"ok\": true}, {\"error\": code}, {\"decision\": ...} or {\"path\": ..., \"equals\": ...}", api.Clip(k, 64))
		}
	}
	var x Expect
	_, hasEquals := m["equals"]
	switch {
	case len(m) == 1 && m["ok"] != nil:
		if string(m["ok"]) != "true" {
			return Expect{}, fmt.Errorf("ok must be true (expect an error with {\"error\": code})")
		}
		x.OK = true
	case len(m) == 1 && m["error"] != nil:
		if json.Unmarshal(m["error"], &x.Error) != nil || x.Error == "" {
			return Expect{}, fmt.Errorf("error must be an error code, e.g. \"AccessDenied\"")
		}
	case len(m) == 1 && m["decision"] != nil:
		if json.Unmarshal(m["decision"], &x.Decision) != nil || !slices.Contains(decisions, x.Decision) {
			return Expect{}, fmt.Errorf("decision must be one of %s", strings.Join(decisions, ", "))
		}
		if !slices.Contains(simulateOps, op) {
			return Expect{}, fmt.Errorf("a decision is read from a simulation: the check's op must be %s", strings.Join(simulateOps, " or "))
		}
	case len(m) == 2 && m["path"] != nil && hasEquals:
		if json.Unmarshal(m["path"], &x.Path) != nil || x.Path == "" {
			return Expect{}, fmt.Errorf("path must be a gjson path, e.g. \"Users.#.UserName\"")
		}
		x.Equals = m["equals"]
	default:
		return Expect{}, fmt.Errorf("must be exactly one of {\"ok\": true}, {\"error\": code}, {\"decision\": ...} or {\"path\": ..., \"equals\": ...}")
	}
	return x, nil
}

// strict decodes raw into dst, refusing unknown members.
func strict(raw []byte, dst any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
			return fmt.Errorf("unknown member %s", api.Clip(name, 66))
		}
		return fmt.Errorf("%s", api.Clip(msg, 200))
	}
	return nil
}
