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
	StepDeny:     {"deny", "Explicit deny in any policy?", "yes", "explicitDeny"},
	StepSCP:      {"scp", "Organizations SCPs allow?", "", ""},
	StepRCP:      {"rcp", "Resource control policies allow?", "", ""},
	StepResource: {"resource", "Resource-based policy allows?", "yes", "allowed"},
	StepIdentity: {"identity", "Identity-based policy allows?", "no", "implicitDeny"},
	StepBoundary: {"boundary", "Permissions boundary allows?", "no", "implicitDeny"},
	StepSession:  {"session", "Session policy allows?", "no", "implicitDeny"},
}

// Outcomes of a step on a request's path.
const (
	OutcomeYes     = "yes"
	OutcomeNo      = "no"
	OutcomeSkipped = "skipped" // not modelled (Organizations)
	OutcomeNone    = "none"    // no policy of this kind applies
)

// FlowVisit is one step a request passed through, with its answer.
type FlowVisit struct {
	Step    FlowStepID
	Outcome string
	Exits   bool // the request left the chart here
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

// FlowInput is what the flowchart is drawn from: a simulate result.
type FlowInput struct {
	Decision string
	Trace    *policy.Trace
	Details  map[string]string // EvalDecisionDetails by policy type
	Boundary *bool             // AllowedByPermissionsBoundary
}

// kindVerdict is what the policies of one kind said.
type kindVerdict struct{ present, allows, denies bool }

func verdicts(in FlowInput) map[string]kindVerdict {
	v := map[string]kindVerdict{}
	if in.Trace != nil {
		for _, p := range in.Trace.Policies {
			k := v[p.PolicyType]
			k.present = true
			for _, s := range p.Statements {
				if s.Matched {
					k.allows = k.allows || s.Effect == "Allow"
					k.denies = k.denies || s.Effect == "Deny"
				}
			}
			v[p.PolicyType] = k
		}
	}
	for typ, d := range in.Details {
		k := v[typ]
		k.present = true
		k.allows = d == "allowed"
		k.denies = d == "explicitDeny"
		v[typ] = k
	}
	if in.Boundary != nil {
		k := v[policy.TypeBoundary]
		k.present, k.allows = true, *in.Boundary
		v[policy.TypeBoundary] = k
	}
	return v
}

// PathOf computes the path a request took through the flowchart from its
// simulate result. The path always ends in the result's decision: an
// explicit deny leaves at the first step; an allow leaves at the
// resource-based policy step when one allowed, else reaches the end; an
// implicit deny leaves at the first step that did not allow.
func PathOf(in FlowInput) FlowPath {
	v := verdicts(in)
	p := FlowPath{Final: in.Decision}
	add := func(s FlowStepID, outcome string, exits bool) {
		p.Visits = append(p.Visits, FlowVisit{s, outcome, exits})
	}
	if in.Decision == "explicitDeny" {
		add(StepDeny, OutcomeYes, true)
		return p
	}
	add(StepDeny, OutcomeNo, false)
	add(StepSCP, OutcomeSkipped, false)
	add(StepRCP, OutcomeSkipped, false)
	res := v[policy.TypeResource]
	switch {
	case !res.present:
		add(StepResource, OutcomeNone, false)
	case res.allows && in.Decision == "allowed" && !identityAllows(v):
		add(StepResource, OutcomeYes, true)
		return p
	case res.allows:
		// It allowed, but the identity side decides (the identity allows
		// too, or the resource policy only trusts the account).
		add(StepResource, OutcomeYes, false)
	default:
		add(StepResource, OutcomeNo, false)
	}
	denied := in.Decision != "allowed"
	id := v[policy.TypeIdentity]
	if !id.allows {
		add(StepIdentity, OutcomeNo, denied)
		if denied {
			return p
		}
	} else {
		add(StepIdentity, OutcomeYes, false)
	}
	for _, s := range []struct {
		step FlowStepID
		typ  string
	}{{StepBoundary, policy.TypeBoundary}, {StepSession, policy.TypeSession}} {
		k := v[s.typ]
		switch {
		case !k.present:
			add(s.step, OutcomeNone, false)
		case k.allows:
			add(s.step, OutcomeYes, false)
		default:
			add(s.step, OutcomeNo, denied)
			if denied {
				return p
			}
		}
	}
	return p
}

// identityAllows reports whether the identity side allows on its own.
func identityAllows(v map[string]kindVerdict) bool {
	ok := func(typ string) bool { k := v[typ]; return !k.present || k.allows }
	return v[policy.TypeIdentity].allows && ok(policy.TypeBoundary) && ok(policy.TypeSession)
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
