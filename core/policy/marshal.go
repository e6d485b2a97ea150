package policy

import "unicode/utf8"

// Marshal writes p as canonical JSON: no white space, elements in the order
// Version, Id, Statement (always an array), and in each statement Sid,
// Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource,
// Condition; a list of one value is written as a plain value. Parsing the
// output with p.Kind gives a policy equal to p (the round-trip property the
// fuzz test checks).
func (p *Policy) Marshal() []byte {
	var b []byte
	b = append(b, '{')
	comma := false
	field := func(name string) {
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = appendString(b, name)
		b = append(b, ':')
	}
	if p.Version != "" {
		field("Version")
		b = appendString(b, p.Version)
	}
	if p.ID != "" {
		field("Id")
		b = appendString(b, p.ID)
	}
	field("Statement")
	b = append(b, '[')
	for i, st := range p.Statements {
		if i > 0 {
			b = append(b, ',')
		}
		b = st.appendJSON(b)
	}
	b = append(b, ']', '}')
	return b
}

func (st *Statement) appendJSON(b []byte) []byte {
	b = append(b, '{')
	comma := false
	field := func(name string) {
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = appendString(b, name)
		b = append(b, ':')
	}
	if st.Sid != "" {
		field("Sid")
		b = appendString(b, st.Sid)
	}
	field("Effect")
	b = appendString(b, st.Effect.String())
	if st.Principal != nil {
		if st.NotPrincipal {
			field("NotPrincipal")
		} else {
			field("Principal")
		}
		b = st.Principal.appendJSON(b)
	}
	if st.NotAction {
		field("NotAction")
	} else {
		field("Action")
	}
	b = appendStrings(b, st.Actions)
	if st.Resources != nil {
		if st.NotResource {
			field("NotResource")
		} else {
			field("Resource")
		}
		b = appendStrings(b, st.Resources)
	}
	if len(st.Conditions) > 0 {
		field("Condition")
		b = appendConditions(b, st.Conditions)
	}
	return append(b, '}')
}

func (pr *Principal) appendJSON(b []byte) []byte {
	if pr.Wildcard {
		return appendString(b, "*")
	}
	b = append(b, '{')
	comma := false
	for _, kv := range []struct {
		name string
		vals []string
	}{{"AWS", pr.AWS}, {"CanonicalUser", pr.CanonicalUser}, {"Federated", pr.Federated}, {"Service", pr.Service}} {
		if kv.vals == nil {
			continue
		}
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = appendString(b, kv.name)
		b = append(b, ':')
		b = appendStrings(b, kv.vals)
	}
	return append(b, '}')
}

// appendConditions groups the conditions by operator, operators in order of
// first appearance.
func appendConditions(b []byte, cs []*Condition) []byte {
	b = append(b, '{')
	done := make([]bool, len(cs))
	first := true
	for i, c := range cs {
		if done[i] {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, c.Operator)
		b = append(b, ':', '{')
		for j := i; j < len(cs); j++ {
			if done[j] || cs[j].Operator != c.Operator {
				continue
			}
			done[j] = true
			if j > i {
				b = append(b, ',')
			}
			b = appendString(b, cs[j].Key)
			b = append(b, ':')
			b = appendValues(b, cs[j].Values)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendValues(b []byte, vs []Value) []byte {
	one := func(b []byte, v Value) []byte {
		if v.Kind == StringValue {
			return appendString(b, v.Text)
		}
		return append(b, v.Text...)
	}
	if len(vs) == 1 {
		return one(b, vs[0])
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(b, v)
	}
	return append(b, ']')
}

func appendStrings(b []byte, vs []string) []byte {
	if len(vs) == 1 {
		return appendString(b, vs[0])
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

// appendString writes s as a JSON string, escaping only what JSON requires.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += w
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xF])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}
