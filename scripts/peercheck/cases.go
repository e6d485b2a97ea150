package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

const (
	account = "123456789012"
	caller  = "arn:aws:iam::123456789012:user/Bob"
)

// Case is one request with the policies that apply to it.
type Case struct {
	ID              int                 `json:"id"`
	Principal       string              `json:"principal"`
	Action          string              `json:"action"`
	Resource        string              `json:"resource"`
	ResourceAccount string              `json:"resourceAccount"`
	Context         map[string]any      `json:"context"` // string or []string, as the peer takes them
	Types           map[string]string   `json:"-"`       // ContextKeyType of each key, for our input
	Identity        []string            `json:"identity"`
	Boundary        []string            `json:"boundary"`
	ResourcePolicy  string              `json:"resourcePolicy,omitempty"`
	Features        map[string]struct{} `json:"-"` // what the case exercises, for settling
}

// input is c as a SimulateCustomPolicy input.
func (c Case) input() []byte {
	type entry struct {
		ContextKeyName   string
		ContextKeyValues []string
		ContextKeyType   string
	}
	in := map[string]any{
		"PolicyInputList": c.Identity,
		"ActionNames":     []string{c.Action},
		"ResourceArns":    []string{c.Resource},
		"CallerArn":       c.Principal,
	}
	if len(c.Boundary) > 0 {
		in["PermissionsBoundaryPolicyInputList"] = c.Boundary
	}
	if c.ResourcePolicy != "" {
		in["ResourcePolicy"] = c.ResourcePolicy
	}
	if c.ResourceAccount != account {
		in["ResourceOwner"] = "arn:aws:iam::" + c.ResourceAccount + ":root"
	}
	var entries []entry
	for _, k := range sortedAny(c.Context) {
		e := entry{ContextKeyName: k, ContextKeyType: c.Types[k]}
		switch v := c.Context[k].(type) {
		case string:
			e.ContextKeyValues = []string{v}
		case []string:
			e.ContextKeyValues = v
		}
		entries = append(entries, e)
	}
	if len(entries) > 0 {
		in["ContextEntries"] = entries
	}
	b, _ := json.Marshal(in)
	return b
}

func (c Case) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  request: %s on %s (resource account %s) context %v\n", c.Action, c.Resource, c.ResourceAccount, c.Context)
	for i, p := range c.Identity {
		fmt.Fprintf(&b, "  PolicyInputList.%d: %s\n", i+1, p)
	}
	for i, p := range c.Boundary {
		fmt.Fprintf(&b, "  PermissionsBoundaryPolicyInputList.%d: %s\n", i+1, p)
	}
	if c.ResourcePolicy != "" {
		fmt.Fprintf(&b, "  ResourcePolicy: %s\n", c.ResourcePolicy)
	}
	return b.String()
}

func sortedAny(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// target is an action with a resource of the type it acts on, and patterns
// that match (or nearly match) both.
type target struct {
	action, resource string
	actionPatterns   []string
	resourcePatterns []string
}

var targets = []target{
	{"s3:GetObject", "arn:aws:s3:::reports/2026/q1.csv",
		[]string{"s3:GetObject", "s3:Get*", "s3:*", "*", "s3:*Object", "s3:G?tObject", "S3:getobject", "s3:PutObject", "s3:List*"},
		[]string{"*", "arn:aws:s3:::reports/*", "arn:aws:s3:::reports/2026/q1.csv", "arn:aws:s3:::rep*", "arn:aws:s3:::reports/2025/*", "arn:aws:s3:::REPORTS/*", "arn:aws:s3:::reports/2026/q?.csv", "arn:aws:s3:::reports"}},
	{"s3:PutObject", "arn:aws:s3:::uploads/Bob/photo.png",
		[]string{"s3:PutObject", "s3:Put*", "s3:*", "*", "s3:GetObject", "s3:*Object"},
		[]string{"*", "arn:aws:s3:::uploads/*", "arn:aws:s3:::uploads/Bob/*", "arn:aws:s3:::uploads/Alice/*", "arn:aws:s3:::*/Bob/*", "arn:aws:s3:::uploads/${aws:username}/*"}},
	{"s3:ListBucket", "arn:aws:s3:::reports",
		[]string{"s3:ListBucket", "s3:List*", "s3:*", "*", "s3:ListBuckets", "s3:Get*"},
		[]string{"*", "arn:aws:s3:::reports", "arn:aws:s3:::reports/*", "arn:aws:s3:::rep*", "arn:aws:s3:::other"}},
	{"iam:GetUser", "arn:aws:iam::123456789012:user/Alice",
		[]string{"iam:GetUser", "iam:Get*", "iam:*", "*", "iam:*User", "iam:DeleteUser", "IAM:GETUSER"},
		[]string{"*", "arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/Alice", "arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:group/*", "arn:aws:iam::123456789012:user/al*"}},
	{"iam:DeleteUser", "arn:aws:iam::123456789012:user/Alice",
		[]string{"iam:DeleteUser", "iam:Delete*", "iam:*", "*", "iam:GetUser"},
		[]string{"*", "arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/Bob"}},
	{"kinesis:PutRecord", "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
		[]string{"kinesis:PutRecord", "kinesis:Put*", "kinesis:*", "*", "kinesis:PutRecords", "kinesis:Describe*"},
		[]string{"*", "arn:aws:kinesis:us-east-1:123456789012:stream/*", "arn:aws:kinesis:*:*:stream/clicks", "arn:aws:kinesis:eu-west-1:123456789012:stream/*", "arn:aws:kinesis:us-east-1:123456789012:stream/click?"}},
	{"sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:orders",
		[]string{"sqs:SendMessage", "sqs:Send*", "sqs:*", "*", "sqs:ReceiveMessage"},
		[]string{"*", "arn:aws:sqs:us-east-1:123456789012:orders", "arn:aws:sqs:*:123456789012:*", "arn:aws:sqs:us-east-1:123456789012:ord*", "arn:aws:sqs:us-east-1:210987654321:orders"}},
	{"iam:ListUsers", "*",
		[]string{"iam:ListUsers", "iam:List*", "iam:*", "*", "iam:GetUser"},
		[]string{"*"}},
}

// contextKey is a condition key with the operators that read it and the
// values a request or a policy may give it.
type contextKey struct {
	name, typ string
	ops       []string
	policy    []string // values a condition may test
	request   []string // values a request may carry
	multi     bool
}

var contextKeys = []contextKey{
	{"aws:SourceIp", "ip", []string{"IpAddress", "NotIpAddress"},
		[]string{"203.0.113.0/24", "198.51.100.7/32", "10.0.0.0/8", "203.0.113.10"}, []string{"203.0.113.10", "198.51.100.7", "192.0.2.1"}, false},
	{"aws:PrincipalTag/dept", "string", []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase"},
		[]string{"eng", "Eng", "e*", "sales", "eng?"}, []string{"eng", "ENG", "sales", "engx"}, false},
	{"aws:MultiFactorAuthAge", "numeric", []string{"NumericLessThan", "NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals"},
		[]string{"3600", "60", "0"}, []string{"30", "3600", "7200"}, false},
	{"aws:SecureTransport", "boolean", []string{"Bool"},
		[]string{"true", "false"}, []string{"true", "false"}, false},
	{"aws:CurrentTime", "date", []string{"DateGreaterThan", "DateLessThan", "DateEquals"},
		[]string{"2026-01-01T00:00:00Z", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z"}, []string{"2026-01-01T00:00:00Z", "2026-06-15T12:00:00Z"}, false},
	{"aws:TagKeys", "stringList", []string{"ForAnyValue:StringEquals", "ForAllValues:StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringNotEquals"},
		[]string{"team", "cost*", "owner"}, []string{"team", "owner", "costcenter", "project"}, true},
	{"aws:RequestedRegion", "string", []string{"StringEquals", "StringNotEquals"},
		[]string{"us-east-1", "eu-west-1"}, []string{"us-east-1", "eu-west-1"}, false},
}

// generate makes n cases from seed.
func generate(seed uint64, n int) []Case {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	cases := make([]Case, n)
	for i := range cases {
		cases[i] = newCase(r, i)
	}
	return cases
}

func newCase(r *rand.Rand, id int) Case {
	t := targets[r.IntN(len(targets))]
	c := Case{ID: id, Principal: caller, Action: t.action, Resource: t.resource, ResourceAccount: account,
		Context: map[string]any{}, Types: map[string]string{}, Features: map[string]struct{}{}}
	for _, k := range contextKeys {
		if r.IntN(3) == 0 {
			continue // the key is absent from the request
		}
		c.Types[k.name] = k.typ
		if k.multi {
			var vs []string
			for _, v := range k.request {
				if r.IntN(2) == 0 {
					vs = append(vs, v)
				}
			}
			if len(vs) == 0 {
				vs = []string{k.request[0]}
			}
			c.Context[k.name] = vs
			continue
		}
		c.Context[k.name] = pick(r, k.request)
	}
	for range 1 + r.IntN(2) {
		c.Identity = append(c.Identity, c.policy(r, t, false))
	}
	if r.IntN(4) == 0 {
		c.Boundary = []string{c.policy(r, t, true)}
		c.Features["boundary"] = struct{}{}
	}
	if strings.HasPrefix(t.resource, "arn:aws:s3:::") && r.IntN(3) == 0 {
		c.ResourcePolicy = c.resourcePolicy(r, t)
		c.Features["resourcePolicy"] = struct{}{}
		if r.IntN(2) == 0 {
			c.ResourceAccount = "999999999999"
			c.Features["crossAccount"] = struct{}{}
		}
	}
	return c
}

// principals are Principal elements a resource policy may name the caller
// (Bob, of account 123456789012) by, or not.
var principals = []string{
	`"*"`,
	`{"AWS": "*"}`,
	`{"AWS": "123456789012"}`,
	`{"AWS": "arn:aws:iam::123456789012:root"}`,
	`{"AWS": "arn:aws:iam::123456789012:user/Bob"}`,
	`{"AWS": ["arn:aws:iam::123456789012:user/Alice", "arn:aws:iam::123456789012:user/Bob"]}`,
	`{"AWS": "arn:aws:iam::123456789012:user/Alice"}`,
	`{"AWS": "999999999999"}`,
	`{"Service": "s3.amazonaws.com"}`,
}

// resourcePolicy makes a bucket policy of one or two statements.
func (c *Case) resourcePolicy(r *rand.Rand, t target) string {
	var stmts []string
	for range 1 + r.IntN(2) {
		st := c.statement(r, t, false)
		stmts = append(stmts, `{"Principal": `+pick(r, principals)+`, `+st[1:])
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

// policy makes one policy of one to three statements for target t;
// boundary policies lean to Allow.
func (c *Case) policy(r *rand.Rand, t target, boundary bool) string {
	var stmts []string
	for range 1 + r.IntN(3) {
		stmts = append(stmts, c.statement(r, t, boundary))
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

func (c *Case) statement(r *rand.Rand, t target, boundary bool) string {
	effect := "Allow"
	if r.IntN(4) == 0 || !boundary && r.IntN(5) == 0 {
		effect = "Deny"
	}
	actionKey := "Action"
	if r.IntN(6) == 0 {
		actionKey = "NotAction"
		c.Features["NotAction"] = struct{}{}
	}
	resourceKey := "Resource"
	if r.IntN(7) == 0 {
		resourceKey = "NotResource"
		c.Features["NotResource"] = struct{}{}
	}
	actions := []string{pick(r, t.actionPatterns)}
	if r.IntN(3) == 0 {
		actions = append(actions, pick(r, t.actionPatterns))
	}
	resources := []string{pick(r, t.resourcePatterns)}
	if strings.Contains(resources[0], "${aws:username}") {
		c.Features["usernameVariable"] = struct{}{}
	}
	parts := []string{
		fmt.Sprintf(`"Effect": %q`, effect),
		fmt.Sprintf(`%q: %s`, actionKey, jsonList(actions)),
		fmt.Sprintf(`%q: %s`, resourceKey, jsonList(resources)),
	}
	if cond := c.condition(r); cond != "" {
		parts = append(parts, `"Condition": `+cond)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// condition makes a Condition block of zero to two keys.
func (c *Case) condition(r *rand.Rand) string {
	n := r.IntN(3)
	if n == 0 {
		return ""
	}
	byOp := map[string][]string{}
	var order []string
	for range n {
		k := contextKeys[r.IntN(len(contextKeys))]
		op := pick(r, k.ops)
		if r.IntN(5) == 0 && !strings.HasPrefix(op, "For") {
			op += "IfExists"
			c.Features["IfExists"] = struct{}{}
		}
		if r.IntN(12) == 0 {
			op = "Null"
			c.Features["Null"] = struct{}{}
		}
		vals := []string{pick(r, k.policy)}
		if op == "Null" {
			vals = []string{pick(r, []string{"true", "false"})}
		} else if r.IntN(3) == 0 {
			vals = append(vals, pick(r, k.policy))
		}
		c.Features[strings.TrimSuffix(op, "IfExists")] = struct{}{}
		if _, ok := byOp[op]; !ok {
			order = append(order, op)
		}
		byOp[op] = append(byOp[op], fmt.Sprintf("%q: %s", k.name, jsonList(vals)))
	}
	var blocks []string
	for _, op := range order {
		blocks = append(blocks, fmt.Sprintf("%q: {%s}", op, strings.Join(dedupKeys(byOp[op]), ", ")))
	}
	return "{" + strings.Join(blocks, ", ") + "}"
}

// dedupKeys keeps the first entry of each key under one operator (a
// duplicate member name is refused by our parser).
func dedupKeys(entries []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		k, _, _ := strings.Cut(e, ":")
		if k2, _, ok := strings.Cut(e, `": `); ok {
			k = k2
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

func jsonList(vs []string) string {
	if len(vs) == 1 {
		b, _ := json.Marshal(vs[0])
		return string(b)
	}
	b, _ := json.Marshal(vs)
	return string(b)
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }
