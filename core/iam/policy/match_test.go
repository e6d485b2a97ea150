package policy

import (
	"regexp"
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

// TestMatchStepBound counts the matcher's loop iterations: the matcher
// must stay within (len(p)+1)*(len(s)+1) in the worst case and linear for
// the star-heavy patterns that make backtracking regex engines explode.
func TestMatchStepBound(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("a", 10000)
	tests := []struct {
		name   string
		p      string
		s      string
		linear bool
	}{
		{"star a repeated, no match", strings.Repeat("*a", 50) + "*b", s, true},
		{"star a repeated, match", strings.Repeat("*a", 50) + "*", s, true},
		{"star a repeated, long tail", strings.Repeat("*a", 200) + "b", s, false},
		{"single star then long literal", "*" + strings.Repeat("a", 100) + "b", s, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			steps := 0
			globMatch(compileGlob(tt.p), tt.s, false, &steps)
			bound := (len(tt.p) + 1) * (len(tt.s) + 1)
			if steps > bound {
				t.Errorf("steps = %d, want <= (len(p)+1)*(len(s)+1) = %d", steps, bound)
			}
			if lin := 2 * (len(tt.p) + len(tt.s) + 1); tt.linear && steps > lin {
				t.Errorf("steps = %d, want linear <= 2*(len(p)+len(s)+1) = %d", steps, lin)
			}
		})
	}
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

func FuzzMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"s3:*", "s3:GetObject"}, {"*a*b?c", "xaybzc"}, {"?", "é"}, {"a*", ""},
		{"**?", "ab"}, {"*ab*ab", "abab"}, {"", ""}, {"?*?", "é"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 64 || len(s) > 256 || !utf8.ValidString(p) || !utf8.ValidString(s) {
			return
		}
		got := Match(p, s)
		want := globRegexp(p).MatchString(s)
		if got != want {
			t.Fatalf("Match(%q, %q) = %v, regexp says %v", p, s, got, want)
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
