package ec2

import (
	"regexp"
	"strings"
	"testing"
)

// wildcardRegexp is the reference for wildcardMatch: the same tokens as a
// regular expression.
func wildcardRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for _, t := range tokens(pattern) {
		switch t.kind {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(t.r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

// FuzzFilterMatch compares the filter-value matcher with a regexp
// reference, and checks that id parsing and the Describe operations'
// filter handling never panic.
func FuzzFilterMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"us-east-1*", "us-east-1a"}, {"use1-az?", "use1-az3"}, {`\*amazon\?\\`, `*amazon?\`}, {"*a*b*", "xaxxbx"},
		{"", ""}, {"*", ""}, {"a\\", "a\\"}, {"i-0123456789abcdef0", "i-0123456789abcdef0"}, {"é?", "éé"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 64 {
			return
		}
		if !strings.ContainsRune(pattern, 0xFFFD) && !strings.ContainsRune(s, 0xFFFD) {
			want := wildcardRegexp(pattern).MatchString(s)
			if got := wildcardMatch(pattern, s); got != want {
				t.Fatalf("wildcardMatch(%q, %q) = %v, regexp says %v", pattern, s, got, want)
			}
		}
		_ = wellFormedID("i", s)
		fx := newFixture(t, "")
		in := `{"Filters":[{"Name":` + quoteJSON(pattern) + `,"Values":[` + quoteJSON(s) + `]}],"InstanceIds":[` + quoteJSON(s) + `]}`
		_, _ = fx.call("ec2:DescribeInstances", in)
		_, _ = fx.call("ec2:DescribeSubnets", `{"Filters":[{"Name":"availability-zone","Values":[`+quoteJSON(pattern)+`]}]}`)
	})
}

func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
