package iam

import (
	"encoding/base64"
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
		from, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(*p.Marker, markerPrefix))
		if err != nil || !strings.HasPrefix(*p.Marker, markerPrefix) {
			return page{}, api.Errorf("InvalidInput", "Invalid Marker: %s. Pass the Marker of the previous response of the same operation.", *p.Marker)
		}
		for start < len(keys) && keys[start] < string(from) {
			start++
		}
	}
	n := defaultMaxItems
	if p.MaxItems != nil {
		n = *p.MaxItems
	}
	end := min(start+n, len(keys))
	pg := page{keys: keys[start:end]}
	if end < len(keys) {
		pg.isTruncated = true
		pg.marker = markerPrefix + base64.RawURLEncoding.EncodeToString([]byte(keys[end]))
	}
	return pg, nil
}

// markerPrefix makes markers recognisable (and not mistaken for names).
const markerPrefix = "cp1."

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
