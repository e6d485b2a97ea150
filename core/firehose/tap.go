package firehose

import "cloudplay/core/sim"

// TapRecord is a record a delivery stream took, as Tap returns it.
type TapRecord struct {
	Data    []byte
	Arrival sim.Time
}

// Tap bounds: the last 10,000 records a stream took (the playground's
// bound), and at most 8 MiB of their data.
const (
	tapRecords = 10000
	tapBytes   = 8 << 20
)

// tapRing keeps the last records a stream took.
type tapRing struct {
	recs  []bufRecord // oldest first
	bytes int
	taken int64 // records taken so far: the position after the newest
}

func (t *tapRing) add(r bufRecord) {
	t.taken++
	t.recs = append(t.recs, r)
	t.bytes += len(r.data)
	drop := 0
	for drop < len(t.recs)-1 && (len(t.recs)-drop > tapRecords || t.bytes > tapBytes) {
		t.bytes -= len(t.recs[drop].data)
		drop++
	}
	if drop > 0 {
		clear(t.recs[:drop])
		t.recs = t.recs[drop:]
	}
}

// Tap returns at most max records the delivery stream arn took after
// position since (a running count of records taken: 0 reads from the
// oldest kept), the position after the last returned, and whether the
// stream exists. Only the last 10,000 records are kept: a reader that
// fell behind skips to the oldest kept. Records share no memory with the
// service.
func (s *Service) Tap(arn string, since int64, max int) (recs []TapRecord, next int64, ok bool) {
	var d *dstream
	for _, st := range s.streams {
		if st.arn == arn {
			d = st
		}
	}
	if d == nil {
		return nil, since, false
	}
	t := &d.tap
	first := t.taken - int64(len(t.recs)) // the position of recs[0]
	i := max64(since, first) - first
	next = first + i
	for ; i < int64(len(t.recs)) && len(recs) < max; i++ {
		r := t.recs[i]
		recs = append(recs, TapRecord{Data: append([]byte(nil), r.data...), Arrival: r.arrival})
		next++
	}
	return recs, next, true
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
