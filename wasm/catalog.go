package main

import (
	"strings"

	"cloudplay/core/catalog"
	"cloudplay/core/cloud"
)

// The IAM catalog (the Service Authorization Reference) is about 1 MB, so
// the site fetches it only when first needed: when a policy editor opens
// (catalog_js.go asks site/cloudplay.js for it) or when a script calls an
// access-analyzer: operation. cloudplay.js hands the text to
// cloudplayHost.loadCatalog (Host.LoadCatalog), which parses it and
// dispatches SetCatalog. Every account the store makes (start, reset, load,
// undo) gets a loader that returns the store's catalog, so validation uses
// it from the moment it is there.

// Catalog returns the IAM catalog, or nil while it is not loaded.
func (s *Store) Catalog() *catalog.Catalog { return s.catalog }

// setCatalog keeps c for every account of the store.
func (s *Store) setCatalog(c *catalog.Catalog) {
	s.catalog = c
	s.useCatalog(s.account)
}

// useCatalog gives a the store's catalog loader. The loader never blocks:
// before the catalog is loaded it returns (nil, nil) and validation runs
// without the catalog's checks, as cloud.Account.SetCatalog asks.
func (s *Store) useCatalog(a *cloud.Account) {
	if a != nil {
		a.SetCatalog(s.loadedCatalog)
	}
}

func (s *Store) loadedCatalog() (*catalog.Catalog, error) { return s.catalog, nil }

// Completion is one proposal of the policy editor's completion.
type Completion struct {
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
	Type   string `json:"type,omitempty"` // CodeMirror's completion type: "namespace", "function", "property"
}

// Completion kinds, as site/editor/editor.js names the place being typed.
const (
	CompleteAction       = "action"       // an entry of Action or NotAction
	CompleteConditionKey = "conditionKey" // a key of a condition operator's block
)

// maxCompletions bounds the proposals of one completion (the list shows a
// dozen; typing more narrows it).
const maxCompletions = 200

// Complete returns the proposals for text typed at a place of kind in a
// policy: service prefixes then actions ("s3:" → "s3:GetObject", ...) for
// actions, condition keys (global, and those of the statement's action)
// for condition keys. A nil catalog proposes nothing.
func Complete(c *catalog.Catalog, kind, text, action string) []Completion {
	if c == nil {
		return nil
	}
	var out []Completion
	switch kind {
	case CompleteAction:
		if !strings.Contains(text, ":") {
			for _, s := range c.CompleteService(text) {
				out = append(out, Completion{Label: s.Prefix + ":", Detail: s.Name, Type: "namespace"})
			}
			break
		}
		for _, name := range c.CompleteAction(text) {
			d := ""
			if a := c.Action(name); a != nil {
				d = a.Level
			}
			out = append(out, Completion{Label: name, Detail: d, Type: "function"})
		}
	case CompleteConditionKey:
		for _, k := range c.CompleteConditionKey(text, action) {
			out = append(out, Completion{Label: k.Name, Detail: k.Type.String(), Type: "property"})
		}
	}
	if len(out) > maxCompletions {
		out = out[:maxCompletions]
	}
	return out
}
