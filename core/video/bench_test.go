package video_test

import (
	"testing"

	"cloudplay/core/cloud"
)

// BenchmarkSecurityCamera is the cost of one simulated minute of the
// security camera: a camera sending 2 s fragments of 2 frames a second and
// a motion detector reading each, someone walking in every 10 s.
func BenchmarkSecurityCamera(b *testing.B) {
	a := cloud.New(cloud.Config{Seed: 1})
	root := a.RootARN()
	must := func(_ []byte, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(a.Call(root, "kinesisvideo:CreateStream", []byte(`{"StreamName":"front-door","DataRetentionInHours":1}`)))
	if err := a.Advance(2000); err != nil {
		b.Fatal(err)
	}
	must(a.Call(root, "cloudplay:StartCamera", []byte(`{"CameraName":"cam","StreamName":"front-door"}`)))
	must(a.Call(root, "cloudplay:StartMotionDetector", []byte(`{"DetectorName":"det","StreamName":"front-door"}`)))
	b.ReportAllocs()
	for b.Loop() {
		for range 6 {
			must(a.Call(root, "cloudplay:TriggerMotion", []byte(`{"CameraName":"cam"}`)))
			if err := a.Advance(10_000); err != nil {
				b.Fatal(err)
			}
		}
	}
}
