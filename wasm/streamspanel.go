//go:build js && wasm

package main

import (
	"cloudplay/core/actor"
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/firehose"
	"cloudplay/wasm/internal/streams"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// StreamsPanel draws the account's Kinesis data streams: a form that
// creates one, and each stream with its shards as lanes (streamspanel_view.go).
// Every change is a kinesis: operation made as the acting principal through
// the store, so a refusal shows AWS's error next to the control; time moves
// only when the learner advances it. The model is streamspanel_model.go.
type StreamsPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	Clock *Clock `vecty:"prop"` // the page's clock, which draws the canvases' frames

	// flows are the streams' animated data flows, by stream name.
	flows map[string]*streams.StreamFlow
	// picked is the shard whose actions are shown ("stream\x00shard"), or "".
	picked string

	// puts is the last put's result per stream (kept across renders: Vecty
	// keeps the component and copies only its props).
	puts map[string]streams.PutResult
	// account is the account puts belong to: a Load, Reset or Undo
	// replaces it, and the results go with it.
	account *cloud.Account
	// actors is the view's actors (cloudplay:ListActors' answer) as of
	// this render.
	actors actor.View
}

// call runs op with input as the acting principal; where places its error.
func (p *StreamsPanel) call(where, op string, input []byte) ([]byte, bool) {
	a := &CallOp{Op: op, Input: input, Where: where}
	p.Store.Dispatch(a)
	return a.Output, a.Err == nil
}

func (p *StreamsPanel) onCreate(e *vecty.Event) {
	in := streams.CreateStreamInput(formValue(e, "StreamName"), formValue(e, "StreamMode") == "ON_DEMAND", formValue(e, "ShardCount"))
	if _, ok := p.call("streams-create", "kinesis:CreateStream", in); ok {
		e.Target.Get("elements").Call("namedItem", "StreamName").Set("value", "")
	}
}

func (p *StreamsPanel) onAdvance(ms int64) func(*vecty.Event) {
	return func(*vecty.Event) {
		a := &Advance{Ms: ms}
		p.Store.Dispatch(a)
		if a.Err != nil {
			p.Store.Dispatch(&ShowError{Err: *uiError("streams-advance", a.Err)})
		}
	}
}

func (p *StreamsPanel) setPut(stream string, r streams.PutResult) {
	if p.puts == nil || p.account != p.Store.Account() {
		p.account = p.Store.Account()
		p.puts = map[string]streams.PutResult{}
	}
	p.puts[stream] = r
	vecty.Rerender(p)
}

func (p *StreamsPanel) onPut(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		key := formValue(e, "PartitionKey")
		out, ok := p.call("stream:"+stream+":put", "kinesis:PutRecord", streams.PutRecordInput(stream, key, formValue(e, "Data")))
		if ok {
			p.setPut(stream, streams.PutRecordResult(key, out))
		}
	}
}

func (p *StreamsPanel) onPutMany(stream string) func(*vecty.Event) {
	return func(*vecty.Event) {
		if out, ok := p.call("stream:"+stream+":put", "kinesis:PutRecords", streams.PutManyInput(stream, streams.PutManyCount)); ok {
			p.setPut(stream, streams.PutManyResult(out))
		}
	}
}

func (p *StreamsPanel) onSplit(stream, shard, key string) func(*vecty.Event) {
	return func(*vecty.Event) {
		if _, ok := p.call("stream:"+stream+":shards", "kinesis:SplitShard", streams.SplitShardInput(stream, shard, key)); ok {
			p.picked = ""
		}
	}
}

func (p *StreamsPanel) onMerge(stream, lower, upper string) func(*vecty.Event) {
	return func(*vecty.Event) {
		if _, ok := p.call("stream:"+stream+":shards", "kinesis:MergeShards", streams.MergeShardsInput(stream, lower, upper)); ok {
			p.picked = ""
		}
	}
}

// pick shows (or hides) the actions of a shard.
func (p *StreamsPanel) pick(stream, shard string) {
	k := stream + "\x00" + shard
	if p.picked == k {
		k = ""
	}
	p.picked = k
	vecty.Rerender(p)
}

func (p *StreamsPanel) onPick(stream, shard string) func(*vecty.Event) {
	return func(*vecty.Event) { p.pick(stream, shard) }
}

func (p *StreamsPanel) onStartProducer(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		f := streams.ProducerForm{Name: formValue(e, "ProducerName"), Kind: formValue(e, "Kind"), RecordsPerSecond: formValue(e, "RecordsPerSecond"),
			Keys: formValue(e, "Keys"), HotKeyPercent: formValue(e, "HotKeyPercent")}
		p.call("stream:"+stream+":producer", "cloudplay:StartProducer", streams.StartProducerInput(stream, f))
	}
}

func (p *StreamsPanel) onSetTraffic(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		p.call("stream:"+stream+":traffic", "cloudplay:SetTraffic",
			streams.SetTrafficInput(formValue(e, "ProducerName"), formValue(e, "RecordsPerSecond"), formValue(e, "HotKeyPercent")))
	}
}

func (p *StreamsPanel) onStartConsumer(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		p.call("stream:"+stream+":consumer", "cloudplay:StartConsumer", streams.StartConsumerInput(stream, formValue(e, "ConsumerName"), formValue(e, "Kind")))
	}
}

func (p *StreamsPanel) onStop(stream string, r streams.ActorRow) func(*vecty.Event) {
	return func(*vecty.Event) { p.call("stream:"+stream+":actors", r.StopOp, r.StopInput) }
}

func (p *StreamsPanel) onShardCount(stream string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		p.call("stream:"+stream+":count", "kinesis:UpdateShardCount", streams.UpdateShardCountInput(stream, formValue(e, "TargetShardCount")))
	}
}

// flowsFor keeps each stream's flow in step with the view (its lanes; the
// records come from the stream's step events, see FlowCanvas.sync), drops
// those of streams gone, and wakes the clock to draw them.
func (p *StreamsPanel) flowsFor(v cloud.View, cards []streams.StreamCard) {
	if p.flows == nil {
		p.flows = map[string]*streams.StreamFlow{}
	}
	keep := map[string]bool{}
	for _, c := range cards {
		f := p.flows[c.Name]
		if f == nil {
			f = streams.NewStreamFlow(c.Name)
			p.flows[c.Name] = f
		}
		f.SetLanes(c.Lanes)
		f.Readers = firehose.Readers(firehoseView(v), c.Name)
		keep[c.Name] = true
	}
	for name := range p.flows {
		if !keep[name] {
			delete(p.flows, name)
		}
	}
	if p.Clock != nil && len(cards) > 0 {
		p.Clock.Wake()
	}
}

// renderClock is the simulated time and the buttons that advance it.
func (p *StreamsPanel) renderClock() *vecty.HTML {
	now := p.Store.View().Now
	return elem.Section(vecty.Markup(vecty.Class("card", "streams-clock"), vecty.Attribute("aria-label", "Simulated time")),
		elem.Paragraph(vecty.Text("Simulated time "), elem.Code(vecty.Markup(prop.ID("streams-now")), vecty.Text(now.String()))),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("advance-1"), event.Click(p.onAdvance(1000))), vecty.Text("Advance 1 s")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("advance-10"), event.Click(p.onAdvance(10_000))), vecty.Text("Advance 10 s")),
		),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("The clock is simulated and stands still until you play it (Play, at the top) or advance it: a new stream is CREATING for 1 s, a split or merge keeps it UPDATING for 2 s, and each shard's write limit counts per simulated second.")),
		errorAt(p.Store, "streams-advance"),
	)
}

func (p *StreamsPanel) renderCreate() *vecty.HTML {
	return elem.Form(vecty.Markup(prop.ID("form-create-stream"), vecty.Class("card", "form"), event.Submit(p.onCreate).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("row")),
			elem.Div(vecty.Markup(vecty.Class("field", "grow")),
				elem.Label(vecty.Markup(prop.For("stream-name")), vecty.Text("Stream name")),
				elem.Input(vecty.Markup(prop.ID("stream-name"), prop.Name("StreamName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), prop.Placeholder("e.g. trucks"))),
			),
			elem.Div(vecty.Markup(vecty.Class("field")),
				elem.Label(vecty.Markup(prop.For("stream-mode")), vecty.Text("Capacity")),
				elem.Select(vecty.Markup(prop.ID("stream-mode"), prop.Name("StreamMode")),
					elem.Option(vecty.Markup(prop.Value("PROVISIONED")), vecty.Text("Provisioned")),
					elem.Option(vecty.Markup(prop.Value("ON_DEMAND")), vecty.Text("On-demand")),
				),
			),
			elem.Div(vecty.Markup(vecty.Class("field", "narrow")),
				elem.Label(vecty.Markup(prop.For("stream-shards")), vecty.Text("Shards")),
				elem.Input(vecty.Markup(prop.ID("stream-shards"), prop.Name("ShardCount"), prop.Type(prop.TypeText),
					vecty.Attribute("inputmode", "numeric"), vecty.Attribute("autocomplete", "off"), prop.Value("2"),
					vecty.Attribute("title", "ShardCount, for a provisioned stream; an on-demand stream starts with 4 shards"))),
			),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create stream")),
		),
		elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("kinesis:CreateStream")),
		errorAt(p.Store, "streams-create"),
	)
}

func (p *StreamsPanel) renderStreams() *vecty.HTML {
	v := p.Store.View()
	cards := streams.StreamCards(v.Streams, v.Now)
	if len(cards) == 0 {
		// Keyed like the stream cards it gives way to (Vecty reconciles
		// keyed and unkeyed siblings apart).
		return elem.Section(vecty.Markup(vecty.Class("streams-list")),
			elem.Paragraph(vecty.Markup(vecty.Key(" none"), vecty.Class("hint", "no-streams")), vecty.Text("No streams yet: create one above.")))
	}
	p.flowsFor(v, cards)
	p.actors = v.Actors
	list := vecty.List{keyedSentinel(elem.Span)}
	for _, c := range cards {
		list = append(list, p.renderStream(c))
	}
	return elem.Section(vecty.Markup(vecty.Class("streams-list"), vecty.Attribute("aria-label", "Streams")), list)
}

// Render draws the panel.
func (p *StreamsPanel) Render() vecty.ComponentOrHTML {
	if a := p.Store.Account(); a != p.account {
		p.account, p.puts, p.flows, p.picked = a, nil, nil, ""
	}
	return elem.Div(vecty.Markup(prop.ID("panel-streams"), vecty.Class("panel", "streams-panel")),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Streams")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint", "streams-about")),
			vecty.Text("Kinesis Data Streams in this account: each stream's shards as lanes, with the slice of the 128-bit hash key space each one takes. A record goes to the shard whose range holds the MD5 of its partition key. Records fly as dots coloured by partition key; a throttled record bounces back. Click a shard to split or merge it.")),
		elem.Div(vecty.Markup(vecty.Class("streams-top")), p.renderCreate(), p.renderClock()),
		p.renderStreams(),
		p.renderFirehose(),
		p.renderVideo(),
	)
}

// keyedSentinel is a hidden first child of a keyed list. Vecty 0.6 moves
// the first keyed child of a parent on every render (it has no sibling
// before it to insert after), which takes the focus out of an input inside
// it; with the sentinel first, only the sentinel moves, and a learner can
// type in a stream's forms while the clock plays and the panel re-renders.
func keyedSentinel(tag func(...vecty.MarkupOrChild) *vecty.HTML) *vecty.HTML {
	return tag(vecty.Markup(vecty.Key("\x00first"), vecty.Property("hidden", true), vecty.Class("keyed-sentinel")))
}
