package actor

import (
	"fmt"
	"strings"

	"cloudplay/core/api"
)

// The playground's own service answers as AWS's JSON services do: a member
// that breaks its constraints is ValidationException worded "1 validation
// error detected: Value 'x' at 'member' failed to satisfy constraint:
// ..." (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html);
// an actor that does not exist is ResourceNotFoundException, a name in use
// ResourceInUseException, too many actors LimitExceededException.
const validationCode = "ValidationException"

func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// constraintError is the ValidationException for member whose value
// breaks constraint.
func constraintError(value, member, constraint string) error {
	return api.Errorf(validationCode, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s",
		api.Clip(value, api.MaxQuoted), member, constraint)
}

// Limits of the actor operations' members (actors-contract.md), the
// playground's own.
const (
	maxNameLength = 64
	namePattern   = "[a-zA-Z0-9_.-]+"
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
	if v == "" {
		return constraintError(v, member, "Member must have length greater than or equal to 1")
	}
	if len([]rune(v)) > maxNameLength {
		return constraintError(v, member, fmt.Sprintf("Member must have length less than or equal to %d", maxNameLength))
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return constraintError(v, member, "Member must satisfy regular expression pattern: "+namePattern)
		}
	}
	return nil
}

// checkRange checks an integer member against its range.
func checkRange(member string, v *int64, lo, hi int64) error {
	if v == nil {
		return nil
	}
	if *v < lo {
		return constraintError(fmt.Sprint(*v), member, fmt.Sprintf("Member must have value greater than or equal to %d", lo))
	}
	if *v > hi {
		return constraintError(fmt.Sprint(*v), member, fmt.Sprintf("Member must have value less than or equal to %d", hi))
	}
	return nil
}

// checkEnum checks a member against its values.
func checkEnum(member, v string, values ...string) error {
	for _, x := range values {
		if v == x {
			return nil
		}
	}
	return constraintError(v, member, "Member must satisfy enum value set: ["+strings.Join(values, ", ")+"]")
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
