package streams

import (
	"cloudplay/wasm/internal/testacct"
	"testing"
)

// recentThrottled is each drawn lane's records refused over its chart's
// last n seconds.
func recentThrottled(c StreamCard, n int) map[string]int {
	out := map[string]int{}
	for _, l := range c.Lanes {
		out[l.ID] = l.RecentThrottled(n)
	}
	return out
}

// The hot-key lesson through the panel's model: kinesis-hot-key shows one
// lane throttling, and the split its menu offers ("Split at the middle")
// ends the throttling. With the scenario's former 1,350 records/s on the
// hot key alone no split could (a key never spreads over shards).
func TestHotKeySplitFixes(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "kinesis-hot-key")
	v := a.View()
	c := StreamCards(v.Streams, v.Now)[0]
	hot := ""
	for id, n := range recentThrottled(c, 5) {
		if n > 0 {
			if hot != "" {
				t.Fatalf("two lanes throttle: %s and %s", hot, id)
			}
			hot = id
		}
	}
	if hot != "shardId-000000000001" {
		t.Fatalf("the hot lane is %q, want shardId-000000000001 (MD5 of user-0001): %v", hot, recentThrottled(c, 5))
	}
	var lane ShardLane
	for _, l := range c.Lanes {
		if l.ID == hot {
			lane = l
		}
	}
	if lane.SplitKey == "" {
		t.Fatal("the hot lane offers no split")
	}
	if _, err := a.Call(a.RootARN(), "kinesis:SplitShard", SplitShardInput("clicks", hot, lane.SplitKey)); err != nil {
		t.Fatal(err)
	}
	if err := a.Advance(10_000); err != nil {
		t.Fatal(err)
	}
	v = a.View()
	c = StreamCards(v.Streams, v.Now)[0]
	if c.OpenShards != 5 {
		t.Fatalf("%d open shards after the split", c.OpenShards)
	}
	for id, n := range recentThrottled(c, 5) {
		if n != 0 {
			t.Errorf("%s throttled %d records in the last 5 s after the split", id, n)
		}
	}
}
