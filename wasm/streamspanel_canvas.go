//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/streams"
	"syscall/js"
	"unsafe"

	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/flow"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
)

// FlowCanvas is one stream's animated data flow: a canvas drawn by
// site/flow.js, fed once per frame by the page's clock (a FrameHook) with
// the dots the flow's model decided, copied in one go. Vecty renders the
// canvas element once and never again (SkipRender): frames go to the
// canvas only, not through Vecty.
type FlowCanvas struct {
	vecty.Core
	Flow    *streams.StreamFlow `vecty:"prop"`
	Store   *Store              `vecty:"prop"`
	Clock   *Clock              `vecty:"prop"`
	OnShard func(shard string)  `vecty:"prop"` // a lane was clicked

	el       *vecty.HTML
	r        js.Value // the flow.js renderer
	bytes    js.Value // its byte view of the shared buffer
	account  *cloud.Account
	seq      int     // the account's step events already read
	sinceTxt float64 // wall ms since the counts were last sent
	counts   string  // the counts last sent, joined
	drawn    bool    // the canvas shows dots (one empty frame clears them)
}

// countsEveryMs bounds how often the counts' text is sent to the canvas:
// the playground's own choice, readable figures that still look live.
const countsEveryMs = 200

// SkipRender keeps the canvas as it is: the renderer draws it.
func (c *FlowCanvas) SkipRender(vecty.Component) bool { return c.el != nil }

// Mount starts the renderer and has the clock call Frame.
func (c *FlowCanvas) Mount() {
	api := js.Global().Get("cloudplayFlow")
	if api.Type() != js.TypeObject || c.Flow == nil {
		return
	}
	c.r = api.Call("create", c.el.Node())
	c.sync()
	if c.Clock != nil {
		c.Clock.AddHook(c)
	}
}

// Unmount stops it.
func (c *FlowCanvas) Unmount() {
	if c.Clock != nil {
		c.Clock.RemoveHook(c)
	}
	if c.r.Truthy() {
		c.r.Call("destroy")
		c.r = js.Value{}
	}
}

// sync reads the account's new step events into the flow and sends the
// layout when it changed.
func (c *FlowCanvas) sync() {
	a := c.Store.Account()
	if a != c.account {
		c.account, c.seq = a, a.StepSeq() // what happened before is not animated
	}
	if seq := a.StepSeq(); seq != c.seq {
		c.Flow.ApplySteps(a.StepEventsSince(c.seq))
		c.seq = seq
	}
	if c.r.Truthy() && c.Flow.TakeLayoutChange() {
		c.r.Call("setLayout", layoutJS(c.Flow.Model.Layout()))
		c.counts = "" // send them again
	}
}

// Frame draws one frame: wallMs of motion, then the dots.
func (c *FlowCanvas) Frame(wallMs float64) bool {
	if !c.r.Truthy() {
		return false
	}
	c.sync()
	more := c.Flow.Model.Frame(wallMs)
	if c.sinceTxt += wallMs; c.sinceTxt >= countsEveryMs || !more || c.counts == "" {
		c.sinceTxt = 0
		c.sendCounts()
	}
	dots := c.Flow.Fill()
	if len(dots) == 0 && !c.drawn {
		return more
	}
	n := len(dots) / flow.FloatsPerDot
	if n > 0 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&dots[0])), len(dots)*4)
		if c.bytes.IsUndefined() || c.bytes.Get("byteLength").Int() < len(b) {
			c.bytes = c.r.Call("buffer", len(b))
		}
		js.CopyBytesToJS(c.bytes, b)
	}
	c.r.Call("frame", n)
	c.drawn = n > 0
	return more || c.drawn
}

func (c *FlowCanvas) sendCounts() {
	lanes, consumers := c.Flow.Counts()
	key := ""
	for _, s := range lanes {
		key += s + "\n"
	}
	key += "|"
	for _, s := range consumers {
		key += s + "\n"
	}
	if key == c.counts {
		return
	}
	c.counts = key
	c.r.Call("setCounts", map[string]any{"lanes": anySlice(lanes), "consumers": anySlice(consumers)})
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func layoutJS(l flow.Layout) map[string]any {
	lanes := make([]any, len(l.Lanes))
	for i, x := range l.Lanes {
		lanes[i] = map[string]any{"id": x.ID, "label": x.Label, "open": x.Open, "y": float64(x.Y)}
	}
	nodes := func(ns []flow.Node) []any {
		out := make([]any, len(ns))
		for i, n := range ns {
			out[i] = map[string]any{"name": n.Name, "y": float64(n.Y)}
		}
		return out
	}
	return map[string]any{"height": float64(l.Height), "lanes": lanes, "producers": nodes(l.Producers), "consumers": nodes(l.Consumers)}
}

// onClick picks the lane under the pointer.
func (c *FlowCanvas) onClick(e *vecty.Event) {
	if c.OnShard == nil || c.Flow == nil {
		return
	}
	y := float32(e.Get("offsetY").Float())
	for _, l := range c.Flow.Model.Layout().Lanes {
		if y >= l.Y-flow.LaneHeight/2 && y < l.Y+flow.LaneHeight/2 {
			c.OnShard(l.ID)
			return
		}
	}
}

// Render draws the canvas element, once.
func (c *FlowCanvas) Render() vecty.ComponentOrHTML {
	name := ""
	if c.Flow != nil {
		name = c.Flow.Stream
	}
	c.el = elem.Canvas(vecty.Markup(vecty.Class("flow-canvas"), vecty.Attribute("data-dots", "0"),
		vecty.Attribute("role", "img"),
		vecty.Attribute("aria-label", "Records of "+name+" flowing from producers through its shards to consumers; a throttled record bounces back. Click a shard to split or merge it."),
		event.Click(c.onClick)))
	return c.el
}
