package sql

import (
	"errors"
	"strings"
	"testing"
)

const head = `CREATE OR REPLACE STREAM "OUT" (truck VARCHAR(16), speed INTEGER);
`

// Every compile error carries its line and column and says what is wrong
// (or what the teaching model does not model).
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		line, col int
		msg       string
	}{
		{"order by not modelled", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001"
ORDER BY "speed";`, 4, 1, "ORDER BY is not supported by this teaching model of Kinesis Data Analytics SQL"},
		{"unknown column suggests the quoted name", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", speed FROM "SOURCE_SQL_STREAM_001";`, 3, 24, `stream "SOURCE_SQL_STREAM_001" has no column "SPEED"; did you mean "speed"? (quoted names keep their case; unquoted ones are upper-cased)`},
		{"unknown column suggests a near name", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "sped" FROM "SOURCE_SQL_STREAM_001";`, 3, 24, `no column "sped"; did you mean "speed"?`},
		{"SUM of a VARCHAR", `CREATE OR REPLACE STREAM "OUT" (n BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM SUM("truck") FROM "SOURCE_SQL_STREAM_001"
GROUP BY STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`, 3, 19, "SUM needs numbers, not VARCHAR(16)"},
		{"INSERT column count", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, `INSERT INTO "OUT" fills 2 columns but the SELECT gives 1 value`},
		{"insert into an undeclared stream", `CREATE OR REPLACE PUMP "P" AS INSERT INTO "DELAYED"
SELECT STREAM "truck" FROM "SOURCE_SQL_STREAM_001";`, 1, 43, `stream "DELAYED" is not created before this pump`},
		{"a stream created after the pump", `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001";
` + head, 1, 43, `stream "OUT" is created at line 3, after this pump`},
		{"read an undeclared stream", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_01";`, 3, 37, `stream "SOURCE_SQL_STREAM_01" is not created before this pump; did you mean "SOURCE_SQL_STREAM_001"?`},
		{"non-grouped column", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);`, 3, 24, `column "speed" is neither in GROUP BY nor inside an aggregate`},
		{"grouped column not selected", `CREATE OR REPLACE STREAM "OUT" (n BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);`, 4, 10, `column "truck" is in GROUP BY but not in the SELECT list`},
		{"GROUP BY without a window", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MAX("speed") FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck";`, 4, 10, "a GROUP BY on a stream needs a tumbling window on ROWTIME"},
		{"GROUP BY ROWTIME itself", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MAX("speed") FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", ROWTIME;`, 4, 19, "GROUP BY on ROWTIME needs a tumbling window"},
		{"aggregate without GROUP BY", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MAX("speed") FROM "SOURCE_SQL_STREAM_001";`, 3, 24, "aggregate MAX needs GROUP BY with a tumbling window"},
		{"aggregate in WHERE", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE COUNT(*) > 1;`, 3, 67, "aggregate COUNT is not allowed in WHERE"},
		{"SELECT without STREAM", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT "truck", "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 8, "expected STREAM after SELECT"},
		{"a SELECT outside a pump", `SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`, 1, 1, "a SELECT runs only inside a pump"},
		{"JOIN", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" s JOIN "OUT" o ON s."truck" = o.truck;`, 3, 63, "JOIN is not supported by this teaching model"},
		{"HAVING without GROUP BY", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" HAVING "speed" > 1;`, 3, 61, "HAVING needs GROUP BY"},
		{"HAVING on a non-grouped column", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MAX("speed") FROM "SOURCE_SQL_STREAM_001"
GROUP BY "truck", FLOOR(ROWTIME TO MINUTE) HAVING "speed" > 1;`, 4, 51, `column "speed" is neither in GROUP BY nor inside an aggregate`},
		{"stagger window", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
WINDOWED BY STAGGER (PARTITION BY "truck" RANGE INTERVAL '1' MINUTE);`, 4, 1, "WINDOWED BY STAGGER (stagger windows) is not supported"},
		{"TOP_K_ITEMS_TUMBLING", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'truck', 3, 60));`, 3, 22, "TABLE(...) (a table function) is not supported"},
		{"sliding window", `CREATE OR REPLACE STREAM "OUT" (n BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM COUNT(*) OVER (RANGE INTERVAL '1' MINUTE PRECEDING) FROM "SOURCE_SQL_STREAM_001";`, 3, 24, "OVER (sliding windows) is not supported"},
		{"unknown function", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM UPPPER("truck"), "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, "unknown function UPPPER; did you mean UPPER?"},
		{"ROUND is not KDA's", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", ROUND("load") FROM "SOURCE_SQL_STREAM_001";`, 3, 24, "ROUND is not a function of Kinesis Data Analytics SQL"},
		{"wrong argument count", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MOD("speed") FROM "SOURCE_SQL_STREAM_001";`, 3, 24, "MOD takes 2 arguments"},
		{"function of the real dialect", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM SUBSTRING("truck", 1, 2), "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, "function SUBSTRING is not supported by this teaching model"},
		{"value of the wrong type", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "truck" FROM "SOURCE_SQL_STREAM_001";`, 3, 24, `column "SPEED" of "OUT" is INTEGER but this value is VARCHAR(16) (use CAST)`},
		{"WHERE not a condition", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed";`, 3, 67, "WHERE needs a condition (BOOLEAN), not INTEGER"},
		{"comparing a string with a number", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "truck" = 3;`, 3, 75, "cannot compare VARCHAR(16) with INTEGER"},
		{"stream declared twice", head + head, 2, 26, `stream "OUT" is already created at line 1`},
		{"stream named like the input", `CREATE STREAM "SOURCE_SQL_STREAM_001" (a INTEGER);`, 1, 15, "is the application's input stream"},
		{"pumps in a loop", `CREATE STREAM a (x INTEGER);
CREATE STREAM b (x INTEGER);
CREATE PUMP p1 AS INSERT INTO b SELECT STREAM x FROM a;
CREATE PUMP p2 AS INSERT INTO a SELECT STREAM x FROM b;`, 3, 13, "closes a loop"},
		{"a pump reading its own target", `CREATE STREAM a (x INTEGER);
CREATE PUMP p1 AS INSERT INTO a SELECT STREAM x FROM a;`, 2, 54, "reads the stream it inserts into"},
		{"wrong qualifier", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "SOURCE".truck, "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, `"SOURCE" is not the stream this SELECT reads`},
		{"wrong qualifier on *", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "OUT".* FROM "SOURCE_SQL_STREAM_001";`, 3, 15, `"OUT" is not the stream this SELECT reads`},
		{"unclosed string", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM 'abc, "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, "string literal is never closed with '"},
		{"unclosed comment", "/* a comment\n" + head, 1, 1, "comment /* is never closed with */"},
		{"VARCHAR without length", `CREATE STREAM "S" (a VARCHAR);`, 1, 22, "VARCHAR needs a length"},
		{"DATE not modelled", `CREATE STREAM "S" (a DATE);`, 1, 22, "type DATE is not supported by this teaching model"},
		{"reserved word as a name", `CREATE STREAM "S" (select INTEGER);`, 1, 20, `SELECT is a reserved word: to use it as a name, quote it ("SELECT")`},
		{"missing semicolon", head + `CREATE STREAM "B" (a INTEGER) CREATE STREAM "C" (a INTEGER);`, 2, 31, `expected ";" to end the statement, found CREATE`},
		{"long identifier", `CREATE STREAM ` + strings.Repeat("A", 129) + ` (a INTEGER);`, 1, 15, "longer than 128 characters"},
		{"long literal", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM '` + strings.Repeat("x", 5000) + `', "speed" FROM "SOURCE_SQL_STREAM_001";`, 3, 15, "string literal is longer than 4096 characters"},
		{"deep nesting", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", ` + strings.Repeat("(", 100) + `1` + strings.Repeat(")", 100) + ` FROM "SOURCE_SQL_STREAM_001";`, 3, 88, "nested deeper than 64 levels"},
		{"long chain", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", 1` + strings.Repeat("+1", 70) + ` FROM "SOURCE_SQL_STREAM_001";`, 3, 151, "nested deeper than 64 levels"},
		{"month interval", `CREATE STREAM "S" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MONTH);`, 3, 63, "INTERVAL ... MONTH is not supported"},
		{"FLOOR to a month", `CREATE STREAM "S" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY FLOOR(ROWTIME TO MONTH);`, 3, 27, "FLOOR(... TO MONTH) is not supported by this teaching model"},
		{"unexpected character", `CREATE STREAM "S" (n BIGINT) #`, 1, 30, `unexpected character '#'`},
		{"% is not SQL", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" % 2 FROM "SOURCE_SQL_STREAM_001";`, 3, 32, "% is not an operator of Kinesis Data Analytics SQL: use MOD(dividend, divisor)"},
		{"MOD of a DECIMAL", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", MOD("speed", 2.5) FROM "SOURCE_SQL_STREAM_001";`, 3, 37, "MOD needs whole numbers (scale 0), not DECIMAL"},
		{"APPROXIMATE_ARRIVAL_TIME", head + `CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE APPROXIMATE_ARRIVAL_TIME IS NULL;`, 3, 67, "APPROXIMATE_ARRIVAL_TIME is not supported by this teaching model"},
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
