package firehose

import "cloudplay/core/sim"

// View is the account's delivery streams as the panel shows them (left out
// of the account view's JSON when empty: cloud.View has
// `Firehose firehose.View `json:",omitzero"`). Plain data sharing nothing
// with the service.
type View struct{ DeliveryStreams []StreamView } // sorted by name

// StreamView is one delivery stream as the panel draws it.
type StreamView struct {
	Name, ARN, Status                    string // Status: CREATING | ACTIVE | DELETING (AWS's DeliveryStreamStatus)
	Type                                 string // "DirectPut" | "KinesisStreamAsSource"
	SourceStreamARN                      string `json:",omitempty"`
	RoleARN                              string // the S3 destination's RoleARN
	BucketARN, Prefix, ErrorOutputPrefix string
	BufferSizeBytes                      int64        // SizeInMBs × 1 MiB
	BufferIntervalMillis                 int64        // IntervalInSeconds × 1000
	Buffer                               BufferView   // what waits to be delivered now
	Delivered                            Totals       // objects, records and bytes delivered to S3 so far
	Lost                                 Totals       // records and bytes dropped after 24 h of failed retries
	Recent                               []ObjectView // the last 20 objects delivered, newest last
	Failure                              *FailureView `json:",omitempty"` // the delivery currently failing, nil when healthy
	// DataFreshnessMillis is the age of the oldest record not yet
	// delivered (CloudWatch DeliveryToS3.DataFreshness), 0 when none.
	DataFreshnessMillis                                   int64
	IncomingRecordsLastSecond, ThrottledRecordsLastSecond int64
}

// BufferView is what waits in a delivery stream's buffer.
type BufferView struct {
	Records       int64
	Bytes         int64
	OldestArrival sim.Time // 0 when empty
	FlushAt       sim.Time // when the interval hint flushes the buffer (OldestArrival + interval), 0 when empty
}

// Totals counts objects, records and bytes.
type Totals struct{ Objects, Records, Bytes int64 }

// ObjectView is one object a delivery stream wrote to S3.
type ObjectView struct {
	Bucket, Key    string
	Records, Bytes int64
	Time           sim.Time
}

// FailureView is the delivery that is failing now.
type FailureView struct {
	Code, Message string   // the S3/STS error of the last attempt, e.g. AccessDenied
	Since         sim.Time // the first failed attempt of the oldest undelivered data
	Attempts      int
	NextAttempt   sim.Time
	GiveUpAt      sim.Time // the oldest undelivered record's arrival + 24 h: data not delivered by then is lost
}

// View returns the account's delivery streams as of now.
func (s *Service) View(now sim.Time) View {
	var v View
	for _, n := range s.names() {
		d := s.streams[n]
		sv := StreamView{Name: d.name, ARN: d.arn, Status: d.status, Type: d.typ, RoleARN: d.dest.roleARN,
			BucketARN: d.dest.bucketARN, Prefix: d.dest.prefix, ErrorOutputPrefix: d.dest.errPrefix,
			BufferSizeBytes: d.dest.sizeMB << 20, BufferIntervalMillis: d.dest.intervalS * 1000,
			Delivered: d.delivered, Lost: d.lost, Recent: append([]ObjectView{}, d.recent...)}
		if d.source != nil {
			sv.SourceStreamARN = d.source.streamARN
		}
		if len(d.buf) > 0 {
			oldest := d.buf[0].arrival
			sv.Buffer = BufferView{Records: int64(len(d.buf)), Bytes: d.bufBytes, OldestArrival: oldest, FlushAt: oldest + sim.Time(d.dest.intervalS*1000)}
			sv.DataFreshnessMillis = max(int64(now-oldest), 0)
		}
		switch {
		case d.failure != nil:
			f := *d.failure
			sv.Failure = &f
		case d.source != nil && d.source.failure != nil:
			f := *d.source.failure
			sv.Failure = &f
		}
		sec := int64(now) / 1000
		switch sec {
		case d.sec + 1:
			sv.IncomingRecordsLastSecond, sv.ThrottledRecordsLastSecond = d.curIncoming, d.curThrottled
		case d.sec:
			sv.IncomingRecordsLastSecond, sv.ThrottledRecordsLastSecond = d.lastIncoming, d.lastThrottled
		}
		v.DeliveryStreams = append(v.DeliveryStreams, sv)
	}
	return v
}
