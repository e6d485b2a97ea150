package sql

import (
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/sim"
)

// BenchmarkWindowedGroupBy measures rows per second through a pump with
// a tumbling window grouped by page (clicks per page per 10 s), JSON
// mapping included: go test -run XXX -bench WindowedGroupBy ./core/analytics/sql/
func BenchmarkWindowedGroupBy(b *testing.B) {
	code := `CREATE OR REPLACE STREAM "POPULAR" (page VARCHAR(32), clicks BIGINT, mean DOUBLE, slowest INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "POPULAR"
SELECT STREAM "page", COUNT(*), AVG("ms"), MAX("ms") FROM "SOURCE_SQL_STREAM_001"
GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`
	a, err := Compile(code, clicks, "SOURCE_SQL_STREAM_001")
	if err != nil {
		b.Fatal(err)
	}
	recs := make([][]byte, 100)
	for i := range recs {
		recs[i] = []byte(fmt.Sprintf(`{"page":"page-%d","ms":%d}`, i%20, i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	now := t0
	for i := 0; i < b.N; i++ {
		now += 10 // 100 rows per simulated second
		if err := a.Push(recs[i%len(recs)], now); err != nil {
			b.Fatal(err)
		}
		if i%100 == 99 {
			a.Advance(now)
		}
	}
	a.Advance(now + sim.Time(10000))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCompile measures compiling a typical two-pump program.
func BenchmarkCompile(b *testing.B) {
	code := `CREATE OR REPLACE STREAM "SLOW" (truck VARCHAR(16), speed INTEGER);
CREATE OR REPLACE STREAM "SLOW_COUNT" (truck VARCHAR(16), n BIGINT);
CREATE OR REPLACE PUMP "SLOW_PUMP" AS INSERT INTO "SLOW"
  SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed" < 10;
CREATE OR REPLACE PUMP "COUNT_PUMP" AS INSERT INTO "SLOW_COUNT"
  SELECT STREAM truck, COUNT(*) FROM "SLOW" GROUP BY truck, STEP("SLOW".ROWTIME BY INTERVAL '1' MINUTE);`
	for i := 0; i < b.N; i++ {
		if _, err := Compile(code, trucks, "SOURCE_SQL_STREAM_001"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileHostile measures how fast hostile programs are refused:
// go test -run XXX -bench CompileHostile ./core/analytics/sql/
func BenchmarkCompileHostile(b *testing.B) {
	prefix := `CREATE STREAM "S" (a INTEGER); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM `
	programs := map[string]string{
		"nesting10000": prefix + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + ` FROM "SOURCE_SQL_STREAM_001";`,
		"literal1MB":   prefix + "'" + strings.Repeat("x", 1<<20) + `' FROM "SOURCE_SQL_STREAM_001";`,
		"program200k":  strings.Repeat("-- padding\n", 200000/11),
		"literal100k":  prefix + "'" + strings.Repeat("x", 100000) + `'`,
		"tokens100k":   strings.Repeat("+", 100000),
	}
	for _, name := range []string{"nesting10000", "literal1MB", "program200k", "literal100k", "tokens100k"} {
		code := programs[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Compile(code, trucks, "SOURCE_SQL_STREAM_001"); err == nil {
					b.Fatal("compiled")
				}
			}
		})
	}
}
