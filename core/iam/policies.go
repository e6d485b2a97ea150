package iam

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// Member types of the managed policy operations
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html).
var (
	policyNameType        = newConstraint(1, 128, `[\w+=,.@-]+`, `[\w+=,.@-]+`)
	policyPathType        = newConstraint(1, 512, `((/[A-Za-z0-9\.,\+@=_-]+)*)/`, `((/[A-Za-z0-9\.,\+@=_-]+)*)/`)
	policyDocumentType    = newConstraint(1, 131072, `[\u0009\u000A\u000D\u0020-\u00FF]+`, `[\x{09}\x{0A}\x{0D}\x{20}-\x{FF}]+`)
	policyDescriptionType = newConstraint(0, 1000, "", "")
	policyVersionIDType   = newConstraint(-1, -1, `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`, `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`)
)

// policyOutput is the Policy structure
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html).
type policyOutput struct {
	PolicyName                    string `json:"PolicyName"`
	PolicyId                      string `json:"PolicyId"`
	Arn                           string `json:"Arn"`
	Path                          string `json:"Path"`
	DefaultVersionId              string `json:"DefaultVersionId"`
	AttachmentCount               int    `json:"AttachmentCount"`
	PermissionsBoundaryUsageCount int    `json:"PermissionsBoundaryUsageCount"`
	IsAttachable                  bool   `json:"IsAttachable"`
	Description                   string `json:"Description,omitempty"`
	CreateDate                    string `json:"CreateDate"`
	UpdateDate                    string `json:"UpdateDate"`
	Tags                          []Tag  `json:"Tags,omitempty"`
}

// policyOutput shows p as GetPolicy does; ListPolicies leaves out the
// description and tags ("IAM returns only a subset of the available policy
// details": https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html).
func (s *Service) policyOutput(p *managedPolicy, full bool) policyOutput {
	u := s.usageOf(p.arn)
	out := policyOutput{PolicyName: p.name, PolicyId: p.id, Arn: p.arn, Path: p.path, DefaultVersionId: p.defaultVersion,
		AttachmentCount: u.attachments, PermissionsBoundaryUsageCount: u.boundaries, IsAttachable: true,
		CreateDate: p.created, UpdateDate: p.updated}
	if full {
		out.Description = p.description
		if len(p.tags) > 0 {
			out.Tags = p.tags
		}
	}
	return out
}

type policyResult struct {
	Policy policyOutput `json:"Policy"`
}

// versionOutput is the PolicyVersion structure
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html);
// Document is shown decoded, as the CLI shows it.
type versionOutput struct {
	Document         json.RawMessage `json:"Document,omitempty"`
	VersionId        string          `json:"VersionId"`
	IsDefaultVersion bool            `json:"IsDefaultVersion"`
	CreateDate       string          `json:"CreateDate"`
}

func versionOf(p *managedPolicy, v *policyVersion, withDocument bool) versionOutput {
	out := versionOutput{VersionId: v.id, IsDefaultVersion: v.id == p.defaultVersion, CreateDate: v.created}
	if withDocument {
		out.Document = v.decoded()
	}
	return out
}

// noSuchPolicy is IAM's NoSuchEntity for a policy ARN that names nothing.
func noSuchPolicy(arn string) error {
	return api.Errorf("NoSuchEntity", "Policy %s does not exist or is not attachable.", clip(arn))
}

// existingPolicy returns the managed policy arn names, for an operation
// that reads it.
func (s *Service) existingPolicy(arn string) (*managedPolicy, error) {
	if p := s.managedPolicy(arn); p != nil {
		return p, nil
	}
	return nil, api.Errorf("NoSuchEntity", "Policy %s was not found.", clip(arn))
}

// policyForChange returns the managed policy arn names for an operation
// that changes it: AWS managed policies cannot be changed.
func (s *Service) policyForChange(env *api.Env, action, arn string) (*managedPolicy, error) {
	p := s.managedPolicy(arn)
	if p == nil {
		return nil, noSuchPolicy(arn)
	}
	if p.aws {
		return nil, api.Errorf("AccessDenied", "User: %s is not authorized to perform: %s on resource: policy %s (AWS managed policies cannot be changed)", clip(env.Caller.ARN), action, clip(arn))
	}
	return p, nil
}

func (s *Service) prepareCreatePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicyName     string            `json:"PolicyName" aws:"required"`
		Path           *string           `json:"Path"`
		PolicyDocument string            `json:"PolicyDocument" aws:"required"`
		Description    *string           `json:"Description"`
		Tags           []json.RawMessage `json:"Tags"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	tags, err := decodeTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("policyName", in.PolicyName, policyNameType)
	cs.optStr("path", in.Path, policyPathType)
	cs.str("policyDocument", in.PolicyDocument, policyDocumentType)
	cs.optStr("description", in.Description, policyDescriptionType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	path := pathOrRoot(in.Path)
	arn := policyARN(s.account, path, in.PolicyName)
	doc, docErr := parseDocument(in.PolicyDocument, policy.Identity)
	actions := []api.Action{{Action: "iam:CreatePolicy", Resource: arn, Context: requestTags(tags)}}
	if len(tags) > 0 {
		actions = append(actions, api.Action{Action: "iam:TagPolicy", Resource: arn, Context: requestTags(tags)})
	}
	run := func() (any, error) {
		if docErr != nil {
			return nil, docErr
		}
		if err := checkManagedSize(doc); err != nil {
			return nil, err
		}
		key := strings.ToLower(in.PolicyName)
		if s.policies[key] != nil {
			return nil, api.Errorf("EntityAlreadyExists", "A policy called %s already exists. Duplicate names are not allowed.", in.PolicyName)
		}
		if len(s.policies) >= maxCustomerPolicies {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for PoliciesPerAccount: %d", maxCustomerPolicies)
		}
		now := env.Now.String()
		p := &managedPolicy{name: in.PolicyName, path: path, arn: arn, created: now, updated: now,
			defaultVersion: "v1", nextVersion: 2, tags: sortTags(tags),
			versions: []*policyVersion{{id: "v1", created: now, document: doc}}}
		if in.Description != nil {
			p.description = *in.Description
		}
		p.id = s.newID(env, "ANPA")
		s.policies[key] = p
		return policyResult{Policy: s.policyOutput(p, true)}, nil
	}
	return actions, run, nil
}

// maxCustomerPolicies is the quota of customer managed policies per account.
const maxCustomerPolicies = 1500

func checkManagedSize(doc document) error {
	if doc.pol.Size() > maxManagedPolicySize {
		return api.Errorf("LimitExceeded", "Cannot exceed quota for PolicySize: %d", maxManagedPolicySize)
	}
	return nil
}

func sortTags(tags []Tag) []Tag {
	m := map[string]Tag{}
	for _, t := range tags {
		m[strings.ToLower(t.Key)] = t
	}
	out := []Tag{}
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// policyArnInput is the input of the operations that name one policy.
type policyArnInput struct {
	PolicyArn string `json:"PolicyArn" aws:"required"`
}

func decodePolicyArn(input []byte) (policyArnInput, error) {
	var in policyArnInput
	if err := decode(input, &in); err != nil {
		return in, err
	}
	var cs checks
	cs.str("policyArn", in.PolicyArn, arnType)
	return in, cs.err()
}

func (s *Service) prepareGetPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodePolicyArn(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.existingPolicy(in.PolicyArn)
		if err != nil {
			return nil, err
		}
		return policyResult{Policy: s.policyOutput(p, true)}, nil
	}
	return []api.Action{{Action: "iam:GetPolicy", Resource: in.PolicyArn}}, run, nil
}

func (s *Service) prepareListPolicies(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		Scope             *string `json:"Scope"`
		OnlyAttached      *bool   `json:"OnlyAttached"`
		PathPrefix        *string `json:"PathPrefix"`
		PolicyUsageFilter *string `json:"PolicyUsageFilter"`
		Marker            *string `json:"Marker"`
		MaxItems          *int    `json:"MaxItems"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.enum("scope", in.Scope, "All", "AWS", "Local")
	cs.optStr("pathPrefix", in.PathPrefix, policyPathType)
	cs.enum("policyUsageFilter", in.PolicyUsageFilter, "PermissionsPolicy", "PermissionsBoundary")
	pageOf(in.Marker, in.MaxItems).check(&cs)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	scope := "All"
	if in.Scope != nil {
		scope = *in.Scope
	}
	run := func() (any, error) {
		var all []*managedPolicy
		if scope != "Local" {
			all = append(all, awsCatalog().ordered...)
		}
		if scope != "AWS" {
			for _, k := range sortedKeys(s.policies) {
				all = append(all, s.policies[k])
			}
		}
		sortPolicies(all)
		byKey := map[string]*managedPolicy{}
		var keys []string
		for _, p := range all {
			if in.PathPrefix != nil && !strings.HasPrefix(p.path, *in.PathPrefix) {
				continue
			}
			if in.OnlyAttached != nil && *in.OnlyAttached && !s.usedAs(p.arn, in.PolicyUsageFilter) {
				continue
			}
			k := policyKey(p)
			byKey[k] = p
			keys = append(keys, k)
		}
		policies, tail, err := listPage(keys, pageOf(in.Marker, in.MaxItems), func(k string) policyOutput { return s.policyOutput(byKey[k], false) })
		if err != nil {
			return nil, err
		}
		return struct {
			Policies []policyOutput `json:"Policies"`
			listOutput
		}{policies, tail}, nil
	}
	return []api.Action{{Action: "iam:ListPolicies", Resource: "*"}}, run, nil
}

// policyKey is the list key of p: policies list by name (without regard to
// case), then ARN.
func policyKey(p *managedPolicy) string { return strings.ToLower(p.name) + "\x00" + p.arn }

// usedAs reports whether the policy arn is in use: attached to a user,
// group or role (PermissionsPolicy), used as a permissions boundary
// (PermissionsBoundary), or either (no filter).
func (s *Service) usedAs(arn string, filter *string) bool {
	u := s.usageOf(arn)
	switch {
	case filter == nil:
		return u.attachments > 0 || u.boundaries > 0
	case *filter == "PermissionsBoundary":
		return u.boundaries > 0
	}
	return u.attachments > 0
}

func (s *Service) prepareDeletePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodePolicyArn(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.policyForChange(env, "iam:DeletePolicy", in.PolicyArn)
		if err != nil {
			return nil, err
		}
		if u := s.usageOf(p.arn); u.attachments > 0 || u.boundaries > 0 {
			return nil, api.Errorf("DeleteConflict", "Cannot delete a policy attached to entities.")
		}
		if len(p.versions) > 1 {
			return nil, api.Errorf("DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		delete(s.policies, strings.ToLower(p.name))
		delete(s.usage, p.arn)
		return noOutput{}, nil
	}
	return []api.Action{{Action: "iam:DeletePolicy", Resource: in.PolicyArn}}, run, nil
}

func (s *Service) prepareCreatePolicyVersion(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicyArn      string `json:"PolicyArn" aws:"required"`
		PolicyDocument string `json:"PolicyDocument" aws:"required"`
		SetAsDefault   *bool  `json:"SetAsDefault"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("policyArn", in.PolicyArn, arnType)
	cs.str("policyDocument", in.PolicyDocument, policyDocumentType)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	doc, docErr := parseDocument(in.PolicyDocument, policy.Identity)
	run := func() (any, error) {
		p, err := s.policyForChange(env, "iam:CreatePolicyVersion", in.PolicyArn)
		if err != nil {
			return nil, err
		}
		if docErr != nil {
			return nil, docErr
		}
		if err := checkManagedSize(doc); err != nil {
			return nil, err
		}
		if len(p.versions) >= maxPolicyVersions {
			return nil, api.Errorf("LimitExceeded", "A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
		}
		now := env.Now.String()
		v := &policyVersion{id: "v" + strconv.Itoa(p.nextVersion), created: now, document: doc}
		p.nextVersion++
		p.versions = append(p.versions, v)
		p.updated = now
		if in.SetAsDefault != nil && *in.SetAsDefault {
			p.defaultVersion = v.id
		}
		return struct {
			PolicyVersion versionOutput `json:"PolicyVersion"`
		}{versionOf(p, v, false)}, nil
	}
	return []api.Action{{Action: "iam:CreatePolicyVersion", Resource: in.PolicyArn}}, run, nil
}

// versionInput is the input of the operations that name one version.
type versionInput struct {
	PolicyArn string `json:"PolicyArn" aws:"required"`
	VersionId string `json:"VersionId" aws:"required"`
}

func decodeVersion(input []byte) (versionInput, error) {
	var in versionInput
	if err := decode(input, &in); err != nil {
		return in, err
	}
	var cs checks
	cs.str("policyArn", in.PolicyArn, arnType)
	cs.str("versionId", in.VersionId, policyVersionIDType)
	return in, cs.err()
}

func noSuchVersion(arn, id string) error {
	return api.Errorf("NoSuchEntity", "Policy %s version %s does not exist or is not attachable.", clip(arn), clip(id))
}

// versionForChange returns the policy of the version in names, for an
// operation that changes it.
func (s *Service) versionForChange(env *api.Env, action string, in versionInput) (*managedPolicy, error) {
	p, err := s.policyForChange(env, action, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	if p.version(in.VersionId) == nil {
		return nil, noSuchVersion(in.PolicyArn, in.VersionId)
	}
	return p, nil
}

func (s *Service) prepareGetPolicyVersion(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeVersion(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.existingPolicy(in.PolicyArn)
		if err != nil {
			return nil, err
		}
		v := p.version(in.VersionId)
		if v == nil {
			return nil, noSuchVersion(in.PolicyArn, in.VersionId)
		}
		return struct {
			PolicyVersion versionOutput `json:"PolicyVersion"`
		}{versionOf(p, v, true)}, nil
	}
	return []api.Action{{Action: "iam:GetPolicyVersion", Resource: in.PolicyArn}}, run, nil
}

func (s *Service) prepareListPolicyVersions(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicyArn string  `json:"PolicyArn" aws:"required"`
		Marker    *string `json:"Marker"`
		MaxItems  *int    `json:"MaxItems"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("policyArn", in.PolicyArn, arnType)
	pageOf(in.Marker, in.MaxItems).check(&cs)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.existingPolicy(in.PolicyArn)
		if err != nil {
			return nil, err
		}
		// Newest first; keys sort that way.
		byKey := map[string]*policyVersion{}
		var keys []string
		for i := len(p.versions) - 1; i >= 0; i-- {
			k := fmt.Sprintf("%06d", len(p.versions)-1-i)
			byKey[k] = p.versions[i]
			keys = append(keys, k)
		}
		versions, tail, err := listPage(keys, pageOf(in.Marker, in.MaxItems), func(k string) versionOutput { return versionOf(p, byKey[k], false) })
		if err != nil {
			return nil, err
		}
		return struct {
			Versions []versionOutput `json:"Versions"`
			listOutput
		}{versions, tail}, nil
	}
	return []api.Action{{Action: "iam:ListPolicyVersions", Resource: in.PolicyArn}}, run, nil
}

func (s *Service) prepareSetDefaultPolicyVersion(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeVersion(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.versionForChange(env, "iam:SetDefaultPolicyVersion", in)
		if err != nil {
			return nil, err
		}
		p.defaultVersion = in.VersionId
		return noOutput{}, nil
	}
	return []api.Action{{Action: "iam:SetDefaultPolicyVersion", Resource: in.PolicyArn}}, run, nil
}

func (s *Service) prepareDeletePolicyVersion(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	in, err := decodeVersion(input)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		p, err := s.versionForChange(env, "iam:DeletePolicyVersion", in)
		if err != nil {
			return nil, err
		}
		if in.VersionId == p.defaultVersion {
			return nil, api.Errorf("DeleteConflict", "Cannot delete the default version of this policy.")
		}
		for i, v := range p.versions {
			if v.id == in.VersionId {
				p.versions = append(p.versions[:i:i], p.versions[i+1:]...)
				break
			}
		}
		return noOutput{}, nil
	}
	return []api.Action{{Action: "iam:DeletePolicyVersion", Resource: in.PolicyArn}}, run, nil
}
