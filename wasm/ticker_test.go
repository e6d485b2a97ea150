package main

import (
	"math"
	"testing"
)

func TestTickerPausedStopsTime(t *testing.T) {
	var tk Ticker
	for i := 0; i < 1000; i++ {
		if adv, _ := tk.Frame(16.7); adv != 0 {
			t.Fatalf("paused ticker advanced %d ms", adv)
		}
	}
	tk.Play()
	tk.Frame(50)
	tk.Pause()
	if adv, _ := tk.Frame(250); adv != 0 {
		t.Fatalf("after Pause the ticker advanced %d ms", adv)
	}
}

func TestTickerSpeedsAreExactOverManyFrames(t *testing.T) {
	frames := []float64{16.7, 16.6, 17.1, 33.3, 8.25, 16.666}
	for _, speed := range Speeds {
		var tk Ticker
		if !tk.SetSpeed(speed) {
			t.Fatalf("SetSpeed(%d) refused", speed)
		}
		tk.Play()
		var sum, wallUs int64
		for i := 0; i < 6000; i++ {
			f := frames[i%len(frames)]
			adv, alpha := tk.Frame(f)
			if adv%TickStepMs != 0 {
				t.Fatalf("speed %d: advance %d is not whole steps", speed, adv)
			}
			if alpha < 0 || alpha >= 1 {
				t.Fatalf("speed %d: alpha %v out of [0,1)", speed, alpha)
			}
			sum += adv
			wallUs += int64(math.Round(f * 1000))
		}
		want := wallUs * speed / 1000 // floor of total wall × speed, in ms
		if sum > want || want-sum >= TickStepMs {
			t.Errorf("speed %d: advanced %d ms, want %d within one step", speed, sum, want)
		}
	}
}

func TestTickerSpeedRefusesOthers(t *testing.T) {
	var tk Ticker
	for _, s := range []int64{0, -1, 2, 100000} {
		if tk.SetSpeed(s) {
			t.Errorf("SetSpeed(%d) accepted", s)
		}
	}
	if tk.Speed() != 1 {
		t.Errorf("speed %d, want 1", tk.Speed())
	}
}

func TestTickerClampsFrames(t *testing.T) {
	tests := []struct {
		wall  float64
		speed int64
		want  int64
	}{
		{250, 1, 200},                 // 250 ms → 2 steps, 50 ms kept
		{3_600_000, 1, 200},           // an hour in a background tab counts as 250 ms
		{3_600_000, 10000, 2_500_000}, // at most 250 ms × 10,000
		{-5, 100, 0},
		{math.NaN(), 100, 0},
		{math.Inf(1), 1, 200},
		{1, 100, 100},
	}
	for _, tt := range tests {
		var tk Ticker
		tk.SetSpeed(tt.speed)
		tk.Play()
		if got, _ := tk.Frame(tt.wall); got != tt.want {
			t.Errorf("Frame(%v) at %d×: %d ms, want %d", tt.wall, tt.speed, got, tt.want)
		}
	}
}

func TestTickerKeepsRemainder(t *testing.T) {
	var tk Ticker
	tk.Play()
	if adv, alpha := tk.Frame(60); adv != 0 || alpha != 0.6 {
		t.Fatalf("Frame(60) = %d, %v; want 0, 0.6", adv, alpha)
	}
	if adv, _ := tk.Frame(60); adv != 100 {
		t.Fatalf("second Frame(60) = %d; want 100 (60+60 = one step, 20 kept)", adv)
	}
	if adv, _ := tk.Frame(80); adv != 100 {
		t.Fatalf("Frame(80) after 20 kept = %d; want 100", adv)
	}
}

func TestTickerStepAndJump(t *testing.T) {
	var tk Ticker
	if got := tk.Step(); got != 1000 {
		t.Errorf("Step while paused = %d ms, want 1000", got)
	}
	if tk.Playing() {
		t.Error("Step started the clock")
	}
	if got := tk.Jump(JumpHourMs); got != 3_600_000 {
		t.Errorf("Jump hour = %d", got)
	}
	if got := tk.Jump(JumpDayMs); got != 86_400_000 {
		t.Errorf("Jump day = %d", got)
	}
	if got := tk.Jump(-1); got != 0 {
		t.Errorf("Jump(-1) = %d", got)
	}
	tk.Play()
	tk.Frame(50)
	tk.Jump(JumpHourMs)
	if adv, _ := tk.Frame(50); adv != 100 {
		t.Errorf("a jump lost the accumulator: Frame = %d, want 100", adv)
	}
}

// The page's clock advances the store every few frames; the page re-renders
// only when the second it shows changed.
func TestStoreFrameAdvanceTellsOnlyNewSeconds(t *testing.T) {
	s := newTestStore(t, nil)
	start := s.View().Now
	fired := 0
	s.Subscribe(func() { fired++ })
	var tk Ticker
	tk.Play()
	for i := 0; i < 600; i++ { // 10 s of wall time at 60 frames a second
		if adv, _ := tk.Frame(1000.0 / 60); adv > 0 {
			s.Dispatch(&Advance{Ms: adv, Frame: true})
		}
	}
	moved := int64(s.View().Now - start)
	if moved < 9900 || moved > 10000 {
		t.Fatalf("10 s of frames at 1× moved the clock %d ms", moved)
	}
	if fired < 9 || fired > 10 {
		t.Errorf("listeners told %d times in 10 simulated seconds, want once a second", fired)
	}
	before := fired
	s.Dispatch(&Advance{Ms: 100}) // not the clock's: always told
	if fired != before+1 {
		t.Errorf("a plain Advance told the listeners %d times, want 1", fired-before)
	}
}
