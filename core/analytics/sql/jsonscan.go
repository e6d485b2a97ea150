package sql

import (
	"encoding/json"
	"strings"
)

// A small scanner over JSON already checked by json.Valid: it finds the
// members of objects and the elements of arrays as raw spans, without
// building maps, so that mapping a record costs one validation pass plus
// the spans the schema's paths visit.

// skipWS returns the index of the first non-blank byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) && !strings.ContainsRune(",}] \t\n\r", rune(b[i])) {
		i++
	}
	return i
}

// member returns the raw value of the last member named key of the valid
// JSON object raw (encoding/json keeps the last of duplicate names too),
// or nil.
func member(raw []byte, key string) []byte {
	var found []byte
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil
	}
	i = skipWS(raw, i+1)
	for i < len(raw) && raw[i] == '"' {
		end := skipString(raw, i)
		k := raw[i:end]
		i = skipWS(raw, end)
		i = skipWS(raw, i+1) // ':'
		vend := skipValue(raw, i)
		if keyIs(k, key) {
			found = raw[i:vend]
		}
		i = skipWS(raw, vend)
		if i < len(raw) && raw[i] == ',' {
			i = skipWS(raw, i+1)
		}
	}
	return found
}

// keyIs reports whether the quoted JSON string k is key.
func keyIs(k []byte, key string) bool {
	if len(k) == len(key)+2 && string(k[1:len(k)-1]) == key {
		return true
	}
	if !strings.ContainsRune(string(k), '\\') {
		return false
	}
	var s string
	return json.Unmarshal(k, &s) == nil && s == key
}

// elements returns the raw elements of the valid JSON array raw.
func elements(raw []byte) [][]byte {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil
	}
	var out [][]byte
	i = skipWS(raw, i+1)
	for i < len(raw) && raw[i] != ']' {
		end := skipValue(raw, i)
		out = append(out, raw[i:end])
		i = skipWS(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i = skipWS(raw, i+1)
		}
	}
	return out
}

// jsonString decodes a valid JSON string.
func jsonString(raw []byte) (string, error) {
	if len(raw) >= 2 && !strings.ContainsRune(string(raw), '\\') {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}
