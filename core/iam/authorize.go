package iam

import (
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// PolicySet returns the policies that apply to the principal whose ARN is
// principalARN, ready for policy.Evaluate, and the policy.Caller that
// describes it in a policy.Request:
//
//   - the root user: no policies (it may do anything in its own account
//     that no resource policy explicitly denies it);
//   - a user: its inline policies, its attached managed policies, and the
//     inline and attached policies of each of its groups (Identity), its
//     permissions boundary (Boundary);
//   - a role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION): the
//     role's inline and attached policies, the role's boundary, and the
//     session policies given to AssumeRole (Session);
//   - a role ARN or a group ARN, as iam:SimulatePrincipalPolicy's
//     PolicySourceArn names them: the role's (or group's) own policies. A
//     role is described as a session of itself (Type AssumedRole, ARN and
//     Issuer the role ARN); a group, which is no principal, as a user
//     would be (Type User, ARN the group ARN, no user name).
//
// Each policy.Input has the PolicyId and SourcePolicyType that AWS's
// simulate APIs use in MatchedStatements
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html):
// the policy name and "user", "group" or "role" for inline policies, the
// policy ARN and "aws-managed" or "user-managed" for managed ones (and for
// a boundary); an inline session policy is "SessionPolicy" with "none".
// Policies come in a fixed order: inline by name, then attached by ARN,
// user before groups, groups by name; a managed policy attached twice
// (to the user and to a group) appears once.
//
// An unknown ARN gives NoSuchEntity in IAM's words. PolicySet does not
// look at time: whether a session has expired is PrincipalAt's business.
func (s *Service) PolicySet(principalARN string) (*policy.Set, policy.Caller, error) {
	switch {
	case principalARN == s.RootARN():
		return &policy.Set{}, policy.Caller{Type: policy.Root, ARN: principalARN, Account: s.account, UserID: s.account}, nil
	case strings.HasPrefix(principalARN, "arn:aws:iam::"+s.account+":user/"):
		u := s.userByARN(principalARN)
		if u == nil {
			return nil, policy.Caller{}, api.Errorf("NoSuchEntity", "The user with name %s cannot be found.", clip(lastName(principalARN)))
		}
		return s.userSet(u), s.userCaller(u), nil
	case strings.HasPrefix(principalARN, "arn:aws:sts::"+s.account+":assumed-role/"):
		se := s.sessions[principalARN]
		if se == nil || s.roles[strings.ToLower(se.role)] == nil {
			return nil, policy.Caller{}, api.Errorf("NoSuchEntity", "The role session %s cannot be found.", clip(principalARN))
		}
		r := s.roles[strings.ToLower(se.role)]
		set := s.roleSet(r)
		set.Session = se.policies
		return set, s.sessionCaller(r, se), nil
	case strings.HasPrefix(principalARN, "arn:aws:iam::"+s.account+":role/"):
		r := s.roleByARN(principalARN)
		if r == nil {
			return nil, policy.Caller{}, api.Errorf("NoSuchEntity", "The role with name %s cannot be found.", clip(lastName(principalARN)))
		}
		c := policy.Caller{Type: policy.AssumedRole, ARN: r.arn(s.account), Account: s.account, UserID: r.id,
			Issuer: r.arn(s.account), Tags: tagMap(r.tags)}
		return s.roleSet(r), c, nil
	case strings.HasPrefix(principalARN, "arn:aws:iam::"+s.account+":group/"):
		g := s.groupByARN(principalARN)
		if g == nil {
			return nil, policy.Caller{}, api.Errorf("NoSuchEntity", "The group with name %s cannot be found.", clip(lastName(principalARN)))
		}
		set := &policy.Set{}
		seen := map[string]bool{}
		s.addPerms(set, &g.perms, g.name, "group", seen)
		return set, policy.Caller{Type: policy.User, ARN: principalARN, Account: s.account, UserID: g.id}, nil
	}
	return nil, policy.Caller{}, api.Errorf("NoSuchEntity", "No principal with ARN %s exists in account %s.", clip(principalARN), s.account)
}

func lastName(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

func (s *Service) userByARN(arn string) *user {
	u := s.users[strings.ToLower(lastName(arn))]
	if u == nil || s.userARN(u) != arn {
		return nil
	}
	return u
}

func (s *Service) groupByARN(arn string) *group {
	g := s.groups[strings.ToLower(lastName(arn))]
	if g == nil || s.groupARN(g) != arn {
		return nil
	}
	return g
}

func (s *Service) roleByARN(arn string) *role {
	r := s.roles[strings.ToLower(lastName(arn))]
	if r == nil || r.arn(s.account) != arn {
		return nil
	}
	return r
}

func (s *Service) userSet(u *user) *policy.Set {
	set := &policy.Set{}
	seen := map[string]bool{}
	s.addPerms(set, &u.perms, u.name, "user", seen)
	for _, gk := range sortedKeys(u.groups) {
		g := s.groups[gk]
		s.addPerms(set, &g.perms, g.name, "group", seen)
	}
	s.addBoundary(set, u.boundary)
	return set
}

func (s *Service) roleSet(r *role) *policy.Set {
	set := &policy.Set{}
	s.addPerms(set, &r.perms, r.name, "role", map[string]bool{})
	s.addBoundary(set, r.boundary)
	return set
}

// addPerms adds the inline and attached policies of one user, group or
// role to set.Identity.
func (s *Service) addPerms(set *policy.Set, p *perms, owner, kind string, seen map[string]bool) {
	for _, k := range sortedKeys(p.inline) {
		ip := p.inline[k]
		set.Identity = append(set.Identity, policy.Input{ID: ip.name, SourceType: kind, Policy: ip.pol})
	}
	for _, arn := range sortedKeys(p.attached) {
		if seen[arn] {
			continue
		}
		seen[arn] = true
		if mp := s.managedPolicy(arn); mp != nil {
			set.Identity = append(set.Identity, policy.Input{ID: arn, SourceType: mp.sourceType(), Policy: mp.current().pol})
		}
	}
}

func (s *Service) addBoundary(set *policy.Set, arn string) {
	if arn == "" {
		return
	}
	if mp := s.managedPolicy(arn); mp != nil {
		set.Boundary = []policy.Input{{ID: arn, SourceType: mp.sourceType(), Policy: mp.current().pol}}
	}
}

func (s *Service) userCaller(u *user) policy.Caller {
	c := policy.Caller{Type: policy.User, ARN: s.userARN(u), Account: s.account, UserID: u.id, Name: u.name}
	if len(u.tags) > 0 {
		c.Tags = map[string]string{}
		for _, t := range u.tags {
			c.Tags[t.Key] = t.Value
		}
	}
	return c
}

func (s *Service) sessionCaller(r *role, se *session) policy.Caller {
	return policy.Caller{Type: policy.AssumedRole, ARN: se.arn, Account: s.account, UserID: r.id + ":" + se.name,
		Issuer: r.arn(s.account), Tags: se.principalTags(r)}
}

// PrincipalAt resolves a caller ARN at simulated time now: the root user,
// a user (exact ARN, path included), or a role session that has not
// expired. An unknown ARN is ErrUnknownPrincipal; an expired session is
// ErrExpiredToken (AWS refuses it before authorising anything).
func (s *Service) PrincipalAt(arn string, now sim.Time) (api.Principal, error) {
	if se := s.sessions[arn]; se != nil && now > se.expires {
		return api.Principal{}, ErrExpiredToken
	}
	p, ok := s.Principal(arn)
	if !ok {
		return api.Principal{}, ErrUnknownPrincipal
	}
	return p, nil
}

// Errors of PrincipalAt, which the dispatcher words in each protocol's
// terms.
var (
	ErrUnknownPrincipal = api.Errorf("InvalidClientTokenId", "The security token included in the request is invalid.")
	ErrExpiredToken     = api.Errorf("ExpiredToken", "The security token included in the request is expired")
)

func tagMap(tags []Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
