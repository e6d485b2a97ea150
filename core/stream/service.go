package stream

import "cloudplay/core/api"

// Descriptor returns the descriptor of Kinesis Data Streams for the
// account's dispatcher: its operations, and the resource policies of its
// streams and consumers.
//
// A resource policy is attached to a data stream or to a registered
// consumer, and governs the actions on that resource: the stream's policy
// the actions whose resource is the stream's ARN, a consumer's policy the
// actions whose resource is the consumer's ARN (SubscribeToShard,
// DescribeStreamConsumer)
// (https://docs.aws.amazon.com/streams/latest/dev/resource-based-policy-examples.html,
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html).
// Within the account, as for any resource policy, either the caller's
// identity-based policies or the resource's policy may allow, and an
// explicit deny in either denies.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{
		Prefix: "kinesis", Protocol: api.JSON, ValidationCode: invalidArg, Ops: s.Ops(),
		ResourcePolicy: func(_, arn string) (api.ResourcePolicy, bool) {
			text, ok := s.ResourcePolicy(arn)
			return api.ResourcePolicy{Text: text}, ok
		},
		// "If you are using an identity other than the root user of the AWS
		// account that owns the resource, the calling identity must have the
		// PutResourcePolicy permissions"
		// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html):
		// the owner's root puts a policy whatever the policy says. That it
		// may also read and delete it is the playground's own choice (the
		// reference is silent), so that the owner can always undo a policy
		// that locks everyone out, as S3 lets the bucket owner's root.
		OwnerRootKeeps: []string{"kinesis:PutResourcePolicy", "kinesis:GetResourcePolicy", "kinesis:DeleteResourcePolicy"},
	}
}
