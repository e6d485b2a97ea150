package goals

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/tidwall/gjson"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// Status is where one goal stands.
type Status struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
	// Detail says why a goal is not done ("" when it is).
	Detail string `json:"detail"`
}

// Evaluate checks every goal on a, in order, and returns where each
// stands (an empty, non-nil list for no goals). Checks change nothing in
// a and are not logged.
func Evaluate(a *cloud.Account, goals []Goal) []Status {
	out := make([]Status, 0, len(goals))
	for _, g := range goals {
		done, detail := g.evaluate(a)
		if done {
			detail = ""
		}
		out = append(out, Status{Title: g.Title, Done: done, Detail: detail})
	}
	return out
}

// maxDetail bounds, in code points, the reason a goal is not done.
const maxDetail = 300

// evaluate runs g's check on a and compares its outcome with g's
// expectation.
func (g Goal) evaluate(a *cloud.Account) (bool, string) {
	caller := g.Check.As
	if caller == "" {
		caller = a.RootARN()
	}
	input := g.Check.Input
	if len(input) == 0 {
		input = []byte("{}")
	}
	out, err := a.Check(caller, g.Check.Op, input, g.Check.Context, g.Check.DryRun)
	var e *api.Error
	if err != nil && !errors.As(err, &e) {
		e = &api.Error{Code: "InternalFailure", Message: err.Error()}
	}
	what := g.Check.Op
	if g.Check.DryRun {
		what += " (dry run)"
	}
	done, detail := g.Expect.match(what, out, e)
	return done, api.Clip(detail, maxDetail)
}

// match reports whether the outcome of a check of op (its output, or
// its error e) is what x expects, and if not, why. op names the check in
// the reason ("s3:PutObject (dry run)").
func (x Expect) match(op string, out []byte, e *api.Error) (bool, string) {
	if x.Error != "" {
		switch {
		case e == nil:
			return false, fmt.Sprintf("%s succeeded; want the error %s", op, x.Error)
		case e.Code != x.Error:
			return false, fmt.Sprintf("%s failed with %s (%s); want %s", op, e.Code, e.Message, x.Error)
		}
		return true, ""
	}
	if e != nil {
		return false, fmt.Sprintf("%s failed: %s: %s", op, e.Code, e.Message)
	}
	switch {
	case x.Decision != "":
		return matchDecision(x.Decision, out)
	case x.Path != "":
		return matchPath(x.Path, x.Equals, out)
	}
	return true, "" // {"ok": true}
}

// matchDecision reports whether every EvaluationResults item of a
// simulation's output has the EvalDecision want.
func matchDecision(want string, out []byte) (bool, string) {
	results := gjson.GetBytes(out, "EvaluationResults").Array()
	if len(results) == 0 {
		return false, "the simulation has no results"
	}
	for _, r := range results {
		if got := r.Get("EvalDecision").String(); got != want {
			return false, fmt.Sprintf("%s on %s: %s; want %s", r.Get("EvalActionName").String(), r.Get("EvalResourceName").String(), got, want)
		}
	}
	return true, ""
}

// matchPath reports whether the value at path in out equals want.
func matchPath(path string, want json.RawMessage, out []byte) (bool, string) {
	r := gjson.GetBytes(out, path)
	if !r.Exists() {
		return false, fmt.Sprintf("%s is not in the output", path)
	}
	var got, w any
	if json.Unmarshal([]byte(r.Raw), &got) != nil || json.Unmarshal(want, &w) != nil || !reflect.DeepEqual(got, w) {
		return false, fmt.Sprintf("%s is %s; want %s", path, oneLine(r.Raw), oneLine(string(want)))
	}
	return true, ""
}

// oneLine returns JSON text compacted, for a message.
func oneLine(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return strings.TrimSpace(s)
	}
	return api.Clip(b.String(), 64)
}
