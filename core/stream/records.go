package stream

import (
	"encoding/json"
	"slices"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Per-shard throughput and request limits
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html):
// each shard takes 1 MiB/s and 1,000 records/s of writes and serves 2 MiB/s
// and five GetRecords calls per second of reads; a GetRecords call returns
// at most 10,000 records or 10 MiB; a PutRecords request carries at most
// 500 records and 10 MiB
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
const (
	shardWriteBytes   = 1 << 20
	shardWriteRecords = 1000
	shardReadBytes    = 2 << 20
	shardReadCalls    = 5
	maxGetRecords     = 10000
	maxGetBytes       = 10 << 20
	maxPutRecords     = 500
	maxPutBytes       = 10 << 20
)

type putRecordInput struct {
	StreamName                *string `json:"StreamName"`
	StreamARN                 *string `json:"StreamARN"`
	Data                      []byte  `json:"Data" aws:"required"`
	PartitionKey              string  `json:"PartitionKey" aws:"required"`
	ExplicitHashKey           *string `json:"ExplicitHashKey"`
	SequenceNumberForOrdering *string `json:"SequenceNumberForOrdering"`
}

// entry is one record to write, checked and routed by hash key.
type entry struct {
	key  string
	hash hashKey
	data []byte
}

// checkEntry checks one record's members (item is 0 for PutRecord, N for
// the Nth item of PutRecords) against the stream-wide constraints; the
// record size is checked against the stream's maximum when it is written.
func checkEntry(item int, key string, explicit *string, data []byte) (entry, error) {
	if c := partitionKeyProblem(key); c != "" {
		return entry{}, constraintError(key, itemMember(item)+"partitionKey", c)
	}
	if len(data) > maxMaxKiB<<10 {
		return entry{}, dataTooLong(itemMember(item), len(data), maxMaxKiB<<10)
	}
	e := entry{key: key, data: data}
	if explicit != nil {
		h, err := parseExplicit(itemMember(item), *explicit)
		if err != nil {
			return entry{}, err
		}
		e.hash = h
	} else {
		e.hash = partitionHash(key)
	}
	return e, nil
}

// itemMember is how error messages name the members of a record: "" for
// PutRecord (item 0), "records.N.member." for the Nth item of PutRecords.
// It is built only for an error, as the check of every record of a batch
// would otherwise build it.
func itemMember(item int) string {
	if item == 0 {
		return ""
	}
	return "records." + itoa(item) + ".member."
}

// dataTooLong is AWS's ValidationException for a Data blob over its
// maximum, which names the blob as the Java buffer it was read into.
func dataTooLong(member string, n, limit int) error {
	return api.Errorf(validationCode, "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]' at '%sdata' failed to satisfy constraint: Member must have length less than or equal to %d", n, n, member, limit)
}

// parseExplicit reads an ExplicitHashKey: a decimal of at most 39 digits
// (ValidationException otherwise), from 0 to 2^128-1
// (InvalidArgumentException otherwise).
func parseExplicit(member, s string) (hashKey, error) {
	valid := s != "" && len(s) <= 39 && (s == "0" || s[0] != '0')
	for i := 0; valid && i < len(s); i++ {
		valid = '0' <= s[i] && s[i] <= '9'
	}
	if !valid {
		return hashKey{}, constraintError(s, member+"explicitHashKey", `Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})`)
	}
	h, ok := parseHashKey(s)
	if !ok {
		return hashKey{}, api.Errorf(invalidArg, "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s", s)
	}
	return h, nil
}

// preparePutRecord is PutRecord
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html).
func (s *Service) preparePutRecord(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putRecordInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	e, err := checkEntry(0, in.PartitionKey, in.ExplicitHashKey, in.Data)
	if err != nil {
		return nil, nil, err
	}
	if in.SequenceNumberForOrdering != nil {
		if _, ok := parseSeq(*in.SequenceNumberForOrdering); !ok {
			return nil, nil, api.Errorf(invalidArg, "ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
				api.Clip(*in.SequenceNumberForOrdering, api.MaxQuoted), name, s.account)
		}
	}
	run := func() (any, error) {
		st, err := s.findReadable(name, env.Now)
		if err != nil {
			return nil, err
		}
		entries := []entry{e}
		if err := s.admit(st, entries, env.Now, false); err != nil {
			return nil, err
		}
		r := s.write(st, &entries[0], env.Now)
		emitWrites(env, st, 1, func(int) (*shard, int, string, bool) {
			return r.shard, len(e.data) + len(e.key), e.key, r.errorCode != ""
		})
		if r.errorCode != "" {
			return nil, api.Errorf(r.errorCode, "%s", r.errorMessage)
		}
		seq := string(appendSeq(nil, r.shard.created, r.shard.index, r.index, env.Now))
		return putRecordOutput{ShardId: r.shard.id, SequenceNumber: seq, EncryptionType: "NONE"}, nil
	}
	return action("PutRecord", arn), run, nil
}

type putRecordOutput struct {
	ShardId        string `json:"ShardId"`
	SequenceNumber string `json:"SequenceNumber"`
	EncryptionType string `json:"EncryptionType"`
}

type putRecordsEntry struct {
	Data            []byte  `json:"Data" aws:"required"`
	ExplicitHashKey *string `json:"ExplicitHashKey"`
	PartitionKey    string  `json:"PartitionKey" aws:"required"`
}

type putRecordsInput struct {
	StreamName *string           `json:"StreamName"`
	StreamARN  *string           `json:"StreamARN"`
	Records    []putRecordsEntry `json:"Records" aws:"required"`
}

// preparePutRecords is PutRecords
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html):
// 1 to 500 records of at most 10 MiB in all, each written or refused on
// its own (ErrorCode and ErrorMessage, counted in FailedRecordCount), in
// the order of the request.
func (s *Service) preparePutRecords(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, ok := decodePutRecords(input)
	if !ok {
		if err := decode(input, &in); err != nil {
			return nil, nil, err
		}
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	entries, err := checkEntries(in.Records)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.findReadable(name, env.Now)
		if err != nil {
			return nil, err
		}
		out, err := s.putRecords(st, entries, env.Now)
		if err != nil {
			return nil, err
		}
		emitWrites(env, st, len(entries), func(i int) (*shard, int, string, bool) {
			r := &out.Records[i]
			return r.shard, len(entries[i].data) + len(entries[i].key), entries[i].key, r.throttled
		})
		return json.RawMessage(out.appendJSON(make([]byte, 0, 64+100*len(out.Records)))), nil
	}
	return action("PutRecords", arn), run, nil
}

// checkEntries checks the Records of a PutRecords request.
func checkEntries(recs []putRecordsEntry) ([]entry, error) {
	if len(recs) == 0 {
		return nil, constraintError("[]", "records", "Member must have length greater than or equal to 1")
	}
	if len(recs) > maxPutRecords {
		return nil, api.Errorf(validationCode, "1 validation error detected: Value '[%d records]' at 'records' failed to satisfy constraint: Member must have length less than or equal to %d", len(recs), maxPutRecords)
	}
	entries := make([]entry, len(recs))
	total := 0
	for i := range recs {
		r := &recs[i]
		e, err := checkEntry(i+1, r.PartitionKey, r.ExplicitHashKey, r.Data)
		if err != nil {
			return nil, err
		}
		entries[i] = e
		total += len(r.Data) + len(r.PartitionKey)
	}
	if total > maxPutBytes {
		return nil, api.Errorf(invalidArg, "Records size exceeds 10 MB limit")
	}
	return entries, nil
}

// putRecords writes entries and answers PutRecords. The output's Records
// are valid until the next call: PutRecords encodes them at once, and a
// producer's batches would otherwise each leave 12 KB of garbage.
func (s *Service) putRecords(st *stream, entries []entry, now sim.Time) (putRecordsOutput, error) {
	if err := s.admit(st, entries, now, true); err != nil {
		return putRecordsOutput{}, err
	}
	if cap(s.results) < len(entries) {
		s.results = make([]putRecordsResult, max(len(entries), maxPutRecords))
	}
	out := putRecordsOutput{Records: s.results[:len(entries)], stream: st.name, account: s.account, at: now}
	for i := range entries {
		r := s.write(st, &entries[i], now)
		out.Records[i] = putRecordsResult{shard: r.shard, index: r.index, throttled: r.errorCode != ""}
		if r.errorCode != "" {
			out.FailedRecordCount++
		}
	}
	return out, nil
}

// putRecordsOutput is PutRecords' output. Its sequence numbers are written
// only when it is encoded (appendJSON), as they are output text.
type putRecordsOutput struct {
	FailedRecordCount int
	Records           []putRecordsResult
	stream, account   string
	at                sim.Time
}

// putRecordsResult is one record's result: its shard and index there, or
// that the shard had no throughput left (the only reason PutRecords
// refuses a single record here).
type putRecordsResult struct {
	shard     *shard
	index     uint64
	throttled bool
}

// appendJSON appends the CLI's JSON view of the output:
// {"FailedRecordCount":0,"Records":[{"SequenceNumber":"…","ShardId":"…"},
// {"ErrorCode":"…","ErrorMessage":"…"}],"EncryptionType":"NONE"}.
func (o *putRecordsOutput) appendJSON(b []byte) []byte {
	b = append(b, `{"FailedRecordCount":`...)
	b = strconv.AppendInt(b, int64(o.FailedRecordCount), 10)
	b = append(b, `,"Records":[`...)
	for i := range o.Records {
		r := &o.Records[i]
		if i > 0 {
			b = append(b, ',')
		}
		if r.throttled {
			msg, _ := json.Marshal(throttledMessage(r.shard.id, o.stream, o.account))
			b = append(b, `{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":`...)
			b = append(b, msg...)
			b = append(b, '}')
			continue
		}
		b = append(b, `{"SequenceNumber":"`...)
		b = appendSeq(b, r.shard.created, r.shard.index, r.index, o.at)
		b = append(b, `","ShardId":"`...)
		b = append(b, r.shard.id...)
		b = append(b, `"}`...)
	}
	return append(b, `],"EncryptionType":"NONE"}`...)
}

// admit checks, before anything is written, the limits that refuse a
// whole request: the stream's maximum record size (ValidationException)
// and the playground's MaxStoredBytes (LimitExceededException, after
// trimming every expired record of the account).
func (s *Service) admit(st *stream, entries []entry, now sim.Time, batch bool) error {
	limit := st.maxKiB << 10
	cost := 0
	for i := range entries {
		e := &entries[i]
		if len(e.data) > limit {
			member := ""
			if batch {
				member = itemMember(i + 1)
			}
			return dataTooLong(member, len(e.data), limit)
		}
		if n := len(e.data) + len(e.key); n > limit {
			return api.Errorf(invalidArg, "The record size of %d bytes (data plus partition key) exceeds the maximum record size of stream %s under account %s, %d bytes.", n, st.name, s.account, limit)
		}
		cost += len(e.data) + len(e.key) + recordOverhead
	}
	if s.stored+cost > MaxStoredBytes {
		s.trimAll(now)
	}
	if s.stored+cost > MaxStoredBytes {
		return api.Errorf("LimitExceededException", "The playground keeps at most %d bytes (64 MiB) of records per account, counting data, partition keys and %d bytes per record: %d are stored and these records need %d more. Records leave when the retention period (%d hours for stream %s) trims them, or with their stream.",
			MaxStoredBytes, recordOverhead, s.stored, cost, st.retention, st.name)
	}
	return nil
}

// written is the result of writing one record: its shard and index in it,
// or why it was refused.
type written struct {
	shard                   *shard
	index                   uint64
	errorCode, errorMessage string
}

// write routes e to the open shard whose hash key range holds its hash key
// and stores it, unless the shard (or, on-demand, the stream) has no
// throughput left this second.
func (s *Service) write(st *stream, e *entry, now sim.Time) written {
	sh := st.route(e.hash)
	size := len(e.data) + len(e.key)
	if !st.take(sh, now, size) {
		sh.metric(now).WriteProvisionedThroughputExceeded++
		return written{shard: sh, errorCode: "ProvisionedThroughputExceededException",
			errorMessage: throttledMessage(sh.id, st.name, s.account)}
	}
	s.trim(st, sh, now)
	i := sh.next
	sh.next++
	sh.recs.push(record{at: now, key: e.key, data: e.data})
	s.stored += size + recordOverhead
	sh.bytes += size
	m := sh.metric(now)
	m.IncomingRecords++
	m.IncomingBytes += size
	return written{shard: sh, index: i}
}

// throttledMessage is AWS's message for a write or read past a shard's
// throughput, which names "the account ID, stream name, and shard ID"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html).
func throttledMessage(shard, stream, account string) string {
	return "Rate exceeded for shard " + shard + " in stream " + stream + " under account " + account + "."
}

// route returns the open shard whose hash key range holds h. The open
// shards always cover every hash key.
func (st *stream) route(h hashKey) *shard {
	i, _ := slices.BinarySearchFunc(st.open, h, func(sh *shard, h hashKey) int {
		if h.less(sh.start) {
			return 1
		}
		return -1
	})
	return st.open[i-1]
}

// take reports whether a record of size bytes may be written to sh now,
// and counts it if so.
func (st *stream) take(sh *shard, now sim.Time, size int) bool {
	if st.mode == modeOnDemand {
		return st.demand.take(now, size)
	}
	if sec := int64(now) / 1000; sh.sec != sec {
		sh.sec, sh.secRecs, sh.secSize = sec, 0, 0
	}
	if sh.secRecs+1 > shardWriteRecords || sh.secSize+size > shardWriteBytes {
		return false
	}
	sh.secRecs++
	sh.secSize += size
	return true
}

// trim drops the records of sh that the stream's retention period has
// expired by now: a record written at t is readable until t + retention.
func (s *Service) trim(st *stream, sh *shard, now sim.Time) {
	horizon := now - sim.Time(st.retention)*3600_000
	k := 0
	for n := sh.recs.len(); k < n; k++ {
		r := sh.recs.at(k)
		if r.at > horizon {
			break
		}
		s.stored -= r.size() + recordOverhead
		sh.bytes -= r.size()
	}
	if k > 0 {
		sh.recs.dropFront(k)
		sh.base += uint64(k)
	}
}

// trimAll trims every shard of the account.
func (s *Service) trimAll(now sim.Time) {
	for _, st := range s.streams {
		for _, sh := range st.shards {
			s.trim(st, sh, now)
		}
	}
}

func itoa(i int) string {
	var b [20]byte
	return string(appendPadded(b[:0], uint64(i), 1))
}
