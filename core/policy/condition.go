package policy

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The condition operators are those of [condition operators]; each base
// operator may carry the set prefixes ForAnyValue:/ForAllValues: of
// [multivalued context keys] and (except Null) the IfExists suffix.
//
// [condition operators]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// [multivalued context keys]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

// Family is the kind of values a condition operator compares: one section
// of [condition operators].
type Family uint8

// The operator families.
const (
	FamilyString Family = iota
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIP
	FamilyARN
	FamilyNull
)

// String is the family's operator type as ValidatePolicy names it ("Use the
// operator type Numeric ..."): String, Numeric, Date, Bool, Binary,
// IpAddress, Arn or Null.
func (f Family) String() string {
	return [...]string{"String", "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn", "Null"}[f]
}

// Operator is a condition operator split into its parts, as ParseOperator
// reads "ForAllValues:StringNotLikeIfExists".
type Operator struct {
	Base     string // the base operator: "StringNotLike"
	Family   Family
	Negated  bool // StringNotEquals, NotIpAddress, ArnNotLike, ...
	IfExists bool // the IfExists suffix
	// Wildcards reports whether values match with * and ?: the Like
	// operators and every Arn operator (ArnEquals too).
	Wildcards bool
	// Set is the set operator prefix without its colon: "ForAnyValue",
	// "ForAllValues" or "".
	Set string
}

// ParseOperator reads a condition operator of [condition operators]: a
// base operator, optionally with a ForAnyValue: or ForAllValues: prefix
// and (except Null) the IfExists suffix. It reports false for anything
// else. This is the one table of operators: Parse, ValidatePolicy and S3's
// public-policy check all read operators through it.
func ParseOperator(s string) (Operator, bool) {
	op, ok := parseOperator(s)
	if !ok {
		return Operator{}, false
	}
	return Operator{Base: op.name, Family: op.fam, Negated: op.negated, IfExists: op.ifExists,
		Wildcards: op.cmp == cmpLike, Set: [...]string{"", "ForAnyValue", "ForAllValues"}[op.set]}, true
}

type comparison uint8

const (
	cmpEq comparison = iota
	cmpEqFold
	cmpLike
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

type setQual uint8

const (
	setNone setQual = iota
	setAny
	setAll
)

type operator struct {
	name     string // base name, e.g. "StringNotLike"
	fam      Family
	cmp      comparison
	negated  bool
	ifExists bool
	set      setQual
	vars     bool // policy variables are substituted in values
}

// baseOperators lists each base operator. "Policy variables: supported"
// in the condition operators page for String, Bool and ARN operators only.
var baseOperators = map[string]operator{
	"StringEquals":              {fam: FamilyString, cmp: cmpEq, vars: true},
	"StringNotEquals":           {fam: FamilyString, cmp: cmpEq, negated: true, vars: true},
	"StringEqualsIgnoreCase":    {fam: FamilyString, cmp: cmpEqFold, vars: true},
	"StringNotEqualsIgnoreCase": {fam: FamilyString, cmp: cmpEqFold, negated: true, vars: true},
	"StringLike":                {fam: FamilyString, cmp: cmpLike, vars: true},
	"StringNotLike":             {fam: FamilyString, cmp: cmpLike, negated: true, vars: true},
	"NumericEquals":             {fam: FamilyNumeric, cmp: cmpEq},
	"NumericNotEquals":          {fam: FamilyNumeric, cmp: cmpEq, negated: true},
	"NumericLessThan":           {fam: FamilyNumeric, cmp: cmpLt},
	"NumericLessThanEquals":     {fam: FamilyNumeric, cmp: cmpLe},
	"NumericGreaterThan":        {fam: FamilyNumeric, cmp: cmpGt},
	"NumericGreaterThanEquals":  {fam: FamilyNumeric, cmp: cmpGe},
	"DateEquals":                {fam: FamilyDate, cmp: cmpEq},
	"DateNotEquals":             {fam: FamilyDate, cmp: cmpEq, negated: true},
	"DateLessThan":              {fam: FamilyDate, cmp: cmpLt},
	"DateLessThanEquals":        {fam: FamilyDate, cmp: cmpLe},
	"DateGreaterThan":           {fam: FamilyDate, cmp: cmpGt},
	"DateGreaterThanEquals":     {fam: FamilyDate, cmp: cmpGe},
	"Bool":                      {fam: FamilyBool, cmp: cmpEq, vars: true},
	"BinaryEquals":              {fam: FamilyBinary, cmp: cmpEq},
	"IpAddress":                 {fam: FamilyIP, cmp: cmpEq},
	"NotIpAddress":              {fam: FamilyIP, cmp: cmpEq, negated: true},
	"ArnEquals":                 {fam: FamilyARN, cmp: cmpLike, vars: true},
	"ArnLike":                   {fam: FamilyARN, cmp: cmpLike, vars: true},
	"ArnNotEquals":              {fam: FamilyARN, cmp: cmpLike, negated: true, vars: true},
	"ArnNotLike":                {fam: FamilyARN, cmp: cmpLike, negated: true, vars: true},
	"Null":                      {fam: FamilyNull, cmp: cmpEq},
}

// parseOperator splits "ForAllValues:StringLikeIfExists" into its parts.
func parseOperator(s string) (operator, bool) {
	var set setQual
	rest := s
	if r, ok := strings.CutPrefix(rest, "ForAnyValue:"); ok {
		set, rest = setAny, r
	} else if r, ok := strings.CutPrefix(rest, "ForAllValues:"); ok {
		set, rest = setAll, r
	}
	ifExists := false
	op, ok := baseOperators[rest]
	if !ok {
		base, cut := strings.CutSuffix(rest, "IfExists")
		if !cut {
			return operator{}, false
		}
		if op, ok = baseOperators[base]; !ok || op.fam == FamilyNull {
			return operator{}, false
		}
		rest, ifExists = base, true
	}
	op.name, op.set, op.ifExists = rest, set, ifExists
	return op, true
}

// compileCondition checks and pre-parses the values of c. It returns a
// message (without position) when a value cannot be read by the operator.
func compileCondition(c *Condition, variables bool) (msg string, bad int) {
	c.key = strings.ToLower(c.Key)
	c.vals = make([]condVal, len(c.Values))
	for i, v := range c.Values {
		cv := &c.vals[i]
		if variables && c.op.vars {
			t, err := parseTemplate(v.Text)
			if err != nil {
				return err.Error(), i
			}
			if t != nil {
				cv.tpl = t
				continue
			}
		}
		if m := compileValue(c.op, v, cv); m != "" {
			return m, i
		}
	}
	return "", 0
}

// compileValue pre-parses one value for op.
func compileValue(op operator, v Value, cv *condVal) string {
	switch op.fam {
	case FamilyString:
		cv.text = v.Text
		if op.cmp == cmpLike {
			cv.text = compileGlob(v.Text)
		}
	case FamilyARN:
		cv.text = v.Text
		cv.arn = compileARN(v.Text)
	case FamilyNumeric:
		f, ok := parseNumber(v.Text)
		if !ok {
			return fmt.Sprintf("%s: %q is not a number", op.name, Clip(v.Text))
		}
		cv.num = f
	case FamilyDate:
		t, ok := parseDate(v.Text)
		if !ok {
			return fmt.Sprintf("%s: %q is not an ISO 8601 date or epoch time", op.name, Clip(v.Text))
		}
		cv.t = t
	case FamilyBool, FamilyNull:
		b, ok := parseBool(v.Text)
		if !ok {
			return fmt.Sprintf("%s: %q is not true or false", op.name, Clip(v.Text))
		}
		cv.b = b
	case FamilyBinary:
		b, err := base64.StdEncoding.DecodeString(v.Text)
		if err != nil {
			return fmt.Sprintf("%s: %q is not base64", op.name, Clip(v.Text))
		}
		cv.bin = string(b)
	case FamilyIP:
		p, ok := parsePrefix(v.Text)
		if !ok {
			return fmt.Sprintf("%s: %q is not an IP address or CIDR block", op.name, Clip(v.Text))
		}
		cv.pfx = p
	}
	return ""
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// dateLayouts are the ISO 8601 forms accepted besides epoch seconds
// ([Date condition operators]: "a date in one of the supported W3C
// implementations of the ISO 8601 date formats ... or epoch time").
//
// [Date condition operators]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if isEpoch(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
			return time.Time{}, false
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isEpoch reports whether s is a number (epoch seconds) rather than a year.
func isEpoch(s string) bool {
	if len(s) == 4 && strings.Trim(s, "0123456789") == "" {
		return false // "2026" is a year
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || c == '.' || (i == 0 && c == '-')) {
			return false
		}
	}
	return true
}

func parsePrefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// condResult is what evaluating a condition gives besides true/false: the
// name of an unresolved policy variable, or an error message for a request
// value the operator cannot read.
type condResult struct {
	unresolved string
	badValue   string
}

// eval evaluates c against req. Semantics
// ([condition operators], [multivalued context keys]):
//   - key absent: IfExists operators are true; Null tests absence;
//     ForAllValues is true; ForAnyValue is false; otherwise positive
//     operators are false and negated ones true.
//   - the policy values are ORed: a request value matches when it matches
//     any of them. A negated operator is true when the request value matches
//     none of them (so several values act as AND).
//   - with ForAnyValue some request value must satisfy the operator, with
//     ForAllValues every one must. Without a set prefix a positive operator
//     needs some request value to match and a negated operator is the
//     negation of its positive form (no request value may match).
func (c *Condition) eval(req *Request) (bool, condResult) {
	vals, n := req.lookup(c.key)
	if c.op.fam == FamilyNull {
		want := c.vals[0].b // several values: ORed
		for i := 1; i < len(c.vals); i++ {
			if c.vals[i].b != want {
				return true, condResult{}
			}
		}
		return (n <= 0) == want, condResult{}
	}
	if n <= 0 {
		switch {
		case c.op.ifExists:
			return true, condResult{}
		case c.op.set == setAll:
			return true, condResult{}
		case c.op.set == setAny:
			return false, condResult{}
		}
		return c.op.negated, condResult{}
	}
	// A negated operator without a set prefix is the negation of its
	// positive form: no request value may match any policy value.
	if c.op.set == setAll || (c.op.set == setNone && c.op.negated) {
		for i := range n {
			ok, r := c.evalOne(req, vals.at(i))
			if r != (condResult{}) {
				return false, r
			}
			if !ok {
				return false, condResult{}
			}
		}
		return true, condResult{}
	}
	for i := range n {
		ok, r := c.evalOne(req, vals.at(i))
		if r != (condResult{}) {
			return false, r
		}
		if ok {
			return true, condResult{}
		}
	}
	return false, condResult{}
}

// evalOne applies the operator (with its negation) to one request value.
func (c *Condition) evalOne(req *Request, v string) (bool, condResult) {
	any, r := c.matchAny(req, v)
	if r != (condResult{}) {
		return false, r
	}
	return any != c.op.negated, condResult{}
}

// matchAny reports whether the request value v matches any policy value
// under the positive form of the operator.
func (c *Condition) matchAny(req *Request, v string) (bool, condResult) {
	var rv condVal
	switch c.op.fam {
	case FamilyNumeric:
		f, ok := parseNumber(v)
		if !ok {
			return false, condResult{badValue: fmt.Sprintf("%s %s: request value %q is not a number", c.Operator, Clip(c.Key), Clip(v))}
		}
		rv.num = f
	case FamilyDate:
		t, ok := parseDate(v)
		if !ok {
			return false, condResult{badValue: fmt.Sprintf("%s %s: request value %q is not a date", c.Operator, Clip(c.Key), Clip(v))}
		}
		rv.t = t
	case FamilyBool:
		b, ok := parseBool(v)
		if !ok {
			return false, condResult{badValue: fmt.Sprintf("%s %s: request value %q is not true or false", c.Operator, Clip(c.Key), Clip(v))}
		}
		rv.b = b
	case FamilyBinary:
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return false, condResult{badValue: fmt.Sprintf("%s %s: request value %q is not base64", c.Operator, Clip(c.Key), Clip(v))}
		}
		rv.bin = string(b)
	case FamilyIP:
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil {
			return false, condResult{badValue: fmt.Sprintf("%s %s: request value %q is not an IP address", c.Operator, Clip(c.Key), Clip(v))}
		}
		rv.pfx = netip.PrefixFrom(a.Unmap(), 0)
	}
	for i := range c.vals {
		pv := &c.vals[i]
		if pv.tpl != nil {
			resolved, ok := c.resolveValue(req, pv)
			if !ok {
				return false, condResult{unresolved: resolved}
			}
			if c.compare(&resolved2{pv: pv, s: resolved}, v, &rv) {
				return true, condResult{}
			}
			continue
		}
		if c.compareCompiled(pv, v, &rv) {
			return true, condResult{}
		}
	}
	return false, condResult{}
}

type resolved2 struct {
	pv *condVal
	s  string
}

// resolveValue substitutes the variables of a value; on failure it returns
// the unresolved variable's name.
func (c *Condition) resolveValue(req *Request, pv *condVal) (string, bool) {
	glob := c.op.fam == FamilyARN || c.op.cmp == cmpLike
	s, name, ok := pv.tpl.resolve(req, glob)
	if !ok {
		return name, false
	}
	return s, true
}

// compare compares v with a value whose variables were substituted.
func (c *Condition) compare(r *resolved2, v string, rv *condVal) bool {
	var cv condVal
	switch c.op.fam {
	case FamilyARN:
		cv.arn = compileARNEncoded(r.s)
	case FamilyBool:
		b, ok := parseBool(r.s)
		if !ok {
			return false
		}
		cv.b = b
	default:
		cv.text = r.s
	}
	return c.compareCompiled(&cv, v, rv)
}

func (c *Condition) compareCompiled(pv *condVal, v string, rv *condVal) bool {
	switch c.op.fam {
	case FamilyString:
		switch c.op.cmp {
		case cmpEqFold:
			return strings.EqualFold(pv.text, v)
		case cmpLike:
			return globMatch(pv.text, v, false, nil)
		}
		return pv.text == v
	case FamilyARN:
		return pv.arn.match(v)
	case FamilyNumeric:
		return compareOrdered(c.op.cmp, rv.num, pv.num)
	case FamilyDate:
		return compareOrdered(c.op.cmp, rv.t.Compare(pv.t), 0)
	case FamilyBool:
		return rv.b == pv.b
	case FamilyBinary:
		return rv.bin == pv.bin
	case FamilyIP:
		return pv.pfx.Contains(rv.pfx.Addr())
	}
	return false
}

func compareOrdered[T int | float64](c comparison, a, b T) bool {
	switch c {
	case cmpLt:
		return a < b
	case cmpLe:
		return a <= b
	case cmpGt:
		return a > b
	case cmpGe:
		return a >= b
	}
	return a == b
}

// appendHead appends "Condition OP KEY: ", the start of c's reasons.
func (c *Condition) appendHead(b []byte) []byte {
	b = append(append(append(b, "Condition "...), c.Operator...), ' ')
	return append(append(b, c.Key...), ": "...)
}

// appendReason appends why c is false for req, as "Condition OP KEY: why".
func (c *Condition) appendReason(b []byte, req *Request) []byte {
	b = c.appendHead(b)
	vals, n := req.lookup(c.key)
	if c.op.fam == FamilyNull {
		if n <= 0 {
			return append(b, "key is absent from the request"...)
		}
		return append(b, "key is present in the request"...)
	}
	if n <= 0 {
		return append(b, "key is absent from the request"...)
	}
	for i := range c.vals {
		if c.vals[i].tpl == nil {
			continue
		}
		if r, ok := c.resolveValue(req, &c.vals[i]); !ok {
			return append(append(append(b, "policy variable "...), r...), " has no value in the request"...)
		}
	}
	// Find the request value that decided: for ForAllValues the first
	// that fails, otherwise the first (all fail).
	v := vals.at(0)
	if c.op.set == setAll || (c.op.set == setNone && c.op.negated) {
		for i := range n {
			if ok, _ := c.evalOne(req, vals.at(i)); !ok {
				v = vals.at(i)
				break
			}
		}
	}
	if n > 1 {
		if c.op.set == setAll {
			b = append(b, "request value "...)
		} else {
			b = append(b, "no request value matches; "...)
		}
	}
	return c.appendMismatch(b, req, v)
}

// relations names the comparisons of the Numeric and Date operators.
var relations = [...]string{cmpEq: "equal to", cmpLt: "less than", cmpLe: "less than or equal to", cmpGt: "greater than", cmpGe: "greater than or equal to"}

// appendMismatch appends why the request value v fails c's operator.
func (c *Condition) appendMismatch(b []byte, req *Request, v string) []byte {
	op := c.op
	switch op.fam {
	case FamilyIP:
		b = append(b, v...)
		if op.negated {
			b = append(b, " is in "...)
		} else {
			b = append(b, " is not in "...)
		}
		return c.appendPolicyValues(b, req, false)
	case FamilyNumeric, FamilyDate:
		b = append(b, v...)
		if op.negated {
			b = append(b, " is "...)
		} else {
			b = append(b, " is not "...)
		}
		b = append(append(b, relations[op.cmp]...), ' ')
		return c.appendPolicyValues(b, req, true)
	}
	verb := "equal"
	switch {
	case op.cmp == cmpLike || op.fam == FamilyARN:
		verb = "match"
	case op.cmp == cmpEqFold:
		verb = "equal (ignoring case)"
	}
	b = strconv.AppendQuote(b, v)
	if op.negated {
		b = append(b, " does "...)
	} else {
		b = append(b, " does not "...)
	}
	b = append(append(b, verb...), ' ')
	return c.appendPolicyValues(b, req, true)
}

// appendPolicyValues appends c's values (with their variables substituted,
// which appendReason made sure is possible), quoted as appendQuoted quotes
// them, or else separated by commas.
func (c *Condition) appendPolicyValues(b []byte, req *Request, quote bool) []byte {
	if quote && len(c.Values) > 1 {
		b = append(b, "any of "...)
	}
	for i, v := range c.Values {
		if i > 0 {
			b = append(b, ", "...)
		}
		s := v.Text
		if c.vals[i].tpl != nil {
			r, _ := c.resolveValue(req, &c.vals[i])
			s = decodeGlob(r)
		}
		if quote {
			b = strconv.AppendQuote(b, s)
		} else {
			b = append(b, s...)
		}
	}
	return b
}

// appendQuoted appends vs quoted, as "a" or any of "a", "b".
func appendQuoted(b []byte, vs []string) []byte {
	if len(vs) > 1 {
		b = append(b, "any of "...)
	}
	for i, v := range vs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, v)
	}
	return b
}
