package ec2

import (
	"fmt"
	"strings"

	"cloudplay/core/api"
)

// Filter is one member of a Describe operation's Filters list.
type Filter struct {
	Name   string   `json:"Name"`
	Values []string `json:"Values"`
}

// Bounds of Filters, the playground's own: EC2 documents none for these
// operations but refuses very large requests; these hold any real query
// and bound the matching work of one call.
const (
	MaxFilters      = 50
	MaxFilterValues = 200
	maxFilterValue  = 1024 // bytes of one value
)

// fieldsFunc returns the values a resource has for a filter name, and
// whether the name is one the operation knows.
type fieldsFunc[T any] func(r T, name string) (values []string, known bool)

// checkFilters checks the filters' shape and names against the names the
// operation knows (probe answers for a zero resource): an unknown name is
// InvalidParameterValue, "The filter 'x' is invalid", as EC2 words it.
func checkFilters[T any](fs []Filter, fields fieldsFunc[T]) error {
	if len(fs) > MaxFilters {
		return api.Errorf(invalidParameterValue, "The request has %d filters; the playground accepts at most %d", len(fs), MaxFilters)
	}
	var zero T
	for _, f := range fs {
		if f.Name == "" {
			return api.Errorf(invalidParameterValue, "The filter 'null' is invalid")
		}
		if _, ok := fields(zero, f.Name); !ok {
			return api.Errorf(invalidParameterValue, "The filter '%s' is invalid", api.Clip(f.Name, api.MaxQuoted))
		}
		if len(f.Values) > MaxFilterValues {
			return api.Errorf(invalidParameterValue, "The filter '%s' has %d values; the playground accepts at most %d", api.Clip(f.Name, api.MaxQuoted), len(f.Values), MaxFilterValues)
		}
		for _, v := range f.Values {
			if len(v) > maxFilterValue {
				return api.Errorf(invalidParameterValue, "A value of the filter '%s' is longer than %d bytes", api.Clip(f.Name, api.MaxQuoted), maxFilterValue)
			}
		}
	}
	return nil
}

// matchFilters reports whether r passes every filter: a filter matches
// when any of its values matches any of the resource's values for the
// name; values may hold the wildcards * and ?
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Filtering.html).
func matchFilters[T any](r T, fs []Filter, fields fieldsFunc[T]) bool {
	for _, f := range fs {
		have, _ := fields(r, f.Name)
		if !anyMatch(f.Values, have) {
			return false
		}
	}
	return true
}

func anyMatch(patterns, values []string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if wildcardMatch(p, v) {
				return true
			}
		}
	}
	return false
}

// token is one element of a filter value: a literal code point, * or ?.
type token struct {
	kind byte // 'l' literal, '*' any run, '?' any one
	r    rune
}

// tokens splits a filter value into tokens: \ makes the next code point
// literal (a trailing \ is itself literal), as EC2's "a value of
// \*amazon\?\\ searches for the literal string *amazon?\" reads.
func tokens(pattern string) []token {
	rs := []rune(pattern)
	out := make([]token, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == '\\' && i+1 < len(rs):
			i++
			out = append(out, token{'l', rs[i]})
		case c == '*' || c == '?':
			out = append(out, token{byte(c), 0})
		default:
			out = append(out, token{'l', c})
		}
	}
	return out
}

// wildcardMatch reports whether s matches pattern, where * matches any run
// of code points and ? any one, in O(len(pattern)·len(s)) at worst.
func wildcardMatch(pattern, s string) bool {
	p, str := tokens(pattern), []rune(s)
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && p[pi].kind == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi].kind == '?' || p[pi].r == str[si]):
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].kind == '*' {
		pi++
	}
	return pi == len(p)
}

// tagFilter answers the tag:KEY and tag-key filters from tags.
func tagFilter(tags []Tag, name string) ([]string, bool) {
	if key, ok := strings.CutPrefix(name, "tag:"); ok {
		var out []string
		for _, t := range tags {
			if t.Key == key {
				out = append(out, t.Value)
			}
		}
		return out, true
	}
	switch name {
	case "tag-key":
		var out []string
		for _, t := range tags {
			out = append(out, t.Key)
		}
		return out, true
	case "tag-value":
		var out []string
		for _, t := range tags {
			out = append(out, t.Value)
		}
		return out, true
	}
	return nil, false
}

func boolString(b bool) string { return fmt.Sprint(b) }
