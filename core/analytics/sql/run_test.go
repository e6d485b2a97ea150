package sql

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/sim"
)

// Projections: expressions, aliases, CAST, functions, predicates.
func TestProjections(t *testing.T) {
	tests := []struct {
		name string
		typ  string // the OUT column's type
		expr string
		rec  string
		want Value
	}{
		{"column", "INTEGER", `"speed"`, `{"speed":7}`, int64(7)},
		{"arithmetic", "INTEGER", `"speed" * 2 + 1`, `{"speed":7}`, int64(15)},
		{"integer division truncates", "INTEGER", `"speed" / 2`, `{"speed":7}`, int64(3)},
		{"MOD", "INTEGER", `MOD("speed", 4)`, `{"speed":7}`, int64(3)},
		{"MOD of a negative", "INTEGER", `MOD(-4, 3)`, `{}`, int64(-1)},
		{"mixed arithmetic is DOUBLE", "DOUBLE", `"speed" / 2.0`, `{"speed":7}`, 3.5},
		{"unary minus", "INTEGER", `-"speed"`, `{"speed":7}`, int64(-7)},
		{"NULL propagates", "INTEGER", `"speed" + 1`, `{}`, nil},
		{"nested mapping", "DOUBLE", `"load"`, `{"cargo":{"load":2.5}}`, 2.5},
		{"UPPER", "VARCHAR(16)", `UPPER("truck")`, `{"truck":"t1"}`, "T1"},
		{"LOWER", "VARCHAR(16)", `LOWER("truck")`, `{"truck":"T1"}`, "t1"},
		{"concatenation", "VARCHAR(40)", `'truck ' || "truck"`, `{"truck":"T1"}`, "truck T1"},
		{"CHAR_LENGTH", "INTEGER", `CHAR_LENGTH("truck")`, `{"truck":"héllo"}`, int64(5)},
		{"ABS", "INTEGER", `ABS("speed" - 10)`, `{"speed":7}`, int64(3)},
		{"EXP", "DOUBLE", `EXP(0)`, `{}`, 1.0},
		{"LN", "DOUBLE", `LN(1)`, `{}`, 0.0},
		{"LOG10", "DOUBLE", `LOG10("speed" * 100)`, `{"speed":10}`, 3.0},
		{"POWER", "DOUBLE", `POWER("speed", 2)`, `{"speed":3}`, 9.0},
		{"FLOOR of an integer", "INTEGER", `FLOOR("speed")`, `{"speed":3}`, int64(3)},
		{"FLOOR of a number", "DOUBLE", `FLOOR("load")`, `{"cargo":{"load":-3.3}}`, -4.0},
		{"CEIL of a number", "DOUBLE", `CEIL("load")`, `{"cargo":{"load":2.1}}`, 3.0},
		{"CAST to VARCHAR", "VARCHAR(16)", `CAST("speed" AS VARCHAR(16))`, `{"speed":7}`, "7"},
		{"CAST to VARCHAR truncates", "VARCHAR(16)", `CAST("truck" AS VARCHAR(2))`, `{"truck":"ABCD"}`, "AB"},
		{"CAST from VARCHAR", "INTEGER", `CAST("truck" AS INTEGER) + 1`, `{"truck":" 41 "}`, int64(42)},
		{"CAST DOUBLE to INTEGER truncates", "INTEGER", `CAST("load" AS INTEGER)`, `{"cargo":{"load":-2.7}}`, int64(-2)},
		{"DOUBLE into an INTEGER column truncates", "INTEGER", `"load"`, `{"cargo":{"load":2.7}}`, int64(2)},
		{"DECIMAL column rounds to its scale", "DECIMAL(8,2)", `"load"`, `{"cargo":{"load":2.456}}`, 2.46},
		{"comparison", "BOOLEAN", `"speed" >= 7`, `{"speed":7}`, true},
		{"comparison with NULL is NULL", "BOOLEAN", `"speed" = 7`, `{}`, nil},
		{"IS NULL", "BOOLEAN", `"speed" IS NULL`, `{}`, true},
		{"IS NOT NULL", "BOOLEAN", `"speed" IS NOT NULL`, `{}`, false},
		{"LIKE", "BOOLEAN", `"truck" LIKE 'T_-%'`, `{"truck":"T1-north"}`, true},
		{"NOT LIKE", "BOOLEAN", `"truck" NOT LIKE '%north'`, `{"truck":"T1-north"}`, false},
		{"BETWEEN", "BOOLEAN", `"speed" BETWEEN 5 AND 7`, `{"speed":7}`, true},
		{"NOT BETWEEN", "BOOLEAN", `"speed" NOT BETWEEN 5 AND 7`, `{"speed":8}`, true},
		{"IN", "BOOLEAN", `"truck" IN ('T1', 'T2')`, `{"truck":"T2"}`, true},
		{"NOT IN", "BOOLEAN", `"truck" NOT IN ('T1', 'T2')`, `{"truck":"T3"}`, true},
		{"IN with NULL and no match", "BOOLEAN", `"speed" IN (1, NULL)`, `{"speed":3}`, nil},
		{"AND with NULL", "BOOLEAN", `"speed" > 1 AND "truck" = 'x'`, `{"speed":0}`, false},
		{"OR with NULL", "BOOLEAN", `"speed" > 1 OR "truck" = 'x'`, `{"speed":3}`, true},
		{"NOT", "BOOLEAN", `NOT ("speed" > 1)`, `{"speed":3}`, false},
		{"ROWTIME", "TIMESTAMP", `ROWTIME`, `{}`, t0 + 5},
		{"FLOOR of ROWTIME", "TIMESTAMP", `FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO HOUR)`, `{}`, t0},
		{"STEP of an integer", "INTEGER", `STEP("speed" BY 5)`, `{"speed":23}`, int64(20)},
		{"TIMESTAMP literal", "BOOLEAN", `ROWTIME > TIMESTAMP '2026-01-01 09:00:00'`, `{}`, true},
		{"comments inside", "INTEGER", `/* speed */ "speed" -- twice
 * 2`, `{"speed":7}`, int64(14)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := fmt.Sprintf(`CREATE OR REPLACE STREAM "OUT" (v %s);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM %s AS v FROM "SOURCE_SQL_STREAM_001";`, tc.typ, tc.expr)
			a := mustCompile(t, code, trucks)
			if err := a.Push([]byte(tc.rec), t0+5); err != nil {
				t.Fatal(err)
			}
			out := a.Advance(t0 + 5)
			if len(out) != 1 {
				t.Fatalf("Advance = %v, want one row (stats %+v)", out, a.Stats())
			}
			if diff := cmp.Diff([]Value{tc.want}, out[0].Row.Values); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
		})
	}
}

// SELECT *, INSERT with a column list, unquoted names, a FROM alias.
func TestSelectForms(t *testing.T) {
	code := `CREATE OR REPLACE STREAM all_cols ("truck" VARCHAR(16), "speed" INTEGER, "load" DOUBLE);
CREATE OR REPLACE STREAM some_rows (a INTEGER, b VARCHAR(16), c DOUBLE);
CREATE OR REPLACE PUMP p1 AS INSERT INTO all_cols SELECT STREAM src.* FROM SOURCE_SQL_STREAM_001 src;
CREATE OR REPLACE PUMP p2 AS INSERT INTO Some_Rows (B, a) SELECT STREAM s."truck" AS x, s."speed" FROM "SOURCE_SQL_STREAM_001" AS s;`
	a := mustCompile(t, code, trucks)
	if err := a.Push([]byte(`{"truck":"T1","speed":3,"cargo":{"load":1.5}}`), t0); err != nil {
		t.Fatal(err)
	}
	got := a.Advance(t0)
	want := []Output{
		{"ALL_COLS", Row{t0, []Value{"T1", int64(3), 1.5}}},
		{"SOME_ROWS", Row{t0, []Value{int64(3), "T1", nil}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// Pumps chain: a filter feeds a window, whose rows feed a projection.
func TestPumpsChain(t *testing.T) {
	code := `CREATE OR REPLACE STREAM "SLOW" (truck VARCHAR(16), speed INTEGER);
CREATE OR REPLACE STREAM "REPORT" (line VARCHAR(64));
CREATE OR REPLACE STREAM "SLOW_COUNT" (truck VARCHAR(16), n BIGINT, w TIMESTAMP);
-- declared before the pump that feeds its source: the order of running follows the streams
CREATE OR REPLACE PUMP "REPORT_PUMP" AS INSERT INTO "REPORT"
  SELECT STREAM "SLOW_COUNT".truck || ' slow ' || CAST(n AS VARCHAR(8)) || 'x' FROM "SLOW_COUNT";
CREATE OR REPLACE PUMP "SLOW_PUMP" AS INSERT INTO "SLOW"
  SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed" < 10;
CREATE OR REPLACE PUMP "COUNT_PUMP" AS INSERT INTO "SLOW_COUNT"
  SELECT STREAM ROWTIME, truck, COUNT(*), STEP("SLOW".ROWTIME BY INTERVAL '1' MINUTE) FROM "SLOW"
  GROUP BY truck, STEP("SLOW".ROWTIME BY INTERVAL '1' MINUTE);`
	a := mustCompile(t, code, trucks)
	got := run(t, a, []rec{
		{1000, `{"truck":"T1","speed":5}`},
		{2000, `{"truck":"T2","speed":50}`},
		{3000, `{"truck":"T1","speed":2}`},
		{61000, `{"truck":"T2","speed":1}`},
	}, 120000)
	want := []outRow{
		{"SLOW", 1000, []Value{"T1", int64(5)}},
		{"SLOW", 3000, []Value{"T1", int64(2)}},
		{"SLOW", 61000, []Value{"T2", int64(1)}},       // closes the first minute...
		{"SLOW_COUNT", 0, []Value{"T1", int64(2), t0}}, // ROWTIME: the window's start
		{"REPORT", 0, []Value{"T1 slow 2x"}},
		{"SLOW_COUNT", 60000, []Value{"T2", int64(1), t0 + 60000}},
		{"REPORT", 60000, []Value{"T2 slow 1x"}},
	}
	// ...but the pumps run in stream order: the input's pump first, so the
	// row that crosses the boundary is inserted into SLOW before SLOW's
	// window closes.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A window emits when the time passes its end, not before, stamped with its
// start.
func TestWindowEmitsAtItsEnd(t *testing.T) {
	code := `CREATE STREAM "N" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "N" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO SECOND);`
	a := mustCompile(t, code, trucks)
	for _, ms := range []sim.Time{0, 500, 999} {
		if err := a.Push([]byte(`{}`), t0+ms); err != nil {
			t.Fatal(err)
		}
	}
	if out := a.Advance(t0 + 999); len(out) != 0 {
		t.Fatalf("Advance(end-1ms) = %v, want nothing yet", out)
	}
	out := a.Advance(t0 + 1000)
	want := []Output{{"N", Row{t0, []Value{int64(3)}}}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Advance(end) (-want +got):\n%s", diff)
	}
	if out := a.Advance(t0 + 5000); len(out) != 0 {
		t.Errorf("an empty window emitted %v", out)
	}
}

// A record pushed with an earlier arrival than the last one keeps ROWTIME
// increasing.
func TestRowtimeNeverGoesBack(t *testing.T) {
	code := `CREATE STREAM "O" (t TIMESTAMP);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM ROWTIME AS t FROM "SOURCE_SQL_STREAM_001";`
	a := mustCompile(t, code, trucks)
	a.Push([]byte(`{}`), t0+100)
	a.Push([]byte(`{}`), t0+50)
	a.Advance(t0 + 200)
	a.Push([]byte(`{}`), t0+150)
	out := a.Advance(t0 + 300)
	if len(out) != 1 || out[0].Row.Time != t0+200 {
		t.Errorf("late record = %v, want ROWTIME %v", out, t0+200)
	}
}

// Run-time failures drop the row and count it (KDA's error stream).
func TestRuntimeErrors(t *testing.T) {
	tests := []struct {
		name, typ, expr, rec, msg string
	}{
		{"division by zero", "INTEGER", `10 / "speed"`, `{"speed":0}`, `division by zero`},
		{"DOUBLE division by zero", "DOUBLE", `"load" / 0`, `{"cargo":{"load":1.5}}`, `division by zero`},
		{"LN of zero", "DOUBLE", `LN("speed")`, `{"speed":0}`, `domain`},
		{"POWER overflowing", "DOUBLE", `POWER("load", 1000)`, `{"cargo":{"load":1e10}}`, `domain`},
		{"MOD by zero", "INTEGER", `MOD(10, "speed")`, `{"speed":0}`, `division by zero`},
		{"INTEGER overflow", "INTEGER", `"speed" * 100000`, `{"speed":100000}`, `integer overflow`},
		{"BIGINT overflow", "BIGINT", `CAST("speed" AS BIGINT) * 9223372036854775807`, `{"speed":2}`, `integer overflow`},
		{"out of range for the column", "SMALLINT", `"speed"`, `{"speed":40000}`, `column "V": 40000 is out of range for SMALLINT`},
		{"too long for the column", "VARCHAR(2)", `"truck"`, `{"truck":"ABC"}`, `column "V": string of 3 characters is too long for VARCHAR(2)`},
		{"text that is not a number", "INTEGER", `CAST("truck" AS INTEGER)`, `{"truck":"abc"}`, `"abc" is not INTEGER`},
		{"ABS of the smallest BIGINT", "BIGINT", `ABS(CAST("speed" AS BIGINT) - 9223372036854775807 - 1)`, `{"speed":0}`, `integer overflow`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := fmt.Sprintf(`CREATE STREAM "O" (v %s);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM %s FROM "SOURCE_SQL_STREAM_001";`, tc.typ, tc.expr)
			a := mustCompile(t, code, trucks)
			if err := a.Push([]byte(tc.rec), t0); err != nil {
				t.Fatal(err)
			}
			if out := a.Advance(t0); len(out) != 0 {
				t.Errorf("Advance = %v, want the row dropped", out)
			}
			if a.Stats().RuntimeErrors != 1 {
				t.Errorf("Stats = %+v, want one runtime error", a.Stats())
			}
			errs := a.Errors()
			if len(errs) != 1 || errs[0].Pump != "P" || errs[0].Time != t0 || !strings.Contains(errs[0].Message, tc.msg) {
				t.Errorf("Errors = %+v, want one from pump P at t0 saying …%s…", errs, tc.msg)
			}
		})
	}
}

// The error stream keeps the latest MaxErrorRecords records; a record
// that does not map is there too, from no pump.
func TestErrorStream(t *testing.T) {
	a := mustCompile(t, `CREATE STREAM "O" (v INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM 10 / "speed" FROM "SOURCE_SQL_STREAM_001";`, trucks)
	a.Push([]byte(`not json`), t0)
	for i := 0; i < MaxErrorRecords; i++ {
		a.Push([]byte(`{"speed":0}`), t0+sim.Time(i))
	}
	a.Advance(t0 + 1000)
	errs := a.Errors()
	if len(errs) != MaxErrorRecords || errs[0].Time != t0 || errs[MaxErrorRecords-1].Time != t0+MaxErrorRecords-1 {
		t.Fatalf("%d records, first %+v", len(errs), errs[0])
	}
	a2 := mustCompile(t, `CREATE STREAM "O" (v INTEGER);`, trucks)
	a2.Push([]byte(`not json`), t0)
	if errs := a2.Errors(); len(errs) != 1 || errs[0].Pump != "" || !strings.Contains(errs[0].Message, "record is not JSON") {
		t.Errorf("Errors = %+v", errs)
	}
}

// SUM overflowing BIGINT drops the group's row.
func TestSumOverflow(t *testing.T) {
	code := `CREATE STREAM "O" (k VARCHAR(16), s BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "truck", SUM(CAST("speed" AS BIGINT) * 2000000000000000000) FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' SECOND);`
	a := mustCompile(t, code, trucks)
	for _, r := range []string{`{"truck":"A","speed":4}`, `{"truck":"A","speed":4}`, `{"truck":"B","speed":1}`} {
		a.Push([]byte(r), t0)
	}
	out := a.Advance(t0 + 1000)
	want := []Output{{"O", Row{t0, []Value{"B", int64(2000000000000000000)}}}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if a.Stats().RuntimeErrors != 1 {
		t.Errorf("Stats = %+v", a.Stats())
	}
}

// At most MaxGroups groups per window: the rest are dropped and counted.
func TestGroupBound(t *testing.T) {
	code := `CREATE STREAM "O" (k INTEGER, n BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "speed", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY "speed", FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO HOUR);`
	a := mustCompile(t, code, trucks)
	total := 0
	for i := 0; i <= MaxGroups; i++ {
		if err := a.Push([]byte(fmt.Sprintf(`{"speed":%d}`, i)), t0); err != nil {
			t.Fatal(err)
		}
		if i%5000 == 0 {
			total += len(a.Advance(t0))
		}
	}
	a.Push([]byte(`{"speed":1}`), t0) // an existing group still counts
	total += len(a.Advance(t0 + 3600000))
	if total != MaxGroups {
		t.Errorf("%d rows, want %d", total, MaxGroups)
	}
	if a.Stats().DroppedGroups != 1 {
		t.Errorf("Stats = %+v, want one dropped row", a.Stats())
	}
}

func TestInputBufferBound(t *testing.T) {
	a := mustCompile(t, `CREATE STREAM "O" (v INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "speed" FROM "SOURCE_SQL_STREAM_001";`, trucks)
	for i := 0; i < MaxPending; i++ {
		if err := a.Push([]byte(`{"speed":1}`), t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Push([]byte(`{"speed":1}`), t0); err == nil || a.Stats().DroppedInput != 1 {
		t.Errorf("Push beyond the buffer = %v, stats %+v", err, a.Stats())
	}
	if n := len(a.Advance(t0)); n != MaxPending {
		t.Errorf("Advance = %d rows", n)
	}
}

// JSON and CSV mapping: a missing field is NULL, a wrong type is an error
// record.
func TestMapping(t *testing.T) {
	code := `CREATE STREAM "O" ("truck" VARCHAR(16), "speed" INTEGER, "load" DOUBLE);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`
	csv := Schema{Format: "CSV", RowDelimiter: "\n", ColumnDelimiter: ",", Columns: trucks.Columns}
	semi := Schema{Format: "CSV", RowDelimiter: "|", ColumnDelimiter: ";", Columns: trucks.Columns}
	tests := []struct {
		name   string
		schema Schema
		rec    string
		want   [][]Value // nil with err
		err    string
	}{
		{"JSON", trucks, `{"truck":"T1","speed":5,"cargo":{"load":2}}`, [][]Value{{"T1", int64(5), 2.0}}, ""},
		{"JSON missing fields are NULL", trucks, `{"truck":"T1"}`, [][]Value{{"T1", nil, nil}}, ""},
		{"JSON null is NULL", trucks, `{"truck":null,"speed":null}`, [][]Value{{nil, nil, nil}}, ""},
		{"JSON number into VARCHAR", trucks, `{"truck":12}`, [][]Value{{"12", nil, nil}}, ""},
		{"JSON integral float into INTEGER", trucks, `{"speed":5.0}`, [][]Value{{nil, int64(5), nil}}, ""},
		{"JSON string into INTEGER", trucks, `{"speed":"fast"}`, nil, `column "speed": "fast" cannot convert to INTEGER`},
		{"JSON numeric string into INTEGER", trucks, `{"speed":" 12 "}`, [][]Value{{nil, int64(12), nil}}, ""},
		{"JSON booleans into numbers", trucks, `{"speed":true,"cargo":{"load":false}}`, [][]Value{{nil, int64(1), 0.0}}, ""},
		{"JSON boolean into VARCHAR", trucks, `{"truck":false}`, [][]Value{{"false", nil, nil}}, ""},
		{"JSON fraction into INTEGER", trucks, `{"speed":5.5}`, nil, `column "speed": "5.5" is not INTEGER`},
		{"JSON out of range", trucks, `{"speed":3000000000}`, nil, `column "speed": 3000000000 is out of range for INTEGER`},
		{"JSON string cut to the column", trucks, `{"truck":"` + strings.Repeat("x", 17) + `"}`, [][]Value{{strings.Repeat("x", 16), nil, nil}}, ""},
		{"JSON object into VARCHAR is its source text", trucks, `{"truck":{"b": 1,"a":2}}`, [][]Value{{`{"b": 1,"a":2}`, nil, nil}}, ""},
		{"JSON object into INTEGER", trucks, `{"speed":{"a":1}}`, nil, `an array or object cannot convert to INTEGER`},
		{"not JSON", trucks, `truck=1`, nil, "record is not JSON"},
		{"not an object", trucks, `[1,2]`, nil, "record is not a JSON object"},
		{"two values", trucks, `{} {}`, nil, "record is not JSON"},
		{"CSV", csv, "T1,5,2.5", [][]Value{{"T1", int64(5), 2.5}}, ""},
		{"CSV several rows", csv, "T1,5,2.5\nT2,6,1\n", [][]Value{{"T1", int64(5), 2.5}, {"T2", int64(6), 1.0}}, ""},
		{"CSV missing and empty fields", csv, "T1,", [][]Value{{"T1", nil, nil}}, ""},
		{"CSV empty string", csv, ",5", [][]Value{{"", int64(5), nil}}, ""},
		{"CSV other delimiters", semi, "T1;5;1|T2;6;2", [][]Value{{"T1", int64(5), 1.0}, {"T2", int64(6), 2.0}}, ""},
		{"CSV wrong type", csv, "T1,5,1\nT2,x,1", nil, `row 2 of the record: column "speed": "x" cannot convert to INTEGER`},
		{"CSV CRLF", csv, "T1,5,1\r\nT2,6,2\r\n", [][]Value{{"T1", int64(5), 1.0}, {"T2", int64(6), 2.0}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustCompile(t, code, tc.schema)
			err := a.Push([]byte(tc.rec), t0)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Push = %v, want …%s…", err, tc.err)
				}
				if out := a.Advance(t0); len(out) != 0 {
					t.Errorf("an error record still gave rows %v", out)
				}
				if a.Stats().BadRecords != 1 {
					t.Errorf("Stats = %+v, want one bad record", a.Stats())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][]Value
			for _, o := range a.Advance(t0) {
				got = append(got, o.Row.Values)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema Schema
		want   string
	}{
		{"format", Schema{Format: "XML", Columns: trucks.Columns}, `record format "XML" is not JSON or CSV`},
		{"no columns", Schema{Format: "JSON"}, "no columns"},
		{"type", Schema{Format: "JSON", Columns: []Column{{Name: "a", SQLType: "VARCHAR"}}}, `input column "a": SqlType "VARCHAR": VARCHAR needs a length`},
		{"mapping", Schema{Format: "JSON", Columns: []Column{{Name: "a", SQLType: "INTEGER", Mapping: "speed"}}}, `mapping "speed" must start with $`},
		{"twice", Schema{Format: "JSON", Columns: []Column{{Name: "a", SQLType: "INTEGER"}, {Name: "a", SQLType: "INTEGER"}}}, `input column "a" appears twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(`CREATE STREAM "S" (a INTEGER);`, tc.schema, "SOURCE_SQL_STREAM_001")
			var e *Error
			if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Compile = %v, want a schema error …%s…", err, tc.want)
			}
		})
	}
}

func TestRecordJSON(t *testing.T) {
	a := mustCompile(t, `CREATE STREAM "O" ("Truck" VARCHAR(16), n BIGINT, x DOUBLE, ok BOOLEAN, t TIMESTAMP, "q""uote" INTEGER);`, trucks)
	got := string(a.RecordJSON("O", Row{Time: t0, Values: []Value{"T\"1", int64(3), 2.5, true, t0 + 1234, nil}}))
	want := `{"Truck":"T\"1","N":3,"X":2.5,"OK":true,"T":"2026-01-01 10:00:01.234","q\"uote":null}`
	if got != want {
		t.Errorf("RecordJSON = %s\nwant %s", got, want)
	}
	if b := a.RecordJSON("NOPE", Row{}); b != nil {
		t.Errorf("RecordJSON of an unknown stream = %s", b)
	}
	if b := a.RecordJSON("O", Row{Values: []Value{math.Inf(1)}}); !strings.Contains(string(b), `"Truck":null`) {
		t.Errorf("RecordJSON of +Inf = %s", b)
	}
}

// Hostile programs are refused quickly, with a position.
func TestHostileInputs(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		line, col int
		msg       string
	}{
		{"nesting 10,000 deep", `CREATE STREAM "S" (a INTEGER); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM ` +
			strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + ` FROM "SOURCE_SQL_STREAM_001";`, 1, 145, "nested deeper than 64"},
		{"unary minus 10,000 deep", `CREATE STREAM "S" (a INTEGER); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM ` +
			strings.Repeat("- ", 10000) + "1" + ` FROM "SOURCE_SQL_STREAM_001";`, 1, 207, "nested deeper than 64"},
		{"NOT 10,000 deep", `CREATE STREAM "S" (a BOOLEAN); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM ` +
			strings.Repeat("NOT ", 10000) + "TRUE" + ` FROM "SOURCE_SQL_STREAM_001";`, 1, 333, "nested deeper than 64"},
		{"a 1 MB literal", `CREATE STREAM "S" (a VARCHAR(9));` + "\n'" + strings.Repeat("x", 1<<20) + "'", 1, 1, "longer than 102400 characters"},
		{"a 200,000-character program", strings.Repeat("-- padding\n", 200000/11), 1, 1, "longer than 102400 characters"},
		{"a literal of 5,000 characters", `CREATE STREAM "S" (a VARCHAR(9)); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM '` + strings.Repeat("y", 5000) + `' FROM "SOURCE_SQL_STREAM_001";`, 1, 84, "longer than 4096"},
		{"a number of 5,000 digits", `CREATE STREAM "S" (a VARCHAR(9)); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM ` + strings.Repeat("9", 5000) + ` FROM "SOURCE_SQL_STREAM_001";`, 1, 84, "longer than 4096"},
		{"a control character in a quoted name", `CREATE STREAM "S` + "\n" + `" (a INTEGER);`, 1, 15, "control characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(tc.code, trucks, "SOURCE_SQL_STREAM_001")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile = %v, want an *Error", err)
			}
			if e.Line != tc.line || e.Column != tc.col || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("got line %d, column %d: %s\nwant line %d, column %d: …%s…", e.Line, e.Column, e.Message, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestObjectBounds(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= MaxStreams; i++ {
		fmt.Fprintf(&b, "CREATE STREAM S%d (a INTEGER);\n", i)
	}
	_, err := Compile(b.String(), trucks, "SOURCE_SQL_STREAM_001")
	var e *Error
	if !errors.As(err, &e) || e.Line != MaxStreams+1 || !strings.Contains(e.Message, "more than 50 in-application streams") {
		t.Errorf("Compile = %v", err)
	}
	b.Reset()
	b.WriteString("CREATE STREAM S (a INTEGER);\n")
	for i := 0; i <= MaxPumps; i++ {
		fmt.Fprintf(&b, "CREATE PUMP P%d AS INSERT INTO S SELECT STREAM \"speed\" FROM SOURCE_SQL_STREAM_001;\n", i)
	}
	_, err = Compile(b.String(), trucks, "SOURCE_SQL_STREAM_001")
	if !errors.As(err, &e) || e.Line != MaxPumps+2 || !strings.Contains(e.Message, "more than 50 pumps") {
		t.Errorf("Compile = %v", err)
	}
}

// KDA's JSONPath: $.a[0:] is the whole array in one column, $.a[0:].b one
// row per element with the other columns repeated
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/about-json-path.html).
func TestJSONPathArrays(t *testing.T) {
	orders := Schema{Format: "JSON", Columns: []Column{
		{Name: "customer", SQLType: "VARCHAR(16)", Mapping: "$.customerName"},
		{Name: "orderId", SQLType: "VARCHAR(8)", Mapping: "$.orders[0:].orderId"},
		{Name: "price", SQLType: "DECIMAL(6,2)", Mapping: "$.orders[0:].itemPrice"},
		{Name: "all", SQLType: "VARCHAR(200)", Mapping: "$.orders[0:]"},
		{Name: "at", SQLType: "TIMESTAMP", Mapping: "$.at"},
		{Name: "ratio", SQLType: "REAL", Mapping: "$.ratio"},
	}}
	code := `CREATE STREAM "O" (c VARCHAR(16), id VARCHAR(8), p DECIMAL(6,2), a VARCHAR(200), at TIMESTAMP, r REAL);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`
	a := mustCompile(t, code, orders)
	rec := `{"customerName":"Ann","at":"2026-01-01 10:00:00.250","ratio":0.1,
"orders":[{"orderId":"1","itemPrice":33.99},{"orderId":"2"}]}`
	if err := a.Push([]byte(rec), t0); err != nil {
		t.Fatal(err)
	}
	all := `[{"orderId":"1","itemPrice":33.99},{"orderId":"2"}]` // the source text
	r := float64(float32(0.1))
	var got [][]Value
	for _, o := range a.Advance(t0) {
		got = append(got, o.Row.Values)
	}
	want := [][]Value{
		{"Ann", "1", 33.99, all, t0 + 250, r},
		{"Ann", "2", nil, all, t0 + 250, r},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// No array: one row of NULLs for its columns.
	a.Push([]byte(`{"customerName":"Bob"}`), t0)
	out := a.Advance(t0)
	if diff := cmp.Diff([]Value{"Bob", nil, nil, nil, nil, nil}, out[0].Row.Values); len(out) != 1 || diff != "" {
		t.Errorf("no array: %v %s", out, diff)
	}
	// A number is not a TIMESTAMP (its JSON type is string).
	if err := a.Push([]byte(`{"at":1767261600000}`), t0); err == nil || !strings.Contains(err.Error(), "a number cannot convert to TIMESTAMP") {
		t.Errorf("Push = %v", err)
	}
	if err := a.Push([]byte(`{"ratio":1e300}`), t0); err == nil || !strings.Contains(err.Error(), "out of range for REAL") {
		t.Errorf("Push = %v", err)
	}

	for _, tc := range []struct{ mapping, want string }{
		{"$.orders[1].orderId", "the only array index supported is [0:]"},
		{"$.a[0:].b[0:].c", "only one level of [0:]"},
		{"$..a", "empty member name"},
		{"$a", "expected . or [0:] after $"},
	} {
		s := Schema{Format: "JSON", Columns: []Column{{Name: "x", SQLType: "INTEGER", Mapping: tc.mapping}}}
		if _, err := Compile(`CREATE STREAM "S" (a INTEGER);`, s, "SOURCE_SQL_STREAM_001"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mapping %s: %v, want …%s…", tc.mapping, err, tc.want)
		}
	}
	two := Schema{Format: "JSON", Columns: []Column{
		{Name: "x", SQLType: "INTEGER", Mapping: "$.a[0:].x"},
		{Name: "y", SQLType: "INTEGER", Mapping: "$.b[0:].y"},
	}}
	if _, err := Compile(`CREATE STREAM "S" (a INTEGER);`, two, "SOURCE_SQL_STREAM_001"); err == nil || !strings.Contains(err.Error(), "only one array can be flattened") {
		t.Errorf("two flattened arrays: %v", err)
	}
}

func TestPumpsView(t *testing.T) {
	code := `CREATE STREAM "B" (n BIGINT);
CREATE STREAM "A" (s INTEGER);
CREATE PUMP "COUNT" AS INSERT INTO "B" SELECT STREAM COUNT(*) FROM "A" GROUP BY STEP("A".ROWTIME BY INTERVAL '10' SECOND);
CREATE PUMP "COPY" AS INSERT INTO "A" SELECT STREAM "speed" FROM "SOURCE_SQL_STREAM_001";`
	a := mustCompile(t, code, trucks)
	a.Push([]byte(`{"speed":1}`), t0+12000)
	if a.Pending() != 1 {
		t.Errorf("Pending = %d", a.Pending())
	}
	a.Advance(t0 + 12000)
	want := []PumpInfo{
		{Name: "COPY", Source: "SOURCE_SQL_STREAM_001", Target: "A"},
		{Name: "COUNT", Source: "A", Target: "B", WindowMillis: 10000, Open: true, Start: t0 + 10000, End: t0 + 20000, Groups: 1},
	}
	if diff := cmp.Diff(want, a.Pumps()); diff != "" {
		t.Errorf("Pumps (-want +got):\n%s", diff)
	}
}

// A LIKE whose matching would cost too much is a run-time error, not a hang.
func TestLikeBound(t *testing.T) {
	long := Schema{Format: "JSON", Columns: []Column{{Name: "s", SQLType: "VARCHAR(65534)", Mapping: "$.s"}}}
	code := `CREATE STREAM "O" (m BOOLEAN);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "s" LIKE '%` + strings.Repeat("a", 4000) + `b' FROM "SOURCE_SQL_STREAM_001";`
	a := mustCompile(t, code, long)
	if err := a.Push([]byte(`{"s":"`+strings.Repeat("a", 60000)+`"}`), t0); err != nil {
		t.Fatal(err)
	}
	if out := a.Advance(t0); len(out) != 0 || a.Stats().RuntimeErrors != 1 {
		t.Errorf("Advance = %v, stats %+v: want the row dropped as an error", out, a.Stats())
	}
	if m, err := likeMatch(strings.Repeat("a", 60000), strings.Repeat("%a", 100)); !m || err != nil {
		t.Errorf("a matching pattern = %v, %v", m, err)
	}
}

// Booleans, DECIMAL precision and dates follow KDA's JSON mapping rules
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/sch-mapping.html#sch-mapping-datatypes).
func TestMappingRules(t *testing.T) {
	schema := Schema{Format: "JSON", Columns: []Column{
		{Name: "b", SQLType: "BOOLEAN", Mapping: "$.b"},
		{Name: "d", SQLType: "DECIMAL(5,2)", Mapping: "$.d"},
		{Name: "t", SQLType: "TIMESTAMP", Mapping: "$.t"},
	}}
	code := `CREATE STREAM "O" (b BOOLEAN, d DECIMAL(5,2), t TIMESTAMP);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`
	tests := []struct {
		rec  string
		want []Value
		err  string
	}{
		{`{"b":"TRUE"}`, []Value{true, nil, nil}, ""},
		{`{"b":"yes"}`, []Value{false, nil, nil}, ""},
		{`{"b":0}`, []Value{false, nil, nil}, ""},
		{`{"b":-2.5}`, []Value{true, nil, nil}, ""},
		{`{"d":123.45}`, []Value{nil, 123.45, nil}, ""},
		{`{"d":"1.5"}`, []Value{nil, 1.5, nil}, ""},
		{`{"d":1.234}`, nil, "1.234 exceeds the size or precision of DECIMAL(5,2)"},
		{`{"d":1000}`, nil, "1000 exceeds the size or precision of DECIMAL(5,2)"},
		{`{"t":"1992-02-14"}`, []Value{nil, nil, sim.Time(698025600000)}, ""},
		{`{"t":"1992-02-14 18:35:44.0"}`, []Value{nil, nil, sim.Time(698092544000)}, ""},
		{`{"t":"yesterday"}`, nil, `"yesterday" cannot convert to TIMESTAMP`},
		{`{"t":true}`, nil, "a boolean cannot convert to TIMESTAMP"},
	}
	for _, tc := range tests {
		a := mustCompile(t, code, schema)
		err := a.Push([]byte(tc.rec), t0)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: Push = %v, want …%s…", tc.rec, err, tc.err)
			}
			continue
		}
		out := a.Advance(t0)
		if err != nil || len(out) != 1 {
			t.Errorf("%s: Push = %v, rows %v", tc.rec, err, out)
			continue
		}
		if diff := cmp.Diff(tc.want, out[0].Row.Values); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.rec, diff)
		}
	}
}
