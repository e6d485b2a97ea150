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
		shown = elem.Paragraph(vecty.Markup(vKey(" none"), vClass("hint", "no-video")), vecty.Text("No video streams yet: create one, or load the security camera scenario."))
	}
	return elem.Section(vecty.Markup(vClass("video-section"), vAttr("aria-labelledby", "video-heading")),
		elem.Heading3(vecty.Markup(vID("video-heading")), vecty.Text("Kinesis Video Streams")),
		elem.Paragraph(vecty.Markup(vClass("hint")),
			vecty.Text("A camera sends a fragment of video every few seconds (kinesisvideo:PutMedia, as the principal that started it); a motion detector lists the new fragments (kinesisvideo:ListFragments), reads their frames (kinesisvideo:GetMediaForFragmentList) and compares each frame with the one before.")),
		elem.Form(vecty.Markup(vID("form-create-video"), vClass("card", "form"), event.Submit(p.onCreateVideo).PreventDefault()),
			elem.Div(vecty.Markup(vClass("row")),
				field("video-name", "Video stream name", elem.Input(vecty.Markup(vID("video-name"), vName("StreamName"), vType(prop.TypeText),
					vAttr("autocomplete", "off"), vPlaceholder("e.g. front-door")))),
				numField("video-retention", "Keep (hours)", "DataRetentionInHours", "24", "DataRetentionInHours: 0 (keep nothing) to 87,600"),
				elem.Button(vecty.Markup(vType("submit")), vecty.Text("Create video stream")),
			),
			elem.Small(vecty.Markup(vClass("op")), vecty.Text("kinesisvideo:CreateStream")),
			errorAt(p.Store, "video-create"),
		),
		elem.Div(vecty.Markup(vClass("video-list")), shown),
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
	return elem.Article(vecty.Markup(vKey(c.Name), vClass("card", "video-card"), vData("video", c.Name),
		vAttr("aria-label", "Video stream "+c.Name)),
		elem.Div(vecty.Markup(vClass("card-head")),
			elem.Heading4(vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vClass("stream-status", "status-"+c.Status)), vecty.Text(c.Status)),
		),
		elem.Paragraph(vecty.Markup(vClass("stream-facts")), vecty.Text(c.Facts)),
		renderTimeline(c),
		elem.UnorderedList(vecty.Markup(vClass("video-cameras"), vAttr("aria-label", "Cameras of "+c.Name)), cams),
		elem.UnorderedList(vecty.Markup(vClass("video-detectors"), vAttr("aria-label", "Motion detectors of "+c.Name)), dets),
		elem.Div(vecty.Markup(vClass("row", "flow-row")),
			startForm("start-camera", p.onStartCamera(c.Name), "Start camera", "cloudplay:StartCamera",
				videoField(id+"-cam", "Camera name", "CameraName", c.Name+"-camera", "1 to 64 letters, digits, _ . or -", "actor-name-input"),
				videoField(id+"-at", "Walk-ins (s)", "MotionAt", "e.g. 30, 45", "MotionAt: seconds after the camera starts when someone walks in", "walk-ins")),
			startForm("start-detector", p.onStartDetector(c.Name), "Start motion detector", "cloudplay:StartMotionDetector",
				videoField(id+"-det", "Detector name", "DetectorName", c.Name+"-motion", "1 to 64 letters, digits, _ . or -", "actor-name-input"),
				numField(id+"-thr", "Threshold %", "Threshold", "5", "percent of pixels that must change, 1 to 100")),
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
	return elem.Figure(vecty.Markup(vClass("video-timeline")),
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
		buttons = elem.Span(vecty.Markup(vClass("row")),
			elem.Button(vecty.Markup(vType("button"), vClass("quiet", "trigger-motion"), vAttr("title", "cloudplay:TriggerMotion"),
				event.Click(p.onVideoOp(stream, "cloudplay:TriggerMotion", videomodel.CameraInput(c.Name)))), vecty.Text("Someone walks in")),
			elem.Button(vecty.Markup(vType("button"), vClass("quiet", "actor-stop"), vAttr("title", "cloudplay:StopCamera"),
				vAttr("aria-label", "Stop "+c.Name), event.Click(p.onVideoOp(stream, "cloudplay:StopCamera", videomodel.CameraInput(c.Name)))), vecty.Text("Stop")),
		)
	}
	if c.Error != "" {
		lastErr = elem.Span(vecty.Markup(vClass("actor-error")), vecty.Text(c.Error))
	}
	return elem.ListItem(vecty.Markup(vKey(c.Name), vClass("video-camera", "status-"+c.Status), vData("camera", c.Name), vData("status", c.Status)),
		svg("svg", map[string]string{"class": "video-frame", "viewBox": "0 0 " + strconv.Itoa(corevideo.FrameWidth) + " " + strconv.Itoa(corevideo.FrameHeight),
			"role": "img", "aria-label": "Latest frame of " + c.Name, "shape-rendering": "crispEdges"}, px),
		elem.Div(vecty.Markup(vClass("video-camera-text")),
			elem.Strong(vecty.Markup(vClass("actor-name")), vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vClass("actor-kind")), vecty.Text(" camera · "+c.Status)),
			elem.Div(vecty.Markup(vClass("actor-facts")), vecty.Text(c.Facts)),
			buttons, lastErr,
		),
	)
}

func (p *StreamsPanel) renderDetector(stream string, d videomodel.DetectorCard) *vecty.HTML {
	var stop, lastErr, events vecty.MarkupOrChild
	if d.Running {
		stop = elem.Button(vecty.Markup(vType("button"), vClass("quiet", "actor-stop"), vAttr("title", "cloudplay:StopMotionDetector"),
			vAttr("aria-label", "Stop "+d.Name), event.Click(p.onVideoOp(stream, "cloudplay:StopMotionDetector", videomodel.DetectorInput(d.Name)))), vecty.Text("Stop"))
	}
	if d.Error != "" {
		lastErr = elem.Span(vecty.Markup(vClass("actor-error")), vecty.Text(d.Error))
	}
	if len(d.Motions) > 0 {
		var rows vecty.List
		for _, m := range d.Motions {
			rows = append(rows, elem.ListItem(vecty.Markup(vClass("motion-event")),
				elem.Strong(vecty.Text("MotionDetected")), vecty.Text(" at "+m.Time+" · fragment "+m.Fragment+" · "+m.Changed+" of pixels changed")))
		}
		events = elem.OrderedList(vecty.Markup(vClass("motion-events"), vAttr("aria-label", "Motions seen by "+d.Name+", newest first")), rows)
	}
	return elem.ListItem(vecty.Markup(vKey(d.Name), vClass("video-detector", "status-"+d.Status), vData("detector", d.Name), vData("status", d.Status),
		vData("motions", strconv.Itoa(len(d.Motions)))),
		elem.Strong(vecty.Markup(vClass("actor-name")), vecty.Text(d.Name)),
		elem.Span(vecty.Markup(vClass("actor-kind")), vecty.Text(" motion detector · "+d.Status)),
		elem.Div(vecty.Markup(vClass("actor-facts")), vecty.Text(d.Facts)),
		stop, lastErr, events,
	)
}

// startForm is a form that starts a camera or detector: its fields, a
// submit button, and the operation it makes.
func startForm(class string, submit func(*vecty.Event), button, op string, fields ...vecty.MarkupOrChild) *vecty.HTML {
	row := append([]vecty.MarkupOrChild{vecty.Markup(vClass("row"))}, fields...)
	row = append(row, elem.Button(vecty.Markup(vType("submit"), vClass("quiet")), vecty.Text(button)))
	return elem.Form(vecty.Markup(vClass("form", class), event.Submit(submit).PreventDefault()),
		elem.Div(row...),
		elem.Small(vecty.Markup(vClass("op")), vecty.Text(op)),
	)
}

// videoField is a labelled text input with a placeholder.
func videoField(id, label, name, placeholder, title, class string) *vecty.HTML {
	return field(id, label, elem.Input(vecty.Markup(vID(id), vName(name), vType(prop.TypeText), vClass(class),
		vAttr("autocomplete", "off"), vPlaceholder(placeholder), vAttr("title", title))))
}

// Markup helpers that are not inlined: Vecty's markup functions return
// closures, and each call site inlined costs about 640 bytes of
// WebAssembly; through these the section's call sites cost a call each.

//go:noinline
func vClass(c ...string) vecty.Applyer { return vecty.Class(c...) }

//go:noinline
func vAttr(k string, v any) vecty.Applyer { return vecty.Attribute(k, v) }

//go:noinline
func vData(k, v string) vecty.Applyer { return vecty.Data(k, v) }

//go:noinline
func vType(t prop.InputType) vecty.Applyer { return prop.Type(t) }

//go:noinline
func vID(id string) vecty.Applyer { return prop.ID(id) }

//go:noinline
func vName(n string) vecty.Applyer { return prop.Name(n) }

//go:noinline
func vPlaceholder(p string) vecty.Applyer { return prop.Placeholder(p) }

//go:noinline
func vKey(k any) vecty.Applyer { return vecty.Key(k) }
