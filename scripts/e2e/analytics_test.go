//go:build e2e

package e2e

// The Analytics section of the Streams panel in Chromium: the
// delayed-trucks scenario's application runs and its rows (only the two
// delayed trucks) appear live in the table; a SQL error in the create
// form is shown at its line and column while the form keeps the learner's
// code; all at phone width too.

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestAnalyticsDelayedTrucks(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 900)
	p.waitUI("#scenario-picker")
	if err := p.eval(`(() => { const s = document.querySelector("#scenario-picker"); s.value = "analytics-delayed-trucks"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	const app = `[data-stream="truck-gps"] .analytics-app[data-app="slow-trucks"]`
	p.waitText(app+" .analytics-status", "RUNNING")
	p.waitText(`[data-stream="truck-gps"] .analytics-retired`, "Amazon Managed Service for Apache Flink")
	p.run(chromedp.Poll[chromedp.Void](`document.querySelectorAll('` + app + ` .analytics-table tbody tr').length >= 10`))
	rows := evalJS[[]string](p, `[...document.querySelectorAll('`+app+` .analytics-table tbody tr td:nth-child(2)')].map(td => td.textContent)`)
	for _, r := range rows {
		if r != "truck-001" && r != "truck-002" {
			t.Fatalf("rows of %q in the delayed trucks' table", rows)
		}
	}
	// Live: advancing the clock adds rows.
	before := p.text(app + " caption")
	p.click("#advance-10")
	p.run(chromedp.Poll[chromedp.Void](`!document.querySelector('` + app + ` caption').textContent.includes(` + "`" + before + "`" + `)`))
	p.run(chromedp.ScrollIntoView(chromedp.CSS(app)))
	p.shot("analytics-running")
	p.click(`[data-stream="truck-gps"] .analytics-create summary`)
	p.click(app + " .analytics-code summary")
	p.audit("streams with an analytics application running, its code and the create form open")

	// Stop, then READY with a Start form.
	p.click(app + " .analytics-stop")
	p.waitText(app+" .analytics-status", "STOPPING")
	p.click("#advance-1")
	p.waitText(app+" .analytics-status", "READY")
	p.expectCleanUI()
}

func TestAnalyticsSQLErrorAtLineAndColumn(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 375, 800)
	p.waitUI("#scenario-picker")
	if err := p.eval(`(() => { const s = document.querySelector("#scenario-picker"); s.value = "analytics-delayed-trucks"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	const sec = `[data-stream="truck-gps"] .analytics`
	p.waitVisible(sec + " .analytics-create summary")
	p.click(sec + " .analytics-create summary")
	bad := "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (truck VARCHAR(16));\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\nSELEC STREAM \"truck\" FROM \"SOURCE_SQL_STREAM_001\";"
	p.submitForm(sec+" .analytics-create form", map[string]string{"ApplicationName": "broken", "ApplicationCode": bad,
		"RoleARN": "arn:aws:iam::123456789012:role/AnalyticsRole"})
	p.waitText(sec+" .analytics-create .error-code", "CodeValidationException")
	p.waitText(sec+" .analytics-create .error-message", "line 3, column 1")
	p.waitText(sec+" pre.analytics-sql-error", "line 3: SELEC STREAM")
	if got := evalJS[string](p, `document.querySelector('`+sec+` textarea[name=ApplicationCode]').value`); got != bad {
		t.Fatalf("the form lost the learner's code: %q", got)
	}
	if n := evalJS[int](p, `document.querySelectorAll('[data-app="broken"]').length`); n != 0 {
		t.Fatal("a refused application is listed")
	}
	// The section fits the phone's width: its tables and code scroll
	// inside their own boxes.
	if w := evalJS[[]int](p, `(() => { const s = document.querySelector('`+sec+`'); return [Math.round(s.getBoundingClientRect().right), s.scrollWidth, s.clientWidth]; })()`); w[0] > 375 || w[1] > w[2] {
		t.Errorf("the Analytics section's right edge, scroll and client widths at 375 px: %v", w)
	}
	p.audit("analytics create form with a SQL error")
	p.run(chromedp.ScrollIntoView(chromedp.CSS(sec + " pre.analytics-sql-error")))
	p.shot("analytics-sql-error-375")
	if !strings.Contains(p.text(sec+" .analytics-retired"), "retired by AWS") {
		t.Error("no retired label")
	}
}

// The popular product: the open window and its progress show, and after
// the change /products/7 tops the window's rows.
func TestAnalyticsPopularProductWindow(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 900)
	p.waitUI("#scenario-picker")
	if err := p.eval(`(() => { const s = document.querySelector("#scenario-picker"); s.value = "analytics-popular-product"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil); err != nil {
		t.Fatal(err)
	}
	const app = `[data-stream="clicks"] .analytics-app[data-app="page-counts"]`
	p.waitText(app+" .analytics-status", "RUNNING")
	p.waitText(app+" .analytics-window", "window 00:00:50 → 00:01:00")
	if v := evalJS[float64](p, `document.querySelector('`+app+` .analytics-window meter').value`); v != 60 {
		t.Errorf("window progress %v at 56 s of [50 s, 60 s), want 60", v)
	}
	// The latest window's rows (ROWTIME 00:00:40, its start): the popular
	// page has the most clicks.
	rows := evalJS[[][]string](p, `[...document.querySelectorAll('`+app+` .analytics-table tbody tr')].map(tr => [...tr.children].map(td => td.textContent)).filter(r => r[0] === "00:00:40")`)
	top, most := "", 0
	for _, r := range rows {
		if n, _ := strconv.Atoi(r[2]); n > most {
			top, most = r[1], n
		}
	}
	if top != "/products/7" || most < 300 {
		t.Errorf("the window's top page is %s with %d clicks: %v", top, most, rows)
	}
	p.run(chromedp.ScrollIntoView(chromedp.CSS(app)))
	p.shot("analytics-popular-window")
	p.expectCleanUI()
}

// An application whose input is a Firehose delivery stream is listed on
// that delivery stream's card in the Firehose section (not on a Kinesis
// stream's), with its rows, all made through window.cloudplay.
func TestAnalyticsOnFirehoseCard(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=streams", 1280, 900)
	p.waitUI(".fh-section, #panel-streams, .streams")
	role := "arn:aws:iam::123456789012:role/pipeline"
	steps := []struct {
		op string
		in any
	}{
		{"s3:CreateBucket", map[string]any{"Bucket": "clicks-archive"}},
		{"iam:CreateRole", map[string]any{"RoleName": "pipeline", "AssumeRolePolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["firehose.amazonaws.com","kinesisanalytics.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`}},
		{"iam:PutRolePolicy", map[string]any{"RoleName": "pipeline", "PolicyName": "p", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["firehose:*","s3:PutObject"],"Resource":"*"}]}`}},
		{"firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "clicks-in", "DeliveryStreamType": "DirectPut",
			"ExtendedS3DestinationConfiguration": map[string]any{"RoleARN": role, "BucketARN": "arn:aws:s3:::clicks-archive"}}},
	}
	for _, s := range steps {
		if _, code := p.call(s.op, s.in); code != "" {
			t.Fatalf("%s: %s", s.op, code)
		}
	}
	if r := p.settled("cloudplay.advance(6)"); !r.OK {
		t.Fatalf("advance: %s", r.Msg)
	}
	if _, code := p.call("kinesisanalytics:CreateApplication", map[string]any{"ApplicationName": "from-firehose",
		"ApplicationCode": `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32));
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "page" FROM "SOURCE_SQL_STREAM_001";`,
		"Inputs": []any{map[string]any{"NamePrefix": "SOURCE_SQL_STREAM",
			"KinesisFirehoseInput": map[string]any{"ResourceARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks-in", "RoleARN": role},
			"InputSchema": map[string]any{"RecordFormat": map[string]any{"RecordFormatType": "JSON"},
				"RecordColumns": []any{map[string]any{"Name": "page", "Mapping": "$.page", "SqlType": "VARCHAR(32)"}}}}}}); code != "" {
		t.Fatalf("CreateApplication: %s", code)
	}
	if _, code := p.call("kinesisanalytics:StartApplication", map[string]any{"ApplicationName": "from-firehose", "InputConfigurations": []any{
		map[string]any{"Id": "1.1", "InputStartingPositionConfiguration": map[string]any{"InputStartingPosition": "TRIM_HORIZON"}}}}); code != "" {
		t.Fatalf("StartApplication: %s", code)
	}
	if _, code := p.call("firehose:PutRecord", map[string]any{"DeliveryStreamName": "clicks-in", "Record": map[string]any{"Data": "eyJwYWdlIjoiL3Byb2R1Y3RzLzcifQ=="}}); code != "" {
		t.Fatalf("PutRecord: %s", code)
	}
	if r := p.settled("cloudplay.advance(5)"); !r.OK {
		t.Fatalf("advance: %s", r.Msg)
	}
	const app = `[data-delivery-stream="clicks-in"] .analytics-app[data-app="from-firehose"]`
	p.waitText(app+" .analytics-status", "RUNNING")
	p.run(chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('` + app + ` .analytics-table tbody td')].some(td => td.textContent === "/products/7")`))
	p.run(chromedp.ScrollIntoView(chromedp.CSS(app)))
	p.shot("analytics-on-firehose")
	p.audit("a delivery stream's card with the Analytics application reading it")
	p.expectCleanUI()
}
