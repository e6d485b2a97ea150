package analytics

import (
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/analytics"
	"cloudplay/core/analytics/sql"
	"cloudplay/core/scenario/builtin"
	"cloudplay/core/sim"
)

func view() analytics.View {
	t0 := sim.Time(1767225600000)
	return analytics.View{Applications: []analytics.AppView{
		{Name: "other", Status: "READY", Input: &analytics.InputView{ID: "1.1", Kind: "KinesisStreams", ResourceARN: "arn:aws:kinesis:us-east-1:1:stream/clicks"}},
		{Name: "slow-trucks", Status: "RUNNING", Code: "SELECT 1", RecordsRead: 1200, ErrorRecords: 3, WindowEnd: t0 + 40000,
			ErrorStream: []analytics.ErrorView{{Time: t0 + 1000, Message: "bad record"}, {Time: t0 + 2000, Pump: "P", Message: "overflow"}},
			Pumps:       []analytics.PumpView{{Name: "P"}, {Name: "W", WindowMillis: 10000, Open: true, Start: t0 + 30000, End: t0 + 40000, Groups: 38}},
			Input: &analytics.InputView{ID: "1.1", Kind: "KinesisStreams", ResourceARN: "arn:aws:kinesis:us-east-1:1:stream/truck-gps",
				RoleARN: "arn:aws:iam::1:role/AnalyticsRole", StartingPosition: "NOW"},
			Outputs: []analytics.OutputView{{Name: "DESTINATION_SQL_STREAM", Kind: "KinesisStreams", ResourceARN: "arn:aws:kinesis:us-east-1:1:stream/delayed", Format: "JSON", RecordsSent: 25}},
			Streams: []analytics.StreamView{{Name: "DESTINATION_SQL_STREAM", Columns: []string{"TRUCK", "SPEED"}, RowsEmitted: 80,
				Rows: func() []analytics.RowView {
					var rs []analytics.RowView
					for i := range 80 {
						rs = append(rs, analytics.RowView{Time: t0 + sim.Time(i*1000+100), Values: []string{"truck-001", "0.5"}})
					}
					return rs
				}()}}},
	}}
}

// A stream's section shows the applications reading it, with the latest
// rows newest first (ShownRows of them), the window's end, the counts,
// and Stop (not Start) while it runs.
func TestCards(t *testing.T) {
	cs := Cards(view(), "truck-gps", sim.Time(1767225600000+32500))
	if len(cs) != 1 {
		t.Fatalf("%d cards", len(cs))
	}
	c := cs[0]
	if c.Input != "truck-gps (Kinesis stream) as AnalyticsRole · from NOW" || c.Facts != "1,200 records read · 3 error records" ||
		c.Window != "window 00:00:30 → 00:00:40 · 38 groups so far" || c.WindowPct != 25 || !c.CanStop || c.CanStart {
		t.Fatalf("card %+v", c)
	}
	if len(c.Errors) != 2 || c.Errors[0] != "00:00:02 · P: overflow" || c.Errors[1] != "00:00:01 · bad record" {
		t.Fatalf("errors %q", c.Errors)
	}
	if c.Outputs[0] != "DESTINATION_SQL_STREAM → delayed (Kinesis stream, JSON) · 25 sent" {
		t.Fatalf("outputs %q", c.Outputs)
	}
	tb := c.Streams[0]
	if len(tb.Rows) != ShownRows || tb.Rows[0][0] != "00:01:19.100" || strings.Join(tb.Columns, ",") != "ROWTIME,TRUCK,SPEED" || tb.Emitted != "80 rows emitted" {
		t.Fatalf("table %+v", tb)
	}
	if got := string(StartInputAt(c, "TRIM_HORIZON")); !strings.Contains(got, `"InputStartingPosition":"TRIM_HORIZON"`) || !strings.Contains(got, `"Id":"1.1"`) {
		t.Fatalf("start input %s", got)
	}
	if len(Cards(view(), "nothing", 0)) != 0 {
		t.Fatal("cards for a stream no application reads")
	}
}

// An application reading a Firehose delivery stream shows on the
// delivery stream's card, not on a Kinesis stream's of the same name.
func TestCardsForFirehoseInput(t *testing.T) {
	v := view()
	v.Applications = append(v.Applications, analytics.AppView{Name: "from-firehose", Status: "RUNNING", RecordsRead: 1, ErrorRecords: 1,
		Input: &analytics.InputView{ID: "1.1", Kind: "KinesisFirehose", ResourceARN: "arn:aws:firehose:us-east-1:1:deliverystream/truck-gps",
			RoleARN: "arn:aws:iam::1:role/AnalyticsRole"}})
	fh := CardsFor(v, "KinesisFirehose", "truck-gps", 0)
	if len(fh) != 1 || fh[0].Name != "from-firehose" || fh[0].Input != "truck-gps (Firehose) as AnalyticsRole" {
		t.Fatalf("delivery stream cards %+v", fh)
	}
	if fh[0].Facts != "1 record read · 1 error record" {
		t.Fatalf("facts %q, want the singular", fh[0].Facts)
	}
	if ks := Cards(v, "truck-gps", 0); len(ks) != 1 || ks[0].Name != "slow-trucks" {
		t.Fatalf("stream cards %+v", ks)
	}
}

// The create input carries the template's schema, the learner's code as
// typed, the stream as input and the output stream, with the role for both.
func TestCreateInput(t *testing.T) {
	b := CreateInput(CreateForm{Name: " app ", Template: "popular-product", Code: "my code", RoleARN: "arn:aws:iam::1:role/R", Output: "counts"}, "1", "us-east-1", "clicks")
	var in struct {
		ApplicationName, ApplicationCode string
		Inputs                           []struct {
			KinesisStreamsInput struct{ ResourceARN, RoleARN string }
			InputSchema         struct {
				RecordColumns []struct{ Name, Mapping string }
			}
		}
		Outputs []struct {
			KinesisStreamsOutput struct{ ResourceARN string }
		}
	}
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	if in.ApplicationName != "app" || in.ApplicationCode != "my code" || in.Inputs[0].KinesisStreamsInput.ResourceARN != "arn:aws:kinesis:us-east-1:1:stream/clicks" ||
		in.Inputs[0].InputSchema.RecordColumns[0].Mapping != "$.page" || in.Outputs[0].KinesisStreamsOutput.ResourceARN != "arn:aws:kinesis:us-east-1:1:stream/counts" {
		t.Fatalf("input %s", b)
	}
	if strings.Contains(string(CreateInput(CreateForm{Template: "delayed-trucks"}, "1", "r", "s")), "Outputs") {
		t.Fatal("an output without an output stream")
	}
}

// A SQL error's line and column point into the learner's code.
func TestErrorIn(t *testing.T) {
	code := "CREATE STREAM x;\nSELEC 1;\n"
	e, ok := ErrorIn(code, "The application code is invalid: line 2, column 3: unexpected")
	if !ok || e.Line != 2 || e.Text != "SELEC 1;" || e.Caret() != "  ^" {
		t.Fatalf("%+v %v", e, ok)
	}
	for _, msg := range []string{"no position", "line 9, column 1: past the end", "line x, column 1", "line 1, column 0"} {
		if _, ok := ErrorIn(code, msg); ok {
			t.Errorf("%q gave a position", msg)
		}
	}
	long := strings.Repeat("a", 5000)
	if e, ok := ErrorIn(long, "line 1, column 4000: x"); !ok || len(e.Text) != maxLineShown || e.Text[e.Column-1] != 'a' || e.Column > maxLineShown {
		t.Fatalf("long line: %d chars, column %d", len(e.Text), e.Column)
	}
}

// The templates are the built-in scenarios' queries, and compile with
// their schemas.
func TestTemplatesAreTheScenarios(t *testing.T) {
	if TemplateByID("nope").ID != "delayed-trucks" || TemplateByID("popular-product").AppName != "page-counts" {
		t.Fatal("TemplateByID")
	}
	scenarios := map[string]string{"delayed-trucks": "analytics-delayed-trucks", "popular-product": "analytics-popular-product"}
	for _, tp := range Templates {
		var sc struct {
			Steps []struct {
				Op    string
				Input json.RawMessage
			}
		}
		for _, b := range builtin.List() {
			if b.ID == scenarios[tp.ID] {
				json.Unmarshal(b.JSON, &sc)
			}
		}
		found := false
		for _, st := range sc.Steps {
			if st.Op != "kinesisanalytics:CreateApplication" {
				continue
			}
			var in struct{ ApplicationCode string }
			json.Unmarshal(st.Input, &in)
			found = in.ApplicationCode == tp.Code
		}
		if !found {
			t.Errorf("template %s is not the code of scenario %s", tp.ID, scenarios[tp.ID])
		}
		var cols []sql.Column
		for _, c := range tp.Columns {
			cols = append(cols, sql.Column{Name: c.Name, Mapping: c.Mapping, SQLType: c.SQLType})
		}
		if _, err := sql.Compile(tp.Code, sql.Schema{Format: "JSON", Columns: cols}, "SOURCE_SQL_STREAM_001"); err != nil {
			t.Errorf("template %s: %v", tp.ID, err)
		}
	}
}
