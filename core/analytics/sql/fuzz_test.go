package sql

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

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
CREATE STREAM "S" (a DECIMAL(5,2)); CREATE PUMP "P" AS INSERT INTO "S" SELECT STREAM FLOOR(ABS(-"load") + POWER(2, 0.5)) FROM "SOURCE_SQL_STREAM_001" ORDER BY 1;`,
		`SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"`,
		`CREATE STREAM "P" (page VARCHAR(32), n BIGINT);
CREATE PUMP "Q" AS INSERT INTO "P" SELECT STREAM UPPER("truck"), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
WHERE "truck" IS NOT NULL GROUP BY UPPER("truck"), FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO SECOND) HAVING COUNT(*) > 1 OR MIN("load") < 2;`,
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
			lines := strings.Split(code, "\n")
			if len(code) > MaxCodeChars {
				return // refused at line 1, column 1 before reading
			}
			if e.Line < 1 || e.Line > len(lines) || e.Column < 1 || e.Column > utf8.RuneCountInString(lines[e.Line-1])+1 {
				t.Fatalf("error position line %d, column %d outside the code (%d lines): %v", e.Line, e.Column, len(lines), e)
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
				if b := a.RecordJSON(o.Stream, o.Row); !json.Valid(b) {
					t.Fatalf("RecordJSON = %s", b)
				}
			}
		}
		a.Advance(t0 + 86400000)
	})
}

// FuzzRecord: mapping any record (JSON with a flattened array, or CSV)
// never panics, and a record either maps or is counted as bad.
func FuzzRecord(f *testing.F) {
	jsonSchema := Schema{Format: "JSON", Columns: []Column{
		{Name: "c", SQLType: "VARCHAR(8)", Mapping: "$.c"},
		{Name: "id", SQLType: "INTEGER", Mapping: "$.o[0:].id"},
		{Name: "p", SQLType: "DECIMAL(5,2)", Mapping: "$.o[0:].p"},
		{Name: "all", SQLType: "VARCHAR(64)", Mapping: "$.o[0:]"},
		{Name: "t", SQLType: "TIMESTAMP", Mapping: "$.t"},
		{Name: "b", SQLType: "BOOLEAN", Mapping: "$.b"},
		{Name: "r", SQLType: "REAL", Mapping: "$.r"},
	}}
	csvSchema := Schema{Format: "CSV", RowDelimiter: "|", ColumnDelimiter: ";", Columns: jsonSchema.Columns}
	code := `CREATE STREAM "O" (c VARCHAR(8), id INTEGER, p DECIMAL(5,2), a VARCHAR(64), t TIMESTAMP, b BOOLEAN, r REAL);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`
	for _, s := range []string{`{"c":"x","o":[{"id":1,"p":2.5},{"id":"2"}],"t":"2026-01-01","b":"TRUE","r":1e3}`,
		`x;1;2.5;[];2026-01-01 10:00:00;true;0.5|y;;;;;;`, `{"o":{"id":1}}`, `[]`, `{"c":[1,{"a":null}]}`} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, record string, csv bool) {
		schema := jsonSchema
		if csv {
			schema = csvSchema
		}
		a, err := Compile(code, schema, "SOURCE_SQL_STREAM_001")
		if err != nil {
			t.Fatal(err)
		}
		err = a.Push([]byte(record), t0)
		if (err != nil) != (a.Stats().BadRecords == 1) {
			t.Fatalf("Push = %v but stats %+v", err, a.Stats())
		}
		for _, o := range a.Advance(t0) {
			if len(o.Row.Values) != 7 {
				t.Fatalf("row %v", o.Row.Values)
			}
			if b := a.RecordJSON(o.Stream, o.Row); !json.Valid(b) {
				t.Fatalf("RecordJSON = %s", b)
			}
		}
	})
}

// FuzzMember: the record scanner finds the same member as encoding/json.
func FuzzMember(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":{"c":[1,"x\"]"]},"a":2}`, `{"k\u0065y":"v"}`, ` { "a" : [ {"a":1} , "}" ] } `, `{}`, `[1]`, `"s"`} {
		f.Add(s, "a")
		f.Add(s, "key")
	}
	f.Fuzz(func(t *testing.T, doc, key string) {
		if !json.Valid([]byte(doc)) {
			return
		}
		var m map[string]json.RawMessage
		want, isObject := []byte(nil), json.Unmarshal([]byte(doc), &m) == nil
		if isObject {
			want = m[key]
		}
		got := member([]byte(doc), key)
		if !isObject {
			if got != nil {
				t.Fatalf("member of a non-object = %s", got)
			}
			return
		}
		if (got == nil) != (want == nil) || got != nil && string(got) != string(want) {
			t.Fatalf("member(%s, %q) = %s, want %s", doc, key, got, want)
		}
		if got != nil {
			var a, b any
			if json.Unmarshal(got, &a) != nil || json.Unmarshal(want, &b) != nil {
				t.Fatal("not a value")
			}
		}
		for _, e := range elements(got) {
			if !json.Valid(e) {
				t.Fatalf("element %s", e)
			}
		}
	})
}
