package actor

import (
	"encoding/json"
	"maps"
	"slices"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Consumer kinds and where a consumer starts reading.
const (
	kindPolling       = "Polling"
	kindFanOut        = "EnhancedFanOut"
	startLatest       = "LATEST"
	startTrimHorizon  = "TRIM_HORIZON"
	defaultPoll       = 1000 // the KCL's default idle time between reads (idleTimeBetweenReadsInMillis)
	defaultLimit      = 10000
	maxConsumerShards = 1024 // shards one consumer follows: the playground's own bound on its work per poll
)

// consumer is one running (or stopped) consumer.
type consumer struct {
	name, stream, arn, kind, caller, start string
	interval                               int64
	limit                                  int
	consumerARN                            string // EnhancedFanOut: the registered consumer
	status                                 string
	order                                  int
	records, bytes                         int64
	lastErr                                *ErrorView

	listed bool
	active bool               // EnhancedFanOut: the registered consumer is ACTIVE
	shards map[string]*cshard // by shard id
}

// cshard is what a consumer knows of one shard it reads.
type cshard struct {
	id       string
	parents  []string
	iter     string // "" when it needs one
	lastSeq  string // the last sequence number read, to resume after an expired iterator
	done     bool   // read to the end of a closed shard (or skipped)
	started  bool   // has had an iterator
	age      int64  // MillisBehindLatest of the last read
	read     int64
	position string // where a fresh iterator starts: the consumer's start, or TRIM_HORIZON for a child
	// Polling: the last GetRecords that answered, its
	// MillisBehindLatest, and whether it returned records; a throttled
	// poll ages the shard from there, so that a consumer starved by
	// others sharing the shard shows how far behind it is.
	readAt  sim.Time
	readAge int64
	flowing bool
	// EnhancedFanOut: whether a subscription is pushing, when
	// SubscribeToShard was last called, how many calls succeeded, and the
	// last event read (its number and the totals it carried).
	subscribed               bool
	called                   bool
	lastCall                 sim.Time
	subscriptions            int
	baselined                bool
	seq                      int
	totalRecords, totalBytes int64
}

// ConsumerView is a consumer as cloudplay:ListActors shows it.
type ConsumerView struct {
	ConsumerName            string          `json:"ConsumerName"`
	StreamName              string          `json:"StreamName"`
	Kind                    string          `json:"Kind"`
	Caller                  string          `json:"Caller"`
	Status                  string          `json:"Status"`
	RecordsRead             int64           `json:"RecordsRead"`
	BytesRead               int64           `json:"BytesRead"`
	IteratorAgeMilliseconds int64           `json:"IteratorAgeMilliseconds"`
	Shards                  []ConsumerShard `json:"Shards"`
	LastError               *ErrorView      `json:"LastError,omitempty"`
	// ConsumerARN is an EnhancedFanOut consumer's registered consumer,
	// once known.
	ConsumerARN string `json:"ConsumerARN,omitempty"`
}

// ConsumerShard is one shard a consumer reads.
type ConsumerShard struct {
	ShardId                 string `json:"ShardId"`
	IteratorAgeMilliseconds int64  `json:"IteratorAgeMilliseconds"`
	RecordsRead             int64  `json:"RecordsRead"`
	// ShardEnd: the shard is closed and read to its end (its children
	// are read next).
	ShardEnd bool `json:"ShardEnd,omitempty"`
	// Polling: the last GetRecords that answered, its
	// MillisBehindLatest, and whether it returned records; a throttled
	// poll ages the shard from there, so that a consumer starved by
	// others sharing the shard shows how far behind it is.
	readAt  sim.Time
	readAge int64
	flowing bool
	// EnhancedFanOut: whether a subscription is pushing, and how many
	// SubscribeToShard calls succeeded (one more every five minutes).
	Subscribed    bool `json:"Subscribed,omitempty"`
	Subscriptions int  `json:"Subscriptions,omitempty"`
}

func (c *consumer) view() ConsumerView {
	v := ConsumerView{ConsumerName: c.name, StreamName: c.stream, Kind: c.kind, Caller: c.caller, Status: c.status,
		RecordsRead: c.records, BytesRead: c.bytes, Shards: []ConsumerShard{}, ConsumerARN: c.consumerARN}
	for _, id := range slices.Sorted(maps.Keys(c.shards)) {
		sh := c.shards[id]
		if !sh.started {
			continue
		}
		if !sh.done {
			v.IteratorAgeMilliseconds = max(v.IteratorAgeMilliseconds, sh.age)
		}
		v.Shards = append(v.Shards, ConsumerShard{ShardId: id, IteratorAgeMilliseconds: sh.age, RecordsRead: sh.read,
			ShardEnd: sh.done, Subscribed: sh.subscribed, Subscriptions: sh.subscriptions})
	}
	if c.lastErr != nil {
		e := *c.lastErr
		v.LastError = &e
	}
	return v
}

type startConsumerInput struct {
	ConsumerName       *string `json:"ConsumerName"`
	StreamName         *string `json:"StreamName"`
	StreamARN          *string `json:"StreamARN"`
	Kind               string  `json:"Kind" aws:"required"`
	ShardIteratorType  *string `json:"ShardIteratorType"`
	PollIntervalMillis *int64  `json:"PollIntervalMillis"`
	Limit              *int64  `json:"Limit"`
	ConsumerARN        *string `json:"ConsumerARN"`
}

// prepareStartConsumer is cloudplay:StartConsumer.
func (s *Service) prepareStartConsumer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in startConsumerInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.ConsumerName != nil {
		if err := checkName("consumerName", *in.ConsumerName); err != nil {
			return nil, nil, err
		}
	}
	ref, err := streamRef(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, nil, err
	}
	if err := checkEnum("kind", in.Kind, kindPolling, kindFanOut); err != nil {
		return nil, nil, err
	}
	start := startLatest
	if in.ShardIteratorType != nil {
		if err := checkEnum("shardIteratorType", *in.ShardIteratorType, startLatest, startTrimHorizon); err != nil {
			return nil, nil, err
		}
		start = *in.ShardIteratorType
	}
	if err := checkRange("pollIntervalMillis", in.PollIntervalMillis, minPoll, maxPoll); err != nil {
		return nil, nil, err
	}
	if err := checkRange("limit", in.Limit, 1, maxLimit); err != nil {
		return nil, nil, err
	}
	if in.Kind != kindPolling && in.PollIntervalMillis != nil {
		return nil, nil, api.Errorf(validationCode, "PollIntervalMillis applies to a Polling consumer only.")
	}
	if in.ConsumerARN != nil {
		if in.Kind != kindFanOut {
			return nil, nil, api.Errorf(validationCode, "ConsumerARN applies to an EnhancedFanOut consumer only.")
		}
		if *in.ConsumerARN == "" || len(*in.ConsumerARN) > maxStreamRef {
			return nil, nil, constraintError(*in.ConsumerARN, "consumerARN", "Member must have length between 1 and 2048")
		}
	}
	run := func() (any, error) {
		name, arn, ok := s.streams.Lookup(ref, env.Now)
		if !ok {
			return nil, api.Errorf("ResourceNotFoundException", "Stream %s under account %s not found.", api.Clip(ref, api.MaxQuoted), s.account)
		}
		cname := ""
		if in.ConsumerName != nil {
			cname = *in.ConsumerName
			if c := s.consumers[cname]; c != nil && c.status == statusRunning {
				return nil, api.Errorf("ResourceInUseException", "Consumer %s is already running.", cname)
			}
			delete(s.consumers, cname)
		}
		if !s.makeRoom() {
			return nil, api.Errorf("LimitExceededException", "The playground runs at most %d producers and consumers per account; stop one first.", MaxActors)
		}
		if cname == "" {
			cname = defaultName("consumer-", &s.nCons, s.consumers)
		}
		c := &consumer{name: cname, stream: name, arn: arn, kind: in.Kind, caller: env.Caller.ARN, start: start,
			interval: defaultPoll, limit: defaultLimit, status: statusRunning, shards: map[string]*cshard{}}
		if in.PollIntervalMillis != nil {
			c.interval = *in.PollIntervalMillis
		}
		if in.Limit != nil {
			c.limit = int(*in.Limit)
		}
		if in.ConsumerARN != nil {
			c.consumerARN = *in.ConsumerARN
		}
		s.started++
		c.order = s.started
		s.consumers[cname] = c
		s.scheduleConsumer(env.Schedule, c, env.Now+TickMillis)
		return struct {
			ConsumerName string `json:"ConsumerName"`
		}{cname}, nil
	}
	return nil, run, nil
}

type stopConsumerInput struct {
	ConsumerName string `json:"ConsumerName" aws:"required"`
}

// prepareStopConsumer is cloudplay:StopConsumer.
func (s *Service) prepareStopConsumer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in stopConsumerInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("consumerName", in.ConsumerName); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		c := s.consumers[in.ConsumerName]
		if c == nil || c.status != statusRunning {
			return nil, notFound("Consumer", in.ConsumerName)
		}
		c.status = statusStopped
		return struct{}{}, nil
	}, nil
}

// scheduleConsumer runs c's next poll at at, unless c has stopped or been
// replaced by then.
func (s *Service) scheduleConsumer(sched func(sim.Time, func(*api.Work)), c *consumer, at sim.Time) {
	if sched == nil {
		return
	}
	sched(at, func(w *api.Work) {
		if s.consumers[c.name] != c || c.status != statusRunning {
			return
		}
		next := c.interval
		if c.kind == kindFanOut {
			next = s.fanOut(w, c)
		} else {
			s.poll(w, c)
		}
		if c.status == statusRunning {
			s.scheduleConsumer(w.Schedule, c, w.Now+sim.Time(next))
		}
	})
}

// call makes one call of consumer c.
func (c *consumer) call(w *api.Work, op string, input any) (json.RawMessage, error) {
	b, err := json.Marshal(input)
	if err != nil {
		return nil, err
	}
	return w.Act(api.ActCall{Actor: c.name, Caller: c.caller, Op: op, Input: b})
}

// poll is one round of a polling consumer, as the KCL reads: the stream's
// shards listed once (kinesis:ListShards), then per shard an iterator
// (GetShardIterator) and, every PollIntervalMillis, GetRecords from the
// last NextShardIterator. A shard read to its end is done, and its
// children (ChildShards) are read from TRIM_HORIZON once all their
// parents are done, so that records of a key are read in order across a
// reshard. An expired iterator is replaced from the last record read.
func (s *Service) poll(w *api.Work, c *consumer) {
	if !c.listed && !s.list(w, c) {
		return
	}
	for _, id := range slices.Sorted(maps.Keys(c.shards)) {
		sh := c.shards[id]
		if sh.done || !c.ready(sh) {
			continue
		}
		if sh.iter == "" && !s.iterator(w, c, sh) {
			return
		}
		if sh.iter != "" && !s.read(w, c, sh) {
			return
		}
	}
}

// ready reports whether every parent of sh that c follows is done.
func (c *consumer) ready(sh *cshard) bool {
	for _, p := range sh.parents {
		if ps := c.shards[p]; ps != nil && !ps.done {
			return false
		}
	}
	return true
}

// list reads the stream's shards: with LATEST, the open ones; with
// TRIM_HORIZON, every shard, parents before children.
func (s *Service) list(w *api.Work, c *consumer) bool {
	out, err := c.call(w, "kinesis:ListShards", map[string]any{"StreamName": c.stream})
	if err != nil {
		return s.consumerFailed(w, c, err)
	}
	var res struct {
		Shards []struct {
			ShardId               string
			ParentShardId         string
			AdjacentParentShardId string
			SequenceNumberRange   struct{ EndingSequenceNumber string }
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return s.consumerFailed(w, c, err)
	}
	for _, sh := range res.Shards {
		if len(c.shards) >= maxConsumerShards {
			break
		}
		closed := sh.SequenceNumberRange.EndingSequenceNumber != ""
		cs := &cshard{id: sh.ShardId, position: c.start}
		for _, p := range []string{sh.ParentShardId, sh.AdjacentParentShardId} {
			if p != "" {
				cs.parents = append(cs.parents, p)
			}
		}
		if c.start == startLatest && closed {
			cs.done = true // LATEST starts at the open shards
		}
		c.shards[sh.ShardId] = cs
	}
	if c.start == startLatest {
		for _, cs := range c.shards {
			cs.parents = nil
		}
	}
	c.listed = true
	return true
}

// iterator gets a shard iterator for sh.
func (s *Service) iterator(w *api.Work, c *consumer, sh *cshard) bool {
	in := map[string]any{"StreamName": c.stream, "ShardId": sh.id, "ShardIteratorType": sh.position}
	if sh.lastSeq != "" {
		in["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER"
		in["StartingSequenceNumber"] = sh.lastSeq
	}
	out, err := c.call(w, "kinesis:GetShardIterator", in)
	if err != nil {
		return s.consumerFailed(w, c, err)
	}
	var res struct{ ShardIterator string }
	if err := json.Unmarshal(out, &res); err != nil {
		return s.consumerFailed(w, c, err)
	}
	sh.iter, sh.started = res.ShardIterator, true
	return true
}

// read makes one GetRecords call on sh.
func (s *Service) read(w *api.Work, c *consumer, sh *cshard) bool {
	out, err := c.call(w, "kinesis:GetRecords", map[string]any{"ShardIterator": sh.iter, "Limit": c.limit})
	if err != nil {
		if errorCode(err) == "ExpiredIteratorException" {
			sh.iter = "" // a fresh one next poll, from the last record read
			c.lastErr = errorView(err)
			return true
		}
		if errorCode(err) == "ProvisionedThroughputExceededException" && sh.flowing {
			// Nothing read since readAt: the record that waited
			// sh.readAge then waits still (or, caught up then, the
			// records that came since wait up to now-readAt).
			sh.age = sh.readAge + int64(w.Now-sh.readAt)
		}
		return s.consumerFailed(w, c, err)
	}
	var res struct {
		Records []struct {
			SequenceNumber string
			Data           []byte
		}
		NextShardIterator  *string
		MillisBehindLatest int64
		ChildShards        []struct {
			ShardId      string
			ParentShards []string
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return s.consumerFailed(w, c, err)
	}
	for _, r := range res.Records {
		c.bytes += int64(len(r.Data))
	}
	if n := len(res.Records); n > 0 {
		sh.lastSeq = res.Records[n-1].SequenceNumber
		sh.read += int64(n)
		c.records += int64(n)
	}
	sh.age = res.MillisBehindLatest
	sh.readAt, sh.readAge, sh.flowing = w.Now, res.MillisBehindLatest, len(res.Records) > 0
	if res.NextShardIterator != nil {
		sh.iter = *res.NextShardIterator
		return true
	}
	sh.iter, sh.done, sh.age = "", true, 0
	for _, child := range res.ChildShards {
		if c.shards[child.ShardId] == nil && len(c.shards) < maxConsumerShards {
			c.shards[child.ShardId] = &cshard{id: child.ShardId, parents: child.ParentShards, position: startTrimHorizon}
		}
	}
	return true
}

// consumerFailed handles a failed call and reports whether the consumer
// goes on this round: throttling waits for the next poll; anything it
// cannot retry (AccessDenied, a stream deleted) stops the consumer.
func (s *Service) consumerFailed(w *api.Work, c *consumer, err error) bool {
	c.lastErr = errorView(err)
	switch errorCode(err) {
	case "ProvisionedThroughputExceededException", "LimitExceededException", "ResourceInUseException", "InternalFailure":
		return true
	case "ResourceNotFoundException":
		if _, _, ok := s.streams.Lookup(c.stream, w.Now); ok {
			return false // still CREATING: try again next poll
		}
	}
	c.status = statusStopped
	return false
}

// fanOut is one round of an enhanced fan-out consumer; it returns when
// the next round is due. It registers a consumer named like itself when
// StartConsumer named none (kinesis:RegisterStreamConsumer), waits until
// it is ACTIVE (kinesis:DescribeStreamConsumer), lists the shards as a
// polling consumer does and subscribes to each ready shard
// (kinesis:SubscribeToShard, input as the API reference gives it:
// ConsumerARN, ShardId, StartingPosition). Then, every fanOutRead, it
// reads what each subscription pushed (Streams.SubscriptionEvents: the
// records, MillisBehindLatest as the shard's iterator age, the
// ContinuationSequenceNumber), resubscribes AFTER_SEQUENCE_NUMBER of the
// last ContinuationSequenceNumber when a subscription has ended (after
// its five minutes), and at the end of a closed shard follows its
// ChildShards from TRIM_HORIZON once all their parents are read, as the
// polling consumer does.
func (s *Service) fanOut(w *api.Work, c *consumer) int64 {
	if c.consumerARN == "" {
		out, err := c.call(w, "kinesis:RegisterStreamConsumer", map[string]any{"StreamARN": c.arn, "ConsumerName": c.name})
		if err != nil {
			s.consumerFailed(w, c, err)
			return defaultPoll
		}
		var res struct{ Consumer struct{ ConsumerARN string } }
		json.Unmarshal(out, &res)
		c.consumerARN = res.Consumer.ConsumerARN
	}
	if !c.active {
		out, err := c.call(w, "kinesis:DescribeStreamConsumer", map[string]any{"ConsumerARN": c.consumerARN})
		if err != nil {
			s.consumerFailed(w, c, err)
			return defaultPoll
		}
		var res struct {
			ConsumerDescription struct{ ConsumerStatus string }
		}
		json.Unmarshal(out, &res)
		if c.active = res.ConsumerDescription.ConsumerStatus == "ACTIVE"; !c.active {
			return defaultPoll
		}
	}
	if !c.listed && !s.list(w, c) {
		return defaultPoll
	}
	// Children found at the end of a shard are subscribed to in the same
	// round when they are ready.
	for seen := map[string]bool{}; ; {
		more := false
		for _, id := range slices.Sorted(maps.Keys(c.shards)) {
			if seen[id] {
				continue
			}
			seen[id], more = true, true
			sh := c.shards[id]
			if sh.done || !c.ready(sh) {
				continue
			}
			if sh.started {
				s.readPushes(c, sh)
			}
			if sh.done || sh.subscribed || sh.called && w.Now < sh.lastCall+subscribeInterval {
				continue
			}
			if !s.subscribe(w, c, sh) {
				return defaultPoll
			}
		}
		if !more || c.status != statusRunning {
			break
		}
	}
	return fanOutRead
}

// readPushes reads the events pushed to c on sh since it last looked.
func (s *Service) readPushes(c *consumer, sh *cshard) {
	evs, active := s.streams.SubscriptionEvents(c.consumerARN, sh.id, sh.seq)
	for _, ev := range evs {
		c.take(sh, ev)
	}
	sh.subscribed = active && !sh.done
}

// take counts one event pushed to c on sh: the records and bytes pushed
// since the last event it saw (from the totals, so that an event it
// missed is counted too), where to resubscribe, the iterator age, and at
// the end of a closed shard its children.
func (c *consumer) take(sh *cshard, ev SubscriptionEvent) {
	if sh.baselined {
		n := ev.TotalRecords - sh.totalRecords
		sh.read += n
		c.records += n
		c.bytes += ev.TotalDataBytes - sh.totalBytes
	}
	sh.baselined = true
	sh.seq, sh.totalRecords, sh.totalBytes = ev.Seq, ev.TotalRecords, ev.TotalDataBytes
	if ev.ContinuationSequenceNumber != "" {
		sh.lastSeq = ev.ContinuationSequenceNumber
	}
	sh.age = ev.MillisBehindLatest
	if ev.ChildShards != nil {
		c.shardEnded(sh, ev.ChildShards)
	}
}

// shardEnded marks sh read to its end and adds its children, read from
// TRIM_HORIZON once all their parents are done.
func (c *consumer) shardEnded(sh *cshard, children []ChildShard) {
	sh.done, sh.subscribed, sh.age = true, false, 0
	for _, ch := range children {
		if c.shards[ch.ShardId] == nil && len(c.shards) < maxConsumerShards {
			c.shards[ch.ShardId] = &cshard{id: ch.ShardId, parents: ch.ParentShards, position: startTrimHorizon}
		}
	}
}

// subscribe calls kinesis:SubscribeToShard on sh: from the consumer's
// start the first time, then AFTER_SEQUENCE_NUMBER of the last
// ContinuationSequenceNumber (as the KCL resubscribes,
// https://github.com/awslabs/amazon-kinesis-client/pull/371), and counts
// the answer's first event. It reports whether the consumer goes on this
// round.
func (s *Service) subscribe(w *api.Work, c *consumer, sh *cshard) bool {
	pos := map[string]any{"Type": sh.position}
	if sh.lastSeq != "" {
		pos = map[string]any{"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": sh.lastSeq}
	}
	sh.called, sh.lastCall = true, w.Now
	out, err := c.call(w, "kinesis:SubscribeToShard", map[string]any{"ConsumerARN": c.consumerARN, "ShardId": sh.id, "StartingPosition": pos})
	if err != nil {
		if errorCode(err) == "ResourceNotFoundException" {
			// The registered consumer (or the stream) is gone: nothing to
			// read any more.
			c.lastErr, c.status = errorView(err), statusStopped
			return false
		}
		return s.consumerFailed(w, c, err)
	}
	var res struct {
		EventStream []struct {
			Records []struct {
				SequenceNumber string
				Data           []byte
			}
			ContinuationSequenceNumber string
			MillisBehindLatest         int64
			ChildShards                []ChildShard
		}
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res.EventStream) != 1 {
		return s.consumerFailed(w, c, api.Errorf("InternalFailure", "SubscribeToShard answered no event."))
	}
	sh.started, sh.subscribed = true, true
	sh.subscriptions++
	first := res.EventStream[0]
	// The answer is the subscription's first event, the last the stream
	// keeps: counted from the totals once c has seen an event on sh,
	// from the answer the first time.
	evs, _ := s.streams.SubscriptionEvents(c.consumerARN, sh.id, sh.seq)
	if !sh.baselined {
		for _, r := range first.Records {
			c.bytes += int64(len(r.Data))
		}
		sh.read += int64(len(first.Records))
		c.records += int64(len(first.Records))
		if len(evs) > 0 {
			evs = evs[len(evs)-1:] // the answer's event: a baseline only
		}
	}
	for _, ev := range evs {
		c.take(sh, ev)
	}
	if len(evs) == 0 {
		sh.lastSeq, sh.age = first.ContinuationSequenceNumber, first.MillisBehindLatest
		if first.ChildShards != nil {
			c.shardEnded(sh, first.ChildShards)
		}
	}
	return true
}

// Enhanced fan-out timing: SubscribeToShard may be called "once per
// second per registered consumer per shard"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html),
// so a consumer whose call failed tries again a second later.
// fanOutRead is how often the consumer reads what its subscriptions
// pushed: the stream pushes every 250 ms of simulated time (the
// playground's own cadence, see the stream package), so the consumer
// reads each push as it comes.
const (
	subscribeInterval = 1000
	fanOutRead        = 250
)
