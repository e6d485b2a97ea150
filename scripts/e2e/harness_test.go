//go:build e2e

// Package e2e holds the end-to-end tests: the built site (dist/), served as
// netlify.toml says, driven in headless Chromium with chromedp v0.23's generic
// API. Run them with `make build test-e2e`, or `make test`; plain `go test ./...`
// skips them (build tag e2e). They need Chromium (`make tools` installs it).
//
// # The harness (this file)
//
// TestMain builds the site once with `make build` (skipped when
// CLOUDPLAY_E2E_NOBUILD=1, as `make test` sets right after building), starts
// two loopback servers of dist/ with the headers of netlify.toml, and one
// shared headless Chromium:
//
//	siteURL   "http://127.0.0.1:PORT"  the playground's origin
//	otherURL  "http://localhost:PORT2" a second, different origin serving the same
//	          files (the "course site" for embedding tests)
//
// Helpers, for any test in this package:
//
//	p := openPage(t, "/embed.html?panel=account") // a new tab on siteURL+path, in its own
//	                               // browser context (no shared localStorage); closed at cleanup
//	p := openURL(t, otherURL+"/course-example.html")
//	p.waitReady()                  // waits for window.cloudplay.ready (fails the test if it rejects)
//	v := evalJS[T](p, expr)        // evaluates expr (awaiting a Promise) and decodes the result into T
//	err := p.eval(expr, &v)        // the same, returning the error (a JS exception is an error)
//	out, code := p.call(op, input) // cloudplay.call; out is the output JSON, code the error code ("" if ok)
//	p.waitVisible("#sel")          // waits for a CSS selector to be visible (Vecty renders on the next frame)
//	p.click("#sel")                // clicks the first match of a CSS selector
//	s := p.text("#sel")            // the visible text of the first match
//	p.waitText("#sel", "Alice")    // polls until the element's text contains the string
//	p.shot("name")                 // screenshot into shotsDir ($CLOUDPLAY_SHOTS, else a temp dir)
//	p.console()                    // console messages, exceptions and browser log entries so far
//	p.cspViolations()              // securitypolicyviolation events seen by the page
//	p.expectCleanConsole()         // fails on CSP violations, exceptions and console errors
//	p.run(actions...)              // runs chromedp actions on the tab (with the tab's timeout)
//	srv := startServer(t, "127.0.0.1", wrap) // one more server of dist/, its handler wrapped
//
// Each page has a timeout (pageTimeout); a test that needs more can use
// p.ctx with its own deadline. Tests may run in parallel (t.Parallel): each
// page is its own tab.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"cloudplay/scripts/internal/browser"
	"cloudplay/scripts/internal/site"
)

// pageTimeout bounds everything one page does. It only catches hangs: on a
// loaded two-core machine a page can take tens of seconds to start.
const pageTimeout = 3 * time.Minute

var (
	rootDir    string          // the repository root
	distDir    string          // rootDir/dist
	siteConfig *site.Config    // netlify.toml
	siteURL    string          // http://127.0.0.1:PORT, serving dist/
	otherURL   string          // http://localhost:PORT2, serving dist/ too
	browserCtx context.Context // the shared browser; derive tabs from it
	shotsDir   string          // where p.shot writes
)

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, err
	}
	rootDir = filepath.Clean(filepath.Join(wd, "..", ".."))
	distDir = filepath.Join(rootDir, "dist")
	if os.Getenv("CLOUDPLAY_E2E_NOBUILD") != "1" {
		cmd := exec.Command("make", "-s", "build")
		cmd.Dir = rootDir
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return 0, fmt.Errorf("make build: %w", err)
		}
	}
	if _, err := os.Stat(filepath.Join(distDir, "index.html")); err != nil {
		return 0, fmt.Errorf("no built site in %s (run make build): %w", distDir, err)
	}
	siteConfig, err = site.Load(filepath.Join(rootDir, "netlify.toml"))
	if err != nil {
		return 0, err
	}

	s1, err := listen("127.0.0.1", site.Handler(distDir, siteConfig))
	if err != nil {
		return 0, err
	}
	defer s1.Close()
	siteURL = s1.url
	s2, err := listen("localhost", site.Handler(distDir, siteConfig))
	if err != nil {
		return 0, err
	}
	defer s2.Close()
	otherURL = s2.url

	shotsDir = os.Getenv("CLOUDPLAY_SHOTS")
	if shotsDir == "" {
		shotsDir, err = os.MkdirTemp("", "cloudplay-shots-")
		if err != nil {
			return 0, err
		}
	} else if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		return 0, err
	}

	ctx, cancel, err := browser.Start(context.Background())
	if err != nil {
		return 0, err
	}
	defer cancel()
	browserCtx = ctx

	code := m.Run()
	fmt.Fprintf(os.Stderr, "e2e: screenshots in %s\n", shotsDir)
	return code, nil
}

// server is a loopback HTTP server of dist/.
type server struct {
	url string
	srv *http.Server
}

func (s *server) Close() { _ = s.srv.Close() }

// listen serves h on host (an address that resolves to loopback) at a free port.
func listen(host string, h http.Handler) (*server, error) {
	addrHost := host
	if host == "localhost" {
		addrHost = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(addrHost, "0"))
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	port := ln.Addr().(*net.TCPAddr).Port
	return &server{url: fmt.Sprintf("http://%s:%d", host, port), srv: srv}, nil
}

// startServer starts one more server of dist/ with netlify.toml's headers for
// the test, on host ("127.0.0.1" or "localhost"); wrap, when not nil, wraps
// its handler (to delay or count requests). It stops at the test's end.
func startServer(t *testing.T, host string, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	var h http.Handler = site.Handler(distDir, siteConfig)
	if wrap != nil {
		h = wrap(h)
	}
	s, err := listen(host, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.url
}

// page is one browser tab.
type page struct {
	t   *testing.T
	ctx context.Context // the tab, with pageTimeout

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

// cspRecorder runs in every document of a page before its own scripts
// (Page.addScriptToEvaluateOnNewDocument is not subject to the page's CSP)
// and keeps the page's securitypolicyviolation events.
const cspRecorder = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample});
  });
})();`

// openPage opens siteURL+path in a new tab.
func openPage(t *testing.T, path string) *page {
	t.Helper()
	return openURL(t, siteURL+path)
}

// openURL opens url in a new tab of the shared browser and waits for its load
// event. Each tab has a browser context of its own (like a private window), so
// pages share no localStorage, cookies or cache: the full playground saves the
// learner's work in localStorage, and one test's account must not appear in
// another's. The tab closes when the test ends.
func openURL(t *testing.T, url string) *page {
	t.Helper()
	return openTab(t, browserCtx, url, tabOptions{isolated: true})
}

// tabOptions say how openTab opens a tab.
type tabOptions struct {
	isolated      bool          // in a browser context of its own
	width, height int64         // the viewport; the browser's default when 0
	scripts       []string      // run in every document before the page's own scripts
	timeout       time.Duration // bounds everything the tab does; pageTimeout when 0
}

// openTab opens url in a new tab of parent (a browser, or a browser
// context whose tabs share localStorage), records its console and CSP
// violations, and waits for its load event. The tab closes when the test
// ends.
func openTab(t *testing.T, parent context.Context, url string, o tabOptions) *page {
	t.Helper()
	var tab context.Context
	var cancelTab context.CancelFunc
	if o.isolated {
		tab, cancelTab = chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	} else {
		tab, cancelTab = chromedp.NewContext(parent)
	}
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab, without a timeout
		t.Fatalf("opening a tab: %v", err)
	}
	if o.timeout == 0 {
		o.timeout = pageTimeout
	}
	ctx, cancel := context.WithTimeout(tab, o.timeout)
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx}

	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.messages = append(p.messages, m)
			p.mu.Unlock()
		}
	}()
	addScripts := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, src := range append([]string{cspRecorder}, o.scripts...) {
			if _, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
				return err
			}
		}
		return nil
	})
	steps := []chromedp.Action[chromedp.Void]{addScripts, chromedp.Navigate(url)}
	if o.width > 0 {
		steps = append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(o.width, o.height)}, steps...)
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	return p
}

// run runs chromedp actions on the tab, failing the test on error.
func (p *page) run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page, awaits it when it is a
// Promise, and decodes its JSON value into v (which may be nil to ignore it).
// A thrown exception or a rejected Promise is returned as an error.
func (p *page) eval(expr string, v any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if v == nil || len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// evalJS evaluates expr (see page.eval) and returns its value as a T,
// failing the test on error.
func evalJS[T any](p *page, expr string) T {
	p.t.Helper()
	var v T
	if err := p.eval(expr, &v); err != nil {
		p.t.Fatalf("evaluating %s: %v", abbrev(expr), err)
	}
	return v
}

func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// waitReady waits until window.cloudplay.ready resolves.
func (p *page) waitReady() {
	p.t.Helper()
	if err := p.eval(`window.cloudplay.ready.then(() => true)`, nil); err != nil {
		p.shot("not-ready")
		p.t.Fatalf("cloudplay.ready: %v\nconsole:\n%s", err, p.consoleText())
	}
}

// callResult is what p.call gets back from the page.
type callResult struct {
	OK     bool            `json:"ok"`
	Output json.RawMessage `json:"output"`
	Code   string          `json:"code"`
	Msg    string          `json:"message"`
	Trace  json.RawMessage `json:"trace"`
	IsErr  bool            `json:"isError"`
}

// settle is a JavaScript function that turns a Promise into
// {ok, output} or {ok: false, code, message, trace, isError}.
const settle = `(pr) => Promise.resolve(pr).then(
  (output) => ({ok: true, output: output === undefined ? null : output}),
  (e) => ({ok: false, code: e && e.code, message: e && e.message, trace: e && e.trace, isError: e instanceof Error}))`

// settled evaluates a JavaScript expression whose value is a Promise and
// returns how it settled.
func (p *page) settled(expr string) callResult {
	p.t.Helper()
	return evalJS[callResult](p, "("+settle+")("+expr+")")
}

// call runs cloudplay.call(op, input) in the page (as root), and returns the
// output JSON, or the error's code.
func (p *page) call(op string, input any) (json.RawMessage, string) {
	p.t.Helper()
	in, err := json.Marshal(input)
	if err != nil {
		p.t.Fatal(err)
	}
	opJSON, _ := json.Marshal(op)
	r := p.settled(fmt.Sprintf("cloudplay.call(%s, %s)", opJSON, in))
	if r.OK {
		return r.Output, ""
	}
	if r.Code == "" {
		p.t.Fatalf("cloudplay.call(%s) rejected without a code: %s", op, r.Msg)
	}
	return nil, r.Code
}

// waitVisible waits until the CSS selector matches a visible element.
func (p *page) waitVisible(sel string) {
	p.t.Helper()
	p.run(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// click clicks the first element the CSS selector matches, as the mouse
// does. The element is scrolled into view and the page given two frames
// before the button goes down: right after a scroll, Chromium's scroll
// anchoring could still move the page by the height of a list that grew
// below (a validation's findings), and the press and release, at the
// place measured before, then missed the element (seen: the click went to
// the panel around the IAM sub-tab).
func (p *page) click(sel string) {
	p.t.Helper()
	p.run(chromedp.ScrollIntoView(chromedp.CSS(sel)))
	if err := p.eval(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`, nil); err != nil {
		p.t.Fatal(err)
	}
	p.run(chromedp.Click(chromedp.CSS(sel)))
}

// text is the visible text of the first element the CSS selector matches.
func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// waitText polls until the text of the element that the CSS selector matches
// contains want, and returns that text.
func (p *page) waitText(sel, want string) string {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	wantJSON, _ := json.Marshal(want)
	expr := fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && e.textContent.includes(%s) ? e.textContent : false; })()`, selJSON, wantJSON)
	s, err := chromedp.Run(p.ctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		var last string
		_ = p.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e ? e.textContent : "(no element)"; })()`, selJSON), &last)
		p.shot("waitText")
		p.t.Fatalf("waiting for %s to contain %q: %v; it says %q", sel, want, err, last)
	}
	return s
}

// shot saves a PNG screenshot of the viewport as shotsDir/<test>-<name>.png.
func (p *page) shot(name string) string {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	file := filepath.Join(shotsDir, strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name())+"-"+name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p.t.Logf("screenshot: %s", file)
	return file
}

// console returns the console messages, exceptions and browser log entries
// of the tab so far.
func (p *page) console() []chromedp.ConsoleMessage {
	// Let messages already sent by the browser reach the collector.
	time.Sleep(100 * time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), p.messages...)
}

func (p *page) consoleText() string {
	var b strings.Builder
	for _, m := range p.console() {
		fmt.Fprintf(&b, "  %s %s:%d %s\n", m.Type, m.URL, m.Line+1, m.Text)
	}
	return b.String()
}

// cspViolation is one securitypolicyviolation event.
type cspViolation struct {
	Directive string `json:"directive"`
	Blocked   string `json:"blocked"`
	Source    string `json:"source"`
	Line      int    `json:"line"`
	Sample    string `json:"sample"`
}

// cspViolations returns the page's securitypolicyviolation events so far.
func (p *page) cspViolations() []cspViolation {
	p.t.Helper()
	return evalJS[[]cspViolation](p, `window.__cspViolations || []`)
}

// expectCleanConsole fails the test when the page had CSP violations,
// uncaught exceptions, or console errors.
func (p *page) expectCleanConsole() {
	p.t.Helper()
	for _, v := range p.cspViolations() {
		p.t.Errorf("CSP violation: %s blocked %q (%s:%d) %s", v.Directive, v.Blocked, v.Source, v.Line, v.Sample)
	}
	for _, m := range p.console() {
		csp := strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
		if csp || m.IsException() || m.Type == chromedp.ConsoleError {
			p.t.Errorf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		}
	}
}
