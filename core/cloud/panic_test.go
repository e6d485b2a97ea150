package cloud

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"cloudplay/core/api"
)

// testOp registers an operation of the test service on a.
func testOp(a *Account, name string, mutates bool, prepare func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error)) {
	a.register(api.Descriptor{Prefix: "test", Protocol: api.JSON, ValidationCode: "ValidationException",
		Ops: []api.Op{{Name: name, Mutates: mutates, Prepare: prepare}}})
}

// halfway changes the account (a user made on the caller's behalf, which
// draws an id from the seed, and an event scheduled on the clock), then
// panics.
func halfway(env *api.Env, _ []byte) ([]api.Action, func() (any, error), error) {
	return []api.Action{{Action: "test:Boom", Resource: "*"}}, func() (any, error) {
		if _, err := env.Call(root, "iam:CreateUser", map[string]string{"UserName": "Half"}); err != nil {
			return nil, err
		}
		env.Schedule(env.Now+1000, func(*api.Work) {})
		var m map[string]int
		m["x"]++ // assignment to entry in nil map
		return map[string]any{}, nil
	}, nil
}

// setUp makes the same calls on every account it is given.
func setUp(t *testing.T, accts ...*Account) {
	t.Helper()
	for _, a := range accts {
		for _, c := range []struct{ op, in string }{
			{"iam:CreateUser", `{"UserName":"Alice"}`},
			{"iam:CreateGroup", `{"GroupName":"Developers"}`},
			{"iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"Alice"}`},
			{"s3:CreateBucket", `{"Bucket":"my-bucket"}`},
			{"s3:PutObject", `{"Bucket":"my-bucket","Key":"a","Body":"aGk="}`},
		} {
			if _, err := a.Call(root, c.op, []byte(c.in)); err != nil {
				t.Fatalf("%s: %v", c.op, err)
			}
		}
		if err := a.Advance(1500); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Call(root, "iam:CreateUser", []byte(`{"UserName":"Bob"}`)); err != nil {
			t.Fatal(err)
		}
	}
}

// A panic anywhere in a top-level call is answered as InternalFailure,
// logged, and leaves the account exactly as it was: same view, journal and
// pending events, and the next id drawn from the seed is the one an
// account that never saw the call draws.
func TestPanicInACallLeavesTheAccountAsItWas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mutates bool
		prepare func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error)
		msg     string
	}{
		{"in the run, after changing the account", true, halfway, "test:Boom panicked: assignment to entry in nil map"},
		{"in a read-only operation", false, halfway, "test:Boom panicked: assignment to entry in nil map"},
		{"in Prepare", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			var p *api.Principal
			return nil, nil, api.Errorf("X", "%s", p.ARN) // nil pointer dereference
		}, "test:Boom panicked: runtime error: invalid memory address or nil pointer dereference"},
		{"in the output's encoding", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			return nil, func() (any, error) {
				if _, err := env.Call(root, "iam:CreateGroup", map[string]string{"GroupName": "Half"}); err != nil {
					return nil, err
				}
				return map[string]any{"f": func() {}}, nil
			}, nil
		}, "the output does not marshal"},
		{"in a call made on someone's behalf", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			return nil, func() (any, error) {
				if _, err := env.Call(root, "iam:CreateUser", map[string]string{"UserName": "First"}); err != nil {
					return nil, err
				}
				return env.Call(root, "test:Inner", map[string]string{})
			}, nil
		}, "test:Boom panicked: assignment to entry in nil map"},
		{"with a huge panic value", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			panic(strings.Repeat("x", 10<<20))
		}, "test:Boom panicked: xxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := New(Config{Seed: 7}), New(Config{Seed: 7})
			testOp(a, "test:Boom", tt.mutates, tt.prepare)
			testOp(a, "test:Inner", true, halfway)
			setUp(t, a, b)
			view, journal, pending, events := a.View(), a.Journal(), a.clock.Pending(), a.Events()

			_, err := a.Call(root, "test:Boom", []byte(`{}`))
			e := wantCode(t, err, "InternalFailure", tt.msg)
			if !strings.Contains(e.Message, "The account is as it was before.") || len(e.Message) > 600 {
				t.Errorf("message %.700q: want it bounded and saying the account is unchanged", e.Message)
			}
			if got := a.View(); !reflect.DeepEqual(got, view) {
				t.Errorf("view after the panic:\n%+v\nwant\n%+v", got, view)
			}
			if got := a.Journal(); !reflect.DeepEqual(got, journal) {
				t.Errorf("journal after the panic:\n%+v\nwant\n%+v", got, journal)
			}
			if got := a.clock.Pending(); got != pending {
				t.Errorf("%d events pending after the panic, want %d", got, pending)
			}
			got := a.Events()
			if len(got) != len(events)+1 || !reflect.DeepEqual(got[:len(events)], events) {
				t.Fatalf("event log after the panic: %d events, want the %d before and one more", len(got), len(events))
			}
			last := got[len(got)-1]
			if last.Op != "test:Boom" || last.Error == nil || last.Error.Code != "InternalFailure" || last.Seq != events[len(events)-1].Seq+1 {
				t.Errorf("logged %+v, want test:Boom with InternalFailure and the next Seq", last)
			}

			// Later calls work, and draw the ids they would have drawn.
			x, err := call(t, a, root, "iam:CreateUser", `{"UserName":"Carol"}`)
			if err != nil {
				t.Fatal(err)
			}
			y, _ := call(t, b, root, "iam:CreateUser", `{"UserName":"Carol"}`)
			if idA, idB := x["User"].(map[string]any)["UserId"], y["User"].(map[string]any)["UserId"]; idA != idB {
				t.Errorf("Carol's id is %v after the panic, %v without it", idA, idB)
			}
			if _, err := a.Call(root, "s3:GetObject", []byte(`{"Bucket":"my-bucket","Key":"a"}`)); err != nil {
				t.Errorf("the object stored before the panic: %v", err)
			}
		})
	}
}

// An advance runs what falls due; a panic in it is answered as
// InternalFailure and leaves the account as it was before the advance.
func TestPanicInAnAdvanceLeavesTheAccountAsItWas(t *testing.T) {
	t.Parallel()
	a := New(Config{Seed: 3})
	testOp(a, "test:Arm", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		return nil, func() (any, error) {
			env.Schedule(env.Now+1000, func(*api.Work) {
				if _, err := env.Call(root, "iam:CreateUser", map[string]string{"UserName": "Late"}); err != nil {
					panic(err)
				}
				panic("the timer broke")
			})
			return map[string]any{}, nil
		}, nil
	})
	setUp(t, a)
	if _, err := a.Call(root, "test:Arm", nil); err != nil {
		t.Fatal(err)
	}
	view, journal, now, events := a.View(), a.Journal(), a.Now(), a.Events()
	err := a.Advance(5000)
	wantCode(t, err, "InternalFailure", "advance panicked: the timer broke")
	if a.Now() != now || !reflect.DeepEqual(a.View(), view) || !reflect.DeepEqual(a.Journal(), journal) {
		t.Fatalf("after the failed advance: now %s (want %s), view or journal changed", a.Now().Milli(), now.Milli())
	}
	if got := a.Events(); !reflect.DeepEqual(got, events) {
		t.Fatalf("the failed advance left %d events, want the %d before", len(got), len(events))
	}
	if a.clock.Pending() != 1 {
		t.Fatalf("%d events pending, want the armed one", a.clock.Pending())
	}
	if err := a.Advance(500); err != nil { // before the armed event: fine
		t.Fatal(err)
	}
}

// A journal entry that cannot be replayed (an operation that is not
// deterministic) leaves, after a panic, an account whose state and
// journal agree: the steps before it.
func TestRebuildThatFailsKeepsStateAndJournalTogether(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	calls := 0
	testOp(a, "test:Once", true, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		return nil, func() (any, error) {
			calls++
			if calls > 1 {
				return nil, api.Errorf("ValidationException", "not again")
			}
			return map[string]any{}, nil
		}, nil
	})
	testOp(a, "test:Boom", true, halfway)
	call(t, a, root, "iam:CreateUser", `{"UserName":"Alice"}`)
	if _, err := a.Call(root, "test:Once", nil); err != nil {
		t.Fatal(err)
	}
	call(t, a, root, "iam:CreateUser", `{"UserName":"Bob"}`)
	_, err := a.Call(root, "test:Boom", nil)
	wantCode(t, err, "InternalFailure", "could not be rebuilt as it was")
	j := a.Journal()
	if len(j) != 1 || j[0].Op != "iam:CreateUser" {
		t.Fatalf("journal %+v, want the first step only", j)
	}
	if users := a.View().IAM.Users; len(users) != 1 || users[0].Name != "Alice" {
		t.Fatalf("users %+v, want Alice only", users)
	}
}

// CallWith's OmitTrace reaches the operation it calls, and only it.
func TestCallWithOmitTrace(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	testOp(a, "test:Env", false, func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		return nil, func() (any, error) {
			out := map[string]any{"OmitTrace": env.OmitTrace}
			if strings.Contains(string(input), "nest") {
				inner, err := env.Call(root, "test:Env", map[string]string{})
				if err != nil {
					return nil, err
				}
				out["Inner"] = inner
			}
			return out, nil
		}, nil
	})
	for _, omit := range []bool{false, true} {
		out, err := a.CallWith(root, "test:Env", []byte(`{"nest":1}`), CallOptions{OmitTrace: omit, Context: Context{"aws:SourceIp": json.RawMessage(`"198.51.100.7"`)}})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"Inner":{"OmitTrace":false},"OmitTrace":` + map[bool]string{false: "false", true: "true"}[omit] + `}`
		if string(out) != want {
			t.Errorf("OmitTrace %v: got %s, want %s", omit, out, want)
		}
	}
}
