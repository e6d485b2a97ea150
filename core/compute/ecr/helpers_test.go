package ecr_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
)

const (
	acct = "123456789012"
	root = "arn:aws:iam::123456789012:root"
	bob  = "arn:aws:iam::123456789012:user/Bob"
)

// tenv is an account to call through the dispatcher, as root unless told.
type tenv struct {
	t *testing.T
	a *cloud.Account
}

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{t: t, a: cloud.New(cloud.Config{Seed: 7})}
}

func (e *tenv) raw(caller, op string, in any) ([]byte, error) {
	e.t.Helper()
	var b []byte
	switch in := in.(type) {
	case string:
		b = []byte(in)
	case []byte:
		b = in
	default:
		var err error
		if b, err = json.Marshal(in); err != nil {
			e.t.Fatal(err)
		}
	}
	if caller == "" {
		caller = root
	}
	return e.a.Call(caller, op, b)
}

// call makes a call as root that must succeed and decodes its output.
func (e *tenv) call(op string, in any) map[string]any {
	e.t.Helper()
	return e.callAs("", op, in)
}

func (e *tenv) callAs(caller, op string, in any) map[string]any {
	e.t.Helper()
	out, err := e.raw(caller, op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		e.t.Fatalf("%s: output %s: %v", op, out, err)
	}
	return m
}

// fail makes a call that must fail with code and a message starting with
// prefix.
func (e *tenv) fail(op string, in any, code, prefix string) {
	e.t.Helper()
	e.failAs("", op, in, code, prefix)
}

func (e *tenv) failAs(caller, op string, in any, code, prefix string) {
	e.t.Helper()
	out, err := e.raw(caller, op, in)
	var ae *api.Error
	if !errors.As(err, &ae) {
		e.t.Fatalf("%s: got %s, %v; want %s", op, out, err, code)
	}
	if ae.Code != code || !strings.HasPrefix(ae.Message, prefix) {
		e.t.Fatalf("%s: got %s: %s\nwant %s: %s…", op, ae.Code, ae.Message, code, prefix)
	}
}

// repo creates a repository.
func (e *tenv) repo(name string, extra ...any) {
	e.t.Helper()
	in := map[string]any{"repositoryName": name}
	for i := 0; i+1 < len(extra); i += 2 {
		in[extra[i].(string)] = extra[i+1]
	}
	e.call("ecr:CreateRepository", in)
}

// push runs a docker push of d through the dispatcher as caller and
// returns the push and the operations it made, in order.
func (e *tenv) push(caller string, d ecr.Demo) (*ecr.Push, []string) {
	e.t.Helper()
	p := ecr.NewPush(d.Repository, d.Tag, d.Layers, d.Config)
	var ops []string
	for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
		ops = append(ops, op)
		out, err := e.raw(caller, op, in)
		if err := p.Answer(out, err); err != nil {
			e.t.Fatalf("push %s:%s: %v after %v", d.Repository, d.Tag, err, ops)
		}
	}
	return p, ops
}

func demo(name string) ecr.Demo {
	for _, d := range ecr.Demos() {
		if d.Repository == name {
			return d
		}
	}
	panic("no demo " + name)
}

// list returns m[key] as a slice of objects.
func list(t *testing.T, m map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%s is %T (%v), want a list", key, m[key], m[key])
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}
