// Package sql is the SQL dialect of Kinesis Data Analytics for SQL
// applications, kept as a teaching model: AWS retired the service (no new
// applications from 2025-10-15, existing ones deleted from 2026-01-27;
// Amazon Managed Service for Apache Flink replaces it), but the course
// teaches its stream-and-pump model, so the playground runs it at any
// simulated date.
//
// [Compile] reads application code — CREATE OR REPLACE STREAM, CREATE OR
// REPLACE PUMP ... AS INSERT INTO ... SELECT STREAM ... FROM ... [WHERE]
// [GROUP BY] — against the schema of the in-application input stream
// (SOURCE_SQL_STREAM_001) and checks every name and type before anything
// runs. [App.Push] maps one record (JSON by the mapping paths, CSV by
// position) to an input row stamped ROWTIME = its arrival; [App.Advance]
// runs the pumps up to a simulated time and returns the rows each pump put
// into its in-application stream, in order.
//
// What is modelled, with the reference pages it follows:
//
//   - identifiers: quoted ones keep their case, unquoted ones are upper-cased,
//     at most 128 characters
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-identifiers.html);
//   - tumbling windows: GROUP BY STEP("S".ROWTIME BY INTERVAL 'n' unit) or
//     FLOOR("S".ROWTIME TO unit), aligned on the epoch
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-step.html,
//     https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-floor.html,
//     https://docs.aws.amazon.com/kinesisanalytics/latest/dev/tumbling-window-concepts.html);
//   - a window's rows are emitted when the rowtime passes the window's end,
//     and carry the window's start as their ROWTIME, as the reference's
//     example output shows
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/timestamps-rowtime-concepts.html);
//     a pump without GROUP BY copies its input row's ROWTIME;
//   - COUNT, SUM, AVG, MIN, MAX, ignoring NULL inputs except COUNT(*)
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-aggregate-functions.html);
//   - input mapping: JSONPath ($.a.b, $.a[0:]) and KDA's JSON-to-SQL
//     conversions, CSV by position
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/sch-mapping.html);
//   - run-time errors (division by zero, overflow, a record that does not
//     map) drop the row, as KDA sends it to the error stream
//     (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/error-handling.html);
//     [App.Stats] counts them.
//
// HAVING filters a window's groups; in a stream it needs GROUP BY
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-having-clause.html).
//
// Simplifications, each a choice of the playground: DECIMAL and REAL
// values are float64 (rounded to the column's scale, or to 32 bits); CHAR(n)
// is not padded with spaces; AVG returns DOUBLE; a late record's ROWTIME is
// moved up to the last one's, so ROWTIME never goes back.
//
// Everything else the real dialect has (ORDER BY, JOIN, OVER and stagger
// windows, subqueries, CASE, most functions) is refused by Compile with its
// line and column and the words "not supported by this teaching model",
// never silently ignored.
package sql
