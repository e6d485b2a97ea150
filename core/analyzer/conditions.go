package analyzer

import (
	"fmt"
	"strings"

	"cloudplay/core/catalog"
	"cloudplay/core/policy"
)

// allowed are the operator families that fit a key type: an ARN key may
// also be compared as a string.
func allowed(t catalog.Type) []policy.Family {
	switch t.Elem() {
	case catalog.String:
		return []policy.Family{policy.FamilyString}
	case catalog.ARN:
		return []policy.Family{policy.FamilyARN, policy.FamilyString}
	case catalog.Numeric:
		return []policy.Family{policy.FamilyNumeric}
	case catalog.Date:
		return []policy.Family{policy.FamilyDate}
	case catalog.Bool:
		return []policy.Family{policy.FamilyBool}
	case catalog.IPAddress:
		return []policy.Family{policy.FamilyIP}
	case catalog.Binary:
		return []policy.Family{policy.FamilyBinary}
	}
	return nil
}

// conditions checks a Condition block: its keys against the catalog and
// their types against the operators.
func (v *validator) conditions(cond *policy.Node) {
	for omi := range cond.Members {
		om := &cond.Members[omi]
		op, ok := policy.ParseOperator(om.Key)
		if !ok || om.Value.Kind != policy.JSONObject {
			continue // policy.Parse reports it
		}
		if op.Family == policy.FamilyNull && op.Set != "" {
			v.add("NULL_WITH_QUALIFIER", "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.", keyLoc(om))
		}
		seen := map[string]string{}
		for kmi := range om.Value.Members {
			km := &om.Value.Members[kmi]
			lower := strings.ToLower(km.Key)
			if prev, dup := seen[lower]; dup && prev != km.Key {
				v.add("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", fmt.Sprintf("The condition key %s appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.", policy.Clip(km.Key)), keyLoc(km))
			}
			seen[lower] = km.Key
			v.conditionKey(om, op, km)
		}
	}
}

func (v *validator) conditionKey(om *policy.Member, op policy.Operator, km *policy.Member) {
	if op.Family == policy.FamilyString && !op.Wildcards {
		for _, val := range km.Value.Strings() {
			if strings.ContainsAny(strings.NewReplacer("${*}", "", "${?}", "").Replace(val.Text), "*?") {
				v.add("WILDCARD_WITHOUT_LIKE_OPERATOR", "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.", loc(val))
				break
			}
		}
	}
	if strings.EqualFold(km.Key, "aws:ARN") {
		// [General Warning – Deprecated global condition key]
		//
		// [General Warning – Deprecated global condition key]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-deprecated-global-condition-key
		v.add("DEPRECATED_GLOBAL_CONDITION_KEY", "We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.", keyLoc(km))
		return
	}
	if v.cat == nil || !strings.Contains(km.Key, ":") {
		return
	}
	k := v.cat.ConditionKey(km.Key)
	if k == nil {
		v.unknownKey(km)
		return
	}
	if op.Family != policy.FamilyNull {
		fams := allowed(k.Type)
		fit := len(fams) == 0
		for _, f := range fams {
			fit = fit || f == op.Family
		}
		if !fit {
			v.add("TYPE_MISMATCH", fmt.Sprintf("Use the operator type %s instead of operator %s for the condition key %s.", fams[0], policy.Clip(om.Key), policy.Clip(km.Key)), keyLoc(km))
		}
	}
	switch {
	case op.Set == "ForAllValues" && !k.Type.Multivalued() && k.Type != catalog.Unknown:
		v.add("FORALLVALUES_WITH_SINGLE_VALUED_KEY", fmt.Sprintf("Using ForAllValues qualifier with the single-valued condition key %s can be overly permissive. We recommend that you remove ForAllValues:.", policy.Clip(km.Key)), keyLoc(km))
	case op.Set == "" && op.Family != policy.FamilyNull && k.Type.Multivalued():
		v.add("MISSING_QUALIFIER", fmt.Sprintf("The request context key %s has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.", policy.Clip(km.Key)), keyLoc(km))
	}
}

// unknownKey reports a condition key the catalog does not have.
func (v *validator) unknownKey(km *policy.Member) {
	prefix, _, _ := strings.Cut(km.Key, ":")
	if k := v.cat.KeyWithoutVariable(km.Key); k != nil {
		v.add("MISSING_TAG_KEY_IN_CONDITION", fmt.Sprintf("The condition key %s must include a tag key to control access based on tags. Use the format %s and specify a key name for tag-key.", policy.Clip(km.Key), k.Name), keyLoc(km))
		return
	}
	switch {
	case strings.EqualFold(prefix, "aws"):
		v.add("INVALID_GLOBAL_CONDITION_KEY", fmt.Sprintf("The condition key %s does not exist. Use a valid condition key.", policy.Clip(km.Key)), keyLoc(km))
	case v.cat.Service(prefix) == nil:
		v.add("INVALID_SERVICE", fmt.Sprintf("The service %s does not exist. Use a valid service name.", policy.Clip(prefix)), keyLoc(km))
	default:
		v.add("INVALID_SERVICE_CONDITION_KEY", fmt.Sprintf("The condition key %s does not exist in the service %s. Use a valid condition key.", policy.Clip(km.Key), policy.Clip(prefix)), keyLoc(km))
	}
}
