package firehose

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
)

const firehosePrincipal = "firehose.amazonaws.com"

// Limits of the API reference and the service quotas
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html:
// "Each PutRecordBatch request supports up to 500 records. Each record in
// the request can be as large as 1,000 KB (before base64 encoding), up to
// a limit of 4 MB for the entire request";
// https://docs.aws.amazon.com/firehose/latest/dev/limits.html: with Direct
// PUT, in US East (N. Virginia), US West (Oregon) and Europe (Ireland),
// each Firehose stream takes 500,000 records/second, 2,000
// requests/second and 5 MiB/second, combined for PutRecord and
// PutRecordBatch; 5,000 Firehose streams per Region; 50 tags per stream).
const (
	MaxRecordBytes     = 1000 << 10 // 1,000 KiB
	MaxBatchRecords    = 500
	MaxBatchBytes      = 4 << 20
	MaxRequestsPerSec  = 2000
	MaxRecordsPerSec   = 500000
	MaxBytesPerSec     = 5 << 20
	MaxDeliveryStreams = 5000
	maxTags            = 50
)

// Buffering hints (https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html):
// SizeInMBs 1–128, default 5; IntervalInSeconds 0–900, default 300.
const (
	defaultSizeMB    = 5
	defaultIntervalS = 300
)

type bufferingHints struct {
	SizeInMBs         *int64 `json:"SizeInMBs"`
	IntervalInSeconds *int64 `json:"IntervalInSeconds"`
}

// s3Config is S3DestinationConfiguration and the members of
// ExtendedS3DestinationConfiguration the playground simulates; the
// update shapes are the same with every member optional.
type s3Config struct {
	RoleARN           *string         `json:"RoleARN"`
	BucketARN         *string         `json:"BucketARN"`
	Prefix            *string         `json:"Prefix"`
	ErrorOutputPrefix *string         `json:"ErrorOutputPrefix"`
	BufferingHints    *bufferingHints `json:"BufferingHints"`
	CompressionFormat *string         `json:"CompressionFormat"`
}

type kinesisSourceConfig struct {
	KinesisStreamARN string `json:"KinesisStreamARN" aws:"required"`
	RoleARN          string `json:"RoleARN" aws:"required"`
}

type tagIn struct {
	Key   string  `json:"Key" aws:"required"`
	Value *string `json:"Value"`
}

type createInput struct {
	DeliveryStreamName                 string               `json:"DeliveryStreamName" aws:"required"`
	DeliveryStreamType                 *string              `json:"DeliveryStreamType"`
	KinesisStreamSourceConfiguration   *kinesisSourceConfig `json:"KinesisStreamSourceConfiguration"`
	S3DestinationConfiguration         *s3Config            `json:"S3DestinationConfiguration"`
	ExtendedS3DestinationConfiguration *s3Config            `json:"ExtendedS3DestinationConfiguration"`
	Tags                               []tagIn              `json:"Tags"`
}

// prepareCreate is CreateDeliveryStream
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html):
// Direct PUT or a Kinesis data stream as source, an S3 destination. It
// needs firehose:CreateDeliveryStream on the stream's ARN, iam:PassRole
// on each role it hands to Firehose, and firehose:TagDeliveryStream with
// Tags. The stream is CREATING for createMillis, then ACTIVE.
func (s *Service) prepareCreate(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	typ := typeDirectPut
	if in.DeliveryStreamType != nil {
		typ = *in.DeliveryStreamType
	}
	switch typ {
	case typeDirectPut, typeKinesis:
	case "MSKAsSource", "DatabaseAsSource":
		return nil, nil, api.Errorf(invalidArg, "DeliveryStreamType %s is not simulated by the playground: use DirectPut or KinesisStreamAsSource", typ)
	default:
		return nil, nil, constraintError(typ, "deliveryStreamType", "Member must satisfy enum value set: [DatabaseAsSource, DirectPut, KinesisStreamAsSource, MSKAsSource]")
	}
	var src *kinesisSource
	switch {
	case typ == typeKinesis && in.KinesisStreamSourceConfiguration == nil:
		return nil, nil, api.Errorf(invalidArg, "KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.")
	case typ == typeDirectPut && in.KinesisStreamSourceConfiguration != nil:
		return nil, nil, api.Errorf(invalidArg, "KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.")
	case typ == typeKinesis:
		c := in.KinesisStreamSourceConfiguration
		if err := checkARN("kinesisStreamSourceConfiguration.kinesisStreamARN", c.KinesisStreamARN, "arn:aws:kinesis:", 512); err != nil {
			return nil, nil, err
		}
		if err := checkARN("kinesisStreamSourceConfiguration.roleARN", c.RoleARN, "arn:aws:iam::", 512); err != nil {
			return nil, nil, err
		}
		src = &kinesisSource{streamARN: c.KinesisStreamARN, roleARN: c.RoleARN}
	}
	cfg, extended := in.S3DestinationConfiguration, false
	member := "s3DestinationConfiguration"
	switch {
	case cfg != nil && in.ExtendedS3DestinationConfiguration != nil:
		return nil, nil, api.Errorf(invalidArg, "Only one destination configuration is allowed.")
	case cfg == nil && in.ExtendedS3DestinationConfiguration == nil:
		return nil, nil, api.Errorf(invalidArg, "Exactly one destination configuration must be specified: the playground simulates S3DestinationConfiguration and ExtendedS3DestinationConfiguration.")
	case cfg == nil:
		cfg, extended, member = in.ExtendedS3DestinationConfiguration, true, "extendedS3DestinationConfiguration"
	}
	if cfg.RoleARN == nil {
		return nil, nil, api.Errorf(validationCode, "Missing required parameter in input: \"%s.RoleARN\"", member)
	}
	if cfg.BucketARN == nil {
		return nil, nil, api.Errorf(validationCode, "Missing required parameter in input: \"%s.BucketARN\"", member)
	}
	dest := destination{sizeMB: defaultSizeMB, intervalS: defaultIntervalS, compression: "UNCOMPRESSED"}
	if err := applyS3(&dest, cfg, member); err != nil {
		return nil, nil, err
	}
	tags, err := checkTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	arn := s.arn(in.DeliveryStreamName)
	actions := []api.Action{{Action: "firehose:CreateDeliveryStream", Resource: arn}}
	if len(tags) > 0 {
		actions = append(actions, api.Action{Action: "firehose:TagDeliveryStream", Resource: arn})
	}
	actions = append(actions, api.PassRole(dest.roleARN, firehosePrincipal))
	if src != nil && src.roleARN != dest.roleARN {
		actions = append(actions, api.PassRole(src.roleARN, firehosePrincipal))
	}
	return actions, func() (any, error) {
		if s.streams[in.DeliveryStreamName] != nil {
			return nil, api.Errorf("ResourceInUseException", "Firehose %s under accountId %s already exists", in.DeliveryStreamName, s.account)
		}
		if len(s.streams) >= MaxDeliveryStreams {
			return nil, api.Errorf("LimitExceededException", "You have already consumed your firehose quota of %d hoses.", MaxDeliveryStreams)
		}
		d := &dstream{name: in.DeliveryStreamName, arn: arn, typ: typ, status: statusCreating, created: env.Now, updated: env.Now,
			version: 1, tags: tags, source: src, dest: dest, extended: extended}
		s.streams[d.name] = d
		gen := d.gen
		if env.Schedule != nil {
			env.Schedule(env.Now+createMillis, func(w *api.Work) {
				if d.gen != gen || s.streams[d.name] != d {
					return
				}
				d.status = statusActive
				w.Emit(api.StepEvent{Service: "firehose", Type: "DeliveryStreamActive", Fields: map[string]string{"DeliveryStreamName": d.name}})
				if d.source != nil {
					d.source.started = w.Now
					s.schedulePoll(w, d, w.Now)
				}
			})
		}
		return map[string]string{"DeliveryStreamARN": arn}, nil
	}, nil
}

// checkARN checks an ARN member: 1 to max characters, starting as want.
func checkARN(member, v, want string, max int) error {
	if v == "" {
		return constraintError(v, member, "Member must have length greater than or equal to 1")
	}
	if len(v) > max {
		return constraintError(v, member, fmt.Sprintf("Member must have length less than or equal to %d", max))
	}
	if !strings.HasPrefix(v, want) {
		return constraintError(v, member, "Member must satisfy regular expression pattern: "+want+".*")
	}
	return nil
}

// applyS3 checks the members of an S3 destination configuration or
// update and sets them on d.
func applyS3(d *destination, c *s3Config, member string) error {
	if c.RoleARN != nil {
		if err := checkARN(member+".roleARN", *c.RoleARN, "arn:aws:iam::", 512); err != nil {
			return err
		}
		d.roleARN = *c.RoleARN
	}
	if c.BucketARN != nil {
		b := *c.BucketARN
		if err := checkARN(member+".bucketARN", b, "arn:aws:s3:::", 2048); err != nil {
			return err
		}
		if strings.ContainsAny(strings.TrimPrefix(b, "arn:aws:s3:::"), "/*") || b == "arn:aws:s3:::" {
			return constraintError(b, member+".bucketARN", "Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}")
		}
		d.bucketARN = b
	}
	if c.Prefix != nil {
		if len(*c.Prefix) > 1024 {
			return constraintError(*c.Prefix, member+".prefix", "Member must have length less than or equal to 1024")
		}
		if _, err := parsePrefix(*c.Prefix); err != nil {
			return err
		}
		d.prefix = *c.Prefix
	}
	if c.ErrorOutputPrefix != nil {
		if len(*c.ErrorOutputPrefix) > 1024 {
			return constraintError(*c.ErrorOutputPrefix, member+".errorOutputPrefix", "Member must have length less than or equal to 1024")
		}
		d.errPrefix = *c.ErrorOutputPrefix
	}
	if h := c.BufferingHints; h != nil {
		if h.SizeInMBs != nil {
			if err := checkRange(member+".bufferingHints.sizeInMBs", *h.SizeInMBs, 1, 128); err != nil {
				return err
			}
			d.sizeMB = *h.SizeInMBs
		}
		if h.IntervalInSeconds != nil {
			if err := checkRange(member+".bufferingHints.intervalInSeconds", *h.IntervalInSeconds, 0, 900); err != nil {
				return err
			}
			d.intervalS = *h.IntervalInSeconds
		}
	}
	if c.CompressionFormat != nil {
		switch f := *c.CompressionFormat; f {
		case "UNCOMPRESSED":
			d.compression = f
		case "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY":
			return api.Errorf(invalidArg, "CompressionFormat %s is not simulated by the playground: only UNCOMPRESSED is", f)
		default:
			return constraintError(f, member+".compressionFormat", "Member must satisfy enum value set: [UNCOMPRESSED, HADOOP_SNAPPY, ZIP, Snappy, GZIP]")
		}
	}
	return nil
}

// checkTags checks Tags (1–50; keys 1–128, values 0–256 characters).
func checkTags(in []tagIn) ([]tag, error) {
	if len(in) > maxTags {
		return nil, constraintError(fmt.Sprint(len(in)), "tags", "Member must have length less than or equal to 50")
	}
	var out []tag
	for i, t := range in {
		if t.Key == "" || len(t.Key) > 128 {
			return nil, constraintError(t.Key, fmt.Sprintf("tags.%d.member.key", i+1), "Member must have length between 1 and 128")
		}
		v := ""
		if t.Value != nil {
			v = *t.Value
		}
		if len(v) > 256 {
			return nil, constraintError(v, fmt.Sprintf("tags.%d.member.value", i+1), "Member must have length less than or equal to 256")
		}
		out = setTag(out, tag{t.Key, v})
	}
	return out, nil
}

func setTag(tags []tag, t tag) []tag {
	for i := range tags {
		if tags[i].Key == t.Key {
			tags[i].Value = t.Value
			return tags
		}
	}
	return append(tags, t)
}

type nameInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName" aws:"required"`
}

type deleteInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName" aws:"required"`
	AllowForceDelete   *bool  `json:"AllowForceDelete"`
}

// prepareDelete is DeleteDeliveryStream: the stream is DELETING for
// deleteMillis, then gone; what its buffer held is not delivered
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeleteDeliveryStream.html:
// "DeleteDeliveryStream is an asynchronous API ... the Firehose stream is
// marked for deletion").
func (s *Service) prepareDelete(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in deleteInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "firehose:DeleteDeliveryStream", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		if d.status == statusDeleting {
			return nil, api.Errorf("ResourceInUseException", "Firehose %s under account %s is already being deleted.", d.name, s.account)
		}
		d.status = statusDeleting
		d.gen++
		s.dropBuffer(d)
		gen := d.gen
		if env.Schedule != nil {
			env.Schedule(env.Now+deleteMillis, func(w *api.Work) {
				if d.gen != gen || s.streams[d.name] != d {
					return
				}
				delete(s.streams, d.name)
				w.Emit(api.StepEvent{Service: "firehose", Type: "DeliveryStreamDeleted", Fields: map[string]string{"DeliveryStreamName": d.name}})
			})
		}
		return struct{}{}, nil
	}, nil
}

func (s *Service) dropBuffer(d *dstream) {
	s.buffered -= d.bufBytes
	clear(d.buf)
	d.buf, d.bufBytes, d.failure = nil, 0, nil
}

type describeInput struct {
	DeliveryStreamName          string  `json:"DeliveryStreamName" aws:"required"`
	Limit                       *int64  `json:"Limit"`
	ExclusiveStartDestinationId *string `json:"ExclusiveStartDestinationId"`
}

const destinationID = "destinationId-000000000001"

// prepareDescribe is DescribeDeliveryStream
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DescribeDeliveryStream.html).
func (s *Service) prepareDescribe(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, 10000); err != nil {
			return nil, nil, err
		}
	}
	return []api.Action{{Action: "firehose:DescribeDeliveryStream", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		dests := []any{}
		if in.ExclusiveStartDestinationId == nil || *in.ExclusiveStartDestinationId < destinationID {
			dests = append(dests, d.destinationDescription())
		}
		desc := map[string]any{
			"DeliveryStreamName":   d.name,
			"DeliveryStreamARN":    d.arn,
			"DeliveryStreamStatus": d.status,
			"DeliveryStreamType":   d.typ,
			"VersionId":            strconv.Itoa(d.version),
			"CreateTimestamp":      d.created.String(),
			"Destinations":         dests,
			"HasMoreDestinations":  false,
		}
		if d.version > 1 {
			desc["LastUpdateTimestamp"] = d.updated.String()
		}
		if d.source != nil {
			ks := map[string]any{"KinesisStreamARN": d.source.streamARN, "RoleARN": d.source.roleARN}
			if d.source.started != 0 {
				ks["DeliveryStartTimestamp"] = d.source.started.String()
			}
			desc["Source"] = map[string]any{"KinesisStreamSourceDescription": ks}
		}
		return map[string]any{"DeliveryStreamDescription": desc}, nil
	}, nil
}

// destinationDescription is the S3 destination as DescribeDeliveryStream
// shows it: S3DestinationDescription, and ExtendedS3DestinationDescription
// with the extended members (AWS shows both for an S3 destination).
func (d *dstream) destinationDescription() map[string]any {
	base := func() map[string]any {
		m := map[string]any{
			"RoleARN":                 d.dest.roleARN,
			"BucketARN":               d.dest.bucketARN,
			"BufferingHints":          map[string]int64{"SizeInMBs": d.dest.sizeMB, "IntervalInSeconds": d.dest.intervalS},
			"CompressionFormat":       d.dest.compression,
			"EncryptionConfiguration": map[string]string{"NoEncryptionConfig": "NoEncryption"},
		}
		if d.dest.prefix != "" {
			m["Prefix"] = d.dest.prefix
		}
		if d.dest.errPrefix != "" {
			m["ErrorOutputPrefix"] = d.dest.errPrefix
		}
		return m
	}
	ext := base()
	ext["S3BackupMode"] = "Disabled"
	return map[string]any{"DestinationId": destinationID, "S3DestinationDescription": base(), "ExtendedS3DestinationDescription": ext}
}

type listInput struct {
	Limit                            *int64  `json:"Limit"`
	DeliveryStreamType               *string `json:"DeliveryStreamType"`
	ExclusiveStartDeliveryStreamName *string `json:"ExclusiveStartDeliveryStreamName"`
}

// prepareList is ListDeliveryStreams
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_ListDeliveryStreams.html):
// Limit 1–10,000, default 10; names in order after
// ExclusiveStartDeliveryStreamName. The reference names no resource type
// for the action: it is authorised on "*".
func (s *Service) prepareList(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	limit := int64(10)
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, 10000); err != nil {
			return nil, nil, err
		}
		limit = *in.Limit
	}
	if in.DeliveryStreamType != nil {
		switch *in.DeliveryStreamType {
		case typeDirectPut, typeKinesis, "MSKAsSource", "DatabaseAsSource":
		default:
			return nil, nil, constraintError(*in.DeliveryStreamType, "deliveryStreamType", "Member must satisfy enum value set: [DatabaseAsSource, DirectPut, KinesisStreamAsSource, MSKAsSource]")
		}
	}
	if in.ExclusiveStartDeliveryStreamName != nil {
		if err := checkName("exclusiveStartDeliveryStreamName", *in.ExclusiveStartDeliveryStreamName); err != nil {
			return nil, nil, err
		}
	}
	return []api.Action{{Action: "firehose:ListDeliveryStreams", Resource: "*"}}, func() (any, error) {
		names, more := []string{}, false
		for _, n := range s.names() {
			d := s.streams[n]
			if in.ExclusiveStartDeliveryStreamName != nil && n <= *in.ExclusiveStartDeliveryStreamName {
				continue
			}
			if in.DeliveryStreamType != nil && d.typ != *in.DeliveryStreamType {
				continue
			}
			if int64(len(names)) == limit {
				more = true
				break
			}
			names = append(names, n)
		}
		return map[string]any{"DeliveryStreamNames": names, "HasMoreDeliveryStreams": more}, nil
	}, nil
}

type updateInput struct {
	DeliveryStreamName             string    `json:"DeliveryStreamName" aws:"required"`
	CurrentDeliveryStreamVersionId string    `json:"CurrentDeliveryStreamVersionId" aws:"required"`
	DestinationId                  string    `json:"DestinationId" aws:"required"`
	S3DestinationUpdate            *s3Config `json:"S3DestinationUpdate"`
	ExtendedS3DestinationUpdate    *s3Config `json:"ExtendedS3DestinationUpdate"`
}

// prepareUpdateDestination is UpdateDestination
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_UpdateDestination.html):
// CurrentDeliveryStreamVersionId must be the stream's VersionId, else
// ConcurrentModificationException; a successful update increments it. The
// new configuration applies to the next object (what the buffer holds is
// delivered under the new configuration: the playground's simplification
// of "the updated configuration normally takes effect within a few
// minutes"). A RoleARN given needs iam:PassRole.
func (s *Service) prepareUpdateDestination(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	cfg, member := in.S3DestinationUpdate, "s3DestinationUpdate"
	if cfg != nil && in.ExtendedS3DestinationUpdate != nil {
		return nil, nil, api.Errorf(invalidArg, "Only one destination update is allowed.")
	}
	if cfg == nil {
		cfg, member = in.ExtendedS3DestinationUpdate, "extendedS3DestinationUpdate"
	}
	if cfg == nil {
		cfg = &s3Config{}
	}
	var probe destination
	if err := applyS3(&probe, cfg, member); err != nil {
		return nil, nil, err
	}
	arn := s.arn(in.DeliveryStreamName)
	actions := []api.Action{{Action: "firehose:UpdateDestination", Resource: arn}}
	if cfg.RoleARN != nil {
		actions = append(actions, api.PassRole(*cfg.RoleARN, firehosePrincipal))
	}
	return actions, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		if d.status != statusActive {
			return nil, api.Errorf("ResourceInUseException", "Firehose %s under account %s is in %s state and cannot be updated.", d.name, s.account, d.status)
		}
		if in.CurrentDeliveryStreamVersionId != strconv.Itoa(d.version) {
			return nil, api.Errorf("ConcurrentModificationException", "Firehose %s under account %s has version id %d, but the version id %s was given.", d.name, s.account, d.version, api.Clip(in.CurrentDeliveryStreamVersionId, api.MaxQuoted))
		}
		if in.DestinationId != destinationID {
			return nil, api.Errorf(invalidArg, "Destination Id %s not found for Firehose %s.", api.Clip(in.DestinationId, api.MaxQuoted), d.name)
		}
		if err := applyS3(&d.dest, cfg, member); err != nil {
			return nil, err
		}
		d.version++
		d.updated = env.Now
		if cfg.RoleARN != nil {
			d.session = ""
		}
		if len(d.buf) > 0 && env.Schedule != nil {
			s.arm(env.Schedule, d, env.Now)
		}
		return struct{}{}, nil
	}, nil
}

type tagInput struct {
	DeliveryStreamName string  `json:"DeliveryStreamName" aws:"required"`
	Tags               []tagIn `json:"Tags" aws:"required"`
}

// prepareTag is TagDeliveryStream: at most 50 tags on a stream
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_TagDeliveryStream.html).
func (s *Service) prepareTag(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in tagInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	if len(in.Tags) == 0 {
		return nil, nil, constraintError("[]", "tags", "Member must have length greater than or equal to 1")
	}
	tags, err := checkTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "firehose:TagDeliveryStream", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		merged := slices.Clone(d.tags)
		for _, t := range tags {
			merged = setTag(merged, t)
		}
		if len(merged) > maxTags {
			return nil, api.Errorf("LimitExceededException", "A Firehose stream can have at most %d tags: it has %d, and %d more were given.", maxTags, len(d.tags), len(merged)-len(d.tags))
		}
		d.tags = merged
		return struct{}{}, nil
	}, nil
}

type untagInput struct {
	DeliveryStreamName string   `json:"DeliveryStreamName" aws:"required"`
	TagKeys            []string `json:"TagKeys" aws:"required"`
}

// prepareUntag is UntagDeliveryStream (1–50 keys; keys not there are ignored).
func (s *Service) prepareUntag(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in untagInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	if len(in.TagKeys) == 0 || len(in.TagKeys) > maxTags {
		return nil, nil, constraintError(fmt.Sprint(len(in.TagKeys)), "tagKeys", "Member must have length between 1 and 50")
	}
	return []api.Action{{Action: "firehose:UntagDeliveryStream", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		d.tags = slices.DeleteFunc(d.tags, func(t tag) bool { return slices.Contains(in.TagKeys, t.Key) })
		return struct{}{}, nil
	}, nil
}

type listTagsInput struct {
	DeliveryStreamName   string  `json:"DeliveryStreamName" aws:"required"`
	ExclusiveStartTagKey *string `json:"ExclusiveStartTagKey"`
	Limit                *int64  `json:"Limit"`
}

// prepareListTags is ListTagsForDeliveryStream: Limit 1–50, default 50,
// tags in key order after ExclusiveStartTagKey.
func (s *Service) prepareListTags(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listTagsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	limit := int64(maxTags)
	if in.Limit != nil {
		if err := checkRange("limit", *in.Limit, 1, maxTags); err != nil {
			return nil, nil, err
		}
		limit = *in.Limit
	}
	return []api.Action{{Action: "firehose:ListTagsForDeliveryStream", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.get(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		sorted := slices.SortedFunc(slices.Values(d.tags), func(a, b tag) int { return strings.Compare(a.Key, b.Key) })
		out, more := []tag{}, false
		for _, t := range sorted {
			if in.ExclusiveStartTagKey != nil && t.Key <= *in.ExclusiveStartTagKey {
				continue
			}
			if int64(len(out)) == limit {
				more = true
				break
			}
			out = append(out, t)
		}
		return map[string]any{"Tags": out, "HasMoreTags": more}, nil
	}, nil
}
