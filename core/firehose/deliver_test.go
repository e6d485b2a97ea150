package firehose_test

import (
	"strings"
	"testing"
)

// The interval hint: records put at 10:00:00 are one object at 10:01:00
// under the default YYYY/MM/dd/HH/ prefix, concatenated with no delimiter,
// written by the role's session invoked by firehose.amazonaws.com.
func TestDeliveryByInterval(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("report", 5, 60, "")
	w.put("report", "a,1\n")
	w.put("report", "b,2\n")
	w.advance(59)
	if keys := w.objects(); len(keys) != 0 {
		t.Fatalf("objects before the interval: %v", keys)
	}
	if v := w.stream("report"); v.Buffer.Records != 2 || v.Buffer.Bytes != 8 || v.DataFreshnessMillis != 59000 {
		t.Fatalf("buffer %+v freshness %d", v.Buffer, v.DataFreshnessMillis)
	}
	w.advance(1)
	keys := w.objects()
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "2026/01/01/00/report-1-2026-01-01-00-00-05-") {
		t.Fatalf("keys %v", keys)
	}
	if b := w.body(keys[0]); b != "a,1\nb,2\n" {
		t.Fatalf("body %q", b)
	}
	v := w.stream("report")
	if v.Delivered.Objects != 1 || v.Delivered.Records != 2 || v.Buffer.Records != 0 || len(v.Recent) != 1 || v.Recent[0].Key != keys[0] {
		t.Fatalf("view %+v", v)
	}
	var put, assume int
	for _, e := range w.a.Events() {
		if e.Op == "s3:PutObject" && e.InvokedBy == "firehose.amazonaws.com" && e.Caller == "arn:aws:sts::123456789012:assumed-role/firehose-delivery/firehose" && e.Error == nil {
			put++
		}
		if e.Op == "sts:AssumeRole" && e.InvokedBy == "firehose.amazonaws.com" {
			assume++
		}
	}
	if put != 1 || assume != 1 {
		t.Fatalf("PutObject events %d, AssumeRole events %d; want 1 and 1", put, assume)
	}
}
