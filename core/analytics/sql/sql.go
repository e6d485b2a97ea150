package sql

import (
	"fmt"
	"unicode/utf8"

	"cloudplay/core/sim"
)

// Error is a problem in application code, at a line and column counted
// from 1 (columns in characters).
type Error struct {
	Line, Column int
	Message      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// Column is a column of an in-application stream: for the input stream it
// is one of InputSchema.RecordColumns ({"Name","SqlType","Mapping"}).
type Column struct{ Name, SQLType, Mapping string }

// Schema is the input schema: the record format ("JSON" or "CSV"), the CSV
// delimiters and the columns of the in-application input stream.
type Schema struct {
	Format                        string
	RowDelimiter, ColumnDelimiter string
	Columns                       []Column
}

// Value is one value of a row: nil (NULL), int64 (TINYINT to BIGINT),
// float64 (REAL, DOUBLE, DECIMAL), string (CHAR, VARCHAR), bool (BOOLEAN)
// or sim.Time (TIMESTAMP).
type Value = any

// Row is a row of an in-application stream: its ROWTIME and its values in
// column order.
type Row struct {
	Time   sim.Time
	Values []Value
}

// StreamInfo is an in-application stream declared by the code.
type StreamInfo struct {
	Name    string
	Columns []Column
}

// Output is a row a pump inserted into an in-application stream.
type Output struct {
	Stream string
	Row    Row
}

// Stats counts what the application dropped: records that did not map to
// the input schema and rows whose evaluation failed at run time (KDA sends
// both to the error stream), rows of new groups refused because a window
// already had MaxGroups open groups, and input rows refused because the
// input buffer was full.
type Stats struct {
	BadRecords    int64
	RuntimeErrors int64
	DroppedGroups int64
	DroppedInput  int64
}

// Bounds of the teaching model.
const (
	// MaxCodeChars is the longest application code: CreateApplication's
	// ApplicationCode is at most 102,400 characters
	// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_CreateApplication.html).
	MaxCodeChars = 102400
	// MaxDepth is how deeply expressions may nest (the playground's bound:
	// it keeps compiling and evaluating a hostile program shallow).
	MaxDepth = 64
	// MaxLiteral is the longest string or number literal, in characters
	// (the playground's bound).
	MaxLiteral = 4096
	// MaxIdentifier is the longest identifier
	// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-identifiers.html).
	MaxIdentifier = 128
	// MaxGroups is how many groups one window of one pump keeps open; rows
	// of further groups are dropped and counted (the playground's bound).
	MaxGroups = 10000
	// MaxStreams and MaxPumps bound the objects one program declares (the
	// playground's bound; AWS documents none).
	MaxStreams = 50
	MaxPumps   = 50
	// MaxPending is how many input rows wait for the next Advance (the
	// playground's bound).
	MaxPending = 10000
	// MaxVarchar is the longest CHAR(n) or VARCHAR(n): n must be greater
	// than 0 and less than 65535
	// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-data-types.html).
	MaxVarchar = 65534
)

// Compile checks code against the input schema of the in-application input
// stream inputName (usually "SOURCE_SQL_STREAM_001") and returns the
// application ready to run. A problem in the code is an *Error with its line
// and column; a problem in the schema is a plain error naming the column.
// Compile runs in time linear in the code's length: code over MaxCodeChars,
// expressions nested deeper than MaxDepth and literals over MaxLiteral are
// refused.
func Compile(code string, input Schema, inputName string) (*App, error) {
	if len(code) > MaxCodeChars*utf8.UTFMax || utf8.RuneCountInString(code) > MaxCodeChars {
		return nil, &Error{Line: 1, Column: 1, Message: fmt.Sprintf(
			"application code is longer than %d characters, the most CreateApplication accepts", MaxCodeChars)}
	}
	in, err := inputStream(input, inputName)
	if err != nil {
		return nil, err
	}
	stmts, perr := parse(code)
	if perr != nil {
		return nil, perr
	}
	app, perr := check(stmts, in, input)
	if perr != nil {
		return nil, perr
	}
	return app, nil
}

// Streams returns the in-application streams the code declares, in
// declaration order (the input stream is not among them).
func (a *App) Streams() []StreamInfo {
	out := make([]StreamInfo, 0, len(a.streams))
	for _, s := range a.streams {
		cols := make([]Column, len(s.cols))
		for i, c := range s.cols {
			cols[i] = Column{Name: c.name, SQLType: c.typ.String()}
		}
		out = append(out, StreamInfo{Name: s.name, Columns: cols})
	}
	return out
}

// Stats returns what the application has dropped so far.
func (a *App) Stats() Stats { return a.stats }

// clip quotes at most 64 characters of s, then "…".
func clip(s string) string {
	n := 0
	for i := range s {
		if n == 64 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// PumpInfo is a pump the code creates: the stream it reads and the one it
// inserts into, and for a GROUP BY pump its tumbling window.
type PumpInfo struct {
	Name, Source, Target string
	// WindowMillis is the tumbling window's length (0 for a pump without
	// GROUP BY).
	WindowMillis int64
	// Open is whether a window is open; Start and End bound it, and Groups
	// counts its groups (at most MaxGroups).
	Open       bool
	Start, End sim.Time
	Groups     int
}

// Pumps returns the pumps in the order they run (a pump runs after every
// pump feeding the stream it reads), with their open windows: what a view
// draws.
func (a *App) Pumps() []PumpInfo {
	out := make([]PumpInfo, 0, len(a.pumps))
	for _, p := range a.pumps {
		pi := PumpInfo{Name: p.name, Source: p.src.name, Target: p.dst.name, WindowMillis: p.window, Open: p.open}
		if p.open {
			pi.Start, pi.End, pi.Groups = p.start, p.start+sim.Time(p.window), len(p.order)
		}
		out = append(out, pi)
	}
	return out
}

// Pending returns how many input rows wait for the next Advance.
func (a *App) Pending() int { return len(a.pending) }
