package analytics_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"cloudplay/core/scenario"
)

// An exported account with a running application (advanced in frames of
// any length, stopped and restarted from where it stopped, split under it)
// loads back to the same applications, rows and counts: the application's
// work is the same on replay.
func TestReplayGivesTheSameApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet", "Keys": 6})
	e.call(root, "kinesisanalytics:CreateApplication", createSlow(slowCode))
	e.call(root, "kinesisanalytics:StartApplication", start("TRIM_HORIZON"))
	for range 41 {
		e.advance(137)
	}
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "trucks", "DelayedTrucks": 3})
	e.call(root, "kinesis:SplitShard", map[string]any{"StreamName": "gps", "ShardToSplit": "shardId-000000000000", "NewStartingHashKey": "85070591730234615865843651857942052864"})
	e.advance(6000)
	e.call(root, "kinesisanalytics:StopApplication", map[string]any{"ApplicationName": "slow-trucks"})
	e.advance(4000)
	e.call(root, "kinesisanalytics:StartApplication", start("LAST_STOPPED_POINT"))
	e.advance(5000)

	src := scenario.Export(e.a, scenario.Meta{})
	b, _, err := scenario.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	gv, _ := json.Marshal(b.View().Analytics)
	wv, _ := json.Marshal(e.a.View().Analytics)
	if !bytes.Equal(gv, wv) {
		t.Fatalf("the replay's applications differ:\n got %s\nwant %s", gv, wv)
	}
	a := e.app("slow-trucks")
	if a.Status != "RUNNING" || a.Streams[0].RowsEmitted == 0 || a.LastError != "" {
		t.Fatalf("application %s, %d rows, %q", a.Status, a.Streams[0].RowsEmitted, a.LastError)
	}
	// After the split the application reads the children too: every fix
	// of a delayed truck written after the restart is in its rows.
	seen := map[string]bool{}
	for _, r := range a.Streams[0].Rows {
		seen[r.Values[0]] = true
	}
	if !seen["truck-001"] || !seen["truck-002"] || !seen["truck-003"] || len(seen) != 3 {
		t.Fatalf("delayed trucks in the rows: %v", seen)
	}
}
