//go:build !js

// Command bench measures the built site: what a learner downloads (each file
// of dist/ raw, gzip -9 and brotli quality 11, and the total, compared with
// the size budget when -budget names it), and how long
// the playground takes from navigation to cloudplay.ready in headless
// Chromium (median of several cold loads, each in a fresh browser context,
// served on loopback by the same handler as make serve, with netlify.toml's
// headers).
//
// Then it measures frame times: for each scene of scenes.go (or one given
// with -frames-path), a requestAnimationFrame loop records how long frames
// take while the page animates (median, 95th percentile, frames per second).
//
// Usage (make bench runs it after make build):
//
//	go run ./scripts/bench -dir dist -config netlify.toml -budget site-budget.json -runs 7
//	go run ./scripts/bench -frames-only -frames-path '/embed.html?panel=streams' \
//		-frames-setup 'async () => document.querySelector("#play").click()'
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/chromedp/chromedp"

	"cloudplay/scripts/internal/browser"
	"cloudplay/scripts/internal/budget"
	"cloudplay/scripts/internal/site"
)

func main() {
	dir := flag.String("dir", "dist", "the built site")
	config := flag.String("config", "netlify.toml", "the Netlify configuration whose [[headers]] to apply")
	runs := flag.Int("runs", 7, "page loads to time")
	path := flag.String("path", "/", "the page to time")
	noBrowser := flag.Bool("nobrowser", false, "only measure sizes")
	budgetFile := flag.String("budget", "", "the size budget (site-budget.json) to compare the site with")
	fr := frameFlagsVar()
	flag.Parse()
	log.SetFlags(0)

	if !fr.only {
		m, err := sizes(*dir)
		if err != nil {
			log.Fatal("bench: ", err)
		}
		if *budgetFile != "" {
			if err := compareBudget(m, *budgetFile); err != nil {
				log.Fatal("bench: ", err)
			}
		}
	}
	if *noBrowser {
		return
	}
	c, err := site.Load(*config)
	if err != nil {
		log.Fatal("bench: ", err)
	}
	if err := browserBench(*dir, c, *path, *runs, fr); err != nil {
		log.Fatal("bench: ", err)
	}
}

// browserBench serves dir on loopback, starts headless Chromium, and times
// loads, operations in the page and frames.
func browserBench(dir string, c *site.Config, path string, runs int, fr *frameFlags) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: site.Handler(dir, c), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	bctx, cancel, err := browser.Start(context.Background())
	if err != nil {
		return err
	}
	defer cancel()

	if !fr.only {
		if err := timeReady(bctx, base+path, path, runs); err != nil {
			return err
		}
		if err := timeOperations(bctx, base+path); err != nil {
			return err
		}
	}
	return timeFrames(bctx, base, fr)
}

// sizes prints each file's raw, gzip -9 and brotli q11 size, and the totals,
// and returns the brotli measurement (the budget's figures).
func sizes(dir string) (budget.Measurement, error) {
	m, err := budget.Measure(dir)
	if err != nil {
		return budget.Measurement{}, err
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "raw\tgzip -9\tbrotli 11\t file\t")
	var tgz int
	for _, f := range m.Files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return budget.Measurement{}, err
		}
		gz, err := gzipSize(b)
		if err != nil {
			return budget.Measurement{}, err
		}
		fmt.Fprintf(w, "%d\t%d\t%d\t %s\t\n", f.Raw, gz, f.Brotli, f.Path)
		tgz += gz
	}
	fmt.Fprintf(w, "%d\t%d\t%d\t total\t\n", m.Raw, tgz, m.Brotli)
	if err := w.Flush(); err != nil {
		return budget.Measurement{}, err
	}
	fmt.Printf("site transfer size: %.2f MB raw, %.0f KB gzip, %.0f KB brotli\n\n",
		float64(m.Raw)/1e6, float64(tgz)/1e3, float64(m.Brotli)/1e3)
	return m, nil
}

// compareBudget prints the site's brotli size against the budget file (the
// same figures as make test's test-budget), and what breaks it.
func compareBudget(m budget.Measurement, file string) error {
	b, err := budget.Load(file)
	if err != nil {
		return err
	}
	fmt.Printf("size budget (%s):\n%s", file, b.Report(m))
	for _, p := range b.Check(m) {
		fmt.Printf("  OVER BUDGET: %s\n", p)
	}
	fmt.Println()
	return nil
}

func gzipSize(b []byte) (int, error) {
	var g bytes.Buffer
	gw, err := gzip.NewWriterLevel(&g, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := gw.Write(b); err != nil {
		return 0, err
	}
	if err := gw.Close(); err != nil {
		return 0, err
	}
	return g.Len(), nil
}

// timeReady loads the page runs times, each in a fresh browser context (an
// empty cache), and prints the time from navigation start to the
// "cloudplay:ready" performance mark that cloudplay.js sets.
func timeReady(bctx context.Context, url, path string, runs int) error {
	var times []float64
	for i := range runs {
		ms, err := loadOnce(bctx, url)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		times = append(times, ms)
	}
	slices.Sort(times)
	fmt.Printf("navigation to cloudplay.ready (%s, %d cold loads): median %.0f ms, min %.0f ms, max %.0f ms\n",
		path, runs, times[len(times)/2], times[0], times[len(times)-1])
	return nil
}

// operationsJS times, in the page, what the IAM issues set targets for:
// decisions per second through iam:SimulateCustomPolicy pages of 1,000
// results (each with its Trace), and access-analyzer:ValidatePolicy on a
// 100-line policy (the first call includes fetching and parsing the
// catalog; then the median of 21 calls, as the editor validates while you
// type).
const operationsJS = `(async () => {
  await cloudplay.ready;
  const policy = JSON.stringify({Version: "2012-10-17", Statement: [
    {Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "arn:aws:s3:::data-*"},
    {Effect: "Deny", Action: "s3:*", Resource: "*", Condition: {NotIpAddress: {"aws:SourceIp": "203.0.113.0/24"}}},
    {Effect: "Allow", Action: "kinesis:PutRecord", Resource: "*"}]});
  const verbs = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kinesis:PutRecord", "iam:CreateUser"];
  const sim = {PolicyInputList: [policy], ActionNames: Array.from({length: 1000}, (_, i) => verbs[i % verbs.length]),
    ResourceArns: ["arn:aws:s3:::data-1/k"], MaxItems: 1000,
    ContextEntries: [{ContextKeyName: "aws:SourceIp", ContextKeyValues: ["203.0.113.9"], ContextKeyType: "ip"}]};
  await cloudplay.call("iam:SimulateCustomPolicy", sim);
  let t0 = performance.now(), n = 0;
  for (let r = 0; r < 5; r++) n += (await cloudplay.call("iam:SimulateCustomPolicy", sim)).EvaluationResults.length;
  const simMs = performance.now() - t0;
  const stmts = [];
  for (let i = 0; i < 12; i++) stmts.push({Sid: "S" + i, Effect: i % 4 ? "Allow" : "Deny",
    Action: ["s3:GetObject", "s3:PutObjekt", "kinesis:PutRecord"], Resource: "arn:aws:s3:::bucket-" + i + "/*",
    Condition: {IpAddress: {"aws:SourceIp": "203.0.113.0/24"}}});
  const doc = JSON.stringify({Version: "2012-10-17", Statement: stmts}, null, 2);
  const val = {policyType: "IDENTITY_POLICY", policyDocument: doc};
  t0 = performance.now();
  await cloudplay.call("access-analyzer:ValidatePolicy", val);
  const first = performance.now() - t0;
  const ts = [];
  for (let i = 0; i < 21; i++) { t0 = performance.now(); await cloudplay.call("access-analyzer:ValidatePolicy", val); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  return {decisions: n, simMs, lines: doc.split("\n").length, first, median: ts[10]};
})()`

// timeOperations runs operationsJS in one page and prints what it measured.
func timeOperations(bctx context.Context, url string) error {
	tab, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, 5*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Decisions     int
		SimMs         float64
		Lines         int
		First, Median float64
	}](operationsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("timing operations in the page: %w", err)
	}
	fmt.Printf("iam:SimulateCustomPolicy in the page, pages of 1,000 results with traces: %d decisions in %.0f ms = %.0f decisions/s\n",
		r.Decisions, r.SimMs, float64(r.Decisions)/(r.SimMs/1000))
	fmt.Printf("access-analyzer:ValidatePolicy on a %d-line policy in the page: first call (fetches and parses the catalog) %.0f ms, then median %.1f ms\n",
		r.Lines, r.First, r.Median)
	return nil
}

func loadOnce(bctx context.Context, url string) (float64, error) {
	tab, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`cloudplay.ready.then(() => {
		const at = {};
		for (const m of performance.getEntriesByType("mark")) at[m.name.replace("cloudplay:", "")] = m.startTime;
		for (const r of performance.getEntriesByType("resource")) if (r.name.endsWith(".wasm")) at["wasm-fetched"] = r.responseEnd;
		if (!("ready" in at)) at.ready = performance.now();
		return at;
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, err
	}
	fmt.Printf("  load: wasm fetched %4.0f ms, instantiated %4.0f, Go main %4.0f, scenario loaded %4.0f, first render %4.0f, ready %4.0f\n",
		marks["wasm-fetched"], marks["instantiated"], marks["go-main"], marks["scenario-loaded"], marks["rendered"], marks["ready"])
	return marks["ready"], nil
}
