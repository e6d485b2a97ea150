package main

import (
	"strings"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
	"cloudplay/wasm/internal/cluster"
	"cloudplay/wasm/internal/testacct"
)

// call makes op as root, failing t on an error.
func rootCall(t *testing.T, a *cloud.Account, op string, input []byte) []byte {
	t.Helper()
	out, err := a.Call(a.RootARN(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return out
}

// instanceRole runs the panel's instance role steps as root.
func instanceRole(t *testing.T, a *cloud.Account) {
	t.Helper()
	for _, st := range InstanceRoleSteps(a.View()) {
		rootCall(t, a, st.Op, st.Input)
	}
	for _, r := range a.View().IAM.Roles {
		if r.Name == ECSInstanceRole && (len(r.Attached) != 1 || r.Attached[0] != ECSInstancePolicyARN || len(r.Inline) != 0) {
			t.Errorf("%s has attached %v and inline %v; want the AWS managed policy attached, nothing inline", r.Name, r.Attached, r.Inline)
		}
	}
	if !HasInstanceProfile(a.View()) {
		t.Fatal("no instance profile after the steps")
	}
	if steps := InstanceRoleSteps(a.View()); len(steps) != 0 {
		t.Errorf("steps left after making them: %v", steps)
	}
}

// clusterWithInstances makes cluster "demo" with two t3.medium instances
// joined, through the operations the panel makes.
func clusterWithInstances(t *testing.T) *cloud.Account {
	t.Helper()
	a := testacct.Builtin(t, "empty")
	instanceRole(t, a)
	rootCall(t, a, "ecs:CreateCluster", []byte(`{"clusterName":"demo"}`))
	rootCall(t, a, "ec2:RunInstances", RunInstancesInput(a.View().EC2, LaunchForm{Cluster: "demo", Type: "t3.medium", Count: "2", Zone: "us-east-1a", Profile: true}))
	if err := a.Advance(120_000); err != nil {
		t.Fatal(err)
	}
	v := a.View()
	if len(v.ECS.Clusters) != 1 || len(v.ECS.Clusters[0].Instances) != 2 {
		t.Fatalf("the instances did not join demo: %+v", v.ECS)
	}
	return a
}

func TestContainersBinpackFillsOneInstanceFirst(t *testing.T) {
	t.Parallel()
	a := clusterWithInstances(t)
	rootCall(t, a, "ecs:RegisterTaskDefinition", RegisterTaskDefinitionInput(TaskDefForm{Family: "web", CPU: "256", Memory: "512", Image: "nginx:latest", LaunchType: "EC2"}))
	out := rootCall(t, a, "ecs:RunTask", RunTaskInput(a.View().EC2, RunForm{Cluster: "demo", TaskDefinition: "web", Count: "3", LaunchType: "EC2", Strategy: "binpack"}))
	if fs := RunFailures(out, ""); len(fs) != 0 {
		t.Fatalf("failures: %+v", fs)
	}
	s := cluster.Build(a.View().ECS.Clusters[0], 800)
	if len(s.Chips) != 3 {
		t.Fatalf("chips = %d, want 3", len(s.Chips))
	}
	for _, c := range s.Chips {
		if c.Box != s.Chips[0].Box {
			t.Errorf("binpack put tasks on boxes %d and %d; want one instance filled first", s.Chips[0].Box, c.Box)
		}
	}
	// The explanation of a task names the chosen instance and says why
	// the other was ranked out.
	ex, ok := ParseExplanation(rootCall(t, a, "cloudplay:ExplainPlacement", mustJSON(map[string]string{"task": s.Chips[2].Task})))
	if !ok || len(ex.Candidates) != 2 {
		t.Fatalf("explanation = %+v", ex)
	}
	outcomes := ex.Candidates[0].Outcome + "," + ex.Candidates[1].Outcome
	if !strings.Contains(outcomes, "chosen") || !strings.Contains(outcomes, "ranked out") {
		t.Errorf("outcomes = %s, want one chosen and one ranked out by binpack", outcomes)
	}
}

func TestContainersTooBigGoesToTheTray(t *testing.T) {
	t.Parallel()
	a := clusterWithInstances(t)
	rootCall(t, a, "ecs:RegisterTaskDefinition", RegisterTaskDefinitionInput(TaskDefForm{Family: "huge", CPU: "256", Memory: "30000", Image: "mysql:8", LaunchType: "EC2"}))
	out := rootCall(t, a, "ecs:RunTask", RunTaskInput(a.View().EC2, RunForm{Cluster: "demo", TaskDefinition: "huge", Count: "1", LaunchType: "EC2", Strategy: "spread"}))
	fs := RunFailures(out, "huge ×1")
	if len(fs) != 2 {
		t.Fatalf("failures = %+v, want one per container instance (AWS names the instance each failed on)", fs)
	}
	for _, f := range fs {
		if f.Reason != "RESOURCE:MEMORY" || !strings.Contains(f.Arn, ":container-instance/demo/") {
			t.Errorf("failure %+v, want RESOURCE:MEMORY on a container instance", f)
		}
	}
	tray := AddToTray(nil, fs)
	for range MaxTray {
		tray = AddToTray(tray, fs)
	}
	if len(tray) != MaxTray || tray[0].What != "huge ×1" {
		t.Errorf("tray = %d entries, first %+v; want %d, newest first", len(tray), tray[0], MaxTray)
	}
}

func TestContainersFargateTaskInItsLane(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "empty")
	rootCall(t, a, "ecs:CreateCluster", []byte(`{"clusterName":"demo"}`))
	rootCall(t, a, "ecs:RegisterTaskDefinition", RegisterTaskDefinitionInput(TaskDefForm{Family: "api", CPU: "256", Memory: "512", Image: "nginx:latest", Port: "80", LaunchType: "FARGATE"}))
	out := rootCall(t, a, "ecs:RunTask", RunTaskInput(a.View().EC2, RunForm{Cluster: "demo", TaskDefinition: "api", Count: "2", LaunchType: "FARGATE", Strategy: "binpack", Constraint: "distinctInstance"}))
	if fs := RunFailures(out, ""); len(fs) != 0 {
		t.Fatalf("failures: %+v", fs)
	}
	if err := a.Advance(60_000); err != nil {
		t.Fatal(err)
	}
	v := a.View()
	s := cluster.Build(v.ECS.Clusters[0], 800)
	if len(s.Chips) != 2 || s.Chips[0].Box != -1 || s.Chips[1].Box != -1 {
		t.Fatalf("chips = %+v, want two Fargate tasks in the lane", s.Chips)
	}
	k := cluster.CostAt(v.EC2, v.ECS, v.Now)
	if k.FargatePerSec <= 0 || k.EC2PerSecond != 0 {
		t.Errorf("meter = %+v, want Fargate billing and no EC2", k)
	}
	// A service: created, then updated.
	op, in := ServiceInput(v.EC2, "demo", "api-svc", "api", "3", "FARGATE", false)
	rootCall(t, a, op, in)
	op, in = ServiceInput(v.EC2, "demo", "api-svc", "", "1", "FARGATE", true)
	if op != "ecs:UpdateService" {
		t.Fatalf("op = %s", op)
	}
	rootCall(t, a, op, in)
	if svc := a.View().ECS.Clusters[0].Services; len(svc) != 1 || svc[0].Desired != 1 {
		t.Errorf("services = %+v, want api-svc desiring 1", svc)
	}
}

// The panel's docker push runs the real sequence: the second image on the
// same base, pushed to the same repository, uploads only its own layers.
func TestContainersDockerPush(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "empty")
	rootCall(t, a, "ecr:CreateRepository", []byte(`{"repositoryName":"apps"}`))
	for i, d := range ecr.Demos()[:2] {
		var ops []string
		p := ecr.NewPush("apps", d.Repository, d.Layers, d.Config)
		for {
			op, in, ok := p.Next()
			if !ok {
				break
			}
			ops = append(ops, op)
			out, err := a.Call(a.RootARN(), op, in)
			if err := p.Answer(out, err); err != nil {
				t.Fatal(err)
			}
		}
		if ops[len(ops)-1] != "ecr:PutImage" {
			t.Errorf("push %d ended with %s", i, ops[len(ops)-1])
		}
		sum := PushSummary("apps", d, p)
		want := "no layer was there yet"
		if i == 1 {
			want = "1 already there"
		}
		if !strings.Contains(sum, "apps:"+d.Repository) || !strings.Contains(sum, want) {
			t.Errorf("push %d: summary %q, want it to name apps:%s and say %q", i, sum, d.Repository, want)
		}
	}
}
