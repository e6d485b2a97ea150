package main

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecr"
)

// The model behind the Containers panel (containerspanel.go): the inputs
// of the operations its forms make, and what it reads back from their
// answers. Plain functions, tested natively; the engine decides, the
// panel only asks (refusals and failures are the engine's).

// The container instance role and profile the panel offers to create,
// named as the ECS console names them
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html).
const (
	ECSInstanceRole = "ecsInstanceRole"
	// ECSInstancePolicyARN is the AWS managed policy for it, in the
	// playground's catalog (core/iam/managed).
	ECSInstancePolicyARN = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
)

// ECSInstanceTrust is the role's trust policy: EC2 may assume it.
const ECSInstanceTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// RunTaskMax is the most tasks one RunTask starts
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html: count, "You can specify up to 10 tasks for each call").
const RunTaskMax = 10

// MaxTray bounds the unplaced tray: the playground's own choice (the
// newest failures stay readable; older ones are dropped first).
const MaxTray = 40

// Step is one call of a sequence the panel makes (the instance role, a
// docker push).
type Step struct {
	Op    string
	Input []byte
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v) // maps of strings, numbers and slices: cannot fail
	return b
}

// InstanceRoleSteps are the calls that create the container instance role
// and its instance profile, as a learner would make them: the role with
// its trust policy for ec2.amazonaws.com, the managed policy attached,
// the profile, the role added to it.
func InstanceRoleSteps(v cloud.View) []Step {
	var out []Step
	hasRole, hasProfile, linked := false, false, false
	for _, r := range v.IAM.Roles {
		hasRole = hasRole || r.Name == ECSInstanceRole
	}
	for _, p := range v.IAM.InstanceProfiles {
		if p.Name == ECSInstanceRole {
			hasProfile, linked = true, p.Role != ""
		}
	}
	if !hasRole {
		out = append(out, Step{"iam:CreateRole", mustJSON(map[string]string{"RoleName": ECSInstanceRole, "AssumeRolePolicyDocument": ECSInstanceTrust,
			"Description": "Lets the ECS agent on EC2 instances join clusters and pull images"})},
			Step{"iam:AttachRolePolicy", mustJSON(map[string]string{"RoleName": ECSInstanceRole, "PolicyArn": ECSInstancePolicyARN})})
	}
	if !hasProfile {
		out = append(out, Step{"iam:CreateInstanceProfile", mustJSON(map[string]string{"InstanceProfileName": ECSInstanceRole})})
	}
	if !linked {
		out = append(out, Step{"iam:AddRoleToInstanceProfile", mustJSON(map[string]string{"InstanceProfileName": ECSInstanceRole, "RoleName": ECSInstanceRole})})
	}
	return out
}

// HasInstanceProfile reports whether the account has the container
// instance profile with a role in it.
func HasInstanceProfile(v cloud.View) bool {
	for _, p := range v.IAM.InstanceProfiles {
		if p.Name == ECSInstanceRole && p.Role != "" {
			return true
		}
	}
	return false
}

// ECSUserData is the user data that makes the ECS agent join cluster, as
// RunInstances takes it (base64)
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_container_instance.html).
func ECSUserData(cluster string) string {
	return base64.StdEncoding.EncodeToString([]byte("#!/bin/bash\necho ECS_CLUSTER=" + cluster + " >> /etc/ecs/ecs.config\n"))
}

// LaunchForm is the "launch EC2 instances" form as typed.
type LaunchForm struct {
	Cluster, Type, Count, Zone string
	Profile                    bool // launch with the ecsInstanceRole profile
}

// RunInstancesInput is ec2:RunInstances for f: the ECS-optimised image,
// the cluster in the user data, the zone's default subnet ("" leaves the
// choice to EC2). A count that is not a number is sent as it is typed,
// for EC2 to refuse.
func RunInstancesInput(v ec2.View, f LaunchForm) []byte {
	in := map[string]any{"ImageId": ec2.ECSAMI, "InstanceType": f.Type, "UserData": ECSUserData(f.Cluster)}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Count)); err == nil {
		in["MinCount"], in["MaxCount"] = n, n
	} else {
		in["MinCount"], in["MaxCount"] = f.Count, f.Count
	}
	for _, s := range v.Subnets {
		if s.Zone == f.Zone {
			in["SubnetId"] = s.ID
		}
	}
	if f.Profile {
		in["IamInstanceProfile"] = map[string]string{"Name": ECSInstanceRole}
	}
	return mustJSON(in)
}

// TaskDefForm is the "register a task definition" form as typed.
type TaskDefForm struct {
	Family, CPU, Memory, Image, Port, LaunchType string
}

// RegisterTaskDefinitionInput is ecs:RegisterTaskDefinition for f: one
// essential container named after the family. On Fargate the task is
// awsvpc with task-level cpu and memory (required there); on EC2 bridge
// networking, the port mapped to the same host port (so two tasks with
// a port cannot share an instance: RESOURCE:PORTS).
func RegisterTaskDefinitionInput(f TaskDefForm) []byte {
	c := map[string]any{"name": f.Family, "image": f.Image, "essential": true}
	if p := strings.TrimSpace(f.Port); p != "" {
		n, err := strconv.Atoi(p)
		m := map[string]any{"containerPort": p, "protocol": "tcp"}
		if err == nil {
			m["containerPort"] = n
			if f.LaunchType != "FARGATE" {
				m["hostPort"] = n
			}
		}
		c["portMappings"] = []any{m}
	}
	in := map[string]any{"family": f.Family, "containerDefinitions": []any{c}}
	if cpu := strings.TrimSpace(f.CPU); cpu != "" {
		in["cpu"] = cpu
	}
	if mem := strings.TrimSpace(f.Memory); mem != "" {
		in["memory"] = mem
	}
	if f.LaunchType == "FARGATE" {
		in["networkMode"] = "awsvpc"
		in["requiresCompatibilities"] = []string{"FARGATE"}
	} else {
		in["networkMode"] = "bridge"
		in["requiresCompatibilities"] = []string{"EC2"}
	}
	return mustJSON(in)
}

// RunForm is the "run task" form as typed.
type RunForm struct {
	Cluster, TaskDefinition, Count, LaunchType, Strategy, Constraint, Expression string
}

// Strategies the form offers, as the ECS console's templates name them
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html).
var Strategies = []struct{ Value, Label string }{
	{"binpack", "binpack (memory)"},
	{"spread", "spread (zone)"},
	{"spread-binpack", "spread (zone), then binpack (memory)"},
	{"random", "random"},
	{"", "none"},
}

func strategyOf(name string) []map[string]string {
	binpack := map[string]string{"type": "binpack", "field": "memory"}
	spread := map[string]string{"type": "spread", "field": "attribute:ecs.availability-zone"}
	switch name {
	case "binpack":
		return []map[string]string{binpack}
	case "spread":
		return []map[string]string{spread}
	case "spread-binpack":
		return []map[string]string{spread, binpack}
	case "random":
		return []map[string]string{{"type": "random"}}
	}
	return nil
}

// RunTaskInput is ecs:RunTask for f. Fargate tasks get the default
// subnets (awsvpc needs them) and neither strategy nor constraint, which
// Fargate refuses.
func RunTaskInput(v ec2.View, f RunForm) []byte {
	in := map[string]any{"cluster": f.Cluster, "taskDefinition": strings.TrimSpace(f.TaskDefinition), "launchType": f.LaunchType}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Count)); err == nil {
		in["count"] = n
	} else {
		in["count"] = f.Count
	}
	if f.LaunchType == "FARGATE" {
		subnets := make([]string, 0, len(v.Subnets))
		for _, s := range v.Subnets {
			subnets = append(subnets, s.ID)
		}
		in["networkConfiguration"] = map[string]any{"awsvpcConfiguration": map[string]any{"subnets": subnets, "assignPublicIp": "ENABLED"}}
		return mustJSON(in)
	}
	if s := strategyOf(f.Strategy); s != nil {
		in["placementStrategy"] = s
	}
	switch f.Constraint {
	case "distinctInstance":
		in["placementConstraints"] = []any{map[string]string{"type": "distinctInstance"}}
	case "memberOf":
		in["placementConstraints"] = []any{map[string]string{"type": "memberOf", "expression": f.Expression}}
	}
	return mustJSON(in)
}

// ServiceInput is ecs:CreateService (or, when exists, ecs:UpdateService)
// for a service of desired tasks.
func ServiceInput(v ec2.View, cluster, name, taskDef, desired, launchType string, exists bool) (op string, input []byte) {
	in := map[string]any{"cluster": cluster}
	if n, err := strconv.Atoi(strings.TrimSpace(desired)); err == nil {
		in["desiredCount"] = n
	} else {
		in["desiredCount"] = desired
	}
	if td := strings.TrimSpace(taskDef); td != "" {
		in["taskDefinition"] = td
	}
	if exists {
		in["service"] = name
		return "ecs:UpdateService", mustJSON(in)
	}
	in["serviceName"] = name
	in["launchType"] = launchType
	if launchType == "FARGATE" {
		subnets := make([]string, 0, len(v.Subnets))
		for _, s := range v.Subnets {
			subnets = append(subnets, s.ID)
		}
		in["networkConfiguration"] = map[string]any{"awsvpcConfiguration": map[string]any{"subnets": subnets}}
	}
	return "ecs:CreateService", mustJSON(in)
}

// Unplaced is a task RunTask could not place: AWS's reason (RESOURCE:MEMORY,
// …) and what was asked.
type Unplaced struct {
	Reason, Detail, Arn string
	What                string // "web ×3 (binpack)" — the run it came from
}

// RunFailures reads RunTask's failures out of its answer.
func RunFailures(out []byte, what string) []Unplaced {
	var ans struct {
		Failures []struct{ Arn, Reason, Detail string }
	}
	if json.Unmarshal(out, &ans) != nil {
		return nil
	}
	fs := make([]Unplaced, 0, len(ans.Failures))
	for _, f := range ans.Failures {
		fs = append(fs, Unplaced{Reason: f.Reason, Detail: f.Detail, Arn: f.Arn, What: what})
	}
	return fs
}

// AddToTray puts fs at the front of the tray, keeping MaxTray.
func AddToTray(tray, fs []Unplaced) []Unplaced {
	out := append(append(make([]Unplaced, 0, len(fs)+len(tray)), fs...), tray...)
	return out[:min(len(out), MaxTray)]
}

// Explanation is cloudplay:ExplainPlacement's answer as the panel shows it.
type Explanation struct {
	Task, LaunchType, Chosen, Note, TieBreak string
	Requirements                             struct {
		CPU, Memory int64
		Group       string
	}
	Constraints, Strategies []string
	TiedCandidates          int
	Candidates              []struct {
		ContainerInstanceArn, Ec2InstanceID, AvailabilityZone string
		RemainingCPU, RemainingMemory                         int64
		Outcome, Filter, Reason, Strategy, Value              string
	}
	PlacedIn struct{ Subnet, AvailabilityZone string }
}

// ParseExplanation reads ExplainPlacement's answer.
func ParseExplanation(out []byte) (Explanation, bool) {
	var e Explanation
	return e, json.Unmarshal(out, &e) == nil && e.Task != ""
}

// ShortARN is the last part of an ARN ("…/9f3c"), for tables.
func ShortARN(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

// PushSummary says what a finished docker push of d into repo did: the
// blobs it uploaded and those the repository already held (a base layer
// shared with an image pushed before).
func PushSummary(repo string, d ecr.Demo, p *ecr.Push) string {
	total := len(d.Layers) + 1 // and the config blob
	present := len(p.Present())
	s := "Pushed " + repo + ":" + d.Repository + ": uploaded " + strconv.Itoa(total-present) + " of " + strconv.Itoa(total) + " blobs (layers and config); "
	if present == 0 {
		return s + "no layer was there yet."
	}
	return s + strconv.Itoa(present) + " already there, shared with an image pushed before: docker checks with BatchCheckLayerAvailability and skips them."
}

// short8 is the first 8 characters of ShortARN: enough to tell tasks
// and instances apart in a list.
func short8(arn string) string {
	s := ShortARN(arn)
	return s[:min(len(s), 8)]
}
