package catalog

import (
	"slices"
	"strings"
)

// CompleteService returns the services whose prefix starts with prefix,
// ignoring case, sorted by prefix.
func (c *Catalog) CompleteService(prefix string) []*Service {
	lp := strings.ToLower(prefix)
	i, _ := slices.BinarySearchFunc(c.services, lp, func(s *Service, t string) int { return strings.Compare(s.Prefix, t) })
	var out []*Service
	for ; i < len(c.services) && strings.HasPrefix(c.services[i].Prefix, lp); i++ {
		out = append(out, c.services[i])
	}
	return out
}

// CompleteAction returns what an Action entry being typed can become:
// without a colon, the matching service prefixes followed by ':' ("s3:");
// with one, the full names of the service's actions that start with the
// rest, ignoring case ("s3:GetObject", "s3:GetObjectAcl", ...).
func (c *Catalog) CompleteAction(partial string) []string {
	prefix, name, ok := strings.Cut(partial, ":")
	if !ok {
		var out []string
		for _, s := range c.CompleteService(prefix) {
			out = append(out, s.Prefix+":")
		}
		return out
	}
	s := c.Service(prefix)
	if s == nil {
		return nil
	}
	lit := strings.ToLower(name)
	var out []string
	i, _ := slices.BinarySearch(s.lower, lit)
	for ; i < len(s.lower) && strings.HasPrefix(s.lower[i], lit); i++ {
		out = append(out, s.Actions[i].full)
	}
	return out
}

// CompleteConditionKey returns the condition keys that start with partial,
// ignoring case, sorted by name: the global keys and, when action names a
// known action ("s3:GetObject"; wildcards are not expanded), the keys the
// action and its resource types support; without one, the keys of the
// service that partial's prefix names.
func (c *Catalog) CompleteConditionKey(partial, action string) []*ConditionKey {
	lp := strings.ToLower(partial)
	seen := map[*ConditionKey]bool{}
	var out []*ConditionKey
	add := func(keys []*ConditionKey) {
		for _, k := range keys {
			if !seen[k] && strings.HasPrefix(strings.ToLower(k.Name), lp) {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	add(c.global)
	if a := c.Action(action); a != nil {
		add(a.ConditionKeys)
		for _, r := range a.Resources {
			add(r.Type.ConditionKeys)
		}
	} else if prefix, _, ok := strings.Cut(lp, ":"); ok {
		if s := c.byPrefix[prefix]; s != nil {
			add(s.ConditionKeys)
		}
	}
	// A service's own copy of aws:RequestTag/${TagKey} and the global one
	// have the same name: keep the first (global) one.
	slices.SortStableFunc(out, func(a, b *ConditionKey) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return slices.CompactFunc(out, func(a, b *ConditionKey) bool { return strings.EqualFold(a.Name, b.Name) })
}
