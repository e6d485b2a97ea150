package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/embed.html", true},
		{"/*", "/assets/app.12345678.wasm", true},
		{"/", "/", true},
		{"/", "/index.html", false},
		{"/embed.html", "/embed.html", true},
		{"/embed.html", "/embed.htm", false},
		{"/embed.html", "/x/embed.html", false},
		{"/assets/*", "/assets/app.1.wasm", true},
		{"/assets/*", "/assets/img/x.png", true},
		{"/assets/*", "/assets", true},
		{"/assets/*", "/assetsx", false},
		{"/assets/*", "/", false},
		{"/:lang/index.html", "/en/index.html", true},
		{"/:lang/index.html", "/index.html", false},
		{"/:lang/*", "/en/a/b", true},
		{"/:lang/*", "/en", true},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.path); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{"relative", "[[headers]]\nfor = \"x\"\n[headers.values]\nA = \"b\"\n", "must start with /"},
		{"star inside", "[[headers]]\nfor = \"/*.js\"\n[headers.values]\nA = \"b\"\n", "only allowed at the end"},
		{"multi-line", "[[headers]]\nfor = \"/\"\n[headers.values]\nA = '''\nb\nc'''\n", "one line"},
		{"number", "[[headers]]\nfor = \"/\"\n[headers.values]\nA = 1\n", "not a string"},
		{"twice", "[[headers]]\nfor = \"/\"\n[headers.values]\nA = \"1\"\na = \"2\"\n", "set twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestArrayValue(t *testing.T) {
	t.Parallel()
	c, err := Parse([]byte("[[headers]]\nfor = \"/*\"\n[headers.values]\nCache-Control = [\"no-cache\", \"no-store\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.HeadersFor("/x").Get("Cache-Control"); got != "no-cache, no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
}

// repoConfig loads the project's own netlify.toml.
func repoConfig(t *testing.T) *Config {
	t.Helper()
	c, err := Load(filepath.Join("..", "..", "..", "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pagePaths are the URL paths the site serves pages and assets under.
var pagePaths = []string{
	"/", "/index.html", "/index", "/embed.html", "/embed", "/course-example.html", "/course-example",
	"/assets/app.12345678.wasm", "/assets/cloudplay.12345678.js", "/nope.html",
}

func TestRepoConfig(t *testing.T) {
	t.Parallel()
	c := repoConfig(t)
	if c.Build.Command != "make build" || c.Build.Publish != "dist" {
		t.Errorf("[build] = %+v, want command \"make build\", publish \"dist\"", c.Build)
	}
	if got := c.Conflicts(pagePaths...); len(got) > 0 {
		t.Errorf("headers set by more than one matching block:\n%s", strings.Join(got, "\n"))
	}
	for _, p := range pagePaths {
		h := c.HeadersFor(p)
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy: %v", p, h)
		}
	}
	for _, p := range []string{"/", "/index.html", "/index", "/embed.html", "/embed", "/course-example.html"} {
		h := c.HeadersFor(p)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if !strings.Contains(h.Get("Cache-Control"), "must-revalidate") {
			t.Errorf("%s: Cache-Control = %q, want must-revalidate", p, h.Get("Cache-Control"))
		}
		embed := strings.HasPrefix(p, "/embed")
		if got := strings.Contains(csp, "frame-ancestors *"); got != embed {
			t.Errorf("%s: CSP %q: frame-ancestors * is %v, want %v", p, csp, got, embed)
		}
		if got := h.Get("X-Frame-Options") != ""; got == embed {
			t.Errorf("%s: X-Frame-Options = %q", p, h.Get("X-Frame-Options"))
		}
	}
	if got := c.HeadersFor("/assets/app.12345678.wasm").Get("Cache-Control"); !strings.Contains(got, "immutable") {
		t.Errorf("assets: Cache-Control = %q, want immutable", got)
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":               "<p>index</p>",
		"embed.html":               "<p>embed</p>",
		"assets/app.1234abcd.wasm": "\x00asm",
		"docs/index.html":          "<p>docs</p>",
		".secret":                  "no",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(Handler(dir, repoConfig(t)))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	tests := []struct {
		path, method string
		status       int
		body, ctype  string
		header       string // a header that must be set
	}{
		{"/", "GET", 200, "<p>index</p>", "text/html; charset=utf-8", "Content-Security-Policy"},
		{"/index.html", "GET", 200, "<p>index</p>", "text/html; charset=utf-8", "X-Frame-Options"},
		{"/embed", "GET", 200, "<p>embed</p>", "text/html; charset=utf-8", "Content-Security-Policy"},
		{"/assets/app.1234abcd.wasm", "GET", 200, "\x00asm", "application/wasm", "Cache-Control"},
		{"/docs", "GET", 301, "", "", "X-Content-Type-Options"},
		{"/docs/", "GET", 200, "<p>docs</p>", "text/html; charset=utf-8", "X-Content-Type-Options"},
		{"/.secret", "GET", 404, "", "", "X-Content-Type-Options"},
		{"/missing.js", "GET", 404, "", "", "X-Content-Type-Options"},
		{"/../../etc/passwd", "GET", 404, "", "", "X-Content-Type-Options"},
		{"/", "POST", 405, "", "", "Allow"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
			continue
		}
		if tt.body != "" && string(body) != tt.body {
			t.Errorf("%s %s: body %q, want %q", tt.method, tt.path, body, tt.body)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if resp.Header.Get(tt.header) == "" {
			t.Errorf("%s %s: no %s header", tt.method, tt.path, tt.header)
		}
	}
}
