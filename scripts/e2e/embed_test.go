//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// openCourse opens the example course page on otherURL (localhost) with the
// playground embedded from siteURL (127.0.0.1): two origins, as a course site
// and the playground's site are. It waits until the page heard "ready".
func openCourse(t *testing.T) *page {
	t.Helper()
	p := openURL(t, otherURL+"/course-example.html?embed="+url.QueryEscape(siteURL+"/embed.html"))
	p.waitText("#status", "ready")
	return p
}

// bridgeReply is a postMessage answer of the embed, with its origin.
type bridgeReply struct {
	Origin string `json:"origin"`
	Data   struct {
		Cloudplay string          `json:"cloudplay"`
		ID        json.RawMessage `json:"id"`
		OK        bool            `json:"ok"`
		Output    json.RawMessage `json:"output"`
		Error     struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	} `json:"data"`
}

// post sends msg (a JavaScript object literal) from the course page to the
// embed's window and returns the first answer whose id matches, or times out
// after ms milliseconds (then the reply is nil).
func post(t *testing.T, p *page, msg string, id any, ms int) *bridgeReply {
	t.Helper()
	idJSON, _ := json.Marshal(id)
	var r *bridgeReply
	err := p.eval(fmt.Sprintf(`new Promise((resolve) => {
		const f = document.getElementById("playground");
		const id = %s;
		const onMessage = (e) => {
			if (e.source !== f.contentWindow || !e.data || e.data.cloudplay !== "result" || e.data.id !== id) return;
			removeEventListener("message", onMessage);
			resolve({origin: e.origin, data: e.data});
		};
		addEventListener("message", onMessage);
		f.contentWindow.postMessage(%s, new URL(f.src).origin);
		setTimeout(() => { removeEventListener("message", onMessage); resolve(null); }, %d);
	})`, idJSON, msg, ms), &r)
	if err != nil {
		t.Fatalf("posting %s: %v", abbrev(msg), err)
	}
	return r
}

// TestCourseExample drives the embed from the example course page on another
// origin, through its buttons.
func TestCourseExample(t *testing.T) {
	t.Parallel()
	p := openCourse(t)
	p.shot("ready")

	p.click("#list-users")
	txt := p.waitText("#result", "List users: ok")
	for _, u := range defaultUsers {
		if !strings.Contains(txt, u) {
			t.Errorf("List users shows no %s:\n%s", u, txt)
		}
	}
	p.click("#create-zoe")
	p.waitText("#result", "Create user Zoe: ok")
	txt = p.waitText("#result", `"UserName": "Zoe"`)
	if !strings.Contains(txt, "arn:aws:iam::123456789012:user/Zoe") {
		t.Errorf("Create user Zoe shows no ARN:\n%s", txt)
	}
	p.click("#create-zoe")
	p.waitText("#result", "Create user Zoe: EntityAlreadyExists")
	p.click("#advance")
	p.waitText("#result", "Advance 60 s: ok")
	p.waitText("#result", `"time"`)
	p.click("#reset")
	p.waitText("#result", "Reset: ok")
	p.click("#list-users")
	txt = p.waitText("#result", "List users: ok")
	if strings.Contains(txt, "Zoe") {
		t.Errorf("after Reset, Zoe is still listed:\n%s", txt)
	}
	// The live feed: subscribed, a call shows up in it; unsubscribed, no more.
	p.click("#watch")
	p.waitText("#result", "Subscribe: ok")
	p.click("#list-users")
	p.waitText("#feed", "iam:ListUsers ok")
	p.click("#watch")
	p.waitText("#result", "Unsubscribe: ok")
	p.shot("after")
	if log := p.text("#log"); !strings.Contains(log, "ready") {
		t.Errorf("the message log does not show ready: %q", log)
	}
}

// TestBridgeProtocol speaks the postMessage protocol directly from the
// course page (another origin) to the embed.
func TestBridgeProtocol(t *testing.T) {
	t.Parallel()
	p := openCourse(t)

	r := post(t, p, `{cloudplay: "call", id: 7, op: "iam:ListUsers", input: {}}`, 7, 10000)
	if r == nil || !r.Data.OK {
		t.Fatalf("call iam:ListUsers: %+v", r)
	}
	if r.Origin != siteURL {
		t.Errorf("the answer came from %q, want %q", r.Origin, siteURL)
	}
	expectUsers(t, userNames(t, r.Data.Output), defaultUsers...)

	r = post(t, p, `{cloudplay: "call", id: "c2", op: "iam:CreateUser", input: {UserName: "Bob"}}`, "c2", 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "EntityAlreadyExists" {
		t.Errorf("call iam:CreateUser Bob: %+v, want EntityAlreadyExists", r)
	}

	r = post(t, p, `{cloudplay: "frobnicate", id: 8}`, 8, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" || r.Data.Cloudplay != "result" {
		t.Errorf("unknown verb: %+v, want InvalidMessage", r)
	}
	r = post(t, p, `{cloudplay: "call", id: 9, input: {}}`, 9, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" {
		t.Errorf("call without op: %+v, want InvalidMessage", r)
	}

	r = post(t, p, `{cloudplay: "advance", id: 10, seconds: -1}`, 10, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "ValidationError" {
		t.Errorf("advance -1: %+v, want ValidationError", r)
	}
	r = post(t, p, `{cloudplay: "advance", id: 11, seconds: 5}`, 11, 10000)
	var adv struct{ Time string }
	if r == nil || !r.Data.OK || json.Unmarshal(r.Data.Output, &adv) != nil || adv.Time == "" {
		t.Errorf("advance 5: %+v, want output {time}", r)
	}

	r = post(t, p, `{cloudplay: "scenario", id: 12}`, 12, 10000)
	var sc struct{ Format string }
	if r == nil || !r.Data.OK || json.Unmarshal(r.Data.Output, &sc) != nil || sc.Format != "cloudplay-scenario/1" {
		t.Errorf("scenario: %+v, want a cloudplay-scenario/1", r)
	}
	r = post(t, p, `{cloudplay: "events", id: 13}`, 13, 10000)
	var evs []json.RawMessage
	if r == nil || !r.Data.OK || json.Unmarshal(r.Data.Output, &evs) != nil || len(evs) == 0 {
		t.Errorf("events: %+v, want a non-empty array", r)
	}

	r = post(t, p, `{cloudplay: "reset", id: 14, scenario: {format: "cloudplay-scenario/1", steps: [{op: "iam:CreateUser", input: {UserName: "X"}}, {op: "iam:CreateUser", input: {UserName: "X"}}]}}`, 14, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidScenario" {
		t.Errorf("reset with a bad scenario: %+v, want InvalidScenario", r)
	}
	r = post(t, p, `{cloudplay: "reset", id: 15}`, 15, 10000)
	if r == nil || !r.Data.OK || string(r.Data.Output) != "{}" {
		t.Errorf("reset: %+v, want output {}", r)
	}

	// Messages without a cloudplay member are ignored: no answer at all.
	if r := post(t, p, `{id: 16, op: "iam:ListUsers"}`, 16, 700); r != nil {
		t.Errorf("a message without cloudplay was answered: %+v", r)
	}

	// A ping is answered with ready.
	var ready string
	if err := p.eval(`new Promise((resolve) => {
		const f = document.getElementById("playground");
		const onMessage = (e) => {
			if (e.source === f.contentWindow && e.data && e.data.cloudplay === "ready") {
				removeEventListener("message", onMessage);
				resolve(e.origin);
			}
		};
		addEventListener("message", onMessage);
		f.contentWindow.postMessage({cloudplay: "ping"}, new URL(f.src).origin);
		setTimeout(() => resolve(""), 5000);
	})`, &ready); err != nil || ready != siteURL {
		t.Errorf("ping: ready from %q (%v), want from %q", ready, err, siteURL)
	}
}

// bridgeAnswer is one answer collected by postAll.
type bridgeAnswer struct {
	Cloudplay string          `json:"cloudplay"`
	ID        json.RawMessage `json:"id"`
	OK        bool            `json:"ok"`
	Code      string          `json:"code"`
	Message   string          `json:"message"`
}

// postAll evaluates msgs (a JavaScript expression giving an array of
// messages) in the course page, posts them all at once to the embed, and
// collects the embed's answers (result) until want arrived or
// ms milliseconds passed.
func postAll(t *testing.T, p *page, msgs string, want, ms int) []bridgeAnswer {
	t.Helper()
	var got []bridgeAnswer
	err := p.eval(fmt.Sprintf(`new Promise((resolve) => {
		const f = document.getElementById("playground");
		const got = [];
		const done = () => { removeEventListener("message", onMessage); resolve(got); };
		const onMessage = (e) => {
			if (e.source !== f.contentWindow || !e.data || e.data.cloudplay !== "result") return;
			const d = e.data;
			got.push({cloudplay: d.cloudplay, id: d.id === undefined ? null : d.id, ok: !!d.ok,
				code: d.error ? d.error.code : "", message: d.error ? d.error.message : ""});
			if (got.length === %d) done();
		};
		addEventListener("message", onMessage);
		for (const m of (%s)) f.contentWindow.postMessage(m, new URL(f.src).origin);
		setTimeout(done, %d);
	})`, want, msgs, ms), &got)
	if err != nil {
		t.Fatalf("posting %s: %v", abbrev(msgs), err)
	}
	return got
}

// TestBridgeRefusesBadMessages: unknown members are named, a message larger
// than 2 MiB is refused, and messages that cannot be serialised or carry
// wrong types are answered InvalidMessage; the embed answers afterwards.
func TestBridgeRefusesBadMessages(t *testing.T) {
	t.Parallel()
	p := openCourse(t)

	r := post(t, p, `{cloudplay: "call", id: 20, op: "iam:ListUsers", input: {}, calller: "arn:aws:iam::123456789012:root"}`, 20, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" || !strings.Contains(r.Data.Error.Message, `"calller"`) {
		t.Errorf("an unknown member: %+v, want InvalidMessage naming calller", r)
	}
	r = post(t, p, `{cloudplay: "call", id: 21, op: "iam:CreateUser", input: {UserName: "x".repeat(3000000)}}`, 21, 30000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" || !strings.Contains(r.Data.Error.Message, "larger than") {
		t.Errorf("a 3 MB message: %+v, want InvalidMessage", r)
	}
	if r != nil && len(r.Data.Error.Message) > 300 {
		t.Errorf("the answer to a 3 MB message has a message of %d bytes", len(r.Data.Error.Message))
	}

	hostile := []struct {
		msg  string
		id   int
		want string // substring of the InvalidMessage message
	}{
		{`{cloudplay: "call", id: 22, op: "iam:ListUsers", input: {n: 10n}}`, 22, "cannot be written as JSON"},
		{`(() => { const m = {cloudplay: "call", id: 23, op: "iam:ListUsers", input: {}}; m.input.self = m; return m; })()`, 23, "cannot be written as JSON"},
		{`{cloudplay: "call", id: 24, op: 7}`, 24, `"op" must be a non-empty string`},
		{`{cloudplay: "advance", id: 25, seconds: "5"}`, 25, `"seconds" must be a number`},
		{`{cloudplay: "x".repeat(100000), id: 26}`, 26, "unknown verb"},
		{`{cloudplay: "call", id: 27, op: "iam:ListUsers", ["k".repeat(100000)]: 1}`, 27, "has no member"},
		{`{cloudplay: "reset", id: 28, scenario: 5}`, 28, `"scenario" must be an object or JSON text`},
		{`{cloudplay: "ping", id: 29, extra: true}`, 29, `no member "extra"`},
		{`{cloudplay: "call", id: 30, op: "iam:ListUsers", input: JSON.parse("[".repeat(1000) + "]".repeat(1000))}`, 30, `"input" must be an object or JSON text`},
	}
	for _, h := range hostile {
		r := post(t, p, h.msg, h.id, 30000)
		if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" || !strings.Contains(r.Data.Error.Message, h.want) {
			t.Errorf("%s: %+v, want InvalidMessage with %q", abbrev(h.msg), r, h.want)
			continue
		}
		if n := len([]rune(r.Data.Error.Message)); n > 300 {
			t.Errorf("%s: a message of %d characters", abbrev(h.msg), n)
		}
	}

	// Ids that are not numbers or strings, or too long, are refused, and
	// the answer carries no id.
	got := postAll(t, p, `[{cloudplay: "events", id: {}}, {cloudplay: "events", id: "i".repeat(257)}, {cloudplay: "events", id: [1]}]`, 3, 15000)
	if len(got) != 3 {
		t.Fatalf("messages with bad ids: %d answers, want 3: %+v", len(got), got)
	}
	for _, a := range got {
		if a.OK || a.Code != "InvalidMessage" || string(a.ID) != "null" {
			t.Errorf("a bad id: %+v, want InvalidMessage without an id", a)
		}
	}

	// Still answering, from the embed's origin.
	r = post(t, p, `{cloudplay: "call", id: 40, op: "iam:ListUsers", input: {}, trace: false}`, 40, 10000)
	if r == nil || !r.Data.OK || r.Origin != siteURL {
		t.Fatalf("iam:ListUsers after hostile messages: %+v", r)
	}
	expectUsers(t, userNames(t, r.Data.Output), defaultUsers...)

	// trace: false reaches the simulator.
	r = post(t, p, `{cloudplay: "call", id: 41, op: "iam:SimulateCustomPolicy", trace: false, input: {PolicyInputList:
		[JSON.stringify({Version: "2012-10-17", Statement: [{Effect: "Allow", Action: "s3:*", Resource: "*"}]})], ActionNames: ["s3:GetObject"]}}`, 41, 10000)
	if r == nil || !r.Data.OK || !strings.Contains(string(r.Data.Output), `"allowed"`) || strings.Contains(string(r.Data.Output), `"Trace"`) {
		t.Errorf("a simulation with trace: false: %+v, want results without Trace", r)
	}
}

// TestBridgeBurst posts 1,000 messages at once, every tenth invalid: all
// are answered, in order.
func TestBridgeBurst(t *testing.T) {
	t.Parallel()
	p := openCourse(t)
	const n = 1000
	got := postAll(t, p, fmt.Sprintf(`Array.from({length: %d}, (_, i) => i %% 10 === 9
		? {cloudplay: "call", id: i, op: "iam:GetUser", input: {UserName: "Alice"}, bogus: i}
		: {cloudplay: "call", id: i, op: "iam:GetUser", input: {UserName: "Alice"}})`, n), n, 120000)
	if len(got) != n {
		t.Fatalf("%d answers to %d messages", len(got), n)
	}
	for i, a := range got {
		if string(a.ID) != fmt.Sprint(i) {
			t.Fatalf("answer %d has id %s: answers out of order", i, a.ID)
		}
		if wantOK := i%10 != 9; a.OK != wantOK || (!wantOK && a.Code != "InvalidMessage") {
			t.Errorf("answer %d: %+v", i, a)
		}
	}
}
