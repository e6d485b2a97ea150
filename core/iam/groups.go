package iam

import (
	"strings"

	"cloudplay/core/api"
)

// groupOutput is the Group structure of the IAM API reference
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Group.html).
type groupOutput struct {
	Path       string `json:"Path"`
	GroupName  string `json:"GroupName"`
	GroupId    string `json:"GroupId"`
	Arn        string `json:"Arn"`
	CreateDate string `json:"CreateDate"`
}

func (s *Service) groupOutput(g *group) groupOutput {
	return groupOutput{Path: g.path, GroupName: g.name, GroupId: g.id, Arn: s.groupARN(g), CreateDate: g.created.String()}
}

type groupResult struct {
	Group groupOutput `json:"Group"`
}

// group returns the group named name (without regard to case).
func (s *Service) group(name string) (*group, error) {
	if g := s.groups[strings.ToLower(name)]; g != nil {
		return g, nil
	}
	return nil, api.Errorf("NoSuchEntity", "The group with name %s cannot be found.", name)
}

// groupAction is action on the group named name: on its own ARN when it
// exists, else on the ARN it would have at path "/".
func (s *Service) groupAction(action, name string) api.Action {
	if g := s.groups[strings.ToLower(name)]; g != nil {
		return api.Action{Action: action, Resource: s.groupARN(g)}
	}
	return api.Action{Action: action, Resource: groupARN(s.account, "/", name)}
}

func (s *Service) prepareCreateGroup(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		GroupName string  `json:"GroupName" aws:"required"`
		Path      *string `json:"Path"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("groupName", in.GroupName, groupNameType)
	cs.optStr("path", in.Path, pathType)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	path := pathOrRoot(in.Path)
	run := func() (any, error) {
		key := strings.ToLower(in.GroupName)
		if s.groups[key] != nil {
			return nil, api.Errorf("EntityAlreadyExists", "Group with name %s already exists.", in.GroupName)
		}
		if len(s.groups) >= maxGroups {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for GroupsPerAccount: %d", maxGroups)
		}
		g := &group{name: in.GroupName, path: path, created: env.Now, members: map[string]bool{}}
		g.id = s.newID(env, "AGPA")
		s.groups[key] = g
		return groupResult{Group: s.groupOutput(g)}, nil
	}
	return []api.Action{{Action: "iam:CreateGroup", Resource: groupARN(s.account, path, in.GroupName)}}, run, nil
}

func (s *Service) prepareGetGroup(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listEntityInput
	if err := in.decode(groupKind, input, false); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		g, err := s.group(in.name)
		if err != nil {
			return nil, err
		}
		users, tail, err := listPage(sortedKeys(g.members), in.page, func(k string) userOutput { return s.output(s.users[k]) })
		if err != nil {
			return nil, err
		}
		return struct {
			Group groupOutput  `json:"Group"`
			Users []userOutput `json:"Users"`
			listOutput
		}{s.groupOutput(g), users, tail}, nil
	}
	return []api.Action{s.groupAction("iam:GetGroup", in.name)}, run, nil
}

func (s *Service) prepareListGroups(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeList(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		keys := keysUnder(s.groups, in.PathPrefix, func(g *group) string { return g.path })
		groups, tail, err := listPage(keys, in.page(), func(k string) groupOutput { return s.groupOutput(s.groups[k]) })
		if err != nil {
			return nil, err
		}
		return struct {
			Groups []groupOutput `json:"Groups"`
			listOutput
		}{groups, tail}, nil
	}
	// The Service Authorization Reference lists no resource type for
	// ListGroups.
	return []api.Action{{Action: "iam:ListGroups", Resource: "*"}}, run, nil
}

func (s *Service) prepareDeleteGroup(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeName(groupKind, input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		g, err := s.group(name)
		if err != nil {
			return nil, err
		}
		if len(g.members) > 0 {
			return nil, api.Errorf("DeleteConflict", "Cannot delete entity, must remove users from group first.")
		}
		if err := g.deleteConflict(); err != nil {
			return nil, err
		}
		delete(s.groups, strings.ToLower(g.name))
		return noOutput{}, nil
	}
	return []api.Action{s.groupAction("iam:DeleteGroup", name)}, run, nil
}

// membershipInput is the input of AddUserToGroup and RemoveUserFromGroup.
type membershipInput struct {
	GroupName string `json:"GroupName" aws:"required"`
	UserName  string `json:"UserName" aws:"required"`
}

func decodeMembership(input []byte) (membershipInput, error) {
	var in membershipInput
	if err := decode(input, &in); err != nil {
		return in, err
	}
	var cs checks
	cs.str("groupName", in.GroupName, groupNameType)
	cs.str("userName", in.UserName, existingUserNameType)
	return in, cs.err()
}

// member returns the group and the user that a membership input names.
func (s *Service) member(in membershipInput) (*group, *user, error) {
	g, err := s.group(in.GroupName)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.user(in.UserName)
	if err != nil {
		return nil, nil, err
	}
	return g, u, nil
}

func (s *Service) prepareAddUserToGroup(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeMembership(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		g, u, err := s.member(in)
		if err != nil {
			return nil, err
		}
		gk, uk := strings.ToLower(g.name), strings.ToLower(u.name)
		if g.members[uk] {
			return noOutput{}, nil // AWS accepts adding a member again
		}
		if len(u.groups) >= maxGroupsPerUser {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for GroupsPerUser: %d", maxGroupsPerUser)
		}
		g.members[uk] = true
		u.groups[gk] = true
		return noOutput{}, nil
	}
	// The action is on the group, not the user (Service Authorization
	// Reference: AddUserToGroup, resource type group).
	return []api.Action{s.groupAction("iam:AddUserToGroup", in.GroupName)}, run, nil
}

func (s *Service) prepareRemoveUserFromGroup(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeMembership(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		g, u, err := s.member(in)
		if err != nil {
			return nil, err
		}
		gk, uk := strings.ToLower(g.name), strings.ToLower(u.name)
		if !g.members[uk] {
			return nil, api.Errorf("NoSuchEntity", "The user with name %s cannot be found.", in.UserName)
		}
		delete(g.members, uk)
		delete(u.groups, gk)
		return noOutput{}, nil
	}
	return []api.Action{s.groupAction("iam:RemoveUserFromGroup", in.GroupName)}, run, nil
}
