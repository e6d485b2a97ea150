// Package site serves a built cloudplay site the way Netlify serves it: the
// files of the publish folder, with the response headers that netlify.toml's
// [[headers]] blocks give them. The local server (scripts/serve), the browser
// tests (scripts/e2e) and the benchmark (scripts/bench) all use it, so what
// they see is what the public site sends.
//
// Path patterns follow Netlify's rules as far as this site needs them:
//
//   - a pattern without wildcards matches that path exactly ("/embed.html");
//   - a trailing "*" is a splat and matches any rest, slashes included
//     ("/assets/*" matches "/assets/app.1a2b3c4d.wasm"; "/*" matches every path);
//   - a segment ":name" is a placeholder and matches one non-empty segment.
//
// Every block whose pattern matches the request path applies, in file order.
// netlify.toml should never set one header in two blocks that can match the
// same path (Netlify's own merging of such headers is not something to rely
// on); [Config.Conflicts] finds such cases and the tests check there are none.
package site

import (
	"fmt"
	"maps"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the part of netlify.toml the site needs.
type Config struct {
	Build   Build
	Headers []Rule
}

// Build is netlify.toml's [build] table.
type Build struct {
	Command string
	Publish string
}

// Rule is one [[headers]] block: the pattern of its "for" key and its values,
// in canonical header-name form.
type Rule struct {
	For    string
	Values http.Header
}

// rawConfig is netlify.toml as TOML decodes it.
type rawConfig struct {
	Build struct {
		Command string `toml:"command"`
		Publish string `toml:"publish"`
	} `toml:"build"`
	Headers []struct {
		For    string         `toml:"for"`
		Values map[string]any `toml:"values"`
	} `toml:"headers"`
}

// Load reads and parses the netlify.toml file at name.
func Load(name string) (*Config, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c, err := Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// Parse parses the text of a netlify.toml file. A header value is a string
// (on one line) or an array of strings, which Netlify sends joined by ", ".
func Parse(src []byte) (*Config, error) {
	var raw rawConfig
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return nil, err
	}
	c := &Config{Build: Build{Command: raw.Build.Command, Publish: raw.Build.Publish}}
	for i, h := range raw.Headers {
		if !strings.HasPrefix(h.For, "/") {
			return nil, fmt.Errorf("headers[%d]: for = %q: the pattern must start with /", i, h.For)
		}
		if j := strings.IndexByte(h.For, '*'); j >= 0 && j != len(h.For)-1 {
			return nil, fmt.Errorf("headers[%d]: for = %q: a * is only allowed at the end", i, h.For)
		}
		r := Rule{For: h.For, Values: http.Header{}}
		for _, name := range slices.Sorted(maps.Keys(h.Values)) {
			v, err := headerValue(h.Values[name])
			if err != nil {
				return nil, fmt.Errorf("headers[%d] (%s): %s: %w", i, h.For, name, err)
			}
			key := http.CanonicalHeaderKey(name)
			if r.Values.Get(key) != "" {
				return nil, fmt.Errorf("headers[%d] (%s): header %s is set twice", i, h.For, key)
			}
			r.Values.Set(key, v)
		}
		c.Headers = append(c.Headers, r)
	}
	return c, nil
}

func headerValue(v any) (string, error) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []any:
		parts := make([]string, len(v))
		for i, p := range v {
			ps, ok := p.(string)
			if !ok {
				return "", fmt.Errorf("array element %d is %T, not a string", i, p)
			}
			parts[i] = ps
		}
		s = strings.Join(parts, ", ")
	default:
		return "", fmt.Errorf("value is %T, not a string", v)
	}
	if strings.ContainsAny(s, "\r\n") {
		return "", fmt.Errorf("value %q spans lines; write it on one line", s)
	}
	return s, nil
}

// Match reports whether the URL path p matches the Netlify path pattern.
func Match(pattern, p string) bool {
	prefix, splat := strings.CutSuffix(pattern, "*")
	if !splat {
		return segmentsMatch(strings.Split(pattern, "/"), strings.Split(p, "/"))
	}
	// "/assets/*" matches "/assets/" and everything below it, and also
	// "/assets" itself, as Netlify's splats do.
	if p+"/" == prefix {
		return true
	}
	if !strings.Contains(prefix, ":") {
		return strings.HasPrefix(p, prefix)
	}
	// With placeholders ("/:lang/*"), the prefix's segments must match the
	// first segments of p.
	ps := strings.Split(strings.TrimSuffix(prefix, "/"), "/")
	ss := strings.Split(p, "/")
	if len(ss) < len(ps) {
		return false
	}
	return segmentsMatch(ps, ss[:len(ps)])
}

// segmentsMatch compares pattern and path segments one by one; a pattern
// segment ":name" matches any one non-empty segment.
func segmentsMatch(ps, ss []string) bool {
	if len(ps) != len(ss) {
		return false
	}
	for i, pat := range ps {
		if strings.HasPrefix(pat, ":") {
			if ss[i] == "" {
				return false
			}
		} else if pat != ss[i] {
			return false
		}
	}
	return true
}

// HeadersFor returns the headers that the rules give the URL path p. When two
// matching rules set the same header, the later one wins (see the package
// comment: netlify.toml should have no such case).
func (c *Config) HeadersFor(p string) http.Header {
	h := http.Header{}
	p = cleanPath(p)
	for _, r := range c.Headers {
		if !Match(r.For, p) {
			continue
		}
		for k, vs := range r.Values {
			h[k] = slices.Clone(vs)
		}
	}
	return h
}

// Conflicts lists, for each of the given URL paths, the headers that more than
// one matching rule sets, as "path: Header (pattern, pattern)".
func (c *Config) Conflicts(paths ...string) []string {
	var out []string
	for _, p := range paths {
		p = cleanPath(p)
		setBy := map[string][]string{}
		for _, r := range c.Headers {
			if !Match(r.For, p) {
				continue
			}
			for k := range r.Values {
				setBy[k] = append(setBy[k], r.For)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(setBy)) {
			if len(setBy[k]) > 1 {
				out = append(out, fmt.Sprintf("%s: %s (%s)", p, k, strings.Join(setBy[k], ", ")))
			}
		}
	}
	return out
}

// cleanPath normalises a URL path as the server sees it: rooted, without dot
// segments, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}
