//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The Streams panel's Kinesis Video Streams section at phone width: the
// security camera scenario draws the stream's fragments as a timeline with
// the motion fragments in red, the camera's latest frame, the detector's
// MotionDetected events; "Someone walks in", pressed with the keyboard,
// makes one more; the section passes axe and does not scroll sideways.
func TestVideoSection(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 375, 800)
	p.waitUI("#form-create-video")
	p.waitText(".no-video", "No video streams yet")
	scen, err := os.ReadFile(filepath.Join(rootDir, "core", "scenario", "builtin", "video-security-camera.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.eval(`cloudplay.reset(`+string(scen)+`).then(() => true)`, nil); err != nil {
		t.Fatal(err)
	}
	const card = `[data-video="front-door"]`
	p.waitCount(card+" .video-timeline rect.frag", 20)
	p.waitCount(card+` [data-camera="front-door-camera"] .video-frame rect`, 16*12)
	motions := p.count(card + " .motion-event")
	if motions == 0 || p.count(card+" rect.frag-motion") != motions {
		t.Fatalf("%d motion events, %d red fragments", motions, p.count(card+" rect.frag-motion"))
	}
	p.waitText(card+" .motion-event:last-child", "MotionDetected at 00:00:32.000")
	// The section fits the phone (measured on the section: the banner that
	// cloudplay.reset shows above the panel is not the section's).
	if r := evalJS[float64](p, `Math.max(...[...document.querySelectorAll('.video-section, .video-section *')].map(e => e.getBoundingClientRect().right))`); r > 375 {
		t.Errorf("the video section reaches %.0f px at 375 px", r)
	}
	p.audit("streams with the security camera at 375 px")

	// The keyboard: focus the camera's "Someone walks in" and press Enter.
	if err := p.eval(`document.querySelector('`+card+` .trigger-motion').focus(), true`, nil); err != nil {
		t.Fatal(err)
	}
	p.press(kb.Enter)
	if err := p.eval(`cloudplay.advance(3).then(() => true)`, nil); err != nil {
		t.Fatal(err)
	}
	p.waitCount(card+" .motion-event", motions+1)
	p.waitCount(card+" rect.frag", 21)
	p.expectCleanConsole()
}

// The section's controls are operations: create a video stream, start a
// camera with a walk-in at 3 s and a motion detector through their forms;
// the detector reports the walk-in; Stop stops the camera.
func TestVideoControls(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI("#form-create-video")
	p.run(
		chromedp.SendKeys(chromedp.CSS("#video-name"), "lobby"),
		chromedp.Click(chromedp.CSS("#form-create-video button[type=submit]")),
	)
	const card = `[data-video="lobby"]`
	p.waitText(card+" .stream-status", "CREATING")
	if err := p.eval(`cloudplay.advance(2).then(() => true)`, nil); err != nil {
		t.Fatal(err)
	}
	p.waitText(card+" .stream-status", "ACTIVE")
	p.run(
		chromedp.SendKeys(chromedp.CSS("#video-lobby-at"), "3"),
		chromedp.Click(chromedp.CSS(card+" .start-camera button[type=submit]")),
	)
	p.waitCount(card+` [data-camera="lobby-camera"][data-status="RUNNING"]`, 1)
	p.run(chromedp.Click(chromedp.CSS(card + " .start-detector button[type=submit]")))
	p.waitCount(card+` [data-detector="lobby-motion"][data-status="RUNNING"]`, 1)
	if err := p.eval(`cloudplay.advance(8).then(() => true)`, nil); err != nil {
		t.Fatal(err)
	}
	p.waitJS("a motion event", `document.querySelectorAll('`+card+` .motion-event').length > 0`)
	p.waitText(card+" .motion-event:last-child", "MotionDetected at 00:00:05.000")
	p.run(chromedp.Click(chromedp.CSS(card + ` [data-camera="lobby-camera"] .actor-stop`)))
	p.waitCount(card+` [data-camera="lobby-camera"][data-status="STOPPED"]`, 1)
	p.expectCleanConsole()
}
