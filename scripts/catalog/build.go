package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Standard access levels and condition key types come first, in a fixed
// order, so that their numbers do not change between data versions; others
// (the data has "Tagging, Write" and the like) follow in order of first use.
var (
	stdLevels = []string{"List", "Read", "Write", "Permissions management", "Tagging"}
	stdTypes  = []string{"String", "ARN", "Numeric", "Date", "Bool", "IPAddress", "Binary",
		"ArrayOfString", "ArrayOfARN", "ArrayOfNumeric", "ArrayOfDate", "ArrayOfBool", "ArrayOfIPAddress", "ArrayOfBinary"}
)

// build reads the data folder and returns the compact catalog, with
// warnings about references the data leaves dangling (they are dropped).
func build(data fs.FS, source string) ([]byte, []string, error) {
	var prefixes []string
	if err := readJSON(data, "services.json", &prefixes); err != nil {
		return nil, nil, err
	}
	var names map[string]string
	if err := readJSON(data, "serviceNames.json", &names); err != nil {
		return nil, nil, err
	}
	slices.Sort(prefixes)
	prefixes = slices.Compact(prefixes)

	levels, types := &interner{}, &interner{}
	for _, l := range stdLevels {
		levels.id(l)
	}
	for _, t := range stdTypes {
		types.id(t)
	}
	var warnings []string
	services := make([]any, 0, len(prefixes))
	for _, p := range prefixes {
		svc, w, err := buildService(data, p, names[p], levels, types)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, w...)
		services = append(services, svc)
	}
	global := make([]any, 0, len(globalConditionKeys))
	for _, g := range globalConditionKeys {
		global = append(global, []any{g.name, types.id(g.typ)})
	}
	doc := map[string]any{
		"format":   Format,
		"source":   source,
		"levels":   levels.list,
		"types":    types.list,
		"global":   global,
		"services": services,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), warnings, nil
}

func readJSON(data fs.FS, name string, v any) error {
	b, err := fs.ReadFile(data, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// lowerSorted returns the keys of m sorted case-insensitively (then exactly),
// so that the output does not depend on map order.
func lowerSorted[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys
}

// buildService returns [prefix, name, resourceTypes, conditionKeys, actions]:
//
//	resourceTypes: [[name, arnFormat, [conditionKey...]], ...]
//	conditionKeys: [[name, type], ...]
//	actions:       [[name, level, [resourceType*2+required...], [conditionKey...]], ...]
//
// where a resourceType or conditionKey is an index into the service's lists.
func buildService(data fs.FS, prefix, name string, levels, types *interner) (any, []string, error) {
	var (
		acts map[string]srcAction
		rts  map[string]srcResourceType
		cks  map[string]srcConditionKey
	)
	for _, f := range []struct {
		dir string
		v   any
	}{{"actions", &acts}, {"resourceTypes", &rts}, {"conditionKeys", &cks}} {
		if err := readJSON(data, path.Join(f.dir, prefix+".json"), f.v); err != nil {
			return nil, nil, err
		}
	}
	var warnings []string
	ckIdx := map[string]int{}
	ckList := []any{}
	for _, k := range lowerSorted(cks) {
		c := cks[k]
		ckIdx[strings.ToLower(c.Key)] = len(ckList)
		ckList = append(ckList, []any{c.Key, types.id(c.Type)})
	}
	keyRefs := func(keys []string, where string) []int {
		out := []int{}
		for _, k := range keys {
			i, ok := ckIdx[strings.ToLower(k)]
			if !ok {
				warnings = append(warnings, fmt.Sprintf("%s: %s: unknown condition key %q", prefix, where, k))
				continue
			}
			out = append(out, i)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	rtIdx := map[string]int{}
	rtList := []any{}
	for _, k := range lowerSorted(rts) {
		r := rts[k]
		rtIdx[strings.ToLower(r.Key)] = len(rtList)
		rtList = append(rtList, []any{r.Key, r.ARN, keyRefs(r.ConditionKeys, "resource type "+r.Key)})
	}
	actList := []any{}
	for _, k := range lowerSorted(acts) {
		a := acts[k]
		res := []int{}
		keys := slices.Clone(a.ConditionKeys)
		for _, rt := range a.ResourceTypes {
			i, ok := rtIdx[strings.ToLower(rt.Name)]
			if !ok {
				warnings = append(warnings, fmt.Sprintf("%s: action %s: unknown resource type %q", prefix, a.Name, rt.Name))
				continue
			}
			req := 0
			if rt.Required {
				req = 1
			}
			res = append(res, i*2+req)
			keys = append(keys, rt.ConditionKeys...)
		}
		actList = append(actList, []any{a.Name, levels.id(a.AccessLevel), res, keyRefs(keys, "action "+a.Name)})
	}
	return []any{prefix, name, rtList, ckList, actList}, warnings, nil
}
