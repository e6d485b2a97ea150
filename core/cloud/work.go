package cloud

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// StepEvent is one thing that happened in simulated time (see
// api.StepEvent): what Advance reports for the UI to animate.
type StepEvent = api.StepEvent

// Bounds of the step events, the playground's own: like the event log they
// are kept in memory and handed to the UI, so neither a long advance nor a
// busy service may grow them without bound.
const (
	// MaxStepEvents is how many step events the account keeps; older ones
	// are dropped first. An advance that makes more reports the newest.
	MaxStepEvents = 10000
	// maxStepFields bounds the fields of one step event; more are left out
	// (in key order, so the same ones on every run).
	maxStepFields = 16
)

// emit keeps a step event, its Time the clock's when zero and its strings
// clipped, dropping the oldest when MaxStepEvents are kept. Nothing is
// kept while the journal is replayed to rebuild the account.
func (a *Account) emit(e StepEvent) {
	if a.replaying {
		return
	}
	if e.Time == 0 {
		e.Time = a.clock.Now()
	}
	e.Service = api.Clip(e.Service, maxLoggedString)
	e.Type = api.Clip(e.Type, maxLoggedString)
	if !fieldsFit(e.Fields) {
		e.Fields = clipFields(e.Fields)
	}
	a.stepSeq++
	if len(a.steps) >= MaxStepEvents {
		a.steps[0] = StepEvent{}
		a.steps = a.steps[len(a.steps)-MaxStepEvents+1:]
	}
	a.steps = append(a.steps, e)
}

// fieldsFit reports whether a step event's fields are within the bounds
// as they are (the usual case: a service's own few short fields), so that
// emit keeps the map it was handed (its maker hands it over) rather than
// copy it.
func fieldsFit(f map[string]string) bool {
	if len(f) > maxStepFields {
		return false
	}
	for k, v := range f {
		if len(k) > maxLoggedString || len(v) > maxLoggedString {
			return false
		}
	}
	return true
}

// clipFields returns the first maxStepFields fields in key order, each
// key and value clipped.
func clipFields(in map[string]string) map[string]string {
	fields := make(map[string]string, min(len(in), maxStepFields))
	for _, k := range slices.Sorted(maps.Keys(in)) {
		if len(fields) == maxStepFields {
			break
		}
		fields[api.Clip(k, maxLoggedString)] = api.Clip(in[k], maxLoggedString)
	}
	return fields
}

// StepSeq returns how many step events the account has made: pass it to
// StepEventsSince to read the ones made after now.
func (a *Account) StepSeq() int { return a.stepSeq }

// StepEventsSince returns the step events made after the first seq ones,
// oldest first (a copy; those no longer kept are left out).
func (a *Account) StepEventsSince(seq int) []StepEvent {
	first := a.stepSeq - len(a.steps) // the number of steps dropped
	i := min(max(seq-first, 0), len(a.steps))
	out := slices.Clone(a.steps[i:])
	for j := range out {
		out[j].Fields = maps.Clone(out[j].Fields)
	}
	if out == nil {
		out = []StepEvent{}
	}
	return out
}

// AdvanceEvents is Advance that returns the step events of the interval:
// what the work that fell due reported (streams becoming ACTIVE, objects
// delivered, ...), oldest first, at most MaxStepEvents.
func (a *Account) AdvanceEvents(ms int64) ([]StepEvent, error) {
	before := a.stepSeq
	if err := a.Advance(ms); err != nil {
		return nil, err
	}
	return a.StepEventsSince(before), nil
}

// dropStepsAfter forgets the step events made after the first seq (those
// of a call or advance that was undone).
func (a *Account) dropStepsAfter(seq int) {
	n := max(len(a.steps)-(a.stepSeq-seq), 0)
	clear(a.steps[n:])
	a.steps = a.steps[:n]
	a.stepSeq = seq
}

// schedule arranges for fn to run with the environment of work when the
// clock reaches at.
func (a *Account) schedule(at sim.Time, fn func(w *api.Work)) {
	a.clock.Schedule(at, func(now sim.Time) { fn(a.work(now)) })
}

// work is the environment of work that falls due at now.
func (a *Account) work(now sim.Time) *api.Work {
	return &api.Work{
		Now:           now,
		Account:       a.id,
		Region:        a.region,
		Rand:          a.rand,
		Emit:          a.emit,
		Schedule:      a.schedule,
		AssumeRoleFor: a.assumeRoleFor,
		AssumeRoleAs:  a.assumeRoleAs,
		Call: func(service, caller, op string, input any) (json.RawMessage, error) {
			return a.callFor(service, caller, op, input, false)
		},
		Act: a.act,
	}
}

// act makes a call of a playground actor (api.Work.Act).
func (a *Account) act(c api.ActCall) (json.RawMessage, error) {
	if a.depth >= maxDepth {
		return nil, &api.Error{Code: "InternalFailure", Message: "calls on behalf of others nest too deeply"}
	}
	a.depth++
	defer func() { a.depth-- }()
	return a.call(c.Caller, c.Op, c.Input, CallOptions{act: &c}, "")
}

// callFor makes a call on behalf of service (logged with invokedBy =
// service) as caller; asService lets the caller be the service principal
// itself, which no learner's call may be.
func (a *Account) callFor(service, caller, op string, input any, asService bool) (json.RawMessage, error) {
	b, err := json.Marshal(input)
	if err != nil {
		return nil, err
	}
	if !isServicePrincipal(service) {
		return nil, api.Errorf("InternalFailure", "%q is not a service principal", api.Clip(service, api.MaxQuoted))
	}
	if a.depth >= maxDepth {
		return nil, &api.Error{Code: "InternalFailure", Message: "calls on behalf of others nest too deeply"}
	}
	a.depth++
	defer func() { a.depth-- }()
	return a.call(caller, op, b, CallOptions{asService: asService}, service)
}

// assumeRoleFor makes service assume roleARN: sts:AssumeRole through the
// dispatcher, made by the service principal and so authorised by the
// role's trust policy alone (a service principal has no identity-based
// policies). The session is named after the service (the playground's
// choice; AWS services name their sessions as they like).
func (a *Account) assumeRoleFor(service, roleARN string) (string, error) {
	return a.assumeRoleAs(service, roleARN, sessionName(service))
}

// assumeRoleAs is assumeRoleFor with the session named by the service
// (api.Work.AssumeRoleAs); sts:AssumeRole checks the name as it checks
// any caller's.
func (a *Account) assumeRoleAs(service, roleARN, session string) (string, error) {
	out, err := a.callFor(service, service, "sts:AssumeRole", map[string]string{
		"RoleArn": roleARN, "RoleSessionName": session}, true)
	if err != nil {
		return "", err
	}
	var res struct{ AssumedRoleUser struct{ Arn string } }
	if err := json.Unmarshal(out, &res); err != nil {
		return "", err
	}
	return res.AssumedRoleUser.Arn, nil
}

// isServicePrincipal reports whether s names an AWS service principal
// ("firehose.amazonaws.com"): a DNS name under amazonaws.com.
func isServicePrincipal(s string) bool {
	name, ok := strings.CutSuffix(s, ".amazonaws.com")
	if !ok || name == "" || len(s) > 128 {
		return false
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// sessionName is the RoleSessionName a service's session gets: the
// service's name ("firehose" for firehose.amazonaws.com), which fits
// [\w+=,.@-]{2,64}.
func sessionName(service string) string {
	name := strings.TrimSuffix(service, ".amazonaws.com")
	if len(name) < 2 {
		name += "-service"
	}
	return name[:min(len(name), 64)]
}
