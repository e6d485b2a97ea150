package api

import "testing"

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 10, 3},
		{"GetObjekt", "getobject", 10, 1}, // ASCII case is ignored
		{"", "abc", 10, 3},
		{"abc", "", 10, 3},
		{"same", "same", 1, 0},
		{"kitten", "sitting", 3, 3}, // at the limit: the limit
		{"a", "abcdef", 3, 3},       // lengths too far apart
		{"\u00e9", "e", 10, 2},      // bytes, not code points: é is two
		{"\u00c9", "\u00e9", 10, 1}, // only ASCII case folds
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
	long := string(make([]byte, 300))
	if got := EditDistance(long, long[:290], 20); got != 10 {
		t.Errorf("long names: %d, want 10", got)
	}
}
