package video_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"cloudplay/core/scenario"
	"cloudplay/core/video"
)

type streamInfo struct {
	DeviceName, StreamName, StreamARN, MediaType, KmsKeyId, Version, Status, CreationTime string
	DataRetentionInHours                                                                  int64
}

type fragmentsOut struct {
	Fragments []video.Fragment
	NextToken *string
}

func (e *tenv) describe(name string) streamInfo {
	e.T.Helper()
	return into[struct{ StreamInfo streamInfo }](e, "kinesisvideo:DescribeStream", map[string]any{"StreamName": name}).StreamInfo
}

// The control plane's shapes follow the API reference: CreateStream's
// StreamARN (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_CreateStream.html),
// DescribeStream's StreamInfo, CREATING then ACTIVE, DeleteStream with
// CurrentVersion.
func TestStreamLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	arn := e.Call("kinesisvideo:CreateStream", map[string]any{"StreamName": "front-door", "DeviceName": "cam-1", "MediaType": "video/h264", "DataRetentionInHours": 24})["StreamARN"].(string)
	if !regexp.MustCompile(`^arn:aws:kinesisvideo:us-east-1:123456789012:stream/front-door/1767225600000$`).MatchString(arn) {
		t.Fatalf("StreamARN %s", arn)
	}
	info := e.describe("front-door")
	want := streamInfo{DeviceName: "cam-1", StreamName: "front-door", StreamARN: arn, MediaType: "video/h264",
		KmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/kinesisvideo", Version: info.Version, Status: "CREATING",
		CreationTime: "2026-01-01T00:00:00.000Z", DataRetentionInHours: 24}
	if info != want || !regexp.MustCompile(`^[a-zA-Z0-9]{20}$`).MatchString(info.Version) {
		t.Fatalf("DescribeStream\n got %+v\nwant %+v", info, want)
	}
	e.Fail("kinesisvideo:PutMedia", map[string]any{"StreamName": "front-door", "Payload": frames(1, 0)}, "ResourceInUseException", "Stream front-door is CREATING")
	e.Advance(video.CreateMillis)
	if s := e.describe("front-door").Status; s != "ACTIVE" {
		t.Fatalf("status %s after %d ms, want ACTIVE", s, video.CreateMillis)
	}
	e.Fail("kinesisvideo:CreateStream", map[string]any{"StreamName": "front-door"}, "ResourceInUseException", "The stream front-door already exists.")
	e.Fail("kinesisvideo:DeleteStream", map[string]any{"StreamARN": arn, "CurrentVersion": "nope"}, "VersionMismatchException", "The stream version nope is not the latest")
	e.Call("kinesisvideo:DeleteStream", map[string]any{"StreamARN": arn, "CurrentVersion": info.Version})
	if s := e.describe("front-door").Status; s != "DELETING" {
		t.Fatalf("status %s, want DELETING", s)
	}
	e.Advance(video.DeleteMillis)
	e.Fail("kinesisvideo:DescribeStream", map[string]any{"StreamName": "front-door"}, "ResourceNotFoundException", "The requested stream is not found")
	e.Fail("kinesisvideo:DescribeStream", map[string]any{"StreamARN": arn}, "ResourceNotFoundException", "The requested stream is not found")
}

// ListStreams: name order, StreamNameCondition BEGINS_WITH, MaxResults and
// NextToken (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_ListStreams.html);
// an empty list is [] and has no NextToken.
func TestListStreams(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	type page struct {
		StreamInfoList []streamInfo
		NextToken      *string
	}
	if out := e.Call("kinesisvideo:ListStreams", map[string]any{}); out["StreamInfoList"] == nil || len(out["StreamInfoList"].([]any)) != 0 || out["NextToken"] != nil {
		t.Fatalf("empty ListStreams %v", out)
	}
	for _, n := range []string{"lobby", "door-b", "door-a", "garage"} {
		e.Call("kinesisvideo:CreateStream", map[string]any{"StreamName": n})
	}
	p := into[page](e, "kinesisvideo:ListStreams", map[string]any{"MaxResults": 1, "StreamNameCondition": map[string]any{"ComparisonOperator": "BEGINS_WITH", "ComparisonValue": "door"}})
	if len(p.StreamInfoList) != 1 || p.StreamInfoList[0].StreamName != "door-a" || p.NextToken == nil {
		t.Fatalf("first page %+v", p)
	}
	p = into[page](e, "kinesisvideo:ListStreams", map[string]any{"MaxResults": 1, "NextToken": *p.NextToken, "StreamNameCondition": map[string]any{"ComparisonOperator": "BEGINS_WITH", "ComparisonValue": "door"}})
	if len(p.StreamInfoList) != 1 || p.StreamInfoList[0].StreamName != "door-b" || p.NextToken != nil {
		t.Fatalf("second page %+v", p)
	}
	p = into[page](e, "kinesisvideo:ListStreams", map[string]any{})
	var names []string
	for _, s := range p.StreamInfoList {
		names = append(names, s.StreamName)
	}
	if strings.Join(names, ",") != "door-a,door-b,garage,lobby" {
		t.Fatalf("ListStreams %v", names)
	}
}

// Bad input is refused with InvalidArgumentException naming the member,
// and the account is unchanged.
func TestInputErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("cam", 1)
	tests := []struct {
		op     string
		in     string
		prefix string
	}{
		{"kinesisvideo:CreateStream", `{"StreamName":"x","Shards":1}`, `Unknown parameter in input: "Shards"`},
		{"kinesisvideo:CreateStream", `{}`, `Missing required parameter in input: "StreamName"`},
		{"kinesisvideo:CreateStream", `{"StreamName":"a b"}`, "1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{"kinesisvideo:CreateStream", `{"StreamName":"` + strings.Repeat("n", 257) + `"}`, "1 validation error detected: Value 'nnnn"},
		{"kinesisvideo:CreateStream", `{"StreamName":"x","DataRetentionInHours":-1}`, "1 validation error detected: Value '-1' at 'dataRetentionInHours' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"kinesisvideo:CreateStream", `{"StreamName":"x","DataRetentionInHours":87601}`, "1 validation error detected: Value '87601' at 'dataRetentionInHours' failed to satisfy constraint: Member must have value less than or equal to 87600"},
		{"kinesisvideo:CreateStream", `{"StreamName":"x","MediaType":"h264"}`, "1 validation error detected: Value 'h264' at 'mediaType'"},
		{"kinesisvideo:CreateStream", `{"StreamName":"x","DataRetentionInHours":"1"}`, "Invalid type for parameter DataRetentionInHours"},
		{"kinesisvideo:DescribeStream", `{}`, "Either StreamName or StreamARN must be specified."},
		{"kinesisvideo:DescribeStream", `{"StreamName":"cam","StreamARN":"arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1"}`, "Specify either StreamName or StreamARN, not both."},
		{"kinesisvideo:DescribeStream", `{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/cam"}`, "1 validation error detected: Value 'arn:aws:kinesis:us-east-1:123456789012:stream/cam' at 'streamARN'"},
		{"kinesisvideo:ListStreams", `{"MaxResults":0}`, "1 validation error detected: Value '0' at 'maxResults'"},
		{"kinesisvideo:ListStreams", `{"StreamNameCondition":{"ComparisonOperator":"ENDS_WITH","ComparisonValue":"a"}}`, "1 validation error detected: Value 'ENDS_WITH' at 'streamNameCondition.comparisonOperator'"},
		{"kinesisvideo:ListStreams", `{"NextToken":"!!"}`, "The NextToken !! is not valid."},
		{"kinesisvideo:GetDataEndpoint", `{"StreamName":"cam","APIName":"PUT"}`, "1 validation error detected: Value 'PUT' at 'aPIName' failed to satisfy constraint: Member must satisfy enum value set: [PUT_MEDIA, GET_MEDIA"},
		{"kinesisvideo:DeleteStream", `{"StreamName":"cam"}`, `Unknown parameter in input: "StreamName"`},
		{"kinesisvideo:PutMedia", `{"StreamName":"cam","Payload":"AAAA"}`, "The payload of 3 bytes is not a whole number of 16x12 frames"},
		{"kinesisvideo:PutMedia", `{"StreamName":"cam","Payload":"` + b64(frames(video.MaxFramesPerFragment+1, 0)) + `"}`, "A fragment holds at most 200 frames"},
		{"kinesisvideo:PutMedia", `{"StreamName":"cam","Payload":"` + b64(frames(1, 0)) + `","FragmentLengthInMilliseconds":20001}`, "1 validation error detected: Value '20001' at 'fragmentLengthInMilliseconds'"},
		{"kinesisvideo:PutMedia", `{"StreamName":"cam","Payload":"` + b64(frames(1, 0)) + `","ProducerStartTimestamp":"yesterday"}`, "ProducerStartTimestamp yesterday is not an RFC 3339 time."},
		{"kinesisvideo:PutMedia", `{"StreamName":"cam","Payload":"` + b64(frames(1, 0)) + `","FragmentTimecodeType":"NOW"}`, "1 validation error detected: Value 'NOW' at 'fragmentTimecodeType'"},
		{"kinesisvideo:ListFragments", `{"StreamName":"cam","MaxResults":1001}`, "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"},
		{"kinesisvideo:ListFragments", `{"StreamName":"cam","NextToken":"abc"}`, "The NextToken abc is not valid."},
		{"kinesisvideo:ListFragments", `{"StreamName":"cam","FragmentSelector":{"FragmentSelectorType":"ARRIVAL","TimestampRange":{"StartTimestamp":0,"EndTimestamp":1}}}`, "1 validation error detected: Value 'ARRIVAL' at 'fragmentSelector.fragmentSelectorType'"},
		{"kinesisvideo:ListFragments", `{"StreamName":"cam","FragmentSelector":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":"2026-01-02T00:00:00Z","EndTimestamp":"2026-01-01T00:00:00Z"}}}`, "StartTimestamp must be before or equal to EndTimestamp."},
		{"kinesisvideo:ListFragments", `{"StreamName":"cam","FragmentSelector":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":true,"EndTimestamp":1}}}`, "Invalid timestamp for parameter FragmentSelector.TimestampRange.StartTimestamp"},
		{"kinesisvideo:GetMediaForFragmentList", `{"StreamName":"cam","Fragments":[]}`, "1 validation error detected: Value '0' at 'fragments'"},
		{"kinesisvideo:GetMediaForFragmentList", `{"StreamName":"cam","Fragments":["12a"]}`, "1 validation error detected: Value '12a' at 'fragments'"},
	}
	before := e.A.JournalLen()
	for _, tt := range tests {
		e.Fail(tt.op, tt.in, "InvalidArgumentException", tt.prefix)
	}
	if e.A.JournalLen() != before || len(e.A.View().Video.Streams) != 1 || e.A.View().Video.Streams[0].FragmentCount != 0 {
		t.Fatalf("a refused call changed the account: %+v", e.A.View().Video)
	}
	e.Fail("kinesisvideo:DescribeStream", `{"StreamName":"nope"}`, "ResourceNotFoundException", "The requested stream is not found or not active.")
	e.Fail("kinesisvideo:GetMediaForFragmentList", `{"StreamName":"cam","Fragments":["1"]}`, "ResourceNotFoundException", "Fragment 1 of stream cam is not found.")
	e.Fail("cloudplay:StartCamera", `{"CameraName":"c","StreamName":"cam","FramesPerSecond":11}`, "ValidationException", "1 validation error detected: Value '11' at 'framesPerSecond'")
	e.Fail("cloudplay:StartCamera", `{"CameraName":"c","StreamName":"nope"}`, "ResourceNotFoundException", "The requested stream is not found")
	e.Fail("cloudplay:StartMotionDetector", `{"DetectorName":"d","StreamName":"cam","Threshold":0}`, "ValidationException", "1 validation error detected: Value '0' at 'threshold'")
	e.Fail("cloudplay:TriggerMotion", `{"CameraName":"none"}`, "ResourceNotFoundException", "Camera none is not running.")
}

func b64(b []byte) string {
	out, _ := json.Marshal(b)
	return strings.Trim(string(out), `"`)
}

// GetDataEndpoint answers an https URL of the playground's own, under the
// reserved .invalid domain: never reachable.
func TestGetDataEndpoint(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	arn := e.create("cam", 1)
	a := e.Call("kinesisvideo:GetDataEndpoint", map[string]any{"StreamName": "cam", "APIName": "PUT_MEDIA"})["DataEndpoint"].(string)
	b := e.Call("kinesisvideo:GetDataEndpoint", map[string]any{"StreamARN": arn, "APIName": "GET_HLS_STREAMING_SESSION_URL"})["DataEndpoint"].(string)
	if a != b || !regexp.MustCompile(`^https://s-[0-9a-f]{8}\.kinesisvideo\.us-east-1\.cloudplay\.invalid$`).MatchString(a) {
		t.Fatalf("DataEndpoint %q and %q", a, b)
	}
}

// ListFragments selects by SERVER_TIMESTAMP or PRODUCER_TIMESTAMP, both
// ends included
// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_reader_FragmentSelector.html),
// and pages with MaxResults and NextToken; FragmentNumbers are digit
// strings that grow in ingestion order.
func TestListFragmentsSelectionAndPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("cam", 24)
	var nums []string
	for i := range 5 { // server times 00:00:02 … 00:00:06, producer times 01:00:00 … 01:00:04
		nums = append(nums, e.put("cam", 2, "2026-01-01T01:00:0"+string(rune('0'+i))+"Z"))
		e.Advance(1000)
	}
	for i, n := range nums {
		if !regexp.MustCompile(`^[0-9]{47}$`).MatchString(n) || i > 0 && n <= nums[i-1] {
			t.Fatalf("fragment numbers %v", nums)
		}
	}
	list := func(in map[string]any) fragmentsOut {
		in["StreamName"] = "cam"
		return into[fragmentsOut](e, "kinesisvideo:ListFragments", in)
	}
	all := list(map[string]any{})
	if len(all.Fragments) != 5 || all.NextToken != nil {
		t.Fatalf("all %+v", all)
	}
	f := all.Fragments[1]
	if f.FragmentNumber != nums[1] || f.FragmentSizeInBytes != 2*192 || f.ServerTimestamp != "2026-01-01T00:00:03.000Z" ||
		f.ProducerTimestamp != "2026-01-01T01:00:01.000Z" || f.FragmentLengthInMilliseconds != 1000 {
		t.Fatalf("fragment %+v", f)
	}
	sel := func(typ, start, end string) map[string]any {
		return map[string]any{"FragmentSelector": map[string]any{"FragmentSelectorType": typ, "TimestampRange": map[string]any{"StartTimestamp": start, "EndTimestamp": end}}}
	}
	got := list(sel("SERVER_TIMESTAMP", "2026-01-01T00:00:03Z", "2026-01-01T00:00:05Z"))
	if len(got.Fragments) != 3 || got.Fragments[0].FragmentNumber != nums[1] || got.Fragments[2].FragmentNumber != nums[3] {
		t.Fatalf("server range: %+v", got.Fragments)
	}
	got = list(sel("PRODUCER_TIMESTAMP", "2026-01-01T01:00:03.500Z", "2026-01-01T02:00:00Z"))
	if len(got.Fragments) != 1 || got.Fragments[0].FragmentNumber != nums[4] {
		t.Fatalf("producer range: %+v", got.Fragments)
	}
	got = list(map[string]any{"FragmentSelector": map[string]any{"FragmentSelectorType": "SERVER_TIMESTAMP",
		"TimestampRange": map[string]any{"StartTimestamp": 1767225604, "EndTimestamp": 1767225700}}})
	if len(got.Fragments) != 3 {
		t.Fatalf("range in epoch seconds: %+v", got.Fragments)
	}
	var paged []string
	in := map[string]any{"MaxResults": 2}
	for range 10 {
		p := list(in)
		for _, f := range p.Fragments {
			paged = append(paged, f.FragmentNumber)
		}
		if p.NextToken == nil {
			break
		}
		if len(p.Fragments) != 2 {
			t.Fatalf("page of %d with a NextToken", len(p.Fragments))
		}
		in = map[string]any{"MaxResults": 2, "NextToken": *p.NextToken}
	}
	if strings.Join(paged, ",") != strings.Join(nums, ",") {
		t.Fatalf("paged %v\nwant %v", paged, nums)
	}
	// GetMediaForFragmentList returns the payloads in the order asked.
	var media struct {
		ContentType string
		Payload     []byte
	}
	out, err := e.Raw("", "kinesisvideo:GetMediaForFragmentList", map[string]any{"StreamName": "cam", "Fragments": []string{nums[2], nums[0]}})
	if err != nil || json.Unmarshal(out, &media) != nil {
		t.Fatal(err)
	}
	if media.ContentType != "application/x-cloudplay-frames" || string(media.Payload) != string(append(frames(2, 0), frames(2, 0)...)) {
		t.Fatalf("media %s, %d bytes", media.ContentType, len(media.Payload))
	}
}

// Fragments older than DataRetentionInHours are dropped; a stream with 0
// keeps none: "the default value is 0, indicating that the stream does
// not persist data" (CreateStream), so PutMedia acknowledges no PERSISTED
// and ListFragments lists nothing, while the host buffer keeps it five
// minutes.
func TestRetention(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("day", 1)
	e.create("live", 0)
	e.put("day", 1, "")
	acks := into[struct{ Acks []video.Ack }](e, "kinesisvideo:PutMedia", map[string]any{"StreamName": "live", "Payload": frames(1, 0)}).Acks
	if len(acks) != 2 || acks[0].EventType != "BUFFERING" || acks[1].EventType != "RECEIVED" {
		t.Fatalf("acks of a stream keeping no data: %+v", acks)
	}
	if got := into[fragmentsOut](e, "kinesisvideo:ListFragments", map[string]any{"StreamName": "live"}); len(got.Fragments) != 0 {
		t.Fatalf("ListFragments of a stream keeping no data: %+v", got)
	}
	count := func(name string) int {
		for _, s := range e.A.View().Video.Streams {
			if s.Name == name {
				return s.FragmentCount
			}
		}
		return -1
	}
	if count("live") != 1 {
		t.Fatalf("live buffers %d fragments", count("live"))
	}
	e.Advance(5*60*1000 + 1)
	if count("live") != 0 || count("day") != 1 {
		t.Fatalf("after five minutes live %d day %d", count("live"), count("day"))
	}
	e.Advance(3600 * 1000)
	if got := into[fragmentsOut](e, "kinesisvideo:ListFragments", map[string]any{"StreamName": "day"}); len(got.Fragments) != 0 || count("day") != 0 {
		t.Fatalf("after an hour the one-hour stream keeps %+v", got)
	}
}

// A stream keeps at most MaxFragmentsPerStream fragments, the oldest
// dropped first (the playground's bound).
func TestFragmentBound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("cam", 24)
	first := e.put("cam", 1, "")
	for range video.MaxFragmentsPerStream {
		e.put("cam", 1, "")
	}
	got := into[fragmentsOut](e, "kinesisvideo:ListFragments", map[string]any{"StreamName": "cam", "MaxResults": 1000})
	if len(got.Fragments) != video.MaxFragmentsPerStream || got.Fragments[0].FragmentNumber == first {
		t.Fatalf("kept %d fragments, first %s", len(got.Fragments), got.Fragments[0].FragmentNumber)
	}
	e.Fail("kinesisvideo:GetMediaForFragmentList", map[string]any{"StreamName": "cam", "Fragments": []string{first}}, "ResourceNotFoundException", "Fragment "+first)
	if v := e.A.View().Video.Streams[0]; len(v.Fragments) != video.MaxViewFragments || v.FragmentCount != video.MaxFragmentsPerStream {
		t.Fatalf("view shows %d of %d", len(v.Fragments), v.FragmentCount)
	}
}

// IAM applies: a user without kinesisvideo:CreateStream is refused with
// AccessDeniedException, as Kinesis Video Streams answers (HTTP 403), and
// nothing is created.
func TestControlPlaneDenied(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.user("Bob", "kinesisvideo:DescribeStream")
	e.FailAs(bob, "kinesisvideo:CreateStream", map[string]any{"StreamName": "cam"}, "AccessDeniedException", "")
	if len(e.A.View().Video.Streams) != 0 {
		t.Fatal("a denied CreateStream created a stream")
	}
}

// A camera started by a user who may not kinesisvideo:PutMedia stops with
// AWS's error in its view, and the stream gets nothing; a detector whose
// starter may not ListFragments stops the same way.
func TestCameraAndDetectorDenied(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("cam", 24)
	bob := e.user("Bob", "kinesisvideo:DescribeStream")
	if _, err := e.Raw(bob, "cloudplay:StartCamera", map[string]any{"CameraName": "c", "StreamName": "cam"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Raw(bob, "cloudplay:StartMotionDetector", map[string]any{"DetectorName": "d", "StreamName": "cam"}); err != nil {
		t.Fatal(err)
	}
	e.Advance(4000)
	v := e.A.View().Video
	c, d := v.Cameras[0], v.Detectors[0]
	if c.Status != "STOPPED" || c.LastError == nil || c.LastError.Code != "AccessDeniedException" || !strings.Contains(c.LastError.Message, "kinesisvideo:PutMedia") {
		t.Fatalf("camera %+v %+v", c, c.LastError)
	}
	if d.Status != "STOPPED" || d.LastError == nil || d.LastError.Code != "AccessDeniedException" {
		t.Fatalf("detector %+v %+v", d, d.LastError)
	}
	if v.Streams[0].FragmentCount != 0 {
		t.Fatalf("the stream got %d fragments", v.Streams[0].FragmentCount)
	}
	// Bob may put: his camera runs.
	e2 := newEnv(t)
	e2.create("cam", 24)
	carol := e2.user("Carol", "kinesisvideo:PutMedia")
	if _, err := e2.Raw(carol, "cloudplay:StartCamera", map[string]any{"CameraName": "c", "StreamName": "cam"}); err != nil {
		t.Fatal(err)
	}
	e2.Advance(4000)
	if c := e2.A.View().Video.Cameras[0]; c.Status != "RUNNING" || c.FragmentsSent != 2 || c.Caller != carol {
		t.Fatalf("allowed camera %+v", c)
	}
}

// A camera started while its stream is CREATING waits, then films; the
// still room never sets off the detector, TriggerMotion does, at the
// trigger's time; StopCamera stops the fragments.
func TestTriggerMotion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("kinesisvideo:CreateStream", map[string]any{"StreamName": "cam", "DataRetentionInHours": 1})
	e.Call("cloudplay:StartCamera", map[string]any{"CameraName": "c", "StreamName": "cam", "FragmentMillis": 1000, "FramesPerSecond": 4})
	e.Call("cloudplay:StartMotionDetector", map[string]any{"DetectorName": "d", "StreamName": "cam"})
	e.Advance(20000)
	v := e.A.View().Video
	if v.Cameras[0].FragmentsSent != 19 || v.Cameras[0].Status != "RUNNING" {
		t.Fatalf("camera %+v", v.Cameras[0])
	}
	if d := v.Detectors[0]; d.Motions != 0 || d.FragmentsRead < 17 || d.LastChangedPercent != 0 {
		t.Fatalf("the still room set off the detector: %+v", d)
	}
	if len(v.Cameras[0].LatestFrame) != video.FrameWidth*video.FrameHeight {
		t.Fatalf("latest frame of %d bytes", len(v.Cameras[0].LatestFrame))
	}
	at := e.A.Now()
	e.Call("cloudplay:TriggerMotion", map[string]any{"CameraName": "c"})
	e.Advance(3000)
	d := e.A.View().Video.Detectors[0]
	if d.Motions == 0 || d.Events[0].Time != at {
		t.Fatalf("after TriggerMotion at %s: %+v", at.Milli(), d)
	}
	e.Call("cloudplay:StopCamera", map[string]any{"CameraName": "c"})
	sent := e.A.View().Video.Cameras[0].FragmentsSent
	e.Advance(5000)
	if c := e.A.View().Video.Cameras[0]; c.FragmentsSent != sent || c.Status != "STOPPED" {
		t.Fatalf("stopped camera %+v", c)
	}
}

// An export replays into the same video view: actors are not journaled,
// their start steps are, and replay makes their calls again.
func TestExportReplays(t *testing.T) {
	t.Parallel()
	a, m := loadBuiltinMeta(t, "video-security-camera")
	if _, err := a.Call(a.RootARN(), "cloudplay:TriggerMotion", []byte(`{"CameraName":"front-door-camera"}`)); err != nil {
		t.Fatal(err)
	}
	if err := a.Advance(5000); err != nil {
		t.Fatal(err)
	}
	b, _, err := scenario.Load(scenario.Export(a, m))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(a.View().Video)
	y, _ := json.Marshal(b.View().Video)
	if string(x) != string(y) {
		t.Fatalf("replayed view differs:\n%s\n%s", x, y)
	}
}

// Request rates per simulated second, from the quotas page
// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/limits.html):
// DescribeStream 5 a second per stream, GetMediaForFragmentList 5, then
// ClientLimitExceededException; the next second is allowed again.
func TestRequestRates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create("cam", 1)
	e.create("other", 1)
	n := e.put("cam", 1, "")
	const msg = "Kinesis Video Streams has throttled the request because you have exceeded the limit of allowed client calls."
	for range 5 {
		e.describe("cam")
		e.Call("kinesisvideo:GetMediaForFragmentList", map[string]any{"StreamName": "cam", "Fragments": []string{n}})
	}
	e.Fail("kinesisvideo:DescribeStream", map[string]any{"StreamName": "cam"}, "ClientLimitExceededException", msg)
	e.Fail("kinesisvideo:GetMediaForFragmentList", map[string]any{"StreamName": "cam", "Fragments": []string{n}}, "ClientLimitExceededException", msg)
	e.describe("other") // another stream has its own 5
	e.Advance(1000)
	e.describe("cam")
	for i := range 50 {
		e.Call("kinesisvideo:CreateStream", map[string]any{"StreamName": "s" + strings.Repeat("x", i)})
	}
	e.Fail("kinesisvideo:CreateStream", map[string]any{"StreamName": "one-too-many"}, "ClientLimitExceededException", msg)
}

// CreateStream's Tags are authorised with CreateStream and its condition
// keys aws:TagKeys and aws:RequestTag/${TagKey}: a policy that allows it
// only with team=video refuses other tags.
func TestCreateStreamTagConditions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("iam:CreateUser", map[string]any{"UserName": "Vic"})
	pol := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesisvideo:CreateStream","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"video"}}}]}`
	e.Call("iam:PutUserPolicy", map[string]any{"UserName": "Vic", "PolicyName": "p", "PolicyDocument": pol})
	vic := "arn:aws:iam::123456789012:user/Vic"
	if _, err := e.Raw(vic, "kinesisvideo:CreateStream", map[string]any{"StreamName": "a", "Tags": map[string]string{"team": "video"}}); err != nil {
		t.Fatal(err)
	}
	e.FailAs(vic, "kinesisvideo:CreateStream", map[string]any{"StreamName": "b", "Tags": map[string]string{"team": "ops"}}, "AccessDeniedException", "")
	e.FailAs(vic, "kinesisvideo:CreateStream", map[string]any{"StreamName": "c"}, "AccessDeniedException", "")
	if n := len(e.A.View().Video.Streams); n != 1 {
		t.Fatalf("%d streams", n)
	}
}
