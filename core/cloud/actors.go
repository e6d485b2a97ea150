package cloud

import (
	"cloudplay/core/actor"
	"cloudplay/core/analytics"
	"cloudplay/core/api"
	fh "cloudplay/core/firehose"
	"cloudplay/core/sim"
	"cloudplay/core/stream"
)

// actorStreams hands the playground's actors the account's Kinesis Data
// Streams (actor.Streams): service packages do not import each other.
type actorStreams struct{ s *stream.Service }

func (x actorStreams) Lookup(ref string, now sim.Time) (string, string, bool) {
	return x.s.Lookup(ref, now)
}

func (x actorStreams) PutBulk(name string, now sim.Time, keys []actor.BulkKey, producer string, emit func(api.StepEvent)) (actor.BulkResult, error) {
	in := make([]stream.BulkKey, len(keys))
	for i, k := range keys {
		in[i] = stream.BulkKey{Key: k.Key, Records: k.Records, Data: k.Data}
	}
	res, err := x.s.PutBulk(name, now, in, producer, emit)
	return actor.BulkResult{Accepted: res.Accepted, Throttled: res.Throttled}, err
}

func (x actorStreams) SubscriptionEvents(consumerARN, shardID string, since int) ([]actor.SubscriptionEvent, bool) {
	evs, active := x.s.SubscriptionEvents(consumerARN, shardID, since)
	out := make([]actor.SubscriptionEvent, len(evs))
	for i, ev := range evs {
		out[i] = actor.SubscriptionEvent{Seq: ev.Seq, Records: len(ev.Records), ContinuationSequenceNumber: ev.ContinuationSequenceNumber,
			MillisBehindLatest: ev.MillisBehindLatest, TotalRecords: ev.TotalRecords, TotalDataBytes: ev.TotalDataBytes}
		if ev.ChildShards != nil {
			out[i].ChildShards = make([]actor.ChildShard, len(ev.ChildShards))
			for j, ch := range ev.ChildShards {
				out[i].ChildShards[j] = actor.ChildShard{ShardId: ch.ShardId, ParentShards: ch.ParentShards}
			}
		}
	}
	return out, active
}

// analyticsTap hands Kinesis Data Analytics the records a Firehose
// delivery stream took (analytics.FirehoseTap), for an application whose
// input is a delivery stream.
type analyticsTap struct{ f *fh.Service }

func (x analyticsTap) Tap(arn string, since int64, max int) ([]analytics.TapRecord, int64, bool) {
	recs, next, ok := x.f.Tap(arn, since, max)
	out := make([]analytics.TapRecord, len(recs))
	for i, r := range recs {
		out[i] = analytics.TapRecord{Data: r.Data, Arrival: r.Arrival}
	}
	return out, next, ok
}
