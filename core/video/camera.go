package video

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// The camera's and detector's defaults and bounds (the playground's own).
const (
	defaultFragmentMillis = 2000
	defaultFPS            = 2
	maxFPS                = 10
	minFragmentMillis     = 500
	maxCameraFragment     = 10000
	// WalkMillis is how long the person takes to cross the room.
	WalkMillis = 6000
	// maxWalks bounds the walks a camera keeps to come (MotionAt and
	// TriggerMotion).
	maxWalks = 100
	// MaxActors bounds the cameras and detectors an account keeps; the
	// oldest stopped one is forgotten to make room.
	MaxActors = 20
	// personWidth and personHeight are the walker's size in pixels, and
	// personLevel its grey level.
	personWidth, personHeight, personLevel = 4, 7, 20
	// noise is the sensor noise: each pixel of each frame varies by up
	// to ±noise grey levels, well under the detector's default Level.
	noise = 2
)

// actorValidation is the playground service's error code for bad input
// (core/actor's: the playground's own operations answer as JSON services
// do).
const actorValidation = "ValidationException"

// ErrorView is an actor's last error: AWS's code and message.
type ErrorView struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

func errorView(err error) *ErrorView {
	if e, ok := err.(*api.Error); ok {
		return &ErrorView{Code: e.Code, Message: api.Clip(e.Message, 1024)}
	}
	return &ErrorView{Code: "InternalFailure", Message: api.Clip(err.Error(), 1024)}
}

func errorCode(err error) string {
	if e, ok := err.(*api.Error); ok {
		return e.Code
	}
	return ""
}

// camera is one security camera.
type camera struct {
	name, stream, caller, status string
	fragMillis, fps              int64
	order                        int
	started                      sim.Time
	walks                        []sim.Time // the start of each walk to come or going on, in order
	room                         []byte     // the still room, one frame
	rng                          *rand.Rand
	sent                         int64
	lastErr                      *ErrorView
	latest                       []byte
}

func (s *Service) rng(kind, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte("video/" + kind + "/" + name))
	return rand.New(rand.NewPCG(s.seed, h.Sum64()))
}

// room draws the still room: a wall lit from the left (a gradient) with a
// door and a picture, and a little texture, from r.
func room(r *rand.Rand) []byte {
	f := make([]byte, frameBytes)
	for y := range FrameHeight {
		for x := range FrameWidth {
			v := 150 - 4*x + r.IntN(12)
			if y >= 9 { // the floor
				v = 90 + r.IntN(8)
			}
			if x >= 11 && x <= 13 && y >= 3 && y < 9 { // the door
				v = 70 + r.IntN(6)
			}
			if x >= 3 && x <= 5 && y >= 2 && y <= 3 { // a picture
				v = 200 + r.IntN(10)
			}
			f[y*FrameWidth+x] = byte(v)
		}
	}
	return f
}

// frame films the room at t: the room, sensor noise, and the person of
// each walk going on at t.
func (c *camera) frame(t sim.Time) []byte {
	f := make([]byte, frameBytes)
	for i, v := range c.room {
		f[i] = byte(min(max(int(v)+c.rng.IntN(2*noise+1)-noise, 0), 255))
	}
	for _, w := range c.walks {
		if t < w || t >= w+WalkMillis {
			continue
		}
		left := int(int64(t-w) * FrameWidth / WalkMillis) // enters at the left edge
		for y := FrameHeight - 1 - personHeight; y < FrameHeight-1; y++ {
			for x := left; x < min(left+personWidth, FrameWidth); x++ {
				f[y*FrameWidth+x] = personLevel
			}
		}
	}
	return f
}

type startCameraInput struct {
	CameraName      string  `json:"CameraName" aws:"required"`
	StreamName      string  `json:"StreamName" aws:"required"`
	FragmentMillis  *int64  `json:"FragmentMillis"`
	FramesPerSecond *int64  `json:"FramesPerSecond"`
	MotionAt        []int64 `json:"MotionAt"`
}

// actorRange checks an integer member of a playground operation.
func actorRange(member string, v *int64, lo, hi int64) error {
	if v == nil {
		return nil
	}
	if err := checkRange(member, *v, lo, hi); err != nil {
		e := err.(*api.Error)
		e.Code = actorValidation
		return e
	}
	return nil
}

func actorName(member, v string) error {
	if err := checkName(member, v, 64); err != nil {
		e := err.(*api.Error)
		e.Code = actorValidation
		return e
	}
	return nil
}

// prepareStartCamera is cloudplay:StartCamera.
func (s *Service) prepareStartCamera(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in startCameraInput
	if err := api.Decode(input, &in, actorValidation); err != nil {
		return nil, nil, err
	}
	if err := actorName("cameraName", in.CameraName); err != nil {
		return nil, nil, err
	}
	if err := actorName("streamName", in.StreamName); err != nil {
		return nil, nil, err
	}
	if err := actorRange("fragmentMillis", in.FragmentMillis, minFragmentMillis, maxCameraFragment); err != nil {
		return nil, nil, err
	}
	if err := actorRange("framesPerSecond", in.FramesPerSecond, 1, maxFPS); err != nil {
		return nil, nil, err
	}
	if len(in.MotionAt) > maxWalks {
		return nil, nil, api.Errorf(actorValidation, "MotionAt lists at most %d times.", maxWalks)
	}
	for _, m := range in.MotionAt {
		if err := actorRange("motionAt", &m, 0, 86400); err != nil {
			return nil, nil, err
		}
	}
	return nil, func() (any, error) {
		if st := s.streams[in.StreamName]; st == nil {
			return nil, api.Errorf(notFoundErr, "The requested stream is not found or not active.")
		}
		if c := s.cameras[in.CameraName]; c != nil && c.status == "RUNNING" {
			return nil, api.Errorf("ResourceInUseException", "Camera %s is already running.", in.CameraName)
		}
		delete(s.cameras, in.CameraName)
		if !s.makeRoom() {
			return nil, api.Errorf("LimitExceededException", "The playground runs at most %d cameras and motion detectors per account; stop one first.", MaxActors)
		}
		c := &camera{name: in.CameraName, stream: in.StreamName, caller: env.Caller.ARN, status: "RUNNING",
			fragMillis: defaultFragmentMillis, fps: defaultFPS, started: env.Now, rng: s.rng("camera", in.CameraName)}
		if in.FragmentMillis != nil {
			c.fragMillis = *in.FragmentMillis
		}
		if in.FramesPerSecond != nil {
			c.fps = *in.FramesPerSecond
		}
		for _, m := range in.MotionAt {
			c.walks = append(c.walks, env.Now+sim.Time(m*1000))
		}
		slices.Sort(c.walks)
		c.room = room(c.rng)
		c.latest = slices.Clone(c.room)
		s.started++
		c.order = s.started
		s.cameras[c.name] = c
		s.scheduleCamera(env.Schedule, c, env.Now+sim.Time(c.fragMillis))
		return struct {
			CameraName string `json:"CameraName"`
		}{c.name}, nil
	}, nil
}

// makeRoom forgets the oldest stopped actor when MaxActors are kept, and
// reports whether there is room for one more.
func (s *Service) makeRoom() bool {
	if len(s.cameras)+len(s.detectors) < MaxActors {
		return true
	}
	oldest, kind, name := -1, "", ""
	for _, n := range sortedKeys(s.cameras) {
		if c := s.cameras[n]; c.status != "RUNNING" && (oldest < 0 || c.order < oldest) {
			oldest, kind, name = c.order, "c", n
		}
	}
	for _, n := range sortedKeys(s.detectors) {
		if d := s.detectors[n]; d.status != "RUNNING" && (oldest < 0 || d.order < oldest) {
			oldest, kind, name = d.order, "d", n
		}
	}
	switch kind {
	case "c":
		delete(s.cameras, name)
	case "d":
		delete(s.detectors, name)
	default:
		return false
	}
	return true
}

func (s *Service) scheduleCamera(sched func(sim.Time, func(*api.Work)), c *camera, at sim.Time) {
	sched(at, func(w *api.Work) {
		if s.cameras[c.name] != c || c.status != "RUNNING" {
			return
		}
		s.film(w, c)
		if c.status == "RUNNING" {
			s.scheduleCamera(w.Schedule, c, w.Now+sim.Time(c.fragMillis))
		}
	})
}

// film sends the fragment that just ended: its frames through
// kinesisvideo:PutMedia as the camera's starter.
func (s *Service) film(w *api.Work, c *camera) {
	start := w.Now - sim.Time(c.fragMillis)
	n := max(c.fragMillis*c.fps/1000, 1)
	payload := make([]byte, 0, n*frameBytes)
	var f []byte
	for i := range n {
		f = c.frame(start + sim.Time(i*1000/c.fps))
		payload = append(payload, f...)
	}
	c.latest = f
	for len(c.walks) > 0 && c.walks[0]+WalkMillis <= start {
		c.walks = c.walks[1:]
	}
	in := fmt.Appendf(nil, `{"StreamName":%q,"FragmentTimecodeType":"ABSOLUTE","ProducerStartTimestamp":%q,"FragmentLengthInMilliseconds":%d,"Payload":%q}`,
		c.stream, start.Milli(), c.fragMillis, base64.StdEncoding.EncodeToString(payload))
	_, err := w.Act(api.ActCall{Actor: c.name, Caller: c.caller, Op: "kinesisvideo:PutMedia", Input: in})
	if err == nil {
		c.sent++
		return
	}
	c.lastErr = errorView(err)
	if s.transient(err, c.stream) {
		return
	}
	c.status = "STOPPED"
	w.Emit(api.StepEvent{Service: "cloudplay", Type: "CameraStopped", Fields: map[string]string{"camera": c.name, "error": c.lastErr.Code}})
}

// transient reports whether an actor's call on stream that failed with
// err is worth trying again: throttling, or a stream still CREATING.
// Anything else (access denied, a stream deleted) stops the actor, as an
// SDK client stops on an error it cannot retry.
func (s *Service) transient(err error, stream string) bool {
	switch errorCode(err) {
	case "ClientLimitExceededException", "InternalFailure":
		return true
	case "ResourceInUseException":
		st := s.streams[stream]
		return st != nil && st.status == statusCreating
	}
	return false
}

type cameraNameInput struct {
	CameraName string `json:"CameraName" aws:"required"`
}

// runningCamera returns the running camera named name.
func (s *Service) runningCamera(name string) (*camera, error) {
	c := s.cameras[name]
	if c == nil || c.status != "RUNNING" {
		return nil, api.Errorf(notFoundErr, "Camera %s is not running.", api.Clip(name, api.MaxQuoted))
	}
	return c, nil
}

// prepareOnRunningCamera decodes a CameraName input and, when the call
// runs, applies do to that running camera: StopCamera and TriggerMotion.
func (s *Service) prepareOnRunningCamera(input []byte, do func(c *camera) error) ([]api.Action, func() (any, error), error) {
	var in cameraNameInput
	if err := api.Decode(input, &in, actorValidation); err != nil {
		return nil, nil, err
	}
	if err := actorName("cameraName", in.CameraName); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		c, err := s.runningCamera(in.CameraName)
		if err != nil {
			return nil, err
		}
		if err := do(c); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}, nil
}

func (s *Service) prepareStopCamera(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareOnRunningCamera(input, func(c *camera) error {
		c.status = "STOPPED"
		return nil
	})
}

// prepareTriggerMotion is cloudplay:TriggerMotion: someone enters the
// room now.
func (s *Service) prepareTriggerMotion(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareOnRunningCamera(input, func(c *camera) error {
		if len(c.walks) >= maxWalks {
			return api.Errorf("LimitExceededException", "Camera %s has %d walks to come already.", c.name, maxWalks)
		}
		c.walks = append(c.walks, env.Now)
		slices.Sort(c.walks)
		return nil
	})
}
