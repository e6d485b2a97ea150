package iam

import (
	"encoding/base64"
	"hash/fnv"
	"slices"
	"strings"

	"cloudplay/core/api"
)

// defaultMaxItems is the page size when MaxItems is not given.
const defaultMaxItems = 100

// paging is the part of a list operation's input that chooses the page:
// its Marker and MaxItems members. (Input structs spell the two members
// out, as api.Decode reads only a struct's own fields.)
type paging struct {
	Marker   *string
	MaxItems *int
}

func (p paging) check(cs *checks) {
	cs.optStr("marker", p.Marker, markerType)
	cs.maxItems(p.MaxItems)
}

// page is one page of a list: the keys of its items, whether more follow,
// and the marker that continues after it.
type page struct {
	keys        []string
	isTruncated bool
	marker      string
}

// paginate picks the page that p asks for out of keys (sorted, unique).
// A marker names the key the next page starts at, so a page stays right
// when items before it are deleted between calls; an item deleted at the
// marker makes the page start at the next one.
func paginate(keys []string, p paging) (page, error) {
	start := 0
	if p.Marker != nil {
		var err error
		if start, err = markerStart(keys, *p.Marker); err != nil {
			return page{}, err
		}
	}
	n := defaultMaxItems
	if p.MaxItems != nil {
		n = *p.MaxItems
	}
	pg := page{keys: keys[start:min(start+n, len(keys))]}
	if start+len(pg.keys) < len(keys) {
		pg.isTruncated = true
		pg.marker = markerFor(keys[start+len(pg.keys)])
	}
	return pg, nil
}

// cut ends the page after its first n keys, when IAM returns fewer than
// MaxItems results ("IAM might return fewer results, even when there are
// more results available", [ListUsers]) because of the simulator's budget.
//
// [ListUsers]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
func (pg *page) cut(n int) {
	if n < len(pg.keys) {
		pg.isTruncated, pg.marker = true, markerFor(pg.keys[n])
		pg.keys = pg.keys[:n]
	}
}

// Markers are at most 320 characters, IAM's markerType
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html:
// "Maximum length of 320"). A key of up to markerKeyLen bytes is written
// whole ("cp1." and its base64); a longer one (a managed policy's key holds
// its path of up to 512 characters) as "cp2." with the base64 of its first
// markerKeyLen bytes and of a hash of the whole key, which finds it again
// among the keys sharing that prefix.
const (
	markerPrefix     = "cp1."
	markerLongPrefix = "cp2."
	markerKeyLen     = 200
)

func markerFor(key string) string {
	if len(key) <= markerKeyLen {
		return markerPrefix + base64.RawURLEncoding.EncodeToString([]byte(key))
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return markerLongPrefix + base64.RawURLEncoding.EncodeToString([]byte(key[:markerKeyLen])) + "." +
		base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// markerStart returns where the page a marker names starts in keys: at its
// key, or, if that was deleted, at the next one (for a long key whose
// prefix others share, at the first of those).
func markerStart(keys []string, marker string) (int, error) {
	bad := api.Errorf("InvalidInput", "Invalid Marker: %s. Pass the Marker of the previous response of the same operation.", clip(marker))
	var from string
	var sum []byte
	if rest, ok := strings.CutPrefix(marker, markerPrefix); ok {
		b, err := base64.RawURLEncoding.DecodeString(rest)
		if err != nil {
			return 0, bad
		}
		from = string(b)
	} else if rest, ok := strings.CutPrefix(marker, markerLongPrefix); ok {
		head, tail, _ := strings.Cut(rest, ".")
		b, err1 := base64.RawURLEncoding.DecodeString(head)
		s, err2 := base64.RawURLEncoding.DecodeString(tail)
		if err1 != nil || err2 != nil || len(b) != markerKeyLen || len(s) != 8 {
			return 0, bad
		}
		from, sum = string(b), s
	} else {
		return 0, bad
	}
	start, _ := slices.BinarySearch(keys, from)
	if sum != nil {
		for i := start; i < len(keys) && strings.HasPrefix(keys[i], from); i++ {
			h := fnv.New64a()
			h.Write([]byte(keys[i]))
			if string(h.Sum(nil)) == string(sum) {
				return i, nil
			}
		}
	}
	return start, nil
}

// listOutput is the tail every list output has.
type listOutput struct {
	IsTruncated bool   `json:"IsTruncated"`
	Marker      string `json:"Marker,omitempty"`
}

func (pg page) output() listOutput { return listOutput{IsTruncated: pg.isTruncated, Marker: pg.marker} }

func pageOf(marker *string, maxItems *int) paging { return paging{Marker: marker, MaxItems: maxItems} }

// listPage picks the page p asks for out of keys (sorted, unique) and shows
// each key of it with show: the items and the list tail of a list output.
func listPage[O any](keys []string, p paging, show func(key string) O) ([]O, listOutput, error) {
	pg, err := paginate(keys, p)
	if err != nil {
		return nil, listOutput{}, err
	}
	items := []O{}
	for _, k := range pg.keys {
		items = append(items, show(k))
	}
	return items, pg.output(), nil
}

// keysUnder returns the sorted keys of m whose item's path starts with
// prefix (all of them without a prefix).
func keysUnder[V any](m map[string]V, prefix *string, path func(V) string) []string {
	var keys []string
	for _, k := range sortedKeys(m) {
		if prefix == nil || strings.HasPrefix(path(m[k]), *prefix) {
			keys = append(keys, k)
		}
	}
	return keys
}

// listInput is the input of ListUsers, ListGroups and ListRoles.
type listInput struct {
	PathPrefix *string `json:"PathPrefix"`
	Marker     *string `json:"Marker"`
	MaxItems   *int    `json:"MaxItems"`
}

func decodeList(input []byte) (listInput, error) {
	var in listInput
	if err := decode(input, &in); err != nil {
		return in, err
	}
	var cs checks
	cs.optStr("pathPrefix", in.PathPrefix, pathPrefixType)
	in.page().check(&cs)
	return in, cs.err()
}

func (in listInput) page() paging { return pageOf(in.Marker, in.MaxItems) }
