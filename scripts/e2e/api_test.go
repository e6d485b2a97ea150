//go:build e2e

package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// defaultUsers are the users of the built-in default scenario (the seed's company).
var defaultUsers = []string{"Alice", "Bob", "Charles", "David", "Edward", "Fred"}

// userNames decodes an iam:ListUsers output into its user names.
func userNames(t *testing.T, out json.RawMessage) []string {
	t.Helper()
	var v struct {
		Users []struct {
			UserName string
			Arn      string
		}
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("iam:ListUsers output %s: %v", out, err)
	}
	var names []string
	for _, u := range v.Users {
		names = append(names, u.UserName)
	}
	return names
}

func expectUsers(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("users %v lack %s", got, w)
		}
	}
}

func TestAPIListUsers(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	out, code := p.call("iam:ListUsers", map[string]any{})
	if code != "" {
		t.Fatalf("iam:ListUsers as root: %s", code)
	}
	expectUsers(t, userNames(t, out), defaultUsers...)

	// Input may also be JSON text.
	r := p.settled(`cloudplay.call("iam:ListUsers", "{}")`)
	if !r.OK {
		t.Errorf("iam:ListUsers with input as text: %s %s", r.Code, r.Msg)
	}
	// The call is in the event log.
	if n := evalJS[int](p, `cloudplay.events().length`); n < 1 {
		t.Errorf("events() has %d entries after two calls", n)
	}
	p.shot("index")
}

func TestAPICreateExistingUser(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	r := p.settled(`cloudplay.call("iam:CreateUser", {UserName: "Alice"})`)
	if r.OK || r.Code != "EntityAlreadyExists" {
		t.Fatalf("iam:CreateUser Alice: ok=%v code=%q message=%q, want EntityAlreadyExists", r.OK, r.Code, r.Msg)
	}
	if !r.IsErr || r.Msg == "" {
		t.Errorf("the rejection is not an Error with a message: %+v", r)
	}
	// A new name works, and then exists.
	if _, code := p.call("iam:CreateUser", map[string]any{"UserName": "Zoe"}); code != "" {
		t.Fatalf("iam:CreateUser Zoe: %s", code)
	}
	out, _ := p.call("iam:ListUsers", map[string]any{})
	expectUsers(t, userNames(t, out), "Zoe")
}

func TestAPIAdvance(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	for _, expr := range []string{`cloudplay.advance(-1)`, `cloudplay.advance("soon")`, `cloudplay.advance(NaN)`, `cloudplay.advance()`} {
		r := p.settled(expr)
		if r.OK || r.Code != "ValidationError" || !r.IsErr {
			t.Errorf("%s: ok=%v code=%q, want a ValidationError Error", expr, r.OK, r.Code)
		}
	}
	r := p.settled(`cloudplay.advance(1.5)`)
	if !r.OK {
		t.Fatalf("advance(1.5): %s %s", r.Code, r.Msg)
	}
	var s string
	if err := json.Unmarshal(r.Output, &s); err != nil {
		t.Fatalf("advance resolved to %s, want an ISO time string", r.Output)
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !strings.HasSuffix(s, "Z") {
		t.Fatalf("advance resolved to %q: not RFC 3339 UTC: %v", s, err)
	}
	r = p.settled(`cloudplay.advance(0)`)
	var s2 string
	if !r.OK || json.Unmarshal(r.Output, &s2) != nil {
		t.Fatalf("advance(0): %+v", r)
	}
	if tm2, _ := time.Parse(time.RFC3339Nano, s2); !tm2.Equal(tm) {
		t.Errorf("advance(0) moved the clock: %s -> %s", s, s2)
	}
}

func TestAPIResetBadScenario(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	if _, code := p.call("iam:CreateUser", map[string]any{"UserName": "Yan"}); code != "" {
		t.Fatalf("iam:CreateUser Yan: %s", code)
	}
	before := evalJS[string](p, `JSON.stringify(cloudplay.scenario())`)

	bad := []string{
		// The second step fails: Zed exists already.
		`cloudplay.reset({format: "cloudplay-scenario/1", steps: [
			{op: "iam:CreateUser", input: {UserName: "Zed"}},
			{op: "iam:CreateUser", input: {UserName: "Zed"}}]})`,
		// Not JSON at all.
		`cloudplay.reset("{\"format\": \"cloudplay-scenario/1\", \"steps\": [")`,
	}
	for _, expr := range bad {
		r := p.settled(expr)
		if r.OK || r.Code != "InvalidScenario" || !r.IsErr {
			t.Errorf("%s: ok=%v code=%q message=%q, want InvalidScenario", abbrev(expr), r.OK, r.Code, r.Msg)
		}
	}
	if r := p.settled(bad[0]); !strings.Contains(r.Msg, "steps[1]") {
		t.Errorf("InvalidScenario message %q does not name steps[1]", r.Msg)
	}
	out, _ := p.call("iam:ListUsers", map[string]any{})
	names := userNames(t, out)
	expectUsers(t, names, "Yan")
	if slices.Contains(names, "Zed") {
		t.Errorf("a failed reset left Zed behind: %v", names)
	}
	if after := evalJS[string](p, `JSON.stringify(cloudplay.scenario())`); after != before {
		t.Errorf("a failed reset changed the account:\nbefore %s\nafter  %s", before, after)
	}

	// reset() without a scenario restores the default.
	if r := p.settled(`cloudplay.reset()`); !r.OK {
		t.Fatalf("reset(): %s %s", r.Code, r.Msg)
	}
	out, _ = p.call("iam:ListUsers", map[string]any{})
	names = userNames(t, out)
	expectUsers(t, names, defaultUsers...)
	if slices.Contains(names, "Yan") {
		t.Errorf("reset() kept Yan: %v", names)
	}

	// A scenario given as an object loads; its account replaces the old one.
	r := p.settled(`cloudplay.reset({format: "cloudplay-scenario/1", steps: [{op: "iam:CreateUser", input: {UserName: "Solo"}}]})`)
	if !r.OK {
		t.Fatalf("reset(one user): %s %s", r.Code, r.Msg)
	}
	out, _ = p.call("iam:ListUsers", map[string]any{})
	if names := userNames(t, out); !slices.Equal(names, []string{"Solo"}) {
		t.Errorf("after reset(one user), users are %v", names)
	}
}

// TestAPICallsBeforeReady holds back the WebAssembly download, makes calls
// while the playground is starting, and checks that they wait for ready.
func TestAPICallsBeforeReady(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	url := startServer(t, "127.0.0.1", func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".wasm") {
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	p := openURL(t, url+"/")
	evalJS[bool](p, `(() => {
		window.__readyState = "pending";
		cloudplay.ready.then(() => { window.__readyState = "ready"; });
		window.__early = cloudplay.call("iam:ListUsers", {});
		window.__earlyState = "pending";
		window.__early.then(() => { window.__earlyState = "resolved"; }, () => { window.__earlyState = "rejected"; });
		return true;
	})()`)
	if r := p.settled(`(async () => cloudplay.scenario())()`); r.OK || r.Code != "NotReady" {
		t.Errorf("scenario() before ready: ok=%v code=%q, want NotReady", r.OK, r.Code)
	}
	if r := p.settled(`(async () => cloudplay.events())()`); r.OK || r.Code != "NotReady" {
		t.Errorf("events() before ready: ok=%v code=%q, want NotReady", r.OK, r.Code)
	}
	time.Sleep(300 * time.Millisecond)
	if st := evalJS[string](p, `window.__readyState + "/" + window.__earlyState`); st != "pending/pending" {
		t.Fatalf("before the wasm arrived: ready/call = %s, want pending/pending", st)
	}
	if txt := p.text("#app"); !strings.Contains(txt, "Loading cloudplay") {
		t.Errorf("#app while loading says %q", txt)
	}
	close(release)
	released = true
	r := p.settled(`window.__early`)
	if !r.OK {
		t.Fatalf("the early call: %s %s", r.Code, r.Msg)
	}
	expectUsers(t, userNames(t, r.Output), defaultUsers...)
}

// TestAPIBootFailure serves no WebAssembly: ready must reject and the page
// must say so.
func TestAPIBootFailure(t *testing.T) {
	t.Parallel()
	url := startServer(t, "127.0.0.1", func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".wasm") {
				http.NotFound(w, r)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	p := openURL(t, url+"/")
	r := p.settled(`cloudplay.ready`)
	if r.OK || r.Code != "StartFailed" {
		t.Fatalf("ready without the wasm: ok=%v code=%q, want StartFailed", r.OK, r.Code)
	}
	if r := p.settled(`cloudplay.call("iam:ListUsers", {})`); r.OK || r.Code != "StartFailed" {
		t.Errorf("call after a failed start: ok=%v code=%q, want StartFailed", r.OK, r.Code)
	}
	p.waitText("#app", "could not start")
	p.shot("boot-failure")
}
