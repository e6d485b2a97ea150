package policy_test

import (
	"fmt"

	"cloudplay/core/policy"
)

func Example() {
	// Bob's identity policy allows S3 from the office network only, and
	// denies deleting anything.
	doc := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3FromOffice", "Effect": "Allow", "Action": "s3:*", "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
  ]
}`
	p, err := policy.Parse(doc, policy.Identity)
	if err != nil {
		fmt.Println(err)
		return
	}
	set := &policy.Set{Identity: []policy.Input{{ID: "PolicyInputList.1", Policy: p}}}
	bob := policy.Caller{Type: policy.User, ARN: "arn:aws:iam::123456789012:user/Bob", Account: "123456789012", Name: "Bob"}

	for _, tc := range []struct{ action, ip string }{
		{"s3:GetObject", "203.0.113.10"},
		{"s3:GetObject", "198.51.100.7"},
		{"s3:DeleteObject", "203.0.113.10"},
	} {
		req := &policy.Request{
			Principal: bob, Action: tc.action, Resource: "arn:aws:s3:::reports/q1.csv",
			Context: map[string][]string{"aws:SourceIp": {tc.ip}},
		}
		r, err := policy.Evaluate(req, set, true)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s from %s: %s\n", tc.action, tc.ip, r.Decision)
		for _, st := range r.Trace.Policies[0].Statements {
			if !st.Matched {
				fmt.Printf("  %s (%v-%v): %s\n", st.Sid, st.StartPosition, st.EndPosition, st.Reason)
			}
		}
	}

	// Errors are positioned.
	_, err = policy.Parse(`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
  "Condition": {"StringEqual": {"aws:username": "Bob"}}}}`, policy.Identity)
	fmt.Println(err)

	// Output:
	// s3:GetObject from 203.0.113.10: allowed
	//   NoDelete (6:5-6:83): Action: s3:GetObject does not match "s3:Delete*"
	// s3:GetObject from 198.51.100.7: implicitDeny
	//   S3FromOffice (4:5-5:69): Condition IpAddress aws:SourceIp: 198.51.100.7 is not in 203.0.113.0/24
	//   NoDelete (6:5-6:83): Action: s3:GetObject does not match "s3:Delete*"
	// s3:DeleteObject from 203.0.113.10: explicitDeny
	// 2:17: unknown condition operator "StringEqual"
}
