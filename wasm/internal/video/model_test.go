package video

import (
	"strings"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
	corevideo "cloudplay/core/video"
)

func securityCamera(t *testing.T) *cloud.Account {
	t.Helper()
	for _, b := range builtin.List() {
		if b.ID == "video-security-camera" {
			a, _, err := scenario.Load(b.JSON)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
	}
	t.Fatal("no video-security-camera")
	return nil
}

// The card of the security camera's stream: its facts, a timeline bar per
// fragment with the walk-in fragment highlighted, the camera's latest
// frame, and the detector's motions newest first.
func TestCards(t *testing.T) {
	t.Parallel()
	v := securityCamera(t).View().Video
	cards := Cards(v)
	if len(cards) != 1 {
		t.Fatalf("%d cards", len(cards))
	}
	c := cards[0]
	if c.Name != "front-door" || c.Status != "ACTIVE" || c.Facts != "keeps 24 h · 20 fragments" {
		t.Fatalf("card %q %q %q", c.Name, c.Status, c.Facts)
	}
	if len(c.Bars) != 20 {
		t.Fatalf("%d bars", len(c.Bars))
	}
	first := v.Detectors[0].Events[0].FragmentNumber
	motion := 0
	for i, b := range c.Bars {
		if b.Motion {
			motion++
		}
		if b.Number == first && (!b.Motion || !strings.Contains(b.Title, "produced 00:00:32.000")) {
			t.Fatalf("walk-in bar %+v", b)
		}
		if i > 0 && b.X <= c.Bars[i-1].X || b.X+b.W > TimelineWidth || b.H <= 0 || b.H > TimelineHeight {
			t.Fatalf("bar %d %+v", i, b)
		}
	}
	if motion != len(v.Detectors[0].Events) {
		t.Fatalf("%d bars highlighted, %d events", motion, len(v.Detectors[0].Events))
	}
	cam := c.Cameras[0]
	if cam.Name != "front-door-camera" || !cam.Running || len(cam.Pixels) != corevideo.FrameWidth*corevideo.FrameHeight ||
		cam.Facts != "2 frames/s · 2.0 s fragments · 20 sent" || cam.Pixels[17].X != 1 || cam.Pixels[17].Y != 1 || !strings.HasPrefix(cam.Pixels[0].Fill, "rgb(") {
		t.Fatalf("camera %+v", cam)
	}
	d := c.Detectors[0]
	if !d.Running || len(d.Motions) == 0 || d.Motions[len(d.Motions)-1].Time != "00:00:32.000" || !strings.HasSuffix(d.Motions[0].Changed, "%") ||
		!strings.Contains(d.Facts, "threshold 5% of pixels") {
		t.Fatalf("detector %+v", d)
	}
}

func TestInputs(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{string(CreateStreamInput(" cam ", "24")), `{"DataRetentionInHours":24,"StreamName":"cam"}`},
		{string(CreateStreamInput("cam", "")), `{"StreamName":"cam"}`},
		{string(CreateStreamInput("cam", "a day")), `{"DataRetentionInHours":"a day","StreamName":"cam"}`},
		{string(StartCameraInput("cam", "", "30, 45")), `{"CameraName":"cam-camera","MotionAt":[30,45],"StreamName":"cam"}`},
		{string(StartCameraInput("cam", "c1", "")), `{"CameraName":"c1","StreamName":"cam"}`},
		{string(StartDetectorInput("cam", "", "10")), `{"DetectorName":"cam-motion","StreamName":"cam","Threshold":10}`},
		{string(CameraInput("c")), `{"CameraName":"c"}`},
		{string(DetectorInput("d")), `{"DetectorName":"d"}`},
		{ShortNumber("176722560000000000000000000000000000000000000015"), "…000015"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
	if Pixels([]byte{1, 2}) != nil {
		t.Error("a frame of the wrong size drew pixels")
	}
}
