package video

import (
	"slices"

	"cloudplay/core/sim"
)

// View is a read-only snapshot of the account's Kinesis Video Streams for
// drawing: plain data, sorted by name, sharing nothing with the service.
type View struct {
	Streams   []StreamView   `json:"Streams"`
	Cameras   []CameraView   `json:"Cameras"`
	Detectors []DetectorView `json:"Detectors"`
}

// MaxViewFragments is how many of a stream's newest fragments its view
// shows (the timeline strip).
const MaxViewFragments = 30

// StreamView is a stream with its newest fragments.
type StreamView struct {
	Name, ARN, Status    string
	DataRetentionInHours int64
	FragmentCount        int            // the fragments kept
	Fragments            []FragmentView // the newest, oldest first
}

// FragmentView is one fragment of the timeline.
type FragmentView struct {
	Number           string
	Size             int64
	Producer, Server sim.Time
	LengthMillis     int64
	Persisted        bool
}

// CameraView is a camera and the last frame it filmed (FrameWidth ×
// FrameHeight grey levels, row by row).
type CameraView struct {
	CameraName, StreamName, Caller, Status string
	FragmentMillis, FramesPerSecond        int64
	FragmentsSent                          int64
	LatestFrame                            []byte
	LastError                              *ErrorView `json:",omitempty"`
}

// DetectorView is a motion detector and the motions it saw.
type DetectorView struct {
	DetectorName, StreamName, Caller, Status string
	Threshold, Level                         int64
	FragmentsRead, Motions                   int64
	LastFragmentNumber                       string
	LastChangedPercent                       float64
	Events                                   []MotionView // the newest, oldest first
	LastError                                *ErrorView   `json:",omitempty"`
}

// IsZero reports whether there is nothing to show: the account's view
// leaves Video out of its JSON then.
func (v View) IsZero() bool {
	return len(v.Streams) == 0 && len(v.Cameras) == 0 && len(v.Detectors) == 0
}

// View returns a snapshot at now.
func (s *Service) View(now sim.Time) View {
	var v View
	for _, n := range sortedKeys(s.streams) {
		st := s.streams[n]
		sv := StreamView{Name: st.name, ARN: st.arn, Status: st.status, DataRetentionInHours: st.retention, Fragments: []FragmentView{}}
		keep := sim.Time(bufferMillis)
		if st.retention > 0 {
			keep = sim.Time(st.retention * 3600 * 1000)
		}
		for _, f := range st.frags {
			if f.server >= now-keep {
				sv.FragmentCount++
			}
		}
		for _, f := range st.frags[max(len(st.frags)-MaxViewFragments, 0):] {
			if f.server >= now-keep {
				sv.Fragments = append(sv.Fragments, FragmentView{Number: f.number, Size: f.size, Producer: f.producer, Server: f.server,
					LengthMillis: f.length, Persisted: f.persisted})
			}
		}
		v.Streams = append(v.Streams, sv)
	}
	for _, n := range sortedKeys(s.cameras) {
		c := s.cameras[n]
		cv := CameraView{CameraName: c.name, StreamName: c.stream, Caller: c.caller, Status: c.status, FragmentMillis: c.fragMillis,
			FramesPerSecond: c.fps, FragmentsSent: c.sent, LatestFrame: slices.Clone(c.latest)}
		if c.lastErr != nil {
			e := *c.lastErr
			cv.LastError = &e
		}
		v.Cameras = append(v.Cameras, cv)
	}
	for _, n := range sortedKeys(s.detectors) {
		d := s.detectors[n]
		dv := DetectorView{DetectorName: d.name, StreamName: d.stream, Caller: d.caller, Status: d.status, Threshold: d.threshold,
			Level: d.level, FragmentsRead: d.read, Motions: d.motions, LastFragmentNumber: d.seen, LastChangedPercent: d.lastPct,
			Events: slices.Clone(d.events)}
		if dv.Events == nil {
			dv.Events = []MotionView{}
		}
		if d.lastErr != nil {
			e := *d.lastErr
			dv.LastError = &e
		}
		v.Detectors = append(v.Detectors, dv)
	}
	return v
}
