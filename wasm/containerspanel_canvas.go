//go:build js && wasm

package main

import (
	"syscall/js"
	"unsafe"

	"cloudplay/wasm/internal/cluster"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
)

// ClusterCanvas is the cluster's picture: a canvas drawn by site/cluster.js,
// fed once per frame by the page's clock (a FrameHook) with the items the
// model decided, copied in one go. Vecty renders the canvas element once
// (SkipRender); the panel hands new views to Pic, and the canvas lays them
// out for its width.
type ClusterCanvas struct {
	vecty.Core
	Pic    *clusterPic       `vecty:"prop"`
	Clock  *Clock            `vecty:"prop"`
	OnTask func(task string) `vecty:"prop"`

	el    *vecty.HTML
	r     js.Value // the cluster.js renderer
	bytes js.Value // its byte view of the shared buffer
	width float32
	drawn bool
}

// SkipRender keeps the canvas as it is: the renderer draws it.
func (c *ClusterCanvas) SkipRender(vecty.Component) bool { return c.el != nil }

// Mount starts the renderer and has the clock call Frame.
func (c *ClusterCanvas) Mount() {
	api := js.Global().Get("cloudplayCluster")
	if api.Type() != js.TypeObject || c.Pic == nil {
		return
	}
	c.r = api.Call("create", c.el.Node())
	if c.Clock != nil {
		c.Clock.AddHook(c)
	}
	c.Frame(0)
}

// Unmount stops it.
func (c *ClusterCanvas) Unmount() {
	if c.Clock != nil {
		c.Clock.RemoveHook(c)
	}
	if c.r.Truthy() {
		c.r.Call("destroy")
		c.r = js.Value{}
	}
}

// sync lays the scene out again when the view or the width changed, and
// sends the new layout.
func (c *ClusterCanvas) sync() {
	w := float32(c.r.Call("width").Float())
	if !c.Pic.dirty && w == c.width {
		return
	}
	c.Pic.dirty, c.width = false, w
	c.Pic.model.SetOrigin(min(w/2, 60))
	c.Pic.model.SetScene(cluster.Build(c.Pic.cv, w))
	c.r.Call("setLayout", clusterLayoutJS(c.Pic.model.Scene()))
}

// Frame draws one frame: wallMs of motion, then the items.
func (c *ClusterCanvas) Frame(wallMs float64) bool {
	if !c.r.Truthy() {
		return false
	}
	c.sync()
	more := c.Pic.model.Frame(wallMs)
	items := c.Pic.model.Fill()
	n := len(items) / cluster.FloatsPerItem
	if n == 0 && !c.drawn {
		return more
	}
	if n > 0 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&items[0])), len(items)*4)
		if c.bytes.IsUndefined() || c.bytes.Get("byteLength").Int() < len(b) {
			c.bytes = c.r.Call("buffer", len(b))
		}
		js.CopyBytesToJS(c.bytes, b)
	}
	c.r.Call("frame", n)
	c.drawn = n > 0
	return more
}

func clusterLayoutJS(s cluster.Scene) map[string]any {
	cols := make([]any, len(s.Columns))
	for i, x := range s.Columns {
		cols[i] = map[string]any{"zone": x.Zone, "x": float64(x.X), "y": float64(x.Y), "w": float64(x.W), "h": float64(x.H),
			"laneY": float64(x.LaneY), "laneH": float64(x.LaneH)}
	}
	boxes := make([]any, len(s.Boxes))
	for i, b := range s.Boxes {
		cx, cy, bw, bh := b.BarCPU()
		_, my, _, _ := b.BarMem()
		boxes[i] = map[string]any{"label": b.Label, "detail": b.Detail, "active": b.Active,
			"x": float64(b.X), "y": float64(b.Y), "w": float64(b.W), "h": float64(b.H),
			"cpuX": float64(cx), "cpuY": float64(cy), "memY": float64(my), "barW": float64(bw), "barH": float64(bh)}
	}
	return map[string]any{"height": float64(s.Height), "columns": cols, "boxes": boxes}
}

// onClick explains the task under the pointer.
func (c *ClusterCanvas) onClick(e *vecty.Event) {
	if c.OnTask == nil || c.Pic == nil {
		return
	}
	if t := c.Pic.model.Scene().Hit(float32(e.Get("offsetX").Float()), float32(e.Get("offsetY").Float())); t != "" {
		c.OnTask(t)
	}
}

// Render draws the canvas element, once.
func (c *ClusterCanvas) Render() vecty.ComponentOrHTML {
	c.el = elem.Canvas(vecty.Markup(vecty.Class("cluster-canvas"), vecty.Attribute("data-items", "0"),
		vecty.Attribute("role", "img"),
		vecty.Attribute("aria-label", "The cluster: Availability Zones as columns, container instances as boxes with CPU and memory bars filled by their tasks, and the Fargate tasks each in a box of their own. Click a task to see why it was placed there."),
		event.Click(c.onClick)))
	return c.el
}
