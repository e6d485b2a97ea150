package catalog

import (
	"slices"
	"strings"

	"cloudplay/core/policy"
)

// Service returns the service with the prefix ("s3"), ignoring case, or nil.
func (c *Catalog) Service(prefix string) *Service { return c.byPrefix[strings.ToLower(prefix)] }

// Action returns the action named "prefix:Name", ignoring case as IAM
// does, or nil. Wildcards are not expanded (see Actions).
func (c *Catalog) Action(name string) *Action {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return nil
	}
	s := c.Service(prefix)
	if s == nil {
		return nil
	}
	return s.Action(act)
}

// Action returns the service's action with the name (without prefix),
// ignoring case, or nil.
func (s *Service) Action(name string) *Action { return s.actions[strings.ToLower(name)] }

// Actions returns the actions an Action element entry matches: "s3:Get*",
// "s3:*", "*:Describe*" or "*", with '*' and '?' matched case-insensitively
// as policy.MatchFold does. The result is sorted by service prefix, then
// name. A pattern without wildcards returns the action it names, if any.
func (c *Catalog) Actions(pattern string) []*Action {
	var out []*Action
	c.EachAction(pattern, func(a *Action) bool {
		out = append(out, a)
		return true
	})
	return out
}

// EachAction calls fn with each action the pattern matches, in the order of
// Actions, until fn returns false. It reports how many actions it tried, a
// measure of the work done (at most NumActions).
func (c *Catalog) EachAction(pattern string, fn func(*Action) bool) (tried int) {
	if pattern == "*" {
		for _, s := range c.services {
			for _, a := range s.Actions {
				tried++
				if !fn(a) {
					return tried
				}
			}
		}
		return tried
	}
	prefix, name, ok := strings.Cut(pattern, ":")
	if !ok {
		return 0
	}
	if !strings.ContainsAny(prefix, "*?") {
		s := c.Service(prefix)
		if s == nil {
			return 0
		}
		t, _ := s.eachAction(name, fn)
		return t
	}
	for _, s := range c.services {
		if !policy.MatchFold(prefix, s.Prefix) {
			continue
		}
		t, more := s.eachAction(name, fn)
		tried += t
		if !more {
			break
		}
	}
	return tried
}

// eachAction calls fn for the service's actions whose name matches the
// pattern. Only the names that share the pattern's literal prefix are
// tried (found by binary search), so "Get*" does not scan the service.
func (s *Service) eachAction(pattern string, fn func(*Action) bool) (tried int, more bool) {
	lp := strings.ToLower(pattern)
	lit := lp
	if i := strings.IndexAny(lp, "*?"); i >= 0 {
		lit = lp[:i]
	} else {
		if a := s.actions[lp]; a != nil {
			return 1, fn(a)
		}
		return 1, true
	}
	i, _ := slices.BinarySearch(s.lower, lit)
	for ; i < len(s.lower) && strings.HasPrefix(s.lower[i], lit); i++ {
		tried++
		if policy.MatchFold(lp, s.lower[i]) && !fn(s.Actions[i]) {
			return tried, false
		}
	}
	return tried, true
}

// ConditionKey returns the condition key with the name, ignoring case:
// a global key (aws:SourceIp, aws:PrincipalTag/team) or a key of the
// service its prefix names (s3:prefix, s3:ExistingObjectTag/team). A key
// with a variable part matches any non-empty text in its place. It returns
// nil for an unknown key.
func (c *Catalog) ConditionKey(name string) *ConditionKey {
	lower := strings.ToLower(name)
	if k := c.gExact[lower]; k != nil {
		return k
	}
	for _, k := range c.gTpl {
		if k.match(lower) {
			return k
		}
	}
	prefix, _, _ := strings.Cut(lower, ":")
	s := c.byPrefix[prefix]
	if s == nil {
		return nil
	}
	if k := s.keys[lower]; k != nil {
		return k
	}
	for _, k := range s.keyTpl {
		if k.match(lower) {
			return k
		}
	}
	return nil
}

// KeyWithoutVariable returns the key with a variable part whose fixed
// start is name ("aws:RequestTag" or "aws:RequestTag/" for
// aws:RequestTag/${TagKey}): a key written without its tag key. It
// returns nil otherwise.
func (c *Catalog) KeyWithoutVariable(name string) *ConditionKey {
	lower := strings.TrimSuffix(strings.ToLower(name), "/")
	stem := func(k *ConditionKey) bool {
		return len(k.pieces) > 0 && strings.TrimSuffix(k.pieces[0], "/") == lower
	}
	for _, k := range c.gTpl {
		if stem(k) {
			return k
		}
	}
	prefix, _, _ := strings.Cut(lower, ":")
	if s := c.byPrefix[prefix]; s != nil {
		for _, k := range s.keyTpl {
			if stem(k) {
				return k
			}
		}
	}
	return nil
}

// Variable reports whether the key has a variable part
// (aws:RequestTag/${TagKey}).
func (k *ConditionKey) Variable() bool { return k.pieces != nil }

// keyPieces splits a key name at its variables (${...} or <...>) into
// lower-case literal parts; nil when it has none.
func keyPieces(name string) []string {
	if !strings.Contains(name, "${") && !strings.Contains(name, "<") {
		return nil
	}
	lower := strings.ToLower(name)
	var pieces []string
	for {
		i, open, close := varStart(lower)
		if i < 0 {
			return append(pieces, lower)
		}
		j := strings.Index(lower[i+len(open):], close)
		if j < 0 {
			return append(pieces, lower)
		}
		pieces = append(pieces, lower[:i])
		lower = lower[i+len(open)+j+len(close):]
	}
}

func varStart(s string) (int, string, string) {
	i, j := strings.Index(s, "${"), strings.IndexByte(s, '<')
	switch {
	case i >= 0 && (j < 0 || i < j):
		return i, "${", "}"
	case j >= 0:
		return j, "<", ">"
	}
	return -1, "", ""
}

// match reports whether the lower-case name matches a key with variables:
// its literal parts in order, with at least one character for each
// variable. Taking each literal at its leftmost place is enough, since a
// variable may absorb any text.
func (k *ConditionKey) match(lower string) bool {
	p := k.pieces
	if !strings.HasPrefix(lower, p[0]) {
		return false
	}
	rest := lower[len(p[0]):]
	last := len(p) - 1
	for i := 1; i <= last; i++ {
		if len(rest) == 0 {
			return false
		}
		if i == last {
			return len(rest) > len(p[i]) && strings.HasSuffix(rest, p[i])
		}
		j := strings.Index(rest[1:], p[i])
		if j < 0 {
			return false
		}
		rest = rest[1+j+len(p[i]):]
	}
	return true
}
