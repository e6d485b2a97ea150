package iam

import (
	"encoding/json"
	"strings"

	"cloudplay/core/api"
)

// Account quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
const (
	maxUsers         = 5000
	maxGroups        = 300
	maxGroupsPerUser = 10
)

// userOutput is the User structure of the IAM API reference
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html).
// Path and UserName are empty only for the root user, whom GetUser shows
// without them.
type userOutput struct {
	Path       string `json:"Path,omitempty"`
	UserName   string `json:"UserName,omitempty"`
	UserId     string `json:"UserId"`
	Arn        string `json:"Arn"`
	CreateDate string `json:"CreateDate"`
	// PermissionsBoundary shows in CreateUser and GetUser only.
	PermissionsBoundary *boundaryOutput `json:"PermissionsBoundary,omitempty"`
	Tags                []Tag           `json:"Tags,omitempty"`
}

// output shows u as the list operations do: without tags (ListUsers
// "does not return ... PermissionsBoundary, Tags").
func (s *Service) output(u *user) userOutput {
	return userOutput{Path: u.path, UserName: u.name, UserId: u.id, Arn: s.userARN(u), CreateDate: u.created.String()}
}

// outputWithTags shows u as CreateUser and GetUser do: with its tags and
// its permissions boundary.
func (s *Service) outputWithTags(u *user) userOutput {
	out := s.output(u)
	out.PermissionsBoundary = boundaryOf(u.boundary)
	if len(u.tags) > 0 {
		out.Tags = u.sortedTags()
	}
	return out
}

type userResult struct {
	User userOutput `json:"User"`
}

// noOutput is the output of operations that return nothing.
type noOutput struct{}

// user returns the user named name (without regard to case).
func (s *Service) user(name string) (*user, error) {
	if u := s.users[strings.ToLower(name)]; u != nil {
		return u, nil
	}
	return nil, api.Errorf("NoSuchEntity", "The user with name %s cannot be found.", name)
}

// userResource returns the ARN an action on the user named name is
// authorised on: the user's own ARN when it exists, else the ARN it would
// have at path "/".
func (s *Service) userResource(name string) string {
	if u := s.users[strings.ToLower(name)]; u != nil {
		return s.userARN(u)
	}
	return userARN(s.account, "/", name)
}

// userAction is action on the user named name, with the user's tags as
// aws:ResourceTag context keys.
func (s *Service) userAction(action, name string) api.Action {
	a := api.Action{Action: action, Resource: s.userResource(name)}
	if u := s.users[strings.ToLower(name)]; u != nil && len(u.tags) > 0 {
		a.Context = map[string][]string{}
		for _, t := range u.tags {
			a.Context["aws:ResourceTag/"+t.Key] = []string{t.Value}
		}
	}
	return a
}

func (s *Service) prepareCreateUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		UserName            string            `json:"UserName" aws:"required"`
		Path                *string           `json:"Path"`
		PermissionsBoundary *string           `json:"PermissionsBoundary"`
		Tags                []json.RawMessage `json:"Tags"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	tags, err := decodeTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("userName", in.UserName, userNameType)
	cs.optStr("path", in.Path, pathType)
	cs.optStr("permissionsBoundary", in.PermissionsBoundary, arnType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	path := pathOrRoot(in.Path)
	arn := userARN(s.account, path, in.UserName)
	create := api.Action{Action: "iam:CreateUser", Resource: arn, Context: requestTags(tags)}
	if in.PermissionsBoundary != nil {
		if create.Context == nil {
			create.Context = map[string][]string{}
		}
		create.Context["iam:PermissionsBoundary"] = []string{*in.PermissionsBoundary}
	}
	actions := []api.Action{create}
	if len(tags) > 0 {
		actions = append(actions, api.Action{Action: "iam:TagUser", Resource: arn, Context: requestTags(tags)})
	}
	run := func() (any, error) {
		key := strings.ToLower(in.UserName)
		if s.users[key] != nil {
			return nil, api.Errorf("EntityAlreadyExists", "User with name %s already exists.", in.UserName)
		}
		if len(s.users) >= maxUsers {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for UsersPerAccount: %d", maxUsers)
		}
		if in.PermissionsBoundary != nil {
			if err := s.boundaryPolicy(*in.PermissionsBoundary); err != nil {
				return nil, err
			}
		}
		u := &user{name: in.UserName, path: path, created: env.Now, groups: map[string]bool{}, tags: map[string]Tag{}}
		if in.PermissionsBoundary != nil {
			s.setBoundary(&u.perms, *in.PermissionsBoundary)
		}
		for _, t := range tags {
			u.tags[strings.ToLower(t.Key)] = t
		}
		u.id = s.newID(env, "AIDA")
		s.users[key] = u
		return userResult{User: s.outputWithTags(u)}, nil
	}
	return actions, run, nil
}

func (s *Service) prepareGetUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		UserName *string `json:"UserName"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.optStr("userName", in.UserName, existingUserNameType)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	name := ""
	switch {
	case in.UserName != nil:
		name = *in.UserName
	case env.Caller.Type == api.Root:
		// The root user has no name: GetUser shows it with its ARN, the
		// account as its id, and the account's creation time.
		run := func() (any, error) {
			return userResult{User: userOutput{UserId: s.account, Arn: s.RootARN(), CreateDate: s.created.String()}}, nil
		}
		return []api.Action{{Action: "iam:GetUser", Resource: env.Caller.ARN}}, run, nil
	case env.Caller.Type == api.User:
		name = env.Caller.Name
	default:
		return nil, nil, api.Errorf(validationCode, "Must specify userName when calling with non-User credentials")
	}
	run := func() (any, error) {
		u, err := s.user(name)
		if err != nil {
			return nil, err
		}
		return userResult{User: s.outputWithTags(u)}, nil
	}
	return []api.Action{s.userAction("iam:GetUser", name)}, run, nil
}

func (s *Service) prepareListUsers(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeList(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		keys := keysUnder(s.users, in.PathPrefix, func(u *user) string { return u.path })
		users, tail, err := listPage(keys, in.page(), func(k string) userOutput { return s.output(s.users[k]) })
		if err != nil {
			return nil, err
		}
		return struct {
			Users []userOutput `json:"Users"`
			listOutput
		}{users, tail}, nil
	}
	return []api.Action{{Action: "iam:ListUsers", Resource: "*"}}, run, nil
}

func (s *Service) prepareDeleteUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeName(userKind, input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		u, err := s.user(name)
		if err != nil {
			return nil, err
		}
		if len(u.groups) > 0 {
			// AWS gives this wording for a user still in a group too.
			return nil, api.Errorf("DeleteConflict", "Cannot delete entity, must remove users from group first.")
		}
		if err := u.deleteConflict(); err != nil {
			return nil, err
		}
		s.setBoundary(&u.perms, "")
		delete(s.users, strings.ToLower(u.name))
		return noOutput{}, nil
	}
	return []api.Action{s.userAction("iam:DeleteUser", name)}, run, nil
}

func (s *Service) prepareListGroupsForUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listEntityInput
	if err := in.decode(userKind, input, false); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		u, err := s.user(in.name)
		if err != nil {
			return nil, err
		}
		groups, tail, err := listPage(sortedKeys(u.groups), in.page, func(k string) groupOutput { return s.groupOutput(s.groups[k]) })
		if err != nil {
			return nil, err
		}
		return struct {
			Groups []groupOutput `json:"Groups"`
			listOutput
		}{groups, tail}, nil
	}
	return []api.Action{s.userAction("iam:ListGroupsForUser", in.name)}, run, nil
}
