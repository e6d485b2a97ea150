package iam

import (
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the IAM directory of one account.
type Service struct {
	account string
	// created is the account's creation time, which GetUser shows as the
	// root user's CreateDate.
	created sim.Time
	users   map[string]*user  // by lower-case name: names are case-insensitive
	groups  map[string]*group // by lower-case name
	roles   map[string]*role  // by lower-case name
	ids     map[string]bool   // every unique id handed out: users, groups, roles, policies, sessions

	// policies are the customer managed policies, by lower-case name
	// (policy names are unique in an account without regard to case).
	policies map[string]*managedPolicy
	// usage counts, for every managed policy (AWS or customer) by ARN,
	// its attachments and its uses as a permissions boundary.
	usage map[string]*policyUsage
	// sessions are the role sessions made by sts:AssumeRole, by session
	// ARN; a later session of the same role and name replaces an earlier.
	sessions map[string]*session
	// profiles are the instance profiles, by lower-case name.
	profiles map[string]*instanceProfile
}

// user is an IAM user.
type user struct {
	name, path, id string
	created        sim.Time
	groups         map[string]bool // lower-case names of the groups it is in
	tags           map[string]Tag  // by lower-case key: IAM tag keys are case-insensitive
	perms
}

// group is an IAM group. Groups hold users only.
type group struct {
	name, path, id string
	created        sim.Time
	members        map[string]bool // lower-case names of its users
	perms
}

// defaultCreated is CONTRACT.md's default start, 2026-01-01T00:00:00Z.
const defaultCreated = sim.Time(1767225600000)

// New returns the empty directory of account: only the root user exists.
func New(account string) *Service {
	return &Service{
		account: account,
		created: defaultCreated,
		users:   map[string]*user{},
		groups:  map[string]*group{},
		roles:   map[string]*role{},
		ids:     map[string]bool{},

		policies: map[string]*managedPolicy{},
		usage:    map[string]*policyUsage{},
		sessions: map[string]*session{},
		profiles: map[string]*instanceProfile{},
	}
}

// SetAccountCreated sets the account's creation time, which GetUser shows
// as the root user's CreateDate (2026-01-01T00:00:00Z unless set).
func (s *Service) SetAccountCreated(t sim.Time) { s.created = t }

// Ops returns the operations of the directory.
func (s *Service) Ops() []api.Op {
	return append([]api.Op{
		{Name: "iam:CreateUser", Mutates: true, Prepare: s.prepareCreateUser},
		{Name: "iam:GetUser", Prepare: s.prepareGetUser},
		{Name: "iam:ListUsers", Prepare: s.prepareListUsers},
		{Name: "iam:DeleteUser", Mutates: true, Prepare: s.prepareDeleteUser},
		{Name: "iam:CreateGroup", Mutates: true, Prepare: s.prepareCreateGroup},
		{Name: "iam:GetGroup", Prepare: s.prepareGetGroup},
		{Name: "iam:ListGroups", Prepare: s.prepareListGroups},
		{Name: "iam:DeleteGroup", Mutates: true, Prepare: s.prepareDeleteGroup},
		{Name: "iam:AddUserToGroup", Mutates: true, Prepare: s.prepareAddUserToGroup},
		{Name: "iam:RemoveUserFromGroup", Mutates: true, Prepare: s.prepareRemoveUserFromGroup},
		{Name: "iam:ListGroupsForUser", Prepare: s.prepareListGroupsForUser},
		{Name: "iam:TagUser", Mutates: true, Prepare: s.prepareTagUser},
		{Name: "iam:UntagUser", Mutates: true, Prepare: s.prepareUntagUser},
		{Name: "iam:ListUserTags", Prepare: s.prepareListUserTags},
		{Name: "iam:SimulateCustomPolicy", Prepare: s.prepareSimulateCustomPolicy},
		{Name: "iam:SimulatePrincipalPolicy", Prepare: s.prepareSimulatePrincipalPolicy},
	}, append(s.policyOps(), s.profileOps()...)...)
}

// RootARN returns the ARN of the account's root user.
func (s *Service) RootARN() string { return "arn:aws:iam::" + s.account + ":root" }

// Principal resolves a caller ARN: the root ARN, the exact ARN (path
// included) of one of the account's users, or the ARN of a role session
// (whether or not it has expired: see PrincipalAt).
func (s *Service) Principal(arn string) (api.Principal, bool) {
	if arn == s.RootARN() {
		return api.Principal{ARN: arn, Account: s.account, Type: api.Root, Name: "root", ID: s.account}, true
	}
	if se := s.sessions[arn]; se != nil {
		r := s.roles[strings.ToLower(se.role)]
		if r == nil {
			return api.Principal{}, false
		}
		return api.Principal{ARN: arn, Account: s.account, Type: api.AssumedRole, Name: r.name,
			ID: r.id + ":" + se.name, Tags: se.principalTags(r), Role: r.arn(s.account)}, true
	}
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::"+s.account+":user/")
	if !ok {
		return api.Principal{}, false
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	u := s.users[strings.ToLower(name)]
	if u == nil || s.userARN(u) != arn {
		return api.Principal{}, false
	}
	p := api.Principal{ARN: arn, Account: s.account, Type: api.User, Name: u.name, ID: u.id}
	if len(u.tags) > 0 {
		p.Tags = map[string]string{}
		for _, t := range u.tags {
			p.Tags[t.Key] = t.Value
		}
	}
	return p, true
}

// Tag is a user tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// View is a read-only snapshot of the directory for drawing.
type View struct {
	Users    []UserView    // in name order
	Groups   []GroupView   // in name order
	Roles    []RoleView    // in name order
	Policies []PolicyView  // customer managed policies, in name order
	Sessions []SessionView // role sessions, in ARN order
	// InstanceProfiles are the instance profiles, in name order (left out
	// of JSON when there are none, so views written before they existed
	// read the same).
	InstanceProfiles []InstanceProfileView `json:",omitempty"`
}

// PolicyRefs are the policies of a user, group or role as the UI draws
// them (nil members when there are none).
type PolicyRefs struct {
	Inline []string `json:",omitempty"` // inline policy names, in order
	// InlinePolicies are the inline policies with their documents as
	// given, in the order of Inline: what a page shows of them, with the
	// positions a trace points at (the trace names an inline policy by
	// its name).
	InlinePolicies []InlinePolicyView `json:",omitempty"`
	Attached       []string           `json:",omitempty"` // managed policy ARNs, in order
	Boundary       string             `json:",omitempty"` // permissions boundary ARN, "" when none
}

// RoleView is a role as the UI draws it.
type RoleView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	TrustPolicy         string // the document as given
	MaxSessionDuration  int
	Tags                []Tag
	PolicyRefs
}

// PolicyView is a customer managed policy as the UI draws it.
type PolicyView struct {
	Name, Path, ARN, ID string
	DefaultVersion      string
	Versions            []string // version ids, oldest first
	Document            string   // the default version's document as given
	Attachments         int
	BoundaryUses        int
}

// SessionView is a role session as the UI draws it.
type SessionView struct {
	ARN, Role, Name string
	Expires         sim.Time
}

// InlinePolicyView is an inline policy of a user, group or role.
type InlinePolicyView struct {
	Name     string
	Document string // as given to Put{User,Group,Role}Policy
}

func (p *perms) refs() PolicyRefs {
	var r PolicyRefs
	for _, k := range sortedKeys(p.inline) {
		ip := p.inline[k]
		r.Inline = append(r.Inline, ip.name)
		r.InlinePolicies = append(r.InlinePolicies, InlinePolicyView{Name: ip.name, Document: ip.text})
	}
	r.Attached = sortedKeys(p.attached)
	if len(r.Attached) == 0 {
		r.Attached = nil
	}
	r.Boundary = p.boundary
	return r
}

// UserView is a user as the UI draws it.
type UserView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	Groups              []string // names, in order
	Tags                []Tag    // in key order
	PolicyRefs
}

// GroupView is a group as the UI draws it.
type GroupView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	Members             []string // user names, in order
	PolicyRefs
}

// View returns a snapshot of the directory; it shares nothing with it.
func (s *Service) View() View {
	v := View{Users: []UserView{}, Groups: []GroupView{}, Roles: []RoleView{}, Policies: []PolicyView{}, Sessions: []SessionView{}}
	for _, k := range sortedKeys(s.users) {
		u := s.users[k]
		uv := UserView{Name: u.name, Path: u.path, ARN: s.userARN(u), ID: u.id, Created: u.created,
			Groups: []string{}, Tags: u.sortedTags(), PolicyRefs: u.refs()}
		for _, g := range sortedKeys(u.groups) {
			uv.Groups = append(uv.Groups, s.groups[g].name)
		}
		v.Users = append(v.Users, uv)
	}
	for _, k := range sortedKeys(s.groups) {
		g := s.groups[k]
		gv := GroupView{Name: g.name, Path: g.path, ARN: s.groupARN(g), ID: g.id, Created: g.created, Members: []string{}, PolicyRefs: g.refs()}
		for _, m := range sortedKeys(g.members) {
			gv.Members = append(gv.Members, s.users[m].name)
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, k := range sortedKeys(s.roles) {
		r := s.roles[k]
		v.Roles = append(v.Roles, RoleView{Name: r.name, Path: r.path, ARN: r.arn(s.account), ID: r.id, Created: r.created,
			TrustPolicy: r.trust.text, MaxSessionDuration: r.maxSession, Tags: slices.Clone(r.tags), PolicyRefs: r.refs()})
	}
	for _, k := range sortedKeys(s.policies) {
		p := s.policies[k]
		u := s.usageOf(p.arn)
		pv := PolicyView{Name: p.name, Path: p.path, ARN: p.arn, ID: p.id, DefaultVersion: p.defaultVersion,
			Document: p.current().text, Attachments: u.attachments, BoundaryUses: u.boundaries}
		for _, ver := range p.versions {
			pv.Versions = append(pv.Versions, ver.id)
		}
		if pv.Versions == nil {
			pv.Versions = []string{}
		}
		v.Policies = append(v.Policies, pv)
	}
	for _, k := range sortedKeys(s.sessions) {
		se := s.sessions[k]
		v.Sessions = append(v.Sessions, SessionView{ARN: se.arn, Role: se.role, Name: se.name, Expires: se.expires})
	}
	v.InstanceProfiles = s.instanceProfileViews()
	return v
}

func (s *Service) userARN(u *user) string   { return userARN(s.account, u.path, u.name) }
func (s *Service) groupARN(g *group) string { return groupARN(s.account, g.path, g.name) }

// pathOrRoot is the path a Create operation gives: its Path member, "/"
// without one.
func pathOrRoot(path *string) string {
	if path == nil {
		return "/"
	}
	return *path
}

func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

func groupARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":group" + path + name
}

// sortedTags returns the user's tags in key order (without regard to case).
func (u *user) sortedTags() []Tag {
	tags := []Tag{}
	for _, k := range sortedKeys(u.tags) {
		tags = append(tags, u.tags[k])
	}
	return tags
}

// sortedKeys returns the keys of m in order, so that map order never leaks
// out.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// idAlphabet is what follows the four-letter prefix of an IAM unique id.
const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// newID draws a unique id with prefix (AIDA for users, AGPA for groups).
// Call it only once nothing can fail any more.
func (s *Service) newID(env *api.Env, prefix string) string {
	for {
		id := prefix + env.Rand.Chars(idAlphabet, 17)
		if !s.ids[id] {
			s.ids[id] = true
			return id
		}
	}
}
