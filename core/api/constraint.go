package api

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ValidationCode is the error code AWS's JSON services (Kinesis, Firehose,
// ...) answer a member that breaks its constraints with
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html).
// Some services answer the same wording under another code (Kinesis Video
// Streams and Kinesis Data Analytics: InvalidArgumentException), so the
// functions below take the code as a parameter.
const ValidationCode = "ValidationException"

// NamePattern is the pattern of the JSON services' resource names
// (StreamName, DeliveryStreamName, ApplicationName, ...), as their
// messages quote it.
const NamePattern = "[a-zA-Z0-9_.-]+"

// ConstraintError is the error, with code, for member whose value breaks
// constraint, worded as AWS's JSON services word validation:
//
//	1 validation error detected: Value 'x' at 'streamName' failed to satisfy constraint: Member must ...
//
// member is named as AWS names it in messages (first letter lower-cased,
// list items as records.1.member.data); value is quoted by its first
// [MaxQuoted] code points.
func ConstraintError(code, value, member, constraint string) *Error {
	return Errorf(code, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s",
		Clip(value, MaxQuoted), member, constraint)
}

// CheckLength checks that v has lo to hi characters (Unicode code points).
func CheckLength(code, member, v string, lo, hi int) error {
	n := utf8.RuneCountInString(v)
	if n < lo {
		return ConstraintError(code, v, member, fmt.Sprintf("Member must have length greater than or equal to %d", lo))
	}
	if n > hi {
		return ConstraintError(code, v, member, fmt.Sprintf("Member must have length less than or equal to %d", hi))
	}
	return nil
}

// CheckName checks a name member: 1 to max characters of [NamePattern].
func CheckName(code, member, v string, max int) error {
	if err := CheckLength(code, member, v, 1, max); err != nil {
		return err
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return ConstraintError(code, v, member, "Member must satisfy regular expression pattern: "+NamePattern)
		}
	}
	return nil
}

// CheckRange checks an integer member against its range lo to hi.
func CheckRange(code, member string, v, lo, hi int64) error {
	if v < lo {
		return ConstraintError(code, fmt.Sprint(v), member, fmt.Sprintf("Member must have value greater than or equal to %d", lo))
	}
	if v > hi {
		return ConstraintError(code, fmt.Sprint(v), member, fmt.Sprintf("Member must have value less than or equal to %d", hi))
	}
	return nil
}

// CheckEnum checks that v is one of values.
func CheckEnum(code, member, v string, values ...string) error {
	for _, x := range values {
		if v == x {
			return nil
		}
	}
	return ConstraintError(code, v, member, "Member must satisfy enum value set: ["+strings.Join(values, ", ")+"]")
}
