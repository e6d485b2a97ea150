package analyzer

import (
	"fmt"
	"strings"

	"cloudplay/core/catalog"
	"cloudplay/core/policy"
)

// family is the kind of values a condition operator compares.
type family uint8

const (
	famString family = iota
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

var familyNames = [...]string{"String", "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn", "Null"}

// operator is a condition operator split into its parts
// ("ForAllValues:StringLikeIfExists").
type operator struct {
	fam      family
	like     bool // StringLike, StringNotLike and the Arn operators match wildcards
	set      string
	ifExists bool
}

// baseFamilies are the operators of [condition operators].
//
// [condition operators]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
var baseFamilies = map[string]operator{
	"StringEquals": {fam: famString}, "StringNotEquals": {fam: famString},
	"StringEqualsIgnoreCase": {fam: famString}, "StringNotEqualsIgnoreCase": {fam: famString},
	"StringLike": {fam: famString, like: true}, "StringNotLike": {fam: famString, like: true},
	"NumericEquals": {fam: famNumeric}, "NumericNotEquals": {fam: famNumeric}, "NumericLessThan": {fam: famNumeric},
	"NumericLessThanEquals": {fam: famNumeric}, "NumericGreaterThan": {fam: famNumeric}, "NumericGreaterThanEquals": {fam: famNumeric},
	"DateEquals": {fam: famDate}, "DateNotEquals": {fam: famDate}, "DateLessThan": {fam: famDate},
	"DateLessThanEquals": {fam: famDate}, "DateGreaterThan": {fam: famDate}, "DateGreaterThanEquals": {fam: famDate},
	"Bool": {fam: famBool}, "BinaryEquals": {fam: famBinary},
	"IpAddress": {fam: famIP}, "NotIpAddress": {fam: famIP},
	"ArnEquals": {fam: famARN, like: true}, "ArnLike": {fam: famARN, like: true},
	"ArnNotEquals": {fam: famARN, like: true}, "ArnNotLike": {fam: famARN, like: true},
	"Null": {fam: famNull},
}

func parseOperator(s string) (operator, bool) {
	set := ""
	if rest, ok := strings.CutPrefix(s, "ForAnyValue:"); ok {
		set, s = "ForAnyValue", rest
	} else if rest, ok := strings.CutPrefix(s, "ForAllValues:"); ok {
		set, s = "ForAllValues", rest
	}
	op, ok := baseFamilies[s]
	if !ok {
		base, cut := strings.CutSuffix(s, "IfExists")
		if op, ok = baseFamilies[base]; !cut || !ok || op.fam == famNull {
			return operator{}, false
		}
		op.ifExists = true
	}
	op.set = set
	return op, true
}

// allowed are the operator families that fit a key type: an ARN key may
// also be compared as a string.
func allowed(t catalog.Type) []family {
	switch t.Elem() {
	case catalog.String:
		return []family{famString}
	case catalog.ARN:
		return []family{famARN, famString}
	case catalog.Numeric:
		return []family{famNumeric}
	case catalog.Date:
		return []family{famDate}
	case catalog.Bool:
		return []family{famBool}
	case catalog.IPAddress:
		return []family{famIP}
	case catalog.Binary:
		return []family{famBinary}
	}
	return nil
}

// conditions checks a Condition block: its keys against the catalog and
// their types against the operators.
func (v *validator) conditions(cond *node) {
	for _, om := range cond.members {
		op, ok := parseOperator(om.key)
		if !ok || om.val.kind != objectNode {
			continue // policy.Parse reports it
		}
		if op.fam == famNull && op.set != "" {
			v.add("NULL_WITH_QUALIFIER", "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.", om.keyLoc())
		}
		seen := map[string]string{}
		for _, km := range om.val.members {
			lower := strings.ToLower(km.key)
			if prev, dup := seen[lower]; dup && prev != km.key {
				v.add("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", fmt.Sprintf("The condition key %s appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.", policy.Clip(km.key)), km.keyLoc())
			}
			seen[lower] = km.key
			v.conditionKey(om, op, km)
		}
	}
}

func (v *validator) conditionKey(om *member, op operator, km *member) {
	if op.fam == famString && !op.like {
		for _, val := range km.val.strings() {
			if strings.ContainsAny(strings.NewReplacer("${*}", "", "${?}", "").Replace(val.str), "*?") {
				v.add("WILDCARD_WITHOUT_LIKE_OPERATOR", "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.", val.loc())
				break
			}
		}
	}
	if strings.EqualFold(km.key, "aws:ARN") {
		// [General Warning – Deprecated global condition key]
		//
		// [General Warning – Deprecated global condition key]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-deprecated-global-condition-key
		v.add("DEPRECATED_GLOBAL_CONDITION_KEY", "We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.", km.keyLoc())
		return
	}
	if v.cat == nil || !strings.Contains(km.key, ":") {
		return
	}
	k := v.cat.ConditionKey(km.key)
	if k == nil {
		v.unknownKey(km)
		return
	}
	if op.fam != famNull {
		fams := allowed(k.Type)
		fit := len(fams) == 0
		for _, f := range fams {
			fit = fit || f == op.fam
		}
		if !fit {
			v.add("TYPE_MISMATCH", fmt.Sprintf("Use the operator type %s instead of operator %s for the condition key %s.", familyNames[fams[0]], policy.Clip(om.key), policy.Clip(km.key)), km.keyLoc())
		}
	}
	switch {
	case op.set == "ForAllValues" && !k.Type.Multivalued() && k.Type != catalog.Unknown:
		v.add("FORALLVALUES_WITH_SINGLE_VALUED_KEY", fmt.Sprintf("Using ForAllValues qualifier with the single-valued condition key %s can be overly permissive. We recommend that you remove ForAllValues:.", policy.Clip(km.key)), km.keyLoc())
	case op.set == "" && op.fam != famNull && k.Type.Multivalued():
		v.add("MISSING_QUALIFIER", fmt.Sprintf("The request context key %s has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.", policy.Clip(km.key)), km.keyLoc())
	}
}

// unknownKey reports a condition key the catalog does not have.
func (v *validator) unknownKey(km *member) {
	prefix, _, _ := strings.Cut(km.key, ":")
	if k := v.cat.KeyWithoutVariable(km.key); k != nil {
		v.add("MISSING_TAG_KEY_IN_CONDITION", fmt.Sprintf("The condition key %s must include a tag key to control access based on tags. Use the format %s and specify a key name for tag-key.", policy.Clip(km.key), k.Name), km.keyLoc())
		return
	}
	switch {
	case strings.EqualFold(prefix, "aws"):
		v.add("INVALID_GLOBAL_CONDITION_KEY", fmt.Sprintf("The condition key %s does not exist. Use a valid condition key.", policy.Clip(km.key)), km.keyLoc())
	case v.cat.Service(prefix) == nil:
		v.add("INVALID_SERVICE", fmt.Sprintf("The service %s does not exist. Use a valid service name.", policy.Clip(prefix)), km.keyLoc())
	default:
		v.add("INVALID_SERVICE_CONDITION_KEY", fmt.Sprintf("The condition key %s does not exist in the service %s. Use a valid condition key.", policy.Clip(km.key), policy.Clip(prefix)), km.keyLoc())
	}
}
