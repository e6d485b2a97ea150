package iam

import (
	"encoding/json"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// role is an IAM role.
type role struct {
	name, path, id string
	created        sim.Time
	trust          document
	description    *string
	maxSession     int   // MaxSessionDuration, seconds
	tags           []Tag // in key order (without regard to case)
	perms
}

func (r *role) arn(account string) string { return roleARN(account, r.path, r.name) }

func roleARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":role" + path + name
}

// Role quotas and member types
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
const (
	maxRoles                  = 1000
	defaultMaxSessionDuration = 3600
	minMaxSessionDuration     = 3600
	maxMaxSessionDuration     = 43200
)

var (
	roleNameType        = newConstraint(1, 64, `[\w+=,.@-]+`, `[\w+=,.@-]+`)
	roleDescriptionType = newConstraint(0, 1000, `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`, `[\x{09}\x{0A}\x{0D}\x{20}-\x{7E}\x{A1}-\x{FF}]*`)
)

// boundaryOutput is the AttachedPermissionsBoundary structure.
type boundaryOutput struct {
	PermissionsBoundaryType string `json:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `json:"PermissionsBoundaryArn"`
}

func boundaryOf(arn string) *boundaryOutput {
	if arn == "" {
		return nil
	}
	return &boundaryOutput{PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn}
}

// roleOutput is the Role structure
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html), with
// the trust policy decoded as the CLI shows it.
type roleOutput struct {
	Path                     string          `json:"Path"`
	RoleName                 string          `json:"RoleName"`
	RoleId                   string          `json:"RoleId"`
	Arn                      string          `json:"Arn"`
	CreateDate               string          `json:"CreateDate"`
	AssumeRolePolicyDocument json.RawMessage `json:"AssumeRolePolicyDocument"`
	Description              *string         `json:"Description,omitempty"`
	MaxSessionDuration       int             `json:"MaxSessionDuration,omitempty"`
	PermissionsBoundary      *boundaryOutput `json:"PermissionsBoundary,omitempty"`
	Tags                     []Tag           `json:"Tags,omitempty"`
	RoleLastUsed             *struct{}       `json:"RoleLastUsed,omitempty"`
}

// roleView says which members an output shows: CreateRole shows what was
// given, ListRoles adds MaxSessionDuration, GetRole shows everything
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html:
// "does not return ... PermissionsBoundary, RoleLastUsed, Tags").
type roleView int

const (
	roleCreated roleView = iota
	roleListed
	roleFull
)

func (s *Service) roleOutput(r *role, v roleView) roleOutput {
	out := roleOutput{Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn(s.account), CreateDate: r.created.String(),
		AssumeRolePolicyDocument: r.trust.decoded(), Description: r.description}
	if v != roleCreated {
		out.MaxSessionDuration = r.maxSession
	}
	if v != roleListed {
		out.PermissionsBoundary = boundaryOf(r.boundary)
		if len(r.tags) > 0 {
			out.Tags = r.tags
		}
	}
	if v == roleFull {
		out.RoleLastUsed = &struct{}{}
	}
	return out
}

type roleResult struct {
	Role roleOutput `json:"Role"`
}

// role returns the role named name (without regard to case).
func (s *Service) role(name string) (*role, error) {
	if r := s.roles[strings.ToLower(name)]; r != nil {
		return r, nil
	}
	return nil, api.Errorf("NoSuchEntity", "The role with name %s cannot be found.", name)
}

// roleAction is action on the role named name (its ARN, or the one it
// would have at path "/"), with its tags as aws:ResourceTag keys.
func (s *Service) roleAction(action, name string) api.Action {
	r := s.roles[strings.ToLower(name)]
	if r == nil {
		return api.Action{Action: action, Resource: roleARN(s.account, "/", name)}
	}
	a := api.Action{Action: action, Resource: r.arn(s.account)}
	if len(r.tags) > 0 {
		a.Context = map[string][]string{}
		for _, t := range r.tags {
			a.Context["aws:ResourceTag/"+t.Key] = []string{t.Value}
		}
	}
	return a
}

// parseTrust parses a trust policy and checks its quota.
func parseTrust(text string) (document, error) {
	doc, err := parseDocument(text, policy.Trust)
	if err != nil {
		return doc, err
	}
	if doc.pol.Size() > maxTrustPolicySize {
		return doc, api.Errorf("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: %d", maxTrustPolicySize)
	}
	return doc, nil
}

// boundaryPolicy checks that arn names a managed policy that can be a
// permissions boundary.
func (s *Service) boundaryPolicy(arn string) error {
	if s.managedPolicy(arn) == nil {
		return noSuchPolicy(arn)
	}
	return nil
}

func (s *Service) prepareCreateRole(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RoleName                 string            `json:"RoleName" aws:"required"`
		Path                     *string           `json:"Path"`
		AssumeRolePolicyDocument string            `json:"AssumeRolePolicyDocument" aws:"required"`
		Description              *string           `json:"Description"`
		MaxSessionDuration       *int              `json:"MaxSessionDuration"`
		PermissionsBoundary      *string           `json:"PermissionsBoundary"`
		Tags                     []json.RawMessage `json:"Tags"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	tags, err := decodeTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("roleName", in.RoleName, roleNameType)
	cs.optStr("path", in.Path, pathType)
	cs.str("assumeRolePolicyDocument", in.AssumeRolePolicyDocument, policyDocumentType)
	cs.optStr("description", in.Description, roleDescriptionType)
	cs.intRange("maxSessionDuration", in.MaxSessionDuration, minMaxSessionDuration, maxMaxSessionDuration)
	cs.optStr("permissionsBoundary", in.PermissionsBoundary, arnType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	path := pathOrRoot(in.Path)
	arn := roleARN(s.account, path, in.RoleName)
	create := api.Action{Action: "iam:CreateRole", Resource: arn, Context: requestTags(tags)}
	if in.PermissionsBoundary != nil {
		create = withContext(create, "iam:PermissionsBoundary", *in.PermissionsBoundary)
	}
	actions := []api.Action{create}
	if len(tags) > 0 {
		actions = append(actions, api.Action{Action: "iam:TagRole", Resource: arn, Context: requestTags(tags)})
	}
	doc, docErr := parseTrust(in.AssumeRolePolicyDocument)
	run := func() (any, error) {
		key := strings.ToLower(in.RoleName)
		if s.roles[key] != nil {
			return nil, api.Errorf("EntityAlreadyExists", "Role with name %s already exists.", in.RoleName)
		}
		if docErr != nil {
			return nil, docErr
		}
		if len(s.roles) >= maxRoles {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for RolesPerAccount: %d", maxRoles)
		}
		r := &role{name: in.RoleName, path: path, created: env.Now, trust: doc, description: in.Description,
			maxSession: defaultMaxSessionDuration, tags: sortTags(tags)}
		if in.MaxSessionDuration != nil {
			r.maxSession = *in.MaxSessionDuration
		}
		if in.PermissionsBoundary != nil {
			if err := s.boundaryPolicy(*in.PermissionsBoundary); err != nil {
				return nil, err
			}
			r.boundary = *in.PermissionsBoundary
			s.use(r.boundary).boundaries++
		}
		r.id = s.newID(env, "AROA")
		s.roles[key] = r
		return roleResult{Role: s.roleOutput(r, roleCreated)}, nil
	}
	return actions, run, nil
}

// withContext returns a with one more context key.
func withContext(a api.Action, key, value string) api.Action {
	ctx := map[string][]string{}
	for k, v := range a.Context {
		ctx[k] = v
	}
	ctx[key] = []string{value}
	a.Context = ctx
	return a
}

func (s *Service) prepareGetRole(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeName(roleKind, input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.role(name)
		if err != nil {
			return nil, err
		}
		return roleResult{Role: s.roleOutput(r, roleFull)}, nil
	}
	return []api.Action{s.roleAction("iam:GetRole", name)}, run, nil
}

func (s *Service) prepareListRoles(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeList(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		keys := keysUnder(s.roles, in.PathPrefix, func(r *role) string { return r.path })
		roles, tail, err := listPage(keys, in.page(), func(k string) roleOutput { return s.roleOutput(s.roles[k], roleListed) })
		if err != nil {
			return nil, err
		}
		return struct {
			Roles []roleOutput `json:"Roles"`
			listOutput
		}{roles, tail}, nil
	}
	return []api.Action{{Action: "iam:ListRoles", Resource: "*"}}, run, nil
}

func (s *Service) prepareDeleteRole(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	name, err := decodeName(roleKind, input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.role(name)
		if err != nil {
			return nil, err
		}
		if err := r.deleteConflict(); err != nil {
			return nil, err
		}
		if err := s.roleProfileConflict(r); err != nil {
			return nil, err
		}
		if r.boundary != "" {
			s.use(r.boundary).boundaries--
		}
		// Its sessions die with it: a role made again under the same name
		// is another role (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
		for _, k := range sortedKeys(s.sessions) {
			if strings.EqualFold(s.sessions[k].role, r.name) {
				delete(s.sessions, k)
			}
		}
		delete(s.roles, strings.ToLower(r.name))
		return noOutput{}, nil
	}
	return []api.Action{s.roleAction("iam:DeleteRole", name)}, run, nil
}

func (s *Service) prepareUpdateAssumeRolePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	f, err := decodeFields(input, "RoleName", "PolicyDocument")
	if err != nil {
		return nil, nil, err
	}
	name, text := f["RoleName"], f["PolicyDocument"]
	var cs checks
	cs.str("roleName", name, roleNameType)
	cs.str("policyDocument", text, policyDocumentType)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	doc, docErr := parseTrust(text)
	run := func() (any, error) {
		r, err := s.role(name)
		if err != nil {
			return nil, err
		}
		if docErr != nil {
			return nil, docErr
		}
		r.trust = doc
		return noOutput{}, nil
	}
	return []api.Action{s.roleAction("iam:UpdateAssumeRolePolicy", name)}, run, nil
}

// TrustPolicy returns the trust policy of the role whose ARN is roleARN,
// parsed, for the dispatcher to pass as the resource-based policy of
// sts:AssumeRole.
func (s *Service) TrustPolicy(roleARN string) (*policy.Policy, bool) {
	r := s.roleByARN(roleARN)
	if r == nil {
		return nil, false
	}
	return r.trust.pol, true
}
