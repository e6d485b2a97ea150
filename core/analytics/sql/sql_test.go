package sql

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/sim"
)

const t0 = sim.Time(1767261600000) // 2026-01-01T10:00:00Z

var trucks = Schema{Format: "JSON", Columns: []Column{
	{Name: "truck", SQLType: "VARCHAR(16)", Mapping: "$.truck"},
	{Name: "speed", SQLType: "INTEGER", Mapping: "$.speed"},
	{Name: "load", SQLType: "DOUBLE", Mapping: "$.cargo.load"},
}}

var clicks = Schema{Format: "JSON", Columns: []Column{
	{Name: "page", SQLType: "VARCHAR(32)", Mapping: "$.page"},
	{Name: "ms", SQLType: "INTEGER", Mapping: "$.ms"},
}}

func mustCompile(t *testing.T, code string, s Schema) *App {
	t.Helper()
	a, err := Compile(code, s, "SOURCE_SQL_STREAM_001")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return a
}

// rec is a record pushed at t0+ms.
type rec struct {
	ms   int64
	data string
}

// outRow is an output row as a test expects it: stream, ROWTIME offset
// from t0 in ms, values.
type outRow struct {
	Stream string
	Ms     int64
	Values []Value
}

// run pushes records and advances to each record's time, then to the end.
func run(t *testing.T, a *App, recs []rec, endMs int64) []outRow {
	t.Helper()
	var got []outRow
	collect := func(outs []Output) {
		for _, o := range outs {
			got = append(got, outRow{o.Stream, int64(o.Row.Time - t0), o.Row.Values})
		}
	}
	for _, r := range recs {
		if err := a.Push([]byte(r.data), t0+sim.Time(r.ms)); err != nil {
			t.Fatalf("Push(%s): %v", r.data, err)
		}
		collect(a.Advance(t0 + sim.Time(r.ms)))
	}
	collect(a.Advance(t0 + sim.Time(endMs)))
	return got
}

func TestDelayedTrucksFilter(t *testing.T) {
	code := `-- trucks slower than 10 km/h are delayed
CREATE OR REPLACE STREAM "DELAYED_TRUCKS" (truck VARCHAR(16), speed INTEGER);
CREATE OR REPLACE PUMP "DELAYED_PUMP" AS
  INSERT INTO "DELAYED_TRUCKS"
  SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001"
  WHERE "speed" < 10;`
	a := mustCompile(t, code, trucks)
	got := run(t, a, []rec{
		{0, `{"truck":"T1","speed":50}`},
		{100, `{"truck":"T2","speed":5}`},
		{200, `{"truck":"T3","speed":10}`},
		{300, `{"truck":"T4"}`},
		{400, `{"truck":"T5","speed":0}`},
	}, 1000)
	want := []outRow{
		{"DELAYED_TRUCKS", 100, []Value{"T2", int64(5)}},
		{"DELAYED_TRUCKS", 400, []Value{"T5", int64(0)}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]StreamInfo{{Name: "DELAYED_TRUCKS", Columns: []Column{{Name: "TRUCK", SQLType: "VARCHAR(16)"}, {Name: "SPEED", SQLType: "INTEGER"}}}}, a.Streams()); diff != "" {
		t.Errorf("Streams (-want +got):\n%s", diff)
	}
}

// A smoke check that errors come back as *Error.
func TestErrorType(t *testing.T) {
	_, err := Compile("SELECT 1", trucks, "SOURCE_SQL_STREAM_001")
	var e *Error
	if !errors.As(err, &e) || e.Line != 1 || e.Column != 1 {
		t.Fatalf("err = %#v", err)
	}
	if !strings.HasPrefix(err.Error(), "line 1, column 1: ") {
		t.Errorf("Error() = %q", err.Error())
	}
	_ = fmt.Sprint
}
