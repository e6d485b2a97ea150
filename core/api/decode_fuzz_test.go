package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// Representative inputs: a Query-style input (createUserInput, above), a
// JSON-service input with every scalar kind, and one with nested
// structures.
type streamInput struct {
	StreamName string            `json:"StreamName" aws:"required"`
	ShardCount *int32            `json:"ShardCount"`
	Data       []byte            `json:"Data" aws:"required"`
	Tags       map[string]string `json:"Tags"`
	Enabled    *bool             `json:"Enabled"`
	Rate       float64           `json:"Rate"`
	Limit      int64             `json:"Limit"`
}

type nestedInput struct {
	Bucket string `json:"Bucket" aws:"required"`
	Filter *struct {
		Prefix  *string  `json:"Prefix"`
		MaxKeys int32    `json:"MaxKeys"`
		Keys    []string `json:"Keys"`
	} `json:"Filter"`
	Rules []struct {
		ID     string            `json:"ID"`
		Status string            `json:"Status"`
		Labels map[string][]int8 `json:"Labels"`
	} `json:"Rules"`
}

// FuzzDecode checks api.Decode on random JSON: it never panics; every
// refusal is an *Error with the validation code (SerializationException
// only for input that is not a JSON object) and a bounded message; and
// what it accepts round-trips: decoding the marshalled value gives it back.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"UserName":"Zoe","Path":"/","Tags":[{"Key":"k","Value":"v"}]}`,
		`{"StreamName":"s","ShardCount":2,"Data":"aGk=","Tags":{"a":"b"},"Enabled":true,"Rate":1.5,"Limit":-3}`,
		`{"Bucket":"b","Filter":{"Prefix":"p/","MaxKeys":10,"Keys":["a"]},"Rules":[{"ID":"1","Status":"Enabled","Labels":{"x":[1,-2]}}]}`,
		`{"Username":"typo"}`, `{"UserName":5}`, `{"UserName":null}`, `[]`, `null`, ``, `{"a":`,
		`{"Data":"not base64!","StreamName":"s"}`, `{"ShardCount":1e99,"StreamName":"s","Data":""}`,
		`{"UserName":"\ud800"}`, `{"UserName":"a","UserName":"b"}`, `{"Filter":{"maxkeys":3},"Bucket":"b"}`,
	} {
		for which := range uint8(3) {
			f.Add([]byte(s), which)
		}
	}
	f.Fuzz(func(t *testing.T, input []byte, which uint8) {
		switch which % 3 {
		case 0:
			checkDecode[createUserInput](t, input)
		case 1:
			checkDecode[streamInput](t, input)
		default:
			checkDecode[nestedInput](t, input)
		}
	})
}

func checkDecode[T any](t *testing.T, input []byte) {
	const code = "ValidationException"
	var v T
	err := Decode(input, &v, code)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Decode(%q) = %T %v, want an *api.Error", input, err, err)
		}
		want := code
		if !isJSONObject(input) {
			want = "SerializationException"
		}
		if e.Code != want {
			t.Fatalf("Decode(%q): code %s (%s), want %s", input, e.Code, e.Message, want)
		}
		if n := utf8.RuneCountInString(e.Message); n > 400 {
			t.Fatalf("Decode(%q): a message of %d code points", input, n)
		}
		return
	}
	out, err := json.Marshal(&v)
	if err != nil {
		t.Fatalf("Decode(%q) accepted %+v, which does not marshal: %v", input, v, err)
	}
	var w T
	if err := Decode(out, &w, code); err != nil {
		t.Fatalf("Decode(%q) accepted %+v, but its JSON %s is refused: %v", input, v, out, err)
	}
	if !reflect.DeepEqual(v, w) {
		t.Fatalf("round trip of %q: %+v, then %s, then %+v", input, v, out, w)
	}
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return true
	}
	var m map[string]json.RawMessage
	return json.Unmarshal(b, &m) == nil && m != nil
}
