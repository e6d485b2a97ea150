package analytics_test

import (
	"strconv"
	"strings"
	"testing"

	"cloudplay/core/analytics"
	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
)

// load loads the built-in scenario id.
func load(t *testing.T, id string) *cloud.Account {
	t.Helper()
	a, m := servicetest.Builtin(t, id)
	if !strings.Contains(m.Description, "retired by AWS") {
		t.Fatalf("%s does not say the service is retired", id)
	}
	return a
}

func appOf(t *testing.T, a *cloud.Account, name string) analytics.AppView {
	t.Helper()
	for _, ap := range a.View().Analytics.Applications {
		if ap.Name == name {
			return ap
		}
	}
	t.Fatalf("no application %s", name)
	return analytics.AppView{}
}

// analytics-delayed-trucks: no slow fix for the first 20 s; after two
// trucks are delayed, only theirs appear, standing still, and reach the
// delayed-trucks stream.
func TestScenarioDelayedTrucks(t *testing.T) {
	t.Parallel()
	a := load(t, "analytics-delayed-trucks")
	ap := appOf(t, a, "slow-trucks")
	if ap.Status != "RUNNING" || ap.LastError != "" || ap.ErrorRecords != 0 {
		t.Fatalf("application %s, error %q, %d error records", ap.Status, ap.LastError, ap.ErrorRecords)
	}
	st := ap.Streams[0]
	if st.Name != "DESTINATION_SQL_STREAM" || len(st.Rows) < 20 {
		t.Fatalf("stream %s with %d rows", st.Name, len(st.Rows))
	}
	delayedAt := cloud.DefaultStart + 1000 + 20000 // the SetTraffic step
	pos := map[string]string{}
	for _, r := range st.Rows {
		if r.Time < delayedAt {
			t.Fatalf("a slow fix at %s, before any truck was delayed", r.Time.Milli())
		}
		truck := r.Values[0]
		if truck != "truck-001" && truck != "truck-002" {
			t.Fatalf("row %v: not a delayed truck", r.Values)
		}
		if speed, _ := strconv.ParseFloat(r.Values[1], 64); speed >= 5 {
			t.Fatalf("row %v: not slow", r.Values)
		}
		if p := r.Values[2] + "," + r.Values[3]; pos[truck] == "" {
			pos[truck] = p
		} else if pos[truck] != p {
			t.Fatalf("%s moved from %s to %s while stuck", truck, pos[truck], p)
		}
	}
	if len(pos) != 2 {
		t.Fatalf("delayed trucks seen: %v", pos)
	}
	if ap.Outputs[0].RecordsSent != st.RowsEmitted {
		t.Fatalf("%d rows sent to delayed-trucks of %d", ap.Outputs[0].RecordsSent, st.RowsEmitted)
	}
}

// analytics-popular-product: before the change no page tops a window by
// much; in the windows after it, /products/7 has the most clicks by far.
// A window's rows carry its start as their ROWTIME.
func TestScenarioPopularProduct(t *testing.T) {
	t.Parallel()
	a := load(t, "analytics-popular-product")
	ap := appOf(t, a, "page-counts")
	if ap.Status != "RUNNING" || ap.LastError != "" || ap.ErrorRecords != 0 {
		t.Fatalf("application %s, error %q, %d error records", ap.Status, ap.LastError, ap.ErrorRecords)
	}
	popularAt := cloud.DefaultStart + 1000 + 30000
	type window struct {
		top    string
		max    int
		second int
		total  int
	}
	windows := map[int64]*window{}
	for _, r := range ap.Streams[0].Rows {
		w := windows[int64(r.Time)]
		if w == nil {
			w = &window{}
			windows[int64(r.Time)] = w
		}
		n, _ := strconv.Atoi(r.Values[1])
		w.total += n
		switch {
		case n > w.max:
			w.second, w.max, w.top = w.max, n, r.Values[0]
		case n > w.second:
			w.second = n
		}
	}
	after, before := 0, 0
	for at, w := range windows {
		switch {
		case at >= int64(popularAt): // a whole window after the change
			after++
			if w.top != "/products/7" || w.max < 5*w.second || w.max*100 < w.total*38 {
				t.Errorf("window ending %d: top %s with %d of %d (next %d)", at, w.top, w.max, w.total, w.second)
			}
		case at+10000 <= int64(popularAt):
			before++
			if w.max > 60 {
				t.Errorf("window ending %d before the change: %s has %d clicks", at, w.top, w.max)
			}
		}
	}
	if after < 1 || before < 2 {
		t.Fatalf("%d windows before the change and %d after", before, after)
	}
	// The open window is shown: [50 s, 60 s) at 56 s, its groups counted.
	if len(ap.Pumps) != 1 || !ap.Pumps[0].Open || ap.Pumps[0].WindowMillis != 10000 || ap.WindowEnd != cloud.DefaultStart+60000 || ap.Pumps[0].Groups < 10 {
		t.Errorf("pumps %+v, window end %s", ap.Pumps, ap.WindowEnd.Milli())
	}
	if ap.Outputs[0].RecordsSent != ap.Streams[0].RowsEmitted || ap.Outputs[0].RecordsSent == 0 {
		t.Fatalf("%d rows sent to page-counts of %d", ap.Outputs[0].RecordsSent, ap.Streams[0].RowsEmitted)
	}
}
