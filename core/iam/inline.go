package iam

import (
	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// inlineOps returns PutXPolicy, GetXPolicy, DeleteXPolicy and
// ListXPolicies for users, groups and roles
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html
// and their Group and Role siblings).
func (s *Service) inlineOps() []api.Op {
	var ops []api.Op
	for _, k := range []entityKind{userKind, groupKind, roleKind} {
		ops = append(ops,
			api.Op{Name: "iam:Put" + k.Kind + "Policy", Mutates: true, Prepare: s.preparePutInline(k)},
			api.Op{Name: "iam:Get" + k.Kind + "Policy", Prepare: s.prepareGetInline(k)},
			api.Op{Name: "iam:Delete" + k.Kind + "Policy", Mutates: true, Prepare: s.prepareDeleteInline(k)},
			api.Op{Name: "iam:List" + k.Kind + "Policies", Prepare: s.prepareListInline(k)},
		)
	}
	return ops
}

func (s *Service) preparePutInline(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		f, err := decodeFields(input, k.member, "PolicyName", "PolicyDocument")
		if err != nil {
			return nil, nil, err
		}
		name, polName, text := f[k.member], f["PolicyName"], f["PolicyDocument"]
		var cs checks
		cs.str(k.wire, name, k.nameType)
		cs.str("policyName", polName, policyNameType)
		cs.str("policyDocument", text, policyDocumentType)
		if err := cs.err(); err != nil {
			return nil, nil, err
		}
		doc, docErr := parseDocument(text, policy.Identity)
		run := func() (any, error) {
			e, err := s.entity(k, name)
			if err != nil {
				return nil, err
			}
			if docErr != nil {
				return nil, docErr
			}
			if e.perms.inlineSize(lower(polName))+doc.pol.Size() > k.inlineQuota {
				return nil, api.Errorf("LimitExceeded", "Maximum policy size of %d bytes exceeded for %s %s", k.inlineQuota, k.kind, e.name)
			}
			e.perms.putInline(&inlinePolicy{name: polName, document: doc})
			return noOutput{}, nil
		}
		return []api.Action{s.entityAction(k, "iam:Put"+k.Kind+"Policy", name)}, run, nil
	}
}

func decodeInlineName(k entityKind, input []byte) (name, polName string, err error) {
	f, err := decodeFields(input, k.member, "PolicyName")
	if err != nil {
		return "", "", err
	}
	var cs checks
	cs.str(k.wire, f[k.member], k.nameType)
	cs.str("policyName", f["PolicyName"], policyNameType)
	return f[k.member], f["PolicyName"], cs.err()
}

func (s *Service) inline(k entityKind, name, polName string) (entity, *inlinePolicy, error) {
	e, err := s.entity(k, name)
	if err != nil {
		return e, nil, err
	}
	ip := e.perms.inline[lower(polName)]
	if ip == nil {
		return e, nil, api.Errorf("NoSuchEntity", "The %s policy with name %s cannot be found.", k.kind, polName)
	}
	return e, ip, nil
}

func (s *Service) prepareGetInline(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		name, polName, err := decodeInlineName(k, input)
		if err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, ip, err := s.inline(k, name, polName)
			if err != nil {
				return nil, err
			}
			// {"UserName": ..., "PolicyName": ..., "PolicyDocument": {...}}
			return map[string]any{k.member: e.name, "PolicyName": ip.name, "PolicyDocument": ip.decoded()}, nil
		}
		return []api.Action{s.entityAction(k, "iam:Get"+k.Kind+"Policy", name)}, run, nil
	}
}

func (s *Service) prepareDeleteInline(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		name, polName, err := decodeInlineName(k, input)
		if err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, ip, err := s.inline(k, name, polName)
			if err != nil {
				return nil, err
			}
			delete(e.perms.inline, lower(ip.name))
			return noOutput{}, nil
		}
		return []api.Action{s.entityAction(k, "iam:Delete"+k.Kind+"Policy", name)}, run, nil
	}
}

func (s *Service) prepareListInline(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		var in listEntityInput
		if err := in.decode(k, input, false); err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, err := s.entity(k, in.name)
			if err != nil {
				return nil, err
			}
			names, tail, err := listPage(sortedKeys(e.perms.inline), in.page, func(key string) string { return e.perms.inline[key].name })
			if err != nil {
				return nil, err
			}
			return struct {
				PolicyNames []string `json:"PolicyNames"`
				listOutput
			}{names, tail}, nil
		}
		return []api.Action{s.entityAction(k, "iam:List"+k.Kind+"Policies", in.name)}, run, nil
	}
}
