package stream

import (
	"strconv"

	"cloudplay/core/sim"
)

// Sequence numbers are 56-digit decimal strings, the shape of AWS's
// (e.g. 49590338271490256608559692538361571095921575989136588898,
// https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html), made
// of fixed-width decimal fields so that they increase within a shard and
// say which shard and stream they belong to:
//
//	49 | shard creation, Unix seconds (12) | index in the shard (20) |
//	arrival, Unix seconds (12) | shard index (10)
//
// Only the index in the shard orders records; the arrival second is there
// because AWS's numbers carry it too.
const (
	seqLen      = 56
	seqPrefix   = "49"
	seqIndexAt  = 2 + 12
	seqTimeAt   = seqIndexAt + 20
	seqShardAt  = seqTimeAt + 12
	maxSeqIndex = 1<<63 - 1 // the index an ending sequence number carries
)

// appendSeq appends the sequence number of the record at index i of a
// shard to b.
func appendSeq(b []byte, shardCreated sim.Time, shardIndex int, i uint64, at sim.Time) []byte {
	b = append(b, seqPrefix...)
	b = appendPadded(b, uint64(max(int64(shardCreated)/1000, 0)), 12)
	b = appendPadded(b, i, 20)
	b = appendPadded(b, uint64(max(int64(at)/1000, 0)), 12)
	return appendPadded(b, uint64(shardIndex), 10)
}

func appendPadded(b []byte, v uint64, width int) []byte {
	var buf [20]byte
	s := strconv.AppendUint(buf[:0], v, 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// seqFields are the fields a sequence number encodes.
type seqFields struct {
	shardCreatedSec int64
	index           uint64
	shardIndex      int
}

// parseSeq reads a sequence number this playground made; ok is false for
// any other string.
func parseSeq(s string) (f seqFields, ok bool) {
	if len(s) != seqLen || s[:2] != seqPrefix {
		return f, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return f, false
		}
	}
	created, err1 := strconv.ParseInt(s[2:seqIndexAt], 10, 64)
	index, err2 := strconv.ParseUint(s[seqIndexAt:seqTimeAt], 10, 64)
	shard, err3 := strconv.ParseUint(s[seqShardAt:], 10, 32)
	if err1 != nil || err2 != nil || err3 != nil || index > maxSeqIndex {
		return f, false
	}
	return seqFields{shardCreatedSec: created, index: index, shardIndex: int(shard)}, true
}
