package policy

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		s       string
		fold    bool
		want    bool
	}{
		{"exact", "s3:GetObject", "s3:GetObject", false, true},
		{"star all", "*", "anything:at:all", false, true},
		{"star empty", "s3:*", "s3:", false, true},
		{"prefix star", "s3:Get*", "s3:GetObject", false, true},
		{"infix star", "iam:*AccessKey*", "iam:CreateAccessKey", false, true},
		{"question one char", "s3:GetObjec?", "s3:GetObject", false, true},
		{"question needs a char", "s3:GetObject?", "s3:GetObject", false, false},
		{"question is one code point", "a?c", "aéc", false, true},
		{"case sensitive", "s3:getobject", "s3:GetObject", false, false},
		{"action case-insensitive", "s3:getobject", "S3:GetObject", true, true},
		{"fold with star", "IAM:Create*", "iam:createuser", true, true},
		{"backtrack", "*ab*ab", "xabyabab", false, true},
		{"no match", "ec2:*", "s3:GetObject", false, false},
		{"empty pattern", "", "", false, true},
		{"empty pattern nonempty s", "", "a", false, false},
		{"trailing stars", "a**", "a", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := globMatch(compileGlob(tt.pattern), tt.s, tt.fold, nil)
			if got != tt.want {
				t.Errorf("match(%q, %q, fold=%v) = %v, want %v", tt.pattern, tt.s, tt.fold, got, tt.want)
			}
		})
	}
}

// TestARNMatch follows "Using wildcards in resource ARNs"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
func TestARNMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		arn     string
		want    bool
	}{
		{"all", "*", "arn:aws:s3:::bucket/key", true},
		{"users under path", "arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/accounting/Bob", true},
		{"other path", "arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/sales/Bob", false},
		{"bucket objects", "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a/b/c", true},
		{"star spans slashes", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*", "arn:aws:s3:::amzn-s3-demo-bucket/1/2/test/3", true},
		{"user name case-sensitive", "arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob", false},
		{"segment wildcards", "arn:aws:dynamodb:*:123456789012:table/*", "arn:aws:dynamodb:us-east-1:123456789012:table/T", true},
		{"star in region does not eat account", "arn:aws:dynamodb:*:111111111111:table/*", "arn:aws:dynamodb:us-east-1:123456789012:table/T", false},
		{"trailing star runs across colons", "arn:aws:iam::*", "arn:aws:iam::123456789012:user/Bob", true},
		{"resource part with colons", "arn:aws:logs:us-east-1:123456789012:log-group:g:*", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", true},
		{"question in segment", "arn:aws:sqs:us-east-?:123456789012:q", "arn:aws:sqs:us-east-2:123456789012:q", true},
		{"too few segments", "arn:aws:s3:::b", "arn:aws:s3", false},
		{"bucket vs objects", "arn:aws:s3:::b", "arn:aws:s3:::b/k", false},
		{"not an arn", "arn:aws:s3:::*", "*", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ap := compileARN(tt.pattern)
			if got := ap.match(tt.arn); got != tt.want {
				t.Errorf("ARN %q matches %q = %v, want %v", tt.pattern, tt.arn, got, tt.want)
			}
		})
	}
}

// TestMatchStepBound counts the matcher's work: linear in len(p)+len(s)
// for patterns without '?', however many stars they hold, including the
// star-heavy patterns that make backtracking matchers quadratic or worse.
func TestMatchStepBound(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("a", 10000)
	value := strings.Repeat("a", 2048) // the longest resource ARN
	tests := []struct {
		name string
		p    string
		s    string
		want bool
	}{
		{"star a repeated, no match", strings.Repeat("*a", 50) + "*b", s, false},
		{"star a repeated, match", strings.Repeat("*a", 50) + "*", s, true},
		{"star a repeated, long tail", strings.Repeat("*a", 200) + "b", s, false},
		{"single star then long literal", "*" + strings.Repeat("a", 100) + "b", s, false},
		{"100k-character star a pattern", strings.Repeat("*a", 50_000) + "*b", value, false},
		{"100k-character pattern, ends in star", strings.Repeat("*a", 1024) + strings.Repeat("*", 100_000-2048), value, true},
		{"long middle segments", strings.Repeat("*"+strings.Repeat("a", 99)+"b", 1000) + "*", value, false},
		{"question marks at the end", "*" + strings.Repeat("?", 2000) + "b", value, false},
		{"question marks at the end, match", "*" + strings.Repeat("?", 2000), value, true},
		{"fold", strings.Repeat("*A", 50_000) + "*B", value, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			steps := 0
			fold := strings.HasPrefix(tt.name, "fold")
			if got := globMatch(compileGlob(tt.p), tt.s, fold, &steps); got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
			if lin := 4 * (len(tt.p) + len(tt.s) + 1); steps > lin {
				t.Errorf("steps = %d, want linear <= 4*(len(p)+len(s)+1) = %d", steps, lin)
			}
		})
	}
}

// TestMatchQuestionSegments bounds the one case that is not linear: a
// middle segment holding '?' is tried at each place where its first
// literal text occurs, at a cost of its length each time.
func TestMatchQuestionSegments(t *testing.T) {
	t.Parallel()
	value := strings.Repeat("a", 2048)
	p := "*" + strings.Repeat("a?", 100) + "b*"
	steps := 0
	if globMatch(compileGlob(p), value, false, &steps) {
		t.Fatal("matched")
	}
	if bound := (len(p) + 1) * (len(value) + 1); steps > bound {
		t.Errorf("steps = %d, want <= (len(p)+1)*(len(s)+1) = %d", steps, bound)
	}
}

// BenchmarkMatchAdversarial matches a 100,000-character pattern of stars
// against a 2,048-character value (the longest resource ARN), the input
// that kept the page busy for seconds with the two-pointer matcher.
func BenchmarkMatchAdversarial(b *testing.B) {
	value := strings.Repeat("a", 2048)
	for _, bc := range []struct{ name, p string }{
		{"stars", strings.Repeat("*a", 50_000) + "*b"},
		{"long-tail", strings.Repeat("*a", 200) + strings.Repeat("a", 2000) + "b"},
		{"question-segment", "*" + strings.Repeat("a?", 100) + "b*"},
	} {
		p := compileGlob(bc.p)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				globMatch(p, value, false, nil)
			}
		})
	}
}

// refGlobMatch is the two-pointer matcher globMatch replaced: on a mismatch
// it returns to the last star and lets it absorb one more character. It is
// O(len(p)·len(s)) but obviously right, and defines what globMatch must
// answer on every input, valid UTF-8 or not.
func refGlobMatch(p, s string, fold bool) bool {
	px, sx := 0, 0
	starPx, starSx := -1, -1
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case wcStar:
				starPx, starSx = px, sx+runeLen(s, sx)
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
			px, sx = starPx, starSx
			continue
		}
		return false
	}
	return true
}

// globRegexp is the reference: '*' is .*, '?' is one code point.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// FuzzMatch holds the matcher to the two-pointer reference on any bytes
// (with and without case folding), to a regexp on valid UTF-8, and its work
// to (len(p)+1)·(len(s)+1) steps.
func FuzzMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"s3:*", "s3:GetObject"}, {"*a*b?c", "xaybzc"}, {"?", "é"}, {"a*", ""},
		{"**?", "ab"}, {"*ab*ab", "abab"}, {"", ""}, {"?*?", "é"},
		{"*\xa9", "é"}, {"*\xc3?", "é"}, {"*?b", "\xc3b"}, {"*a?c*", "xa\xe2\x82c"},
		{"*A?C", "xabc"}, {"*é*?", "éé"},
	} {
		p, _ := strconv.Unquote(`"` + seed[0] + `"`)
		s, _ := strconv.Unquote(`"` + seed[1] + `"`)
		f.Add(p, s)
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 256 || len(s) > 1024 {
			return
		}
		c := compileGlob(p)
		for _, fold := range []bool{false, true} {
			steps := 0
			got := globMatch(c, s, fold, &steps)
			if want := refGlobMatch(c, s, fold); got != want {
				t.Fatalf("globMatch(%q, %q, fold=%v) = %v, the two-pointer reference says %v", p, s, fold, got, want)
			}
			if fast := globMatch(c, s, fold, nil); fast != got {
				t.Fatalf("globMatch(%q, %q, fold=%v) = %v without counting steps, %v with", p, s, fold, fast, got)
			}
			if bound := 4 * (len(p) + 1) * (len(s) + 1); steps > bound {
				t.Fatalf("globMatch(%q, %q) took %d steps, more than %d", p, s, steps, bound)
			}
		}
		if utf8.ValidString(p) && utf8.ValidString(s) {
			if got, want := Match(p, s), globRegexp(p).MatchString(s); got != want {
				t.Fatalf("Match(%q, %q) = %v, regexp says %v", p, s, got, want)
			}
		}
	})
}

func TestActionPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:GetObject", "S3:getobject", true},
		{"s3:GetObject", "s3:GetObjects", false},
		{"s3:Get*", "s3:getObjectAcl", true},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:*Object", "S3:PUTOBJECT", true},
		{"s3:?etObject", "s3:GetObject", true},
		{"iam:*AccessKey*", "iam:UpdateAccessKey", true},
	}
	for _, tt := range tests {
		ap := compileAction(tt.pattern)
		if got := ap.match(tt.action); got != tt.want {
			t.Errorf("action %q matches %q = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
		if got := MatchFold(tt.pattern, tt.action); got != tt.want {
			t.Errorf("MatchFold(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}
