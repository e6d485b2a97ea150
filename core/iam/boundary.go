package iam

import (
	"cloudplay/core/api"
)

// boundaryOps returns the permissions boundary operations of users and
// roles
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
// and their Role siblings). Groups have no boundary.
func (s *Service) boundaryOps() []api.Op {
	var ops []api.Op
	for _, k := range []entityKind{userKind, roleKind} {
		ops = append(ops,
			api.Op{Name: "iam:Put" + k.Kind + "PermissionsBoundary", Mutates: true, Prepare: s.preparePutBoundary(k)},
			api.Op{Name: "iam:Delete" + k.Kind + "PermissionsBoundary", Mutates: true, Prepare: s.prepareDeleteBoundary(k)},
		)
	}
	return ops
}

// setBoundary makes arn ("" for none) the boundary of p, keeping the
// usage counts right.
func (s *Service) setBoundary(p *perms, arn string) {
	if p.boundary != "" {
		s.use(p.boundary).boundaries--
	}
	p.boundary = arn
	if arn != "" {
		s.use(arn).boundaries++
	}
}

func (s *Service) preparePutBoundary(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		f, err := decodeFields(input, k.member, "PermissionsBoundary")
		if err != nil {
			return nil, nil, err
		}
		name, arn := f[k.member], f["PermissionsBoundary"]
		var cs checks
		cs.str(k.wire, name, k.nameType)
		cs.str("permissionsBoundary", arn, arnType)
		if err := cs.err(); err != nil {
			return nil, nil, err
		}
		run := func() (any, error) {
			e, err := s.entity(k, name)
			if err != nil {
				return nil, err
			}
			if err := s.boundaryPolicy(arn); err != nil {
				return nil, err
			}
			s.setBoundary(e.perms, arn)
			return noOutput{}, nil
		}
		act := withContext(s.entityAction(k, "iam:Put"+k.Kind+"PermissionsBoundary", name), "iam:PermissionsBoundary", arn)
		return []api.Action{act}, run, nil
	}
}

func (s *Service) prepareDeleteBoundary(k entityKind) func(*api.Env, []byte) ([]api.Action, func() (any, error), error) {
	return func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
		name, err := decodeName(k, input)
		if err != nil {
			return nil, nil, err
		}
		act := s.entityAction(k, "iam:Delete"+k.Kind+"PermissionsBoundary", name)
		if e, err := s.entity(k, name); err == nil && e.perms.boundary != "" {
			act = withContext(act, "iam:PermissionsBoundary", e.perms.boundary)
		}
		run := func() (any, error) {
			e, err := s.entity(k, name)
			if err != nil {
				return nil, err
			}
			// Removing a boundary that is not there changes nothing.
			s.setBoundary(e.perms, "")
			return noOutput{}, nil
		}
		return []api.Action{act}, run, nil
	}
}
