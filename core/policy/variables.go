package policy

import (
	"fmt"
	"strings"
)

// template is a Resource entry or condition value holding policy variables
// ([policy variables]): ${key}, ${key, 'default'}, and the escapes ${*},
// ${?} and ${$} for a literal '*', '?' and '$'.
//
// [policy variables]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
type template struct {
	parts []tpart
}

type tpart struct {
	lit    string // literal text (source form)
	isVar  bool
	name   string // variable key as written
	key    string // lower-cased key
	def    string
	hasDef bool
	raw    bool // lit is an escape (${*} etc.): never a wildcard
}

// parseTemplate returns nil when s holds no variables.
func parseTemplate(s string) (*template, error) {
	if !strings.Contains(s, "${") {
		return nil, nil
	}
	t := &template{}
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			if s != "" {
				t.parts = append(t.parts, tpart{lit: s})
			}
			return t, nil
		}
		if i > 0 {
			t.parts = append(t.parts, tpart{lit: s[:i]})
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return nil, fmt.Errorf("unterminated policy variable \"${%s\"", Clip(s))
		}
		body := s[:j]
		s = s[j+1:]
		switch body {
		case "*", "?", "$":
			t.parts = append(t.parts, tpart{lit: body, raw: true})
			continue
		}
		p := tpart{isVar: true}
		name, def, hasDef := strings.Cut(body, ",")
		name = strings.TrimSpace(name)
		if hasDef {
			def = strings.TrimSpace(def)
			if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
				return nil, fmt.Errorf("policy variable \"${%s}\": default value must be in single quotes", Clip(body))
			}
			p.def, p.hasDef = def[1:len(def)-1], true
		}
		if name == "" || strings.ContainsAny(name, " \t${'") {
			return nil, fmt.Errorf("invalid policy variable \"${%s}\"", Clip(body))
		}
		p.name, p.key = name, strings.ToLower(name)
		t.parts = append(t.parts, p)
	}
}

// resolve substitutes the variables from req. With glob set, literal text
// keeps its wildcards (encoded) while substituted values and escapes are
// literal. It returns the name of the first variable that has no value
// (and no default) when it cannot resolve.
func (t *template) resolve(req *Request, glob bool) (string, string, bool) {
	var b strings.Builder
	for i := range t.parts {
		p := &t.parts[i]
		switch {
		case p.raw:
			b.WriteString(p.lit)
		case !p.isVar:
			if glob {
				b.WriteString(compileGlob(p.lit))
			} else {
				b.WriteString(p.lit)
			}
		default:
			v, n := req.lookup(p.key)
			switch {
			case n == 1:
				b.WriteString(v.at(0))
			case p.hasDef:
				// A multivalued key cannot be a variable; like a missing
				// key it falls back on the default.
				b.WriteString(p.def)
			default:
				return "", "${" + p.name + "}", false
			}
		}
	}
	return b.String(), "", true
}

// keys calls add with each variable key of t, as written and lower-cased.
func (t *template) keys(add func(name, lower string)) {
	for _, p := range t.parts {
		if p.isVar {
			add(p.name, p.key)
		}
	}
}
