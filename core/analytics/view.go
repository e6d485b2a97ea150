package analytics

import (
	"maps"
	"slices"

	"cloudplay/core/analytics/sql"
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// View is a read-only snapshot of the account's applications for
// drawing: plain data, sorted, sharing nothing with the service.
type View struct {
	Applications []AppView // in name order; nil while there is none (so the account's View leaves it out)
}

// AppView is an application as the panel draws it.
type AppView struct {
	Name, ARN, Status, Description string
	Code                           string
	VersionID                      int64
	Created                        sim.Time
	Input                          *InputView `json:",omitempty"`
	Outputs                        []OutputView
	Streams                        []StreamView // the in-application streams the code declares, then any other that emitted
	RecordsRead                    int64
	ErrorRecords                   int64 // records that did not map to the input schema
	LastError                      string
	// WindowEnd is the end of the open tumbling window of a running
	// application's first windowed pump (0: none open).
	WindowEnd sim.Time
	// Pumps are the running application's pumps and their open windows
	// (nil when it is not running).
	Pumps []PumpView `json:",omitempty"`
	// ErrorStream is the latest of the running application's error
	// stream (at most MaxErrorsShown, oldest first): records that did not
	// map and rows a pump could not compute.
	ErrorStream []ErrorView       `json:",omitempty"`
	Tags        map[string]string `json:",omitempty"`
}

// InputView is the application's input.
type InputView struct {
	ID, NamePrefix, InAppStream string
	Kind                        string // "KinesisStreams" | "KinesisFirehose"
	ResourceARN, RoleARN        string
	Columns                     []string
	StartingPosition            string // of the last start
}

// OutputView is a destination.
type OutputView struct {
	ID, Name, Kind       string // Kind: "KinesisStreams" | "KinesisFirehose"
	ResourceARN, RoleARN string
	Format               string
	RecordsSent          int64
	LastError            string
}

// StreamView is an in-application stream and its latest rows.
type StreamView struct {
	Name        string
	Columns     []string
	Rows        []RowView // the last MaxRows, oldest first
	RowsEmitted int64
}

// RowView is a row: its ROWTIME and its values as text.
type RowView struct {
	Time   sim.Time
	Values []string
}

func rowView(r sql.Row) RowView {
	v := RowView{Time: r.Time, Values: make([]string, len(r.Values))}
	for i, x := range r.Values {
		v.Values[i] = FormatValue(x)
	}
	return v
}

func kind(firehose bool) string {
	if firehose {
		return "KinesisFirehose"
	}
	return "KinesisStreams"
}

// MaxErrorsShown bounds AppView.ErrorStream.
const MaxErrorsShown = 20

// ErrorView is one record of the error stream: when, from which pump (""
// for a record that did not map to the input schema), and why.
type ErrorView struct {
	Time          sim.Time
	Pump, Message string
}

// PumpView is a pump: the streams it reads and feeds, and its open
// tumbling window (WindowMillis 0: it has none).
type PumpView struct {
	Name, Source, Target string
	WindowMillis         int64
	Open                 bool
	Start, End           sim.Time
	Groups               int
}

// View returns the snapshot.
func (s *Service) View() View {
	var v View
	for _, name := range sortedKeys(s.apps) {
		a := s.apps[name]
		av := AppView{Name: a.name, ARN: a.arn, Status: a.status, Description: a.description, Code: a.code,
			VersionID: a.version, Created: a.created, RecordsRead: a.recordsRead, ErrorRecords: a.errorRecords,
			LastError: a.lastErr, Outputs: []OutputView{}, Streams: []StreamView{}}
		if a.run != nil && a.run.engine != nil {
			for _, p := range a.run.engine.Pumps() {
				av.Pumps = append(av.Pumps, PumpView{Name: p.Name, Source: p.Source, Target: p.Target, WindowMillis: p.WindowMillis,
					Open: p.Open, Start: p.Start, End: p.End, Groups: p.Groups})
				if p.Open && av.WindowEnd == 0 {
					av.WindowEnd = p.End
				}
			}
			errs := a.run.engine.Errors()
			for _, e := range errs[max(len(errs)-MaxErrorsShown, 0):] {
				av.ErrorStream = append(av.ErrorStream, ErrorView{Time: e.Time, Pump: e.Pump, Message: api.Clip(e.Message, 4*api.MaxQuoted)})
			}
		}
		if len(a.tags) > 0 {
			av.Tags = maps.Clone(a.tags)
		}
		if i := a.input; i != nil {
			iv := &InputView{ID: i.id, NamePrefix: i.namePrefix, InAppStream: i.namePrefix + "_001", Kind: kind(i.firehose),
				ResourceARN: i.resourceARN, RoleARN: i.roleARN, StartingPosition: i.start, Columns: []string{}}
			for _, c := range i.schema.RecordColumns {
				iv.Columns = append(iv.Columns, c.Name)
			}
			av.Input = iv
		}
		for _, o := range a.outputs {
			av.Outputs = append(av.Outputs, OutputView{ID: o.id, Name: o.name, Kind: kind(o.firehose), ResourceARN: o.resourceARN,
				RoleARN: o.roleARN, Format: o.format, RecordsSent: o.sent, LastError: o.lastErr})
		}
		for _, st := range a.streams {
			sv := StreamView{Name: st.name, Columns: slices.Clone(st.columns), RowsEmitted: st.emitted, Rows: make([]RowView, len(st.rows))}
			for i, r := range st.rows {
				sv.Rows[i] = RowView{Time: r.Time, Values: slices.Clone(r.Values)}
			}
			if sv.Columns == nil {
				sv.Columns = []string{}
			}
			av.Streams = append(av.Streams, sv)
		}
		v.Applications = append(v.Applications, av)
	}
	return v
}
