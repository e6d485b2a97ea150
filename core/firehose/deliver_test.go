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

// The size hint: once the buffer holds SizeInMBs, it is delivered at the
// next scheduling point (the next advance, however short), in objects of
// at most the playground's S3 object size (1 MiB).
func TestDeliveryBySize(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("big", 1, 900, "")
	rec := strings.Repeat("x", 300<<10)
	for range 3 {
		w.put("big", rec)
	}
	w.advance(0.001)
	if keys := w.objects(); len(keys) != 0 {
		t.Fatalf("delivered below the size hint: %v", keys)
	}
	w.put("big", rec) // 1.2 MiB buffered
	w.advance(0.001)
	keys := w.objects()
	if len(keys) != 2 {
		t.Fatalf("keys %v, want two objects", keys)
	}
	sizes := map[int]bool{len(w.body(keys[0])): true, len(w.body(keys[1])): true}
	if !sizes[3*300<<10] || !sizes[300<<10] {
		t.Fatalf("object sizes %v, want 900 KiB and 300 KiB", sizes)
	}
	if v := w.stream("big"); v.Delivered.Records != 4 || v.Buffer.Records != 0 {
		t.Fatalf("view %+v", v)
	}
}

// IntervalInSeconds 0 delivers each put at the next scheduling point.
func TestDeliveryIntervalZero(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("now", 1, 0, "")
	w.put("now", "a")
	w.advance(0.001)
	w.put("now", "b")
	w.advance(0.001)
	if keys := w.objects(); len(keys) != 2 {
		t.Fatalf("keys %v, want one object per put", keys)
	}
}

// The default prefix and the key's time are those of the oldest record in
// the object, in UTC: a record that arrived at 10:59:59.9 is under 10/
// though it is delivered at 11:00:59.9.
func TestKeyAtHourBoundary(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.setup(canPut)
	w.create("gps", 5, 60, "")
	w.advance(10*3600 + 59*60 + 59.9 - 5)
	w.put("gps", "first")
	w.advance(0.2) // 11:00:00.1
	w.put("gps", "second")
	w.advance(60)
	keys := w.objects()
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "2026/01/01/10/gps-1-2026-01-01-10-59-59-") {
		t.Fatalf("keys %v", keys)
	}
	if w.body(keys[0]) != "firstsecond" {
		t.Fatalf("body %q", w.body(keys[0]))
	}
	// The uuid that ends the key: 8-4-4-4-12 hex digits.
	id := keys[0][len("2026/01/01/10/gps-1-2026-01-01-10-59-59-"):]
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		t.Fatalf("id %q", id)
	}
}

// A custom prefix with a timestamp expression replaces the default one;
// one without expressions is followed by it; expressions the playground
// does not simulate are refused.
func TestCustomPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct{ prefix, want string }{
		{"trips/!{timestamp:yyyy/MM/dd}/", "trips/2026/01/01/p-1-"},
		{"year=!{timestamp:yyyy}/hour=!{timestamp:HH}/", "year=2026/hour=00/p-1-"},
		{"raw/", "raw/2026/01/01/00/p-1-"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.setup(canPut)
			w.create("p", 1, 0, tt.prefix)
			w.put("p", "x")
			w.advance(0.001)
			if keys := w.objects(); len(keys) != 1 || !strings.HasPrefix(keys[0], tt.want) {
				t.Fatalf("keys %v, want prefix %s", keys, tt.want)
			}
			if v := w.stream("p"); v.Prefix != tt.prefix {
				t.Fatalf("view prefix %q", v.Prefix)
			}
		})
	}
	for _, bad := range []string{"!{firehose:random-string}/", "!{timestamp:yyyy-ww}/", "!{timestamp:yyyy"} {
		w := newWorld(t)
		w.setup(canPut)
		_, err := w.try("firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "p",
			"S3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::" + bucket, "Prefix": bad}})
		wantCode(t, err, "InvalidArgumentException", "Prefix")
		if len(w.a.View().Firehose.DeliveryStreams) != 0 {
			t.Fatalf("%s: a stream was made", bad)
		}
	}
}
