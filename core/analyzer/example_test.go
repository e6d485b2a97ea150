package analyzer_test

import (
	"fmt"
	"os"

	"cloudplay/core/analyzer"
	"cloudplay/core/catalog"
)

func Example() {
	// The site fetches iam-catalog.json when an editor first needs it; here
	// it is the small test catalog.
	data, err := os.ReadFile("../../testdata/catalog/iam-catalog.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	cat, err := catalog.Parse(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := `{
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:GetObjekt", "iam:PassRole"],
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:CurrentTime": "2026-01-01"}}
  }]
}`
	for _, f := range analyzer.Validate(doc, analyzer.Options{PolicyType: analyzer.IdentityPolicy}, cat) {
		s := f.Locations[0].Span.Start
		fmt.Printf("%d:%d %s %s: %s\n", s.Line, s.Column, f.FindingType, f.IssueCode, f.FindingDetails)
	}
	// Output:
	// 1:0 WARNING MISSING_VERSION: We recommend that you specify the Version element to help you with debugging permission issues.
	// 4:15 ERROR INVALID_ACTION: The action s3:GetObjekt does not exist. Did you mean s3:GetObject?
	// 5:16 SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE: Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.
	// 6:35 WARNING TYPE_MISMATCH: Use the operator type Date instead of operator StringEquals for the condition key aws:CurrentTime.
}
