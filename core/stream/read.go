package stream

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// iteratorLife is how long a shard iterator lives: "A shard iterator
// expires 5 minutes after it is returned to the requester"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html).
const iteratorLife = 300_000

var iteratorTypes = []string{"AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"}

// iterator is what a shard iterator encodes: the stream (by name and
// creation time, so that a stream deleted and created again does not
// answer old iterators), the shard, the index of the next record to read
// and when the iterator was made. It travels as base64 text that starts
// like AWS's (eight bytes 0…01), with a check so that an edited iterator is
// refused as invalid.
type iterator struct {
	created       sim.Time
	streamCreated sim.Time
	shard         int
	pos           uint64
	stream        string
}

func (s *Service) iteratorKey() []byte { return []byte("cloudplay shard iterator " + s.account) }

func (s *Service) encodeIterator(it iterator) string {
	b := make([]byte, 0, 8+8+8+4+8+len(it.stream)+8)
	b = append(b, 0, 0, 0, 0, 0, 0, 0, 1)
	b = binary.BigEndian.AppendUint64(b, uint64(it.created))
	b = binary.BigEndian.AppendUint64(b, uint64(it.streamCreated))
	b = binary.BigEndian.AppendUint32(b, uint32(it.shard))
	b = binary.BigEndian.AppendUint64(b, it.pos)
	b = append(b, it.stream...)
	sum := sha256.Sum256(append(s.iteratorKey(), b...))
	b = append(b, sum[:8]...)
	return base64.StdEncoding.EncodeToString(b)
}

func (s *Service) decodeIterator(text string) (iterator, bool) {
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(b) < 8+28+1+8 {
		return iterator{}, false
	}
	body, check := b[:len(b)-8], b[len(b)-8:]
	sum := sha256.Sum256(append(s.iteratorKey(), body...))
	if string(sum[:8]) != string(check) || string(body[:8]) != "\x00\x00\x00\x00\x00\x00\x00\x01" {
		return iterator{}, false
	}
	body = body[8:]
	return iterator{
		created:       sim.Time(binary.BigEndian.Uint64(body)),
		streamCreated: sim.Time(binary.BigEndian.Uint64(body[8:])),
		shard:         int(binary.BigEndian.Uint32(body[16:])),
		pos:           binary.BigEndian.Uint64(body[20:]),
		stream:        string(body[28:]),
	}, true
}

type getShardIteratorInput struct {
	StreamName             *string    `json:"StreamName"`
	StreamARN              *string    `json:"StreamARN"`
	ShardId                string     `json:"ShardId" aws:"required"`
	ShardIteratorType      string     `json:"ShardIteratorType" aws:"required"`
	StartingSequenceNumber *string    `json:"StartingSequenceNumber"`
	Timestamp              *timestamp `json:"Timestamp"`
}

// prepareGetShardIterator is GetShardIterator
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html),
// with its five iterator types.
func (s *Service) prepareGetShardIterator(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in getShardIteratorInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkName("shardId", in.ShardId); err != nil {
		return nil, nil, err
	}
	typ := in.ShardIteratorType
	if err := api.CheckEnum(validationCode, "shardIteratorType", typ, iteratorTypes...); err != nil {
		return nil, nil, err
	}
	bySeq := typ == "AT_SEQUENCE_NUMBER" || typ == "AFTER_SEQUENCE_NUMBER"
	if bySeq != (in.StartingSequenceNumber != nil) {
		also := "no"
		if in.StartingSequenceNumber != nil {
			also = "also a"
		}
		return nil, nil, api.Errorf(invalidArg, "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and %s StartingSequenceNumber.", typ, also)
	}
	if typ == "AT_TIMESTAMP" && in.Timestamp == nil {
		return nil, nil, api.Errorf(invalidArg, "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
	}
	run := func() (any, error) {
		st, err := s.findReadable(name, env.Now)
		if err != nil {
			return nil, err
		}
		sh := st.shardByID(in.ShardId)
		if sh == nil {
			return nil, api.Errorf("ResourceNotFoundException", "Shard %s in stream %s under account %s does not exist", api.Clip(in.ShardId, api.MaxQuoted), name, s.account)
		}
		s.trim(st, sh, env.Now)
		pos, err := s.startPosition(st, sh, typ, in.StartingSequenceNumber, in.Timestamp, env.Now)
		if err != nil {
			return nil, err
		}
		it := iterator{created: env.Now, streamCreated: st.created, shard: sh.index, pos: pos, stream: st.name}
		return struct {
			ShardIterator string `json:"ShardIterator"`
		}{s.encodeIterator(it)}, nil
	}
	return action("GetShardIterator", arn), run, nil
}

// startPosition is the index of the first record an iterator of type typ
// reads.
func (s *Service) startPosition(st *stream, sh *shard, typ string, seq *string, ts *timestamp, now sim.Time) (uint64, error) {
	return s.startPositionFor("GetShardIterator", st, sh, typ, seq, ts, now)
}

// startPositionFor is startPosition for operation op (GetShardIterator or
// SubscribeToShard), which its errors name.
func (s *Service) startPositionFor(op string, st *stream, sh *shard, typ string, seq *string, ts *timestamp, now sim.Time) (uint64, error) {
	switch typ {
	case "TRIM_HORIZON":
		return sh.base, nil
	case "LATEST":
		return sh.next, nil
	case "AT_TIMESTAMP":
		t := ts.t
		if t > now {
			return 0, api.Errorf(invalidArg, "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", int64(t), int64(now))
		}
		// The first record that arrived at or after t; records are kept in
		// arrival order.
		lo := sh.recs.search(func(r *record) int {
			if r.at < t {
				return -1
			}
			return 1
		})
		return sh.base + uint64(lo), nil
	}
	f, ok := parseSeq(*seq)
	if !ok {
		return 0, api.Errorf(invalidArg, "StartingSequenceNumber %s used in %s on shard %s in stream %s under account %s is invalid.",
			api.Clip(*seq, api.MaxQuoted), op, sh.id, st.name, s.account)
	}
	if f.shardIndex != sh.index {
		return 0, api.Errorf(invalidArg, "Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard with %s", shardID(f.shardIndex), sh.id)
	}
	if f.shardCreatedSec != int64(sh.created)/1000 {
		return 0, api.Errorf(invalidArg, "StartingSequenceNumber %s used in %s on shard %s in stream %s under account %s is invalid because it did not come from this stream.",
			*seq, op, sh.id, st.name, s.account)
	}
	pos := f.index
	// The ContinuationSequenceNumber of a subscription that has passed no
	// record yet (beforeFirst) is below every record: after it comes
	// record 0, for a shard iterator as for a subscription.
	if typ == "AFTER_SEQUENCE_NUMBER" && pos < maxSeqIndex && *seq != beforeFirst(sh) {
		pos++
	}
	return max(min(pos, sh.next), sh.base), nil
}

// shardByID returns the shard named id (shardId-000000000003, or the
// shorter shardId-3 AWS also takes), or nil.
func (st *stream) shardByID(id string) *shard {
	digits, ok := strings.CutPrefix(id, "shardId-")
	if !ok {
		digits = id
	}
	i, err := strconv.ParseUint(digits, 10, 31)
	if err != nil || int(i) >= len(st.shards) {
		return nil
	}
	return st.shards[i]
}

type getRecordsInput struct {
	ShardIterator string  `json:"ShardIterator" aws:"required"`
	Limit         *int64  `json:"Limit"`
	StreamARN     *string `json:"StreamARN"`
}

type recordOutput struct {
	SequenceNumber              string `json:"SequenceNumber"`
	ApproximateArrivalTimestamp string `json:"ApproximateArrivalTimestamp"`
	Data                        []byte `json:"Data"`
	PartitionKey                string `json:"PartitionKey"`
}

type childShard struct {
	ShardId      string       `json:"ShardId"`
	ParentShards []string     `json:"ParentShards"`
	HashKeyRange hashKeyRange `json:"HashKeyRange"`
}

type getRecordsOutput struct {
	Records            []recordOutput `json:"Records"`
	NextShardIterator  *string        `json:"NextShardIterator"`
	MillisBehindLatest int64          `json:"MillisBehindLatest"`
	ChildShards        []childShard   `json:"ChildShards,omitempty"`
}

// prepareGetRecords is GetRecords
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html):
// at most Limit records (1–10,000, default 10,000) or 10 MiB from the
// iterator's position. A shard serves five calls and 2 MiB per second: a
// call over either is ProvisionedThroughputExceededException, and a call
// that returned B bytes leaves the shard's reads busy for B / 2 MiB
// seconds ("If a call returns this amount of data [10 MiB], subsequent
// calls made within the next 5 seconds throw
// ProvisionedThroughputExceededException"). At the end of a closed shard
// NextShardIterator is null and ChildShards names its children.
func (s *Service) prepareGetRecords(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in getRecordsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if n := len(in.ShardIterator); n == 0 || n > maxIteratorLen {
		return nil, nil, constraintError(in.ShardIterator, "shardIterator", "Member must have length less than or equal to 512")
	}
	limit := maxGetRecords
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, maxGetRecords); err != nil {
			return nil, nil, err
		}
		limit = int(*in.Limit)
	}
	it, ok := s.decodeIterator(in.ShardIterator)
	if !ok {
		return nil, nil, api.Errorf(invalidArg, "Invalid ShardIterator.")
	}
	arn := s.streamARN(it.stream)
	if in.StreamARN != nil && *in.StreamARN != arn {
		return nil, nil, api.Errorf(invalidArg, "StreamARN %s does not match the stream of the ShardIterator, %s.", api.Clip(*in.StreamARN, api.MaxQuoted), arn)
	}
	run := func() (any, error) {
		consumer := env.Caller.ARN
		if env.Actor != "" {
			consumer = env.Actor // a playground consumer: the panel draws it by name
		}
		return s.readShard(it, limit, env.Now, env.Emit, consumer)
	}
	return action("GetRecords", arn), run, nil
}

// getRecords is readShard that reports nothing.
func (s *Service) getRecords(it iterator, limit int, now sim.Time) (any, error) {
	return s.readShard(it, limit, now, nil, "")
}

// readShard reads, and reports the records it returns as the step event
// RecordsRead ({stream, shard, count, bytes, consumer: the actor's name for
// a playground consumer, else the caller's ARN,
// iteratorAgeMillis: how long the last record returned waited}), one per
// call that returns records.
func (s *Service) readShard(it iterator, limit int, now sim.Time, emit func(api.StepEvent), caller string) (any, error) {
	st, err := s.findReadable(it.stream, now)
	if err != nil || st.created != it.streamCreated || it.shard >= len(st.shards) {
		return nil, api.Errorf("ResourceNotFoundException", "Shard %s in stream %s under account %s does not exist", shardID(it.shard), it.stream, s.account)
	}
	sh := st.shards[it.shard]
	if now-it.created > iteratorLife {
		const layout = "Mon Jan 02 15:04:05 UTC 2006"
		return nil, api.Errorf("ExpiredIteratorException", "Iterator expired. The iterator was created at time %s while right now it is %s which is further in the future than the tolerated delay of %d milliseconds.",
			it.created.Std().Format(layout), now.Std().Format(layout), iteratorLife)
	}
	if sec := int64(now) / 1000; sh.readSec != sec {
		sh.readSec, sh.reads = sec, 0
	}
	if sh.reads >= shardReadCalls || now < sh.readBusy {
		sh.metric(now).ReadProvisionedThroughputExceeded++
		return nil, api.Errorf("ProvisionedThroughputExceededException", "Rate exceeded for shard %s in stream %s under account %s.", sh.id, st.name, s.account)
	}
	s.trim(st, sh, now)
	pos := max(it.pos, sh.base)
	out := getRecordsOutput{Records: []recordOutput{}}
	bytes := 0
	var buf [seqLen]byte
	for ; pos < sh.next && len(out.Records) < limit; pos++ {
		r := sh.recs.at(int(pos - sh.base))
		if bytes+r.size() > maxGetBytes {
			break
		}
		bytes += r.size()
		out.Records = append(out.Records, recordOutput{SequenceNumber: string(appendSeq(buf[:0], sh.created, sh.index, pos, r.at)),
			ApproximateArrivalTimestamp: r.at.Milli(), Data: r.data, PartitionKey: r.key})
	}
	sh.reads++
	sh.readBusy = max(sh.readBusy, now) + sim.Time(int64(bytes)*1000/shardReadBytes)
	if pos < sh.next {
		out.MillisBehindLatest = int64(now - sh.recs.at(int(pos-sh.base)).at)
	}
	m := sh.metric(now)
	if n := len(out.Records); n > 0 {
		age := int64(now - sh.recs.at(int(pos-1-sh.base)).at)
		m.IteratorAgeMilliseconds = max(m.IteratorAgeMilliseconds, age)
		if emit != nil {
			emit(api.StepEvent{Service: "kinesis", Type: stepRecordsRead, Fields: map[string]string{
				"stream": st.name, "shard": sh.id, "count": strconv.Itoa(n), "bytes": strconv.Itoa(bytes),
				"consumer": caller, "iteratorAgeMillis": strconv.FormatInt(age, 10)}})
		}
	}
	if sh.closed && pos >= sh.next {
		out.ChildShards = st.children(sh)
		return out, nil
	}
	next := s.encodeIterator(iterator{created: now, streamCreated: st.created, shard: sh.index, pos: pos, stream: st.name})
	out.NextShardIterator = &next
	return out, nil
}

// stepRecordsRead is the step event of a GetRecords that returned records.
const stepRecordsRead = "RecordsRead"

// children returns the shards that sh was split or merged into.
func (st *stream) children(sh *shard) []childShard {
	out := []childShard{}
	for _, c := range st.shards {
		if c.parent == sh.id || c.adjacent == sh.id {
			parents := []string{c.parent}
			if c.adjacent != "" {
				parents = append(parents, c.adjacent)
			}
			out = append(out, childShard{ShardId: c.id, ParentShards: parents, HashKeyRange: hashKeyRange{c.startKey, c.endKey}})
		}
	}
	return out
}
