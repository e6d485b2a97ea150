//go:build !js

package frames

import (
	"strings"
	"testing"
)

func TestSummarise(t *testing.T) {
	t.Parallel()
	// 100 frames: 94 at 16.7 ms, then 6 long ones; unsorted on purpose.
	var d []float64
	for i := range 100 {
		switch {
		case i%17 == 3:
			d = append(d, 40+float64(i%5))
		default:
			d = append(d, 16.7)
		}
	}
	long := 0
	for _, x := range d {
		if x > 20 {
			long++
		}
	}
	if long != 6 {
		t.Fatalf("fixture has %d long frames, want 6", long)
	}
	var sum float64
	for _, x := range d {
		sum += x
	}
	r := Summarise(d, sum, 90)
	if r.Frames != 100 || r.Animating != 90 {
		t.Errorf("frames %d animating %d, want 100 and 90", r.Frames, r.Animating)
	}
	if r.Median != 16.7 {
		t.Errorf("median %v, want 16.7", r.Median)
	}
	// Nearest rank: the 95th of 100 sorted values is the first of the 6 long ones.
	if r.P95 != 40 {
		t.Errorf("p95 %v, want 40 (the 95th of 100 sorted frames)", r.P95)
	}
	if r.Max != 44 {
		t.Errorf("max %v, want 44", r.Max)
	}
	if want := 100 / (sum / 1000); r.FPS != want {
		t.Errorf("fps %v, want %v", r.FPS, want)
	}
	if d[3] != 43 {
		t.Errorf("Summarise sorted its input: d[3] = %v, want 43", d[3])
	}
	if s := r.String(); !strings.Contains(s, "median 16.7 ms, p95 40.0 ms") {
		t.Errorf("String() = %q", s)
	}
}

func TestSummariseSmall(t *testing.T) {
	t.Parallel()
	if r := Summarise(nil, 0, 0); r.Frames != 0 || r.FPS != 0 || r.Median != 0 {
		t.Errorf("no frames: %+v, want zeros", r)
	}
	r := Summarise([]float64{33}, 33, 1)
	if r.Median != 33 || r.P95 != 33 || r.Max != 33 || r.Frames != 1 {
		t.Errorf("one frame: %+v, want median = p95 = max = 33", r)
	}
}
