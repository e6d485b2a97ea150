package sql_test

import (
	"fmt"

	"cloudplay/core/analytics/sql"
	"cloudplay/core/sim"
)

// Clicks per page per 10 seconds: the product suddenly popular.
func Example() {
	schema := sql.Schema{Format: "JSON", Columns: []sql.Column{
		{Name: "page", SQLType: "VARCHAR(32)", Mapping: "$.page"},
	}}
	app, err := sql.Compile(`
CREATE OR REPLACE STREAM "POPULAR" (page VARCHAR(32), clicks BIGINT);
CREATE OR REPLACE PUMP "POPULAR_PUMP" AS INSERT INTO "POPULAR"
  SELECT STREAM "page", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND)
  HAVING COUNT(*) >= 2;`, schema, "SOURCE_SQL_STREAM_001")
	if err != nil {
		fmt.Println(err)
		return
	}
	start, _ := sim.ParseTime("2026-01-01T10:00:00Z")
	for i, page := range []string{"home", "shoes", "shoes", "hats", "shoes"} {
		app.Push([]byte(`{"page":"`+page+`"}`), start+sim.Time(i*1000))
	}
	for _, o := range app.Advance(start + 10000) {
		fmt.Println(o.Stream, o.Row.Time, string(app.RecordJSON(o.Stream, o.Row)))
	}

	_, err = sql.Compile(`CREATE STREAM "S" (page VARCHAR(32));
CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM page FROM "SOURCE_SQL_STREAM_001";`, schema, "SOURCE_SQL_STREAM_001")
	fmt.Println(err)
	// Output:
	// POPULAR 2026-01-01T10:00:00Z {"PAGE":"shoes","CLICKS":3}
	// line 2, column 50: stream "SOURCE_SQL_STREAM_001" has no column "PAGE"; did you mean "page"? (quoted names keep their case; unquoted ones are upper-cased)
}
