package site

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// contentTypes fixes the types of the files a cloudplay site holds, so that
// they do not depend on the machine's MIME tables. WebAssembly must be
// application/wasm or WebAssembly.instantiateStreaming refuses it.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".wasm":  "application/wasm",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".woff2": "font/woff2",
}

// Handler serves the files under dir as Netlify serves a publish folder, with
// the headers of c:
//
//   - "/" and "/dir/" serve index.html of that folder; "/dir" redirects to "/dir/";
//   - "/name" serves name.html when there is no file "name" (Netlify's pretty URLs);
//   - a missing file answers 404 with dir/404.html when there is one;
//   - only GET and HEAD are allowed; dot files are never served.
//
// Headers are chosen by the request path, as Netlify does, also for 404s.
func Handler(dir string, c *Config) http.Handler {
	return &handler{root: os.DirFS(dir), c: c}
}

type handler struct {
	root fs.FS
	c    *Config
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := cleanPath(r.URL.Path)
	for k, vs := range h.c.HeadersFor(p) {
		w.Header()[k] = vs
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, redirect := h.resolve(p)
	if redirect != "" {
		if q := r.URL.RawQuery; q != "" {
			redirect += "?" + q
		}
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	}
	if name == "" {
		h.notFound(w, r)
		return
	}
	h.serveFile(w, r, name, http.StatusOK)
}

// resolve maps a clean URL path to a file name in root, or to a redirect.
func (h *handler) resolve(p string) (name, redirect string) {
	rel := strings.TrimPrefix(p, "/")
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", ""
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		if h.isFile(rel + "index.html") {
			return rel + "index.html", ""
		}
		return "", ""
	}
	if h.isFile(rel) {
		return rel, ""
	}
	if h.isDir(rel) && h.isFile(rel+"/index.html") {
		return "", p + "/"
	}
	if h.isFile(rel + ".html") {
		return rel + ".html", ""
	}
	return "", ""
}

func (h *handler) isFile(name string) bool {
	fi, err := fs.Stat(h.root, name)
	return err == nil && fi.Mode().IsRegular()
}

func (h *handler) isDir(name string) bool {
	fi, err := fs.Stat(h.root, name)
	return err == nil && fi.IsDir()
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	if h.isFile("404.html") {
		h.serveFile(w, r, "404.html", http.StatusNotFound)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string, status int) {
	f, err := h.root.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return
	}
	if ct, ok := contentTypes[strings.ToLower(filepath.Ext(name))]; ok {
		w.Header().Set("Content-Type", ct)
	}
	if status != http.StatusOK {
		// http.ServeContent would answer 200 (or 304); a 404 page is sent whole.
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = io.Copy(w, f)
		}
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, path.Base(name), fi.ModTime(), rs)
}
