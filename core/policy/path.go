package policy

import "strconv"

// The path a request took through AWS's policy evaluation flowchart
// ([evaluation flowchart]): the Trace's Path member, so that a page draws
// the engine's own reasoning rather than working it out again from the
// statements. It is computed from the same tally as the decision
// (Tracer.Evaluate), and always ends in it: the last step exits with the
// decision, or the path reaches the end of the chart and the request is
// allowed (PathDecision).
//
// [evaluation flowchart]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html

// The steps of the flowchart, in its order.
const (
	StepDeny     = "deny"     // Explicit deny in any policy?
	StepSCP      = "scp"      // Organizations service control policies allow?
	StepRCP      = "rcp"      // Resource control policies allow?
	StepResource = "resource" // Resource-based policy allows?
	StepIdentity = "identity" // Identity-based policy allows?
	StepBoundary = "boundary" // Permissions boundary allows?
	StepSession  = "session"  // Session policy allows?
)

// The answers of a step.
const (
	OutcomeYes     = "yes"
	OutcomeNo      = "no"
	OutcomeNone    = "none"    // no policy of this kind applies
	OutcomeSkipped = "skipped" // not modelled by the playground
)

// Notes of the steps where the playground's answer needs a word. They are
// constants so that Set.TraceSize can bound the path's size.
const (
	NoteOrganizations = "the playground has no AWS Organizations: no SCP or RCP applies"
	NoteNoIdentity    = "this caller has no identity-based policies: only a resource-based policy can allow it"
	NoteRoot          = "the root user may do anything in its own account unless explicitly denied"
	NoteTrust         = "a role trust policy must allow the caller before anything else"
	NoteTrustNamed    = "the trust policy names the caller (or its role): no identity-based allow is needed"
	NoteIssuer        = "the resource-based policy names the role of the session: the boundary and session policies still apply"
	NoteAccount       = "the resource-based policy trusts the whole account: the identity-based policies decide"
	NoteCrossAccount  = "across accounts both the resource-based policy and the caller's identity-based policies must allow"
)

// maxNote is the length of the longest note.
var maxNote = max(len(NoteOrganizations), len(NoteNoIdentity), len(NoteRoot), len(NoteTrust),
	len(NoteTrustNamed), len(NoteIssuer), len(NoteAccount), len(NoteCrossAccount))

// PathStep is one step of the flowchart a request passed through.
type PathStep struct {
	Step    string `json:"Step"`    // StepDeny, StepResource, ...
	Outcome string `json:"Outcome"` // OutcomeYes, OutcomeNo, OutcomeNone or OutcomeSkipped
	Exit    bool   `json:"Exit"`    // the request left the chart here, with the step's decision
	Note    string `json:"Note"`    // why the step went as it did, where the chart alone does not say
}

// PathDecision is the decision a path ends in: the exit of its last step
// (an explicit deny at StepDeny; at another step allowed when it answered
// yes, else an implicit deny), or allowed when it reached the end.
func PathDecision(path []PathStep) Decision {
	if len(path) == 0 {
		return ImplicitDeny
	}
	last := path[len(path)-1]
	switch {
	case !last.Exit:
		return Allowed
	case last.Step == StepDeny:
		return ExplicitDeny
	case last.Outcome == OutcomeYes:
		return Allowed
	}
	return ImplicitDeny
}

// pathWriter appends the steps of one path.
type pathWriter struct {
	steps []PathStep
	done  bool
}

func (w *pathWriter) add(step, outcome string, exit bool, note string) {
	if w.done {
		return
	}
	w.steps = append(w.steps, PathStep{Step: step, Outcome: outcome, Exit: exit, Note: note})
	w.done = exit
}

// outcome is the answer of a slot's policies: none when the set has none.
func outcome(present, allows bool) string {
	switch {
	case !present:
		return OutcomeNone
	case allows:
		return OutcomeYes
	}
	return OutcomeNo
}

// path works out the steps of the flowchart that led to d, from the same
// tally decide used; it follows decide case by case.
func path(steps []PathStep, req *Request, set *Set, t *tally, d Decision) []PathStep {
	w := pathWriter{steps: steps[:0]}
	if d == ExplicitDeny {
		w.add(StepDeny, OutcomeYes, true, "")
		return w.steps
	}
	w.add(StepDeny, OutcomeNo, false, "")
	w.add(StepSCP, OutcomeSkipped, false, NoteOrganizations)
	w.add(StepRCP, OutcomeSkipped, false, NoteOrganizations)
	c := &req.Principal
	resAllow := t.allow[slotResource]
	res := outcome(set.Resource != nil, resAllow)
	same := c.Account != "" && (req.ResourceAccount == "" || req.ResourceAccount == c.Account)
	switch {
	case c.Type == Anonymous || c.Type == Service || c.Type == WebIdentity:
		w.add(StepResource, res, resAllow, "")
		w.add(StepIdentity, OutcomeNone, true, NoteNoIdentity)
		return w.steps
	case c.Type == Root:
		if resAllow || !same {
			w.add(StepResource, res, true, "")
			if !resAllow {
				w.steps[len(w.steps)-1].Note = NoteCrossAccount
			}
			return w.steps
		}
		w.add(StepResource, res, false, "")
		w.add(StepIdentity, OutcomeYes, false, NoteRoot)
		w.add(StepBoundary, OutcomeNone, false, "")
		w.add(StepSession, OutcomeNone, false, "")
		return w.steps
	case set.Resource != nil && set.Resource.Policy.Kind == Trust && same:
		if !resAllow {
			w.add(StepResource, res, true, NoteTrust)
			return w.steps
		}
		w.add(StepResource, res, false, NoteTrust)
		if t.resLevel >= lvlIssuer {
			w.add(StepIdentity, outcome(len(set.Identity) > 0, t.allow[slotIdentity]), false, NoteTrustNamed)
		} else {
			w.identity(set, t, "")
		}
	case same && t.resLevel == lvlDirect:
		w.add(StepResource, res, true, "")
		return w.steps
	case same && t.resLevel == lvlIssuer:
		w.add(StepResource, res, false, NoteIssuer)
		note := ""
		if !t.allow[slotIdentity] {
			note = NoteIssuer
		}
		w.add(StepIdentity, outcome(len(set.Identity) > 0, t.allow[slotIdentity]), false, note)
	case same:
		note := ""
		if resAllow {
			note = NoteAccount
		}
		w.add(StepResource, res, false, note)
		w.identity(set, t, "")
	default:
		if !resAllow {
			w.add(StepResource, res, true, NoteCrossAccount)
			return w.steps
		}
		w.add(StepResource, res, false, NoteCrossAccount)
		w.identity(set, t, NoteCrossAccount)
	}
	w.add(StepBoundary, outcome(len(set.Boundary) > 0, t.allow[slotBoundary]), len(set.Boundary) > 0 && !t.allow[slotBoundary], "")
	w.add(StepSession, outcome(len(set.Session) > 0, t.allow[slotSession]), len(set.Session) > 0 && !t.allow[slotSession], "")
	return w.steps
}

// identity adds the identity-based step where an allow is needed.
func (w *pathWriter) identity(set *Set, t *tally, note string) {
	allows := t.allow[slotIdentity]
	w.add(StepIdentity, outcome(len(set.Identity) > 0, allows), !allows, note)
}

// appendPath writes the path as the Trace's Path member's value.
func appendPath(b []byte, steps []PathStep) []byte {
	b = append(b, '[')
	for i, s := range steps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Step":"`...)
		b = append(b, s.Step...)
		b = append(b, `","Outcome":"`...)
		b = append(b, s.Outcome...)
		b = append(b, `","Exit":`...)
		b = strconv.AppendBool(b, s.Exit)
		b = append(b, `,"Note":`...)
		b = appendJSONText(b, s.Note)
		b = append(b, '}')
	}
	return append(b, ']')
}

// maxPathSize bounds what appendPath writes: seven steps, each with the
// longest names and note.
var maxPathSize = 2 + 7*(len(`{"Step":"identity","Outcome":"skipped","Exit":false,"Note":""},`)+maxNote)
