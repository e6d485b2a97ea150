//go:build e2e

package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// feedEvent is an event a subscriber got.
type feedEvent struct {
	Kind    string          `json:"kind"`
	Seq     int             `json:"seq"`
	Op      string          `json:"op"`
	Type    string          `json:"type"`
	Service string          `json:"service"`
	Time    string          `json:"time"`
	Input   json.RawMessage `json:"input"`
}

func describeEvents(evs []feedEvent) string {
	var s []string
	for _, e := range evs {
		s = append(s, e.Kind+":"+e.Op+e.Type)
	}
	return strings.Join(s, " ")
}

// TestSubscribeJS: cloudplay.subscribe, called before ready, gets every
// call (a script's and the learner's in the page) and the step events of
// an advance; unsubscribing stops it; a subscriber that throws breaks
// neither the page nor the other subscribers.
func TestSubscribeJS(t *testing.T) {
	t.Parallel()
	early := `document.addEventListener("DOMContentLoaded", () => {
		window.__early = [];
		window.__readyAtSubscribe = null;
		let ready = false;
		cloudplay.ready.then(() => { ready = true; });
		cloudplay.subscribe((e) => { if (__readyAtSubscribe === null) __readyAtSubscribe = ready; __early.push(e); });
		window.__subscribedEarly = !ready;
	});`
	p := openTab(t, browserCtx, siteURL+"/embed.html?panel=account", tabOptions{isolated: true, scripts: []string{early}})
	p.waitReady()

	var r struct {
		Got          []feedEvent `json:"got"`
		AfterCall    int         `json:"afterCall"`
		AfterAdvance int         `json:"afterAdvance"`
		After        int         `json:"after"`
		Thrown       int         `json:"thrown"`
		BadCode      string      `json:"badCode"`
	}
	if err := p.eval(`(async () => {
		const got = [];
		let thrown = 0;
		cloudplay.subscribe(() => { thrown++; throw new Error("a subscriber that throws"); });
		const unsub = cloudplay.subscribe((e) => got.push(e));
		let badCode = "";
		try { cloudplay.subscribe("not a function"); } catch (e) { badCode = e.code; }
		await cloudplay.call("iam:CreateUser", {UserName: "Zoe"});
		const afterCall = got.length;
		await cloudplay.call("kinesis:CreateStream", {StreamName: "gps", ShardCount: 1});
		await cloudplay.advance(60);
		const afterAdvance = got.length;
		unsub();
		unsub();
		await cloudplay.call("iam:ListUsers", {});
		await new Promise((r) => setTimeout(r, 50));
		return {got, afterCall, afterAdvance, after: got.length, thrown, badCode};
	})()`, &r); err != nil {
		t.Fatal(err)
	}
	if r.BadCode != "ValidationError" {
		t.Errorf("subscribe with a string threw %q, want ValidationError", r.BadCode)
	}
	if r.AfterCall != 1 || r.Got[0].Kind != "call" || r.Got[0].Op != "iam:CreateUser" || r.Got[0].Seq == 0 || !strings.Contains(string(r.Got[0].Input), "Zoe") {
		t.Fatalf("after one call the subscriber had %s, want the call's event", describeEvents(r.Got[:r.AfterCall]))
	}
	if got := describeEvents(r.Got[1:r.AfterAdvance]); got != "call:kinesis:CreateStream step:StreamActive" {
		t.Errorf("the stream's creation and an advance delivered %q", got)
	}
	if step := r.Got[r.AfterAdvance-1]; step.Service != "kinesis" || step.Time == "" {
		t.Errorf("the step event: %+v", step)
	}
	if r.After != r.AfterAdvance {
		t.Errorf("after unsubscribing, the subscriber got %s", describeEvents(r.Got[r.AfterAdvance:]))
	}
	if r.Thrown < 4 {
		t.Errorf("the throwing subscriber was called %d times, want once per event (4)", r.Thrown)
	}

	// The learner's own call in the page reaches the subscriber too, and
	// the page still works after a subscriber threw.
	p.run(chromedp.SendKeys(chromedp.CSS("#new-user"), "Lee"))
	p.click("#form-create-user button")
	p.waitText("#app", "Lee")
	var early2 struct {
		Early            []feedEvent `json:"early"`
		SubscribedEarly  bool        `json:"subscribedEarly"`
		ReadyAtSubscribe bool        `json:"readyAtSubscribe"`
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		early2 = evalJS[struct {
			Early            []feedEvent `json:"early"`
			SubscribedEarly  bool        `json:"subscribedEarly"`
			ReadyAtSubscribe bool        `json:"readyAtSubscribe"`
		}](p, `({early: window.__early, subscribedEarly: window.__subscribedEarly, readyAtSubscribe: window.__readyAtSubscribe})`)
		if strings.HasSuffix(describeEvents(early2.Early), "call:iam:CreateUser") || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !early2.SubscribedEarly {
		t.Error("the early subscriber did not subscribe before ready")
	}
	want := "call:iam:CreateUser call:kinesis:CreateStream step:StreamActive call:iam:ListUsers call:iam:CreateUser"
	if got := describeEvents(early2.Early); got != want {
		t.Errorf("the subscriber from before ready got\n%s\nwant\n%s", got, want)
	}
	if n := len(early2.Early); n == 5 && !strings.Contains(string(early2.Early[4].Input), "Lee") {
		t.Errorf("the learner's call: %+v", early2.Early[4])
	}

	// Time played by the page's clock (not cloudplay.advance) reaches the
	// subscriber too: the stream created now becomes ACTIVE a second later.
	if _, code := p.call("kinesis:CreateStream", map[string]any{"StreamName": "played", "ShardCount": 1}); code != "" {
		t.Fatalf("CreateStream: %s", code)
	}
	p.click("#clock-play")
	p.run(chromedp.Poll[chromedp.Void](`window.__early.some((e) => e.kind === "step" && e.type === "StreamActive" && e.stream === "played")`,
		chromedp.WithPollingTimeout(20*time.Second)))
	p.click("#clock-play")

	for _, m := range p.console() {
		if m.IsException() {
			t.Errorf("an exception reached the page: %s", m.Text)
		}
	}
}

// frameWorld is an isolated world of a frame of a page (same process): its
// scripts share the frame's DOM and window, as an extension's do.
type frameWorld struct {
	p   *page
	ctx runtime.ExecutionContextID
}

// frameOf returns an isolated world of the frame of p whose URL starts with
// prefix.
func frameOf(t *testing.T, p *page, prefix string) *frameWorld {
	t.Helper()
	tree, err := chromedp.Call(p.ctx, cdppage.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	var find func(ft *cdppage.FrameTree) *cdp.Frame
	find = func(ft *cdppage.FrameTree) *cdp.Frame {
		if strings.HasPrefix(ft.Frame.URL, prefix) {
			return ft.Frame
		}
		for _, c := range ft.ChildFrames {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	f := find(tree.FrameTree)
	if f == nil {
		t.Fatalf("no frame at %s", prefix)
	}
	w, err := chromedp.Call(p.ctx, cdppage.CreateIsolatedWorld, cdppage.CreateIsolatedWorldParams{FrameID: f.ID, WorldName: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	return &frameWorld{p: p, ctx: w.ExecutionContextID}
}

// eval evaluates expr in the world, awaiting a Promise, into v (may be nil).
func (w *frameWorld) eval(t *testing.T, expr string, v any) {
	t.Helper()
	yes := true
	res, err := chromedp.Call(w.p.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, ContextID: w.ctx, AwaitPromise: &yes, ReturnByValue: &yes})
	if err != nil {
		t.Fatalf("evaluating %s in a frame: %v", abbrev(expr), err)
	}
	if res.ExceptionDetails != nil {
		t.Fatalf("evaluating %s in a frame: %s %v", abbrev(expr), res.ExceptionDetails.Text, res.ExceptionDetails.Exception)
	}
	if v != nil && res.Result != nil && len(res.Result.Value) > 0 {
		if err := json.Unmarshal([]byte(res.Result.Value), v); err != nil {
			t.Fatal(err)
		}
	}
}

// bridgeNote is an event or changed message the course page got.
type bridgeNote struct {
	Origin string `json:"origin"`
	Data   struct {
		Cloudplay string    `json:"cloudplay"`
		Event     feedEvent `json:"event"`
	} `json:"data"`
}

// TestBridgeSubscribe: a course page that subscribes (a thousand times:
// still one subscription) gets each event once, from the embed's origin,
// and "changed" after the learner's own change in the panel, not after its
// own call; another origin that talks to the embed without subscribing
// gets its answers and nothing else; unsubscribing stops the events.
func TestBridgeSubscribe(t *testing.T) {
	t.Parallel()
	// Three origins of one site (127.0.0.1, three ports), so the frames
	// share a process and the test can act inside them.
	course := startServer(t, "127.0.0.1", nil)
	spy := startServer(t, "127.0.0.1", nil)
	p := openURL(t, course+"/course-example.html?embed="+url.QueryEscape(siteURL+"/embed.html"))
	p.waitText("#status", "ready")
	if err := p.eval(`window.__notes = [];
		addEventListener("message", (e) => {
			const f = document.getElementById("playground");
			if (e.source === f.contentWindow && e.data && (e.data.cloudplay === "event" || e.data.cloudplay === "changed")) {
				__notes.push({origin: e.origin, data: e.data});
			}
		});
		new Promise((resolve) => {
			const s = document.createElement("iframe");
			s.src = `+jsString(spy+"/embed.html?panel=log")+`;
			s.addEventListener("load", () => resolve(true));
			document.body.appendChild(s);
		})`, nil); err != nil {
		t.Fatal(err)
	}
	spyWorld := frameOf(t, p, spy)
	spyWorld.eval(t, `window.__spy = [];
		addEventListener("message", (e) => { if (e.data && e.data.cloudplay) __spy.push(e.data.cloudplay + ":" + e.origin); });
		true`, nil)

	got := postAll(t, p, `Array.from({length: 1000}, (_, i) => ({cloudplay: "subscribe", id: i}))`, 1000, 60000)
	if len(got) != 1000 {
		t.Fatalf("%d answers to 1000 subscribes", len(got))
	}
	for _, a := range got {
		if !a.OK {
			t.Fatalf("subscribe answered %+v", a)
		}
	}
	if r := post(t, p, `{cloudplay: "call", id: "zoe", op: "iam:CreateUser", input: {UserName: "Zoe"}}`, "zoe", 10000); r == nil || !r.Data.OK {
		t.Fatalf("CreateUser Zoe: %+v", r)
	}
	// The other origin calls too, without subscribing.
	spyWorld.eval(t, `parent.frames[0].postMessage({cloudplay: "call", id: "spy", op: "iam:GetUser", input: {UserName: "Zoe"}}, `+jsString(siteURL)+`); true`, nil)
	// The learner creates a user in the embedded panel.
	embed := frameOf(t, p, siteURL)
	embed.eval(t, `document.getElementById("new-user").value = "Lee";
		document.getElementById("form-create-user").requestSubmit(); true`, nil)

	var notes []bridgeNote
	want := "event:call:iam:CreateUser event:call:iam:GetUser event:call:iam:CreateUser changed:"
	deadline := time.Now().Add(30 * time.Second)
	for {
		notes = evalJS[[]bridgeNote](p, `__notes`)
		if describeNotes(notes) == want || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(600 * time.Millisecond) // anything more (a second copy, a second changed) would come by now
	notes = evalJS[[]bridgeNote](p, `__notes`)
	if got := describeNotes(notes); got != want {
		t.Fatalf("the subscribed course page got\n%s\nwant\n%s", got, want)
	}
	for _, n := range notes {
		if n.Origin != siteURL {
			t.Errorf("a note came from %q, want %q", n.Origin, siteURL)
		}
	}
	if !strings.Contains(string(notes[0].Data.Event.Input), "Zoe") || !strings.Contains(string(notes[2].Data.Event.Input), "Lee") {
		t.Errorf("the events: %+v", notes)
	}
	var spyGot []string
	spyWorld.eval(t, `__spy`, &spyGot)
	if len(spyGot) != 1 || spyGot[0] != "result:"+siteURL {
		t.Errorf("the origin that did not subscribe got %q, want only its result", spyGot)
	}

	if r := post(t, p, `{cloudplay: "unsubscribe", id: "u"}`, "u", 10000); r == nil || !r.Data.OK || string(r.Data.Output) != "{}" {
		t.Fatalf("unsubscribe: %+v", r)
	}
	if r := post(t, p, `{cloudplay: "call", id: "z2", op: "iam:CreateUser", input: {UserName: "Zed"}}`, "z2", 10000); r == nil || !r.Data.OK {
		t.Fatalf("CreateUser Zed: %+v", r)
	}
	embed.eval(t, `document.getElementById("new-user").value = "Max";
		document.getElementById("form-create-user").requestSubmit(); true`, nil)
	time.Sleep(800 * time.Millisecond)
	if after := evalJS[[]bridgeNote](p, `__notes`); len(after) != len(notes) {
		t.Errorf("after unsubscribing the course page got %s", describeNotes(after[len(notes):]))
	}
}

func describeNotes(notes []bridgeNote) string {
	var s []string
	for _, n := range notes {
		e := n.Data.Event
		if n.Data.Cloudplay == "event" {
			s = append(s, "event:"+e.Kind+":"+e.Op+e.Type)
		} else {
			s = append(s, n.Data.Cloudplay+":")
		}
	}
	return strings.Join(s, " ")
}
