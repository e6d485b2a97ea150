// Command purity checks that the simulator core stays deterministic and
// portable (STYLE.md, "Layout and dependency direction"): its non-test Go
// files must not read the wall clock (time.Now, time.Since, timers, ...), use
// math/rand at all or math/rand/v2's global source, nor import syscall/js, os
// or net/http. Time and randomness come in as arguments.
//
// Usage: go run ./scripts/purity core
//
// It reads the syntax only (go/parser), so a comment that names time.Now is
// fine, and an import under another name is still caught.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// forbiddenImports may not be imported at all.
var forbiddenImports = map[string]string{
	"syscall/js": "the core must build and run without a browser",
	"os":         "file contents come in as arguments",
	"net/http":   "the core does no I/O",
	"math/rand":  "use a seeded *rand.Rand from math/rand/v2",
}

// forbiddenCalls are package-level functions that read the wall clock or a
// global random source, by import path.
var forbiddenCalls = map[string]map[string]bool{
	"time": set("Now", "Since", "Until", "Sleep", "After", "AfterFunc", "Tick", "NewTimer", "NewTicker"),
	"math/rand/v2": set("Int", "IntN", "Int32", "Int32N", "Int64", "Int64N", "Uint", "UintN", "Uint32",
		"Uint32N", "Uint64", "Uint64N", "N", "Float32", "Float64", "Perm", "Shuffle", "ExpFloat64", "NormFloat64"),
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: purity dir...")
		os.Exit(2)
	}
	var problems []string
	for _, dir := range os.Args[1:] {
		p, err := checkDir(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "purity:", err)
			os.Exit(2)
		}
		problems = append(problems, p...)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "purity: %d problem(s): the core must stay deterministic (STYLE.md)\n", len(problems))
		os.Exit(1)
	}
}

func checkDir(dir string) ([]string, error) {
	var problems []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != dir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		problems = append(problems, checkFile(fset, f)...)
		return nil
	})
	return problems, err
}

func checkFile(fset *token.FileSet, f *ast.File) []string {
	var problems []string
	names := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if why, bad := forbiddenImports[p]; bad {
			problems = append(problems, fmt.Sprintf("%s: imports %q: %s", fset.Position(imp.Pos()), p, why))
		}
		if _, watched := forbiddenCalls[p]; !watched {
			continue
		}
		local := p[strings.LastIndex(p, "/")+1:]
		if p == "math/rand/v2" {
			local = "rand"
		}
		if imp.Name != nil {
			local = imp.Name.Name
		}
		names[local] = p
	}
	if len(names) == 0 {
		return problems
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		p, ok := names[id.Name]
		if ok && forbiddenCalls[p][sel.Sel.Name] {
			problems = append(problems, fmt.Sprintf("%s: %s.%s: the core reads time and randomness only from its arguments",
				fset.Position(sel.Pos()), p, sel.Sel.Name))
		}
		return true
	})
	return problems
}
