package sim

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Time is simulated time: milliseconds since 1970-01-01T00:00:00Z.
type Time int64

// The range of simulated time: every Time from MinTime to MaxTime formats
// as RFC 3339 in UTC with a four-digit year, and so parses back (RFC 3339
// has no other years: https://www.rfc-editor.org/rfc/rfc3339#section-5.6).
// A clock that passed MaxTime would write times that no scenario could
// load again.
const (
	MinTime = Time(-62167219200000) // 0000-01-01T00:00:00.000Z
	MaxTime = Time(253402300799999) // 9999-12-31T23:59:59.999Z
)

// ParseTime parses an RFC 3339 time (with or without fractional seconds).
// Precision below a millisecond is dropped. A time whose UTC year is not
// from 0000 to 9999 (9999-12-31T23:59:59-01:00 is in the year 10000) is
// refused: it could not be written back.
func ParseTime(s string) (Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("invalid time %q: want RFC 3339, e.g. 2026-01-01T00:00:00Z", clip(s))
	}
	ms := Time(t.UnixMilli())
	if ms < MinTime || ms > MaxTime {
		return 0, fmt.Errorf("invalid time %q: in UTC it is outside %s to %s", clip(s), MinTime.Milli(), MaxTime.Milli())
	}
	return ms, nil
}

// clip quotes at most 64 bytes of a time that failed to parse (a valid
// one is at most 35).
func clip(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "…"
	}
	return s
}

// Std returns t as a time.Time in UTC.
func (t Time) Std() time.Time { return time.UnixMilli(int64(t)).UTC() }

// String formats t as RFC 3339 in UTC with a Z and no fraction
// (2026-01-01T00:00:00Z), as most AWS APIs show timestamps.
func (t Time) String() string { return t.Std().Format("2006-01-02T15:04:05Z") }

// Milli formats t as RFC 3339 in UTC with milliseconds
// (2026-01-01T00:00:00.000Z), for the APIs that have them.
func (t Time) Milli() string { return t.Std().Format("2006-01-02T15:04:05.000Z") }

// Clock is the simulated clock and its queue of scheduled events.
type Clock struct {
	now Time
	seq uint64
	q   eventQueue
}

// NewClock returns a clock that reads start.
func NewClock(start Time) *Clock { return &Clock{now: start} }

// Now reports the current simulated time.
func (c *Clock) Now() Time { return c.now }

// Schedule arranges for fn to run when the clock reaches at. An event
// scheduled in the past runs at the next AdvanceTo.
func (c *Clock) Schedule(at Time, fn func(now Time)) {
	c.seq++
	heap.Push(&c.q, &event{at: at, seq: c.seq, fn: fn})
}

// Pending reports how many events are scheduled.
func (c *Clock) Pending() int { return len(c.q) }

// AdvanceTo moves the clock to t, running every event due at or before t in
// (time, sequence) order; while an event runs, Now reads its time (or the
// current time, if it was scheduled in the past). Events that events schedule
// run too if they fall due. A t before Now is ignored: time never goes back.
func (c *Clock) AdvanceTo(t Time) {
	for len(c.q) > 0 && c.q[0].at <= t {
		e := heap.Pop(&c.q).(*event)
		if e.at > c.now {
			c.now = e.at
		}
		e.fn(c.now)
	}
	if t > c.now {
		c.now = t
	}
}

type event struct {
	at  Time
	seq uint64
	fn  func(Time)
}

// eventQueue is a min-heap ordered by (at, seq), as container/heap's
// priority-queue example.
type eventQueue []*event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return e
}

// Rand is the account's one seeded random source.
type Rand struct {
	*rand.Rand
	src *rand.PCG
}

// NewRand returns a source seeded with seed.
func NewRand(seed uint64) *Rand {
	src := rand.NewPCG(seed, 0x636c6f7564706c79) // "cloudply"
	return &Rand{Rand: rand.New(src), src: src}
}

// State is a saved position of a Rand.
type State []byte

// Save returns the current position of r.
func (r *Rand) Save() State {
	b, _ := r.src.MarshalBinary() // PCG's MarshalBinary cannot fail
	return b
}

// Restore moves r back to a saved position.
func (r *Rand) Restore(s State) {
	if err := r.src.UnmarshalBinary(s); err != nil {
		panic("sim: restore of a state not from Save: " + err.Error())
	}
}

// Chars returns n characters drawn uniformly from alphabet.
func (r *Rand) Chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}
