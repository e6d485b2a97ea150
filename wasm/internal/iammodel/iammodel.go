// Package iammodel is the model behind the IAM panel: who has which
// policies, where each comes from, and the IAM operation that reads or
// saves it. Plain functions of the account's view, tested natively.
package iammodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"cloudplay/core/analyzer"
	"cloudplay/core/iam"
)

// Entity kinds of the IAM panel's directory.
const (
	EntityRoot  = "root"
	EntityUser  = "user"
	EntityGroup = "group"
	EntityRole  = "role"
)

// EntityRef names a principal of the directory: the root user, a user, a
// group or a role.
type EntityRef struct {
	Kind string // EntityRoot, EntityUser, EntityGroup or EntityRole
	Name string // "" for root
}

// Key is "user/Fred", "group/Developers", "role/Deployer" or "root".
func (r EntityRef) Key() string {
	if r.Kind == EntityRoot {
		return EntityRoot
	}
	return r.Kind + "/" + r.Name
}

// Title is how the panel names it: "user Fred", "group Developers".
func (r EntityRef) Title() string {
	if r.Kind == EntityRoot {
		return "root user"
	}
	return r.Kind + " " + r.Name
}

// OpKind is the word IAM's operations use for the entity ("User" in
// iam:PutUserPolicy), and member the input member naming it.
func (r EntityRef) OpKind() (kind, member string) {
	switch r.Kind {
	case EntityGroup:
		return "Group", "GroupName"
	case EntityRole:
		return "Role", "RoleName"
	}
	return "User", "UserName"
}

// PolicySource says how a policy applies to a principal.
type PolicySource int

const (
	SourceInline   PolicySource = iota // an inline policy (of the principal, or of its group)
	SourceManaged                      // an attached managed policy (directly, or through a group)
	SourceBoundary                     // the permissions boundary
	SourceTrust                        // a role's trust policy
)

// PolicyEntry is one policy that applies to a principal.
type PolicyEntry struct {
	Source PolicySource
	// Owner is the entity the policy belongs to: the principal itself, or
	// the group a user inherits it from.
	Owner EntityRef
	// Inherited is true for a user's policy that comes from a group.
	Inherited bool
	Name      string // the inline policy's name, or the managed policy's
	ARN       string // the managed policy's ARN ("" for inline and trust)
}

// AWSManaged reports whether the policy is an AWS managed policy.
func (e PolicyEntry) AWSManaged() bool {
	return strings.HasPrefix(e.ARN, "arn:aws:iam::aws:policy/")
}

// Key identifies the entry among a principal's policies.
func (e PolicyEntry) Key() string {
	switch e.Source {
	case SourceInline:
		return "inline:" + e.Owner.Key() + ":" + e.Name
	case SourceManaged:
		return "managed:" + e.Owner.Key() + ":" + e.ARN
	case SourceBoundary:
		return "boundary:" + e.ARN
	}
	return "trust:" + e.Owner.Key()
}

// Kind is what the policy is: "Inline policy", "AWS managed policy",
// "Customer managed policy", "Permissions boundary" or "Trust policy".
func (e PolicyEntry) Kind() string {
	switch e.Source {
	case SourceInline:
		return "Inline policy"
	case SourceBoundary:
		return "Permissions boundary"
	case SourceTrust:
		return "Trust policy"
	}
	if e.AWSManaged() {
		return "AWS managed policy"
	}
	return "Customer managed policy"
}

// Via says where an inherited policy comes from ("from group Developers"),
// or "".
func (e PolicyEntry) Via() string {
	if !e.Inherited {
		return ""
	}
	return "from group " + e.Owner.Name
}

// Editable reports whether the learner can save changes to the policy:
// AWS managed policies are read-only.
func (e PolicyEntry) Editable() bool { return !e.AWSManaged() }

// PolicyType is how ValidatePolicy checks the document: a trust policy as
// a role trust policy, anything else as an identity policy.
func (e PolicyEntry) PolicyType() string {
	if e.Source == SourceTrust {
		return analyzer.RoleTrustPolicy
	}
	return analyzer.IdentityPolicy
}

// ManagedName returns the name of a managed policy from its ARN.
func ManagedName(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// PoliciesOf returns the policies that apply to the principal r, in the
// order the panel lists them: its inline policies, its attached managed
// policies, then (for a user) each group's inline and managed policies,
// then the permissions boundary and (for a role) the trust policy. Root
// has none: no identity policy applies to it.
func PoliciesOf(v iam.View, r EntityRef) []PolicyEntry {
	var out []PolicyEntry
	own := func(refs iam.PolicyRefs, owner EntityRef, inherited bool) {
		for _, name := range refs.Inline {
			out = append(out, PolicyEntry{Source: SourceInline, Owner: owner, Inherited: inherited, Name: name})
		}
		for _, arn := range refs.Attached {
			out = append(out, PolicyEntry{Source: SourceManaged, Owner: owner, Inherited: inherited, Name: ManagedName(arn), ARN: arn})
		}
	}
	boundary := func(arn string) {
		if arn != "" {
			out = append(out, PolicyEntry{Source: SourceBoundary, Owner: r, Name: ManagedName(arn), ARN: arn})
		}
	}
	switch r.Kind {
	case EntityUser:
		u, ok := FindUser(v, r.Name)
		if !ok {
			return nil
		}
		own(u.PolicyRefs, r, false)
		for _, gname := range u.Groups {
			if g, ok := FindGroup(v, gname); ok {
				own(g.PolicyRefs, EntityRef{EntityGroup, g.Name}, true)
			}
		}
		boundary(u.Boundary)
	case EntityGroup:
		if g, ok := FindGroup(v, r.Name); ok {
			own(g.PolicyRefs, r, false)
		}
	case EntityRole:
		ro, ok := FindRole(v, r.Name)
		if !ok {
			return nil
		}
		own(ro.PolicyRefs, r, false)
		boundary(ro.Boundary)
		out = append(out, PolicyEntry{Source: SourceTrust, Owner: r, Name: "AssumeRolePolicyDocument"})
	}
	return out
}

// Exists reports whether the entity is still in the directory.
func (r EntityRef) Exists(v iam.View) bool {
	switch r.Kind {
	case EntityRoot:
		return true
	case EntityUser:
		_, ok := FindUser(v, r.Name)
		return ok
	case EntityGroup:
		_, ok := FindGroup(v, r.Name)
		return ok
	case EntityRole:
		_, ok := FindRole(v, r.Name)
		return ok
	}
	return false
}

func FindUser(v iam.View, name string) (iam.UserView, bool) {
	for _, u := range v.Users {
		if u.Name == name {
			return u, true
		}
	}
	return iam.UserView{}, false
}

func FindGroup(v iam.View, name string) (iam.GroupView, bool) {
	for _, g := range v.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return iam.GroupView{}, false
}

func FindRole(v iam.View, name string) (iam.RoleView, bool) {
	for _, r := range v.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return iam.RoleView{}, false
}

func FindPolicy(v iam.View, arn string) (iam.PolicyView, bool) {
	for _, p := range v.Policies {
		if p.ARN == arn {
			return p, true
		}
	}
	return iam.PolicyView{}, false
}

// IAMCall is an operation with its input, as the panel makes it.
type IAMCall struct {
	Op    string
	Input map[string]any
}

// JSON returns the input as JSON text.
func (c IAMCall) JSON() []byte {
	b, _ := json.Marshal(c.Input)
	return b
}

// ReadCall is the operation that reads the entry's document: Get{User,
// Group,Role}Policy for inline policies, GetRole for a trust policy, and
// GetPolicy for a managed policy (whose DefaultVersionId then names the
// version for GetPolicyVersion; see VersionCall).
func (e PolicyEntry) ReadCall() IAMCall {
	switch e.Source {
	case SourceInline:
		kind, member := e.Owner.OpKind()
		return IAMCall{"iam:Get" + kind + "Policy", map[string]any{member: e.Owner.Name, "PolicyName": e.Name}}
	case SourceTrust:
		return IAMCall{"iam:GetRole", map[string]any{"RoleName": e.Owner.Name}}
	}
	return IAMCall{"iam:GetPolicy", map[string]any{"PolicyArn": e.ARN}}
}

// VersionCall is GetPolicyVersion of a managed policy's default version,
// read from GetPolicy's output.
func (e PolicyEntry) VersionCall(getPolicyOutput []byte) (IAMCall, error) {
	var out struct {
		Policy struct{ DefaultVersionId string }
	}
	if err := json.Unmarshal(getPolicyOutput, &out); err != nil || out.Policy.DefaultVersionId == "" {
		return IAMCall{}, errors.New("iam:GetPolicy returned no DefaultVersionId")
	}
	return IAMCall{"iam:GetPolicyVersion", map[string]any{"PolicyArn": e.ARN, "VersionId": out.Policy.DefaultVersionId}}, nil
}

// DocumentOf returns the policy document in the output of the entry's
// read operation (GetPolicyVersion for managed policies), formatted. IAM's
// outputs hold documents as JSON objects (as the AWS CLI shows them).
func (e PolicyEntry) DocumentOf(output []byte) (string, error) {
	var out struct {
		PolicyDocument json.RawMessage
		PolicyVersion  struct{ Document json.RawMessage }
		Role           struct{ AssumeRolePolicyDocument json.RawMessage }
	}
	if err := json.Unmarshal(output, &out); err != nil {
		return "", err
	}
	doc := out.PolicyDocument
	switch {
	case e.Source == SourceTrust:
		doc = out.Role.AssumeRolePolicyDocument
	case e.Source != SourceInline:
		doc = out.PolicyVersion.Document
	}
	if len(doc) == 0 {
		return "", errors.New("the output holds no policy document")
	}
	var s string
	if json.Unmarshal(doc, &s) == nil {
		doc = json.RawMessage(s) // a document IAM could only show as text
	}
	text, _ := FormatPolicy(string(doc))
	return text, nil
}

// SaveCall is the operation that saves doc as the entry's new document:
// Put{User,Group,Role}Policy for an inline policy, CreatePolicyVersion
// (set as default) for a customer managed policy or boundary, and
// UpdateAssumeRolePolicy for a trust policy. ok is false for AWS managed
// policies, which cannot be changed.
func (e PolicyEntry) SaveCall(doc string) (IAMCall, bool) {
	switch e.Source {
	case SourceInline:
		kind, member := e.Owner.OpKind()
		return IAMCall{"iam:Put" + kind + "Policy", map[string]any{member: e.Owner.Name, "PolicyName": e.Name, "PolicyDocument": doc}}, true
	case SourceTrust:
		return IAMCall{"iam:UpdateAssumeRolePolicy", map[string]any{"RoleName": e.Owner.Name, "PolicyDocument": doc}}, true
	}
	if e.AWSManaged() {
		return IAMCall{}, false
	}
	return IAMCall{"iam:CreatePolicyVersion", map[string]any{"PolicyArn": e.ARN, "PolicyDocument": doc, "SetAsDefault": true}}, true
}

// DeleteCall removes the entry from its owner: Delete{X}Policy for an
// inline policy, Detach{X}Policy for an attached managed policy. ok is
// false for what cannot be removed this way (inherited policies belong to
// the group, boundaries and trust policies stay).
func (e PolicyEntry) DeleteCall() (IAMCall, bool) {
	if e.Inherited {
		return IAMCall{}, false
	}
	kind, member := e.Owner.OpKind()
	switch e.Source {
	case SourceInline:
		return IAMCall{"iam:Delete" + kind + "Policy", map[string]any{member: e.Owner.Name, "PolicyName": e.Name}}, true
	case SourceManaged:
		return IAMCall{"iam:Detach" + kind + "Policy", map[string]any{member: e.Owner.Name, "PolicyArn": e.ARN}}, true
	}
	return IAMCall{}, false
}

// AttachCall attaches the managed policy arn to r.
func AttachCall(r EntityRef, arn string) IAMCall {
	kind, member := r.OpKind()
	return IAMCall{"iam:Attach" + kind + "Policy", map[string]any{member: r.Name, "PolicyArn": arn}}
}

// CreatePolicyCall creates a customer managed policy.
func CreatePolicyCall(name, doc string) IAMCall {
	return IAMCall{"iam:CreatePolicy", map[string]any{"PolicyName": name, "PolicyDocument": doc}}
}

// MaxPolicyVersions is IAM's quota of versions per managed policy.
const MaxPolicyVersions = 5

// VersionsFull reports whether the customer managed policy arn has as many
// versions as IAM keeps, so a new version needs an old one deleted first;
// oldest is the oldest version that is not the default (the one to
// delete).
func VersionsFull(v iam.View, arn string) (full bool, oldest string) {
	p, ok := FindPolicy(v, arn)
	if !ok || len(p.Versions) < MaxPolicyVersions {
		return false, ""
	}
	for _, id := range p.Versions {
		if id != p.DefaultVersion {
			return true, id
		}
	}
	return true, ""
}

// NewPolicyTemplate is the document a new policy starts from.
const NewPolicyTemplate = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        ""
      ],
      "Resource": "*"
    }
  ]
}`

// PolicyPickerItem is a managed policy the attach picker offers.
type PolicyPickerItem struct {
	Name, ARN  string
	AWSManaged bool
}

// ParseListPolicies reads the policies of an iam:ListPolicies output, and
// its Marker when it is truncated.
func ParseListPolicies(output []byte) (items []PolicyPickerItem, marker string, err error) {
	var out struct {
		Policies []struct {
			PolicyName string
			Arn        string
		}
		IsTruncated bool
		Marker      string
	}
	if err := json.Unmarshal(output, &out); err != nil {
		return nil, "", err
	}
	for _, p := range out.Policies {
		items = append(items, PolicyPickerItem{Name: p.PolicyName, ARN: p.Arn, AWSManaged: strings.HasPrefix(p.Arn, "arn:aws:iam::aws:policy/")})
	}
	if out.IsTruncated {
		marker = out.Marker
	}
	return items, marker, nil
}

// EntityOfARN returns the directory entity of a principal ARN: root, a
// user, or the role of a role session ("" kind when none).
func EntityOfARN(v iam.View, rootARN, arn string) EntityRef {
	if arn == rootARN || arn == "" {
		return EntityRef{Kind: EntityRoot}
	}
	for _, u := range v.Users {
		if u.ARN == arn {
			return EntityRef{EntityUser, u.Name}
		}
	}
	for _, s := range v.Sessions {
		if s.ARN == arn {
			for _, r := range v.Roles {
				if r.ARN == s.Role || r.Name == s.Role {
					return EntityRef{EntityRole, r.Name}
				}
			}
		}
	}
	return EntityRef{}
}

// policyIndent is how Format indents: two spaces, as the seed's policies
// and the AWS CLI's examples are written.
const policyIndent = "  "

// FormatPolicy pretty-prints a JSON document, keeping its members' order,
// duplicate keys and numbers exactly as written. ok is false, and text
// comes back unchanged, when it is not JSON.
func FormatPolicy(text string) (string, bool) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(text)), "", policyIndent); err != nil {
		return text, false
	}
	return b.String(), true
}

// TrustServices are the service principals the "Create role" form offers
// as trusted entities: the services of the playground that act through a
// role (Firehose delivers with one, ECS tasks and EC2 instances run with
// one, Managed Service for Apache Flink reads with one), and Lambda, the
// most common example of AWS's guide
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html).
var TrustServices = []string{
	"firehose.amazonaws.com",
	"ecs-tasks.amazonaws.com",
	"ec2.amazonaws.com",
	"kinesisanalytics.amazonaws.com",
	"lambda.amazonaws.com",
}

// TrustThisAccount is the template choice "This account": the account's
// own principals (those its policies allow sts:AssumeRole) may assume the
// role.
const TrustThisAccount = "account"

// TrustTemplate is a trust policy letting the service principal service
// (one of TrustServices) assume the role, or, for TrustThisAccount, the
// account accountID (its root, which stands for the account's principals:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
// These are the console's templates, as AWS's guide writes them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html).
func TrustTemplate(choice, accountID string) string {
	principal := `"Service": "` + choice + `"`
	if choice == TrustThisAccount {
		principal = `"AWS": "arn:aws:iam::` + accountID + `:root"`
	}
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        ` + principal + `
      },
      "Action": "sts:AssumeRole"
    }
  ]
}`
}

// TrustChoiceLabel is how the form names a template choice.
func TrustChoiceLabel(choice string) string {
	if choice == TrustThisAccount {
		return "This account"
	}
	return "AWS service: " + choice
}

// CreateRoleCall is iam:CreateRole with the form's fields: path and
// description only when given (IAM's default path is "/"),
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html.
func CreateRoleCall(name, path, description, trustPolicy string) IAMCall {
	in := map[string]any{"RoleName": name, "AssumeRolePolicyDocument": trustPolicy}
	if path != "" {
		in["Path"] = path
	}
	if description != "" {
		in["Description"] = description
	}
	return IAMCall{"iam:CreateRole", in}
}
