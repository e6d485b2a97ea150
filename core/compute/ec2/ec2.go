package ec2

import (
	"cloudplay/core/api"
)

// EC2's error codes
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
const (
	invalidParameterValue       = "InvalidParameterValue"
	invalidParameterCombination = "InvalidParameterCombination"
	missingParameter            = "MissingParameter"
)

// ProfileLookup finds an IAM instance profile by name or ARN, as
// RunInstances' IamInstanceProfile names it, and returns its ARN, id and
// the ARN of its role ("" when it holds none). The account hands EC2 the
// IAM directory's lookup (iam.Service.InstanceProfile): EC2 reads a
// profile as AWS's EC2 does, without a call of the learner's.
type ProfileLookup func(ref string) (arn, id, roleARN string, ok bool)

// Service is the EC2 of one account in one region.
type Service struct {
	account, region string
	profiles        ProfileLookup
	net             network
	instances       map[string]*instance // by id
	order           []string             // instance ids in launch order
	reservations    map[string]bool      // reservation ids handed out
}

// New returns the EC2 of account in region: the default network and no
// instances. profiles finds instance profiles (nil: none exist).
func New(account, region string, profiles ProfileLookup) *Service {
	if profiles == nil {
		profiles = func(string) (string, string, string, bool) { return "", "", "", false }
	}
	return &Service{account: account, region: region, profiles: profiles, net: newNetwork(account, region),
		instances: map[string]*instance{}, reservations: map[string]bool{}}
}

// Descriptor returns EC2's descriptor for the account's dispatcher. EC2
// is a Query service; its code for a malformed input is
// InvalidParameterValue.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "ec2", Protocol: api.Query, ValidationCode: invalidParameterValue, DeniedCode: "UnauthorizedOperation", Ops: s.Ops()}
}

// Ops returns EC2's operations.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "ec2:DescribeAvailabilityZones", Prepare: s.prepareDescribeAvailabilityZones},
		{Name: "ec2:DescribeInstances", Prepare: s.prepareDescribeInstances},
		{Name: "ec2:DescribeInstanceTypes", Prepare: s.prepareDescribeInstanceTypes},
		{Name: "ec2:DescribeSecurityGroups", Prepare: s.prepareDescribeSecurityGroups},
		{Name: "ec2:DescribeSubnets", Prepare: s.prepareDescribeSubnets},
		{Name: "ec2:DescribeVpcs", Prepare: s.prepareDescribeVpcs},
		{Name: "ec2:RunInstances", Mutates: true, Prepare: s.prepareRunInstances},
		{Name: "ec2:TerminateInstances", Mutates: true, Prepare: s.prepareTerminateInstances},
	}
}

// Tag is an EC2 tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func decode(input []byte, dst any) error { return api.Decode(input, dst, invalidParameterValue) }

// arn is the ARN of an EC2 resource of the account ("instance/i-…").
func (s *Service) arn(resource string) string {
	return "arn:aws:ec2:" + s.region + ":" + s.account + ":" + resource
}

// describeAll is the one action of a Describe operation: EC2's Describe
// actions support no resource-level permissions, so their resource is *
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
func describeAll(action string) []api.Action {
	return []api.Action{{Action: action, Resource: "*"}}
}
