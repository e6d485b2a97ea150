package firehose

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The inputs of the section's controls, as the AWS CLI's JSON takes them.
// A number typed is sent as a number; anything else as the text typed, for
// the engine to refuse in AWS's words.

// CreateForm is what the create form holds.
type CreateForm struct {
	Name string
	// Source is "" for Direct PUT, else the ARN of the Kinesis stream read.
	Source    string
	BucketARN string
	RoleARN   string
	Prefix    string
	SizeMB    string // "" for the default
	Interval  string // seconds, "" for the default
}

// CreateInput is firehose:CreateDeliveryStream's input for f: an extended
// S3 destination writing as the role, with the buffering hints typed (AWS
// takes both or neither: the form sends both, a blank one as its default),
// and for a Kinesis source the stream read as the same role
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html).
func CreateInput(f CreateForm) []byte {
	dest := map[string]any{"RoleARN": f.RoleARN, "BucketARN": f.BucketARN}
	if p := f.Prefix; p != "" {
		dest["Prefix"] = p
	}
	dest["BufferingHints"] = map[string]any{
		"SizeInMBs":         numberOr(f.SizeMB, DefaultSizeMB),
		"IntervalInSeconds": numberOr(f.Interval, DefaultIntervalSec),
	}
	in := map[string]any{"DeliveryStreamName": f.Name, "ExtendedS3DestinationConfiguration": dest}
	if f.Source == "" {
		in["DeliveryStreamType"] = TypeDirectPut
	} else {
		in["DeliveryStreamType"] = TypeKinesisSource
		in["KinesisStreamSourceConfiguration"] = map[string]any{"KinesisStreamARN": f.Source, "RoleARN": f.RoleARN}
	}
	return marshal(in)
}

// numberOr is s as a JSON number when it is an integer, def when it is
// blank, else the text itself.
func numberOr(s string, def int) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	return s
}

// PutRecordInput is firehose:PutRecord's input: the text typed as the
// record's bytes (base64 in JSON, as the CLI shows blobs). Firehose adds
// no delimiter; the learner types one if they want it.
func PutRecordInput(stream, text string) []byte {
	return marshal(map[string]any{"DeliveryStreamName": stream, "Record": map[string]any{"Data": []byte(text)}})
}

// DeleteInput is firehose:DeleteDeliveryStream's input.
func DeleteInput(stream string) []byte {
	return marshal(map[string]any{"DeliveryStreamName": stream})
}

// GetObjectInput is s3:GetObject's input for a delivered object.
func GetObjectInput(bucket, key string) []byte {
	return marshal(map[string]any{"Bucket": bucket, "Key": key})
}

// PutSummary says what a PutRecord of text answered: the record's size
// and the start of its RecordId, and that it waits in the buffer.
func PutSummary(text string, out []byte) string {
	var v struct{ RecordId string }
	_ = json.Unmarshal(out, &v)
	id := v.RecordId
	if r := []rune(id); len(r) > 16 {
		id = string(r[:16]) + "…"
	}
	return "Put " + BytesText(int64(len(text))) + " as record " + id + ": it waits in the buffer until a hint fills."
}
