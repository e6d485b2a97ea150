package video

import (
	"encoding/json"
	"fmt"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

const (
	// PollMillis is how often a motion detector reads its stream.
	PollMillis = 1000
	// maxPages bounds the ListFragments pages one poll reads.
	maxPages = 10
	// MaxMotionEvents is how many motion events a detector's view keeps.
	MaxMotionEvents  = 20
	defaultThreshold = 5
	defaultLevel     = 25
)

// detector is one motion detector.
type detector struct {
	name, stream, caller, status string
	threshold, level             int64
	order                        int
	from                         sim.Time // the server time its next ListFragments starts at
	seen                         string   // the number of the last fragment read
	prev                         []byte   // the last frame read
	read, motions                int64
	lastPct                      float64
	events                       []MotionView
	lastErr                      *ErrorView
}

// MotionView is one motion a detector saw.
type MotionView struct {
	FragmentNumber string   `json:"FragmentNumber"`
	Time           sim.Time `json:"Time"`
	ChangedPercent float64  `json:"ChangedPercent"`
}

type startDetectorInput struct {
	DetectorName string `json:"DetectorName" aws:"required"`
	StreamName   string `json:"StreamName" aws:"required"`
	Threshold    *int64 `json:"Threshold"`
	Level        *int64 `json:"Level"`
}

// prepareStartDetector is cloudplay:StartMotionDetector.
func (s *Service) prepareStartDetector(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in startDetectorInput
	if err := api.Decode(input, &in, actorValidation); err != nil {
		return nil, nil, err
	}
	if err := actorName("detectorName", in.DetectorName); err != nil {
		return nil, nil, err
	}
	if err := actorName("streamName", in.StreamName); err != nil {
		return nil, nil, err
	}
	if err := actorRange("threshold", in.Threshold, 1, 100); err != nil {
		return nil, nil, err
	}
	if err := actorRange("level", in.Level, 1, 255); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		if s.streams[in.StreamName] == nil {
			return nil, api.Errorf(notFoundErr, "The requested stream is not found or not active.")
		}
		if d := s.detectors[in.DetectorName]; d != nil && d.status == "RUNNING" {
			return nil, api.Errorf("ResourceInUseException", "Motion detector %s is already running.", in.DetectorName)
		}
		delete(s.detectors, in.DetectorName)
		if !s.makeRoom() {
			return nil, api.Errorf("LimitExceededException", "The playground runs at most %d cameras and motion detectors per account; stop one first.", MaxActors)
		}
		d := &detector{name: in.DetectorName, stream: in.StreamName, caller: env.Caller.ARN, status: "RUNNING",
			threshold: defaultThreshold, level: defaultLevel, from: env.Now}
		if in.Threshold != nil {
			d.threshold = *in.Threshold
		}
		if in.Level != nil {
			d.level = *in.Level
		}
		s.started++
		d.order = s.started
		s.detectors[d.name] = d
		s.scheduleDetector(env.Schedule, d, env.Now+PollMillis)
		return struct {
			DetectorName string `json:"DetectorName"`
		}{d.name}, nil
	}, nil
}

func (s *Service) prepareStopDetector(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		DetectorName string `json:"DetectorName" aws:"required"`
	}
	if err := api.Decode(input, &in, actorValidation); err != nil {
		return nil, nil, err
	}
	if err := actorName("detectorName", in.DetectorName); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		d := s.detectors[in.DetectorName]
		if d == nil || d.status != "RUNNING" {
			return nil, api.Errorf(notFoundErr, "Motion detector %s is not running.", api.Clip(in.DetectorName, api.MaxQuoted))
		}
		d.status = "STOPPED"
		return struct{}{}, nil
	}, nil
}

func (s *Service) scheduleDetector(sched func(sim.Time, func(*api.Work)), d *detector, at sim.Time) {
	sched(at, func(w *api.Work) {
		if s.detectors[d.name] != d || d.status != "RUNNING" {
			return
		}
		s.poll(w, d)
		if d.status == "RUNNING" {
			s.scheduleDetector(w.Schedule, d, w.Now+PollMillis)
		}
	})
}

// poll reads the fragments received since the last poll and looks for
// motion in each.
func (s *Service) poll(w *api.Work, d *detector) {
	token := ""
	for range maxPages {
		in := fmt.Appendf(nil, `{"StreamName":%q,"MaxResults":100,"FragmentSelector":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":%q,"EndTimestamp":%q}}`,
			d.stream, d.from.Milli(), w.Now.Milli())
		if token != "" {
			in = fmt.Appendf(in, `,"NextToken":%q`, token)
		}
		in = append(in, '}')
		out, err := w.Act(api.ActCall{Actor: d.name, Caller: d.caller, Op: "kinesisvideo:ListFragments", Input: in})
		if err != nil {
			d.failed(w, s, err)
			return
		}
		var page struct {
			Fragments []Fragment
			NextToken string
		}
		if json.Unmarshal(out, &page) != nil {
			return
		}
		for _, f := range page.Fragments {
			if d.seen != "" && !numLess(d.seen, f.FragmentNumber) {
				continue
			}
			if !s.inspect(w, d, f) {
				return
			}
		}
		if page.NextToken == "" {
			return
		}
		token = page.NextToken
	}
}

// inspect reads fragment f with GetMediaForFragmentList and compares its
// frames, and reports whether the detector goes on.
func (s *Service) inspect(w *api.Work, d *detector, f Fragment) bool {
	in := fmt.Appendf(nil, `{"StreamName":%q,"Fragments":[%q]}`, d.stream, f.FragmentNumber)
	out, err := w.Act(api.ActCall{Actor: d.name, Caller: d.caller, Op: "kinesisvideo:GetMediaForFragmentList", Input: in})
	if err != nil {
		if errorCode(err) == notFoundErr && s.streams[d.stream] != nil {
			d.seen = f.FragmentNumber // dropped meanwhile: go on
			return true
		}
		d.failed(w, s, err)
		return false
	}
	var media struct{ Payload []byte }
	if json.Unmarshal(out, &media) != nil {
		return true
	}
	d.seen, d.read = f.FragmentNumber, d.read+1
	if t, err := sim.ParseTime(f.ServerTimestamp); err == nil {
		d.from = t
	}
	producer, _ := sim.ParseTime(f.ProducerTimestamp)
	frames := len(media.Payload) / frameBytes
	best, at := 0.0, producer
	for i := range frames {
		fr := media.Payload[i*frameBytes : (i+1)*frameBytes]
		if d.prev != nil {
			if p := changed(d.prev, fr, int(d.level)); p > best {
				best = p
				if frames > 0 {
					at = producer + sim.Time(int64(i)*f.FragmentLengthInMilliseconds/int64(frames))
				}
			}
		}
		d.prev = append(d.prev[:0], fr...)
	}
	d.lastPct = best
	if best >= float64(d.threshold) {
		d.motions++
		m := MotionView{FragmentNumber: f.FragmentNumber, Time: at, ChangedPercent: best}
		d.events = append(d.events, m)
		if len(d.events) > MaxMotionEvents {
			d.events = d.events[1:]
		}
		w.Emit(api.StepEvent{Service: "kinesisvideo", Type: "MotionDetected", Fields: map[string]string{
			"StreamName": d.stream, "FragmentNumber": f.FragmentNumber, "Time": at.Milli(),
			"ChangedPercent": strconv.FormatFloat(best, 'f', 1, 64), "detector": d.name}})
	}
	return true
}

// changed returns the percentage of pixels whose grey level differs by
// more than level between frames a and b.
func changed(a, b []byte, level int) float64 {
	n := 0
	for i := range a {
		if diff := int(a[i]) - int(b[i]); diff > level || -diff > level {
			n++
		}
	}
	return float64(n) * 100 / float64(len(a))
}

// failed handles a call that failed: a transient error is tried again at
// the next poll, anything else stops the detector.
func (d *detector) failed(w *api.Work, s *Service, err error) {
	d.lastErr = errorView(err)
	if s.transient(err, d.stream) {
		return
	}
	d.status = "STOPPED"
	w.Emit(api.StepEvent{Service: "cloudplay", Type: "MotionDetectorStopped", Fields: map[string]string{"detector": d.name, "error": d.lastErr.Code}})
}
