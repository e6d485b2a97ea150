package stream

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

type retentionInput struct {
	StreamName           *string `json:"StreamName"`
	StreamARN            *string `json:"StreamARN"`
	RetentionPeriodHours int64   `json:"RetentionPeriodHours" aws:"required"`
}

// prepareIncreaseRetention is IncreaseStreamRetentionPeriod
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html):
// records already trimmed stay gone.
func (s *Service) prepareIncreaseRetention(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareRetention(env, input, "IncreaseStreamRetentionPeriod", true)
}

// prepareDecreaseRetention is DecreaseStreamRetentionPeriod
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html):
// records older than the new period are trimmed at once.
func (s *Service) prepareDecreaseRetention(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareRetention(env, input, "DecreaseStreamRetentionPeriod", false)
}

func (s *Service) prepareRetention(env *api.Env, input []byte, op string, increase bool) ([]api.Action, func() (any, error), error) {
	var in retentionInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	h := in.RetentionPeriodHours
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		switch {
		case h < minRetention:
			return nil, api.Errorf(invalidArg, "Minimum allowed retention period is 24 hours. Requested retention period (%d hours) is too short.", h)
		case h > maxRetention:
			return nil, api.Errorf(invalidArg, "Maximum allowed retention period is 8760 hours. Requested retention period (%d hours) is too long.", h)
		case increase && h < int64(st.retention):
			return nil, api.Errorf(invalidArg, "Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", h, name, st.retention)
		case !increase && h > int64(st.retention):
			return nil, api.Errorf(invalidArg, "Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", h, name, st.retention)
		}
		st.retention = int(h)
		for _, sh := range st.shards {
			s.trim(st, sh, env.Now)
		}
		return noOutput{}, nil
	}
	return action(op, arn), run, nil
}

type updateStreamModeInput struct {
	StreamARN         string       `json:"StreamARN" aws:"required"`
	StreamModeDetails *modeDetails `json:"StreamModeDetails" aws:"required"`
}

// maxModeChanges: "you can switch between on-demand and provisioned
// capacity mode twice within 24 hours"
// (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html).
const maxModeChanges = 2

// prepareUpdateStreamMode is UpdateStreamMode
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html).
// The stream keeps its shards; switching to on-demand keeps at least the
// write capacity its shards had. The Service Authorization Reference lists
// no resource type for kinesis:UpdateStreamMode ("*").
func (s *Service) prepareUpdateStreamMode(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateStreamModeInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	arn := in.StreamARN
	name, _, err := s.resolve(streamRef{StreamARN: &arn})
	if err != nil {
		return nil, nil, err
	}
	if err := checkMode("streamModeDetails", in.StreamModeDetails); err != nil {
		return nil, nil, err
	}
	mode := in.StreamModeDetails.StreamMode
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		if st.mode == mode {
			return nil, api.Errorf(invalidArg, "Stream %s under account %s already has the %s capacity mode.", name, s.account, mode)
		}
		st.modeChanges = since(st.modeChanges, env.Now-day)
		if len(st.modeChanges) >= maxModeChanges {
			return nil, api.Errorf("LimitExceededException", "The capacity mode of stream %s under account %s can change at most twice in a rolling 24-hour period.", name, s.account)
		}
		if mode == modeOnDemand && s.onDemandStreams() >= onDemandStreamQuota {
			return nil, api.Errorf("LimitExceededException", "This request would exceed the limit of %d data streams with the ON_DEMAND capacity mode for the account %s in %s.", onDemandStreamQuota, s.account, s.region)
		}
		st.modeChanges = append(st.modeChanges, env.Now)
		st.status = statusUpdating
		s.schedule(st, env, updateDelay, stepStreamActive, func(at sim.Time) {
			st.mode = mode
			if mode == modeOnDemand {
				st.demand.reset(at)
				st.demand.floorBytes = len(st.open) * shardWriteBytes
				st.demand.floorRecords = len(st.open) * shardWriteRecords
				st.demand.capBytes = max(st.demand.capBytes, st.demand.floorBytes)
				st.demand.capRec = max(st.demand.capRec, st.demand.floorRecords)
			}
			st.status = statusActive
		})
		return noOutput{}, nil
	}
	return action("UpdateStreamMode", "*"), run, nil
}

type updateMaxRecordSizeInput struct {
	StreamARN          *string `json:"StreamARN"`
	StreamId           *string `json:"StreamId"`
	MaxRecordSizeInKiB int64   `json:"MaxRecordSizeInKiB" aws:"required"`
}

// prepareUpdateMaxRecordSize is UpdateMaxRecordSize
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html):
// 1,024 to 10,240 KiB, else ValidationException. (The dispatcher takes at
// most 2 MiB of input JSON in one call, so records over about 1.5 MiB
// cannot reach the stream however large its maximum.)
func (s *Service) prepareUpdateMaxRecordSize(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateMaxRecordSizeInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.StreamARN == nil {
		return nil, nil, api.Errorf(invalidArg, "StreamARN must be provided.")
	}
	name, arn, err := s.resolve(streamRef{StreamARN: in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkRange("maxRecordSizeInKiB", in.MaxRecordSizeInKiB, defaultMaxKiB, maxMaxKiB); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.findActive(name, env.Now)
		if err != nil {
			return nil, err
		}
		st.maxKiB = int(in.MaxRecordSizeInKiB)
		return noOutput{}, nil
	}
	return action("UpdateMaxRecordSize", arn), run, nil
}

type addTagsInput struct {
	StreamName *string           `json:"StreamName"`
	StreamARN  *string           `json:"StreamARN"`
	Tags       map[string]string `json:"Tags" aws:"required"`
}

// checkTags checks tag keys (1–128 characters) and values (0–256) and
// their characters: Unicode letters, digits, white space and _ . / = + -
// % @ (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Tag.html).
func checkTags(tags map[string]string, account, stream, verb string) error {
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v := tags[k]
		if k == "" || utf8.RuneCountInString(k) > 128 {
			return constraintError(k, "tags", "Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]")
		}
		if utf8.RuneCountInString(v) > 256 {
			return constraintError(v, "tags", "Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0]")
		}
		if !tagText(k) || !tagText(v) {
			return api.Errorf(invalidArg, "Failed to %s stream %s under account %s because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.", verb, stream, account)
		}
	}
	if len(tags) > maxTags {
		return api.Errorf(invalidArg, "Failed to %s stream %s under account %s because a given stream cannot have more than %d tags associated with it.", verb, stream, account, maxTags)
	}
	return nil
}

func tagText(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune("_./=+-%@", r) {
			return false
		}
	}
	return true
}

// prepareAddTags is AddTagsToStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html).
func (s *Service) prepareAddTags(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in addTagsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if len(in.Tags) == 0 {
		return nil, nil, constraintError("{}", "tags", "Member must have length greater than or equal to 1")
	}
	if err := checkTags(in.Tags, s.account, name, "add tags to"); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		merged := maps.Clone(st.tags)
		maps.Copy(merged, in.Tags)
		if len(merged) > maxTags {
			return nil, api.Errorf(invalidArg, "Failed to add tags to stream %s under account %s because a given stream cannot have more than %d tags associated with it.", name, s.account, maxTags)
		}
		st.tags = merged
		return noOutput{}, nil
	}
	return action("AddTagsToStream", arn), run, nil
}

type listTagsInput struct {
	StreamName           *string `json:"StreamName"`
	StreamARN            *string `json:"StreamARN"`
	ExclusiveStartTagKey *string `json:"ExclusiveStartTagKey"`
	Limit                *int64  `json:"Limit"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// prepareListTags is ListTagsForStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html):
// tags in key order, Limit 1–50 (default 50).
func (s *Service) prepareListTags(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listTagsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	limit := maxTags
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, maxTags); err != nil {
			return nil, nil, err
		}
		limit = int(*in.Limit)
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		keys := slices.Sorted(maps.Keys(st.tags))
		if in.ExclusiveStartTagKey != nil {
			i, found := slices.BinarySearch(keys, *in.ExclusiveStartTagKey)
			if found {
				i++
			}
			keys = keys[i:]
		}
		out := struct {
			Tags        []tag `json:"Tags"`
			HasMoreTags bool  `json:"HasMoreTags"`
		}{Tags: []tag{}, HasMoreTags: len(keys) > limit}
		for _, k := range keys[:min(limit, len(keys))] {
			out.Tags = append(out.Tags, tag{k, st.tags[k]})
		}
		return out, nil
	}
	return action("ListTagsForStream", arn), run, nil
}

type removeTagsInput struct {
	StreamName *string  `json:"StreamName"`
	StreamARN  *string  `json:"StreamARN"`
	TagKeys    []string `json:"TagKeys" aws:"required"`
}

// prepareRemoveTags is RemoveTagsFromStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html):
// 1 to 50 keys; a key the stream does not have is ignored.
func (s *Service) prepareRemoveTags(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in removeTagsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{in.StreamName, in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if len(in.TagKeys) == 0 || len(in.TagKeys) > maxTags {
		return nil, nil, api.Errorf(validationCode, "1 validation error detected: Value '[%d keys]' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50, Member must have length greater than or equal to 1", len(in.TagKeys))
	}
	for _, k := range in.TagKeys {
		if k == "" || utf8.RuneCountInString(k) > 128 {
			return nil, nil, constraintError(k, "tagKeys", "Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]")
		}
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		tags := maps.Clone(st.tags)
		for _, k := range in.TagKeys {
			delete(tags, k)
		}
		st.tags = tags
		return noOutput{}, nil
	}
	return action("RemoveTagsFromStream", arn), run, nil
}
