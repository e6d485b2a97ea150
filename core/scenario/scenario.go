package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/sim"
)

// Format is the value of a scenario's "format" member.
const Format = "cloudplay-scenario/1"

// Limits on what Load accepts, so that a hostile link or file gets a clear
// error rather than a frozen page.
const (
	MaxSize  = 1 << 20 // bytes of scenario JSON
	MaxSteps = 10000
	MaxDepth = 64 // nesting of JSON objects and arrays
)

// Meta is what a scenario says besides its steps.
type Meta struct {
	Name        string
	Description string
	// ActingAs is the principal the UI acts as after loading ("" for root).
	ActingAs string
	UI       json.RawMessage
	// Extra holds unknown top-level members, kept on export.
	Extra map[string]json.RawMessage
}

// known top-level members, in the order Export writes them.
var known = []string{"format", "name", "description", "account", "region", "seed", "start", "actingAs", "ui", "steps"}

type step struct {
	Op      string          `json:"op"`
	Input   json.RawMessage `json:"input"`
	As      string          `json:"as"`
	Context cloud.Context   `json:"context"`
	Advance *float64        `json:"advance"`
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)
var regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// Load replays the scenario src into a fresh account. Errors are
// *api.Error with code InvalidScenario.
func Load(src []byte) (*cloud.Account, Meta, error) {
	if len(src) > MaxSize {
		return nil, Meta{}, invalid("the scenario is %d bytes; at most %d are accepted", len(src), MaxSize)
	}
	if err := checkJSON(src); err != nil {
		return nil, Meta{}, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(src, &top); err != nil || top == nil {
		return nil, Meta{}, invalid("a scenario is a JSON object")
	}
	var format string
	if err := field(top, "format", &format); err != nil {
		return nil, Meta{}, err
	}
	if format != Format {
		return nil, Meta{}, invalid("format is %q; want %q", clip(format), Format)
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
			return nil, Meta{}, err
		}
	}
	if cfg.Account != "" && !accountRE.MatchString(cfg.Account) {
		return nil, Meta{}, invalid("account %q is not a 12-digit AWS account id", clip(cfg.Account))
	}
	if cfg.Region != "" && !regionRE.MatchString(cfg.Region) {
		return nil, Meta{}, invalid("region %q is not a region name like us-east-1", clip(cfg.Region))
	}
	if seed != nil {
		if *seed < 0 || *seed > 1<<53-1 || *seed != math.Trunc(*seed) {
			return nil, Meta{}, invalid("seed must be an integer from 0 to 2^53-1")
		}
		cfg.Seed = uint64(*seed)
	}
	if start != "" {
		t, err := sim.ParseTime(start)
		if err != nil {
			return nil, Meta{}, invalid("start: %v", err)
		}
		cfg.Start = t
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
	rawSteps, ok := top["steps"]
	if !ok {
		return nil, Meta{}, invalid("steps is missing")
	}
	var steps []json.RawMessage
	if err := json.Unmarshal(rawSteps, &steps); err != nil {
		return nil, Meta{}, invalid("steps must be a list")
	}
	if len(steps) > MaxSteps {
		return nil, Meta{}, invalid("%d steps; at most %d are accepted", len(steps), MaxSteps)
	}
	pos := stepPositions(src)
	a := cloud.New(cfg)
	for i, raw := range steps {
		if err := replay(a, raw); err != nil {
			where := ""
			if i < len(pos) {
				where = fmt.Sprintf(" (line %d, column %d)", pos[i].line, pos[i].col)
			}
			return nil, Meta{}, invalid("steps[%d]%s: %s", i, where, err)
		}
	}
	if m.ActingAs != "" && m.ActingAs != a.RootARN() {
		// actingAs must name a principal of the account that can make calls
		// now: a user, or a role session that has not expired.
		if !a.CanCall(m.ActingAs) {
			return nil, Meta{}, invalid("actingAs %q is not a principal of account %s", clip(m.ActingAs), a.ID())
		}
	}
	return a, m, nil
}

func replay(a *cloud.Account, raw json.RawMessage) error {
	var s step
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&s); err != nil {
		return fmt.Errorf("a step is {\"op\", \"input\", \"as\", \"context\"} or {\"advance\": seconds}: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if s.Advance != nil {
		if s.Op != "" || s.Input != nil || s.As != "" || s.Context != nil {
			return fmt.Errorf("an advance step has no other members")
		}
		ms, err := Millis(*s.Advance)
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
	_, err := a.CallContext(caller, s.Op, s.Input, s.Context)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Op, err)
	}
	return nil
}

// Millis turns a number of seconds into whole milliseconds, rounding down,
// as cloudplay.advance does. It refuses negative, infinite and absurd values.
func Millis(seconds float64) (int64, error) {
	if math.IsNaN(seconds) || seconds < 0 || seconds > 1e11 {
		return 0, fmt.Errorf("advance must be a number of seconds from 0 to 1e11, not %v", seconds)
	}
	return int64(math.Floor(seconds * 1000)), nil
}

// Export writes the account as a scenario: its successful state-changing
// calls in order, with their callers, contexts and the advances between
// them, and m's members.
func Export(a *cloud.Account, m Meta) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	w := func(k string, v any) {
		j, _ := json.Marshal(v)
		fmt.Fprintf(&b, "  %q: %s,\n", k, j)
	}
	w("format", Format)
	if m.Name != "" {
		w("name", m.Name)
	}
	if m.Description != "" {
		w("description", m.Description)
	}
	w("account", a.ID())
	w("region", a.Region())
	w("seed", a.Seed())
	w("start", a.Start().String())
	if m.ActingAs != "" {
		w("actingAs", m.ActingAs)
	}
	if len(m.UI) > 0 {
		w("ui", m.UI)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Extra)) {
		w(k, m.Extra[k])
	}
	b.WriteString("  \"steps\": [")
	for i, s := range a.Journal() {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    ")
		if s.Op == "" {
			b.WriteString(`{"advance": ` + strconv.FormatFloat(float64(s.Advance)/1000, 'f', -1, 64) + `}`)
			continue
		}
		j, _ := json.Marshal(s.Op)
		b.WriteString(`{"op": ` + string(j) + `, "input": ` + string(s.Input))
		if s.As != a.RootARN() {
			j, _ := json.Marshal(s.As)
			b.WriteString(`, "as": ` + string(j))
		}
		if len(s.Context) > 0 {
			j, _ := json.Marshal(s.Context)
			b.WriteString(`, "context": ` + string(j))
		}
		b.WriteString("}")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes()
}

func field(top map[string]json.RawMessage, name string, dst any) error {
	v, ok := top[name]
	if !ok || string(v) == "null" {
		return nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		return invalid("%s has the wrong type", name)
	}
	return nil
}

func invalid(format string, args ...any) *api.Error {
	return &api.Error{Code: "InvalidScenario", Message: fmt.Sprintf(format, args...)}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return s
}

func compact(v json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return v
	}
	return b.Bytes()
}

// checkJSON reports, with its line and column, the first syntax error in src,
// or nesting deeper than MaxDepth.
func checkJSON(src []byte) error {
	d := json.NewDecoder(bytes.NewReader(src))
	depth := 0
	for {
		off := d.InputOffset()
		t, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" && depth == 0 && off > 0 {
				return nil
			}
			if se, ok := err.(*json.SyntaxError); ok {
				off = se.Offset
			} else {
				off = d.InputOffset()
			}
			l, c := lineCol(src, int(off))
			msg := strings.TrimPrefix(err.Error(), "json: ")
			if err.Error() == "EOF" {
				msg = "unexpected end of JSON input"
			}
			return invalid("not valid JSON: line %d, column %d: %s", l, c, msg)
		}
		if delim, ok := t.(json.Delim); ok {
			if delim == '{' || delim == '[' {
				depth++
				if depth > MaxDepth {
					l, c := lineCol(src, int(d.InputOffset()))
					return invalid("line %d, column %d: nested deeper than %d levels", l, c, MaxDepth)
				}
			} else {
				depth--
			}
		}
		if depth == 0 {
			if _, err := d.Token(); err == nil {
				return invalid("more than one JSON value")
			}
			return nil
		}
	}
}

type position struct{ line, col int }

// stepPositions finds where each element of the top-level "steps" array
// starts.
func stepPositions(src []byte) []position {
	d := json.NewDecoder(bytes.NewReader(src))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return nil
		}
		if k != "steps" {
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := d.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		var out []position
		for d.More() {
			off := int(d.InputOffset())
			// InputOffset points after the previous token (a comma or '['):
			// move past white space and commas to the element itself.
			for off < len(src) && strings.IndexByte(" \t\r\n,", src[off]) >= 0 {
				off++
			}
			l, c := lineCol(src, off)
			out = append(out, position{l, c})
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return out
			}
		}
		return out
	}
	return nil
}

// lineCol returns the 1-based line and column (in code points) of offset.
func lineCol(src []byte, off int) (int, int) {
	off = min(off, len(src))
	line, col := 1, 1
	for _, r := range string(src[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
