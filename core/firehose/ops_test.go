package firehose_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/firehose"
)

// prepare returns the Prepare of op of a bare service.
func prepare(t *testing.T, op string) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	t.Helper()
	for _, o := range firehose.New("123456789012", "us-east-1", 1<<20).Ops() {
		if o.Name == op {
			return o.Prepare
		}
	}
	t.Fatalf("no operation %s", op)
	return nil
}

func b64(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }

func batch(name string, sizes ...int) map[string]any {
	recs := []any{}
	for _, n := range sizes {
		recs = append(recs, map[string]any{"Data": b64(n)})
	}
	return map[string]any{"DeliveryStreamName": name, "Records": recs}
}

// CreateDeliveryStream: CREATING, then ACTIVE after 5 s; puts before then
// are ResourceInUseException; a second stream of the name is
// ResourceInUseException; an unknown name is AWS's not-found message.
func TestCreateLifecycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	out := w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "s",
		"S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}})
	if out["DeliveryStreamARN"] != "arn:aws:firehose:us-east-1:123456789012:deliverystream/s" {
		t.Fatalf("output %v", out)
	}
	_, err := w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": "eA=="}})
	wantCode(t, err, "ResourceInUseException", "CREATING")
	_, err = w.try("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "s",
		"S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}})
	wantCode(t, err, "ResourceInUseException", "already exists")
	if v := w.stream("s"); v.Status != "CREATING" || v.BufferSizeBytes != 5<<20 || v.BufferIntervalMillis != 300000 || v.Type != "DirectPut" {
		t.Fatalf("view %+v", v)
	}
	w.advance(5)
	if v := w.stream("s"); v.Status != "ACTIVE" {
		t.Fatalf("status %s", v.Status)
	}
	_, err = w.try("firehose:DescribeDeliveryStream", map[string]any{"DeliveryStreamName": "nope"})
	wantCode(t, err, "ResourceNotFoundException", "Firehose nope under account 123456789012 not found.")
	w.call("firehose:DeleteDeliveryStream", map[string]any{"DeliveryStreamName": "s"})
	if v := w.stream("s"); v.Status != "DELETING" {
		t.Fatalf("status %s", v.Status)
	}
	w.advance(5)
	if len(w.a.View().Firehose.DeliveryStreams) != 0 {
		t.Fatal("the stream is still there")
	}
}

// DescribeDeliveryStream's shape: both S3 descriptions, VersionId,
// HasMoreDestinations false; a Kinesis source's description.
func TestDescribeShape(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.call("kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
	w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "s", "DeliveryStreamType": "KinesisStreamAsSource",
		"KinesisStreamSourceConfiguration": map[string]any{"KinesisStreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/gps", "RoleARN": role},
		"ExtendedS3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket, "Prefix": "gps/", "ErrorOutputPrefix": "errors/",
			"BufferingHints": map[string]any{"SizeInMBs": 64, "IntervalInSeconds": 60}, "CompressionFormat": "UNCOMPRESSED"}})
	w.advance(5)
	out := w.call("firehose:DescribeDeliveryStream", map[string]any{"DeliveryStreamName": "s"})
	b, _ := json.Marshal(out)
	want := `{"DeliveryStreamDescription":{"CreateTimestamp":"2026-01-01T00:00:00Z","DeliveryStreamARN":"arn:aws:firehose:us-east-1:123456789012:deliverystream/s","DeliveryStreamName":"s","DeliveryStreamStatus":"ACTIVE","DeliveryStreamType":"KinesisStreamAsSource","Destinations":[{"DestinationId":"destinationId-000000000001","ExtendedS3DestinationDescription":{"BucketARN":"arn:aws:s3:::monthly-report","BufferingHints":{"IntervalInSeconds":60,"SizeInMBs":64},"CompressionFormat":"UNCOMPRESSED","EncryptionConfiguration":{"NoEncryptionConfig":"NoEncryption"},"ErrorOutputPrefix":"errors/","Prefix":"gps/","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery","S3BackupMode":"Disabled"},"S3DestinationDescription":{"BucketARN":"arn:aws:s3:::monthly-report","BufferingHints":{"IntervalInSeconds":60,"SizeInMBs":64},"CompressionFormat":"UNCOMPRESSED","EncryptionConfiguration":{"NoEncryptionConfig":"NoEncryption"},"ErrorOutputPrefix":"errors/","Prefix":"gps/","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery"}}],"HasMoreDestinations":false,"Source":{"KinesisStreamSourceDescription":{"DeliveryStartTimestamp":"2026-01-01T00:00:05Z","KinesisStreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/gps","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery"}},"VersionId":"1"}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	_, err := w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": "eA=="}})
	wantCode(t, err, "InvalidArgumentException", "not permitted on KinesisStreamAsSource")
	_, err = w.try("firehose:PutRecordBatch", batch("s", 1))
	wantCode(t, err, "InvalidArgumentException", "not permitted on KinesisStreamAsSource")
}

// Bad input: each refused with AWS's code, naming the member, and the
// account has no stream afterwards.
func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	dest := map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}
	with := func(k string, v any) map[string]any {
		m := map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}
		m[k] = v
		return m
	}
	tests := []struct {
		name      string
		in        map[string]any
		code, msg string
	}{
		{"unknown member", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": dest, "Bogus": 1}, "ValidationException", `Unknown parameter in input: "Bogus"`},
		{"bad name", map[string]any{"DeliveryStreamName": "a b", "S3DestinationConfiguration": dest}, "ValidationException", "deliveryStreamName"},
		{"long name", map[string]any{"DeliveryStreamName": strings.Repeat("a", 65), "S3DestinationConfiguration": dest}, "ValidationException", "less than or equal to 64"},
		{"no destination", map[string]any{"DeliveryStreamName": "s"}, "InvalidArgumentException", "destination"},
		{"two destinations", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": dest, "ExtendedS3DestinationConfiguration": dest}, "InvalidArgumentException", "Only one"},
		{"size 0", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("BufferingHints", map[string]any{"SizeInMBs": 0})}, "ValidationException", "s3DestinationConfiguration.bufferingHints.sizeInMBs"},
		{"size 129", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("BufferingHints", map[string]any{"SizeInMBs": 129})}, "ValidationException", "less than or equal to 128"},
		{"interval 901", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("BufferingHints", map[string]any{"IntervalInSeconds": 901})}, "ValidationException", "less than or equal to 900"},
		{"gzip", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("CompressionFormat", "GZIP")}, "InvalidArgumentException", "not simulated"},
		{"bad compression", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("CompressionFormat", "BROTLI")}, "ValidationException", "enum value set"},
		{"bad bucket", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": with("BucketARN", "monthly-report")}, "ValidationException", "bucketARN"},
		{"no role", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": map[string]any{"BucketARN": "arn:aws:s3:::b"}}, "ValidationException", "RoleARN"},
		{"kinesis without source", map[string]any{"DeliveryStreamName": "s", "DeliveryStreamType": "KinesisStreamAsSource", "S3DestinationConfiguration": dest}, "InvalidArgumentException", "KinesisStreamSourceConfiguration"},
		{"msk", map[string]any{"DeliveryStreamName": "s", "DeliveryStreamType": "MSKAsSource", "S3DestinationConfiguration": dest}, "InvalidArgumentException", "not simulated"},
		{"bad type", map[string]any{"DeliveryStreamName": "s", "DeliveryStreamType": "Kafka", "S3DestinationConfiguration": dest}, "ValidationException", "deliveryStreamType"},
		{"51 tags", map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": dest, "Tags": tags(51)}, "ValidationException", "tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.setup(canPut)
			_, err := w.try("firehose:CreateDeliveryStream", tt.in)
			wantCode(t, err, tt.code, tt.msg)
			if len(w.a.View().Firehose.DeliveryStreams) != 0 {
				t.Fatal("a stream was made")
			}
		})
	}
}

func tags(n int) []any {
	out := []any{}
	for i := range n {
		out = append(out, map[string]any{"Key": fmt.Sprintf("k%02d", i), "Value": "v"})
	}
	return out
}

// Creating needs iam:PassRole on the role handed to Firehose (with
// iam:PassedToService firehose.amazonaws.com), and Tags need
// firehose:TagDeliveryStream.
func TestCreateNeedsPassRoleAndTagging(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.call("iam:CreateUser", map[string]any{"UserName": "Bob"})
	bob := "arn:aws:iam::123456789012:user/Bob"
	allow := func(actions ...string) {
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}}})
		w.call("iam:PutUserPolicy", map[string]any{"UserName": "Bob", "PolicyName": "p", "PolicyDocument": string(doc)})
	}
	in := func(withTags bool) []byte {
		m := map[string]any{"DeliveryStreamName": "s", "S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}}
		if withTags {
			m["Tags"] = tags(1)
		}
		b, _ := json.Marshal(m)
		return b
	}
	allow("firehose:CreateDeliveryStream")
	_, err := w.a.Call(bob, "firehose:CreateDeliveryStream", in(false))
	wantCode(t, err, "AccessDeniedException", "iam:PassRole")
	allow("firehose:CreateDeliveryStream", "iam:PassRole")
	_, err = w.a.Call(bob, "firehose:CreateDeliveryStream", in(true))
	wantCode(t, err, "AccessDeniedException", "firehose:TagDeliveryStream")
	if _, err := w.a.Call(bob, "firehose:CreateDeliveryStream", in(false)); err != nil {
		t.Fatal(err)
	}
}

// PutRecordBatch: 1–500 records of at most 1,000 KiB, 4 MiB in all.
func TestPutRecordBatchLimits(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("s", 5, 60, "")
	sizes := make([]int, 501)
	_, err := w.try("firehose:PutRecordBatch", batch("s", sizes...))
	wantCode(t, err, "ValidationException", "Member must have length less than or equal to 500")
	_, err = w.try("firehose:PutRecordBatch", batch("s"))
	wantCode(t, err, "ValidationException", "greater than or equal to 1")
	_, err = w.try("firehose:PutRecordBatch", batch("s", 1, 1000<<10+1))
	wantCode(t, err, "ValidationException", "records.2.member.data")
	// 4 MiB in all: beyond the 2 MiB of input JSON the playground's
	// dispatcher takes in one call, so checked on the operation itself.
	big, _ := json.Marshal(batch("s", 1000<<10, 1000<<10, 1000<<10, 1000<<10, 200<<10))
	_, _, err = prepare(t, "firehose:PutRecordBatch")(&api.Env{}, big)
	wantCode(t, err, "InvalidArgumentException", "4 MB")
	_, err = w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": b64(1000<<10 + 1)}})
	wantCode(t, err, "ValidationException", "1024000")
	if v := w.stream("s"); v.Buffer.Records != 0 {
		t.Fatalf("refused batches buffered %d records", v.Buffer.Records)
	}
	out := w.call("firehose:PutRecordBatch", batch("s", 3, 4))
	resp := asList(out["RequestResponses"])
	if out["FailedPutCount"] != 0.0 || len(resp) != 2 || len(resp[0].(map[string]any)["RecordId"].(string)) != 56 || out["Encrypted"] != false {
		t.Fatalf("output %v", out)
	}
}

// The Direct PUT quotas of us-east-1, per simulated second
// (https://docs.aws.amazon.com/firehose/latest/dev/limits.html): 5 MiB/s
// refuses the records beyond it one by one (ServiceUnavailableException in
// RequestResponses, FailedPutCount); 2,000 requests/s refuses the call.
func TestThrottling(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("s", 128, 900, "")
	rec := 500 << 10 // 10 records are 5,120,000 bytes: the 11th is past 5 MiB
	for range 3 {
		if out := w.call("firehose:PutRecordBatch", batch("s", rec, rec, rec)); out["FailedPutCount"] != 0.0 {
			t.Fatalf("a batch within the quota %v", out["FailedPutCount"])
		}
	}
	out := w.call("firehose:PutRecordBatch", batch("s", rec, rec, rec))
	resp := asList(out["RequestResponses"])
	if out["FailedPutCount"] != 2.0 || resp[0].(map[string]any)["RecordId"] == nil ||
		resp[1].(map[string]any)["ErrorCode"] != "ServiceUnavailableException" || resp[2].(map[string]any)["ErrorCode"] != "ServiceUnavailableException" {
		t.Fatalf("the batch past 5 MiB %v", out)
	}
	w.advance(1)
	if v := w.stream("s"); v.IncomingRecordsLastSecond != 10 || v.ThrottledRecordsLastSecond != 2 || v.Buffer.Records != 10 {
		t.Fatalf("view %+v", v)
	}
	for i := range 2000 - 1 {
		if _, err := w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": "eA=="}}); err != nil {
			t.Fatalf("put %d: %v", i, err)
		}
	}
	_, err := w.try("firehose:PutRecordBatch", batch("s", 1))
	if err != nil {
		t.Fatalf("the 2,000th request: %v", err)
	}
	_, err = w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": "eA=="}})
	wantCode(t, err, "ServiceUnavailableException", "throughput limits")
	w.advance(1)
	if _, err := w.try("firehose:PutRecord", map[string]any{"DeliveryStreamName": "s", "Record": map[string]any{"Data": "eA=="}}); err != nil {
		t.Fatalf("the next second: %v", err)
	}
}

// UpdateDestination: the version must match (ConcurrentModificationException
// otherwise), increments it, and the next object's key carries it.
func TestUpdateDestinationVersioning(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("s", 1, 60, "")
	upd := func(version string, hints map[string]any) error {
		_, err := w.try("firehose:UpdateDestination", map[string]any{"DeliveryStreamName": "s", "CurrentDeliveryStreamVersionId": version,
			"DestinationId": "destinationId-000000000001", "ExtendedS3DestinationUpdate": map[string]any{"BufferingHints": hints, "Prefix": "v2/"}})
		return err
	}
	if err := upd("1", map[string]any{"IntervalInSeconds": 0}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, upd("1", map[string]any{"IntervalInSeconds": 0}), "ConcurrentModificationException", "version")
	wantCode(t, upd("2", map[string]any{"SizeInMBs": 200}), "ValidationException", "sizeInMBs")
	out := w.call("firehose:DescribeDeliveryStream", map[string]any{"DeliveryStreamName": "s"})
	desc := out["DeliveryStreamDescription"].(map[string]any)
	if desc["VersionId"] != "2" || desc["LastUpdateTimestamp"] == nil {
		t.Fatalf("description %v", desc)
	}
	w.put("s", "x")
	w.advance(0.001)
	if keys := w.objects(); len(keys) != 1 || !strings.HasPrefix(keys[0], "v2/2026/01/01/00/s-2-") {
		t.Fatalf("keys %v", keys)
	}
	_, err := w.try("firehose:UpdateDestination", map[string]any{"DeliveryStreamName": "s", "CurrentDeliveryStreamVersionId": "2", "DestinationId": "destinationId-000000000002"})
	wantCode(t, err, "InvalidArgumentException", "destinationId-000000000002")
}

// ListDeliveryStreams pages by Limit after ExclusiveStartDeliveryStreamName
// and filters by type; tags are set, listed in key order and removed.
func TestListAndTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	for _, n := range []string{"c", "a", "b"} {
		w.call("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": n,
			"S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket}})
	}
	out := w.call("firehose:ListDeliveryStreams", map[string]any{"Limit": 2})
	if fmt.Sprint(out["DeliveryStreamNames"]) != "[a b]" || out["HasMoreDeliveryStreams"] != true {
		t.Fatalf("page 1 %v", out)
	}
	out = w.call("firehose:ListDeliveryStreams", map[string]any{"Limit": 2, "ExclusiveStartDeliveryStreamName": "b"})
	if fmt.Sprint(out["DeliveryStreamNames"]) != "[c]" || out["HasMoreDeliveryStreams"] != false {
		t.Fatalf("page 2 %v", out)
	}
	out = w.call("firehose:ListDeliveryStreams", map[string]any{"DeliveryStreamType": "KinesisStreamAsSource"})
	if l := asList(out["DeliveryStreamNames"]); l == nil || len(l) != 0 {
		t.Fatalf("filtered %v (want [] not null)", out)
	}
	w.call("firehose:TagDeliveryStream", map[string]any{"DeliveryStreamName": "a", "Tags": []any{map[string]any{"Key": "team", "Value": "ops"}, map[string]any{"Key": "env", "Value": "dev"}}})
	out = w.call("firehose:ListTagsForDeliveryStream", map[string]any{"DeliveryStreamName": "a"})
	if b, _ := json.Marshal(out); string(b) != `{"HasMoreTags":false,"Tags":[{"Key":"env","Value":"dev"},{"Key":"team","Value":"ops"}]}` {
		t.Fatalf("tags %s", b)
	}
	w.call("firehose:UntagDeliveryStream", map[string]any{"DeliveryStreamName": "a", "TagKeys": []string{"env"}})
	out = w.call("firehose:ListTagsForDeliveryStream", map[string]any{"DeliveryStreamName": "a", "Limit": 1})
	if b, _ := json.Marshal(out); string(b) != `{"HasMoreTags":false,"Tags":[{"Key":"team","Value":"ops"}]}` {
		t.Fatalf("tags %s", b)
	}
	_, err := w.try("firehose:TagDeliveryStream", map[string]any{"DeliveryStreamName": "a", "Tags": tags(50)})
	wantCode(t, err, "LimitExceededException", "50")
}

// 500,000 records a second: the records past it in a PutRecordBatch are
// each refused with ServiceUnavailableException.
func TestThrottlingRecords(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("s", 128, 900, "")
	empties := make([]int, 500)
	in, _ := json.Marshal(batch("s", empties...))
	for i := range 1000 {
		out, err := w.a.Call(root, "firehose:PutRecordBatch", in)
		if err != nil || !strings.Contains(string(out), `"FailedPutCount":0`) {
			t.Fatalf("batch %d: %.200s %v", i, out, err)
		}
	}
	out := w.call("firehose:PutRecordBatch", batch("s", 0, 0))
	resp := asList(out["RequestResponses"])
	if out["FailedPutCount"] != 2.0 || resp[0].(map[string]any)["ErrorCode"] != "ServiceUnavailableException" {
		t.Fatalf("past 500,000 records %v", out)
	}
}

// 5,000 delivery streams per Region: the next is LimitExceededException
// and is not made.
func TestStreamQuota(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	for i := range firehose.MaxDeliveryStreams {
		in := fmt.Sprintf(`{"DeliveryStreamName":"s%d","S3DestinationConfiguration":{"RoleARN":%q,"BucketARN":"arn:aws:s3:::b"}}`, i, role)
		if _, err := w.a.Call(root, "firehose:CreateDeliveryStream", []byte(in)); err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
	}
	_, err := w.try("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "one-more",
		"S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::b"}})
	wantCode(t, err, "LimitExceededException", "5000")
	if n := len(w.a.View().Firehose.DeliveryStreams); n != firehose.MaxDeliveryStreams {
		t.Fatalf("%d streams", n)
	}
}
