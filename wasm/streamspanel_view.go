//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/streams"
	"strconv"

	"cloudplay/wasm/internal/flow"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The Streams panel's stream cards and shard lanes (StreamsPanel's
// renderStream and renderLane).

func (p *StreamsPanel) renderStream(c streams.StreamCard) *vecty.HTML {
	lanes := vecty.List{keyedSentinel(elem.ListItem)}
	for _, l := range c.Lanes {
		lanes = append(lanes, p.renderLane(c, l))
	}
	var more vecty.MarkupOrChild
	if c.NotDrawn > 0 {
		more = elem.Paragraph(vecty.Markup(vecty.Class("hint", "not-drawn")),
			vecty.Text(plural(c.NotDrawn, "more shard is", "more shards are")+" not drawn (the panel draws "+itoa(streams.MaxLanes)+"); kinesis:ListShards lists them all."))
	}
	return elem.Article(vecty.Markup(vecty.Key(c.Name), vecty.Class("card", "stream-card"), vecty.Data("stream", c.Name),
		vecty.Attribute("aria-label", "Stream "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Text(c.Name)),
			elem.Span(vecty.Markup(vecty.Class("stream-status", "status-"+c.Status)), vecty.Text(c.Status)),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("stream-facts")),
			vecty.Text(modeText(c.Mode)+" · "+plural(c.OpenShards, "open shard", "open shards")+" · retention "+itoa(c.RetentionHours)+" h")),
		elem.Div(vecty.Markup(vecty.Class("flow")),
			&FlowCanvas{Flow: p.flows[c.Name], Store: p.Store, Clock: p.Clock, OnShard: func(id string) { p.pick(c.Name, id) }}),
		p.renderActors(c),
		&AnalyticsSection{Store: p.Store, Stream: c.Name}, // Kinesis Data Analytics applications reading the stream (analyticspanel.go)
		p.renderPut(c),
		elem.OrderedList(vecty.Markup(vecty.Class("lanes"), vecty.Attribute("aria-label", "Shards of "+c.Name)), lanes),
		more,
		errorAt(p.Store, "stream:"+c.Name+":shards"),
	)
}

// renderFirehose is the panel's Firehose section (firehosepanel.go).
func (p *StreamsPanel) renderFirehose() vecty.ComponentOrHTML {
	return &FirehoseSection{Store: p.Store, Clock: p.Clock}
}

func modeText(mode string) string {
	if mode == "ON_DEMAND" {
		return "On-demand"
	}
	return "Provisioned"
}

func (p *StreamsPanel) renderPut(c streams.StreamCard) *vecty.HTML {
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

func (p *StreamsPanel) renderLane(c streams.StreamCard, l streams.ShardLane) *vecty.HTML {
	state := "open"
	if !l.Open {
		state = "closed"
	}
	picked := p.picked == c.Name+"\x00"+l.ID
	var lineage vecty.MarkupOrChild
	if l.Lineage != "" {
		lineage = elem.Span(vecty.Markup(vecty.Class("lineage")), vecty.Text(l.Lineage))
	}
	var menu vecty.MarkupOrChild
	if picked {
		menu = p.renderLaneMenu(c, l)
	}
	return elem.ListItem(vecty.Markup(vecty.Key(l.ID), vecty.Class("lane", state), vecty.MarkupIf(picked, vecty.Class("picked")), vecty.Data("shard", l.ID),
		vecty.Data("throttled", itoa(l.Usage.Throttled)), vecty.Data("throttledRecent", itoa(l.RecentThrottled(streams.RecentSeconds)))),
		elem.Div(vecty.Markup(vecty.Class("lane-head")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("lane-pick"), vecty.Attribute("aria-expanded", boolText(picked)),
				vecty.Attribute("title", "Split or merge this shard"), event.Click(p.onPick(c.Name, l.ID))),
				elem.Code(vecty.Markup(vecty.Class("shard-id")), vecty.Text(l.ID))),
			elem.Span(vecty.Markup(vecty.Class("range"), vecty.Attribute("title", l.RangeTitle)),
				vecty.Text("keys "+l.Range+" of 2¹²⁸")),
			elem.Span(vecty.Markup(vecty.Class("shard-state", state)), vecty.Text(state)),
			lineage,
		),
		menu,
		p.renderUsage(l),
	)
}

// renderLaneMenu is what a picked shard offers: a split at the middle of
// its range, a merge with its adjacent open neighbour.
func (p *StreamsPanel) renderLaneMenu(c streams.StreamCard, l streams.ShardLane) *vecty.HTML {
	var buttons vecty.List
	if l.SplitKey != "" {
		buttons = append(buttons, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("split"),
			vecty.Attribute("title", "kinesis:SplitShard at NewStartingHashKey "+l.SplitKey+", the middle of its range"),
			event.Click(p.onSplit(c.Name, l.ID, l.SplitKey))), vecty.Text("Split at the middle")))
	}
	if l.MergeWith != "" {
		buttons = append(buttons, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("merge"),
			vecty.Attribute("title", "kinesis:MergeShards with "+l.MergeWith+", the open shard just above in the hash key space"),
			event.Click(p.onMerge(c.Name, l.ID, l.MergeWith))), vecty.Text("Merge with "+l.MergeWith)))
	} else if l.MergeBelow != "" {
		buttons = append(buttons, elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("merge"),
			vecty.Attribute("title", "kinesis:MergeShards with "+l.MergeBelow+", the open shard just below in the hash key space"),
			event.Click(p.onMerge(c.Name, l.MergeBelow, l.ID))), vecty.Text("Merge with "+l.MergeBelow)))
	}
	if len(buttons) == 0 {
		why := "A closed shard takes no more writes: it cannot be split or merged."
		if l.Open {
			why = "This shard cannot be split (on-demand streams reshard themselves) and has no adjacent open shard to merge with."
		}
		return elem.Paragraph(vecty.Markup(vecty.Class("lane-menu", "hint")), vecty.Text(why))
	}
	return elem.Div(vecty.Markup(vecty.Class("lane-menu", "row"), vecty.Attribute("role", "group"), vecty.Attribute("aria-label", "Actions on "+l.ID)),
		buttons, elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesis:SplitShard · kinesis:MergeShards")))
}

// renderUsage draws the shard's writes in the current simulated second
// against its limit (meters for a provisioned stream).
func (p *StreamsPanel) renderUsage(l streams.ShardLane) *vecty.HTML {
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
			elem.Span(vecty.Text("this second: "+plural(u.Records, "record", "records")+", "+streams.BytesText(u.Bytes)+" (on-demand: the limit is the stream's)")),
			throttled, held)
	}
	return elem.Div(vecty.Markup(vecty.Class("usage")),
		meter("records", u.Records, streams.ShardWriteRecordsPerSec, itoa(u.Records)+" / "+thousands(streams.ShardWriteRecordsPerSec)+" records/s"),
		meter("bytes", u.Bytes, streams.ShardWriteBytesPerSec, streams.BytesText(u.Bytes)+" / 1 MiB/s"),
		throttled, held,
		chart(l.Chart),
	)
}

// Chart size in pixels (the SVG scales to its box).
const chartW, chartH = 120, 22

// chart draws a shard's writes over the last flow.ChartSeconds simulated
// seconds against its 1,000 records/s limit: records taken, and above
// them in red the records refused.
func chart(s flow.Series) *vecty.HTML {
	top := max(streams.ShardWriteRecordsPerSec, s.Max)
	var sum [flow.ChartSeconds]int
	for i := range sum {
		sum[i] = s.Incoming[i] + s.Throttled[i]
	}
	limitY := ftoa(chartH - float64(chartH)*streams.ShardWriteRecordsPerSec/float64(top))
	return elem.Span(vecty.Markup(vecty.Class("chart")),
		svg("svg", map[string]string{"viewBox": "0 0 " + itoa(chartW) + " " + itoa(chartH), "width": itoa(chartW), "height": itoa(chartH),
			"preserveAspectRatio": "none", "role": "img",
			"aria-label": "Records written per second over the last " + itoa(flow.ChartSeconds) + " simulated seconds, and refused ones in red"},
			svg("line", map[string]string{"class": "chart-limit", "x1": "0", "x2": itoa(chartW), "y1": limitY, "y2": limitY}),
			svg("path", map[string]string{"class": "chart-throttled", "d": flow.Path(sum[:], top, chartW, chartH)}),
			svg("path", map[string]string{"class": "chart-in", "d": flow.Path(s.Incoming[:], top, chartW, chartH)}),
		),
		elem.Span(vecty.Markup(vecty.Class("chart-label")), vecty.Text("last "+itoa(flow.ChartSeconds)+" s")),
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

// renderActors is the stream's traffic controls: start a producer, change
// a producer's rate and skew, start a consumer, change the shard count.
// Each is one operation as the acting principal, refused with AWS's (or
// the playground's) error next to its form.
func (p *StreamsPanel) renderActors(c streams.StreamCard) *vecty.HTML {
	id := "flow-" + c.Name
	where := "stream:" + c.Name + ":"
	rows := streams.ActorRows(p.actors, c.Name)
	var producers vecty.List
	for _, r := range rows {
		if r.Role == "producer" && r.Status == "RUNNING" {
			producers = append(producers, elem.Option(vecty.Markup(vecty.Key(r.Name), prop.Value(r.Name))))
		}
	}
	return elem.Div(vecty.Markup(vecty.Class("flow-controls")),
		p.renderActorList(c, rows),
		elem.Form(vecty.Markup(vecty.Class("form", "start-producer"), event.Submit(p.onStartProducer(c.Name)).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("row")),
				field(id+"-pkind", "Producer", elem.Select(vecty.Markup(prop.ID(id+"-pkind"), prop.Name("Kind")),
					elem.Option(vecty.Markup(prop.Value("TruckFleet")), vecty.Text("Truck fleet (GPS)")),
					elem.Option(vecty.Markup(prop.Value("Clickstream")), vecty.Text("Clickstream")))),
				field(id+"-pname", "Name", elem.Input(vecty.Markup(prop.ID(id+"-pname"), prop.Name("ProducerName"), prop.Type(prop.TypeText),
					vecty.Class("actor-name-input"), vecty.Attribute("autocomplete", "off"), prop.Placeholder("producer-N"),
					vecty.Attribute("title", "1 to 64 letters, digits, _ . or -; left empty, the playground names it")))),
				numField(id+"-prate", "Records/s", "RecordsPerSecond", "20", "1 to 1,000,000"),
				numField(id+"-pkeys", "Keys", "Keys", "", "distinct partition keys (trucks, users)"),
				numField(id+"-phot", "Hot key %", "HotKeyPercent", "", "share of records with one hot key (Clickstream)"),
				elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("start-producer-go")), vecty.Text("Start producer")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:StartProducer · runs as the acting principal")),
			errorAt(p.Store, where+"producer"),
		),
		elem.Form(vecty.Markup(vecty.Class("form", "set-traffic"), event.Submit(p.onSetTraffic(c.Name)).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("row")),
				field(id+"-tname", "Producer name", elem.Input(vecty.Markup(prop.ID(id+"-tname"), prop.Name("ProducerName"), prop.Type(prop.TypeText),
					vecty.Attribute("list", id+"-tnames"), vecty.Attribute("autocomplete", "off"), prop.Placeholder("producer-1")))),
				elem.DataList(vecty.Markup(prop.ID(id+"-tnames")), producers),
				numField(id+"-trate", "Records/s", "RecordsPerSecond", "", "the new rate"),
				numField(id+"-thot", "Hot key %", "HotKeyPercent", "", "the new skew"),
				elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("quiet")), vecty.Text("Set traffic")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:SetTraffic")),
			errorAt(p.Store, where+"traffic"),
		),
		elem.Div(vecty.Markup(vecty.Class("row", "flow-row")),
			elem.Form(vecty.Markup(vecty.Class("form", "start-consumer"), event.Submit(p.onStartConsumer(c.Name)).PreventDefault()),
				elem.Div(vecty.Markup(vecty.Class("row")),
					field(id+"-ckind", "Consumer", elem.Select(vecty.Markup(prop.ID(id+"-ckind"), prop.Name("Kind")),
						elem.Option(vecty.Markup(prop.Value("Polling")), vecty.Text("Polling (GetRecords)")),
						elem.Option(vecty.Markup(prop.Value("EnhancedFanOut")), vecty.Text("Enhanced fan-out")))),
					field(id+"-cname", "Name", elem.Input(vecty.Markup(prop.ID(id+"-cname"), prop.Name("ConsumerName"), prop.Type(prop.TypeText),
						vecty.Class("actor-name-input"), vecty.Attribute("autocomplete", "off"), prop.Placeholder("consumer-N")))),
					elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("quiet")), vecty.Text("Start consumer")),
				),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:StartConsumer")),
				errorAt(p.Store, where+"consumer"),
			),
			elem.Form(vecty.Markup(vecty.Class("form", "shard-count"), event.Submit(p.onShardCount(c.Name)).PreventDefault()),
				elem.Div(vecty.Markup(vecty.Class("row")),
					numField(id+"-count", "Shards", "TargetShardCount", itoa(c.OpenShards), "between half and double the open shards"),
					elem.Button(vecty.Markup(prop.Type("submit"), vecty.Class("quiet")), vecty.Text("Update shard count")),
				),
				elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesis:UpdateShardCount")),
				errorAt(p.Store, where+"count"),
			),
		),
	)
}

// renderActorList is the stream's producers and consumers, each with what
// it does and a Stop button while it runs.
func (p *StreamsPanel) renderActorList(c streams.StreamCard, rows []streams.ActorRow) *vecty.HTML {
	if len(rows) == 0 {
		return elem.Paragraph(vecty.Markup(vecty.Class("hint", "no-actors")), vecty.Text("No producers or consumers on this stream yet: start one below."))
	}
	items := vecty.List{keyedSentinel(elem.ListItem)}
	for _, r := range rows {
		var stop, lastErr vecty.MarkupOrChild
		if r.Status == "RUNNING" {
			stop = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "actor-stop"),
				vecty.Attribute("title", r.StopOp), vecty.Attribute("aria-label", "Stop "+r.Name), event.Click(p.onStop(c.Name, r))), vecty.Text("Stop"))
		}
		if r.Error != "" {
			lastErr = elem.Span(vecty.Markup(vecty.Class("actor-error")), vecty.Text(r.Error))
		}
		items = append(items, elem.ListItem(vecty.Markup(vecty.Key(r.Role+"\x00"+r.Name), vecty.Class("actor-row", r.Role, "status-"+r.Status),
			vecty.Data("actor", r.Name), vecty.Data("status", r.Status), vecty.MarkupIf(r.IteratorAgeMs >= 0, vecty.Data("age", strconv.FormatInt(r.IteratorAgeMs, 10)))),
			elem.Strong(vecty.Markup(vecty.Class("actor-name")), vecty.Text(r.Name)),
			elem.Span(vecty.Markup(vecty.Class("actor-kind")), vecty.Text(r.Kind+" "+r.Role)),
			elem.Span(vecty.Markup(vecty.Class("actor-facts")), vecty.Text(r.Facts)),
			vecty.If(r.Status != "RUNNING", elem.Span(vecty.Markup(vecty.Class("actor-status")), vecty.Text(r.Status))),
			stop, lastErr,
		))
	}
	return elem.Div(vecty.Markup(vecty.Class("actors")),
		elem.UnorderedList(vecty.Markup(vecty.Class("actor-list"), vecty.Attribute("aria-label", "Producers and consumers of "+c.Name)), items),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("cloudplay:ListActors · cloudplay:StopProducer · cloudplay:StopConsumer")),
		errorAt(p.Store, "stream:"+c.Name+":actors"),
	)
}

func field(id, label string, input *vecty.HTML) *vecty.HTML {
	return elem.Div(vecty.Markup(vecty.Class("field")),
		elem.Label(vecty.Markup(prop.For(id)), vecty.Text(label)), input)
}

func numField(id, label, name, value, title string) *vecty.HTML {
	return elem.Div(vecty.Markup(vecty.Class("field", "narrow")),
		elem.Label(vecty.Markup(prop.For(id)), vecty.Text(label)),
		elem.Input(vecty.Markup(prop.ID(id), prop.Name(name), prop.Type(prop.TypeText), vecty.Attribute("inputmode", "numeric"),
			vecty.Attribute("autocomplete", "off"), vecty.Attribute("title", title), prop.Value(value))))
}
