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
					t.Log("no trace on AccessDenied (the authoriser gives none yet)")
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
