package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/goals"
)

// Format is the value of a scenario's "format" member.
const Format = "cloudplay-scenario/1"

// Limits on what the loader accepts, so that a hostile link or file gets a
// clear error rather than a frozen page (CONTRACT.md "Sizes and options").
const (
	// MaxLinkSize bounds the scenario JSON a share link carries, and what
	// Load accepts.
	MaxLinkSize = 1 << 20
	// MaxSavedSize bounds saved work and exported files, and what
	// LoadSaved accepts.
	MaxSavedSize = 32 << 20
	// MaxSize is MaxLinkSize, under its first name.
	MaxSize = MaxLinkSize
	// MaxSteps bounds the steps of a scenario. Export writes every step in
	// at least minStepBytes bytes, so an account whose export fits in
	// MaxSavedSize never has more: what Export writes, LoadSaved loads.
	// The bound keeps the loader's bookkeeping (a few words per step) small
	// for a file made of empty steps.
	MaxSteps = MaxSavedSize / minStepBytes
	MaxDepth = 64 // nesting of JSON objects and arrays
)

// minStepBytes is the fewest bytes Export writes for one step: the
// separator "\n    " and the shortest step, {"advance": 1}.
const minStepBytes = len("\n    ") + len(`{"advance": 1}`)

// Meta is what a scenario says besides its steps.
type Meta struct {
	Name        string
	Description string
	// ActingAs is the principal the UI acts as after loading ("" for root).
	ActingAs string
	UI       json.RawMessage
	// Goals are the scenario's goals (its "goals" member, checked when it
	// loads), an exercise's checklist. The member itself stays in Extra,
	// so that export writes it as it came.
	Goals []goals.Goal
	// Extra holds unknown top-level members, kept on export.
	Extra map[string]json.RawMessage
}

// Load replays the scenario src, at most MaxLinkSize bytes as a share link
// carries, into a fresh account. Errors are *api.Error with code
// InvalidScenario. A long replay that must show progress or be cancelled
// uses NewReplay instead.
func Load(src []byte) (*cloud.Account, Meta, error) {
	return load(src, MaxLinkSize)
}

// LoadSaved is Load for saved work and exported files: src may hold up to
// MaxSavedSize bytes, so anything Export wrote for such an account loads.
func LoadSaved(src []byte) (*cloud.Account, Meta, error) {
	return load(src, MaxSavedSize)
}

func load(src []byte, maxSize int) (*cloud.Account, Meta, error) {
	r, err := NewReplay(src, maxSize)
	if err != nil {
		return nil, Meta{}, err
	}
	if err := r.Run(r.Len()); err != nil {
		return nil, Meta{}, err
	}
	return r.Result()
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

// clip returns at most 64 code points of s, for quoting an input in a
// message.
func clip(s string) string { return clipN(s, 64) }

// clipN returns at most n code points of s, and "…" when it cut s short.
func clipN(s string, n int) string { return api.Clip(s, n) }

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
	if json.Valid(src) {
		return checkDepth(src)
	}
	// Find where it goes wrong, token by token: slower, but only for text
	// that is refused anyway.
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
			msg := clipN(strings.TrimPrefix(err.Error(), "json: "), maxStepMessage)
			if err.Error() == "EOF" {
				msg = "unexpected end of JSON input"
			}
			return invalid("not valid JSON: line %d, column %d: %s", l, c, msg)
		}
		if delim, ok := t.(json.Delim); ok {
			if delim == '{' || delim == '[' {
				depth++
				if depth > MaxDepth {
					return tooDeep(src, int(d.InputOffset()))
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

// checkDepth reports nesting deeper than MaxDepth in src, valid JSON.
func checkDepth(src []byte) error {
	depth, inString, escaped := 0, false, false
	for i, c := range src {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > MaxDepth {
				return tooDeep(src, i+1)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

func tooDeep(src []byte, off int) error {
	l, c := lineCol(src, off)
	return invalid("line %d, column %d: nested deeper than %d levels", l, c, MaxDepth)
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
