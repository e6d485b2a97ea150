package policy

import (
	"strings"
	"unicode/utf8"
)

// Compiled patterns encode the wildcards '*' and '?' as the bytes 0xFF and
// 0xFE, which never occur in UTF-8 text. A literal '*' or '?' (from the
// policy variables ${*} and ${?}, or a substituted value) stays itself and
// matches only itself.
const (
	wcStar  = 0xFF
	wcQuest = 0xFE
)

// compileGlob encodes the wildcards of a source pattern.
func compileGlob(p string) string {
	if !strings.ContainsAny(p, "*?") {
		return p
	}
	b := []byte(p)
	for i, c := range b {
		switch c {
		case '*':
			b[i] = wcStar
		case '?':
			b[i] = wcQuest
		}
	}
	return string(b)
}

// Match reports whether s matches the pattern p, where '*' matches any
// sequence of characters (including none) and '?' matches exactly one
// character, as in the Action element and the String/ArnLike operators.
// Matching is case-sensitive; [MatchFold] is the case-insensitive form used
// for actions.
func Match(p, s string) bool { return globMatch(compileGlob(p), s, false, nil) }

// MatchFold is Match with ASCII letters compared case-insensitively, the way
// IAM compares action names ("iam:createuser" matches "IAM:Create*").
func MatchFold(p, s string) bool { return globMatch(compileGlob(p), s, true, nil) }

// globMatch matches the compiled pattern p against s with the classic
// two-pointer algorithm: on a mismatch it returns to the last '*' seen and
// lets that star absorb one more character. Only one backtrack point is kept,
// so it runs in O(len(p)*len(s)) worst case and linear time for the usual
// patterns, with no recursion and no allocation. When steps is not nil, it is
// incremented once per loop iteration (a hook for tests that bound the work).
func globMatch(p, s string, fold bool, steps *int) bool {
	px, sx := 0, 0
	starPx, starSx := -1, -1
	for px < len(p) || sx < len(s) {
		if steps != nil {
			*steps++
		}
		if px < len(p) {
			switch c := p[px]; c {
			case wcStar:
				// Try to match the empty string first; remember where to
				// resume (one more character eaten by this star).
				starPx = px
				starSx = sx + runeLen(s, sx)
				px++
				continue
			case wcQuest:
				if sx < len(s) {
					sx += runeLen(s, sx)
					px++
					continue
				}
			default:
				if sx < len(s) && (c == s[sx] || fold && lowerASCII(c) == lowerASCII(s[sx])) {
					px++
					sx++
					continue
				}
			}
		}
		if starPx >= 0 && starSx <= len(s) {
			px = starPx
			sx = starSx
			continue
		}
		return false
	}
	return true
}

// runeLen is the width of the character at s[i:], 1 past the end.
func runeLen(s string, i int) int {
	if i >= len(s) {
		return 1
	}
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return w
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// arnPattern is a compiled Resource/NotResource or Arn* condition value.
// AWS matches an ARN segment by segment (the parts separated by colons) and
// lets a '*' that ends a segment run on across the colons that follow
// ([Resource wildcards]). segs holds up to six compiled segments; the last
// one is matched against the rest of the ARN, colons included.
//
// [Resource wildcards]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
type arnPattern struct {
	whole string   // compiled whole pattern (used for non-ARN strings)
	segs  []string // nil when the pattern is not an ARN
	any   bool     // the pattern is "*"
}

func compileARN(p string) arnPattern {
	if p == "*" {
		return arnPattern{whole: compileGlob(p), any: true}
	}
	ap := arnPattern{whole: compileGlob(p)}
	if strings.HasPrefix(p, "arn:") {
		parts := strings.SplitN(p, ":", 6)
		for i := range parts {
			parts[i] = compileGlob(parts[i])
		}
		ap.segs = parts
	}
	return ap
}

// compileARNEncoded is compileARN for a pattern whose wildcards are already
// encoded (a pattern built by substituting policy variables).
func compileARNEncoded(p string) arnPattern {
	ap := arnPattern{whole: p}
	if strings.HasPrefix(p, "arn:") {
		ap.segs = strings.SplitN(p, ":", 6)
	}
	return ap
}

// match reports whether the ARN (or other resource string) s matches.
func (ap *arnPattern) match(s string) bool {
	if ap.any {
		return true
	}
	if ap.segs == nil || !strings.HasPrefix(s, "arn:") {
		return globMatch(ap.whole, s, false, nil)
	}
	rest := s
	last := len(ap.segs) - 1
	for i, seg := range ap.segs {
		if i == last {
			return globMatch(seg, rest, false, nil)
		}
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return false
		}
		if !globMatch(seg, rest[:j], false, nil) {
			return false
		}
		rest = rest[j+1:]
	}
	return true
}

// decodeGlob turns a compiled pattern back into source text, for messages.
func decodeGlob(p string) string {
	if strings.IndexByte(p, wcStar) < 0 && strings.IndexByte(p, wcQuest) < 0 {
		return p
	}
	b := []byte(p)
	for i, c := range b {
		switch c {
		case wcStar:
			b[i] = '*'
		case wcQuest:
			b[i] = '?'
		}
	}
	return string(b)
}

// actionPattern is a compiled Action/NotAction entry. Most entries are a
// literal action, "service:*", "service:Verb*" or "*", which are matched
// without the general glob loop.
type actionPattern struct {
	kind patKind
	lit  string // literal action, or the prefix before a final '*'
	glob string // compiled pattern for the general case
}

type patKind uint8

const (
	patGlob patKind = iota
	patAny
	patExact
	patPrefix
)

func compileAction(a string) actionPattern {
	switch i := strings.IndexAny(a, "*?"); {
	case a == "*":
		return actionPattern{kind: patAny}
	case i < 0:
		return actionPattern{kind: patExact, lit: a}
	case i == len(a)-1 && a[i] == '*':
		return actionPattern{kind: patPrefix, lit: a[:i]}
	}
	return actionPattern{kind: patGlob, glob: compileGlob(a)}
}

// match reports whether the action s matches, ignoring ASCII case.
func (ap *actionPattern) match(s string) bool {
	switch ap.kind {
	case patAny:
		return true
	case patExact:
		return len(s) == len(ap.lit) && equalFoldASCII(ap.lit, s)
	case patPrefix:
		return len(s) >= len(ap.lit) && equalFoldASCII(ap.lit, s[:len(ap.lit)])
	}
	return globMatch(ap.glob, s, true, nil)
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}
