package firehose

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Delivery bounds and timings.
const (
	// retryMillis: "If data delivery to your Amazon S3 bucket fails,
	// Amazon Data Firehose retries to deliver data every 5 seconds for up
	// to a maximum period of 24 hours. If the issue continues beyond the
	// 24-hour maximum retention period, Amazon Data Firehose discards the
	// data" (https://docs.aws.amazon.com/firehose/latest/dev/retry.html).
	retryMillis = 5000
	keepMillis  = 24 * 3600 * 1000
	// sessionMillis is how long a role session lasts (sts:AssumeRole's
	// default DurationSeconds, 3,600:
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html);
	// Firehose assumes the role again 5 minutes before it expires, as the
	// AWS SDKs refresh credentials (the playground's choice of margin).
	sessionMillis = 3600 * 1000
	refreshMillis = 5 * 60 * 1000
	// MaxBufferedBytes and MaxBufferedRecords bound what the account's
	// delivery streams hold undelivered: the playground's own (AWS keeps a
	// failing stream's 24 hours of data, up to 432 GB at 5 MiB/s), so that a
	// browser tab holds it. Past them the oldest records of the stream
	// taking more are dropped and counted as lost (RecordsLost with Reason
	// "buffer bound").
	MaxBufferedBytes   = 32 << 20
	MaxBufferedRecords = 200000
	// maxRecent is how many delivered objects a stream's view lists.
	maxRecent = 20
)

// intake adds records that arrived to d's buffer (and its tap), reports
// them in one RecordsBuffered event, and arms the delivery work.
func (s *Service) intake(sched func(sim.Time, func(*api.Work)), emit func(api.StepEvent), d *dstream, recs []bufRecord, now sim.Time) {
	if len(recs) == 0 {
		return
	}
	var bytes int64
	for _, r := range recs {
		bytes += int64(len(r.data))
		d.tap.add(r)
	}
	d.buf = append(d.buf, recs...)
	d.bufBytes += bytes
	s.buffered += bytes
	d.roll(now)
	d.curIncoming += int64(len(recs))
	if emit != nil {
		emit(api.StepEvent{Service: "firehose", Type: "RecordsBuffered", Fields: map[string]string{
			"DeliveryStreamName": d.name, "Records": strconv.Itoa(len(recs)), "Bytes": strconv.FormatInt(bytes, 10)}})
	}
	s.bound(emit, d)
	if sched != nil {
		s.arm(sched, d, now)
	}
}

// bound drops d's oldest records while the account holds more than the
// buffer bounds.
func (s *Service) bound(emit func(api.StepEvent), d *dstream) {
	var n int
	var bytes int64
	for n < len(d.buf) && (s.buffered-bytes > MaxBufferedBytes || len(d.buf)-n > MaxBufferedRecords) {
		bytes += int64(len(d.buf[n].data))
		n++
	}
	if n > 0 {
		s.lose(emit, d, n, bytes, "buffer bound")
	}
}

// lose drops d's n oldest records (bytes in all) as lost.
func (s *Service) lose(emit func(api.StepEvent), d *dstream, n int, bytes int64, reason string) {
	clear(d.buf[:n])
	d.buf = d.buf[n:]
	d.bufBytes -= bytes
	s.buffered -= bytes
	d.lost.Records += int64(n)
	d.lost.Bytes += bytes
	if len(d.buf) == 0 {
		d.buf, d.failure = nil, nil
	}
	if emit != nil {
		emit(api.StepEvent{Service: "firehose", Type: "RecordsLost", Fields: map[string]string{
			"DeliveryStreamName": d.name, "Records": strconv.Itoa(n), "Bytes": strconv.FormatInt(bytes, 10), "Reason": reason}})
	}
}

// due returns when d's delivery work should next run (0: nothing to do):
// the next retry of a failing delivery; now when the buffer reached the
// size hint or the interval is 0 (the next scheduling point: the work
// runs in the next advance, however short); else when the interval hint
// has passed since the oldest record arrived.
func (d *dstream) due(now sim.Time) sim.Time {
	switch {
	case len(d.buf) == 0 || d.status != statusActive:
		return 0
	case d.failure != nil:
		return d.failure.NextAttempt
	case d.bufBytes >= d.dest.sizeMB<<20 || d.dest.intervalS == 0:
		return now
	}
	return max(now, d.buf[0].arrival+sim.Time(d.dest.intervalS*1000))
}

// arm schedules d's delivery work for when it falls due, unless work is
// scheduled earlier already.
func (s *Service) arm(sched func(sim.Time, func(*api.Work)), d *dstream, now sim.Time) {
	at := d.due(now)
	if at == 0 || (d.wake != 0 && d.wake <= at) {
		return
	}
	d.wake = at
	gen := d.gen
	sched(at, func(w *api.Work) {
		if d.gen != gen || d.wake != at || s.streams[d.name] != d {
			return
		}
		d.wake = 0
		s.deliver(w, d)
		s.arm(w.Schedule, d, w.Now)
	})
}

// deliver writes what is due in d's buffer to S3, one object of at most
// the size hint (and at most the largest object S3 takes) after another,
// until the buffer is empty or a write fails.
func (s *Service) deliver(w *api.Work, d *dstream) {
	s.expire(w, d)
	if due := d.due(w.Now); due == 0 || due > w.Now {
		return
	}
	limit := min(d.dest.sizeMB<<20, s.maxObject)
	for len(d.buf) > 0 {
		n, bytes := 0, int64(0)
		for n < len(d.buf) && (n == 0 || bytes+int64(len(d.buf[n].data)) <= limit) {
			bytes += int64(len(d.buf[n].data))
			n++
		}
		if !s.put(w, d, n, bytes) {
			return
		}
	}
}

// expire drops, as lost, the records that arrived 24 hours ago or more.
func (s *Service) expire(w *api.Work, d *dstream) {
	n, bytes := 0, int64(0)
	for n < len(d.buf) && d.buf[n].arrival+keepMillis <= w.Now {
		bytes += int64(len(d.buf[n].data))
		n++
	}
	if n > 0 {
		s.lose(w.Emit, d, n, bytes, "not delivered within 24 hours")
	}
}

// put writes d's n oldest records (bytes in all) as one object, as the
// destination's role, and reports whether it succeeded.
func (s *Service) put(w *api.Work, d *dstream, n int, bytes int64) bool {
	oldest := d.buf[0].arrival
	body := make([]byte, 0, bytes)
	for _, r := range d.buf[:n] {
		body = append(body, r.data...)
	}
	key := objectKey(d, oldest, w.Rand)
	err := s.putObject(w, d, key, body)
	if err != nil {
		s.failed(w, d, err)
		return false
	}
	clear(d.buf[:n])
	d.buf = d.buf[n:]
	if len(d.buf) == 0 {
		d.buf = nil
	}
	d.bufBytes -= bytes
	s.buffered -= bytes
	d.failure = nil
	d.delivered.Objects++
	d.delivered.Records += int64(n)
	d.delivered.Bytes += bytes
	if len(d.recent) == maxRecent {
		copy(d.recent, d.recent[1:])
		d.recent = d.recent[:maxRecent-1]
	}
	d.recent = append(d.recent, ObjectView{Bucket: d.dest.bucket(), Key: key, Records: int64(n), Bytes: bytes, Time: w.Now})
	w.Emit(api.StepEvent{Service: "firehose", Type: "ObjectDelivered", Fields: map[string]string{
		"DeliveryStreamName": d.name, "Bucket": d.dest.bucket(), "Key": key,
		"Records": strconv.Itoa(n), "Bytes": strconv.FormatInt(bytes, 10)}})
	return true
}

// putObject makes the s3:PutObject call as the destination's role.
func (s *Service) putObject(w *api.Work, d *dstream, key string, body []byte) error {
	if w.AssumeRoleFor == nil || w.Call == nil {
		return api.Errorf("InternalFailure", "no dispatcher to deliver through")
	}
	session, err := cachedSession(w, &d.session, &d.sessionFor, &d.sessionExp, d.dest.roleARN)
	if err != nil {
		return err
	}
	_, err = w.Call(firehosePrincipal, session, "s3:PutObject", map[string]any{"Bucket": d.dest.bucket(), "Key": key, "Body": body})
	if expired(err) {
		d.session = ""
	}
	return err
}

// cachedSession returns a session of role, assuming it again when there
// is none yet, it is of another role or it expires within refreshMillis.
func cachedSession(w *api.Work, session, of *string, exp *sim.Time, role string) (string, error) {
	if *session != "" && *of == role && w.Now < *exp-refreshMillis {
		return *session, nil
	}
	sess, err := w.AssumeRoleFor(firehosePrincipal, role)
	if err != nil {
		*session = ""
		return "", err
	}
	*session, *of, *exp = sess, role, w.Now+sessionMillis
	return sess, nil
}

func expired(err error) bool {
	var e *api.Error
	return errors.As(err, &e) && strings.HasPrefix(e.Code, "ExpiredToken")
}

// failed records a failed delivery attempt and reports it.
func (s *Service) failed(w *api.Work, d *dstream, err error) {
	code, msg := "InternalFailure", err.Error()
	var e *api.Error
	if errors.As(err, &e) {
		code, msg = e.Code, e.Message
	}
	f := d.failure
	if f == nil {
		f = &FailureView{Since: w.Now}
		d.failure = f
	}
	f.Code, f.Message = code, api.Clip(msg, 1024)
	f.Attempts++
	f.NextAttempt = w.Now + retryMillis
	f.GiveUpAt = d.buf[0].arrival + keepMillis
	w.Emit(api.StepEvent{Service: "firehose", Type: "DeliveryFailed", Fields: map[string]string{
		"DeliveryStreamName": d.name, "ErrorCode": code, "Attempt": strconv.Itoa(f.Attempts), "NextAttempt": f.NextAttempt.Milli()}})
}

// objectKey is the key of an object whose oldest record arrived at t:
// the evaluated prefix, then
// <stream>-<version>-YYYY-MM-dd-HH-MM-SS-<uuid>
// (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html),
// in UTC. The uuid comes from the account's seed, so a replay names the
// same objects; the time in the suffix is t too (the playground's choice:
// AWS does not say which time the suffix shows).
func objectKey(d *dstream, t sim.Time, r interface{ Uint64() uint64 }) string {
	st := t.Std()
	p, _ := parsePrefix(d.dest.prefix) // checked when the prefix was set
	var b strings.Builder
	b.WriteString(p.eval(t))
	fmt.Fprintf(&b, "%s-%d-%s-", d.name, d.version, st.Format("2006-01-02-15-04-05"))
	b.WriteString(uuid(r))
	return b.String()
}

func uuid(r interface{ Uint64() uint64 }) string {
	if r == nil {
		return "00000000-0000-4000-8000-000000000000"
	}
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // variant 10
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}
