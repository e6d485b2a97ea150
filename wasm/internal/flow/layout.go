package flow

// Columns of the canvas, as fractions of its width: producers, the lanes
// of the shards, the consumers, and the room kept on the right for the
// services of a later issue (Firehose, Analytics, S3).
const (
	ProducerX = 0.07  // the centre of the producer nodes
	LaneX0    = 0.2   // where a lane starts
	LaneX1    = 0.68  // where a lane ends (records rest here)
	ConsumerX = 0.79  // the centre of the consumer nodes
	ReservedX = 0.88  // from here to the right edge: kept for later services
	bounceDX  = 0.075 // how far a throttled record bounces back
)

// Heights in CSS pixels: the canvas is as tall as its lanes need.
const (
	TopMargin    = 22 // room for the column titles
	LaneHeight   = 30
	BottomMargin = 10
	bounceDY     = 11 // a bounced record drops a little as it falls back
	jitterY      = 7  // dots spread over ±jitterY inside their lane
)

// LaneSpec is a shard as the panel hands it to the layout.
type LaneSpec struct {
	ID    string // shardId-000000000000
	Label string // its hash key range in short form ("0 – 1/2")
	Open  bool
}

// Lane is a shard's lane on the canvas.
type Lane struct {
	LaneSpec
	Y float32 // the centre line, in CSS pixels from the top
}

// Node is a producer or a consumer on the canvas.
type Node struct {
	Name string
	Y    float32
}

// Layout is where everything is drawn. X positions are fractions of the
// canvas width (the renderer scales them); Y positions are CSS pixels.
type Layout struct {
	Height    float32
	Lanes     []Lane
	Producers []Node
	Consumers []Node
}

// NewLayout places lanes top to bottom in the order given, and spreads the
// producers and consumers over the same height. Callers is the name of
// the producer node for records put by calls (the learner's or a script's)
// rather than by a producer actor; it is always first.
func NewLayout(lanes []LaneSpec, producers, consumers []string) Layout {
	rows := max(len(lanes), len(producers)+1, len(consumers), 1)
	l := Layout{Height: TopMargin + float32(rows)*LaneHeight + BottomMargin}
	l.Lanes = make([]Lane, len(lanes))
	for i, s := range lanes {
		l.Lanes[i] = Lane{LaneSpec: s, Y: rowY(i, len(lanes), rows)}
	}
	names := append([]string{Callers}, producers...)
	l.Producers = spread(names, rows)
	l.Consumers = spread(consumers, rows)
	return l
}

// Callers is the producer node of records put by calls, not actors.
const Callers = "calls"

// rowY is the centre of item i of n, the n items centred in rows rows.
func rowY(i, n, rows int) float32 {
	off := float32(rows-n) * LaneHeight / 2
	return TopMargin + off + float32(i)*LaneHeight + LaneHeight/2
}

func spread(names []string, rows int) []Node {
	out := make([]Node, len(names))
	for i, n := range names {
		out[i] = Node{Name: n, Y: rowY(i, len(names), rows)}
	}
	return out
}

// lane returns the index of the lane of shard id, or -1.
func (l *Layout) lane(id string) int {
	for i := range l.Lanes {
		if l.Lanes[i].ID == id {
			return i
		}
	}
	return -1
}

// producer returns the index of the producer node name; a name it does not
// know (and "") is the callers' node.
func (l *Layout) producer(name string) int {
	for i := range l.Producers {
		if l.Producers[i].Name == name {
			return i
		}
	}
	return 0
}

// consumer returns the index of the consumer node name, or -1.
func (l *Layout) consumer(name string) int {
	for i := range l.Consumers {
		if l.Consumers[i].Name == name {
			return i
		}
	}
	return -1
}

// Equal reports whether two layouts draw the same.
func (l Layout) Equal(o Layout) bool {
	if l.Height != o.Height || len(l.Lanes) != len(o.Lanes) || len(l.Producers) != len(o.Producers) || len(l.Consumers) != len(o.Consumers) {
		return false
	}
	for i := range l.Lanes {
		if l.Lanes[i] != o.Lanes[i] {
			return false
		}
	}
	for i := range l.Producers {
		if l.Producers[i] != o.Producers[i] {
			return false
		}
	}
	for i := range l.Consumers {
		if l.Consumers[i] != o.Consumers[i] {
			return false
		}
	}
	return true
}
