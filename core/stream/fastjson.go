package stream

import (
	"encoding/base64"
	"unicode/utf8"
)

// decodePutRecords reads a PutRecords input of the usual shape — an object
// of StreamName, StreamARN and Records, each record an object of Data,
// PartitionKey and ExplicitHashKey, every value a string without escapes
// — in one pass, for the speed of producers sending thousands of records
// a second. ok is false for anything else (null, escapes, duplicate or
// unknown members, invalid base64 or UTF-8, a syntax error), which the
// caller then reads with api.Decode, so that every refusal keeps its
// wording.
func decodePutRecords(b []byte) (in putRecordsInput, ok bool) {
	p := &scanner{b: b}
	if !p.byte('{') {
		return in, false
	}
	var seenName, seenARN, seenRecords bool
	for first := true; ; first = false {
		if p.peek() == '}' && first {
			p.i++
			break
		}
		key, ok := p.str()
		if !ok || !p.byte(':') {
			return in, false
		}
		switch string(key) {
		case "StreamName", "StreamARN":
			v, ok := p.str()
			if !ok || key[6] == 'N' && seenName || key[6] == 'A' && seenARN {
				return in, false
			}
			s := string(v)
			if key[6] == 'N' {
				in.StreamName, seenName = &s, true
			} else {
				in.StreamARN, seenARN = &s, true
			}
		case "Records":
			if seenRecords || !p.records(&in) {
				return in, false
			}
			seenRecords = true
		default:
			return in, false
		}
		if p.peek() == ',' {
			p.i++
			continue
		}
		if !p.byte('}') {
			return in, false
		}
		break
	}
	p.space()
	return in, seenRecords && p.i == len(b)
}

func (p *scanner) records(in *putRecordsInput) bool {
	if !p.byte('[') {
		return false
	}
	in.Records = make([]putRecordsEntry, 0, 16)
	if p.peek() == ']' {
		p.i++
		return true
	}
	for {
		e, ok := p.record()
		if !ok {
			return false
		}
		in.Records = append(in.Records, e)
		if p.peek() == ',' {
			p.i++
			continue
		}
		return p.byte(']')
	}
}

func (p *scanner) record() (e putRecordsEntry, ok bool) {
	if !p.byte('{') {
		return e, false
	}
	var seenData, seenKey, seenHash bool
	for {
		key, ok := p.str()
		if !ok || !p.byte(':') {
			return e, false
		}
		v, ok := p.str()
		if !ok {
			return e, false
		}
		switch string(key) {
		case "Data":
			if seenData {
				return e, false
			}
			e.Data = make([]byte, base64.StdEncoding.DecodedLen(len(v)))
			n, err := base64.StdEncoding.Decode(e.Data, v)
			if err != nil {
				return e, false
			}
			e.Data, seenData = e.Data[:n], true
		case "PartitionKey":
			if seenKey {
				return e, false
			}
			e.PartitionKey, seenKey = string(v), true
		case "ExplicitHashKey":
			if seenHash {
				return e, false
			}
			s := string(v)
			e.ExplicitHashKey, seenHash = &s, true
		default:
			return e, false
		}
		if p.peek() == ',' {
			p.i++
			continue
		}
		return e, p.byte('}') && seenData && seenKey
	}
}

// scanner reads JSON text from b at i.
type scanner struct {
	b []byte
	i int
}

func (p *scanner) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space (0 at the end).
func (p *scanner) peek() byte {
	p.space()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// byte reads c after white space.
func (p *scanner) byte(c byte) bool {
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// str reads a string without escapes and returns its bytes (valid UTF-8,
// no control characters).
func (p *scanner) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start, ascii := p.i, true
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false
}
