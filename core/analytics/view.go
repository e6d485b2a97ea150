package analytics

import (
	"maps"
	"slices"

	"cloudplay/core/analytics/sql"
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
	// WindowEnd is the end of the current tumbling window of a running
	// application whose code groups by one (0: none, or not known).
	WindowEnd sim.Time
	Tags      map[string]string `json:",omitempty"`
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

// windowEnder is what an engine that knows its tumbling windows tells:
// the end of the window now falls in (0 when the code has none).
type windowEnder interface{ WindowEnd(now sim.Time) sim.Time }

// View returns the snapshot at now.
func (s *Service) View(now sim.Time) View {
	var v View
	for _, name := range sortedKeys(s.apps) {
		a := s.apps[name]
		av := AppView{Name: a.name, ARN: a.arn, Status: a.status, Description: a.description, Code: a.code,
			VersionID: a.version, Created: a.created, RecordsRead: a.recordsRead, ErrorRecords: a.errorRecords,
			LastError: a.lastErr, Outputs: []OutputView{}, Streams: []StreamView{}}
		if a.run != nil && a.run.engine != nil {
			if we, ok := any(a.run.engine).(windowEnder); ok {
				av.WindowEnd = we.WindowEnd(now)
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
