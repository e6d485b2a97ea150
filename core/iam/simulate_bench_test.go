package iam

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"cloudplay/core/api"
	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// benchInput is a SimulateCustomPolicy input with nActions actions on
// nResources resources and context entries. Large: two identity policies of
// ten statements with wildcards, conditions, NotAction and a policy
// variable, and a boundary (11 statement traces per evaluation). Small: one
// policy of three statements, as a learner writes.
func benchInput(nActions, nResources int, small bool) []byte {
	identity := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "ReadS3", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::data-*"},
  {"Sid": "WriteOwn", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data-*/${aws:username}/*"},
  {"Sid": "Kinesis", "Effect": "Allow", "Action": "kinesis:*", "Resource": "arn:aws:kinesis:us-east-1:123456789012:stream/*"},
  {"Sid": "OfficeOnly", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}},
  {"Sid": "NoDelete", "Effect": "Deny", "Action": ["s3:DeleteBucket", "kinesis:DeleteStream"], "Resource": "*"},
  {"Sid": "MFA", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "s3:*", "kinesis:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
  {"Sid": "Tagged", "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}},
  {"Sid": "Time", "Effect": "Allow", "Action": "ecs:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}}
]}`
	extra := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
  {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret*", "Condition": {"StringLike": {"aws:PrincipalTag/dept": "eng*"}}}
]}`
	boundary := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "kinesis:*", "ec2:*", "ecs:*", "iam:*"], "Resource": "*"}]}`
	verbs := []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteBucket", "kinesis:PutRecord", "kinesis:DeleteStream", "ec2:RunInstances", "ecs:RunTask", "iam:GetUser", "iam:CreateUser", "sqs:SendMessage"}
	actions := make([]string, nActions)
	for i := range actions {
		actions[i] = verbs[i%len(verbs)]
	}
	resources := make([]string, nResources)
	for i := range resources {
		resources[i] = fmt.Sprintf("arn:aws:s3:::data-%d/Bob/file%d", i%3, i)
	}
	in := map[string]any{
		"PolicyInputList":                    []string{identity, extra},
		"PermissionsBoundaryPolicyInputList": []string{boundary},
		"ActionNames":                        actions,
		"ResourceArns":                       resources,
		"CallerArn":                          "arn:aws:iam::123456789012:user/Bob",
		"MaxItems":                           1000,
		"ContextEntries": []map[string]any{
			{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": []string{"203.0.113.10"}, "ContextKeyType": "ip"},
			{"ContextKeyName": "aws:MultiFactorAuthPresent", "ContextKeyValues": []string{"true"}, "ContextKeyType": "boolean"},
			{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": []string{"2026-01-01T00:00:00Z"}, "ContextKeyType": "date"},
		},
	}
	if small {
		// A learner's policy: one document of three statements.
		in["PolicyInputList"] = []string{smallPolicy}
		delete(in, "PermissionsBoundaryPolicyInputList")
	}
	b, _ := json.Marshal(in)
	return b
}

const smallPolicy = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::data-*"},
  {"Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
  {"Sid": "Stream", "Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*"}]}`

// BenchmarkSimulateCustomPolicy measures whole calls as the dispatcher makes
// them (decode, parse, evaluate with traces, marshal the output) for a page
// of 1,000 EvaluationResults, and reports decisions (action × resource
// evaluations) per second.
func BenchmarkSimulateCustomPolicy(b *testing.B) {
	for _, size := range []struct {
		actions, resources int
		small              bool
	}{{1000, 1, true}, {200, 5, true}, {1000, 1, false}, {200, 5, false}} {
		policies := "large"
		if size.small {
			policies = "small"
		}
		b.Run(fmt.Sprintf("policies=%s,actions=%d,resources=%d", policies, size.actions, size.resources), func(b *testing.B) {
			s := New(acct)
			env := &api.Env{Caller: api.Principal{ARN: rootARN, Account: acct, Type: api.Root}, Account: acct, Now: start, Rand: sim.NewRand(1)}
			var op api.Op
			for _, o := range s.Ops() {
				if o.Name == "iam:SimulateCustomPolicy" {
					op = o
				}
			}
			input := benchInput(size.actions, size.resources, size.small)
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			outBytes := 0
			for b.Loop() {
				_, run, err := op.Prepare(env, input)
				if err != nil {
					b.Fatal(err)
				}
				out, err := run()
				if err != nil {
					b.Fatal(err)
				}
				// The dispatcher (cloud.Account.Call) hands a
				// json.RawMessage over as is; marshalling it again here
				// would measure encoding/json's compaction, not the call.
				raw, ok := out.(json.RawMessage)
				if !ok {
					b.Fatalf("output is a %T, want json.RawMessage", out)
				}
				outBytes = len(raw)
			}
			elapsed := time.Since(start)
			decisions := float64(size.actions*size.resources) * float64(b.N)
			b.ReportMetric(decisions/elapsed.Seconds(), "decisions/s")
			b.ReportMetric(float64(outBytes), "output-bytes")
		})
	}
}

// BenchmarkSimulateIssue7Page measures one page of issue #7's call (five
// policies of 2,000 statements, 1,000 actions), with traces and without:
// the time of a whole call (decode, parse, evaluate, write) and what the
// budget let into the page.
func BenchmarkSimulateIssue7Page(b *testing.B) {
	input, _ := json.Marshal(issue7Input(1000))
	for _, omit := range []bool{false, true} {
		b.Run(fmt.Sprintf("trace=%v", !omit), func(b *testing.B) {
			s := New(acct)
			env := &api.Env{Caller: api.Principal{ARN: rootARN, Account: acct, Type: api.Root}, Account: acct, Now: start, Rand: sim.NewRand(1), OmitTrace: omit}
			var op api.Op
			for _, o := range s.Ops() {
				if o.Name == "iam:SimulateCustomPolicy" {
					op = o
				}
			}
			var raw json.RawMessage
			for b.Loop() {
				_, run, err := op.Prepare(env, input)
				if err != nil {
					b.Fatal(err)
				}
				out, err := run()
				if err != nil {
					b.Fatal(err)
				}
				raw = out.(json.RawMessage)
			}
			var page struct{ EvaluationResults []json.RawMessage }
			json.Unmarshal(raw, &page)
			b.ReportMetric(float64(len(raw)), "page-bytes")
			b.ReportMetric(float64(len(page.EvaluationResults)), "results/page")
		})
	}
}

// BenchmarkSimulateCost measures policy.Set.Cost's unit: evaluating issue
// #7's 10,000 statements for 125 actions without traces, per unit of the
// estimate.
func BenchmarkSimulateCost(b *testing.B) {
	in := issue7Input(1)
	sim := &simulation{policies: in["PolicyInputList"].([]string), actions: []string{"s3:Get0"}}
	set, err := sim.parse(&policy.Set{})
	if err != nil {
		b.Fatal(err)
	}
	req := policy.Request{Principal: policy.Caller{Type: policy.User, Account: acct}, Action: "s3:Get0", Resource: "*"}
	units := set.Cost(&req)
	var tr policy.Tracer
	tr.OmitReasons = true
	for b.Loop() {
		tr.Evaluate(&req, set)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(units), "ns/unit")
}
