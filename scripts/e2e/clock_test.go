//go:build e2e

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// simNow is the simulated time the page shows, in ms since 1970: the last
// word of the header's account line (full page) or #clock-now (embed).
const simNow = `(() => {
	const e = document.querySelector("#clock-now") || document.querySelector(".account-id");
	if (!e) return -1;
	const words = e.textContent.trim().split(" ");
	return Date.parse(words[words.length - 1]);
})()`

func (p *page) simNow() int64 {
	p.t.Helper()
	ms := evalJS[float64](p, simNow)
	if ms < 0 || ms != ms {
		p.t.Fatalf("the page shows no simulated time")
	}
	return int64(ms)
}

// waitSimPast polls until the shown simulated time is at least ms.
func (p *page) waitSimPast(ms int64) {
	p.t.Helper()
	expr := fmt.Sprintf(`%s >= %d`, simNow, ms)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.shot("waitSimPast")
		p.t.Fatalf("the simulated time never reached %d (it shows %d): %v", ms, p.simNow(), err)
	}
}

// assertStill checks that the shown simulated time does not move for wall.
func (p *page) assertStill(what string, wall time.Duration) int64 {
	p.t.Helper()
	before := p.simNow()
	time.Sleep(wall)
	if after := p.simNow(); after != before {
		p.t.Fatalf("%s: simulated time moved from %d to %d in %v of wall time", what, before, after, wall)
	}
	return before
}

func TestClockFullPage(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	p.waitVisible("#clock-play")

	start := p.assertStill("the page starts paused", time.Second)

	if err := p.eval(`(() => { const s = document.querySelector("#clock-speed"); s.value = "100"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	p.click("#clock-play")
	p.waitText("#clock-play", "Pause")
	p.waitSimPast(start + 10_000)

	p.click("#clock-play")
	p.waitText("#clock-play", "Play")
	time.Sleep(100 * time.Millisecond) // the last frame's re-render
	paused := p.assertStill("after Pause", time.Second)

	p.click("#clock-jump-hour")
	p.waitSimPast(paused + 3_600_000)
	if got := p.simNow(); got != paused+3_600_000 {
		t.Errorf("Jump +1 h moved the clock %d ms, want exactly 3,600,000", got-paused)
	}
	p.shot("jumped")
	p.click("#clock-step")
	p.waitSimPast(paused + 3_601_000)
	if got := p.simNow(); got != paused+3_601_000 {
		t.Errorf("Step moved the clock %d ms, want 1,000", got-paused-3_600_000)
	}
	p.expectCleanConsole()
}

func TestClockEmbedStartsPaused(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/embed.html?panel=streams")
	p.waitReady()
	p.waitVisible("#clock-now")
	p.shot("embed")
	start := p.assertStill("an embed starts paused", time.Second)
	p.click("#clock-jump-hour")
	p.waitSimPast(start + 3_600_000)
	if got := p.simNow(); got != start+3_600_000 {
		t.Errorf("Jump +1 h in the embed moved the clock %d ms", got-start)
	}
	p.expectCleanConsole()
}

// While the page is hidden the clock stands still, and it runs on when
// the page is shown again. (The test stands in for the browser hiding the
// tab by overriding document.visibilityState.)
func TestClockPausedWhileHidden(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitReady()
	p.waitVisible("#clock-play")
	setVisibility := func(state string) {
		js := fmt.Sprintf(`(() => { Object.defineProperty(document, "visibilityState", {value: %q, configurable: true}); document.dispatchEvent(new Event("visibilitychange")); return true; })()`, state)
		if err := p.eval(js, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.eval(`(() => { const s = document.querySelector("#clock-speed"); s.value = "1000"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	start := p.simNow()
	p.click("#clock-play")
	p.waitSimPast(start + 5_000)
	setVisibility("hidden")
	time.Sleep(100 * time.Millisecond) // the last frame's re-render
	hiddenAt := p.assertStill("while the page is hidden", time.Second)
	setVisibility("visible")
	p.waitSimPast(hiddenAt + 5_000)
	p.expectCleanConsole()
}
