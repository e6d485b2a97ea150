package s3

import (
	"encoding/json"
	"testing"
)

// TestBucketPolicyReader checks PutBucketPolicy's reading of documents
// with the policy package's reader and operator table: what S3's own
// checks see (the last of duplicate members, escapes, nulls), what is not
// JSON, and which conditions pin a public statement to fixed values
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
func TestBucketPolicyReader(t *testing.T) {
	t.Parallel()
	const denied = `User: arn:aws:iam::123456789012:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::photos" because public policies are blocked by the BlockPublicPolicy block public access setting.`
	public := func(cond string) string {
		return `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*", "Condition": ` + cond + `}}`
	}
	tests := []struct{ name, policy, code, msg string }{
		{"a lone surrogate is not JSON", `{"Statement": {"Sid": "\ud800"}}`, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'"},
		{"white space before the brace", " \r\n\t" + publicRead, "AccessDenied", denied},
		{"an escaped effect reads as its value", `{"Statement": {"Effect": "Al\u006cow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`, "", ""},
		{"a bad effect is quoted as written", `{"Statement": {"Effect": ["Allow"], "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`, "MalformedPolicy", `Invalid effect: ["Allow"]`},
		{"S3 reads the last of duplicate members, IAM refuses them", `{"Statement": {"Effect": "Bad", "Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`,
			"MalformedPolicy", `duplicate element "Effect"`},
		{"a null statement has no effect", `{"Statement": [null]}`, "MalformedPolicy", "Missing required field Effect"},
		{"a string statement", `{"Statement": "x"}`, "MalformedPolicy", "Invalid policy syntax."},
		{"a number as an action", `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": [1], "Resource": "*"}}`, "MalformedPolicy", "Invalid policy syntax."},
		{"StringEquals pins aws:SourceVpc", public(`{"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}`), "", ""},
		{"ArnEquals pins aws:SourceArn", public(`{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}`), "", ""},
		{"a wildcard value does not pin", public(`{"StringEquals": {"aws:SourceVpc": "vpc-*"}}`), "AccessDenied", denied},
		{"StringLike does not pin", public(`{"StringLike": {"aws:SourceVpc": "vpc-1a2b3c4d"}}`), "AccessDenied", denied},
		{"a negated operator does not pin", public(`{"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}`), "AccessDenied", denied},
		{"Null does not pin", public(`{"Null": {"aws:SourceArn": "false"}}`), "AccessDenied", denied},
		{"Null with a set operator does not pin", public(`{"ForAnyValue:Null": {"aws:SourceArn": "false"}}`), "AccessDenied", denied},
		{"other keys do not pin", public(`{"StringEquals": {"aws:username": "bob"}}`), "AccessDenied", denied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, env := fixture(t)
			in, _ := json.Marshal(map[string]string{"Bucket": "photos", "Policy": tt.policy})
			_, _, err := call(s, env, "s3:PutBucketPolicy", string(in))
			if code, msg := errCode(err); code != tt.code || msg != tt.msg {
				t.Errorf("got  %s: %s\nwant %s: %s", code, msg, tt.code, tt.msg)
			}
			if _, ok := s.BucketPolicy("photos"); ok != (tt.code == "") {
				t.Errorf("BucketPolicy ok = %v after %v", ok, err)
			}
		})
	}
}
