package ecs

import (
	"encoding/base64"
	"strconv"
)

// paginate returns one page of items: maxResults from 1 to 100 (the List
// operations' "maxResults ... between 1 and 100", default 100), and the
// token of the next page ("" when none: it is omitted). The token is the
// playground's own (an opaque base64 of the offset).
func paginate(items []string, maxResults *int, token string) ([]string, *string, error) {
	n := 100
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > 100 {
			return nil, nil, errInvalid("maxResults must be between 1 and 100.")
		}
		n = *maxResults
	}
	start := 0
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, nil, errInvalid("Invalid nextToken.")
		}
		start, err = strconv.Atoi(string(b))
		if err != nil || start < 0 || start > len(items) {
			return nil, nil, errInvalid("Invalid nextToken.")
		}
	}
	end := min(start+n, len(items))
	page := append([]string{}, items[start:end]...)
	if end < len(items) {
		t := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		return page, &t, nil
	}
	return page, nil, nil
}

// withToken adds nextToken to a list's output when there is a next page.
func withToken(out map[string]any, next *string) map[string]any {
	if next != nil {
		out["nextToken"] = *next
	}
	return out
}
