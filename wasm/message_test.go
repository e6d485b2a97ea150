package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
)

func TestCheckMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // the normalised message; "ignore" when ignored
		wantErr  string // substring of the InvalidMessage message
	}{
		{"call", `{"cloudplay":"call","id":7,"op":"iam:ListUsers","input":{}}`, `{"cloudplay":"call","id":7,"input":"{}","op":"iam:ListUsers"}`, ""},
		{"call with everything", `{"cloudplay": "call", "id": "c-1", "op": "iam:GetUser", "input": {"UserName": "Alice"}, "caller": "arn:aws:iam::123456789012:root", "context": {"aws:SourceIp": "198.51.100.7"}, "trace": false}`,
			`{"cloudplay":"call","id":"c-1","caller":"arn:aws:iam::123456789012:root","context":{"aws:SourceIp":"198.51.100.7"},"input":"{\"UserName\": \"Alice\"}","op":"iam:GetUser","trace":false}`, ""},
		{"call with input as text", `{"cloudplay":"call","op":"iam:ListUsers","input":"{ }"}`, `{"cloudplay":"call","input":"{ }","op":"iam:ListUsers"}`, ""},
		{"null members are absent", `{"cloudplay":"call","id":null,"op":"iam:ListUsers","input":null,"caller":null}`, `{"cloudplay":"call","op":"iam:ListUsers"}`, ""},
		{"reset", `{"cloudplay":"reset","id":1}`, `{"cloudplay":"reset","id":1}`, ""},
		{"reset with a scenario", `{"cloudplay":"reset","scenario":{"format":"cloudplay-scenario/1","steps":[]}}`, `{"cloudplay":"reset","scenario":"{\"format\":\"cloudplay-scenario/1\",\"steps\":[]}"}`, ""},
		{"advance", `{"cloudplay":"advance","id":2,"seconds":1.5}`, `{"cloudplay":"advance","id":2,"seconds":1.5}`, ""},
		{"advance negative (advance refuses it)", `{"cloudplay":"advance","seconds":-1}`, `{"cloudplay":"advance","seconds":-1}`, ""},
		{"scenario", `{"cloudplay":"scenario","id":3}`, `{"cloudplay":"scenario","id":3}`, ""},
		{"events", `{"cloudplay":"events"}`, `{"cloudplay":"events"}`, ""},
		{"ping", `{"cloudplay":"ping"}`, `{"cloudplay":"ping"}`, ""},
		{"subscribe", `{"cloudplay":"subscribe","id":"s1"}`, `{"cloudplay":"subscribe","id":"s1"}`, ""},
		{"subscribe without id", `{"cloudplay":"subscribe"}`, `{"cloudplay":"subscribe"}`, ""},
		{"unsubscribe", `{"cloudplay":"unsubscribe","id":4}`, `{"cloudplay":"unsubscribe","id":4}`, ""},
		{"subscribe with a member", `{"cloudplay":"subscribe","events":["call"]}`, "", `a "subscribe" message has no member "events"; its members are cloudplay, id`},
		{"unsubscribe with a member", `{"cloudplay":"unsubscribe","origin":"*"}`, "", `no member "origin"`},
		{"the verbs are named", `{"cloudplay":"subscrbe"}`, "", `unknown verb "subscrbe"; use call, reset, advance, scenario, events, ping, subscribe or unsubscribe`},

		{"no cloudplay member", `{"id":16,"op":"iam:ListUsers"}`, "ignore", ""},
		{"not an object", `[{"cloudplay":"call"}]`, "ignore", ""},
		{"a string", `"cloudplay"`, "ignore", ""},
		{"ready", `{"cloudplay":"ready"}`, "ignore", ""},
		{"result", `{"cloudplay":"result","id":1,"ok":true,"output":{}}`, "ignore", ""},
		{"event", `{"cloudplay":"event","event":{}}`, "ignore", ""},
		{"changed", `{"cloudplay":"changed"}`, "ignore", ""},

		{"not JSON", `{"cloudplay":`, "", "not JSON"},
		{"unknown verb", `{"cloudplay":"frobnicate","id":8}`, "", `unknown verb "frobnicate"`},
		{"verb not a string", `{"cloudplay":7}`, "", "not a number"},
		{"unknown member", `{"cloudplay":"call","op":"iam:ListUsers","inptu":{}}`, "", `no member "inptu"`},
		{"member of another verb", `{"cloudplay":"advance","seconds":1,"op":"iam:ListUsers"}`, "", `no member "op"`},
		{"member of ping", `{"cloudplay":"ping","x":1}`, "", `no member "x"`},
		{"call without op", `{"cloudplay":"call","id":9,"input":{}}`, "", `needs "op"`},
		{"call with empty op", `{"cloudplay":"call","op":""}`, "", `"op" must not be empty`},
		{"op not a string", `{"cloudplay":"call","op":["iam:ListUsers"]}`, "", `"op" must be a non-empty string, not an array`},
		{"input an array", `{"cloudplay":"call","op":"iam:ListUsers","input":[]}`, "", `"input" must be an object or JSON text, not an array`},
		{"caller a number", `{"cloudplay":"call","op":"iam:ListUsers","caller":1}`, "", `"caller" must be a string`},
		{"context a string", `{"cloudplay":"call","op":"iam:ListUsers","context":"x"}`, "", `"context" must be an object`},
		{"trace a string", `{"cloudplay":"call","op":"iam:ListUsers","trace":"false"}`, "", `"trace" must be true or false`},
		{"advance without seconds", `{"cloudplay":"advance"}`, "", `needs "seconds"`},
		{"seconds a string", `{"cloudplay":"advance","seconds":"5"}`, "", `"seconds" must be a number, not a string`},
		{"scenario a number", `{"cloudplay":"reset","scenario":5}`, "", `"scenario" must be an object or JSON text`},
		{"id an object", `{"cloudplay":"events","id":{}}`, "", "id must be a number or a string, not an object"},
		{"id too long", `{"cloudplay":"events","id":"` + strings.Repeat("x", maxIDLength+1) + `"}`, "", "at most 256"},
		{"too large", `{"cloudplay":"call","op":"iam:ListUsers","input":"` + strings.Repeat("x", maxMessageBytes) + `"}`, "", "larger than 2097152 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := CheckMessage([]byte(tt.in))
			if tt.wantErr != "" {
				var e *api.Error
				if !errors.As(err, &e) || e.Code != "InvalidMessage" || !strings.Contains(e.Message, tt.wantErr) {
					t.Fatalf("CheckMessage(%s) = %v, want InvalidMessage with %q", abbrevText(tt.in), err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("CheckMessage(%s): %v", abbrevText(tt.in), err)
			}
			got := "ignore"
			if m != nil {
				got = string(m.JSON())
			}
			if got != tt.want {
				t.Fatalf("CheckMessage(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestHostCheckMessage(t *testing.T) {
	t.Parallel()
	h := NewHost(newTestStore(t, nil))
	r := decodeReply(t, h.CheckMessage(`{"cloudplay":"call","id":7,"op":"iam:ListUsers"}`))
	if !r.OK || string(r.Output) != `{"cloudplay":"call","id":7,"op":"iam:ListUsers"}` {
		t.Errorf("a call: %s %+v", r.Output, r.Error)
	}
	r = decodeReply(t, h.CheckMessage(`{"op":"iam:ListUsers"}`))
	if !r.OK || string(r.Output) != "null" {
		t.Errorf("a message without cloudplay: %s %+v, want null (ignored)", r.Output, r.Error)
	}
	r = decodeReply(t, h.CheckMessage(`{"cloudplay":"call","op":"iam:ListUsers","callr":"x"}`))
	if r.OK || r.Error.Code != "InvalidMessage" || !strings.Contains(r.Error.Message, `"callr"`) {
		t.Errorf("an unknown member: %+v", r.Error)
	}
}

// FuzzMessage checks the bridge's message check on any text: it never
// panics, refuses only with InvalidMessage, and a message it accepts,
// normalised, checks again to the same message.
func FuzzMessage(f *testing.F) {
	for _, seed := range []string{
		`{"cloudplay":"call","id":7,"op":"iam:SimulatePrincipalPolicy","input":{"PolicySourceArn":"arn:aws:iam::123456789012:user/Fred","ActionNames":["s3:PutObject"]},"caller":"arn:aws:iam::123456789012:root","context":{"aws:SourceIp":"198.51.100.7"},"trace":false}`,
		`{"cloudplay":"call","id":"c2","op":"iam:CreateUser","input":"{\"UserName\":\"Bob\"}"}`,
		`{"cloudplay":"reset","id":14,"scenario":{"format":"cloudplay-scenario/1","steps":[{"op":"iam:CreateUser","input":{"UserName":"X"}}]}}`,
		`{"cloudplay":"reset","scenario":"{\"format\":\"cloudplay-scenario/1\"}"}`,
		`{"cloudplay":"advance","id":10,"seconds":-1e400}`,
		`{"cloudplay":"scenario","id":12}`,
		`{"cloudplay":"events","id":1e3}`,
		`{"cloudplay":"ping"}`,
		`{"cloudplay":"subscribe","id":"s"}`,
		`{"cloudplay":"unsubscribe","id":2}`,
		`{"cloudplay":"subscribe","id":3,"kinds":["step"]}`,
		`{"cloudplay":"event","event":{"kind":"call","seq":1}}`,
		`{"cloudplay":"changed"}`,
		`{"cloudplay":"result","id":1,"ok":true}`,
		`{"cloudplay":"frobnicate","id":8}`,
		`{"cloudplay":"call","id":{},"op":1,"input":[]}`,
		`{"cloudplay":"call","op":"a","op":"b","input":{"a":1,"a":2}}`,
		`{"cloudplay":"call","op":"\u003c\ud800","input":{"\u2028":"<&>"}}`,
		`{"id":16,"op":"iam:ListUsers"}`,
		`[1,2,3]`, `"x"`, `null`, ``, `{`, "{\"cloudplay\":\"call\",\"op\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		m, err := CheckMessage(text)
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) || e.Code != "InvalidMessage" || e.Message == "" {
				t.Fatalf("CheckMessage(%q) refused with %v, want InvalidMessage", text, err)
			}
			if n := len([]rune(e.Message)); n > 400 {
				t.Fatalf("CheckMessage(%q): a message of %d characters", text, n)
			}
			return
		}
		if m == nil {
			return
		}
		norm := m.JSON()
		if !json.Valid(norm) {
			t.Fatalf("CheckMessage(%q) normalised to invalid JSON %q", text, norm)
		}
		again, err := CheckMessage(norm)
		if err != nil || again == nil {
			t.Fatalf("the normalised %q checks again to %v, %v", norm, again, err)
		}
		if got := again.JSON(); !bytes.Equal(got, norm) {
			t.Fatalf("the normalised message changed on a second check:\n%q\n%q", norm, got)
		}
	})
}

// BenchmarkCheckMessage checks a reset message near the size limit (a
// scenario of about 2 MiB), the most work one message can ask of the check.
func BenchmarkCheckMessage(b *testing.B) {
	step := `{"op":"iam:CreateUser","input":{"UserName":"user-` + strings.Repeat("x", 40) + `"}}`
	steps := strings.Repeat(step+",", (maxMessageBytes-4096)/(len(step)+1))
	text := []byte(`{"cloudplay":"reset","id":1,"scenario":{"format":"cloudplay-scenario/1","steps":[` + steps + step + `]}}`)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CheckMessage(text); err != nil {
			b.Fatal(err)
		}
	}
}
