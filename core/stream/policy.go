package stream

import (
	"bytes"
	"encoding/json"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// maxPolicyBytes bounds a resource policy. AWS states no size for Kinesis
// resource policies in the API reference; the playground takes 20 KiB,
// the size S3 allows a bucket policy, enough for any policy a learner
// writes.
const maxPolicyBytes = 20 << 10

type resourcePolicyInput struct {
	ResourceARN string `json:"ResourceARN" aws:"required"`
}

func (s *Service) checkResourceARN(arn string) error {
	if arn == "" || len(arn) > maxARNLength {
		return constraintError(arn, "resourceARN", "Member must have length less than or equal to 2048")
	}
	if _, _, ok := s.parseARN(arn); !ok {
		return constraintError(arn, "resourceARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+`)
	}
	return nil
}

func (s *Service) resourceNotFound(arn string) error {
	return api.Errorf("ResourceNotFoundException", "Resource %s not found.", api.Clip(arn, 2*api.MaxQuoted))
}

// preparePutResourcePolicy is PutResourcePolicy
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html):
// the policy of a stream or a consumer, kept as compact JSON text; the
// authoriser reads it through [Service.ResourcePolicy].
func (s *Service) preparePutResourcePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		ResourceARN string `json:"ResourceARN" aws:"required"`
		Policy      string `json:"Policy" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := s.checkResourceARN(in.ResourceARN); err != nil {
		return nil, nil, err
	}
	if len(in.Policy) > maxPolicyBytes {
		return nil, nil, api.Errorf(invalidArg, "The policy is %d bytes; the playground takes resource policies of at most %d bytes.", len(in.Policy), maxPolicyBytes)
	}
	var buf bytes.Buffer
	if t := bytes.TrimSpace([]byte(in.Policy)); len(t) == 0 || t[0] != '{' || json.Compact(&buf, t) != nil {
		return nil, nil, api.Errorf(invalidArg, "Invalid policy: the policy document must be a JSON object.")
	}
	// The authoriser evaluates the policy with the IAM policy engine: a
	// policy it cannot read is refused here, in its words, rather than
	// stored to fail every later call on the stream. (AWS validates the
	// policy on put too; its message for each fault is not documented.)
	if _, err := policy.Parse(in.Policy, policy.Resource); err != nil {
		return nil, nil, api.Errorf(invalidArg, "Invalid policy: %s", api.Clip(err.Error(), 4*api.MaxQuoted))
	}
	run := func() (any, error) {
		s.settle(env.Now)
		st, c := s.resourceByARN(in.ResourceARN)
		switch {
		case st == nil:
			return nil, s.resourceNotFound(in.ResourceARN)
		case c != nil:
			c.policy = buf.String()
		default:
			st.policy = buf.String()
		}
		return noOutput{}, nil
	}
	return action("PutResourcePolicy", in.ResourceARN), run, nil
}

// prepareGetResourcePolicy is GetResourcePolicy: the policy as stored, or
// "{}" for a resource that has none.
func (s *Service) prepareGetResourcePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in resourcePolicyInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := s.checkResourceARN(in.ResourceARN); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		s.settle(env.Now)
		st, _ := s.resourceByARN(in.ResourceARN)
		if st == nil {
			return nil, s.resourceNotFound(in.ResourceARN)
		}
		text, ok := s.ResourcePolicy(in.ResourceARN)
		if !ok {
			text = "{}"
		}
		return struct {
			Policy string `json:"Policy"`
		}{text}, nil
	}
	return action("GetResourcePolicy", in.ResourceARN), run, nil
}

// prepareDeleteResourcePolicy is DeleteResourcePolicy.
func (s *Service) prepareDeleteResourcePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in resourcePolicyInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := s.checkResourceARN(in.ResourceARN); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		s.settle(env.Now)
		st, c := s.resourceByARN(in.ResourceARN)
		switch {
		case st == nil:
			return nil, s.resourceNotFound(in.ResourceARN)
		case c != nil:
			c.policy = ""
		default:
			st.policy = ""
		}
		return noOutput{}, nil
	}
	return action("DeleteResourcePolicy", in.ResourceARN), run, nil
}
