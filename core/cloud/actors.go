package cloud

import (
	"cloudplay/core/actor"
	"cloudplay/core/api"
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
