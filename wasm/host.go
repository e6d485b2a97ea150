package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/iam/catalog"
)

// Host is the logic behind globalThis.cloudplayHost, the functions
// site/cloudplay.js calls. Each takes and returns JSON text:
// {"ok":true,"output":<value>} or {"ok":false,"error":{"code","message","trace"?}}.
// It goes through the Store, so calls are logged and the UI re-renders.
// host_js.go wraps it in js.FuncOf; everything here is tested natively.
type Host struct {
	store *Store
}

// NewHost returns the host for store.
func NewHost(store *Store) *Host { return &Host{store: store} }

// callOpts are the options of cloudplay.call.
type callOpts struct {
	Caller  string        `json:"caller"`
	Context cloud.Context `json:"context"`
}

// Call runs op with inputJSON (a JSON object, "" for {}) and optsJSON
// ({"caller": ARN, "context": {...}}; "" for none). The caller defaults to
// root, not to the principal the UI acts as: scripts say who they are.
func (h *Host) Call(op, inputJSON, optsJSON string) string {
	var opts callOpts
	if strings.TrimSpace(optsJSON) != "" && strings.TrimSpace(optsJSON) != "null" {
		d := json.NewDecoder(strings.NewReader(optsJSON))
		d.DisallowUnknownFields()
		if err := d.Decode(&opts); err != nil {
			return failure(api.Errorf("ValidationError", "opts must be an object with optional members caller (a principal ARN) and context (request context keys): %s", strings.TrimPrefix(err.Error(), "json: ")))
		}
	}
	caller := opts.Caller
	if caller == "" {
		caller = h.store.Account().RootARN()
	}
	a := &CallOp{Caller: caller, Op: op, Input: []byte(inputJSON), Context: opts.Context, Where: "host"}
	h.store.Dispatch(a)
	if a.Err != nil {
		return failure(a.Err)
	}
	return success(a.Output)
}

// maxAdvanceSeconds bounds one advance (about 3,170 years).
const maxAdvanceSeconds = 1e11

// Advance moves simulated time forward by seconds, given as JSON text of a
// number ≥ 0 (fractions allowed, rounded down to the millisecond). Output:
// {"time": "<ISO time with milliseconds>"}.
func (h *Host) Advance(secondsJSON string) string {
	ms, err := parseSeconds(secondsJSON)
	if err != nil {
		return failure(err)
	}
	h.store.Dispatch(&Advance{Ms: ms})
	out, _ := json.Marshal(map[string]string{"time": h.store.Account().Now().Milli()})
	return success(out)
}

// parseSeconds reads a JSON number of seconds exactly (as a decimal, so
// 1.005 is 1005 ms, not 1004.999…) and returns whole milliseconds.
func parseSeconds(text string) (int64, error) {
	bad := api.Errorf("ValidationError", "advance takes a number of seconds from 0 to %g, not %s", maxAdvanceSeconds, clipText(text))
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	tok, err := d.Token()
	n, isNumber := tok.(json.Number)
	if err != nil || !isNumber || d.More() {
		return 0, bad
	}
	if _, err := d.Token(); err == nil {
		return 0, bad // more than one value
	}
	ms, ok := decimalMillis(n.String())
	if !ok || ms > maxAdvanceSeconds*1000 {
		return 0, bad
	}
	return ms, nil
}

// decimalMillis returns ⌊num × 1000⌋ for the text of a JSON number num ≥ 0
// (a negative one, even -0.5, is refused; "-0" is 0), computed exactly on
// its decimal digits. ok is false when the value is negative or too large
// to matter (more than 10^15 ms).
func decimalMillis(num string) (ms int64, ok bool) {
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	mant, exp := num, 0
	if i := strings.IndexAny(num, "eE"); i >= 0 {
		mant = num[:i]
		e, err := strconv.Atoi(num[i+1:])
		if err != nil || e > 30 || e < -400 {
			return 0, e < -400 && err == nil && !neg
		}
		exp = e
	}
	whole, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	shift := exp - len(frac) + 3 // value in ms = digits × 10^shift
	if shift < 0 {
		if -shift >= len(digits) {
			digits = ""
		} else {
			digits = digits[:len(digits)+shift] // floor: the value is not negative
		}
		shift = 0
	}
	if digits == "" {
		return 0, true // zero, or less than a millisecond
	}
	if neg || len(digits)+shift > 16 {
		return 0, false
	}
	v, err := strconv.ParseInt(digits+strings.Repeat("0", shift), 10, 64)
	return v, err == nil
}

// Reset loads scenarioJSON, or the built-in default when it is empty. On
// a bad scenario it fails with InvalidScenario and nothing changes. The
// replaced account can be restored with the UI's Undo. Output: {}.
func (h *Host) Reset(scenarioJSON string) string {
	l := &Load{Label: "A script reset the account.", Where: "host"}
	if strings.TrimSpace(scenarioJSON) != "" {
		l.Src = []byte(scenarioJSON)
	}
	h.store.Dispatch(l)
	if l.Err != nil {
		return failure(l.Err)
	}
	return success([]byte("{}"))
}

// LoadCatalog parses the IAM catalog (the text of site/iam-catalog.json,
// which cloudplay.js fetches on first need) and gives it to the store, so
// access-analyzer:ValidatePolicy and the policy editor check services,
// actions and condition keys. Output: {"services": N, "actions": N}.
func (h *Host) LoadCatalog(text string) string {
	c, err := catalog.Parse([]byte(text))
	if err != nil {
		return failure(api.Errorf("InvalidCatalog", "the IAM catalog does not parse: %v", err))
	}
	h.store.Dispatch(&SetCatalog{Catalog: c})
	out, _ := json.Marshal(map[string]int{"services": len(c.Services()), "actions": c.NumActions()})
	return success(out)
}

// Scenario returns the current account as a scenario.
func (h *Host) Scenario() string {
	return success(h.store.Export())
}

// Events returns the event log, oldest first.
func (h *Host) Events() string {
	out, err := json.Marshal(h.store.Account().Events())
	if err != nil {
		return failure(err)
	}
	return success(out)
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

func failure(err error) string {
	var e *api.Error
	if !errors.As(err, &e) {
		e = &api.Error{Code: "InternalFailure", Message: err.Error()}
	}
	b, mErr := json.Marshal(result{OK: false, Error: e})
	if mErr != nil {
		// A trace that does not marshal is dropped rather than the error.
		b, _ = json.Marshal(result{OK: false, Error: &api.Error{Code: e.Code, Message: e.Message}})
	}
	return string(b)
}

func clipText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "nothing"
	}
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
