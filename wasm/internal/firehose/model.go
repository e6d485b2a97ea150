// Package firehose is the model behind the Streams panel's Firehose
// section: each delivery stream as a card (its source, its S3 destination,
// its role, its buffer against both hints, the objects it delivered, its
// failing delivery), the inputs of the operations the section's controls
// make, and the record boundaries of a delivered object. Plain functions
// of the account's view and of operation outputs, tested natively: the
// engine decides everything; the panel only shows and asks.
package firehose

import (
	"encoding/json"
	"strconv"
	"strings"

	"cloudplay/core/api"
	fh "cloudplay/core/firehose"
	"cloudplay/core/sim"
)

// AWS's buffering hints for an S3 destination: SizeInMBs 1 to 128,
// default 5; IntervalInSeconds 0 to 900, default 300
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html).
// The form offers them as its defaults and bounds; the engine refuses
// what is outside them.
const (
	MinSizeMB, MaxSizeMB, DefaultSizeMB                = 1, 128, 5
	MinIntervalSec, MaxIntervalSec, DefaultIntervalSec = 0, 900, 300
)

// DefaultPrefix is the time prefix Firehose puts before an object's name
// when the destination has no custom prefix: the UTC hour of the oldest
// record in the object
// (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html).
const DefaultPrefix = "YYYY/MM/dd/HH/"

// Types of a delivery stream (AWS's DeliveryStreamType).
const (
	TypeDirectPut     = "DirectPut"
	TypeKinesisSource = "KinesisStreamAsSource"
)

// Card is one delivery stream as the section draws it.
type Card struct {
	Name, ARN, Status string
	// Source says where records come from: "Direct PUT" or "Kinesis
	// stream trucks"; SourceStream is that stream's name ("" for Direct
	// PUT).
	Source, SourceStream string
	Bucket               string // the destination bucket's name
	Prefix               string // the custom prefix, or DefaultPrefix
	CustomPrefix         bool
	RoleARN, RoleName    string

	SizeBytes, IntervalMs int64 // the buffering hints
	Buffer                fh.BufferView
	SizeText              string // "12 B of 5 MiB"
	IntervalText          string // "300 s"

	Delivered, Lost fh.Totals
	DeliveredText   string // "3 objects · 12 records · 340 B"
	LostText        string // "" when nothing was lost

	Tiles   []Tile  // the recent objects, newest first
	Failure *Banner // nil while deliveries succeed

	FreshnessMs int64 // age of the oldest undelivered record
	Incoming    int64 // records taken in the last second
	Throttled   int64 // records refused in the last second
}

// Tile is a delivered object.
type Tile struct {
	Bucket, Key string
	Folder      string // the key up to its last "/"
	Name        string // what follows
	Records     int64
	Bytes       int64
	Time        sim.Time
	Text        string // "2 records · 34 B"
}

// Banner is a failing delivery as the section says it.
type Banner struct {
	Code, Message string
	Attempts      int
	Since         sim.Time
	NextAttempt   sim.Time
	GiveUpAt      sim.Time
	RoleName      string
	// Retry says when the next attempt is, relative to now: "next retry
	// in 30 s"; Loss when data not delivered will be lost: "in 23 h 59
	// min"; Age the growing age of the oldest undelivered record.
	Retry, Loss, Age string
}

// Cards draws the account's delivery streams (already in name order),
// now being the simulated time of the view.
func Cards(v fh.View, now sim.Time) []Card {
	out := make([]Card, 0, len(v.DeliveryStreams))
	for _, s := range v.DeliveryStreams {
		out = append(out, cardOf(s, now))
	}
	return out
}

func cardOf(s fh.StreamView, now sim.Time) Card {
	c := Card{Name: s.Name, ARN: s.ARN, Status: s.Status,
		Source: "Direct PUT", Bucket: BucketName(s.BucketARN), Prefix: s.Prefix, CustomPrefix: s.Prefix != "",
		RoleARN: s.RoleARN, RoleName: RoleName(s.RoleARN),
		SizeBytes: s.BufferSizeBytes, IntervalMs: s.BufferIntervalMillis, Buffer: s.Buffer,
		Delivered: s.Delivered, Lost: s.Lost,
		FreshnessMs: s.DataFreshnessMillis, Incoming: s.IncomingRecordsLastSecond, Throttled: s.ThrottledRecordsLastSecond}
	if s.Type == TypeKinesisSource {
		c.SourceStream = StreamName(s.SourceStreamARN)
		c.Source = "Kinesis stream " + c.SourceStream
	}
	if !c.CustomPrefix {
		c.Prefix = DefaultPrefix
	}
	c.SizeText = BytesText(s.Buffer.Bytes) + " of " + BytesText(s.BufferSizeBytes)
	c.IntervalText = DurationText(s.BufferIntervalMillis)
	c.DeliveredText = TotalsText(s.Delivered, true)
	if s.Lost.Records > 0 || s.Lost.Bytes > 0 {
		c.LostText = TotalsText(s.Lost, false)
	}
	c.Tiles = make([]Tile, 0, len(s.Recent))
	for i := len(s.Recent) - 1; i >= 0; i-- {
		c.Tiles = append(c.Tiles, tileOf(s.Recent[i]))
	}
	if f := s.Failure; f != nil {
		c.Failure = bannerOf(*f, s, now)
	}
	return c
}

func tileOf(o fh.ObjectView) Tile {
	t := Tile{Bucket: o.Bucket, Key: o.Key, Name: o.Key, Records: o.Records, Bytes: o.Bytes, Time: o.Time}
	if i := strings.LastIndexByte(o.Key, '/'); i >= 0 {
		t.Folder, t.Name = o.Key[:i+1], o.Key[i+1:]
	}
	t.Text = plural(o.Records, "record", "records") + " · " + BytesText(o.Bytes)
	return t
}

func bannerOf(f fh.FailureView, s fh.StreamView, now sim.Time) *Banner {
	b := &Banner{Code: f.Code, Message: f.Message, Attempts: f.Attempts, Since: f.Since,
		NextAttempt: f.NextAttempt, GiveUpAt: f.GiveUpAt, RoleName: RoleName(s.RoleARN)}
	b.Retry = "next retry " + relative(f.NextAttempt, now)
	b.Loss = relative(f.GiveUpAt, now)
	b.Age = DurationText(s.DataFreshnessMillis)
	return b
}

// relative says when t is from now, rounded up to the second: "in 30
// s", "in 1 s", "now".
func relative(t, now sim.Time) string {
	if t <= now {
		return "now"
	}
	return "in " + DurationText(int64(t-now)+999)
}

// SizeFraction is how full the buffer is against the size hint, 0 to 1.
func SizeFraction(b fh.BufferView, sizeBytes int64) float64 {
	if sizeBytes <= 0 || b.Bytes <= 0 {
		return 0
	}
	return clamp01(float64(b.Bytes) / float64(sizeBytes))
}

// IntervalFraction is how far the buffer is through the interval hint at
// now, 0 to 1: the time since its oldest record arrived over the time from
// that arrival to FlushAt, both from the view. now may be later than the
// view's (the page's clock interpolates between views); an empty buffer is
// 0, a zero interval full.
func IntervalFraction(b fh.BufferView, now sim.Time) float64 {
	if b.Records <= 0 {
		return 0
	}
	span := b.FlushAt - b.OldestArrival
	if span <= 0 {
		return 1
	}
	return clamp01(float64(now-b.OldestArrival) / float64(span))
}

// IntervalText says the time since the oldest buffered record against the
// interval: "42 s of 5 min", "empty · …" for an empty buffer; with an
// interval of 0 s there is nothing to wait for.
func IntervalText(b fh.BufferView, intervalMs int64, now sim.Time) string {
	if intervalMs <= 0 {
		return "interval 0 s: each record goes at once"
	}
	if b.Records <= 0 {
		return "empty · " + DurationText(intervalMs) + " after the first record"
	}
	age := min(max(int64(now-b.OldestArrival), 0), intervalMs)
	return DurationText(age) + " of " + DurationText(intervalMs)
}

func clamp01(f float64) float64 { return min(max(f, 0), 1) }

// BucketName is the bucket of an S3 bucket ARN (arn:aws:s3:::name).
func BucketName(arn string) string {
	if name, ok := strings.CutPrefix(arn, "arn:aws:s3:::"); ok {
		return name
	}
	return arn
}

// RoleName is the name of a role ARN (the part after the last "/"), or the
// ARN as given when it is not one.
func RoleName(arn string) string {
	if i := strings.Index(arn, ":role/"); i >= 0 {
		p := arn[i+len(":role/"):]
		return p[strings.LastIndexByte(p, '/')+1:]
	}
	return arn
}

// StreamName is the name of a Kinesis stream ARN (…:stream/name).
func StreamName(arn string) string {
	if i := strings.LastIndex(arn, ":stream/"); i >= 0 {
		return arn[i+len(":stream/"):]
	}
	return arn
}

// BytesText writes a size in binary units: "34 B", "1.5 KiB", "5 MiB".
func BytesText(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return trimZero(strconv.FormatFloat(float64(n)/1024, 'f', 1, 64)) + " KiB"
	}
	return trimZero(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)) + " MiB"
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// DurationText writes milliseconds as the panel says them: "0 s", "42 s",
// "5 min", "5 min 3 s", "23 h 59 min", "2 d 3 h".
func DurationText(ms int64) string {
	if ms < 0 {
		ms = 0
	}
	s := ms / 1000
	switch {
	case s < 60:
		return strconv.FormatInt(s, 10) + " s"
	case s < 3600:
		return two(s/60, "min", s%60, "s")
	case s < 86400:
		return two(s/3600, "h", s%3600/60, "min")
	}
	return two(s/86400, "d", s%86400/3600, "h")
}

func two(a int64, ua string, b int64, ub string) string {
	t := strconv.FormatInt(a, 10) + " " + ua
	if b > 0 {
		t += " " + strconv.FormatInt(b, 10) + " " + ub
	}
	return t
}

// TotalsText writes totals: "3 objects · 12 records · 340 B" (objects
// left out when withObjects is false).
func TotalsText(t fh.Totals, withObjects bool) string {
	s := plural(t.Records, "record", "records") + " · " + BytesText(t.Bytes)
	if withObjects {
		s = plural(t.Objects, "object", "objects") + " · " + s
	}
	return s
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Landed returns the objects the step events say were delivered, as
// Bucket+"/"+Key, for the tiles to show them landing. Events of other
// services and types are skipped; at most max are returned (the newest).
func Landed(events []api.StepEvent, max int) map[string]bool {
	out := map[string]bool{}
	for i := len(events) - 1; i >= 0 && len(out) < max; i-- {
		e := events[i]
		if e.Service == "firehose" && e.Type == "ObjectDelivered" {
			out[e.Fields["Bucket"]+"/"+e.Fields["Key"]] = true
		}
	}
	return out
}

// marshal is json.Marshal for inputs that always marshal.
func marshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// Readers names the delivery streams that read the Kinesis stream
// streamName, for its canvas: the caller ARN prefix of the role session
// each reads as (arn:aws:sts::<account>:assumed-role/<role>/) →
// "Firehose <name>" (names joined when several read as one role).
func Readers(v fh.View, streamName string) map[string]string {
	out := map[string]string{}
	for _, s := range v.DeliveryStreams {
		if s.Type != TypeKinesisSource || StreamName(s.SourceStreamARN) != streamName {
			continue
		}
		parts := strings.SplitN(s.RoleARN, ":", 6) // arn aws iam "" account role/path/name
		if len(parts) != 6 {
			continue
		}
		key := "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + RoleName(s.RoleARN) + "/"
		if name, ok := out[key]; ok {
			out[key] = name + ", " + s.Name
		} else {
			out[key] = "Firehose " + s.Name
		}
	}
	return out
}
