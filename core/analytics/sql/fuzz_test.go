package sql

import (
	"errors"
	"strings"
	"testing"

	"cloudplay/core/sim"
)

// FuzzCompile: Compile never panics, an error in the code carries a
// position inside it, and a program that compiles runs records without
// panicking.
func FuzzCompile(f *testing.F) {
	seeds := []string{
		`CREATE OR REPLACE STREAM "DELAYED" (truck VARCHAR(16), speed INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DELAYED" SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed" < 10;`,
		`CREATE STREAM "O" (page VARCHAR(32), n BIGINT, s BIGINT, a DOUBLE);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "truck", COUNT(*), SUM("speed"), AVG("load") FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`,
		`CREATE STREAM a (x INTEGER); CREATE STREAM b (y VARCHAR(8), t TIMESTAMP);
CREATE PUMP p AS INSERT INTO a SELECT STREAM "speed" / ("speed" - 5) FROM SOURCE_SQL_STREAM_001 WHERE "truck" LIKE 'T%' AND "speed" BETWEEN 1 AND 9 OR "speed" IN (1, 2, NULL);
CREATE PUMP q AS INSERT INTO b SELECT STREAM CAST(x AS VARCHAR(8)), FLOOR(a.ROWTIME TO MINUTE) FROM a;`,
		`/* c */ -- d
CREATE STREAM "S" (a DECIMAL(5,2)); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM ROUND(ABS(-"load"), 1) FROM "SOURCE_SQL_STREAM_001" ORDER BY 1;`,
		`SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"`,
		`'unterminated`, `"`, `/*`, `((((((`, `CREATE STREAM "x""y" (a CHAR(3));`,
	}
	for _, s := range seeds {
		f.Add(s, `{"truck":"T1","speed":5,"cargo":{"load":2.5}}`)
	}
	f.Fuzz(func(t *testing.T, code, record string) {
		a, err := Compile(code, trucks, "SOURCE_SQL_STREAM_001")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile = %v, not an *Error", err)
			}
			lines := strings.Count(code, "\n") + 1
			if e.Line < 1 || e.Line > lines || e.Column < 1 {
				t.Fatalf("error position line %d, column %d outside the code (%d lines): %v", e.Line, e.Column, lines, e)
			}
			if e.Message == "" {
				t.Fatal("empty message")
			}
			return
		}
		a.Streams()
		for i := 0; i < 3; i++ {
			a.Push([]byte(record), t0+sim.Time(i*4000))
			for _, o := range a.Advance(t0 + sim.Time(i*4000)) {
				a.RecordJSON(o.Stream, o.Row)
			}
		}
		a.Advance(t0 + 86400000)
	})
}
