package matrix

import "cloudplay/wasm/internal/testacct"

import "cloudplay/wasm/internal/simulate"

import "testing"

func TestBuildMatrix(t *testing.T) {
	a := testacct.Builtin(t, "company")
	ps := MatrixPrincipals(a.View(), false)
	if len(ps) != 6 || ps[1].Name != "Bob" || ps[1].Kind != "user" {
		t.Fatalf("principals %+v", ps)
	}
	if len(MatrixPrincipals(a.View(), true)) != 9 {
		t.Error("groups not listed")
	}
	actions := []string{"ec2:RunInstances", "iam:GetPolicy"}
	run := func(caller string) Matrix {
		answers := map[string]MatrixAnswer{}
		for _, p := range ps[:4] {
			out, err := a.Call(caller, "iam:SimulatePrincipalPolicy", simulate.SimulateInput(p.ARN, actions, []string{"*"}, nil))
			answers[p.ARN] = MatrixAnswer{out, err}
		}
		return BuildMatrix("*", actions, ps, answers)
	}
	m := run(a.RootARN())
	want := map[string][2]string{
		"Alice": {"allowed", "implicitDeny"}, "Bob": {"allowed", "implicitDeny"},
		"Charles": {"allowed", "allowed"}, "David": {"implicitDeny", "allowed"},
		"Edward": {"", ""}, // not computed
	}
	for _, r := range m.Rows {
		w, ok := want[r.Principal.Name]
		if !ok {
			continue
		}
		if r.Cells[0].Decision != w[0] || r.Cells[1].Decision != w[1] {
			t.Errorf("%s: %s, %s; want %v", r.Principal.Name, r.Cells[0].Decision, r.Cells[1].Decision, w)
		}
		if r.Cells[0].Decision != "" && r.Cells[0].Trace == nil {
			t.Errorf("%s: no trace", r.Principal.Name)
		}
	}
	if e, n := m.FirstError(); e != nil || n != 0 {
		t.Errorf("errors as root: %v %d", e, n)
	}
	// Bob leaves Developers: his RunInstances becomes an implicit deny.
	if _, err := a.Call(a.RootARN(), "iam:RemoveUserFromGroup", []byte(`{"GroupName":"Developers","UserName":"Bob"}`)); err != nil {
		t.Fatal(err)
	}
	if d := run(a.RootARN()).Rows[1].Cells[0].Decision; d != "implicitDeny" {
		t.Errorf("Bob after leaving Developers: %s", d)
	}
	// Acting as Bob, every simulation is refused.
	m = run(testacct.Prefix + "user/Bob")
	e, n := m.FirstError()
	if e == nil || n != 4 || e.Code != "AccessDenied" || e.Trace == nil {
		t.Errorf("as Bob: %+v, %d refused", e, n)
	}
	bad := BuildMatrix("*", actions, ps[:1], map[string]MatrixAnswer{ps[0].ARN: {Output: []byte("{")}})
	if bad.Rows[0].Err == nil {
		t.Error("bad output: no error")
	}
}
