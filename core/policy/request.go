package policy

import (
	"strconv"
	"strings"
	"time"
)

// PrincipalType is the kind of principal making a request.
type PrincipalType uint8

const (
	// Anonymous is an unauthenticated caller; only a resource-based policy
	// that allows "*" lets it in.
	Anonymous PrincipalType = iota
	// Root is the account root user.
	Root
	// User is an IAM user using its own credentials.
	User
	// AssumedRole is a role session (sts:AssumeRole*); Principal.ARN is the
	// session ARN arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION and
	// Principal.Issuer the role ARN.
	AssumedRole
	// FederatedUser is a GetFederationToken session; Principal.ARN is
	// arn:aws:sts::ACCOUNT:federated-user/NAME and Principal.Issuer the IAM
	// user's ARN.
	FederatedUser
	// Service is an AWS service principal; Principal.ARN is its name
	// ("firehose.amazonaws.com").
	Service
	// WebIdentity is a federated identity (OIDC or SAML) calling
	// AssumeRoleWithWebIdentity/WithSAML; Principal.ARN is the provider
	// ("cognito-identity.amazonaws.com" or a saml-provider ARN).
	WebIdentity
)

var principalTypeNames = [...]string{"Anonymous", "Account", "User", "AssumedRole", "FederatedUser", "AWSService", "WebIdentityUser"}

// String returns the value of aws:PrincipalType for t.
func (t PrincipalType) String() string {
	if int(t) < len(principalTypeNames) {
		return principalTypeNames[t]
	}
	return "PrincipalType(?)"
}

// Caller is the principal that makes a request.
type Caller struct {
	Type    PrincipalType
	ARN     string // user, session or root ARN; service or provider name
	Account string // 12-digit account id ("" for anonymous and services)
	UserID  string // aws:userid, e.g. AIDA... or AROA...:session
	Name    string // aws:username for IAM users
	// Issuer is, for a session, the ARN of what it was made from: the role
	// (AssumedRole) or the IAM user (FederatedUser).
	Issuer        string
	CanonicalUser string
	Tags          map[string]string // aws:PrincipalTag/KEY
}

// Request is what Evaluate authorises: a principal performing an action on a
// resource, with the request context.
type Request struct {
	Principal Caller
	Action    string // "service:Action", e.g. "s3:GetObject"
	Resource  string // resource ARN, or "*" for actions without resources
	// ResourceAccount is the account that owns the resource; "" means the
	// principal's own account.
	ResourceAccount string
	// Context holds the request context keys (aws:SourceIp, s3:prefix,
	// aws:TagKeys, ...), each with its values; keys are matched without
	// regard to case. Values are text, read as the operator demands
	// (numbers, ISO 8601 or epoch dates, booleans, IP addresses, base64).
	Context map[string][]string
	// Time is the simulated time of the request, used for aws:CurrentTime
	// and aws:EpochTime when Context does not give them.
	Time time.Time
}

// values is the values of one key, without allocating for the common
// single derived value.
type values struct {
	one  string
	many []string
}

func (v values) at(i int) string {
	if v.many != nil {
		return v.many[i]
	}
	return v.one
}

// lookup returns the values of the condition key key (lower case) and how
// many there are; n == -1 means the key is absent from the request.
func (r *Request) lookup(key string) (values, int) {
	if vs, ok := r.Context[key]; ok {
		return values{many: vs}, len(vs)
	}
	for k, vs := range r.Context {
		if strings.EqualFold(k, key) {
			return values{many: vs}, len(vs)
		}
	}
	if v, ok := r.derived(key); ok {
		return values{one: v}, 1
	}
	return values{}, -1
}

// derived gives the global condition keys that follow from the principal
// and the time of the request, when the context does not set them.
func (r *Request) derived(key string) (string, bool) {
	p := &r.Principal
	if !strings.HasPrefix(key, "aws:") {
		return "", false
	}
	switch key[4:] {
	case "username":
		if p.Type == User && p.Name != "" {
			return p.Name, true
		}
	case "userid":
		if p.UserID != "" {
			return p.UserID, true
		}
	case "principalarn":
		if p.Type == AssumedRole && p.Issuer != "" {
			return p.Issuer, true
		}
		if p.Type != Anonymous && p.Type != Service && p.ARN != "" {
			return p.ARN, true
		}
	case "principalaccount":
		if p.Account != "" {
			return p.Account, true
		}
	case "principaltype":
		if p.Type != Service {
			return p.Type.String(), true
		}
	case "principalisawsservice":
		return strconv.FormatBool(p.Type == Service), true
	case "principalservicename":
		if p.Type == Service {
			return p.ARN, true
		}
	case "resourceaccount":
		if r.ResourceAccount != "" {
			return r.ResourceAccount, true
		}
		if p.Account != "" {
			return p.Account, true
		}
	case "currenttime":
		if !r.Time.IsZero() {
			return r.Time.UTC().Format(time.RFC3339), true
		}
	case "epochtime":
		if !r.Time.IsZero() {
			return strconv.FormatInt(r.Time.Unix(), 10), true
		}
	default:
		if tag, ok := strings.CutPrefix(key, "aws:principaltag/"); ok {
			for k, v := range p.Tags {
				if strings.EqualFold(k, tag) {
					return v, true
				}
			}
		}
	}
	return "", false
}
