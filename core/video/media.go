package video

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

type putMediaInput struct {
	StreamName                   *string `json:"StreamName"`
	StreamARN                    *string `json:"StreamARN"`
	FragmentTimecodeType         *string `json:"FragmentTimecodeType"`
	ProducerStartTimestamp       *string `json:"ProducerStartTimestamp"`
	FragmentLengthInMilliseconds *int64  `json:"FragmentLengthInMilliseconds"`
	Payload                      []byte  `json:"Payload" aws:"required"`
}

// Ack is one acknowledgement PutMedia sends back
// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_dataplane_PutMedia.html).
type Ack struct {
	EventType        string `json:"EventType"`
	FragmentNumber   string `json:"FragmentNumber"`
	FragmentTimecode int64  `json:"FragmentTimecode"`
}

// preparePutMedia is PutMedia with one fragment of the playground's media
// format (doc.go "Media").
func (s *Service) preparePutMedia(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putMediaInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	ref := streamRef{StreamName: in.StreamName, StreamARN: in.StreamARN}
	name, arn, err := s.resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	if in.FragmentTimecodeType != nil && *in.FragmentTimecodeType != "ABSOLUTE" && *in.FragmentTimecodeType != "RELATIVE" {
		return nil, nil, constraintError(*in.FragmentTimecodeType, "fragmentTimecodeType", "Member must satisfy enum value set: [ABSOLUTE, RELATIVE]")
	}
	producer := env.Now
	if in.ProducerStartTimestamp != nil {
		t, err := sim.ParseTime(*in.ProducerStartTimestamp)
		if err != nil {
			return nil, nil, api.Errorf(invalidArg, "ProducerStartTimestamp %s is not an RFC 3339 time.", api.Clip(*in.ProducerStartTimestamp, api.MaxQuoted))
		}
		producer = t
	}
	length := int64(1000)
	if in.FragmentLengthInMilliseconds != nil {
		if err := checkRange("fragmentLengthInMilliseconds", *in.FragmentLengthInMilliseconds, 1, maxFragmentMillis); err != nil {
			return nil, nil, err
		}
		length = *in.FragmentLengthInMilliseconds
	}
	if len(in.Payload) == 0 || len(in.Payload)%frameBytes != 0 {
		return nil, nil, api.Errorf(invalidArg, "The payload of %d bytes is not a whole number of %dx%d frames of %d bytes.", len(in.Payload), FrameWidth, FrameHeight, frameBytes)
	}
	if len(in.Payload)/frameBytes > MaxFramesPerFragment {
		return nil, nil, api.Errorf(invalidArg, "A fragment holds at most %d frames in the playground; this one has %d.", MaxFramesPerFragment, len(in.Payload)/frameBytes)
	}
	return action("PutMedia", arn), func() (any, error) {
		st, err := s.findActive(name, arnOf(ref))
		if err != nil {
			return nil, err
		}
		f := s.put(st, env.Now, producer, length, in.Payload)
		acks := []Ack{{"BUFFERING", f.number, 0}, {"RECEIVED", f.number, 0}}
		if f.persisted {
			acks = append(acks, Ack{"PERSISTED", f.number, 0})
		}
		return struct {
			Acks []Ack `json:"Acks"`
		}{acks}, nil
	}, nil
}

// put keeps a fragment in st, dropping what retention and the bounds no
// longer keep.
func (s *Service) put(st *stream, now, producer sim.Time, length int64, payload []byte) *fragment {
	s.settle(st, now)
	st.seq++
	f := &fragment{number: fmt.Sprintf("%013d%034d", int64(st.created)%1e13, st.seq), size: int64(len(payload)),
		producer: producer, server: now, length: length, payload: append([]byte(nil), payload...), persisted: st.retention > 0}
	st.frags = append(st.frags, f)
	s.mediaBytes += len(payload)
	if len(st.frags) > MaxFragmentsPerStream {
		s.mediaBytes -= len(st.frags[0].payload)
		st.frags[0] = nil
		st.frags = st.frags[1:]
	}
	for s.mediaBytes > MaxMediaBytes {
		s.dropOldest()
	}
	return f
}

// dropOldest drops the account's oldest kept fragment (by server time,
// ties by stream name).
func (s *Service) dropOldest() {
	var old *stream
	for _, n := range sortedKeys(s.streams) {
		st := s.streams[n]
		if len(st.frags) > 0 && (old == nil || st.frags[0].server < old.frags[0].server) {
			old = st
		}
	}
	if old == nil {
		s.mediaBytes = 0
		return
	}
	s.mediaBytes -= len(old.frags[0].payload)
	old.frags[0] = nil
	old.frags = old.frags[1:]
}

// Fragment is a fragment as ListFragments shows it.
type Fragment struct {
	FragmentNumber               string `json:"FragmentNumber"`
	FragmentSizeInBytes          int64  `json:"FragmentSizeInBytes"`
	ProducerTimestamp            string `json:"ProducerTimestamp"`
	ServerTimestamp              string `json:"ServerTimestamp"`
	FragmentLengthInMilliseconds int64  `json:"FragmentLengthInMilliseconds"`
}

type timestampRange struct {
	StartTimestamp json.RawMessage `json:"StartTimestamp" aws:"required"`
	EndTimestamp   json.RawMessage `json:"EndTimestamp" aws:"required"`
}

type listFragmentsInput struct {
	StreamName       *string `json:"StreamName"`
	StreamARN        *string `json:"StreamARN"`
	MaxResults       *int64  `json:"MaxResults"`
	NextToken        *string `json:"NextToken"`
	FragmentSelector *struct {
		FragmentSelectorType string          `json:"FragmentSelectorType" aws:"required"`
		TimestampRange       *timestampRange `json:"TimestampRange" aws:"required"`
	} `json:"FragmentSelector"`
}

// parseTimestamp reads a timestamp member as the CLI takes one: an RFC
// 3339 string or a number of seconds since the epoch.
func parseTimestamp(member string, raw json.RawMessage) (sim.Time, error) {
	var str string
	if json.Unmarshal(raw, &str) == nil {
		if t, err := sim.ParseTime(str); err == nil {
			return t, nil
		}
		return 0, api.Errorf(invalidArg, "Invalid timestamp for parameter %s: %s", member, api.ClipBytes(raw, api.MaxQuoted))
	}
	var secs float64
	if json.Unmarshal(raw, &secs) == nil && !math.IsNaN(secs) && secs*1000 >= float64(sim.MinTime) && secs*1000 <= float64(sim.MaxTime) {
		return sim.Time(math.Floor(secs * 1000)), nil
	}
	return 0, api.Errorf(invalidArg, "Invalid timestamp for parameter %s: %s", member, api.ClipBytes(raw, api.MaxQuoted))
}

// selector is a checked FragmentSelector.
type selector struct {
	server     bool
	start, end sim.Time
}

func (sel *selector) match(f *fragment) bool {
	if sel == nil {
		return true
	}
	t := f.producer
	if sel.server {
		t = f.server
	}
	return sel.start <= t && t <= sel.end
}

// prepareListFragments is ListFragments: the persisted fragments in
// ingestion order, those of the selector's range when one is given, a
// page of MaxResults. NextToken is the number of the next fragment.
func (s *Service) prepareListFragments(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listFragmentsInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	ref := streamRef{StreamName: in.StreamName, StreamARN: in.StreamARN}
	name, arn, err := s.resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	limit := int64(defaultListFragments)
	if in.MaxResults != nil {
		if err := checkRange("maxResults", *in.MaxResults, 1, maxListFragments); err != nil {
			return nil, nil, err
		}
		limit = *in.MaxResults
	}
	next := ""
	if in.NextToken != nil {
		next = *in.NextToken
		if next == "" || len(next) > 4096 || strings.Trim(next, "0123456789") != "" {
			return nil, nil, api.Errorf(invalidArg, "The NextToken %s is not valid.", api.Clip(next, api.MaxQuoted))
		}
	}
	var sel *selector
	if fs := in.FragmentSelector; fs != nil {
		if fs.FragmentSelectorType != "SERVER_TIMESTAMP" && fs.FragmentSelectorType != "PRODUCER_TIMESTAMP" {
			return nil, nil, constraintError(fs.FragmentSelectorType, "fragmentSelector.fragmentSelectorType", "Member must satisfy enum value set: [PRODUCER_TIMESTAMP, SERVER_TIMESTAMP]")
		}
		start, err := parseTimestamp("FragmentSelector.TimestampRange.StartTimestamp", fs.TimestampRange.StartTimestamp)
		if err != nil {
			return nil, nil, err
		}
		end, err := parseTimestamp("FragmentSelector.TimestampRange.EndTimestamp", fs.TimestampRange.EndTimestamp)
		if err != nil {
			return nil, nil, err
		}
		if start > end {
			return nil, nil, api.Errorf(invalidArg, "StartTimestamp must be before or equal to EndTimestamp.")
		}
		sel = &selector{server: fs.FragmentSelectorType == "SERVER_TIMESTAMP", start: start, end: end}
	}
	return action("ListFragments", arn), func() (any, error) {
		st, err := s.find(name, arnOf(ref))
		if err != nil {
			return nil, err
		}
		s.settle(st, env.Now)
		out := struct {
			Fragments []Fragment `json:"Fragments"`
			NextToken *string    `json:"NextToken,omitempty"`
		}{Fragments: []Fragment{}}
		for _, f := range st.frags {
			if !f.persisted || !sel.match(f) || (next != "" && numLess(f.number, next)) {
				continue
			}
			if int64(len(out.Fragments)) == limit {
				t := f.number
				out.NextToken = &t
				break
			}
			out.Fragments = append(out.Fragments, f.view())
		}
		return out, nil
	}, nil
}

// numLess reports whether digit string a is a smaller number than b.
func numLess(a, b string) bool {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (f *fragment) view() Fragment {
	return Fragment{FragmentNumber: f.number, FragmentSizeInBytes: f.size, ProducerTimestamp: f.producer.Milli(),
		ServerTimestamp: f.server.Milli(), FragmentLengthInMilliseconds: f.length}
}

// prepareGetMedia is GetMediaForFragmentList: the payloads of the
// fragments asked for, concatenated in the order asked. A fragment the
// stream does not keep is ResourceNotFoundException.
func (s *Service) prepareGetMedia(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		StreamName *string  `json:"StreamName"`
		StreamARN  *string  `json:"StreamARN"`
		Fragments  []string `json:"Fragments" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	ref := streamRef{StreamName: in.StreamName, StreamARN: in.StreamARN}
	name, arn, err := s.resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	if len(in.Fragments) < 1 || len(in.Fragments) > maxMediaFragments {
		return nil, nil, constraintError(fmt.Sprint(len(in.Fragments)), "fragments", "Member must have length between 1 and 1000")
	}
	for _, n := range in.Fragments {
		if n == "" || len(n) > 128 || strings.Trim(n, "0123456789") != "" {
			return nil, nil, constraintError(n, "fragments", "Member must satisfy regular expression pattern: ^[0-9]+$")
		}
	}
	return action("GetMediaForFragmentList", arn), func() (any, error) {
		if err := s.throttle(env.Now, "GetMediaForFragmentList", name); err != nil {
			return nil, err
		}
		st, err := s.find(name, arnOf(ref))
		if err != nil {
			return nil, err
		}
		s.settle(st, env.Now)
		var payload []byte
		for _, n := range in.Fragments {
			f := st.fragment(n)
			if f == nil || !f.persisted {
				return nil, api.Errorf(notFoundErr, "Fragment %s of stream %s is not found.", api.Clip(n, api.MaxQuoted), st.name)
			}
			payload = append(payload, f.payload...)
		}
		return struct {
			ContentType string `json:"ContentType"`
			Payload     []byte `json:"Payload"`
		}{"application/x-cloudplay-frames", payload}, nil
	}, nil
}

// fragment returns the kept fragment numbered n (binary search: numbers
// grow in ingestion order).
func (st *stream) fragment(n string) *fragment {
	lo, hi := 0, len(st.frags)
	for lo < hi {
		m := (lo + hi) / 2
		if numLess(st.frags[m].number, n) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(st.frags) && st.frags[lo].number == n {
		return st.frags[lo]
	}
	return nil
}
