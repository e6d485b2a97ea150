// Command sitebuild writes the deployable cloudplay site: the pages of site/
// under their own names, and every other file (the page scripts, the style
// sheet, the WebAssembly and wasm_exec.js given with -asset) under assets/ with
// its content hash in its name, app.wasm becoming assets/app.1a2b3c4d.wasm.
// The pages' src, href, data-wasm and data-catalog attributes, and url()
// references in style sheets, are rewritten to the hashed names, so a deploy can cache assets for
// ever (netlify.toml) and pages always name the assets they were built with.
//
// It also refuses what the Content-Security-Policy would block at run time:
// inline scripts, <style> elements, style="" and on*="" attributes,
// javascript: URLs, and references to local files that do not exist.
//
// Usage (the Makefile runs it):
//
//	go run ./scripts/sitebuild -site site -out dist -asset build/app.wasm -asset build/wasm_exec.js
//
// -exclude names a folder of the site that holds sources of a built asset
// (site/editor, which esbuild bundles into build/editor.js), not files to
// publish.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

type assetList []string

func (a *assetList) String() string     { return strings.Join(*a, ",") }
func (a *assetList) Set(v string) error { *a = append(*a, v); return nil }

func main() {
	var o options
	flag.StringVar(&o.site, "site", "site", "folder of the page sources")
	flag.StringVar(&o.out, "out", "dist", "folder to write the site into (replaced)")
	flag.Var(&o.extra, "asset", "a built file to publish beside the site's own files (repeatable)")
	flag.Var(&o.exclude, "exclude", "a folder of the site, relative to -site, not to publish (repeatable)")
	quiet := flag.Bool("q", false, "do not list the files written")
	flag.Parse()
	files, err := build(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitebuild:", err)
		os.Exit(1)
	}
	if !*quiet {
		var total int64
		for _, f := range files {
			fmt.Printf("%10d  %s\n", f.size, path.Join(o.out, f.name))
			total += f.size
		}
		fmt.Printf("%10d  total, %d files\n", total, len(files))
	}
}

type options struct {
	site, out string
	extra     assetList
	exclude   assetList
}

type written struct {
	name string
	size int64
}

// hashLen is the number of hex digits of SHA-256 in a hashed name.
const hashLen = 8

// assetsDir is where hashed files go, relative to the site's root.
const assetsDir = "assets"

func build(o options) ([]written, error) {
	if err := checkOut(o); err != nil {
		return nil, err
	}
	src, err := readSite(o)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{} // output name -> content
	hashed := map[string]string{}
	names := slices.Sorted(maps.Keys(src))

	// Plain assets first, then style sheets (whose url()s name plain assets),
	// then pages (which name both).
	for _, name := range names {
		if isPage(name) || isCSS(name) {
			continue
		}
		hashed[name] = hashedName(name, src[name])
		out[hashed[name]] = src[name]
	}
	for _, name := range names {
		if !isCSS(name) {
			continue
		}
		css, err := rewriteCSS(name, src[name], hashed)
		if err != nil {
			return nil, err
		}
		hashed[name] = hashedName(name, css)
		out[hashed[name]] = css
	}
	pages := 0
	for _, name := range names {
		if !isPage(name) {
			continue
		}
		html, err := rewritePage(name, src[name], src, hashed)
		if err != nil {
			return nil, err
		}
		out[name] = html
		pages++
	}
	if pages == 0 {
		return nil, fmt.Errorf("%s holds no .html page", o.site)
	}
	return write(o.out, out)
}

// checkOut refuses output folders whose removal would destroy sources.
func checkOut(o options) error {
	out, err := filepath.Abs(o.out)
	if err != nil {
		return err
	}
	site, err := filepath.Abs(o.site)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	if out == "/" || out == wd || out == site || strings.HasPrefix(site+"/", out+"/") || strings.HasPrefix(out+"/", site+"/") {
		return fmt.Errorf("refusing to replace -out %s (it holds or is inside the sources)", o.out)
	}
	return nil
}

// readSite reads the site's files (dot files skipped) and the extra assets,
// keyed by slash-separated names relative to the site's root.
func readSite(o options) (map[string][]byte, error) {
	src := map[string][]byte{}
	err := filepath.WalkDir(o.site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != o.site {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(o.site, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if slices.Contains(o.exclude, filepath.ToSlash(rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range o.extra {
		name := filepath.Base(p)
		if _, dup := src[name]; dup {
			return nil, fmt.Errorf("-asset %s: %s also has a file %s", p, o.site, name)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		src[name] = b
	}
	return src, nil
}

func isPage(name string) bool { return strings.HasSuffix(name, ".html") }
func isCSS(name string) bool  { return strings.HasSuffix(name, ".css") }

// hashedName is assets/dir/stem.<hash>.ext for dir/stem.ext.
func hashedName(name string, content []byte) string {
	sum := sha256.Sum256(content)
	ext := path.Ext(name)
	return path.Join(assetsDir, strings.TrimSuffix(name, ext)+"."+hex.EncodeToString(sum[:])[:hashLen]+ext)
}

// localRef splits a reference into the site file it names (relative to the
// folder dir) and its ?query#fragment suffix; ok is false for references
// that are not local files (other origins, data:, fragments only).
func localRef(dir, ref string) (name, suffix string, ok bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "?") {
		return "", "", false
	}
	if i := strings.IndexAny(ref, ":"); i >= 0 && !strings.ContainsAny(ref[:i], "/?#") {
		return "", "", false // has a scheme
	}
	base := ref
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		base, suffix = ref[:i], ref[i:]
	}
	if strings.HasPrefix(base, "/") {
		name = path.Clean(strings.TrimPrefix(base, "/"))
	} else {
		name = path.Clean(path.Join(dir, base))
	}
	return name, suffix, true
}

// relRef is the reference from a file in folder dir to the site file name.
func relRef(dir, name string) string {
	rel, err := filepath.Rel(filepath.FromSlash("/"+dir), filepath.FromSlash("/"+name))
	if err != nil {
		return "/" + name
	}
	return filepath.ToSlash(rel)
}

var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

func rewriteCSS(name string, css []byte, hashed map[string]string) ([]byte, error) {
	dir := path.Dir(name)
	var firstErr error
	res := cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		var ref string
		for _, s := range sub[1:] {
			if len(s) > 0 {
				ref = string(s)
			}
		}
		target, suffix, ok := localRef(dir, ref)
		if !ok {
			return m
		}
		h, found := hashed[target]
		if !found {
			if firstErr == nil {
				if isCSS(target) {
					firstErr = fmt.Errorf("%s: @import of another style sheet (%q) is not supported; link it from the page", name, ref)
				} else {
					firstErr = fmt.Errorf("%s: %q names no file of the site", name, ref)
				}
			}
			return m
		}
		newRef := relRef(path.Dir(hashedName(name, nil)), h) + suffix
		return []byte(strings.Replace(string(m), ref, newRef, 1))
	})
	return res, firstErr
}

var (
	attrRef      = regexp.MustCompile(`(?i)(\s)(src|href|data-wasm|data-catalog)(\s*=\s*)(?:"([^"]*)"|'([^']*)')`)
	htmlComment  = regexp.MustCompile(`(?s)<!--.*?-->`)
	scriptTag    = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	srcAttr      = regexp.MustCompile(`(?i)\ssrc\s*=`)
	styleElement = regexp.MustCompile(`(?i)<style[\s>]`)
	inlineAttr   = regexp.MustCompile(`(?i)<[^>]*\s(style|on[a-z]+)\s*=`)
	jsURL        = regexp.MustCompile(`(?i)=\s*["']?\s*javascript:`)
)

// checkCSP refuses what the site's Content-Security-Policy would block.
func checkCSP(name string, html []byte) error {
	s := htmlComment.ReplaceAllString(string(html), "")
	for _, m := range scriptTag.FindAllStringSubmatch(s, -1) {
		if !srcAttr.MatchString(m[1]) || strings.TrimSpace(m[2]) != "" {
			return fmt.Errorf("%s: inline <script> (the CSP allows only script files: %.60q)", name, m[0])
		}
	}
	if loc := styleElement.FindStringIndex(s); loc != nil {
		return fmt.Errorf("%s: <style> element (the CSP allows only style sheet files)", name)
	}
	if m := inlineAttr.FindStringSubmatch(s); m != nil {
		return fmt.Errorf("%s: inline %s= attribute (the CSP blocks it)", name, m[1])
	}
	if jsURL.MatchString(s) {
		return fmt.Errorf("%s: javascript: URL (the CSP blocks it)", name)
	}
	return nil
}

func rewritePage(name string, html []byte, src map[string][]byte, hashed map[string]string) ([]byte, error) {
	if err := checkCSP(name, html); err != nil {
		return nil, err
	}
	dir := path.Dir(name)
	var firstErr error
	res := attrRef.ReplaceAllFunc(html, func(m []byte) []byte {
		sub := attrRef.FindSubmatch(m)
		ref, quote := string(sub[4]), `"`
		if len(sub[5]) > 0 {
			ref, quote = string(sub[5]), `'`
		}
		target, suffix, ok := localRef(dir, ref)
		if !ok {
			return m
		}
		if h, found := hashed[target]; found {
			return []byte(string(sub[1]) + string(sub[2]) + string(sub[3]) + quote + relRef(dir, h) + suffix + quote)
		}
		if _, page := src[target]; page && isPage(target) {
			return m
		}
		if target == "." || strings.HasSuffix(ref, "/") {
			if _, ok := src[path.Join(target, "index.html")]; ok {
				return m
			}
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("%s: %s=%q names no file of the site", name, sub[2], ref)
		}
		return m
	})
	return res, firstErr
}

// write replaces the folder out by the files.
func write(out string, files map[string][]byte) ([]written, error) {
	tmp := out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	var list []written
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return nil, err
		}
		list = append(list, written{name, int64(len(files[name]))})
	}
	if err := os.RemoveAll(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, err
	}
	return list, nil
}
