// Package streams is the model behind the Streams panel: the cards of
// the account's streams (hash ranges, usage, lineage), the operations its
// controls make, the actors' rows and the data flow fed by step events.
// Plain Go, tested natively.
package streams

import (
	"cloudplay/core/api"
	"encoding/json"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/sim"
	"cloudplay/core/stream"
	"cloudplay/wasm/internal/flow"
)

// The model behind the Streams panel (streamspanel.go): each stream's
// shards as lanes, with their hash key ranges in a short form, lineage,
// the split point and merge partner a button uses, and the writes of the
// current simulated second against the shard's limit. Plain functions of
// the account's view, tested natively. The engine decides; the panel only
// names what it would ask (the refusals are the engine's).

// Per-shard write limits the utilisation bars are drawn against: 1 MiB/s
// and 1,000 records/s per shard, counting the data and the partition key
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
// They mirror core/stream's own constants, which it does not export.
const (
	ShardWriteRecordsPerSec = 1000
	ShardWriteBytesPerSec   = 1 << 20
)

// MaxLanes bounds the lanes the panel draws per stream: the playground's
// own choice (a stream may have up to the account's 20,000-shard quota,
// and a page of 20,000 lanes would freeze the tab); ListShards still shows
// them all, and the panel says how many it left out.
const MaxLanes = 64

// PutManyCount is how many records "Put 100 records" writes, with
// partition keys key-0 … key-99, in one PutRecords call (at most 500
// records a call:
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
const PutManyCount = 100

var (
	two128     = new(big.Int).Lsh(big.NewInt(1), 128)
	fracTolQ   = new(big.Int).Lsh(big.NewInt(1), 28) // |k·q − p·2^128| below q·2^28: within 2^-100 of p/q
	maxFracDen = big.NewInt(1000)
)

// parseHash reads a decimal hash key in [0, 2^128).
func parseHash(s string) (*big.Int, bool) {
	if s == "" || len(s) > 39 {
		return nil, false
	}
	k, ok := new(big.Int).SetString(s, 10)
	if !ok || k.Sign() < 0 || k.Cmp(two128) >= 0 || k.String() != s {
		return nil, false
	}
	return k, true
}

// HashFraction writes k (0 ≤ k ≤ 2^128) as a fraction of 2^128: "0", "1",
// "1/2", "3/16" when exact; "≈1/3" when within 2^-100 of a fraction with a
// denominator up to 1,000 (N even shards start at i·⌊2^128/N⌋, a hair
// below i/N); otherwise "≈0.1234".
func HashFraction(k *big.Int) string {
	switch {
	case k.Sign() == 0:
		return "0"
	case k.Cmp(two128) == 0:
		return "1"
	}
	// The convergents p/q of the continued fraction of k/2^128 are the
	// best approximations with small denominators.
	num, den := new(big.Int).Set(k), new(big.Int).Set(two128)
	p0, q0 := big.NewInt(0), big.NewInt(1) // p_{-2}/q_{-2}
	p1, q1 := big.NewInt(1), big.NewInt(0) // p_{-1}/q_{-1}
	a, r := new(big.Int), new(big.Int)
	diff, tol := new(big.Int), new(big.Int)
	for den.Sign() != 0 {
		a.QuoRem(num, den, r)
		p2 := new(big.Int).Add(new(big.Int).Mul(a, p1), p0)
		q2 := new(big.Int).Add(new(big.Int).Mul(a, q1), q0)
		if q2.Cmp(maxFracDen) > 0 {
			break
		}
		diff.Sub(new(big.Int).Mul(k, q2), new(big.Int).Mul(p2, two128))
		diff.Abs(diff)
		if diff.Sign() == 0 {
			return fracText(p2, q2)
		}
		if diff.Cmp(tol.Mul(q2, fracTolQ)) < 0 {
			return "≈" + fracText(p2, q2)
		}
		p0, q0, p1, q1 = p1, q1, p2, q2
		num, den = den, new(big.Int).Set(r)
	}
	// Four decimals of k/2^128, rounded down.
	d := new(big.Int).Mul(k, big.NewInt(10000))
	d.Quo(d, two128)
	s := strconv.FormatInt(d.Int64(), 10)
	return "≈0." + strings.Repeat("0", 4-len(s)) + s
}

func fracText(p, q *big.Int) string {
	if q.IsInt64() && q.Int64() == 1 {
		return p.String()
	}
	return p.String() + "/" + q.String()
}

// HashRangeLabel is a shard's hash key range in short form, as fractions
// of 2^128 from its start to just past its end: "0 – 1/2", "1/2 – 1",
// "≈1/3 – ≈2/3". Keys that are not hash keys are shown as given, clipped.
func HashRangeLabel(start, end string) string {
	s, ok1 := parseHash(start)
	e, ok2 := parseHash(end)
	if !ok1 || !ok2 {
		return api.Clip(start, 16) + " – " + api.Clip(end, 16)
	}
	return HashFraction(s) + " – " + HashFraction(new(big.Int).Add(e, big.NewInt(1)))
}

// HashRangeTitle is the exact range, for a tooltip.
func HashRangeTitle(start, end string) string {
	return "Hash keys " + start + " to " + end + " (of 0 to 2^128−1 = 340282366920938463463374607431768211455)"
}

// SplitPoint is the NewStartingHashKey that splits the range start…end in
// the middle: start + ⌊(end − start + 1)/2⌋, so a range of an even number
// of keys (as a fresh stream's and its halves' are) splits into two equal
// halves, and the lower half is never the larger. (AWS's Java example
// takes (start + end)/2, which leaves the upper child one key larger:
// https://docs.aws.amazon.com/kinesis/latest/dev/kinesis-using-sdk-java-resharding-split.html.)
// ok is false when the range is too small for both children to have a
// key, or the keys are not hash keys.
func SplitPoint(start, end string) (string, bool) {
	s, ok1 := parseHash(start)
	e, ok2 := parseHash(end)
	if !ok1 || !ok2 || e.Cmp(s) <= 0 {
		return "", false
	}
	size := new(big.Int).Sub(e, s)
	size.Add(size, big.NewInt(1))
	mid := size.Rsh(size, 1)
	mid.Add(mid, s)
	return mid.String(), true
}

// MergePair is two open shards whose hash key ranges are adjacent: Lower
// ends one key before Upper starts, so MergeShards accepts them.
type MergePair struct{ Lower, Upper string }

// MergeablePairs lists the adjacent pairs of open shards, in hash key
// order. Closed shards, and open shards with a gap between them, are
// never paired.
func MergeablePairs(shards []stream.ShardView) []MergePair {
	type open struct {
		id         string
		start, end *big.Int
	}
	var opens []open
	for _, sh := range shards {
		s, ok1 := parseHash(sh.StartingHashKey)
		e, ok2 := parseHash(sh.EndingHashKey)
		if sh.Open && ok1 && ok2 {
			opens = append(opens, open{sh.ID, s, e})
		}
	}
	slices.SortFunc(opens, func(a, b open) int { return a.start.Cmp(b.start) })
	out := []MergePair{}
	next := new(big.Int)
	for i := 1; i < len(opens); i++ {
		if next.Add(opens[i-1].end, big.NewInt(1)).Cmp(opens[i].start) == 0 {
			out = append(out, MergePair{opens[i-1].id, opens[i].id})
		}
	}
	return out
}

// Usage is a shard's writes in the simulated second holding now.
type Usage struct {
	Second    sim.Time // the start of that second
	Records   int
	Bytes     int
	Throttled int // records refused for throughput
	// RecordsPct and BytesPct are the share of the per-shard limit used,
	// in percent (0 to 100), or -1 for an on-demand stream, whose limit is
	// the stream's as a whole.
	RecordsPct, BytesPct int
}

// ShardUsage is the writes of sh in the second holding now, from its
// metrics, against the per-shard limit when provisioned.
func ShardUsage(sh stream.ShardView, mode string, now sim.Time) Usage {
	sec := now - now%1000
	u := Usage{Second: sec, RecordsPct: -1, BytesPct: -1}
	for i := len(sh.Metrics) - 1; i >= 0; i-- {
		if m := sh.Metrics[i]; m.Second == sec {
			u.Records, u.Bytes, u.Throttled = m.IncomingRecords, m.IncomingBytes, m.WriteProvisionedThroughputExceeded
			break
		}
	}
	if mode != "ON_DEMAND" {
		u.RecordsPct = pct(u.Records, ShardWriteRecordsPerSec)
		u.BytesPct = pct(u.Bytes, ShardWriteBytesPerSec)
	}
	return u
}

// pct is n/limit in whole percent, rounded up so that any use shows, at
// most 100.
func pct(n, limit int) int {
	if n <= 0 {
		return 0
	}
	return min(100, (n*100+limit-1)/limit)
}

// ShardLane is one shard as the panel draws it.
type ShardLane struct {
	ID         string
	Open       bool
	Range      string // HashRangeLabel
	RangeTitle string // HashRangeTitle
	Lineage    string // "split from …", "merged from … and …", or ""
	Held       int    // records the shard holds
	Usage      Usage
	// SplitKey is the NewStartingHashKey of "Split", "" when the shard
	// cannot be split (closed, on-demand, or a range too small).
	SplitKey string
	// MergeWith is the open shard just above this one ("Merge with next"),
	// or "".
	MergeWith string
	// MergeBelow is the open shard just below this one, for the top lane
	// of a pair ("" when none): merging with it is MergeShards(MergeBelow,
	// this shard).
	MergeBelow string
	// Chart is the shard's writes over the last flow.ChartSeconds seconds.
	Chart flow.Series
}

// RecentSeconds is the window of a lane's data-throttled-recent
// attribute: the records it refused over the last this many seconds.
const RecentSeconds = 5

// RecentThrottled is the records the shard refused over its chart's last n
// simulated seconds (the one holding now included).
func (l ShardLane) RecentThrottled(n int) int {
	sum := 0
	for _, v := range l.Chart.Throttled[flow.ChartSeconds-min(max(n, 0), flow.ChartSeconds):] {
		sum += v
	}
	return sum
}

// StreamCard is one stream as the panel draws it.
type StreamCard struct {
	Name, Status, Mode string
	RetentionHours     int
	OpenShards         int
	Lanes              []ShardLane // open shards first in hash key order, then closed ones; at most MaxLanes
	NotDrawn           int         // shards past MaxLanes
}

// StreamCards turns the streams' view into the panel's cards.
func StreamCards(v stream.View, now sim.Time) []StreamCard {
	out := make([]StreamCard, 0, len(v.Streams))
	for _, st := range v.Streams {
		out = append(out, streamCard(st, now))
	}
	return out
}

func streamCard(st stream.StreamView, now sim.Time) StreamCard {
	c := StreamCard{Name: st.Name, Status: st.Status, Mode: st.Mode, RetentionHours: st.RetentionHours}
	shards := slices.Clone(st.Shards)
	// Open shards in hash key order (as lanes top to bottom), closed
	// ones after them in id order: the stream's present, then its past.
	slices.SortStableFunc(shards, func(a, b stream.ShardView) int {
		if a.Open != b.Open {
			if a.Open {
				return -1
			}
			return 1
		}
		if !a.Open {
			return 0
		}
		return cmpHash(a.StartingHashKey, b.StartingHashKey)
	})
	// Only the drawn lanes (and the shard after the last) can offer a
	// merge: the hash keys of the others need not be read.
	merge, below := map[string]string{}, map[string]string{}
	for _, p := range MergeablePairs(shards[:min(len(shards), MaxLanes+1)]) {
		merge[p.Lower] = p.Upper
		below[p.Upper] = p.Lower
	}
	for _, sh := range shards {
		if sh.Open {
			c.OpenShards++
		}
		if len(c.Lanes) == MaxLanes {
			c.NotDrawn++
			continue
		}
		lane := ShardLane{ID: sh.ID, Open: sh.Open, Range: HashRangeLabel(sh.StartingHashKey, sh.EndingHashKey),
			RangeTitle: HashRangeTitle(sh.StartingHashKey, sh.EndingHashKey), Lineage: lineage(sh),
			Held: sh.Records, Usage: ShardUsage(sh, st.Mode, now), Chart: flow.ChartOf(sh.Metrics, now)}
		if sh.Open {
			lane.MergeWith, lane.MergeBelow = merge[sh.ID], below[sh.ID]
			if st.Mode != "ON_DEMAND" {
				lane.SplitKey, _ = SplitPoint(sh.StartingHashKey, sh.EndingHashKey)
			}
		}
		c.Lanes = append(c.Lanes, lane)
	}
	return c
}

// cmpHash orders decimal hash keys numerically (shorter is smaller; keys
// have no leading zeros).
func cmpHash(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func lineage(sh stream.ShardView) string {
	switch {
	case sh.ParentShardID != "" && sh.AdjacentParentShardID != "":
		return "merged from " + sh.ParentShardID + " and " + sh.AdjacentParentShardID
	case sh.ParentShardID != "":
		return "split from " + sh.ParentShardID
	}
	return ""
}

// The inputs of the panel's operations, in the AWS CLI's JSON view.

// CreateStreamInput is kinesis:CreateStream's input. A shard count that
// is not a whole number is passed on as text, so the engine refuses it in
// AWS's words; an empty one is left out.
func CreateStreamInput(name string, onDemand bool, shardCount string) []byte {
	in := map[string]any{"StreamName": name}
	if onDemand {
		in["StreamModeDetails"] = map[string]string{"StreamMode": "ON_DEMAND"}
	} else if shardCount = strings.TrimSpace(shardCount); shardCount != "" {
		if n, err := strconv.ParseInt(shardCount, 10, 64); err == nil {
			in["ShardCount"] = n
		} else {
			in["ShardCount"] = shardCount
		}
	}
	b, _ := json.Marshal(in)
	return b
}

// PutRecordInput is kinesis:PutRecord's input: data is the text typed,
// sent as its UTF-8 bytes (base64 in JSON, as the CLI shows blobs).
func PutRecordInput(streamName, key, data string) []byte {
	b, _ := json.Marshal(map[string]any{"StreamName": streamName, "PartitionKey": key, "Data": []byte(data)})
	return b
}

// PutManyInput is the kinesis:PutRecords input of "Put 100 records":
// partition keys key-0 … key-(n−1), data "record i".
func PutManyInput(streamName string, n int) []byte {
	type entry struct {
		Data         []byte `json:"Data"`
		PartitionKey string `json:"PartitionKey"`
	}
	recs := make([]entry, n)
	for i := range recs {
		recs[i] = entry{[]byte("record " + strconv.Itoa(i)), "key-" + strconv.Itoa(i)}
	}
	b, _ := json.Marshal(map[string]any{"StreamName": streamName, "Records": recs})
	return b
}

// SplitShardInput is kinesis:SplitShard's input.
func SplitShardInput(streamName, shard, key string) []byte {
	b, _ := json.Marshal(map[string]string{"StreamName": streamName, "ShardToSplit": shard, "NewStartingHashKey": key})
	return b
}

// MergeShardsInput is kinesis:MergeShards's input.
func MergeShardsInput(streamName, lower, upper string) []byte {
	b, _ := json.Marshal(map[string]string{"StreamName": streamName, "ShardToMerge": lower, "AdjacentShardToMerge": upper})
	return b
}

// PutResult is what the panel shows after a put: one line, and for
// PutRecord the shard and sequence number.
type PutResult struct {
	ShardID, SequenceNumber string
	Summary                 string
}

// PutRecordResult reads kinesis:PutRecord's output.
func PutRecordResult(key string, out []byte) PutResult {
	var o struct{ ShardId, SequenceNumber string }
	_ = json.Unmarshal(out, &o)
	return PutResult{ShardID: o.ShardId, SequenceNumber: o.SequenceNumber,
		Summary: "Key “" + api.Clip(key, 64) + "” landed on " + o.ShardId}
}

// PutManyResult reads kinesis:PutRecords's output: how many records each
// shard took, in shard id order, and how many were refused (by code).
func PutManyResult(out []byte) PutResult {
	var o struct {
		FailedRecordCount int
		Records           []struct{ ShardId, ErrorCode string }
	}
	_ = json.Unmarshal(out, &o)
	per, failed := map[string]int{}, map[string]int{}
	for _, r := range o.Records {
		if r.ErrorCode != "" {
			failed[r.ErrorCode]++
			continue
		}
		per[r.ShardId]++
	}
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(per)) {
		parts = append(parts, strconv.Itoa(per[id])+" on "+id)
	}
	s := strconv.Itoa(len(o.Records)) + " records: " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		s = strconv.Itoa(len(o.Records)) + " records, none written"
	}
	for _, code := range slices.Sorted(maps.Keys(failed)) {
		s += "; " + strconv.Itoa(failed[code]) + " refused with " + code
	}
	return PutResult{Summary: s}
}

// BytesText is a byte count in short form: "512 B", "3.2 KiB", "1.0 MiB".
func BytesText(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " B"
	case n < 1<<20:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}

// numberOrText is a form's number as a JSON number when it is one, else
// the text as typed (the engine refuses it in AWS's words); ok is false
// for an empty field, which is left out.
func numberOrText(s string) (v any, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	return s, true
}

// putFields sets in[name] from each (name, text) pair with a value.
func putFields(in map[string]any, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if v, ok := numberOrText(pairs[i+1]); ok {
			in[pairs[i]] = v
		}
	}
}

// ProducerForm is what the panel's "Start a producer" form holds.
type ProducerForm struct {
	Name, Kind, RecordsPerSecond, Keys, HotKeyPercent string
}

// StartProducerInput is cloudplay:StartProducer's input (actors-contract):
// empty fields are left out, so the actor's defaults apply.
func StartProducerInput(stream string, f ProducerForm) []byte {
	in := map[string]any{"StreamName": stream, "Kind": f.Kind}
	if n := strings.TrimSpace(f.Name); n != "" {
		in["ProducerName"] = n
	}
	putFields(in, "RecordsPerSecond", f.RecordsPerSecond, "Keys", f.Keys)
	if f.Kind == "Clickstream" {
		putFields(in, "HotKeyPercent", f.HotKeyPercent)
	}
	b, _ := json.Marshal(in)
	return b
}

// SetTrafficInput is cloudplay:SetTraffic's input: the producer's new rate
// and skew, empty fields left as they are.
func SetTrafficInput(producer, rate, hot string) []byte {
	in := map[string]any{"ProducerName": strings.TrimSpace(producer)}
	putFields(in, "RecordsPerSecond", rate, "HotKeyPercent", hot)
	b, _ := json.Marshal(in)
	return b
}

// StartConsumerInput is cloudplay:StartConsumer's input.
func StartConsumerInput(stream, name, kind string) []byte {
	in := map[string]any{"StreamName": stream, "Kind": kind}
	if n := strings.TrimSpace(name); n != "" {
		in["ConsumerName"] = n
	}
	b, _ := json.Marshal(in)
	return b
}

// UpdateShardCountInput is kinesis:UpdateShardCount's input, with the only
// scaling type AWS has (UNIFORM_SCALING:
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
func UpdateShardCountInput(stream, target string) []byte {
	in := map[string]any{"StreamName": stream, "ScalingType": "UNIFORM_SCALING"}
	if v, ok := numberOrText(target); ok {
		in["TargetShardCount"] = v
	}
	b, _ := json.Marshal(in)
	return b
}
