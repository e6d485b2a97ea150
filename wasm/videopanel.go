//go:build js && wasm

package main

import (
	"github.com/hexops/vecty"

	videomodel "cloudplay/wasm/internal/video"
)

// The Streams panel's Kinesis Video Streams section (the seed's security
// camera): its handlers here, its markup in videopanel_view.go, its model
// in wasm/internal/video. Every control is one operation as the acting
// principal through the store; a refusal shows AWS's error next to it.

func (p *StreamsPanel) onCreateVideo(e *vecty.Event) {
	in := videomodel.CreateStreamInput(formValue(e, "StreamName"), formValue(e, "DataRetentionInHours"))
	if _, ok := p.call("video-create", "kinesisvideo:CreateStream", in); ok {
		e.Target.Get("elements").Call("namedItem", "StreamName").Set("value", "")
	}
}

func (p *StreamsPanel) onStartCamera(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		p.call("video:"+stream, "cloudplay:StartCamera", videomodel.StartCameraInput(stream, formValue(e, "CameraName"), formValue(e, "MotionAt")))
	}
}

func (p *StreamsPanel) onStartDetector(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		p.call("video:"+stream, "cloudplay:StartMotionDetector", videomodel.StartDetectorInput(stream, formValue(e, "DetectorName"), formValue(e, "Threshold")))
	}
}

// onVideoOp runs op with input, its error shown in stream's card.
func (p *StreamsPanel) onVideoOp(stream, op string, input []byte) func(*vecty.Event) {
	return func(*vecty.Event) { p.call("video:"+stream, op, input) }
}
