package analytics_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/analytics"
	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

const (
	root    = "arn:aws:iam::123456789012:root"
	roleARN = "arn:aws:iam::123456789012:role/AnalyticsRole"
	gpsARN  = "arn:aws:kinesis:us-east-1:123456789012:stream/gps"
	outARN  = "arn:aws:kinesis:us-east-1:123456789012:stream/slow"
	appARN  = "arn:aws:kinesisanalytics:us-east-1:123456789012:application/slow-trucks"
	trust   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"kinesisanalytics.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	readAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:*","firehose:*"],"Resource":"*"}]}`
)

// The scenario's query: the fixes of trucks slower than 5 km/h.
const slowCode = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (truck VARCHAR(16), speed DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM "truck", "speed" FROM "SOURCE_SQL_STREAM_001" WHERE "speed" < 5;`

type tenv struct {
	t *testing.T
	a *cloud.Account
}

func newEnv(t *testing.T) *tenv {
	t.Helper()
	e := &tenv{t, cloud.New(cloud.Config{Seed: 3})}
	e.call(root, "iam:CreateRole", map[string]any{"RoleName": "AnalyticsRole", "AssumeRolePolicyDocument": trust})
	e.call(root, "iam:PutRolePolicy", map[string]any{"RoleName": "AnalyticsRole", "PolicyName": "streams", "PolicyDocument": readAll})
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "slow", "ShardCount": 1})
	e.advance(1000)
	return e
}

func (e *tenv) call(caller, op string, in any) map[string]any {
	e.t.Helper()
	out, err := e.try(caller, op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	return out
}

func (e *tenv) try(caller, op string, in any) (map[string]any, error) {
	b, _ := json.Marshal(in)
	out, err := e.a.Call(caller, op, b)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		e.t.Fatalf("%s output %s: %v", op, out, err)
	}
	return m, nil
}

func (e *tenv) advance(ms int64) {
	e.t.Helper()
	if err := e.a.Advance(ms); err != nil {
		e.t.Fatal(err)
	}
}

func (e *tenv) app(name string) analytics.AppView {
	e.t.Helper()
	for _, a := range e.a.View().Analytics.Applications {
		if a.Name == name {
			return a
		}
	}
	e.t.Fatalf("no application %s in the view", name)
	return analytics.AppView{}
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("got %v, want %s containing %q", err, code, msg)
	}
}

func truckSchema() map[string]any {
	return map[string]any{
		"RecordFormat":   map[string]any{"RecordFormatType": "JSON", "MappingParameters": map[string]any{"JSONMappingParameters": map[string]any{"RecordRowPath": "$"}}},
		"RecordEncoding": "UTF-8",
		"RecordColumns": []any{
			map[string]any{"Name": "truck", "Mapping": "$.truck", "SqlType": "VARCHAR(16)"},
			map[string]any{"Name": "speed", "Mapping": "$.speed", "SqlType": "DOUBLE"},
		},
	}
}

func createSlow(code string) map[string]any {
	return map[string]any{
		"ApplicationName": "slow-trucks",
		"ApplicationCode": code,
		"Inputs": []any{map[string]any{"NamePrefix": "SOURCE_SQL_STREAM",
			"KinesisStreamsInput": map[string]any{"ResourceARN": gpsARN, "RoleARN": roleARN},
			"InputSchema":         truckSchema()}},
		"Outputs": []any{map[string]any{"Name": "DESTINATION_SQL_STREAM",
			"KinesisStreamsOutput": map[string]any{"ResourceARN": outARN, "RoleARN": roleARN},
			"DestinationSchema":    map[string]any{"RecordFormatType": "JSON"}}},
	}
}

func start(pos string) map[string]any {
	return map[string]any{"ApplicationName": "slow-trucks", "InputConfigurations": []any{
		map[string]any{"Id": "1.1", "InputStartingPositionConfiguration": map[string]any{"InputStartingPosition": pos}}}}
}

// CreateApplication makes a READY application; DescribeApplication shows
// it in the CLI's shapes: its input with the in-application stream
// SOURCE_SQL_STREAM_001, its output, version 1, and lists never null.
func TestCreateAndDescribe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := e.call(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	sum := out["ApplicationSummary"].(map[string]any)
	if sum["ApplicationStatus"] != "READY" || sum["ApplicationARN"] != appARN || sum["ApplicationName"] != "slow-trucks" {
		t.Fatalf("summary %v", sum)
	}
	d := e.call(root, "kinesisanalytics:DescribeApplication", map[string]any{"ApplicationName": "slow-trucks"})["ApplicationDetail"].(map[string]any)
	b, _ := json.Marshal(d)
	for _, want := range []string{`"ApplicationVersionId":1`, `"InAppStreamNames":["SOURCE_SQL_STREAM_001"]`, `"InputId":"1.1"`,
		`"OutputId":"1.2"`, `"KinesisStreamsInputDescription":{"ResourceARN":"` + gpsARN, `"ReferenceDataSourceDescriptions":[]`,
		`"CreateTimestamp":"2026-01-01T00:00:01Z"`, `"ApplicationStatus":"READY"`, `"DestinationSchema":{"RecordFormatType":"JSON"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("detail lacks %s: %s", want, b)
		}
	}
	l := e.call(root, "kinesisanalytics:ListApplications", map[string]any{})
	if s := l["ApplicationSummaries"].([]any); len(s) != 1 || l["HasMoreApplications"] != false {
		t.Fatalf("list %v", l)
	}
	_, err := e.try(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	wantCode(t, err, "ResourceInUseException", "slow-trucks")
}

// A SQL error is CodeValidationException with its line and column, and
// the account is left without the application.
func TestCodeValidationCarriesLineAndColumn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bad := "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (truck VARCHAR(16));\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\" SELEC STREAM \"truck\" FROM \"SOURCE_SQL_STREAM_001\";"
	_, err := e.try(root, "kinesisanalytics:CreateApplication", createSlow(bad))
	wantCode(t, err, "CodeValidationException", "line 2, column ")
	if v := e.a.View().Analytics.Applications; len(v) != 0 {
		t.Fatalf("a refused create left %+v", v)
	}
}

// Bad members are InvalidArgumentException naming them, nested unknown
// members too; nothing is created.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mod := func(f func(m map[string]any)) map[string]any {
		m := createSlow(slowCode)
		f(m)
		return m
	}
	for _, tc := range []struct {
		name string
		in   map[string]any
		code string
		msg  string
	}{
		{"name pattern", mod(func(m map[string]any) { m["ApplicationName"] = "bad name" }), "InvalidArgumentException", "applicationName"},
		{"name too long", mod(func(m map[string]any) { m["ApplicationName"] = strings.Repeat("a", 129) }), "InvalidArgumentException", "less than or equal to 128"},
		{"unknown member", mod(func(m map[string]any) { m["Bogus"] = 1 }), "InvalidArgumentException", `Unknown parameter in input: "Bogus"`},
		{"unknown nested member", mod(func(m map[string]any) {
			m["Inputs"].([]any)[0].(map[string]any)["Extra"] = true
		}), "InvalidArgumentException", `Unknown parameter in input: "Extra"`},
		{"code too long", mod(func(m map[string]any) { m["ApplicationCode"] = strings.Repeat("x", 102401) }), "InvalidArgumentException", "102400"},
		{"two inputs", mod(func(m map[string]any) { m["Inputs"] = append(m["Inputs"].([]any), m["Inputs"].([]any)[0]) }), "InvalidArgumentException", "inputs"},
		{"no source", mod(func(m map[string]any) { delete(m["Inputs"].([]any)[0].(map[string]any), "KinesisStreamsInput") }), "InvalidArgumentException", "exactly one of KinesisStreamsInput"},
		{"format", mod(func(m map[string]any) {
			m["Inputs"].([]any)[0].(map[string]any)["InputSchema"].(map[string]any)["RecordFormat"] = map[string]any{"RecordFormatType": "XML"}
		}), "InvalidArgumentException", "[JSON, CSV]"},
		{"role ARN", mod(func(m map[string]any) {
			m["Outputs"].([]any)[0].(map[string]any)["KinesisStreamsOutput"] = map[string]any{"ResourceARN": outARN, "RoleARN": "role"}
		}), "InvalidArgumentException", "arn:.*"},
		{"four outputs", mod(func(m map[string]any) {
			o := m["Outputs"].([]any)[0]
			m["Outputs"] = []any{o, o, o, o}
		}), "LimitExceededException", "at most 3 outputs"},
		{"name prefix with a dash", mod(func(m map[string]any) { m["Inputs"].([]any)[0].(map[string]any)["NamePrefix"] = "A-B" }), "InvalidArgumentException", "namePrefix"},
		{"parallelism", mod(func(m map[string]any) {
			m["Inputs"].([]any)[0].(map[string]any)["InputParallelism"] = map[string]any{"Count": 65}
		}), "InvalidArgumentException", "between 1 and 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.try(root, "kinesisanalytics:CreateApplication", tc.in)
			wantCode(t, err, tc.code, tc.msg)
			var ae *api.Error
			errors.As(err, &ae)
			if len([]rune(ae.Message)) > 400 {
				t.Fatalf("message of %d code points", len([]rune(ae.Message)))
			}
		})
	}
	if v := e.a.View().Analytics.Applications; len(v) != 0 {
		t.Fatalf("refused creates left %+v", v)
	}
	_, err := e.try(root, "kinesisanalytics:DescribeApplication", map[string]any{"ApplicationName": "nope"})
	wantCode(t, err, "ResourceNotFoundException", "nope")
	_, err = e.try(root, "kinesisanalytics:ListApplications", map[string]any{"Limit": 51})
	wantCode(t, err, "InvalidArgumentException", "between 1 and 50")
}

// Creating needs iam:PassRole for each role: Bob, allowed the
// kinesisanalytics actions only, is denied, and nothing is made.
func TestCreateNeedsPassRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "iam:CreateUser", map[string]any{"UserName": "Bob"})
	e.call(root, "iam:PutUserPolicy", map[string]any{"UserName": "Bob", "PolicyName": "ka", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesisanalytics:*","Resource":"*"}]}`})
	_, err := e.try("arn:aws:iam::123456789012:user/Bob", "kinesisanalytics:CreateApplication", createSlow(slowCode))
	wantCode(t, err, "AccessDeniedException", "iam:PassRole")
	if v := e.a.View().Analytics.Applications; len(v) != 0 {
		t.Fatalf("a denied create left %+v", v)
	}
}

// The delayed-trucks lesson: the application reads the trucks' stream as
// its role, keeps the rows of the slow trucks (and only those) in
// DESTINATION_SQL_STREAM, reports RowsEmitted, and writes them to the
// output stream with PutRecords as its role.
func TestRunningApplicationFiltersAndSends(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet", "Keys": 5})
	e.call(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	e.call(root, "kinesisanalytics:StartApplication", start("NOW"))
	if s := e.app("slow-trucks").Status; s != "STARTING" {
		t.Fatalf("status %s after start", s)
	}
	_, err := e.try(root, "kinesisanalytics:StartApplication", start("NOW"))
	wantCode(t, err, "ResourceInUseException", "STARTING")
	e.advance(10_000)
	a := e.app("slow-trucks")
	if a.Status != "RUNNING" || a.RecordsRead < 30 {
		t.Fatalf("after 10 s: %s, %d records read, %q", a.Status, a.RecordsRead, a.LastError)
	}
	if n := len(a.Streams[0].Rows); n != 0 {
		t.Fatalf("%d slow rows before any truck is delayed: %+v", n, a.Streams[0].Rows)
	}
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "trucks", "DelayedTrucks": 2})
	before := e.a.StepSeq()
	e.advance(10_000)
	a = e.app("slow-trucks")
	st := a.Streams[0]
	if st.Name != "DESTINATION_SQL_STREAM" || len(st.Rows) < 15 {
		t.Fatalf("stream %+v", st)
	}
	for _, r := range st.Rows {
		if r.Values[0] != "truck-001" && r.Values[0] != "truck-002" {
			t.Fatalf("row of %v in the slow trucks' stream", r.Values)
		}
	}
	emitted := 0
	for _, ev := range e.a.StepEventsSince(before) {
		if ev.Service == "kinesisanalytics" && ev.Type == "RowsEmitted" {
			if ev.Fields["ApplicationName"] != "slow-trucks" || ev.Fields["Stream"] != "DESTINATION_SQL_STREAM" {
				t.Fatalf("event %+v", ev)
			}
			emitted++
		}
	}
	if emitted < 8 || emitted > 11 {
		t.Fatalf("%d RowsEmitted events in 10 s, want one a second", emitted)
	}
	if a.Outputs[0].RecordsSent != st.RowsEmitted || a.Outputs[0].LastError != "" {
		t.Fatalf("output %+v, %d rows emitted", a.Outputs[0], st.RowsEmitted)
	}
	// The log shows the reads and writes made by the role's session,
	// invoked by the service.
	seen := map[string]bool{}
	for _, ev := range e.a.Events() {
		if strings.Contains(ev.Caller, "assumed-role/AnalyticsRole/") {
			seen[ev.Op] = true
		}
	}
	for _, op := range []string{"kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:PutRecords"} {
		if !seen[op] {
			t.Errorf("no %s by the role's session in the log: %v", op, seen)
		}
	}
	// Stop: STOPPING, then READY; no more rows.
	e.call(root, "kinesisanalytics:StopApplication", map[string]any{"ApplicationName": "slow-trucks"})
	if s := e.app("slow-trucks").Status; s != "STOPPING" {
		t.Fatalf("status %s after stop", s)
	}
	e.advance(5000)
	a2 := e.app("slow-trucks")
	if a2.Status != "READY" || a2.Streams[0].RowsEmitted != st.RowsEmitted {
		t.Fatalf("after stop: %s, %d rows", a2.Status, a2.Streams[0].RowsEmitted)
	}
	// LAST_STOPPED_POINT reads the records written while it was stopped.
	e.call(root, "kinesisanalytics:StartApplication", start("LAST_STOPPED_POINT"))
	readBefore := a2.RecordsRead
	e.advance(3000)
	if got := e.app("slow-trucks").RecordsRead - readBefore; got < 5*6 {
		t.Fatalf("%d records read after a restart from the last stopped point, want the 6 s missed at least", got)
	}
}

// Records that do not map to the input schema are counted as error
// records, with an ErrorRecords step event.
func TestErrorRecordsAreCounted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	e.call(root, "kinesisanalytics:StartApplication", start("TRIM_HORIZON"))
	e.call(root, "kinesis:PutRecord", map[string]any{"StreamName": "gps", "PartitionKey": "k", "Data": []byte("not json at all")})
	before := e.a.StepSeq()
	e.advance(4000)
	if a := e.app("slow-trucks"); a.ErrorRecords != 1 || a.RecordsRead != 1 {
		t.Fatalf("error records %d of %d", a.ErrorRecords, a.RecordsRead)
	}
	found := false
	for _, ev := range e.a.StepEventsSince(before) {
		if ev.Type == "ErrorRecords" && ev.Fields["Records"] == "1" {
			found = true
		}
	}
	if !found {
		t.Fatal("no ErrorRecords step event")
	}
	// The error stream says why.
	if es := e.app("slow-trucks").ErrorStream; len(es) != 1 || es[0].Pump != "" || es[0].Message == "" {
		t.Fatalf("error stream %+v", es)
	}
}

// A role the service may not assume leaves the application RUNNING with
// the error in view, reading nothing.
func TestInputRoleNotTrusted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "iam:CreateRole", map[string]any{"RoleName": "Other", "AssumeRolePolicyDocument": strings.ReplaceAll(trust, "kinesisanalytics", "firehose")})
	in := createSlow(slowCode)
	in["Inputs"].([]any)[0].(map[string]any)["KinesisStreamsInput"] = map[string]any{"ResourceARN": gpsARN, "RoleARN": "arn:aws:iam::123456789012:role/Other"}
	e.call(root, "kinesisanalytics:CreateApplication", in)
	e.call(root, "kinesisanalytics:StartApplication", start("NOW"))
	e.advance(3000)
	if a := e.app("slow-trucks"); a.Status != "RUNNING" || !strings.Contains(a.LastError, "AccessDenied") {
		t.Fatalf("status %s, last error %q", a.Status, a.LastError)
	}
}

// AddApplicationOutput needs the current version id and moves it on;
// DeleteApplication needs the CreateTimestamp.
func TestAddOutputAndDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	out := map[string]any{"Name": "DESTINATION_SQL_STREAM", "KinesisStreamsOutput": map[string]any{"ResourceARN": gpsARN, "RoleARN": roleARN},
		"DestinationSchema": map[string]any{"RecordFormatType": "CSV"}}
	_, err := e.try(root, "kinesisanalytics:AddApplicationOutput", map[string]any{"ApplicationName": "slow-trucks", "CurrentApplicationVersionId": 2, "Output": out})
	wantCode(t, err, "ConcurrentModificationException", "version")
	e.call(root, "kinesisanalytics:AddApplicationOutput", map[string]any{"ApplicationName": "slow-trucks", "CurrentApplicationVersionId": 1, "Output": out})
	if a := e.app("slow-trucks"); a.VersionID != 2 || len(a.Outputs) != 2 || a.Outputs[1].ID != "1.3" || a.Outputs[1].Format != "CSV" {
		t.Fatalf("after AddApplicationOutput: %+v", a)
	}
	_, err = e.try(root, "kinesisanalytics:DeleteApplication", map[string]any{"ApplicationName": "slow-trucks", "CreateTimestamp": "2026-01-01T00:00:09Z"})
	wantCode(t, err, "InvalidArgumentException", "CreateTimestamp")
	e.call(root, "kinesisanalytics:DeleteApplication", map[string]any{"ApplicationName": "slow-trucks", "CreateTimestamp": "2026-01-01T00:00:01Z"})
	if v := e.a.View().Analytics.Applications; len(v) != 0 {
		t.Fatalf("left %+v", v)
	}
}

// Tags: on create and by TagResource, listed in key order.
func TestTags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	in := createSlow(slowCode)
	in["Tags"] = []any{map[string]any{"Key": "team", "Value": "dispatch"}}
	e.call(root, "kinesisanalytics:CreateApplication", in)
	e.call(root, "kinesisanalytics:TagResource", map[string]any{"ResourceARN": appARN, "Tags": []any{map[string]any{"Key": "course", "Value": "kinesis"}}})
	l := e.call(root, "kinesisanalytics:ListTagsForResource", map[string]any{"ResourceARN": appARN})
	b, _ := json.Marshal(l)
	if string(b) != `{"Tags":[{"Key":"course","Value":"kinesis"},{"Key":"team","Value":"dispatch"}]}` {
		t.Fatalf("tags %s", b)
	}
}

// A Firehose input naming a delivery stream that does not exist starts,
// and the running application says why it reads nothing, in AWS's words.
func TestFirehoseInputNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	in := createSlow(slowCode)
	in["Inputs"].([]any)[0].(map[string]any)["KinesisFirehoseInput"] = map[string]any{"ResourceARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/d", "RoleARN": roleARN}
	delete(in["Inputs"].([]any)[0].(map[string]any), "KinesisStreamsInput")
	e.call(root, "kinesisanalytics:CreateApplication", in)
	e.call(root, "kinesisanalytics:StartApplication", start("NOW"))
	e.advance(5000)
	if a := e.app("slow-trucks"); a.RecordsRead != 0 || !strings.Contains(a.LastError, "ResourceNotFoundException: Firehose arn:aws:firehose:us-east-1:123456789012:deliverystream/d not found.") {
		t.Fatalf("application %+v", a)
	}
}

// ListApplications pages by Limit and ExclusiveStartApplicationName, in
// name order; a fourth output is LimitExceededException; a running
// application deletes at once and stops sending.
func TestListPagingOutputLimitDeleteRunning(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, name := range []string{"c", "a", "b"} {
		in := createSlow(slowCode)
		in["ApplicationName"] = name
		e.call(root, "kinesisanalytics:CreateApplication", in)
	}
	l := e.call(root, "kinesisanalytics:ListApplications", map[string]any{"Limit": 2})
	b, _ := json.Marshal(l)
	if !strings.Contains(string(b), `"ApplicationName":"a"`) || !strings.Contains(string(b), `"ApplicationName":"b"`) || l["HasMoreApplications"] != true {
		t.Fatalf("first page %s", b)
	}
	l = e.call(root, "kinesisanalytics:ListApplications", map[string]any{"Limit": 2, "ExclusiveStartApplicationName": "b"})
	if s := l["ApplicationSummaries"].([]any); len(s) != 1 || s[0].(map[string]any)["ApplicationName"] != "c" || l["HasMoreApplications"] != false {
		t.Fatalf("second page %v", l)
	}
	out := map[string]any{"Name": "DESTINATION_SQL_STREAM", "KinesisStreamsOutput": map[string]any{"ResourceARN": outARN, "RoleARN": roleARN},
		"DestinationSchema": map[string]any{"RecordFormatType": "JSON"}}
	for v := 1; v <= 2; v++ {
		e.call(root, "kinesisanalytics:AddApplicationOutput", map[string]any{"ApplicationName": "a", "CurrentApplicationVersionId": v, "Output": out})
	}
	_, err := e.try(root, "kinesisanalytics:AddApplicationOutput", map[string]any{"ApplicationName": "a", "CurrentApplicationVersionId": 3, "Output": out})
	wantCode(t, err, "LimitExceededException", "at most 3 outputs")

	e.call(root, "kinesisanalytics:StartApplication", map[string]any{"ApplicationName": "b", "InputConfigurations": []any{
		map[string]any{"Id": "1.1", "InputStartingPositionConfiguration": map[string]any{"InputStartingPosition": "NOW"}}}})
	e.advance(3000)
	e.call(root, "kinesisanalytics:DeleteApplication", map[string]any{"ApplicationName": "b", "CreateTimestamp": 1767225601})
	before := len(e.a.Events())
	e.advance(3000)
	for _, ev := range e.a.Events()[before:] {
		if strings.Contains(ev.Caller, "AnalyticsRole") {
			t.Fatalf("a deleted application still works: %+v", ev)
		}
	}
	if _, err := e.try(root, "kinesisanalytics:DescribeApplication", map[string]any{"ApplicationName": "b"}); err == nil {
		t.Fatal("the deleted application is still described")
	}
}
