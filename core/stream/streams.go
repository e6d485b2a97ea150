package stream

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Account and stream limits
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
const (
	// The default shard quota is 20,000 shards per account in US East (N.
	// Virginia), US West (Oregon) and Europe (Ireland), and 1,000 or 6,000
	// in the other Regions (the playground takes 1,000).
	bigRegionShardQuota   = 20000
	otherRegionShardQuota = 1000
	// maxStreamShards: UpdateShardCount cannot "scale up to more than
	// 10000 shards in a stream".
	maxStreamShards = 10000
	// onDemandStreamQuota: "By default, you can create up to 50 data
	// streams with the on-demand capacity mode."
	onDemandStreamQuota = 50
	// onDemandShards: a new on-demand stream has 4 MB/s of write
	// capacity, the throughput of four shards.
	onDemandShards = 4
	// Retention: 24 hours by default, from 24 to 8,760 (365 days)
	// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html).
	minRetention = 24
	maxRetention = 8760
	// maxTags: "You can assign up to 50 tags to a data stream"
	// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html).
	maxTags = 50
	// Record sizes: 1 MiB by default, 1,024 to 10,240 KiB with
	// UpdateMaxRecordSize
	// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html).
	defaultMaxKiB = 1024
	maxMaxKiB     = 10240
	// listTokenLife: "Tokens expire after 300 seconds"
	// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html).
	listTokenLife = 300_000
)

// shardQuota is the account's shard quota in the service's Region.
func (s *Service) shardQuota() int {
	switch s.region {
	case "us-east-1", "us-west-2", "eu-west-1":
		return bigRegionShardQuota
	}
	return otherRegionShardQuota
}

// openShards counts the open shards of every stream of the account.
func (s *Service) openShards() int {
	n := 0
	for _, st := range s.streams {
		n += len(st.open)
	}
	return n
}

// checkShardQuota refuses a request that would take the account past its
// shard quota, with AWS's LimitExceededException.
func (s *Service) checkShardQuota(more int) error {
	cur, quota := s.openShards(), s.shardQuota()
	if cur+more > quota {
		return api.Errorf("LimitExceededException", "This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
			s.account, s.region, cur, quota, more)
	}
	return nil
}

type modeDetails struct {
	StreamMode string `json:"StreamMode" aws:"required"`
}

func checkMode(member string, m *modeDetails) error {
	if m.StreamMode != modeProvisioned && m.StreamMode != modeOnDemand {
		return constraintError(m.StreamMode, member+".streamMode", "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]")
	}
	return nil
}

type createStreamInput struct {
	StreamName         string            `json:"StreamName" aws:"required"`
	ShardCount         *int64            `json:"ShardCount"`
	StreamModeDetails  *modeDetails      `json:"StreamModeDetails"`
	Tags               map[string]string `json:"Tags"`
	MaxRecordSizeInKiB *int64            `json:"MaxRecordSizeInKiB"`
}

// prepareCreateStream is CreateStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html).
// Without ShardCount or StreamModeDetails the stream is on-demand; with
// Tags the caller also needs kinesis:AddTagsToStream.
func (s *Service) prepareCreateStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createStreamInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("streamName", in.StreamName); err != nil {
		return nil, nil, err
	}
	mode := modeOnDemand
	if in.StreamModeDetails != nil {
		if err := checkMode("streamModeDetails", in.StreamModeDetails); err != nil {
			return nil, nil, err
		}
		mode = in.StreamModeDetails.StreamMode
	} else if in.ShardCount != nil {
		mode = modeProvisioned
	}
	count := onDemandShards
	if in.ShardCount != nil {
		if err := checkRange("shardCount", *in.ShardCount, 1, maxShardCountArg); err != nil {
			return nil, nil, err
		}
		if mode == modeOnDemand {
			return nil, nil, api.Errorf(invalidArg, "ShardCount is not supported for streams with the ON_DEMAND capacity mode.")
		}
		count = int(*in.ShardCount)
	} else if mode == modeProvisioned {
		return nil, nil, api.Errorf(invalidArg, "ShardCount is required for streams with the PROVISIONED capacity mode.")
	}
	maxKiB := defaultMaxKiB
	if in.MaxRecordSizeInKiB != nil {
		if err := checkRange("maxRecordSizeInKiB", *in.MaxRecordSizeInKiB, defaultMaxKiB, maxMaxKiB); err != nil {
			return nil, nil, err
		}
		maxKiB = int(*in.MaxRecordSizeInKiB)
	}
	if err := checkTags(in.Tags, s.account, in.StreamName, "add tags to"); err != nil {
		return nil, nil, err
	}
	arn := s.streamARN(in.StreamName)
	actions := action("CreateStream", arn)
	if len(in.Tags) > 0 {
		actions = append(actions, api.Action{Action: "kinesis:AddTagsToStream", Resource: arn})
	}
	run := func() (any, error) {
		now := env.Now
		s.settle(now)
		if s.streams[in.StreamName] != nil {
			return nil, api.Errorf("ResourceInUseException", "Stream %s under account %s already exists.", in.StreamName, s.account)
		}
		if err := s.checkShardQuota(count); err != nil {
			return nil, err
		}
		if mode == modeOnDemand && s.onDemandStreams() >= onDemandStreamQuota {
			return nil, api.Errorf("LimitExceededException", "This request would exceed the limit of %d data streams with the ON_DEMAND capacity mode for the account %s in %s.", onDemandStreamQuota, s.account, s.region)
		}
		st := &stream{name: in.StreamName, arn: arn, created: now, status: statusCreating, mode: mode,
			retention: minRetention, maxKiB: maxKiB, tags: maps.Clone(in.Tags), consumers: map[string]*consumer{}}
		if st.tags == nil {
			st.tags = map[string]string{}
		}
		for i, r := range evenRanges(count) {
			st.addShard(r[0], r[1], now, "", "")
			_ = i
		}
		st.demand.reset(now)
		s.streams[st.name] = st
		s.schedule(st, env, createDelay, stepStreamActive, func(sim.Time) { st.status = statusActive })
		return noOutput{}, nil
	}
	return actions, run, nil
}

func (s *Service) onDemandStreams() int {
	n := 0
	for _, st := range s.streams {
		if st.mode == modeOnDemand {
			n++
		}
	}
	return n
}

// addShard adds an open shard with the next index.
func (st *stream) addShard(start, end hashKey, now sim.Time, parent, adjacent string) *shard {
	i := len(st.shards)
	sh := &shard{index: i, id: shardID(i), start: start, end: end, startKey: start.String(), endKey: end.String(),
		parent: parent, adjacent: adjacent, created: now}
	sh.startSeq = string(appendSeq(nil, now, i, 0, now))
	st.shards = append(st.shards, sh)
	st.open = append(st.open, sh)
	slices.SortFunc(st.open, func(a, b *shard) int {
		if a.start.less(b.start) {
			return -1
		}
		if b.start.less(a.start) {
			return 1
		}
		return 0
	})
	return sh
}

// closeShard closes sh at now: it takes no more records, and its sequence
// number range ends.
func (st *stream) closeShard(sh *shard, now sim.Time) {
	sh.closed, sh.closedAt = true, now
	sh.endSeq = string(appendSeq(nil, sh.created, sh.index, maxSeqIndex, now))
	st.open = slices.DeleteFunc(st.open, func(o *shard) bool { return o == sh })
}

func shardID(i int) string { return fmt.Sprintf("shardId-%012d", i) }

type deleteStreamInput struct {
	StreamName              *string `json:"StreamName"`
	StreamARN               *string `json:"StreamARN"`
	EnforceConsumerDeletion *bool   `json:"EnforceConsumerDeletion"`
}

// prepareDeleteStream is DeleteStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html):
// the stream is DELETING for a while, then gone with its records. A stream
// with registered consumers is deleted only with EnforceConsumerDeletion.
func (s *Service) prepareDeleteStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in deleteStreamInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.status == statusDeleting {
			return nil, s.notActive(st)
		}
		if len(st.consumers) > 0 && (in.EnforceConsumerDeletion == nil || !*in.EnforceConsumerDeletion) {
			return nil, api.Errorf("ResourceInUseException", "Stream %s under account %s has registered consumers. Set EnforceConsumerDeletion to true to delete it with its consumers.", name, s.account)
		}
		if st.due != 0 {
			s.pending--
			st.due, st.change = 0, nil
		}
		st.status = statusDeleting
		s.schedule(st, env, deleteDelay, stepStreamDeleted, func(sim.Time) { s.drop(st) })
		return noOutput{}, nil
	}
	return action("DeleteStream", arn), run, nil
}

// drop removes a deleted stream and its records.
func (s *Service) drop(st *stream) {
	for _, sh := range st.shards {
		for i := range sh.recs.len() {
			s.stored -= sh.recs.at(i).size() + recordOverhead
		}
		sh.recs.reset()
	}
	delete(s.streams, st.name)
}

// Output shapes (the CLI's JSON view of DescribeStream and ListShards).
type hashKeyRange struct {
	StartingHashKey string `json:"StartingHashKey"`
	EndingHashKey   string `json:"EndingHashKey"`
}

type seqRange struct {
	StartingSequenceNumber string `json:"StartingSequenceNumber"`
	EndingSequenceNumber   string `json:"EndingSequenceNumber,omitempty"`
}

type shardOutput struct {
	ShardId               string       `json:"ShardId"`
	ParentShardId         string       `json:"ParentShardId,omitempty"`
	AdjacentParentShardId string       `json:"AdjacentParentShardId,omitempty"`
	HashKeyRange          hashKeyRange `json:"HashKeyRange"`
	SequenceNumberRange   seqRange     `json:"SequenceNumberRange"`
}

func (sh *shard) output() shardOutput {
	return shardOutput{ShardId: sh.id, ParentShardId: sh.parent, AdjacentParentShardId: sh.adjacent,
		HashKeyRange:        hashKeyRange{sh.startKey, sh.endKey},
		SequenceNumberRange: seqRange{sh.startSeq, sh.endSeq}}
}

type enhancedMetrics struct {
	ShardLevelMetrics []string `json:"ShardLevelMetrics"`
}

type streamDescription struct {
	StreamName              string            `json:"StreamName"`
	StreamARN               string            `json:"StreamARN"`
	StreamStatus            string            `json:"StreamStatus"`
	StreamModeDetails       modeDetails       `json:"StreamModeDetails"`
	Shards                  []shardOutput     `json:"Shards"`
	HasMoreShards           bool              `json:"HasMoreShards"`
	RetentionPeriodHours    int               `json:"RetentionPeriodHours"`
	StreamCreationTimestamp string            `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []enhancedMetrics `json:"EnhancedMonitoring"`
	EncryptionType          string            `json:"EncryptionType"`
}

type describeStreamInput struct {
	StreamName            *string `json:"StreamName"`
	StreamARN             *string `json:"StreamARN"`
	Limit                 *int64  `json:"Limit"`
	ExclusiveStartShardId *string `json:"ExclusiveStartShardId"`
}

// prepareDescribeStream is DescribeStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html):
// up to Limit shards (1–10,000, default 100, at most 100 returned) after
// ExclusiveStartShardId. A stream still CREATING has no shards yet.
func (s *Service) prepareDescribeStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeStreamInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	limit := 100
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, 10000); err != nil {
			return nil, nil, err
		}
		limit = min(int(*in.Limit), 100)
	}
	if in.ExclusiveStartShardId != nil {
		if err := checkName("exclusiveStartShardId", *in.ExclusiveStartShardId); err != nil {
			return nil, nil, err
		}
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		d := st.description()
		if st.status != statusCreating {
			shards := st.shards
			if in.ExclusiveStartShardId != nil {
				shards = slices.DeleteFunc(slices.Clone(shards), func(sh *shard) bool { return sh.id <= *in.ExclusiveStartShardId })
			}
			for _, sh := range shards[:min(limit, len(shards))] {
				d.Shards = append(d.Shards, sh.output())
			}
			d.HasMoreShards = len(shards) > limit
		}
		return struct {
			StreamDescription streamDescription `json:"StreamDescription"`
		}{d}, nil
	}
	return action("DescribeStream", arn), run, nil
}

func (st *stream) description() streamDescription {
	return streamDescription{StreamName: st.name, StreamARN: st.arn, StreamStatus: st.status,
		StreamModeDetails: modeDetails{st.mode}, Shards: []shardOutput{}, RetentionPeriodHours: st.retention,
		StreamCreationTimestamp: st.created.String(), EnhancedMonitoring: []enhancedMetrics{{ShardLevelMetrics: []string{}}},
		EncryptionType: "NONE"}
}

type streamSummary struct {
	StreamName              string            `json:"StreamName"`
	StreamARN               string            `json:"StreamARN"`
	StreamStatus            string            `json:"StreamStatus"`
	StreamModeDetails       modeDetails       `json:"StreamModeDetails"`
	RetentionPeriodHours    int               `json:"RetentionPeriodHours"`
	StreamCreationTimestamp string            `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []enhancedMetrics `json:"EnhancedMonitoring"`
	EncryptionType          string            `json:"EncryptionType"`
	OpenShardCount          int               `json:"OpenShardCount"`
	ConsumerCount           int               `json:"ConsumerCount"`
	MaxRecordSizeInKiB      int               `json:"MaxRecordSizeInKiB"`
}

// prepareDescribeStreamSummary is DescribeStreamSummary
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html).
func (s *Service) prepareDescribeStreamSummary(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in streamRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(in)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		open := len(st.open)
		if st.status == statusCreating {
			open = 0
		}
		return struct {
			StreamDescriptionSummary streamSummary `json:"StreamDescriptionSummary"`
		}{streamSummary{StreamName: st.name, StreamARN: st.arn, StreamStatus: st.status,
			StreamModeDetails: modeDetails{st.mode}, RetentionPeriodHours: st.retention,
			StreamCreationTimestamp: st.created.String(), EnhancedMonitoring: []enhancedMetrics{{ShardLevelMetrics: []string{}}},
			EncryptionType: "NONE", OpenShardCount: open, ConsumerCount: len(st.consumers), MaxRecordSizeInKiB: st.maxKiB}}, nil
	}
	return action("DescribeStreamSummary", arn), run, nil
}

// prepareDescribeLimits is DescribeLimits
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html).
func (s *Service) prepareDescribeLimits(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct{}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		s.settle(env.Now)
		return struct {
			ShardLimit, OpenShardCount, OnDemandStreamCount, OnDemandStreamCountLimit int
		}{s.shardQuota(), s.openShards(), s.onDemandStreams(), onDemandStreamQuota}, nil
	}
	return action("DescribeLimits", "*"), run, nil
}

type listStreamsInput struct {
	Limit                    *int64  `json:"Limit"`
	ExclusiveStartStreamName *string `json:"ExclusiveStartStreamName"`
	NextToken                *string `json:"NextToken"`
}

type streamSummaryItem struct {
	StreamName              string      `json:"StreamName"`
	StreamARN               string      `json:"StreamARN"`
	StreamStatus            string      `json:"StreamStatus"`
	StreamModeDetails       modeDetails `json:"StreamModeDetails"`
	StreamCreationTimestamp string      `json:"StreamCreationTimestamp"`
}

// listStart reads the page size and the exclusive start of ListStreams and
// ListShards: the size member takes 1–10,000 and at most max items are
// returned (max also being the default); the start, when given, is a name.
func listStart(sizeMember string, size *int64, max int, startMember string, start *string) (limit int, after string, err error) {
	limit = max
	if size != nil {
		if err := checkRange(sizeMember, *size, 1, 10000); err != nil {
			return 0, "", err
		}
		limit = min(int(*size), max)
	}
	if start != nil {
		if err := checkName(startMember, *start); err != nil {
			return 0, "", err
		}
		after = *start
	}
	return limit, after, nil
}

// prepareListStreams is ListStreams
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html):
// names in order, Limit 1–10,000 (default 100, at most 100 returned),
// after ExclusiveStartStreamName or NextToken.
func (s *Service) prepareListStreams(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listStreamsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	limit, after, err := listStart("limit", in.Limit, 100, "exclusiveStartStreamName", in.ExclusiveStartStreamName)
	if err != nil {
		return nil, nil, err
	}
	if in.NextToken != nil {
		v, err := readToken(*in.NextToken, "streams", env.Now)
		if err != nil {
			return nil, nil, err
		}
		after = v
	}
	run := func() (any, error) {
		s.settle(env.Now)
		names := append([]string{}, slices.Sorted(maps.Keys(s.streams))...) // [] when there are none, as AWS answers
		if after != "" {
			i, found := slices.BinarySearch(names, after)
			if found {
				i++
			}
			names = names[i:]
		}
		more := len(names) > limit
		names = names[:min(limit, len(names))]
		out := struct {
			StreamNames     []string            `json:"StreamNames"`
			HasMoreStreams  bool                `json:"HasMoreStreams"`
			NextToken       string              `json:"NextToken,omitempty"`
			StreamSummaries []streamSummaryItem `json:"StreamSummaries"`
		}{StreamNames: names, HasMoreStreams: more, StreamSummaries: []streamSummaryItem{}}
		for _, n := range names {
			st := s.streams[n]
			out.StreamSummaries = append(out.StreamSummaries, streamSummaryItem{st.name, st.arn, st.status, modeDetails{st.mode}, st.created.String()})
		}
		if more {
			out.NextToken = makeToken("streams", names[len(names)-1], env.Now)
		}
		return out, nil
	}
	return action("ListStreams", "*"), run, nil
}

// makeToken makes a NextToken that resumes a listing after key; it expires
// listTokenLife after now.
func makeToken(kind, key string, now sim.Time) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + strconv.FormatInt(int64(now), 10) + "\x00" + key))
}

// readToken reads a NextToken made by makeToken for the same kind of
// listing.
func readToken(token, kind string, now sim.Time) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	parts := strings.SplitN(string(b), "\x00", 3)
	if err != nil || len(parts) != 3 || parts[0] != kind {
		return "", api.Errorf(invalidArg, "Invalid NextToken %s.", api.Clip(token, api.MaxQuoted))
	}
	at, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", api.Errorf(invalidArg, "Invalid NextToken %s.", api.Clip(token, api.MaxQuoted))
	}
	if int64(now)-at > listTokenLife {
		return "", api.Errorf("ExpiredNextTokenException", "The NextToken has expired: tokens expire after 300 seconds.")
	}
	return parts[2], nil
}

type shardFilter struct {
	Type      string     `json:"Type" aws:"required"`
	ShardId   *string    `json:"ShardId"`
	Timestamp *timestamp `json:"Timestamp"`
}

type listShardsInput struct {
	StreamName              *string      `json:"StreamName"`
	StreamARN               *string      `json:"StreamARN"`
	NextToken               *string      `json:"NextToken"`
	ExclusiveStartShardId   *string      `json:"ExclusiveStartShardId"`
	MaxResults              *int64       `json:"MaxResults"`
	StreamCreationTimestamp *timestamp   `json:"StreamCreationTimestamp"`
	ShardFilter             *shardFilter `json:"ShardFilter"`
}

var shardFilterTypes = []string{"AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"}

// prepareListShards is ListShards
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html):
// MaxResults 1–10,000 (default 1,000, at most 1,000 returned), a
// NextToken that names the stream and expires after 300 seconds, and the
// ShardFilter types. Without a filter it lists the shards within the
// retention period (FROM_TRIM_HORIZON).
func (s *Service) prepareListShards(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listShardsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	limit, after, err := listStart("maxResults", in.MaxResults, 1000, "exclusiveStartShardId", in.ExclusiveStartShardId)
	if err != nil {
		return nil, nil, err
	}
	filter := "FROM_TRIM_HORIZON"
	var filterTime sim.Time
	if f := in.ShardFilter; f != nil {
		if err := api.CheckEnum(validationCode, "shardFilter.type", f.Type, shardFilterTypes...); err != nil {
			return nil, nil, err
		}
		filter = f.Type
		switch {
		case f.Type == "AFTER_SHARD_ID" && f.ShardId == nil:
			return nil, nil, api.Errorf(invalidArg, "ShardFilter of type AFTER_SHARD_ID requires a ShardId.")
		case (f.Type == "AT_TIMESTAMP" || f.Type == "FROM_TIMESTAMP") && f.Timestamp == nil:
			return nil, nil, api.Errorf(invalidArg, "ShardFilter of type %s requires a Timestamp.", f.Type)
		}
		if f.ShardId != nil {
			after = *f.ShardId
		}
		if f.Timestamp != nil {
			filterTime = f.Timestamp.t
		}
	}
	var name, arn string
	if in.NextToken != nil {
		if in.StreamName != nil || in.StreamARN != nil {
			return nil, nil, api.Errorf(invalidArg, "NextToken and StreamName cannot be provided together.")
		}
		v, err := readToken(*in.NextToken, "shards", env.Now)
		if err != nil {
			return nil, nil, err
		}
		name, after, _ = strings.Cut(v, "\x00")
		arn = s.streamARN(name)
	} else {
		if in.StreamName == nil && in.StreamARN == nil {
			return nil, nil, api.Errorf(invalidArg, "Either NextToken or StreamName should be provided.")
		}
		var err error
		if name, arn, err = s.resolve(streamRef{in.StreamName, in.StreamARN}); err != nil {
			return nil, nil, err
		}
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.status == statusCreating {
			return nil, s.notActive(st)
		}
		horizon := env.Now - sim.Time(st.retention)*3600_000
		var shards []*shard
		for _, sh := range st.shards {
			if after != "" && sh.id <= after {
				continue
			}
			if shardListed(sh, filter, filterTime, horizon) {
				shards = append(shards, sh)
			}
		}
		out := struct {
			Shards    []shardOutput `json:"Shards"`
			NextToken string        `json:"NextToken,omitempty"`
		}{Shards: []shardOutput{}}
		for _, sh := range shards[:min(limit, len(shards))] {
			out.Shards = append(out.Shards, sh.output())
		}
		if len(shards) > limit {
			out.NextToken = makeToken("shards", st.name+"\x00"+shards[limit-1].id, env.Now)
		}
		return out, nil
	}
	return action("ListShards", arn), run, nil
}

// shardListed reports whether ListShards' filter lists sh.
func shardListed(sh *shard, filter string, t, horizon sim.Time) bool {
	switch filter {
	case "AT_LATEST":
		return !sh.closed
	case "AT_TRIM_HORIZON":
		return sh.created <= horizon && (!sh.closed || sh.closedAt >= horizon) || sh.created > horizon && sh.parent == ""
	case "AT_TIMESTAMP":
		return sh.created <= t && (!sh.closed || sh.closedAt >= t)
	case "FROM_TIMESTAMP":
		return !sh.closed || sh.closedAt >= max(t, horizon)
	}
	// FROM_TRIM_HORIZON and AFTER_SHARD_ID: every shard within the
	// retention period.
	return !sh.closed || sh.closedAt >= horizon
}

// timestamp is a Timestamp member: as the AWS CLI takes it, RFC 3339 text
// or Unix seconds (a number, fractions allowed).
type timestamp struct{ t sim.Time }

func (ts *timestamp) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case float64:
		if v < float64(sim.MinTime)/1000 || v > float64(sim.MaxTime)/1000 {
			return fmt.Errorf("timestamp out of range")
		}
		ts.t = sim.Time(v * 1000)
		return nil
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return ts.UnmarshalJSON([]byte(strconv.FormatFloat(f, 'f', -1, 64)))
		}
		t, err := sim.ParseTime(v)
		if err != nil {
			return err
		}
		ts.t = t
		return nil
	}
	return fmt.Errorf("not a timestamp")
}
