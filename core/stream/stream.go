package stream

import (
	"maps"
	"slices"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the Kinesis Data Streams of one account in one Region: its
// streams, their shards and records, consumers, tags and resource
// policies.
type Service struct {
	account, region string
	streams         map[string]*stream // by name
	stored          int                // bytes the account's records count (see MaxStoredBytes)
	pending         int                // streams with a change falling due (see settle)
	results         []putRecordsResult // reused by every PutRecords (see putRecords)
	hashes          map[string]hashKey // partition key hashes of the bulk path (see PutBulk)
}

// New returns the Kinesis Data Streams of account in region, with no
// streams.
func New(account, region string) *Service {
	return &Service{account: account, region: region, streams: map[string]*stream{}}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "kinesis:CreateStream", Mutates: true, Prepare: s.prepareCreateStream},
		{Name: "kinesis:DeleteStream", Mutates: true, Prepare: s.prepareDeleteStream},
		{Name: "kinesis:DescribeStream", Prepare: s.prepareDescribeStream},
		{Name: "kinesis:DescribeStreamSummary", Prepare: s.prepareDescribeStreamSummary},
		{Name: "kinesis:DescribeLimits", Prepare: s.prepareDescribeLimits},
		{Name: "kinesis:ListStreams", Prepare: s.prepareListStreams},
		{Name: "kinesis:ListShards", Prepare: s.prepareListShards},
		{Name: "kinesis:PutRecord", Mutates: true, Prepare: s.preparePutRecord},
		{Name: "kinesis:PutRecords", Mutates: true, Prepare: s.preparePutRecords},
		{Name: "kinesis:GetShardIterator", Prepare: s.prepareGetShardIterator},
		{Name: "kinesis:GetRecords", Prepare: s.prepareGetRecords},
		{Name: "kinesis:SplitShard", Mutates: true, Prepare: s.prepareSplitShard},
		{Name: "kinesis:MergeShards", Mutates: true, Prepare: s.prepareMergeShards},
		{Name: "kinesis:UpdateShardCount", Mutates: true, Prepare: s.prepareUpdateShardCount},
		{Name: "kinesis:UpdateStreamMode", Mutates: true, Prepare: s.prepareUpdateStreamMode},
		{Name: "kinesis:UpdateMaxRecordSize", Mutates: true, Prepare: s.prepareUpdateMaxRecordSize},
		{Name: "kinesis:IncreaseStreamRetentionPeriod", Mutates: true, Prepare: s.prepareIncreaseRetention},
		{Name: "kinesis:DecreaseStreamRetentionPeriod", Mutates: true, Prepare: s.prepareDecreaseRetention},
		{Name: "kinesis:RegisterStreamConsumer", Mutates: true, Prepare: s.prepareRegisterConsumer},
		{Name: "kinesis:DescribeStreamConsumer", Prepare: s.prepareDescribeConsumer},
		{Name: "kinesis:ListStreamConsumers", Prepare: s.prepareListConsumers},
		{Name: "kinesis:DeregisterStreamConsumer", Mutates: true, Prepare: s.prepareDeregisterConsumer},
		{Name: "kinesis:SubscribeToShard", Prepare: s.prepareSubscribe},
		{Name: "kinesis:AddTagsToStream", Mutates: true, Prepare: s.prepareAddTags},
		{Name: "kinesis:ListTagsForStream", Prepare: s.prepareListTags},
		{Name: "kinesis:RemoveTagsFromStream", Mutates: true, Prepare: s.prepareRemoveTags},
		{Name: "kinesis:PutResourcePolicy", Mutates: true, Prepare: s.preparePutResourcePolicy},
		{Name: "kinesis:GetResourcePolicy", Prepare: s.prepareGetResourcePolicy},
		{Name: "kinesis:DeleteResourcePolicy", Mutates: true, Prepare: s.prepareDeleteResourcePolicy},
	}
}

// Stream statuses (StreamStatus) and capacity modes (StreamMode).
const (
	statusCreating = "CREATING"
	statusActive   = "ACTIVE"
	statusUpdating = "UPDATING"
	statusDeleting = "DELETING"

	modeProvisioned = "PROVISIONED"
	modeOnDemand    = "ON_DEMAND"
)

// stream is one data stream.
type stream struct {
	name, arn string
	created   sim.Time
	status    string
	mode      string
	retention int      // hours
	maxKiB    int      // MaxRecordSizeInKiB
	shards    []*shard // by index: shardId-000000000000 first
	open      []*shard // the open shards in hash key order, for routing
	tags      map[string]string
	consumers map[string]*consumer // by name
	policy    string               // the resource policy as stored, "" when none

	// due is when the change under way (change) completes; 0 when none.
	due    sim.Time
	change func(now sim.Time)
	gen    int // counts the changes started, so that a stale one is ignored

	scalings    []sim.Time // UpdateShardCount calls in the last 24 hours
	modeChanges []sim.Time // UpdateStreamMode calls in the last 24 hours
	demand      onDemand   // the capacity of an on-demand stream
}

// shard is one shard and the records it keeps.
type shard struct {
	index      int
	id         string
	start, end hashKey
	startKey   string // start and end in decimal, as HashKeyRange shows them
	endKey     string
	parent     string // ParentShardId, "" when none
	adjacent   string // AdjacentParentShardId, "" when none
	created    sim.Time
	startSeq   string
	closed     bool
	closedAt   sim.Time
	endSeq     string

	next     uint64    // the index the next record gets
	base     uint64    // the index of recs[0]
	recs     recordLog // the records not yet trimmed, oldest first
	bytes    int       // the data and partition keys of recs
	sec      int64     // the simulated second the write counters below are for
	secRecs  int       // records written in second sec
	secSize  int       // bytes written in second sec
	readSec  int64     // the simulated second readCalls is for
	reads    int       // GetRecords calls in second readSec
	readBusy sim.Time  // reads are throttled until then (2 MiB/s spent ahead)
	metrics  *metricRing
}

// record is one stored data record.
type record struct {
	at   sim.Time
	key  string
	data []byte
}

func (r *record) size() int { return len(r.data) + len(r.key) }

// MaxStoredBytes bounds the records the account keeps: each counts its
// data, its partition key and recordOverhead bytes. It is the playground's
// own limit (AWS keeps whatever the shards' throughput and the retention
// period let in: a 1 MiB/s shard holds 84 GiB in 24 hours), chosen so that
// a browser tab holds any learner's streams; past it, writes are refused
// with LimitExceededException until retention trims older records.
const (
	MaxStoredBytes = 64 << 20
	recordOverhead = 64
)

// settle completes every change that has fallen due by now.
func (s *Service) settle(now sim.Time) {
	if s.pending == 0 {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(s.streams)) {
		s.settleStream(s.streams[name], now)
	}
}

// settleStream completes st's change under way if it has fallen due.
func (s *Service) settleStream(st *stream, now sim.Time) {
	if st.due == 0 || st.due > now {
		return
	}
	at, change := st.due, st.change
	st.due, st.change = 0, nil
	s.pending--
	change(at)
}

// schedule starts a change that completes after d milliseconds. The
// change is real scheduled work: when it falls due, it completes and
// reports the step event typ ({"stream": name, "from": the status it
// leaves}). A call on the stream before then that finds it due completes
// it too (settle), so the order of work at one instant does not matter; a
// change replaced or cancelled before it falls due (gen) reports nothing.
func (s *Service) schedule(st *stream, env *api.Env, d sim.Time, typ string, change func(at sim.Time)) {
	if st.due == 0 {
		s.pending++
	}
	st.gen++
	gen, from := st.gen, st.status
	st.due, st.change = env.Now+d, change
	if env.Schedule == nil {
		return
	}
	env.Schedule(env.Now+d, func(w *api.Work) {
		if st.gen != gen {
			return
		}
		s.settleStream(st, w.Now)
		w.Emit(api.StepEvent{Service: "kinesis", Type: typ, Fields: map[string]string{"stream": st.name, "from": from}})
	})
}

// Step event types of the stream's changes.
const (
	stepStreamActive    = "StreamActive"    // CREATING or UPDATING → ACTIVE
	stepStreamDeleted   = "StreamDeleted"   // DELETING → gone
	stepConsumerActive  = "ConsumerActive"  // a consumer CREATING → ACTIVE
	stepConsumerDeleted = "ConsumerDeleted" // a consumer DELETING → gone
)

// Playground choices for how long changes take in simulated time. AWS
// says only that they are asynchronous and usually take seconds ("a few
// minutes" for UpdateShardCount on big streams:
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
const (
	createDelay   = 1000 // CREATING → ACTIVE
	updateDelay   = 2000 // UPDATING → ACTIVE (split, merge, shard count, mode)
	deleteDelay   = 1000 // DELETING → gone
	consumerDelay = 1000 // consumer CREATING → ACTIVE, DELETING → gone
)

// ResourcePolicy returns the resource policy of the stream or consumer
// with ARN arn as JSON text, for the IAM evaluator. ok is false when the
// resource does not exist or has no policy.
func (s *Service) ResourcePolicy(arn string) (text string, ok bool) {
	st, c := s.resourceByARN(arn)
	switch {
	case c != nil && c.policy != "":
		return c.policy, true
	case c == nil && st != nil && st.policy != "":
		return st.policy, true
	}
	return "", false
}

// resourceByARN finds the stream, or the stream and consumer, arn names.
func (s *Service) resourceByARN(arn string) (*stream, *consumer) {
	name, consumerName, ok := s.parseARN(arn)
	if !ok {
		return nil, nil
	}
	st := s.streams[name]
	if st == nil || consumerName == "" {
		return st, nil
	}
	c := st.consumers[consumerName]
	if c == nil || c.arn != arn {
		return nil, nil
	}
	return st, c
}
