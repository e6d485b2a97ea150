// Package video is the model of the Streams panel's Kinesis Video Streams
// section: plain functions of the account's view (core/video.View) and of
// the section's form fields, tested natively. What it shows comes from the
// engine: the streams, their newest fragments, the cameras' latest frames
// and the detectors' motion events; it recomputes none of it.
package video

import (
	"encoding/json"
	"strconv"
	"strings"

	"cloudplay/core/api"
	corevideo "cloudplay/core/video"
	"cloudplay/wasm/internal/ui"
)

// Card is one video stream as the section draws it.
type Card struct {
	Name, Status string
	// Facts is the stream in one line: "keeps 24 h · 20 fragments".
	Facts     string
	Bars      []Bar // its newest fragments, oldest first
	Cameras   []CameraCard
	Detectors []DetectorCard
}

// Bar is one fragment of the timeline strip: its place and size in a
// strip TimelineWidth × TimelineHeight, Motion when a detector saw motion
// in it.
type Bar struct {
	Number       string
	X, W, H      float64
	Motion       bool
	Title        string // "fragment …000015 · 2.0 s · 384 B · produced 00:00:32.000"
	NotPersisted bool
}

// Timeline size, in SVG units (the strip scales to its box).
const (
	TimelineWidth  = 300
	TimelineHeight = 32
)

// CameraCard is a camera with its latest frame.
type CameraCard struct {
	Name, Status, Facts, Error string
	Running                    bool
	Pixels                     []Pixel
}

// Pixel is one cell of a frame: its column, row and fill colour.
type Pixel struct {
	X, Y int
	Fill string
}

// DetectorCard is a motion detector with the motions it saw, newest
// first.
type DetectorCard struct {
	Name, Status, Facts, Error string
	Running                    bool
	Motions                    []MotionRow
}

// MotionRow is one motion event.
type MotionRow struct {
	Fragment, Time, Changed string
}

// Cards returns a card per stream, in name order, with the stream's
// cameras and detectors.
func Cards(v corevideo.View) []Card {
	var out []Card
	for _, s := range v.Streams {
		c := Card{Name: s.Name, Status: s.Status,
			Facts: "keeps " + retention(s.DataRetentionInHours) + " · " + plural(s.FragmentCount, "fragment", "fragments")}
		motion := map[string]bool{}
		for _, d := range v.Detectors {
			if d.StreamName != s.Name {
				continue
			}
			for _, e := range d.Events {
				motion[e.FragmentNumber] = true
			}
			c.Detectors = append(c.Detectors, detectorCard(d))
		}
		for _, cam := range v.Cameras {
			if cam.StreamName == s.Name {
				c.Cameras = append(c.Cameras, cameraCard(cam))
			}
		}
		c.Bars = Timeline(s.Fragments, motion)
		out = append(out, c)
	}
	return out
}

func retention(h int64) string {
	if h == 0 {
		return "no data (5 min host buffer)"
	}
	return strconv.FormatInt(h, 10) + " h"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return ui.Thousands(int64(n)) + " " + many
}

// Timeline lays out fragments as bars side by side: width by duration
// (the strip holds corevideo.MaxViewFragments fragments of the longest
// duration shown), height by size (the largest shown fills the strip).
func Timeline(frags []corevideo.FragmentView, motion map[string]bool) []Bar {
	var longest, largest int64 = 1, 1
	for _, f := range frags {
		longest, largest = max(longest, f.LengthMillis), max(largest, f.Size)
	}
	unit := float64(TimelineWidth) / float64(corevideo.MaxViewFragments) / float64(longest)
	var out []Bar
	x := 0.0
	for _, f := range frags {
		w := float64(f.LengthMillis) * unit
		h := max(float64(f.Size)/float64(largest)*TimelineHeight, 2)
		out = append(out, Bar{Number: f.Number, X: x, W: max(w-1, 1), H: h, Motion: motion[f.Number], NotPersisted: !f.Persisted,
			Title: "fragment " + ShortNumber(f.Number) + " · " + strconv.FormatFloat(float64(f.LengthMillis)/1000, 'f', 1, 64) + " s · " +
				ui.Thousands(f.Size) + " B · produced " + f.Producer.Milli()[11:23]})
		x += w
	}
	return out
}

// ShortNumber shortens a 47-digit fragment number to its last six digits.
func ShortNumber(n string) string {
	if len(n) <= 8 {
		return n
	}
	return "…" + n[len(n)-6:]
}

func cameraCard(c corevideo.CameraView) CameraCard {
	card := CameraCard{Name: c.CameraName, Status: c.Status, Running: c.Status == "RUNNING", Pixels: Pixels(c.LatestFrame),
		Facts: strconv.FormatInt(c.FramesPerSecond, 10) + " frames/s · " + strconv.FormatFloat(float64(c.FragmentMillis)/1000, 'f', 1, 64) +
			" s fragments · " + ui.Thousands(c.FragmentsSent) + " sent"}
	if c.LastError != nil {
		card.Error = c.LastError.Code + ": " + api.Clip(c.LastError.Message, 200)
	}
	return card
}

// Pixels turns a frame (FrameWidth × FrameHeight grey levels, row by row)
// into cells to draw; a frame of another size draws nothing.
func Pixels(frame []byte) []Pixel {
	if len(frame) != corevideo.FrameWidth*corevideo.FrameHeight {
		return nil
	}
	out := make([]Pixel, len(frame))
	for i, g := range frame {
		s := strconv.Itoa(int(g))
		out[i] = Pixel{X: i % corevideo.FrameWidth, Y: i / corevideo.FrameWidth, Fill: "rgb(" + s + "," + s + "," + s + ")"}
	}
	return out
}

func detectorCard(d corevideo.DetectorView) DetectorCard {
	card := DetectorCard{Name: d.DetectorName, Status: d.Status, Running: d.Status == "RUNNING",
		Facts: "threshold " + strconv.FormatInt(d.Threshold, 10) + "% of pixels · level " + strconv.FormatInt(d.Level, 10) + " · " +
			ui.Thousands(d.FragmentsRead) + " fragments read · " + plural(int(d.Motions), "motion", "motions")}
	for i := len(d.Events) - 1; i >= 0; i-- {
		e := d.Events[i]
		card.Motions = append(card.Motions, MotionRow{Fragment: ShortNumber(e.FragmentNumber), Time: e.Time.Milli()[11:23],
			Changed: strconv.FormatFloat(e.ChangedPercent, 'f', 1, 64) + "%"})
	}
	if d.LastError != nil {
		card.Error = d.LastError.Code + ": " + api.Clip(d.LastError.Message, 200)
	}
	return card
}

// numberOrText is a numeric field's value: a number when it is one, else
// the text (the engine refuses it with its own error); ok is false for an
// empty field.
func numberOrText(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	return s, true
}

func marshal(in map[string]any) []byte {
	b, _ := json.Marshal(in)
	return b
}

// CreateStreamInput is kinesisvideo:CreateStream's input.
func CreateStreamInput(name, retentionHours string) []byte {
	in := map[string]any{"StreamName": strings.TrimSpace(name)}
	if v, ok := numberOrText(retentionHours); ok {
		in["DataRetentionInHours"] = v
	}
	return marshal(in)
}

// StartCameraInput is cloudplay:StartCamera's input; the camera is named
// after the stream when no name is given, and motionAt is a list of
// seconds ("30, 45").
func StartCameraInput(stream, name, motionAt string) []byte {
	name = strings.TrimSpace(name)
	if name == "" {
		name = stream + "-camera"
	}
	in := map[string]any{"CameraName": name, "StreamName": stream}
	var at []any
	for _, f := range strings.FieldsFunc(motionAt, func(r rune) bool { return r == ',' || r == ' ' }) {
		v, _ := numberOrText(f)
		at = append(at, v)
	}
	if len(at) > 0 {
		in["MotionAt"] = at
	}
	return marshal(in)
}

// StartDetectorInput is cloudplay:StartMotionDetector's input.
func StartDetectorInput(stream, name, threshold string) []byte {
	name = strings.TrimSpace(name)
	if name == "" {
		name = stream + "-motion"
	}
	in := map[string]any{"DetectorName": name, "StreamName": stream}
	if v, ok := numberOrText(threshold); ok {
		in["Threshold"] = v
	}
	return marshal(in)
}

// CameraInput is the input of cloudplay:TriggerMotion and StopCamera.
func CameraInput(camera string) []byte { return marshal(map[string]any{"CameraName": camera}) }

// DetectorInput is the input of cloudplay:StopMotionDetector.
func DetectorInput(detector string) []byte { return marshal(map[string]any{"DetectorName": detector}) }
