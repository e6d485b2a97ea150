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

// mapRecord turns a record into input rows. A record that does not map is
// an error: KDA writes it to the in-application error stream
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/error-handling.html).
func (a *App) mapRecord(data []byte) ([][]Value, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("record is not valid UTF-8")
	}
	if a.format == "CSV" {
		return a.csvRows(string(data))
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = fmt.Errorf("invalid JSON")
		}
		return nil, fmt.Errorf("record is not JSON: %v", err)
	}
	if i := skipWS(data, 0); data[i] != '{' {
		return nil, fmt.Errorf("record is not a JSON object")
	}
	// One row, or one per element of the flattened array (at least one:
	// an empty or missing array gives a row of NULLs for its columns:
	// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/about-json-path.html).
	n := 1
	var elems [][]byte
	if a.flat >= 0 {
		path := a.input.cols[a.flat].mapping
		k := flattenAt(path)
		elems = elements(walkJSON(data, path[:k+1]))
		if len(elems) > MaxPending {
			return nil, fmt.Errorf("record flattens into %d rows, more than %d", len(elems), MaxPending)
		}
		n = max(1, len(elems))
	}
	rows := make([][]Value, 0, n)
	for e := 0; e < n; e++ {
		row := make([]Value, len(a.input.cols))
		for i, c := range a.input.cols {
			var raw []byte
			if k := flattenAt(c.mapping); k >= 0 {
				if e < len(elems) {
					raw = walkJSON(elems[e], c.mapping[k+1:])
				}
			} else {
				raw = walkJSON(data, c.mapping)
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

// walkJSON follows a mapping path through valid JSON; a missing member is
// nil (NULL). A [0:] step keeps the whole array.
func walkJSON(raw []byte, path []pathStep) []byte {
	for _, s := range path {
		i := skipWS(raw, 0)
		if i >= len(raw) {
			return nil
		}
		if s.all {
			if raw[i] != '[' {
				return nil
			}
			continue
		}
		if raw = member(raw[i:], s.key); raw == nil {
			return nil
		}
	}
	return raw
}

// jsonValue converts a JSON value to a column's type by KDA's rules
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/sch-mapping.html#sch-mapping-datatypes):
// null is NULL; true/false are 1/0 in a number column and "true"/"false"
// in a string; a number converts directly into a number column (an error
// if it exceeds the type's size or precision, e.g. 123.4 into INT), is
// FALSE if 0 and TRUE otherwise in a BOOLEAN, its text in a string; a
// string is parsed into a number or a TIMESTAMP ("1992-02-14",
// "1992-02-14 18:35:44.0"), is TRUE in a BOOLEAN only if it is "true" in
// any case; an array or object is its source text in a string. Strings are
// cut to the column's length without error. Anything else is a coercion
// error. A missing member is NULL.
func jsonValue(raw []byte, t sqlType) (Value, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case 't', 'f':
		b := raw[0] == 't'
		switch {
		case t.kind == kBool:
			return b, nil
		case t.kind == kString:
			return truncate(strconv.FormatBool(b), t), nil
		case t.numeric():
			if b {
				return coerce(int64(1), t)
			}
			return coerce(int64(0), t)
		}
		return nil, fmt.Errorf("a boolean cannot convert to %s", t)
	case '"':
		str, err := jsonString(raw)
		if err != nil {
			return nil, err
		}
		return inputText(str, t)
	case '[', '{':
		if t.kind == kString {
			return truncate(string(raw), t), nil
		}
		return nil, fmt.Errorf("an array or object cannot convert to %s", t)
	}
	num := string(raw)
	switch {
	case t.kind == kBool:
		f, err := strconv.ParseFloat(num, 64)
		return err == nil && f != 0, nil
	case t.kind == kString:
		return truncate(num, t), nil
	case t.kind == kDecimal:
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return nil, fmt.Errorf("%s cannot convert to %s", clip(num), t)
		}
		return decimalFits(f, t)
	case t.numeric():
		return parseText(num, t)
	}
	return nil, fmt.Errorf("a number cannot convert to %s", t)
}

// decimalFits converts f to DECIMAL(p,s), refusing a value with more
// fraction digits than s or more whole digits than p-s.
func decimalFits(f float64, t sqlType) (Value, error) {
	p := math.Pow10(t.scale)
	r := math.Round(f*p) / p
	if math.Abs(r-f) > 1e-9*math.Max(1, math.Abs(f)) || math.Abs(r) >= math.Pow10(t.size-t.scale) {
		return nil, fmt.Errorf("%s exceeds the size or precision of %s", format(f), t)
	}
	return r, nil
}

// truncate cuts a string to a CHAR/VARCHAR column's length.
func truncate(s string, t sqlType) string {
	if utf8.RuneCountInString(s) <= t.size {
		return s
	}
	return string([]rune(s)[:t.size])
}

// inputText converts a string of a record (a JSON string or a CSV field)
// by the string rules of KDA's mapping (see jsonValue).
func inputText(s string, t sqlType) (Value, error) {
	switch t.kind {
	case kString:
		return truncate(s, t), nil
	case kBool:
		return strings.EqualFold(strings.TrimSpace(s), "true"), nil
	case kDecimal:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%q cannot convert to %s", clip(s), t)
		}
		return decimalFits(f, t)
	}
	v, err := parseText(strings.TrimSpace(s), t)
	if err != nil {
		return nil, fmt.Errorf("%q cannot convert to %s", clip(s), t)
	}
	return v, nil
}

// csvRows maps a CSV record: one row per RowDelimiter-separated line,
// columns by position
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/sch-mapping.html),
// each field by the string rules. A missing field is NULL, and so is an
// empty one except in a CHAR/VARCHAR column (the empty string): the
// playground's choice.
func (a *App) csvRows(data string) ([][]Value, error) {
	var rows [][]Value
	for i, line := range strings.Split(data, a.rowDel) {
		if a.rowDel == "\n" {
			line = strings.TrimSuffix(line, "\r")
		}
		if line == "" {
			continue
		}
		if len(rows) == MaxPending {
			return nil, fmt.Errorf("record holds more than %d rows", MaxPending)
		}
		fields := strings.Split(line, a.colDel)
		row := make([]Value, len(a.input.cols))
		for k, c := range a.input.cols {
			if k >= len(fields) || fields[k] == "" && c.typ.kind != kString {
				continue
			}
			v, err := inputText(fields[k], c.typ)
			if err != nil {
				return nil, fmt.Errorf("row %d of the record: column %s: %v", i+1, showName(c.name), err)
			}
			row[k] = v
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("record has no rows")
	}
	return rows, nil
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

// timestampLayouts are the TIMESTAMP texts read: the SQL forms
// ('2026-01-01 10:00:00', optional fraction; '2026-01-01') and RFC 3339.
var timestampLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", time.RFC3339Nano, "2006-01-02"}

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
