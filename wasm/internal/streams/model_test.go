package streams

import (
	"cloudplay/core/cloud"
	"crypto/md5"
	"encoding/json"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cloudplay/core/stream"
)

// maxKey is 2^128−1, the end of the last shard's range.
const maxKey = "340282366920938463463374607431768211455"

func pow2(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }

func TestHashFraction(t *testing.T) {
	t.Parallel()
	third := new(big.Int).Quo(pow2(128), big.NewInt(3))
	tests := []struct {
		k    *big.Int
		want string
	}{
		{big.NewInt(0), "0"},
		{pow2(128), "1"},
		{pow2(127), "1/2"},
		{pow2(126), "1/4"},
		{new(big.Int).Mul(big.NewInt(3), pow2(124)), "3/16"},
		{third, "≈1/3"},
		{new(big.Int).Mul(third, big.NewInt(2)), "≈2/3"},
		{new(big.Int).Sub(pow2(127), big.NewInt(1)), "≈1/2"},
		{big.NewInt(12345), "≈0"},
		{new(big.Int).Sub(pow2(128), big.NewInt(1)), "≈1"},
		// 0.123456… of the key space has no small fraction near it.
		{new(big.Int).Quo(new(big.Int).Mul(pow2(128), big.NewInt(123456789)), big.NewInt(1_000_000_000)), "≈0.1234"},
	}
	for _, tt := range tests {
		if got := HashFraction(tt.k); got != tt.want {
			t.Errorf("HashFraction(%s) = %q, want %q", tt.k, got, tt.want)
		}
	}
}

func TestHashRangeLabel(t *testing.T) {
	t.Parallel()
	tests := []struct{ start, end, want string }{
		{"0", maxKey, "0 – 1"},
		{"0", "170141183460469231731687303715884105727", "0 – 1/2"},
		{"170141183460469231731687303715884105728", maxKey, "1/2 – 1"},
		{"0", "0", "0 – ≈0"},
		// Not hash keys: shown as given, clipped.
		{"-1", "x", "-1 – x"},
		{"0", "340282366920938463463374607431768211456", "0 – 3402823669209384…"},
	}
	for _, tt := range tests {
		if got := HashRangeLabel(tt.start, tt.end); got != tt.want {
			t.Errorf("HashRangeLabel(%s, %s) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
	if got := HashRangeTitle("0", maxKey); !strings.Contains(got, "0 to "+maxKey) {
		t.Errorf("title %q lacks the exact range", got)
	}
}

func TestSplitPoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		start, end string
		want       string
		ok         bool
	}{
		{"0", maxKey, "170141183460469231731687303715884105728", true}, // 2^127: two equal halves
		{"0", "170141183460469231731687303715884105727", "85070591730234615865843651857942052864", true},
		{"170141183460469231731687303715884105728", maxKey, "255211775190703847597530955573826158592", true}, // 3·2^126
		{"10", "13", "12", true}, // four keys: 10–11 and 12–13
		{"10", "12", "11", true}, // three keys: the lower half is the smaller
		{"10", "10", "", false},  // one key cannot be split
		{"10", "9", "", false},   // not a range
		{"x", maxKey, "", false}, // not a hash key
		{"0", "340282366920938463463374607431768211456", "", false}, // 2^128 is past the last key
	}
	for _, tt := range tests {
		got, ok := SplitPoint(tt.start, tt.end)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SplitPoint(%s, %s) = %q, %v; want %q, %v", tt.start, tt.end, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMergeablePairs(t *testing.T) {
	t.Parallel()
	sh := func(id, start, end string, open bool) stream.ShardView {
		return stream.ShardView{ID: id, StartingHashKey: start, EndingHashKey: end, Open: open}
	}
	tests := []struct {
		name   string
		shards []stream.ShardView
		want   []MergePair
	}{
		{"one shard", []stream.ShardView{sh("a", "0", maxKey, true)}, []MergePair{}},
		{"adjacent, listed out of order", []stream.ShardView{sh("b", "100", maxKey, true), sh("a", "0", "99", true)}, []MergePair{{"a", "b"}}},
		{"a gap between them", []stream.ShardView{sh("a", "0", "98", true), sh("b", "100", maxKey, true)}, []MergePair{}},
		{"a closed parent is never paired", []stream.ShardView{
			sh("p", "0", maxKey, false), sh("a", "0", "99", true), sh("b", "100", maxKey, true)}, []MergePair{{"a", "b"}}},
		{"three in a row", []stream.ShardView{sh("c", "200", maxKey, true), sh("a", "0", "99", true), sh("b", "100", "199", true)},
			[]MergePair{{"a", "b"}, {"b", "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MergeablePairs(tt.shards); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// call dispatches op as the acting principal and fails the test on error.
func mustCall(t *testing.T, s *cloud.Account, op string, input []byte) []byte {
	t.Helper()
	out, err := s.Call(s.RootARN(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return out
}

func advance(t *testing.T, s *cloud.Account, ms int64) {
	t.Helper()
	if err := s.Advance(ms); err != nil {
		t.Fatal(err)
	}
}

// expectedShard is the shard of a 2-shard stream that MD5 routing gives key.
func expectedShard(key string) string {
	sum := md5.Sum([]byte(key))
	if sum[0] < 0x80 {
		return "shardId-000000000000"
	}
	return "shardId-000000000001"
}

func cardOf(t *testing.T, s *cloud.Account, name string) StreamCard {
	t.Helper()
	v := s.View()
	for _, c := range StreamCards(v.Streams, v.Now) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no stream %s", name)
	return StreamCard{}
}

// TestStreamsPanelModel drives the panel's operations through the store:
// create, advance, put, put many, split at the midpoint, merge back.
func TestStreamsPanelModel(t *testing.T) {
	t.Parallel()
	s := cloud.New(cloud.Config{})
	mustCall(t, s, "kinesis:CreateStream", CreateStreamInput("trucks", false, "2"))
	c := cardOf(t, s, "trucks")
	if c.Status != "CREATING" || c.Mode != "PROVISIONED" || c.RetentionHours != 24 || c.OpenShards != 2 {
		t.Fatalf("new stream: %+v", c)
	}
	advance(t, s, 1000)
	c = cardOf(t, s, "trucks")
	if c.Status != "ACTIVE" {
		t.Fatalf("after 1 s: %s", c.Status)
	}
	if got := []string{c.Lanes[0].Range, c.Lanes[1].Range}; !slices.Equal(got, []string{"0 – 1/2", "1/2 – 1"}) {
		t.Errorf("ranges %v", got)
	}
	if c.Lanes[0].MergeWith != "shardId-000000000001" || c.Lanes[1].MergeWith != "" {
		t.Errorf("merge partners %q %q", c.Lanes[0].MergeWith, c.Lanes[1].MergeWith)
	}

	for _, key := range []string{"truck-1", "truck-2", "truck-3", "ü"} {
		r := PutRecordResult(key, mustCall(t, s, "kinesis:PutRecord", PutRecordInput("trucks", key, "lat=1")))
		if want := expectedShard(key); r.ShardID != want || r.SequenceNumber == "" {
			t.Errorf("key %q: shard %q seq %q, want %s", key, r.ShardID, r.SequenceNumber, want)
		}
	}
	out := mustCall(t, s, "kinesis:PutRecords", PutManyInput("trucks", PutManyCount))
	sum := PutManyResult(out)
	lower := 0
	for i := range PutManyCount {
		if expectedShard("key-"+strconv.Itoa(i)) == "shardId-000000000000" {
			lower++
		}
	}
	want := "100 records: " + strconv.Itoa(lower) + " on shardId-000000000000, " + strconv.Itoa(100-lower) + " on shardId-000000000001"
	if sum.Summary != want {
		t.Errorf("put many: %q, want %q", sum.Summary, want)
	}
	c = cardOf(t, s, "trucks")
	u0, u1 := c.Lanes[0].Usage, c.Lanes[1].Usage
	if u0.Records+u1.Records != 104 || u0.Records == 0 || u0.RecordsPct != pct(u0.Records, 1000) || u0.BytesPct != 1 {
		t.Errorf("usage %+v %+v", u0, u1)
	}
	if c.Lanes[0].Held+c.Lanes[1].Held != 104 {
		t.Errorf("held %d + %d", c.Lanes[0].Held, c.Lanes[1].Held)
	}
	// A new second: the counters start again, the records stay.
	advance(t, s, 1000)
	c = cardOf(t, s, "trucks")
	if c.Lanes[0].Usage.Records != 0 || c.Lanes[0].Held == 0 {
		t.Errorf("next second: %+v held %d", c.Lanes[0].Usage, c.Lanes[0].Held)
	}

	// Split the lower shard at its midpoint: three open shards, quarters.
	l := c.Lanes[0]
	if l.SplitKey != "85070591730234615865843651857942052864" {
		t.Fatalf("split key %q", l.SplitKey)
	}
	mustCall(t, s, "kinesis:SplitShard", SplitShardInput("trucks", l.ID, l.SplitKey))
	if c = cardOf(t, s, "trucks"); c.Status != "UPDATING" {
		t.Fatalf("after split: %s", c.Status)
	}
	advance(t, s, 2000)
	c = cardOf(t, s, "trucks")
	var got []string
	for _, l := range c.Lanes {
		got = append(got, l.ID+" "+l.Range+" "+boolWord(l.Open)+" "+l.Lineage+" → "+l.MergeWith)
	}
	wantLanes := []string{
		"shardId-000000000002 0 – 1/4 open split from shardId-000000000000 → shardId-000000000003",
		"shardId-000000000003 1/4 – 1/2 open split from shardId-000000000000 → shardId-000000000001",
		"shardId-000000000001 1/2 – 1 open  → ",
		"shardId-000000000000 0 – 1/2 closed  → ",
	}
	if !slices.Equal(got, wantLanes) {
		t.Errorf("lanes after split:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantLanes, "\n"))
	}
	if c.OpenShards != 3 || c.Lanes[3].SplitKey != "" {
		t.Errorf("open %d, closed split key %q", c.OpenShards, c.Lanes[3].SplitKey)
	}

	// Merge the two quarters back.
	mustCall(t, s, "kinesis:MergeShards", MergeShardsInput("trucks", c.Lanes[0].ID, c.Lanes[0].MergeWith))
	advance(t, s, 2000)
	c = cardOf(t, s, "trucks")
	if c.OpenShards != 2 || c.Lanes[0].Lineage != "merged from shardId-000000000002 and shardId-000000000003" || c.Lanes[0].Range != "0 – 1/2" {
		t.Errorf("after merge: %+v", c.Lanes[0])
	}
}

func boolWord(open bool) string {
	if open {
		return "open"
	}
	return "closed"
}

// TestStreamCardsBounded: a stream of thousands of shards draws MaxLanes
// lanes and says how many it left out.
func TestStreamCardsBounded(t *testing.T) {
	t.Parallel()
	s := cloud.New(cloud.Config{})
	mustCall(t, s, "kinesis:CreateStream", CreateStreamInput("big", false, "1000"))
	c := cardOf(t, s, "big")
	if len(c.Lanes) != MaxLanes || c.NotDrawn != 1000-MaxLanes || c.OpenShards != 1000 {
		t.Errorf("lanes %d, not drawn %d, open %d", len(c.Lanes), c.NotDrawn, c.OpenShards)
	}
	if c.Lanes[0].Range != "0 – ≈1/1000" {
		t.Errorf("first lane %q", c.Lanes[0].Range)
	}
}

func TestPutManyInput(t *testing.T) {
	t.Parallel()
	var in struct {
		StreamName string
		Records    []struct {
			Data         []byte
			PartitionKey string
		}
	}
	if err := json.Unmarshal(PutManyInput("s", 100), &in); err != nil {
		t.Fatal(err)
	}
	if in.StreamName != "s" || len(in.Records) != 100 || in.Records[0].PartitionKey != "key-0" || in.Records[99].PartitionKey != "key-99" || string(in.Records[7].Data) != "record 7" {
		t.Errorf("%+v", in)
	}
	if got := PutManyResult([]byte(`{"FailedRecordCount":2,"Records":[{"ShardId":"b"},{"ErrorCode":"ProvisionedThroughputExceededException"},{"ShardId":"a"},{"ErrorCode":"ProvisionedThroughputExceededException"}]}`)).Summary; got != "4 records: 1 on a, 1 on b; 2 refused with ProvisionedThroughputExceededException" {
		t.Errorf("summary %q", got)
	}
	if got := BytesText(1536); got != "1.5 KiB" {
		t.Errorf("BytesText %q", got)
	}
}

// BenchmarkStreamCards measures the panel's model for a stream of 10,000
// shards (half the account's shard quota in us-east-1), as each render
// computes it.
func BenchmarkStreamCards(b *testing.B) {
	s := cloud.New(cloud.Config{})
	if _, err := s.Call(s.RootARN(), "kinesis:CreateStream", CreateStreamInput("big", false, "10000")); err != nil {
		b.Fatal(err)
	}
	v := s.View()
	b.ResetTimer()
	for b.Loop() {
		StreamCards(v.Streams, v.Now)
	}
}

// An on-demand stream's card offers no split and has no per-shard limit.
func TestOnDemandCard(t *testing.T) {
	t.Parallel()
	s := cloud.New(cloud.Config{})
	mustCall(t, s, "kinesis:CreateStream", CreateStreamInput("od", true, "7"))
	advance(t, s, 1000)
	mustCall(t, s, "kinesis:PutRecord", PutRecordInput("od", "k", "x"))
	c := cardOf(t, s, "od")
	if c.Mode != "ON_DEMAND" || c.OpenShards == 0 {
		t.Fatalf("on-demand card %+v", c)
	}
	total := 0
	for _, l := range c.Lanes {
		total += l.Usage.Records
		if l.SplitKey != "" || l.Usage.RecordsPct != -1 {
			t.Errorf("on-demand lane %+v", l)
		}
	}
	if total != 1 {
		t.Errorf("on-demand records this second: %d", total)
	}
}
