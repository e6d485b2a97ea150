package iam

import (
	"strings"

	"cloudplay/core/api"
)

// entityKind describes what the policy operations of users, groups and
// roles share: AttachUserPolicy, AttachGroupPolicy and AttachRolePolicy
// differ only in the entity they name.
type entityKind struct {
	kind        string // "user", "group", "role": SourcePolicyType and messages
	Kind        string // "User", "Group", "Role": operation names
	member      string // the input member naming it: "UserName"
	wire        string // its name in validation messages: "userName"
	nameType    constraint
	inlineQuota int    // bytes of all its inline policies together
	quota       string // the name of its managed policy quota
}

var (
	userKind  = entityKind{"user", "User", "UserName", "userName", existingUserNameType, maxUserInlineSize, "PoliciesPerUser"}
	groupKind = entityKind{"group", "Group", "GroupName", "groupName", groupNameType, maxGroupInlineSize, "PoliciesPerGroup"}
	roleKind  = entityKind{"role", "Role", "RoleName", "roleName", roleNameType, maxRoleInlineSize, "PoliciesPerRole"}
)

// entity is one user, group or role, as the policy operations see it.
type entity struct {
	name, arn string
	perms     *perms
}

// entity finds the entity of kind k named name (without regard to case).
func (s *Service) entity(k entityKind, name string) (entity, error) {
	key := strings.ToLower(name)
	switch k.kind {
	case "user":
		if u := s.users[key]; u != nil {
			return entity{u.name, s.userARN(u), &u.perms}, nil
		}
	case "group":
		if g := s.groups[key]; g != nil {
			return entity{g.name, s.groupARN(g), &g.perms}, nil
		}
	case "role":
		if r := s.roles[key]; r != nil {
			return entity{r.name, r.arn(s.account), &r.perms}, nil
		}
	}
	return entity{}, api.Errorf("NoSuchEntity", "The %s with name %s cannot be found.", k.kind, name)
}

// entityAction is action on the entity of kind k named name: on its ARN
// when it exists, else on the ARN it would have at path "/"; a user's or
// role's tags are aws:ResourceTag keys.
func (s *Service) entityAction(k entityKind, action, name string) api.Action {
	switch k.kind {
	case "user":
		return s.userAction(action, name)
	case "group":
		return s.groupAction(action, name)
	}
	return s.roleAction(action, name)
}
