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

// pathStep is one step of a JSON mapping path: a member name or an index.
type pathStep struct {
	key   string
	index int // -1 for a key
}

// parsePath reads a record column's Mapping: $.a.b, $.a[0], $["a b"].
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/sch-mapping.html)
func parsePath(m string) ([]pathStep, error) {
	if !strings.HasPrefix(m, "$") {
		return nil, fmt.Errorf("mapping %q must start with $ (e.g. $.speed)", clip(m))
	}
	var steps []pathStep
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
			steps = append(steps, pathStep{key: rest[1:n], index: -1})
			rest = rest[n:]
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("mapping %q has a [ without ]", clip(m))
			}
			in := rest[1:end]
			if len(in) >= 2 && (in[0] == '"' || in[0] == '\'') && in[len(in)-1] == in[0] {
				steps = append(steps, pathStep{key: in[1 : len(in)-1], index: -1})
			} else {
				i, err := strconv.Atoi(in)
				if err != nil || i < 0 {
					return nil, fmt.Errorf("mapping %q: [%s] is not an index or a quoted name", clip(m), clip(in))
				}
				steps = append(steps, pathStep{index: i})
			}
			rest = rest[end+1:]
		default:
			return nil, fmt.Errorf("mapping %q: expected . or [ after $", clip(m))
		}
		if len(steps) > MaxDepth {
			return nil, fmt.Errorf("mapping %q is deeper than %d steps", clip(m), MaxDepth)
		}
	}
	return steps, nil
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
	row := make([]Value, len(a.input.cols))
	for i, c := range a.input.cols {
		v, err := jsonValue(walk(doc, c.mapping), c.typ)
		if err != nil {
			return nil, fmt.Errorf("column %s: %v", showName(c.name), err)
		}
		row[i] = v
	}
	return [][]Value{row}, nil
}

// walk follows a mapping path; a missing member is nil (NULL).
func walk(v any, path []pathStep) any {
	for _, s := range path {
		switch x := v.(type) {
		case map[string]any:
			if s.index >= 0 {
				return nil
			}
			v = x[s.key]
		case []any:
			if s.index < 0 || s.index >= len(x) {
				return nil
			}
			v = x[s.index]
		default:
			return nil
		}
	}
	return v
}

// jsonValue converts a JSON value to a column's type: a missing member or
// null is NULL; a value of another type is an error, except that numbers
// and booleans map to their text in a VARCHAR column.
func jsonValue(v any, t sqlType) (Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		switch t.kind {
		case kString:
			return coerce(x.String(), t)
		case kTime:
			i, err := x.Int64()
			if err != nil {
				return nil, fmt.Errorf("%s is not a time in epoch milliseconds", clip(x.String()))
			}
			return timeValue(i)
		case kBool:
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
	return nil, fmt.Errorf("an object or array is not %s", t)
}

func timeValue(ms int64) (Value, error) {
	if ms < int64(sim.MinTime) || ms > int64(sim.MaxTime) {
		return nil, fmt.Errorf("time %d is out of range", ms)
	}
	return sim.Time(ms), nil
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
