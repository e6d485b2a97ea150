//go:build e2e

package e2e

// The Streams panel's Firehose section in Chromium, driven as a learner
// drives it: create a delivery stream into a bucket through the form, put
// records, advance the clock past the buffer interval and read the object
// that lands; and a delivery its role may not make, the banner with AWS's
// error, and the fix through window.cloudplay delivering on the next
// retry.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	fhBucket = "monthly-report"
	fhRole   = "firehose-delivery"
	fhTrust  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	// fhCanPut lets the role write the bucket's objects; fhCannot does not.
	fhCanPut  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::monthly-report/*"}]}`
	fhCannot  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	fhRoleARN = "arn:aws:iam::123456789012:role/" + fhRole
)

// fhSetup makes the bucket and the role (its policy is policy) through
// window.cloudplay, as a scenario would.
func (p *page) fhSetup(policy string) {
	p.t.Helper()
	for _, c := range []struct {
		op string
		in map[string]any
	}{
		{"s3:CreateBucket", map[string]any{"Bucket": fhBucket}},
		{"iam:CreateRole", map[string]any{"RoleName": fhRole, "AssumeRolePolicyDocument": fhTrust}},
		{"iam:PutRolePolicy", map[string]any{"RoleName": fhRole, "PolicyName": "delivery", "PolicyDocument": policy}},
	} {
		if out, code := p.call(c.op, c.in); code != "" {
			p.t.Fatalf("%s: %s %s", c.op, code, out)
		}
	}
}

// fhCreate fills the create form and submits it.
func (p *page) fhCreate(name, sizeMB, intervalS string) {
	p.t.Helper()
	p.waitCount(`#fh-create-bucket option[value="arn:aws:s3:::`+fhBucket+`"]`, 1)
	p.waitCount(`#fh-create-role option[value="`+fhRoleARN+`"]`, 1)
	p.choose("#fh-create-bucket", "arn:aws:s3:::"+fhBucket)
	p.choose("#fh-create-role", fhRoleARN)
	p.fill("#fh-create-size", sizeMB)
	p.fill("#fh-create-interval", intervalS)
	p.run(
		chromedp.SendKeys(chromedp.CSS("#fh-create-name"), name),
		chromedp.Click(chromedp.CSS("#form-create-firehose button[type=submit]")),
	)
}

// fhPut types text into the stream's test record field and puts it.
func (p *page) fhPut(card, text string) {
	p.t.Helper()
	p.fill(card+" .fh-put-data", text)
	p.click(card + " .fh-put-one")
	p.waitText(card+" .fh-put-result", "Put "+strconv.Itoa(len(text))+" B")
}

// TestFirehoseDeliversToS3: through the UI, a Direct PUT delivery stream
// (1 MiB, 60 s) takes two records; after 60 simulated seconds one object
// lands with AWS's default key (the UTC hour of the oldest record, then
// <stream>-<version>-<date-time>-<id>) and the two records back to back.
func TestFirehoseDeliversToS3(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI("#form-create-firehose")
	p.waitText(".fh-none", "No delivery streams yet")
	p.fhSetup(fhCanPut)

	p.fhCreate("report", "1", "60")
	const card = `[data-delivery-stream="report"]`
	p.waitText(card+" .fh-status", "CREATING")
	p.waitCount(".fh-none", 0)
	if s := p.text(card + " .fh-route"); !strings.Contains(s, "Direct PUT") || !strings.Contains(s, "s3://"+fhBucket+"/YYYY/MM/dd/HH/ (default)") ||
		!strings.Contains(s, "as role "+fhRole) {
		t.Errorf("route %q", s)
	}

	// The same name again: AWS's error next to the form, which keeps
	// everything typed.
	p.run(
		chromedp.SendKeys(chromedp.CSS("#fh-create-name"), "report"),
		chromedp.Click(chromedp.CSS("#form-create-firehose button[type=submit]")),
	)
	p.waitText("#form-create-firehose .error", "ResourceInUseException")
	if v := evalJS[[]string](p, `["#fh-create-name", "#fh-create-size", "#fh-create-interval", "#fh-create-bucket"].map(s => document.querySelector(s).value)`); strings.Join(v, "|") != "report|1|60|arn:aws:s3:::"+fhBucket {
		t.Errorf("after the refusal the form holds %q", v)
	}
	if n := p.count("[data-delivery-stream]"); n != 1 {
		t.Errorf("%d delivery streams after the refused create", n)
	}

	for p.text(card+" .fh-status") != "ACTIVE" {
		p.click("#advance-1")
		time.Sleep(50 * time.Millisecond)
	}
	putAt := p.simNow()
	p.fhPut(card, `{"truck":7}`)
	p.fhPut(card, `{"truck":8}`)
	p.waitText(card+" .fh-held", "2 records buffered")
	p.waitText(card+" .fh-size-text", "22 B of 1 MiB")
	if s := p.text(card + " .fh-buffer-facts"); !strings.Contains(s, "flushes when either fills: 1 MiB or 1 min") {
		t.Errorf("buffer facts %q", s)
	}
	// The time since the oldest record, against the interval.
	p.click("#advance-10")
	p.waitText(card+" .fh-interval-text", "10 s of 1 min")
	p.shot("firehose-buffer")

	// Past the interval: one object, the records concatenated.
	for i := 0; i < 5 && p.count(card+" .fh-tile") == 0; i++ {
		p.click("#advance-10")
		time.Sleep(50 * time.Millisecond)
	}
	p.waitCount(card+" .fh-tile", 1)
	// It lands (drawn so in the render of its ObjectDelivered event).
	if n := p.count(card + " .fh-tile.landed"); n != 1 {
		t.Errorf("%d tiles drawn landing", n)
	}
	key := evalJS[string](p, `document.querySelector('[data-delivery-stream="report"] .fh-tile').dataset.key`)
	prefix := time.UnixMilli(putAt).UTC().Format("2006/01/02/15/")
	keyRE := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `report-1-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9a-f-]+$`)
	if !keyRE.MatchString(key) {
		t.Errorf("object key %q, want %s", key, keyRE)
	}
	p.waitText(card+" .fh-delivered", "1 object · 2 records · 22 B")
	p.waitText(card+" .fh-held", "0 records buffered")

	p.click(card + " .fh-tile")
	p.waitText(card+" .fh-object-key", key)
	if body := p.text(card + " .fh-body"); body != `{"truck":7}{"truck":8}` {
		t.Errorf("body %q", body)
	}
	if recs := evalJS[[]string](p, `[...document.querySelectorAll('[data-delivery-stream="report"] .fh-record')].map(e => e.textContent)`); strings.Join(recs, "|") != `{"truck":7}|{"truck":8}` {
		t.Errorf("records %q", recs)
	}
	if s := p.text(card + " .fh-body-note"); !strings.Contains(s, "no delimiter") {
		t.Errorf("note %q", s)
	}
	// The read was s3:GetObject by the acting principal, in the log.
	if ev := evalJS[map[string]any](p, `cloudplay.events().findLast(e => e.op === "s3:GetObject")`); ev == nil || ev["caller"] != rootARN {
		t.Errorf("GetObject event %v", ev)
	}
	p.audit("firehose with an object open")
	p.run(chromedp.ScrollIntoView(chromedp.CSS(card + " .fh-object")))
	p.shot("firehose-object-1280")

	// As Fred, whose only policy is about EC2: the read is refused with
	// the trace of the denial under the tiles.
	p.click(card + " .fh-tile") // close
	p.waitCount(card+" .fh-object", 0)
	p.actAs("arn:aws:iam::123456789012:user/Fred")
	p.click(card + " .fh-tile")
	p.waitText(card+" .fh-objects .error", "AccessDenied")
	p.waitCount(card+" .fh-objects .error .refusal-trace", 1)
	p.actAs(rootARN)

	// A phone: the section fits the width.
	p.run(chromedp.EmulateViewport(375, 812))
	p.waitVisible(card + " .fh-tile")
	if w := evalJS[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		wide := evalJS[[]string](p, `[...document.querySelectorAll('#firehose *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + "." + e.className).slice(0, 8)`)
		t.Errorf("at 375 px wide the page scrolls sideways: %d > %d; wider than the page: %q", w[0], w[1], wide)
	}
	p.run(chromedp.ScrollIntoView(chromedp.CSS(card)))
	p.shot("firehose-375")

	// Delete: the card goes.
	p.run(chromedp.EmulateViewport(1280, 900))
	p.click(card + " .fh-delete")
	for i := 0; i < 20 && p.count(card) > 0; i++ {
		p.click("#advance-1")
		time.Sleep(50 * time.Millisecond)
	}
	p.waitCount(card, 0)
	p.expectCleanConsole()
}

// TestFirehoseDeniedThenFixed: the role may not write the bucket. The
// banner shows AccessDenied with its attempts and the data's growing
// age; "Fix the role's policy" opens the role in the IAM panel; once the
// role's policy is fixed (through window.cloudplay) the next retry
// delivers.
func TestFirehoseDeniedThenFixed(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 900)
	p.waitUI("#tab-streams")
	p.click("#tab-streams")
	p.waitVisible("#form-create-firehose")
	p.fhSetup(fhCannot)
	p.fhCreate("denied", "1", "0")
	const card = `[data-delivery-stream="denied"]`
	for p.text(card+" .fh-status") != "ACTIVE" {
		p.click("#advance-1")
		time.Sleep(50 * time.Millisecond)
	}
	p.fhPut(card, "hello\n")
	p.click("#advance-1")
	p.waitText(card+" .fh-failure .error-code", "AccessDenied")
	if s := p.text(card + " .fh-failure"); !strings.Contains(s, "s3:PutObject") || !strings.Contains(s, "attempt") ||
		!strings.Contains(s, "next retry") || !strings.Contains(s, "is lost: Firehose retries for 24 hours") {
		t.Errorf("banner %q", s)
	}
	age1 := p.text(card + " .fh-age")
	p.click("#advance-10")
	p.waitJS("the data's age to grow", `document.querySelector('[data-delivery-stream="denied"] .fh-age').textContent !== `+jsString(age1))
	if n := p.count(card + " .fh-tile"); n != 0 {
		t.Errorf("%d objects delivered by a role that may not write", n)
	}
	p.audit("firehose with a failing delivery")
	p.shot("firehose-denied")

	// The button opens the role in the IAM panel.
	p.click(card + " .fh-fix")
	p.waitVisible(`.iam-principal.selected[data-principal="role/` + fhRole + `"]`)
	p.click("#tab-streams")
	p.waitVisible(card + " .fh-failure")

	// Fixed through window.cloudplay: the next retry delivers.
	if out, code := p.call("iam:PutRolePolicy", map[string]any{"RoleName": fhRole, "PolicyName": "delivery", "PolicyDocument": fhCanPut}); code != "" {
		t.Fatalf("PutRolePolicy: %s %s", code, out)
	}
	p.click("#advance-10")
	p.waitCount(card+" .fh-tile", 1)
	p.waitCount(card+" .fh-failure", 0)
	p.waitText(card+" .fh-delivered", "1 object · 1 record · 6 B")
	p.expectCleanConsole()
}

// TestFirehoseFromKinesis: a delivery stream reading a Kinesis stream
// (chosen in the form's Source) takes the record put on the stream's card
// and delivers it after its interval.
func TestFirehoseFromKinesis(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI("#form-create-firehose")
	p.fhSetup(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","kinesis:DescribeStream","kinesis:ListShards","kinesis:GetShardIterator","kinesis:GetRecords"],"Resource":"*"}]}`)
	if out, code := p.call("kinesis:CreateStream", map[string]any{"StreamName": "trucks", "ShardCount": 1}); code != "" {
		t.Fatalf("CreateStream: %s %s", code, out)
	}
	p.click("#advance-1")
	const streamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/trucks"
	p.waitCount(`#fh-create-source option[value="`+streamARN+`"]`, 1)
	p.choose("#fh-create-source", streamARN)
	p.fhCreate("from-trucks", "1", "60")
	const card = `[data-delivery-stream="from-trucks"]`
	p.waitText(card+" .fh-route", "Kinesis stream trucks")
	for p.text(card+" .fh-status") != "ACTIVE" {
		p.click("#advance-1")
		time.Sleep(50 * time.Millisecond)
	}
	p.click("#advance-1") // the first read takes the stream's LATEST position
	// No test-record form on a delivery stream with a Kinesis source
	// (Firehose refuses PutRecord there): the card says where records come from.
	p.waitText(card+" .fh-put-source", "Records come from the Kinesis stream trucks")
	if n := p.count(card + " .fh-put-data"); n != 0 {
		t.Errorf("a Kinesis-source delivery stream offers %d test-record fields", n)
	}

	p.run(
		chromedp.SendKeys(chromedp.CSS(`[data-stream="trucks"] .put-key`), "truck-7"),
		chromedp.SendKeys(chromedp.CSS(`[data-stream="trucks"] .put-data`), `{"km":412}`),
		chromedp.Click(chromedp.CSS(`[data-stream="trucks"] .put-one`)),
	)
	p.waitText(`[data-stream="trucks"] .put-result`, "landed on")
	p.click("#advance-1")
	p.waitText(card+" .fh-held", "1 record buffered")
	for i := 0; i < 7 && p.count(card+" .fh-tile") == 0; i++ {
		p.click("#advance-10")
		time.Sleep(50 * time.Millisecond)
	}
	p.waitCount(card+" .fh-tile", 1)
	p.click(card + " .fh-tile")
	p.waitText(card+" .fh-body", `{"km":412}`)
	p.run(chromedp.ScrollIntoView(chromedp.CSS(`[data-stream="trucks"] .flow`)))
	p.shot("firehose-kinesis-source")
	p.expectCleanConsole()
}

// TestFirehoseDeniedScenario: the built-in scenario "Firehose denied by
// its role" opens on the Streams panel; once the clock runs past the
// interval the banner shows AccessDenied, and its button opens the role
// in the IAM panel, where the fix is made.
func TestFirehoseDeniedScenario(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 900)
	p.waitUI("#scenario-picker")
	if err := p.eval(`(() => { const s = document.querySelector("#scenario-picker"); s.value = "firehose-denied"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	const card = `[data-delivery-stream="monthly-report"]`
	p.waitVisible(card)
	if s := p.text(card + " .fh-route"); !strings.Contains(s, "Kinesis stream truck-gps") || !strings.Contains(s, "s3://truck-reports/") {
		t.Errorf("route %q", s)
	}
	for i := 0; i < 12 && p.count(card+" .fh-failure") == 0; i++ {
		p.click("#advance-10")
		time.Sleep(50 * time.Millisecond)
	}
	p.waitText(card+" .fh-failure .error-code", "AccessDenied")
	p.run(chromedp.ScrollIntoView(chromedp.CSS(card)))
	p.shot("firehose-scenario-denied-1280")
	p.run(chromedp.EmulateViewport(375, 812))
	p.run(chromedp.ScrollIntoView(chromedp.CSS(card + " .fh-failure")))
	p.shot("firehose-scenario-denied-375")
	// The section fits (the page's "Undo" banner about the opened
	// scenario is not the section's).
	if wide := evalJS[[]string](p, `[...document.querySelectorAll('#firehose *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + "." + e.className).slice(0, 8)`); len(wide) > 0 {
		t.Errorf("at 375 px wide these are wider than the page: %q", wide)
	}
	p.run(chromedp.EmulateViewport(1280, 900))
	p.click(card + " .fh-fix")
	p.waitVisible(`.iam-principal.selected[data-principal="role/firehose-delivery-role"]`)
	p.expectCleanConsole()
}
