// Package builtin holds the scenarios built into the playground, embedded
// in the binary: the seed's company (the default) and the gallery.
package builtin

import (
	"embed"
	"encoding/json"
	"slices"
	"strings"
)

//go:embed *.json
var files embed.FS

// Scenario is one built-in scenario.
type Scenario struct {
	ID          string // the file name without .json
	Name        string
	Description string
	JSON        []byte
}

// DefaultID is the id of the default scenario.
const DefaultID = "company"

// Default returns the default scenario: the seed's company.
func Default() []byte {
	b, err := files.ReadFile(DefaultID + ".json")
	if err != nil {
		panic("builtin: the default scenario is missing: " + err.Error())
	}
	return b
}

// List returns every built-in scenario, the default first, then by id.
func List() []Scenario {
	entries, _ := files.ReadDir(".")
	var out []Scenario
	for _, e := range entries {
		b, _ := files.ReadFile(e.Name())
		var head struct{ Name, Description string }
		if err := json.Unmarshal(b, &head); err != nil {
			panic("builtin: " + e.Name() + ": " + err.Error())
		}
		out = append(out, Scenario{ID: strings.TrimSuffix(e.Name(), ".json"), Name: head.Name, Description: head.Description, JSON: b})
	}
	slices.SortFunc(out, func(a, b Scenario) int {
		if (a.ID == DefaultID) != (b.ID == DefaultID) {
			if a.ID == DefaultID {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}
