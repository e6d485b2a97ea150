//go:build e2e

package e2e

// What a learner meets on the page (issue #11 §4 and §6): the scenario's
// description and a first-visit hint in the header, Share's embed line,
// the scenario picker after loading, a link pasted into the open tab, the
// embed's "Open the event log", the event log's decisions, filters and
// details, and the bridge's refusal of an opts member.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLearnerHeader: the description is on screen (not only a tooltip),
// the first-visit hint shows until dismissed (and stays dismissed after a
// reload), Share offers the embed line of the panel in view, and the
// picker shows its prompt again after loading a scenario.
func TestLearnerHeader(t *testing.T) {
	t.Parallel()
	bctx := freshBrowser(t)
	p := openIn(t, bctx, "/", 1280, 800)
	p.waitUI("#scenario-description")
	desc := evalJS[string](p, `document.querySelector('.scenario-name').title`)
	if got := p.text("#scenario-description"); desc == "" || got != desc {
		t.Errorf("the description shown is %q, want the scenario's %q", got, desc)
	}
	p.waitText("#first-hint", "Acting as")
	p.shot("learner-header-1280x800")
	p.click("#first-hint-done")
	p.waitCount("#first-hint", 0)

	// Share: the playground link and the embed line of the panel in view.
	p.click("#tab-log")
	p.waitVisible("#panel-log")
	link := shareLink(p)
	line := evalJS[string](p, `document.querySelector('#share-embed').value`)
	_, frag, _ := strings.Cut(link, "#")
	want := `<iframe src="` + siteURL + `/embed.html?panel=log#` + frag + `"`
	if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, "</iframe>") {
		t.Errorf("the embed line is\n%s\nwant it to start with\n%s", abbrev(line), abbrev(want))
	}

	// The picker loads a scenario and shows its prompt again, not a blank.
	// (p.choose would check the value, which the picker resets at once.)
	p.run(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#scenario-picker');
		s.value = 'iam-explicit-deny'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	p.waitJS("the scenario loaded", `document.querySelector('.scenario-name').textContent === 'An explicit deny beats any allow'`)
	if got := evalJS[string](p, `(() => { const s = document.querySelector('#scenario-picker');
		return s.selectedIndex + ':' + (s.options[s.selectedIndex] || {text: ''}).text; })()`); got != "0:Open a scenario…" {
		t.Errorf("the picker after loading shows %q, want its prompt", got)
	}

	// A reload keeps the hint dismissed.
	q := openIn(t, bctx, "/", 1280, 800)
	q.waitUI("#acting-as")
	if q.count("#first-hint") != 0 {
		t.Error("the first-visit hint shows again after it was dismissed")
	}
	p.expectCleanUI()
}

// TestLearnerPastedLink: a #s= link pasted into the address bar of the open
// tab opens (the page is not loaded again: hashchange), with Undo; a broken
// one says so and changes nothing.
func TestLearnerPastedLink(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	link := shareLink(p)
	_, frag, _ := strings.Cut(link, "#")

	q := openFresh(t, "/")
	q.waitUI("#new-user")
	q.run(chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true`))
	q.run(chromedp.Evaluate[chromedp.Void](`location.hash = ` + jsString("#"+frag)))
	q.waitVisible(`tr[data-user="Zoe"]`)
	if !evalJS[bool](q, `window.__sameDocument === true`) {
		t.Error("the page was loaded again")
	}
	q.waitVisible("#undo")

	q.run(chromedp.Evaluate[chromedp.Void](`location.hash = '#s=not-a-link!'`))
	q.waitText(".banners .error", "Could not open the link")
	if q.count(`tr[data-user="Zoe"]`) != 1 {
		t.Error("a broken link changed the account")
	}
	q.expectCleanUI()
}

// TestLearnerEmbedOpensTheLog: "Open the event log" in the account embed
// shows the log, and a button goes back.
func TestLearnerEmbedOpensTheLog(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=account", 720, 600)
	p.waitUI(`[data-group="Developers"]`)
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if err := p.eval(`[...document.querySelectorAll('.recent button')].find(b => b.textContent === 'Open the event log').click()`, nil); err != nil {
		t.Fatal(err)
	}
	p.waitVisible("table.log")
	p.click("#embed-back")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.expectCleanUI()
}

// TestLearnerEventLog: decisions in AWS's words, a row expands to why, and
// the filters by caller and decision.
func TestLearnerEventLog(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.actAs(aliceARN)
	p.createUser("Yann")
	p.waitText("#form-create-user .error", "AccessDenied")
	p.click("#tab-log")
	p.waitVisible("table.log")
	p.waitText("table.log tr.denied .decision", "Implicit deny")
	if s := p.text("table.log tr.event:not(.denied) .decision"); s != "Allowed" {
		t.Errorf("an allowed call's decision reads %q", s)
	}
	if n := p.count(`table.log .decision`); n == 0 || strings.Contains(p.text("table.log"), "implicitDeny") {
		t.Error("the log shows the engine's code, not AWS's words")
	}
	p.click("table.log tr.denied .log-expand")
	p.waitText(".log-details", "denied by default (implicit deny)")

	rows := p.count("table.log tr.event")
	p.choose("#log-decision", "denied")
	p.waitCount("table.log tr.event", 1)
	p.waitText("#log-count", "1 of ")
	p.choose("#log-decision", "")
	p.choose("#log-caller", aliceARN)
	p.waitJS("Alice's calls only", `[...document.querySelectorAll('table.log tr.event td.caller')].every(td => td.title === `+jsString(aliceARN)+`)`)
	p.click("#log-clear-filter")
	p.waitCount("table.log tr.event", rows)
	p.shot("learner-log-1280x800")
	p.expectCleanUI()
}

// TestLearnerBridgeRefusesOpts: a bridge message has no opts member (its
// caller is a member of its own): one with opts is refused naming it, and
// runs nothing, rather than running the call as root.
func TestLearnerBridgeRefusesOpts(t *testing.T) {
	t.Parallel()
	p := openCourse(t)
	r := post(t, p, `{cloudplay: "call", id: 40, op: "iam:CreateUser", input: {UserName: "Zoe"}, opts: {caller: "arn:aws:iam::123456789012:user/Alice"}}`, 40, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "InvalidMessage" || !strings.Contains(r.Data.Error.Message, `"opts"`) {
		t.Fatalf("a message with opts: %+v, want InvalidMessage naming opts", r)
	}
	r = post(t, p, `{cloudplay: "call", id: 41, op: "iam:GetUser", input: {UserName: "Zoe"}}`, 41, 10000)
	if r == nil || r.Data.OK || r.Data.Error.Code != "NoSuchEntity" {
		t.Errorf("after the refused message, GetUser Zoe: %+v, want NoSuchEntity", r)
	}
}

// TestLearnerDocsLink: the header's "Docs" link opens the reference a
// course author looks for (issue 11 §6): the JavaScript API, the scenario
// format and goals, the operations and the limits, on /docs.html.
func TestLearnerDocsLink(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#docs-link")
	if got := strings.TrimSpace(p.text("#docs-link")); got != "Docs" {
		t.Errorf("the header's link to docs.html says %q, want Docs", got)
	}
	href := evalJS[string](p, `document.querySelector('#docs-link').href`)
	if !strings.HasSuffix(href, "/docs.html") {
		t.Fatalf("the Docs link goes to %q", href)
	}
	p.run(chromedp.Navigate(href))
	p.waitVisible("#api")
	for _, id := range []string{"api", "calls", "policy-checks", "time", "saving"} {
		if p.count("#"+id) != 1 {
			t.Errorf("docs.html has no #%s section", id)
		}
	}
	if body := p.text("body"); !strings.Contains(body, "cloudplay.call") || !strings.Contains(body, "goals") {
		t.Errorf("docs.html does not describe cloudplay.call and goals")
	}
}
