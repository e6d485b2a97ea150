//go:build e2e

package e2e

// The UI's end-to-end tests: the Vecty playground in Chromium, driven the
// way a learner drives it (clicks, typing, links, reloads). Each test opens
// its pages in a browser context of its own, so their localStorage is
// isolated from the other tests (and from each other where a test says so).

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// linkOf returns the #s= value of a scenario as CONTRACT.md defines it:
// unpadded base64url of its raw DEFLATE (written here, not imported from
// core, so that the test checks the format rather than the encoder).
func linkOf(scenarioJSON []byte) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.DefaultCompression)
	w.Write(scenarioJSON)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// freshBrowser is a browser context of its own (a separate profile: its own
// localStorage), in the shared browser. It closes when the test ends.
func freshBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a browser context: %v", err)
	}
	return ctx
}

// openIn opens siteURL+path in a new tab of the browser context bctx, with
// a viewport of w×h. Tabs of one browser context share localStorage.
func openIn(t *testing.T, bctx context.Context, path string, w, h int64) *page {
	t.Helper()
	return openTab(t, bctx, siteURL+path, tabOptions{width: w, height: h, timeout: uiPageTimeout})
}

// uiPageTimeout bounds one tab of a UI test: longer than pageTimeout, as
// these tests load the page several times, in parallel, on two cores.
const uiPageTimeout = 3 * time.Minute

// expectCleanUI is expectCleanConsole, but forgives the browser's request
// for /favicon.ico (the site has none; not the UI's concern).
func (p *page) expectCleanUI() {
	p.t.Helper()
	for _, v := range p.cspViolations() {
		p.t.Errorf("CSP violation: %s blocked %q (%s:%d) %s", v.Directive, v.Blocked, v.Source, v.Line, v.Sample)
	}
	for _, m := range p.console() {
		if strings.HasSuffix(m.URL, "/favicon.ico") {
			continue
		}
		csp := strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
		if csp || m.IsException() || m.Type == chromedp.ConsoleError {
			p.t.Errorf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		}
	}
}

// openFresh opens path at 1280×800 in a browser context of its own.
func openFresh(t *testing.T, path string) *page {
	t.Helper()
	return openIn(t, freshBrowser(t), path, 1280, 800)
}

// navigate loads path in the tab (through about:blank, so that a change of
// the fragment alone loads the page again).
func (p *page) navigate(path string) {
	p.t.Helper()
	p.run(chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+path))
}

// waitUI waits for the API and the first render of the playground.
func (p *page) waitUI(sel string) {
	p.t.Helper()
	p.waitReady()
	p.waitVisible(sel)
}

// createUser types name into the "New user name" form and submits it.
func (p *page) createUser(name string) {
	p.t.Helper()
	p.run(
		chromedp.SendKeys(chromedp.CSS("#new-user"), name),
		chromedp.Click(chromedp.CSS("#form-create-user button[type=submit]")),
	)
}

// actAs chooses the principal of the "acting as" selector, as a user does.
func (p *page) actAs(arn string) {
	p.t.Helper()
	arnJSON, _ := json.Marshal(arn)
	var ok bool
	if err := p.eval(fmt.Sprintf(`(() => { const s = document.querySelector('#acting-as');
		if (![...s.options].some(o => o.value === %[1]s)) return false;
		s.value = %[1]s; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, arnJSON), &ok); err != nil || !ok {
		p.t.Fatalf("choosing %s in #acting-as: %v %v", arn, ok, err)
	}
}

// count returns how many elements the CSS selector matches.
func (p *page) count(sel string) int {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	return evalJS[int](p, fmt.Sprintf(`document.querySelectorAll(%s).length`, selJSON))
}

// waitCount polls until the selector matches n elements.
func (p *page) waitCount(sel string, n int) {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	expr := fmt.Sprintf(`document.querySelectorAll(%s).length === %d`, selJSON, n)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.shot("waitCount")
		p.t.Fatalf("waiting for %d of %s: %v (have %d)", n, sel, err, p.count(sel))
	}
}

const (
	rootARN  = "arn:aws:iam::123456789012:root"
	aliceARN = "arn:aws:iam::123456789012:user/Alice"
)

func TestUIShowsTheSeedsCompany(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI(`[data-group="Developers"]`)
	want := map[string][]string{
		"Developers": {"Alice", "Bob", "Charles"},
		"Operations": {"David", "Edward"},
		"Audit":      {"Charles", "David"},
	}
	for g, members := range want {
		got := evalJS[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('[data-group=%q] .chip > span')].map(e => e.textContent)`, g))
		if strings.Join(got, ",") != strings.Join(members, ",") {
			t.Errorf("group %s shows %v, want %v", g, got, members)
		}
	}
	if s := p.text(".no-group"); !strings.Contains(s, "Fred") {
		t.Errorf("Fred is not shown in no group: %q", s)
	}
	// The grid: one row per user, ticks where they are members.
	ticks := evalJS[map[string]int](p, `Object.fromEntries([...document.querySelectorAll('table.grid tbody tr[data-user]')].map(r => [r.dataset.user, r.querySelectorAll('input:checked').length]))`)
	wantTicks := map[string]int{"Alice": 1, "Bob": 1, "Charles": 2, "David": 2, "Edward": 1, "Fred": 0}
	for u, n := range wantTicks {
		if ticks[u] != n {
			t.Errorf("grid row %s has %d ticks, want %d (all: %v)", u, ticks[u], n, ticks)
		}
	}
	if s := p.text("#acting-as"); !strings.Contains(s, "root") || !strings.Contains(s, "Fred") {
		t.Errorf("acting-as offers %q", s)
	}
	p.shot("full-1280x800")
	p.click("#tab-log")
	p.waitVisible("table.log")
	p.shot("log-1280x800")
	p.expectCleanUI()
}

func TestUIAddUserIsShownAndLogged(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if v := evalJS[string](p, `document.querySelector('#new-user').value`); v != "" {
		t.Errorf("the form kept %q after success", v)
	}
	p.waitText(".recent-list li:first-child", "iam:CreateUser")
	p.click("#tab-log")
	row := p.waitText("table.log tbody tr:first-child", "iam:CreateUser")
	for _, s := range []string{"root", "arn:aws:iam::123456789012:user/Zoe", "Allowed", "OK"} {
		if !strings.Contains(row, s) {
			t.Errorf("log row %q lacks %q", row, s)
		}
	}
	// The UI's call is in cloudplay.events() too.
	last := evalJS[map[string]any](p, `cloudplay.events().at(-1)`)
	if last["op"] != "iam:CreateUser" || last["caller"] != rootARN {
		t.Errorf("last event %v", last)
	}
	// A call through the JS API shows up in the UI as well.
	if _, code := p.call("iam:CreateGroup", map[string]string{"GroupName": "Finance"}); code != "" {
		t.Fatalf("CreateGroup: %s", code)
	}
	p.waitText("table.log tbody tr:first-child", "iam:CreateGroup")
	p.click("#tab-account")
	p.waitVisible(`[data-group="Finance"]`)
	p.expectCleanUI()
}

func TestUIActingAsAliceIsRefused(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#new-user")
	p.actAs(aliceARN)
	p.createUser("Mallory")
	msg := p.waitText("#form-create-user .error", "AccessDenied")
	if !strings.Contains(msg, "Alice") && !strings.Contains(msg, "iam:CreateUser") {
		t.Errorf("the error does not say who or what: %q", msg)
	}
	if p.count(`tr[data-user="Mallory"]`) != 0 {
		t.Error("Mallory was created")
	}
	p.waitText(".recent-list li.denied", "AccessDenied")
	p.shot("denied-1280x800")
	// A membership change from the grid is refused where it happened, and
	// the box shows the truth again.
	p.click(`tr[data-user="Fred"] input[aria-label="Fred in Audit"]`)
	p.waitText("section .error", "AccessDenied")
	if evalJS[bool](p, `document.querySelector('tr[data-user="Fred"] input[aria-label="Fred in Audit"]').checked`) {
		t.Error("the refused membership shows as ticked")
	}
	p.click("#tab-log")
	row := p.waitText("table.log tbody tr.denied", "AccessDenied")
	if !strings.Contains(row, "Alice") {
		t.Errorf("denied row %q does not name Alice", row)
	}
	if n := p.count("table.log tbody tr.denied"); n != 2 {
		t.Errorf("%d denied rows, want 2", n)
	}
	p.shot("denied-log-1280x800")
	p.expectCleanUI()
}

// shareLink makes a share link in p with the Share button.
func shareLink(p *page) string {
	p.t.Helper()
	p.click("#share")
	p.waitVisible("#share-url")
	link := evalJS[string](p, `document.querySelector('#share-url').value`)
	if !strings.Contains(link, "#s=") {
		p.t.Fatalf("share link %q", link)
	}
	if h := evalJS[string](p, `location.hash`); !strings.HasPrefix(h, "#s=") {
		p.t.Errorf("the address bar was not updated: %q", h)
	}
	return link
}

func TestUIShareLinkReproducesTheAccount(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.actAs(aliceARN)
	link := shareLink(p)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}

	q := openFresh(t, u.RequestURI()+"#"+u.Fragment)
	q.waitUI(`tr[data-user="Zoe"]`)
	if got := evalJS[string](q, `document.querySelector('#acting-as').value`); got != aliceARN {
		t.Errorf("acting as %q, want Alice", got)
	}
	if q.count(".banner") != 0 {
		t.Errorf("a fresh browser shows a banner: %q", q.text(".banners"))
	}
	if a, b := evalJS[map[string]any](p, `cloudplay.scenario()`), evalJS[map[string]any](q, `cloudplay.scenario()`); fmt.Sprint(a["steps"]) != fmt.Sprint(b["steps"]) {
		t.Errorf("steps differ:\n%v\n%v", a["steps"], b["steps"])
	}
	q.expectCleanUI()
}

func TestUIHostileLinkLeavesTheAccount(t *testing.T) {
	t.Parallel()
	bctx := freshBrowser(t)
	p := openIn(t, bctx, "/", 1280, 800)
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)

	script := `{"format":"cloudplay-scenario/1","name":"<img src=x onerror=alert(1)>","steps":[{"op":"iam:CreateUser","input":{"UserName":"<script>alert(1)</script>"}}]}`
	hostile := map[string]string{
		"not base64":     "!!!not-base64!!!",
		"not deflate":    "aGVsbG8gd29ybGQ",
		"not json":       linkOf([]byte("hello, not JSON")),
		"script":         linkOf([]byte(script)),
		"not a scenario": linkOf([]byte(`{"hello":"world"}`)),
	}
	hostile["deeply nested"] = linkOf([]byte(`{"format":"cloudplay-scenario/1","steps":[],"x":` + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + `}`))
	// Longer than the 1 MiB a link may be, shorter than Chromium's 2 MiB URLs.
	hostile["megabytes"] = strings.Repeat("A", 3<<19)
	for name, v := range hostile {
		t.Logf("link: %s", name)
		p.navigate("/#s=" + v)
		p.waitUI(".banner-warn")
		if s := p.text(".banner-warn"); !strings.Contains(s, "could not be opened") {
			t.Errorf("%s: banner says %q", name, s)
		}
		if p.count(`tr[data-user="Zoe"]`) != 1 {
			t.Errorf("%s: the saved account is gone", name)
		}
		if name == "script" {
			p.shot("hostile-link")
		}
		if n := evalJS[int](p, `document.querySelectorAll('#app script, #app img').length`); n != 0 {
			t.Errorf("%s: markup from the link was inserted", name)
		}
	}
	p.expectCleanUI()

	// A good link over different saved work: the work can be restored.
	other := linkOf([]byte(`{"format":"cloudplay-scenario/1","name":"Tiny","steps":[{"op":"iam:CreateUser","input":{"UserName":"Yann"}}]}`))
	p.navigate("/#s=" + other)
	p.waitUI(`tr[data-user="Yann"]`)
	p.waitText(".banner-undo", "replaced")
	p.shot("link-replaced-work")
	p.click("#undo")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if p.count(`tr[data-user="Yann"]`) != 0 {
		t.Error("undo kept the link's account")
	}
}

func TestUISavedWorkSurvivesReload(t *testing.T) {
	t.Parallel()
	bctx := freshBrowser(t)
	p := openIn(t, bctx, "/", 1280, 800)
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.actAs(aliceARN)
	p.click("#tab-log")
	p.waitVisible("table.log")
	p.run(chromedp.Reload())
	p.waitUI("table.log")
	p.click("#tab-account")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if got := evalJS[string](p, `document.querySelector('#acting-as').value`); got != aliceARN {
		t.Errorf("acting as %q after reload", got)
	}
	// Reset, then Undo.
	p.click("#reset")
	p.waitCount(`tr[data-user="Zoe"]`, 0)
	p.click("#undo")
	p.waitVisible(`tr[data-user="Zoe"]`)

	// embed.html in the same browser neither reads nor writes the saved work.
	e := openIn(t, bctx, "/embed.html?panel=account", 720, 600)
	e.waitUI(`[data-group="Developers"]`)
	if e.count(`tr[data-user="Zoe"]`) != 0 {
		t.Error("embed.html shows the saved work")
	}
	if _, code := e.call("iam:CreateUser", map[string]string{"UserName": "EmbedOnly"}); code != "" {
		t.Fatal(code)
	}
	p.run(chromedp.Reload())
	p.waitUI(`tr[data-user="Zoe"]`)
	if p.count(`tr[data-user="EmbedOnly"]`) != 0 {
		t.Error("embed.html wrote the saved work")
	}
}

func TestUIEmbedShowsOnePanel(t *testing.T) {
	t.Parallel()
	bctx := freshBrowser(t)
	p := openIn(t, bctx, "/embed.html?panel=account", 720, 600)
	p.waitUI(`[data-group="Developers"]`)
	if p.count("nav.tabs") != 0 || p.count("#share") != 0 {
		t.Error("embed shows the full chrome")
	}
	p.shot("embed-account-720x600")
	p.actAs(aliceARN)
	p.createUser("Zoe")
	p.waitText("#form-create-user .error", "AccessDenied")
	p.shot("embed-denied-720x600")
	p.expectCleanUI()

	l := openIn(t, bctx, "/embed.html?panel=log", 720, 600)
	l.waitUI("table.log")
	if l.count("#panel-account") != 0 {
		t.Error("the log embed shows the account panel")
	}
	l.shot("embed-log-720x600")

	u := openIn(t, bctx, "/embed.html?panel=nope", 720, 600)
	u.waitUI(".unknown-panel")
	if s := u.text(".unknown-panel"); !strings.Contains(s, "account") {
		t.Errorf("unknown panel says %q", s)
	}
}

func TestUIImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.json")
	good := filepath.Join(dir, "tiny.json")
	if err := os.WriteFile(bad, []byte(`{"format":"cloudplay-scenario/1","steps":[{"op":"iam:CreateUser","input":{}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(`{"format":"cloudplay-scenario/1","name":"Tiny","steps":[{"op":"iam:CreateUser","input":{"UserName":"Yann"}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p := openFresh(t, "/")
	p.waitUI(`tr[data-user="Fred"]`)
	p.run(chromedp.SetUploadFiles(chromedp.CSS("#import"), []string{bad}))
	msg := p.waitText(".banners .error", "Could not import broken.json")
	if !strings.Contains(msg, "InvalidScenario") || !strings.Contains(msg, "steps[0]") || !strings.Contains(msg, "Nothing was replaced") {
		t.Errorf("import error says %q", msg)
	}
	if p.count(`tr[data-user="Fred"]`) != 1 {
		t.Error("a bad import replaced the account")
	}
	p.run(chromedp.SetUploadFiles(chromedp.CSS("#import"), []string{good}))
	p.waitVisible(`tr[data-user="Yann"]`)
	p.waitText(".banner-undo", "Imported tiny.json")
	if p.count(".banners .error") != 0 {
		t.Error("the old import error is still shown")
	}
	p.click("#undo")
	p.waitVisible(`tr[data-user="Fred"]`)
	p.expectCleanUI()
}
