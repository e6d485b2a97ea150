package video

import (
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Limits and timings. AWS's come from the API reference pages named in
// doc.go; the others are the playground's own, chosen to keep memory and
// the work of a simulated second small.
const (
	// CreateMillis is how long a new stream is CREATING (the playground's
	// choice: CreateStream "is an asynchronous operation" and AWS gives no
	// figure).
	CreateMillis = 2000
	// DeleteMillis is how long a deleted stream is DELETING (the
	// playground's choice).
	DeleteMillis = 1000
	// MaxStreams is the account's stream quota: "10,000 streams per
	// account" (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/limits.html).
	MaxStreams = 10000
	// maxRetention is DataRetentionInHours' largest value, 87,600 hours
	// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_UpdateDataRetention.html).
	maxRetention = 87600
	// bufferMillis is how long the service host buffer keeps the fragments
	// of a stream that keeps no data: "a retention time limit of 5 minutes"
	// (CreateStream's DataRetentionInHours).
	bufferMillis = 5 * 60 * 1000
	// maxFragmentMillis: a fragment lasts at most 20 seconds (the
	// quotas page's "Fragment duration").
	maxFragmentMillis = 20000
	// FrameWidth and FrameHeight are the size of a frame of the
	// playground's media format: one byte a pixel.
	FrameWidth  = 16
	FrameHeight = 12
	frameBytes  = FrameWidth * FrameHeight
	// MaxFramesPerFragment bounds a PutMedia payload (the playground's
	// own: 10 frames a second for 20 seconds).
	MaxFramesPerFragment = 200
	// MaxFragmentsPerStream and MaxMediaBytes bound what the account keeps
	// (the playground's own); the oldest fragments go first.
	MaxFragmentsPerStream = 300
	MaxMediaBytes         = 8 << 20
	// ListFragments' MaxResults: 1 to 1,000, default 100
	// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_reader_ListFragments.html).
	maxListFragments     = 1000
	defaultListFragments = 100
	// GetMediaForFragmentList's Fragments: 1 to 1,000 items
	// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_reader_GetMediaForFragmentList.html).
	maxMediaFragments = 1000
	// ListStreams' MaxResults: 1 to 10,000, default 10,000.
	maxListStreams = 10000
	maxTags        = 50 // TagStream: "up to 50 tags"
	maxNameLength  = 256
	maxARNLength   = 1024
)

// The error codes of the Kinesis Video Streams API reference: a value that
// breaks a member's constraints is InvalidArgumentException ("The value
// for this input parameter is invalid"), as is malformed input.
const (
	invalidArg  = "InvalidArgumentException"
	notFoundErr = "ResourceNotFoundException"
	inUseErr    = "ResourceInUseException"
)

// Stream statuses.
const (
	statusCreating = "CREATING"
	statusActive   = "ACTIVE"
	statusDeleting = "DELETING"
)

// Service is the Kinesis Video Streams of one account in one Region, with
// the playground's cameras and motion detectors.
type Service struct {
	account, region string
	seed            uint64
	streams         map[string]*stream // by name
	mediaBytes      int                // the payload bytes every stream keeps

	rates   map[rateKey]int // calls in simulated second rateSec (limits.go)
	rateSec int64

	cameras   map[string]*camera
	detectors map[string]*detector
	started   int // actors started so far (their order)
}

// stream is one video stream.
type stream struct {
	name, arn, device, mediaType, kms, version, status string
	created                                            sim.Time
	retention                                          int64 // hours
	tags                                               map[string]string
	frags                                              []*fragment // oldest first
	seq                                                int64       // fragments received so far
}

// fragment is one fragment a stream received.
type fragment struct {
	number           string
	size             int64
	producer, server sim.Time
	length           int64 // ms
	payload          []byte
	persisted        bool
}

// New returns the Kinesis Video Streams of account in region; seed makes
// the cameras' rooms and noise.
func New(account, region string, seed uint64) *Service {
	return &Service{account: account, region: region, seed: seed, streams: map[string]*stream{},
		cameras: map[string]*camera{}, detectors: map[string]*detector{}}
}

// Descriptor returns the descriptor of Kinesis Video Streams for the
// account's dispatcher: REST-JSON, InvalidArgumentException for malformed
// input. An access denial is AWS's AccessDeniedException (HTTP 403), as
// Kinesis Video Streams answers one ("User: … is not authorized to
// perform: kinesisvideo:DescribeStream", Error Code: AccessDeniedException,
// https://github.com/awslabs/aws-sdk-android-samples/issues/243).
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "kinesisvideo", Protocol: api.RestJSON, ValidationCode: invalidArg, Ops: s.Ops()}
}

// Ops returns the operations of Kinesis Video Streams.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "kinesisvideo:CreateStream", Mutates: true, Prepare: s.prepareCreateStream},
		{Name: "kinesisvideo:DescribeStream", Prepare: s.prepareDescribeStream},
		{Name: "kinesisvideo:ListStreams", Prepare: s.prepareListStreams},
		{Name: "kinesisvideo:DeleteStream", Mutates: true, Prepare: s.prepareDeleteStream},
		{Name: "kinesisvideo:GetDataEndpoint", Prepare: s.prepareGetDataEndpoint},
		{Name: "kinesisvideo:PutMedia", Mutates: true, Prepare: s.preparePutMedia},
		{Name: "kinesisvideo:ListFragments", Prepare: s.prepareListFragments},
		{Name: "kinesisvideo:GetMediaForFragmentList", Prepare: s.prepareGetMedia},
	}
}

// PlaygroundOps returns the playground's own operations of the security
// camera, for the account's cloudplay descriptor. None needs an IAM
// action: what the actors do, they do as their starter.
func (s *Service) PlaygroundOps() []api.Op {
	return []api.Op{
		{Name: "cloudplay:StartCamera", Mutates: true, Prepare: s.prepareStartCamera},
		{Name: "cloudplay:StopCamera", Mutates: true, Prepare: s.prepareStopCamera},
		{Name: "cloudplay:TriggerMotion", Mutates: true, Prepare: s.prepareTriggerMotion},
		{Name: "cloudplay:StartMotionDetector", Mutates: true, Prepare: s.prepareStartDetector},
		{Name: "cloudplay:StopMotionDetector", Mutates: true, Prepare: s.prepareStopDetector},
	}
}

func decode(input []byte, dst any) error { return api.Decode(input, dst, invalidArg) }

// constraintError is the InvalidArgumentException for member whose value
// breaks constraint, worded as AWS's JSON services word validation.
func constraintError(value, member, constraint string) error {
	return api.ConstraintError(invalidArg, value, member, constraint)
}

// checkName checks a name member: 1 to max characters of [a-zA-Z0-9_.-].
func checkName(member, v string, max int) error { return api.CheckName(invalidArg, member, v, max) }

// checkRange checks an integer member.
func checkRange(member string, v, lo, hi int64) error {
	return api.CheckRange(invalidArg, member, v, lo, hi)
}

// streamRef is the StreamName and StreamARN members.
type streamRef struct {
	StreamName *string `json:"StreamName"`
	StreamARN  *string `json:"StreamARN"`
}

// arnPrefix is the ARN of the account's streams up to the name.
func (s *Service) arnPrefix() string {
	return "arn:aws:kinesisvideo:" + s.region + ":" + s.account + ":stream/"
}

// resolve checks ref (exactly one of its members: "You must specify
// either this parameter or a StreamName") and returns the stream's name
// and the resource ARN its IAM action is on: the stream's ARN when it
// exists, else arn:…:stream/NAME/* (the playground's choice: a stream
// that does not exist has no creation time).
func (s *Service) resolve(ref streamRef) (string, string, error) {
	var name string
	switch {
	case ref.StreamName != nil && ref.StreamARN != nil:
		return "", "", api.Errorf(invalidArg, "Specify either StreamName or StreamARN, not both.")
	case ref.StreamName != nil:
		if err := checkName("streamName", *ref.StreamName, maxNameLength); err != nil {
			return "", "", err
		}
		name = *ref.StreamName
	case ref.StreamARN != nil:
		n, ok := s.parseARN(*ref.StreamARN)
		if !ok {
			return "", "", constraintError(*ref.StreamARN, "streamARN", `Member must satisfy regular expression pattern: arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+`)
		}
		if st := s.streams[n]; st == nil || st.arn != *ref.StreamARN {
			return n, *ref.StreamARN, nil // not found when it runs
		}
		name = n
	default:
		return "", "", api.Errorf(invalidArg, "Either StreamName or StreamARN must be specified.")
	}
	if st := s.streams[name]; st != nil {
		return name, st.arn, nil
	}
	return name, s.arnPrefix() + name + "/*", nil
}

// parseARN reads the name of a stream ARN of this account and Region.
func (s *Service) parseARN(arn string) (string, bool) {
	if len(arn) > maxARNLength {
		return "", false
	}
	rest, ok := strings.CutPrefix(arn, s.arnPrefix())
	if !ok {
		return "", false
	}
	name, millis, ok := strings.Cut(rest, "/")
	if !ok || millis == "" || strings.Trim(millis, "0123456789") != "" || checkName("streamName", name, maxNameLength) != nil {
		return "", false
	}
	return name, true
}

// find returns the stream named name (by ARN when ref gave one).
func (s *Service) find(name, arn string) (*stream, error) {
	st := s.streams[name]
	if st == nil || (arn != "" && !strings.HasSuffix(arn, "/*") && st.arn != arn) {
		return nil, api.Errorf(notFoundErr, "The requested stream is not found or not active.")
	}
	return st, nil
}

// findActive is find for the data plane: the stream must be ACTIVE.
func (s *Service) findActive(name, arn string) (*stream, error) {
	st, err := s.find(name, arn)
	if err != nil {
		return nil, err
	}
	if st.status != statusActive {
		return nil, api.Errorf(inUseErr, "Stream %s is %s, not ACTIVE.", st.name, st.status)
	}
	return st, nil
}

func action(op, resource string) []api.Action {
	return []api.Action{{Action: "kinesisvideo:" + op, Resource: resource}}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
