package stream

import (
	"crypto/md5"
	"fmt"
	"math/big"
	"testing"

	"cloudplay/core/sim"
)

var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

func bigOf(k hashKey) *big.Int {
	b, _ := new(big.Int).SetString(k.String(), 10)
	return b
}

// The ranges of 1 to 10 new shards are AWS's: shard i starts at
// i·⌊2^128/n⌋, each ends one before the next starts, the last at 2^128−1.
func TestEvenRanges(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 10; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			step := new(big.Int).Div(two128, big.NewInt(int64(n)))
			rs := evenRanges(n)
			if len(rs) != n {
				t.Fatalf("%d ranges, want %d", len(rs), n)
			}
			for i, r := range rs {
				wantStart := new(big.Int).Mul(step, big.NewInt(int64(i)))
				wantEnd := new(big.Int).Sub(new(big.Int).Mul(step, big.NewInt(int64(i+1))), big.NewInt(1))
				if i == n-1 {
					wantEnd = new(big.Int).Sub(two128, big.NewInt(1))
				}
				if bigOf(r[0]).Cmp(wantStart) != 0 || bigOf(r[1]).Cmp(wantEnd) != 0 {
					t.Errorf("shard %d: [%s, %s], want [%s, %s]", i, r[0], r[1], wantStart, wantEnd)
				}
			}
		})
	}
}

// Documented examples: two shards split at 2^127; three at AWS's
// 113427455640312821154458202477256070485 and twice that.
func TestEvenRangesExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n          int
		i          int
		start, end string
	}{
		{1, 0, "0", "340282366920938463463374607431768211455"},
		{2, 0, "0", "170141183460469231731687303715884105727"},
		{2, 1, "170141183460469231731687303715884105728", "340282366920938463463374607431768211455"},
		{3, 1, "113427455640312821154458202477256070485", "226854911280625642308916404954512140969"},
		{3, 2, "226854911280625642308916404954512140970", "340282366920938463463374607431768211455"},
		{4, 1, "85070591730234615865843651857942052864", "170141183460469231731687303715884105727"},
	}
	for _, tt := range tests {
		r := evenRanges(tt.n)[tt.i]
		if r[0].String() != tt.start || r[1].String() != tt.end {
			t.Errorf("%d shards, shard %d: [%s, %s], want [%s, %s]", tt.n, tt.i, r[0], r[1], tt.start, tt.end)
		}
	}
}

func TestParseHashKeyEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"0", true},
		{"1", true},
		{"340282366920938463463374607431768211455", true},  // 2^128-1
		{"340282366920938463463374607431768211456", false}, // 2^128
		{"999999999999999999999999999999999999999", false},
		{"18446744073709551616", true}, // 2^64: carries into the high word
		{"", false},
		{"12a", false},
	}
	for _, tt := range tests {
		k, ok := parseHashKey(tt.in)
		if ok != tt.ok {
			t.Errorf("parseHashKey(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if ok && k.String() != tt.in {
			t.Errorf("parseHashKey(%q) = %s", tt.in, k)
		}
	}
}

// Routing sends each key to the one open shard whose range holds the MD5
// of its UTF-8 bytes, checked against a math/big reference for many keys
// and every shard count from 1 to 10.
func TestRouteManyKeys(t *testing.T) {
	t.Parallel()
	keys := []string{"", "a", "truck-17", "ünïcödé", "日本語のキー", "🚚", "café", "cafe\u0301"}
	for i := range 2000 {
		keys = append(keys, fmt.Sprintf("key-%d-%x", i, i*7919))
	}
	for n := 1; n <= 10; n++ {
		st := &stream{}
		for _, r := range evenRanges(n) {
			st.addShard(r[0], r[1], 0, "", "")
		}
		step := new(big.Int).Div(two128, big.NewInt(int64(n)))
		for _, k := range keys {
			sum := md5.Sum([]byte(k))
			h := new(big.Int).SetBytes(sum[:])
			want := int(new(big.Int).Div(h, step).Int64())
			want = min(want, n-1)
			if got := st.route(partitionHash(k)).index; got != want {
				t.Fatalf("%d shards: %q routed to shard %d, want %d", n, k, got, want)
			}
		}
	}
}

// NFC and NFD spell the same text with different bytes, so their hash
// keys differ and so, often, do their shards (expected shards computed
// with Python's hashlib as an independent reference).
func TestNormalisationFormsRouteApart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		nfc, nfd         string
		shards           int
		wantNFC, wantNFD int
	}{
		{"r\u00e9sum\u00e9", "re\u0301sume\u0301", 2, 1, 0},
		{"\u00c5land", "A\u030aland", 4, 3, 0},
		{"\u00fcber", "u\u0308ber", 2, 1, 0},
		{"caf\u00e9", "cafe\u0301", 10, 0, 0},
	}
	for _, tt := range tests {
		st := &stream{}
		for _, r := range evenRanges(tt.shards) {
			st.addShard(r[0], r[1], 0, "", "")
		}
		if partitionHash(tt.nfc) == partitionHash(tt.nfd) {
			t.Errorf("%q: NFC and NFD hash alike", tt.nfc)
		}
		if got := st.route(partitionHash(tt.nfc)).index; got != tt.wantNFC {
			t.Errorf("%q (NFC) on %d shards: shard %d, want %d", tt.nfc, tt.shards, got, tt.wantNFC)
		}
		if got := st.route(partitionHash(tt.nfd)).index; got != tt.wantNFD {
			t.Errorf("%q (NFD) on %d shards: shard %d, want %d", tt.nfd, tt.shards, got, tt.wantNFD)
		}
	}
}

func TestSequenceNumbers(t *testing.T) {
	t.Parallel()
	created := sim.Time(1767225600000)
	prev := ""
	for i := uint64(0); i < 1200; i++ {
		s := string(appendSeq(nil, created, 7, i, created+sim.Time(i)*10))
		if len(s) != seqLen || s[:2] != "49" {
			t.Fatalf("sequence number %q: want 56 digits starting 49", s)
		}
		if s <= prev {
			t.Fatalf("sequence numbers do not increase: %s after %s", s, prev)
		}
		prev = s
		f, ok := parseSeq(s)
		if !ok || f.index != i || f.shardIndex != 7 || f.shardCreatedSec != int64(created)/1000 {
			t.Fatalf("parseSeq(%s) = %+v, %v", s, f, ok)
		}
	}
	for _, bad := range []string{"", "5", "49", "4900000000000000000000000000000000000000000000000000000x"} {
		if _, ok := parseSeq(bad); ok {
			t.Errorf("parseSeq(%q) accepted", bad)
		}
	}
}
