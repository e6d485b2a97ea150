package firehose

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the account's Amazon Data Firehose.
type Service struct {
	account, region string
	maxObject       int64 // the largest object the account's S3 takes (cloud passes s3.MaxObjectSize)
	streams         map[string]*dstream
	buffered        int64 // bytes waiting in every stream's buffer (see MaxBufferedBytes)
}

// New returns the Firehose of account in region. maxObject is the largest
// object the account's S3 stores: a buffer larger than it is delivered in
// several objects of at most maxObject bytes (the playground's S3 keeps
// objects of at most 1 MiB, where AWS's buffer reaches 128 MiB).
func New(account, region string, maxObject int64) *Service {
	if maxObject <= 0 {
		maxObject = 128 << 20
	}
	return &Service{account: account, region: region, maxObject: maxObject, streams: map[string]*dstream{}}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "firehose:CreateDeliveryStream", Mutates: true, Prepare: s.prepareCreate},
		{Name: "firehose:DeleteDeliveryStream", Mutates: true, Prepare: s.prepareDelete},
		{Name: "firehose:DescribeDeliveryStream", Prepare: s.prepareDescribe},
		{Name: "firehose:ListDeliveryStreams", Prepare: s.prepareList},
		{Name: "firehose:PutRecord", Mutates: true, Prepare: s.preparePutRecord},
		{Name: "firehose:PutRecordBatch", Mutates: true, Prepare: s.preparePutRecordBatch},
		{Name: "firehose:UpdateDestination", Mutates: true, Prepare: s.prepareUpdateDestination},
		{Name: "firehose:TagDeliveryStream", Mutates: true, Prepare: s.prepareTag},
		{Name: "firehose:UntagDeliveryStream", Mutates: true, Prepare: s.prepareUntag},
		{Name: "firehose:ListTagsForDeliveryStream", Prepare: s.prepareListTags},
	}
}

// Descriptor returns the descriptor of Firehose for the account's
// dispatcher. Firehose has no resource policies.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "firehose", Protocol: api.JSON, ValidationCode: invalidArg, Ops: s.Ops()}
}

// Delivery stream statuses (DeliveryStreamStatus) and types
// (DeliveryStreamType) of the API reference
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamDescription.html).
const (
	statusCreating = "CREATING"
	statusActive   = "ACTIVE"
	statusDeleting = "DELETING"

	typeDirectPut = "DirectPut"
	typeKinesis   = "KinesisStreamAsSource"
)

// Simulated delays, the playground's own choices: AWS says a new Firehose
// stream is CREATING "for a few minutes"-ish and gives no figure; a few
// seconds keeps the learner's wait short while still showing the state.
const (
	createMillis = 5000
	deleteMillis = 5000
)

// dstream is one delivery stream.
type dstream struct {
	name, arn, typ string
	status         string
	created        sim.Time
	updated        sim.Time
	version        int
	gen            int // bumped on delete, so that stale scheduled work stops
	tags           []tag

	source   *kinesisSource // nil for DirectPut
	dest     destination
	extended bool // made with ExtendedS3DestinationConfiguration

	buf      []bufRecord // waiting to be delivered, oldest first
	bufBytes int64
	wake     sim.Time // when the delivery work is scheduled next, 0 when none

	delivered, lost Totals
	recent          []ObjectView
	failure         *FailureView

	session    string // the destination role's session, "" when none yet
	sessionExp sim.Time
	sessionFor string // the role the session is of

	// Throttling counters of the simulated second sec.
	sec                         int64
	secReqs, secRecs, secBytes  int64
	lastSec                     int64 // the second the "last second" figures are of
	lastIncoming, lastThrottled int64
	curIncoming, curThrottled   int64

	tap tapRing
}

type tag struct{ Key, Value string }

// destination is the S3 destination's configuration.
type destination struct {
	roleARN, bucketARN, prefix, errPrefix string
	sizeMB, intervalS                     int64
	compression                           string
}

func (d destination) bucket() string { return strings.TrimPrefix(d.bucketARN, "arn:aws:s3:::") }

type bufRecord struct {
	data    []byte
	arrival sim.Time
}

func (s *Service) arn(name string) string {
	return fmt.Sprintf("arn:aws:firehose:%s:%s:deliverystream/%s", s.region, s.account, name)
}

// notFound is AWS's answer for a delivery stream that does not exist.
func (s *Service) notFound(name string) error {
	return api.Errorf("ResourceNotFoundException", "Firehose %s under account %s not found.", api.Clip(name, api.MaxQuoted), s.account)
}

// get returns the delivery stream name, or ResourceNotFoundException.
func (s *Service) get(name string) (*dstream, error) {
	if d := s.streams[name]; d != nil {
		return d, nil
	}
	return nil, s.notFound(name)
}

// active returns the delivery stream name when it is ACTIVE, else
// ResourceNotFoundException or ResourceInUseException.
func (s *Service) active(name string) (*dstream, error) {
	d, err := s.get(name)
	if err != nil {
		return nil, err
	}
	if d.status != statusActive {
		return nil, api.Errorf("ResourceInUseException", "Firehose %s under account %s is in %s state and cannot be used for this operation.", name, s.account, d.status)
	}
	return d, nil
}

// names returns the delivery streams' names, sorted.
func (s *Service) names() []string { return slices.Sorted(maps.Keys(s.streams)) }

// Errors: ValidationException for a member that breaks its constraints
// (worded as AWS's JSON services word it), InvalidArgumentException for a
// request that is well formed but not acceptable
// (https://docs.aws.amazon.com/firehose/latest/APIReference/CommonErrors.html,
// and each operation's Errors).
const (
	validationCode = api.ValidationCode
	invalidArg     = "InvalidArgumentException"
)

func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// constraintError is the ValidationException for member whose value
// breaks constraint.
func constraintError(value, member, constraint string) error {
	return api.ConstraintError(validationCode, value, member, constraint)
}

// checkName checks a DeliveryStreamName: 1–64 of [a-zA-Z0-9_.-]
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html).
func checkName(member, v string) error { return api.CheckName(validationCode, member, v, 64) }

// checkRange checks an integer member against its range.
func checkRange(member string, v, lo, hi int64) error {
	return api.CheckRange(validationCode, member, v, lo, hi)
}
