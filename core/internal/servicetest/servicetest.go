// Package servicetest holds what the services' tests share: an account to
// call through the dispatcher (as root unless told), calls that must
// succeed, and calls that must fail with a code and a message. Only
// _test.go files import it.
package servicetest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
)

// Env is an account under test.
type Env struct {
	T *testing.T
	A *cloud.Account
}

// New returns a new account made with cfg.
func New(t *testing.T, cfg cloud.Config) *Env {
	t.Helper()
	return &Env{T: t, A: cloud.New(cfg)}
}

// Raw calls op as caller (root when "") with in: a string or []byte is
// sent as it is, anything else as its JSON.
func (e *Env) Raw(caller, op string, in any) ([]byte, error) {
	e.T.Helper()
	var b []byte
	switch in := in.(type) {
	case string:
		b = []byte(in)
	case []byte:
		b = in
	default:
		var err error
		if b, err = json.Marshal(in); err != nil {
			e.T.Fatal(err)
		}
	}
	if caller == "" {
		caller = e.A.RootARN()
	}
	return e.A.Call(caller, op, b)
}

// Call makes a call as root that must succeed and decodes its output into
// a map.
func (e *Env) Call(op string, in any) map[string]any {
	e.T.Helper()
	return e.CallAs("", op, in)
}

// CallAs is Call as caller.
func (e *Env) CallAs(caller, op string, in any) map[string]any {
	e.T.Helper()
	return IntoAs[map[string]any](e, caller, op, in)
}

// Into makes a call as root that must succeed and decodes its output into
// T.
func Into[T any](e *Env, op string, in any) T {
	e.T.Helper()
	return IntoAs[T](e, "", op, in)
}

// IntoAs is Into as caller.
func IntoAs[T any](e *Env, caller, op string, in any) T {
	e.T.Helper()
	out, err := e.Raw(caller, op, in)
	if err != nil {
		e.T.Fatalf("%s: %v", op, err)
	}
	var v T
	if err := json.Unmarshal(out, &v); err != nil {
		e.T.Fatalf("%s: output %s: %v", op, out, err)
	}
	return v
}

// Fail makes a call as root that must fail with code and a message
// starting with prefix.
func (e *Env) Fail(op string, in any, code, prefix string) {
	e.T.Helper()
	e.FailAs("", op, in, code, prefix)
}

// FailAs is Fail as caller.
func (e *Env) FailAs(caller, op string, in any, code, prefix string) {
	e.T.Helper()
	out, err := e.Raw(caller, op, in)
	var ae *api.Error
	if !errors.As(err, &ae) {
		e.T.Fatalf("%s: got %s, %v; want %s", op, out, err, code)
	}
	if ae.Code != code || !strings.HasPrefix(ae.Message, prefix) {
		e.T.Fatalf("%s: got %s: %s\nwant %s: %s…", op, ae.Code, ae.Message, code, prefix)
	}
}

// Advance moves the account's clock ms milliseconds on.
func (e *Env) Advance(ms int64) {
	e.T.Helper()
	if err := e.A.Advance(ms); err != nil {
		e.T.Fatal(err)
	}
}

// Builtin loads the built-in scenario id, failing t when there is none or
// it does not load, and returns its account and what it says of itself.
func Builtin(t *testing.T, id string) (*cloud.Account, scenario.Meta) {
	t.Helper()
	for _, b := range builtin.List() {
		if b.ID == id {
			a, m, err := scenario.Load(b.JSON)
			if err != nil {
				t.Fatal(err)
			}
			return a, m
		}
	}
	t.Fatalf("no built-in scenario %s", id)
	return nil, scenario.Meta{}
}
