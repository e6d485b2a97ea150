package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/catalog"
	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
)

// Host is the logic behind globalThis.cloudplayHost, the functions
// site/cloudplay.js and site/bridge.js call. Each takes and returns JSON
// text: {"ok":true,"output":<value>} or
// {"ok":false,"error":{"code","message","trace"?}}. It goes through the
// Store, so calls are logged and the UI re-renders. host_js.go wraps it in
// js.FuncOf; everything here is tested natively.
//
// No host function lets a Go panic escape: a panic inside one (a bug in an
// operation, an input no limit foresaw) is answered with InternalFailure,
// and the simulator keeps running. Out of memory cannot be recovered; the
// input limits of the operations keep it out of reach.
type Host struct {
	store *Store
	// fault, when not nil, runs at the start of every host function,
	// inside its recovery, with the function's name. Tests make it panic
	// to check that a panic is answered, not fatal (host_js.go wires it to
	// the page's globalThis.__cloudplayFault for the browser tests).
	fault func(fn string)
	// feed collects the events for cloudplay.subscribe (hostfeed.go);
	// deliver hands a batch to the page (host_js.go: to
	// globalThis.__cloudplayFeed).
	feed    Feed
	deliver func(batch []byte)
	// goals tracks the scenario's goals (goals.go); goalsSent is the
	// goalsKey of the goals last handed to the feed's subscribers.
	goals     GoalTracker
	goalsSent string
}

// NewHost returns the host for store. It watches every action the store
// runs, for the event feed (Host.Feed).
func NewHost(store *Store) *Host {
	h := &Host{store: store}
	store.Dispatched = h.afterDispatch
	return h
}

// dispatch runs an action for a host function: the feed knows it is not
// the learner's own.
func (h *Host) dispatch(action any) {
	h.feed.host++
	defer func() { h.feed.host-- }()
	h.store.Dispatch(action)
}

// afterDispatch hands what the action made to the subscribers. The feed
// must never break the page: a panic in it (or in the page's
// __cloudplayFeed) is logged and the feed goes on.
func (h *Host) afterDispatch(action any) {
	if !h.feed.On() {
		return
	}
	defer func() {
		if r := recover(); r != nil && h.store.OnPanic != nil {
			h.store.OnPanic(r, debug.Stack())
		}
	}()
	b := h.feed.After(h.store.Account(), action)
	if st := h.goals.Statuses(h.store.Account(), h.store.Meta().Goals); goalsKey(st) != h.goalsSent {
		h.goalsSent = goalsKey(st)
		b = withGoals(b, goalsJSON(st))
	}
	if b != nil && h.deliver != nil {
		h.deliver(b)
	}
}

// Goals returns where the current scenario's goals stand (cloudplay.goals()):
// [{"title", "done", "detail"}, ...], [] for a scenario without goals.
func (h *Host) Goals() string {
	return h.guard("goals", func() string {
		return success(goalsJSON(h.goals.Statuses(h.store.Account(), h.store.Meta().Goals)))
	})
}

// Feed starts (on) or stops the event feed: site/cloudplay.js turns it on
// while cloudplay.subscribe has subscribers. Output: {}.
func (h *Host) Feed(on bool) string {
	return h.guard("feed", func() string {
		h.feed.SetOn(on, h.store.Account())
		if on {
			// Subscribers hear of the goals' changes from now on.
			h.goalsSent = goalsKey(h.goals.Statuses(h.store.Account(), h.store.Meta().Goals))
		}
		return success([]byte("{}"))
	})
}

// guard runs the host function fn and turns a panic inside it into an
// InternalFailure answer.
func (h *Host) guard(fn string, run func() string) string {
	return safely(fn, func() string {
		if h.fault != nil {
			h.fault(fn)
		}
		return run()
	})
}

// safely runs the host function fn and answers a panic inside it with
// InternalFailure.
func safely(fn string, run func() string) (out string) {
	defer func() {
		if v := recover(); v != nil {
			out = failure(hostFailure(fn, v))
		}
	}()
	return run()
}

// hostFailure is the error of a host function that panicked. The code
// is the one every AWS API has for a failure of its own
// (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html:
// InternalFailure, "The request can't be processed right now because of an
// internal server issue").
func hostFailure(fn string, v any) *api.Error {
	return api.Errorf("InternalFailure",
		"cloudplay: %s failed inside the simulator (%s); the simulator keeps running, please report this",
		fn, clipCodePoints(fmt.Sprint(v), maxPanicText))
}

// maxPanicText bounds how much of a panic's text an InternalFailure
// message quotes (code points): enough for a runtime error and its cause.
const maxPanicText = 200

// callOpts are the options of cloudplay.call (CONTRACT.md, "Sizes and
// options").
type callOpts struct {
	Caller    string
	Context   cloud.Context
	OmitTrace bool // opts.trace === false
}

// maxCallerLength bounds opts.caller: a principal ARN, whose length AWS
// bounds at 2048 (PolicySourceArn, arnType, in
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
const maxCallerLength = 2048

// Call runs op with inputJSON (a JSON object, "" for {}) and optsJSON
// ({"caller": ARN, "context": {...}, "trace": false}; "" or null for
// none). The caller defaults to root, not to the principal the UI acts as:
// scripts say who they are.
func (h *Host) Call(op, inputJSON, optsJSON string) string {
	return h.guard("call", func() string {
		opts, err := parseCallOpts(optsJSON)
		if err != nil {
			return failure(err)
		}
		caller := opts.Caller
		if caller == "" {
			caller = h.store.Account().RootARN()
		}
		a := &CallOp{Caller: caller, Op: op, Input: []byte(inputJSON), Context: opts.Context, OmitTrace: opts.OmitTrace, Where: "host"}
		h.dispatch(a)
		if a.Err != nil {
			return failure(a.Err)
		}
		return success(a.Output)
	})
}

// parseCallOpts checks the options of cloudplay.call: an object whose
// members are caller (a string), context (an object) and trace (a
// boolean), each optional (null is the same as absent). An unknown member,
// or a known one of the wrong type, is a ValidationError naming it.
func parseCallOpts(text string) (callOpts, error) {
	var opts callOpts
	text = strings.TrimSpace(text)
	if text == "" || text == "null" {
		return opts, nil
	}
	var members map[string]json.RawMessage
	if jsonKind([]byte(text)) != "an object" {
		return opts, api.Errorf("ValidationError", "opts must be an object with optional members caller, context and trace, not %s", jsonKind([]byte(text)))
	}
	if err := json.Unmarshal([]byte(text), &members); err != nil {
		return opts, api.Errorf("ValidationError", "opts is not valid JSON: %s", clipCodePoints(strings.TrimPrefix(err.Error(), "json: "), maxQuote))
	}
	for _, name := range slices.Sorted(maps.Keys(members)) {
		v := bytes.TrimSpace(members[name])
		if string(v) == "null" {
			continue
		}
		if err := opts.set(name, v); err != nil {
			return callOpts{}, err
		}
	}
	return opts, nil
}

// set sets the option name to the JSON value v.
func (o *callOpts) set(name string, v json.RawMessage) error {
	switch name {
	case "caller":
		if json.Unmarshal(v, &o.Caller) != nil {
			return api.Errorf("ValidationError", "opts.caller must be a string (a principal ARN), not %s", jsonKind(v))
		}
		if utf8.RuneCountInString(o.Caller) > maxCallerLength {
			return api.Errorf("ValidationError", "opts.caller must be a principal ARN of at most %d characters, not %s", maxCallerLength, quote(o.Caller))
		}
	case "context":
		if jsonKind(v) != "an object" || json.Unmarshal(v, &o.Context) != nil {
			return api.Errorf("ValidationError", "opts.context must be an object of request context keys (e.g. {\"aws:SourceIp\": \"198.51.100.7\"}), not %s", jsonKind(v))
		}
	case "trace":
		var trace bool
		if json.Unmarshal(v, &trace) != nil {
			return api.Errorf("ValidationError", "opts.trace must be true or false, not %s", jsonKind(v))
		}
		o.OmitTrace = !trace
	default:
		return api.Errorf("ValidationError", "opts has an unknown member %s; its members are caller, context and trace", quote(name))
	}
	return nil
}

// jsonKind names the kind of a JSON value by its first byte, for messages
// ("an object", "a string", ...).
func jsonKind(v []byte) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch c := v[0]; {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	}
	return "text that is not JSON"
}

// Advance moves simulated time forward by seconds, given as JSON text of a
// number from 0 to scenario.MaxAdvanceSeconds (fractions allowed, read
// exactly and rounded down to the millisecond). Output:
// {"time": "<ISO time with milliseconds>"}.
func (h *Host) Advance(secondsJSON string) string {
	return h.guard("advance", func() string {
		ms, err := scenario.ParseSeconds(secondsJSON)
		if err != nil {
			return failure(err)
		}
		adv := &Advance{Ms: ms}
		h.dispatch(adv)
		if adv.Err != nil {
			return failure(adv.Err) // past the end of simulated time
		}
		out, _ := json.Marshal(map[string]string{"time": h.store.Account().Now().Milli()})
		return success(out)
	})
}

// Reset loads scenarioJSON, or the built-in default when it is empty. On
// a bad scenario it fails with InvalidScenario and nothing changes. The
// replaced account can be restored with the UI's Undo. Output: {}.
func (h *Host) Reset(scenarioJSON string) string {
	return h.guard("reset", func() string {
		l := &Load{Label: "A script reset the account.", Where: "host"}
		if strings.TrimSpace(scenarioJSON) != "" {
			l.Src = []byte(scenarioJSON)
		}
		h.dispatch(l)
		if l.Err != nil {
			return failure(l.Err)
		}
		return success([]byte("{}"))
	})
}

// LoadCatalog parses the IAM catalog (the text of site/iam-catalog.json,
// which cloudplay.js fetches on first need) and gives it to the store, so
// access-analyzer:ValidatePolicy and the policy editor check services,
// actions and condition keys. Output: {"services": N, "actions": N}.
func (h *Host) LoadCatalog(text string) string {
	return h.guard("loadCatalog", func() string {
		c, err := catalog.Parse([]byte(text))
		if err != nil {
			return failure(api.Errorf("InvalidCatalog", "the IAM catalog does not parse: %s", clipCodePoints(err.Error(), maxPanicText)))
		}
		h.dispatch(&SetCatalog{Catalog: c})
		out, _ := json.Marshal(map[string]int{"services": len(c.Services()), "actions": c.NumActions()})
		return success(out)
	})
}

// Scenario returns the current account as a scenario.
func (h *Host) Scenario() string {
	return h.guard("scenario", func() string {
		return success(h.store.Export())
	})
}

// Events returns the event log, oldest first.
func (h *Host) Events() string {
	return h.guard("events", func() string {
		out, err := json.Marshal(h.store.Account().Events())
		if err != nil {
			return failure(err)
		}
		return success(out)
	})
}

// CheckMessage checks a postMessage message of the bridge, given as JSON
// text (site/bridge.js serialises it), and answers it normalised (see
// CheckMessage in message.go), or null when the bridge ignores it, or an
// InvalidMessage error.
func (h *Host) CheckMessage(text string) string {
	return h.guard("checkMessage", func() string {
		m, err := CheckMessage([]byte(text))
		switch {
		case err != nil:
			return failure(err)
		case m == nil:
			return success([]byte("null"))
		}
		return success(m.JSON())
	})
}

// result is the JSON a host function returns.
type result struct {
	OK     bool            `json:"ok"`
	Output json.RawMessage `json:"output,omitempty"`
	Error  *api.Error      `json:"error,omitempty"`
}

func success(output []byte) string {
	output = bytes.TrimSpace(output)
	if len(output) == 0 {
		output = []byte("{}")
	}
	// The output is JSON the account wrote (json.Marshal, or an operation's
	// own encoder for large outputs): wrap it without scanning it again,
	// which for a page of 1,000 simulation results is most of the cost.
	var b strings.Builder
	b.Grow(len(output) + len(`{"ok":true,"output":}`))
	b.WriteString(`{"ok":true,"output":`)
	b.Write(output)
	b.WriteString("}")
	return b.String()
}

// maxMessage bounds the message of an error a host function answers (code
// points): the operations quote short prefixes of what they were given,
// and this holds whatever a message quotes. The playground's own choice,
// far above any message AWS writes.
const maxMessage = 1024

func failure(err error) string {
	var e *api.Error
	if !errors.As(err, &e) {
		e = &api.Error{Code: "InternalFailure", Message: err.Error()}
	}
	if len(e.Message) > maxMessage {
		e = &api.Error{Code: e.Code, Message: clipCodePoints(e.Message, maxMessage), Trace: e.Trace}
	}
	b, mErr := json.Marshal(result{OK: false, Error: e})
	if mErr != nil {
		// A trace that does not marshal is dropped rather than the error.
		b, _ = json.Marshal(result{OK: false, Error: &api.Error{Code: e.Code, Message: e.Message}})
	}
	return string(b)
}

// maxQuote is how much of an offending input a message quotes (code
// points), as AWS quotes a prefix of a value in its validation messages.
const maxQuote = 64

// quote quotes s for a message, at most maxQuote code points of it, then "…".
func quote(s string) string {
	p, cut := prefixRunes(s, maxQuote)
	if cut {
		return strconv.Quote(p) + "…"
	}
	return strconv.Quote(p)
}

// clipCodePoints returns s cut to at most n code points, with "…" when cut.
func clipCodePoints(s string, n int) string {
	p, cut := prefixRunes(s, n)
	if cut {
		return p + "…"
	}
	return p
}

// prefixRunes returns the first n code points of s as valid UTF-8, and
// whether s was longer. It never splits a UTF-8 sequence.
func prefixRunes(s string, n int) (string, bool) {
	i := 0
	for j := range s {
		if i == n {
			return strings.ToValidUTF8(s[:j], "\uFFFD"), true
		}
		i++
	}
	return strings.ToValidUTF8(s, "\uFFFD"), false
}
