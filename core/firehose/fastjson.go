package firehose

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"
)

// getRecordsOut is what the delivery stream reads of a GetRecords output.
type getRecordsOut struct {
	Records           []recordRead
	NextShardIterator *string
	ChildShards       []childRead
}

type recordRead struct {
	Data                        []byte
	ApproximateArrivalTimestamp string
}

type childRead struct{ ShardId string }

// decodeGetRecords reads a kinesis:GetRecords output. The usual shape —
// strings without escapes — is read in one pass (reading a second's 2,000
// records with encoding/json was a quarter of a simulated second's cost);
// anything else is read by encoding/json.
func decodeGetRecords(b []byte) (getRecordsOut, error) {
	if out, ok := fastGetRecords(b); ok {
		return out, nil
	}
	var out getRecordsOut
	err := json.Unmarshal(b, &out)
	return out, err
}

// fastGetRecords is decodeGetRecords' one pass; ok is false for input it
// does not read (escapes, unknown shapes, syntax errors).
func fastGetRecords(b []byte) (out getRecordsOut, ok bool) {
	p := &scan{b: b}
	var seen uint8
	ok = p.object(func(key []byte) bool {
		if !exact(key, &seen, "Records", "NextShardIterator", "ChildShards") {
			return false
		}
		switch string(key) {
		case "Records":
			out.Records = []recordRead{}
			return p.array(func() bool {
				var r recordRead
				var seen uint8
				if !p.object(func(k []byte) bool {
					if !exact(k, &seen, "Data", "ApproximateArrivalTimestamp") {
						return false
					}
					switch string(k) {
					case "Data":
						s, ok := p.str()
						if !ok {
							return false
						}
						r.Data = make([]byte, base64.StdEncoding.DecodedLen(len(s)))
						n, err := base64.StdEncoding.Decode(r.Data, s)
						r.Data = r.Data[:n]
						return err == nil
					case "ApproximateArrivalTimestamp":
						s, ok := p.str()
						r.ApproximateArrivalTimestamp = string(s)
						return ok
					}
					return p.skip()
				}) {
					return false
				}
				out.Records = append(out.Records, r)
				return true
			})
		case "NextShardIterator":
			if p.null() {
				return true
			}
			b, ok := p.str()
			s := string(b)
			out.NextShardIterator = &s
			return ok
		case "ChildShards":
			out.ChildShards = []childRead{}
			return p.array(func() bool {
				var c childRead
				var seen uint8
				if !p.object(func(k []byte) bool {
					if !exact(k, &seen, "ShardId") {
						return false
					}
					if string(k) == "ShardId" {
						s, ok := p.str()
						c.ShardId = string(s)
						return ok
					}
					return p.skip()
				}) {
					return false
				}
				out.ChildShards = append(out.ChildShards, c)
				return true
			})
		}
		return p.skip()
	})
	p.space()
	return out, ok && p.i == len(p.b)
}

// exact reports whether key may be read by the one pass: it is not a
// second member of one of names, and matches none of them but exactly
// (encoding/json matches member names without regard to case).
func exact(key []byte, seen *uint8, names ...string) bool {
	for i, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			if string(key) != n || *seen&(1<<i) != 0 {
				return false
			}
			*seen |= 1 << i
		}
	}
	return true
}

// scan is a small JSON reader of strings without escapes.
type scan struct {
	b []byte
	i int
}

func (p *scan) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\n' || p.b[p.i] == '\t' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *scan) byte(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string with no escape and no control character, and
// reports whether it is valid UTF-8 (encoding/json replaces invalid bytes).
func (p *scan) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			v := p.b[start : p.i-1]
			return v, utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

func (p *scan) null() bool {
	p.space()
	if len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return true
	}
	return false
}

// object reads an object, calling member for each member's value.
func (p *scan) object(member func(key []byte) bool) bool {
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return true
	}
	for {
		k, ok := p.str()
		if !ok || !p.byte(':') || !member(k) {
			return false
		}
		if p.byte('}') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// array reads an array, calling item for each item.
func (p *scan) array(item func() bool) bool {
	if !p.byte('[') {
		return false
	}
	if p.byte(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if p.byte(']') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// skip reads any value of the shapes above (strings without escapes,
// numbers, true, false, null, arrays and objects of them), bounded in depth.
func (p *scan) skip() bool { return p.skipDepth(0) }

func (p *scan) skipDepth(depth int) bool {
	if depth > 16 {
		return false
	}
	p.space()
	if p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		_, ok := p.str()
		return ok
	case c == '{':
		return p.object(func([]byte) bool { return p.skipDepth(depth + 1) })
	case c == '[':
		return p.array(func() bool { return p.skipDepth(depth + 1) })
	case c == 'n':
		return p.null()
	case c == 't' || c == 'f':
		w := "true"
		if c == 'f' {
			w = "false"
		}
		if len(p.b)-p.i >= len(w) && string(p.b[p.i:p.i+len(w)]) == w {
			p.i += len(w)
			return true
		}
		return false
	case c == '-' || '0' <= c && c <= '9':
		start := p.i
		for p.i < len(p.b) && (p.b[p.i] == '-' || p.b[p.i] == '+' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E' || '0' <= p.b[p.i] && p.b[p.i] <= '9') {
			p.i++
		}
		return json.Valid(p.b[start:p.i])
	}
	return false
}
