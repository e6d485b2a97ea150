package sql

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cloudplay/core/sim"
)

// pathStep is one step of a JSON mapping path: a member name, or [0:],
// every element of an array.
type pathStep struct {
	key string
	all bool
}

// parsePath reads a record column's Mapping: $.a.b, or $.a[0:] (the whole
// array as one value) or $.a[0:].b (one row per element). KDA's JSONPath
// supports no other index, and one [0:] per path
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/about-json-path.html).
func parsePath(m string) ([]pathStep, error) {
	if !strings.HasPrefix(m, "$") {
		return nil, fmt.Errorf("mapping %q must start with $ (e.g. $.speed)", clip(m))
	}
	var steps []pathStep
	arrays := 0
	rest := m[1:]
	for rest != "" {
		switch {
		case rest[0] == '.':
			n := 1
			for n < len(rest) && rest[n] != '.' && rest[n] != '[' {
				n++
			}
			if n == 1 {
				return nil, fmt.Errorf("mapping %q has an empty member name", clip(m))
			}
			steps = append(steps, pathStep{key: rest[1:n]})
			rest = rest[n:]
		case strings.HasPrefix(rest, "[0:]"):
			if arrays++; arrays > 1 {
				return nil, fmt.Errorf("mapping %q: only one level of [0:] is supported in a path", clip(m))
			}
			steps = append(steps, pathStep{all: true})
			rest = rest[4:]
		case rest[0] == '[':
			return nil, fmt.Errorf("mapping %q: the only array index supported is [0:]", clip(m))
		default:
			return nil, fmt.Errorf("mapping %q: expected . or [0:] after %s", clip(m), clip(m[:len(m)-len(rest)]))
		}
		if len(steps) > MaxDepth {
			return nil, fmt.Errorf("mapping %q is deeper than %d steps", clip(m), MaxDepth)
		}
	}
	return steps, nil
}

// flattenAt is where a path flattens an array into rows ($.a[0:].b): the
// index of its [0:] step when more steps follow, else -1.
func flattenAt(path []pathStep) int {
	for i, s := range path {
		if s.all && i < len(path)-1 {
			return i
		}
	}
	return -1
}

// samePrefix reports whether two paths flatten the same array.
func samePrefix(a, b []pathStep, n int) bool {
	for i := 0; i <= n; i++ {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return false
		}
	}
	return true
}

// mapRecord turns a record into input rows.
func (a *App) mapRecord(data []byte) ([][]Value, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("record is not valid UTF-8")
	}
	if a.format == "CSV" {
		var rows [][]Value
		for i, line := range strings.Split(string(data), a.rowDel) {
			if line == "" || line == "\r" && a.rowDel == "\n" {
				continue
			}
			line = strings.TrimSuffix(line, "\r")
			r, err := a.csvRow(line)
			if err != nil {
				return nil, fmt.Errorf("row %d of the record: %v", i+1, err)
			}
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			return nil, fmt.Errorf("record has no rows")
		}
		return rows, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("record is not JSON: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("record holds more than one JSON value")
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, fmt.Errorf("record is not a JSON object")
	}
	// One row, or one per element of the flattened array (at least one:
	// an empty or missing array gives a row of NULLs for its columns).
	n := 1
	var elems []any
	if a.flat >= 0 {
		path := a.input.cols[a.flat].mapping
		k := flattenAt(path)
		elems, _ = walk(doc, path[:k]).([]any)
		n = max(1, len(elems))
		if len(elems) > MaxPending {
			return nil, fmt.Errorf("record flattens into %d rows, more than %d", len(elems), MaxPending)
		}
	}
	rows := make([][]Value, 0, n)
	for e := 0; e < n; e++ {
		row := make([]Value, len(a.input.cols))
		for i, c := range a.input.cols {
			var raw any
			if k := flattenAt(c.mapping); k >= 0 {
				if e < len(elems) {
					raw = walk(elems[e], c.mapping[k+1:])
				}
			} else {
				raw = walk(doc, c.mapping)
			}
			v, err := jsonValue(raw, c.typ)
			if err != nil {
				return nil, fmt.Errorf("column %s: %v", showName(c.name), err)
			}
			row[i] = v
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// walk follows a mapping path; a missing member is nil (NULL).
func walk(v any, path []pathStep) any {
	for _, s := range path {
		switch x := v.(type) {
		case map[string]any:
			if s.all {
				return nil
			}
			v = x[s.key]
		case []any:
			if !s.all {
				return nil
			}
		default:
			return nil
		}
	}
	return v
}

// jsonValue converts a JSON value to a column's type, by the JSON type the
// reference gives each SQL type (number for the numeric types, string for
// CHAR/VARCHAR and TIMESTAMP, boolean for BOOLEAN:
// https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-data-types.html).
// A missing member or null is NULL; a value of another type is an error,
// except that a VARCHAR column also takes the text of a number, a boolean
// or an array ($.a[0:]) — the playground's leniency.
func jsonValue(v any, t sqlType) (Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		switch t.kind {
		case kString:
			return coerce(x.String(), t)
		case kTime, kBool:
			return nil, fmt.Errorf("a number is not %s", t)
		}
		return parseText(x.String(), t)
	case string:
		switch t.kind {
		case kString, kTime:
			return parseText(x, t)
		}
		return nil, fmt.Errorf("a string is not %s", t)
	case bool:
		switch t.kind {
		case kBool:
			return x, nil
		case kString:
			return coerce(strconv.FormatBool(x), t)
		}
		return nil, fmt.Errorf("a boolean is not %s", t)
	}
	if arr, ok := v.([]any); ok && t.kind == kString {
		b, err := json.Marshal(arr)
		if err != nil {
			return nil, err
		}
		return coerce(string(b), t)
	}
	return nil, fmt.Errorf("an object or array is not %s", t)
}

// csvRow maps one CSV line by position: a missing field is NULL, an empty
// one is NULL except in a CHAR/VARCHAR column (the empty string).
func (a *App) csvRow(line string) ([]Value, error) {
	fields := strings.Split(line, a.colDel)
	row := make([]Value, len(a.input.cols))
	for i, c := range a.input.cols {
		if i >= len(fields) {
			continue
		}
		f := fields[i]
		if f == "" && c.typ.kind != kString {
			continue
		}
		v, err := parseText(f, c.typ)
		if err != nil {
			return nil, fmt.Errorf("column %s: %v", showName(c.name), err)
		}
		row[i] = v
	}
	return row, nil
}

// parseText reads text as a value of type t.
func parseText(s string, t sqlType) (Value, error) {
	switch t.kind {
	case kString:
		return coerce(s, t)
	case kInt:
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != math.Trunc(f) {
				return nil, fmt.Errorf("%q is not %s", clip(s), t)
			}
			return coerce(f, t)
		}
		return coerce(i, t)
	case kFloat, kDecimal:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%q is not %s", clip(s), t)
		}
		return coerce(f, t)
	case kBool:
		switch strings.ToUpper(s) {
		case "TRUE":
			return true, nil
		case "FALSE":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not BOOLEAN (TRUE or FALSE)", clip(s))
	case kTime:
		v, ok := parseTimestamp(s)
		if !ok {
			return nil, fmt.Errorf("%q is not a TIMESTAMP like 2026-01-01 10:00:00", clip(s))
		}
		return v, nil
	}
	return nil, fmt.Errorf("%q is not %s", clip(s), t)
}

// timestampLayouts are the TIMESTAMP texts read: the SQL form
// ('2026-01-01 10:00:00', optional fraction) and RFC 3339.
var timestampLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", time.RFC3339Nano}

func parseTimestamp(s string) (sim.Time, bool) {
	if len(s) > 64 {
		return 0, false
	}
	for _, l := range timestampLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			ms := t.UnixMilli()
			if ms < int64(sim.MinTime) || ms > int64(sim.MaxTime) {
				return 0, false
			}
			return sim.Time(ms), true
		}
	}
	return 0, false
}

// format writes a value as text (CAST to VARCHAR).
func format(v Value) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		return v
	case bool:
		if v {
			return "TRUE"
		}
		return "FALSE"
	case sim.Time:
		return v.Std().Format("2006-01-02 15:04:05.000")
	}
	return ""
}

// RecordJSON is an output row as the JSON record KDA writes to a
// destination: an object of the stream's columns in column order
// ({"COL":value,...}); TIMESTAMPs as "2006-01-02 15:04:05.000", NULL as
// null. It returns nil for a stream the code does not declare.
func (a *App) RecordJSON(stream string, r Row) []byte {
	s, ok := a.byName[stream]
	if !ok || s.input {
		return nil
	}
	b := []byte{'{'}
	for i, c := range s.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, c.name)
		b = append(b, ':')
		var v Value
		if i < len(r.Values) {
			v = r.Values[i]
		}
		b = appendJSON(b, v)
	}
	return append(b, '}')
}

func appendJSON(b []byte, v Value) []byte {
	switch v := v.(type) {
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64)
	case string:
		q, _ := json.Marshal(v)
		return append(b, q...)
	case bool:
		return strconv.AppendBool(b, v)
	case sim.Time:
		return appendJSON(b, format(v))
	}
	return append(b, "null"...)
}
