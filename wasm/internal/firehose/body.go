package firehose

import (
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"
)

// Firehose writes an object's records one after the other with no
// delimiter: a record's bytes are exactly what the producer sent, and a
// reader needs its own framing (a newline the producer appends, or JSON
// values that end where they end)
// (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html).
// The object keeps no record boundaries, so the section finds them where
// the body's own framing shows them, and says when it cannot.

// MaxShownBytes bounds the body the section shows (the rest is counted,
// not drawn): the playground's own choice, a screenful of text.
const MaxShownBytes = 16 << 10

// MaxSegments bounds the records the section marks: the playground's own
// choice; a body of more records is shown as one text.
const MaxSegments = 500

// Body is a delivered object's contents, as the section shows them.
type Body struct {
	// Segments are the records, in order, when their boundaries could be
	// found; else one segment, the whole (shown) text.
	Segments []string
	// Framed is how the boundaries were found: "newline" (each record
	// ends with one), "json" (each record is one JSON value), or "" when
	// they were not.
	Framed string
	// Omitted is the number of bytes not shown (past MaxShownBytes).
	Omitted int
	// Binary: the body is not UTF-8 text; Segments hold its first bytes
	// as hex.
	Binary bool
}

// Split finds the boundaries of the records of body, which holds records
// records: after each newline when the body is exactly records lines, at
// the end of each JSON value when it is exactly records values; else it is
// one segment. Bounded: at most MaxSegments and MaxShownBytes are drawn.
func Split(body []byte, records int64) Body {
	shown, omitted := body, 0
	if len(shown) > MaxShownBytes {
		shown, omitted = shown[:MaxShownBytes], len(body)-MaxShownBytes
	}
	if !utf8.Valid(body) {
		return Body{Segments: []string{hexText(shown)}, Omitted: omitted, Binary: true}
	}
	whole := Body{Segments: []string{string(shown)}, Omitted: omitted}
	if omitted > 0 || records <= 1 || records > MaxSegments {
		return whole
	}
	if segs, ok := splitLines(body, int(records)); ok {
		return Body{Segments: segs, Framed: "newline"}
	}
	if segs, ok := splitJSON(body, int(records)); ok {
		return Body{Segments: segs, Framed: "json"}
	}
	return whole
}

// splitLines splits after each "\n" when body is exactly n lines, each
// ending with one.
func splitLines(body []byte, n int) ([]string, bool) {
	if !bytes.HasSuffix(body, []byte("\n")) || bytes.Count(body, []byte("\n")) != n {
		return nil, false
	}
	segs := make([]string, 0, n)
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		segs = append(segs, string(body[:i+1]))
		body = body[i+1:]
	}
	return segs, true
}

// splitJSON splits at the end of each JSON value when body is exactly n
// values (white space between them goes with the value before).
func splitJSON(body []byte, n int) ([]string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	segs := make([]string, 0, n)
	start := 0
	for len(segs) <= n {
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		end := int(dec.InputOffset())
		for end < len(body) && isSpace(body[end]) {
			end++
		}
		segs = append(segs, string(body[start:end]))
		start = end
	}
	if len(segs) != n || start != len(body) {
		return nil, false
	}
	return segs, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func hexText(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, len(b)*3)
	for i, c := range b {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
