package cloud

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
//
// No call can take the account down: a panic in an operation is answered
// as InternalFailure and leaves the account as it was before the call.
func (a *Account) Call(caller, op string, input []byte) ([]byte, error) {
	return a.CallWith(caller, op, input, CallOptions{})
}

// CallContext is Call with request context keys set by the caller.
func (a *Account) CallContext(caller, op string, input []byte, ctx Context) ([]byte, error) {
	return a.CallWith(caller, op, input, CallOptions{Context: ctx})
}

// CallOptions are the options of one call (cloudplay.call's opts).
type CallOptions struct {
	// Context sets request context keys (opts.context); see [MaxContextKeys]
	// and the other limits beside it.
	Context Context
	// OmitTrace leaves the Trace members out of the simulate APIs' results
	// (opts.trace: false). It holds for this call only: the calls a
	// service makes on someone's behalf while running it are made without
	// it, as their outputs go to the service, not to the caller.
	OmitTrace bool

	// asService makes the call as the service principal it is made on
	// behalf of (the sts:AssumeRole of Work.AssumeRoleFor): no call a
	// learner makes can.
	asService bool
	// act is set for the call of a playground actor (Work.Act): logged
	// aggregated under the actor's name, never journaled.
	act *api.ActCall
	// dryRun stops the call once every action it needs is authorised
	// (Check with dryRun): nothing runs, the output is {}.
	dryRun bool
}

// CallWith is Call with options.
func (a *Account) CallWith(caller, op string, input []byte, o CallOptions) ([]byte, error) {
	return a.call(caller, op, input, o, "")
}

// call runs one call and logs it. The outermost call (the one not made
// inside another call or an advance) recovers a panic anywhere in it —
// decoding, authorisation, the run, the output's encoding, the calls made
// on someone's behalf — and rebuilds the account as it was before it.
func (a *Account) call(caller, opName string, input []byte, o CallOptions, invokedBy string) (out []byte, err error) {
	ev := Event{Time: a.clock.Now().Milli(), Caller: caller, Op: opName, InvokedBy: invokedBy}
	var errs map[string]int // the error codes of an actor's records (see api.ActCall)
	if o.act != nil {
		ev.Actor = o.act.Actor
	}
	ev.setInput(input)
	top := !a.busy
	seq, stepSeq := a.seq, a.stepSeq
	saved := a.rand.Save()
	a.busy = true
	defer func() {
		if top {
			a.busy = false
			if r := recover(); r != nil {
				out, err = nil, a.recoverPanic(opName, r, seq, stepSeq)
			}
		}
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) {
				e = &api.Error{Code: "InternalFailure", Message: api.Clip(err.Error(), maxPanicQuote)}
				err = e
			}
			ev.Error = &EventError{Code: e.Code, Message: e.Message}
			if invokedBy != "" {
				// No caller sees the error of a call made on someone's
				// behalf: the log keeps its explanation.
				ev.Error.Trace = e.Trace
			}
		}
		if o.act != nil {
			a.logActor(ev, int64(a.clock.Now()), max(o.act.Calls, 1), errs)
			return
		}
		if invokedBy != "" && ev.ReadOnly {
			a.logOnBehalf(ev, int64(a.clock.Now()))
			return
		}
		a.log(ev)
	}()
	out, errs, err = a.dispatch(&ev, caller, opName, input, o, invokedBy)
	if err != nil {
		// Only calls that succeed draw from the seed (CONTRACT.md "The
		// account"), so that a replay of the journal draws the same ids.
		a.rand.Restore(saved)
	}
	return out, err
}

// dispatch checks the call, authorises every action it needs and runs it.
// For an actor's call it also returns the error codes of its records.
func (a *Account) dispatch(ev *Event, caller, opName string, input []byte, o CallOptions, invokedBy string) ([]byte, map[string]int, error) {
	out, err := a.dispatchCall(ev, caller, opName, input, o, invokedBy)
	if err != nil || o.act == nil {
		return out, nil, err
	}
	if o.act.Bulk != nil {
		errs, err := o.act.Bulk()
		return nil, errs, err
	}
	if o.act.Records != nil {
		return out, o.act.Records(out), nil
	}
	return out, nil, nil
}

// dispatchCall checks the call, authorises every action it needs and runs
// it (or, for an actor's bulk call, stops once it is authorised).
func (a *Account) dispatchCall(ev *Event, caller, opName string, input []byte, o CallOptions, invokedBy string) ([]byte, error) {
	op, ok := api.Op{}, false
	if len(opName) <= a.longest { // no need to hash a longer name
		op, ok = a.ops[opName]
	}
	if !ok {
		return nil, a.unknownOperation(opName)
	}
	ev.ReadOnly = !op.Mutates
	proto, validationCode := a.service(opName)
	if len(input) > MaxInputBytes {
		return nil, api.Errorf(validationCode, "The input of %s is %d bytes; the playground accepts at most %d bytes (2 MiB) of input JSON in one call", opName, len(input), MaxInputBytes)
	}
	valid, spaced := isObject(input)
	if !valid {
		return nil, &api.Error{Code: "SerializationException", Message: "Start of structure or map found where not expected: the input of " + opName + " must be a JSON object"}
	}
	values, err := contextValues(o.Context, validationCode)
	if err != nil {
		return nil, err
	}
	p, err := a.iam.PrincipalAt(caller, a.clock.Now())
	switch {
	case o.asService && caller == invokedBy:
		p = api.Principal{ARN: caller, Type: api.Service, Name: caller, ID: caller}
	case errors.Is(err, iam.ErrExpiredToken):
		return nil, expiredToken(proto)
	case err != nil:
		return nil, unknownCaller(proto)
	}
	env := a.env(p, values)
	env.OmitTrace = o.OmitTrace
	if o.act != nil {
		env.Actor = o.act.Actor
	}

	actions, run, err := op.Prepare(env, input)
	if err != nil {
		return nil, err
	}
	for _, act := range actions {
		d := a.auth.Authorize(p, act, env)
		if d.Err != nil {
			return nil, d.Err
		}
		ev.Actions = append(ev.Actions, ActionDecision{Action: act.Action, Resource: act.Resource, Decision: d.Decision})
		if d.Decision != Allowed {
			return nil, a.denied(opName, accessDenied(proto, p, act, d))
		}
	}
	if o.act != nil && o.act.Bulk != nil {
		return nil, nil // authorised: the bulk work runs in dispatch
	}
	if o.dryRun {
		return []byte("{}"), nil // authorised: a dry run changes nothing
	}
	res, err := run()
	if err != nil {
		return nil, err
	}
	var out []byte
	if raw, ok := res.(json.RawMessage); ok {
		// An operation that encodes its own (large) output hands it over
		// as is: marshalling it again would only scan it once more.
		out = raw
	} else if out, err = json.Marshal(res); err != nil {
		// The run has changed the account: only a rebuild can undo it.
		panic(fmt.Sprintf("the output does not marshal: %v", err))
	}
	if op.Mutates && invokedBy == "" && a.depth == 0 && o.act == nil {
		a.journal = append(a.journal, Step{Op: opName, Input: compactScanned(input, spaced), As: caller, Context: maps.Clone(o.Context)})
	}
	return out, nil
}

// service returns what the dispatcher knows of op's service prefix: its
// protocol and validation code (JSON and ValidationException for a prefix
// it does not know).
func (a *Account) service(op string) (proto api.Protocol, validationCode string) {
	prefix, _, _ := strings.Cut(op, ":")
	if svc := a.services[prefix]; svc != nil {
		proto, validationCode = svc.Protocol, svc.ValidationCode
	}
	if validationCode == "" {
		validationCode = "ValidationException"
	}
	return proto, validationCode
}

// denied gives err, an access denial, the code of op's service when it
// has its own (EC2's UnauthorizedOperation, whose message starts "You are
// not authorized to perform this operation."
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/query-api-troubleshooting.html,
// "Unauthorized operation": the request returns Client.UnauthorizedOperation),
// then says what IAM decided, as the decoded authorization message would).
func (a *Account) denied(op string, err *api.Error) error {
	prefix, _, _ := strings.Cut(op, ":")
	if svc := a.services[prefix]; svc != nil && svc.DeniedCode != "" {
		err.Code = svc.DeniedCode
		err.Message = "You are not authorized to perform this operation. " + err.Message
	}
	return err
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
		Schedule: a.schedule,
		Emit:     a.emit,
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
			return a.call(caller, op, b, CallOptions{}, p.ARN)
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
	msg := fmt.Sprintf("Operation %q does not exist", api.Clip(name, api.MaxQuoted))
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
// A name longer than every operation's by 3 bytes or more has none: no
// name is within the edit distance suggested, so the search is skipped
// (it would lower-case a 10 MB name once per operation).
func (a *Account) nearest(name string) string {
	if len(name) >= a.longest+3 {
		return ""
	}
	best, bestD := "", 3
	for _, n := range a.names {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := editDistance(n, name, bestD); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b ignoring ASCII case
// (operation names are ASCII), or limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	var buf [2 * 128]int // no allocation for names of up to 127 bytes
	var prev, cur []int
	if len(b) < 128 {
		prev, cur = buf[:len(b)+1], buf[128:128+len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isObject reports whether b is a JSON object (or nothing), as
// json.Valid would judge it, and whether white space separates any of its
// tokens (when none does, compact has nothing to remove).
func isObject(b []byte) (ok, spaced bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return true, false // no input is an empty input
	}
	if b[0] != '{' {
		return false, false
	}
	return scanJSON(b)
}

// maxNestingDepth is encoding/json's bound on nested arrays and objects:
// json.Valid refuses a value nested deeper.
const maxNestingDepth = 10000

// scanJSON reports whether b is exactly one JSON value, accepting what
// json.Valid accepts and nothing else (FuzzIsObject compares them), and
// whether white space separates any of its tokens. It exists because
// json.Valid runs a state machine with a function call per byte, which
// made it a third of the dispatcher's time on a 500-record
// kinesis:PutRecords; this scan skips the inside of strings eight bytes at
// a time.
func scanJSON(b []byte) (ok, spaced bool) {
	var buf [64]byte
	stack := buf[:0] // the open '{' and '['
	i, n := 0, len(b)
	for {
		// A value.
		j := skipSpace(b, i)
		spaced = spaced || j > i
		if i = j; i >= n {
			return false, spaced
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if stack = append(stack, c); len(stack) > maxNestingDepth {
				return false, spaced
			}
			j := skipSpace(b, i+1)
			spaced = spaced || j > i+1
			if i = j; i < n && b[i] == c+2 { // '{'+2 is '}', '['+2 is ']'
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				if i = key(b, i, &spaced); i < 0 {
					return false, spaced
				}
			}
			continue
		case c == '"':
			if i = scanString(b, i); i < 0 {
				return false, spaced
			}
		case c == '-' || '0' <= c && c <= '9':
			if i = scanNumber(b, i); i < 0 {
				return false, spaced
			}
		case c == 't':
			if i = literal(b, i, "true"); i < 0 {
				return false, spaced
			}
		case c == 'f':
			if i = literal(b, i, "false"); i < 0 {
				return false, spaced
			}
		case c == 'n':
			if i = literal(b, i, "null"); i < 0 {
				return false, spaced
			}
		default:
			return false, spaced
		}
		// After a value: a comma, the end of containers, or the end.
		for {
			j := skipSpace(b, i)
			spaced = spaced || j > i
			i = j
			if len(stack) == 0 {
				return i == n, spaced
			}
			if i >= n {
				return false, spaced
			}
			top := stack[len(stack)-1]
			if b[i] == top+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if b[i] != ',' {
				return false, spaced
			}
			i++
			if top == '{' {
				if i = key(b, i, &spaced); i < 0 {
					return false, spaced
				}
			}
			break
		}
	}
}

// key scans an object's member name and its colon from b[i:], and
// returns where its value starts (or -1).
func key(b []byte, i int, spaced *bool) int {
	j := skipSpace(b, i)
	*spaced = *spaced || j > i
	if j >= len(b) || b[j] != '"' {
		return -1
	}
	if j = scanString(b, j); j < 0 {
		return -1
	}
	k := skipSpace(b, j)
	*spaced = *spaced || k > j
	if k >= len(b) || b[k] != ':' {
		return -1
	}
	return k + 1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// SWAR constants: a byte of 1s and a byte of high bits in each lane.
const (
	lanes1 = 0x0101010101010101
	lanes8 = 0x8080808080808080
)

// special reports whether any byte of the eight in w ends a plain run of
// string text: a control character (< 0x20), '"' or '\\'.
func special(w uint64) bool {
	zero := func(v uint64) uint64 { return (v - lanes1) & ^v & lanes8 }
	return (w-lanes1*0x20)&^w&lanes8|zero(w^(lanes1*'"'))|zero(w^(lanes1*'\\')) != 0
}

// scanString scans the string that starts at b[i] (a '"') and returns the
// index after its closing quote, or -1. Like json.Valid it takes any byte
// from 0x20 up, valid UTF-8 or not, and the escapes of RFC 8259.
func scanString(b []byte, i int) int {
	n := len(b)
	i++
	for {
		for i+8 <= n && !special(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		if i >= n {
			return -1
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1
		case c < 0x20:
			return -1
		case c == '\\':
			if i+1 >= n {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > n || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		default:
			i++
		}
	}
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// scanNumber scans the number that starts at b[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and returns the index
// after it, or -1.
func scanNumber(b []byte, i int) int {
	n := len(b)
	if b[i] == '-' {
		i++
	}
	switch {
	case i < n && b[i] == '0':
		i++
	case i < n && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return -1
	}
	if i < n && b[i] == '.' {
		if j := digits(b, i+1); j > i+1 {
			i = j
		} else {
			return -1
		}
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

func literal(b []byte, i int, word string) int {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return -1
	}
	return i + len(word)
}

// compactScanned is compact of an input isObject found valid and spaced
// or not: one with no white space between its tokens is only copied.
func compactScanned(b []byte, spaced bool) json.RawMessage {
	if spaced {
		return compact(b)
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	return bytes.Clone(b)
}

// compact removes the white space between the tokens of b, which
// isObject has found to be valid JSON: what json.Compact does, in one
// plain pass (json.Compact runs the full JSON state machine again, which
// made it a third of the time of a 500-record kinesis:PutRecords call).
func compact(b []byte) json.RawMessage {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		switch c := b[i]; c {
		case ' ', '\t', '\n', '\r':
			i++
		case '"':
			// Copy the string up to its closing quote.
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(b))
			out = append(out, b[i:j]...)
			i = j
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

// Limits on a call's request context (opts.context, a step's context).
// AWS limits a condition key's name to 256 characters (ContextKeyName of
// the simulate APIs: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html)
// and states no limit on the number of keys, of values or their length;
// those are the playground's own, chosen to hold any real request (the
// global condition keys, 50 request tags, aws:TagKeys with a resource's 50
// tag keys, a URL in aws:Referer) while bounding the matching work one
// call can ask of the evaluator.
const (
	MaxContextKeys        = 128  // keys in one request context
	MaxContextKeyLength   = 256  // code points of a key's name (AWS's ContextKeyName)
	MaxContextValues      = 64   // values in one key's list
	MaxContextValueLength = 1024 // code points of one value
)

// MaxInputBytes is the most input JSON one call takes: the playground's
// own limit (AWS states its limits per member of an input). It is sized for the largest input a learner
// sends, an S3 object of s3.MaxObjectSize bytes in base64 (4/3 of it) with
// its other members, and keeps any single call far from what a browser
// tab can hold.
const MaxInputBytes = 2 << 20

// contextValues turns request context keys from JSON values into the
// multi-valued strings the evaluator reads. code is the service's
// validation error code.
func contextValues(ctx Context, code string) (map[string][]string, error) {
	if len(ctx) > MaxContextKeys {
		return nil, api.Errorf(code, "The request context has %d keys; the playground accepts at most %d", len(ctx), MaxContextKeys)
	}
	out := make(map[string][]string, len(ctx))
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		if k == "" || utf8.RuneCountInString(k) > MaxContextKeyLength {
			return nil, api.Errorf(code, "Request context key %q must have a length from 1 to %d", api.Clip(k, api.MaxQuoted), MaxContextKeyLength)
		}
		v := bytes.TrimSpace(ctx[k])
		if len(v) > 0 && v[0] == '[' {
			var list []json.RawMessage
			if err := json.Unmarshal(v, &list); err != nil {
				return nil, badContext(code, k)
			}
			if len(list) > MaxContextValues {
				return nil, api.Errorf(code, "Request context key %q has %d values; the playground accepts at most %d", api.Clip(k, api.MaxQuoted), len(list), MaxContextValues)
			}
			for _, e := range list {
				s, err := scalar(code, k, e)
				if err != nil {
					return nil, err
				}
				out[k] = append(out[k], s)
			}
			continue
		}
		s, err := scalar(code, k, v)
		if err != nil {
			return nil, err
		}
		out[k] = []string{s}
	}
	return out, nil
}

// scalar reads one value of request context key k.
func scalar(code, k string, v json.RawMessage) (string, error) {
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return "", badContext(code, k)
	}
	var s string
	switch x := x.(type) {
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case float64:
		s = strings.TrimSpace(string(v))
	default:
		return "", badContext(code, k)
	}
	if n := utf8.RuneCountInString(s); n > MaxContextValueLength {
		return "", api.Errorf(code, "A value of request context key %q is %d characters long; the playground accepts at most %d", api.Clip(k, api.MaxQuoted), n, MaxContextValueLength)
	}
	return s, nil
}

func badContext(code, k string) error {
	return api.Errorf(code, "request context key %q must be a string, number, boolean or a list of them", api.Clip(k, api.MaxQuoted))
}
