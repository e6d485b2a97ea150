// Package testacct gives the tests of the page's packages the accounts of
// the built-in scenarios.
package testacct

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
)

// Prefix is the ARN prefix of the built-in scenarios' account.
const Prefix = "arn:aws:iam::123456789012:"

// Builtin loads the built-in scenario id, failing t when there is none or
// it does not load.
func Builtin(t testing.TB, id string) *cloud.Account {
	t.Helper()
	for _, s := range builtin.List() {
		if s.ID == id {
			a, _, err := scenario.Load(s.JSON)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
	}
	t.Fatalf("no built-in scenario %q", id)
	return nil
}
