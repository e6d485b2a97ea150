package video_test

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
	"cloudplay/core/scenario"
	"cloudplay/core/sim"
	"cloudplay/core/video"
)

func loadBuiltin(t *testing.T, id string) *cloud.Account {
	t.Helper()
	a, _ := loadBuiltinMeta(t, id)
	return a
}

func loadBuiltinMeta(t *testing.T, id string) (*cloud.Account, scenario.Meta) {
	t.Helper()
	a, m := servicetest.Builtin(t, id)
	if string(m.UI) == "" || m.Description == "" {
		t.Fatalf("%s has no ui or description", id)
	}
	return a, m
}

// video-security-camera teaches what its description says: the camera
// sends a fragment every two seconds, someone walks in at 30 s, and
// MotionDetected fires at that fragment and not before.
func TestScenarioSecurityCamera(t *testing.T) {
	t.Parallel()
	a := loadBuiltin(t, "video-security-camera")
	v := a.View().Video
	if len(v.Streams) != 1 || len(v.Cameras) != 1 || len(v.Detectors) != 1 {
		t.Fatalf("view %+v", v)
	}
	st, c, d := v.Streams[0], v.Cameras[0], v.Detectors[0]
	if st.Name != "front-door" || st.Status != "ACTIVE" || c.Status != "RUNNING" || d.Status != "RUNNING" {
		t.Fatalf("stream %s %s camera %s detector %s", st.Name, st.Status, c.Status, d.Status)
	}
	if c.FragmentsSent != 20 || st.FragmentCount != 20 || c.LastError != nil {
		t.Fatalf("camera sent %d fragments, stream keeps %d, error %v; want 20 (40 s of 2 s fragments)", c.FragmentsSent, st.FragmentCount, c.LastError)
	}
	cameraStart := cloud.DefaultStart + 2000
	walkIn := cameraStart + 30000
	if d.Motions < 1 || len(d.Events) < 1 {
		t.Fatalf("no motion detected: %+v", d)
	}
	first := d.Events[0]
	if first.Time != walkIn {
		t.Fatalf("first motion at %s, want %s (the walk-in)", first.Time.Milli(), walkIn.Milli())
	}
	// The fragment of the first motion is the one that starts at 30 s.
	var frag *video.FragmentView
	for i := range st.Fragments {
		if st.Fragments[i].Number == first.FragmentNumber {
			frag = &st.Fragments[i]
		}
	}
	if frag == nil || frag.Producer != walkIn {
		t.Fatalf("motion fragment %s: %+v, want the fragment produced at %s", first.FragmentNumber, frag, walkIn.Milli())
	}
	for _, e := range d.Events {
		if e.Time < walkIn || e.Time > walkIn+sim.Time(video.WalkMillis) {
			t.Errorf("motion at %s, outside the walk (entering to leaving)", e.Time.Milli())
		}
	}
	// The step event says the same.
	n := 0
	for _, e := range a.StepEventsSince(0) {
		if e.Type == "MotionDetected" {
			if n == 0 && (e.Fields["FragmentNumber"] != first.FragmentNumber || e.Fields["StreamName"] != "front-door" || e.Fields["Time"] != walkIn.Milli()) {
				t.Errorf("first MotionDetected %v", e.Fields)
			}
			n++
		}
	}
	if int64(n) != d.Motions {
		t.Errorf("%d MotionDetected events, detector counted %d", n, d.Motions)
	}
}
