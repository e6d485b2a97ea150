package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/sim"
)

// Replay loads a scenario a few steps at a time, so that a long replay can
// show its progress and be cancelled (by no longer calling Run) without
// freezing the page. The account it builds is its own: nothing the learner
// had changes until the caller installs Result.
type Replay struct {
	src   []byte
	steps []span // where each step's JSON value lies in src
	meta  Meta
	acct  *cloud.Account
	done  int
	err   error // the first step that failed, for good
}

// span is a [start, end) range of bytes.
type span struct{ start, end int }

// NewReplay parses and checks src (at most maxSize bytes: MaxLinkSize for
// links, MaxSavedSize for saved work and files) without running any step.
// Errors are *api.Error with code InvalidScenario. The replay reads its
// steps from src as it runs them: src must not change until it is done.
func NewReplay(src []byte, maxSize int) (*Replay, error) {
	if len(src) > maxSize {
		return nil, invalid("the scenario is %d bytes; at most %d are accepted", len(src), maxSize)
	}
	if err := checkJSON(src); err != nil {
		return nil, err
	}
	top, steps, at, err := split(src)
	if err != nil {
		return nil, err
	}
	cfg, m, err := header(top)
	if err != nil {
		return nil, err
	}
	a := cloud.New(cfg)
	if v := top["goals"]; v != nil && string(v) != "null" {
		if m.Goals, err = parseGoals(src, at["goals"], a); err != nil {
			return nil, err
		}
	}
	return &Replay{src: src, steps: steps, meta: m, acct: a}, nil
}

// Len returns the number of steps in all.
func (r *Replay) Len() int { return len(r.steps) }

// Done returns the number of steps replayed so far.
func (r *Replay) Done() int { return r.done }

// Finished reports whether every step has been replayed.
func (r *Replay) Finished() bool { return r.done == len(r.steps) }

// Meta returns what the scenario says besides its steps (its name, for a
// progress message), known before any step runs.
func (r *Replay) Meta() Meta { return r.meta }

// Run replays up to n more steps. A step that fails stops the replay for
// good with an InvalidScenario error naming the step, its line and column,
// and the step's own error; Run returns that error from then on.
func (r *Replay) Run(n int) error {
	for ; n > 0 && r.err == nil && r.done < len(r.steps); n-- {
		s := r.steps[r.done]
		if err := replayStep(r.acct, r.src[s.start:s.end]); err != nil {
			l, c := lineCol(r.src, s.start)
			r.err = invalid("steps[%d] (line %d, column %d): %s", r.done, l, c, clipN(err.Error(), maxStepMessage))
			break
		}
		r.done++
	}
	return r.err
}

// Result returns the account and the scenario's other members once every
// step has been replayed, after checking that actingAs names a principal
// that can make calls in it.
func (r *Replay) Result() (*cloud.Account, Meta, error) {
	if r.err != nil {
		return nil, Meta{}, r.err
	}
	if !r.Finished() {
		return nil, Meta{}, invalid("the replay is not finished: %d of %d steps replayed", r.done, len(r.steps))
	}
	m, a := r.meta, r.acct
	if m.ActingAs != "" && m.ActingAs != a.RootARN() && !a.CanCall(m.ActingAs) {
		// actingAs must name a principal of the account that can make calls
		// now: a user, or a role session that has not expired.
		return nil, Meta{}, invalid("actingAs %q is not a principal of account %s", clip(m.ActingAs), a.ID())
	}
	return a, m, nil
}

// maxStepMessage bounds, in code points, how much of a step's own error
// an InvalidScenario message repeats: enough for any AWS message, not a
// megabyte of echoed input.
const maxStepMessage = 300

// known top-level members, in the order Export writes them.
var known = []string{"format", "name", "description", "account", "region", "seed", "start", "actingAs", "ui", "steps"}

// split reads the top-level object of src, valid JSON as checkJSON made
// sure: its members other than steps, where each member's value starts,
// and where each step lies. Later
// duplicates of a member win, as with json.Unmarshal. It walks the text
// without decoding values, so that finding a million steps costs about as
// much as reading the bytes once.
func split(src []byte) (map[string]json.RawMessage, []span, map[string]int, error) {
	i := skipSpace(src, 0)
	if src[i] != '{' {
		return nil, nil, nil, invalid("a scenario is a JSON object")
	}
	top := map[string]json.RawMessage{}
	at := map[string]int{}
	var steps []span
	for i = skipSpace(src, i+1); src[i] != '}'; i = skipSpace(src, i+1) {
		if src[i] == ',' {
			i = skipSpace(src, i+1)
		}
		end := skipValue(src, i)
		var key string
		json.Unmarshal(src[i:end], &key)          // a valid JSON string
		i = skipSpace(src, skipSpace(src, end)+1) // past the colon
		end = skipValue(src, i)
		top[key], at[key] = src[i:end:end], i
		if key == "steps" {
			var err error
			if steps, err = stepSpans(src, i); err != nil {
				return nil, nil, nil, err
			}
		}
		i = end - 1
	}
	if _, ok := top["steps"]; !ok {
		return nil, nil, nil, invalid("steps is missing")
	}
	return top, steps, at, nil
}

// stepSpans finds the elements of the steps array that starts at src[i].
func stepSpans(src []byte, i int) ([]span, error) {
	if src[i] != '[' {
		return nil, invalid("steps must be a list")
	}
	out := []span{}
	for i = skipSpace(src, i+1); src[i] != ']'; i = skipSpace(src, i) {
		if src[i] == ',' {
			i = skipSpace(src, i+1)
		}
		if len(out) == MaxSteps {
			return nil, invalid("more than %d steps; at most %d are accepted", MaxSteps, MaxSteps)
		}
		end := skipValue(src, i)
		out = append(out, span{i, end})
		i = end
	}
	return out, nil
}

// skipSpace returns the index of the first byte from i on that is not
// JSON white space.
func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the valid JSON value starting at
// src[i].
func skipValue(src []byte, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			for i++; src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
			continue
		case '}', ']':
			depth--
		default:
			if depth == 0 { // a number or a literal: up to its first delimiter
				for i < len(src) && !strings.ContainsRune(" \t\r\n,]}", rune(src[i])) {
					i++
				}
				return i
			}
			continue
		}
		if depth == 0 {
			return i + 1
		}
	}
	return i
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)
var regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// header reads the members of a scenario other than its steps.
func header(top map[string]json.RawMessage) (cloud.Config, Meta, error) {
	var format string
	if err := field(top, "format", &format); err != nil {
		return cloud.Config{}, Meta{}, err
	}
	if format != Format {
		return cloud.Config{}, Meta{}, invalid("format is %q; want %q", clip(format), Format)
	}
	var cfg cloud.Config
	var m Meta
	var start string
	var seed *float64
	for _, f := range []struct {
		name string
		dst  any
	}{{"name", &m.Name}, {"description", &m.Description}, {"account", &cfg.Account}, {"region", &cfg.Region}, {"seed", &seed}, {"start", &start}, {"actingAs", &m.ActingAs}} {
		if err := field(top, f.name, f.dst); err != nil {
			return cloud.Config{}, Meta{}, err
		}
	}
	if err := configure(&cfg, seed, start); err != nil {
		return cloud.Config{}, Meta{}, err
	}
	if ui, ok := top["ui"]; ok {
		m.UI = compact(ui)
	}
	for k, v := range top {
		if !slices.Contains(known, k) {
			if m.Extra == nil {
				m.Extra = map[string]json.RawMessage{}
			}
			m.Extra[k] = compact(v)
		}
	}
	return cfg, m, nil
}

// configure checks the account, region, seed and start of a scenario.
func configure(cfg *cloud.Config, seed *float64, start string) error {
	if cfg.Account != "" && !accountRE.MatchString(cfg.Account) {
		return invalid("account %q is not a 12-digit AWS account id", clip(cfg.Account))
	}
	if cfg.Region != "" && !regionRE.MatchString(cfg.Region) {
		return invalid("region %q is not a region name like us-east-1", clip(cfg.Region))
	}
	if seed != nil {
		if *seed < 0 || *seed > 1<<53-1 || *seed != math.Trunc(*seed) {
			return invalid("seed must be an integer from 0 to 2^53-1")
		}
		cfg.Seed = uint64(*seed)
	}
	if start != "" {
		t, err := sim.ParseTime(start)
		if err != nil {
			return invalid("start: invalid time %q: want RFC 3339, e.g. 2026-01-01T00:00:00Z", clip(start))
		}
		cfg.Start = t
	}
	return nil
}

// step is one step as a scenario writes it.
type step struct {
	Op      string          `json:"op"`
	Input   json.RawMessage `json:"input"`
	As      string          `json:"as"`
	Context cloud.Context   `json:"context"`
	Advance json.RawMessage `json:"advance"`
}

// replayStep runs one step, raw, in a. A panic in the simulator becomes
// the step's error (InternalFailure): the replay stops and its account,
// possibly half changed, is never handed out.
func replayStep(a *cloud.Account, raw []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = api.Errorf("InternalFailure", "the simulator failed on this step: %v", p)
		}
	}()
	var s step
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&s); err != nil {
		return fmt.Errorf("a step is {\"op\", \"input\", \"as\", \"context\"} or {\"advance\": seconds}: %s", decodeMessage(err))
	}
	if s.Advance != nil {
		if s.Op != "" || s.Input != nil || s.As != "" || s.Context != nil {
			return fmt.Errorf("an advance step has no other members")
		}
		ms, err := ParseSeconds(string(s.Advance))
		if err != nil {
			return err
		}
		return a.Advance(ms)
	}
	if s.Op == "" {
		return fmt.Errorf("op is missing")
	}
	caller := s.As
	if caller == "" {
		caller = a.RootARN()
	}
	if _, err := a.CallContext(caller, s.Op, s.Input, s.Context); err != nil {
		return fmt.Errorf("%s: %w", clip(s.Op), err)
	}
	return nil
}

// decodeMessage is encoding/json's error without its prefix, and with a
// short prefix of an unknown member's name rather than all of it.
func decodeMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		if name, err := strconv.Unquote(name); err == nil {
			return fmt.Sprintf("unknown field %q", clip(name))
		}
	}
	return clipN(msg, maxStepMessage)
}
