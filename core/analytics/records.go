package analytics

import (
	"encoding/base64"
	"encoding/json"
)

// getRecordsOut is what a running application needs of a GetRecords
// answer.
type getRecordsOut struct {
	Records []struct {
		SequenceNumber              string
		ApproximateArrivalTimestamp string
		Data                        []byte
	}
	NextShardIterator *string
	ChildShards       []struct{ ShardId string }
}

// decodeRecords reads a GetRecords answer: a single pass over the JSON
// that picks the members the application uses (encoding/json's validating
// pass and reflection cost more than the reading itself at 2,000 records
// a second), falling back to encoding/json on anything unexpected, so the
// result is always encoding/json's.
func decodeRecords(b []byte, out *getRecordsOut) error {
	if fastRecords(b, out) {
		return nil
	}
	*out = getRecordsOut{}
	return json.Unmarshal(b, out)
}

// scanner walks JSON text.
type scanner struct {
	b  []byte
	i  int
	ok bool
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) eat(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string; raw is its text when it has no escapes (ok false
// otherwise: the caller falls back).
func (s *scanner) str() (raw []byte, plain bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		s.ok = false
		return nil, false
	}
	s.i++
	start, plain := s.i, true
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c == '"':
			raw = s.b[start:s.i]
			s.i++
			return raw, plain
		case c == '\\':
			plain = false
			s.i += 2
		case c < 0x20:
			s.ok = false
			return nil, false
		default:
			s.i++
		}
	}
	s.ok = false
	return nil, false
}

// skip skips any value, at most depth levels deep.
func (s *scanner) skip(depth int) {
	s.ws()
	if s.i >= len(s.b) || depth > 32 {
		s.ok = false
		return
	}
	switch s.b[s.i] {
	case '"':
		s.str()
	case '{', '[':
		open, end := s.b[s.i], byte('}')
		if open == '[' {
			end = ']'
		}
		s.i++
		if s.eat(end) {
			return
		}
		for s.ok {
			if open == '{' {
				s.str()
				if !s.eat(':') {
					s.ok = false
					return
				}
			}
			s.skip(depth + 1)
			if s.eat(end) {
				return
			}
			if !s.eat(',') {
				s.ok = false
			}
		}
	default:
		for s.i < len(s.b) && s.b[s.i] != ',' && s.b[s.i] != '}' && s.b[s.i] != ']' {
			s.i++
		}
	}
}

// object calls member for each member of an object.
func (s *scanner) object(member func(name []byte)) {
	if !s.eat('{') {
		s.ok = false
		return
	}
	if s.eat('}') {
		return
	}
	for s.ok {
		name, plain := s.str()
		if !plain || !s.eat(':') {
			s.ok = false
			return
		}
		member(name)
		if s.eat('}') {
			return
		}
		if !s.eat(',') {
			s.ok = false
		}
	}
}

// array calls item for each item of an array; null is nil, [] empty
// (as encoding/json gives them): isNull reports which.
func (s *scanner) array(item func()) (isNull bool) {
	s.ws()
	if s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	if !s.eat('[') {
		s.ok = false
		return
	}
	if s.eat(']') {
		return false
	}
	for s.ok {
		item()
		if s.eat(']') {
			return false
		}
		if !s.eat(',') {
			s.ok = false
		}
	}
	return false
}

// plainString reads a string without escapes into v.
func (s *scanner) plainString(v *string) {
	raw, plain := s.str()
	if !plain {
		s.ok = false
		return
	}
	*v = string(raw)
}

func fastRecords(b []byte, out *getRecordsOut) bool {
	s := &scanner{b: b, ok: true}
	*out = getRecordsOut{}
	s.object(func(name []byte) {
		switch string(name) {
		case "Records":
			out.Records = out.Records[:0]
			null := s.array(func() {
				var r struct {
					SequenceNumber              string
					ApproximateArrivalTimestamp string
					Data                        []byte
				}
				s.object(func(name []byte) {
					switch string(name) {
					case "SequenceNumber":
						s.plainString(&r.SequenceNumber)
					case "ApproximateArrivalTimestamp":
						s.plainString(&r.ApproximateArrivalTimestamp)
					case "Data":
						raw, plain := s.str()
						if !plain {
							s.ok = false
							return
						}
						d := make([]byte, base64.StdEncoding.DecodedLen(len(raw)))
						n, err := base64.StdEncoding.Decode(d, raw)
						if err != nil {
							s.ok = false
							return
						}
						r.Data = d[:n]
					default:
						s.skip(0)
					}
				})
				out.Records = append(out.Records, r)
			})
			if null {
				out.Records = nil
			} else if out.Records == nil {
				out.Records = make([]struct {
					SequenceNumber              string
					ApproximateArrivalTimestamp string
					Data                        []byte
				}, 0)
			}
		case "NextShardIterator":
			s.ws()
			if s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "null" {
				s.i += 4
				return
			}
			var it string
			s.plainString(&it)
			out.NextShardIterator = &it
		case "ChildShards":
			null := s.array(func() {
				var c struct{ ShardId string }
				s.object(func(name []byte) {
					if string(name) == "ShardId" {
						s.plainString(&c.ShardId)
						return
					}
					s.skip(0)
				})
				out.ChildShards = append(out.ChildShards, c)
			})
			if null {
				out.ChildShards = nil
			} else if out.ChildShards == nil {
				out.ChildShards = make([]struct{ ShardId string }, 0)
			}
		default:
			s.skip(0)
		}
	})
	s.ws()
	return s.ok && s.i == len(b)
}
