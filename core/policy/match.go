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

// globMatch reports whether s matches the compiled pattern p (with fold,
// comparing ASCII letters without regard to case).
//
// It splits p at its stars into segments of literal text and '?'s, and
// places them greedily: the first segment at the start of s, the last one
// at its end, and each one between at the leftmost place after the one
// before. Greedy leftmost placement is correct for '*' and '?' globs: if
// a match places a middle segment further right, the star before it can
// absorb the extra text and the leftmost placement leaves at least as much
// room for what follows. A segment without '?' is found with
// strings.Index, so matching is linear in len(p)+len(s) in practice and
// O(len(p)·len(s)) only for segments holding '?' that match almost
// everywhere; it does not allocate (but for fold on a long s, below).
//
// '?' and the places a star may stop at advance one character at a time
// as utf8.DecodeRuneInString reads them (an invalid byte is one
// character), exactly as the two-pointer algorithm this replaced did, so
// that the two agree on every input (FuzzMatch compares them). When steps
// is not nil it is incremented for each unit of work (a byte scanned or
// compared, a '?' consumed, a place tried): the hook tests use to bound the
// work.
func globMatch(p, s string, fold bool, steps *int) bool {
	if fold && len(s) > maxFoldScan {
		// Searching case-insensitively costs len(s) per place tried; for
		// long subjects one lower-cased copy of each is cheaper.
		p, s, fold = lowerASCIIString(p), lowerASCIIString(s), false
	}
	star := strings.IndexByte(p, wcStar)
	if steps == nil && (star < 0 || star == len(p)-1) && strings.IndexByte(p, wcQuest) < 0 {
		// The common patterns: literal text, or a prefix and a star.
		lit := p
		if star >= 0 {
			lit = p[:star]
		}
		if star < 0 && len(s) != len(lit) || len(s) < len(lit) {
			return false
		}
		if fold {
			return equalFoldASCII(lit, s[:len(lit)])
		}
		return s[:len(lit)] == lit
	}
	m := globMatcher{s: s, fold: fold, steps: steps}
	if star < 0 {
		end, ok := m.at(p, 0)
		return ok && end == len(s)
	}
	sx, ok := m.at(p[:star], 0)
	if !ok {
		return false
	}
	p = p[star+1:]
	for {
		star = strings.IndexByte(p, wcStar)
		if star < 0 {
			return m.atEnd(p, sx)
		}
		if star > 0 {
			if sx, ok = m.leftmost(p[:star], sx); !ok {
				return false
			}
		}
		p = p[star+1:]
	}
}

// maxFoldScan is the longest subject globMatch searches case-insensitively
// in place; action names (at most 128 characters) always are.
const maxFoldScan = 256

// globMatcher places the segments of a compiled pattern (literal text and
// '?'s, no stars) in s.
type globMatcher struct {
	s     string
	fold  bool
	steps *int
	ascii int8 // whether s is ASCII: 0 not known yet, 1 yes, -1 no
}

// asciiWild reports whether seg, which holds '?', can be matched byte by
// byte: when s and seg's literal text are ASCII, every character is one
// byte and seg matches exactly len(seg) bytes.
func (m *globMatcher) asciiWild(seg string) bool {
	if m.ascii == 0 {
		m.ascii = -1
		if isASCII(m.s) {
			m.ascii = 1
		}
		m.step(len(m.s))
	}
	if m.ascii < 0 {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf && seg[i] != wcQuest {
			return false
		}
	}
	return true
}

// atASCII reports whether seg matches s[i:i+len(seg)] under asciiWild.
func (m *globMatcher) atASCII(seg string, i int) bool {
	t := m.s[i : i+len(seg)]
	for j := 0; j < len(seg); j++ {
		if c := seg[j]; c != wcQuest && c != t[j] && (!m.fold || lowerASCII(c) != lowerASCII(t[j])) {
			m.step(j + 1)
			return false
		}
	}
	m.step(len(seg))
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (m *globMatcher) step(n int) {
	if m.steps != nil {
		*m.steps += n
	}
}

// at matches seg at s[i:] and returns where the match ends.
func (m *globMatcher) at(seg string, i int) (int, bool) {
	s := m.s
	for len(seg) > 0 {
		if seg[0] == wcQuest {
			m.step(1)
			if i >= len(s) {
				return i, false
			}
			i += runeLen(s, i)
			seg = seg[1:]
			continue
		}
		lit := seg
		if q := strings.IndexByte(seg, wcQuest); q >= 0 {
			lit = seg[:q]
		}
		m.step(len(lit))
		if !m.hasPrefix(i, lit) {
			return i, false
		}
		i += len(lit)
		seg = seg[len(lit):]
	}
	return i, true
}

func (m *globMatcher) hasPrefix(i int, lit string) bool {
	if len(m.s)-i < len(lit) {
		return false
	}
	if m.fold {
		return equalFoldASCII(lit, m.s[i:i+len(lit)])
	}
	return m.s[i:i+len(lit)] == lit
}

// index returns the first place at or after i where lit occurs, or -1.
func (m *globMatcher) index(i int, lit string) int {
	s := m.s
	if !m.fold {
		j := strings.Index(s[i:], lit)
		if j < 0 {
			m.step(len(s) - i)
			return -1
		}
		m.step(j + len(lit))
		return i + j
	}
	// s is short (maxFoldScan): try each place.
	for ; i+len(lit) <= len(s); i++ {
		m.step(len(lit))
		if equalFoldASCII(lit, s[i:i+len(lit)]) {
			return i
		}
	}
	return -1
}

// leftmost places a middle segment at the first place at or after a that a
// star starting at a can stop at, and returns where it ends.
func (m *globMatcher) leftmost(seg string, a int) (int, bool) {
	s := m.s
	lit := seg
	if q := strings.IndexByte(seg, wcQuest); q >= 0 {
		lit = seg[:q]
		if m.asciiWild(seg) {
			m.step(len(seg))
			for i := a; i+len(seg) <= len(s); i++ {
				if lit != "" {
					if i = m.index(i, lit); i < 0 || i+len(seg) > len(s) {
						return 0, false
					}
				}
				if m.atASCII(seg, i) {
					return i + len(seg), true
				}
			}
			return 0, false
		}
	}
	if lit == "" {
		// Starts with '?': try each place in turn.
		for i := a; i <= len(s); i += runeLen(s, i) {
			if end, ok := m.at(seg, i); ok {
				return end, true
			}
		}
		return 0, false
	}
	for i := a; ; {
		j := m.index(i, lit)
		if j < 0 {
			return 0, false
		}
		if onChain(s, a, j) {
			if end, ok := m.at(seg, j); ok {
				return end, true
			}
		}
		i = j + 1
	}
}

// atEnd reports whether the last segment matches at the end of s, starting
// at a place a star starting at a can stop at.
func (m *globMatcher) atEnd(seg string, a int) bool {
	s := m.s
	if strings.IndexByte(seg, wcQuest) < 0 {
		i := len(s) - len(seg)
		m.step(len(seg))
		return i >= a && onChain(s, a, i) && m.hasPrefix(i, seg)
	}
	if m.asciiWild(seg) {
		i := len(s) - len(seg)
		return i >= a && m.atASCII(seg, i)
	}
	if i, applies, ok := m.backward(seg, a); applies {
		if !ok {
			return false
		}
		end, ok := m.at(seg, i)
		return ok && end == len(s)
	}
	// Invalid UTF-8: try each place a star can stop at.
	for i := a; i <= len(s); i += runeLen(s, i) {
		m.step(1)
		if end, ok := m.at(seg, i); ok && end == len(s) {
			return true
		}
	}
	return false
}

// backward finds where seg must start to end at the end of s, reading s
// backwards one character per '?'. It applies when s[a:] and the literal
// text of seg are valid UTF-8, so that every place a star can stop at is a
// character boundary (applies); ok reports whether a place fits.
func (m *globMatcher) backward(seg string, a int) (i int, applies, ok bool) {
	s := m.s
	if !utf8.ValidString(s[a:]) || !validLiterals(seg) {
		return 0, false, false
	}
	m.step(len(s) - a + len(seg))
	i = len(s)
	for len(seg) > 0 {
		last := len(seg) - 1
		if seg[last] == wcQuest {
			m.step(1)
			if i <= a {
				return 0, true, false
			}
			_, w := utf8.DecodeLastRuneInString(s[a:i])
			i -= w
			seg = seg[:last]
			continue
		}
		lit := seg[strings.LastIndexByte(seg, wcQuest)+1:]
		m.step(len(lit))
		if i-a < len(lit) || !m.hasPrefix(i-len(lit), lit) {
			return 0, true, false
		}
		i -= len(lit)
		seg = seg[:len(seg)-len(lit)]
	}
	return i, true, true
}

// validLiterals reports whether the literal text of seg (between its '?'s)
// is valid UTF-8.
func validLiterals(seg string) bool {
	for seg != "" {
		lit := seg
		if q := strings.IndexByte(seg, wcQuest); q >= 0 {
			lit, seg = seg[:q], seg[q+1:]
		} else {
			seg = ""
		}
		if !utf8.ValidString(lit) {
			return false
		}
	}
	return true
}

// onChain reports whether a star that starts at s[a:] can stop at i >= a:
// whether stepping from a one character at a time (as runeLen reads them)
// reaches i. Only the continuation bytes of a valid multi-byte character
// that starts at or after a are stepped over.
func onChain(s string, a, i int) bool {
	if i == a || i >= len(s) || s[i]&0xC0 != 0x80 {
		return true
	}
	for p := i - 1; p >= a && p >= i-(utf8.UTFMax-1); p-- {
		if p == a || s[p]&0xC0 != 0x80 {
			_, w := utf8.DecodeRuneInString(s[p:])
			return w <= i-p
		}
	}
	return true
}

// lowerASCIIString returns s with its ASCII letters in lower case,
// allocating only when it has upper-case ones.
func lowerASCIIString(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		b[i] = lowerASCII(b[i])
	}
	return string(b)
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
