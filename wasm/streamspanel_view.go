//go:build js && wasm

package main

import (
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The Streams panel's stream cards and shard lanes (StreamsPanel's
// renderStream and renderLane).

func (p *StreamsPanel) renderStream(c StreamCard) *vecty.HTML {
	var lanes vecty.List
	for _, l := range c.Lanes {
		lanes = append(lanes, p.renderLane(c, l))
	}
	var more vecty.MarkupOrChild
	if c.NotDrawn > 0 {
		more = elem.Paragraph(vecty.Markup(vecty.Class("hint", "not-drawn")),
			vecty.Text(plural(c.NotDrawn, "more shard is", "more shards are")+" not drawn (the panel draws "+itoa(MaxLanes)+"); kinesis:ListShards lists them all."))
	}
	return elem.Article(vecty.Markup(vecty.Key(c.Name), vecty.Class("card", "stream-card"), vecty.Data("stream", c.Name),
		vecty.Attribute("aria-label", "Stream "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("stream-status", "status-"+c.Status)), vecty.Text(c.Status)),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("stream-facts")),
			vecty.Text(modeText(c.Mode)+" · "+plural(c.OpenShards, "open shard", "open shards")+" · retention "+itoa(c.RetentionHours)+" h")),
		p.renderPut(c),
		elem.OrderedList(vecty.Markup(vecty.Class("lanes"), vecty.Attribute("aria-label", "Shards of "+c.Name)), lanes),
		more,
		errorAt(p.Store, "stream:"+c.Name+":shards"),
	)
}

func modeText(mode string) string {
	if mode == "ON_DEMAND" {
		return "On-demand"
	}
	return "Provisioned"
}

func (p *StreamsPanel) renderPut(c StreamCard) *vecty.HTML {
	var result vecty.MarkupOrChild
	if r, ok := p.puts[c.Name]; ok {
		var seq vecty.MarkupOrChild
		if r.SequenceNumber != "" {
			seq = elem.Span(vecty.Markup(vecty.Class("seq")), vecty.Text(" · SequenceNumber "), elem.Code(vecty.Text(r.SequenceNumber)))
		}
		result = elem.Paragraph(vecty.Markup(vecty.Class("put-result"), vecty.Attribute("role", "status")),
			vecty.Text(r.Summary), seq)
	}
	id := "put-" + c.Name
	return elem.Form(vecty.Markup(vecty.Class("form", "put-record"), event.Submit(p.onPut(c.Name)).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Div(vecty.Markup(vecty.Class("field")),
				elem.Label(vecty.Markup(prop.For(id+"-key")), vecty.Text("Partition key")),
				elem.Input(vecty.Markup(prop.ID(id+"-key"), prop.Name("PartitionKey"), prop.Type(prop.TypeText), vecty.Class("put-key"),
					vecty.Attribute("autocomplete", "off"), prop.Placeholder("e.g. truck-17"))),
			),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For(id+"-data")), vecty.Text("Data (text)")),
				elem.Input(vecty.Markup(prop.ID(id+"-data"), prop.Name("Data"), prop.Type(prop.TypeText), vecty.Class("put-data"),
					vecty.Attribute("autocomplete", "off"), prop.Placeholder(`e.g. {"lat": 52.52, "lon": 13.40}`))),
			),
			elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("put-one")), vecty.Text("Put record")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "put-many"),
				vecty.Attribute("title", "One kinesis:PutRecords call with partition keys key-0 to key-99"),
				event.Click(p.onPutMany(c.Name))), vecty.Text("Put 100 records")),
		),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesis:PutRecord · the data is sent base64-encoded")),
		result,
		errorAt(p.Store, "stream:"+c.Name+":put"),
	)
}

func (p *StreamsPanel) renderLane(c StreamCard, l ShardLane) *vecty.HTML {
	state := "open"
	if !l.Open {
		state = "closed"
	}
	var buttons vecty.List
	if l.SplitKey != "" {
		buttons = append(buttons, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "split"),
			vecty.Attribute("title", "kinesis:SplitShard at NewStartingHashKey "+l.SplitKey+", the middle of its range"),
			event.Click(p.onSplit(c.Name, l.ID, l.SplitKey))), vecty.Text("Split")))
	}
	if l.MergeWith != "" {
		buttons = append(buttons, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "merge"),
			vecty.Attribute("title", "kinesis:MergeShards with "+l.MergeWith+", the open shard just above"),
			event.Click(p.onMerge(c.Name, l.ID, l.MergeWith))), vecty.Text("Merge with next")))
	}
	var lineage vecty.MarkupOrChild
	if l.Lineage != "" {
		lineage = elem.Span(vecty.Markup(vecty.Class("lineage")), vecty.Text(l.Lineage))
	}
	return elem.ListItem(vecty.Markup(vecty.Key(l.ID), vecty.Class("lane", state), vecty.Data("shard", l.ID)),
		elem.Div(vecty.Markup(vecty.Class("lane-head")),
			elem.Code(vecty.Markup(vecty.Class("shard-id")), vecty.Text(l.ID)),
			elem.Span(vecty.Markup(vecty.Class("range"), vecty.Attribute("title", l.RangeTitle)),
				vecty.Text("keys "+l.Range+" of 2¹²⁸")),
			elem.Span(vecty.Markup(vecty.Class("shard-state", state)), vecty.Text(state)),
			lineage,
			elem.Span(vecty.Markup(vecty.Class("lane-actions")), buttons),
		),
		p.renderUsage(l),
	)
}

// renderUsage draws the shard's writes in the current simulated second
// against its limit (meters for a provisioned stream).
func (p *StreamsPanel) renderUsage(l ShardLane) *vecty.HTML {
	u := l.Usage
	held := elem.Span(vecty.Markup(vecty.Class("held")), vecty.Text(plural(l.Held, "record", "records")+" held"))
	var throttled vecty.MarkupOrChild
	if u.Throttled > 0 {
		throttled = elem.Span(vecty.Markup(vecty.Class("throttled")), vecty.Text(itoa(u.Throttled)+" throttled"))
	}
	if !l.Open {
		return elem.Div(vecty.Markup(vecty.Class("usage")), held)
	}
	if u.RecordsPct < 0 {
		return elem.Div(vecty.Markup(vecty.Class("usage")),
			elem.Span(vecty.Text("this second: "+plural(u.Records, "record", "records")+", "+BytesText(u.Bytes)+" (on-demand: the limit is the stream's)")),
			throttled, held)
	}
	return elem.Div(vecty.Markup(vecty.Class("usage")),
		meter("records", u.Records, ShardWriteRecordsPerSec, itoa(u.Records)+" / "+thousands(ShardWriteRecordsPerSec)+" records/s"),
		meter("bytes", u.Bytes, ShardWriteBytesPerSec, BytesText(u.Bytes)+" / 1 MiB/s"),
		throttled, held,
	)
}

func meter(kind string, value, limit int, text string) *vecty.HTML {
	return elem.Span(vecty.Markup(vecty.Class("meter", "meter-"+kind)),
		elem.Meter(vecty.Markup(vecty.Property("min", 0), vecty.Property("max", limit), vecty.Property("value", value),
			vecty.Property("high", limit*8/10), vecty.Property("optimum", 0),
			vecty.Attribute("aria-label", "Writes this second: "+text))),
		elem.Span(vecty.Markup(vecty.Class("meter-text")), vecty.Text(text)),
	)
}
