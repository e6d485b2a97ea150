package sim

import (
	"slices"
	"testing"
)

func TestClockRunsEventsInTimeThenSequenceOrder(t *testing.T) {
	t.Parallel()
	c := NewClock(1000)
	var got []string
	rec := func(s string) func(Time) { return func(now Time) { got = append(got, s+"@"+now.Milli()[17:23]) } }
	c.Schedule(3000, rec("c"))
	c.Schedule(2000, rec("a"))
	c.Schedule(2000, rec("b"))
	c.Schedule(9000, rec("late"))
	c.AdvanceTo(3000)
	want := []string{"a@02.000", "b@02.000", "c@03.000"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if c.Now() != 3000 || c.Pending() != 1 {
		t.Fatalf("now %d pending %d, want 3000 and 1", c.Now(), c.Pending())
	}
	c.AdvanceTo(100) // never goes back
	if c.Now() != 3000 {
		t.Fatalf("clock went back to %d", c.Now())
	}
}

func TestEventScheduledByEventRunsWhenDue(t *testing.T) {
	t.Parallel()
	c := NewClock(0)
	n := 0
	var tick func(Time)
	tick = func(now Time) {
		n++
		c.Schedule(now+1000, tick)
	}
	c.Schedule(1000, tick)
	c.AdvanceTo(5500)
	if n != 5 {
		t.Fatalf("ticks = %d, want 5", n)
	}
}

func TestTimeFormats(t *testing.T) {
	t.Parallel()
	tm, err := ParseTime("2026-01-01T00:00:01.5Z")
	if err != nil {
		t.Fatal(err)
	}
	if got := tm.String(); got != "2026-01-01T00:00:01Z" {
		t.Errorf("String = %q", got)
	}
	if got := tm.Milli(); got != "2026-01-01T00:00:01.500Z" {
		t.Errorf("Milli = %q", got)
	}
	if _, err := ParseTime("yesterday"); err == nil {
		t.Error("ParseTime(yesterday) succeeded")
	}
}

func TestRandRestoreGivesBackDraws(t *testing.T) {
	t.Parallel()
	r := NewRand(7)
	s := r.Save()
	a := r.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
	r.Restore(s)
	b := r.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
	if a != b {
		t.Fatalf("after restore drew %q, first %q", b, a)
	}
	if NewRand(8).Chars("AB", 32) == NewRand(7).Chars("AB", 32) {
		t.Fatal("different seeds drew the same")
	}
}
