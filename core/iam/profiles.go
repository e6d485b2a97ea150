package iam

import (
	"encoding/json"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// An instance profile is the container that hands an IAM role to an EC2
// instance: "An instance profile can contain only one role, and this quota
// cannot be increased"
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html).
type instanceProfile struct {
	name, path, id string
	created        sim.Time
	role           string // the lower-case name of its role, "" when it has none
	tags           []Tag  // in key order
}

// Instance profile quotas and member types
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html:
// InstanceProfileName 1 to 128 characters of [\w+=,.@-]+;
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html:
// "Instance profiles in an AWS account: 1,000").
const (
	maxInstanceProfiles      = 1000
	maxRolesPerProfileQuota  = 1 // InstanceSessionsPerInstanceProfile
	instanceProfileIDPrefix  = "AIPA"
	instanceProfileARNMarker = ":instance-profile/"
)

var instanceProfileNameType = newConstraint(1, 128, `[\w+=,.@-]+`, `[\w+=,.@-]+`)

func instanceProfileARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":instance-profile" + path + name
}

func (p *instanceProfile) arn(account string) string {
	return instanceProfileARN(account, p.path, p.name)
}

// profileOps are the instance profile operations.
func (s *Service) profileOps() []api.Op {
	return []api.Op{
		{Name: "iam:CreateInstanceProfile", Mutates: true, Prepare: s.prepareCreateInstanceProfile},
		{Name: "iam:GetInstanceProfile", Prepare: s.prepareGetInstanceProfile},
		{Name: "iam:ListInstanceProfiles", Prepare: s.prepareListInstanceProfiles},
		{Name: "iam:ListInstanceProfilesForRole", Prepare: s.prepareListInstanceProfilesForRole},
		{Name: "iam:AddRoleToInstanceProfile", Mutates: true, Prepare: s.prepareAddRoleToInstanceProfile},
		{Name: "iam:RemoveRoleFromInstanceProfile", Mutates: true, Prepare: s.prepareRemoveRoleFromInstanceProfile},
		{Name: "iam:DeleteInstanceProfile", Mutates: true, Prepare: s.prepareDeleteInstanceProfile},
	}
}

// instanceProfileOutput is the InstanceProfile structure
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_InstanceProfile.html).
type instanceProfileOutput struct {
	Path                string       `json:"Path"`
	InstanceProfileName string       `json:"InstanceProfileName"`
	InstanceProfileId   string       `json:"InstanceProfileId"`
	Arn                 string       `json:"Arn"`
	CreateDate          string       `json:"CreateDate"`
	Roles               []roleOutput `json:"Roles"`
	Tags                []Tag        `json:"Tags,omitempty"`
}

func (s *Service) profileOutput(p *instanceProfile) instanceProfileOutput {
	out := instanceProfileOutput{Path: p.path, InstanceProfileName: p.name, InstanceProfileId: p.id,
		Arn: p.arn(s.account), CreateDate: p.created.String(), Roles: []roleOutput{}}
	if r := s.roles[p.role]; p.role != "" && r != nil {
		out.Roles = append(out.Roles, s.roleOutput(r, roleCreated))
	}
	if len(p.tags) > 0 {
		out.Tags = p.tags
	}
	return out
}

type instanceProfileResult struct {
	InstanceProfile instanceProfileOutput `json:"InstanceProfile"`
}

// instanceProfile returns the profile named name (without regard to case).
func (s *Service) instanceProfile(name string) (*instanceProfile, error) {
	if p := s.profiles[strings.ToLower(name)]; p != nil {
		return p, nil
	}
	return nil, api.Errorf("NoSuchEntity", "Instance Profile %s cannot be found.", clip(name))
}

// profileAction is action on the profile named name: its ARN, or the one it
// would have at path "/".
func (s *Service) profileAction(action, name string) api.Action {
	if p := s.profiles[strings.ToLower(name)]; p != nil {
		return api.Action{Action: action, Resource: p.arn(s.account)}
	}
	return api.Action{Action: action, Resource: instanceProfileARN(s.account, "/", name)}
}

func (s *Service) prepareCreateInstanceProfile(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		InstanceProfileName string            `json:"InstanceProfileName" aws:"required"`
		Path                *string           `json:"Path"`
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
	cs.str("instanceProfileName", in.InstanceProfileName, instanceProfileNameType)
	cs.optStr("path", in.Path, pathType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	path := pathOrRoot(in.Path)
	arn := instanceProfileARN(s.account, path, in.InstanceProfileName)
	actions := []api.Action{{Action: "iam:CreateInstanceProfile", Resource: arn, Context: requestTags(tags)}}
	if len(tags) > 0 {
		actions = append(actions, api.Action{Action: "iam:TagInstanceProfile", Resource: arn, Context: requestTags(tags)})
	}
	run := func() (any, error) {
		key := strings.ToLower(in.InstanceProfileName)
		if s.profiles[key] != nil {
			return nil, api.Errorf("EntityAlreadyExists", "Instance Profile %s already exists.", in.InstanceProfileName)
		}
		if len(s.profiles) >= maxInstanceProfiles {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: %d", maxInstanceProfiles)
		}
		p := &instanceProfile{name: in.InstanceProfileName, path: path, created: env.Now, tags: sortTags(tags)}
		if len(p.tags) == 0 {
			p.tags = nil
		}
		p.id = s.newID(env, instanceProfileIDPrefix)
		s.profiles[key] = p
		return instanceProfileResult{s.profileOutput(p)}, nil
	}
	return actions, run, nil
}

// decodeProfileName decodes {InstanceProfileName}.
func decodeProfileName(input []byte) (string, error) {
	f, err := decodeFields(input, "InstanceProfileName")
	if err != nil {
		return "", err
	}
	var cs checks
	cs.str("instanceProfileName", f["InstanceProfileName"], instanceProfileNameType)
	return f["InstanceProfileName"], cs.err()
}

func (s *Service) prepareGetInstanceProfile(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeProfileName(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.instanceProfile(name)
		if err != nil {
			return nil, err
		}
		return instanceProfileResult{s.profileOutput(p)}, nil
	}
	return []api.Action{s.profileAction("iam:GetInstanceProfile", name)}, run, nil
}

type listProfilesOutput struct {
	InstanceProfiles []instanceProfileOutput `json:"InstanceProfiles"`
	listOutput
}

func (s *Service) prepareListInstanceProfiles(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeList(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		keys := keysUnder(s.profiles, in.PathPrefix, func(p *instanceProfile) string { return p.path })
		items, tail, err := listPage(keys, in.page(), func(k string) instanceProfileOutput { return s.profileOutput(s.profiles[k]) })
		if err != nil {
			return nil, err
		}
		return listProfilesOutput{items, tail}, nil
	}
	return []api.Action{{Action: "iam:ListInstanceProfiles", Resource: "*"}}, run, nil
}

func (s *Service) prepareListInstanceProfilesForRole(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listEntityInput
	if err := in.decode(roleKind, input, false); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.role(in.name)
		if err != nil {
			return nil, err
		}
		var keys []string
		for _, k := range sortedKeys(s.profiles) {
			if s.profiles[k].role == strings.ToLower(r.name) {
				keys = append(keys, k)
			}
		}
		items, tail, err := listPage(keys, in.page, func(k string) instanceProfileOutput { return s.profileOutput(s.profiles[k]) })
		if err != nil {
			return nil, err
		}
		return listProfilesOutput{items, tail}, nil
	}
	return []api.Action{s.roleAction("iam:ListInstanceProfilesForRole", in.name)}, run, nil
}

// decodeProfileRole decodes {InstanceProfileName, RoleName}.
func decodeProfileRole(input []byte) (profile, roleName string, err error) {
	f, err := decodeFields(input, "InstanceProfileName", "RoleName")
	if err != nil {
		return "", "", err
	}
	var cs checks
	cs.str("instanceProfileName", f["InstanceProfileName"], instanceProfileNameType)
	cs.str("roleName", f["RoleName"], roleNameType)
	return f["InstanceProfileName"], f["RoleName"], cs.err()
}

func (s *Service) prepareAddRoleToInstanceProfile(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, roleName, err := decodeProfileRole(input)
	if err != nil {
		return nil, nil, err
	}
	// "The caller of this operation must be granted the PassRole
	// permission on the IAM role by a permissions policy"
	// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html).
	// The role goes to EC2 through the profile, so iam:PassedToService is
	// ec2.amazonaws.com (the playground's reading: the reference names no
	// service for this call).
	pass := api.PassRole(s.roleAction("iam:PassRole", roleName).Resource, "ec2.amazonaws.com")
	actions := []api.Action{s.profileAction("iam:AddRoleToInstanceProfile", name), pass}
	run := func() (any, error) {
		p, err := s.instanceProfile(name)
		if err != nil {
			return nil, err
		}
		r, err := s.role(roleName)
		if err != nil {
			return nil, err
		}
		if p.role != "" {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", maxRolesPerProfileQuota)
		}
		p.role = strings.ToLower(r.name)
		return noOutput{}, nil
	}
	return actions, run, nil
}

func (s *Service) prepareRemoveRoleFromInstanceProfile(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, roleName, err := decodeProfileRole(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.instanceProfile(name)
		if err != nil {
			return nil, err
		}
		if _, err := s.role(roleName); err != nil {
			return nil, err
		}
		if p.role != strings.ToLower(roleName) {
			return nil, api.Errorf("NoSuchEntity", "The role with name %s cannot be found in instance profile %s.", clip(roleName), clip(p.name))
		}
		p.role = ""
		return noOutput{}, nil
	}
	return []api.Action{s.profileAction("iam:RemoveRoleFromInstanceProfile", name)}, run, nil
}

func (s *Service) prepareDeleteInstanceProfile(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeProfileName(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.instanceProfile(name)
		if err != nil {
			return nil, err
		}
		// "Make sure that you do not have any Amazon EC2 instances running
		// with the instance profile you are about to delete" — and the
		// profile must hold no role: AWS answers DeleteConflict
		// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html).
		if p.role != "" {
			return nil, api.Errorf("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
		}
		delete(s.profiles, strings.ToLower(p.name))
		return noOutput{}, nil
	}
	return []api.Action{s.profileAction("iam:DeleteInstanceProfile", name)}, run, nil
}

// roleProfileConflict is the DeleteConflict DeleteRole gets while the role
// is in an instance profile, or nil
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html:
// "you must first remove the role from any instance profiles").
func (s *Service) roleProfileConflict(r *role) error {
	key := strings.ToLower(r.name)
	for _, k := range sortedKeys(s.profiles) {
		if s.profiles[k].role == key {
			return api.Errorf("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
		}
	}
	return nil
}

// InstanceProfile finds the instance profile that ref names — its name, or
// its ARN as RunInstances' IamInstanceProfile takes either — and returns
// its ARN, its id (AIPA…) and the ARN of its role ("" when it has none).
func (s *Service) InstanceProfile(ref string) (arn, id, roleARN string, ok bool) {
	name := ref
	if strings.HasPrefix(ref, "arn:") {
		i := strings.Index(ref, instanceProfileARNMarker)
		if i < 0 {
			return "", "", "", false
		}
		name = ref[strings.LastIndexByte(ref, '/')+1:]
	}
	p := s.profiles[strings.ToLower(name)]
	if p == nil || strings.HasPrefix(ref, "arn:") && p.arn(s.account) != ref {
		return "", "", "", false
	}
	if r := s.roles[p.role]; p.role != "" && r != nil {
		roleARN = r.arn(s.account)
	}
	return p.arn(s.account), p.id, roleARN, true
}

// InstanceProfileView is an instance profile as the UI draws it.
type InstanceProfileView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	Role                string // the role's name, "" when none
}

// instanceProfileViews returns the profiles in name order.
func (s *Service) instanceProfileViews() []InstanceProfileView {
	out := []InstanceProfileView{}
	for _, k := range sortedKeys(s.profiles) {
		p := s.profiles[k]
		v := InstanceProfileView{Name: p.name, Path: p.path, ARN: p.arn(s.account), ID: p.id, Created: p.created}
		if r := s.roles[p.role]; p.role != "" && r != nil {
			v.Role = r.name
		}
		out = append(out, v)
	}
	return out
}
