package cloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
)

// oldIsObject is the check isObject replaced: json.Valid over the trimmed
// input.
func oldIsObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return true
	}
	return b[0] == '{' && json.Valid(b)
}

// malformed are inputs json.Valid refuses, or nearly does, one per rule.
var malformed = []string{
	``, ` `, `{`, `}`, `{}`, ` {} `, "\v{}\u00a0", `[]`, `"s"`, `1`, `null`, `{}{}`, `{} x`, `{},`,
	`{"a"}`, `{"a":}`, `{"a" 1}`, `{"a":1,}`, `{,"a":1}`, `{"a":1 "b":2}`, `{a:1}`, `{'a':1}`, `{"a":1]`, `{"a":[1}`,
	`{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[[]]}`, `{"a":{}}`, `{"a":[{}]}`,
	`{"a":01}`, `{"a":-}`, `{"a":-0}`, `{"a":1.}`, `{"a":.5}`, `{"a":1e}`, `{"a":1e+}`, `{"a":1E-7}`, `{"a":-12.5e+30}`, `{"a":+1}`,
	`{"a":1x}`, `{"a":0x10}`, `{"a":NaN}`, `{"a":Infinity}`,
	`{"a":tru}`, `{"a":true}`, `{"a":truex}`, `{"a":false}`, `{"a":fals}`, `{"a":null}`, `{"a":nul}`, `{"a":None}`,
	`{"a":"\q"}`, `{"a":"\u12"}`, `{"a":"\u12g4"}`, `{"a":"\uABCD"}`, `{"a":"\/\b\f\n\r\t\"\\"}`, `{"a":"\`, `{"a":"x`,
	"{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", "{\"a\":\"\x7f\"}", "{\"a\":\"\xff\xfe\"}", "{\"\xc3\":1}",
	"{\"a\":\"0123456789abcdef\\\"0123456789\"}", "{\"a\":\"01234567\x01\"}",
	"{\n\t\"a\" :\r 1 }", "{\"a\":1}\n", "{\"a\":1}\x00", "\x00{}",
	strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat(`}`, 10000),
	strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat(`}`, 10001),
	`{"a":` + strings.Repeat(`[`, 9999) + strings.Repeat(`]`, 9999) + `}`,
	`{"a":` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `}`,
}

// isObject judges every input as json.Valid did.
func TestIsObjectMatchesJSONValid(t *testing.T) {
	t.Parallel()
	for _, in := range malformed {
		if got, want := isObjectOK([]byte(in)), oldIsObject([]byte(in)); got != want {
			t.Errorf("isObject(%.80q) = %v, json.Valid says %v", in, got, want)
		}
	}
}

func isObjectOK(b []byte) bool {
	ok, _ := isObject(b)
	return ok
}

// The dispatcher's answer to malformed input is the same code and
// message as before, and the account is unchanged.
func TestMalformedInputAnswers(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	before := len(a.Journal())
	for _, in := range malformed {
		_, err := a.Call(root, "iam:CreateUser", []byte(in))
		if oldIsObject([]byte(in)) {
			var e *api.Error
			if errors.As(err, &e) && e.Code == "SerializationException" && strings.HasPrefix(e.Message, "Start of structure") {
				t.Errorf("%.80q: valid JSON refused: %v", in, err)
			}
			continue
		}
		var e *api.Error
		if !errors.As(err, &e) || e.Code != "SerializationException" ||
			e.Message != "Start of structure or map found where not expected: the input of iam:CreateUser must be a JSON object" {
			t.Errorf("%.80q: got %v", in, err)
		}
	}
	if got := len(a.Journal()); got != before {
		t.Fatalf("malformed input changed the journal: %d steps, want %d", got, before)
	}
}

// What the journal keeps of an input is its compact form, whether the
// input had white space or not.
func TestJournalInputIsCompact(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"UserName":"a"}`, " {\n \"UserName\" : \"b\" , \"Tags\" : [ ] }\t", "\v{\"UserName\":\"d\"}"} {
		a := New(Config{})
		if _, err := a.Call(root, "iam:CreateUser", []byte(in)); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		json.Compact(&want, bytes.TrimSpace([]byte(in)))
		j := a.Journal()
		if got := string(j[len(j)-1].Input); got != want.String() {
			t.Errorf("journal input of %q = %s, want %s", in, got, want.String())
		}
	}
}

// FuzzIsObject compares isObject with json.Valid over any input, and
// compactScanned with json.Compact over the valid ones.
func FuzzIsObject(f *testing.F) {
	for _, in := range malformed {
		if len(in) < 1000 {
			f.Add([]byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ok, spaced := isObject(b)
		if want := oldIsObject(b); ok != want {
			t.Fatalf("isObject(%q) = %v, json.Valid says %v", b, ok, want)
		}
		trimmed := bytes.TrimSpace(b)
		if !ok || len(trimmed) == 0 {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, trimmed); err != nil {
			t.Fatal(err)
		}
		if got := compactScanned(b, spaced); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("compactScanned(%q, %v) = %q, want %q", b, spaced, got, want.Bytes())
		}
	})
}

// BenchmarkIsObject compares the check on a 500-record
// kinesis:PutRecords input (100-byte records, 20-character keys) with the
// json.Valid it replaced, and the journal's compact copy with and without
// the scan's word that there is no white space.
func BenchmarkIsObject(b *testing.B) {
	recs := make([]map[string]any, 500)
	for i := range recs {
		recs[i] = map[string]any{"PartitionKey": strings.Repeat("k", 19) + string(rune('a'+i%26)), "Data": make([]byte, 100)}
	}
	input, _ := json.Marshal(map[string]any{"StreamName": "s", "Records": recs})
	for _, bm := range []struct {
		name string
		fn   func()
	}{
		{"json.Valid", func() { oldIsObject(input) }},
		{"isObject", func() { isObject(input) }},
		{"compact", func() { compact(input) }},
		{"compactScanned", func() { compactScanned(input, false) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(input)))
			for b.Loop() {
				bm.fn()
			}
		})
	}
}
