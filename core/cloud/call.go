package cloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/iam"
)

// maxDepth bounds calls made on someone's behalf inside other calls.
const maxDepth = 8

// Context is a call's request context: condition keys (aws:SourceIp, ...)
// with a JSON value each (a string, number, boolean or list of them).
type Context map[string]json.RawMessage

// defaultContext holds the request context of CONTRACT.md's defaults.
var defaultContext = map[string][]string{
	"aws:SourceIp":               {"203.0.113.10"},
	"aws:SecureTransport":        {"true"},
	"aws:MultiFactorAuthPresent": {"false"},
}

// Call runs operation op (for example "iam:CreateUser") with input, the
// AWS CLI's JSON view of the operation's input, as the principal whose ARN is
// caller, with the default request context. It returns the output as JSON,
// or an *api.Error.
func (a *Account) Call(caller, op string, input []byte) ([]byte, error) {
	return a.CallContext(caller, op, input, nil)
}

// CallContext is Call with request context keys set by the caller.
func (a *Account) CallContext(caller, op string, input []byte, ctx Context) ([]byte, error) {
	return a.call(caller, op, input, ctx, "")
}

func (a *Account) call(caller, opName string, input []byte, ctx Context, invokedBy string) (out []byte, err error) {
	ev := Event{Seq: len(a.events) + 1, Time: a.clock.Now().Milli(), Caller: caller, Op: opName, InvokedBy: invokedBy}
	ev.setInput(input)
	defer func() {
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) {
				e = &api.Error{Code: "InternalFailure", Message: err.Error()}
				err = e
			}
			ev.Error = &EventError{Code: e.Code, Message: e.Message}
		}
		a.events = append(a.events, ev)
	}()

	op, ok := a.ops[opName]
	if !ok {
		return nil, a.unknownOperation(opName)
	}
	ev.ReadOnly = !op.Mutates
	prefix, _, _ := strings.Cut(opName, ":")
	svc := a.services[prefix]
	if !isObject(input) {
		return nil, &api.Error{Code: "SerializationException", Message: "Start of structure or map found where not expected: the input of " + opName + " must be a JSON object"}
	}
	values, err := contextValues(ctx)
	if err != nil {
		return nil, err
	}
	p, err := a.iam.PrincipalAt(caller, a.clock.Now())
	switch {
	case errors.Is(err, iam.ErrExpiredToken):
		return nil, expiredToken(svc.protocol)
	case err != nil:
		return nil, unknownCaller(svc.protocol)
	}
	env := a.env(p, values)

	saved := a.rand.Save()
	actions, run, err := op.Prepare(env, input)
	if err != nil {
		a.rand.Restore(saved)
		return nil, err
	}
	for _, act := range actions {
		d := a.auth.Authorize(p, act, env)
		if d.Err != nil {
			a.rand.Restore(saved)
			return nil, d.Err
		}
		ev.Actions = append(ev.Actions, ActionDecision{Action: act.Action, Resource: act.Resource, Decision: d.Decision})
		if d.Decision != Allowed {
			return nil, accessDenied(svc.protocol, p, act, d)
		}
	}
	res, err := run()
	if err != nil {
		a.rand.Restore(saved)
		return nil, err
	}
	if raw, ok := res.(json.RawMessage); ok {
		// An operation that encodes its own (large) output hands it over
		// as is: marshalling it again would only scan it once more.
		out = raw
	} else if out, err = json.Marshal(res); err != nil {
		panic(fmt.Sprintf("cloud: output of %s does not marshal: %v", opName, err))
	}
	if op.Mutates && invokedBy == "" && a.depth == 0 {
		a.journal = append(a.journal, Step{Op: opName, Input: compact(input), As: caller, Context: maps.Clone(ctx)})
	}
	return out, nil
}

// env builds the environment of a call. The request context holds the
// keys that come with the request (aws:SourceIp, aws:SecureTransport, ...);
// the keys that follow from the principal and the time (aws:username,
// aws:PrincipalTag/..., aws:CurrentTime) are the evaluator's to derive.
func (a *Account) env(p api.Principal, ctx map[string][]string) *api.Env {
	now := a.clock.Now()
	keys := map[string][]string{}
	maps.Copy(keys, defaultContext)
	keys["aws:RequestedRegion"] = []string{a.region}
	maps.Copy(keys, ctx)
	return &api.Env{
		Caller:   p,
		Account:  a.id,
		Region:   a.region,
		Now:      now,
		Rand:     a.rand,
		Context:  keys,
		Schedule: a.clock.Schedule,
		Call: func(caller, op string, input any) (json.RawMessage, error) {
			b, err := json.Marshal(input)
			if err != nil {
				return nil, err
			}
			if a.depth >= maxDepth {
				return nil, &api.Error{Code: "InternalFailure", Message: "calls on behalf of others nest too deeply"}
			}
			a.depth++
			defer func() { a.depth-- }()
			return a.call(caller, op, b, nil, p.ARN)
		},
	}
}

// expiredToken is AWS's answer to the credentials of a session that has
// expired, in the words of each protocol.
func expiredToken(p api.Protocol) error {
	switch p {
	case api.Query:
		return &api.Error{Code: "ExpiredToken", Message: "The security token included in the request is expired"}
	case api.RestXML:
		return &api.Error{Code: "ExpiredToken", Message: "The provided token has expired."}
	}
	return &api.Error{Code: "ExpiredTokenException", Message: "The security token included in the request is expired"}
}

// unknownCaller is AWS's answer to an access key it does not know, in the
// words of each protocol.
func unknownCaller(p api.Protocol) error {
	switch p {
	case api.Query:
		return &api.Error{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."}
	case api.RestXML:
		return &api.Error{Code: "InvalidAccessKeyId", Message: "The AWS Access Key Id you provided does not exist in our records."}
	}
	return &api.Error{Code: "UnrecognizedClientException", Message: "The security token included in the request is invalid."}
}

func (a *Account) unknownOperation(name string) error {
	msg := fmt.Sprintf("Operation %q does not exist", name)
	if near := a.nearest(name); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	if !strings.Contains(name, ":") {
		msg += ` (operations are named "service:Operation", e.g. "iam:CreateUser")`
	}
	return &api.Error{Code: "UnknownOperationException", Message: msg}
}

// nearest returns the operation whose name equals name ignoring case, or,
// failing that, the one with the same service whose name differs least.
func (a *Account) nearest(name string) string {
	best, bestD := "", 3
	for _, n := range slices.Sorted(maps.Keys(a.ops)) {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := editDistance(strings.ToLower(n), strings.ToLower(name), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit when it
// is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return true // no input is an empty input
	}
	if b[0] != '{' {
		return false
	}
	return json.Valid(b)
}

func compact(b []byte) json.RawMessage {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return json.RawMessage(slices.Clone(b))
	}
	return buf.Bytes()
}

// contextValues turns request context keys from JSON values into the
// multi-valued strings the evaluator reads.
func contextValues(ctx Context) (map[string][]string, error) {
	out := make(map[string][]string, len(ctx))
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		v := bytes.TrimSpace(ctx[k])
		if len(v) > 0 && v[0] == '[' {
			var list []json.RawMessage
			if err := json.Unmarshal(v, &list); err != nil {
				return nil, badContext(k)
			}
			for _, e := range list {
				s, ok := scalar(e)
				if !ok {
					return nil, badContext(k)
				}
				out[k] = append(out[k], s)
			}
			continue
		}
		s, ok := scalar(v)
		if !ok {
			return nil, badContext(k)
		}
		out[k] = []string{s}
	}
	return out, nil
}

func scalar(v json.RawMessage) (string, bool) {
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return "", false
	}
	switch x := x.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strings.TrimSpace(string(v)), true
	}
	return "", false
}

func badContext(k string) error {
	return api.Errorf("ValidationError", "request context key %q must be a string, number, boolean or a list of them", k)
}
