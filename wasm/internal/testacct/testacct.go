// Package testacct gives the tests of the page's packages the accounts of
// the built-in scenarios.
package testacct

import (
	"cloudplay/wasm/internal/simulate"
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

// Simulate runs iam:SimulatePrincipalPolicy with input as root on a and
// parses its results, failing t on an error.
func Simulate(t testing.TB, a *cloud.Account, input []byte) []simulate.SimResult {
	t.Helper()
	out, err := a.Call(a.RootARN(), "iam:SimulatePrincipalPolicy", input)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := simulate.ParseSimulateOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
