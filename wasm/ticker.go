package main

// The page's one clock (CONTRACT "Playing time"): a pure fixed-step
// accumulator, fed the wall-clock time between animation frames, that says
// how much simulated time to advance. It reads no clock itself, so it is
// tested natively; clockbar.go feeds it requestAnimationFrame timestamps.
//
// Units: wall time is taken in whole microseconds (a frame's milliseconds
// × 1,000, rounded), simulated time = wall time × speed, and the clock
// advances in whole steps of TickStepMs simulated milliseconds. What is
// left over stays in the accumulator for the next frame, so over many
// frames the sum of the advances is floor(total wall × speed / step) steps:
// no time is lost or invented, only delayed by less than one step.

// TickStepMs is one fixed simulated step. The playground's own choice: a
// tenth of a second is fine enough for 1× to look continuous with the
// seconds the header shows, and coarse enough that 1× costs an advance
// only every sixth frame or so.
const TickStepMs = 100

// MaxFrameMs clamps one frame's wall time: a background tab, a breakpoint
// or a slow frame must not dump hours of simulated time at once. The
// playground's own choice (a quarter second: longer than any frame of a
// page that is being looked at).
const MaxFrameMs = 250

// StepButtonMs is what Step advances, playing or paused: one simulated
// second.
const StepButtonMs = 1000

// Jumps, advanced at once (in aggregate by the account, not frame by frame).
const (
	JumpHourMs = 3600 * 1000
	JumpDayMs  = 24 * JumpHourMs
)

// Speeds are the speeds the clock offers.
var Speeds = []int64{1, 10, 100, 1000, 10000}

// Ticker is the clock's state. The zero value is paused at 1×.
type Ticker struct {
	playing bool
	speed   int64
	accUs   int64 // simulated microseconds not yet advanced (< one step)
}

// Playing reports whether time runs with the frames.
func (t *Ticker) Playing() bool { return t.playing }

// Speed is the current speed (1 for the zero value).
func (t *Ticker) Speed() int64 {
	if t.speed == 0 {
		return 1
	}
	return t.speed
}

// Play starts the clock; the first frame after it counts from then.
func (t *Ticker) Play() { t.playing = true }

// Pause stops the clock and drops what was not yet advanced (less than one
// step), so playing again starts clean.
func (t *Ticker) Pause() { t.playing, t.accUs = false, 0 }

// SetSpeed sets the speed; one not in Speeds is refused (false).
func (t *Ticker) SetSpeed(s int64) bool {
	for _, v := range Speeds {
		if v == s {
			t.speed = s
			return true
		}
	}
	return false
}

// Frame takes the wall-clock milliseconds since the last frame and returns
// the simulated milliseconds to advance now (a whole number of steps, 0
// while paused) and alpha, the fraction of the next step already elapsed
// (for interpolation), in [0, 1). Negative or non-finite input counts as 0;
// more than MaxFrameMs counts as MaxFrameMs.
func (t *Ticker) Frame(wallMs float64) (advanceMs int64, alpha float64) {
	if !t.playing {
		return 0, 0
	}
	if !(wallMs > 0) { // also NaN
		wallMs = 0
	}
	if wallMs > MaxFrameMs {
		wallMs = MaxFrameMs
	}
	us := int64(wallMs*1000 + 0.5)
	t.accUs += us * t.Speed()
	const stepUs = TickStepMs * 1000
	steps := t.accUs / stepUs
	t.accUs -= steps * stepUs
	return steps * TickStepMs, float64(t.accUs) / stepUs
}

// Step is what the Step button advances: one simulated second, whether
// playing or paused; the accumulator is kept.
func (t *Ticker) Step() int64 { return StepButtonMs }

// Jump returns ms to advance at once (JumpHourMs, JumpDayMs); it does not
// touch the accumulator, so the frames go on where they were.
func (t *Ticker) Jump(ms int64) int64 {
	if ms < 0 {
		return 0
	}
	return ms
}
