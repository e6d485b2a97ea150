// Package flowchart is the model behind the drawing of AWS's policy
// evaluation flowchart: the path a request took through its steps (from
// the evaluator's trace) and the timing of its animation. Tested natively.
package flowchart

import (
	"math"

	"cloudplay/core/policy"
)

// The steps of AWS's policy evaluation logic, in the order of AWS's
// flowchart ("Determining whether a request is allowed or denied within an
// account"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
//
// The playground has no AWS Organizations, so the SCP and RCP steps are
// always shown as skipped.
const (
	StepDeny FlowStepID = iota
	StepSCP
	StepRCP
	StepResource
	StepIdentity
	StepBoundary
	StepSession
	NumSteps
)

// FlowStepID names a step of the flowchart.
type FlowStepID int

// FlowSteps describes each step: its question and what its exit leads to.
var FlowSteps = [NumSteps]struct {
	Name     string // a stable name (data-step in the page)
	Question string
	ExitWhen string // the answer that leaves the chart ("yes" or "no")
	Exit     string // the decision the exit leads to
}{
	StepDeny:     {policy.StepDeny, "Explicit deny in any policy?", "yes", "explicitDeny"},
	StepSCP:      {policy.StepSCP, "Organizations SCPs allow?", "", ""},
	StepRCP:      {policy.StepRCP, "Resource control policies allow?", "", ""},
	StepResource: {policy.StepResource, "Resource-based policy allows?", "yes", "allowed"},
	StepIdentity: {policy.StepIdentity, "Identity-based policy allows?", "no", "implicitDeny"},
	StepBoundary: {policy.StepBoundary, "Permissions boundary allows?", "no", "implicitDeny"},
	StepSession:  {policy.StepSession, "Session policy allows?", "no", "implicitDeny"},
}

// Outcomes of a step on a request's path.
const (
	OutcomeYes     = policy.OutcomeYes
	OutcomeNo      = policy.OutcomeNo
	OutcomeSkipped = policy.OutcomeSkipped // not modelled (Organizations)
	OutcomeNone    = policy.OutcomeNone    // no policy of this kind applies
)

// FlowVisit is one step a request passed through, with its answer.
type FlowVisit struct {
	Step    FlowStepID
	Outcome string
	Exits   bool   // the request left the chart here
	Note    string // the engine's word on why, or ""
}

// FlowPath is the way a request went through the flowchart.
type FlowPath struct {
	Visits []FlowVisit
	Final  string // the decision: allowed, explicitDeny or implicitDeny
}

// Exited reports whether the path left at a step's exit (rather than
// reaching the end of the chart).
func (p FlowPath) Exited() bool {
	return len(p.Visits) > 0 && p.Visits[len(p.Visits)-1].Exits
}

// ExitDecision is the decision a visit's exit leads to: the path's own
// decision when it exits there. A step can exit with another decision than
// the one the chart draws for it (a role trust policy or a cross-account
// resource policy that does not allow ends the request at the
// resource-based policy step with an implicit deny).
func (p FlowPath) ExitDecision(step FlowStepID) string {
	if p.Exited() && p.Visits[len(p.Visits)-1].Step == step {
		return p.Final
	}
	return FlowSteps[step].Exit
}

// stepIDs maps the engine's step names (policy.StepDeny, ...) to the
// flowchart's steps.
var stepIDs = func() map[string]FlowStepID {
	m := map[string]FlowStepID{}
	for i, s := range FlowSteps {
		m[s.Name] = FlowStepID(i)
	}
	return m
}()

// PathOf is the path the evaluator reports in its trace (policy.Trace's
// Path): the page draws the engine's reasoning and never works it out
// again. ok is false when there is no trace to draw from (nil, or a step
// the chart does not know).
func PathOf(tr *policy.Trace) (p FlowPath, ok bool) {
	if tr == nil || len(tr.Path) == 0 {
		return FlowPath{}, false
	}
	p.Final = tr.Decision.String()
	for _, s := range tr.Path {
		id, ok := stepIDs[s.Step]
		if !ok {
			return FlowPath{}, false
		}
		p.Visits = append(p.Visits, FlowVisit{Step: id, Outcome: s.Outcome, Exits: s.Exit, Note: s.Note})
	}
	return p, true
}

// FlowProgress is where an animation of a path of n visits stands after
// elapsed milliseconds at stepMs per visit: lit visits are fully lit, the
// token is frac of the way from visit lit-1 to the next one (or to the
// end), and done when it has arrived.
type FlowProgress struct {
	Lit  int
	Frac float64
	Done bool
}

// ProgressAt computes the animation's state. The path has n visits and one
// more leg to the decision; elapsed below 0 counts as 0.
func ProgressAt(n int, elapsed, stepMs float64) FlowProgress {
	if stepMs <= 0 || elapsed >= float64(n+1)*stepMs {
		return FlowProgress{Lit: n, Frac: 1, Done: true}
	}
	elapsed = math.Max(elapsed, 0)
	k := int(elapsed / stepMs)
	return FlowProgress{Lit: min(k, n), Frac: elapsed/stepMs - float64(k)}
}

// Point is a position in the flowchart's drawing.
type Point struct{ X, Y float64 }

// Lerp is the point frac of the way from a to b.
func Lerp(a, b Point, frac float64) Point {
	return Point{a.X + (b.X-a.X)*frac, a.Y + (b.Y-a.Y)*frac}
}
