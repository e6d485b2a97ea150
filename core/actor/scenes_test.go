package actor_test

import (
	"encoding/json"
	"testing"
)

// allRecords reads every record of gps (one shard) from the start, as
// decoded JSON objects.
func (e *tenv) allRecords() []map[string]any {
	e.t.Helper()
	it := e.call(root, "kinesis:GetShardIterator", map[string]any{"StreamName": "gps", "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
	var out []map[string]any
	for range 100 {
		res := e.call(root, "kinesis:GetRecords", map[string]any{"ShardIterator": it, "Limit": 10000})
		recs := res["Records"].([]any)
		for _, r := range recs {
			var data []byte
			b, _ := json.Marshal(r.(map[string]any)["Data"])
			json.Unmarshal(b, &data)
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				e.t.Fatalf("record %q: %v", data, err)
			}
			out = append(out, m)
		}
		if len(recs) == 0 || res["MillisBehindLatest"] == 0.0 {
			break
		}
		it = res["NextShardIterator"]
	}
	return out
}

// DelayedTrucks 2, set by SetTraffic after 20 s, leaves truck-001 and
// truck-002 stuck where they were (the same position in every fix) at
// under 5 km/h, while the others drive on at 25 km/h or more.
func TestDelayedTrucksStandStill(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet", "Keys": 5})
	e.advance(20_000)
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "trucks", "DelayedTrucks": 2})
	e.advance(10_000)
	if l := e.actors(); l.Producers[0].DelayedTrucks != 2 {
		t.Fatalf("ListActors shows %+v", l.Producers[0])
	}
	type pos struct{ lat, lon float64 }
	last := map[string]pos{}
	moved := map[string]int{}
	slowAfter := map[string]int{}
	for _, r := range e.allRecords() {
		truck, speed := r["truck"].(string), r["speed"].(float64)
		p := pos{r["lat"].(float64), r["lon"].(float64)}
		late := r["time"].(string) > "2026-01-01T00:00:22"
		if late && speed < 5 {
			slowAfter[truck]++
		}
		if late && last[truck] != p {
			moved[truck]++
		}
		last[truck] = p
	}
	if slowAfter["truck-001"] < 8 || slowAfter["truck-002"] < 8 || slowAfter["truck-003"] != 0 || len(slowAfter) != 2 {
		t.Fatalf("slow fixes after the delay by truck: %v", slowAfter)
	}
	if moved["truck-001"] != 0 || moved["truck-002"] != 0 || moved["truck-003"] == 0 {
		t.Fatalf("fixes that moved after the delay by truck: %v", moved)
	}
}

// PopularPercent 60 of PopularPage 7 sends 60% of the clicks to
// /products/7 (counted exactly); set mid-run by SetTraffic, it changes the
// clicks from then on.
func TestPopularPageTakesItsShare(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "web", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 100})
	e.advance(5_000)
	e.call(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "web", "PopularPage": 7, "PopularPercent": 60})
	e.advance(5_000)
	if l := e.actors(); l.Producers[0].PopularPage != 7 || l.Producers[0].PopularPercent != 60 {
		t.Fatalf("ListActors shows %+v", l.Producers[0])
	}
	before, after, popAfter, popBefore := 0, 0, 0, 0
	for _, r := range e.allRecords() {
		late := r["time"].(string) > "2026-01-01T00:00:06.050Z" // ticks after the SetTraffic at 6 s
		pop := r["page"] == "/products/7"
		switch {
		case late:
			after++
			if pop {
				popAfter++
			}
		case r["time"].(string) < "2026-01-01T00:00:06":
			before++
			if pop {
				popBefore++
			}
		}
	}
	if after == 0 || popAfter*100 < after*60 || popAfter*100 > after*60+100*4 {
		t.Fatalf("%d of %d clicks after on /products/7, want 60%%", popAfter, after)
	}
	if popBefore*10 > before {
		t.Fatalf("%d of %d clicks before already on /products/7", popBefore, before)
	}
}

// The scene members are checked: their ranges, and the kind they apply to.
func TestSceneMembersBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	for _, tc := range []struct {
		in   map[string]any
		code string
		msg  string
	}{
		{map[string]any{"Kind": "TruckFleet", "DelayedTrucks": -1}, "ValidationException", "delayedTrucks"},
		{map[string]any{"Kind": "Clickstream", "PopularPage": 51}, "ValidationException", "popularPage"},
		{map[string]any{"Kind": "Clickstream", "PopularPercent": 101}, "ValidationException", "popularPercent"},
		{map[string]any{"Kind": "Clickstream", "DelayedTrucks": 2}, "ValidationException", "DelayedTrucks applies to a TruckFleet producer only."},
		{map[string]any{"Kind": "TruckFleet", "PopularPercent": 5}, "ValidationException", "PopularPage and PopularPercent apply to a Clickstream producer only."},
	} {
		tc.in["StreamName"] = "gps"
		_, err := e.try(root, "cloudplay:StartProducer", tc.in)
		wantCode(t, err, tc.code, tc.msg)
	}
	if l := e.actors(); len(l.Producers) != 0 {
		t.Fatalf("a refused start left %+v", l.Producers)
	}
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet"})
	_, err := e.try(root, "cloudplay:SetTraffic", map[string]any{"ProducerName": "trucks", "PopularPage": 3})
	wantCode(t, err, "ValidationException", "apply to a Clickstream producer only")
}
