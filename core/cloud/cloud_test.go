package cloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

const root = "arn:aws:iam::123456789012:root"

func call(t *testing.T, a *Account, caller, op, input string) (map[string]any, error) {
	t.Helper()
	out, err := a.Call(caller, op, []byte(input))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("%s output is not JSON: %s", op, out)
	}
	return m, nil
}

func wantCode(t *testing.T, err error, code, msg string) *api.Error {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("got %v, want %s containing %q", err, code, msg)
	}
	return e
}

func TestRootMayDoAnythingOthersAreImplicitlyDenied(t *testing.T) {
	t.Parallel()
	a := New(Config{Seed: 1})
	if _, err := call(t, a, root, "iam:CreateUser", `{"UserName":"Alice"}`); err != nil {
		t.Fatal(err)
	}
	_, err := call(t, a, "arn:aws:iam::123456789012:user/Alice", "iam:CreateUser", `{"UserName":"Zoe"}`)
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
	wantCode(t, err, "AccessDenied", "User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/Zoe because no identity-based policy allows the iam:CreateUser action")
	ev := a.Events()
	last := ev[len(ev)-1]
	if last.Error == nil || last.Error.Code != "AccessDenied" || len(last.Actions) != 1 || last.Actions[0].Decision != ImplicitDeny {
		t.Fatalf("log of the denied call: %+v", last)
	}
	if _, err := call(t, a, root, "iam:GetUser", `{"UserName":"Zoe"}`); err == nil {
		t.Fatal("the denied CreateUser created Zoe")
	}
}

func TestDispatcherErrors(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	tests := []struct {
		name, caller, op, input, code, msg string
	}{
		{"unknown op suggests by case", root, "iam:createuser", `{}`, "UnknownOperationException", `did you mean "iam:CreateUser"?`},
		{"unknown op suggests by spelling", root, "iam:CreateUsr", `{}`, "UnknownOperationException", `did you mean "iam:CreateUser"?`},
		{"no service prefix", root, "CreateUser", `{}`, "UnknownOperationException", `named "service:Operation"`},
		{"input not an object", root, "iam:ListUsers", `[]`, "SerializationException", "must be a JSON object"},
		{"input not json", root, "iam:ListUsers", `{"a":`, "SerializationException", "must be a JSON object"},
		{"unknown caller of a query service", "arn:aws:iam::123456789012:user/Nobody", "iam:ListUsers", `{}`, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"caller of another account", "arn:aws:iam::999999999999:root", "iam:ListUsers", `{}`, "InvalidClientTokenId", "invalid"},
		{"typo in a member", root, "iam:CreateUser", `{"Username":"x"}`, "ValidationError", `Unknown parameter in input: "Username"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := call(t, a, tt.caller, tt.op, tt.input)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	if n := len(a.Events()); n != len(tests) {
		t.Errorf("%d events logged, want one per call (%d)", n, len(tests))
	}
}

// Only successful calls draw from the seed, so a replay of the successful
// calls alone gives the same ids.
func TestFailedCallsDrawNothing(t *testing.T) {
	t.Parallel()
	a, b := New(Config{Seed: 9}), New(Config{Seed: 9})
	call(t, a, root, "iam:CreateUser", `{"UserName":"Alice"}`)
	call(t, a, root, "iam:CreateUser", `{"UserName":"Alice"}`) // EntityAlreadyExists
	call(t, a, root, "iam:CreateUser", `{"UserName":"Bad Name"}`)
	x, _ := call(t, a, root, "iam:CreateUser", `{"UserName":"Bob"}`)
	call(t, b, root, "iam:CreateUser", `{"UserName":"Alice"}`)
	y, _ := call(t, b, root, "iam:CreateUser", `{"UserName":"Bob"}`)
	idA := x["User"].(map[string]any)["UserId"]
	idB := y["User"].(map[string]any)["UserId"]
	if idA != idB || !strings.HasPrefix(idA.(string), "AIDA") {
		t.Fatalf("Bob's id %v after failed calls, %v without", idA, idB)
	}
	if n := len(a.Journal()); n != 2 {
		t.Fatalf("journal has %d steps, want the 2 successful calls", n)
	}
}

func TestAdvanceMergesInJournalAndRunsDueEvents(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	fired := 0
	a.clock.Schedule(a.Now()+1000, func(sim.Time) { fired++ })
	a.Advance(400)
	a.Advance(600)
	if fired != 1 {
		t.Fatalf("event due at +1s fired %d times", fired)
	}
	j := a.Journal()
	if len(j) != 1 || j[0].Advance != 1000 {
		t.Fatalf("journal %+v, want one advance of 1000 ms", j)
	}
	if got := a.Now().String(); got != "2026-01-01T00:00:01Z" {
		t.Fatalf("now %s", got)
	}
}

// Calls a service makes on someone's behalf go through the dispatcher (and
// the authoriser), are logged with the principal they acted for, and are
// not journaled: they happen again on replay.
func TestCallsOnBehalfAreAuthorisedLoggedNotJournaled(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	a.register(api.Descriptor{Prefix: "test", Protocol: api.JSON, ValidationCode: "ValidationException", Ops: []api.Op{{
		Name:    "test:Deliver",
		Mutates: true,
		Prepare: func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			return []api.Action{{Action: "test:Deliver", Resource: "*"}}, func() (any, error) {
				_, err := env.Call(root, "iam:CreateUser", map[string]string{"UserName": "Made"})
				return map[string]any{}, err
			}, nil
		},
	}}})
	if _, err := a.Call(root, "test:Deliver", nil); err != nil {
		t.Fatal(err)
	}
	ev := a.Events()
	if len(ev) != 2 || ev[0].Op != "iam:CreateUser" || ev[0].InvokedBy != root || ev[1].Op != "test:Deliver" {
		t.Fatalf("events %+v", ev)
	}
	if ev[0].Seq != 1 || ev[1].Seq != 2 {
		t.Fatalf("Seq %d and %d, want 1 and 2 (each event its own)", ev[0].Seq, ev[1].Seq)
	}
	if j := a.Journal(); len(j) != 1 || j[0].Op != "test:Deliver" {
		t.Fatalf("journal %+v, want only the outer call", j)
	}
}

func TestRequestContextValidation(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	_, err := a.CallContext(root, "iam:ListUsers", nil, Context{"aws:SourceIp": json.RawMessage(`{"a":1}`)})
	wantCode(t, err, "ValidationError", `request context key "aws:SourceIp"`)
	if _, err := a.CallContext(root, "iam:ListUsers", nil, Context{"aws:SourceIp": json.RawMessage(`["1.2.3.4","5.6.7.8"]`), "aws:MultiFactorAuthPresent": json.RawMessage(`true`)}); err != nil {
		t.Fatal(err)
	}
}

// compact elides white space exactly as json.Compact does for valid JSON.
func TestCompactMatchesJSONCompact(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{}`, ` { "a" : 1 , "b" : [ 1 , 2 , { "c" : "x y" } ] } `,
		`{"s":"a \" b \\ c \\\" d","t":"\u00e9 é \n"}`, "{\n\t\"k\":\r\n true,\"n\":null, \"f\": -1.5e3 }",
		`{"esc":"\\","q":"\"","sp":"  "}`,
	} {
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if got := compact([]byte(in)); string(got) != want.String() {
			t.Errorf("compact(%q) = %q, want %q", in, got, want.String())
		}
	}
}
