package s3model

import (
	"errors"
	"strings"

	"cloudplay/core/policy"
)

// Span is a range of a policy text in byte offsets; From == To marks the
// token that starts at From.
type Span struct{ From, To int }

// PlaceMalformed finds where in text S3's MalformedPolicy message points.
// S3's messages have no position, so the place comes from the policy
// language's own reader: the first error it finds in the text (S3 checks
// the same grammar), or, for a text it accepts, the first statement the
// message is about (an action that is not S3's, a resource outside the
// bucket, a principal that is no account or ARN). ok is false when
// neither names a place.
func PlaceMalformed(bucket, text, message string) (Span, bool) {
	p, err := policy.Parse(text, policy.Resource)
	if err != nil {
		var el policy.ErrorList
		var se *policy.SyntaxError
		switch {
		case errors.As(err, &el) && len(el) > 0:
			return Span{el[0].Pos.Offset, el[0].Pos.Offset}, true
		case errors.As(err, &se):
			return Span{se.Pos.Offset, se.Pos.Offset}, true
		}
		return Span{}, false
	}
	var bad func(*policy.Statement) bool
	msg := strings.ToLower(message)
	switch {
	case strings.Contains(msg, "invalid action"):
		bad = func(s *policy.Statement) bool {
			return anyOf(s.Actions, func(a string) bool { return a != "*" && !strings.HasPrefix(strings.ToLower(a), "s3:") })
		}
	case strings.Contains(msg, "invalid resource"):
		arn := "arn:aws:s3:::" + bucket
		bad = func(s *policy.Statement) bool {
			return anyOf(s.Resources, func(r string) bool { return r != "*" && r != arn && !strings.HasPrefix(r, arn+"/") })
		}
	case strings.Contains(msg, "principal"):
		bad = func(s *policy.Statement) bool {
			return s.Principal == nil || anyOf(s.Principal.AWS, func(a string) bool {
				return a != "*" && !strings.HasPrefix(a, "arn:aws:") && !isAccount(a)
			})
		}
	default:
		return Span{}, false
	}
	for _, s := range p.Statements {
		if bad(s) {
			return Span{s.Start.Offset, s.End.Offset}, true
		}
	}
	return Span{}, false
}

func anyOf(xs []string, f func(string) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}

func isAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
