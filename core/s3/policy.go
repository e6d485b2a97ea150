package s3

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// maxPolicySize is the largest bucket policy: 20 KB
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
const maxPolicySize = 20 << 10

// preparePutBucketPolicy is PutBucketPolicy
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html).
// The document is checked as S3 checks it (MalformedPolicy) before it is
// stored; with the bucket's BlockPublicPolicy setting on (the default for
// new buckets), a public policy is refused with AccessDenied.
func (s *Service) preparePutBucketPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		Bucket                        string  `json:"Bucket" aws:"required"`
		Policy                        string  `json:"Policy" aws:"required"`
		ConfirmRemoveSelfBucketAccess *bool   `json:"ConfirmRemoveSelfBucketAccess"`
		ContentMD5                    *string `json:"ContentMD5"`
		ExpectedBucketOwner           *string `json:"ExpectedBucketOwner"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	doc, err := checkPolicy(in.Bucket, in.Policy)
	if err != nil {
		return nil, nil, err
	}
	act := api.Action{Action: "s3:PutBucketPolicy", Resource: bucketARN(in.Bucket)}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if b.pab != nil && b.pab.BlockPublicPolicy && doc.public() {
			return nil, api.Errorf("AccessDenied", "User: %s is not authorized to perform: s3:PutBucketPolicy on resource: \"%s\" because public policies are blocked by the BlockPublicPolicy block public access setting.", env.Caller.ARN, act.Resource)
		}
		var buf bytes.Buffer
		_ = json.Compact(&buf, []byte(in.Policy)) // checkPolicy parsed it
		b.policy = buf.String()
		return noOutput{}, nil
	}
	return []api.Action{act}, run, nil
}

// prepareGetBucketPolicy is GetBucketPolicy
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html):
// the policy as JSON text, as the CLI shows it.
func (s *Service) prepareGetBucketPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in bucketInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if b.policy == "" {
			return nil, api.Errorf("NoSuchBucketPolicy", "The bucket policy does not exist")
		}
		return struct {
			Policy string `json:"Policy"`
		}{b.policy}, nil
	}
	return []api.Action{{Action: "s3:GetBucketPolicy", Resource: bucketARN(in.Bucket)}}, run, nil
}

// prepareDeleteBucketPolicy is DeleteBucketPolicy
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html).
// Deleting a policy that does not exist succeeds (204 No Content).
func (s *Service) prepareDeleteBucketPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in bucketInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		b.policy = ""
		return noOutput{}, nil
	}
	return []api.Action{{Action: "s3:DeleteBucketPolicy", Resource: bucketARN(in.Bucket)}}, run, nil
}

// policyDoc is the part of a bucket policy S3 checks on PutBucketPolicy.
type policyDoc struct {
	statements []policyStatement
}

type policyStatement struct {
	allow     bool
	principal *policy.Node // Principal, or nil for NotPrincipal
	condition map[string]map[string]*policy.Node
	text      string // the document, which the nodes' spans index
}

func malformed(msg string) error { return api.Errorf("MalformedPolicy", "%s", msg) }

// statementFields are the elements of a statement.
var statementFields = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
	"Resource", "NotResource", "Condition"}

// checkPolicy does S3's structural checks of a bucket policy, with S3's
// MalformedPolicy messages where they are known. It is deliberately
// light: the full grammar is the IAM policy engine's. The document is
// read once, with the policy package's reader (policy.ReadJSON), and its
// tree is then parsed as IAM parses it (policy.ParseDocument).
func checkPolicy(bucket, text string) (policyDoc, error) {
	if len(text) > maxPolicySize {
		return policyDoc{}, malformed("Policy exceeds the maximum allowed document size.")
	}
	d, err := policy.ReadJSON(text)
	if err != nil || d.Root.Kind != policy.JSONObject {
		return policyDoc{}, malformed("Policies must be valid JSON and the first byte must be '{'")
	}
	top := fields(d.Root)
	for _, k := range sortedKeys(top) {
		if k != "Version" && k != "Id" && k != "Statement" {
			return policyDoc{}, malformed("Unknown field " + api.Clip(k, api.MaxQuoted))
		}
	}
	if v, ok := top["Version"]; ok && (v.Kind != policy.JSONString || v.Text != "2012-10-17" && v.Text != "2008-10-17") {
		return policyDoc{}, malformed("Invalid policy syntax.")
	}
	raw, ok := top["Statement"]
	if !ok {
		return policyDoc{}, malformed("Missing required field Statement")
	}
	var list []*policy.Node
	switch raw.Kind {
	case policy.JSONNull:
	case policy.JSONObject:
		list = []*policy.Node{raw}
	case policy.JSONArray:
		for _, e := range raw.Elems {
			if e.Kind != policy.JSONObject && e.Kind != policy.JSONNull {
				return policyDoc{}, malformed("Invalid policy syntax.")
			}
		}
		list = raw.Elems
	default:
		return policyDoc{}, malformed("Invalid policy syntax.")
	}
	var doc policyDoc
	for _, st := range list {
		ps, err := checkStatement(bucket, text, fields(st))
		if err != nil {
			return policyDoc{}, err
		}
		doc.statements = append(doc.statements, ps)
	}
	// What S3's own checks above let through, the IAM grammar decides
	// (condition operators, values, Sids, ...), in IAM's words.
	if _, err := policy.ParseDocument(d, policy.Resource); err != nil {
		return policyDoc{}, malformed(firstMessage(err))
	}
	return doc, nil
}

// fields are the members of an object by name; of members with the same
// name the last one counts (IAM's grammar then refuses the duplicate). A
// null has none.
func fields(n *policy.Node) map[string]*policy.Node {
	m := make(map[string]*policy.Node, len(n.Members))
	for i := range n.Members {
		m[n.Members[i].Key] = n.Members[i].Value
	}
	return m
}

// raw is the text of a value as the document has it.
func raw(text string, n *policy.Node) string { return text[n.Start.Byte:n.End.Byte] }

// firstMessage is the message of the first error the policy parser found,
// without its position: S3's messages have none.
func firstMessage(err error) string {
	var se *policy.SyntaxError
	var el policy.ErrorList
	switch {
	case errors.As(err, &el) && len(el) > 0:
		return el[0].Msg
	case errors.As(err, &se):
		return se.Msg
	}
	return err.Error()
}

func checkStatement(bucket, text string, st map[string]*policy.Node) (policyStatement, error) {
	ps := policyStatement{text: text}
	for _, k := range sortedKeys(st) {
		if !slices.Contains(statementFields, k) {
			return ps, malformed("Unknown field " + api.Clip(k, api.MaxQuoted))
		}
	}
	e, ok := st["Effect"]
	switch {
	case !ok:
		return ps, malformed("Missing required field Effect")
	case e.Kind != policy.JSONString || e.Text != "Allow" && e.Text != "Deny":
		return ps, malformed("Invalid effect: " + api.Clip(strings.Trim(raw(text, e), `"`), api.MaxQuoted))
	}
	ps.allow = e.Text == "Allow"
	p, hasP := st["Principal"]
	np, hasNP := st["NotPrincipal"]
	switch {
	case !hasP && !hasNP:
		return ps, malformed("Missing required field Principal")
	case hasP && hasNP:
		return ps, malformed("Invalid policy syntax.")
	case hasP:
		ps.principal = p
	default:
		p = np
	}
	if !validPrincipal(p) {
		return ps, malformed("Invalid principal in policy")
	}
	actions, err := stringsOf(st, "Action", "NotAction")
	if err != nil {
		return ps, err
	}
	for _, a := range actions {
		if a != "*" && !strings.HasPrefix(strings.ToLower(a), "s3:") {
			return ps, malformed("Policy has invalid action")
		}
	}
	resources, err := stringsOf(st, "Resource", "NotResource")
	if err != nil {
		return ps, err
	}
	for _, r := range resources {
		if r != "*" && r != bucketARN(bucket) && !strings.HasPrefix(r, bucketARN(bucket)+"/") {
			return ps, malformed("Policy has invalid resource")
		}
	}
	if c, ok := st["Condition"]; ok {
		if c.Kind != policy.JSONObject && c.Kind != policy.JSONNull {
			return ps, malformed("Invalid policy syntax.")
		}
		ps.condition = map[string]map[string]*policy.Node{}
		for op, keys := range fields(c) {
			if keys.Kind != policy.JSONObject && keys.Kind != policy.JSONNull {
				return ps, malformed("Invalid policy syntax.")
			}
			ps.condition[op] = fields(keys)
		}
	}
	return ps, nil
}

// stringsOf returns the strings of element name (or its Not form): a
// string or a list of strings, required. A null reads as "", as a null
// string does.
func stringsOf(st map[string]*policy.Node, name, not string) ([]string, error) {
	n, ok := st[name]
	if !ok {
		if n, ok = st[not]; !ok {
			return nil, malformed("Missing required field " + name)
		}
	}
	switch n.Kind {
	case policy.JSONString:
		return []string{n.Text}, nil
	case policy.JSONNull:
		return []string{""}, nil
	case policy.JSONArray:
		if len(n.Elems) == 0 {
			break
		}
		list := make([]string, len(n.Elems))
		for i, e := range n.Elems {
			switch e.Kind {
			case policy.JSONString:
				list[i] = e.Text
			case policy.JSONNull:
			default:
				return nil, malformed("Invalid policy syntax.")
			}
		}
		return list, nil
	}
	return nil, malformed("Invalid policy syntax.")
}

// awsPrincipal matches the AWS principals a bucket policy may name: "*",
// an account id, or an IAM or STS principal ARN. Whether that principal
// exists is not checked here (S3 does, through IAM).
var awsPrincipal = regexp.MustCompile(`^(\*|\d{12}|arn:aws:iam::\d{12}:(root|user/.+|role/.+|federated-user/.+)|arn:aws:sts::\d{12}:(assumed-role|federated-user)/.+)$`)

func validPrincipal(p *policy.Node) bool {
	switch p.Kind {
	case policy.JSONString:
		return p.Text == "*"
	case policy.JSONObject:
	default:
		return false
	}
	m := fields(p)
	if len(m) == 0 {
		return false
	}
	for _, k := range sortedKeys(m) {
		vals, err := stringsOf(m, k, k)
		if err != nil {
			return false
		}
		for _, v := range vals {
			switch k {
			case "AWS":
				if !awsPrincipal.MatchString(v) {
					return false
				}
			case "Service":
				if !strings.HasSuffix(v, ".amazonaws.com") && v != "*" {
					return false
				}
			case "CanonicalUser", "Federated":
				if v == "" {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// nonPublicKeys are the condition keys that, with fixed values, make an
// Allow statement for everyone not public
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
var nonPublicKeys = []string{"aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceaccount",
	"aws:sourceowner", "aws:principalaccount", "aws:principalarn", "aws:principalorgid",
	"aws:userid", "aws:sourceip", "s3:dataaccesspointarn", "s3:dataaccesspointaccount"}

// public reports whether the policy grants access to everyone, as Block
// Public Access judges it: an Allow statement whose principal is "*" (or
// {"AWS": "*"}) without a condition that pins one of the non-public keys
// to fixed values. NotPrincipal with Allow is public too.
func (d policyDoc) public() bool {
	for _, st := range d.statements {
		if !st.allow {
			continue
		}
		if st.principal != nil && !wildcardPrincipal(st.principal) {
			continue
		}
		if !st.pinned() {
			return true
		}
	}
	return false
}

func wildcardPrincipal(p *policy.Node) bool {
	switch p.Kind {
	case policy.JSONString:
		return p.Text == "*"
	case policy.JSONObject:
		vals, _ := stringsOf(fields(p), "AWS", "AWS")
		return slices.Contains(vals, "*")
	}
	return false
}

// pinned reports whether a condition fixes one of the non-public keys
// with an operator that compares with fixed values: not a Like operator,
// not a negated one, not Null (read with the policy package's operator
// table; the document has passed its grammar).
func (st policyStatement) pinned() bool {
	for name, keys := range st.condition {
		op, ok := policy.ParseOperator(name)
		if !ok || op.Negated || op.Family == policy.FamilyNull || strings.HasSuffix(op.Base, "Like") {
			continue
		}
		for k, v := range keys {
			if slices.Contains(nonPublicKeys, strings.ToLower(k)) && !strings.Contains(raw(st.text, v), "*") {
				return true
			}
		}
	}
	return false
}

func sortedKeys(m map[string]*policy.Node) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
