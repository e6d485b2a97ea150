package stream

import (
	"strings"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Kinesis answers a member that breaks its constraints with
// ValidationException, worded as its other JSON services do ("1 validation
// error detected: Value 'x' at 'streamName' failed to satisfy constraint:
// ..."), and a request that is well formed but not acceptable with
// InvalidArgumentException
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html).
const (
	validationCode = api.ValidationCode
	invalidArg     = "InvalidArgumentException"
)

func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// constraintError is the ValidationException for member (named as AWS
// names it in messages: first letter lower-cased, list items as
// records.1.member.data) whose value breaks constraint.
func constraintError(value, member, constraint string) error {
	return api.ConstraintError(validationCode, value, member, constraint)
}

// Constraints of the Kinesis API reference's shapes
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
// and the pages of each operation).
const (
	maxNameLength    = 128 // StreamName, ConsumerName, ShardId
	maxPartitionKey  = 256 // PartitionKey, in Unicode characters
	maxARNLength     = 2048
	maxIteratorLen   = 512
	maxShardCountArg = 100000 // CreateStream's ShardCount is refused past it by validation
)

// checkName checks a StreamName, ConsumerName or ShardId member.
func checkName(member, v string) error {
	return api.CheckName(validationCode, member, v, maxNameLength)
}

// checkPartitionKey checks a PartitionKey: 1 to 256 Unicode characters.
func checkPartitionKey(member, k string) error {
	if c := partitionKeyProblem(k); c != "" {
		return constraintError(k, member, c)
	}
	return nil
}

// partitionKeyProblem returns the constraint partition key k breaks, or
// "" when it is valid.
func partitionKeyProblem(k string) string {
	if k == "" {
		return "Member must have length greater than or equal to 1"
	}
	if len(k) > maxPartitionKey && utf8.RuneCountInString(k) > maxPartitionKey {
		return "Member must have length less than or equal to 256"
	}
	return ""
}

// checkRange checks an integer member against its valid range.
func checkRange(member string, v, lo, hi int64) error {
	return api.CheckRange(validationCode, member, v, lo, hi)
}

// lowerFirst names a member as AWS's validation messages do.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// streamRef is the StreamName and StreamARN members most operations take.
type streamRef struct {
	StreamName *string `json:"StreamName"`
	StreamARN  *string `json:"StreamARN"`
}

// resolve checks the members and returns the stream's name and ARN: one of
// them must be given, and both must name the same stream of this account
// and Region.
func (s *Service) resolve(r streamRef) (name, arn string, err error) {
	if r.StreamName != nil {
		if err := checkName("streamName", *r.StreamName); err != nil {
			return "", "", err
		}
	}
	if r.StreamARN != nil {
		a := *r.StreamARN
		if a == "" || len(a) > maxARNLength {
			return "", "", constraintError(a, "streamARN", "Member must have length less than or equal to 2048")
		}
		n, consumer, ok := s.parseARN(a)
		if !ok || consumer != "" {
			return "", "", constraintError(a, "streamARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+`)
		}
		if r.StreamName != nil && *r.StreamName != n {
			return "", "", api.Errorf(invalidArg, "StreamARN %s and StreamName %s do not name the same stream.", api.Clip(a, api.MaxQuoted), *r.StreamName)
		}
		return n, a, nil
	}
	if r.StreamName == nil {
		return "", "", api.Errorf(invalidArg, "Either StreamName or StreamARN should be provided.")
	}
	return *r.StreamName, s.streamARN(*r.StreamName), nil
}

func (s *Service) streamARN(name string) string {
	return "arn:aws:kinesis:" + s.region + ":" + s.account + ":stream/" + name
}

// parseARN reads a stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)
// or a consumer ARN (…:stream/NAME/consumer/CONSUMER:SECONDS) of this
// account and Region. An ARN of another account or Region names no stream
// here (ok is false).
func (s *Service) parseARN(arn string) (name, consumer string, ok bool) {
	prefix := "arn:aws:kinesis:" + s.region + ":" + s.account + ":stream/"
	rest, found := strings.CutPrefix(arn, prefix)
	if !found || rest == "" {
		return "", "", false
	}
	name, c, isConsumer := strings.Cut(rest, "/consumer/")
	if checkName("streamName", name) != nil {
		return "", "", false
	}
	if !isConsumer {
		return name, "", true
	}
	cname, secs, found := strings.Cut(c, ":")
	if !found || checkName("consumerName", cname) != nil || secs == "" || strings.Trim(secs, "0123456789") != "" {
		return "", "", false
	}
	return name, cname, true
}

// Errors every operation on a stream may return, in AWS's words (as AWS
// answers them, e.g. "Stream foo under account 123456789012 not found.").
func (s *Service) notFound(name string) error {
	return api.Errorf("ResourceNotFoundException", "Stream %s under account %s not found.", name, s.account)
}

func (s *Service) notActive(st *stream) error {
	return api.Errorf("ResourceInUseException", "Stream %s under account %s not ACTIVE, instead in state %s", st.name, s.account, st.status)
}

// find returns the stream named name once its due changes are done.
func (s *Service) find(name string, now sim.Time) (*stream, error) {
	st := s.streams[name]
	if st == nil {
		return nil, s.notFound(name)
	}
	s.settleStream(st, now)
	if s.streams[name] == nil { // its deletion completed
		return nil, s.notFound(name)
	}
	return st, nil
}

// findActive is find for control operations: the stream must be ACTIVE
// ("If a stream is in the CREATING, UPDATING, or DELETING state,
// MergeShards returns a ResourceInUseException",
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html).
func (s *Service) findActive(name string, now sim.Time) (*stream, error) {
	st, err := s.find(name, now)
	if err != nil {
		return nil, err
	}
	if st.status != statusActive {
		return nil, s.notActive(st)
	}
	return st, nil
}

// findReadable is find for reads and writes, which go on while a stream is
// UPDATING ("Read and write operations continue to work while the stream
// is in the UPDATING state") and, as AWS allows, while it is DELETING; a
// stream still CREATING is not found.
func (s *Service) findReadable(name string, now sim.Time) (*stream, error) {
	st, err := s.find(name, now)
	if err != nil {
		return nil, err
	}
	if st.status == statusCreating {
		return nil, s.notFound(name)
	}
	return st, nil
}

// action is the IAM action named like the operation on resource.
func action(op, resource string) []api.Action {
	return []api.Action{{Action: "kinesis:" + op, Resource: resource}}
}

// noOutput is the output of operations that return nothing.
type noOutput struct{}
