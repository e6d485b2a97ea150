package stream

import "cloudplay/core/sim"

// On-demand capacity
// (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html):
// a new on-demand stream takes 4 MB/s and 4,000 records/s of writes; it
// then accommodates up to double its previous peak write throughput of the
// last 30 days, and traffic that more than doubles the previous peak
// within 15 minutes is throttled. The playground reads that as: in each
// second the stream takes at most max(default, 2 × the highest per-second
// throughput of the 30 days before the last 15 minutes). It applies the
// limit to the stream as a whole (it does not split on-demand shards).
const (
	onDemandBytes   = 4 << 20
	onDemandRecords = 4000
	peakBlock       = 900            // seconds: peaks are kept per 15 minutes
	peakDelay       = 900            // seconds before a peak raises capacity
	peakWindow      = 30 * 24 * 3600 // seconds a peak counts
	maxPeakBlocks   = peakWindow/peakBlock + 2
)

// onDemand tracks an on-demand stream's writes and capacity.
type onDemand struct {
	sec              int64 // the second the counters are for
	bytes, records   int   // written in that second
	capBytes, capRec int   // the capacity of that second
	blocks           []peak
	// floorBytes and floorRecords keep the capacity a provisioned stream
	// had when it switched to on-demand.
	floorBytes, floorRecords int
}

// peak is the highest per-second write throughput of one 15-minute block.
type peak struct {
	block          int64
	bytes, records int
}

func (d *onDemand) reset(now sim.Time) {
	*d = onDemand{sec: -1}
	d.roll(now)
}

// roll moves the counters to the second holding now, keeping the peak of
// the second that ended and computing the capacity of the new one.
func (d *onDemand) roll(now sim.Time) {
	sec := int64(now) / 1000
	if sec == d.sec {
		return
	}
	if d.sec >= 0 && (d.bytes > 0 || d.records > 0) {
		b := d.sec / peakBlock
		if n := len(d.blocks); n > 0 && d.blocks[n-1].block == b {
			d.blocks[n-1].bytes = max(d.blocks[n-1].bytes, d.bytes)
			d.blocks[n-1].records = max(d.blocks[n-1].records, d.records)
		} else {
			d.blocks = append(d.blocks, peak{b, d.bytes, d.records})
		}
	}
	d.sec, d.bytes, d.records = sec, 0, 0
	// Forget blocks older than 30 days.
	i := 0
	for i < len(d.blocks) && (d.blocks[i].block+1)*peakBlock <= sec-peakWindow {
		i++
	}
	d.blocks = d.blocks[i:]
	if len(d.blocks) > maxPeakBlocks {
		d.blocks = d.blocks[len(d.blocks)-maxPeakBlocks:]
	}
	pb, pr := 0, 0
	for _, p := range d.blocks {
		if (p.block+1)*peakBlock <= sec-peakDelay {
			pb, pr = max(pb, p.bytes), max(pr, p.records)
		}
	}
	d.capBytes = max(onDemandBytes, 2*pb, d.floorBytes)
	d.capRec = max(onDemandRecords, 2*pr, d.floorRecords)
}

// take reports whether the stream takes a record of size bytes now, and
// counts it if so.
func (d *onDemand) take(now sim.Time, size int) bool {
	d.roll(now)
	if d.records+1 > d.capRec || d.bytes+size > d.capBytes {
		return false
	}
	d.records++
	d.bytes += size
	return true
}
