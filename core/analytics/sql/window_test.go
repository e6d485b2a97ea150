package sql

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The product suddenly popular: clicks per page per 10 s, by STEP and by
// FLOOR, with every aggregate. Each window's rows carry the window's start
// as ROWTIME (the Ms column), as the reference's example shows
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/timestamps-rowtime-concepts.html),
// and come out once the time passes the window's end.
func TestTumblingWindows(t *testing.T) {
	recs := []rec{
		{0, `{"page":"home","ms":10}`},
		{1000, `{"page":"shoes","ms":30}`},
		{2000, `{"page":"home","ms":20}`},
		{9999, `{"page":"shoes","ms":50}`},
		{10000, `{"page":"shoes","ms":5}`}, // exactly on the boundary: next window
		{15000, `{"page":"home"}`},         // ms NULL: counted by COUNT(*), ignored by the rest
	}
	tests := []struct {
		name   string
		window string
		want   []outRow
	}{
		{"step", `STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND)`, []outRow{
			{"POPULAR", 0, []Value{"home", int64(2), int64(2), int64(30), 15.0, int64(10), int64(20)}},
			{"POPULAR", 0, []Value{"shoes", int64(2), int64(2), int64(80), 40.0, int64(30), int64(50)}},
			{"POPULAR", 10000, []Value{"shoes", int64(1), int64(1), int64(5), 5.0, int64(5), int64(5)}},
			{"POPULAR", 10000, []Value{"home", int64(1), int64(0), nil, nil, nil, nil}},
		}},
		{"floor minute", `FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE)`, []outRow{
			{"POPULAR", 0, []Value{"home", int64(3), int64(2), int64(30), 15.0, int64(10), int64(20)}},
			{"POPULAR", 0, []Value{"shoes", int64(3), int64(3), int64(85), 85.0 / 3, int64(5), int64(50)}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := `CREATE OR REPLACE STREAM "POPULAR" (page VARCHAR(32), clicks BIGINT, timed BIGINT,
  total BIGINT, mean DOUBLE, fastest INTEGER, slowest INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "POPULAR"
SELECT STREAM "page", COUNT(*), COUNT("ms"), SUM("ms"), AVG("ms"), MIN("ms"), MAX("ms")
FROM "SOURCE_SQL_STREAM_001"
GROUP BY "page", ` + tc.window + `;`
			a := mustCompile(t, code, clicks)
			got := run(t, a, recs, 60000)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// The product suddenly popular: HAVING keeps the pages with more than two
// clicks in a window
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-having-clause.html).
func TestHaving(t *testing.T) {
	code := `CREATE STREAM "POPULAR" (page VARCHAR(32), clicks BIGINT);
CREATE PUMP "P" AS INSERT INTO "POPULAR"
SELECT STREAM "page", COUNT(*) AS clicks FROM "SOURCE_SQL_STREAM_001"
GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND)
HAVING COUNT(*) > 2 AND MAX("ms") < 100;`
	a := mustCompile(t, code, clicks)
	got := run(t, a, []rec{
		{0, `{"page":"home","ms":1}`},
		{1, `{"page":"shoes","ms":1}`},
		{2, `{"page":"shoes","ms":1}`},
		{3, `{"page":"shoes","ms":1}`},
		{4, `{"page":"hats","ms":1}`},
		{5, `{"page":"hats","ms":1}`},
		{6, `{"page":"hats","ms":500}`},
	}, 10000)
	want := []outRow{{"POPULAR", 0, []Value{"shoes", int64(3)}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
