package ecr_test

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/internal/servicetest"
)

const (
	acct = "123456789012"
	bob  = "arn:aws:iam::123456789012:user/Bob"
)

// tenv is an account to call through the dispatcher, as root unless told.
type tenv struct{ *servicetest.Env }

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{servicetest.New(t, cloud.Config{Seed: 7})}
}

// repo creates a repository.
func (e *tenv) repo(name string, extra ...any) {
	e.T.Helper()
	in := map[string]any{"repositoryName": name}
	for i := 0; i+1 < len(extra); i += 2 {
		in[extra[i].(string)] = extra[i+1]
	}
	e.Call("ecr:CreateRepository", in)
}

// push runs a docker push of d through the dispatcher as caller and
// returns the push and the operations it made, in order.
func (e *tenv) push(caller string, d ecr.Demo) (*ecr.Push, []string) {
	e.T.Helper()
	p := ecr.NewPush(d.Repository, d.Tag, d.Layers, d.Config)
	var ops []string
	for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
		ops = append(ops, op)
		out, err := e.Raw(caller, op, in)
		if err := p.Answer(out, err); err != nil {
			e.T.Fatalf("push %s:%s: %v after %v", d.Repository, d.Tag, err, ops)
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
