//go:build js && wasm

package main

import (
	"strconv"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"

	corevideo "cloudplay/core/video"
	videomodel "cloudplay/wasm/internal/video"
)

// renderVideo is the Streams panel's Kinesis Video Streams section: a
// form that creates a video stream, and each stream with its fragments as
// a timeline strip, its cameras (the latest frame drawn small) and its
// motion detectors.
func (p *StreamsPanel) renderVideo() *vecty.HTML {
	cards := videomodel.Cards(p.Store.View().Video)
	list := vecty.List{keyedSentinel(elem.Span)}
	for _, c := range cards {
		list = append(list, p.renderVideoCard(c))
	}
	var shown vecty.MarkupOrChild = list
	if len(cards) == 0 {
		// Keyed like the cards it gives way to (Vecty reconciles keyed and
		// unkeyed siblings apart), and alone in its parent: a list beside it
		// would be an unkeyed sibling.
		shown = elem.Paragraph(vecty.Markup(vecty.Key(" none"), vecty.Class("hint", "no-video")), vecty.Text("No video streams yet: create one, or load the security camera scenario."))
	}
	return elem.Section(vecty.Markup(vecty.Class("video-section"), vecty.Attribute("aria-labelledby", "video-heading")),
		elem.Heading3(vecty.Markup(prop.ID("video-heading")), vecty.Text("Kinesis Video Streams")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("A camera sends a fragment of video every few seconds (kinesisvideo:PutMedia, as the principal that started it); a motion detector lists the new fragments (kinesisvideo:ListFragments), reads their frames (kinesisvideo:GetMediaForFragmentList) and compares each frame with the one before.")),
		elem.Form(vecty.Markup(prop.ID("form-create-video"), vecty.Class("card", "form"), event.Submit(p.onCreateVideo).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("row")),
				field("video-name", "Video stream name", elem.Input(vecty.Markup(prop.ID("video-name"), prop.Name("StreamName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), prop.Placeholder("e.g. front-door")))),
				numField("video-retention", "Keep (hours)", "DataRetentionInHours", "24", "DataRetentionInHours: 0 (keep nothing) to 87,600"),
				elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create video stream")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesisvideo:CreateStream")),
			errorAt(p.Store, "video-create"),
		),
		elem.Div(vecty.Markup(vecty.Class("video-list")), shown),
	)
}

func (p *StreamsPanel) renderVideoCard(c videomodel.Card) *vecty.HTML {
	id := "video-" + c.Name
	cams := vecty.List{keyedSentinel(elem.ListItem)}
	for _, cam := range c.Cameras {
		cams = append(cams, p.renderCamera(c.Name, cam))
	}
	dets := vecty.List{keyedSentinel(elem.ListItem)}
	for _, d := range c.Detectors {
		dets = append(dets, p.renderDetector(c.Name, d))
	}
	return elem.Article(vecty.Markup(vecty.Key(c.Name), vecty.Class("card", "video-card"), vecty.Data("video", c.Name),
		vecty.Attribute("aria-label", "Video stream "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading4(vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("stream-status", "status-"+c.Status)), vecty.Text(c.Status)),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("stream-facts")), vecty.Text(c.Facts)),
		renderTimeline(c),
		elem.UnorderedList(vecty.Markup(vecty.Class("video-cameras"), vecty.Attribute("aria-label", "Cameras of "+c.Name)), cams),
		elem.UnorderedList(vecty.Markup(vecty.Class("video-detectors"), vecty.Attribute("aria-label", "Motion detectors of "+c.Name)), dets),
		elem.Div(vecty.Markup(vecty.Class("row", "flow-row")),
			elem.Form(vecty.Markup(vecty.Class("form", "start-camera"), event.Submit(p.onStartCamera(c.Name)).PreventDefault()),
				elem.Div(vecty.Markup(vecty.Class("row")),
					field(id+"-cam", "Camera name", elem.Input(vecty.Markup(prop.ID(id+"-cam"), prop.Name("CameraName"), prop.Type(prop.TypeText),
						vecty.Class("actor-name-input"), vecty.Attribute("autocomplete", "off"), prop.Placeholder(c.Name+"-camera")))),
					field(id+"-at", "Walk-ins (s)", elem.Input(vecty.Markup(prop.ID(id+"-at"), prop.Name("MotionAt"), prop.Type(prop.TypeText), vecty.Class("walk-ins"),
						vecty.Attribute("autocomplete", "off"), prop.Placeholder("e.g. 30, 45"),
						vecty.Attribute("title", "MotionAt: seconds after the camera starts when someone walks in")))),
					elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("quiet")), vecty.Text("Start camera")),
				),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:StartCamera")),
			),
			elem.Form(vecty.Markup(vecty.Class("form", "start-detector"), event.Submit(p.onStartDetector(c.Name)).PreventDefault()),
				elem.Div(vecty.Markup(vecty.Class("row")),
					field(id+"-det", "Detector name", elem.Input(vecty.Markup(prop.ID(id+"-det"), prop.Name("DetectorName"), prop.Type(prop.TypeText),
						vecty.Class("actor-name-input"), vecty.Attribute("autocomplete", "off"), prop.Placeholder(c.Name+"-motion")))),
					numField(id+"-thr", "Threshold %", "Threshold", "5", "percent of pixels that must change, 1 to 100"),
					elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("quiet")), vecty.Text("Start motion detector")),
				),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:StartMotionDetector")),
			),
		),
		errorAt(p.Store, "video:"+c.Name),
	)
}

// renderTimeline draws the stream's newest fragments as a strip: width by
// duration, height by size, motion in the alert colour.
func renderTimeline(c videomodel.Card) *vecty.HTML {
	var bars vecty.List
	motions := 0
	for _, b := range c.Bars {
		class := "frag"
		if b.Motion {
			class += " frag-motion"
			motions++
		}
		if b.NotPersisted {
			class += " frag-buffered"
		}
		bars = append(bars, svg("rect", map[string]string{"class": class, "x": ftoa(b.X), "y": ftoa(videomodel.TimelineHeight - b.H),
			"width": ftoa(b.W), "height": ftoa(b.H)}, svg("title", nil, vecty.Text(b.Title))))
	}
	label := "Timeline of the newest " + strconv.Itoa(len(c.Bars)) + " fragments of " + c.Name + ", " + strconv.Itoa(motions) + " with motion"
	return elem.Figure(vecty.Markup(vecty.Class("video-timeline")),
		svg("svg", map[string]string{"viewBox": "0 0 " + strconv.Itoa(videomodel.TimelineWidth) + " " + strconv.Itoa(videomodel.TimelineHeight),
			"preserveAspectRatio": "none", "role": "img", "aria-label": label}, bars),
		elem.FigureCaption(vecty.Text("Fragments, newest on the right: width is duration, height is size; motion in red.")),
	)
}

func (p *StreamsPanel) renderCamera(stream string, c videomodel.CameraCard) *vecty.HTML {
	var px vecty.List
	for _, x := range c.Pixels {
		px = append(px, svg("rect", map[string]string{"x": strconv.Itoa(x.X), "y": strconv.Itoa(x.Y), "width": "1", "height": "1", "fill": x.Fill}))
	}
	var buttons, lastErr vecty.MarkupOrChild
	if c.Running {
		buttons = elem.Span(vecty.Markup(vecty.Class("row")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "trigger-motion"), vecty.Attribute("title", "cloudplay:TriggerMotion"),
				event.Click(p.onVideoOp(stream, "cloudplay:TriggerMotion", videomodel.CameraInput(c.Name)))), vecty.Text("Someone walks in")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "actor-stop"), vecty.Attribute("title", "cloudplay:StopCamera"),
				vecty.Attribute("aria-label", "Stop "+c.Name), event.Click(p.onVideoOp(stream, "cloudplay:StopCamera", videomodel.CameraInput(c.Name)))), vecty.Text("Stop")),
		)
	}
	if c.Error != "" {
		lastErr = elem.Span(vecty.Markup(vecty.Class("actor-error")), vecty.Text(c.Error))
	}
	return elem.ListItem(vecty.Markup(vecty.Key(c.Name), vecty.Class("video-camera", "status-"+c.Status), vecty.Data("camera", c.Name), vecty.Data("status", c.Status)),
		svg("svg", map[string]string{"class": "video-frame", "viewBox": "0 0 " + strconv.Itoa(corevideo.FrameWidth) + " " + strconv.Itoa(corevideo.FrameHeight),
			"role": "img", "aria-label": "Latest frame of " + c.Name, "shape-rendering": "crispEdges"}, px),
		elem.Div(vecty.Markup(vecty.Class("video-camera-text")),
			elem.Strong(vecty.Markup(vecty.Class("actor-name")), vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("actor-kind")), vecty.Text(" camera · "+c.Status)),
			elem.Div(vecty.Markup(vecty.Class("actor-facts")), vecty.Text(c.Facts)),
			buttons, lastErr,
		),
	)
}

func (p *StreamsPanel) renderDetector(stream string, d videomodel.DetectorCard) *vecty.HTML {
	var stop, lastErr, events vecty.MarkupOrChild
	if d.Running {
		stop = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "actor-stop"), vecty.Attribute("title", "cloudplay:StopMotionDetector"),
			vecty.Attribute("aria-label", "Stop "+d.Name), event.Click(p.onVideoOp(stream, "cloudplay:StopMotionDetector", videomodel.DetectorInput(d.Name)))), vecty.Text("Stop"))
	}
	if d.Error != "" {
		lastErr = elem.Span(vecty.Markup(vecty.Class("actor-error")), vecty.Text(d.Error))
	}
	if len(d.Motions) > 0 {
		var rows vecty.List
		for _, m := range d.Motions {
			rows = append(rows, elem.ListItem(vecty.Markup(vecty.Class("motion-event")),
				elem.Strong(vecty.Text("MotionDetected")), vecty.Text(" at "+m.Time+" · fragment "+m.Fragment+" · "+m.Changed+" of pixels changed")))
		}
		events = elem.OrderedList(vecty.Markup(vecty.Class("motion-events"), vecty.Attribute("aria-label", "Motions seen by "+d.Name+", newest first")), rows)
	}
	return elem.ListItem(vecty.Markup(vecty.Key(d.Name), vecty.Class("video-detector", "status-"+d.Status), vecty.Data("detector", d.Name), vecty.Data("status", d.Status),
		vecty.Data("motions", strconv.Itoa(len(d.Motions)))),
		elem.Strong(vecty.Markup(vecty.Class("actor-name")), vecty.Text(d.Name)),
		elem.Span(vecty.Markup(vecty.Class("actor-kind")), vecty.Text(" motion detector · "+d.Status)),
		elem.Div(vecty.Markup(vecty.Class("actor-facts")), vecty.Text(d.Facts)),
		stop, lastErr, events,
	)
}
