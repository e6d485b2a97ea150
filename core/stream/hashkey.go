package stream

import (
	"crypto/md5"
	"encoding/binary"
	"math/big"
	"math/bits"
)

// hashKey is a 128-bit hash key: the MD5 of a partition key read as a
// big-endian unsigned integer, or an ExplicitHashKey
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html).
type hashKey struct{ hi, lo uint64 }

// maxHashKey is 2^128-1, the end of the last shard's range.
var maxHashKey = hashKey{^uint64(0), ^uint64(0)}

func (a hashKey) less(b hashKey) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

func (a hashKey) add(n uint64) hashKey {
	lo, c := bits.Add64(a.lo, n, 0)
	return hashKey{a.hi + c, lo}
}

func (a hashKey) sub(n uint64) hashKey {
	lo, b := bits.Sub64(a.lo, n, 0)
	return hashKey{a.hi - b, lo}
}

func (a hashKey) mul(n uint64) hashKey {
	hi, lo := bits.Mul64(a.lo, n)
	return hashKey{hi + a.hi*n, lo}
}

// String formats the key in decimal, as HashKeyRange shows it.
func (a hashKey) String() string {
	var b big.Int
	b.SetUint64(a.hi)
	b.Lsh(&b, 64)
	b.Or(&b, new(big.Int).SetUint64(a.lo))
	return b.String()
}

// partitionHash is the hash key of a partition key: the MD5 of its UTF-8
// bytes as a 128-bit big-endian integer ("An MD5 hash function is used to
// map partition keys to 128-bit integer values",
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
func partitionHash(key string) hashKey {
	sum := md5.Sum([]byte(key))
	return hashKey{binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:])}
}

// parseHashKey reads a decimal hash key. ok is false when s is not made
// of decimal digits, or its value is 2^128 or more.
func parseHashKey(s string) (k hashKey, ok bool) {
	if s == "" || len(s) > 39 {
		return hashKey{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return hashKey{}, false
		}
		// k = k*10 + d, refusing an overflow past 2^128-1.
		hiHi, hiLo := bits.Mul64(k.hi, 10)
		loHi, loLo := bits.Mul64(k.lo, 10)
		if hiHi != 0 {
			return hashKey{}, false
		}
		hi, carry := bits.Add64(hiLo, loHi, 0)
		if carry != 0 {
			return hashKey{}, false
		}
		lo, c2 := bits.Add64(loLo, uint64(c-'0'), 0)
		hi, carry = bits.Add64(hi, 0, c2)
		if carry != 0 {
			return hashKey{}, false
		}
		k = hashKey{hi, lo}
	}
	return k, true
}

// evenRanges returns the hash key ranges AWS gives n new shards: shard i
// starts at i·⌊2^128/n⌋ and ends where the next begins, less one; the last
// ends at 2^128-1. So two shards split at 2^127
// (170141183460469231731687303715884105728), as CreateStream's ranges show.
func evenRanges(n int) [][2]hashKey {
	if n == 1 {
		return [][2]hashKey{{{}, maxHashKey}}
	}
	// ⌊2^128/n⌋ for n ≥ 2: 2^128 = (2^64)·2^64, divide the two-limb value
	// 2^128 (hi=1<<64 does not fit) as ⌊(2^128-1)/n⌋ adjusted: 2^128-1 =
	// q·n + r, so ⌊2^128/n⌋ = q + (r+1)/n (r+1 ≤ n).
	q, r := divHashKey(maxHashKey, uint64(n))
	step := q
	if r+1 == uint64(n) {
		step = step.add(1)
	}
	out := make([][2]hashKey, n)
	for i := range n {
		start := step.mul(uint64(i))
		end := maxHashKey
		if i < n-1 {
			end = step.mul(uint64(i + 1)).sub(1)
		}
		out[i] = [2]hashKey{start, end}
	}
	return out
}

// divHashKey divides a by n, returning quotient and remainder.
func divHashKey(a hashKey, n uint64) (hashKey, uint64) {
	qhi, r := bits.Div64(0, a.hi, n)
	qlo, r := bits.Div64(r, a.lo, n)
	return hashKey{qhi, qlo}, r
}
