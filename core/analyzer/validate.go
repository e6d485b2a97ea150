package analyzer

import (
	"cmp"
	"fmt"
	"slices"

	"cloudplay/core/catalog"
	"cloudplay/core/policy"
)

// The policy types and resource types of ValidatePolicy.
const (
	IdentityPolicy        = "IDENTITY_POLICY"
	ResourcePolicy        = "RESOURCE_POLICY"
	ServiceControlPolicy  = "SERVICE_CONTROL_POLICY"
	ResourceControlPolicy = "RESOURCE_CONTROL_POLICY"

	// RoleTrustPolicy is the validatePolicyResourceType of a role's trust
	// policy.
	RoleTrustPolicy = "AWS::IAM::AssumeRolePolicyDocument"
)

// Limits that keep the work bounded for any input.
const (
	// MaxDocumentSize is the largest policyDocument accepted, in bytes.
	// The API model gives PolicyDocument no length constraint; this is four
	// times the largest policy quota of the services the playground has
	// (an SNS topic policy's 30,720 characters), so every real policy fits.
	MaxDocumentSize = 128 << 10
	// maxFindings caps the findings of one document.
	maxFindings = 1000
	// workBudget bounds the optional work (wildcard expansion, ARN format
	// matching, redundancy comparisons, "did you mean" searches), in units
	// of about one comparison; past it those checks are skipped.
	workBudget = 2_000_000
)

// Options says what kind of policy a document is.
type Options struct {
	PolicyType   string // IdentityPolicy (the default), ResourcePolicy, ...
	ResourceType string // validatePolicyResourceType, for resource policies
}

// kind is the policy.Kind whose grammar applies.
func (o Options) kind() policy.Kind {
	switch o.PolicyType {
	case ResourcePolicy, ResourceControlPolicy:
		if o.ResourceType == RoleTrustPolicy {
			return policy.Trust
		}
		return policy.Resource
	}
	return policy.Identity
}

// Validate checks a policy document as ValidatePolicy does and returns its
// findings, sorted by position. With a nil catalog, the checks that need
// the Service Authorization Reference (services, actions, ARN formats,
// condition keys) are skipped. A document larger than MaxDocumentSize
// gives a single JSON_SYNTAX_ERROR; callers that want AWS's
// ValidationException check the size first.
func Validate(doc string, opts Options, cat *catalog.Catalog) []Finding {
	v := &validator{opts: opts, cat: cat, budget: workBudget, invalid: map[*policy.Node]bool{}}
	if len(doc) > MaxDocumentSize {
		v.add("JSON_SYNTAX_ERROR", fmt.Sprintf("The policy document is larger than %d bytes.", MaxDocumentSize), Location{Path: []PathElement{}})
		return v.findings
	}
	d, err := policy.ReadJSON(doc)
	if err != nil {
		se := err.(*policy.SyntaxError)
		at := Position{Line: se.Pos.Line, Column: se.Pos.Column - 1, Offset: codePoints(doc, se.Pos.Offset)}
		// The span covers the character at the error, if any: one code
		// point, which may be a line break.
		end := at
		if se.Pos.Offset < len(doc) {
			end.Offset++
			end.Column++
			if doc[se.Pos.Offset] == '\n' {
				end.Line, end.Column = end.Line+1, 0
			}
		}
		v.add("JSON_SYNTAX_ERROR", fmt.Sprintf("Fix the JSON syntax error at index %d line %d column %d.", at.Offset, at.Line, at.Column),
			Location{Path: []PathElement{}, Span: Span{Start: at, End: end}})
		return v.findings
	}
	v.doc, v.root = d, d.Root
	if _, err := policy.ParseDocument(d, opts.kind()); err != nil {
		v.grammar(err)
	}
	v.document()
	return v.sorted()
}

type validator struct {
	opts     Options
	cat      *catalog.Catalog
	doc      *policy.Document
	root     *policy.Node
	findings []Finding
	budget   int
	invalid  map[*policy.Node]bool // entries already reported as wrong
}

// add records a finding with AWS's finding type and link for the code.
func (v *validator) add(code, details string, locs ...Location) {
	if len(v.findings) >= maxFindings {
		return
	}
	is, ok := issues[code]
	if !ok || is.leftOut != "" {
		panic("analyzer: no check " + code)
	}
	// locations and each path are required lists in AWS's answer: [] when
	// empty, never null.
	if locs == nil {
		locs = []Location{}
	}
	for i := range locs {
		if locs[i].Path == nil {
			locs[i].Path = []PathElement{}
		}
	}
	v.findings = append(v.findings, Finding{FindingDetails: details, FindingType: is.typ, IssueCode: code, LearnMoreLink: is.learnMoreLink(), Locations: locs})
}

// spend takes n units of work from the budget and reports whether any was
// left.
func (v *validator) spend(n int) bool {
	if v.budget < n {
		v.budget = 0
		return false
	}
	v.budget -= n
	return true
}

// sorted orders the findings by where their first location starts, then
// by code, and drops exact duplicates (two checks may see one problem).
func (v *validator) sorted() []Finding {
	start := func(f Finding) int {
		if len(f.Locations) == 0 {
			return -1
		}
		return f.Locations[0].Span.Start.Offset
	}
	slices.SortStableFunc(v.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(start(a), start(b)), cmp.Compare(a.IssueCode, b.IssueCode), cmp.Compare(a.FindingDetails, b.FindingDetails))
	})
	if v.findings == nil {
		return []Finding{} // a list, never null
	}
	return slices.CompactFunc(v.findings, func(a, b Finding) bool {
		return a.IssueCode == b.IssueCode && a.FindingDetails == b.FindingDetails && start(a) == start(b)
	})
}
