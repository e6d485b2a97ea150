//go:build js && wasm

package main

import (
	"encoding/json"
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

	el     *vecty.HTML
	r      js.Value // the cluster.js renderer
	bytes  js.Value // its byte view of the shared buffer
	width  float32
	drawn  bool
	layout string // the layout last sent
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
	if c.Pic.dirty && !c.Pic.seen && w == c.width {
		// A new view waits one frame: the panel's re-render that gave it
		// took this frame's time, the layout takes the next one's.
		c.Pic.seen = true
		return
	}
	c.Pic.dirty, c.Pic.seen, c.width = false, false, w
	c.Pic.model.SetOrigin(min(w/2, 60))
	c.Pic.model.SetScene(cluster.Build(c.Pic.cv, w))
	// The layer (columns, boxes, labels) is parsed and redrawn only when
	// it changed: a task that starts or stops moves chips and bars, which
	// Frame sends, and seldom the boxes.
	if l := clusterLayoutJSON(c.Pic.model.Scene()); l != c.layout {
		c.layout = l
		c.r.Call("setLayout", l)
	}
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

// clusterLayout is the layout as site/cluster.js reads it, sent as JSON
// text (one string crosses into JavaScript, not a tree of values): each
// column's zone and geometry [x, y, w, h, laneY, laneH], each box's
// labels and geometry [x, y, w, h, barX, cpuY, memY, barW, barH].
type clusterLayout struct {
	Height  float32       `json:"height"`
	Columns []layoutEntry `json:"columns"`
	Boxes   []layoutEntry `json:"boxes"`
}

type layoutEntry struct {
	Label  string    `json:"label"`
	Detail string    `json:"detail,omitempty"`
	Active bool      `json:"active,omitempty"`
	G      []float32 `json:"g"`
}

func clusterLayoutJSON(s cluster.Scene) string {
	l := clusterLayout{Height: s.Height, Columns: make([]layoutEntry, len(s.Columns)), Boxes: make([]layoutEntry, len(s.Boxes))}
	for i, x := range s.Columns {
		l.Columns[i] = layoutEntry{Label: x.Zone, G: []float32{x.X, x.Y, x.W, x.H, x.LaneY, x.LaneH}}
	}
	for i, b := range s.Boxes {
		cx, cy, bw, bh := b.BarCPU()
		_, my, _, _ := b.BarMem()
		l.Boxes[i] = layoutEntry{Label: b.Label, Detail: b.Detail, Active: b.Active, G: []float32{b.X, b.Y, b.W, b.H, cx, cy, my, bw, bh}}
	}
	out, _ := json.Marshal(l) // strings, booleans and numbers: cannot fail
	return string(out)
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
