package api

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdef", 5, "abcde…"},
		{"code points, not bytes", "ééééé", 5, "ééééé"},
		{"cut between code points", "éééééé", 5, "ééééé…"},
		{"invalid UTF-8 counts per byte", "\xff\xfe\xfd", 2, "\xff\xfe…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Clip(tt.in, tt.max); got != tt.want {
				t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if got := ClipBytes([]byte(tt.in), tt.max); got != tt.want {
				t.Errorf("ClipBytes(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

// A 10 MB member name or value is quoted by its first MaxQuoted code
// points only.
func TestDecodeQuotesAShortPrefix(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("ü", 5<<20)
	tests := []struct{ name, input, prefix string }{
		{"unknown member", `{"` + huge + `":1}`, `Unknown parameter in input: "` + strings.Repeat("ü", MaxQuoted) + `…"`},
		{"wrong type", `{"UserName":["` + huge + `"]}`, `Invalid type for parameter UserName, value: ["` + strings.Repeat("ü", MaxQuoted-2) + `…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var in createUserInput
			err := Decode([]byte(tt.input), &in, "ValidationError")
			var e *Error
			if !errors.As(err, &e) || e.Code != "ValidationError" || !strings.HasPrefix(e.Message, tt.prefix) {
				t.Fatalf("got %.200v, want ValidationError starting %.200q", err, tt.prefix)
			}
			if n := utf8.RuneCountInString(e.Message); n > 200 {
				t.Fatalf("message of %d code points", n)
			}
		})
	}
}
