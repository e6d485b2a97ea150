package analytics

import (
	"maps"
	"slices"

	"cloudplay/core/analytics/sql"
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Retired is the label the playground puts on the service wherever it
// shows it
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/discontinuation.html).
const Retired = "Kinesis Data Analytics for SQL — retired by AWS (no new applications since 2025-10-15; existing ones deleted from 2026-01-27). Its successor is Amazon Managed Service for Apache Flink (SQL via Studio notebooks)"

// RetiredURL is the page of AWS's announcement.
const RetiredURL = "https://docs.aws.amazon.com/kinesisanalytics/latest/dev/discontinuation.html"

// Principal is the service principal an application acts through.
const Principal = "kinesisanalytics.amazonaws.com"

// InputStream is the name of the in-application input stream of an input
// whose NamePrefix is SOURCE_SQL_STREAM (its first, with parallelism 1).
const InputStream = "SOURCE_SQL_STREAM_001"

// Bounds of a running application, the playground's own: what the panel
// shows and what one second of work may cost.
const (
	// MaxRows is how many of the latest rows of each in-application
	// stream an application keeps for the panel.
	MaxRows = 200
	// TickMillis is how often a running application reads its input and
	// advances (once a second, as the KCL-like reader AWS describes
	// polls).
	TickMillis = 1000
	// maxReadCalls bounds the GetRecords calls of one tick per shard
	// chain (a record batch of 10,000 each), so a long backlog is read
	// over several seconds.
	maxReadCalls = 4
	// maxShardsRead bounds the shards one application reads.
	maxShardsRead = 64
	// startMillis and stopMillis are how long STARTING and STOPPING last.
	startMillis = 2000
	stopMillis  = 1000
)

// FirehoseTap is how an application reads a Firehose delivery stream input:
// the records it received since a position (Firehose implements it).
// ok is false when the delivery stream does not exist.
type FirehoseTap interface {
	Tap(arn string, since int64, max int) (recs []TapRecord, next int64, ok bool)
}

// TapRecord is one record a delivery stream received.
type TapRecord struct {
	Data    []byte
	Arrival sim.Time
}

// Service is Kinesis Data Analytics (SQL applications) of one account in
// one Region.
type Service struct {
	account, region string
	apps            map[string]*app
	tap             FirehoseTap
}

// New returns the service of account in region, reading Firehose inputs
// through tap (nil: a Firehose input cannot start).
func New(account, region string, tap FirehoseTap) *Service {
	return &Service{account: account, region: region, apps: map[string]*app{}, tap: tap}
}

// SetTap sets how Firehose inputs are read.
func (s *Service) SetTap(tap FirehoseTap) { s.tap = tap }

// Descriptor returns the descriptor of the service for the account's
// dispatcher.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "kinesisanalytics", Protocol: api.JSON, ValidationCode: invalidArg, Ops: s.Ops()}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "kinesisanalytics:CreateApplication", Mutates: true, Prepare: s.prepareCreate},
		{Name: "kinesisanalytics:DescribeApplication", Prepare: s.prepareDescribe},
		{Name: "kinesisanalytics:ListApplications", Prepare: s.prepareList},
		{Name: "kinesisanalytics:DeleteApplication", Mutates: true, Prepare: s.prepareDelete},
		{Name: "kinesisanalytics:StartApplication", Mutates: true, Prepare: s.prepareStart},
		{Name: "kinesisanalytics:StopApplication", Mutates: true, Prepare: s.prepareStop},
		{Name: "kinesisanalytics:AddApplicationOutput", Mutates: true, Prepare: s.prepareAddOutput},
		{Name: "kinesisanalytics:TagResource", Mutates: true, Prepare: s.prepareTag},
		{Name: "kinesisanalytics:ListTagsForResource", Prepare: s.prepareListTags},
	}
}

func (s *Service) arn(name string) string {
	return "arn:aws:kinesisanalytics:" + s.region + ":" + s.account + ":application/" + name
}

// app is one application.
type app struct {
	name, arn, description, code string
	status                       string
	version                      int64
	created, updated             sim.Time
	input                        *input
	outputs                      []*output
	tags                         map[string]string
	nextID                       int // the number of the next input or output id ("1.N")

	// run is the running application (nil when READY).
	run *run
	// gen counts starts and stops, so that the work of an earlier run
	// finds itself stale.
	gen int
	// stopped is where each shard's reading stopped (LAST_STOPPED_POINT):
	// the last sequence number read, by shard id.
	stopped map[string]string
	// streams are the latest rows of each in-application stream, kept
	// across stop and start (what the panel last saw).
	streams      []*inStream
	recordsRead  int64
	errorRecords int64
	lastErr      string
}

type input struct {
	id, namePrefix       string
	firehose             bool
	resourceARN, roleARN string
	schema               inputSchema
	start                string // InputStartingPosition of the last start ("" before)
}

type output struct {
	id, name             string
	firehose             bool
	resourceARN, roleARN string
	format               string
	sent                 int64
	lastErr              string
}

// inStream is an in-application stream's latest rows.
type inStream struct {
	name    string
	columns []string
	rows    []RowView // the last MaxRows, oldest first
	emitted int64
}

func (a *app) streamNamed(name string) *inStream {
	for _, st := range a.streams {
		if st.name == name {
			return st
		}
	}
	return nil
}

// setStreams makes the app's in-application streams those the compiled
// code declares (keeping the rows of those it had).
func (a *app) setStreams(infos []sql.StreamInfo) {
	var out []*inStream
	for _, info := range infos {
		st := a.streamNamed(info.Name)
		if st == nil {
			st = &inStream{name: info.Name}
		}
		st.columns = st.columns[:0]
		for _, c := range info.Columns {
			st.columns = append(st.columns, c.Name)
		}
		out = append(out, st)
	}
	a.streams = out
}

// sortedKeys returns m's keys in order, so map order never leaks out.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
