package ecs_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func (e *tenv) describe(task string) map[string]any {
	e.T.Helper()
	out := e.Call("ecs:DescribeTasks", map[string]any{"tasks": []string{task}})
	ts := out["tasks"].([]any)
	if len(ts) != 1 {
		e.T.Fatalf("DescribeTasks: %v", out)
	}
	return ts[0].(map[string]any)
}

func TestEC2TaskLifecycleAndStop(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	inst := e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
	e.taskDef("web", 512, 1024, nil)
	task := e.run(map[string]any{"taskDefinition": "web"}).Tasks[0].TaskArn
	if s := e.describe(task)["lastStatus"]; s != "PENDING" {
		t.Fatalf("lastStatus %v, want PENDING", s)
	}
	e.A.Advance(10_000)
	d := e.describe(task)
	if d["lastStatus"] != "RUNNING" || d["pullStartedAt"] == nil {
		t.Fatalf("after 10 s: %v", d)
	}
	ci := e.Call("ecs:DescribeContainerInstances", map[string]any{"containerInstances": []string{inst}})["containerInstances"].([]any)[0].(map[string]any)
	rem := ci["remainingResources"].([]any)
	if cpu := rem[0].(map[string]any)["integerValue"].(float64); cpu != 2048-512 {
		t.Fatalf("remaining CPU %v, want 1536", cpu)
	}
	e.Call("ecs:StopTask", map[string]any{"task": task, "reason": "done"})
	if s := e.describe(task)["lastStatus"]; s != "STOPPING" {
		t.Fatalf("lastStatus %v, want STOPPING", s)
	}
	e.A.Advance(10_000)
	d = e.describe(task)
	if d["lastStatus"] != "STOPPED" || d["stoppedReason"] != "done" || d["stopCode"] != "UserInitiated" {
		t.Fatalf("after stop: %v", d)
	}
	ci = e.Call("ecs:DescribeContainerInstances", map[string]any{"containerInstances": []string{inst}})["containerInstances"].([]any)[0].(map[string]any)
	if cpu := ci["remainingResources"].([]any)[0].(map[string]any)["integerValue"].(float64); cpu != 2048 {
		t.Fatalf("remaining CPU %v after stop, want 2048", cpu)
	}
}

func TestECRPullWithoutCredentialsStopsTask(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
	e.Call("ecs:RegisterTaskDefinition", map[string]any{"family": "app", "containerDefinitions": []any{map[string]any{
		"name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1", "memory": 256}}})
	task := e.run(map[string]any{"taskDefinition": "app"}).Tasks[0].TaskArn
	e.A.Advance(20_000)
	d := e.describe(task)
	reason, _ := d["stoppedReason"].(string)
	if d["lastStatus"] != "STOPPED" || d["stopCode"] != "TaskFailedToStart" || !strings.HasPrefix(reason, "CannotPullContainerError: ") || !strings.Contains(reason, "no basic auth credentials") {
		t.Fatalf("got %v", d)
	}
}

func TestFargateTaskDefinitionRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	base := func(extra map[string]any) map[string]any {
		in := map[string]any{"family": "f", "requiresCompatibilities": []string{"FARGATE"}, "networkMode": "awsvpc", "cpu": "256", "memory": "512",
			"containerDefinitions": []any{map[string]any{"name": "app", "image": "nginx:latest"}}}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}
	e.Fail("ecs:RegisterTaskDefinition", base(map[string]any{"memory": "4096"}), "ClientException", "No Fargate configuration exists for given values: 256 CPU, 4096 memory.")
	e.Fail("ecs:RegisterTaskDefinition", base(map[string]any{"networkMode": "bridge"}), "ClientException", "Fargate only supports network mode 'awsvpc'.")
	e.Fail("ecs:RegisterTaskDefinition", base(map[string]any{"cpu": ""}), "ClientException", "Fargate requires that 'cpu' be defined at the task level.")
	e.Fail("ecs:RegisterTaskDefinition", base(map[string]any{"ephemeralStorage": map[string]any{"sizeInGiB": 201}}), "ClientException", "Invalid 'ephemeralStorage.sizeInGiB'")
	e.Fail("ecs:RegisterTaskDefinition", base(map[string]any{"containerDefinitions": []any{map[string]any{"name": "a", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/a"}}}),
		"ClientException", "Fargate requires task definition to have execution role ARN to support ECR images.")
	td := e.Call("ecs:RegisterTaskDefinition", base(map[string]any{"cpu": "1 vCPU", "memory": "2 GB"}))["taskDefinition"].(map[string]any)
	if td["cpu"] != "1024" || td["memory"] != "2048" {
		t.Fatalf("cpu %v memory %v, want 1024 and 2048", td["cpu"], td["memory"])
	}
	e.Call("ecs:CreateCluster", map[string]any{})
	e.Fail("ecs:RunTask", map[string]any{"taskDefinition": "f", "launchType": "FARGATE"}, "InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.")
	e.Fail("ecs:RunTask", map[string]any{"taskDefinition": "f", "launchType": "FARGATE", "placementStrategy": []any{map[string]any{"type": "random"}},
		"networkConfiguration": map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []string{"subnet-0123456789abcdef0"}}}}, "InvalidParameterException", "Task placement constraints and strategies are not supported")
}

func TestFargateRunsAndBills(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	e.Call("ecs:RegisterTaskDefinition", map[string]any{"family": "f", "requiresCompatibilities": []string{"FARGATE"}, "networkMode": "awsvpc",
		"cpu": "1024", "memory": "2048", "containerDefinitions": []any{map[string]any{"name": "app", "image": "nginx:latest"}}})
	// Two of the account's default subnets (ECS checks them with EC2).
	subs := e.Call("ec2:DescribeSubnets", map[string]any{})["Subnets"].([]any)
	subnet := func(i int) string { return subs[i].(map[string]any)["SubnetId"].(string) }
	r := e.run(map[string]any{"taskDefinition": "f", "launchType": "FARGATE", "count": 4,
		"networkConfiguration": map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []string{subnet(0), subnet(1)}}}})
	if len(r.Tasks) != 4 || r.Tasks[0].LastStatus != "PROVISIONING" {
		t.Fatalf("got %+v", r)
	}
	e.A.Advance(60_000)
	v := e.A.View().ECS
	running := 0
	for _, tk := range v.Clusters[0].Tasks {
		if tk.LastStatus == "RUNNING" {
			running++
		}
	}
	if running != 4 {
		t.Fatalf("%d running after a minute", running)
	}
	rate := v.FargateCostRate(e.A.Now())
	want := 4 * (0.04048 + 2*0.004445) / 3600
	if rate < want*0.999 || rate > want*1.001 {
		t.Fatalf("rate %v, want %v", rate, want)
	}
}

func TestServiceKeepsDesiredCountAndReplaces(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		e.instance("default", i+1, "m5.large", az, 2048, 7680)
	}
	e.taskDef("web", 256, 512, nil)
	e.Call("ecs:CreateService", map[string]any{"serviceName": "web", "taskDefinition": "web", "desiredCount": 6})
	e.A.Advance(30_000)
	sv := e.Call("ecs:DescribeServices", map[string]any{"services": []string{"web"}})["services"].([]any)[0].(map[string]any)
	if sv["runningCount"].(float64) != 6 {
		t.Fatalf("running %v, want 6: %v", sv["runningCount"], sv["events"])
	}
	zones := map[string]int{}
	for _, tk := range e.A.View().ECS.Clusters[0].Tasks {
		zones[tk.AvailabilityZone]++
	}
	if zones["us-east-1a"] != 2 || zones["us-east-1b"] != 2 || zones["us-east-1c"] != 2 {
		t.Fatalf("default spread gave %v", zones)
	}
	list := e.Call("ecs:ListTasks", map[string]any{"serviceName": "web"})["taskArns"].([]any)
	e.Call("ecs:StopTask", map[string]any{"task": list[0]})
	e.A.Advance(30_000)
	sv = e.Call("ecs:DescribeServices", map[string]any{"services": []string{"web"}})["services"].([]any)[0].(map[string]any)
	if sv["runningCount"].(float64) != 6 {
		t.Fatalf("after a stop, running %v, want 6", sv["runningCount"])
	}
	e.Fail("ecs:DeleteService", map[string]any{"service": "web"}, "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.")
	e.Call("ecs:UpdateService", map[string]any{"service": "web", "desiredCount": 0})
	e.A.Advance(30_000)
	if n := len(e.Call("ecs:ListTasks", map[string]any{"serviceName": "web"})["taskArns"].([]any)); n != 0 {
		t.Fatalf("%d tasks after scaling to 0", n)
	}
	e.Fail("ecs:CreateService", map[string]any{"serviceName": "big", "taskDefinition": "web", "desiredCount": 5001}, "InvalidParameterException", "desiredCount must be from 0 to 5000")
}

func TestExplainPlacement(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	small := e.instance("default", 1, "t3.small", "us-east-1a", 2048, 1900)
	a := e.instance("default", 2, "m5.large", "us-east-1b", 2048, 7680)
	b := e.instance("default", 3, "m5.large", "us-east-1c", 2048, 7680)
	e.taskDef("web", 256, 2048, nil)
	first := e.run(map[string]any{"taskDefinition": "web", "placementStrategy": []any{map[string]any{"type": "binpack", "field": "memory"}}}).Tasks[0]
	second := e.run(map[string]any{"taskDefinition": "web", "placementStrategy": []any{map[string]any{"type": "binpack", "field": "memory"}}}).Tasks[0]
	if second.ContainerInstanceArn != first.ContainerInstanceArn {
		t.Fatalf("binpack put the second task on %s, the first on %s", second.ContainerInstanceArn, first.ContainerInstanceArn)
	}
	out, err := e.Raw("", "cloudplay:ExplainPlacement", map[string]any{"task": second.TaskArn})
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Chosen     string
		Candidates []struct {
			ContainerInstanceArn, Outcome, Filter, Reason, Strategy, Value string
		}
	}
	json.Unmarshal(out, &ex)
	if ex.Chosen != first.ContainerInstanceArn || len(ex.Candidates) != 3 {
		t.Fatalf("got %s", out)
	}
	other := a
	if first.ContainerInstanceArn == a {
		other = b
	}
	for _, c := range ex.Candidates {
		switch c.ContainerInstanceArn {
		case small:
			if c.Outcome != "filtered" || c.Reason != "RESOURCE:MEMORY" {
				t.Errorf("small instance: %+v", c)
			}
		case other:
			if c.Outcome != "ranked out" || c.Strategy != "binpack(memory)" || c.Value != "7680 (best 5632)" {
				t.Errorf("other instance: %+v", c)
			}
		case first.ContainerInstanceArn:
			if c.Outcome != "chosen" {
				t.Errorf("chosen instance: %+v", c)
			}
		}
	}
}

func TestRunTaskWithRoleNeedsPassRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
	e.Call("iam:CreateUser", map[string]any{"UserName": "bob"})
	e.Call("iam:PutUserPolicy", map[string]any{"UserName": "bob", "PolicyName": "run",
		"PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}]}`})
	e.taskDef("web", 256, 512, map[string]any{"taskRoleArn": "arn:aws:iam::123456789012:role/app"})
	bob := "arn:aws:iam::123456789012:user/bob"
	_, err := e.Raw(bob, "ecs:RunTask", map[string]any{"taskDefinition": "web"})
	if err == nil || !strings.Contains(err.Error(), "iam:PassRole") {
		t.Fatalf("got %v, want an access denial naming iam:PassRole", err)
	}
	if n := len(e.A.View().ECS.Clusters[0].Tasks); n != 0 {
		t.Fatalf("the denied call started %d tasks", n)
	}
	e.taskDef("plain", 256, 512, nil)
	if _, err := e.Raw(bob, "ecs:RunTask", map[string]any{"taskDefinition": "plain"}); err != nil {
		t.Fatalf("RunTask without a role: %v", err)
	}
}

// A service of 5,000 tasks on 1,000 instances starts in slices of 500 a
// second apart, so no pass of the scheduler (and no frame of
// the page that runs it) places them all at once; the running count grows
// to the desired count.
func TestLargeServiceStartsInSlices(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	for i := range 1000 {
		e.instance("default", i+1, "m5.large", zones[i%3], 2048, 7680)
	}
	e.taskDef("web", 256, 512, nil)
	e.Call("ecs:CreateService", map[string]any{"serviceName": "web", "taskDefinition": "web", "desiredCount": 5000})
	started := func() int { return len(e.A.View().ECS.Clusters[0].Tasks) }
	e.A.Advance(1)
	if n := started(); n != 500 {
		t.Fatalf("the first pass started %d tasks, want 500 (a slice)", n)
	}
	e.A.Advance(2000)
	if n := started(); n <= 500 || n >= 5000 {
		t.Fatalf("2 s later %d tasks were started, want more than one slice and fewer than all", n)
	}
	e.A.Advance(60_000)
	sv := e.Call("ecs:DescribeServices", map[string]any{"services": []string{"web"}})["services"].([]any)[0].(map[string]any)
	if sv["runningCount"].(float64) != 5000 {
		t.Fatalf("running %v, want 5000", sv["runningCount"])
	}
}
