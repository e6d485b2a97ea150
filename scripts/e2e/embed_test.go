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
