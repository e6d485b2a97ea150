package cloud

import (
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/analytics"
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// standInFirehose replaces whatever firehose service the account has by a
// stand-in answering firehose:PutRecordBatch (the real one is built
// elsewhere), recording the records it is given and who sent them.
func standInFirehose(a *Account) (got *[][]byte, callers *[]string) {
	got, callers = new([][]byte), new([]string)
	delete(a.services, "firehose")
	for name := range a.ops {
		if strings.HasPrefix(name, "firehose:") {
			delete(a.ops, name)
		}
	}
	a.register(api.Descriptor{Prefix: "firehose", Protocol: api.JSON, ValidationCode: "InvalidArgumentException", Ops: []api.Op{{
		Name: "firehose:PutRecordBatch", Mutates: true,
		Prepare: func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			var in struct {
				DeliveryStreamName string
				Records            []struct{ Data []byte }
			}
			if err := json.Unmarshal(input, &in); err != nil {
				return nil, nil, err
			}
			arn := "arn:aws:firehose:us-east-1:" + env.Account + ":deliverystream/" + in.DeliveryStreamName
			return []api.Action{{Action: "firehose:PutRecordBatch", Resource: arn}}, func() (any, error) {
				for _, r := range in.Records {
					*got = append(*got, r.Data)
				}
				*callers = append(*callers, env.Caller.ARN)
				return map[string]any{"FailedPutCount": 0, "RequestResponses": []any{}}, nil
			}, nil
		},
	}}})
	return got, callers
}

// fakeTap is a Firehose delivery stream input holding fixed records.
type fakeTap struct{ recs []analytics.TapRecord }

func (f *fakeTap) Tap(arn string, since int64, max int) ([]analytics.TapRecord, int64, bool) {
	if !strings.HasSuffix(arn, ":deliverystream/clicks-in") {
		return nil, since, false
	}
	end := min(int(since)+max, len(f.recs))
	return f.recs[since:end], int64(end), true
}

// An application with a Firehose input (read through the tap) and a
// Firehose output sends its rows with firehose:PutRecordBatch as the
// output's role, one JSON record per row.
func TestAnalyticsFirehoseInputAndOutput(t *testing.T) {
	t.Parallel()
	a := New(Config{})
	got, callers := standInFirehose(a)
	tap := &fakeTap{}
	for i := range 3 {
		tap.recs = append(tap.recs, analytics.TapRecord{Data: []byte(`{"truck":"truck-00` + string(rune('1'+i)) + `","speed":1.5}`), Arrival: DefaultStart + sim.Time(i*100)})
	}
	a.analytics.SetTap(tap)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"kinesisanalytics.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	mustCall := func(op string, in any) {
		t.Helper()
		b, _ := json.Marshal(in)
		if _, err := a.Call(root, op, b); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	mustCall("iam:CreateRole", map[string]any{"RoleName": "R", "AssumeRolePolicyDocument": trust})
	mustCall("iam:PutRolePolicy", map[string]any{"RoleName": "R", "PolicyName": "p", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"firehose:*","Resource":"*"}]}`})
	role := "arn:aws:iam::123456789012:role/R"
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
	if app.RecordsRead != 3 || app.Outputs[0].RecordsSent != 3 || app.LastError != "" || app.Outputs[0].LastError != "" {
		t.Fatalf("application %+v", app)
	}
	if len(*got) != 3 || !strings.Contains(string((*got)[0]), `"truck-001"`) {
		t.Fatalf("the delivery stream got %q", *got)
	}
	if len(*callers) != 1 || !strings.HasPrefix((*callers)[0], "arn:aws:sts::123456789012:assumed-role/R/") {
		t.Fatalf("sent by %v, want the role's session", *callers)
	}
}
