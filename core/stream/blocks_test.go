package stream

import (
	"encoding/binary"
	"math/rand/v2"
	"sort"
	"testing"

	"cloudplay/core/sim"
)

// A recordLog holds the same records in the same order as the slice it
// replaced, through pushes and trims that cross block boundaries, and
// appending never moves a record already stored.
func TestRecordLogMatchesSlice(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	var l recordLog
	var want []record
	at := sim.Time(0)
	for step := range 400 {
		if r.IntN(3) > 0 {
			var first *record
			if l.len() > 0 {
				first = l.at(0)
			}
			for range r.IntN(3 * blockLen) {
				at += sim.Time(r.IntN(2))
				rec := record{at: at, key: "k", data: []byte{byte(step)}}
				l.push(rec)
				want = append(want, rec)
			}
			if first != nil && l.at(0) != first {
				t.Fatalf("step %d: appending moved the oldest record", step)
			}
		} else {
			k := r.IntN(len(want) + 1)
			l.dropFront(k)
			want = want[k:]
		}
		if l.len() != len(want) {
			t.Fatalf("step %d: len %d, want %d", step, l.len(), len(want))
		}
		for i := range want {
			if g := l.at(i); g.at != want[i].at || g.data[0] != want[i].data[0] {
				t.Fatalf("step %d: record %d is %v, want %v", step, i, *g, want[i])
			}
		}
		if len(l.blocks) > (l.head+l.n)/blockLen+1 {
			t.Fatalf("step %d: %d blocks for %d records from %d", step, len(l.blocks), l.n, l.head)
		}
		tq := at - sim.Time(r.IntN(50))
		got := l.search(func(r *record) int {
			if r.at < tq {
				return -1
			}
			return 1
		})
		if w := sort.Search(len(want), func(i int) bool { return want[i].at >= tq }); got != w {
			t.Fatalf("step %d: search(%d) = %d, want %d", step, tq, got, w)
		}
	}
}

// A shard that holds several blocks of records serves them all in order,
// page by page, from TRIM_HORIZON and from a timestamp that falls inside
// a block; retention trims it in the middle of a block and the account's
// stored bytes follow.
func TestShardReadsAcrossBlocks(t *testing.T) {
	t.Parallel()
	s, st := newActive(1)
	sh := st.shards[0]
	const perSec, secs = 777, 4 // 777 is not a multiple of blockLen
	n := 0
	for sec := range secs {
		entries := make([]entry, perSec)
		for i := range entries {
			d := binary.BigEndian.AppendUint32(nil, uint32(n))
			entries[i] = entry{key: "k", hash: partitionHash("k"), data: d}
			n++
		}
		out, err := s.putRecords(st, entries, sim.Time(1000+sec*1000))
		if err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("second %d: %v, %d failed", sec, err, out.FailedRecordCount)
		}
	}
	read := func(pos uint64, now sim.Time) []uint32 {
		t.Helper()
		var got []uint32
		it := iterator{created: now, streamCreated: st.created, shard: 0, pos: pos, stream: st.name}
		for {
			o, err := s.getRecords(it, 500, now)
			if err != nil {
				t.Fatal(err)
			}
			out := o.(getRecordsOutput)
			for _, r := range out.Records {
				got = append(got, binary.BigEndian.Uint32(r.Data))
			}
			if len(out.Records) == 0 {
				return got
			}
			next, ok := s.decodeIterator(*out.NextShardIterator)
			if !ok {
				t.Fatalf("NextShardIterator %q does not decode", *out.NextShardIterator)
			}
			it = next
			now += 200 // five calls a second, before the next second expires
		}
	}
	check := func(name string, got []uint32, from int) {
		t.Helper()
		if len(got) != n-from {
			t.Fatalf("%s: %d records, want %d", name, len(got), n-from)
		}
		for i, v := range got {
			if int(v) != from+i {
				t.Fatalf("%s: record %d holds %d, want %d", name, i, v, from+i)
			}
		}
	}
	now := sim.Time(10_000)
	check("TRIM_HORIZON", read(sh.base, now), 0)
	ts := timestamp{t: 3000}
	pos, err := s.startPosition(st, sh, "AT_TIMESTAMP", nil, &ts, now+20_000)
	if err != nil || pos != 2*perSec {
		t.Fatalf("AT_TIMESTAMP 3000: %d, %v; want %d", pos, err, 2*perSec)
	}
	// The first two seconds expire: the trim ends inside the third block.
	now = sim.Time(2000 + st.retention*3600_000 + 100)
	check("after trim", read(0, now), 2*perSec)
	if sh.base != 2*perSec || sh.recs.len() != n-2*perSec {
		t.Fatalf("base %d, %d records held; want %d, %d", sh.base, sh.recs.len(), 2*perSec, n-2*perSec)
	}
	if want := (n - 2*perSec) * (4 + 1 + recordOverhead); s.stored != want {
		t.Fatalf("stored %d, want %d", s.stored, want)
	}
}
