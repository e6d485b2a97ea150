package analyzer

// The finding types of ValidatePolicy.
const (
	Error           = "ERROR"
	SecurityWarning = "SECURITY_WARNING"
	Warning         = "WARNING"
	Suggestion      = "SUGGESTION"
)

const checksPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"

// issues indexes the reference by issue code. Every code the analyzer
// reports is AWS's own, with AWS's finding type.
var issues = func() map[string]check {
	m := make(map[string]check, len(reference))
	for _, c := range reference {
		m[c.code] = c
	}
	return m
}()

// learnMoreLink is the reference's anchor for the check.
func (c check) learnMoreLink() string {
	return checksPage + "#access-analyzer-reference-policy-checks-" + c.anchor
}

// IssueCodes returns the issue codes the analyzer can report, with their
// finding types.
func IssueCodes() map[string]string {
	out := map[string]string{}
	for _, c := range reference {
		if c.leftOut == "" {
			out[c.code] = c.typ
		}
	}
	return out
}

// Check is one check of AWS's policy check reference, as the playground
// covers it.
type Check struct {
	IssueCode     string
	FindingType   string // ERROR, SECURITY_WARNING, WARNING or SUGGESTION
	Title         string // the section's title in the reference
	LearnMoreLink string
	LeftOut       string // why the playground does not make the check; "" when it does
}

// Checks returns every check of the reference, in its order.
func Checks() []Check {
	out := make([]Check, len(reference))
	for i, c := range reference {
		out[i] = Check{IssueCode: c.code, FindingType: c.typ, Title: c.title, LearnMoreLink: c.learnMoreLink(), LeftOut: c.leftOut}
	}
	return out
}
