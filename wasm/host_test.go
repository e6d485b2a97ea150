package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// reply is what a host function returns.
type reply struct {
	OK     bool            `json:"ok"`
	Output json.RawMessage `json:"output"`
	Error  *struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Trace   json.RawMessage `json:"trace"`
	} `json:"error"`
}

func decodeReply(t *testing.T, s string) reply {
	t.Helper()
	var r reply
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("host returned %q: %v", s, err)
	}
	if r.OK == (r.Error != nil) || (r.OK && r.Output == nil) {
		t.Fatalf("host returned neither output nor error: %s", s)
	}
	return r
}

func TestHostCall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, op, input, opts string
		wantCode              string
		wantOut               string // substring of the output
	}{
		{"create as root by default", "iam:CreateUser", `{"UserName":"Zoe"}`, ``, "", `"UserName":"Zoe"`},
		{"explicit root", "iam:GetUser", `{"UserName":"Alice"}`, `{"caller":"` + root + `"}`, "", `"Arn":"arn:aws:iam::123456789012:user/Alice"`},
		{"alice is denied with a trace", "iam:CreateUser", `{"UserName":"Zoe"}`, `{"caller":"` + alice + `"}`, "AccessDenied", ""},
		{"context passes", "iam:ListUsers", `{}`, `{"context":{"aws:SourceIp":"198.51.100.7"}}`, "", `"Users"`},
		{"bad context", "iam:ListUsers", `{}`, `{"context":{"aws:SourceIp":{"x":1}}}`, "ValidationError", ""},
		{"unknown opts member", "iam:ListUsers", `{}`, `{"caler":"x"}`, "ValidationError", ""},
		{"opts not an object", "iam:ListUsers", `{}`, `[1]`, "ValidationError", ""},
		{"empty input", "iam:ListUsers", ``, ``, "", `"Users"`},
		{"input not an object", "iam:ListUsers", `[1]`, ``, "SerializationException", ""},
		{"unknown op", "iam:CreateUsr", `{}`, ``, "UnknownOperationException", ""},
		{"unknown caller", "iam:ListUsers", `{}`, `{"caller":"arn:aws:iam::123456789012:user/Nobody"}`, "InvalidClientTokenId", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestStore(t, nil)
			fired := 0
			s.Subscribe(func() { fired++ })
			before := len(s.Account().Events())
			r := decodeReply(t, NewHost(s).Call(tt.op, tt.input, tt.opts))
			if tt.wantCode != "" {
				if r.OK || r.Error.Code != tt.wantCode || r.Error.Message == "" {
					t.Fatalf("got %+v, want %s", r, tt.wantCode)
				}
				if tt.wantCode == "AccessDenied" && len(r.Error.Trace) == 0 {
					t.Error("AccessDenied carries no trace: the learner cannot see why")
				}
			} else if !r.OK || !strings.Contains(string(r.Output), tt.wantOut) {
				t.Fatalf("got %s %+v, want output with %s", r.Output, r.Error, tt.wantOut)
			}
			optsBad := strings.Contains(tt.name, "opts")
			if n := len(s.Account().Events()) - before; (n == 1) == optsBad {
				t.Errorf("%d events logged", n)
			}
			if !optsBad && fired != 1 {
				t.Errorf("listeners fired %d times", fired)
			}
		})
	}
}

func TestHostAdvance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		wantTime string
		wantCode string
	}{
		{"0", "2026-01-01T00:00:00.000Z", ""},
		{"1.5", "2026-01-01T00:00:01.500Z", ""},
		{"1.005", "2026-01-01T00:00:01.005Z", ""},
		{"0.0009", "2026-01-01T00:00:00.000Z", ""},
		{"3600", "2026-01-01T01:00:00.000Z", ""},
		{"1e2", "2026-01-01T00:01:40.000Z", ""},
		{"-1", "", "ValidationError"},
		{`"5"`, "", "ValidationError"},
		{"NaN", "", "ValidationError"},
		{"+Inf", "", "ValidationError"},
		{"", "", "ValidationError"},
		{"null", "", "ValidationError"},
		{"1 2", "", "ValidationError"},
		{"1e300", "", "ValidationError"},
		{"undefined", "", "ValidationError"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			s := newTestStore(t, nil)
			r := decodeReply(t, NewHost(s).Advance(tt.in))
			if tt.wantCode != "" {
				if r.OK || r.Error.Code != tt.wantCode {
					t.Fatalf("got %+v", r)
				}
				if s.Account().Now().Milli() != "2026-01-01T00:00:00.000Z" {
					t.Error("a refused advance moved time")
				}
				return
			}
			var out struct{ Time string }
			if !r.OK || json.Unmarshal(r.Output, &out) != nil || out.Time != tt.wantTime {
				t.Fatalf("got %s, want time %s", r.Output, tt.wantTime)
			}
		})
	}
}

// An advance the account refuses (past the end of simulated time) is
// refused, not answered with the unchanged time.
func TestHostAdvancePastTheEnd(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	h := NewHost(s)
	var last reply
	for range 4 { // 4 × 10^11 s from 2026 is past year 9999
		last = decodeReply(t, h.Advance("1e11"))
	}
	if last.OK || last.Error.Code != "ValidationError" {
		t.Fatalf("the fourth advance of 1e11 s: %s %+v, want ValidationError", last.Output, last.Error)
	}
	r := decodeReply(t, h.Call("iam:ListUsers", `{}`, ""))
	if !r.OK {
		t.Fatalf("iam:ListUsers after a refused advance: %+v", r.Error)
	}
}

func TestHostResetScenarioEvents(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, nil)
	h := NewHost(s)
	decodeReply(t, h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, ""))

	r := decodeReply(t, h.Scenario())
	if !r.OK || !strings.Contains(string(r.Output), `"UserName":"Zoe"`) {
		t.Fatalf("scenario() = %s", r.Output)
	}
	exported := string(r.Output)

	r = decodeReply(t, h.Events())
	var events []map[string]any
	if err := json.Unmarshal(r.Output, &events); err != nil || len(events) == 0 {
		t.Fatalf("events() = %s", r.Output)
	}
	if last := events[len(events)-1]; last["op"] != "iam:CreateUser" || last["caller"] != root {
		t.Errorf("last event %v", last)
	}

	r = decodeReply(t, h.Reset(`{"format":"cloudplay-scenario/1","steps":[{"op":"iam:CreateUser","input":{}}]}`))
	if r.OK || r.Error.Code != "InvalidScenario" || !strings.Contains(r.Error.Message, "steps[0]") {
		t.Fatalf("bad reset: %+v", r.Error)
	}
	if !hasUserNamed(s, "Zoe") {
		t.Fatal("a bad reset changed the account")
	}

	r = decodeReply(t, h.Reset(""))
	if !r.OK || string(r.Output) != "{}" || hasUserNamed(s, "Zoe") || !hasUserNamed(s, "Fred") {
		t.Fatalf("reset to default: %s, users %v", r.Output, userNames(s))
	}
	if !s.CanUndo() {
		t.Error("reset cannot be undone")
	}

	r = decodeReply(t, h.Reset(exported))
	if !r.OK || !hasUserNamed(s, "Zoe") {
		t.Fatalf("reset to the export: users %v", userNames(s))
	}
}

func TestHostCallOpts(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 100_000)
	tests := []struct {
		name, opts string
		wantCode   string
		wantInMsg  string // substring of the message
	}{
		{"none", ``, "", ""},
		{"null", `null`, "", ""},
		{"empty", `{}`, "", ""},
		{"trace false", `{"trace":false}`, "", ""},
		{"trace true", `{"trace":true}`, "", ""},
		{"null members are absent", `{"caller":null,"context":null,"trace":null}`, "", ""},
		{"all three", `{"caller":"` + root + `","context":{"aws:SourceIp":"198.51.100.7"},"trace":false}`, "", ""},
		{"unknown member", `{"caler":"x"}`, "ValidationError", `"caler"`},
		{"unknown member among known", `{"caller":"` + root + `","tracing":false}`, "ValidationError", `"tracing"`},
		{"caller a number", `{"caller":5}`, "ValidationError", "opts.caller must be a string"},
		{"caller too long", `{"caller":"` + strings.Repeat("a", 3000) + `"}`, "ValidationError", "opts.caller"},
		{"context an array", `{"context":["a"]}`, "ValidationError", "opts.context must be an object"},
		{"context a string", `{"context":"aws:SourceIp"}`, "ValidationError", "opts.context must be an object"},
		{"trace a string", `{"trace":"no"}`, "ValidationError", "opts.trace must be true or false, not a string"},
		{"trace a number", `{"trace":0}`, "ValidationError", "opts.trace must be true or false, not a number"},
		{"a string", `"caller"`, "ValidationError", "opts must be an object"},
		{"an array", `[1]`, "ValidationError", "not an array"},
		{"a number", `5`, "ValidationError", "not a number"},
		{"not JSON", `{caller: 1}`, "ValidationError", "opts is not valid JSON"},
		{"huge unknown member", `{"` + long + `":1}`, "ValidationError", `"` + strings.Repeat("é", 64) + `"…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestStore(t, nil)
			before := len(s.Account().Events())
			r := decodeReply(t, NewHost(s).Call("iam:ListUsers", `{}`, tt.opts))
			if tt.wantCode == "" {
				if !r.OK {
					t.Fatalf("opts %s refused: %+v", abbrevText(tt.opts), r.Error)
				}
				return
			}
			if r.OK || r.Error.Code != tt.wantCode || !strings.Contains(r.Error.Message, tt.wantInMsg) {
				t.Fatalf("opts %s: got %+v, want %s naming %s", abbrevText(tt.opts), r.Error, tt.wantCode, tt.wantInMsg)
			}
			if n := len([]rune(r.Error.Message)); n > 300 {
				t.Errorf("the message has %d characters: %s…", n, abbrevText(r.Error.Message))
			}
			if len(s.Account().Events()) != before {
				t.Error("refused opts still ran the call")
			}
		})
	}
}

func abbrevText(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// Every host function answers a panic inside it with InternalFailure, and
// the simulator goes on answering.
func TestHostPanicIsAnswered(t *testing.T) {
	t.Parallel()
	fns := []struct {
		name string
		run  func(h *Host) string
	}{
		{"call", func(h *Host) string { return h.Call("iam:CreateUser", `{"UserName":"Zoe"}`, "") }},
		{"advance", func(h *Host) string { return h.Advance("5") }},
		{"reset", func(h *Host) string { return h.Reset("") }},
		{"loadCatalog", func(h *Host) string { return h.LoadCatalog("{}") }},
		{"scenario", func(h *Host) string { return h.Scenario() }},
		{"events", func(h *Host) string { return h.Events() }},
		{"checkMessage", func(h *Host) string { return h.CheckMessage(`{"cloudplay":"ping"}`) }},
	}
	for _, fn := range fns {
		t.Run(fn.name, func(t *testing.T) {
			t.Parallel()
			s := newTestStore(t, nil)
			h := NewHost(s)
			h.fault = func(name string) {
				if name == fn.name {
					var users []string
					_ = users[len(name)] // a runtime error, as a bug would make
				}
			}
			r := decodeReply(t, fn.run(h))
			if r.OK || r.Error.Code != "InternalFailure" || !strings.Contains(r.Error.Message, fn.name) {
				t.Fatalf("a panic in %s answered %+v, want InternalFailure naming it", fn.name, r.Error)
			}
			if n := len([]rune(r.Error.Message)); n > maxPanicText+200 {
				t.Errorf("the message has %d characters", n)
			}
			h.fault = nil
			r = decodeReply(t, h.Call("iam:ListUsers", `{}`, ""))
			if !r.OK || !strings.Contains(string(r.Output), `"UserName":"Alice"`) {
				t.Fatalf("after the panic, iam:ListUsers answered %s %+v", r.Output, r.Error)
			}
		})
	}
}

// Error messages quote at most a short prefix of what was given.
func TestHostBoundedEchoes(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("7", 5_000_000)
	s := newTestStore(t, nil)
	h := NewHost(s)
	replies := map[string]string{
		"advance digits":      h.Advance(huge),
		"advance text":        h.Advance(`"` + strings.Repeat("ü", 1_000_000) + `"`),
		"opts member":         h.Call("iam:ListUsers", `{}`, `{"`+huge+`":1}`),
		"opts caller":         h.Call("iam:ListUsers", `{}`, `{"caller":"`+huge+`"}`),
		"bridge verb":         h.CheckMessage(`{"cloudplay":"` + huge + `"}`),
		"bridge member":       h.CheckMessage(`{"cloudplay":"call","op":"iam:ListUsers","` + huge + `":1}`),
		"bridge message size": h.CheckMessage(`{"cloudplay":"call","op":"` + huge + `"}`),
	}
	for name, text := range replies {
		r := decodeReply(t, text)
		if r.OK {
			t.Errorf("%s: accepted", name)
			continue
		}
		if n := len([]rune(r.Error.Message)); n > 300 || strings.Contains(r.Error.Message, strings.Repeat("7", 65)) {
			t.Errorf("%s: a message of %d characters: %s…", name, n, abbrevText(r.Error.Message))
		}
		if !strings.Contains(text, `"message"`) || !utf8Valid(r.Error.Message) {
			t.Errorf("%s: the message is not valid UTF-8", name)
		}
	}
}

// Whatever the core's messages quote, the host's answers are bounded.
func TestHostMessagesBounded(t *testing.T) {
	t.Parallel()
	long := "iam:" + strings.Repeat("x", 200_000)
	h := NewHost(newTestStore(t, nil))
	replies := map[string]string{
		"unknown operation": h.Call(long, `{}`, ""),
		"scenario step":     h.Reset(`{"format":"cloudplay-scenario/1","steps":[{"op":"` + long + `"}]}`),
	}
	for name, text := range replies {
		r := decodeReply(t, text)
		if r.OK {
			t.Fatalf("%s: accepted", name)
		}
		if n := len([]rune(r.Error.Message)); n > maxMessage+1 || r.Error.Code == "" {
			t.Errorf("%s: %s with a message of %d characters", name, r.Error.Code, n)
		}
	}
}

func utf8Valid(s string) bool { return !strings.ContainsRune(s, '\uFFFD') }

// opts.trace: false leaves the Trace members out of simulate results.
func TestHostCallOptsTrace(t *testing.T) {
	t.Parallel()
	h := NewHost(newTestStore(t, nil))
	input := `{"PolicyInputList":["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],"ActionNames":["s3:GetObject","s3:PutObject"]}`
	for _, tt := range []struct {
		opts      string
		wantTrace bool
	}{{``, true}, {`{"trace":true}`, true}, {`{"trace":false}`, false}, {`{"trace":null}`, true}} {
		r := decodeReply(t, h.Call("iam:SimulateCustomPolicy", input, tt.opts))
		if !r.OK || !strings.Contains(string(r.Output), `"EvalDecision":"allowed"`) {
			t.Fatalf("opts %s: %s %+v", tt.opts, r.Output, r.Error)
		}
		if got := strings.Contains(string(r.Output), `"Trace"`); got != tt.wantTrace {
			t.Errorf("opts %s: Trace in the output is %v, want %v", tt.opts, got, tt.wantTrace)
		}
	}
}
