//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"cloudplay/core/sim"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// Clock is the page's one clock (CONTRACT "Playing time"): a Ticker driven
// by one requestAnimationFrame loop that runs only while playing and the
// page is visible, dispatching Advance{Frame: true} when time moves. It
// starts paused, in full and embed mode alike.
type Clock struct {
	Store  *Store
	ticker Ticker
	bar    *ClockBar // the mounted bar, re-rendered when the clock's state changes

	frame   js.Func
	running bool    // a frame is requested
	last    float64 // the previous frame's timestamp, 0 for none

	// hooks draw each frame (the Streams panel's canvases); while one has
	// something moving, frames run even when time is paused.
	hooks     []FrameHook
	animating bool
	// pending: a frame's advance changed the second shown, and the page
	// has not been re-rendered for it yet; toldAt is when it last was.
	pending bool
	toldAt  float64
}

// FrameHook is told each animation frame how much wall-clock time passed
// (ms), after the frame's advance; it reports whether it still animates.
type FrameHook interface {
	Frame(wallMs float64) bool
}

// AddHook has h told of every frame, and wakes the loop.
func (c *Clock) AddHook(h FrameHook) {
	c.hooks = append(c.hooks, h)
	c.Wake()
}

// RemoveHook stops telling h.
func (c *Clock) RemoveHook(h FrameHook) {
	for i, x := range c.hooks {
		if x == h {
			c.hooks = append(c.hooks[:i:i], c.hooks[i+1:]...)
			return
		}
	}
}

// Wake runs frames again (a hook has something new to draw while paused).
func (c *Clock) Wake() {
	c.animating = true
	c.schedule()
}

// rerenderEveryMs bounds how often playing re-renders the page: the
// header's clock and the panels' per-second figures follow time at most
// this often, whatever the speed, while the canvases move every frame. The
// playground's own choice: twice a second keeps a whole-page render out of
// all but one frame in thirty.
const rerenderEveryMs = 500

// NewClock makes the page's clock, paused, and pauses its frames while the
// page is hidden.
func NewClock(s *Store) *Clock {
	c := &Clock{Store: s}
	c.frame = js.FuncOf(func(this js.Value, args []js.Value) any {
		c.onFrame(args[0].Float())
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "visibilitychange", js.FuncOf(func(js.Value, []js.Value) any {
		c.last = 0 // the hidden time does not count
		c.schedule()
		return nil
	}))
	return c
}

func hidden() bool {
	return js.Global().Get("document").Get("visibilityState").String() == "hidden"
}

// schedule requests the next frame if time should run and none is pending.
func (c *Clock) schedule() {
	if c.running || !(c.ticker.Playing() || c.animating) || hidden() {
		return
	}
	c.running = true
	js.Global().Call("requestAnimationFrame", c.frame)
}

func (c *Clock) onFrame(ts float64) {
	c.running = false
	if hidden() {
		c.last = 0
		return
	}
	dt := 0.0
	if c.last != 0 {
		dt = ts - c.last
	}
	if c.ticker.Playing() && c.last != 0 && !c.Store.Replaying() { // time waits for a replay to finish
		if adv, _ := c.ticker.Frame(dt); adv > 0 {
			a := &Advance{Ms: adv, Frame: true}
			// Not Dispatch: the page is re-rendered at most every
			// rerenderEveryMs while playing (tell), not every frame.
			c.pending = c.Store.dispatchQuiet(a) || c.pending
			if a.Err != nil { // past the end of simulated time
				c.ticker.Pause()
				c.showErr(a.Err)
				c.changed()
			}
		}
	}
	c.tell(ts)
	c.last = ts
	c.animating = false
	for _, h := range c.hooks {
		if h.Frame(dt) {
			c.animating = true
		}
	}
	if !c.ticker.Playing() && !c.animating {
		c.last = 0 // the pause does not count when frames resume
	}
	c.schedule()
}

// tell re-renders the page for the frames' advances, at most every
// rerenderEveryMs (at once when paused).
func (c *Clock) tell(ts float64) {
	if c.pending && (!c.ticker.Playing() || ts-c.toldAt >= rerenderEveryMs) {
		c.pending, c.toldAt = false, ts
		c.Store.fire()
	}
}

func (c *Clock) showErr(err error) {
	c.Store.Dispatch(&ShowError{*uiError("page", err)})
}

func (c *Clock) changed() {
	if c.bar != nil {
		vecty.Rerender(c.bar)
	}
}

// Toggle plays or pauses.
func (c *Clock) Toggle() {
	if c.ticker.Playing() {
		c.ticker.Pause()
		if c.pending {
			c.pending = false
			c.Store.fire()
		}
	} else {
		c.ticker.Play()
		c.last = 0
		c.schedule()
	}
	c.changed()
}

// advance moves time at once by ms (Step, Jump).
func (c *Clock) advance(ms int64) {
	if c.Store.Replaying() {
		return
	}
	a := &Advance{Ms: ms}
	c.Store.Dispatch(a)
	if a.Err != nil {
		c.showErr(a.Err)
	}
}

// ClockBar is the clock's controls: Play/Pause, Step, the speed, Jump, and
// (in the embed bar) the simulated time.
type ClockBar struct {
	vecty.Core
	Clock    *Clock   `vecty:"prop"`
	Now      sim.Time `vecty:"prop"`
	ShowTime bool     `vecty:"prop"`
}

// Mount remembers the bar so the clock can re-render it.
func (b *ClockBar) Mount() {
	if b.Clock != nil {
		b.Clock.bar = b
	}
}

// Unmount forgets it.
func (b *ClockBar) Unmount() {
	if b.Clock != nil && b.Clock.bar == b {
		b.Clock.bar = nil
	}
}

func (b *ClockBar) onSpeed(e *vecty.Event) {
	if n, err := strconv.ParseInt(e.Target.Get("value").String(), 10, 64); err == nil {
		b.Clock.ticker.SetSpeed(n)
	}
	vecty.Rerender(b)
}

// Render draws the controls.
func (b *ClockBar) Render() vecty.ComponentOrHTML {
	c := b.Clock
	if c == nil { // a page without a clock (tests)
		return elem.Span()
	}
	c.bar = b
	play, playLabel := "Play", "Play: let simulated time run"
	if c.ticker.Playing() {
		play, playLabel = "Pause", "Pause simulated time"
	}
	var opts vecty.List
	for _, s := range Speeds {
		v := strconv.FormatInt(s, 10)
		opts = append(opts, elem.Option(vecty.Markup(prop.Value(v), vecty.Property("selected", s == c.ticker.Speed())),
			vecty.Text(speedText(s))))
	}
	var now vecty.MarkupOrChild
	if b.ShowTime {
		now = elem.Span(vecty.Markup(prop.ID("clock-now"), vecty.Class("clock-now")), vecty.Text(b.Now.String()))
	}
	return elem.Div(vecty.Markup(vecty.Class("clock"), vecty.Attribute("role", "group"), vecty.Attribute("aria-label", "Simulated time")),
		now,
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("clock-play"), vecty.Attribute("aria-label", playLabel),
			vecty.Attribute("aria-pressed", boolText(c.ticker.Playing())), event.Click(func(*vecty.Event) { c.Toggle() })), vecty.Text(play)),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("clock-step"), vecty.Attribute("aria-label", "Step 1 s: advance one simulated second"),
			event.Click(func(*vecty.Event) { c.advance(c.ticker.Step()) })), vecty.Text("Step 1 s")),
		elem.Label(vecty.Markup(prop.For("clock-speed"), vecty.Class("visually-hidden")), vecty.Text("Speed of simulated time")),
		elem.Select(vecty.Markup(prop.ID("clock-speed"), event.Change(b.onSpeed)), opts),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("clock-jump-hour"), vecty.Attribute("aria-label", "+1 h: advance one simulated hour at once"),
			event.Click(func(*vecty.Event) { c.advance(c.ticker.Jump(JumpHourMs)) })), vecty.Text("+1 h")),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("clock-jump-day"), vecty.Attribute("aria-label", "+1 day: advance one simulated day at once"),
			event.Click(func(*vecty.Event) { c.advance(c.ticker.Jump(JumpDayMs)) })), vecty.Text("+1 day")),
	)
}

func speedText(s int64) string {
	if s >= 1000 {
		return strconv.FormatInt(s/1000, 10) + ",000×"
	}
	return strconv.FormatInt(s, 10) + "×"
}
