package flow

import (
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/sim"
	"cloudplay/core/stream"
)

func twoLanes() Layout {
	return NewLayout([]LaneSpec{{ID: "shardId-000000000000", Label: "0 – 1/2", Open: true},
		{ID: "shardId-000000000001", Label: "1/2 – 1", Open: true}}, []string{"trucks"}, []string{"dashboard"})
}

func TestInterpolate(t *testing.T) {
	t.Parallel()
	prev := []Pos{{0.1, 10}, {0.5, 40}, {0.9, 3}}
	next := []Pos{{0.3, 12}, {0.4, 40}, {0.9, 7}}
	tests := []struct {
		name  string
		alpha float32
		want  []Pos
	}{
		{"alpha 0 is prev", 0, prev},
		{"alpha 1 is next", 1, next},
		{"below 0 clamps", -3, prev},
		{"above 1 clamps", 7, next},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Interpolate(nil, prev, next, tt.alpha)
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Fatalf("Interpolate(alpha %v)[%d] = %v, want %v", tt.alpha, i, got[i], tt.want[i])
				}
			}
		})
	}
	// Monotone in alpha, coordinate by coordinate.
	last := Interpolate(nil, prev, next, 0)
	for a := float32(0.01); a <= 1; a += 0.01 {
		cur := Interpolate(nil, prev, next, a)
		for i := range cur {
			if !between(last[i].X, cur[i].X, next[i].X) || !between(last[i].Y, cur[i].Y, next[i].Y) {
				t.Fatalf("alpha %v: dot %d went from %v to %v, away from %v", a, i, last[i], cur[i], next[i])
			}
		}
		last = cur
	}
	if got := Interpolate(nil, prev, next[:1], 0.5); len(got) != 1 {
		t.Fatalf("len = %d, want the shorter input's 1", len(got))
	}
}

// between reports whether b lies between a and c (inclusive).
func between(a, b, c float32) bool {
	if a > c {
		a, c = c, a
	}
	return a <= b && b <= c
}

func TestWriteDotsMoveRightAndArrive(t *testing.T) {
	t.Parallel()
	m := NewModel(twoLanes())
	m.Written("trucks", "shardId-000000000001", 1, "truck-001")
	var buf []float32
	lastX := float32(-1)
	seen := false
	for f := 0; f < 200; f++ {
		m.Frame(16.7)
		buf = m.Fill(buf)
		if len(buf) == 0 {
			if seen {
				break
			}
			continue
		}
		seen = true
		x, y, c, k := buf[0], buf[1], buf[2], buf[3]
		if x < lastX {
			t.Fatalf("frame %d: a written record moved left, %v after %v", f, x, lastX)
		}
		if x < ProducerX || x > LaneX1 {
			t.Fatalf("frame %d: x = %v outside producer…lane end", f, x)
		}
		if y <= 0 || y > m.Layout().Height {
			t.Fatalf("frame %d: y = %v outside the canvas (height %v)", f, y, m.Layout().Height)
		}
		if int(c) != int(Colour("truck-001")) || Kind(k) != Write {
			t.Fatalf("frame %d: colour %v kind %v, want %d and Write", f, c, k, Colour("truck-001"))
		}
		lastX = x
	}
	if !seen {
		t.Fatal("the record was never drawn")
	}
	if m.InFlight() != 0 {
		t.Fatalf("%d dots still in flight after 200 frames", m.InFlight())
	}
	if lastX < LaneX1-0.05 {
		t.Fatalf("the record stopped at x = %v, short of the lane's end %v", lastX, LaneX1)
	}
}

func TestThrottledDotsBounceBack(t *testing.T) {
	t.Parallel()
	m := NewModel(twoLanes())
	m.Throttled("trucks", "shardId-000000000000", 1)
	var buf []float32
	maxX, lastX := float32(0), float32(0)
	for range 200 {
		m.Frame(16.7)
		if buf = m.Fill(buf); len(buf) > 0 {
			if Kind(buf[3]) != Throttle {
				t.Fatalf("kind %v, want Throttle", buf[3])
			}
			lastX, maxX = buf[0], max(maxX, buf[0])
		}
	}
	if maxX < LaneX0-0.01 || maxX > LaneX0+0.001 {
		t.Fatalf("a refused record got to x = %v; it should reach the lane's start %v and go no further", maxX, LaneX0)
	}
	if lastX > LaneX0-bounceDX/2 {
		t.Fatalf("a refused record ended at x = %v: it did not bounce back from %v", lastX, LaneX0)
	}
}

func TestCountsExactDotsBounded(t *testing.T) {
	t.Parallel()
	m := NewModel(twoLanes())
	for range 1000 {
		m.Written("", "shardId-000000000000", 1_000_000, "a,b,c")
		m.Throttled("trucks", "shardId-000000000001", 37)
	}
	m.ReadBy("dashboard", "shardId-000000000000", 5)
	m.ReadBy("nobody", "shardId-000000000000", 2)
	if got := m.Lane("shardId-000000000000"); got != (Counts{Written: 1_000_000_000, Read: 7}) {
		t.Fatalf("lane 0 counts %+v", got)
	}
	if got := m.Lane("shardId-000000000001"); got.Throttled != 37_000 {
		t.Fatalf("lane 1 throttled %d, want 37000", got.Throttled)
	}
	if got := m.Producer(Callers); got.Written != 1_000_000_000 {
		t.Fatalf("the callers' node counts %d written, want 1e9", got.Written)
	}
	if got := m.Producer("trucks"); got.Throttled != 37_000 {
		t.Fatalf("trucks: %d throttled, want 37000", got.Throttled)
	}
	if got := m.Consumer("dashboard"); got.Read != 5 {
		t.Fatalf("dashboard read %d, want 5", got.Read)
	}
	if m.InFlight() > MaxDots {
		t.Fatalf("%d dots in flight, more than MaxDots %d", m.InFlight(), MaxDots)
	}
	m2 := NewModel(twoLanes())
	m2.Written("", "shardId-000000000000", 500, "")
	if m2.InFlight() != MaxDotsPerEvent {
		t.Fatalf("one event of 500 records made %d dots, want %d", m2.InFlight(), MaxDotsPerEvent)
	}
}

func TestApplyStepEvents(t *testing.T) {
	t.Parallel()
	m := NewModel(twoLanes())
	ev := func(typ string, f map[string]string) api.StepEvent {
		return api.StepEvent{Service: "kinesis", Type: typ, Fields: f}
	}
	tests := []struct {
		e    api.StepEvent
		want bool
	}{
		{ev("RecordsWritten", map[string]string{"stream": "gps", "shard": "shardId-000000000000", "count": "12", "bytes": "1200", "keys": "truck-001,truck-002", "producer": "trucks"}), true},
		{ev("RecordsThrottled", map[string]string{"stream": "gps", "shard": "shardId-000000000000", "count": "3"}), true},
		{ev("RecordsRead", map[string]string{"stream": "gps", "shard": "shardId-000000000001", "count": "9", "consumer": "dashboard", "iteratorAgeMillis": "0"}), true},
		{ev("RecordsWritten", map[string]string{"stream": "other", "shard": "shardId-000000000000", "count": "5"}), false},
		{ev("StreamActive", map[string]string{"stream": "gps"}), false},
		{ev("RecordsWritten", map[string]string{"stream": "gps", "shard": "shardId-000000000000", "count": "x"}), false},
		{api.StepEvent{Service: "s3", Type: "RecordsWritten", Fields: map[string]string{"stream": "gps", "count": "1"}}, false},
	}
	for i, tt := range tests {
		if got := m.Apply(tt.e, "gps"); got != tt.want {
			t.Errorf("Apply #%d (%s) = %v, want %v", i, tt.e.Type, got, tt.want)
		}
	}
	if !m.HasSteps() {
		t.Fatal("HasSteps is false after step events")
	}
	if got := m.Lane("shardId-000000000000"); got != (Counts{Written: 12, Throttled: 3}) {
		t.Fatalf("lane 0 %+v, want 12 written, 3 throttled", got)
	}
	if got := m.Producer("trucks").Written; got != 12 {
		t.Fatalf("trucks wrote %d, want 12", got)
	}
	if got := m.Producer(Callers).Throttled; got != 3 {
		t.Fatalf("the callers' node: %d throttled, want 3 (no producer named)", got)
	}
	if got := m.Consumer("dashboard").Read; got != 9 {
		t.Fatalf("dashboard read %d, want 9", got)
	}
}

func TestSetLayoutKeepsDotsOfLanesThatStay(t *testing.T) {
	t.Parallel()
	m := NewModel(twoLanes())
	m.Written("trucks", "shardId-000000000000", 5, "")
	m.Written("trucks", "shardId-000000000001", 7, "")
	// Shard 1 is split: it closes, two children open; shard 0 stays.
	m.SetLayout(NewLayout([]LaneSpec{{ID: "shardId-000000000000", Open: true}, {ID: "shardId-000000000002", Open: true},
		{ID: "shardId-000000000003", Open: true}}, nil, nil))
	if m.InFlight() != 5 {
		t.Fatalf("%d dots after the split, want shard 0's 5", m.InFlight())
	}
	var buf []float32
	for range 100 {
		m.Frame(16.7)
		buf = m.Fill(buf) // must not index a lane or node that is gone
	}
	if got := m.Lane("shardId-000000000001").Written; got != 7 {
		t.Fatalf("the closed shard's count %d, want 7 (counts stay)", got)
	}
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	m := NewModel(twoLanes())
	buf := make([]float32, 0, MaxDots*FloatsPerDot)
	// Warm up: grow every buffer to its steady size.
	for range 200 {
		m.Written("trucks", "shardId-000000000000", 100, "truck-001,truck-002,truck-003")
		m.Throttled("trucks", "shardId-000000000001", 10)
		m.Frame(16.7)
		buf = m.Fill(buf)
	}
	allocs := testing.AllocsPerRun(200, func() {
		m.Written("trucks", "shardId-000000000000", 100, "truck-001,truck-002,truck-003")
		m.Throttled("trucks", "shardId-000000000001", 10)
		m.Frame(16.7)
		buf = m.Fill(buf)
	})
	if allocs != 0 {
		t.Fatalf("a steady frame allocates %v times, want 0", allocs)
	}
	if m.Visible() == 0 {
		t.Fatal("nothing visible in a steady stream")
	}
}

func TestColourStable(t *testing.T) {
	t.Parallel()
	seen := map[uint8]bool{}
	for _, k := range []string{"truck-001", "truck-002", "truck-003", "user-0001", "user-0002", "hot", "ünïcode", ""} {
		c := Colour(k)
		if c != Colour(k) || c >= Colours {
			t.Fatalf("Colour(%q) = %d: unstable or out of the palette", k, c)
		}
		seen[c] = true
	}
	if len(seen) < 4 {
		t.Fatalf("8 keys got only %d colours", len(seen))
	}
}

func TestNthKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		keys string
		i    int
		want string
	}{{"", 3, ""}, {"a", 5, "a"}, {"a,b,c", 0, "a"}, {"a,b,c", 2, "c"}, {"a,b,c", 4, "b"}, {"a,,c", 1, ""}}
	for _, tt := range tests {
		if got := nthKey(tt.keys, tt.i); got != tt.want {
			t.Errorf("nthKey(%q, %d) = %q, want %q", tt.keys, tt.i, got, tt.want)
		}
	}
}

func TestLayout(t *testing.T) {
	t.Parallel()
	l := NewLayout(make([]LaneSpec, 4), []string{"a", "b", "c", "d", "e"}, []string{"x"})
	if len(l.Producers) != 6 || l.Producers[0].Name != Callers {
		t.Fatalf("producers %+v: want the callers' node first, then 5", l.Producers)
	}
	if want := float32(TopMargin + 6*LaneHeight + BottomMargin); l.Height != want {
		t.Fatalf("height %v, want %v (six rows for six producer nodes)", l.Height, want)
	}
	for i := 1; i < len(l.Lanes); i++ {
		if l.Lanes[i].Y-l.Lanes[i-1].Y != LaneHeight {
			t.Fatalf("lanes %d and %d are %v apart", i-1, i, l.Lanes[i].Y-l.Lanes[i-1].Y)
		}
	}
	if !(ProducerX < LaneX0 && LaneX0 < LaneX1 && LaneX1 < ConsumerX && ConsumerX < ReservedX && ReservedX < 1) {
		t.Fatal("the columns are out of order")
	}
	if !l.Equal(NewLayout(make([]LaneSpec, 4), []string{"a", "b", "c", "d", "e"}, []string{"x"})) || l.Equal(twoLanes()) {
		t.Fatal("Equal is wrong")
	}
}

func TestChart(t *testing.T) {
	t.Parallel()
	now := int64(10_000_500)
	s := ChartOf([]stream.Metric{{Second: 9_000_000, IncomingRecords: 99}, {Second: 9_950_000, IncomingRecords: 4},
		{Second: 10_000_000, IncomingRecords: 1000, WriteProvisionedThroughputExceeded: 250}}, timeOf(now))
	if s.Incoming[ChartSeconds-1] != 1000 || s.Throttled[ChartSeconds-1] != 250 || s.Incoming[ChartSeconds-51] != 4 {
		t.Fatalf("series %v", s.Incoming)
	}
	if s.Max != 1250 {
		t.Fatalf("Max %d, want 1250 (the older second is outside the chart)", s.Max)
	}
	if p := Path(make([]int, 60), 1000, 120, 24); p != "" {
		t.Fatalf("an empty series drew %q", p)
	}
	if p := Path([]int{0, 1000, 2000}, 1000, 30, 20); p != "M0 20.0H10.0V0.0H20.0V0.0H30.0" {
		t.Fatalf("Path = %q", p)
	}
}

func timeOf(ms int64) sim.Time { return sim.Time(ms) }
