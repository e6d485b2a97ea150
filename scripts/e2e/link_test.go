//go:build e2e

package e2e

// A link never freezes the page (issue #7): the page is drawn first, with
// the saved work; a long link replays in chunks behind a progress banner,
// the page answers clicks meanwhile, and Cancel keeps the previous work.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// longScenario is a scenario of n cheap steps (a group created and deleted
// again and again), small once deflated.
func longScenario(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"format":"cloudplay-scenario/1","name":"Long","steps":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		op := "iam:CreateGroup"
		if i%2 == 1 {
			op = "iam:DeleteGroup"
		}
		fmt.Fprintf(&b, `{"op":%q,"input":{"GroupName":"g"}}`, op)
	}
	b.WriteString(`,{"op":"iam:CreateUser","input":{"UserName":"Linked"}}]}`)
	return []byte(b.String())
}

// throttle slows the page's CPU by rate (1: full speed), so that a replay
// of a few seconds on this machine takes long enough to watch.
func (p *page) throttle(rate float64) {
	p.t.Helper()
	p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
		return err
	}))
}

func TestLinkLongReplayShowsProgressAndCancels(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 800)
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)

	link := linkOf(longScenario(16000))
	if len(link) > 64<<10 {
		t.Fatalf("the link is %d characters", len(link))
	}
	p.throttle(10)
	p.navigate("/#s=" + link)
	// The page is drawn before the link replays: the saved work shows,
	// with the progress banner.
	msg := p.waitText(".banner-progress", "Opening the link: step")
	if !strings.Contains(msg, "of 16,001") {
		t.Errorf("progress says %q", msg)
	}
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.shot("link-progress")
	// The page answers a click during the replay.
	p.click("#tab-log")
	p.waitVisible("table.log")
	p.click("#tab-account")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if p.count(".banner-progress") != 1 {
		t.Fatal("the replay ended before the test could cancel it; make it longer")
	}
	p.click("#cancel-replay")
	p.waitCount(".banner-progress", 0)
	notice := p.waitText(".banner-warn", "cancelled")
	if !strings.Contains(notice, "saved work is shown") {
		t.Errorf("notice %q", notice)
	}
	p.throttle(1)
	p.waitReady()
	if p.count(`tr[data-user="Linked"]`) != 0 || p.count(`tr[data-user="Zoe"]`) != 1 {
		t.Error("cancel did not keep the previous account")
	}
	if h := evalJS[string](p, `location.hash`); h != "" {
		t.Errorf("the cancelled link stays in the address bar: %.40s", h)
	}
	p.run(chromedp.Reload())
	p.waitUI(`tr[data-user="Zoe"]`)
	if p.count(".banner-progress") != 0 {
		t.Error("a reload opened the cancelled link again")
	}

	// Let it finish: the link replaces the work, with Undo.
	p.navigate("/#s=" + link)
	p.waitReady()
	p.waitVisible(`tr[data-user="Linked"]`)
	p.waitText(".banner-undo", "replaced")
	p.click("#undo")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.expectCleanUI()
}
