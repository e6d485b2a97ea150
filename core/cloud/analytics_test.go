package cloud

import (
	"encoding/json"
	"strings"
	"testing"
)

// An application whose input is a Firehose delivery stream (read through
// the tap) and whose output is another one sends its rows with
// firehose:PutRecordBatch as the output's role, one JSON record per row,
// and that delivery stream lands them in S3 as its own role: the seed's
// "analyse, then store for the report" pipeline end to end.
func TestAnalyticsFirehoseInputAndOutput(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["kinesisanalytics.amazonaws.com","firehose.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`
	call := func(op string, in any) ([]byte, error) {
		t.Helper()
		b, _ := json.Marshal(in)
		return a.Call(root, op, b)
	}
	mustCall := func(op string, in any) []byte {
		t.Helper()
		out, err := call(op, in)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		return out
	}
	mustCall("s3:CreateBucket", map[string]any{"Bucket": "reports"})
	mustCall("iam:CreateRole", map[string]any{"RoleName": "R", "AssumeRolePolicyDocument": trust})
	mustCall("iam:PutRolePolicy", map[string]any{"RoleName": "R", "PolicyName": "p", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["firehose:*","s3:PutObject"],"Resource":"*"}]}`})
	role := "arn:aws:iam::123456789012:role/R"
	for _, name := range []string{"clicks-in", "report"} {
		mustCall("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": name, "DeliveryStreamType": "DirectPut",
			"ExtendedS3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::reports", "Prefix": name + "/",
				"BufferingHints": map[string]any{"SizeInMBs": 1, "IntervalInSeconds": 60}}})
	}
	if err := a.Advance(10000); err != nil {
		t.Fatal(err)
	}
	var recs []any
	for i := range 3 {
		recs = append(recs, map[string]any{"Data": []byte(`{"truck":"truck-00` + string(rune('1'+i)) + `","speed":` + []string{"1.5", "40", "2"}[i] + `}`)})
	}
	mustCall("firehose:PutRecordBatch", map[string]any{"DeliveryStreamName": "clicks-in", "Records": recs})
	mustCall("kinesisanalytics:CreateApplication", map[string]any{
		"ApplicationName": "fh",
		"ApplicationCode": `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (truck VARCHAR(16), speed DOUBLE);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed" < 5;`,
		"Inputs": []any{map[string]any{"NamePrefix": "SOURCE_SQL_STREAM",
			"KinesisFirehoseInput": map[string]any{"ResourceARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks-in", "RoleARN": role},
			"InputSchema": map[string]any{"RecordFormat": map[string]any{"RecordFormatType": "JSON"}, "RecordColumns": []any{
				map[string]any{"Name": "truck", "Mapping": "$.truck", "SqlType": "VARCHAR(16)"},
				map[string]any{"Name": "speed", "Mapping": "$.speed", "SqlType": "DOUBLE"}}}}},
		"Outputs": []any{map[string]any{"Name": "DESTINATION_SQL_STREAM",
			"KinesisFirehoseOutput": map[string]any{"ResourceARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/report", "RoleARN": role},
			"DestinationSchema":     map[string]any{"RecordFormatType": "JSON"}}},
	})
	mustCall("kinesisanalytics:StartApplication", map[string]any{"ApplicationName": "fh", "InputConfigurations": []any{
		map[string]any{"Id": "1.1", "InputStartingPositionConfiguration": map[string]any{"InputStartingPosition": "TRIM_HORIZON"}}}})
	if err := a.Advance(5000); err != nil {
		t.Fatal(err)
	}
	app := a.View().Analytics.Applications[0]
	if app.RecordsRead != 3 || app.Outputs[0].RecordsSent != 2 || app.LastError != "" || app.Outputs[0].LastError != "" {
		t.Fatalf("application %+v", app)
	}
	var sent bool
	for _, ev := range a.Events() {
		if ev.Op == "firehose:PutRecordBatch" && ev.InvokedBy == "kinesisanalytics.amazonaws.com" {
			sent = ev.Error == nil && strings.HasPrefix(ev.Caller, "arn:aws:sts::123456789012:assumed-role/R/")
		}
	}
	if !sent {
		t.Fatal("no firehose:PutRecordBatch by the output role's session, invoked by kinesisanalytics.amazonaws.com")
	}
	// The report stream's buffer interval passes: its object holds the two
	// slow trucks' rows, concatenated.
	if err := a.Advance(70000); err != nil {
		t.Fatal(err)
	}
	var list struct{ Contents []struct{ Key string } }
	json.Unmarshal(mustCall("s3:ListObjectsV2", map[string]any{"Bucket": "reports", "Prefix": "report/"}), &list)
	if len(list.Contents) != 1 {
		t.Fatalf("objects under report/: %+v", list.Contents)
	}
	var obj struct{ Body []byte }
	json.Unmarshal(mustCall("s3:GetObject", map[string]any{"Bucket": "reports", "Key": list.Contents[0].Key}), &obj)
	if body := string(obj.Body); !strings.Contains(body, "truck-001") || !strings.Contains(body, "truck-003") || strings.Contains(body, "truck-002") {
		t.Fatalf("the report object holds %q", body)
	}
}
