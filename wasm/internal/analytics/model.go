// Package analytics is the model of the Streams panel's Analytics section:
// the Kinesis Data Analytics (SQL) applications reading a stream, drawn
// from the account's view, and the inputs of the operations its controls
// make. Plain functions, tested natively; nothing here recomputes what the
// service does (statuses, rows, windows and errors all come from its
// View and its answers).
package analytics

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudplay/core/analytics"
	"cloudplay/core/sim"
	"cloudplay/wasm/internal/ui"
)

// Retired is the label the section shows, with the announcement's page.
const (
	Retired    = analytics.Retired
	RetiredURL = analytics.RetiredURL
)

// ShownRows is how many of an in-application stream's latest rows the
// panel's table shows, in a box that scrolls (the service keeps
// analytics.MaxRows): a whole window of the popular-product query's 50
// pages.
const ShownRows = 60

// Card is one application as the section draws it.
type Card struct {
	Name, Status, Description string
	Code                      string
	Input                     string // "truck-gps (Kinesis stream) as AnalyticsRole · from NOW"
	Outputs                   []string
	Streams                   []Table
	Facts                     string // "1,200 records read · 3 error records"
	ErrorRecords              int64
	Window                    string // "window 00:00:50 → 00:01:00 · 38 groups" or ""
	// WindowPct is how far now is through that window (0 to 100; -1 when
	// no window is open).
	WindowPct int
	LastError string
	// Errors are the latest error stream records, newest first:
	// "00:00:12.100 · not JSON" (the pump's name when a pump failed).
	Errors                []string
	CanStart, CanStop     bool
	StartInput, StopInput []byte
}

// Table is an in-application stream's latest rows, newest first.
type Table struct {
	Name    string
	Columns []string // ROWTIME first
	Rows    [][]string
	Emitted string // "250 rows emitted"
}

// streamName is the name in a Kinesis stream ARN.
func streamName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// Cards returns the applications whose input is the Kinesis stream named
// stream, by name.
func Cards(v analytics.View, stream string, now sim.Time) []Card {
	return CardsFor(v, "KinesisStreams", stream, now)
}

// CardsFor returns the applications whose input is of kind
// ("KinesisStreams" or "KinesisFirehose", as the view names them) and
// named name (a stream or a delivery stream), by name.
func CardsFor(v analytics.View, kind, name string, now sim.Time) []Card {
	var out []Card
	for _, a := range v.Applications {
		if a.Input == nil || a.Input.Kind != kind || streamName(a.Input.ResourceARN) != name {
			continue
		}
		out = append(out, card(a, now))
	}
	return out
}

func card(a analytics.AppView, now sim.Time) Card {
	c := Card{Name: a.Name, Status: a.Status, Description: a.Description, Code: a.Code, LastError: a.LastError,
		ErrorRecords: a.ErrorRecords, CanStart: a.Status == "READY" && a.Input != nil, CanStop: a.Status == "RUNNING" || a.Status == "STARTING"}
	in := a.Input
	c.Input = streamName(in.ResourceARN) + " (" + kindText(in.Kind) + ") as " + streamName(in.RoleARN)
	if in.StartingPosition != "" {
		c.Input += " · from " + in.StartingPosition
	}
	for _, o := range a.Outputs {
		s := o.Name + " → " + streamName(o.ResourceARN) + " (" + kindText(o.Kind) + ", " + o.Format + ") · " + ui.Thousands(o.RecordsSent) + " sent"
		if o.LastError != "" {
			s += " · " + o.LastError
		}
		c.Outputs = append(c.Outputs, s)
	}
	c.Facts = count(a.RecordsRead, "record") + " read · " + count(a.ErrorRecords, "error record")
	for i := len(a.ErrorStream) - 1; i >= 0 && len(c.Errors) < 5; i-- {
		e := a.ErrorStream[i]
		line := clock(e.Time) + " · "
		if e.Pump != "" {
			line += e.Pump + ": "
		}
		c.Errors = append(c.Errors, line+e.Message)
	}
	c.WindowPct = -1
	for _, p := range a.Pumps {
		if p.Open && p.End > p.Start {
			c.Window = "window " + clock(p.Start) + " → " + clock(p.End) + " · " + count(int64(p.Groups), "group") + " so far"
			c.WindowPct = int(min(max(int64(now-p.Start)*100/int64(p.End-p.Start), 0), 100))
			break
		}
	}
	for _, st := range a.Streams {
		t := Table{Name: st.Name, Columns: append([]string{"ROWTIME"}, st.Columns...), Emitted: count(st.RowsEmitted, "row") + " emitted"}
		for i := len(st.Rows) - 1; i >= 0 && len(t.Rows) < ShownRows; i-- {
			r := st.Rows[i]
			t.Rows = append(t.Rows, append([]string{clock(r.Time)}, r.Values...))
		}
		c.Streams = append(c.Streams, t)
	}
	c.StartInput, _ = json.Marshal(map[string]any{"ApplicationName": a.Name, "InputConfigurations": []any{
		map[string]any{"Id": in.ID, "InputStartingPositionConfiguration": map[string]string{"InputStartingPosition": "NOW"}}}})
	c.StopInput, _ = json.Marshal(map[string]string{"ApplicationName": a.Name})
	return c
}

// StartInputAt is StartApplication's input for a card's application from
// position (NOW, TRIM_HORIZON or LAST_STOPPED_POINT).
func StartInputAt(c Card, position string) []byte {
	var in map[string]any
	json.Unmarshal(c.StartInput, &in)
	if ics, ok := in["InputConfigurations"].([]any); ok && len(ics) == 1 {
		ics[0].(map[string]any)["InputStartingPositionConfiguration"] = map[string]string{"InputStartingPosition": position}
	}
	b, _ := json.Marshal(in)
	return b
}

func kindText(kind string) string {
	if kind == "KinesisFirehose" {
		return "Firehose"
	}
	return "Kinesis stream"
}

// clock is a time of day with milliseconds when it has some:
// "00:00:40" or "00:00:41.100".
func clock(t sim.Time) string {
	s := t.Milli()[11:23]
	return strings.TrimSuffix(s, ".000")
}

// Template is a query the create form offers, with the input schema it
// needs: the two scenarios' lessons.
type Template struct {
	ID, Label, AppName string
	Code               string
	Columns            []Column
}

// Column is an input schema column.
type Column struct{ Name, Mapping, SQLType string }

// Templates are the create form's queries: the delayed trucks (a filter on
// a TruckFleet's fixes) and the popular product (clicks per page in
// 10-second tumbling windows on a Clickstream).
var Templates = []Template{
	{ID: "delayed-trucks", Label: "Delayed trucks (WHERE speed < 5)", AppName: "slow-trucks",
		Code: `-- Trucks slower than 5 km/h are stuck: their fixes go to DESTINATION_SQL_STREAM.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (truck VARCHAR(16), speed DOUBLE, lat DOUBLE, lon DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM "truck", "speed", "lat", "lon"
  FROM "SOURCE_SQL_STREAM_001"
  WHERE "speed" < 5;`,
		Columns: []Column{{"truck", "$.truck", "VARCHAR(16)"}, {"lat", "$.lat", "DOUBLE"}, {"lon", "$.lon", "DOUBLE"}, {"speed", "$.speed", "DOUBLE"}}},
	{ID: "popular-product", Label: "Popular product (clicks per page per 10 s)", AppName: "page-counts",
		Code: `-- Clicks per product page in 10-second tumbling windows.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32), clicks BIGINT);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM "page", COUNT(*)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`,
		Columns: []Column{{"page", "$.page", "VARCHAR(32)"}, {"user", "$.user", "VARCHAR(16)"}}},
}

// TemplateByID returns the template id (the first when unknown).
func TemplateByID(id string) Template {
	for _, t := range Templates {
		if t.ID == id {
			return t
		}
	}
	return Templates[0]
}

// CreateForm is what the create form holds.
type CreateForm struct {
	Name, Template, Code, RoleARN, Output string // Output: a Kinesis stream name, or "" for none
}

// CreateInput is kinesisanalytics:CreateApplication's input for stream
// (the source) in account and region: the template's input schema, the
// learner's code, and an output to the Kinesis stream named Output.
func CreateInput(f CreateForm, account, region, stream string) []byte {
	t := TemplateByID(f.Template)
	arn := func(name string) string { return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name }
	cols := []map[string]string{}
	for _, c := range t.Columns {
		cols = append(cols, map[string]string{"Name": c.Name, "Mapping": c.Mapping, "SqlType": c.SQLType})
	}
	role := strings.TrimSpace(f.RoleARN)
	in := map[string]any{"ApplicationName": strings.TrimSpace(f.Name), "ApplicationCode": f.Code,
		"Inputs": []any{map[string]any{"NamePrefix": "SOURCE_SQL_STREAM",
			"KinesisStreamsInput": map[string]string{"ResourceARN": arn(stream), "RoleARN": role},
			"InputSchema": map[string]any{"RecordFormat": map[string]any{"RecordFormatType": "JSON",
				"MappingParameters": map[string]any{"JSONMappingParameters": map[string]string{"RecordRowPath": "$"}}},
				"RecordEncoding": "UTF-8", "RecordColumns": cols}}}}
	if out := strings.TrimSpace(f.Output); out != "" {
		in["Outputs"] = []any{map[string]any{"Name": "DESTINATION_SQL_STREAM",
			"KinesisStreamsOutput": map[string]string{"ResourceARN": arn(out), "RoleARN": role},
			"DestinationSchema":    map[string]string{"RecordFormatType": "JSON"}}}
	}
	b, _ := json.Marshal(in)
	return b
}

// CodeError is where a CodeValidationException's message puts the error
// in the code: its line (from 1), the line's text and the column (from 1)
// the caret goes under. ok is false when the message names no position
// or the position is outside the code.
type CodeError struct {
	Line, Column int
	Text         string
}

// maxLineShown bounds the line of code shown under an error.
const maxLineShown = 200

// ErrorIn finds "line L, column C" in message and returns that line of
// code.
func ErrorIn(code, message string) (CodeError, bool) {
	i := strings.Index(message, "line ")
	if i < 0 {
		return CodeError{}, false
	}
	rest := message[i+5:]
	ln, rest, ok := number(rest)
	if !ok || !strings.HasPrefix(rest, ", column ") {
		return CodeError{}, false
	}
	col, _, ok := number(rest[len(", column "):])
	if !ok || ln < 1 || col < 1 {
		return CodeError{}, false
	}
	lines := strings.SplitN(code, "\n", ln+1)
	if ln > len(lines) {
		return CodeError{}, false
	}
	text := strings.TrimRight(lines[ln-1], "\r")
	if utf8.RuneCountInString(text) > maxLineShown {
		r := []rune(text)
		start := max(0, min(col-1-maxLineShown/2, len(r)-maxLineShown))
		text = string(r[start : start+maxLineShown])
		col -= start
	}
	return CodeError{Line: ln, Column: col, Text: text}, true
}

func number(s string) (int, string, bool) {
	n := 0
	for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0, s, false
	}
	v, _ := strconv.Atoi(s[:n])
	return v, s[n:], true
}

// Caret is the marker line under the error's column: spaces then ^.
func (e CodeError) Caret() string {
	return strings.Repeat(" ", max(e.Column-1, 0)) + "^"
}

// count is n and the noun, plural unless n is 1: "1 row", "1,200 rows".
func count[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return ui.Thousands(int64(n)) + " " + noun + "s"
}
