package stream

import (
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Enhanced fan-out subscriptions
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html,
// https://docs.aws.amazon.com/streams/latest/dev/building-enhanced-consumers-api.html):
//
//   - "your consumer starts receiving events of type SubscribeToShardEvent
//     over the HTTP/2 connection for up to 5 minutes" (subscriptionLife);
//   - "You can make one call to SubscribeToShard per second per registered
//     consumer per shard" (subscribeInterval; a second call within it is
//     LimitExceededException);
//   - "If you call SubscribeToShard again with the same ConsumerARN and
//     ShardId within 5 seconds of a successful call, you'll get a
//     ResourceInUseException. If you call SubscribeToShard 5 seconds or
//     more after a successful call, the second call takes over the
//     subscription" (takeoverAfter);
//   - each registered consumer reads each shard at up to 2 MiB/s of its
//     own, apart from the shard's shared GetRecords throughput
//     (https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html:
//     "throughput of up to 2 MB of data per second per shard. This
//     throughput is dedicated"), fanOutBytes;
//   - the IAM action is kinesis:SubscribeToShard on the consumer
//     (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisdatastreams.html).
//
// pushInterval is the playground's own cadence: AWS pushes records as they
// arrive (its guide quotes an average propagation delay of about 70 ms,
// https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html);
// the playground looks for new records every 250 ms of simulated time, a
// delay the eye barely tells from AWS's while a five-minute subscription
// costs at most 1,200 pieces of scheduled work, and 2 MiB/s divides into
// whole 512 KiB pushes. A push carries at most
// what 2 MiB/s allows in that interval (pushBytes) and at most
// maxGetRecords records, but at least one record, so that a record bigger
// than pushBytes (up to 10 MiB) still goes, leaving the subscription busy
// for as long as 2 MiB/s takes to carry it.
const (
	subscriptionLife  = 300_000
	subscribeInterval = 1000
	takeoverAfter     = 5000
	fanOutBytes       = 2 << 20
	pushInterval      = 250
	pushBytes         = fanOutBytes * pushInterval / 1000
	// maxKeptEvents and maxKeptRecords bound the pushed events a
	// consumer's shard keeps for SubscriptionEvents, the newest always (the
	// playground's own bounds: 25 seconds of pushes, or a GetRecords' worth
	// of records, far more than a consumer actor lets pass between two
	// reads, while a consumer draining a backlog of small records keeps a
	// megabyte or so).
	maxKeptEvents  = 100
	maxKeptRecords = maxGetRecords
)

// stepSubscribeToShardEvent is the step event of a push.
const stepSubscribeToShardEvent = "SubscribeToShardEvent"

// Record is one data record as a subscription pushes it. Data is shared
// with the stream and must not be modified.
type Record struct {
	SequenceNumber              string
	ApproximateArrivalTimestamp sim.Time
	PartitionKey                string
	Data                        []byte
}

// SubscriptionEvent is one SubscribeToShardEvent pushed to a consumer on a
// shard (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShardEvent.html).
type SubscriptionEvent struct {
	Seq                        int // 1 for the consumer's first event on the shard, then 2, 3, …
	Time                       sim.Time
	Records                    []Record
	Bytes                      int // the data and partition keys of Records
	ContinuationSequenceNumber string
	MillisBehindLatest         int64
	ChildShards                []ChildShard // at the end of a closed shard: its children (and the subscription ends)
	// TotalRecords and TotalDataBytes count the records, and their data
	// bytes, pushed to the consumer on the shard up to this event, over
	// every subscription: a reader that missed events (only the last
	// maxKeptEvents are kept) still counts exactly.
	TotalRecords   int64
	TotalDataBytes int64
}

// ChildShard is one child of a closed shard, as a subscription's last
// event names it: its id and its parents (one after a split, two after a
// merge).
type ChildShard struct {
	ShardId      string
	ParentShards []string
}

// fanout is what a consumer has on one shard: its subscription (the
// latest; gen counts them so that the pushes of one taken over stop), the
// events pushed and its metrics.
type fanout struct {
	called   bool
	lastCall sim.Time // the last SubscribeToShard call that passed the rate check

	gen           int
	active        bool
	started, ends sim.Time
	pos           uint64   // the index of the next record to push
	busy          sim.Time // 2 MiB/s spent ahead until then
	lastSeq       string   // ContinuationSequenceNumber
	behind        int64    // MillisBehindLatest of the last push
	seq           int      // events pushed so far
	events        []SubscriptionEvent
	kept          int // the records of events
	metrics       *[MetricSeconds]FanOutMetric
	recordsPushed int // records pushed, over every subscription
	bytesPushed   int
	dataPushed    int64 // the data bytes of recordsPushed
}

// FanOutMetric is one simulated second of a consumer's metrics on one
// shard (the SubscribeToShard and SubscribeToShardEvent metrics of
// https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html,
// per shard and per second).
type FanOutMetric struct {
	Second             sim.Time
	RateExceeded       int   // SubscribeToShard.RateExceeded: calls refused
	Records            int   // SubscribeToShardEvent.Records
	Bytes              int   // SubscribeToShardEvent.Bytes
	MillisBehindLatest int64 // SubscribeToShardEvent.MillisBehindLatest, the largest of the second
}

func (f *fanout) metric(now sim.Time) *FanOutMetric {
	if f.metrics == nil {
		f.metrics = new([MetricSeconds]FanOutMetric)
	}
	sec := now / 1000
	m := &f.metrics[int(sec%MetricSeconds)]
	if m.Second != sec*1000 {
		*m = FanOutMetric{Second: sec * 1000}
	}
	return m
}

func (f *fanout) recentMetrics(now sim.Time) []FanOutMetric {
	out := []FanOutMetric{}
	if f.metrics == nil {
		return out
	}
	sec := now / 1000
	for s := max(sec-MetricSeconds+1, 0); s <= sec; s++ {
		m := f.metrics[int(s%MetricSeconds)]
		if m.Second == s*1000 && m != (FanOutMetric{Second: s * 1000}) {
			out = append(out, m)
		}
	}
	return out
}

type startingPosition struct {
	Type           string     `json:"Type"`
	SequenceNumber *string    `json:"SequenceNumber"`
	Timestamp      *timestamp `json:"Timestamp"`
}

type subscribeInput struct {
	ConsumerARN      string            `json:"ConsumerARN" aws:"required"`
	ShardId          string            `json:"ShardId" aws:"required"`
	StartingPosition *startingPosition `json:"StartingPosition" aws:"required"`
}

// subscribeEvent is the JSON of one SubscribeToShardEvent.
type subscribeEvent struct {
	Records                    []recordOutput `json:"Records"`
	ContinuationSequenceNumber string         `json:"ContinuationSequenceNumber"`
	MillisBehindLatest         int64          `json:"MillisBehindLatest"`
	ChildShards                []childShard   `json:"ChildShards,omitempty"`
}

// prepareSubscribe is SubscribeToShard: it answers the subscription's
// first event, {"EventStream": [event]}; the later ones are pushed in
// simulated time (see SubscriptionEvents).
func (s *Service) prepareSubscribe(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in subscribeInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	sn, cn, ok := s.parseARN(in.ConsumerARN)
	if !ok || cn == "" {
		return nil, nil, constraintError(in.ConsumerARN, "consumerARN", `Member must satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+`)
	}
	if err := checkName("shardId", in.ShardId); err != nil {
		return nil, nil, err
	}
	p := in.StartingPosition
	if err := api.CheckEnum(validationCode, "startingPosition.type", p.Type, iteratorTypes...); err != nil {
		return nil, nil, err
	}
	bySeq := p.Type == "AT_SEQUENCE_NUMBER" || p.Type == "AFTER_SEQUENCE_NUMBER"
	if bySeq != (p.SequenceNumber != nil) {
		also := "no"
		if p.SequenceNumber != nil {
			also = "also a"
		}
		return nil, nil, api.Errorf(invalidArg, "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and SequenceNumber or (2) TRIM_HORIZON, LATEST or AT_TIMESTAMP and no SequenceNumber. Request specified %s and %s SequenceNumber.", p.Type, also)
	}
	if p.Type == "AT_TIMESTAMP" && p.Timestamp == nil {
		return nil, nil, api.Errorf(invalidArg, "Must specify Timestamp for a starting position of type AT_TIMESTAMP.")
	}
	run := func() (any, error) {
		return s.subscribe(env, sn, cn, in.ConsumerARN, in.ShardId, p)
	}
	return action("SubscribeToShard", in.ConsumerARN), run, nil
}

func (s *Service) subscribe(env *api.Env, sn, cn, arn, shardID string, p *startingPosition) (any, error) {
	now := env.Now
	st, c, err := s.findConsumer(sn, cn, arn, now)
	if err != nil {
		return nil, err
	}
	if st.status == statusCreating {
		return nil, s.notFound(sn)
	}
	if status := c.status(now); status != statusActive {
		return nil, api.Errorf("ResourceInUseException", "Consumer %s under stream %s for account %s is not ACTIVE, instead in state %s.", cn, sn, s.account, status)
	}
	sh := st.shardByID(shardID)
	if sh == nil {
		return nil, api.Errorf("ResourceNotFoundException", "Shard %s in stream %s under account %s does not exist", api.Clip(shardID, api.MaxQuoted), sn, s.account)
	}
	// AWS documents the codes of the next two refusals, not their
	// messages: the wording is the playground's.
	f := c.fanoutOn(sh.index)
	if f.called && now-f.lastCall < subscribeInterval {
		f.metric(now).RateExceeded++
		return nil, api.Errorf("LimitExceededException", "Rate exceeded for consumer %s and shard %s: SubscribeToShard may be called once per second per consumer per shard.", arn, sh.id)
	}
	f.called, f.lastCall = true, now
	if f.active && now < f.ends && now-f.started < takeoverAfter {
		return nil, api.Errorf("ResourceInUseException", "Another active subscription exists for consumer %s and shard %s, started less than %d seconds ago.", arn, sh.id, takeoverAfter/1000)
	}
	s.trim(st, sh, now)
	pos, err := s.startPositionFor("SubscribeToShard", st, sh, p.Type, p.SequenceNumber, p.Timestamp, now)
	if err != nil {
		return nil, err
	}
	// A subscription taken over ends (gen), and its pushes with it.
	f.gen++
	f.active, f.started, f.ends, f.pos, f.busy = true, now, now+subscriptionLife, pos, 0
	f.lastSeq = continuation(sh, pos)
	ev := s.push(st, c, sh, f, now, true, env.Emit)
	if f.active {
		s.tick(st, c, sh, f, f.gen, now+pushInterval, env.Schedule)
	}
	out := subscribeEvent{Records: make([]recordOutput, len(ev.Records)), ContinuationSequenceNumber: ev.ContinuationSequenceNumber,
		MillisBehindLatest: ev.MillisBehindLatest}
	for i, r := range ev.Records {
		out.Records[i] = recordOutput{SequenceNumber: r.SequenceNumber, ApproximateArrivalTimestamp: r.ApproximateArrivalTimestamp.Milli(),
			Data: r.Data, PartitionKey: r.PartitionKey}
	}
	if ev.ChildShards != nil {
		out.ChildShards = st.children(sh)
	}
	return struct {
		EventStream []subscribeEvent `json:"EventStream"`
	}{[]subscribeEvent{out}}, nil
}

// fanoutOn returns what c has on the shard of index i, made on first use.
func (c *consumer) fanoutOn(i int) *fanout {
	if c.fanouts == nil {
		c.fanouts = map[int]*fanout{}
	}
	f := c.fanouts[i]
	if f == nil {
		f = &fanout{}
		c.fanouts[i] = f
	}
	return f
}

// continuation is the ContinuationSequenceNumber of a subscription about
// to push the record at index pos of sh: the sequence number of the record
// before it, to resubscribe AFTER_SEQUENCE_NUMBER (as the KCL does when a
// subscription ends, https://github.com/awslabs/amazon-kinesis-client/pull/371);
// before the shard's first record, beforeFirst.
func continuation(sh *shard, pos uint64) string {
	if pos == 0 {
		return beforeFirst(sh)
	}
	at := sh.created
	if pos-1 >= sh.base && pos-1 < sh.next {
		at = sh.recs.at(int(pos - 1 - sh.base)).at
	}
	return string(appendSeq(nil, sh.created, sh.index, pos-1, at))
}

// beforeFirst is the ContinuationSequenceNumber of a subscription that
// has passed no record of sh: AWS documents it as the number to
// resubscribe from, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER, that
// "captures your shard progress even when no data is written to the
// shard" (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShardEvent.html),
// so resubscribing after it must start at the shard's first record. The
// shard's starting sequence number cannot say so: the playground's
// numbers count records from 0, and the first record's number is the
// shard's starting one when it arrives in the shard's first second, so
// AFTER_SEQUENCE_NUMBER of it skipped that record. beforeFirst is record
// 0's number with an arrival second of 0 (a record's is never before its
// shard's creation), numerically below any record of the shard;
// SubscribeToShard and GetShardIterator read AFTER_SEQUENCE_NUMBER of it as
// AT_SEQUENCE_NUMBER, the first record. (Only an account started in the
// first second of 1970 could write a record 0 with this very number, and a
// consumer resubscribing after that record would then read it twice, never
// lose it.)
func beforeFirst(sh *shard) string {
	return string(appendSeq(nil, sh.created, sh.index, 0, 0))
}

// tick schedules the push of gen's subscription at at, and the next ones
// while it lasts.
func (s *Service) tick(st *stream, c *consumer, sh *shard, f *fanout, gen int, at sim.Time, schedule func(sim.Time, func(*api.Work))) {
	if schedule == nil {
		return
	}
	schedule(at, func(w *api.Work) {
		if f.gen != gen || !f.active {
			return
		}
		if s.streams[st.name] != st || st.consumers[c.name] != c || c.deleting != 0 || w.Now >= f.ends {
			f.active = false
			return
		}
		s.push(st, c, sh, f, w.Now, false, w.Emit)
		if f.active {
			s.tick(st, c, sh, f, gen, w.Now+pushInterval, w.Schedule)
		}
	})
}

// push pushes to f the records of sh that its 2 MiB/s lets through now,
// and returns the event. An event with no records is pushed only when
// first (the answer to SubscribeToShard) or when it ends the
// subscription.
func (s *Service) push(st *stream, c *consumer, sh *shard, f *fanout, now sim.Time, first bool, emit func(api.StepEvent)) SubscriptionEvent {
	s.trim(st, sh, now)
	f.pos = max(f.pos, sh.base)
	ev := SubscriptionEvent{Time: now, Records: []Record{}}
	if now >= f.busy {
		var buf [seqLen]byte
		for ; f.pos < sh.next && len(ev.Records) < maxGetRecords; f.pos++ {
			r := sh.recs.at(int(f.pos - sh.base))
			if len(ev.Records) > 0 && ev.Bytes+r.size() > pushBytes {
				break
			}
			ev.Bytes += r.size()
			seq := string(appendSeq(buf[:0], sh.created, sh.index, f.pos, r.at))
			ev.Records = append(ev.Records, Record{SequenceNumber: seq, ApproximateArrivalTimestamp: r.at, PartitionKey: r.key, Data: r.data})
			f.lastSeq = seq
		}
		// Rounded up, so that a consumer never reads faster than 2 MiB/s.
		f.busy = max(f.busy, now) + sim.Time((int64(ev.Bytes)*1000+fanOutBytes-1)/fanOutBytes)
	}
	f.behind = 0
	if f.pos < sh.next {
		f.behind = int64(now - sh.recs.at(int(f.pos-sh.base)).at)
	}
	ev.ContinuationSequenceNumber, ev.MillisBehindLatest = f.lastSeq, f.behind
	if sh.closed && f.pos >= sh.next {
		ev.ChildShards = []ChildShard{}
		for _, ch := range st.children(sh) {
			ev.ChildShards = append(ev.ChildShards, ChildShard{ShardId: ch.ShardId, ParentShards: ch.ParentShards})
		}
		f.active = false
	}
	m := f.metric(now)
	m.MillisBehindLatest = max(m.MillisBehindLatest, f.behind)
	if len(ev.Records) == 0 && !first && ev.ChildShards == nil {
		return ev
	}
	m.Records += len(ev.Records)
	m.Bytes += ev.Bytes
	f.recordsPushed += len(ev.Records)
	f.bytesPushed += ev.Bytes
	for _, r := range ev.Records {
		f.dataPushed += int64(len(r.Data))
	}
	ev.TotalRecords, ev.TotalDataBytes = int64(f.recordsPushed), f.dataPushed
	f.seq++
	ev.Seq = f.seq
	drop := 0
	for drop < len(f.events) && (len(f.events)-drop >= maxKeptEvents || f.kept+len(ev.Records) > maxKeptRecords) {
		f.kept -= len(f.events[drop].Records)
		drop++
	}
	if drop > 0 {
		n := copy(f.events, f.events[drop:])
		clear(f.events[n:])
		f.events = f.events[:n]
	}
	f.events = append(f.events, ev)
	f.kept += len(ev.Records)
	if emit != nil {
		emit(api.StepEvent{Service: "kinesis", Type: stepSubscribeToShardEvent, Fields: map[string]string{
			"stream": st.name, "shard": sh.id, "consumer": c.name,
			"records": strconv.Itoa(len(ev.Records)), "bytes": strconv.Itoa(ev.Bytes),
			"continuationSequenceNumber": ev.ContinuationSequenceNumber,
			"millisBehindLatest":         strconv.FormatInt(ev.MillisBehindLatest, 10)}})
	}
	return ev
}

// SubscriptionEvents returns the SubscribeToShardEvents pushed to the
// consumer whose ARN is consumerARN on shard shardID after the first
// since of them (Seq > since), oldest first, of the last maxKeptEvents
// kept; and whether a subscription is still pushing (false once it has
// lasted its five minutes, was taken over, reached the end of a closed
// shard, or its consumer or stream is gone). It is what an enhanced
// fan-out consumer actor reads the records it was pushed from; it changes
// nothing.
func (s *Service) SubscriptionEvents(consumerARN, shardID string, since int) (events []SubscriptionEvent, active bool) {
	events = []SubscriptionEvent{}
	st, c := s.resourceByARN(consumerARN)
	if c == nil {
		return events, false
	}
	sh := st.shardByID(shardID)
	if sh == nil || c.fanouts[sh.index] == nil {
		return events, false
	}
	f := c.fanouts[sh.index]
	for _, ev := range f.events {
		if ev.Seq > since {
			events = append(events, ev)
		}
	}
	return events, f.active && c.deleting == 0
}
