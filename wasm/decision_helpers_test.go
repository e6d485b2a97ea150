package main

import (
	"cloudplay/wasm/internal/simulate"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario"
	"cloudplay/core/scenario/builtin"
)

const acct = "arn:aws:iam::123456789012:"

// loadBuiltin loads a built-in scenario by id.
func loadBuiltin(t *testing.T, id string) *cloud.Account {
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

// simulateAs runs iam:SimulatePrincipalPolicy as root and parses it.
func simulateAs(t *testing.T, a *cloud.Account, input []byte) []simulate.SimResult {
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
