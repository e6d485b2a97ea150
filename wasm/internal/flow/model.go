package flow

import (
	"strconv"

	"cloudplay/core/api"
)

// Kind says what a dot shows; the renderer draws each kind its own way.
type Kind uint8

const (
	// Write is a record on its way from a producer into a shard's lane.
	Write Kind = iota
	// Throttle is a record the shard refused: it bounces back.
	Throttle
	// Read is a record on its way from a shard to a consumer.
	Read
)

// Bounds and timings of the animation, the playground's own choices: a
// sample of dots large enough to look like a stream and small enough that
// a phone draws it at 60 frames a second (the target is 2,000 in
// flight at a 95th-percentile frame under 25 ms).
const (
	// StepMs is the model's fixed step of wall-clock time.
	StepMs = 50
	// MaxDots bounds the dots in flight; past it new dots are not drawn
	// (their records are still counted).
	MaxDots = 4096
	// MaxDotsPerEvent bounds the dots one event makes: a PutRecords of 500
	// records to one shard is drawn as this many (a 4-shard stream takes
	// about 125 records a shard from such a call).
	MaxDotsPerEvent = 128
	// Colours is the size of the renderer's palette of partition keys.
	Colours = 12
	// FloatsPerDot is what Fill writes per dot: x, y, colour, kind.
	FloatsPerDot = 4
	// spreadMs spreads the births of one event's dots, so a batch reads
	// as a stream rather than a clump.
	spreadMs   = 450
	writeMs    = 1500 // a written record's flight, producer to lane end
	throttleMs = 1100 // a refused record's flight and bounce
	readMs     = 900  // a read record's flight, lane end to consumer
	// maxFrameMs clamps one frame: a tab in the background must not
	// replay minutes of steps when it comes back.
	maxFrameMs = 250
)

// Pos is a position on the canvas: X a fraction of its width, Y in CSS
// pixels.
type Pos struct{ X, Y float32 }

type dot struct {
	age, life float32 // ms; a negative age is a dot not born yet
	jit       float32 // its y offset inside the lane
	from      int16   // its producer (Write, Throttle) or consumer (Read)
	lane      int16
	colour    uint8
	kind      Kind
}

// Counts are the exact records counted, per lane, producer or consumer.
type Counts struct {
	Written, Throttled, Read int64
}

// Model is the records in flight on one stream's canvas. The zero value is
// not usable: make one with NewModel.
type Model struct {
	layout Layout
	dots   []dot
	// prev and next are the dots' positions at the last step and the one
	// after; cur is a frame between them (Interpolate).
	prev, next, cur []Pos
	dirty           bool // prev and next are stale
	accMs           float64
	alpha           float32
	rnd             uint32
	steps           bool // a Records* step event was applied
	visible         int  // dots written by the last Fill

	lanes     map[string]*Counts
	producers map[string]*Counts
	consumers map[string]*Counts
}

// NewModel returns an empty model drawn on l.
func NewModel(l Layout) *Model {
	return &Model{layout: l, rnd: 0x9e3779b9, lanes: map[string]*Counts{},
		producers: map[string]*Counts{}, consumers: map[string]*Counts{}}
}

// Layout returns the layout the model draws on.
func (m *Model) Layout() Layout { return m.layout }

// SetLayout moves the model onto a new layout (a shard split or merged, a
// producer started): dots keep their lane and node by name, and those
// whose lane is gone vanish.
func (m *Model) SetLayout(l Layout) {
	old := m.layout
	m.layout = l
	k := 0
	for _, d := range m.dots {
		lane := l.lane(old.Lanes[d.lane].ID)
		if lane < 0 {
			continue
		}
		d.lane = int16(lane)
		switch d.kind {
		case Read:
			c := l.consumer(old.Consumers[d.from].Name)
			if c < 0 {
				continue
			}
			d.from = int16(c)
		default:
			d.from = int16(l.producer(old.Producers[d.from].Name))
		}
		m.dots[k] = d
		k++
	}
	m.dots = m.dots[:k]
	m.dirty = true
}

// InFlight is how many dots are in flight (born or about to be).
func (m *Model) InFlight() int { return len(m.dots) }

// Visible is how many dots the last Fill wrote.
func (m *Model) Visible() int { return m.visible }

// HasSteps reports whether the model has been fed the stream's step
// events; until then the panel feeds it from the shards' metrics.
func (m *Model) HasSteps() bool { return m.steps }

// Lane returns the records counted on shard id.
func (m *Model) Lane(id string) Counts { return get(m.lanes, id) }

// Producer returns the records counted for a producer (Callers for
// records put by calls).
func (m *Model) Producer(name string) Counts { return get(m.producers, name) }

// Consumer returns the records counted for a consumer.
func (m *Model) Consumer(name string) Counts { return get(m.consumers, name) }

func get(m map[string]*Counts, k string) Counts {
	if c := m[k]; c != nil {
		return *c
	}
	return Counts{}
}

func counts(m map[string]*Counts, k string) *Counts {
	c := m[k]
	if c == nil {
		c = &Counts{}
		m[k] = c
	}
	return c
}

// Written counts n records written to shard by producer ("" or a name the
// layout does not show: the callers' node) and starts a sample of dots,
// coloured by keys (comma-separated partition keys; "" colours by shard).
func (m *Model) Written(producer, shard string, n int, keys string) {
	if n <= 0 {
		return
	}
	p := m.producerName(producer)
	counts(m.lanes, shard).Written += int64(n)
	counts(m.producers, p).Written += int64(n)
	lane := m.layout.lane(shard)
	if lane < 0 {
		return
	}
	m.spawn(Write, int16(m.layout.producer(p)), int16(lane), n, keys, shard)
}

// Throttled counts n records shard refused to producer and starts dots
// that bounce back.
func (m *Model) Throttled(producer, shard string, n int) {
	if n <= 0 {
		return
	}
	p := m.producerName(producer)
	counts(m.lanes, shard).Throttled += int64(n)
	counts(m.producers, p).Throttled += int64(n)
	lane := m.layout.lane(shard)
	if lane < 0 {
		return
	}
	m.spawn(Throttle, int16(m.layout.producer(p)), int16(lane), n, "", shard)
}

// ReadBy counts n records consumer read from shard and starts dots towards
// it (none when the layout does not show the consumer).
func (m *Model) ReadBy(consumer, shard string, n int) {
	if n <= 0 {
		return
	}
	counts(m.lanes, shard).Read += int64(n)
	counts(m.consumers, consumer).Read += int64(n)
	lane, c := m.layout.lane(shard), m.layout.consumer(consumer)
	if lane < 0 || c < 0 {
		return
	}
	m.spawn(Read, int16(c), int16(lane), n, "", shard)
}

func (m *Model) producerName(name string) string {
	if name == "" || m.layout.producer(name) == 0 {
		return Callers
	}
	return name
}

// Apply feeds the model one step event of the account, if it is a
// kinesis Records* event of stream; it reports whether it was.
func (m *Model) Apply(e api.StepEvent, stream string) bool {
	if e.Service != "kinesis" || e.Fields["stream"] != stream {
		return false
	}
	f := e.Fields
	n, err := strconv.Atoi(f["count"])
	if err != nil {
		return false
	}
	switch e.Type {
	case "RecordsWritten":
		m.Written(f["producer"], f["shard"], n, f["keys"])
	case "RecordsThrottled":
		m.Throttled(f["producer"], f["shard"], n)
	case "RecordsRead":
		m.ReadBy(f["consumer"], f["shard"], n)
	default:
		return false
	}
	m.steps = true
	return true
}

// spawn starts min(n, MaxDotsPerEvent) dots, while fewer than MaxDots fly.
func (m *Model) spawn(k Kind, from, lane int16, n int, keys, shard string) {
	n = min(n, MaxDotsPerEvent, MaxDots-len(m.dots))
	life := float32(writeMs)
	switch k {
	case Throttle:
		life = throttleMs
	case Read:
		life = readMs
	}
	for i := range n {
		key := nthKey(keys, i)
		c := uint8(0)
		if key != "" {
			c = Colour(key)
		} else if k == Write {
			c = uint8((hash(shard) + uint32(i)) % Colours)
		}
		delay := float32(i)*spreadMs/float32(max(n, 1)) + float32(m.rand()%40)
		m.dots = append(m.dots, dot{age: -delay, life: life,
			jit: float32(int(m.rand()%(2*jitterY+1)) - jitterY), from: from, lane: lane, colour: c, kind: k})
	}
	m.dirty = true
}

// nthKey is the (i mod count)th of the comma-separated keys, "" for none.
func nthKey(keys string, i int) string {
	if keys == "" {
		return ""
	}
	n := 1
	for j := 0; j < len(keys); j++ {
		if keys[j] == ',' {
			n++
		}
	}
	i %= n
	start := 0
	for j := 0; j <= len(keys); j++ {
		if j == len(keys) || keys[j] == ',' {
			if i == 0 {
				return keys[start:j]
			}
			i--
			start = j + 1
		}
	}
	return ""
}

// Colour is the palette index of a partition key: a stable hash (FNV-1a
// of its bytes), so a key has one colour on every lane and every visit.
func Colour(key string) uint8 { return uint8(hash(key) % Colours) }

func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// rand is a xorshift32: the jitter is the same on every run.
func (m *Model) rand() uint32 {
	x := m.rnd
	x ^= x << 13
	x ^= x >> 17
	x ^= x << 5
	m.rnd = x
	return x
}

// Frame moves the model on by wallMs of wall-clock time (clamped to
// 0…250 ms) in fixed steps, and keeps the fraction of the next step for
// Fill. It reports whether anything is left to draw.
func (m *Model) Frame(wallMs float64) bool {
	if !(wallMs > 0) {
		wallMs = 0
	}
	m.accMs += min(wallMs, maxFrameMs)
	for m.accMs >= StepMs {
		m.accMs -= StepMs
		m.step()
	}
	m.alpha = float32(m.accMs / StepMs)
	return len(m.dots) > 0
}

// step ages every dot by one step and lets go of those that arrived.
func (m *Model) step() {
	k := 0
	for _, d := range m.dots {
		d.age += StepMs
		if d.age < d.life {
			m.dots[k] = d
			k++
		}
	}
	m.dots = m.dots[:k]
	m.dirty = true
}

// positions computes prev and next: each dot at its age and one step on.
func (m *Model) positions() {
	n := len(m.dots)
	m.prev = resize(m.prev, n)
	m.next = resize(m.next, n)
	for i := range m.dots {
		d := &m.dots[i]
		m.prev[i] = m.at(d, d.age)
		m.next[i] = m.at(d, d.age+StepMs)
	}
	m.dirty = false
}

func resize(s []Pos, n int) []Pos {
	if cap(s) < n {
		return make([]Pos, n, max(n, 2*cap(s)))
	}
	return s[:n]
}

// at is where d is at age: a pure function of its path.
func (m *Model) at(d *dot, age float32) Pos {
	p := min(max(age/d.life, 0), 1)
	lane := m.layout.Lanes[d.lane]
	ly := lane.Y + d.jit
	switch d.kind {
	case Throttle:
		src := m.layout.Producers[d.from]
		const hit = 0.55
		if p < hit {
			return lerp(Pos{ProducerX, src.Y}, Pos{LaneX0, ly}, p/hit)
		}
		t := (p - hit) / (1 - hit)
		return Pos{LaneX0 - bounceDX*t, ly + bounceDY*t*t}
	case Read:
		dst := m.layout.Consumers[d.from]
		return lerp(Pos{LaneX1, ly}, Pos{ConsumerX, dst.Y}, p)
	}
	src := m.layout.Producers[d.from]
	const enter = 0.3
	if p < enter {
		return lerp(Pos{ProducerX, src.Y}, Pos{LaneX0, ly}, p/enter)
	}
	return Pos{LaneX0 + (LaneX1-LaneX0)*(p-enter)/(1-enter), ly}
}

func lerp(a, b Pos, t float32) Pos {
	return Interpolate1(a, b, t)
}

// Interpolate writes into dst (reused; returned) the positions a fraction
// alpha of the way from prev to next, pairwise: alpha 0 gives prev, 1
// gives next exactly, and each coordinate moves monotonically with alpha.
// Alpha is clamped to [0, 1]; the result is as long as the shorter input.
func Interpolate(dst, prev, next []Pos, alpha float32) []Pos {
	n := min(len(prev), len(next))
	dst = resize(dst, n)
	for i := range n {
		dst[i] = Interpolate1(prev[i], next[i], alpha)
	}
	return dst
}

// Interpolate1 is Interpolate of one position.
func Interpolate1(a, b Pos, alpha float32) Pos {
	switch {
	case !(alpha > 0):
		return a
	case alpha >= 1:
		return b
	}
	return Pos{a.X + (b.X-a.X)*alpha, a.Y + (b.Y-a.Y)*alpha}
}

// Fill writes each visible dot as FloatsPerDot float32s (x as a fraction
// of the width, y in CSS pixels, colour index, kind) into dst, reused and
// returned, at the fraction of a step the last Frame left.
func (m *Model) Fill(dst []float32) []float32 {
	if m.dirty {
		m.positions()
	}
	m.cur = Interpolate(m.cur, m.prev, m.next, m.alpha)
	dst = dst[:0]
	for i := range m.dots {
		d := &m.dots[i]
		if d.age+m.alpha*StepMs <= 0 {
			continue // not born yet
		}
		p := m.cur[i]
		dst = append(dst, p.X, p.Y, float32(d.colour), float32(d.kind))
	}
	m.visible = len(dst) / FloatsPerDot
	return dst
}
