package iam

import (
	"slices"
	"strings"

	"cloudplay/core/api"
)

// attachOps returns AttachXPolicy, DetachXPolicy and ListAttachedXPolicies
// for users, groups and roles
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
// and their Group and Role siblings).
func (s *Service) attachOps() []api.Op {
	var ops []api.Op
	for _, k := range []entityKind{userKind, groupKind, roleKind} {
		ops = append(ops,
			api.Op{Name: "iam:Attach" + k.Kind + "Policy", Mutates: true, Prepare: s.prepareAttach(k)},
			api.Op{Name: "iam:Detach" + k.Kind + "Policy", Mutates: true, Prepare: s.prepareDetach(k)},
			api.Op{Name: "iam:ListAttached" + k.Kind + "Policies", Prepare: s.prepareListAttached(k)},
		)
	}
	return ops
}

// decodeAttachment decodes {XName, PolicyArn}.
func decodeAttachment(k entityKind, input []byte) (name, arn string, err error) {
	raw, err := decodeFields(input, k.member, "PolicyArn")
	if err != nil {
		return "", "", err
	}
	name, arn = raw[k.member], raw["PolicyArn"]
	var cs checks
	cs.str(k.wire, name, k.nameType)
	cs.str("policyArn", arn, arnType)
	return name, arn, cs.err()
}

// withPolicyARN returns a with the iam:PolicyARN condition key of the
// attach and detach actions.
func withPolicyARN(a api.Action, arn string) api.Action { return withContext(a, "iam:PolicyARN", arn) }

func (s *Service) prepareAttach(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		name, arn, err := decodeAttachment(k, input)
		if err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, err := s.entity(k, name)
			if err != nil {
				return nil, err
			}
			if s.managedPolicy(arn) == nil {
				return nil, noSuchPolicy(arn)
			}
			if e.perms.attached[arn] {
				return noOutput{}, nil // attaching again changes nothing
			}
			if len(e.perms.attached) >= maxAttachedPolicies {
				return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for %s: %d", k.quota, maxAttachedPolicies)
			}
			e.perms.attach(arn)
			s.use(arn).attachments++
			return noOutput{}, nil
		}
		return []api.Action{withPolicyARN(s.entityAction(k, "iam:Attach"+k.Kind+"Policy", name), arn)}, run, nil
	}
}

func (s *Service) prepareDetach(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		name, arn, err := decodeAttachment(k, input)
		if err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, err := s.entity(k, name)
			if err != nil {
				return nil, err
			}
			if !e.perms.attached[arn] {
				return nil, api.Errorf("NoSuchEntity", "Policy %s was not found.", clip(arn))
			}
			delete(e.perms.attached, arn)
			s.use(arn).attachments--
			return noOutput{}, nil
		}
		return []api.Action{withPolicyARN(s.entityAction(k, "iam:Detach"+k.Kind+"Policy", name), arn)}, run, nil
	}
}

// attachedOutput is the AttachedPolicy structure
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPolicy.html).
type attachedOutput struct {
	PolicyName string `json:"PolicyName"`
	PolicyArn  string `json:"PolicyArn"`
}

func (s *Service) prepareListAttached(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		var in listEntityInput
		if err := in.decode(k, input, true); err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, err := s.entity(k, in.name)
			if err != nil {
				return nil, err
			}
			byKey := map[string]*managedPolicy{}
			var keys []string
			for _, arn := range sortedKeys(e.perms.attached) {
				p := s.managedPolicy(arn)
				if p == nil || in.pathPrefix != nil && !strings.HasPrefix(p.path, *in.pathPrefix) {
					continue
				}
				key := policyKey(p)
				byKey[key] = p
				keys = append(keys, key)
			}
			slices.Sort(keys)
			attached, tail, err := listPage(keys, in.page, func(key string) attachedOutput { return attachedOutput{byKey[key].name, byKey[key].arn} })
			if err != nil {
				return nil, err
			}
			return struct {
				AttachedPolicies []attachedOutput `json:"AttachedPolicies"`
				listOutput
			}{attached, tail}, nil
		}
		return []api.Action{s.entityAction(k, "iam:ListAttached"+k.Kind+"Policies", in.name)}, run, nil
	}
}
