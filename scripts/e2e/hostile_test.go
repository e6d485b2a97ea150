//go:build e2e

package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// hostileSetup defines, in the page, arguments a careless or hostile script
// could pass: Proxies whose every trap throws, a revoked Proxy, a cyclic
// object, getters that throw (also a thrown value whose message and
// toString throw), and huge strings.
const hostileSetup = `(() => {
	const thrower = () => { throw new Error("trap"); };
	const traps = {};
	for (const t of ["get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "setPrototypeOf",
		"defineProperty", "deleteProperty", "apply", "construct", "isExtensible", "preventExtensions"]) traps[t] = thrower;
	const revocable = Proxy.revocable({}, {});
	revocable.revoke();
	const cyclic = {UserName: "Zoe"};
	cyclic.self = cyclic;
	const nasty = {get message() { throw 1; }, toString() { throw 2; }, get code() { throw 3; }};
	window.__h = {
		proxy: new Proxy({}, traps),
		fnProxy: new Proxy(function () {}, traps),
		revoked: revocable.proxy,
		cyclic,
		throwingGetter: {get UserName() { throw new Error("getter"); }},
		nastyGetter: {get caller() { throw nasty; }},
		huge: "x".repeat(10_000_000),
		tooBig: "x".repeat(32 * 1024 * 1024 + 1),
	};
	return true;
})()`

// maxMessageRunes bounds the message of any error the JS API gives
// (wasm/host.go's maxMessage, and "…").
const maxMessageRunes = 1025

// settleSync evaluates a JavaScript expression that should return a
// Promise, and reports a synchronous throw, a value that is not a Promise,
// or how the Promise settled.
func (p *page) settleSync(expr string) (callResult, string) {
	p.t.Helper()
	var r struct {
		callResult
		Threw      bool   `json:"threw"`
		NotPromise bool   `json:"notPromise"`
		ThrewText  string `json:"threwText"`
	}
	err := p.eval(`(() => {
		let pr;
		try { pr = (`+expr+`); } catch (e) {
			let text = "?";
			try { text = String(e && e.message); } catch (_) {}
			return {threw: true, threwText: text};
		}
		if (!(pr instanceof Promise)) return {notPromise: true};
		return (`+settle+`)(pr);
	})()`, &r)
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", abbrev(expr), err)
	}
	switch {
	case r.Threw:
		return r.callResult, "threw synchronously: " + r.ThrewText
	case r.NotPromise:
		return r.callResult, "did not return a Promise"
	}
	return r.callResult, ""
}

// TestAPIHostileArguments: whatever the arguments, call, advance and
// reset return a Promise that rejects with an Error with a code and a
// short message, and the page goes on working with the account unchanged.
func TestAPIHostileArguments(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	evalJS[bool](p, hostileSetup)
	before := evalJS[string](p, `JSON.stringify(cloudplay.scenario())`)

	tests := []struct {
		expr, code, inMsg string
	}{
		// op
		{`cloudplay.call({toString() { throw new Error("boom"); }}, {})`, "ValidationError", "op must be a string"},
		{`cloudplay.call(Symbol("op"), {})`, "ValidationError", "a symbol"},
		{`cloudplay.call(10n, {})`, "ValidationError", "a BigInt"},
		{`cloudplay.call(__h.proxy, {})`, "ValidationError", "op must be a string"},
		{`cloudplay.call(__h.fnProxy, {})`, "ValidationError", "a function"},
		{`cloudplay.call(__h.revoked, {})`, "ValidationError", "op must be a string"},
		{`cloudplay.call()`, "ValidationError", "not nothing"},
		{`cloudplay.call(null)`, "ValidationError", "not null"},
		{`cloudplay.call(__h.huge, {})`, "UnknownOperationException", ""},
		{`cloudplay.call("iam:" + __h.huge, {})`, "UnknownOperationException", ""},
		// input
		{`cloudplay.call("iam:CreateUser", __h.cyclic)`, "SerializationException", "cannot be written as JSON"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe", n: 10n})`, "SerializationException", "cannot be written as JSON"},
		{`cloudplay.call("iam:CreateUser", 10n)`, "SerializationException", ""},
		{`cloudplay.call("iam:CreateUser", Symbol("input"))`, "SerializationException", "not a symbol"},
		{`cloudplay.call("iam:CreateUser", () => ({UserName: "Zoe"}))`, "SerializationException", "not a function"},
		{`cloudplay.call("iam:CreateUser", __h.proxy)`, "SerializationException", "trap"},
		{`cloudplay.call("iam:CreateUser", __h.revoked)`, "SerializationException", ""},
		{`cloudplay.call("iam:CreateUser", __h.throwingGetter)`, "SerializationException", "getter"},
		{`cloudplay.call("iam:CreateUser", "not JSON " + "x".repeat(100000))`, "SerializationException", ""},
		{`cloudplay.call("iam:CreateUser", __h.huge)`, "ValidationError", "at most"},
		{`cloudplay.call("iam:CreateUser", __h.tooBig)`, "RequestEntityTooLargeException", "at most 33554432"},
		{`cloudplay.call("iam:CreateUser", 42)`, "SerializationException", ""},
		// opts
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {get caller() { throw new Error("no caller"); }})`, "ValidationError", "no caller"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, __h.nastyGetter)`, "ValidationError", ""},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, __h.proxy)`, "ValidationError", ""},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, __h.revoked)`, "ValidationError", ""},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {caler: "x"})`, "ValidationError", `"caler"`},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {trace: "no"})`, "ValidationError", "opts.trace"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {trace: Symbol()})`, "ValidationError", `"trace"`},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {caller: 10n})`, "ValidationError", `"caller"`},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {caller: 5})`, "ValidationError", "opts.caller"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {caller: __h.huge})`, "ValidationError", "opts.caller"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {context: []})`, "ValidationError", "opts.context"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {context: __h.cyclic})`, "ValidationError", ""},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, {[__h.huge]: 1})`, "ValidationError", "unknown member"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, "opts")`, "ValidationError", "opts must be an object"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, 5)`, "ValidationError", "opts must be an object"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, [1])`, "ValidationError", "opts must be an object"},
		{`cloudplay.call("iam:CreateUser", {UserName: "Zoe"}, () => 1)`, "ValidationError", ""},
		// advance
		{`cloudplay.advance(10n)`, "ValidationError", "a BigInt"},
		{`cloudplay.advance(Symbol())`, "ValidationError", "a symbol"},
		{`cloudplay.advance(__h.proxy)`, "ValidationError", ""},
		{`cloudplay.advance({valueOf() { throw new Error("valueOf"); }})`, "ValidationError", ""},
		{`cloudplay.advance(__h.huge)`, "ValidationError", ""},
		{`cloudplay.advance(Infinity)`, "ValidationError", ""},
		{`cloudplay.advance(1e300)`, "ValidationError", ""},
		// reset
		{`cloudplay.reset(__h.cyclic)`, "InvalidScenario", "cannot be written as JSON"},
		{`cloudplay.reset(10n)`, "InvalidScenario", ""},
		{`cloudplay.reset(__h.proxy)`, "InvalidScenario", ""},
		{`cloudplay.reset(__h.revoked)`, "InvalidScenario", ""},
		{`cloudplay.reset(Symbol())`, "InvalidScenario", "not a symbol"},
		{`cloudplay.reset(() => 1)`, "InvalidScenario", "not a function"},
		{`cloudplay.reset(__h.huge)`, "InvalidScenario", ""},
		{`cloudplay.reset(__h.tooBig)`, "InvalidScenario", "at most 33554432"},
		{`cloudplay.reset({format: "cloudplay-scenario/1", steps: [{op: "iam:" + "x".repeat(100000)}]})`, "InvalidScenario", "steps[0]"},
	}
	for _, tt := range tests {
		r, wrong := p.settleSync(tt.expr)
		switch {
		case wrong != "":
			t.Errorf("%s %s", abbrev(tt.expr), wrong)
		case r.OK:
			t.Errorf("%s resolved: %s", abbrev(tt.expr), abbrev(string(r.Output)))
		case !r.IsErr || r.Code != tt.code || r.Msg == "" || !strings.Contains(r.Msg, tt.inMsg):
			t.Errorf("%s rejected with isError=%v code=%q message=%q, want an Error %s with %q", abbrev(tt.expr), r.IsErr, r.Code, abbrev(r.Msg), tt.code, tt.inMsg)
		case len([]rune(r.Msg)) > maxMessageRunes:
			t.Errorf("%s: a message of %d characters: %s", abbrev(tt.expr), len([]rune(r.Msg)), abbrev(r.Msg))
		}
	}

	out, code := p.call("iam:ListUsers", map[string]any{})
	if code != "" {
		t.Fatalf("iam:ListUsers after the hostile calls: %s", code)
	}
	expectUsers(t, userNames(t, out), defaultUsers...)
	if after := evalJS[string](p, `JSON.stringify(cloudplay.scenario())`); after != before {
		t.Errorf("refused calls changed the account:\nbefore %s\nafter  %s", abbrev(before), abbrev(after))
	}
	p.expectCleanConsole()
}

// TestAPIAnsweredInOrder: Promises settle in the order the calls were made,
// whether a call waits for the IAM catalog, is refused at once, or runs.
func TestAPIAnsweredInOrder(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	got := evalJS[[]int](p, `(async () => {
		const order = [];
		const ps = [
			cloudplay.call("access-analyzer:ValidatePolicy", {PolicyDocument: "{\"Version\":\"2012-10-17\",\"Statement\":[]}", PolicyType: "IDENTITY_POLICY"}),
			cloudplay.call(Symbol()),
			cloudplay.call("iam:CreateUser", {UserName: "Ord1"}),
			cloudplay.advance(-1),
			cloudplay.advance(1),
			cloudplay.call("iam:ListUsers", {}, {bad: 1}),
			cloudplay.reset(10n),
			cloudplay.call("iam:GetUser", {UserName: "Ord1"}),
			cloudplay.call("iam:DeleteUser", {UserName: "Ord1"}),
			cloudplay.call("iam:GetUser", {UserName: "Ord1"}),
		];
		ps.forEach((pr, i) => pr.then(() => order.push(i), () => order.push(i)));
		await Promise.allSettled(ps);
		const tail = await Promise.allSettled(ps.slice(-3));
		order.push(tail.map((s) => s.status === "fulfilled" ? 1 : 0).join("") === "110" ? 1 : 0);
		return order;
	})()`)
	want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1}
	if !slices.Equal(got, want) {
		t.Errorf("settle order %v, want %v (the last 1: GetUser, DeleteUser, GetUser ran in order)", got, want)
	}
}

// TestAPIPanicIsAnswered makes host functions panic (the page's
// __cloudplayFault names the next one to fail): each failure is an
// InternalFailure, and the playground goes on answering.
func TestAPIPanicIsAnswered(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	for _, tt := range []struct{ fn, expr string }{
		{"call", `cloudplay.call("iam:CreateUser", {UserName: "Pan"})`},
		{"advance", `cloudplay.advance(1)`},
		{"reset", `cloudplay.reset()`},
		{"events", `(async () => cloudplay.events())()`},
		{"scenario", `(async () => cloudplay.scenario())()`},
	} {
		evalJS[bool](p, fmt.Sprintf(`(window.__cloudplayFault = %q, true)`, tt.fn))
		r := p.settled(tt.expr)
		if r.OK || r.Code != "InternalFailure" || !r.IsErr || !strings.Contains(r.Msg, tt.fn) {
			t.Errorf("a panic in %s: ok=%v code=%q message=%q, want InternalFailure", tt.fn, r.OK, r.Code, r.Msg)
		}
		out, code := p.call("iam:ListUsers", map[string]any{})
		if code != "" {
			t.Fatalf("iam:ListUsers after a panic in %s: %s", tt.fn, code)
		}
		expectUsers(t, userNames(t, out), defaultUsers...)
	}
	if r := p.settled(`cloudplay.advance(2)`); !r.OK {
		t.Errorf("advance after the panics: %s %s", r.Code, r.Msg)
	}
}

// TestAPIOptsTrace: opts.trace is an option of call (CONTRACT.md, "Sizes
// and options"); a wrong type is refused naming it.
func TestAPIOptsTrace(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	for _, expr := range []string{
		`cloudplay.call("iam:ListUsers", {}, {trace: false})`,
		`cloudplay.call("iam:ListUsers", {}, {trace: true, caller: "arn:aws:iam::123456789012:root", context: {"aws:SourceIp": "198.51.100.7"}})`,
		`cloudplay.call("iam:ListUsers", {}, {caller: undefined})`,
		`cloudplay.call("iam:ListUsers", {}, null)`,
	} {
		if r := p.settled(expr); !r.OK {
			t.Errorf("%s: %s %s", expr, r.Code, r.Msg)
		}
	}
	const sim = `cloudplay.call("iam:SimulateCustomPolicy", {PolicyInputList: [JSON.stringify({Version: "2012-10-17",
		Statement: [{Effect: "Allow", Action: "s3:*", Resource: "*"}]})], ActionNames: ["s3:GetObject", "s3:PutObject"]}%s)`
	for _, tt := range []struct {
		opts      string
		wantTrace bool
	}{{"", true}, {", {trace: true}", true}, {", {trace: false}", false}} {
		r := p.settled(fmt.Sprintf(sim, tt.opts))
		if !r.OK || !strings.Contains(string(r.Output), `"allowed"`) {
			t.Fatalf("iam:SimulateCustomPolicy%s: %s %s %s", tt.opts, r.Code, r.Msg, abbrev(string(r.Output)))
		}
		if got := strings.Contains(string(r.Output), `"Trace"`); got != tt.wantTrace {
			t.Errorf("iam:SimulateCustomPolicy%s: Trace in the output is %v, want %v", tt.opts, got, tt.wantTrace)
		}
	}
}
