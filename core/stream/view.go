package stream

import (
	"maps"
	"slices"

	"cloudplay/core/sim"
)

// View is a read-only snapshot of the account's streams for drawing: plain
// data, sorted, sharing nothing with the service.
type View struct {
	Streams     []StreamView // in name order
	StoredBytes int          // what the account's records count towards MaxStoredBytes
}

// StreamView is a stream as the UI draws it.
type StreamView struct {
	Name, ARN, Status, Mode string
	Created                 sim.Time
	RetentionHours          int
	MaxRecordKiB            int
	Shards                  []ShardView    // in shard id order, closed ones too
	Consumers               []ConsumerView // in name order
	Tags                    map[string]string
	HasPolicy               bool
}

// ShardView is a shard: its hash key range (decimal, as HashKeyRange
// shows it), lineage, the records it holds and its recent metrics.
type ShardView struct {
	ID                     string
	ParentShardID          string
	AdjacentParentShardID  string
	StartingHashKey        string
	EndingHashKey          string
	Open                   bool
	Created, Closed        sim.Time // Closed is 0 for an open shard
	Records                int      // records kept (not yet trimmed)
	Bytes                  int      // the data and partition keys of the records the shard holds (expired ones too until trimmed)
	NewestArrival          sim.Time // the arrival time of the newest record, 0 when none
	WriteRecordsThisSecond int
	WriteBytesThisSecond   int
	Metrics                []Metric // the last MetricSeconds seconds, oldest first
}

// ConsumerView is a registered enhanced fan-out consumer.
type ConsumerView struct {
	Name, ARN, Status string
	Created           sim.Time
	Shards            []ConsumerShardView // the shards it has subscribed to, in shard id order
}

// ConsumerShardView is what an enhanced fan-out consumer has on one shard:
// how far behind its pushes are (for the iterator-age chart) and its
// recent metrics.
type ConsumerShardView struct {
	ShardID            string
	Subscribed         bool  // a subscription is pushing
	MillisBehindLatest int64 // of the last push
	RecordsPushed      int   // over every subscription
	BytesPushed        int
	Metrics            []FanOutMetric // the last MetricSeconds seconds, oldest first
}

// View returns a snapshot of the account's streams as they are at now
// (changes due by then are shown done, records past retention left out).
func (s *Service) View(now sim.Time) View {
	v := View{Streams: []StreamView{}, StoredBytes: s.stored}
	for _, name := range slices.Sorted(maps.Keys(s.streams)) {
		st := s.streams[name]
		if st.due != 0 && st.due <= now && st.status == statusDeleting {
			continue
		}
		sv := StreamView{Name: st.name, ARN: st.arn, Status: st.status, Mode: st.mode, Created: st.created,
			RetentionHours: st.retention, MaxRecordKiB: st.maxKiB, Shards: []ShardView{}, Consumers: []ConsumerView{},
			Tags: maps.Clone(st.tags), HasPolicy: st.policy != ""}
		if st.due != 0 && st.due <= now && st.status != statusDeleting {
			sv.Status = statusActive
		}
		horizon := now - sim.Time(st.retention)*3600_000
		for _, sh := range st.shards {
			sv.Shards = append(sv.Shards, sh.view(now, horizon))
		}
		for _, n := range slices.Sorted(maps.Keys(st.consumers)) {
			c := st.consumers[n]
			if c.deleting != 0 && now >= c.deleting+consumerDelay {
				continue
			}
			sv.Consumers = append(sv.Consumers, c.view(st, now))
		}
		v.Streams = append(v.Streams, sv)
	}
	return v
}

func (sh *shard) view(now, horizon sim.Time) ShardView {
	v := ShardView{ID: sh.id, ParentShardID: sh.parent, AdjacentParentShardID: sh.adjacent,
		StartingHashKey: sh.startKey, EndingHashKey: sh.endKey, Open: !sh.closed, Created: sh.created,
		Metrics: sh.recentMetrics(now)}
	if sh.closed {
		v.Closed = sh.closedAt
	}
	// Records past the horizon wait for the next write or read of the
	// shard to be trimmed; they are not shown.
	k := sh.recs.search(func(r *record) int {
		if r.at <= horizon {
			return -1
		}
		return 1
	})
	v.Records = sh.recs.len() - k
	v.Bytes = sh.bytes
	if n := sh.recs.len(); n > 0 && sh.recs.at(n-1).at > horizon {
		v.NewestArrival = sh.recs.at(n - 1).at
	}
	if sh.sec == int64(now)/1000 {
		v.WriteRecordsThisSecond, v.WriteBytesThisSecond = sh.secRecs, sh.secSize
	}
	return v
}

func (c *consumer) view(st *stream, now sim.Time) ConsumerView {
	v := ConsumerView{Name: c.name, ARN: c.arn, Status: c.status(now), Created: c.created, Shards: []ConsumerShardView{}}
	for _, i := range slices.Sorted(maps.Keys(c.fanouts)) {
		f := c.fanouts[i]
		if f.seq == 0 && f.metrics == nil {
			continue // only refused calls, long ago
		}
		v.Shards = append(v.Shards, ConsumerShardView{ShardID: st.shards[i].id, Subscribed: f.active && now < f.ends && c.deleting == 0,
			MillisBehindLatest: f.behind, RecordsPushed: f.recordsPushed, BytesPushed: f.bytesPushed, Metrics: f.recentMetrics(now)})
	}
	return v
}
