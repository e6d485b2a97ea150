package iam

import (
	"strings"

	"cloudplay/core/api"
)

// Services returns the descriptors of IAM and STS for the account's
// dispatcher. IAM's resource policies are the roles' trust policies: the
// policy that sts:AssumeRole and sts:TagSession on a role are authorised
// against
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy).
func (s *Service) Services() []api.Descriptor {
	var iamOps, stsOps []api.Op
	for _, op := range s.Ops() {
		if strings.HasPrefix(op.Name, "sts:") {
			stsOps = append(stsOps, op)
		} else {
			iamOps = append(iamOps, op)
		}
	}
	return []api.Descriptor{
		{Prefix: "iam", Protocol: api.Query, ValidationCode: validationCode, Ops: iamOps, ResourcePolicy: s.trustPolicy},
		{Prefix: "sts", Protocol: api.Query, ValidationCode: validationCode, Ops: stsOps},
	}
}

// trustPolicy is IAM's resource-policy lookup: the trust policy of the
// role an sts:AssumeRole or sts:TagSession names.
func (s *Service) trustPolicy(action, arn string) (api.ResourcePolicy, bool) {
	if action != "sts:AssumeRole" && action != "sts:TagSession" || !strings.Contains(arn, ":role/") {
		return api.ResourcePolicy{}, false
	}
	r := s.roleByARN(arn)
	if r == nil {
		return api.ResourcePolicy{}, false
	}
	return api.ResourcePolicy{Text: r.trust.text, Trust: true}, true
}
