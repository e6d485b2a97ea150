package policy

import (
	"net/netip"
	"time"
)

// Kind says what a policy document is attached to, which decides the
// elements it may and must have.
type Kind uint8

const (
	// Identity is an identity-based policy (inline or managed) of a user,
	// group or role. It must not name a principal.
	Identity Kind = iota
	// Resource is a resource-based policy such as an S3 bucket policy. It
	// must name a principal (Principal or NotPrincipal).
	Resource
	// Trust is a role trust policy (the role's AssumeRolePolicyDocument): a
	// resource-based policy whose resource is the role itself, so it names a
	// Principal and has no Resource element.
	Trust
	// Boundary is a permissions boundary (an identity-based managed policy).
	Boundary
	// Session is a session policy passed to AssumeRole or GetFederationToken.
	Session
)

var kindNames = [...]string{"identity", "resource", "trust", "boundary", "session"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

func (k Kind) namesPrincipal() bool { return k == Resource || k == Trust }

// Effect is a statement's Effect.
type Effect uint8

const (
	Allow Effect = iota
	Deny
)

func (e Effect) String() string {
	if e == Deny {
		return "Deny"
	}
	return "Allow"
}

// The policy language versions. Policy variables are substituted only under
// Version2012; a document without a Version element behaves as Version2008
// ([Version]).
//
// [Version]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Policy is a parsed and compiled policy document.
type Policy struct {
	Kind       Kind
	Version    string // "" when the document has no Version element
	ID         string // the Id element, "" when absent
	Statements []*Statement

	size int
}

// Size is the number of characters of the document not counting white space
// outside strings, the measure IAM's size quotas use.
func (p *Policy) Size() int { return p.size }

// variables reports whether policy variables are substituted in p.
func (p *Policy) variables() bool { return p.Version == Version2012 }

// Statement is one statement of a policy. Exactly one of the Principal forms,
// one of Action/NotAction and (except in trust policies) one of
// Resource/NotResource are present.
type Statement struct {
	Index        int // position in the Statement list, from 0
	Sid          string
	Effect       Effect
	Principal    *Principal // Principal or NotPrincipal element; nil when absent
	NotPrincipal bool       // Principal holds a NotPrincipal element
	Actions      []string
	NotAction    bool
	Resources    []string // nil in trust policies
	NotResource  bool
	Conditions   []*Condition // in document order

	// Start is the position of the statement's '{'; End is the position
	// just after its '}' (AWS's MatchedStatements EndPosition).
	Start, End Position

	actions   []actionPattern
	resources []resPattern

	// For the trace (prepareTrace): the context keys the statement uses,
	// its JSON before Matched and after Reason, and its Action and
	// Resource lists quoted for reasons.
	ctxKeys                        []ctxKey
	traceHead, traceTail           []byte
	quotedActions, quotedResources string
}

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	// Wildcard is set for the form "Principal": "*".
	Wildcard      bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string

	aws []awsEntry
}

type awsEntryKind uint8

const (
	awsAny awsEntryKind = iota
	awsAccount
	awsARN
)

type awsEntry struct {
	kind awsEntryKind
	val  string // account id or ARN
}

// ValueKind is the JSON type of a condition value.
type ValueKind uint8

const (
	StringValue ValueKind = iota
	NumberValue
	BoolValue
)

// Value is one value of a condition, with its JSON type so that Marshal
// writes it back the way it was written.
type Value struct {
	Text string
	Kind ValueKind
}

// Condition is one condition key under one operator:
// "Operator": {"Key": Values}. Conditions of a statement are ANDed; the
// values of one condition are ORed (ANDed for negated operators).
type Condition struct {
	Operator string // as written, e.g. "ForAnyValue:StringLike"
	Key      string // as written, e.g. "aws:SourceIp"
	Values   []Value
	Pos      Position // position of the condition key

	op   operator
	key  string // lower-cased Key
	vals []condVal
}

// condVal is a condition value compiled for its operator.
type condVal struct {
	text string // plain text, or an encoded glob for the *Like and Arn* operators
	arn  arnPattern
	num  float64
	t    time.Time
	pfx  netip.Prefix
	b    bool
	bin  string
	tpl  *template // non-nil when the value holds policy variables
}

// resPattern is a compiled Resource or NotResource entry.
type resPattern struct {
	arn arnPattern
	tpl *template
}
