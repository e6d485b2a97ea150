package ecr

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

type policyOut struct {
	RegistryID     string `json:"registryId"`
	RepositoryName string `json:"repositoryName"`
	PolicyText     string `json:"policyText"`
}

// prepareSetRepositoryPolicy is SetRepositoryPolicy
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html):
// policyText of at most 10,240 characters. A repository policy names
// principals and actions and leaves Resource out: the repository is the
// resource (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
// The policy is checked with the account's policy engine as the
// authoriser will read it, so a policy it cannot evaluate is refused here
// rather than stored to fail every later call.
func (s *Service) prepareSetRepositoryPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string `json:"registryId"`
		RepositoryName string  `json:"repositoryName" aws:"required"`
		PolicyText     string  `json:"policyText" aws:"required"`
		Force          bool    `json:"force"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if len([]rune(in.PolicyText)) > maxPolicyText {
		return nil, nil, constraintError("policyText", "Member must have length less than or equal to 10240")
	}
	eval, err := withResource(in.PolicyText, arn)
	if err == nil {
		_, err = policy.Parse(eval, policy.Resource)
	}
	if err != nil {
		return nil, nil, api.Errorf(invalidParameter, "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': %s", api.Clip(err.Error(), 4*api.MaxQuoted))
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		r.policy, r.evalPolicy = in.PolicyText, eval
		return policyOut{registry, r.name, r.policy}, nil
	}
	return action("SetRepositoryPolicy", arn), run, nil
}

// prepareGetRepositoryPolicy is GetRepositoryPolicy.
func (s *Service) prepareGetRepositoryPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.preparePolicyRead(input, "GetRepositoryPolicy", false)
}

// prepareDeleteRepositoryPolicy is DeleteRepositoryPolicy: it answers
// with the policy it deleted.
func (s *Service) prepareDeleteRepositoryPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	return s.preparePolicyRead(input, "DeleteRepositoryPolicy", true)
}

func (s *Service) preparePolicyRead(input []byte, op string, del bool) ([]api.Action, func() (any, error), error) {
	var in repoRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(in)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		if r.policy == "" {
			return nil, policyNotFound(r.name, registry)
		}
		out := policyOut{registry, r.name, r.policy}
		if del {
			r.policy, r.evalPolicy = "", ""
		}
		return out, nil
	}
	return action(op, arn), run, nil
}

// withResource returns the policy text with `"Resource":"arn",` inserted
// just after the opening brace of every statement that has neither
// Resource nor NotResource, as ECR reads a repository policy. Everything
// else stays where it was, so positions the policy engine reports stay
// right for the usual layout (each brace ending its line).
func withResource(text, arn string) (string, error) {
	at, err := statementsWithoutResource(text)
	if err != nil {
		return "", err
	}
	if len(at) == 0 {
		return text, nil
	}
	insert := `"Resource":` + strconv.Quote(arn) + `,`
	var b bytes.Buffer
	last := 0
	for _, off := range at {
		b.WriteString(text[last:off])
		b.WriteString(insert)
		last = off
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

var errNotObject = errors.New("the policy document must be a JSON object")

// statementsWithoutResource returns the offsets just after the opening
// brace of each non-empty statement object lacking Resource and
// NotResource. It reads the document with encoding/json's tokenizer; the
// policy engine checks the rest.
func statementsWithoutResource(text string) ([]int, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errNotObject
	}
	var at []int
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if k != "Statement" {
			if err := skip(dec); err != nil {
				return nil, err
			}
			continue
		}
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t {
		case json.Delim('{'):
			if off, err := statement(dec); err != nil {
				return nil, err
			} else if off >= 0 {
				at = append(at, off)
			}
		case json.Delim('['):
			for dec.More() {
				t, err := dec.Token()
				if err != nil {
					return nil, err
				}
				if t != json.Delim('{') {
					if d, ok := t.(json.Delim); ok && d == '[' {
						if err := skipRest(dec); err != nil {
							return nil, err
						}
					}
					continue
				}
				off, err := statement(dec)
				if err != nil {
					return nil, err
				}
				if off >= 0 {
					at = append(at, off)
				}
			}
			if _, err := dec.Token(); err != nil { // ]
				return nil, err
			}
		}
	}
	return at, nil
}

// statement reads a statement object whose '{' was just read, and returns
// the offset after the brace when it is non-empty and has no Resource or
// NotResource, -1 otherwise.
func statement(dec *json.Decoder) (int, error) {
	off := int(dec.InputOffset())
	empty, has := true, false
	for dec.More() {
		empty = false
		k, err := dec.Token()
		if err != nil {
			return 0, err
		}
		if k == "Resource" || k == "NotResource" {
			has = true
		}
		if err := skip(dec); err != nil {
			return 0, err
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return 0, err
	}
	if empty || has {
		return -1, nil
	}
	return off, nil
}

// skip reads one value.
func skip(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec)
	}
	return nil
}

// skipRest reads the rest of an object or array whose opening was read.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		t, err := dec.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
	return nil
}
