package stream

import (
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Resharding limits of UpdateShardCount
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html):
// at most ten scalings in a rolling 24 hours, to at most double and at
// least half the open shards, and at most 10,000 shards in a stream.
const (
	maxScalingsPerDay = 10
	day               = 24 * 3600_000
)

// onDemandRefused is the ValidationException of operations that "only
// [support] data streams with the provisioned capacity mode".
func onDemandRefused(op string, st *stream) error {
	return api.Errorf(validationCode, "%s is not supported for stream %s because it has the ON_DEMAND capacity mode; it is only supported for streams with the PROVISIONED capacity mode.", op, st.name)
}

func (s *Service) shardNotFound(id, stream string) error {
	return api.Errorf("ResourceNotFoundException", "Could not find shard %s in stream %s under account %s.", api.Clip(id, api.MaxQuoted), stream, s.account)
}

type splitShardInput struct {
	StreamName         *string `json:"StreamName"`
	StreamARN          *string `json:"StreamARN"`
	ShardToSplit       string  `json:"ShardToSplit" aws:"required"`
	NewStartingHashKey string  `json:"NewStartingHashKey" aws:"required"`
}

// prepareSplitShard is SplitShard
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html):
// the stream is UPDATING until the split completes; then the parent is
// closed with an ending sequence number and two children take its range,
// split at NewStartingHashKey, each with ParentShardId set to it.
func (s *Service) prepareSplitShard(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in splitShardInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkName("shardToSplit", in.ShardToSplit); err != nil {
		return nil, nil, err
	}
	key, err := parseExplicit("", in.NewStartingHashKey)
	if err != nil {
		if e, ok := err.(*api.Error); ok && e.Code == validationCode {
			return nil, nil, constraintError(in.NewStartingHashKey, "newStartingHashKey", `Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})`)
		}
		key = maxHashKey // 2^128 or more: no shard's range holds it
	}
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.mode == modeOnDemand {
			return nil, onDemandRefused("SplitShard", st)
		}
		sh := st.shardByID(in.ShardToSplit)
		if sh == nil {
			return nil, s.shardNotFound(in.ShardToSplit, name)
		}
		if sh.closed {
			return nil, api.Errorf(invalidArg, "Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for splitting.", sh.id, name, s.account)
		}
		// "is not both greater than one plus the shard's StartingHashKey
		// and less than the shard's EndingHashKey"
		if !sh.start.add(1).less(key) || !key.less(sh.end) {
			return nil, api.Errorf(invalidArg, "NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
				in.NewStartingHashKey, sh.id, name, s.account, sh.startKey, sh.endKey)
		}
		if err := s.checkShardQuota(1); err != nil {
			return nil, err
		}
		st.status = statusUpdating
		s.schedule(st, env, updateDelay, stepStreamActive, func(at sim.Time) {
			st.closeShard(sh, at)
			st.addShard(sh.start, key.sub(1), at, sh.id, "")
			st.addShard(key, sh.end, at, sh.id, "")
			st.status = statusActive
		})
		return noOutput{}, nil
	}
	return action("SplitShard", arn), run, nil
}

type mergeShardsInput struct {
	StreamName           *string `json:"StreamName"`
	StreamARN            *string `json:"StreamARN"`
	ShardToMerge         string  `json:"ShardToMerge" aws:"required"`
	AdjacentShardToMerge string  `json:"AdjacentShardToMerge" aws:"required"`
}

// prepareMergeShards is MergeShards
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html):
// two open shards whose ranges are adjacent become one child, with
// ParentShardId ShardToMerge and AdjacentParentShardId AdjacentShardToMerge.
func (s *Service) prepareMergeShards(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in mergeShardsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkName("shardToMerge", in.ShardToMerge); err != nil {
		return nil, nil, err
	}
	if err := checkName("adjacentShardToMerge", in.AdjacentShardToMerge); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.mode == modeOnDemand {
			return nil, onDemandRefused("MergeShards", st)
		}
		a, b := st.shardByID(in.ShardToMerge), st.shardByID(in.AdjacentShardToMerge)
		if a == nil {
			return nil, s.shardNotFound(in.ShardToMerge, name)
		}
		if b == nil {
			return nil, s.shardNotFound(in.AdjacentShardToMerge, name)
		}
		lo, hi := a, b
		if b.start.less(a.start) {
			lo, hi = b, a
		}
		if a == b || a.closed || b.closed || lo.end.add(1) != hi.start {
			return nil, api.Errorf(invalidArg, "Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
				a.id, b.id, name, s.account)
		}
		st.status = statusUpdating
		s.schedule(st, env, updateDelay, stepStreamActive, func(at sim.Time) {
			st.closeShard(a, at)
			st.closeShard(b, at)
			st.addShard(lo.start, hi.end, at, a.id, b.id)
			st.status = statusActive
		})
		return noOutput{}, nil
	}
	return action("MergeShards", arn), run, nil
}

type updateShardCountInput struct {
	StreamName       *string `json:"StreamName"`
	StreamARN        *string `json:"StreamARN"`
	TargetShardCount int64   `json:"TargetShardCount" aws:"required"`
	ScalingType      string  `json:"ScalingType" aws:"required"`
}

// prepareUpdateShardCount is UpdateShardCount with UNIFORM_SCALING: when
// the update completes, every open shard is closed and TargetShardCount
// new shards take even ranges, each with the old shard holding its
// starting hash key as ParentShardId and, when its range reaches into
// another old shard, that shard as AdjacentParentShardId. (AWS gets there
// through a series of splits and merges; the playground goes there in one
// step.) The Service Authorization Reference lists no resource type for
// kinesis:UpdateShardCount, so it is authorised on "*".
func (s *Service) prepareUpdateShardCount(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateShardCountInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, _, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkRange("targetShardCount", in.TargetShardCount, 1, 1<<31-1); err != nil {
		return nil, nil, err
	}
	if in.ScalingType != "UNIFORM_SCALING" {
		return nil, nil, constraintError(in.ScalingType, "scalingType", "Member must satisfy enum value set: [UNIFORM_SCALING]")
	}
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.mode == modeOnDemand {
			return nil, onDemandRefused("UpdateShardCount", st)
		}
		cur, target := len(st.open), int(in.TargetShardCount)
		st.scalings = since(st.scalings, env.Now-day)
		fail := func(why string) error {
			return api.Errorf("LimitExceededException", "UpdateShardCount of stream %s under account %s from %d to %d shards refused: %s", name, s.account, cur, target, why)
		}
		switch {
		case len(st.scalings) >= maxScalingsPerDay:
			return nil, fail("a stream can be scaled at most 10 times in a rolling 24-hour period.")
		case target > 2*cur:
			return nil, fail("the target is more than double the current shard count.")
		case 2*target < cur:
			return nil, fail("the target is below half the current shard count.")
		case target > maxStreamShards:
			return nil, fail("a stream can have at most 10000 shards.")
		}
		if target > cur {
			if err := s.checkShardQuota(target - cur); err != nil {
				return nil, err
			}
		}
		st.scalings = append(st.scalings, env.Now)
		st.status = statusUpdating
		s.schedule(st, env, updateDelay, stepStreamActive, func(at sim.Time) {
			old := append([]*shard(nil), st.open...)
			for _, sh := range old {
				st.closeShard(sh, at)
			}
			for _, r := range evenRanges(target) {
				p, q := owner(old, r[0]), owner(old, r[1])
				adj := ""
				if q != p {
					adj = q.id
				}
				st.addShard(r[0], r[1], at, p.id, adj)
			}
			st.status = statusActive
		})
		return struct {
			StreamName        string `json:"StreamName"`
			CurrentShardCount int    `json:"CurrentShardCount"`
			TargetShardCount  int    `json:"TargetShardCount"`
			StreamARN         string `json:"StreamARN"`
		}{st.name, cur, target, st.arn}, nil
	}
	return action("UpdateShardCount", "*"), run, nil
}

// owner returns the shard of shards (sorted by range) whose range holds h.
func owner(shards []*shard, h hashKey) *shard {
	for i := len(shards) - 1; i > 0; i-- {
		if !h.less(shards[i].start) {
			return shards[i]
		}
	}
	return shards[0]
}

// since drops the times before t.
func since(times []sim.Time, t sim.Time) []sim.Time {
	i := 0
	for i < len(times) && times[i] < t {
		i++
	}
	return times[i:]
}
