//go:build e2e

package e2e

// The Streams panel in Chromium, driven as a learner drives it: create a
// stream, advance the simulated clock, put a record and see the shard MD5
// routing gives, split a shard and see the three open shards.

import (
	"crypto/md5"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// shardOf2 is the shard of a fresh 2-shard stream that a partition key
// lands on: the MD5 of its UTF-8 bytes, read as a 128-bit big-endian
// integer, is below 2^127 (shard 0) or not (shard 1). Computed here, not
// taken from the core, so the test checks the routing.
func shardOf2(key string) string {
	if sum := md5.Sum([]byte(key)); sum[0] < 0x80 {
		return "shardId-000000000000"
	}
	return "shardId-000000000001"
}

func TestStreamsPanel(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI("#form-create-stream")
	p.waitText(".no-streams", "No streams yet")
	if n := p.count("nav.tabs"); n != 0 {
		t.Errorf("the embed shows %d tab bars", n)
	}

	// Create a 2-shard stream: CREATING until the clock is advanced.
	p.run(
		chromedp.SendKeys(chromedp.CSS("#stream-name"), "trucks"),
		chromedp.SetValue(chromedp.CSS("#stream-shards"), "2"),
		chromedp.Click(chromedp.CSS("#form-create-stream button[type=submit]")),
	)
	const card = `[data-stream="trucks"]`
	p.waitText(card+" .stream-status", "CREATING")
	p.waitCount(card+" .lane.open", 2)
	p.waitCount(".no-streams", 0)
	p.click("#advance-1")
	p.waitText(card+" .stream-status", "ACTIVE")
	p.waitText("#streams-now", "00:00:01")
	ranges := evalJS[[]string](p, `[...document.querySelectorAll('[data-stream="trucks"] .lane.open .range')].map(e => e.textContent)`)
	if strings.Join(ranges, "|") != "keys 0 – 1/2 of 2¹²⁸|keys 1/2 – 1 of 2¹²⁸" {
		t.Errorf("ranges %q", ranges)
	}
	if title := evalJS[string](p, `document.querySelector('[data-shard="shardId-000000000001"] .range').title`); !strings.Contains(title, "170141183460469231731687303715884105728 to 340282366920938463463374607431768211455") {
		t.Errorf("the exact range is not in the title: %q", title)
	}

	// The same name again: AWS's error next to the form, nothing added.
	p.run(
		chromedp.SendKeys(chromedp.CSS("#stream-name"), "trucks"),
		chromedp.Click(chromedp.CSS("#form-create-stream button[type=submit]")),
	)
	p.waitText("#form-create-stream .error", "ResourceInUseException")
	if n := p.count("[data-stream]"); n != 1 {
		t.Errorf("%d stream cards after the refused create", n)
	}

	// Put a record: the answer names the shard MD5 routing gives.
	const key = "truck-42"
	want := shardOf2(key)
	p.run(
		chromedp.SendKeys(chromedp.CSS(card+" .put-key"), key),
		chromedp.SendKeys(chromedp.CSS(card+" .put-data"), `{"lat": 52.52}`),
		chromedp.Click(chromedp.CSS(card+" .put-one")),
	)
	res := p.waitText(card+" .put-result", "landed on")
	if !strings.Contains(res, "“"+key+"” landed on "+want) || !strings.Contains(res, "SequenceNumber") {
		t.Errorf("put result %q, want the key on %s with its sequence number", res, want)
	}
	p.waitText(fmt.Sprintf(`%s [data-shard=%q] .meter-records`, card, want), "1 / 1,000 records/s")
	out, code := p.call("kinesis:DescribeStream", map[string]any{"StreamName": "trucks"})
	if code != "" || !strings.Contains(string(out), `"ShardId": "`+want) && !strings.Contains(string(out), `"ShardId":"`+want) {
		t.Errorf("DescribeStream: %s %s", code, out)
	}

	// Put 100 records: one PutRecords call, spread over both shards.
	p.click(card + " .put-many")
	res = p.waitText(card+" .put-result", "100 records:")
	if !strings.Contains(res, "on shardId-000000000000") || !strings.Contains(res, "on shardId-000000000001") {
		t.Errorf("put many %q", res)
	}
	p.shot("put")

	// Split shard 0 at its midpoint (click the shard, then Split):
	// UPDATING, then three open shards.
	p.click(card + ` [data-shard="shardId-000000000000"] .lane-pick`)
	p.click(card + ` [data-shard="shardId-000000000000"] .split`)
	p.waitText(card+" .stream-status", "UPDATING")
	p.click("#advance-1")
	p.click("#advance-1")
	p.waitText(card+" .stream-status", "ACTIVE")
	p.waitCount(card+" .lane.open", 3)
	got := evalJS[[]string](p, `[...document.querySelectorAll('[data-stream="trucks"] .lane')].map(e => e.dataset.shard + " " + e.querySelector('.range').textContent + " " + e.querySelector('.shard-state').textContent)`)
	wantLanes := []string{
		"shardId-000000000002 keys 0 – 1/4 of 2¹²⁸ open",
		"shardId-000000000003 keys 1/4 – 1/2 of 2¹²⁸ open",
		"shardId-000000000001 keys 1/2 – 1 of 2¹²⁸ open",
		"shardId-000000000000 keys 0 – 1/2 of 2¹²⁸ closed",
	}
	if strings.Join(got, "\n") != strings.Join(wantLanes, "\n") {
		t.Errorf("lanes after the split:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantLanes, "\n"))
	}
	if s := p.text(card + ` [data-shard="shardId-000000000002"] .lineage`); s != "split from shardId-000000000000" {
		t.Errorf("lineage %q", s)
	}
	// The split was the acting principal's call, in the event log.
	ev := evalJS[map[string]any](p, `cloudplay.events().findLast(e => e.op === "kinesis:SplitShard")`)
	if ev == nil || ev["caller"] != rootARN {
		t.Errorf("SplitShard event %v", ev)
	}
	p.shot("split-1280")

	// Acting as Fred, whose only policy is about EC2: the put is refused
	// with AWS's error next to the form, and the shards hold what they held.
	held := p.text(card + ` [data-shard="shardId-000000000001"] .held`)
	p.actAs("arn:aws:iam::123456789012:user/Fred")
	p.click(card + " .put-one")
	p.waitText(card+" .put-record .error", "AccessDeniedException")
	if s := p.text(card + ` [data-shard="shardId-000000000001"] .held`); s != held {
		t.Errorf("after the refused put shard 1 holds %q, before %q", s, held)
	}
	p.actAs(rootARN)

	// A phone: the panel still fits the width.
	p.run(chromedp.EmulateViewport(390, 844))
	p.waitVisible(card + " .lane")
	if w := evalJS[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("at 390 px wide the page scrolls sideways: %d > %d", w[0], w[1])
	}
	p.shot("phone-390")
	p.expectCleanUI()
}

// TestStreamsTab: the full playground has a Streams tab that shows the panel.
func TestStreamsTab(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-streams")
	p.click("#tab-streams")
	p.waitVisible("#panel-streams #form-create-stream")
	if s := p.text("#tab-streams"); s != "Streams" {
		t.Errorf("tab says %q", s)
	}
	p.expectCleanUI()
}

// TestStreamsFlow: the canvas draws records in flight after a put, clicking
// a shard on the canvas and choosing Split makes two child shards (logged
// as kinesis:SplitShard), and at phone width nothing scrolls sideways.
func TestStreamsFlow(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI("#form-create-stream")
	if _, code := p.call("kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 2}); code != "" {
		t.Fatalf("CreateStream: %s", code)
	}
	p.settled(`cloudplay.advance(1)`)
	const card = `[data-stream="gps"]`
	p.waitText(card+" .stream-status", "ACTIVE")
	p.waitVisible(card + " canvas.flow-canvas")
	if n := evalJS[string](p, `document.querySelector('[data-stream="gps"] canvas').dataset.dots`); n != "0" {
		t.Errorf("before any put the canvas draws %s dots", n)
	}

	// 500 records through window.cloudplay, as a script would put them:
	// dots fly (data-dots counts those drawn in the last frame), and the
	// lane labels count the records exactly.
	recs := make([]map[string]any, 500)
	for i := range recs {
		recs[i] = map[string]any{"PartitionKey": fmt.Sprintf("truck-%03d", i%20), "Data": "eyJsYXQiOjUyfQ=="}
	}
	if _, code := p.call("kinesis:PutRecords", map[string]any{"StreamName": "gps", "Records": recs}); code != "" {
		t.Fatalf("PutRecords: %s", code)
	}
	p.run(chromedp.Poll[chromedp.Void](`+document.querySelector('[data-stream="gps"] canvas').dataset.dots > 100`))
	p.shot("flow-1280")
	max := evalJS[int](p, `new Promise(resolve => {
  const c = document.querySelector('[data-stream="gps"] canvas');
  let max = 0, frames = 0;
  const tick = () => { max = Math.max(max, +c.dataset.dots || 0); if (++frames < 90) requestAnimationFrame(tick); else resolve(max); };
  requestAnimationFrame(tick);
})`)
	if max == 0 {
		t.Fatal("no dots were drawn after 500 records were put")
	}
	if max > 2*128 {
		t.Errorf("%d dots for one call on two shards: the sample is not bounded", max)
	}
	// The canvas has coloured pixels where the lanes are.
	if px := evalJS[int](p, `(() => { const c = document.querySelector('[data-stream="gps"] canvas');
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0 && (d[i] !== d[i+1] || d[i+1] !== d[i+2])) n++;
  return n; })()`); px == 0 {
		t.Error("the canvas has no coloured pixels")
	}
	// The dots fly away: the canvas is cleared once they have arrived.
	p.run(chromedp.Poll[chromedp.Void](`document.querySelector('[data-stream="gps"] canvas').dataset.dots === "0"`))

	// Click shard 0's lane on the canvas: its actions open in the list.
	evalJS[float64](p, `(() => { const c = document.querySelector('[data-stream="gps"] canvas'); const r = c.getBoundingClientRect();
  c.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: r.left + r.width * 0.4, clientY: r.top + 22 + 15})); return r.top; })()`)
	p.waitVisible(card + ` [data-shard="shardId-000000000000"] .lane-menu .split`)
	if s := p.text(card + ` [data-shard="shardId-000000000000"] .lane-menu .merge`); s != "Merge with shardId-000000000001" {
		t.Errorf("merge button says %q", s)
	}
	p.click(card + ` [data-shard="shardId-000000000000"] .split`)
	p.waitText(card+" .stream-status", "UPDATING")
	p.settled(`cloudplay.advance(2)`)
	p.waitText(card+" .stream-status", "ACTIVE")
	p.waitCount(card+" .lane.open", 3)
	out, code := p.call("kinesis:ListShards", map[string]any{"StreamName": "gps"})
	if code != "" || strings.Count(string(out), `"ParentShardId"`) != 2 {
		t.Errorf("ListShards after the split: %s %s, want two children of shardId-000000000000", code, out)
	}
	if ev := evalJS[map[string]any](p, `cloudplay.events().findLast(e => e.op === "kinesis:SplitShard")`); ev == nil || ev["error"] != nil {
		t.Errorf("the log's SplitShard event: %v", ev)
	}
	// The canvas now has three lanes: its layout grew.
	if h := evalJS[float64](p, `document.querySelector('[data-stream="gps"] canvas').getBoundingClientRect().height`); h < 22+3*30 {
		t.Errorf("canvas height %v after the split: fewer than three lanes", h)
	}

	// Typing in a stream's form survives the panel's re-renders (the
	// clock's, the log's): the input keeps the focus.
	evalJS[bool](p, `(() => { document.querySelector('[data-stream="gps"] .start-producer input[name=RecordsPerSecond]').focus(); return true; })()`)
	p.settled(`cloudplay.advance(1)`)
	p.settled(`cloudplay.call("kinesis:DescribeStreamSummary", {StreamName: "gps"})`)
	if focused := evalJS[string](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(document.activeElement.name || document.activeElement.tagName))))`); focused != "RecordsPerSecond" {
		t.Errorf("after a re-render the focus is on %q, not the input the learner was typing in", focused)
	}

	// A refused control shows AWS's error next to its form: a shard count
	// more than double the open shards.
	evalJS[bool](p, `(() => { const i = document.querySelector('[data-stream="gps"] .shard-count input');
  i.value = "100"; i.form.querySelector("button").click(); return true; })()`)
	p.waitText(card+" .shard-count .error", "Exception")

	// A phone: the canvas fits, nothing scrolls sideways.
	p.run(chromedp.EmulateViewport(375, 800))
	p.waitVisible(card + " canvas")
	if w := evalJS[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("at 375 px wide the page scrolls sideways: %d > %d", w[0], w[1])
	}
	if _, code := p.call("kinesis:PutRecords", map[string]any{"StreamName": "gps", "Records": recs}); code != "" {
		t.Fatalf("PutRecords: %s", code)
	}
	p.run(chromedp.Poll[chromedp.Void](`+document.querySelector('[data-stream="gps"] canvas').dataset.dots > 0`))
	p.shot("flow-phone-375")
	p.expectCleanUI()
}

// submitForm fills the named inputs of the form sel (selects and text
// fields) and submits it, as a learner does.
func (p *page) submitForm(sel string, values map[string]string) {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	valJSON, _ := json.Marshal(values)
	if err := p.eval(fmt.Sprintf(`(() => { const f = document.querySelector(%s); const v = %s;
  for (const [k, x] of Object.entries(v)) { const e = f.elements.namedItem(k); e.value = x; e.dispatchEvent(new Event("input", {bubbles: true})); }
  f.requestSubmit(); return true; })()`, selJSON, valJSON), nil); err != nil {
		p.t.Fatalf("submitting %s: %v", sel, err)
	}
}

// TestStreamsActorControls drives the producer and consumer controls at
// phone width (375 px) against the real actor operations: a truck fleet
// and a clickstream with a hot key, SetTraffic, a polling consumer whose
// iterator age shows, and Stop; the running actors are listed.
func TestStreamsActorControls(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 375, 800)
	p.waitUI("#form-create-stream")
	p.run(
		chromedp.SendKeys(chromedp.CSS("#stream-name"), "gps"),
		chromedp.Click(chromedp.CSS("#form-create-stream button[type=submit]")),
	)
	const card = `[data-stream="gps"]`
	p.waitText(card+" .stream-status", "CREATING")
	p.click("#advance-1")
	p.waitText(card+" .stream-status", "ACTIVE")
	p.waitText(card+" .no-actors", "No producers or consumers")

	p.submitForm(card+" form.start-producer", map[string]string{"Kind": "TruckFleet", "RecordsPerSecond": "20", "Keys": "20"})
	p.waitVisible(card + ` .actor-row[data-actor="producer-1"]`)
	p.submitForm(card+" form.start-producer", map[string]string{"Kind": "Clickstream", "RecordsPerSecond": "300", "Keys": "50", "HotKeyPercent": "50"})
	p.waitVisible(card + ` .actor-row[data-actor="producer-2"]`)
	p.submitForm(card+" form.start-consumer", map[string]string{"Kind": "Polling"})
	p.waitVisible(card + ` .actor-row[data-actor="consumer-1"]`)
	p.submitForm(card+" form.set-traffic", map[string]string{"ProducerName": "producer-2", "RecordsPerSecond": "600", "HotKeyPercent": "10"})
	p.waitText(card+` [data-actor="producer-2"] .actor-facts`, "600 records/s")
	p.click("#advance-1")
	p.click("#advance-1")
	p.waitText("#streams-now", "00:00:03")

	facts := evalJS[map[string]string](p, `Object.fromEntries([...document.querySelectorAll('[data-stream="gps"] .actor-row')].map(r => [r.dataset.actor, r.querySelector('.actor-facts').textContent]))`)
	if f := facts["producer-1"]; !strings.HasPrefix(f, "20 records/s · 20 keys · ") || !strings.Contains(f, " sent") {
		t.Errorf("the truck fleet's row: %q", f)
	}
	if f := facts["producer-2"]; !strings.HasPrefix(f, "600 records/s · 50 keys · 10% on one hot key · ") {
		t.Errorf("the clickstream's row: %q", f)
	}
	if f := facts["consumer-1"]; !strings.Contains(f, " read · ") || !strings.Contains(f, "iterator age ") {
		t.Errorf("the consumer's row: %q", f)
	}
	if age := evalJS[string](p, `document.querySelector('[data-stream="gps"] [data-actor="consumer-1"]').dataset.age`); age == "" {
		t.Error("the consumer's row has no iterator age")
	}
	// Cross-check with the engine: the same producers, the new rate.
	out, code := p.call("cloudplay:ListActors", map[string]any{})
	if code != "" || !strings.Contains(string(out), `"RecordsPerSecond":600`) || !strings.Contains(string(out), `"HotKeyPercent":10`) {
		t.Errorf("ListActors: %s %s", code, out)
	}

	// Stop the truck fleet from its row.
	p.click(card + ` [data-actor="producer-1"] .actor-stop`)
	p.waitText(card+` [data-actor="producer-1"] .actor-status`, "STOPPED")
	if n := p.count(card + ` [data-actor="producer-1"] .actor-stop`); n != 0 {
		t.Errorf("a stopped producer still offers Stop (%d)", n)
	}
	// A bad value is refused with the engine's error next to its form.
	p.submitForm(card+" form.set-traffic", map[string]string{"ProducerName": "producer-2", "RecordsPerSecond": "0", "HotKeyPercent": ""})
	p.waitText(card+" form.set-traffic .error", "ValidationException")

	if w := evalJS[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("at 375 px wide the page scrolls sideways: %d > %d", w[0], w[1])
	}
	p.shot("actors-phone-375")
	p.expectCleanUI()
}
