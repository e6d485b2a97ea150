package stream

import (
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// The bulk write path: a Go API (not an AWS operation) for the
// playground's producers (core/actor), so that a producer offering
// 1,000,000 records a second is simulated in time that does not grow with
// the rate. It applies exactly the limits PutRecords applies, in the order
// a producer grouping its records by partition key would send them: the
// records of each key in turn, first come first served within the second.
// As every record of one key has the same size, how many of a key's n
// records a shard takes is arithmetic (min(n, the records left this
// second, the bytes left / the record's size)); only the records taken are
// stored, and they are bounded by the shards' capacity. The work is
// proportional to the number of keys and to the records accepted, never to
// the records offered.

// BulkKey is one partition key's share of a bulk write: Records records
// whose data is Data (shared by all of them: a producer's records of one
// key in one tick are alike).
type BulkKey struct {
	Key     string
	Records int
	Data    []byte
}

// BulkShard is what one shard did with a bulk write.
type BulkShard struct {
	ShardID   string
	Accepted  int
	Throttled int
}

// BulkResult is the outcome of a bulk write: exact counts, in all and per
// shard written to (in shard id order).
type BulkResult struct {
	Accepted, Throttled int
	Shards              []BulkShard
}

// maxBulkHashes bounds the cache of partition key hashes the bulk path
// keeps (the playground's own bound: a producer has at most 100,000 keys).
const maxBulkHashes = 1 << 18

// Lookup returns the name and ARN of the stream ref names (a stream name
// or a stream ARN of this account and Region), and whether it exists at
// now (CREATING too).
func (s *Service) Lookup(ref string, now sim.Time) (name, arn string, ok bool) {
	r := streamRef{StreamName: &ref}
	if strings.HasPrefix(ref, "arn:") {
		r = streamRef{StreamARN: &ref}
	}
	name, arn, err := s.resolve(r)
	if err != nil {
		return "", "", false
	}
	if _, err := s.find(name, now); err != nil {
		return name, arn, false
	}
	return name, arn, true
}

// PutBulk writes the records keys describe to stream name at now, as
// PutRecords requests carrying them key by key would, and reports the
// records taken and throttled, per shard and in all. It fails as a
// PutRecords request would fail as a whole: ResourceNotFoundException for
// a stream that does not exist, InvalidArgumentException for a record over
// the stream's maximum record size, LimitExceededException past
// MaxStoredBytes (nothing is written then). Each shard written to reports
// the step events RecordsWritten and RecordsThrottled (with producer when
// not empty) through emit, when not nil.
func (s *Service) PutBulk(name string, now sim.Time, keys []BulkKey, producer string, emit func(api.StepEvent)) (BulkResult, error) {
	st, err := s.findReadable(name, now)
	if err != nil {
		return BulkResult{}, err
	}
	limit := st.maxKiB << 10
	type plan struct {
		sh    *shard
		taken int
	}
	plans := make([]plan, len(keys))
	// Budgets left this second, per shard (or for the on-demand stream),
	// spent on a copy first: nothing is counted until the storage check
	// has passed.
	type budget struct{ recs, bytes int }
	budgets := map[*shard]*budget{}
	var demand *budget
	if st.mode == modeOnDemand {
		st.demand.roll(now)
		demand = &budget{st.demand.capRec - st.demand.records, st.demand.capBytes - st.demand.bytes}
	}
	cost := 0
	for i := range keys {
		k := &keys[i]
		if k.Records <= 0 {
			continue
		}
		size := len(k.Data) + len(k.Key)
		if len(k.Data) > limit {
			return BulkResult{}, dataTooLong("records.1.member.", len(k.Data), limit)
		}
		if size > limit {
			return BulkResult{}, api.Errorf(invalidArg, "The record size of %d bytes (data plus partition key) exceeds the maximum record size of stream %s under account %s, %d bytes.", size, st.name, s.account, limit)
		}
		sh := st.route(s.bulkHash(k.Key))
		b := demand
		if b == nil {
			if b = budgets[sh]; b == nil {
				b = &budget{shardWriteRecords, shardWriteBytes}
				if sh.sec == int64(now)/1000 {
					b.recs, b.bytes = shardWriteRecords-sh.secRecs, shardWriteBytes-sh.secSize
				}
				budgets[sh] = b
			}
		}
		n := min(k.Records, max(b.recs, 0), max(b.bytes, 0)/max(size, 1))
		b.recs -= n
		b.bytes -= n * size
		plans[i] = plan{sh, n}
		cost += n * (size + recordOverhead)
	}
	if s.stored+cost > MaxStoredBytes {
		s.trimAll(now)
	}
	if s.stored+cost > MaxStoredBytes {
		return BulkResult{}, api.Errorf("LimitExceededException", "The playground keeps at most %d bytes (64 MiB) of records per account, counting data, partition keys and %d bytes per record: %d are stored and these records need %d more. Records leave when the retention period (%d hours for stream %s) trims them, or with their stream.",
			MaxStoredBytes, recordOverhead, s.stored, cost, st.retention, st.name)
	}
	return s.commitBulk(st, now, keys, func(i int) (*shard, int) { return plans[i].sh, plans[i].taken }, producer, emit), nil
}

// commitBulk stores the records plan takes of each key and counts them.
func (s *Service) commitBulk(st *stream, now sim.Time, keys []BulkKey, plan func(i int) (*shard, int), producer string, emit func(api.StepEvent)) BulkResult {
	type tally struct {
		accepted, throttled, bytes int
		keys                       []string
	}
	tallies := map[*shard]*tally{}
	var res BulkResult
	for i := range keys {
		k := &keys[i]
		sh, n := plan(i)
		if sh == nil {
			continue
		}
		t := tallies[sh]
		if t == nil {
			t = &tally{}
			tallies[sh] = t
		}
		size := len(k.Data) + len(k.Key)
		if n > 0 {
			s.trim(st, sh, now)
			if st.mode == modeOnDemand {
				st.demand.records += n
				st.demand.bytes += n * size
			} else {
				if sec := int64(now) / 1000; sh.sec != sec {
					sh.sec, sh.secRecs, sh.secSize = sec, 0, 0
				}
				sh.secRecs += n
				sh.secSize += n * size
			}
			for range n {
				sh.recs.push(record{at: now, key: k.Key, data: k.Data})
			}
			sh.next += uint64(n)
			s.stored += n * (size + recordOverhead)
			sh.bytes += n * size
			m := sh.metric(now)
			m.IncomingRecords += n
			m.IncomingBytes += n * size
			t.bytes += n * size
			if len(t.keys) < maxStepKeys {
				t.keys = append(t.keys, k.Key)
			}
		}
		if refused := k.Records - n; refused > 0 {
			sh.metric(now).WriteProvisionedThroughputExceeded += refused
			t.throttled += refused
		}
		t.accepted += n
	}
	shards := make([]*shard, 0, len(tallies))
	for sh := range tallies {
		shards = append(shards, sh)
	}
	slices.SortFunc(shards, func(a, b *shard) int { return a.index - b.index })
	for _, sh := range shards {
		t := tallies[sh]
		res.Accepted += t.accepted
		res.Throttled += t.throttled
		res.Shards = append(res.Shards, BulkShard{ShardID: sh.id, Accepted: t.accepted, Throttled: t.throttled})
		if emit != nil {
			emitShard(emit, st.name, sh.id, t.accepted, t.throttled, t.bytes, strings.Join(t.keys, ","), producer)
		}
	}
	return res
}

// bulkHash returns the hash key of partition key k, cached.
func (s *Service) bulkHash(k string) hashKey {
	if h, ok := s.hashes[k]; ok {
		return h
	}
	if s.hashes == nil || len(s.hashes) >= maxBulkHashes {
		s.hashes = map[string]hashKey{}
	}
	h := partitionHash(k)
	s.hashes[k] = h
	return h
}

// Step event types of writes, at most one of each per call and shard.
const (
	stepRecordsWritten   = "RecordsWritten"   // {stream, shard, count, bytes, keys, producer?}
	stepRecordsThrottled = "RecordsThrottled" // {stream, shard, count, producer?}
	maxStepKeys          = 8                  // partition keys a RecordsWritten names
)

// emitShard reports what one call did on one shard.
func emitShard(emit func(api.StepEvent), stream, shard string, written, throttled, bytes int, keys, producer string) {
	if written > 0 {
		f := map[string]string{"stream": stream, "shard": shard, "count": strconv.Itoa(written),
			"bytes": strconv.Itoa(bytes), "keys": keys}
		if producer != "" {
			f["producer"] = producer
		}
		emit(api.StepEvent{Service: "kinesis", Type: stepRecordsWritten, Fields: f})
	}
	if throttled > 0 {
		f := map[string]string{"stream": stream, "shard": shard, "count": strconv.Itoa(throttled)}
		if producer != "" {
			f["producer"] = producer
		}
		emit(api.StepEvent{Service: "kinesis", Type: stepRecordsThrottled, Fields: f})
	}
}

// emitWrites reports the step events of a PutRecord or PutRecords call:
// per shard, the records written (with up to maxStepKeys distinct
// partition keys) and those throttled. shardOf and keyOf describe the
// call's records; it allocates only per shard written to.
func emitWrites(env *api.Env, st *stream, n int, at func(i int) (sh *shard, size int, key string, throttled bool)) {
	if env == nil || env.Emit == nil || n == 0 {
		return
	}
	type tally struct {
		sh                        *shard
		written, throttled, bytes int
		keys                      []string
	}
	var small [8]tally
	tallies := small[:0]
	for i := range n {
		sh, size, key, throttled := at(i)
		j := 0
		for j < len(tallies) && tallies[j].sh != sh {
			j++
		}
		if j == len(tallies) {
			tallies = append(tallies, tally{sh: sh})
		}
		t := &tallies[j]
		if throttled {
			t.throttled++
			continue
		}
		t.written++
		t.bytes += size
		if len(t.keys) < maxStepKeys && !slices.Contains(t.keys, key) {
			t.keys = append(t.keys, key)
		}
	}
	slices.SortFunc(tallies, func(a, b tally) int { return a.sh.index - b.sh.index })
	for _, t := range tallies {
		emitShard(env.Emit, st.name, t.sh.id, t.written, t.throttled, t.bytes, strings.Join(t.keys, ","), env.Actor)
	}
}
