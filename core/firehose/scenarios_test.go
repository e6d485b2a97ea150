package firehose_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
)

// load loads the built-in scenario id, which must open the streams panel
// and say what it teaches.
func load(t *testing.T, id string) *cloud.Account {
	t.Helper()
	a, m := servicetest.Builtin(t, id)
	if !strings.Contains(string(m.UI), `"streams"`) || len(m.Description) < 200 {
		t.Fatalf("%s: ui %s, description %q", id, m.UI, m.Description)
	}
	return a
}

// firehose-monthly-report: the trucks' fixes, read from the stream, land
// in truck-reports under the hour prefix, one object a minute, written by
// the role's session.
func TestScenarioMonthlyReport(t *testing.T) {
	t.Parallel()
	a := load(t, "firehose-monthly-report")
	v := a.View()
	fh := v.Firehose.DeliveryStreams
	if len(fh) != 1 || fh[0].Status != "ACTIVE" || fh[0].Delivered.Objects != 1 || fh[0].Failure != nil {
		t.Fatalf("delivery stream %+v", fh)
	}
	o := fh[0].Recent[0]
	if o.Bucket != "truck-reports" || !strings.HasPrefix(o.Key, "2026/01/01/00/monthly-report-1-2026-01-01-00-00-0") || o.Records < 500 {
		t.Fatalf("object %+v", o)
	}
	if o.Records < 590 || o.Bytes != o.Records*100 || fh[0].Buffer.Records == 0 {
		t.Fatalf("object %+v (10 trucks, a fix of 100 bytes a second, for a minute); buffer %+v", o, fh[0].Buffer)
	}
	out, err := a.Call(a.RootARN(), "s3:GetObject", []byte(`{"Bucket":"truck-reports","Key":"`+o.Key+`"}`))
	if err != nil || !strings.Contains(string(out), fmt.Sprintf(`"ContentLength":%d`, o.Bytes)) {
		t.Fatalf("GetObject %s %v", out, err)
	}
	puts := 0
	for _, e := range a.Events() {
		if e.Op == "s3:PutObject" && e.InvokedBy == "firehose.amazonaws.com" && e.Caller == "arn:aws:sts::123456789012:assumed-role/firehose-delivery-role/firehose" && e.Error == nil {
			puts++
		}
	}
	if puts != 1 {
		t.Fatalf("%d PutObject events by the role's session, want 1", puts)
	}
}

// firehose-denied: every delivery is denied and retried every 5 seconds,
// the buffer and the data's age grow; the fix the description names (the
// role's inline policy allowing s3:PutObject, made with
// iam:PutRolePolicy as the IAM panel does) makes the next retry deliver
// everything buffered.
func TestScenarioFirehoseDenied(t *testing.T) {
	t.Parallel()
	a := load(t, "firehose-denied")
	d := a.View().Firehose.DeliveryStreams[0]
	f := d.Failure
	if f == nil || f.Code != "AccessDenied" || !strings.Contains(f.Message, "s3:PutObject") || f.Attempts < 3 || d.Delivered.Objects != 0 || d.DataFreshnessMillis < 60000 {
		t.Fatalf("delivery stream %+v failure %+v", d, f)
	}
	buffered := d.Buffer.Records
	var rp struct{ PolicyDocument map[string]any }
	out, err := a.Call(a.RootARN(), "iam:GetRolePolicy", []byte(`{"RoleName":"firehose-delivery-role","PolicyName":"read-gps-write-reports"}`))
	if err != nil || json.Unmarshal(out, &rp) != nil {
		t.Fatalf("GetRolePolicy %s %v", out, err)
	}
	doc, _ := json.Marshal(rp.PolicyDocument)
	fixed := strings.Replace(string(doc), "s3:GetObject", "s3:PutObject", 1)
	in, _ := json.Marshal(map[string]string{"RoleName": "firehose-delivery-role", "PolicyName": "read-gps-write-reports", "PolicyDocument": fixed})
	if _, err := a.Call(a.RootARN(), "iam:PutRolePolicy", in); err != nil {
		t.Fatal(err)
	}
	if err := a.Advance(5000); err != nil {
		t.Fatal(err)
	}
	d = a.View().Firehose.DeliveryStreams[0]
	if d.Failure != nil || d.Delivered.Records < buffered || d.Buffer.Records > 10*5 {
		t.Fatalf("after the fix %+v", d)
	}
}
