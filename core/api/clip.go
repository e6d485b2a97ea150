package api

import "unicode/utf8"

// MaxQuoted is how many code points of an offending input an error message
// quotes: enough to recognise it, never the whole of a hostile 10 MB value
// (AWS's own messages quote inputs in full only because its inputs are
// bounded before they are echoed).
const MaxQuoted = 64

// Clip returns s cut to its first max code points, followed by "…" when
// anything was cut. Invalid UTF-8 counts one code point per byte, so the
// result is never longer than 4*max+3 bytes.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s // at most max bytes, so at most max code points
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ClipBytes is Clip for a byte slice.
func ClipBytes(b []byte, max int) string {
	if len(b) <= max {
		return string(b)
	}
	n := 0
	for i := 0; i < len(b); {
		if n == max {
			return string(b[:i]) + "…"
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
		n++
	}
	return string(b)
}
