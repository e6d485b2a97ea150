package iam

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// Size quotas of policy documents, counted as IAM counts them: characters
// without the white space outside strings (policy.Policy.Size)
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
const (
	maxManagedPolicySize = 6144  // one version of a managed policy
	maxUserInlineSize    = 2048  // all inline policies of a user together
	maxGroupInlineSize   = 5120  // all inline policies of a group together
	maxRoleInlineSize    = 10240 // all inline policies of a role together
	maxTrustPolicySize   = 2048  // a role trust policy (ACLSizePerRole)
	maxAttachedPolicies  = 10    // managed policies per user, group or role
	maxPolicyVersions    = 5
	maxSessionPolicySize = 2048 // the Policy member of AssumeRole, with white space
	maxSessionPolicyARNs = 10
)

// document is a policy document as given (its text) and as parsed.
type document struct {
	text string
	pol  *policy.Policy
}

// parseDocument parses text as a policy of kind, turning syntax errors into
// IAM's MalformedPolicyDocument with the position of the first one.
func parseDocument(text string, kind policy.Kind) (document, error) {
	p, err := policy.Parse(text, kind)
	if err != nil {
		return document{}, malformed(err)
	}
	return document{text: text, pol: p}, nil
}

// malformed words a policy.Parse error as IAM's MalformedPolicyDocument:
// AWS's message first, then where in the document it is.
func malformed(err error) error {
	var se *policy.SyntaxError
	var list policy.ErrorList
	more := 0
	switch {
	case errors.As(err, &list) && len(list) > 0:
		se, more = list[0], len(list)-1
	case errors.As(err, &se):
	default:
		return api.Errorf("MalformedPolicyDocument", "%s", err.Error())
	}
	msg := fmt.Sprintf("%s (line %d, column %d)", se.Msg, se.Pos.Line, se.Pos.Column)
	if more > 0 {
		msg += fmt.Sprintf(" and %d more error(s)", more)
	}
	return api.Errorf("MalformedPolicyDocument", "%s", msg)
}

// decoded is how the AWS CLI shows a policy document of IAM's outputs: the
// API returns it URL-encoded, the CLI decodes it into a JSON object.
func (d document) decoded() json.RawMessage { return decodedText(d.text) }

func decodedText(text string) json.RawMessage {
	if json.Valid([]byte(text)) {
		return json.RawMessage(text)
	}
	// The policy grammar accepted what encoding/json does not (it never
	// should): show the text as a string rather than fail the call.
	b, _ := json.Marshal(text)
	return b
}

// inlinePolicy is an inline policy of a user, group or role.
type inlinePolicy struct {
	name string
	document
}

// perms are the policies of a user, group or role.
type perms struct {
	inline   map[string]*inlinePolicy // by lower-case name
	attached map[string]bool          // managed policy ARNs
	boundary string                   // permissions boundary policy ARN; "" when none (groups have none)
}

// inlineSize is the size of every inline policy but the one named skip
// (lower case), for the size quota of a replacing put.
func (p *perms) inlineSize(skip string) int {
	n := 0
	for k, ip := range p.inline {
		if k != skip {
			n += ip.pol.Size()
		}
	}
	return n
}

func (p *perms) putInline(ip *inlinePolicy) {
	if p.inline == nil {
		p.inline = map[string]*inlinePolicy{}
	}
	p.inline[strings.ToLower(ip.name)] = ip
}

func (p *perms) attach(arn string) {
	if p.attached == nil {
		p.attached = map[string]bool{}
	}
	p.attached[arn] = true
}

// deleteConflict reports the DeleteConflict a user, group or role with
// policies gets, or nil.
func (p *perms) deleteConflict() error {
	if len(p.inline) > 0 {
		return api.Errorf("DeleteConflict", "Cannot delete entity, must delete policies first.")
	}
	if len(p.attached) > 0 {
		return api.Errorf("DeleteConflict", "Cannot delete entity, must detach all policies first.")
	}
	return nil
}
