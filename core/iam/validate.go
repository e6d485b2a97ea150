package iam

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// validationCode is IAM's code for input that breaks the API's
// constraints (and for what api.Decode refuses).
const validationCode = "ValidationError"

// constraint is one member type of the IAM API model: its length bounds
// and its pattern, as the API reference writes it (for messages) and as Go
// compiles it (anchored).
type constraint struct {
	min, max int
	pattern  string
	re       *regexp.Regexp
}

func newConstraint(min, max int, pattern, goPattern string) constraint {
	c := constraint{min: min, max: max, pattern: pattern}
	if goPattern != "" {
		c.re = regexp.MustCompile(`^(?:` + goPattern + `)$`)
	}
	return c
}

// Member types of the IAM API reference
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
// and its siblings).
var (
	userNameType         = newConstraint(1, 64, `[\w+=,.@-]+`, `[\w+=,.@-]+`)
	existingUserNameType = newConstraint(1, 128, `[\w+=,.@-]+`, `[\w+=,.@-]+`)
	groupNameType        = newConstraint(1, 128, `[\w+=,.@-]+`, `[\w+=,.@-]+`)
	pathType             = newConstraint(1, 512, `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, `(\x{2F})|(\x{2F}[\x{21}-\x{7E}]+\x{2F})`)
	pathPrefixType       = newConstraint(1, 512, `\u002F[\u0021-\u007F]*`, `\x{2F}[\x{21}-\x{7F}]*`)
	markerType           = newConstraint(1, 320, `[\u0020-\u00FF]+`, `[\x{20}-\x{FF}]+`)
	arnType              = newConstraint(20, 2048, "", "")
	tagKeyType           = newConstraint(1, 128, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
	tagValueType         = newConstraint(0, 256, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
)

// Bounds of list members.
const (
	maxItemsMin = 1
	maxItemsMax = 1000
	maxTags     = 50 // tagListType and tagKeyListType, and the tags of one user
)

// checks collects the constraint violations of one input, to report them
// all at once in AWS's words:
//
//	1 validation error detected: Value 'a b' at 'userName' failed to satisfy
//	constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+
type checks []string

// str checks string value v of member at (the member's name as the wire
// shows it: userName, tags.1.member.key) against c.
func (cs *checks) str(at, v string, c constraint) {
	n := utf8.RuneCountInString(v)
	if c.re != nil && !c.re.MatchString(v) {
		cs.fail(at, v, "Member must satisfy regular expression pattern: "+c.pattern)
	}
	if n < c.min {
		cs.fail(at, v, fmt.Sprintf("Member must have length greater than or equal to %d", c.min))
	}
	if c.max >= 0 && n > c.max {
		cs.fail(at, v, fmt.Sprintf("Member must have length less than or equal to %d", c.max))
	}
}

// optStr checks v when the member was given.
func (cs *checks) optStr(at string, v *string, c constraint) {
	if v != nil {
		cs.str(at, *v, c)
	}
}

// maxItems checks a MaxItems member.
func (cs *checks) maxItems(v *int) {
	if v == nil {
		return
	}
	s := fmt.Sprint(*v)
	if *v < maxItemsMin {
		cs.fail("maxItems", s, fmt.Sprintf("Member must have value greater than or equal to %d", maxItemsMin))
	}
	if *v > maxItemsMax {
		cs.fail("maxItems", s, fmt.Sprintf("Member must have value less than or equal to %d", maxItemsMax))
	}
}

// tags checks a list of tags (tagListType).
func (cs *checks) tags(tags []Tag) {
	if len(tags) > maxTags {
		cs.fail("tags", tagList(tags), fmt.Sprintf("Member must have length less than or equal to %d", maxTags))
	}
	for i, t := range tags {
		cs.str(fmt.Sprintf("tags.%d.member.key", i+1), t.Key, tagKeyType)
		cs.str(fmt.Sprintf("tags.%d.member.value", i+1), t.Value, tagValueType)
	}
}

// tagKeys checks a list of tag keys (tagKeyListType).
func (cs *checks) tagKeys(keys []string) {
	if len(keys) > maxTags {
		cs.fail("tagKeys", "["+strings.Join(keys, ", ")+"]", fmt.Sprintf("Member must have length less than or equal to %d", maxTags))
	}
	for i, k := range keys {
		cs.str(fmt.Sprintf("tagKeys.%d.member", i+1), k, tagKeyType)
	}
}

// fail records a violation, quoting at most a short prefix of the value.
func (cs *checks) fail(at, value, rule string) {
	*cs = append(*cs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", clip(value), at, rule))
}

// maxListedViolations is how many violations a ValidationError spells out;
// it counts them all. (A request with 10,000 bad members gets a message of
// a few lines, not of 10,000.)
const maxListedViolations = 10

// err returns the ValidationError reporting every violation, or nil.
func (cs checks) err() error {
	switch len(cs) {
	case 0:
		return nil
	case 1:
		return api.Errorf(validationCode, "1 validation error detected: %s", cs[0])
	}
	listed := strings.Join(cs[:min(len(cs), maxListedViolations)], "; ")
	if len(cs) > maxListedViolations {
		listed += "; …"
	}
	return api.Errorf(validationCode, "%d validation errors detected: %s", len(cs), listed)
}

// list checks the number of members of a list member, quoting the list as
// the Java model's toString does ("[a, b]"), within a short prefix.
func (cs *checks) list(at string, items []string, max int) {
	if len(items) <= max {
		return
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, it := range items {
		if b.Len() > 4*clipLen {
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(clip(it))
	}
	cs.tooMany(at, b.String()+"]", max)
}

// tooMany records that the list member at, shown as value, has more than
// max members.
func (cs *checks) tooMany(at, value string, max int) {
	cs.fail(at, value, fmt.Sprintf("Member must have length less than or equal to %d", max))
}

// clipLen is how many code points of an input a message quotes.
const clipLen = 64

// clip returns s as messages quote an input: at most its first 64 code
// points, then "…".
func clip(s string) string { return policy.Clip(s) }

// tagList renders tags as the Java model's toString does in messages.
func tagList(tags []Tag) string {
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = fmt.Sprintf("Tag(key=%s, value=%s)", t.Key, t.Value)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// checkTagSet refuses what the constraints of single members cannot see:
// two keys that differ only in case, and keys in the aws: namespace.
func checkTagSet(keys []string) error {
	seen := map[string]bool{}
	for _, k := range keys {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "aws:") {
			return api.Errorf("InvalidInput", "Tag keys starting with 'aws:' are reserved for AWS use: %s", clip(k))
		}
		if seen[lk] {
			return api.Errorf("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[lk] = true
	}
	return nil
}

// decode is api.Decode with IAM's validation code.
func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// enum checks that v, when given, is one of values.
func (cs *checks) enum(at string, v *string, values ...string) {
	if v == nil {
		return
	}
	for _, x := range values {
		if *v == x {
			return
		}
	}
	cs.fail(at, *v, "Member must satisfy enum value set: ["+strings.Join(values, ", ")+"]")
}

// intRange checks that v, when given, is within [lo, hi].
func (cs *checks) intRange(at string, v *int, lo, hi int) {
	if v == nil {
		return
	}
	s := fmt.Sprint(*v)
	if *v < lo {
		cs.fail(at, s, fmt.Sprintf("Member must have value greater than or equal to %d", lo))
	}
	if *v > hi {
		cs.fail(at, s, fmt.Sprintf("Member must have value less than or equal to %d", hi))
	}
}
