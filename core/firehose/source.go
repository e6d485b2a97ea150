package firehose

import (
	"encoding/json"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// kinesisSource is a delivery stream's Kinesis data stream source: the
// shards it reads, and the source role's session.
type kinesisSource struct {
	streamARN, roleARN string
	started            sim.Time
	listed             bool
	readers            []*shardReader // the shards read, in the order found
	session, of        string
	exp                sim.Time
	failure            *FailureView // the failing read, nil when reads succeed
}

type shardReader struct {
	id, iter string
}

// maxReaders bounds the shards one delivery stream reads at once (the
// playground's own: more than a learner's stream has).
const maxReaders = 64

// pollMillis: the delivery stream reads each shard once a second (the
// playground's choice: GetRecords allows five calls a second per shard,
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html,
// and AWS does not say how often Firehose polls).
const pollMillis = 1000

// schedulePoll arranges d's next read of its source at at.
func (s *Service) schedulePoll(w *api.Work, d *dstream, at sim.Time) {
	gen := d.gen
	w.Schedule(at, func(w *api.Work) {
		if d.gen != gen || s.streams[d.name] != d || d.status != statusActive {
			return
		}
		s.poll(w, d)
		s.schedulePoll(w, d, w.Now+pollMillis)
	})
}

// poll reads every shard of d's source once, as the source's role
// (https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html:
// Firehose starts reading at the LATEST position of the stream, and calls
// kinesis:ListShards, GetShardIterator and GetRecords as the role of
// KinesisStreamSourceConfiguration). After a reshard, a shard read to
// its end names its children, read from their start (TRIM_HORIZON).
func (s *Service) poll(w *api.Work, d *dstream) {
	src := d.source
	if w.AssumeRoleFor == nil || w.Call == nil {
		return
	}
	session, err := cachedSession(w, &src.session, &src.of, &src.exp, src.roleARN)
	if err != nil {
		s.sourceFailed(w, d, err)
		return
	}
	if !src.listed {
		if err := s.list(w, d, session); err != nil {
			s.sourceFailed(w, d, err)
			return
		}
	}
	var got []bufRecord
	var children []string
	for _, r := range src.readers {
		if r.iter == "" {
			continue
		}
		out, err := w.Call(firehosePrincipal, session, "kinesis:GetRecords", map[string]any{"ShardIterator": r.iter, "StreamARN": src.streamARN})
		if err != nil {
			if expired(err) {
				src.session = ""
			}
			s.sourceFailed(w, d, err)
			if got != nil {
				s.intake(w.Schedule, w.Emit, d, got, w.Now)
			}
			return
		}
		res, err := decodeGetRecords(out)
		if err != nil {
			continue
		}
		for _, rec := range res.Records {
			at, err := sim.ParseTime(rec.ApproximateArrivalTimestamp)
			if err != nil {
				at = w.Now
			}
			got = append(got, bufRecord{data: rec.Data, arrival: at})
		}
		r.iter = ""
		if res.NextShardIterator != nil {
			r.iter = *res.NextShardIterator
		}
		for _, c := range res.ChildShards {
			children = append(children, c.ShardId)
		}
	}
	src.failure = nil
	s.intake(w.Schedule, w.Emit, d, got, w.Now)
	s.follow(w, d, session, children)
}

// list finds the source's open shards and starts reading each at LATEST.
func (s *Service) list(w *api.Work, d *dstream, session string) error {
	src := d.source
	out, err := w.Call(firehosePrincipal, session, "kinesis:ListShards", map[string]any{"StreamARN": src.streamARN})
	if err != nil {
		return err
	}
	var res struct {
		Shards []struct {
			ShardId             string
			SequenceNumberRange struct{ EndingSequenceNumber string }
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return err
	}
	var readers []*shardReader
	for _, sh := range res.Shards {
		if sh.SequenceNumberRange.EndingSequenceNumber != "" || len(readers) == maxReaders {
			continue
		}
		it, err := s.iterator(w, session, src.streamARN, sh.ShardId, "LATEST")
		if err != nil {
			return err
		}
		readers = append(readers, &shardReader{id: sh.ShardId, iter: it})
	}
	src.readers, src.listed = readers, true
	return nil
}

// follow starts reading the children of shards read to their end, and
// forgets the shards read to their end.
func (s *Service) follow(w *api.Work, d *dstream, session string, children []string) {
	src := d.source
	kept := src.readers[:0]
	for _, r := range src.readers {
		if r.iter != "" {
			kept = append(kept, r)
		}
	}
	src.readers = kept
	for _, id := range children {
		known := false
		for _, r := range src.readers {
			known = known || r.id == id
		}
		if known || len(src.readers) == maxReaders {
			continue
		}
		it, err := s.iterator(w, session, src.streamARN, id, "TRIM_HORIZON")
		if err != nil {
			s.sourceFailed(w, d, err)
			continue
		}
		src.readers = append(src.readers, &shardReader{id: id, iter: it})
	}
}

func (s *Service) iterator(w *api.Work, session, stream, shard, typ string) (string, error) {
	out, err := w.Call(firehosePrincipal, session, "kinesis:GetShardIterator", map[string]any{"StreamARN": stream, "ShardId": shard, "ShardIteratorType": typ})
	if err != nil {
		return "", err
	}
	var res struct{ ShardIterator string }
	err = json.Unmarshal(out, &res)
	return res.ShardIterator, err
}

// sourceFailed records a failed read of the source, reported once when
// reads start failing (SourceReadFailed); the read is tried again the
// next second.
func (s *Service) sourceFailed(w *api.Work, d *dstream, err error) {
	code, msg := "InternalFailure", err.Error()
	if e, ok := err.(*api.Error); ok {
		code, msg = e.Code, e.Message
	}
	f := d.source.failure
	if f == nil {
		f = &FailureView{Since: w.Now}
		d.source.failure = f
		w.Emit(api.StepEvent{Service: "firehose", Type: "SourceReadFailed", Fields: map[string]string{"DeliveryStreamName": d.name, "ErrorCode": code}})
	}
	f.Code, f.Message = code, api.Clip(msg, 1024)
	f.Attempts++
	f.NextAttempt = w.Now + pollMillis
	if code == "ResourceNotFoundException" || code == "ExpiredIteratorException" {
		d.source.listed = false
	}
}
