package video

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

type createStreamInput struct {
	StreamName           string            `json:"StreamName" aws:"required"`
	DeviceName           *string           `json:"DeviceName"`
	MediaType            *string           `json:"MediaType"`
	KmsKeyId             *string           `json:"KmsKeyId"`
	DataRetentionInHours *int64            `json:"DataRetentionInHours"`
	Tags                 map[string]string `json:"Tags"`
}

// checkMediaType checks MediaType: 1 to 128 characters of
// type/subtype[,type/subtype]… (CreateStream's pattern).
func checkMediaType(v string) error {
	bad := v == "" || len(v) > 128
	for _, part := range strings.Split(v, ",") {
		a, b, ok := strings.Cut(part, "/")
		if !ok || !mediaWord(a) || !mediaWord(b) {
			bad = true
		}
	}
	if bad {
		return constraintError(v, "mediaType", `Member must satisfy regular expression pattern: [\w\-\.\+]+/[\w\-\.\+]+(,[\w\-\.\+]+/[\w\-\.\+]+)*`)
	}
	return nil
}

func mediaWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == '+') {
			return false
		}
	}
	return true
}

// checkTags checks Tags: at most 50, keys 1 to 128 characters, values
// at most 256 (TagStream's constraints).
func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return api.Errorf("TagsPerResourceExceededLimitException", "You have exceeded the limit of tags that you can associate with the resource. A Kinesis video stream can support up to 50 tags.")
	}
	for _, k := range sortedKeys(tags) {
		if k == "" || utf8Len(k) > 128 {
			return constraintError(k, "tags", "Map keys must have length between 1 and 128")
		}
		if utf8Len(tags[k]) > 256 {
			return constraintError(tags[k], "tags", "Map values must have length less than or equal to 256")
		}
	}
	return nil
}

func utf8Len(s string) int { return len([]rune(s)) }

// prepareCreateStream is CreateStream. Its Tags are authorised with
// CreateStream itself, which takes the condition keys aws:RequestTag/${TagKey}
// and aws:TagKeys
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisvideostreams.html).
func (s *Service) prepareCreateStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createStreamInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("streamName", in.StreamName, maxNameLength); err != nil {
		return nil, nil, err
	}
	if in.DeviceName != nil {
		if err := checkName("deviceName", *in.DeviceName, 128); err != nil {
			return nil, nil, err
		}
	}
	if in.MediaType != nil {
		if err := checkMediaType(*in.MediaType); err != nil {
			return nil, nil, err
		}
	}
	kms := "arn:aws:kms:" + s.region + ":" + s.account + ":alias/aws/kinesisvideo"
	if in.KmsKeyId != nil {
		if *in.KmsKeyId == "" || utf8Len(*in.KmsKeyId) > 2048 {
			return nil, nil, constraintError(*in.KmsKeyId, "kmsKeyId", "Member must have length between 1 and 2048")
		}
		kms = *in.KmsKeyId
	}
	var retention int64
	if in.DataRetentionInHours != nil {
		if err := checkRange("dataRetentionInHours", *in.DataRetentionInHours, 0, maxRetention); err != nil {
			return nil, nil, err
		}
		retention = *in.DataRetentionInHours
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, nil, err
	}
	arn := s.arnPrefix() + in.StreamName + "/" + strconv.FormatInt(int64(env.Now), 10)
	acts := action("CreateStream", arn)
	if len(in.Tags) > 0 {
		ctx := map[string][]string{"aws:TagKeys": sortedKeys(in.Tags)}
		for k, v := range in.Tags {
			ctx["aws:RequestTag/"+k] = []string{v}
		}
		acts[0].Context = ctx
	}
	return acts, func() (any, error) {
		if err := s.throttle(env.Now, "CreateStream", ""); err != nil {
			return nil, err
		}
		if s.streams[in.StreamName] != nil {
			return nil, api.Errorf(inUseErr, "The stream %s already exists.", in.StreamName)
		}
		if len(s.streams) >= MaxStreams {
			return nil, api.Errorf("AccountStreamLimitExceededException", "The number of streams created for the account is too high.")
		}
		st := &stream{name: in.StreamName, arn: arn, kms: kms, status: statusCreating, created: env.Now, retention: retention,
			version: env.Rand.Chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20), tags: map[string]string{}}
		if in.DeviceName != nil {
			st.device = *in.DeviceName
		}
		if in.MediaType != nil {
			st.mediaType = *in.MediaType
		}
		for k, v := range in.Tags {
			st.tags[k] = v
		}
		s.streams[st.name] = st
		env.Schedule(env.Now+CreateMillis, func(w *api.Work) {
			if s.streams[st.name] == st && st.status == statusCreating {
				st.status = statusActive
				w.Emit(api.StepEvent{Service: "kinesisvideo", Type: "StreamActive", Fields: map[string]string{"stream": st.name}})
			}
		})
		return struct {
			StreamARN string `json:"StreamARN"`
		}{arn}, nil
	}, nil
}

// StreamInfo is a stream as DescribeStream and ListStreams show it.
type StreamInfo struct {
	DeviceName           *string `json:"DeviceName,omitempty"`
	StreamName           string  `json:"StreamName"`
	StreamARN            string  `json:"StreamARN"`
	MediaType            *string `json:"MediaType,omitempty"`
	KmsKeyId             string  `json:"KmsKeyId"`
	Version              string  `json:"Version"`
	Status               string  `json:"Status"`
	CreationTime         string  `json:"CreationTime"`
	DataRetentionInHours int64   `json:"DataRetentionInHours"`
}

func (st *stream) info() StreamInfo {
	i := StreamInfo{StreamName: st.name, StreamARN: st.arn, KmsKeyId: st.kms, Version: st.version, Status: st.status,
		CreationTime: st.created.Milli(), DataRetentionInHours: st.retention}
	if st.device != "" {
		d := st.device
		i.DeviceName = &d
	}
	if st.mediaType != "" {
		m := st.mediaType
		i.MediaType = &m
	}
	return i
}

func (s *Service) prepareDescribeStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in streamRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(in)
	if err != nil {
		return nil, nil, err
	}
	return action("DescribeStream", arn), func() (any, error) {
		if err := s.throttle(env.Now, "DescribeStream", name); err != nil {
			return nil, err
		}
		st, err := s.find(name, arnOf(in))
		if err != nil {
			return nil, err
		}
		return struct {
			StreamInfo StreamInfo `json:"StreamInfo"`
		}{st.info()}, nil
	}, nil
}

// arnOf returns the StreamARN ref gave ("" when none).
func arnOf(ref streamRef) string {
	if ref.StreamARN != nil {
		return *ref.StreamARN
	}
	return ""
}

type listStreamsInput struct {
	MaxResults          *int64  `json:"MaxResults"`
	NextToken           *string `json:"NextToken"`
	StreamNameCondition *struct {
		ComparisonOperator *string `json:"ComparisonOperator"`
		ComparisonValue    *string `json:"ComparisonValue"`
	} `json:"StreamNameCondition"`
}

// prepareListStreams is ListStreams: streams in name order, one page;
// NextToken is the base64 of the first name of the next page.
func (s *Service) prepareListStreams(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listStreamsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	limit := int64(maxListStreams)
	if in.MaxResults != nil {
		if err := checkRange("maxResults", *in.MaxResults, 1, maxListStreams); err != nil {
			return nil, nil, err
		}
		limit = *in.MaxResults
	}
	prefix := ""
	if c := in.StreamNameCondition; c != nil {
		if c.ComparisonOperator != nil && *c.ComparisonOperator != "BEGINS_WITH" {
			return nil, nil, constraintError(*c.ComparisonOperator, "streamNameCondition.comparisonOperator", "Member must satisfy enum value set: [BEGINS_WITH]")
		}
		if c.ComparisonValue != nil {
			if err := checkName("streamNameCondition.comparisonValue", *c.ComparisonValue, maxNameLength); err != nil {
				return nil, nil, err
			}
			prefix = *c.ComparisonValue
		}
	}
	after := ""
	if in.NextToken != nil && *in.NextToken != "" {
		b, err := base64.StdEncoding.DecodeString(*in.NextToken)
		if err != nil || len(*in.NextToken) > 1024 || checkName("nextToken", string(b), maxNameLength) != nil {
			return nil, nil, api.Errorf(invalidArg, "The NextToken %s is not valid.", api.Clip(*in.NextToken, api.MaxQuoted))
		}
		after = string(b)
	}
	return action("ListStreams", "*"), func() (any, error) {
		if err := s.throttle(env.Now, "ListStreams", ""); err != nil {
			return nil, err
		}
		out := struct {
			StreamInfoList []StreamInfo `json:"StreamInfoList"`
			NextToken      *string      `json:"NextToken,omitempty"`
		}{StreamInfoList: []StreamInfo{}}
		for _, n := range sortedKeys(s.streams) {
			if n < after || !strings.HasPrefix(n, prefix) {
				continue
			}
			if int64(len(out.StreamInfoList)) == limit {
				t := base64.StdEncoding.EncodeToString([]byte(n))
				out.NextToken = &t
				break
			}
			out.StreamInfoList = append(out.StreamInfoList, s.streams[n].info())
		}
		return out, nil
	}, nil
}

type deleteStreamInput struct {
	StreamARN      string  `json:"StreamARN" aws:"required"`
	CurrentVersion *string `json:"CurrentVersion"`
}

// prepareDeleteStream is DeleteStream: by StreamARN only, as the API
// takes it; CurrentVersion, when given, must be the stream's.
func (s *Service) prepareDeleteStream(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in deleteStreamInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{StreamARN: &in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if in.CurrentVersion != nil {
		v := *in.CurrentVersion
		if v == "" || len(v) > 64 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return nil, nil, constraintError(v, "currentVersion", "Member must satisfy regular expression pattern: [a-zA-Z0-9]+")
		}
	}
	return action("DeleteStream", arn), func() (any, error) {
		if err := s.throttle(env.Now, "DeleteStream", name); err != nil {
			return nil, err
		}
		st, err := s.find(name, in.StreamARN)
		if err != nil {
			return nil, err
		}
		if in.CurrentVersion != nil && *in.CurrentVersion != st.version {
			return nil, api.Errorf("VersionMismatchException", "The stream version %s is not the latest version of stream %s.", *in.CurrentVersion, st.name)
		}
		if st.status == statusDeleting {
			return nil, api.Errorf(inUseErr, "Stream %s is already being deleted.", st.name)
		}
		st.status = statusDeleting
		env.Schedule(env.Now+DeleteMillis, func(w *api.Work) {
			if s.streams[st.name] == st {
				s.drop(st)
				w.Emit(api.StepEvent{Service: "kinesisvideo", Type: "StreamDeleted", Fields: map[string]string{"stream": st.name}})
			}
		})
		return struct{}{}, nil
	}, nil
}

// drop forgets stream st and its media.
func (s *Service) drop(st *stream) {
	for _, f := range st.frags {
		s.mediaBytes -= len(f.payload)
	}
	delete(s.streams, st.name)
}

var apiNames = []string{"PUT_MEDIA", "GET_MEDIA", "LIST_FRAGMENTS", "GET_MEDIA_FOR_FRAGMENT_LIST",
	"GET_HLS_STREAMING_SESSION_URL", "GET_DASH_STREAMING_SESSION_URL", "GET_CLIP", "GET_IMAGES"}

// prepareGetDataEndpoint is GetDataEndpoint: an https URL of the
// playground's making, under the reserved .invalid domain so that nothing
// ever answers it (the playground's data plane is reached through the
// dispatcher), with a host id derived from the stream's ARN.
func (s *Service) prepareGetDataEndpoint(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		StreamName *string `json:"StreamName"`
		StreamARN  *string `json:"StreamARN"`
		APIName    string  `json:"APIName" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := api.CheckEnum(invalidArg, "aPIName", in.APIName, apiNames...); err != nil {
		return nil, nil, err
	}
	ref := streamRef{StreamName: in.StreamName, StreamARN: in.StreamARN}
	name, arn, err := s.resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	return action("GetDataEndpoint", arn), func() (any, error) {
		if err := s.throttle(env.Now, "GetDataEndpoint", name); err != nil {
			return nil, err
		}
		st, err := s.find(name, arnOf(ref))
		if err != nil {
			return nil, err
		}
		var h uint32 = 2166136261
		for i := 0; i < len(st.arn); i++ {
			h = (h ^ uint32(st.arn[i])) * 16777619
		}
		return struct {
			DataEndpoint string `json:"DataEndpoint"`
		}{fmt.Sprintf("https://s-%08x.kinesisvideo.%s.cloudplay.invalid", h, s.region)}, nil
	}, nil
}

// settle drops the fragments of st that retention or the buffer no
// longer keeps at now.
func (s *Service) settle(st *stream, now sim.Time) {
	keep := sim.Time(bufferMillis)
	if st.retention > 0 {
		keep = sim.Time(st.retention * 3600 * 1000)
	}
	n := 0
	for n < len(st.frags) && st.frags[n].server < now-keep {
		s.mediaBytes -= len(st.frags[n].payload)
		st.frags[n] = nil
		n++
	}
	st.frags = st.frags[n:]
}
