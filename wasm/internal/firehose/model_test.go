package firehose_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"cloudplay/core/api"
	fh "cloudplay/core/firehose"
	"cloudplay/core/sim"
	"cloudplay/wasm/internal/firehose"
)

const (
	roleARN   = "arn:aws:iam::123456789012:role/service/firehose-writer"
	bucketARN = "arn:aws:s3:::monthly-report"
	streamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/trucks"
)

var t0 = sim.Time(1_700_000_000_000)

func stream() fh.StreamView {
	return fh.StreamView{Name: "to-s3", ARN: "arn:aws:firehose:us-east-1:123456789012:deliverystream/to-s3", Status: "ACTIVE",
		Type: "DirectPut", RoleARN: roleARN, BucketARN: bucketARN,
		BufferSizeBytes: 5 << 20, BufferIntervalMillis: 300_000}
}

func TestCardDirectPutHealthy(t *testing.T) {
	s := stream()
	s.Buffer = fh.BufferView{Records: 2, Bytes: 34, OldestArrival: t0, FlushAt: t0 + 300_000}
	s.Delivered = fh.Totals{Objects: 3, Records: 12, Bytes: 2048}
	s.Recent = []fh.ObjectView{
		{Bucket: "monthly-report", Key: "2023/11/14/22/to-s3-1-2023-11-14-22-13-20-a", Records: 1, Bytes: 10, Time: t0 - 2000},
		{Bucket: "monthly-report", Key: "2023/11/14/22/to-s3-1-2023-11-14-22-18-20-b", Records: 11, Bytes: 2038, Time: t0 - 1000},
	}
	cards := firehose.Cards(fh.View{DeliveryStreams: []fh.StreamView{s}}, t0+42_000)
	if len(cards) != 1 {
		t.Fatalf("%d cards", len(cards))
	}
	c := cards[0]
	want := map[string]string{
		"Source": "Direct PUT", "SourceStream": "", "Bucket": "monthly-report", "Prefix": "YYYY/MM/dd/HH/",
		"RoleName": "firehose-writer", "SizeText": "34 B of 5 MiB", "IntervalText": "5 min",
		"DeliveredText": "3 objects · 12 records · 2 KiB", "LostText": "",
	}
	got := map[string]string{
		"Source": c.Source, "SourceStream": c.SourceStream, "Bucket": c.Bucket, "Prefix": c.Prefix,
		"RoleName": c.RoleName, "SizeText": c.SizeText, "IntervalText": c.IntervalText,
		"DeliveredText": c.DeliveredText, "LostText": c.LostText,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("card\n got %v\nwant %v", got, want)
	}
	if c.CustomPrefix || c.Failure != nil {
		t.Errorf("custom prefix %v, failure %v", c.CustomPrefix, c.Failure)
	}
	// Tiles: newest first, the key split into its folder and name.
	if len(c.Tiles) != 2 || c.Tiles[0].Name != "to-s3-1-2023-11-14-22-18-20-b" || c.Tiles[0].Folder != "2023/11/14/22/" ||
		c.Tiles[0].Text != "11 records · 2 KiB" || c.Tiles[1].Text != "1 record · 10 B" {
		t.Errorf("tiles %+v", c.Tiles)
	}
}

func TestCardKinesisSourceFailingAndLost(t *testing.T) {
	s := stream()
	s.Type, s.SourceStreamARN, s.Prefix = "KinesisStreamAsSource", streamARN, "trucks/"
	s.Lost = fh.Totals{Records: 1500, Bytes: 3 << 20}
	s.DataFreshnessMillis = 3_723_000
	s.Failure = &fh.FailureView{Code: "AccessDenied", Message: "Access Denied", Since: t0, Attempts: 4,
		NextAttempt: t0 + 3_723_000 + 30_000, GiveUpAt: t0 + 86_400_000}
	c := firehose.Cards(fh.View{DeliveryStreams: []fh.StreamView{s}}, t0+3_723_000)[0]
	if c.Source != "Kinesis stream trucks" || c.SourceStream != "trucks" || c.Prefix != "trucks/" || !c.CustomPrefix {
		t.Errorf("source %q %q prefix %q %v", c.Source, c.SourceStream, c.Prefix, c.CustomPrefix)
	}
	if c.LostText != "1,500 records · 3 MiB" {
		t.Errorf("lost %q", c.LostText)
	}
	b := c.Failure
	if b == nil {
		t.Fatal("no banner")
	}
	if b.Code != "AccessDenied" || b.Message != "Access Denied" || b.Attempts != 4 || b.RoleName != "firehose-writer" {
		t.Errorf("banner %+v", b)
	}
	if b.Retry != "next retry in 30 s" || b.Age != "1 h 2 min" || b.Loss != "in 22 h 57 min" {
		t.Errorf("banner texts: retry %q age %q loss %q", b.Retry, b.Age, b.Loss)
	}
	// A retry less than a second away is "in 1 s", not "in 0 s".
	s.Failure.NextAttempt = t0 + 3_723_000 + 200
	if r := firehose.Cards(fh.View{DeliveryStreams: []fh.StreamView{s}}, t0+3_723_000)[0].Failure.Retry; r != "next retry in 1 s" {
		t.Errorf("retry %q", r)
	}
	if len(c.Tiles) != 0 || c.Tiles == nil {
		t.Errorf("tiles of a stream with none: %#v, want empty, not nil", c.Tiles)
	}
}

func TestCardsEmpty(t *testing.T) {
	if c := firehose.Cards(fh.View{}, t0); c == nil || len(c) != 0 {
		t.Errorf("cards %#v", c)
	}
}

func TestMeters(t *testing.T) {
	b := fh.BufferView{Records: 3, Bytes: 1 << 20, OldestArrival: t0, FlushAt: t0 + 60_000}
	if f := firehose.SizeFraction(b, 4<<20); f != 0.25 {
		t.Errorf("size fraction %v", f)
	}
	if f := firehose.SizeFraction(fh.BufferView{Bytes: 9 << 20}, 4<<20); f != 1 {
		t.Errorf("an overfull buffer is drawn full, got %v", f)
	}
	// Between two views the page's clock moves on: the meter follows it
	// from the view's arrival and flush times, and stops full.
	for _, tt := range []struct {
		now  sim.Time
		want float64
		text string
	}{
		{t0, 0, "0 s of 1 min"},
		{t0 + 15_000, 0.25, "15 s of 1 min"},
		{t0 + 45_500, 0.7583333333333333, "45 s of 1 min"},
		{t0 + 90_000, 1, "1 min of 1 min"},
		{t0 - 5_000, 0, "0 s of 1 min"},
	} {
		if f := firehose.IntervalFraction(b, tt.now); f != tt.want {
			t.Errorf("at +%d ms: fraction %v, want %v", tt.now-t0, f, tt.want)
		}
		if s := firehose.IntervalText(b, 60_000, tt.now); s != tt.text {
			t.Errorf("at +%d ms: %q, want %q", tt.now-t0, s, tt.text)
		}
	}
	if f := firehose.IntervalFraction(fh.BufferView{}, t0); f != 0 {
		t.Errorf("empty buffer %v", f)
	}
	if s := firehose.IntervalText(fh.BufferView{}, 300_000, t0); s != "empty · 5 min after the first record" {
		t.Errorf("empty buffer text %q", s)
	}
	// IntervalInSeconds 0: every record flushes at once.
	if f := firehose.IntervalFraction(fh.BufferView{Records: 1, OldestArrival: t0, FlushAt: t0}, t0); f != 1 {
		t.Errorf("zero interval %v", f)
	}
	if s := firehose.IntervalText(fh.BufferView{Records: 1, OldestArrival: t0, FlushAt: t0}, 0, t0); s != "interval 0 s: each record goes at once" {
		t.Errorf("zero interval text %q", s)
	}
}

func TestTexts(t *testing.T) {
	for ms, want := range map[int64]string{-5: "0 s", 999: "0 s", 42_000: "42 s", 300_000: "5 min", 303_000: "5 min 3 s",
		86_340_000: "23 h 59 min", 86_400_000: "1 d", 97_200_000: "1 d 3 h"} {
		if got := firehose.DurationText(ms); got != want {
			t.Errorf("DurationText(%d) = %q, want %q", ms, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 5 << 20: "5 MiB", 128 << 20: "128 MiB"} {
		if got := firehose.BytesText(n); got != want {
			t.Errorf("BytesText(%d) = %q, want %q", n, got, want)
		}
	}
	if got := firehose.RoleName("arn:aws:iam::1:role/a/b/writer"); got != "writer" {
		t.Errorf("RoleName %q", got)
	}
	if got := firehose.RoleName("not-an-arn"); got != "not-an-arn" {
		t.Errorf("RoleName of a non-ARN %q", got)
	}
	if got := firehose.BucketName("arn:aws:s3:::b"); got != "b" {
		t.Errorf("BucketName %q", got)
	}
}

func TestLanded(t *testing.T) {
	ev := []api.StepEvent{
		{Service: "firehose", Type: "ObjectDelivered", Fields: map[string]string{"DeliveryStreamName": "s", "Bucket": "b", "Key": "k1"}},
		{Service: "firehose", Type: "RecordsBuffered", Fields: map[string]string{"DeliveryStreamName": "s"}},
		{Service: "kinesis", Type: "ObjectDelivered", Fields: map[string]string{"Bucket": "b", "Key": "x"}},
		{Service: "firehose", Type: "ObjectDelivered", Fields: map[string]string{"DeliveryStreamName": "s", "Bucket": "b", "Key": "k2"}},
	}
	if got := firehose.Landed(ev, 10); !reflect.DeepEqual(got, map[string]bool{"b/k1": true, "b/k2": true}) {
		t.Errorf("landed %v", got)
	}
	if got := firehose.Landed(ev, 1); !reflect.DeepEqual(got, map[string]bool{"b/k2": true}) {
		t.Errorf("landed, at most 1: %v", got)
	}
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCreateInput(t *testing.T) {
	// Direct PUT, the hints left blank: AWS's defaults, both sent.
	in := decode(t, firehose.CreateInput(firehose.CreateForm{Name: "to-s3", BucketARN: bucketARN, RoleARN: roleARN}))
	want := map[string]any{"DeliveryStreamName": "to-s3", "DeliveryStreamType": "DirectPut",
		"ExtendedS3DestinationConfiguration": map[string]any{"RoleARN": roleARN, "BucketARN": bucketARN,
			"BufferingHints": map[string]any{"SizeInMBs": 5.0, "IntervalInSeconds": 300.0}}}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("direct put input\n got %v\nwant %v", in, want)
	}
	// A Kinesis source read as the same role, a prefix, typed hints; a
	// hint that is not a number is sent as typed, for the engine to refuse.
	in = decode(t, firehose.CreateInput(firehose.CreateForm{Name: "f", Source: streamARN, BucketARN: bucketARN, RoleARN: roleARN,
		Prefix: "trucks/", SizeMB: " 1 ", Interval: "sixty"}))
	dest := in["ExtendedS3DestinationConfiguration"].(map[string]any)
	if in["DeliveryStreamType"] != "KinesisStreamAsSource" || dest["Prefix"] != "trucks/" ||
		!reflect.DeepEqual(in["KinesisStreamSourceConfiguration"], map[string]any{"KinesisStreamARN": streamARN, "RoleARN": roleARN}) ||
		!reflect.DeepEqual(dest["BufferingHints"], map[string]any{"SizeInMBs": 1.0, "IntervalInSeconds": "sixty"}) {
		t.Errorf("kinesis source input %v", in)
	}
}

func TestPutRecordInput(t *testing.T) {
	in := decode(t, firehose.PutRecordInput("to-s3", `{"truck":7}`))
	// The data goes base64-encoded, as the CLI shows blobs.
	if in["DeliveryStreamName"] != "to-s3" || in["Record"].(map[string]any)["Data"] != "eyJ0cnVjayI6N30=" {
		t.Errorf("put input %v", in)
	}
	if d := decode(t, firehose.DeleteInput("to-s3")); !reflect.DeepEqual(d, map[string]any{"DeliveryStreamName": "to-s3"}) {
		t.Errorf("delete input %v", d)
	}
	if d := decode(t, firehose.GetObjectInput("b", "k")); !reflect.DeepEqual(d, map[string]any{"Bucket": "b", "Key": "k"}) {
		t.Errorf("get input %v", d)
	}
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		body    string
		records int64
		segs    []string
		framed  string
	}{
		{"json values with no delimiter", `{"a":1}{"a":2}[3]`, 3, []string{`{"a":1}`, `{"a":2}`, `[3]`}, "json"},
		{"lines", "one\ntwo\n", 2, []string{"one\n", "two\n"}, "newline"},
		{"json with newlines", "{\"a\":1}\n{\"a\":2}\n", 2, []string{"{\"a\":1}\n", "{\"a\":2}\n"}, "newline"},
		{"json, space between", `{"a":1} 7 "x"`, 3, []string{`{"a":1} `, `7 `, `"x"`}, "json"},
		{"plain text, boundaries unknown", "hellothere", 2, []string{"hellothere"}, ""},
		{"json count differs", `{"a":1}{"a":2}`, 3, []string{`{"a":1}{"a":2}`}, ""},
		{"one record", `abc`, 1, []string{"abc"}, ""},
		{"broken json", `{"a":1}{"a"`, 2, []string{`{"a":1}{"a"`}, ""},
	} {
		b := firehose.Split([]byte(tt.body), tt.records)
		if !reflect.DeepEqual(b.Segments, tt.segs) || b.Framed != tt.framed || b.Binary || b.Omitted != 0 {
			t.Errorf("%s: %+v, want %q framed %q", tt.name, b, tt.segs, tt.framed)
		}
	}
}

func TestSplitBounded(t *testing.T) {
	big := strings.Repeat("x\n", firehose.MaxShownBytes) // twice the shown size
	b := firehose.Split([]byte(big), int64(firehose.MaxShownBytes))
	if len(b.Segments) != 1 || len(b.Segments[0]) != firehose.MaxShownBytes || b.Omitted != firehose.MaxShownBytes {
		t.Errorf("large body: %d segments, %d bytes shown, %d omitted", len(b.Segments), len(b.Segments[0]), b.Omitted)
	}
	many := strings.Repeat("1\n", firehose.MaxSegments+1)
	if b := firehose.Split([]byte(many), firehose.MaxSegments+1); len(b.Segments) != 1 || b.Framed != "" {
		t.Errorf("more records than MaxSegments: %d segments", len(b.Segments))
	}
	bin := firehose.Split([]byte{0xff, 0x00, 0x10}, 1)
	if !bin.Binary || bin.Segments[0] != "ff 00 10" {
		t.Errorf("binary %+v", bin)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"a":1}{"b":2}`), int64(2))
	f.Add([]byte("a\nb\n"), int64(2))
	f.Fuzz(func(t *testing.T, body []byte, records int64) {
		b := firehose.Split(body, records)
		if len(b.Segments) == 0 || len(b.Segments) > firehose.MaxSegments {
			t.Fatalf("%d segments", len(b.Segments))
		}
		if b.Framed != "" && strings.Join(b.Segments, "") != string(body) {
			t.Fatalf("segments %q do not make up the body %q", b.Segments, body)
		}
	})
}

func TestPutSummary(t *testing.T) {
	got := firehose.PutSummary("hello", []byte(`{"RecordId":"49546986683135544286507457936321625675700192471156785154","Encrypted":false}`))
	if got != "Put 5 B as record 4954698668313554…: it waits in the buffer until a hint fills." {
		t.Errorf("summary %q", got)
	}
}

func TestReaders(t *testing.T) {
	a, b, c := stream(), stream(), stream()
	a.Name, a.Type, a.SourceStreamARN = "a", "KinesisStreamAsSource", streamARN
	b.Name, b.Type, b.SourceStreamARN = "b", "KinesisStreamAsSource", streamARN
	c.Name = "direct" // Direct PUT: reads no stream
	got := firehose.Readers(fh.View{DeliveryStreams: []fh.StreamView{a, b, c}}, "trucks")
	want := map[string]string{"arn:aws:sts::123456789012:assumed-role/firehose-writer/": "Firehose a, b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readers %v, want %v", got, want)
	}
	if got := firehose.Readers(fh.View{DeliveryStreams: []fh.StreamView{a}}, "other"); len(got) != 0 {
		t.Errorf("readers of another stream %v", got)
	}
}
