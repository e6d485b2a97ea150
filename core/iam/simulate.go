package iam

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// The policy simulator: iam:SimulateCustomPolicy and
// iam:SimulatePrincipalPolicy ([SimulateCustomPolicy],
// [SimulatePrincipalPolicy]), answered by the same evaluator that
// authorises every call, with AWS's output shapes ([EvaluationResult],
// [ResourceSpecificResult], [Statement], [Position]) and CONTRACT.md's Trace
// on every result.
//
// What follows AWS's reference, and the choices where it is silent:
//
//   - One EvaluationResult per action name, in the order given ("The
//     simulator now returns a single EvaluationResult per action, regardless
//     of how many resource ARNs are provided", [EvaluationResult]). Its
//     EvalDecision is the most restrictive decision over the resources
//     (explicitDeny, then implicitDeny, then allowed); ResourceSpecificResults
//     holds one entry per resource. AWS shows the action's ARN template as the
//     top-level EvalResourceName when there are several resources; we do not
//     carry the Service Authorization Reference's ARN formats, so we name the
//     resource whose result decided the aggregate, and the top-level
//     MatchedStatements, PermissionsBoundaryDecisionDetail and Trace are that
//     resource's, so that the top level describes one coherent evaluation.
//   - MissingContextValues: at the top level when no resource list is given
//     (ResourceArns absent or ["*"]); otherwise per resource, the top level
//     being empty ([ResourceSpecificResult]).
//   - EvalDecisionDetails: for cross-account simulations, the decision of each
//     policy type; within one account, present but empty when resources are
//     listed, absent for "*" ([EvaluationResult]). In ResourceSpecificResults,
//     only for cross-account simulations.
//   - MaxItems and Marker page over EvaluationResults (1–1000, default 100),
//     and only the page asked for is evaluated. A page may hold fewer than
//     MaxItems results, with IsTruncated and a Marker to continue ("IAM
//     might return fewer results, even when there are more results
//     available", [SimulateCustomPolicy]): the simulator's work budget
//     (pageWork, pageBytes) ends a page early, and an action whose
//     simulation alone would pass the limits of one action (maxActionWork,
//     maxActionBytes) is refused with LimitExceeded instead of freezing the
//     page. Where AWS states no limit on the size of a request (how many
//     policies, actions, resources, context entries and values, how long a
//     context value), the playground sets one (the constants below).
//   - With api.Env.OmitTrace (cloudplay.call's opts.trace: false) the
//     results have no Trace member at all, and the page budget is larger.
//   - Action names must carry a service prefix and must not hold wildcards
//     ("This operation does not support using wildcards (*) in an action
//     name.", [SimulateCustomPolicy]): InvalidInput.
//   - The request context of the simulation is ContextEntries alone: the
//     simulate call's own context (aws:SourceIp of the learner's request) is
//     not used. Keys that follow from the caller (aws:username, aws:userid,
//     aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalTag/…,
//     aws:PrincipalType) are derived from CallerArn, and an entry in
//     ContextEntries overrides them. aws:CurrentTime and aws:EpochTime are
//     not derived: give them as context entries.
//   - SimulateCustomPolicy never uses the caller's own policies, and neither
//     operation fetches resource-based policies: only ResourcePolicy is
//     evaluated ("the simulation does not automatically retrieve
//     resource-based policies").
//   - Every input policy is parsed once per call; a malformed one is
//     MalformedPolicyDocument naming it and the line and column
//     ("PolicyInputList.2:3:14: ...").
//
// [SimulateCustomPolicy]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
// [SimulatePrincipalPolicy]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// [EvaluationResult]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html
// [ResourceSpecificResult]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResourceSpecificResult.html
// [Statement]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html
// [Position]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_Position.html
// [ContextEntry]: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html

// Member types of the simulate APIs.
var (
	actionNameType     = newConstraint(3, 128, "", "")
	resourceNameType   = newConstraint(1, 2048, "", "")
	contextKeyNameType = newConstraint(5, 256, "", "")
	handlingOptionType = newConstraint(1, 64, "", "")
	// contextKeyValueType has no constraints in AWS's reference
	// ([ContextEntry]); maxContextValueLen is the playground's.
	contextKeyValueType = newConstraint(0, maxContextValueLen, "", "")
)

// Limits on the size of a request. AWS states none for these; each is the
// playground's own choice, made so that one call's work and answer stay
// bounded, and enforced with IAM's ValidationError wording.
const (
	// maxSimPolicies bounds PolicyInputList: 20 is the most managed
	// policies AWS lets one user or role have once its quota is raised
	// (https://repost.aws/knowledge-center/iam-increase-policy-size), so
	// every policy a principal can hold fits in one simulation.
	maxSimPolicies = 20
	// maxSimActions bounds ActionNames: the largest page (MaxItems 1,000),
	// enough for every action of several services.
	maxSimActions = 1000
	// maxSimResources bounds ResourceArns, as ActionNames.
	maxSimResources = 1000
	// maxContextEntries bounds ContextEntries: more than every global
	// condition key and the keys of any one service together.
	maxContextEntries = 100
	// maxContextValues bounds the ContextKeyValues of one entry: twice the
	// 50 tags one request can carry (aws:TagKeys).
	maxContextValues = 100
	// maxContextValueLen bounds one context value: the longest ARN
	// (ResourceNameType, 2,048), so that any ARN-valued key (aws:SourceArn,
	// aws:PrincipalArn) can be given.
	maxContextValueLen = 2048
)

// maxSimBoundaries bounds PermissionsBoundaryPolicyInputList: "You can input
// only one permissions boundary when you pass a policy to this operation."
// ([SimulateCustomPolicy])
const maxSimBoundaries = 1

// The work budget of one call. Units of work are policy.Set.Cost's (about
// one comparison of a policy element with a request value; about 12 ns
// each natively on simple statements, BenchmarkSimulateCost, and a few
// times more in the browser), counted for every resource of every action;
// bytes are those of the JSON answer. These are the playground's own
// choices: a page takes about a twentieth of a second of evaluation
// natively (BenchmarkSimulateIssue7Page: 65 ms for a whole call) and at
// most a few MiB of output with traces, so that the page never freezes
// and the answer fits in memory.
const (
	// pageWork ends a page once the next action would take it past this
	// much work.
	pageWork = 4_000_000
	// maxActionWork is the most work one action may take (alone on its
	// page); beyond it the call fails with LimitExceeded.
	maxActionWork = 16_000_000
	// pageBytes ends a page once the next action would take its output
	// past this size (pageBytesNoTrace without traces).
	pageBytes        = 8 << 20
	pageBytesNoTrace = 16 << 20
	// maxActionBytes is the most output one action may produce (its
	// EvaluationResult with every resource's result and trace).
	maxActionBytes = 16 << 20
)

// contextEntry is the ContextEntry structure ([ContextEntry]).
type contextEntry struct {
	ContextKeyName   *string  `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   *string  `json:"ContextKeyType"`
}

// simulation is what both operations ask for, decoded and checked.
type simulation struct {
	policies, boundaries []string
	actions, resources   []string
	resourcePolicy       *string
	resourceOwner        *string
	callerARN            *string
	context              []contextEntry
	handling             *string
	page                 paging
	omitTrace            bool // api.Env.OmitTrace: no Trace members
}

func (s *Service) prepareSimulateCustomPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicyInputList                    []string       `json:"PolicyInputList" aws:"required"`
		PermissionsBoundaryPolicyInputList []string       `json:"PermissionsBoundaryPolicyInputList"`
		ActionNames                        []string       `json:"ActionNames" aws:"required"`
		ResourceArns                       []string       `json:"ResourceArns"`
		ResourcePolicy                     *string        `json:"ResourcePolicy"`
		ResourceOwner                      *string        `json:"ResourceOwner"`
		CallerArn                          *string        `json:"CallerArn"`
		ContextEntries                     []contextEntry `json:"ContextEntries"`
		ResourceHandlingOption             *string        `json:"ResourceHandlingOption"`
		MaxItems                           *int           `json:"MaxItems"`
		Marker                             *string        `json:"Marker"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	sim := &simulation{
		policies: in.PolicyInputList, boundaries: in.PermissionsBoundaryPolicyInputList,
		actions: in.ActionNames, resources: in.ResourceArns, resourcePolicy: in.ResourcePolicy,
		resourceOwner: in.ResourceOwner, callerARN: in.CallerArn, context: in.ContextEntries,
		handling: in.ResourceHandlingOption, page: pageOf(in.Marker, in.MaxItems),
		omitTrace: env.OmitTrace,
	}
	if err := sim.check(); err != nil {
		return nil, nil, err
	}
	if sim.callerARN == nil && sim.resourcePolicy != nil {
		return nil, nil, api.Errorf("InvalidInput", "CallerArn is required if you include a ResourcePolicy, so that the policy's Principal element has a value to use in evaluating the policy.")
	}
	run := func() (any, error) {
		set, err := sim.parse(&policy.Set{})
		if err != nil {
			return nil, err
		}
		return s.simulate(sim, set, s.simCaller(sim.callerARN))
	}
	return []api.Action{{Action: "iam:SimulateCustomPolicy", Resource: "*"}}, run, nil
}

func (s *Service) prepareSimulatePrincipalPolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicySourceArn                    string         `json:"PolicySourceArn" aws:"required"`
		PolicyInputList                    []string       `json:"PolicyInputList"`
		PermissionsBoundaryPolicyInputList []string       `json:"PermissionsBoundaryPolicyInputList"`
		ActionNames                        []string       `json:"ActionNames" aws:"required"`
		ResourceArns                       []string       `json:"ResourceArns"`
		ResourcePolicy                     *string        `json:"ResourcePolicy"`
		ResourceOwner                      *string        `json:"ResourceOwner"`
		CallerArn                          *string        `json:"CallerArn"`
		ContextEntries                     []contextEntry `json:"ContextEntries"`
		ResourceHandlingOption             *string        `json:"ResourceHandlingOption"`
		MaxItems                           *int           `json:"MaxItems"`
		Marker                             *string        `json:"Marker"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	sim := &simulation{
		policies: in.PolicyInputList, boundaries: in.PermissionsBoundaryPolicyInputList,
		actions: in.ActionNames, resources: in.ResourceArns, resourcePolicy: in.ResourcePolicy,
		resourceOwner: in.ResourceOwner, callerARN: in.CallerArn, context: in.ContextEntries,
		handling: in.ResourceHandlingOption, page: pageOf(in.Marker, in.MaxItems),
		omitTrace: env.OmitTrace,
	}
	var cs checks
	cs.str("policySourceArn", in.PolicySourceArn, arnType)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := sim.check(); err != nil {
		return nil, nil, err
	}
	source := in.PolicySourceArn
	if sim.callerARN == nil && sim.resourcePolicy != nil && !isUserARN(source) {
		return nil, nil, api.Errorf("InvalidInput", "CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is not the ARN of an IAM user.")
	}
	run := func() (any, error) {
		base, caller, err := s.sourcePolicies(source)
		if err != nil {
			return nil, err
		}
		set, err := sim.parse(base)
		if err != nil {
			return nil, err
		}
		if sim.callerARN != nil {
			// "you simulate calling the API operations as Bob, as if Bob
			// had David's policies"
			caller = s.simCaller(sim.callerARN)
		}
		return s.simulate(sim, set, caller)
	}
	return []api.Action{{Action: "iam:SimulatePrincipalPolicy", Resource: source}}, run, nil
}

// check validates what does not depend on the directory.
func (sim *simulation) check() error {
	var cs checks
	cs.list("policyInputList", sim.policies, maxSimPolicies)
	cs.list("permissionsBoundaryPolicyInputList", sim.boundaries, maxSimBoundaries)
	cs.list("actionNames", sim.actions, maxSimActions)
	cs.list("resourceArns", sim.resources, maxSimResources)
	if len(sim.context) > maxContextEntries {
		entries := make([]string, 0, 4)
		for _, e := range sim.context[:4] {
			name := ""
			if e.ContextKeyName != nil {
				name = *e.ContextKeyName
			}
			entries = append(entries, "{ContextKeyName: "+clip(name)+"}")
		}
		cs.tooMany("contextEntries", "["+strings.Join(entries, ", ")+", …]", maxContextEntries)
	}
	if err := cs.err(); err != nil {
		// Too many members: do not look at each of them.
		return err
	}
	for i, p := range sim.policies {
		cs.str(fmt.Sprintf("policyInputList.%d.member", i+1), p, policyDocumentType)
	}
	for i, p := range sim.boundaries {
		cs.str(fmt.Sprintf("permissionsBoundaryPolicyInputList.%d.member", i+1), p, policyDocumentType)
	}
	for i, a := range sim.actions {
		cs.str(fmt.Sprintf("actionNames.%d.member", i+1), a, actionNameType)
	}
	for i, r := range sim.resources {
		cs.str(fmt.Sprintf("resourceArns.%d.member", i+1), r, resourceNameType)
	}
	if sim.resourcePolicy != nil {
		cs.str("resourcePolicy", *sim.resourcePolicy, policyDocumentType)
	}
	cs.optStr("resourceOwner", sim.resourceOwner, resourceNameType)
	cs.optStr("callerArn", sim.callerARN, resourceNameType)
	for i, e := range sim.context {
		cs.optStr(fmt.Sprintf("contextEntries.%d.member.contextKeyName", i+1), e.ContextKeyName, contextKeyNameType)
		cs.list(fmt.Sprintf("contextEntries.%d.member.contextKeyValues", i+1), e.ContextKeyValues, maxContextValues)
		for j, v := range e.ContextKeyValues[:min(len(e.ContextKeyValues), maxContextValues)] {
			cs.str(fmt.Sprintf("contextEntries.%d.member.contextKeyValues.%d.member", i+1, j+1), v, contextKeyValueType)
		}
	}
	cs.optStr("resourceHandlingOption", sim.handling, handlingOptionType)
	sim.page.check(&cs)
	if err := cs.err(); err != nil {
		return err
	}
	return sim.checkValues()
}

// checkValues refuses, with InvalidInput, values the API's member types
// allow but the simulator does not.
func (sim *simulation) checkValues() error {
	for _, a := range sim.actions {
		if strings.ContainsAny(a, "*?") {
			return api.Errorf("InvalidInput", "Action names must not contain wildcards: %s. This operation does not support using wildcards (*) in an action name.", clip(a))
		}
		if svc, name, ok := strings.Cut(a, ":"); !ok || svc == "" || name == "" {
			return api.Errorf("InvalidInput", "Action name %s must include the service identifier, such as iam:CreateUser.", clip(a))
		}
	}
	for _, r := range sim.resources {
		if r != "*" && !validARN(r) {
			return api.Errorf("InvalidInput", "ResourceNames are not in a valid ARN format: %s.", clip(r))
		}
	}
	if sim.resourceOwner != nil && accountOfRoot(*sim.resourceOwner) == "" {
		return api.Errorf("InvalidInput", "'%s' is not a valid as a Resource Owner.", clip(*sim.resourceOwner))
	}
	if sim.callerARN != nil && !isUserARN(*sim.callerARN) {
		return api.Errorf("InvalidInput", "Invalid CallerArn: %s. You can specify only the ARN of an IAM user, not of an assumed role, federated user or service principal.", clip(*sim.callerARN))
	}
	if sim.handling != nil && !validHandling[*sim.handling] {
		return api.Errorf("InvalidInput", "Invalid ResourceHandlingOption: %s. Valid options are EC2-VPC-InstanceStore, EC2-VPC-InstanceStore-Subnet, EC2-VPC-EBS, EC2-VPC-EBS-Subnet.", clip(*sim.handling))
	}
	_, err := contextValues(sim.context)
	return err
}

// validHandling lists the ResourceHandlingOption scenarios. The simulator
// accepts them but does not check the resources each one requires.
var validHandling = map[string]bool{
	"EC2-VPC-InstanceStore": true, "EC2-VPC-InstanceStore-Subnet": true,
	"EC2-VPC-EBS": true, "EC2-VPC-EBS-Subnet": true,
}

// validARN reports whether s has the six colon-separated parts of an ARN.
func validARN(s string) bool {
	parts, ok := arnParts(s)
	return ok && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}

// arnParts splits s into the six colon-separated parts of an ARN, the last
// keeping any further colons, as strings.SplitN(s, ":", 6) does but without
// allocating: the simulator looks at the account of every resource of every
// decision.
func arnParts(s string) (parts [6]string, ok bool) {
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return parts, false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[5] = s
	return parts, true
}

// accountOfRoot returns the account of arn:aws:iam::ACCOUNT:root, or "".
func accountOfRoot(s string) string {
	rest, ok := strings.CutPrefix(s, "arn:aws:iam::")
	if !ok {
		return ""
	}
	acct, ok := strings.CutSuffix(rest, ":root")
	if !ok || len(acct) != 12 || strings.Trim(acct, "0123456789") != "" {
		return ""
	}
	return acct
}

// isUserARN reports whether s is an IAM user's ARN in any account.
func isUserARN(s string) bool {
	rest, ok := strings.CutPrefix(s, "arn:aws:iam::")
	if !ok || len(rest) < 12+len(":user/")+1 {
		return false
	}
	acct, name := rest[:12], rest[12:]
	return strings.Trim(acct, "0123456789") == "" && strings.HasPrefix(name, ":user/") && !strings.HasSuffix(name, "/")
}

// contextTypes are the ContextKeyType values and whether each is a list.
var contextTypes = map[string]bool{
	"string": false, "stringList": true, "numeric": false, "numericList": true,
	"boolean": false, "booleanList": true, "ip": false, "ipList": true,
	"binary": false, "binaryList": true, "date": false, "dateList": true,
}

// contextValues turns ContextEntries into the request context, checking
// each value against its declared type. Later entries for the same key
// (compared without case) replace earlier ones.
func contextValues(entries []contextEntry) (map[string][]string, error) {
	ctx := make(map[string][]string, len(entries))
	for _, e := range entries {
		if e.ContextKeyName == nil {
			return nil, api.Errorf("InvalidInput", "ContextKeyName is required in every ContextEntries member.")
		}
		name := *e.ContextKeyName
		typ := "string"
		if e.ContextKeyType != nil {
			typ = *e.ContextKeyType
		}
		list, ok := contextTypes[typ]
		if !ok {
			return nil, api.Errorf(validationCode, "1 validation error detected: Value '%s' at 'contextEntries.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]", clip(typ))
		}
		if !list && len(e.ContextKeyValues) > 1 {
			return nil, api.Errorf("InvalidInput", "Context key %s has type %s, which takes one value; use %sList for several.", clip(name), typ, typ)
		}
		for _, v := range e.ContextKeyValues {
			if !validContextValue(strings.TrimSuffix(typ, "List"), v) {
				return nil, api.Errorf("InvalidInput", "Invalid value for context key %s of type %s: %s", clip(name), typ, clip(v))
			}
		}
		for k := range ctx {
			if strings.EqualFold(k, name) {
				delete(ctx, k)
			}
		}
		ctx[name] = append([]string{}, e.ContextKeyValues...)
	}
	return ctx, nil
}

// validContextValue reports whether v reads as a value of the scalar type
// typ.
func validContextValue(typ, v string) bool {
	switch typ {
	case "numeric":
		_, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err == nil
	case "boolean":
		return strings.EqualFold(v, "true") || strings.EqualFold(v, "false")
	case "ip":
		if _, err := netip.ParsePrefix(v); err == nil {
			return true
		}
		_, err := netip.ParseAddr(v)
		return err == nil
	case "binary":
		_, err := base64.StdEncoding.DecodeString(v)
		return err == nil
	case "date":
		return validDate(v)
	}
	return true
}

func validDate(v string) bool {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return true // epoch seconds (or a bare year)
	}
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01"} {
		if _, err := time.Parse(l, v); err == nil {
			return true
		}
	}
	return false
}

// parse parses the input policies once, adding them to base, the
// principal's own policies (empty for SimulateCustomPolicy).
func (sim *simulation) parse(base *policy.Set) (*policy.Set, error) {
	set := &policy.Set{Identity: base.Identity, Boundary: base.Boundary, Session: base.Session}
	for i, text := range sim.policies {
		in, err := parseInput(fmt.Sprintf("PolicyInputList.%d", i+1), text, policy.Identity)
		if err != nil {
			return nil, err
		}
		set.Identity = append(set.Identity[:len(set.Identity):len(set.Identity)], in)
	}
	if len(sim.boundaries) > 0 {
		// The boundaries given replace the principal's own ("The IAM
		// permissions boundary policy to simulate").
		set.Boundary = nil
	}
	for i, text := range sim.boundaries {
		in, err := parseInput(fmt.Sprintf("PermissionsBoundaryPolicyInputList.%d", i+1), text, policy.Boundary)
		if err != nil {
			return nil, err
		}
		set.Boundary = append(set.Boundary, in)
	}
	if sim.resourcePolicy != nil {
		in, err := parseInput("ResourcePolicy", *sim.resourcePolicy, policy.Resource)
		if err != nil {
			// A role trust policy (no Resource element) is a resource
			// policy too.
			if tin, terr := parseInput("ResourcePolicy", *sim.resourcePolicy, policy.Trust); terr == nil {
				in, err = tin, nil
			}
		}
		if err != nil {
			return nil, err
		}
		set.Resource = &in
	}
	return set, nil
}

// parseInput parses one input policy, wording a syntax error as
// MalformedPolicyDocument with the policy's id and position.
func parseInput(id, text string, kind policy.Kind) (policy.Input, error) {
	p, err := policy.Parse(text, kind)
	if err != nil {
		return policy.Input{}, api.Errorf("MalformedPolicyDocument", "%s:%v", id, err)
	}
	return policy.Input{ID: id, Policy: p}, nil
}

// sourcePolicies returns the policies of the user (with its groups'),
// group or role a PolicySourceArn names, and the caller it simulates by
// default; NoSuchEntity when it does not exist.
func (s *Service) sourcePolicies(arn string) (*policy.Set, policy.Caller, error) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::"+s.account+":")
	kind, _, _ := strings.Cut(rest, "/")
	if !ok || kind != "user" && kind != "group" && kind != "role" {
		return nil, policy.Caller{}, api.Errorf("InvalidInput", "Invalid Entity Arn: %s", clip(arn))
	}
	return s.PolicySet(arn)
}

// simulate evaluates every action of the page asked for on every resource,
// within the work budget: it ends the page early (IsTruncated, Marker) once
// the next action would take the page past pageWork or pageBytes, and
// refuses, with LimitExceeded, an action that alone would pass
// maxActionWork or maxActionBytes.
func (s *Service) simulate(sim *simulation, set *policy.Set, caller policy.Caller) (any, error) {
	ctx, err := contextValues(sim.context)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(sim.actions))
	for i := range keys {
		keys[i] = actionKey(i)
	}
	pg, err := paginate(keys, sim.page)
	if err != nil {
		return nil, err
	}
	resources := sim.resources
	star := len(resources) == 0 || len(resources) == 1 && resources[0] == "*"
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	w := &simWriter{set: set, resources: resources, star: star, omitTrace: sim.omitTrace}
	w.tr.OmitReasons = sim.omitTrace
	if sim.resourceOwner != nil {
		w.owner = accountOfRoot(*sim.resourceOwner)
	}
	req := policy.Request{Principal: caller, Context: lowerKeys(ctx)}
	work, err := w.actionWork(&req, sim.actions, pg.keys)
	if err != nil {
		return nil, err
	}
	budget := pageBytes
	if sim.omitTrace {
		budget = pageBytesNoTrace
	}
	b := make([]byte, 0, 4096)
	b = append(b, `{"EvaluationResults":[`...)
	largest, n := 0, 0
	for ; n < len(pg.keys); n++ {
		// Each action of a call costs about the same: stop before one that
		// would pass the budget, judging its size by the largest so far.
		if n > 0 && ((n+1)*work > pageWork || len(b)+largest > budget) {
			break
		}
		i, _ := strconv.Atoi(pg.keys[n])
		req.Action = sim.actions[i]
		mark := len(b)
		if n > 0 {
			b = append(b, ',')
		}
		if b, err = w.appendAction(b, &req); err != nil {
			return nil, err
		}
		if n > 0 && len(b) > budget {
			b = b[:mark] // it did not fit after all: it starts the next page
			break
		}
		largest = max(largest, len(b)-mark)
		if n == 0 {
			// Results of one page are alike: size the buffer once, for
			// the rest of the page but never past the budget.
			rest, per := len(pg.keys)-1, len(b)+len(b)/8
			b = slices.Grow(b, min(budget, per*min(rest, budget/per))+64)
		}
	}
	pg.cut(n)
	b = append(b, `],"IsTruncated":`...)
	b = strconv.AppendBool(b, pg.isTruncated)
	if pg.marker != "" {
		b = append(b, `,"Marker":`...)
		b = appendJSONString(b, pg.marker)
	}
	return json.RawMessage(append(b, '}')), nil
}

// actionWork estimates the work of simulating one action of the call on
// every resource (the longest action name and resource standing for all),
// and refuses a call whose actions would each pass the limits of one
// action.
func (w *simWriter) actionWork(req *policy.Request, actions, page []string) (int, error) {
	probe := *req
	for _, k := range page {
		i, _ := strconv.Atoi(k)
		if len(actions[i]) > len(probe.Action) {
			probe.Action = actions[i]
		}
	}
	for _, r := range w.resources {
		if len(r) > len(probe.Resource) {
			probe.Resource = r
		}
	}
	statements := 0
	for _, in := range setInputs(w.set) {
		statements += len(in.Policy.Statements)
	}
	work := len(w.resources) * max(1, w.set.Cost(&probe))
	if work > maxActionWork {
		return 0, api.Errorf("LimitExceeded", "Cannot simulate: one action would evaluate %d policy statements on %d resources, about %d units of work, more than the simulator's limit of %d per action. Simulate fewer resources, or fewer or smaller policies.",
			statements, len(w.resources), work, maxActionWork)
	}
	if !w.omitTrace {
		if size := (len(w.resources) + 1) * w.set.TraceSize(); size > maxActionBytes {
			return 0, api.Errorf("LimitExceeded", "Cannot simulate: the traces of one action, for %d policy statements on %d resources, could take %d MiB, more than the simulator's limit of %d MiB per action. Ask for the results without traces, or simulate fewer resources or fewer policy statements.",
				statements, len(w.resources), (size+1<<20-1)>>20, maxActionBytes>>20)
		}
	}
	return work, nil
}

// setInputs lists the policies of set.
func setInputs(set *policy.Set) []*policy.Input {
	var ins []*policy.Input
	for i := range set.Identity {
		ins = append(ins, &set.Identity[i])
	}
	if set.Resource != nil {
		ins = append(ins, set.Resource)
	}
	for i := range set.Boundary {
		ins = append(ins, &set.Boundary[i])
	}
	for i := range set.Session {
		ins = append(ins, &set.Session[i])
	}
	return ins
}

// actionKey is the paging key of the i-th action: fmt's "%08d" without fmt.
func actionKey(i int) string {
	var buf [20]byte
	d := strconv.AppendInt(buf[:0], int64(i), 10)
	if n := len(d); n < 8 {
		d = append(append(buf[n:n], "00000000"[n:]...), buf[:n]...)
	}
	return string(d)
}

// A simWriter evaluates the actions of a page and writes their
// EvaluationResults ([EvaluationResult], [ResourceSpecificResult]) straight
// into the output: a page holds up to 1,000 results, each with its traces,
// and building structures to encode them took most of a call's time. The
// bytes are those encoding/json would write for the AWS structures with our
// Trace (but for its escaping of <, > and &, which JSON does not need).
//
// Each resource is evaluated once, its ResourceSpecificResult written into
// rsr; the top level of the EvaluationResult repeats parts of the result
// that decided (its MatchedStatements and Trace), which are copied from
// there rather than encoded again.
type simWriter struct {
	set       *policy.Set
	resources []string
	owner     string // ResourceOwner's account, or ""
	star      bool   // no resource list: "*"
	omitTrace bool   // leave the Trace members out

	tr  policy.Tracer
	rsr []byte // the ResourceSpecificResults of the action being written
	top topResult
}

// topResult is what the top level of an EvaluationResult takes from the
// resource whose result decided the aggregate.
type topResult struct {
	resource         string
	decision         policy.Decision
	matched, trace   span   // within rsr
	missing, details []byte // encoded only where the top level shows them
	cross            bool
	boundary         bool // PermissionsBoundaryDecisionDetail present
	boundaryAllowed  bool
}

// span is a range of bytes of a buffer.
type span struct{ start, end int }

func (s span) of(b []byte) []byte { return b[s.start:s.end] }

// appendAction evaluates req.Action on each resource and appends the
// EvaluationResult that aggregates them.
func (w *simWriter) appendAction(b []byte, req *policy.Request) ([]byte, error) {
	w.rsr = w.rsr[:0]
	worst := -1
	for j, res := range w.resources {
		req.Resource = res
		req.ResourceAccount = resourceAccount(res, w.owner)
		d, err := w.tr.Evaluate(req, w.set)
		if err != nil {
			return b, api.Errorf("PolicyEvaluation", "%s on %s: %v", req.Action, clip(res), err)
		}
		cross := req.ResourceAccount != "" && req.ResourceAccount != req.Principal.Account
		if j > 0 {
			w.rsr = append(w.rsr, ',')
		}
		matched, trace := w.appendResourceResult(res, d, cross)
		if rank := decisionRank(d); rank > worst {
			worst = rank
			w.keepTop(res, d, cross, matched, trace)
		}
		if len(w.rsr) > maxActionBytes {
			// More than actionWork foresaw (MatchedStatements are not
			// counted there): stop before the answer grows further.
			return b, api.Errorf("LimitExceeded", "Cannot simulate %s: its results on %d resources take more than the simulator's limit of %d MiB per action. Simulate fewer resources, or fewer policy statements.",
				clip(req.Action), len(w.resources), maxActionBytes>>20)
		}
	}
	return w.appendTop(b, req.Action), nil
}

// appendResourceResult writes the ResourceSpecificResult of the last
// evaluation into rsr, and returns where its MatchedStatements and Trace are.
func (w *simWriter) appendResourceResult(res string, d policy.Decision, cross bool) (matched, trace span) {
	b := w.rsr
	b = append(b, `{"EvalResourceName":`...)
	b = appendJSONString(b, res)
	b = append(b, `,"EvalResourceDecision":"`...)
	b = append(b, d.String()...)
	b = append(b, `","MatchedStatements":`...)
	matched.start = len(b)
	b = appendMatched(b, w.tr.MatchedStatements())
	matched.end = len(b)
	b = append(b, `,"MissingContextValues":`...)
	if w.star {
		b = append(b, "[]"...) // shown at the top level instead
	} else {
		b = appendStrings(b, w.tr.MissingContextValues())
	}
	if details := w.tr.DecisionDetails(); cross && len(details) > 0 {
		b = append(b, `,"EvalDecisionDetails":`...)
		b = appendDetails(b, details)
	}
	if allowed, ok := w.tr.BoundaryDetail(); ok {
		b = appendBoundaryDetail(b, allowed)
	}
	if !w.omitTrace {
		b = append(b, `,"Trace":`...)
		trace.start = len(b)
		b = w.tr.AppendTrace(b)
		trace.end = len(b)
	}
	w.rsr = append(b, '}')
	return matched, trace
}

// keepTop remembers the last evaluation as the one the top level shows.
func (w *simWriter) keepTop(res string, d policy.Decision, cross bool, matched, trace span) {
	t := &w.top
	t.resource, t.decision, t.cross, t.matched, t.trace = res, d, cross, matched, trace
	t.boundaryAllowed, t.boundary = w.tr.BoundaryDetail()
	t.missing = t.missing[:0]
	if w.star {
		t.missing = appendStrings(t.missing, w.tr.MissingContextValues())
	}
	t.details = t.details[:0]
	if cross {
		t.details = appendDetails(t.details, w.tr.DecisionDetails())
	}
}

// appendTop appends the EvaluationResult of action. EvalDecisionDetails is,
// across accounts, each policy type's decision; within one account, empty
// when resources are listed and absent for "*".
func (w *simWriter) appendTop(b []byte, action string) []byte {
	t := &w.top
	b = append(b, `{"EvalActionName":`...)
	b = appendJSONString(b, action)
	b = append(b, `,"EvalResourceName":`...)
	b = appendJSONString(b, t.resource)
	b = append(b, `,"EvalDecision":"`...)
	b = append(b, t.decision.String()...)
	b = append(b, `","MatchedStatements":`...)
	b = append(b, t.matched.of(w.rsr)...)
	b = append(b, `,"MissingContextValues":`...)
	if w.star {
		b = append(b, t.missing...)
	} else {
		b = append(b, "[]"...)
	}
	if t.boundary {
		b = appendBoundaryDetail(b, t.boundaryAllowed)
	}
	switch {
	case t.cross:
		b = append(b, `,"EvalDecisionDetails":`...)
		b = append(b, t.details...)
	case !w.star:
		b = append(b, `,"EvalDecisionDetails":{}`...)
	}
	b = append(b, `,"ResourceSpecificResults":[`...)
	b = append(b, w.rsr...)
	b = append(b, ']')
	if !w.omitTrace {
		b = append(b, `,"Trace":`...)
		b = append(b, t.trace.of(w.rsr)...)
	}
	return append(b, '}')
}

// decisionRank orders decisions from the least to the most restrictive.
func decisionRank(d policy.Decision) int {
	switch d {
	case policy.Allowed:
		return 0
	case policy.ImplicitDeny:
		return 1
	}
	return 2
}

// resourceAccount is the account that owns resource: the one its ARN
// names, else ResourceOwner's, else "" (the caller's).
func resourceAccount(resource, owner string) string {
	parts, ok := arnParts(resource)
	if ok && parts[4] != "" && parts[4] != "*" {
		return parts[4]
	}
	return owner
}

// simCaller is the simulated caller: the IAM user CallerArn names (with its
// id and tags when it is one of the account's users), or, without
// CallerArn, an unnamed principal of the account.
func (s *Service) simCaller(arn *string) policy.Caller {
	if arn == nil {
		return policy.Caller{Type: policy.User, Account: s.account}
	}
	c := policy.Caller{Type: policy.User, ARN: *arn, Account: (*arn)[len("arn:aws:iam::") : len("arn:aws:iam::")+12]}
	c.Name = (*arn)[strings.LastIndexByte(*arn, '/')+1:]
	if p, ok := s.Principal(*arn); ok {
		c.UserID, c.Tags = p.ID, p.Tags
	}
	return c
}

// lowerKeys returns ctx with lower-case keys, the form the evaluator looks
// keys up in first.
func lowerKeys(ctx map[string][]string) map[string][]string {
	out := make(map[string][]string, len(ctx))
	for k, v := range ctx {
		out[strings.ToLower(k)] = v
	}
	return out
}

func appendBoundaryDetail(b []byte, allowed bool) []byte {
	b = append(b, `,"PermissionsBoundaryDecisionDetail":{"AllowedByPermissionsBoundary":`...)
	b = strconv.AppendBool(b, allowed)
	return append(b, '}')
}

// appendDetails writes EvalDecisionDetails, in the order of its keys as
// encoding/json writes a map.
func appendDetails(b []byte, details []policy.DecisionDetail) []byte {
	b = append(b, '{')
	for i, d := range details {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, d.PolicyType)
		b = append(b, `:"`...)
		b = append(b, d.Decision.String()...)
		b = append(b, '"')
	}
	return append(b, '}')
}

func appendMatched(b []byte, ms []policy.MatchedStatement) []byte {
	b = append(b, '[')
	for i := range ms {
		m := &ms[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"SourcePolicyId":`...)
		b = appendJSONString(b, m.SourcePolicyId)
		b = append(b, `,"SourcePolicyType":`...)
		b = appendJSONString(b, m.SourcePolicyType)
		b = appendPositions(b, m.StartPosition, m.EndPosition)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendPositions(b []byte, start, end policy.Position) []byte {
	b = append(b, `,"StartPosition":{"Line":`...)
	b = strconv.AppendInt(b, int64(start.Line), 10)
	b = append(b, `,"Column":`...)
	b = strconv.AppendInt(b, int64(start.Column), 10)
	b = append(b, `},"EndPosition":{"Line":`...)
	b = strconv.AppendInt(b, int64(end.Line), 10)
	b = append(b, `,"Column":`...)
	b = strconv.AppendInt(b, int64(end.Column), 10)
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString writes s as a JSON string (invalid UTF-8 as U+FFFD, as
// encoding/json writes it).
func appendJSONString(b []byte, s string) []byte { return policy.AppendJSONString(b, s) }
