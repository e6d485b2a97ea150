package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
)

// The bridge's messages (CONTRACT.md, "Pages, links and embedding"): a page
// on any origin posts {"cloudplay": verb, "id": ..., ...} to embed.html.
// site/bridge.js serialises each message to JSON and asks the host to check
// it here, so the rules live in Go and are fuzzed natively (FuzzMessage);
// then it runs the verb through window.cloudplay with the members as
// normalised here.

// maxMessageBytes bounds a message, as UTF-8 JSON text. AWS has no such
// message, so the bound is the playground's own choice: 2 MiB holds a
// link-sized scenario (1 MiB, CONTRACT.md "Sizes and options") twice over,
// and keeps one message from a page we do not know to a size the page can
// copy and parse at once. bridge.js refuses longer text before asking.
const maxMessageBytes = 2 << 20

// maxIDLength bounds an id that is a string, in UTF-16 code units (what
// the page's JavaScript counts). The playground's own choice: an id only
// matches answers to requests, and is sent back whole.
const maxIDLength = 256

// memberKind is the JSON type a message member must have.
type memberKind int

const (
	kindString     memberKind = iota // a string
	kindNonEmpty                     // a string that is not empty
	kindObject                       // an object
	kindBool                         // true or false
	kindNumber                       // a number
	kindObjectText                   // an object, or JSON text in a string
)

func (k memberKind) String() string {
	switch k {
	case kindString:
		return "a string"
	case kindNonEmpty:
		return "a non-empty string"
	case kindObject:
		return "an object"
	case kindBool:
		return "true or false"
	case kindNumber:
		return "a number"
	}
	return "an object or JSON text"
}

// verb says which members a message of one verb may carry, besides
// cloudplay and id.
type verb struct {
	members  map[string]memberKind
	required []string
}

// verbs are the messages the bridge runs. subscribe and unsubscribe carry
// nothing but their id: a subscription is per origin (site/bridge.js).
var verbs = map[string]verb{
	"call": {members: map[string]memberKind{
		"op": kindNonEmpty, "input": kindObjectText, "caller": kindString, "context": kindObject, "trace": kindBool,
	}, required: []string{"op"}},
	"reset":       {members: map[string]memberKind{"scenario": kindObjectText}},
	"advance":     {members: map[string]memberKind{"seconds": kindNumber}, required: []string{"seconds"}},
	"scenario":    {},
	"events":      {},
	"ping":        {},
	"subscribe":   {},
	"unsubscribe": {},
}

// verbNames lists the verbs for messages.
const verbNames = "call, reset, advance, scenario, events, ping, subscribe or unsubscribe"

// ignoredVerbs are what the playground itself posts (answers and
// notifications): a message with one of them is ignored, so that two
// bridges never answer each other for ever. bridge.js skips them too,
// before serialising.
var ignoredVerbs = map[string]bool{"ready": true, "result": true, "event": true, "changed": true, "goals": true}

// Message is a checked bridge message.
type Message struct {
	Verb string
	// ID is the JSON of the id, a number or a string; nil without one.
	ID json.RawMessage
	// Members holds the verb's members that were given (not null), as
	// compact JSON; input and scenario given as objects are turned into
	// strings of JSON text, so that window.cloudplay reads them once.
	Members map[string]json.RawMessage
}

// CheckMessage checks the JSON text of a bridge message. It returns the
// message, or nil (and no error) when the bridge ignores it: text that is
// not an object, an object without a cloudplay member, or one of the
// playground's own answers. Anything else that is not a valid message is
// an InvalidMessage error naming what is wrong; an unknown member is named.
func CheckMessage(text []byte) (*Message, error) {
	if len(text) > maxMessageBytes {
		return nil, invalidMessage("the message is larger than %d bytes of JSON (it has %d)", maxMessageBytes, len(text))
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(text, &members); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && jsonKind(text) != "an object" {
			return nil, nil // JSON, but not an object: no cloudplay member
		}
		return nil, invalidMessage("the message is not JSON")
	}
	rawVerb, ok := members["cloudplay"]
	if !ok {
		return nil, nil
	}
	var name string
	if json.Unmarshal(rawVerb, &name) != nil {
		return nil, invalidMessage("the message's cloudplay member must be a verb (%s), not %s", verbNames, jsonKind(rawVerb))
	}
	if ignoredVerbs[name] {
		return nil, nil
	}
	v, ok := verbs[name]
	if !ok {
		return nil, invalidMessage("unknown verb %s; use %s", quote(name), verbNames)
	}
	m := &Message{Verb: name, Members: map[string]json.RawMessage{}}
	if err := m.setID(members["id"]); err != nil {
		return nil, err
	}
	for _, key := range slices.Sorted(maps.Keys(members)) {
		if key == "cloudplay" || key == "id" {
			continue
		}
		kind, ok := v.members[key]
		if !ok {
			return nil, invalidMessage("a %q message has no member %s; %s", name, quote(key), v.describe())
		}
		if err := m.set(key, kind, members[key]); err != nil {
			return nil, err
		}
	}
	for _, key := range v.required {
		if _, ok := m.Members[key]; !ok {
			return nil, invalidMessage("a %q message needs %q (%s)", name, key, v.members[key])
		}
	}
	return m, nil
}

// setID checks the id (absent or null: none).
func (m *Message) setID(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	switch jsonKind(raw) {
	case "nothing", "null":
		return nil
	case "a number":
		m.ID = raw
		return nil
	case "a string":
		var s string
		if json.Unmarshal(raw, &s) == nil && utf16Len(s) <= maxIDLength {
			m.ID = raw
			return nil
		}
		return invalidMessage("the message's id must be a string of at most %d characters (or a number)", maxIDLength)
	}
	return invalidMessage("the message's id must be a number or a string, not %s", jsonKind(raw))
}

// set checks the member key of kind and keeps it (null: absent).
func (m *Message) set(key string, kind memberKind, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	got := jsonKind(raw)
	if got == "null" {
		return nil
	}
	bad := invalidMessage("a %q message's %q must be %s, not %s", m.Verb, key, kind, got)
	switch kind {
	case kindString, kindNonEmpty:
		var s string
		if got != "a string" || json.Unmarshal(raw, &s) != nil {
			return bad
		}
		if kind == kindNonEmpty && s == "" {
			return invalidMessage("a %q message's %q must not be empty", m.Verb, key)
		}
	case kindObject:
		if got != "an object" {
			return bad
		}
		raw = compactJSON(raw)
	case kindBool:
		if got != "a boolean" {
			return bad
		}
	case kindNumber:
		if got != "a number" {
			return bad
		}
	case kindObjectText:
		switch got {
		case "a string":
		case "an object":
			// JSON text in a string: cloudplay.js passes it on unparsed
			// (and the simulator parses it once).
			raw, _ = json.Marshal(string(raw))
		default:
			return bad
		}
	}
	m.Members[key] = raw // a single token (compact), or a compacted object
	return nil
}

// describe lists the members a message of the verb may have.
func (v verb) describe() string {
	names := append([]string{"cloudplay", "id"}, slices.Sorted(maps.Keys(v.members))...)
	return "its members are " + strings.Join(names, ", ")
}

// JSON is the message as normalised JSON text: members in a fixed order,
// compact. CheckMessage of it returns the same message.
func (m *Message) JSON() []byte {
	var b bytes.Buffer
	b.WriteString(`{"cloudplay":`)
	verb, _ := json.Marshal(m.Verb)
	b.Write(verb)
	if m.ID != nil {
		b.WriteString(`,"id":`)
		b.Write(m.ID)
	}
	for _, key := range slices.Sorted(maps.Keys(m.Members)) {
		name, _ := json.Marshal(key)
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		b.Write(m.Members[key])
	}
	b.WriteByte('}')
	return b.Bytes()
}

func invalidMessage(format string, args ...any) *api.Error {
	return api.Errorf("InvalidMessage", format, args...)
}

// compactJSON returns raw (a valid JSON object) without insignificant
// space.
func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
