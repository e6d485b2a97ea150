package stream

// blockLen is how many records one block of a recordLog holds. Appending
// fills the newest block and then starts a fresh one, so it never copies
// the records already stored (a growing slice copies them all each time
// it doubles, and a producer's shards hold millions); 512 records of 48
// bytes make a 24 KiB block, small enough that a quiet shard wastes
// little.
const blockLen = 512

// block is one fixed-size run of a shard's records.
type block [blockLen]record

// recordLog is the records of a shard not yet trimmed, oldest first,
// kept in fixed-size blocks: record i (0 is the oldest) is at
// blocks[(head+i)/blockLen][(head+i)%blockLen].
type recordLog struct {
	blocks []*block
	head   int    // the position of the oldest record in blocks[0]
	n      int    // how many records are held
	spare  *block // the last block emptied by trimming, reused by push
}

// len returns how many records l holds.
func (l *recordLog) len() int { return l.n }

// at returns the i-th record of l, 0 being the oldest.
func (l *recordLog) at(i int) *record {
	i += l.head
	return &l.blocks[i/blockLen][i%blockLen]
}

// push appends r to l.
func (l *recordLog) push(r record) {
	i := l.head + l.n
	if i == len(l.blocks)*blockLen {
		b := l.spare
		if b == nil {
			b = new(block)
		}
		l.spare = nil
		l.blocks = append(l.blocks, b)
	}
	l.blocks[i/blockLen][i%blockLen] = r
	l.n++
}

// dropFront removes the k oldest records of l (k <= l.len()). They are
// zeroed so that their data can be collected.
func (l *recordLog) dropFront(k int) {
	for range k {
		b := l.blocks[0]
		b[l.head] = record{}
		l.head++
		l.n--
		if l.head == blockLen {
			l.spare = b
			l.blocks[0] = nil
			l.blocks = l.blocks[1:]
			l.head = 0
		}
	}
	if l.n == 0 && len(l.blocks) > 0 {
		// The one block left is empty past head: start it over.
		l.head = 0
	}
}

// reset empties l and lets its records be collected.
func (l *recordLog) reset() { *l = recordLog{} }

// search returns the smallest i in [0, l.len()] such that cmp(l.at(i))
// is not negative, cmp being non-decreasing over l's records (the same
// contract as sort.Search with a three-way comparison).
func (l *recordLog) search(c func(r *record) int) int {
	lo, hi := 0, l.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c(l.at(m)) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
