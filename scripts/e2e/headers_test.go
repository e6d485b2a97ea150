//go:build e2e

package e2e

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// get fetches url with a plain HTTP client (no redirects followed).
func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

var assetRef = regexp.MustCompile(`(?:src|href|data-wasm)="(assets/[^"]+)"`)

// TestHeaders checks the served headers against what netlify.toml promises:
// CSP allowing WebAssembly and nothing from other origins, framing refused
// except for the embed, long caching only for hashed assets, wasm MIME type.
func TestHeaders(t *testing.T) {
	t.Parallel()
	pages := []struct {
		path       string
		embeddable bool
		wasm       bool
	}{
		{"/", false, true},
		{"/index.html", false, true},
		{"/embed.html", true, true},
		{"/embed.html?panel=account", true, true},
		{"/course-example.html", false, false},
		{"/docs.html", false, false},
	}
	for _, pg := range pages {
		resp, body := get(t, siteURL+pg.path)
		h := resp.Header
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", pg.path, resp.StatusCode)
			continue
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", pg.path, ct)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "style-src 'self'", "connect-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", pg.path, csp, want)
			}
		}
		if got := strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval'"); got != pg.wasm {
			t.Errorf("%s: CSP %q: script-src 'self' 'wasm-unsafe-eval' is %v, want %v", pg.path, csp, got, pg.wasm)
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
			t.Errorf("%s: CSP %q allows inline code or eval", pg.path, csp)
		}
		if pg.embeddable {
			if !strings.Contains(csp, "frame-ancestors *") {
				t.Errorf("%s: CSP %q should allow any frame ancestor", pg.path, csp)
			}
			if xfo := h.Get("X-Frame-Options"); xfo != "" {
				t.Errorf("%s: X-Frame-Options %q on the embeddable page", pg.path, xfo)
			}
		} else {
			if !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: CSP %q should refuse framing", pg.path, csp)
			}
			if xfo := h.Get("X-Frame-Options"); xfo != "DENY" {
				t.Errorf("%s: X-Frame-Options %q, want DENY", pg.path, xfo)
			}
		}
		if cc := h.Get("Cache-Control"); !strings.Contains(cc, "must-revalidate") && !strings.Contains(cc, "no-cache") {
			t.Errorf("%s: Cache-Control %q, want revalidation", pg.path, cc)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy: %v", pg.path, h)
		}

		// Every asset the page names is served, hashed, immutable, and typed.
		for _, m := range assetRef.FindAllSubmatch(body, -1) {
			ref := string(m[1])
			resp, asset := get(t, siteURL+"/"+ref)
			if resp.StatusCode != 200 {
				t.Errorf("%s names %s: status %d", pg.path, ref, resp.StatusCode)
				continue
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control %q", ref, cc)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: no nosniff", ref)
			}
			if !regexp.MustCompile(`\.[0-9a-f]{8}\.[a-z0-9]+$`).MatchString(ref) {
				t.Errorf("%s: not a content-hashed name", ref)
			}
			ct := resp.Header.Get("Content-Type")
			switch filepath.Ext(ref) {
			case ".wasm":
				if ct != "application/wasm" {
					t.Errorf("%s: Content-Type %q, want application/wasm", ref, ct)
				}
				if !bytes.HasPrefix(asset, []byte("\x00asm")) {
					t.Errorf("%s: not WebAssembly", ref)
				}
			case ".js":
				if !strings.HasPrefix(ct, "text/javascript") {
					t.Errorf("%s: Content-Type %q", ref, ct)
				}
			case ".css":
				if !strings.HasPrefix(ct, "text/css") {
					t.Errorf("%s: Content-Type %q", ref, ct)
				}
			}
		}
	}
}

// TestPagesLoadScriptsInOrder checks the pages' script order: flow.js and
// cluster.js (the Streams and Containers panels' canvas renderers, which
// the wasm finds at start), then
// wasm_exec.js, then cloudplay.js with data-wasm naming the hashed wasm, then the policy
// editor, then (embed only) bridge.js; and that no page has inline script or style.
func TestPagesLoadScriptsInOrder(t *testing.T) {
	t.Parallel()
	script := regexp.MustCompile(`<script\b[^>]*\bsrc="assets/([a-z_-]+)\.[0-9a-f]{8}\.js"[^>]*>`)
	for _, tt := range []struct {
		page string
		want []string
	}{
		{"index.html", []string{"flow", "cluster", "wasm_exec", "cloudplay", "editor"}},
		{"embed.html", []string{"flow", "cluster", "wasm_exec", "cloudplay", "editor", "bridge"}},
		{"course-example.html", []string{"course-example"}},
		{"docs.html", nil},
	} {
		b, err := os.ReadFile(filepath.Join(distDir, tt.page))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range script.FindAllSubmatch(b, -1) {
			got = append(got, string(m[1]))
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s loads %v, want %v", tt.page, got, tt.want)
		}
		if tt.page != "course-example.html" && tt.page != "docs.html" {
			if !regexp.MustCompile(`<script\b[^>]*src="assets/cloudplay\.[0-9a-f]{8}\.js"[^>]*data-wasm="assets/app\.[0-9a-f]{8}\.wasm"`).Match(b) {
				t.Errorf("%s: cloudplay.js does not carry data-wasm with the hashed wasm", tt.page)
			}
			if !regexp.MustCompile(`<div id="app">[^<]*<[^>]*>Loading cloudplay…`).Match(b) {
				t.Errorf("%s: #app lacks the loading text", tt.page)
			}
		}
		if regexp.MustCompile(`(?i)<script>|<style|\sstyle=|\son[a-z]+=`).Match(b) {
			t.Errorf("%s: inline script or style", tt.page)
		}
	}
}
