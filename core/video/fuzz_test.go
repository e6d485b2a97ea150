package video_test

import (
	"encoding/json"
	"errors"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// FuzzVideoInput feeds arbitrary input to every Kinesis Video Streams
// operation and every camera operation. It must never panic; a refusal is
// an *api.Error with one of the service's codes and a bounded message; a
// success is a JSON object; the account stays able to advance (cameras
// and detectors started by the input then run).
func FuzzVideoInput(f *testing.F) {
	ops := []string{"kinesisvideo:CreateStream", "kinesisvideo:DescribeStream", "kinesisvideo:ListStreams",
		"kinesisvideo:DeleteStream", "kinesisvideo:GetDataEndpoint", "kinesisvideo:PutMedia", "kinesisvideo:ListFragments",
		"kinesisvideo:GetMediaForFragmentList", "cloudplay:StartCamera", "cloudplay:StopCamera", "cloudplay:TriggerMotion",
		"cloudplay:StartMotionDetector", "cloudplay:StopMotionDetector"}
	for _, s := range []string{
		`{"StreamName":"cam","DataRetentionInHours":24,"MediaType":"video/h264,audio/aac","Tags":{"a":"b"}}`,
		`{"StreamARN":"arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1767225600000"}`,
		`{"StreamName":"cam","APIName":"GET_MEDIA"}`,
		`{"MaxResults":1,"StreamNameCondition":{"ComparisonOperator":"BEGINS_WITH","ComparisonValue":"c"},"NextToken":"Y2Ft"}`,
		`{"StreamName":"cam","Payload":"` + b64(frames(2, 7)) + `","ProducerStartTimestamp":"2026-01-01T00:00:00Z","FragmentLengthInMilliseconds":20000}`,
		`{"StreamName":"cam","MaxResults":1000,"NextToken":"1","FragmentSelector":{"FragmentSelectorType":"PRODUCER_TIMESTAMP","TimestampRange":{"StartTimestamp":-1e300,"EndTimestamp":1e300}}}`,
		`{"StreamName":"cam","Fragments":["1767225600000000000000000000000000000000000000001","0"]}`,
		`{"CameraName":"c","StreamName":"cam","FragmentMillis":500,"FramesPerSecond":10,"MotionAt":[0,1,86400]}`,
		`{"DetectorName":"d","StreamName":"cam","Threshold":1,"Level":1}`,
		`{"CameraName":"c"}`, `{"DetectorName":"d"}`,
		`{}`, `null`, `[]`, `{"StreamName":null}`, `{"DataRetentionInHours":1e30,"StreamName":"x"}`, `{"StreamName":"\u00e9"}`,
	} {
		for i := range ops {
			f.Add(uint8(i), []byte(s))
		}
	}
	codes := map[string]bool{"InvalidArgumentException": true, "ValidationException": true, "ResourceNotFoundException": true,
		"ResourceInUseException": true, "LimitExceededException": true, "SerializationException": true, "VersionMismatchException": true,
		"TagsPerResourceExceededLimitException": true, "AccountStreamLimitExceededException": true,
		"ClientLimitExceededException": true}
	f.Fuzz(func(t *testing.T, op uint8, in []byte) {
		a := cloud.New(cloud.Config{Seed: 3})
		root := a.RootARN()
		a.Call(root, "kinesisvideo:CreateStream", []byte(`{"StreamName":"cam","DataRetentionInHours":1}`))
		a.Advance(2000)
		a.Call(root, "kinesisvideo:PutMedia", []byte(`{"StreamName":"cam","Payload":"`+b64(frames(1, 0))+`"}`))
		name := ops[int(op)%len(ops)]
		out, err := a.Call(root, name, in)
		if err != nil {
			var e *api.Error
			if !errors.As(err, &e) || !codes[e.Code] || len(e.Message) > 2000 {
				t.Fatalf("%s %q: %v", name, in, err)
			}
		} else {
			var m map[string]any
			if json.Unmarshal(out, &m) != nil {
				t.Fatalf("%s %q: output %q", name, in, out)
			}
		}
		if err := a.Advance(3000); err != nil {
			t.Fatalf("advance after %s %q: %v", name, in, err)
		}
	})
}
