package flow

import (
	"cloudplay/core/sim"
	"cloudplay/core/stream"
)

// Tally tells, from a shard's per-second metrics seen again and again, how
// many records it took and refused since the last look: the panel's source
// of dots when the stream emits no step events for its writes.
type Tally struct {
	last map[string]tallied
}

type tallied struct {
	second              sim.Time
	incoming, throttled int
}

// Since returns the records written to and refused by shard since the
// last call for it, from its metrics (oldest first, as stream.ShardView
// has them). The first call for a shard counts nothing: what happened
// before the panel looked is not animated.
func (t *Tally) Since(shard string, ms []stream.Metric) (written, throttled int) {
	if t.last == nil {
		t.last = map[string]tallied{}
	}
	prev, seen := t.last[shard]
	var cur tallied
	if n := len(ms); n > 0 {
		m := ms[n-1]
		cur = tallied{m.Second, m.IncomingRecords, m.WriteProvisionedThroughputExceeded}
	} else {
		cur = prev
	}
	t.last[shard] = cur
	if !seen {
		return 0, 0
	}
	for _, m := range ms {
		switch {
		case m.Second > prev.second:
			written += m.IncomingRecords
			throttled += m.WriteProvisionedThroughputExceeded
		case m.Second == prev.second:
			written += max(m.IncomingRecords-prev.incoming, 0)
			throttled += max(m.WriteProvisionedThroughputExceeded-prev.throttled, 0)
		}
	}
	return written, throttled
}

// Forget drops what the tally knows (the account was replaced).
func (t *Tally) Forget() { t.last = nil }
