//go:build budget

package budget

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteBudget checks the built site (make build) against
// site-budget.json. make test runs it after make build:
//
//	make build test-budget
//
// CLOUDPLAY_DIST names another built site to check.
func TestSiteBudget(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	dist := os.Getenv("CLOUDPLAY_DIST")
	if dist == "" {
		dist = filepath.Join(root, "dist")
	}
	b, err := Load(filepath.Join(root, "site-budget.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Measure(dist)
	if err != nil {
		t.Fatalf("measuring the built site (run make build first): %v", err)
	}
	report := b.Report(m)
	if problems := b.Check(m); len(problems) > 0 {
		t.Fatalf("the built site %s breaks its size budget (site-budget.json):\n  %s\n\n%s\n%s",
			dist, strings.Join(problems, "\n  "), report, HowToRaise)
	}
	t.Logf("the built site %s is within its size budget:\n%s", dist, report)
}
