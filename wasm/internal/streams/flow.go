package streams

import (
	"cloudplay/wasm/internal/ui"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/wasm/internal/flow"
)

// StreamFlow is one stream's animated data flow as the Streams panel keeps
// it between renders: the model of records in flight (wasm/internal/flow),
// the producers and consumers seen in the stream's step events, and what
// the canvas is told. The JS side is streamspanel_canvas.go.
type StreamFlow struct {
	Stream    string
	Model     *flow.Model
	lanes     []flow.LaneSpec
	producers []string
	consumers []string
	ages      map[string]string // consumer → its latest iterator age (ms, as the event gave it)
	buf       []float32
	// layoutChanged: the canvas must be told the layout again.
	layoutChanged bool
	// Readers names the consumers that are not the learner's: a caller
	// ARN starting with a key is drawn as its value ("Firehose report"
	// for the role session a delivery stream reads the stream as).
	Readers map[string]string
}

// MaxFlowNodes bounds the producer and consumer nodes a canvas draws (each
// side): the playground's own choice, as many as fit beside the lanes of
// a small stream. Records of others count towards the callers' node.
const MaxFlowNodes = 12

// NewStreamFlow returns the flow of stream name, with no lanes yet.
func NewStreamFlow(name string) *StreamFlow {
	f := &StreamFlow{Stream: name, ages: map[string]string{}}
	f.Model = flow.NewModel(f.layout())
	return f
}

func (f *StreamFlow) layout() flow.Layout {
	return flow.NewLayout(f.lanes, f.producers, f.consumers)
}

func (f *StreamFlow) relayout() {
	f.Model.SetLayout(f.layout())
	f.layoutChanged = true
}

// SetLanes gives the flow the stream's lanes as the panel shows them: the
// open shards become the canvas's lanes (closed ones take no writes).
func (f *StreamFlow) SetLanes(lanes []ShardLane) {
	specs := make([]flow.LaneSpec, 0, len(lanes))
	for _, l := range lanes {
		if l.Open {
			specs = append(specs, flow.LaneSpec{ID: l.ID, Label: l.Range, Open: true})
		}
	}
	if !slices.Equal(specs, f.lanes) {
		f.lanes = specs
		f.relayout()
	}
}

// ApplySteps feeds the flow the account's new step events; it reports
// whether any was about this stream's records.
func (f *StreamFlow) ApplySteps(evs []api.StepEvent) bool {
	any := false
	for _, e := range evs {
		if e.Service != "kinesis" || e.Fields["stream"] != f.Stream {
			continue
		}
		switch e.Type {
		case "RecordsWritten", "RecordsThrottled":
			f.node(&f.producers, e.Fields["producer"])
		case "RecordsRead":
			if c := f.reader(e.Fields["consumer"]); c != "" {
				if c != e.Fields["consumer"] {
					e.Fields = maps.Clone(e.Fields)
					e.Fields["consumer"] = c
				}
				f.node(&f.consumers, c)
				if age, ok := e.Fields["iteratorAgeMillis"]; ok {
					f.ages[c] = age
				}
			}
		}
		any = f.Model.Apply(e, f.Stream) || any
	}
	return any
}

// reader is the name a consumer is drawn with: its Readers name, else
// the caller as the event gave it.
func (f *StreamFlow) reader(caller string) string {
	for prefix, name := range f.Readers {
		if strings.HasPrefix(caller, prefix) {
			return name
		}
	}
	return caller
}

// node adds name to the list of nodes if it is new and there is room.
func (f *StreamFlow) node(list *[]string, name string) {
	if name == "" || slices.Contains(*list, name) || len(*list) >= MaxFlowNodes {
		return
	}
	*list = append(*list, name)
	slices.Sort(*list)
	f.relayout()
}

// Counts are the exact counts the canvas writes: per lane "1,234 in · 37
// throttled", per consumer "1,234 read · age 0 ms".
func (f *StreamFlow) Counts() (lanes, consumers []string) {
	lanes = make([]string, len(f.lanes))
	for i, l := range f.lanes {
		c := f.Model.Lane(l.ID)
		s := ui.Thousands(c.Written) + " in"
		if c.Throttled > 0 {
			s += " · " + ui.Thousands(c.Throttled) + " throttled"
		}
		lanes[i] = s
	}
	consumers = make([]string, len(f.consumers))
	for i, name := range f.consumers {
		s := ui.Thousands(f.Model.Consumer(name).Read) + " read"
		if age, ok := f.ages[name]; ok {
			s += " · age " + age + " ms"
		}
		consumers[i] = s
	}
	return lanes, consumers
}

// TakeLayoutChange reports whether the layout changed since the last
// call: the canvas must then be told it again.
func (f *StreamFlow) TakeLayoutChange() bool {
	changed := f.layoutChanged
	f.layoutChanged = false
	return changed
}

// Fill is the model's dots for the canvas, in the flow's reused buffer.
func (f *StreamFlow) Fill() []float32 {
	f.buf = f.Model.Fill(f.buf)
	return f.buf
}
