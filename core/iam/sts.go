package iam

import (
	"encoding/json"
	"fmt"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// STS member types and limits
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
const (
	minDuration         = 900
	defaultDuration     = 3600
	maxChainedDuration  = 3600 // role chaining: "limits your session to a maximum of one hour"
	accessKeyAlphabet   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	sessionTokenLength  = 356
	sessionPolicyIDName = "SessionPolicy"
)

var (
	roleSessionNameType = newConstraint(2, 64, `[\w+=,.@-]*`, `[\w+=,.@-]*`)
	sessionPolicyType   = newConstraint(1, maxSessionPolicySize, `[\u0009\u000A\u000D\u0020-\u00FF]+`, `[\x{09}\x{0A}\x{0D}\x{20}-\x{FF}]+`)
	externalIDType      = newConstraint(2, 1224, `[\w+=,.@:\/-]*`, `[\w+=,.@:\/-]*`)
	sourceIdentityType  = newConstraint(2, 64, `[\w+=,.@-]*`, `[\w+=,.@-]*`)
)

// policyOps lists the operations of managed and inline policies, roles,
// boundaries and STS.
func (s *Service) policyOps() []api.Op {
	ops := []api.Op{
		{Name: "iam:CreatePolicy", Mutates: true, Prepare: s.prepareCreatePolicy},
		{Name: "iam:GetPolicy", Prepare: s.prepareGetPolicy},
		{Name: "iam:ListPolicies", Prepare: s.prepareListPolicies},
		{Name: "iam:DeletePolicy", Mutates: true, Prepare: s.prepareDeletePolicy},
		{Name: "iam:CreatePolicyVersion", Mutates: true, Prepare: s.prepareCreatePolicyVersion},
		{Name: "iam:GetPolicyVersion", Prepare: s.prepareGetPolicyVersion},
		{Name: "iam:ListPolicyVersions", Prepare: s.prepareListPolicyVersions},
		{Name: "iam:SetDefaultPolicyVersion", Mutates: true, Prepare: s.prepareSetDefaultPolicyVersion},
		{Name: "iam:DeletePolicyVersion", Mutates: true, Prepare: s.prepareDeletePolicyVersion},
		{Name: "iam:CreateRole", Mutates: true, Prepare: s.prepareCreateRole},
		{Name: "iam:GetRole", Prepare: s.prepareGetRole},
		{Name: "iam:ListRoles", Prepare: s.prepareListRoles},
		{Name: "iam:DeleteRole", Mutates: true, Prepare: s.prepareDeleteRole},
		{Name: "iam:UpdateAssumeRolePolicy", Mutates: true, Prepare: s.prepareUpdateAssumeRolePolicy},
		{Name: "sts:AssumeRole", Mutates: true, Prepare: s.prepareAssumeRole},
		{Name: "sts:GetCallerIdentity", Prepare: s.prepareGetCallerIdentity},
	}
	ops = append(ops, s.attachOps()...)
	ops = append(ops, s.inlineOps()...)
	return append(ops, s.boundaryOps()...)
}

type assumeRoleInput struct {
	RoleArn           string            `json:"RoleArn" aws:"required"`
	RoleSessionName   string            `json:"RoleSessionName" aws:"required"`
	DurationSeconds   *int              `json:"DurationSeconds"`
	Policy            *string           `json:"Policy"`
	PolicyArns        []json.RawMessage `json:"PolicyArns"`
	Tags              []json.RawMessage `json:"Tags"`
	TransitiveTagKeys []string          `json:"TransitiveTagKeys"`
	ExternalId        *string           `json:"ExternalId"`
	SourceIdentity    *string           `json:"SourceIdentity"`
}

// policyDescriptor is PolicyDescriptorType: {"arn": ...}.
type policyDescriptor struct {
	Arn string `json:"arn" aws:"required"`
}

func decodePolicyArns(raws []json.RawMessage) ([]string, error) {
	arns := make([]string, 0, len(raws))
	for i, raw := range raws {
		var d policyDescriptor
		if err := decode(raw, &d); err != nil {
			if e, ok := err.(*api.Error); ok && e.Code == validationCode {
				msg := strings.Replace(e.Message, "in input:", fmt.Sprintf("in PolicyArns[%d]:", i), 1)
				return nil, api.Errorf(validationCode, "%s", msg)
			}
			return nil, api.Errorf(validationCode, "Invalid type for parameter PolicyArns[%d], value: %s, valid types: structure", i, clip(string(raw)))
		}
		arns = append(arns, d.Arn)
	}
	return arns, nil
}

// credentialsOutput is the Credentials structure
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html).
type credentialsOutput struct {
	AccessKeyId     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	SessionToken    string `json:"SessionToken"`
	Expiration      string `json:"Expiration"`
}

type assumedRoleUser struct {
	AssumedRoleId string `json:"AssumedRoleId"`
	Arn           string `json:"Arn"`
}

func (s *Service) prepareAssumeRole(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in assumeRoleInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	tags, err := decodeTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	arns, err := decodePolicyArns(in.PolicyArns)
	if err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("roleArn", in.RoleArn, arnType)
	cs.str("roleSessionName", in.RoleSessionName, roleSessionNameType)
	cs.intRange("durationSeconds", in.DurationSeconds, minDuration, maxMaxSessionDuration)
	cs.optStr("policy", in.Policy, sessionPolicyType)
	if len(arns) > maxSessionPolicyARNs {
		cs.fail("policyArns", "["+strings.Join(arns, ", ")+"]", fmt.Sprintf("Member must have length less than or equal to %d", maxSessionPolicyARNs))
	}
	for i, a := range arns {
		cs.str(fmt.Sprintf("policyArns.%d.member.arn", i+1), a, arnType)
	}
	cs.optStr("externalId", in.ExternalId, externalIDType)
	cs.optStr("sourceIdentity", in.SourceIdentity, sourceIdentityType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	// The request context of sts:AssumeRole
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-sts).
	ctx := map[string][]string{"sts:RoleSessionName": {in.RoleSessionName}}
	for k, v := range requestTags(tags) {
		ctx[k] = v
	}
	if in.ExternalId != nil {
		ctx["sts:ExternalId"] = []string{*in.ExternalId}
	}
	if in.SourceIdentity != nil {
		ctx["sts:SourceIdentity"] = []string{*in.SourceIdentity}
	}
	if len(in.TransitiveTagKeys) > 0 {
		ctx["sts:TransitiveTagKeys"] = in.TransitiveTagKeys
	}
	actions := []api.Action{{Action: "sts:AssumeRole", Resource: in.RoleArn, Context: ctx}}
	if len(tags) > 0 {
		// Session tags need sts:TagSession as well, in the trust policy too
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required).
		actions = append(actions, api.Action{Action: "sts:TagSession", Resource: in.RoleArn, Context: ctx})
	}
	var sessionDoc document
	var docErr error
	if in.Policy != nil {
		sessionDoc, docErr = parseDocument(*in.Policy, policy.Session)
	}
	run := func() (any, error) {
		if env.Caller.Type == api.Root {
			return nil, api.Errorf("AccessDenied", "Roles may not be assumed by root accounts.")
		}
		r := s.roleByARN(in.RoleArn)
		if r == nil {
			// AWS does not say whether the role exists.
			return nil, api.Errorf("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", clip(env.Caller.ARN), clip(in.RoleArn))
		}
		duration := defaultDuration
		if in.DurationSeconds != nil {
			duration = *in.DurationSeconds
		}
		if env.Caller.Type == api.AssumedRole && duration > maxChainedDuration {
			return nil, api.Errorf(validationCode, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
		}
		if duration > r.maxSession {
			return nil, api.Errorf(validationCode, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
		}
		if docErr != nil {
			return nil, docErr
		}
		var inputs []policy.Input
		if in.Policy != nil {
			inputs = append(inputs, policy.Input{ID: sessionPolicyIDName, SourceType: "none", Policy: sessionDoc.pol})
		}
		for _, a := range arns {
			mp := s.managedPolicy(a)
			if mp == nil {
				return nil, noSuchPolicy(a)
			}
			inputs = append(inputs, policy.Input{ID: a, SourceType: mp.sourceType(), Policy: mp.current().pol})
		}
		packed := packedPolicySize(sessionDoc, arns, tags)
		if packed > 100 {
			return nil, api.Errorf("PackedPolicyTooLarge", "Packed policy consumes %d%% of allotted space, please use smaller policy.", packed)
		}
		expires := env.Now + sim.Time(duration)*1000
		se := &session{arn: sessionARN(s.account, r.name, in.RoleSessionName), role: r.name, name: in.RoleSessionName,
			expires: expires, policies: inputs, tags: tags}
		se.accessKey = "ASIA" + env.Rand.Chars(accessKeyAlphabet, 16)
		creds := credentialsOutput{
			AccessKeyId:     se.accessKey,
			SecretAccessKey: env.Rand.Chars(secretAlphabet, 40),
			SessionToken:    env.Rand.Chars(secretAlphabet, sessionTokenLength),
			Expiration:      expires.String(),
		}
		s.sessions[se.arn] = se
		out := struct {
			Credentials      credentialsOutput `json:"Credentials"`
			AssumedRoleUser  assumedRoleUser   `json:"AssumedRoleUser"`
			PackedPolicySize *int              `json:"PackedPolicySize,omitempty"`
			SourceIdentity   *string           `json:"SourceIdentity,omitempty"`
		}{Credentials: creds, AssumedRoleUser: assumedRoleUser{AssumedRoleId: r.id + ":" + se.name, Arn: se.arn},
			SourceIdentity: in.SourceIdentity}
		if in.Policy != nil || len(arns) > 0 || len(tags) > 0 {
			out.PackedPolicySize = &packed
		}
		return out, nil
	}
	return actions, run, nil
}

// packedPolicySize approximates AssumeRole's PackedPolicySize, the
// percentage of the packed (compressed) space that the session policies and
// tags take. AWS does not document the packing; this counts the policy
// without white space, the ARNs and the tags against 2,048 characters.
func packedPolicySize(doc document, arns []string, tags []Tag) int {
	n := 0
	if doc.pol != nil {
		n += doc.pol.Size()
	}
	for _, a := range arns {
		n += len(a)
	}
	for _, t := range tags {
		n += len(t.Key) + len(t.Value)
	}
	return (n*100 + maxSessionPolicySize - 1) / maxSessionPolicySize
}

// prepareGetCallerIdentity needs no permission: "No permissions are
// required to perform this operation"
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
func (s *Service) prepareGetCallerIdentity(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct{}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	p := env.Caller
	run := func() (any, error) {
		return struct {
			UserId  string `json:"UserId"`
			Account string `json:"Account"`
			Arn     string `json:"Arn"`
		}{p.ID, p.Account, p.ARN}, nil
	}
	return []api.Action{}, run, nil
}
