package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Decode decodes the JSON object input into the struct *dst as the AWS CLI
// reads its --cli-input-json: member names are matched exactly (they are
// case-sensitive), an unknown member or a missing required one (a field
// tagged `aws:"required"`) is refused with the service's validation error
// code, naming the member, as the CLI's "Parameter validation failed" does.
// A value of the wrong JSON type is refused the same way. Input that is not a
// JSON object is a SerializationException, which belongs to the dispatcher.
func Decode(input []byte, dst any, validationCode string) error {
	input = bytes.TrimSpace(input)
	if len(input) == 0 {
		input = []byte("{}")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(input, &raw); err != nil || raw == nil {
		return &Error{Code: "SerializationException", Message: "the input is not a JSON object"}
	}
	f := fieldsOf(reflect.TypeOf(dst).Elem())
	for _, k := range slices.Sorted(mapsKeys(raw)) {
		if _, ok := f.byName[k]; !ok {
			return Errorf(validationCode, "Unknown parameter in input: %q, must be one of: %s", Clip(k, MaxQuoted), strings.Join(f.names, ", "))
		}
	}
	for _, name := range f.required {
		if v, ok := raw[name]; !ok || string(v) == "null" {
			return Errorf(validationCode, "Missing required parameter in input: %q", name)
		}
	}
	v := reflect.ValueOf(dst).Elem()
	for _, k := range slices.Sorted(mapsKeys(raw)) {
		fi := f.byName[k]
		if string(raw[k]) == "null" {
			continue
		}
		fv := v.Field(fi)
		if err := json.Unmarshal(raw[k], fv.Addr().Interface()); err != nil {
			return Errorf(validationCode, "Invalid type for parameter %s, value: %s, valid types: %s", k, ClipBytes(raw[k], MaxQuoted), typeName(fv.Type()))
		}
	}
	return nil
}

func mapsKeys(m map[string]json.RawMessage) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "blob (base64 string)"
		}
		return "list of " + typeName(t.Elem())
	case reflect.Map, reflect.Struct:
		return "structure"
	}
	return t.String()
}

type fieldSet struct {
	byName   map[string]int
	names    []string // sorted, for messages
	required []string // in field order
}

var fieldCache sync.Map // reflect.Type -> *fieldSet

func fieldsOf(t reflect.Type) *fieldSet {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*fieldSet)
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("api.Decode: %v is not a struct", t))
	}
	f := &fieldSet{byName: map[string]int{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		f.byName[name] = i
		f.names = append(f.names, name)
		if sf.Tag.Get("aws") == "required" {
			f.required = append(f.required, name)
		}
	}
	slices.Sort(f.names)
	fieldCache.Store(t, f)
	return f
}
