package analyzer

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"cloudplay/core/policy"
)

// grammar turns the errors of policy.Parse into findings. The policy
// package reports errors as positioned messages without a code, so the
// code is recognised from the message (grammarRules); an unrecognised
// message keeps its own text under INVALID_POLICY_ELEMENT. Each error's
// byte offset finds the element it points at, for the span and the path.
func (v *validator) grammar(err error) {
	var list policy.ErrorList
	var one *policy.SyntaxError
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = policy.ErrorList{one}
	default:
		v.add("INVALID_POLICY_ELEMENT", err.Error(), Location{Path: []PathElement{}})
		return
	}
	for _, e := range list {
		loc, n, m := v.locate(e.Pos)
		code, details := v.classify(e.Msg, n, m)
		if code != "" {
			v.add(code, details, loc)
		}
	}
}

// locate finds the element at a policy.Position: the value or member name
// that starts at its byte offset.
func (v *validator) locate(p policy.Position) (Location, *policy.Node, *policy.Member) {
	n, m := v.doc.Root.At(p.Offset)
	switch {
	case m != nil:
		return keyLoc(m), n, m
	case n != nil:
		return loc(n), n, nil
	}
	// Not the start of an element: a zero-width span at the position.
	at := Position{Line: p.Line, Column: p.Column - 1, Offset: codePoints(v.doc.Text, p.Offset)}
	return Location{Path: []PathElement{}, Span: Span{Start: at, End: at}}, nil, nil
}

func codePoints(s string, byteOff int) int {
	n := 0
	for i := 0; i < byteOff && i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// grammarRule recognises a message of the policy package.
type grammarRule struct {
	re   *regexp.Regexp
	code func(v *validator, sub []string, n *policy.Node, m *policy.Member) (string, string)
}

func fixed(code, details string) func(*validator, []string, *policy.Node, *policy.Member) (string, string) {
	return func(*validator, []string, *policy.Node, *policy.Member) (string, string) { return code, details }
}

var grammarRules = []grammarRule{
	{regexp.MustCompile(`^syntax error|^invalid UTF-8|^duplicate element`), func(v *validator, _ []string, n *policy.Node, _ *policy.Member) (string, string) {
		return "JSON_SYNTAX_ERROR", "Fix the JSON syntax error."
	}},
	{regexp.MustCompile(`unknown (?:statement )?element "([^"]*)"$`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "INVALID_POLICY_ELEMENT", fmt.Sprintf("The policy element %s is not valid.", s[1])
	}},
	{regexp.MustCompile(`^Missing required field Statement`), fixed("MISSING_STATEMENT", "Add a statement to the policy")},
	{regexp.MustCompile(`^Missing required field Effect`), fixed("MISSING_EFFECT", "Add an Effect element to the policy statement with a value of Allow or Deny.")},
	{regexp.MustCompile(`^Invalid effect: "([^"]*)"`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "INVALID_EFFECT", fmt.Sprintf("The effect %s is not valid. Use Allow or Deny.", s[1])
	}},
	{regexp.MustCompile(`^Policy statement must contain actions`), fixed("MISSING_ACTION", "Add an Action or NotAction element to the policy statement.")},
	{regexp.MustCompile(`^Policy statement must contain resources`), fixed("MISSING_RESOURCE", "Add a Resource or NotResource element to the policy statement.")},
	{regexp.MustCompile(`^Missing required field Principal`), fixed("MISSING_PRINCIPAL", "Add a Principal element to the policy statement.")},
	{regexp.MustCompile(`^Policy document should not specify a principal`), func(v *validator, _ []string, _ *policy.Node, _ *policy.Member) (string, string) {
		if v.opts.PolicyType == ServiceControlPolicy {
			return "SCP_SYNTAX_ERROR_PRINCIPAL", "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element."
		}
		t := v.opts.PolicyType
		if t == "" {
			t = IdentityPolicy
		}
		return "UNSUPPORTED_PRINCIPAL", fmt.Sprintf("The policy type %s does not support the Principal element. Remove the Principal element.", t)
	}},
	{regexp.MustCompile(`^a statement cannot have both (\w+) and (\w+)`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "UNSUPPORTED_ELEMENT_COMBINATION", fmt.Sprintf("The policy elements %s and %s can not be used in the same statement. Remove one of these elements.", s[1], s[2])
	}},
	{regexp.MustCompile(`^Has prohibited field`), fixed("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.")},
	{regexp.MustCompile(`^NotPrincipal is not supported in a role trust policy`), fixed("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.")},
	{regexp.MustCompile(`^NotPrincipal must be used with`), fixed("ALLOW_WITH_NOT_PRINCIPAL", "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.")},
	{regexp.MustCompile(`^Invalid principal in policy: empty`), fixed("EMPTY_OBJECT_PRINCIPAL", "This statement includes no principals and does not affect the policy. Specify principals.")},
	{regexp.MustCompile(`^Invalid principal in policy: unknown principal type "([^"]*)"`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "INVALID_PRINCIPAL_KEY", fmt.Sprintf("The principal key %s is not valid.", s[1])
	}},
	{regexp.MustCompile(`^Invalid principal in policy|^Principal must be|^NotPrincipal must be "`), fixed("INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid. Specify a key-value pair in the Principal element.")},
	{regexp.MustCompile(`^(Action|NotAction|Resource|NotResource|Principal|NotPrincipal)\b.* must not be an empty array`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		switch strings.TrimPrefix(s[1], "Not") {
		case "Action":
			return "EMPTY_ARRAY_ACTION", "This statement includes no actions and does not affect the policy. Specify actions."
		case "Resource":
			return "EMPTY_ARRAY_RESOURCE", "This statement includes no resources and does not affect the policy. Specify resources."
		}
		return "EMPTY_ARRAY_PRINCIPAL", "This statement includes no principals and does not affect the policy. Specify principals."
	}},
	{regexp.MustCompile(`^condition (\S+) (\S+) has no values`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		// The policy package reports this only for an operator it read.
		op, _ := policy.ParseOperator(s[1])
		switch key := s[2]; {
		case op.Set == "ForAllValues":
			return "EMPTY_ARRAY_CONDITION_FORALLVALUES", fmt.Sprintf("The ForAllValues prefix with an empty condition key matches only if the key %s is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.", key)
		case op.Set == "ForAnyValue":
			return "EMPTY_ARRAY_CONDITION_FORANYVALUE", fmt.Sprintf("The ForAnyValue prefix with an empty condition key %s never matches the request context and it does not affect the policy. Specify conditions.", key)
		case op.IfExists:
			return "EMPTY_ARRAY_CONDITION_IFEXISTS", fmt.Sprintf("The IfExists suffix with an empty condition key matches only if the key %s is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.", key)
		default:
			return "EMPTY_ARRAY_CONDITION", fmt.Sprintf("There are no values for the condition key %s and it does not affect the policy. Specify conditions.", key)
		}
	}},
	{regexp.MustCompile(`^condition operator ".*" has no condition keys`), fixed("EMPTY_OBJECT_CONDITION", "This condition block is empty and it does not affect the policy. Specify conditions.")},
	{regexp.MustCompile(`^Statement IDs \(SID\) in a single policy must be unique`), func(v *validator, _ []string, _ *policy.Node, _ *policy.Member) (string, string) {
		// IAM requires unique Sids of identity and trust policies; other
		// services' resource policies accept repeats.
		if v.opts.kind() == policy.Resource {
			return "UNIQUE_SIDS_RECOMMENDED", "We recommend that you use statement IDs that are unique to your policy. Update the Sid value."
		}
		return "UNIQUE_SIDS_REQUIRED", "Duplicate statement IDs are not supported for this policy type. Update the Sid value."
	}},
	{regexp.MustCompile(`^Statement IDs \(SID\) must be alpha-numeric`), fixed("UNSUPPORTED_SID", "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]")},
	{regexp.MustCompile(`unsupported Version "([^"]*)"`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "INVALID_VERSION", fmt.Sprintf("The version %s is not valid. Use one of the following versions: %s, %s", s[1], policy.Version2012, policy.Version2008)
	}},
	{regexp.MustCompile(`^unknown condition operator "([^"]*)"`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		if strings.HasSuffix(s[1], "NullIfExists") {
			return "NULL_WITH_IF_EXISTS", "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix."
		}
		return "INVALID_CONDITION_OPERATOR", fmt.Sprintf("The condition operator %s is not valid. Use a valid condition operator.", s[1])
	}},
	{regexp.MustCompile(`^Actions/Conditions must be prefaced by a vendor.*\(condition key`), fixed("INVALID_CONDITION_KEY_FORMAT", "The condition key format is not valid. Use the format service:keyname.")},
	{regexp.MustCompile(`^Actions/Conditions must be prefaced by a vendor.*\(got "(.*)"\)`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		vendor, _, ok := strings.Cut(s[1], ":")
		if ok && strings.ContainsAny(vendor, "*?") {
			return "WILDCARD_IN_SERVICE_NAME", "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names."
		}
		return "INVALID_ACTION", fmt.Sprintf("The action %s does not exist.", s[1])
	}},
	{regexp.MustCompile(`must be in ARN format`), fixed("INVALID_ARN_PREFIX", "Add the required prefix (arn) to the resource ARN.")},
	// An empty variable or one with a space: practices reports it
	// (EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE) at the variable itself.
	{regexp.MustCompile(`invalid policy variable "\$\{[^"]*[ \t][^"]*\}"$|invalid policy variable "\$\{\}"$`), fixed("", "")},
	{regexp.MustCompile(`unterminated policy variable`), fixed("MISSING_BRACE_IN_VARIABLE", "The policy variable is missing a closing curly brace. Add } after the variable text.")},
	{regexp.MustCompile(`default value must be in single quotes`), fixed("MISSING_QUOTE_IN_VARIABLE", "The policy variable default value must begin and end with a single quote. Add the missing quote.")},
	{regexp.MustCompile(`^(\w+): ".*" is not a number`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "TYPE_MISMATCH_NUMBER", fmt.Sprintf("Add a valid numeric value for the condition operator %s.", s[1])
	}},
	{regexp.MustCompile(`is not an ISO 8601 date`), fixed("TYPE_MISMATCH_DATE", "The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.")},
	{regexp.MustCompile(`^(\w+): ".*" is not true or false`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "TYPE_MISMATCH_BOOLEAN", fmt.Sprintf("Add a valid Boolean value (true or false) for the condition operator %s.", s[1])
	}},
	{regexp.MustCompile(`^(\w+): ".*" is not base64`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "TYPE_MISMATCH_STRING", fmt.Sprintf("Add a valid base64-encoded string value for the condition operator %s.", s[1])
	}},
	{regexp.MustCompile(`^(\w+): ".*" is not an IP address`), func(_ *validator, s []string, _ *policy.Node, _ *policy.Member) (string, string) {
		return "TYPE_MISMATCH_IP_RANGE", fmt.Sprintf("The condition operator %s is used with an invalid IP range value. Specify the IP range in standard CIDR format.", s[1])
	}},
	{regexp.MustCompile(`must be a JSON object|must be an object or an array|must be "\*" or an object|must be a string|values must be strings`), func(_ *validator, _ []string, n *policy.Node, _ *policy.Member) (string, string) {
		return "DATA_TYPE_MISMATCH", fmt.Sprintf("The text does not match the expected JSON data type %s.", expectedType(n))
	}},
}

// expectedType names the JSON type an element should have had.
func expectedType(n *policy.Node) string {
	if n == nil {
		return "String"
	}
	switch n.Key {
	case "Statement":
		return "Array"
	case "Condition", "Principal", "NotPrincipal":
		return "Object"
	}
	if n.Parent != nil && n.Parent.Key == "Condition" {
		return "Object"
	}
	return "String"
}

// classify returns the code and details for a policy package message.
func (v *validator) classify(msg string, n *policy.Node, m *policy.Member) (string, string) {
	for _, r := range grammarRules {
		if s := r.re.FindStringSubmatch(msg); s != nil {
			return r.code(v, s, n, m)
		}
	}
	return "INVALID_POLICY_ELEMENT", msg
}
