package iam

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/policy"
)

// The simulator as it was before it wrote its output while evaluating: the
// reference the differential tests hold the output of simulate to, byte for
// byte.

// evaluationResult is the EvaluationResult structure, with our Trace.
type evaluationResult struct {
	EvalActionName                    string                      `json:"EvalActionName"`
	EvalResourceName                  string                      `json:"EvalResourceName"`
	EvalDecision                      policy.Decision             `json:"EvalDecision"`
	MatchedStatements                 []policy.MatchedStatement   `json:"MatchedStatements"`
	MissingContextValues              []string                    `json:"MissingContextValues"`
	PermissionsBoundaryDecisionDetail *policy.BoundaryDetail      `json:"PermissionsBoundaryDecisionDetail,omitempty"`
	EvalDecisionDetails               *map[string]policy.Decision `json:"EvalDecisionDetails,omitempty"`
	ResourceSpecificResults           []resourceSpecificResult    `json:"ResourceSpecificResults"`
	Trace                             *policy.Trace               `json:"Trace"`
}

// resourceSpecificResult is the ResourceSpecificResult structure, with our
// Trace.
type resourceSpecificResult struct {
	EvalResourceName                  string                     `json:"EvalResourceName"`
	EvalResourceDecision              policy.Decision            `json:"EvalResourceDecision"`
	MatchedStatements                 []policy.MatchedStatement  `json:"MatchedStatements"`
	MissingContextValues              []string                   `json:"MissingContextValues"`
	EvalDecisionDetails               map[string]policy.Decision `json:"EvalDecisionDetails,omitempty"`
	PermissionsBoundaryDecisionDetail *policy.BoundaryDetail     `json:"PermissionsBoundaryDecisionDetail,omitempty"`
	Trace                             *policy.Trace              `json:"Trace"`
}

type simulateOutput struct {
	EvaluationResults []evaluationResult `json:"EvaluationResults"`
	listOutput
}

// simulate evaluates every action of the page asked for on every resource.
func (s *Service) refSimulate(sim *simulation, set *policy.Set, caller policy.Caller) (any, error) {
	ctx, err := contextValues(sim.context)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(sim.actions))
	for i := range keys {
		keys[i] = fmt.Sprintf("%08d", i)
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
	owner := ""
	if sim.resourceOwner != nil {
		owner = accountOfRoot(*sim.resourceOwner)
	}
	req := policy.Request{Principal: caller, Context: lowerKeys(ctx)}
	out := simulateOutput{EvaluationResults: make([]evaluationResult, 0, len(pg.keys)), listOutput: pg.output()}
	for _, k := range pg.keys {
		i, _ := strconv.Atoi(k)
		req.Action = sim.actions[i]
		er, err := evaluateAction(&req, set, resources, owner, star)
		if err != nil {
			return nil, err
		}
		out.EvaluationResults = append(out.EvaluationResults, er)
	}
	b, err := out.MarshalJSON()
	return json.RawMessage(b), err
}

// evaluateAction evaluates req.Action on each resource and aggregates the
// results into one EvaluationResult.
func evaluateAction(req *policy.Request, set *policy.Set, resources []string, owner string, star bool) (evaluationResult, error) {
	er := evaluationResult{EvalActionName: req.Action, ResourceSpecificResults: make([]resourceSpecificResult, len(resources))}
	worst := -1
	var top *policy.Result
	results := make([]policy.Result, len(resources))
	for j, res := range resources {
		req.Resource = res
		req.ResourceAccount = resourceAccount(res, owner)
		r, err := policy.Evaluate(req, set, true)
		if err != nil {
			return er, api.Errorf("PolicyEvaluation", "%s on %s: %v", req.Action, res, err)
		}
		results[j] = r
		cross := req.ResourceAccount != "" && req.ResourceAccount != req.Principal.Account
		er.ResourceSpecificResults[j] = resourceResult(res, &results[j], cross, star)
		if rank := decisionRank(r.Decision); rank > worst {
			worst, top = rank, &results[j]
			er.EvalResourceName = res
			er.EvalDecisionDetails = topDetails(&results[j], cross, star)
		}
	}
	er.EvalDecision = top.Decision
	er.MatchedStatements = nonNil(top.MatchedStatements)
	er.PermissionsBoundaryDecisionDetail = top.PermissionsBoundaryDecisionDetail
	er.Trace = top.Trace
	er.MissingContextValues = []string{}
	if star {
		er.MissingContextValues = nonNil(top.MissingContextValues)
	}
	return er, nil
}

// resourceResult is the ResourceSpecificResult of one evaluation.
func resourceResult(res string, r *policy.Result, cross, star bool) resourceSpecificResult {
	rr := resourceSpecificResult{
		EvalResourceName: res, EvalResourceDecision: r.Decision,
		MatchedStatements: nonNil(r.MatchedStatements), MissingContextValues: []string{},
		PermissionsBoundaryDecisionDetail: r.PermissionsBoundaryDecisionDetail, Trace: r.Trace,
	}
	if !star {
		rr.MissingContextValues = nonNil(r.MissingContextValues)
	}
	if cross {
		rr.EvalDecisionDetails = r.EvalDecisionDetails
	}
	return rr
}

// topDetails is the top-level EvalDecisionDetails: each policy type's
// decision across accounts, empty within one account when resources are
// listed, absent for "*".
func topDetails(r *policy.Result, cross, star bool) *map[string]policy.Decision {
	switch {
	case cross:
		return &r.EvalDecisionDetails
	case star:
		return nil
	}
	empty := map[string]policy.Decision{}
	return &empty
}

// The output of a page is written by hand: it is the hot path of the
// simulator (a page holds up to 1,000 results, each with its traces), and
// reflection-driven encoding took most of a call's time. The bytes are
// exactly what encoding/json would write for the structures above (but
// for its escaping of <, > and &, which JSON does not need).

// MarshalJSON writes the output.
func (o simulateOutput) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 4096)
	b = append(b, `{"EvaluationResults":[`...)
	for i := range o.EvaluationResults {
		if i > 0 {
			b = append(b, ',')
		}
		b = o.EvaluationResults[i].appendJSON(b)
		if i == 0 {
			// Results of one page are alike: size the buffer once.
			b = slices.Grow(b, (len(b)+len(b)/8)*(len(o.EvaluationResults)-1)+64)
		}
	}
	b = append(b, `],"IsTruncated":`...)
	b = strconv.AppendBool(b, o.IsTruncated)
	if o.Marker != "" {
		b = append(b, `,"Marker":`...)
		b = appendJSONString(b, o.Marker)
	}
	return append(b, '}'), nil
}

func (er *evaluationResult) appendJSON(b []byte) []byte {
	b = append(b, `{"EvalActionName":`...)
	b = appendJSONString(b, er.EvalActionName)
	b = append(b, `,"EvalResourceName":`...)
	b = appendJSONString(b, er.EvalResourceName)
	b = append(b, `,"EvalDecision":"`...)
	b = append(b, er.EvalDecision.String()...)
	b = append(b, `","MatchedStatements":`...)
	b = appendMatched(b, er.MatchedStatements)
	b = append(b, `,"MissingContextValues":`...)
	b = appendStrings(b, er.MissingContextValues)
	if er.PermissionsBoundaryDecisionDetail != nil {
		b = refAppendBoundaryDetail(b, er.PermissionsBoundaryDecisionDetail)
	}
	if er.EvalDecisionDetails != nil {
		b = append(b, `,"EvalDecisionDetails":`...)
		b = refAppendDetails(b, *er.EvalDecisionDetails)
	}
	b = append(b, `,"ResourceSpecificResults":[`...)
	for i := range er.ResourceSpecificResults {
		if i > 0 {
			b = append(b, ',')
		}
		b = er.ResourceSpecificResults[i].appendJSON(b)
	}
	b = append(b, `],"Trace":`...)
	b = appendTrace(b, er.Trace)
	return append(b, '}')
}

func (rr *resourceSpecificResult) appendJSON(b []byte) []byte {
	b = append(b, `{"EvalResourceName":`...)
	b = appendJSONString(b, rr.EvalResourceName)
	b = append(b, `,"EvalResourceDecision":"`...)
	b = append(b, rr.EvalResourceDecision.String()...)
	b = append(b, `","MatchedStatements":`...)
	b = appendMatched(b, rr.MatchedStatements)
	b = append(b, `,"MissingContextValues":`...)
	b = appendStrings(b, rr.MissingContextValues)
	if len(rr.EvalDecisionDetails) > 0 {
		b = append(b, `,"EvalDecisionDetails":`...)
		b = refAppendDetails(b, rr.EvalDecisionDetails)
	}
	if rr.PermissionsBoundaryDecisionDetail != nil {
		b = refAppendBoundaryDetail(b, rr.PermissionsBoundaryDecisionDetail)
	}
	b = append(b, `,"Trace":`...)
	b = appendTrace(b, rr.Trace)
	return append(b, '}')
}

func refAppendBoundaryDetail(b []byte, d *policy.BoundaryDetail) []byte {
	b = append(b, `,"PermissionsBoundaryDecisionDetail":{"AllowedByPermissionsBoundary":`...)
	b = strconv.AppendBool(b, d.AllowedByPermissionsBoundary)
	return append(b, '}')
}

// appendDetails writes an EvalDecisionDetails map with its keys in order,
// as encoding/json does.
func refAppendDetails(b []byte, m map[string]policy.Decision) []byte {
	b = append(b, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, `:"`...)
		b = append(b, m[k].String()...)
		b = append(b, '"')
	}
	return append(b, '}')
}

func appendTrace(b []byte, t *policy.Trace) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"Decision":"`...)
	b = append(b, t.Decision.String()...)
	b = append(b, `","DecidingStatements":[`...)
	for i, d := range t.DecidingStatements {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"PolicyId":`...)
		b = appendJSONString(b, d.PolicyId)
		b = append(b, `,"StatementIndex":`...)
		b = strconv.AppendInt(b, int64(d.StatementIndex), 10)
		b = append(b, '}')
	}
	b = append(b, `],"Policies":[`...)
	for i := range t.Policies {
		p := &t.Policies[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"PolicyId":`...)
		b = appendJSONString(b, p.PolicyId)
		b = append(b, `,"PolicyType":`...)
		b = appendJSONString(b, p.PolicyType)
		b = append(b, `,"Statements":[`...)
		for j := range p.Statements {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendStatementTrace(b, &p.Statements[j])
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"Path":[`...)
	for i, s := range t.Path {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Step":`...)
		b = appendJSONString(b, s.Step)
		b = append(b, `,"Outcome":`...)
		b = appendJSONString(b, s.Outcome)
		b = append(b, `,"Exit":`...)
		b = strconv.AppendBool(b, s.Exit)
		b = append(b, `,"Note":`...)
		b = appendJSONString(b, s.Note)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func appendStatementTrace(b []byte, s *policy.StatementTrace) []byte {
	b = append(b, `{"StatementIndex":`...)
	b = strconv.AppendInt(b, int64(s.StatementIndex), 10)
	b = append(b, `,"Sid":`...)
	b = appendJSONString(b, s.Sid)
	b = append(b, `,"Effect":`...)
	b = appendJSONString(b, s.Effect)
	b = append(b, `,"Matched":`...)
	b = strconv.AppendBool(b, s.Matched)
	b = append(b, `,"Reason":`...)
	b = appendJSONString(b, s.Reason)
	b = appendPositions(b, s.StartPosition, s.EndPosition)
	return append(b, '}')
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// TestSimulateMatchesReference holds the output of simulate to the
// reference's, byte for byte, over random simulations: one to six actions,
// no resource list, "*" or up to four resources (some in other accounts),
// with and without boundaries, a resource policy, ResourceOwner, CallerArn,
// context entries and paging.
func TestSimulateMatchesReference(t *testing.T) {
	t.Parallel()
	s := New(acct)
	r := rand.New(rand.NewPCG(7, 11))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	some := func(xs []string, max int) []string {
		var out []string
		for range r.IntN(max + 1) {
			out = append(out, pick(xs))
		}
		return out
	}
	identity := []string{polS3, polKinesis, polTypes, smallPolicy, polBoundary,
		`{"Version": "2012-10-17", "Statement": [{"Sid": "Own", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"},
		  {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalTag/team": ["blue", "re\"d<&>"]}}}]}`}
	boundaries := []string{polBoundary, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*", "kinesis:*", "ec2:*"], "Resource": "*"}}`}
	resourcePolicies := []string{polBucket, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"},
		  {"Sid": "Tls", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`}
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteBucket", "kinesis:PutRecord", "ec2:RunInstances", "iam:CreateUser", "sqs:SendMessage"}
	resources := []string{"arn:aws:s3:::shared/notes.txt", "arn:aws:s3:::secret/plan.txt", "arn:aws:s3:::home/Bob/a", "arn:aws:s3:::reports/q1.csv",
		"arn:aws:kinesis:us-east-1:999999999999:stream/s", "arn:aws:kinesis:us-east-1:123456789012:stream/t", "arn:aws:ec2:us-east-1:*:instance/i-1"}
	callers := []string{"arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::999999999999:user/Zoe"}
	context := []contextEntry{
		{ContextKeyName: ptr("aws:SourceIp"), ContextKeyValues: []string{"198.51.100.7"}, ContextKeyType: ptr("ip")},
		{ContextKeyName: ptr("aws:SecureTransport"), ContextKeyValues: []string{"false"}, ContextKeyType: ptr("boolean")},
		{ContextKeyName: ptr("aws:PrincipalTag/team"), ContextKeyValues: []string{"blue"}, ContextKeyType: ptr("string")},
		{ContextKeyName: ptr("aws:MultiFactorAuthAge"), ContextKeyValues: []string{"60"}, ContextKeyType: ptr("numeric")},
		{ContextKeyName: ptr("aws:TagKeys"), ContextKeyValues: []string{"team", "cost"}, ContextKeyType: ptr("stringList")},
	}
	for i := range 400 {
		sim := &simulation{policies: some(identity, 3), boundaries: some(boundaries, 1), actions: some(actions, 6)}
		if len(sim.actions) == 0 {
			sim.actions = []string{pick(actions)}
		}
		switch r.IntN(3) {
		case 0:
		case 1:
			sim.resources = []string{"*"}
		default:
			sim.resources = some(resources, 4)
		}
		if r.IntN(3) == 0 {
			sim.resourcePolicy = ptr(pick(resourcePolicies))
		}
		if r.IntN(3) == 0 {
			sim.resourceOwner = ptr("arn:aws:iam::999999999999:root")
		}
		if sim.resourcePolicy != nil || r.IntN(2) == 0 {
			sim.callerARN = ptr(pick(callers))
		}
		for _, e := range context {
			if r.IntN(2) == 0 {
				sim.context = append(sim.context, e)
			}
		}
		sim.page.MaxItems = ptr(1 + r.IntN(6))
		if r.IntN(4) == 0 {
			sim.page.Marker = ptr(markerPrefix + base64.RawURLEncoding.EncodeToString([]byte(actionKey(1))))
		}
		set, err := sim.parse(&policy.Set{})
		if err != nil {
			t.Fatal(err)
		}
		caller := s.simCaller(sim.callerARN)
		want, wantErr := s.refSimulate(sim, set, caller)
		got, err := s.simulate(sim, set, caller)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("simulation %d: error %v, want %v", i, err, wantErr)
		}
		if !bytes.Equal(got.(json.RawMessage), want.(json.RawMessage)) {
			t.Fatalf("simulation %d differs from the reference:\n got %s\nwant %s", i, got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
