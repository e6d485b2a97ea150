package catalog

import "strings"

// Field names a field of an ARN: arn:partition:service:region:account:resource.
type Field uint8

const (
	NoField Field = iota // the ARN matches
	Prefix
	Partition
	ServiceField
	Region
	Account
	Resource
)

var fieldNames = [...]string{"", "prefix", "partition", "service", "region", "account", "resource"}

func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "Field(?)"
}

// Patterns are compiled with '*' (any text) and '?' (one character) as the
// bytes 0xFF and 0xFE, which never occur in UTF-8, so that a literal '*'
// never counts as a wildcard by accident. In an ARN format a variable is
// any text, except those known never to hold a '/' (noSlash), which are
// 0xFD: so that a bucket ARN does not pass for an object's. The list is
// short on purpose: many names hold slashes (log groups, ECR repositories,
// role paths), and a wrong "does not match" would be worse than a miss.
const (
	anyText    = 0xFF
	anyChar    = 0xFE
	anySegment = 0xFD
)

// compileFormat turns an ARN format of the reference into six compiled
// fields.
func compileFormat(format string) []string {
	segs := splitARN(format)
	for i, s := range segs {
		segs[i] = compileVars(s, false)
	}
	return segs
}

// splitARN splits an ARN (pattern) into at most six fields at the colons
// outside ${...}, since policy variables have colons (${aws:username}).
func splitARN(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// noSlash lists the format variables whose values never hold a '/'.
var noSlash = map[string]bool{"BucketName": true, "Partition": true, "Region": true, "Account": true, "InstanceId": true}

// compileVars replaces each ${...} by anyText (or anySegment, in a format,
// for the variables of noSlash) and, when globs is set (a policy's
// pattern), '*' and '?' by anyText and anyChar.
func compileVars(s string, globs bool) string {
	if !strings.Contains(s, "${") && (!globs || !strings.ContainsAny(s, "*?")) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				if globs || !noSlash[s[i+2:i+j]] {
					b.WriteByte(anyText)
				} else {
					b.WriteByte(anySegment)
				}
				i += j
				continue
			}
			b.WriteByte(c)
		case globs && c == '*':
			b.WriteByte(anyText)
		case globs && c == '?':
			b.WriteByte(anyChar)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Match reports whether the Resource element entry pattern (an ARN with
// the wildcards '*' and '?' and policy variables such as ${aws:username})
// can match an ARN of the resource type.
func (r *ResourceType) Match(pattern string) bool { return r.Mismatch(pattern) == NoField }

// maxWork bounds the comparison of one field (the product of the lengths
// of the two patterns); longer fields are taken to match rather than
// spend unbounded time on hostile input.
const maxWork = 1 << 16

// Mismatch returns the first field of pattern that no ARN of the resource
// type can have, or NoField when some ARN matches. As in IAM, a '*' that
// ends the last field the pattern has runs on across the colons that
// follow ("arn:aws:s3:::*" and "arn:aws:*" match every S3 object).
// Matching is case-sensitive.
func (r *ResourceType) Mismatch(pattern string) Field {
	if pattern == "*" {
		return NoField
	}
	p := splitARN(pattern)
	if p[0] != "arn" && !intersect(compileVars(p[0], true), "arn") {
		return Prefix
	}
	last := len(p) - 1
	for i := 1; i <= last; i++ {
		pf := compileVars(p[i], true)
		ff := r.segs[min(i, len(r.segs)-1)]
		if i == last && i < len(r.segs)-1 {
			// A shorter pattern: its last field stands for the rest of
			// the ARN, which it can match only if it ends with '*'.
			ff = strings.Join(r.segs[i:], ":")
		}
		if i >= len(r.segs) || !intersect(pf, ff) {
			return Field(i + 1)
		}
	}
	return NoField
}

// intersect reports whether some text matches both compiled patterns. It
// walks the product of the two patterns' positions once (O(len(a)*len(b)),
// no recursion); reach[i][j] means a[:i] and b[:j] can match the same text.
func intersect(a, b string) bool {
	if !strings.ContainsAny(a, "\xff\xfe\xfd") && !strings.ContainsAny(b, "\xff\xfe\xfd") {
		return a == b
	}
	n, m := len(a), len(b)
	if (n+1)*(m+1) > maxWork {
		return true
	}
	reach := make([]bool, (n+1)*(m+1))
	at := func(i, j int) *bool { return &reach[i*(m+1)+j] }
	*at(0, 0) = true
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if !*at(i, j) {
				continue
			}
			if i == n && j == m {
				return true
			}
			ai, bj := byte(0), byte(0)
			if i < n {
				ai = a[i]
			}
			if j < m {
				bj = b[j]
			}
			as, bs := star(ai), star(bj)
			if as {
				*at(i+1, j) = true // the star matches nothing more
			}
			if bs {
				*at(i, j+1) = true
			}
			switch {
			case i == n || j == m:
			case as && bs: // both stars: covered above
			case as:
				if ai == anyText || bj != '/' {
					*at(i, j+1) = true // the star absorbs b's next character
				}
			case bs:
				if bj == anyText || ai != '/' {
					*at(i+1, j) = true
				}
			case ai == anyChar || bj == anyChar || ai == bj:
				*at(i+1, j+1) = true
			}
		}
	}
	return *at(n, m)
}

func star(c byte) bool { return c == anyText || c == anySegment }
