package cloud

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"cloudplay/core/sim"
)

// An absurd operation name or caller is quoted by a short prefix in the
// error and kept clipped in the log.
func TestHugeNamesAreNotEchoedWhole(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	huge := strings.Repeat("é", 5<<20) // 10 MB
	tests := []struct {
		name, caller, op, code, prefix string
	}{
		{"operation name", root, "iam:" + huge, "UnknownOperationException", `Operation "iam:` + strings.Repeat("é", 60) + `…" does not exist`},
		{"operation name without a prefix", root, huge, "UnknownOperationException", `Operation "` + strings.Repeat("é", 64) + `…" does not exist (operations are named`},
		{"caller", "arn:aws:iam::123456789012:user/" + huge, "iam:ListUsers", "InvalidClientTokenId", "The security token included in the request is invalid."},
	}
	for _, tt := range tests {
		_, err := a.Call(tt.caller, tt.op, nil)
		e := wantCode(t, err, tt.code, tt.prefix)
		if n := utf8.RuneCountInString(e.Message); n > 200 {
			t.Errorf("%s: a message of %d code points", tt.name, n)
		}
	}
	for _, ev := range a.Events() {
		if n := utf8.RuneCountInString(ev.Op) + utf8.RuneCountInString(ev.Caller) + utf8.RuneCountInString(ev.Error.Message); n > 2*maxLoggedString+maxLoggedMessage+3 {
			t.Errorf("an event keeps %d code points", n)
		}
	}
	if got := a.Events()[0].Op; got != "iam:"+strings.Repeat("é", maxLoggedString-4)+"…" {
		t.Errorf("logged op %.80q…, want the first %d code points", got, maxLoggedString)
	}
	// A near miss still gets its suggestion.
	_, err := a.Call(root, "iam:ListUser", nil)
	wantCode(t, err, "UnknownOperationException", `did you mean "iam:ListUsers"?`)
}

// One call's input and request context are bounded; past a bound the call
// is refused with the service's validation code and the limit.
func TestInputAndContextLimits(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	big := []byte(`{"UserName":"` + strings.Repeat("a", MaxInputBytes) + `"}`)
	keys := Context{}
	for i := range MaxContextKeys + 1 {
		keys[fmt.Sprintf("aws:Key%d", i)] = json.RawMessage(`"v"`)
	}
	values := make([]string, MaxContextValues+1)
	for i := range values {
		values[i] = "v"
	}
	list, _ := json.Marshal(values)
	longValue, _ := json.Marshal(strings.Repeat("ü", MaxContextValueLength+1))
	tests := []struct {
		name, op string
		input    []byte
		ctx      Context
		code     string
		msg      string
	}{
		{"input too large (iam)", "iam:CreateUser", big, nil, "ValidationError", "the playground accepts at most 2097152 bytes (2 MiB) of input JSON in one call"},
		{"input too large (s3)", "s3:PutObject", big, nil, "InvalidArgument", "at most 2097152 bytes"},
		{"too many context keys", "iam:ListUsers", nil, keys, "ValidationError", "The request context has 129 keys; the playground accepts at most 128"},
		{"context key too long", "iam:ListUsers", nil, Context{"aws:" + strings.Repeat("k", 300): json.RawMessage(`"v"`)}, "ValidationError", "must have a length from 1 to 256"},
		{"empty context key", "iam:ListUsers", nil, Context{"": json.RawMessage(`"v"`)}, "ValidationError", "must have a length from 1 to 256"},
		{"too many values", "s3:ListBuckets", nil, Context{"aws:TagKeys": list}, "InvalidArgument", `Request context key "aws:TagKeys" has 65 values; the playground accepts at most 64`},
		{"value too long", "iam:ListUsers", nil, Context{"aws:Referer": longValue}, "ValidationError", `A value of request context key "aws:Referer" is 1025 characters long; the playground accepts at most 1024`},
		{"value in a list too long", "iam:ListUsers", nil, Context{"aws:Referer": json.RawMessage(`["a",` + string(longValue) + `]`)}, "ValidationError", "is 1025 characters long"},
		{"bad value, huge key quoted short", "iam:ListUsers", nil, Context{strings.Repeat("k", 200): json.RawMessage(`{}`)}, "ValidationError", `"` + strings.Repeat("k", 64) + `…"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.CallContext(root, tt.op, tt.input, tt.ctx)
			e := wantCode(t, err, tt.code, tt.msg)
			if len(e.Message) > 300 {
				t.Errorf("a message of %d bytes", len(e.Message))
			}
		})
	}
	// At the limits, calls go through.
	keys = Context{}
	for i := range MaxContextKeys {
		keys[fmt.Sprintf("aws:Key%d", i)] = json.RawMessage(`"v"`)
	}
	list, _ = json.Marshal(values[:MaxContextValues])
	keys["aws:TagKeys"] = list
	delete(keys, "aws:Key0")
	keys["aws:Referer"], _ = json.Marshal(strings.Repeat("ü", MaxContextValueLength))
	delete(keys, "aws:Key1")
	if _, err := a.CallContext(root, "iam:ListUsers", nil, keys); err != nil {
		t.Fatalf("a context at the limits: %v", err)
	}
	if len(a.Journal()) != 0 {
		t.Fatalf("refused calls were journaled: %+v", a.Journal())
	}
}

// Every time the clock can reach formats as RFC 3339 and loads again;
// advances are journaled in steps a scenario accepts.
func TestAdvanceBounds(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	err := a.Advance(-1)
	wantCode(t, err, "ValidationError", "Time does not go back")
	if err := a.Advance(MaxAdvanceMillis); err != nil {
		t.Fatal(err)
	}
	if err := a.Advance(MaxAdvanceMillis); err != nil {
		t.Fatal(err)
	}
	if err := a.Advance(1000); err != nil {
		t.Fatal(err)
	}
	want := []Step{{Advance: MaxAdvanceMillis}, {Advance: MaxAdvanceMillis}, {Advance: 1000}}
	if got := a.Journal(); !reflect.DeepEqual(got, want) {
		t.Fatalf("journal %+v, want %+v: no step may exceed MaxAdvanceMillis", got, want)
	}
	left := int64(sim.MaxTime - a.Now())
	before := a.Journal()
	err = a.Advance(left + 1)
	wantCode(t, err, "ValidationError", "simulated time ends at 9999-12-31T23:59:59.999Z")
	err = a.Advance(1<<63 - 1) // would overflow
	wantCode(t, err, "ValidationError", "simulated time ends at")
	if a.Now() != sim.MaxTime-sim.Time(left) || !reflect.DeepEqual(a.Journal(), before) {
		t.Fatalf("a refused advance changed the clock or the journal")
	}
	if err := a.Advance(left); err != nil {
		t.Fatal(err)
	}
	if a.Now() != sim.MaxTime {
		t.Fatalf("now %s, want %s", a.Now().Milli(), sim.MaxTime.Milli())
	}
	if back, err := sim.ParseTime(a.Now().Milli()); err != nil || back != a.Now() {
		t.Fatalf("%s does not parse back: %v", a.Now().Milli(), err)
	}
	for _, s := range a.Journal() {
		if s.Advance > MaxAdvanceMillis {
			t.Fatalf("a step of %d ms", s.Advance)
		}
	}
	// One huge advance is split into steps of at most MaxAdvanceMillis.
	b := New(Config{Start: sim.MinTime + 1})
	if err := b.Advance(int64(2.5 * MaxAdvanceMillis)); err != nil {
		t.Fatal(err)
	}
	want = []Step{{Advance: MaxAdvanceMillis}, {Advance: MaxAdvanceMillis}, {Advance: MaxAdvanceMillis / 2}}
	if got := b.Journal(); !reflect.DeepEqual(got, want) {
		t.Fatalf("journal %+v, want %+v", got, want)
	}
}

// The log keeps the newest MaxEvents events; Seq numbers go on.
func TestEventLogIsBounded(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	for range MaxEvents + 5 {
		a.Call(root, "iam:NoSuchOp", nil)
	}
	ev := a.Events()
	if len(ev) != MaxEvents || ev[0].Seq != 6 || ev[len(ev)-1].Seq != MaxEvents+5 {
		t.Fatalf("%d events, Seq %d to %d; want %d, 6 to %d", len(ev), ev[0].Seq, ev[len(ev)-1].Seq, MaxEvents, MaxEvents+5)
	}
}
