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
	ids     map[string]bool   // every unique id handed out, users and groups
}

// user is an IAM user.
type user struct {
	name, path, id string
	created        sim.Time
	groups         map[string]bool // lower-case names of the groups it is in
	tags           map[string]Tag  // by lower-case key: IAM tag keys are case-insensitive
}

// group is an IAM group. Groups hold users only.
type group struct {
	name, path, id string
	created        sim.Time
	members        map[string]bool // lower-case names of its users
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
		ids:     map[string]bool{},
	}
}

// SetAccountCreated sets the account's creation time, which GetUser shows
// as the root user's CreateDate (2026-01-01T00:00:00Z unless set).
func (s *Service) SetAccountCreated(t sim.Time) { s.created = t }

// Ops returns the operations of the directory.
func (s *Service) Ops() []api.Op {
	return []api.Op{
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
	}
}

// RootARN returns the ARN of the account's root user.
func (s *Service) RootARN() string { return "arn:aws:iam::" + s.account + ":root" }

// Principal resolves a caller ARN: the root ARN, or the exact ARN (path
// included) of one of the account's users.
func (s *Service) Principal(arn string) (api.Principal, bool) {
	if arn == s.RootARN() {
		return api.Principal{ARN: arn, Account: s.account, Type: api.Root, Name: "root", ID: s.account}, true
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
	Users  []UserView  // in name order
	Groups []GroupView // in name order
}

// UserView is a user as the UI draws it.
type UserView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	Groups              []string // names, in order
	Tags                []Tag    // in key order
}

// GroupView is a group as the UI draws it.
type GroupView struct {
	Name, Path, ARN, ID string
	Created             sim.Time
	Members             []string // user names, in order
}

// View returns a snapshot of the directory; it shares nothing with it.
func (s *Service) View() View {
	v := View{Users: []UserView{}, Groups: []GroupView{}}
	for _, k := range sortedKeys(s.users) {
		u := s.users[k]
		uv := UserView{Name: u.name, Path: u.path, ARN: s.userARN(u), ID: u.id, Created: u.created,
			Groups: []string{}, Tags: u.sortedTags()}
		for _, g := range sortedKeys(u.groups) {
			uv.Groups = append(uv.Groups, s.groups[g].name)
		}
		v.Users = append(v.Users, uv)
	}
	for _, k := range sortedKeys(s.groups) {
		g := s.groups[k]
		gv := GroupView{Name: g.name, Path: g.path, ARN: s.groupARN(g), ID: g.id, Created: g.created, Members: []string{}}
		for _, m := range sortedKeys(g.members) {
			gv.Members = append(gv.Members, s.users[m].name)
		}
		v.Groups = append(v.Groups, gv)
	}
	return v
}

func (s *Service) userARN(u *user) string   { return userARN(s.account, u.path, u.name) }
func (s *Service) groupARN(g *group) string { return groupARN(s.account, g.path, g.name) }

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
