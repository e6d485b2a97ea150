package firehose_test

import (
	"strings"
	"testing"

	"cloudplay/core/sim"
)

// A role without s3:PutObject: the delivery fails with AccessDenied, is
// retried every 5 seconds (https://docs.aws.amazon.com/firehose/latest/dev/retry.html),
// the buffer keeps what arrives and the data's age grows; once the role
// may write, the next retry delivers everything buffered.
func TestDeliveryDeniedThenRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(cannot)
	w.create("report", 1, 60, "")
	start := w.a.Now()
	seq := w.a.StepSeq()
	w.put("report", "a")
	w.advance(60)
	fails := steps(w.a, seq, "DeliveryFailed")
	if len(fails) != 1 || fails[0].Fields["ErrorCode"] != "AccessDenied" || fails[0].Fields["Attempt"] != "1" {
		t.Fatalf("DeliveryFailed %+v", fails)
	}
	w.put("report", "b")
	w.advance(12)
	v := w.stream("report")
	f := v.Failure
	if f == nil || f.Code != "AccessDenied" || !strings.Contains(f.Message, "s3:PutObject") || f.Attempts != 3 ||
		f.Since != start+60000 || f.NextAttempt != start+75000 || f.GiveUpAt != start+24*3600*1000 {
		t.Fatalf("failure %+v", f)
	}
	if v.Buffer.Records != 2 || v.DataFreshnessMillis != 72000 || len(w.objects()) != 0 {
		t.Fatalf("buffer %+v freshness %d", v.Buffer, v.DataFreshnessMillis)
	}
	// The log shows each denied s3:PutObject by the role's session,
	// invoked by firehose.amazonaws.com.
	denied := 0
	for _, e := range w.a.Events() {
		if e.Op == "s3:PutObject" && e.InvokedBy == "firehose.amazonaws.com" && e.Error != nil && e.Error.Code == "AccessDenied" {
			denied++
		}
	}
	if denied != 3 {
		t.Fatalf("%d denied PutObject events, want 3", denied)
	}
	w.call("iam:PutRolePolicy", map[string]any{"RoleName": "firehose-delivery", "PolicyName": "delivery", "PolicyDocument": canPut})
	w.advance(3)
	keys := w.objects()
	if len(keys) != 1 || w.body(keys[0]) != "ab" || !strings.HasPrefix(keys[0], "2026/01/01/00/report-1-2026-01-01-00-00-05-") {
		t.Fatalf("keys %v", keys)
	}
	if v := w.stream("report"); v.Failure != nil || v.Buffer.Records != 0 || v.DataFreshnessMillis != 0 || v.Delivered.Records != 2 {
		t.Fatalf("after the fix %+v", v)
	}
}

// A role Firehose may not assume (its trust policy names another
// service) fails at sts:AssumeRole, shown the same way.
func TestDeliveryAssumeRoleDenied(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("s3:CreateBucket", map[string]any{"Bucket": bucket})
	w.call("iam:CreateRole", map[string]any{"RoleName": "firehose-delivery", "AssumeRolePolicyDocument": strings.ReplaceAll(trust, "firehose", "ec2")})
	w.create("report", 1, 0, "")
	w.put("report", "a")
	w.advance(0.001)
	if f := w.stream("report").Failure; f == nil || f.Code != "AccessDenied" || !strings.Contains(f.Message, "sts:AssumeRole") {
		t.Fatalf("failure %+v", f)
	}
}

// Data not delivered 24 hours after it arrived is lost: RecordsLost, the
// Lost totals, an empty buffer and no failure left.
func TestDeliveryLostAfter24Hours(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(cannot)
	w.create("report", 1, 60, "")
	w.put("report", "abc")
	w.advance(3600)
	w.put("report", "de")
	seq := w.a.StepSeq()
	w.advance(23 * 3600)
	lost := steps(w.a, seq, "RecordsLost")
	if len(lost) != 1 || lost[0].Fields["Records"] != "1" || lost[0].Fields["Bytes"] != "3" {
		t.Fatalf("RecordsLost %+v", lost)
	}
	if v := w.stream("report"); v.Lost.Records != 1 || v.Buffer.Records != 1 || v.Failure == nil {
		t.Fatalf("after 24 h %+v", v)
	}
	w.advance(3600)
	v := w.stream("report")
	if v.Lost != (struct{ Objects, Records, Bytes int64 }{0, 2, 5}) || v.Buffer.Records != 0 || v.Failure != nil || v.DataFreshnessMillis != 0 {
		t.Fatalf("after 25 h %+v", v)
	}
	if len(w.objects()) != 0 {
		t.Fatal("lost data reached the bucket")
	}
}

// Firehose keeps the role's session: deliveries within the hour assume
// the role once; the session is assumed again before it expires.
func TestRoleSessionIsCached(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("report", 1, 60, "")
	for range 50 { // 50 minutes, one object a minute
		w.put("report", "x")
		w.advance(60)
	}
	count := func() int {
		n := 0
		for _, e := range w.a.Events() {
			if e.Op == "sts:AssumeRole" && e.InvokedBy == "firehose.amazonaws.com" {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("%d AssumeRole events in 50 minutes, want 1", n)
	}
	for range 10 {
		w.put("report", "x")
		w.advance(60)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d AssumeRole events in an hour, want 2 (again 5 minutes before expiry)", n)
	}
	if v := w.stream("report"); v.Delivered.Objects != 60 || len(v.Recent) != 20 || v.Recent[19].Time != sim.Time(w.a.Now()) {
		t.Fatalf("view %+v", v.Delivered)
	}
}
