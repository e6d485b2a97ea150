package api_test

import (
	"encoding/json"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// *policy.Trace is the api.Trace that api.Error carries.
var _ api.Trace = (*policy.Trace)(nil)

// An Error's JSON is what it was when Trace was an any: the trace's own
// JSON under "trace", and no "trace" member at all without one.
func TestErrorTraceJSON(t *testing.T) {
	for _, c := range []struct {
		e    *api.Error
		want string
	}{
		{&api.Error{Code: "AccessDenied", Message: "no"}, `{"code":"AccessDenied","message":"no"}`},
		{&api.Error{Code: "AccessDenied", Message: "no", Trace: &policy.Trace{Decision: policy.ImplicitDeny}},
			`{"code":"AccessDenied","message":"no","trace":{"Decision":"implicitDeny","DecidingStatements":null,"Policies":null,"Path":null}}`},
	} {
		b, err := json.Marshal(c.e)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.want {
			t.Errorf("got %s, want %s", b, c.want)
		}
	}
}
