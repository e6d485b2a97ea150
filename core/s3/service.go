package s3

import (
	"strings"

	"cloudplay/core/api"
)

// Descriptor returns the descriptor of S3 for the account's dispatcher:
// its operations, and the bucket policies as its resource policies.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{
		Prefix: "s3", Protocol: api.RestXML, ValidationCode: validationCode, Ops: s.Ops(),
		ResourcePolicy: s.resourcePolicy,
		// "To ensure that bucket owners don't inadvertently lock themselves
		// out of their own buckets, the root principal in a bucket owner's
		// account can perform the GetBucketPolicy, PutBucketPolicy, and
		// DeleteBucketPolicy API actions, even if their bucket policy
		// explicitly denies the root principal's access."
		// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html
		OwnerRootKeeps: []string{"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"},
	}
}

// resourcePolicy returns the policy of the bucket a bucket or object ARN
// names, and the bucket's owner (set for another account's bucket too).
func (s *Service) resourcePolicy(_, arn string) (api.ResourcePolicy, bool) {
	name, _, _ := strings.Cut(strings.TrimPrefix(arn, "arn:aws:s3:::"), "/")
	owner, _ := s.BucketOwner(name)
	text, ok := s.BucketPolicy(name)
	return api.ResourcePolicy{Text: text, Owner: owner}, ok
}
