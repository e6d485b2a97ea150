//go:build !js

// Package frames measures how smoothly a page animates in headless
// Chromium: a requestAnimationFrame loop records each frame's timestamp for a
// few seconds while the page animates, and the figures are the median and
// 95th-percentile time between frames and the frames per second.
//
// A Scene says what to open and how to make it move; make bench measures
// each scene of its list (scripts/bench), and a new panel adds its own:
//
//	frames.Scene{
//		Name:  "streams, 2,000 records in flight",
//		Path:  "/embed.html?panel=streams",
//		Setup: `async () => { document.querySelector("#streams-play").click(); }`,
//		Animating: `!!document.querySelector("#streams[data-state=playing]")`,
//	}
package frames

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Scene is something that animates on a page of the built site.
type Scene struct {
	Name string
	// Path is the page and its query ("/embed.html?panel=iam").
	Path string
	// Setup is a JavaScript function expression, awaited once after
	// cloudplay.ready, that opens the panel and starts the animation
	// ("async () => { ... }"). Empty: the page as it loads.
	Setup string
	// Drive is a JavaScript function expression called at the start of
	// every frame, to keep the scene moving (start the animation again
	// when it ends). Empty: nothing.
	Drive string
	// Animating is a JavaScript expression, evaluated each frame, that is
	// true while the scene animates; the result counts those frames, so a
	// scene that stopped moving shows it. Empty: every frame counts.
	Animating string
	// Seconds is how long to record (after WarmupFrames frames).
	Seconds float64
	// WarmupFrames run before recording (default 60: the page finishes
	// what it started at load, such as fetching the catalog).
	WarmupFrames int
}

// Result is what a scene measured. Times are in milliseconds.
type Result struct {
	Frames    int     // intervals recorded
	Animating int     // of them, frames during which Animating was true
	Seconds   float64 // recorded
	FPS       float64 // Frames / Seconds
	Median    float64 // median time between frames
	P95       float64 // 95th percentile (nearest rank)
	Max       float64
}

func (r Result) String() string {
	return fmt.Sprintf("%.1f fps, frame median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames in %.1f s, %d animating)",
		r.FPS, r.Median, r.P95, r.Max, r.Frames, r.Seconds, r.Animating)
}

// Summarise computes a Result from the times between frames and the time
// recorded (both in ms).
func Summarise(deltas []float64, elapsedMs float64, animating int) Result {
	r := Result{Frames: len(deltas), Animating: animating, Seconds: elapsedMs / 1000}
	if len(deltas) == 0 || elapsedMs <= 0 {
		return r
	}
	d := slices.Clone(deltas)
	slices.Sort(d)
	r.FPS = float64(len(d)) / r.Seconds
	r.Median = percentile(d, 50)
	r.P95 = percentile(d, 95)
	r.Max = d[len(d)-1]
	return r
}

// percentile is the nearest-rank p-th percentile of sorted (not empty).
func percentile(sorted []float64, p float64) float64 {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// recordJS is the measuring loop; its %s are the scene's setup, drive and
// animating expressions, then the warm-up frames and the milliseconds.
const recordJS = `(async () => {
  await cloudplay.ready;
  const setup = (%s), drive = (%s), animating = () => !!(%s);
  if (setup) await setup();
  return await new Promise((resolve, reject) => {
    const deltas = [];
    let warm = 0, start = -1, last = -1, anim = 0;
    const frame = (now) => {
      try {
        if (warm < %d) { warm++; if (drive) drive(now); requestAnimationFrame(frame); return; }
        if (start < 0) { start = last = now; }
        else { deltas.push(now - last); last = now; if (animating()) anim++; }
        if (now - start >= %f) { resolve({deltas, elapsed: now - start, animating: anim}); return; }
        if (drive) drive(now);
        requestAnimationFrame(frame);
      } catch (e) { reject(e); }
    };
    requestAnimationFrame(frame);
  });
})()`

func orJS(expr, empty string) string {
	if strings.TrimSpace(expr) == "" {
		return empty
	}
	return expr
}

// Measure opens baseURL+s.Path in a new tab of the browser bctx
// (scripts/internal/browser.Start), runs the scene and returns its figures.
func Measure(bctx context.Context, baseURL string, s Scene) (Result, error) {
	if s.Seconds <= 0 {
		return Result{}, errors.New("frames: Seconds must be positive")
	}
	warm := s.WarmupFrames
	if warm <= 0 {
		warm = 60
	}
	tab, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute+time.Duration(s.Seconds*float64(time.Second)))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+s.Path)); err != nil {
		return Result{}, err
	}
	js := fmt.Sprintf(recordJS, orJS(s.Setup, "null"), orJS(s.Drive, "null"), orJS(s.Animating, "true"), warm, s.Seconds*1000)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return Result{}, fmt.Errorf("frames %q: %w", s.Name, err)
	}
	var rec struct {
		Deltas    []float64
		Elapsed   float64
		Animating int
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return Result{}, fmt.Errorf("frames %q: %w", s.Name, err)
	}
	return Summarise(rec.Deltas, rec.Elapsed, rec.Animating), nil
}
