package stream

import "cloudplay/core/sim"

// MetricSeconds is how many simulated seconds of per-shard metrics a shard
// keeps (the playground's own bound: enough for a chart of the last two
// minutes, while a 10,000-shard stream stays small; a shard's ring is made
// only when it first has something to count).
const MetricSeconds = 120

// Metric is one simulated second of a shard's CloudWatch-style metrics
// (https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html),
// per second rather than per minute so that charts move.
type Metric struct {
	Second                             sim.Time // the start of the second
	IncomingRecords                    int
	IncomingBytes                      int
	WriteProvisionedThroughputExceeded int   // records refused
	ReadProvisionedThroughputExceeded  int   // GetRecords calls refused
	IteratorAgeMilliseconds            int64 // the largest GetRecords.IteratorAgeMilliseconds of the second
}

type metricRing [MetricSeconds]Metric

// at returns the metric of the second holding now, resetting a slot that
// held an older second.
func (sh *shard) metric(now sim.Time) *Metric {
	if sh.metrics == nil {
		sh.metrics = new(metricRing)
	}
	sec := now / 1000
	m := &sh.metrics[int(sec%MetricSeconds)]
	if m.Second != sec*1000 {
		*m = Metric{Second: sec * 1000}
	}
	return m
}

// recentMetrics returns the metrics of the last MetricSeconds seconds up to
// now, oldest first, leaving out seconds with nothing counted.
func (sh *shard) recentMetrics(now sim.Time) []Metric {
	out := []Metric{}
	if sh.metrics == nil {
		return out
	}
	sec := now / 1000
	for s := sec - MetricSeconds + 1; s <= sec; s++ {
		if s < 0 {
			continue
		}
		m := sh.metrics[int(s%MetricSeconds)]
		if m.Second == s*1000 && m != (Metric{Second: s * 1000}) {
			out = append(out, m)
		}
	}
	return out
}
