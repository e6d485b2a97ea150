package firehose

import (
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// prefix is a parsed Prefix: literal text and !{timestamp:FORMAT}
// expressions (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html:
// "Custom prefix you specify will override the default prefix of
// YYYY/MM/dd/HH"; a timestamp expression is evaluated at "the approximate
// arrival timestamp of the oldest record that's contained in the Amazon S3
// object being written", in UTC). A prefix with no expression is followed
// by the default YYYY/MM/dd/HH/ (as Firehose did before custom prefixes,
// and does for a prefix without expressions). Of the Java
// DateTimeFormatter patterns the playground reads yyyy, yy, MM, dd, HH,
// mm, ss and 'quoted text'; the firehose, partitionKeyFromQuery and
// partitionKeyFromLambda namespaces are not simulated and refused.
type prefix struct {
	parts []prefixPart
	exprs bool
}

type prefixPart struct {
	lit    string
	layout string // a Go time layout, "" for a literal
}

const defaultLayout = "2006/01/02/15/"

// parsePrefix parses p, or returns InvalidArgumentException naming what
// the playground does not simulate.
func parsePrefix(p string) (prefix, error) {
	var out prefix
	for p != "" {
		i := strings.Index(p, "!{")
		if i < 0 {
			out.parts = append(out.parts, prefixPart{lit: p})
			break
		}
		if i > 0 {
			out.parts = append(out.parts, prefixPart{lit: p[:i]})
		}
		end := strings.IndexByte(p[i:], '}')
		if end < 0 {
			return prefix{}, api.Errorf(invalidArg, "Prefix has an expression that is not closed: %q", api.Clip(p[i:], api.MaxQuoted))
		}
		expr := p[i+2 : i+end]
		format, ok := strings.CutPrefix(expr, "timestamp:")
		if !ok {
			return prefix{}, api.Errorf(invalidArg, "The expression !{%s} in Prefix is not simulated by the playground: only !{timestamp:FORMAT} is", api.Clip(expr, api.MaxQuoted))
		}
		layout, err := javaLayout(format)
		if err != nil {
			return prefix{}, err
		}
		out.parts = append(out.parts, prefixPart{layout: layout})
		out.exprs = true
		p = p[i+end+1:]
	}
	return out, nil
}

// javaLayout turns a Java DateTimeFormatter pattern into a Go layout.
func javaLayout(f string) (string, error) {
	var b strings.Builder
	tokens := []struct{ java, goLayout string }{{"yyyy", "2006"}, {"yy", "06"}, {"MM", "01"}, {"dd", "02"}, {"HH", "15"}, {"mm", "04"}, {"ss", "05"}}
	for f != "" {
		if f[0] == '\'' {
			j := strings.IndexByte(f[1:], '\'')
			if j < 0 {
				return "", api.Errorf(invalidArg, "The timestamp format %q in Prefix has an unclosed quote", api.Clip(f, api.MaxQuoted))
			}
			lit := f[1 : 1+j]
			if strings.ContainsAny(lit, "0123456789") {
				return "", api.Errorf(invalidArg, "The playground does not simulate digits quoted in a timestamp format: %q", api.Clip(lit, api.MaxQuoted))
			}
			b.WriteString(lit)
			f = f[2+j:]
			continue
		}
		matched := false
		for _, t := range tokens {
			if strings.HasPrefix(f, t.java) {
				b.WriteString(t.goLayout)
				f = f[len(t.java):]
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		c := f[0]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			return "", api.Errorf(invalidArg, "The timestamp format %q in Prefix uses a pattern the playground does not simulate: it reads yyyy, yy, MM, dd, HH, mm, ss and 'quoted text'", api.Clip(f, api.MaxQuoted))
		}
		b.WriteByte(c)
		f = f[1:]
	}
	return b.String(), nil
}

// eval evaluates the prefix at t.
func (p prefix) eval(t sim.Time) string {
	st := t.Std()
	var b strings.Builder
	for _, part := range p.parts {
		if part.layout != "" {
			b.WriteString(st.Format(part.layout))
		} else {
			b.WriteString(part.lit)
		}
	}
	if !p.exprs {
		b.WriteString(st.Format(defaultLayout))
	}
	return b.String()
}
