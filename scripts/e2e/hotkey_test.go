//go:build e2e

package e2e

// The hot-key lesson end to end in Chromium, as a learner meets it: open
// the kinesis-hot-key scenario from the scenario picker, see one shard
// throttle (its lane, and the event log's aggregated PutRecords rows with
// their ProvisionedThroughputExceededException counts), split that shard by
// clicking it in the panel, play the clock on, and see the throttling stop.
// The assertions read the page (text and data attributes); the engine's
// own counts (cloudplay:ListActors) cross-check them.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// laneThrottled is each drawn open lane's records refused in the last
// few simulated seconds (its data-throttled-recent), by shard id.
func (p *page) laneThrottled(stream string) map[string]int {
	p.t.Helper()
	return evalJS[map[string]int](p, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll('[data-stream=%q] .lane.open')].map(l => [l.dataset.shard, +l.dataset.throttledRecent]))`, stream))
}

// producerThrottled is the engine's count of a producer's throttled records.
func (p *page) producerThrottled(name string) int64 {
	p.t.Helper()
	out, code := p.call("cloudplay:ListActors", map[string]any{})
	if code != "" {
		p.t.Fatalf("cloudplay:ListActors: %s", code)
	}
	var v struct {
		Producers []struct {
			ProducerName     string
			RecordsSent      int64
			RecordsThrottled int64
		}
	}
	if err := json.Unmarshal(out, &v); err != nil {
		p.t.Fatal(err)
	}
	for _, pr := range v.Producers {
		if pr.ProducerName == name {
			return pr.RecordsThrottled
		}
	}
	p.t.Fatalf("no producer %s in %s", name, out)
	return 0
}

// setSpeed chooses the clock's speed as a learner does.
func (p *page) setSpeed(x int) {
	p.t.Helper()
	if err := p.eval(fmt.Sprintf(`(() => { const s = document.querySelector("#clock-speed"); s.value = "%d"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, x), nil); err != nil {
		p.t.Fatal(err)
	}
}

func TestHotKeyLesson(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 900)
	p.waitUI("#scenario-picker")
	if err := p.eval(`(() => { const s = document.querySelector("#scenario-picker"); s.value = "kinesis-hot-key"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	const card = `[data-stream="clicks"]`
	p.waitCount(card+" .lane.open", 4)
	p.waitText(card+" .stream-status", "ACTIVE")
	const hot = "shardId-000000000001" // where MD5("user-0001") falls among 4 shards

	// One shard throttles, the other three do not.
	lanes := p.laneThrottled("clicks")
	for id, n := range lanes {
		if (id == hot) != (n > 0) {
			t.Errorf("lanes' throttled records in the last seconds: %v; want only %s above 0", lanes, hot)
			break
		}
	}
	if got := p.text(card + ` [data-actor="website"] .actor-facts`); !strings.Contains(got, "2,000 records/s") || !strings.Contains(got, "40% on one hot key") || !strings.Contains(got, " throttled") {
		t.Errorf("the website producer's row says %q", got)
	}
	before := p.producerThrottled("website")
	if before == 0 {
		t.Fatal("the engine counts no throttled record")
	}

	// The event log: one row per simulated second of the producer's calls,
	// with the exact count and the throttled records counted by code. The
	// first full second (00:00:02) is the golden's: 10 calls, 79 records
	// refused.
	p.click("#tab-log")
	row := `table.log tr[data-actor="website"]`
	p.waitVisible(row)
	var rows []struct{ Time, Caller, Op, Result, Count string }
	if err := p.eval(`[...document.querySelectorAll('table.log tr[data-actor="website"]')].map(r => ({Time: r.cells[1].textContent, Caller: r.cells[2].textContent,
		Op: r.cells[3].textContent, Result: r.cells[5].textContent, Count: r.dataset.count}))`, &rows); err != nil {
		t.Fatal(err)
	}
	var second2 *struct{ Time, Caller, Op, Result, Count string }
	for i := range rows {
		if strings.HasPrefix(rows[i].Time, "00:00:02.000") {
			second2 = &rows[i]
		}
	}
	if second2 == nil {
		t.Fatalf("no row of the producer's calls in second 2: %+v", rows)
	}
	if second2.Time != "00:00:02.000–00:00:02.900" || second2.Op != "kinesis:PutRecords ×10" || second2.Count != "10" ||
		!strings.Contains(second2.Caller, "website") || !strings.HasPrefix(second2.Result, "79 ProvisionedThroughputExceededException") {
		t.Errorf("the row of second 2: %+v", *second2)
	}
	// Cross-check with the engine's log: the counts are the same numbers.
	var ev []struct {
		Op     string
		Actor  string
		Count  int
		Time   string
		Errors map[string]int
	}
	if err := p.eval(`cloudplay.events()`, &ev); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range ev {
		if e.Actor == "website" && e.Op == "kinesis:PutRecords" {
			total += e.Errors["ProvisionedThroughputExceededException"]
		}
	}
	if int64(total) != before {
		t.Errorf("the log counts %d throttled records, the producer %d", total, before)
	}
	shown := 0
	for _, r := range rows {
		if m := regexp.MustCompile(`^(\d+) ProvisionedThroughputExceededException`).FindStringSubmatch(r.Result); m != nil {
			n, _ := strconv.Atoi(m[1])
			shown += n
		}
	}
	if shown != total {
		t.Errorf("the log panel shows %d throttled records, the engine's log %d", shown, total)
	}

	// The row of the second under way grows in place while the second
	// lasts: the scenario ends at 00:00:11.000 with one call of that
	// second; half a second later the same row (same seq) counts 6.
	newest := evalJS[map[string]string](p, `(() => { const r = document.querySelector('table.log tr[data-actor="website"]'); return {seq: r.dataset.seq, count: r.dataset.count, op: r.cells[3].textContent}; })()`)
	if newest["count"] != "1" || newest["op"] != "kinesis:PutRecords" {
		t.Errorf("the newest row before the advance: %v", newest)
	}
	p.settled(`cloudplay.advance(0.5)`)
	row11 := fmt.Sprintf(`table.log tr[data-seq=%q]`, newest["seq"])
	p.waitText(row11+" code.op", "kinesis:PutRecords ×6")
	if got := p.text(row11 + " td.time"); got != "00:00:11.000–00:00:11.500" {
		t.Errorf("the growing row's time %q", got)
	}
	p.shot("hotkey-log")

	// Play on: the hot shard keeps throttling.
	p.click("#tab-streams")
	p.waitCount(card+" .lane.open", 4)
	p.setSpeed(10)
	start := p.simNow()
	p.click("#clock-play")
	p.waitSimPast(start + 3_000)
	p.click("#clock-play") // pause
	p.waitText("#clock-play", "Play")
	if n := p.laneThrottled("clicks")[hot]; n == 0 {
		t.Errorf("the hot lane stopped throttling before the split: %v", p.laneThrottled("clicks"))
	}

	// Split the hot shard: click its lane, then "Split at the middle".
	p.click(card + fmt.Sprintf(` [data-shard=%q] .lane-pick`, hot))
	p.waitText(card+fmt.Sprintf(` [data-shard=%q] .lane-menu .split`, hot), "Split at the middle")
	p.click(card + fmt.Sprintf(` [data-shard=%q] .lane-menu .split`, hot))
	// The stream is UPDATING for 2 simulated seconds: play through them.
	p.waitText(card+" .stream-status", "UPDATING")
	split := p.simNow()
	p.click("#clock-play")
	p.waitCount(card+" .lane.open", 5)
	p.waitCount(card+fmt.Sprintf(` .lane.closed[data-shard=%q]`, hot), 1)
	children := evalJS[[]string](p, `[...document.querySelectorAll('[data-stream="clicks"] .lane.open .lineage')].filter(e => e.textContent === "split from shardId-000000000001").map(e => e.closest('.lane').dataset.shard)`)
	if len(children) != 2 {
		t.Fatalf("children of the split: %v", children)
	}

	// Play on a few seconds past the resharding: no lane throttles, and
	// the engine's count stands still.
	p.waitSimPast(split + 4_000)
	settled := p.producerThrottled("website")
	p.waitSimPast(split + 4_000 + 3_000 + int64(1000*5)) // past the lanes' 5-second window
	p.click("#clock-play")
	p.waitText("#clock-play", "Play")
	time.Sleep(100 * time.Millisecond) // the pause's re-render
	lanes = p.laneThrottled("clicks")
	if len(lanes) != 5 {
		t.Fatalf("open lanes %v", lanes)
	}
	for id, n := range lanes {
		if n != 0 {
			t.Errorf("%s throttled %d records in the last seconds after the split (lanes %v)", id, n, lanes)
		}
	}
	if after := p.producerThrottled("website"); after != settled {
		t.Errorf("the engine counted %d more throttled records after the split settled", after-settled)
	}
	if got := p.text(card + ` [data-actor="website"] .actor-facts`); !strings.Contains(got, " sent") {
		t.Errorf("the producer's row %q", got)
	}
	p.shot("hotkey-after-split")
	p.expectCleanUI()
}
