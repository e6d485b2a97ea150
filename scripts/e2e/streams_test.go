//go:build e2e

package e2e

// The Streams panel in Chromium, driven as a learner drives it: create a
// stream, advance the simulated clock, put a record and see the shard MD5
// routing gives, split a shard and see the three open shards.

import (
	"crypto/md5"
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

	// Split shard 0 at its midpoint: UPDATING, then three open shards.
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
