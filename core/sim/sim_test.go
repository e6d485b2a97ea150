package sim

import (
	"slices"
	"strings"
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

// Every time ParseTime accepts formats as RFC 3339 and parses back to
// itself; times whose UTC year has five digits or is negative are refused.
func TestParseTimeKeepsToWritableYears(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Time
		ok   bool
	}{
		{"2026-01-01T00:00:00Z", 1767225600000, true},
		{"9999-12-31T23:59:59.999Z", MaxTime, true},
		{"9999-12-31T23:59:59.9999999Z", MaxTime, true},
		{"0000-01-01T00:00:00Z", MinTime, true},
		{"9999-12-31T23:59:59-01:00", 0, false}, // 10000-01-01T00:59:59Z
		{"0000-01-01T00:00:00+01:00", 0, false}, // -0001-12-31T23:00:00Z
		{"2026-13-01T00:00:00Z", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseTime(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseTime(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if !tt.ok {
				return
			}
			if back, err := ParseTime(got.Milli()); err != nil || back != got {
				t.Fatalf("%s does not parse back: %d, %v", got.Milli(), back, err)
			}
		})
	}
	long := strings.Repeat("9", 1<<20)
	if _, err := ParseTime(long); err == nil || len(err.Error()) > 200 {
		t.Fatalf("a 1 MB time is refused with a %d-byte message", len(err.Error()))
	}
}
