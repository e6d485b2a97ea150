package actor

import (
	"strings"

	"cloudplay/core/api"
)

// The playground's own service answers as AWS's JSON services do: a member
// that breaks its constraints is ValidationException worded "1 validation
// error detected: Value 'x' at 'member' failed to satisfy constraint:
// ..." (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html);
// an actor that does not exist is ResourceNotFoundException, a name in use
// ResourceInUseException, too many actors LimitExceededException.
const validationCode = api.ValidationCode

func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// constraintError is the ValidationException for member whose value
// breaks constraint.
func constraintError(value, member, constraint string) error {
	return api.ConstraintError(validationCode, value, member, constraint)
}

// Limits of the actor operations' members (actors-contract.md), the
// playground's own.
const (
	maxNameLength = 64
	maxRate       = 1_000_000 // RecordsPerSecond
	maxKeys       = 100_000   // Keys
	maxRecordData = 1 << 20   // RecordBytes: 1 MiB, a record's default maximum size (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html)
	maxStreamRef  = 2048      // a StreamARN's length (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html)
	minPoll       = 200       // PollIntervalMillis: GetRecords serves 5 calls a second per shard
	maxPoll       = 60_000
	maxLimit      = 10_000 // GetRecords' Limit (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html)
)

// checkName checks an actor name member: 1 to 64 characters of
// [a-zA-Z0-9_.-].
func checkName(member, v string) error {
	return api.CheckName(validationCode, member, v, maxNameLength)
}

// checkRange checks an optional integer member against its range: an
// absent member passes.
func checkRange(member string, v *int64, lo, hi int64) error {
	if v == nil {
		return nil
	}
	return api.CheckRange(validationCode, member, *v, lo, hi)
}

// checkEnum checks a member against its values.
func checkEnum(member, v string, values ...string) error {
	return api.CheckEnum(validationCode, member, v, values...)
}

// streamRef reads StreamName or StreamARN (exactly one), returning the
// reference to look up.
func streamRef(name, arn *string) (string, error) {
	switch {
	case name != nil && arn != nil:
		return "", api.Errorf(validationCode, "Specify either StreamName or StreamARN, not both.")
	case name != nil:
		if *name == "" || len(*name) > 128 {
			return "", constraintError(*name, "streamName", "Member must have length between 1 and 128")
		}
		return *name, nil
	case arn != nil:
		if *arn == "" || len(*arn) > maxStreamRef || !strings.HasPrefix(*arn, "arn:") {
			return "", constraintError(*arn, "streamARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+`)
		}
		return *arn, nil
	}
	return "", api.Errorf(validationCode, "Either StreamName or StreamARN must be provided.")
}

// notFound is the answer for an actor that does not exist or is stopped.
func notFound(kind, name string) error {
	return api.Errorf("ResourceNotFoundException", "%s %s is not running.", kind, api.Clip(name, api.MaxQuoted))
}
