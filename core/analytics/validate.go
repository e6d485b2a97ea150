package analytics

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"cloudplay/core/api"
)

// Kinesis Data Analytics answers a bad member with
// InvalidArgumentException ("Specified input parameter value is
// invalid"), the request that fails for the state of a resource with
// ResourceInUseException, an unknown application with
// ResourceNotFoundException, an invalid SQL code with
// CodeValidationException, a stale CurrentApplicationVersionId with
// ConcurrentModificationException and a quota with LimitExceededException
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_CreateApplication.html#API_CreateApplication_Errors,
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_AddApplicationOutput.html#API_AddApplicationOutput_Errors).
const (
	invalidArg     = "InvalidArgumentException"
	notFoundCode   = "ResourceNotFoundException"
	inUseCode      = "ResourceInUseException"
	codeValidation = "CodeValidationException"
	concurrentMod  = "ConcurrentModificationException"
	limitExceeded  = "LimitExceededException"
)

// Constraints of the v1 API reference's shapes
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_CreateApplication.html,
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_Input.html,
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_Output.html,
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_RecordColumn.html).
const (
	maxAppName     = 128    // ApplicationName: [a-zA-Z0-9_.-]+
	maxDescription = 1024   // ApplicationDescription
	maxCode        = 102400 // ApplicationCode, in characters
	maxARN         = 2048   // ResourceARN, RoleARN
	maxNamePrefix  = 32     // Input.NamePrefix
	maxOutputName  = 32     // Output.Name
	maxColumns     = 1000   // InputSchema.RecordColumns
	maxColumnName  = 256    // playground's own bound on a column name and mapping (the reference sets none for Mapping)
	maxOutputs     = 3      // "up to three destinations" (API_CreateApplication.html)
	// maxApps is applications per Region: 50, the figure of the service's
	// limits page (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/limits.html)
	// as recalled; the stored reference could not confirm it.
	maxApps      = 50
	maxListLimit = 50 // ListApplications' Limit: 1 to 50
	// maxTags is the user-defined tags of an application: "The maximum
	// number of user-defined application tags is 50" (TooManyTagsException,
	// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_TagResource.html).
	maxTags = 50
)

// decode reads input into dst: unknown members, at any depth, are
// InvalidArgumentException naming the member.
func decode(input []byte, dst any) error {
	if err := api.Decode(input, dst, invalidArg); err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(input))
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			return api.Errorf(invalidArg, "Unknown parameter in input: %s", api.Clip(name, api.MaxQuoted+2))
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return api.Errorf(invalidArg, "Invalid type for parameter %s, value: %s, valid types: %s", api.Clip(te.Field, api.MaxQuoted), api.Clip(te.Value, api.MaxQuoted), te.Type)
		}
		return api.Errorf(invalidArg, "%s", api.Clip(msg, 2*api.MaxQuoted))
	}
	return nil
}

// constraint is the InvalidArgumentException for member whose value breaks
// constraint, worded as the service's validation messages are.
func constraint(value, member, c string) error {
	return api.ConstraintError(invalidArg, value, member, c)
}

// checkLen checks that v has lo to hi characters.
func checkLen(member, v string, lo, hi int) error {
	return api.CheckLength(invalidArg, member, v, lo, hi)
}

// checkAppName checks an ApplicationName: 1 to 128 of [a-zA-Z0-9_.-].
func checkAppName(member, v string) error {
	return api.CheckName(invalidArg, member, v, maxAppName)
}

// checkARN checks a ResourceARN or RoleARN: 1 to 2048 characters matching
// arn:.*.
func checkARN(member, v string) error {
	if err := checkLen(member, v, 1, maxARN); err != nil {
		return err
	}
	if !strings.HasPrefix(v, "arn:") {
		return constraint(v, member, "Member must satisfy regular expression pattern: arn:.*")
	}
	return nil
}

// checkInStreamName checks a NamePrefix or an output's Name: 1 to 32
// characters, none of them '-', whitespace, '<', '>' or '&' ([^-\s<>&]*).
func checkInStreamName(member, v string, hi int) error {
	if err := checkLen(member, v, 1, hi); err != nil {
		return err
	}
	if strings.ContainsAny(v, "-<>& \t\r\n\f\v") {
		return constraint(v, member, `Member must satisfy regular expression pattern: [^-\s<>&]*`)
	}
	return nil
}
