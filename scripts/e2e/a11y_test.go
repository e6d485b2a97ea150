//go:build e2e

package e2e

// Accessibility, audited by axe-core (pinned in package.json and
// package-lock.json; `make build` installs it with `npm ci`) on every
// panel and state a learner reaches: the account, the IAM policies with
// the editor open, the simulator with its result, the access matrix with
// a cell chosen, S3 with a bucket open, Streams, Containers, the event
// log, and each embed page. axe is injected through the DevTools
// protocol (Runtime.evaluate), never through the site: the site's CSP
// forbids inline script, and it stays that way.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript is axe-core's browser build from node_modules.
func axeScript(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join(rootDir, "node_modules", "axe-core", "axe.min.js"))
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core is not installed (make build runs npm ci): %v", axeErr)
	}
	return axeSource
}

// axeViolation is one failed axe rule, with the elements it failed on.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
		HTML    string `json:"html"`
	} `json:"nodes"`
}

// audit runs axe-core on the page as it is now and fails the test, naming
// the state, for every violation.
func (p *page) audit(state string) {
	p.t.Helper()
	if err := p.eval(`window.axe ? true : (()=>{`+axeScript(p.t)+`; return true})()`, nil); err != nil {
		p.t.Fatalf("injecting axe-core: %v", err)
	}
	// color-contrast needs the page's final paint; wait a frame.
	var vs []axeViolation
	if err := p.eval(`new Promise((r) => requestAnimationFrame(() => r()))
		.then(() => axe.run(document, {resultTypes: ['violations']}))
		.then((r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => ({target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 200)}))})))`, &vs); err != nil {
		p.t.Fatalf("axe.run (%s): %v", state, err)
	}
	for _, v := range vs {
		var b strings.Builder
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    … %d more", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "\n    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		p.t.Errorf("%s: axe %s (%s): %s%s", state, v.ID, v.Impact, v.Help, b.String())
	}
	if len(vs) > 0 {
		p.shot(strings.NewReplacer(" ", "-", "/", "-").Replace(state))
	}
}

// TestA11yPlayground audits every panel of the playground, and the states
// inside them that draw something new (an open editor, results).
func TestA11yPlayground(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.audit("account")

	// Live regions are in the page before their messages: a region added
	// together with its text is not announced reliably.
	if !evalJS[bool](p, `(() => { const b = document.querySelector('.banners'); const s = document.querySelector('#share-status');
		return !!b && b.getAttribute('aria-live') === 'polite' && !!s && s.getAttribute('role') === 'status' && s.textContent === ''; })()`) {
		t.Errorf("the banners and the share status are not live regions present before their messages")
	}
	p.click("#share")
	p.waitJS("Share's status in its live region", `/link/i.test(document.querySelector('#share-status').textContent)`)
	p.waitVisible("#share-url")
	p.audit("share box open")

	p.openFredsPolicy()
	p.audit("iam with the editor open")

	p.click("#iam-tab-simulate")
	p.waitVisible("#sim-form")
	p.click(`#sim-form button[type=submit]`)
	p.waitJS("a simulation result", `!!document.querySelector('.sim-results, #sim-results, .sim-detail, .flowchart')`)
	p.audit("simulate with a result")

	p.click("#iam-tab-matrix")
	p.waitVisible("#matrix-run")
	p.click("#matrix-run")
	p.waitJS("the matrix", `!!document.querySelector('#matrix-grid button')`)
	p.audit("matrix")
	p.click("#matrix-grid button")
	p.waitVisible("#matrix-detail")
	p.audit("matrix with a cell chosen")

	p.click("#tab-s3")
	p.waitVisible("#panel-s3")
	p.waitJS("the bucket list", `!!document.querySelector('#panel-s3 [data-bucket], #panel-s3 .s3-bucket, #panel-s3 li button')`)
	p.audit("s3")

	p.click("#tab-streams")
	p.waitJS("the Streams panel", `!!document.querySelector('#panel-streams, .streams-panel')`)
	p.audit("streams")

	p.click("#tab-containers")
	p.waitJS("the Containers panel", `!!document.querySelector('#panel-containers, .containers-panel')`)
	p.audit("containers")

	p.click("#tab-log")
	p.waitVisible("#panel-log")
	p.audit("log")
	p.expectCleanUI()
}

// TestA11yEmbed audits each embed page.
func TestA11yEmbed(t *testing.T) {
	t.Parallel()
	for _, panel := range []string{"account", "iam", "s3", "streams", "containers", "log"} {
		p := openFresh(t, "/embed.html?panel="+panel)
		p.waitReady()
		p.waitJS("the "+panel+" panel", `!!document.querySelector('.embed-main .panel')`)
		p.audit("embed " + panel)
		p.expectCleanUI()
	}
}
