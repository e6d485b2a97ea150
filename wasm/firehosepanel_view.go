//go:build js && wasm

package main

import (
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/firehose"
	"strconv"

	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The Firehose section's drawing (FirehoseSection's renderX methods).

const firehoseAbout = "Amazon Data Firehose takes records (Direct PUT, or read from a Kinesis stream), holds them in a buffer and writes them to S3 as one object when either buffering hint fills: the size (SizeInMBs) or the time since the oldest record arrived (IntervalInSeconds). It writes as the role of its S3 destination; records are concatenated with no delimiter, under a YYYY/MM/dd/HH/ prefix (UTC) unless you give one."

func (s *FirehoseSection) renderCreate(v cloud.View) *vecty.HTML {
	id := "fh-create"
	f := s.form
	option := func(value, text, chosen string) *vecty.HTML {
		return elem.Option(vecty.Markup(prop.Value(value), vecty.Property("selected", value == chosen)), vecty.Text(text))
	}
	sources := vecty.List{option("", "Direct PUT (PutRecord)", f.Source)}
	for _, st := range v.Streams.Streams {
		sources = append(sources, option(st.ARN, "Kinesis stream "+st.Name, f.Source))
	}
	var buckets, roles vecty.List
	for _, b := range v.S3.Buckets {
		buckets = append(buckets, option(b.ARN, b.Name, f.BucketARN))
	}
	if len(buckets) == 0 {
		buckets = vecty.List{option("", "no bucket yet (S3 panel)", "")}
	}
	for _, r := range v.IAM.Roles {
		roles = append(roles, option(r.ARN, r.Name, f.RoleARN))
	}
	if len(roles) == 0 {
		roles = vecty.List{option("", "no role yet (IAM panel)", "")}
	}
	text := func(name, value, placeholder, title string) *vecty.HTML {
		return elem.Input(vecty.Markup(prop.ID(id+"-"+name), prop.Name(formNames[name]), prop.Type(prop.TypeText), prop.Value(value),
			vecty.Attribute("autocomplete", "off"), prop.Placeholder(placeholder), vecty.MarkupIf(title != "", vecty.Attribute("title", title))))
	}
	num := func(name, label, value, title string) *vecty.HTML {
		in := elem.Input(vecty.Markup(prop.ID(id+"-"+name), prop.Name(formNames[name]), prop.Type(prop.TypeText), prop.Value(value),
			vecty.Attribute("inputmode", "numeric"), vecty.Attribute("autocomplete", "off"), vecty.Attribute("title", title)))
		return elem.Div(vecty.Markup(vecty.Class("field", "narrow")), elem.Label(vecty.Markup(prop.For(id+"-"+name)), vecty.Text(label)), in)
	}
	return elem.Form(vecty.Markup(prop.ID("form-create-firehose"), vecty.Class("card", "form", "fh-create"),
		event.Input(s.onFormInput), event.Change(s.onFormInput), event.Submit(s.onCreate).PreventDefault()),
		elem.Heading4(vecty.Text("New delivery stream")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			field(id+"-name", "Name", text("name", f.Name, "e.g. monthly-report", "1 to 64 letters, digits, _ . or -")),
			field(id+"-source", "Source", elem.Select(vecty.Markup(prop.ID(id+"-source"), prop.Name("Source")), sources)),
			field(id+"-bucket", "S3 bucket", elem.Select(vecty.Markup(prop.ID(id+"-bucket"), prop.Name("BucketARN")), buckets)),
			field(id+"-role", "Role", elem.Select(vecty.Markup(prop.ID(id+"-role"), prop.Name("RoleARN"),
				vecty.Attribute("title", "Firehose assumes this role to read the source stream and write to the bucket")), roles)),
		),
		elem.Div(vecty.Markup(vecty.Class("row")),
			field(id+"-prefix", "Prefix", text("prefix", f.Prefix, "default "+firehose.DefaultPrefix, "")),
			num("size", "Buffer MiB", f.SizeMB,
				"SizeInMBs: "+strconv.Itoa(firehose.MinSizeMB)+" to "+strconv.Itoa(firehose.MaxSizeMB)+" MiB, default "+strconv.Itoa(firehose.DefaultSizeMB)),
			num("interval", "Buffer s", f.Interval,
				"IntervalInSeconds: "+strconv.Itoa(firehose.MinIntervalSec)+" to "+strconv.Itoa(firehose.MaxIntervalSec)+" s, default "+strconv.Itoa(firehose.DefaultIntervalSec)),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create delivery stream")),
		),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("firehose:CreateDeliveryStream · needs iam:PassRole on the role · buffer 1–128 MiB, 0–900 s")),
		errorAt(s.Store, "fh-create"),
	)
}

// formNames are the create form's fields' names, by their id suffix.
var formNames = map[string]string{"name": "DeliveryStreamName", "prefix": "Prefix", "size": "SizeInMBs", "interval": "IntervalInSeconds"}

func (s *FirehoseSection) renderCard(c firehose.Card) *vecty.HTML {
	where := "fh:" + c.Name + ":"
	var source vecty.MarkupOrChild = elem.Span(vecty.Markup(vecty.Class("fh-node", "fh-source")), vecty.Text(c.Source))
	prefix := c.Prefix
	if !c.CustomPrefix {
		prefix += " (default)"
	}
	return elem.Article(vecty.Markup(vecty.Key(c.Name), vecty.Class("card", "fh-card"), vecty.Data("deliveryStream", c.Name),
		vecty.MarkupIf(c.Failure != nil, vecty.Class("failing")), vecty.Attribute("aria-label", "Delivery stream "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading4(vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("stream-status", "fh-status", "status-"+c.Status)), vecty.Text(c.Status)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "fh-delete"), vecty.Attribute("aria-label", "Delete "+c.Name),
				vecty.Attribute("title", "firehose:DeleteDeliveryStream: what the buffer holds is not delivered"),
				event.Click(s.onDelete(c.Name))), vecty.Text("Delete")),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("fh-route")),
			source,
			elem.Span(vecty.Markup(vecty.Class("fh-arrow"), vecty.Attribute("aria-hidden", "true")), vecty.Text("→")),
			elem.Span(vecty.Markup(vecty.Class("fh-node", "fh-buffer-node")), vecty.Text("buffer")),
			elem.Span(vecty.Markup(vecty.Class("fh-arrow"), vecty.Attribute("aria-hidden", "true")), vecty.Text("→")),
			elem.Span(vecty.Markup(vecty.Class("fh-node", "fh-dest")), vecty.Text("s3://"+c.Bucket+"/"), elem.Code(vecty.Markup(vecty.Class("fh-prefix")), vecty.Text(prefix))),
			elem.Span(vecty.Markup(vecty.Class("fh-role"), vecty.Attribute("title", c.RoleARN)), vecty.Text("as role "), elem.Code(vecty.Text(c.RoleName))),
		),
		elem.Div(vecty.Markup(vecty.Class("fh-failure-slot")), s.renderFailure(c)),
		s.renderBuffer(c),
		s.renderPut(c),
		s.renderObjects(c),
		&AnalyticsSection{Store: s.Store, Stream: c.Name, Firehose: true}, // applications reading the delivery stream (analyticspanel.go)
		errorAt(s.Store, where+"delete"),
	)
}

// renderFailure is the banner of a failing delivery, or nothing.
func (s *FirehoseSection) renderFailure(c firehose.Card) vecty.MarkupOrChild {
	b := c.Failure
	if b == nil {
		return nil
	}
	var fix vecty.MarkupOrChild
	if embedded() {
		fix = elem.Paragraph(vecty.Markup(vecty.Class("fh-fix")), vecty.Text("Fix the role's policy: open role "+b.RoleName+" in the IAM panel of the playground."))
	} else {
		fix = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("fh-fix"), vecty.Attribute("title", "Open role "+b.RoleName+" in the IAM panel"),
			event.Click(s.onFixRole(b.RoleName))), vecty.Text("Fix the role's policy"))
	}
	return elem.Div(vecty.Markup(vecty.Class("fh-failure"), vecty.Attribute("role", "status")),
		elem.Paragraph(vecty.Markup(vecty.Class("fh-failure-head")),
			vecty.Text("Delivery to S3 is failing: "),
			elem.Strong(vecty.Markup(vecty.Class("error-code")), vecty.Text(b.Code)), vecty.Text(" "),
			elem.Span(vecty.Markup(vecty.Class("error-message")), vecty.Text(b.Message))),
		elem.UnorderedList(vecty.Markup(vecty.Class("fh-failure-facts")),
			elem.ListItem(vecty.Markup(vecty.Class("fh-attempts")), vecty.Text(plural(b.Attempts, "attempt", "attempts")+" as role "+b.RoleName+" since "+b.Since.String()+"; "+b.Retry+" ("+b.NextAttempt.String()+")")),
			elem.ListItem(vecty.Markup(vecty.Class("fh-age")), vecty.Text("Oldest undelivered record is "+b.Age+" old (DataFreshness)")),
			elem.ListItem(vecty.Markup(vecty.Class("fh-loss")), vecty.Text("Data not delivered by "+b.GiveUpAt.String()+" ("+b.Loss+") is lost: Firehose retries for 24 hours")),
		),
		fix,
	)
}

// renderBuffer draws the buffer against both hints.
func (s *FirehoseSection) renderBuffer(c firehose.Card) *vecty.HTML {
	now := s.Store.Account().Now()
	sizeFrac := firehose.SizeFraction(c.Buffer, c.SizeBytes)
	id := intervalMeterID(c.Name)
	held := plural(int(c.Buffer.Records), "record", "records") + " buffered"
	var lost vecty.MarkupOrChild
	if c.LostText != "" {
		lost = elem.Span(vecty.Markup(vecty.Class("fh-lost")), vecty.Text("lost: "+c.LostText))
	}
	var rate vecty.MarkupOrChild
	if c.Incoming > 0 || c.Throttled > 0 {
		t := "last second: " + plural(int(c.Incoming), "record", "records") + " in"
		if c.Throttled > 0 {
			t += ", " + itoa(int(c.Throttled)) + " throttled"
		}
		rate = elem.Span(vecty.Markup(vecty.Class("fh-rate")), vecty.Text(t))
	}
	return elem.Div(vecty.Markup(vecty.Class("fh-buffer"), vecty.Attribute("role", "group"), vecty.Attribute("aria-label", "Buffer of "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("fh-meters")),
			elem.Span(vecty.Markup(vecty.Class("meter", "fh-meter-size")),
				elem.Label(vecty.Markup(prop.For(id+"-size")), vecty.Text("Size")),
				elem.Meter(vecty.Markup(prop.ID(id+"-size"), vecty.Property("min", 0), vecty.Property("max", 1), vecty.Property("value", sizeFrac),
					vecty.Attribute("aria-valuetext", c.SizeText))),
				elem.Span(vecty.Markup(vecty.Class("meter-text", "fh-size-text")), vecty.Text(c.SizeText))),
			elem.Span(vecty.Markup(vecty.Class("meter", "fh-meter-interval")),
				elem.Label(vecty.Markup(prop.For(id)), vecty.Text("Time")),
				elem.Meter(vecty.Markup(prop.ID(id), vecty.Property("min", 0), vecty.Property("max", 1),
					vecty.Property("value", firehose.IntervalFraction(c.Buffer, now)))),
				elem.Span(vecty.Markup(prop.ID(id+"-text"), vecty.Class("meter-text", "fh-interval-text")),
					vecty.Text(firehose.IntervalText(c.Buffer, c.IntervalMs, now)))),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("fh-buffer-facts")),
			elem.Span(vecty.Markup(vecty.Class("fh-held")), vecty.Text(held)),
			elem.Span(vecty.Text("flushes when either fills: "+firehose.BytesText(c.SizeBytes)+" or "+c.IntervalText)),
			rate, lost,
		),
	)
}

func (s *FirehoseSection) renderPut(c firehose.Card) *vecty.HTML {
	if c.SourceStream != "" {
		// Firehose refuses PutRecord on a delivery stream whose source is a
		// Kinesis stream (InvalidArgumentException): its records come from
		// the stream, so the card says where to put them instead.
		return elem.Paragraph(vecty.Markup(vecty.Class("hint", "fh-put-source")),
			vecty.Text("Records come from the Kinesis stream "+c.SourceStream+": put them there (its card above). Firehose refuses firehose:PutRecord on a delivery stream whose source is a Kinesis stream."))
	}
	id := "fh-put-" + c.Name
	var result vecty.MarkupOrChild
	if r, ok := s.puts[c.Name]; ok {
		result = elem.Paragraph(vecty.Markup(vecty.Class("put-result", "fh-put-result"), vecty.Attribute("role", "status")), vecty.Text(r))
	}
	return elem.Form(vecty.Markup(vecty.Class("form", "put-record", "fh-put"), event.Submit(s.onPut(c.Name)).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For(id)), vecty.Text("Test record (text)")),
				elem.TextArea(vecty.Markup(prop.ID(id), prop.Name("Data"), vecty.Class("fh-put-data"), vecty.Attribute("rows", "2"),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("spellcheck", "false"), prop.Placeholder(`e.g. {"truck": 7, "km": 412}`)))),
			elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("fh-put-one")), vecty.Text("Put record")),
		),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("firehose:PutRecord · Firehose adds no delimiter: end the record with a newline (Enter) if you want one")),
		result,
		errorAt(s.Store, "fh:"+c.Name+":put"),
	)
}

// renderObjects draws the delivered objects as tiles, newest first, and
// the one open with its records.
func (s *FirehoseSection) renderObjects(c firehose.Card) *vecty.HTML {
	tiles := vecty.List{keyedSentinel(elem.ListItem)}
	for _, t := range c.Tiles {
		open := s.open != nil && s.open.Stream == c.Name && s.open.Key == t.Key
		tiles = append(tiles, elem.ListItem(vecty.Markup(vecty.Key(t.Key), vecty.Class("fh-tile-item")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("fh-tile"), vecty.MarkupIf(s.landed[t.Bucket+"/"+t.Key], vecty.Class("landed")),
				vecty.Data("key", t.Key), vecty.Attribute("aria-expanded", boolText(open)),
				vecty.Attribute("title", "Read s3://"+t.Bucket+"/"+t.Key+" with s3:GetObject"),
				event.Click(s.onOpenObject(c.Name, t))),
				elem.Span(vecty.Markup(vecty.Class("fh-tile-folder")), vecty.Text(t.Folder)),
				elem.Span(vecty.Markup(vecty.Class("fh-tile-name")), vecty.Text(t.Name)),
				elem.Span(vecty.Markup(vecty.Class("fh-tile-text")), vecty.Text(t.Text)))))
	}
	var none vecty.MarkupOrChild
	if len(c.Tiles) == 0 {
		none = elem.Paragraph(vecty.Markup(vecty.Class("hint", "fh-no-objects")), vecty.Text("No object delivered yet: put records, then play or advance the clock past a hint."))
	}
	var body vecty.MarkupOrChild
	if o := s.open; o != nil && o.Stream == c.Name {
		body = s.renderBody(o)
	}
	return elem.Div(vecty.Markup(vecty.Class("fh-objects")),
		elem.Paragraph(vecty.Markup(vecty.Class("fh-delivered")), vecty.Text("Delivered to s3://"+c.Bucket+": "+c.DeliveredText)),
		none,
		elem.UnorderedList(vecty.Markup(vecty.Class("fh-tiles"), vecty.Attribute("aria-label", "Objects "+c.Name+" delivered, newest first")), tiles),
		elem.Div(vecty.Markup(vecty.Class("fh-object-slot")), body),
		errorAt(s.Store, "fh:"+c.Name+":object"),
	)
}

// renderBody shows an object read: its key, its records with their
// boundaries where they can be found, and why they are not marked where
// they cannot.
func (s *FirehoseSection) renderBody(o *openObject) *vecty.HTML {
	b := o.Body
	var note string
	switch {
	case b.Binary:
		note = "The body is not UTF-8 text: its first bytes in hex."
	case b.Framed == "newline":
		note = "Firehose adds no delimiter between records: these end with the newline their producer put in them. Each record is outlined."
	case b.Framed == "json":
		note = "Firehose adds no delimiter between records: these are JSON values written back to back. Each record is outlined where its value ends."
	default:
		note = "Firehose adds no delimiter between records and S3 keeps no boundaries: the " + plural(int(o.Records), "record is", "records are") + " shown as one text."
	}
	segs := vecty.List{}
	for i, t := range b.Segments {
		segs = append(segs, elem.Span(vecty.Markup(vecty.Class("fh-record"), vecty.MarkupIf(i%2 == 1, vecty.Class("odd")),
			vecty.MarkupIf(b.Framed != "", vecty.Attribute("title", "record "+itoa(i+1)))), vecty.Text(t)))
	}
	var omitted vecty.MarkupOrChild
	if b.Omitted > 0 {
		omitted = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text(thousands(b.Omitted)+" more bytes not shown."))
	}
	return elem.Div(vecty.Markup(vecty.Class("fh-object"), vecty.Data("key", o.Key), vecty.Attribute("aria-label", "Object "+o.Key)),
		elem.Paragraph(vecty.Markup(vecty.Class("fh-object-key")), vecty.Text("s3://"+o.Bucket+"/"), elem.Code(vecty.Text(o.Key)),
			vecty.Text(" · "+plural(int(o.Records), "record", "records")+" · "+firehose.BytesText(int64(o.Size)))),
		elem.Preformatted(vecty.Markup(vecty.Class("fh-body"), vecty.Attribute("tabindex", "0"), vecty.Attribute("aria-label", "Contents of "+o.Key)), segs),
		omitted,
		elem.Paragraph(vecty.Markup(vecty.Class("hint", "fh-body-note")), vecty.Text(note)),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("s3:GetObject as "+shortActor(s.Store))),
	)
}

// Render draws the section.
func (s *FirehoseSection) Render() vecty.ComponentOrHTML {
	s.sync()
	v := s.Store.View()
	cards := firehose.Cards(firehoseView(v), v.Now)
	s.meters = map[string]intervalMeter{}
	list := vecty.List{keyedSentinel(elem.Span)}
	for _, c := range cards {
		if c.Buffer.Records > 0 {
			s.meters[c.Name] = intervalMeter{buf: c.Buffer, intervalMs: c.IntervalMs}
		}
		list = append(list, s.renderCard(c))
	}
	s.shown, s.texts = nil, nil // drawn afresh
	var none vecty.MarkupOrChild
	if len(cards) == 0 {
		none = elem.Paragraph(vecty.Markup(vecty.Class("hint", "fh-none")), vecty.Text("No delivery streams yet: create one above."))
	}
	return elem.Section(vecty.Markup(prop.ID("firehose"), vecty.Class("fh-section"), vecty.Attribute("aria-labelledby", "fh-title")),
		elem.Heading3(vecty.Markup(prop.ID("fh-title")), vecty.Text("Firehose to S3")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint", "fh-about")), vecty.Text(firehoseAbout)),
		s.renderCreate(v),
		none,
		elem.Div(vecty.Markup(vecty.Class("fh-list")), list),
	)
}
