package policy

import (
	"testing"
)

// docExamples are policies from the AWS documentation (IAM User Guide
// policy examples, the S3 bucket policy examples and the condition operator
// pages), used as fuzz seeds.
var docExamples = []struct {
	kind Kind
	text string
}{
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
	{Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::account-id:user/*","Condition":{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}}}`},
	{Identity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::account-id:user/*","Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::account-id:user/*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}}}`},
	{Resource, `{"Version":"2012-10-17","Statement":[{"Sid":"BlockHTTP","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::amzn-s3-demo-bucket","arn:aws:s3:::amzn-s3-demo-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEqualsIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}}}`},
	{Identity, `{"Version":"2012-10-17","Statement":[{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":["iam:Tag*","iam:UnTag*"],"Resource":["*"],"Condition":{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:REGION:123456789012:TOPIC-ID"}}}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:GetFederationToken","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}}`},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
	{Identity, `{"Version":"2012-10-17","Statement":[{"Action":["s3:ListBucket"],"Effect":"Allow","Resource":["arn:aws:s3:::amzn-s3-demo-bucket"],"Condition":{"StringLike":{"s3:prefix":["${aws:username}/*"]}}},{"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*"]}]}`},
	{Identity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"}]}`},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
	{Resource, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::BUCKETNAME","arn:aws:s3:::BUCKETNAME/*"]}]}`},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
	{Identity, `{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html
	{Trust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`},
	{Trust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-2:12345678-abcd-abcd-abcd-123456"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"unauthenticated"}}}]}`},
	{Boundary, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}]}`},
	{Session, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
	{Identity, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:*\",\n    \"Resource\": \"*\",\n    \"Condition\": {\"BinaryEquals\": {\"svc:key\": \"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}, \"DateLessThan\": {\"aws:EpochTime\": 1767225600}}\n  }\n}"},
}

func TestDocExamplesParse(t *testing.T) {
	t.Parallel()
	for i, ex := range docExamples {
		p, err := Parse(ex.text, ex.kind)
		if err != nil {
			t.Errorf("example %d: %v", i, err)
			continue
		}
		checkRoundTrip(t, p)
	}
}

func FuzzParse(f *testing.F) {
	for _, ex := range docExamples {
		f.Add(ex.text, uint8(ex.kind))
	}
	f.Add(`{"Statement":[]}`, uint8(0))
	f.Add(`{"Id":"\ud83d\ude00\u0000","Statement":{"Effect":"Deny","Action":"*","NotResource":"*"}}`, uint8(0))
	f.Fuzz(func(t *testing.T, text string, k uint8) {
		kind := Kind(k % 5)
		p, err := Parse(text, kind)
		if err != nil {
			if p != nil {
				t.Fatalf("Parse returned a policy and an error")
			}
			return
		}
		checkRoundTrip(t, p)
		// Evaluation must not panic either.
		req := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
			Context: ctx("aws:SourceIp", "203.0.113.1", "aws:TagKeys", "a")}
		set := &Set{Identity: []Input{{ID: "p", Policy: p}}}
		if kind.namesPrincipal() {
			set = &Set{Resource: &Input{ID: "p", Policy: p}}
		}
		Evaluate(req, set, true)
	})
}
