package iam

import (
	"hash/fnv"
	"slices"
	"strings"
	"sync"

	"cloudplay/core/iam/managed"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// managedPolicy is a managed policy: a customer managed one of the account,
// or one of AWS's (shared by every account, never changed).
type managedPolicy struct {
	name, path, id, arn string
	description         string
	aws                 bool
	created, updated    string // RFC 3339, as the outputs show them
	versions            []*policyVersion
	defaultVersion      string // "v1", ...
	nextVersion         int    // the number of the next version made
	tags                []Tag
}

// policyVersion is one version of a managed policy.
type policyVersion struct {
	id      string
	created string
	document
}

// policyUsage counts what uses a managed policy in the account.
type policyUsage struct {
	attachments int // users, groups and roles it is attached to
	boundaries  int // users and roles it is the permissions boundary of
}

// version returns the version with id, or nil.
func (p *managedPolicy) version(id string) *policyVersion {
	for _, v := range p.versions {
		if v.id == id {
			return v
		}
	}
	return nil
}

// current returns the default version.
func (p *managedPolicy) current() *policyVersion { return p.version(p.defaultVersion) }

// sourceType is the SourcePolicyType the simulate APIs give a managed
// policy's statements.
func (p *managedPolicy) sourceType() string {
	if p.aws {
		return "aws-managed"
	}
	return "user-managed"
}

// awsCatalog is every AWS managed policy the playground offers, parsed once
// for the whole program (they are the same in every account and never
// change), by ARN and in the order of their names.
var awsCatalog = sync.OnceValue(func() awsPolicies {
	c := awsPolicies{byARN: map[string]*managedPolicy{}}
	for _, m := range managed.List() {
		text := string(m.Document)
		pol, err := policy.Parse(text, policy.Identity)
		if err != nil {
			// A real AWS document the grammar refuses is a bug of the
			// grammar; leave the policy out rather than break accounts.
			continue
		}
		p := &managedPolicy{
			name: m.PolicyName, path: m.Path, arn: m.Arn, id: awsPolicyID(m.Arn), aws: true,
			created: m.CreateDate, updated: m.UpdateDate, defaultVersion: m.DefaultVersionId,
			versions: []*policyVersion{{id: m.DefaultVersionId, created: m.UpdateDate, document: document{text: text, pol: pol}}},
		}
		c.byARN[p.arn] = p
		c.ordered = append(c.ordered, p)
	}
	sortPolicies(c.ordered)
	return c
})

type awsPolicies struct {
	byARN   map[string]*managedPolicy
	ordered []*managedPolicy // by lower-case name
}

// awsPolicyID is the id of an AWS managed policy: AWS's real ids are not in
// the catalogue, so one is derived from the ARN (the same in every
// account and every run; it draws nothing from the scenario's seed).
func awsPolicyID(arn string) string {
	h := fnv.New64a()
	h.Write([]byte(arn))
	r := sim.NewRand(h.Sum64())
	return "ANPA" + r.Chars(idAlphabet, 17)
}

func sortPolicies(ps []*managedPolicy) {
	slices.SortFunc(ps, func(a, b *managedPolicy) int {
		if c := strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
			return c
		}
		return strings.Compare(a.arn, b.arn)
	})
}

// policyARN is the ARN of a customer managed policy.
func policyARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":policy" + path + name
}

// managedPolicy returns the managed policy with ARN arn (AWS's or the
// account's), or nil.
func (s *Service) managedPolicy(arn string) *managedPolicy {
	if p := awsCatalog().byARN[arn]; p != nil {
		return p
	}
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::"+s.account+":policy/")
	if !ok {
		return nil
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	if p := s.policies[strings.ToLower(name)]; p != nil && p.arn == arn {
		return p
	}
	return nil
}

// use returns the usage counters of the policy with ARN arn, making them.
func (s *Service) use(arn string) *policyUsage {
	u := s.usage[arn]
	if u == nil {
		u = &policyUsage{}
		s.usage[arn] = u
	}
	return u
}

// usageOf returns the usage counters of arn without making them.
func (s *Service) usageOf(arn string) policyUsage {
	if u := s.usage[arn]; u != nil {
		return *u
	}
	return policyUsage{}
}
