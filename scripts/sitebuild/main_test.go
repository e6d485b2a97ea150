package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeTree writes files (slash names) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBuild(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"site/index.html": `<!doctype html><link rel="stylesheet" href="style.css">` +
			`<a href="embed.html?panel=account">embed</a><a href="https://example.com/x.js">x</a>` +
			`<script src="wasm_exec.js"></script><script src="cloudplay.js" data-wasm="app.wasm"></script>`,
		"site/embed.html":    `<script src='./bridge.js'></script><a href="#top">top</a>`,
		"site/style.css":     `body { background: url("img/bg.png") } .x { background: url(data:image/png;base64,AA==) }`,
		"site/img/bg.png":    "png",
		"site/cloudplay.js":  "cp",
		"site/bridge.js":     "br",
		"site/.hidden":       "no",
		"build/app.wasm":     "\x00asm",
		"build/wasm_exec.js": "we",
	})
	out := filepath.Join(root, "dist")
	files, err := build(options{site: filepath.Join(root, "site"), out: out,
		extra: assetList{filepath.Join(root, "build/app.wasm"), filepath.Join(root, "build/wasm_exec.js")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 8 {
		t.Errorf("wrote %d files, want 8: %v", len(files), files)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, re := range []string{
		`href="assets/style\.[0-9a-f]{8}\.css"`,
		`src="assets/wasm_exec\.[0-9a-f]{8}\.js"`,
		`src="assets/cloudplay\.[0-9a-f]{8}\.js" data-wasm="assets/app\.[0-9a-f]{8}\.wasm"`,
		`href="embed\.html\?panel=account"`,
		`href="https://example\.com/x\.js"`,
	} {
		if !regexp.MustCompile(re).Match(index) {
			t.Errorf("index.html lacks %s:\n%s", re, index)
		}
	}
	embed, _ := os.ReadFile(filepath.Join(out, "embed.html"))
	if !regexp.MustCompile(`src='assets/bridge\.[0-9a-f]{8}\.js'`).Match(embed) {
		t.Errorf("embed.html: %s", embed)
	}
	css, err := filepath.Glob(filepath.Join(out, "assets", "style.*.css"))
	if err != nil || len(css) != 1 {
		t.Fatalf("style sheet: %v %v", css, err)
	}
	b, _ := os.ReadFile(css[0])
	if !regexp.MustCompile(`url\("img/bg\.[0-9a-f]{8}\.png"\)`).Match(b) || !strings.Contains(string(b), "url(data:image/png;base64,AA==)") {
		t.Errorf("style sheet: %s", b)
	}
	if _, err := os.Stat(filepath.Join(out, ".hidden")); err == nil {
		t.Error("a dot file was published")
	}

	// Same input, same names: the build is reproducible.
	again, err := build(options{site: filepath.Join(root, "site"), out: out,
		extra: assetList{filepath.Join(root, "build/app.wasm"), filepath.Join(root, "build/wasm_exec.js")}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if files[i] != again[i] {
			t.Errorf("second build wrote %v, first %v", again[i], files[i])
		}
	}
}

func TestBuildRefuses(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"inline script", `<script>alert(1)</script>`, "inline <script>"},
		{"script with src and body", `<script src="a.js">x()</script>`, "inline <script>"},
		{"style element", `<style>p{}</style>`, "<style>"},
		{"style attribute", `<p style="color:red">x</p>`, "inline style="},
		{"handler", `<body onload="x()">`, "inline onload="},
		{"javascript url", `<a href="javascript:x()">x</a>`, "javascript:"},
		{"missing file", `<script src="nope.js"></script>`, `names no file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"site/index.html": tt.page, "site/a.js": "a"})
			_, err := build(options{site: filepath.Join(root, "site"), out: filepath.Join(root, "dist")})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckOut(t *testing.T) {
	for _, out := range []string{".", "/", "site", "site/dist"} {
		if err := checkOut(options{site: "site", out: out}); err == nil {
			t.Errorf("-out %s accepted", out)
		}
	}
	if err := checkOut(options{site: "site", out: "dist"}); err != nil {
		t.Error(err)
	}
}

// TestBuildCatalogAndExclude checks the data-catalog attribute (the lazily
// fetched IAM catalog) and -exclude (sources bundled into a built asset).
func TestBuildCatalogAndExclude(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"site/index.html":       `<script src="cloudplay.js" data-wasm="app.wasm" data-catalog="iam-catalog.json"></script><script src="editor.js"></script>`,
		"site/cloudplay.js":     "cp",
		"site/iam-catalog.json": `{"format":"x"}`,
		"site/editor/editor.js": "import x from 'y'",
		"build/app.wasm":        "\x00asm",
		"build/editor.js":       "bundle",
	})
	out := filepath.Join(root, "dist")
	_, err := build(options{site: filepath.Join(root, "site"), out: out, exclude: assetList{"editor"},
		extra: assetList{filepath.Join(root, "build/app.wasm"), filepath.Join(root, "build/editor.js")}})
	if err != nil {
		t.Fatal(err)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, re := range []string{
		`data-catalog="assets/iam-catalog\.[0-9a-f]{8}\.json"`,
		`src="assets/editor\.[0-9a-f]{8}\.js"`,
	} {
		if !regexp.MustCompile(re).Match(index) {
			t.Errorf("index.html lacks %s:\n%s", re, index)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(out, "assets", "editor", "*")); len(m) > 0 {
		t.Errorf("the excluded folder was published: %v", m)
	}
}
