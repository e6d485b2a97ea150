package simulate

import (
	"encoding/json"
	"slices"
	"strings"
)

// How the page includes a resource's own policy, as AWS's simulator does
// when asked to ("Include resource policy" in the console; the API's
// ResourcePolicy, ResourceOwner and CallerArn,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html):
//
//   - Resource policies are included for S3 buckets that have a bucket
//     policy in the account, on by default. Each bucket's policy is read
//     with s3:GetBucketPolicy as the acting principal (the principal that
//     also calls iam:SimulatePrincipalPolicy), as the console reads it with
//     the signed-in user's credentials; when that is refused, the
//     simulation runs without it and the page says so.
//   - One simulate call takes one ResourcePolicy, so the resources are
//     simulated in groups: one call per bucket with a policy (its policy
//     included), and one for the other resources.
//   - ResourceOwner is the account's root (the bucket is the account's
//     own). CallerArn is left out: "If you do not specify a CallerArn, it
//     defaults to the ARN of the user that you specify in PolicySourceArn".
//     AWS requires a CallerArn, which must be an IAM user, when the source
//     is a group or a role; simulating a role "as" some user would answer
//     for that user, not for the role, so groups and roles are simulated
//     without the resource policy, and the page says so.

// Caller calls an operation as the acting principal (the page's Query).
type Caller func(op string, input []byte) ([]byte, error)

// Pair is one action on one resource ("*" for none).
type Pair struct{ Action, Resource string }

// Pairs is every action on every resource, action by action.
func Pairs(actions, resources []string) []Pair {
	var ps []Pair
	for _, a := range actions {
		for _, r := range resources {
			ps = append(ps, Pair{a, r})
		}
	}
	return ps
}

// BucketPolicy is what became of a bucket's policy in a simulation.
type BucketPolicy struct {
	Bucket   string
	Included bool
	Policy   string // the document, when it was read
	Why      string // when not included: why not
}

// Session runs simulations for the page, reading each bucket policy once.
type Session struct {
	Call Caller
	// Account is the account's id (for ResourceOwner).
	Account string
	// Buckets are the account's buckets that have a policy.
	Buckets map[string]bool
	// Include: include the resource's own policy (the toggle, on by
	// default).
	Include bool

	read map[string]BucketPolicy
}

// Outcome is a simulation's results, in the order of its pairs.
type Outcome struct {
	Results []SimResult
	// Policies are the bucket policies the resources have, and whether
	// each was included (for principal kinds that can take them).
	Policies []BucketPolicy
	// Err is the first refusal of a simulate call (nil when every call
	// ran); results of refused calls are left out.
	Err error
}

// BucketOf returns the bucket an S3 ARN names (bucket or object), or "".
func BucketOf(arn string) string {
	rest, ok := strings.CutPrefix(arn, "arn:aws:s3:::")
	if !ok {
		return ""
	}
	b, _, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(b, "*?") {
		return ""
	}
	return b
}

// NoResourcePolicyFor says why a principal of kind (user, group, role)
// is simulated without resource policies, or "" when it can take them.
func NoResourcePolicyFor(kind string) string {
	if kind == "user" {
		return ""
	}
	return "AWS's simulator evaluates a resource policy only for a calling IAM user (CallerArn); a " + kind + " is simulated without it"
}

// policyOf reads bucket's policy once.
func (s *Session) policyOf(bucket string) BucketPolicy {
	if p, ok := s.read[bucket]; ok {
		return p
	}
	if s.read == nil {
		s.read = map[string]BucketPolicy{}
	}
	in, _ := json.Marshal(map[string]string{"Bucket": bucket})
	p := BucketPolicy{Bucket: bucket}
	out, err := s.Call("s3:GetBucketPolicy", in)
	var o struct{ Policy string }
	switch {
	case err != nil:
		p.Why = "could not read it: " + err.Error()
	case json.Unmarshal(out, &o) != nil || o.Policy == "":
		p.Why = "could not read it"
	default:
		p.Included, p.Policy = true, o.Policy
	}
	s.read[bucket] = p
	return p
}

// group is the pairs of one simulate call.
type group struct {
	bucket string // "" for resources without a policy to include
	pairs  []int  // indexes into the pairs
}

// Simulate simulates principal (of kind user, group or role) on each pair,
// including the bucket policies it can.
func (s *Session) Simulate(principal, kind string, pairs []Pair, ctx []ContextRow) Outcome {
	var o Outcome
	var groups []group
	at := map[string]int{}         // group of each bucket ("" the others)
	included := map[string]*bool{} // buckets decided
	for i, p := range pairs {
		b := BucketOf(p.Resource)
		if !s.Buckets[b] {
			b = ""
		}
		if b != "" {
			if included[b] == nil {
				bp := BucketPolicy{Bucket: b}
				switch {
				case !s.Include:
					bp.Why = "left out by choice"
				case NoResourcePolicyFor(kind) != "":
					bp.Why = NoResourcePolicyFor(kind)
				default:
					bp = s.policyOf(b)
				}
				o.Policies = append(o.Policies, bp)
				included[b] = &bp.Included
			}
			if !*included[b] {
				b = ""
			}
		}
		k, ok := at[b]
		if !ok {
			k = len(groups)
			at[b] = k
			groups = append(groups, group{bucket: b})
		}
		groups[k].pairs = append(groups[k].pairs, i)
	}
	results := make([]*SimResult, len(pairs))
	for _, g := range groups {
		var actions, resources []string
		for _, i := range g.pairs {
			if !slices.Contains(actions, pairs[i].Action) {
				actions = append(actions, pairs[i].Action)
			}
			if !slices.Contains(resources, pairs[i].Resource) {
				resources = append(resources, pairs[i].Resource)
			}
		}
		var rp *ResourcePolicy
		if g.bucket != "" {
			rp = &ResourcePolicy{Bucket: g.bucket, Policy: s.read[g.bucket].Policy, Owner: "arn:aws:iam::" + s.Account + ":root"}
		}
		out, err := s.Call("iam:SimulatePrincipalPolicy", SimulateInputWith(principal, actions, resources, ctx, rp))
		if err == nil {
			var rs []SimResult
			if rs, err = ParseSimulateOutput(out); err == nil {
				for _, i := range g.pairs {
					for j := range rs {
						if rs[j].Action == pairs[i].Action && rs[j].Resource == pairs[i].Resource {
							r := rs[j]
							if rp != nil {
								r.Bucket, r.ResourcePolicy = rp.Bucket, rp.Policy
							}
							results[i] = &r
							break
						}
					}
				}
			}
		}
		if err != nil && o.Err == nil {
			o.Err = err
		}
	}
	for _, r := range results {
		if r != nil {
			o.Results = append(o.Results, *r)
		}
	}
	return o
}

// ResourcePolicy is a resource's own policy to include in a simulation.
type ResourcePolicy struct {
	Bucket string // whose policy it is
	Policy string // the document
	Owner  string // ResourceOwner: the owning account's root ARN
}

// SimulateInputWith is SimulateInput with the resource's own policy (nil:
// none).
func SimulateInputWith(principal string, actions, resources []string, ctx []ContextRow, rp *ResourcePolicy) []byte {
	b := SimulateInput(principal, actions, resources, ctx)
	if rp == nil {
		return b
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return b
	}
	m["ResourcePolicy"], _ = json.Marshal(rp.Policy)
	m["ResourceOwner"], _ = json.Marshal(rp.Owner)
	out, _ := json.Marshal(m)
	return out
}
