package computetest_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/internal/servicetest"
)

const (
	acct     = "123456789012"
	root     = "arn:aws:iam::123456789012:root"
	registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
)

// world is an account the tests drive through the dispatcher only, as the
// learner and the services do.
type world struct {
	t   *testing.T
	a   *cloud.Account
	env *servicetest.Env
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return worldOf(t, cloud.New(cloud.Config{Seed: 1}))
}

// worldOf is a world on the account a (a built-in scenario's, say).
func worldOf(t *testing.T, a *cloud.Account) *world {
	return &world{t: t, a: a, env: &servicetest.Env{T: t, A: a}}
}

// raw makes a call as caller (root when ""); see servicetest.Env.Raw.
func (w *world) raw(caller, op string, in any) ([]byte, error) {
	w.t.Helper()
	return w.env.Raw(caller, op, in)
}

// call makes a call that must succeed and decodes its output.
func (w *world) call(caller, op string, in any) map[string]any {
	w.t.Helper()
	return w.env.CallAs(caller, op, in)
}

// fail makes a call that must fail with code and a message containing
// part; it returns the error.
func (w *world) fail(caller, op string, in any, code, part string) *api.Error {
	w.t.Helper()
	out, err := w.raw(caller, op, in)
	var ae *api.Error
	if !errors.As(err, &ae) {
		w.t.Fatalf("%s: got %s, %v; want %s", op, out, err, code)
	}
	if ae.Code != code || !strings.Contains(ae.Message, part) {
		w.t.Fatalf("%s: got %s: %s\nwant %s: …%s…", op, ae.Code, ae.Message, code, part)
	}
	return ae
}

func (w *world) advance(seconds int64) []api.StepEvent {
	w.t.Helper()
	steps, err := w.a.AdvanceEvents(seconds * 1000)
	if err != nil {
		w.t.Fatal(err)
	}
	return steps
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func policy(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

func allow(actions ...string) string {
	b, _ := json.Marshal(actions)
	return `{"Effect":"Allow","Action":` + string(b) + `,"Resource":"*"}`
}

func deny(actions ...string) string {
	b, _ := json.Marshal(actions)
	return `{"Effect":"Deny","Action":` + string(b) + `,"Resource":"*"}`
}

// role creates a role trusting service with an inline policy and returns
// its ARN.
func (w *world) role(name, service, pol string) string {
	w.t.Helper()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`
	out := w.call("", "iam:CreateRole", `{"RoleName":"`+name+`","AssumeRolePolicyDocument":`+quote(trust)+`}`)
	w.call("", "iam:PutRolePolicy", `{"RoleName":"`+name+`","PolicyName":"p","PolicyDocument":`+quote(pol)+`}`)
	return out["Role"].(map[string]any)["Arn"].(string)
}

// profile creates the instance profile name holding a role trusting EC2
// with pol.
func (w *world) profile(name, pol string) {
	w.t.Helper()
	w.role(name+"Role", "ec2.amazonaws.com", pol)
	w.call("", "iam:CreateInstanceProfile", `{"InstanceProfileName":"`+name+`"}`)
	w.call("", "iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"`+name+`","RoleName":"`+name+`Role"}`)
}

// The container instance role's rights, as AmazonEC2ContainerServiceforEC2Role
// grants them (registration, polling, and the image pull).
var agentActions = []string{"ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:DiscoverPollEndpoint",
	"ecs:Poll", "ecs:StartTelemetrySession", "ecs:Submit*", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
	"ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"}

// userData is what makes the ECS agent join cluster.
func userData(cluster string) string {
	return base64.StdEncoding.EncodeToString([]byte("#!/bin/bash\necho ECS_CLUSTER=" + cluster + " >> /etc/ecs/ecs.config\n"))
}

// launch starts n ECS-optimised instances of typ with profile joining
// cluster, and returns their ids.
func (w *world) launch(typ, profile, cluster string, n int) []string {
	w.t.Helper()
	in := map[string]any{"ImageId": ec2.ECSAMI, "InstanceType": typ, "MinCount": n, "MaxCount": n,
		"IamInstanceProfile": map[string]any{"Name": profile}, "UserData": userData(cluster)}
	out := w.call("", "ec2:RunInstances", in)
	var ids []string
	for _, i := range out["Instances"].([]any) {
		ids = append(ids, i.(map[string]any)["InstanceId"].(string))
	}
	return ids
}

// push pushes the demo image repo (java-app, node-app, mysql) to a new
// repository of that name and returns its image name.
func (w *world) push(repo string) string {
	w.t.Helper()
	w.call("", "ecr:CreateRepository", map[string]any{"repositoryName": repo})
	for _, d := range ecr.Demos() {
		if d.Repository != repo {
			continue
		}
		p := ecr.NewPush(d.Repository, d.Tag, d.Layers, d.Config)
		for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
			out, err := w.raw("", op, in)
			if err := p.Answer(out, err); err != nil {
				w.t.Fatalf("push %s: %v", repo, err)
			}
		}
		return registry + "/" + d.Repository + ":" + d.Tag
	}
	w.t.Fatalf("no demo image %s", repo)
	return ""
}

// taskDef registers family running image with cpu units and mem MiB;
// extra members go into the task definition.
func (w *world) taskDef(family, image string, cpu, mem int, extra map[string]any) string {
	w.t.Helper()
	in := map[string]any{"family": family, "containerDefinitions": []any{map[string]any{"name": "app", "image": image, "cpu": cpu, "memory": mem}}}
	for k, v := range extra {
		in[k] = v
	}
	out := w.call("", "ecs:RegisterTaskDefinition", in)
	return out["taskDefinition"].(map[string]any)["taskDefinitionArn"].(string)
}

type task struct {
	TaskArn              string `json:"taskArn"`
	ContainerInstanceArn string `json:"containerInstanceArn"`
	LastStatus           string `json:"lastStatus"`
	StoppedReason        string `json:"stoppedReason"`
	StopCode             string `json:"stopCode"`
	AvailabilityZone     string `json:"availabilityZone"`
}

type runOut struct {
	Tasks    []task `json:"tasks"`
	Failures []struct {
		Arn    string `json:"arn"`
		Reason string `json:"reason"`
	} `json:"failures"`
}

func (w *world) run(caller string, in map[string]any) runOut {
	w.t.Helper()
	out, err := w.raw(caller, "ecs:RunTask", in)
	if err != nil {
		w.t.Fatalf("RunTask: %v", err)
	}
	var r runOut
	if err := json.Unmarshal(out, &r); err != nil {
		w.t.Fatal(err)
	}
	return r
}

// describe returns the task arn in cluster as DescribeTasks answers.
func (w *world) describe(cluster, arn string) task {
	w.t.Helper()
	out, err := w.raw("", "ecs:DescribeTasks", map[string]any{"cluster": cluster, "tasks": []string{arn}})
	if err != nil {
		w.t.Fatal(err)
	}
	var r struct{ Tasks []task }
	json.Unmarshal(out, &r)
	if len(r.Tasks) != 1 {
		w.t.Fatalf("DescribeTasks %s: %s", arn, out)
	}
	return r.Tasks[0]
}

// events returns the logged calls of op.
func (w *world) events(op string) []cloud.Event {
	var out []cloud.Event
	for _, e := range w.a.Events() {
		if e.Op == op {
			out = append(out, e)
		}
	}
	return out
}
