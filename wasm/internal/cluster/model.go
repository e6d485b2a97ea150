package cluster

import "math"

// Kind says how the renderer draws an item Fill writes.
type Kind uint8

const (
	KindBarCPU   Kind = iota // a CPU bar's fill
	KindBarMem               // a memory bar's fill
	KindStarting             // a task on its way up (hollow)
	KindRunning              // a running task (solid)
	KindStopping             // a task on its way down, or fading out (pale)
	KindFlying               // a task flying from the Run button
	KindSelected             // the outline of the task picked
	Kinds                    // how many kinds there are
)

// FloatsPerItem is what Fill writes per item: x, y, w, h (CSS pixels),
// kind, colour.
const FloatsPerItem = 6

// Timings of the motion in wall-clock ms, the playground's own choices:
// long enough to follow with the eye, short enough that a run of ten
// tasks has landed within a second and a half.
const (
	flyMs     = 800
	staggerMs = 60  // between the tasks of one look, so ten read as ten
	maxDelay  = 700 // the last of many starts no later than this
	moveMs    = 450 // a chip sliding to a new place in its box
	fadeMs    = 450
	barTauMs  = 140 // the bars' time constant
	// maxFrameMs clamps one frame: a tab in the background must not
	// jump when it comes back.
	maxFrameMs = 250
)

type chipAnim struct {
	task           string
	fx, fy         float32 // where its current move started
	tx, ty, tw, th float32 // where it goes
	age, life      float32 // ms into the move and its length; life 0: settled
	fade           float32 // ms of fading left once gone
	gone, flying   bool
	status         Status
	colour         uint8
}

type barAnim struct{ cpu, mem float32 }

// Model is the motion of one cluster's picture between looks. The zero
// value is ready to use.
type Model struct {
	scene    Scene
	chips    []*chipAnim // the scene's, then the fading
	byTask   map[string]*chipAnim
	bars     []barAnim // by box of the scene
	barsBy   map[string]barAnim
	started  bool
	selected string
	originX  float32
	buf      []float32
}

// Scene returns the scene the model draws.
func (m *Model) Scene() Scene { return m.scene }

// SetOrigin puts the Run button's point, where new tasks start to fly
// from (x in CSS pixels; y is OriginY, the canvas's top edge).
func (m *Model) SetOrigin(x float32) { m.originX = x }

// Select outlines the chip of task (or none for "").
func (m *Model) Select(task string) { m.selected = task }

// Selected returns the task outlined.
func (m *Model) Selected() string { return m.selected }

// SetScene moves the model onto s: tasks new since the last scene fly in
// from the Run button (not on the first scene, which is drawn as it is),
// tasks that moved slide, tasks gone fade out, and the bars head for their
// new fill.
func (m *Model) SetScene(s Scene) {
	if m.byTask == nil {
		m.byTask = map[string]*chipAnim{}
	}
	next := make(map[string]*chipAnim, len(s.Chips))
	chips := make([]*chipAnim, 0, len(s.Chips))
	arrivals := 0
	for _, c := range s.Chips {
		a := m.byTask[c.Task]
		switch {
		case a == nil || a.gone:
			a = &chipAnim{task: c.Task, tx: c.X, ty: c.Y, tw: c.W, th: c.H}
			if m.started {
				a.fx, a.fy, a.flying, a.life = m.originX, OriginY, true, flyMs
				a.age = -min(float32(arrivals)*staggerMs, maxDelay)
				arrivals++
			}
		case a.tx != c.X || a.ty != c.Y || a.tw != c.W || a.th != c.H:
			if !a.flying { // a flying chip keeps its flight, to the new place
				a.fx, a.fy = a.pos()
				a.age, a.life = 0, moveMs
			}
			a.tx, a.ty, a.tw, a.th = c.X, c.Y, c.W, c.H
		}
		a.status, a.colour = c.Status, c.Colour
		next[c.Task] = a
		chips = append(chips, a)
	}
	for _, a := range m.chips {
		if next[a.task] == nil {
			if !a.gone {
				a.gone, a.fade = true, fadeMs
				if !m.started {
					a.fade = 0
				}
			}
			if a.fade > 0 {
				chips = append(chips, a)
			}
		}
	}
	bars := make([]barAnim, len(s.Boxes))
	barsBy := make(map[string]barAnim, len(s.Boxes))
	for i, b := range s.Boxes {
		old, ok := m.barsBy[b.ARN]
		if !ok && !m.started {
			old = barAnim{b.CPUFill(), b.MemFill()}
		}
		bars[i] = old
		barsBy[b.ARN] = old
	}
	m.scene, m.chips, m.byTask, m.bars, m.barsBy = s, chips, next, bars, barsBy
	m.started = true
}

// pos returns where a chip is now.
func (a *chipAnim) pos() (x, y float32) {
	if a.life == 0 || a.age >= a.life {
		return a.tx, a.ty
	}
	if a.age <= 0 {
		return a.fx, a.fy
	}
	t := ease(a.age / a.life)
	return a.fx + (a.tx-a.fx)*t, a.fy + (a.ty-a.fy)*t
}

// ease is a cubic ease-in-out of t in [0, 1].
func ease(t float32) float32 {
	if t < 0.5 {
		return 4 * t * t * t
	}
	u := 2*t - 2
	return 1 + u*u*u/2
}

// Frame moves everything wallMs on and reports whether anything still
// moves (the page's clock stops asking for frames when nothing does).
func (m *Model) Frame(wallMs float64) bool {
	ms := float32(min(max(wallMs, 0), maxFrameMs))
	moving := false
	k := 0
	for _, a := range m.chips {
		if a.gone {
			a.fade -= ms
			if a.fade <= 0 {
				continue
			}
			moving = true
		} else if a.life > 0 {
			a.age += ms
			if a.age >= a.life {
				a.age, a.life, a.flying = 0, 0, false
			} else {
				moving = true
			}
		}
		m.chips[k] = a
		k++
	}
	clear(m.chips[k:])
	m.chips = m.chips[:k]
	step := float32(1 - math.Exp(-float64(ms)/barTauMs))
	for i, b := range m.scene.Boxes {
		bar := &m.bars[i]
		moving = approach(&bar.cpu, b.CPUFill(), step) || moving
		moving = approach(&bar.mem, b.MemFill(), step) || moving
		m.barsBy[b.ARN] = *bar
	}
	return moving
}

// approach moves v a step of the way to target, snapping when close, and
// reports whether it still moves.
func approach(v *float32, target, step float32) bool {
	d := target - *v
	if d > -0.002 && d < 0.002 {
		*v = target
		return false
	}
	*v += d * step
	return true
}

// Fill writes the frame's items (FloatsPerItem each) into a buffer the
// model keeps and returns it: the bars' fills, then the chips, then the
// outline of the chip picked.
func (m *Model) Fill() []float32 {
	out := m.buf[:0]
	for i, b := range m.scene.Boxes {
		x, y, w, h := b.BarCPU()
		out = append(out, x, y, w*m.bars[i].cpu, h, float32(KindBarCPU), 0)
		x, y, w, h = b.BarMem()
		out = append(out, x, y, w*m.bars[i].mem, h, float32(KindBarMem), 0)
	}
	var sel *chipAnim
	for _, a := range m.chips {
		x, y := a.pos()
		w, h := a.tw, a.th
		kind := KindStarting + Kind(a.status)
		switch {
		case a.gone:
			f := a.fade / fadeMs
			x, y, w, h = x+w*(1-f)/2, y+h*(1-f)/2, w*f, h*f
			kind = KindStopping
		case a.flying && a.age < a.life:
			if a.age < 0 {
				continue // not yet off
			}
			kind = KindFlying
		}
		out = append(out, x, y, w, h, float32(kind), float32(a.colour))
		if a.task == m.selected && !a.gone {
			sel = a
		}
	}
	if sel != nil {
		x, y := sel.pos()
		out = append(out, x-2, y-2, sel.tw+4, sel.th+4, float32(KindSelected), float32(sel.colour))
	}
	m.buf = out
	return out
}
