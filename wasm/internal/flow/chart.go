package flow

import (
	"strconv"

	"cloudplay/core/sim"
	"cloudplay/core/stream"
)

// ChartSeconds is how many simulated seconds a shard's chart shows.
const ChartSeconds = 60

// Series is a shard's writes per simulated second over the ChartSeconds
// seconds up to now, oldest first: records taken and records refused.
type Series struct {
	Incoming, Throttled [ChartSeconds]int
	Max                 int // the largest Incoming+Throttled
}

// ChartOf reads a shard's metrics (oldest first) into the seconds of the
// chart; seconds without a metric are zero.
func ChartOf(ms []stream.Metric, now sim.Time) Series {
	var s Series
	last := now - now%1000
	first := last - (ChartSeconds-1)*1000
	for _, m := range ms {
		if m.Second < first || m.Second > last {
			continue
		}
		i := int((m.Second - first) / 1000)
		s.Incoming[i], s.Throttled[i] = m.IncomingRecords, m.WriteProvisionedThroughputExceeded
		s.Max = max(s.Max, m.IncomingRecords+m.WriteProvisionedThroughputExceeded)
	}
	return s
}

// Path is an SVG path of vs as a step line in a box w × h, scaled so that
// top is at the top (the shard's limit, or more when exceeded); "" when
// all are zero.
func Path(vs []int, top int, w, h int) string {
	if top <= 0 {
		return ""
	}
	any := false
	for _, v := range vs {
		any = any || v > 0
	}
	if !any {
		return ""
	}
	b := make([]byte, 0, 16*len(vs))
	dx := float64(w) / float64(len(vs))
	y := func(v int) float64 { return float64(h) - float64(h)*float64(min(v, top))/float64(top) }
	b = append(b, 'M', '0', ' ')
	b = strconv.AppendFloat(b, y(vs[0]), 'f', 1, 64)
	for i, v := range vs {
		if i > 0 {
			b = append(b, 'V')
			b = strconv.AppendFloat(b, y(v), 'f', 1, 64)
		}
		b = append(b, 'H')
		b = strconv.AppendFloat(b, dx*float64(i+1), 'f', 1, 64)
	}
	return string(b)
}
