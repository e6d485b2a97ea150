package analyzer

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudplay/core/policy"
)

// Policy size quotas, as the checks of the [policy check reference] name
// them.
//
// [policy check reference]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
const (
	// scpQuota is the largest SCP, in characters, white space included:
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
	// ("Maximum size of a policy document: 5,120 characters").
	scpQuota = 5120
	// identityQuota is the largest managed policy, in characters without
	// white space: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
	// ("Managed policy size: 6,144 characters"). The check's text speaks of
	// "inline and managed policies"; inline quotas depend on the identity
	// (2,048 for a user, 10,240 for a role), which ValidatePolicy is not told.
	identityQuota = 6144
	// trustQuota is the default role trust policy length, in characters
	// without white space (same page: "Role trust policy length: 2,048
	// characters", adjustable up to 8,192).
	trustQuota = 2048
)

// practices runs the checks on the document as a whole and on each
// statement that the grammar and reference checks do not make.
func (v *validator) practices(stmts []*statement) {
	v.size()
	version := ""
	if n := v.root.Get("Version"); n != nil && n.Kind == policy.JSONString {
		version = n.Text
	}
	for _, st := range stmts {
		if sid := st.n.Get("Sid"); sid != nil && sid.Kind == policy.JSONString && sid.Text == "" {
			v.add("EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", loc(sid))
		}
		if v.opts.PolicyType == ServiceControlPolicy {
			v.scp(st)
		}
		if v.opts.kind() == policy.Trust {
			v.trustPrincipal(st)
		}
		for _, r := range st.resources {
			v.variables(r, version)
		}
		if st.condition != nil && st.condition.Kind == policy.JSONObject {
			v.conditionValues(st.condition, version)
		}
	}
}

// size reports a policy larger than its type's quota.
func (v *validator) size() {
	all := utf8.RuneCountInString(v.doc.Text)
	compact := 0
	for _, c := range v.doc.Text {
		if !unicode.IsSpace(c) {
			compact++
		}
	}
	whole := loc(v.root)
	switch {
	case v.opts.PolicyType == ServiceControlPolicy && all > scpQuota:
		v.add("POLICY_SIZE_EXCEEDS_SCP_QUOTA", fmt.Sprintf("The %d characters in the service control policy (SCP) exceed the %d character maximum for SCPs. We recommend that you use multiple granular policies.", all, scpQuota), whole)
	case v.opts.kind() == policy.Trust && compact > trustQuota:
		v.add("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.", whole)
	case (v.opts.PolicyType == IdentityPolicy || v.opts.PolicyType == "") && compact > identityQuota:
		v.add("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", fmt.Sprintf("The %d characters in the identity policy, excluding whitespace, exceed the %d character maximum for inline and managed policies. We recommend that you use multiple granular policies.", compact, identityQuota), whole)
	}
}

// scp runs the SCP syntax checks (the "SCP syntax error" sections of the
// reference).
func (v *validator) scp(st *statement) {
	for _, a := range st.actions {
		if i := strings.IndexAny(a.Text, "*?"); i >= 0 && i != len(a.Text)-1 {
			v.add("SCP_SYNTAX_ERROR_ACTION_WILDCARD", fmt.Sprintf("SCP actions can include wildcards (*) only at the end of a string. Update %s.", policy.Clip(a.Text)), loc(a))
		}
	}
	if st.notResource != nil {
		v.add("SCP_SYNTAX_ERROR_NOTRESOURCE", "SCPs do not support the NotResource element. Update the policy to use Resource instead.", loc(st.notResource))
	}
	if !st.allow {
		return
	}
	if st.condition != nil {
		v.add("SCP_SYNTAX_ERROR_ALLOW_CONDITION", "SCPs do not support the Condition element with effect Allow. Update the element Condition or the effect.", loc(st.condition))
	}
	if st.notAction != nil {
		v.add("SCP_SYNTAX_ERROR_ALLOW_NOTACTION", "SCPs do not support NotAction with effect Allow. Update the element NotAction or the effect.", loc(st.notAction))
	}
	if st.resource != nil && slices.ContainsFunc(st.resource.Strings(), func(r *policy.Node) bool { return r.Text != "*" }) {
		v.add("SCP_SYNTAX_ERROR_ALLOW_RESOURCE", "SCPs do not support Resource with effect Allow. Update the element Resource or the effect.", loc(st.resource))
	}
}

// trustPrincipal reports "*" as a role trust policy's principal.
func (v *validator) trustPrincipal(st *statement) {
	p := st.principal
	if p == nil {
		return
	}
	stars := []*policy.Node{}
	if p.Kind == policy.JSONString && p.Text == "*" {
		stars = append(stars, p)
	}
	if aws := p.Get("AWS"); aws != nil {
		for _, e := range aws.Strings() {
			if e.Text == "*" {
				stars = append(stars, e)
			}
		}
	}
	for _, n := range stars {
		v.add("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", `"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.`, loc(n))
	}
}

// variables reports malformed policy variables in a string (${} and
// ${aws: username}), and variables in a policy of version 2008-10-17,
// which takes them as literal text. Each finding points at the variable: a
// substring of the string.
func (v *validator) variables(n *policy.Node, version string) {
	s := n.Text
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return
		}
		start := i + j
		end := strings.IndexByte(s[start:], '}')
		if end < 0 {
			return // MISSING_BRACE_IN_VARIABLE, from the grammar
		}
		end += start + 1
		inner := s[start+2 : end-1]
		loc := v.substring(n, start, end)
		name, _, _ := strings.Cut(inner, ",")
		switch {
		case strings.TrimSpace(inner) == "":
			v.add("EMPTY_VARIABLE", "Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.", loc)
		case strings.ContainsAny(strings.TrimSpace(name), " \t") || name != strings.TrimSpace(name):
			v.add("UNSUPPORTED_SPACE_IN_VARIABLE", "A space is not supported within the policy variable text. Remove the space.", loc)
		case version != policy.Version2012 && inner != "*" && inner != "?" && inner != "$":
			v.add("VARIABLE_UNSUPPORTED_IN_VERSION", "To include variables in your policy, use the policy version 2012-10-17 or later.", loc)
		}
		i = end
	}
}

// substring is the location of the bytes [from, to) of a string node's
// value: a substring path element when the string has no escapes (so its
// text and its value line up), else the whole string.
func (v *validator) substring(n *policy.Node, from, to int) Location {
	raw := v.doc.Text[n.Start.Byte+1 : n.End.Byte-1]
	if raw != n.Text {
		return loc(n)
	}
	cpFrom := utf8.RuneCountInString(n.Text[:from])
	cpLen := utf8.RuneCountInString(n.Text[from:to])
	start := position(n.Start)
	start.Column += 1 + cpFrom
	start.Offset += 1 + cpFrom
	end := start
	end.Column += cpLen
	end.Offset += cpLen
	path := append(path(n), PathElement{Kind: SubstringElement, Index: cpFrom, Length: cpLen})
	return Location{Path: path, Span: Span{Start: start, End: end}}
}

var (
	vpcID  = regexp.MustCompile(`^vpc-(?:[0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$`)
	vpceID = regexp.MustCompile(`^vpce-(?:[0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$`)
)

// conditionValues runs the checks on the values of a Condition element.
func (v *validator) conditionValues(cond *policy.Node, version string) {
	for omi := range cond.Members {
		om := &cond.Members[omi]
		op, ok := policy.ParseOperator(om.Key)
		if !ok || om.Value.Kind != policy.JSONObject {
			continue
		}
		base := op.Base
		for kmi := range om.Value.Members {
			km := &om.Value.Members[kmi]
			vals := km.Value.Strings()
			for _, val := range vals {
				if op.Family == policy.FamilyString || op.Family == policy.FamilyARN {
					v.variables(val, version)
				}
			}
			switch {
			case op.Family == policy.FamilyIP && strings.EqualFold(km.Key, "aws:SourceIp"):
				v.sourceIP(base, km, vals)
			case op.Family == policy.FamilyString && !op.Wildcards:
				v.vpc(km, vals)
			case op.Family == policy.FamilyNumeric:
				v.redundantNumbers(base, km, vals)
			case op.Family == policy.FamilyBool && km.Value.Kind == policy.JSONArray && len(km.Value.Elems) > 1:
				v.add("INVALID_CONDITION_MULTIPLE_BOOLEAN", "The condition key does not support multiple Boolean values. Use a single Boolean value.", loc(km.Value))
			}
		}
	}
}

// vpc checks the values of aws:SourceVpc and aws:SourceVpce.
func (v *validator) vpc(km *policy.Member, vals []*policy.Node) {
	var re *regexp.Regexp
	var code, details string
	switch {
	case strings.EqualFold(km.Key, "aws:SourceVpc"):
		re, code, details = vpcID, "INVALID_VPC_FORMAT", "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters."
	case strings.EqualFold(km.Key, "aws:SourceVpce"):
		re, code, details = vpceID, "INVALID_VPCE_FORMAT", "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters."
	default:
		return
	}
	for _, val := range vals {
		if !strings.Contains(val.Text, "${") && !re.MatchString(val.Text) {
			v.add(code, details, loc(val))
		}
	}
}

// sourceIP checks the ranges of aws:SourceIp: private addresses never
// match it, and a range with host bits set is read as its network.
func (v *validator) sourceIP(op string, km *policy.Member, vals []*policy.Node) {
	private, public := 0, 0
	for _, val := range vals {
		p, err := netip.ParsePrefix(val.Text)
		if err != nil {
			a, aerr := netip.ParseAddr(val.Text)
			if aerr != nil {
				continue // TYPE_MISMATCH_IP_RANGE, from the grammar
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Masked() != p {
			v.add("IMPROVE_IP_RANGE", fmt.Sprintf("The non-zero bits in the IP address after the masked bits are ignored. Replace address with %s.", p.Masked()), loc(val))
		}
		if isPrivate(p.Masked()) {
			private++
		} else {
			public++
		}
	}
	if private == 0 {
		return
	}
	not := op == "NotIpAddress"
	switch {
	case public == 0 && not:
		v.add("PRIVATE_NOT_IP_ADDRESS", "The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.", loc(km.Value))
	case public == 0:
		v.add("PRIVATE_IP_ADDRESS", "aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.", loc(km.Value))
	case not:
		v.add("PRIVATE_NOT_IP_ADDRESS_SUBSET", "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.", loc(km.Value))
	default:
		v.add("PRIVATE_IP_ADDRESS_SUBSET", "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.", loc(km.Value))
	}
}

// isPrivate reports whether a range lies within the private address space
// (RFC 1918, and fc00::/7 for IPv6: netip's IsPrivate).
func isPrivate(p netip.Prefix) bool {
	if !p.Addr().IsPrivate() {
		return false
	}
	// The whole range must be private: its last address too.
	for _, q := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"} {
		r := netip.MustParsePrefix(q)
		if r.Contains(p.Addr()) && p.Bits() >= r.Bits() {
			return true
		}
	}
	return false
}

// redundantNumbers reports several values of an ordering operator: one of
// them (the greatest for LessThan, the least for GreaterThan) decides.
func (v *validator) redundantNumbers(op string, km *policy.Member, vals []*policy.Node) {
	if len(vals) < 2 {
		return
	}
	var which string
	switch op {
	case "NumericLessThan", "NumericLessThanEquals":
		which = "greatest"
	case "NumericGreaterThan", "NumericGreaterThanEquals":
		which = "least"
	default:
		return
	}
	for _, val := range vals {
		if _, err := strconv.ParseFloat(val.Text, 64); err != nil {
			return
		}
	}
	v.add("REDUNDANT_CONDITION_VALUE_NUM", fmt.Sprintf("Multiple values in %s are redundant. Replace with the %s single value for %s.", op, which, policy.Clip(km.Key)), loc(km.Value))
}
