package computetest_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecs"
	"cloudplay/core/internal/servicetest"
)

// load loads the built-in scenario id, which must say what it teaches and
// open the containers panel.
func load(t *testing.T, id string) *world {
	t.Helper()
	a, m := servicetest.Builtin(t, id)
	var ui struct{ Panel string }
	json.Unmarshal(m.UI, &ui)
	if ui.Panel != "containers" || len(m.Description) < 100 || m.Name == "" {
		t.Fatalf("%s: ui %s, name %q, description %q", id, m.UI, m.Name, m.Description)
	}
	return worldOf(t, a)
}

func cluster(t *testing.T, v ecs.View, name string) ecs.ClusterView {
	t.Helper()
	for _, c := range v.Clusters {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cluster %s in %+v", name, v)
	return ecs.ClusterView{}
}

// perInstance counts the running tasks of c on each container instance.
func perInstance(c ecs.ClusterView) map[string]int {
	out := map[string]int{}
	for _, in := range c.Instances {
		out[in.ARN] = 0
	}
	for _, tk := range c.Tasks {
		if tk.LastStatus == "RUNNING" {
			out[tk.ContainerInstanceARN]++
		}
	}
	return out
}

func perZone(c ecs.ClusterView) map[string]int {
	out := map[string]int{}
	for _, tk := range c.Tasks {
		if tk.LastStatus == "RUNNING" {
			out[tk.AvailabilityZone]++
		}
	}
	return out
}

// containers-docker-vs-vms: the three containers share one host, with
// room left; the three VMs are three instances that cost more per hour.
func TestScenarioDockerVsVMs(t *testing.T) {
	t.Parallel()
	w := load(t, "containers-docker-vs-vms")
	v := w.a.View()
	c := cluster(t, v.ECS, "docker-host")
	if len(c.Instances) != 1 || len(c.Tasks) != 3 {
		t.Fatalf("cluster %+v", c)
	}
	host := c.Instances[0]
	for _, tk := range c.Tasks {
		if tk.LastStatus != "RUNNING" || tk.ContainerInstanceARN != host.ARN {
			t.Errorf("task %+v, want RUNNING on %s", tk, host.ARN)
		}
	}
	if host.RemainingMemory != host.Memory-2560 || host.RemainingCPU != host.CPU-1280 || host.RemainingMemory <= 0 {
		t.Errorf("host %+v, want 1,280 CPU units and 2,560 MiB taken, room left", host)
	}
	var hostRate, vmRate float64
	vms := 0
	for _, in := range v.EC2.Instances {
		rate := ec2.View{Instances: []ec2.InstanceView{in}}.CostPerSecond() * 3600
		switch {
		case in.ContainerInstanceARN == host.ARN:
			hostRate = rate
		case !in.ECS && in.State == "running":
			vms++
			vmRate += rate
		}
	}
	if vms != 3 || math.Abs(hostRate-0.0416) > 1e-9 || math.Abs(vmRate-0.0624) > 1e-9 {
		t.Errorf("%d VMs at $%.4f/h against the host at $%.4f/h; want 3 at $0.0624 against $0.0416", vms, vmRate, hostRate)
	}
	// The three images were pulled from ECR as the instance role.
	n := 0
	for _, e := range w.events("ecr:BatchGetImage") {
		if e.Error == nil && strings.Contains(e.Caller, "assumed-role/ecsInstanceRole/") && e.InvokedBy == "ec2.amazonaws.com" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d image pulls as the instance role, want 3", n)
	}
}

// ecs-food-delivery: each service runs its desired count, spread over the
// three zones, two orders tasks and one web task on each chef.
func TestScenarioFoodDelivery(t *testing.T) {
	t.Parallel()
	w := load(t, "ecs-food-delivery")
	c := cluster(t, w.a.View().ECS, "food-delivery")
	for _, sv := range c.Services {
		if sv.Running != sv.Desired || sv.Desired == 0 {
			t.Errorf("service %+v", sv)
		}
	}
	if len(c.Services) != 2 || len(c.Instances) != 3 {
		t.Fatalf("services %+v, %d instances", c.Services, len(c.Instances))
	}
	type key struct{ inst, svc string }
	got := map[key]int{}
	for _, tk := range c.Tasks {
		if tk.LastStatus == "RUNNING" {
			got[key{tk.ContainerInstanceARN, tk.Service}]++
		}
	}
	for _, in := range c.Instances {
		if got[key{in.ARN, "orders"}] != 2 || got[key{in.ARN, "web"}] != 1 {
			t.Errorf("%s (%s): %d orders and %d web tasks, want 2 and 1", in.ARN, in.AvailabilityZone, got[key{in.ARN, "orders"}], got[key{in.ARN, "web"}])
		}
	}
	if z := perZone(c); len(z) != 3 {
		t.Errorf("tasks per zone %v", z)
	}
	// Stopping a task: the service replaces it.
	w.call("", "ecs:StopTask", map[string]any{"cluster": "food-delivery", "task": c.Tasks[0].ARN})
	w.advance(30)
	for _, sv := range cluster(t, w.a.View().ECS, "food-delivery").Services {
		if sv.Running != sv.Desired {
			t.Errorf("after a stop, service %+v", sv)
		}
	}
}

// ecs-binpack-vs-spread: binpack fills one instance and leaves two empty;
// spread puts two tasks in each zone; the explanation says why.
func TestScenarioBinpackVsSpread(t *testing.T) {
	t.Parallel()
	w := load(t, "ecs-binpack-vs-spread")
	v := w.a.View().ECS
	bin, spread := cluster(t, v, "binpack"), cluster(t, v, "spread")
	counts := []int{}
	for _, n := range perInstance(bin) {
		counts = append(counts, n)
	}
	full, empty := 0, 0
	for _, n := range counts {
		switch n {
		case 6:
			full++
		case 0:
			empty++
		}
	}
	if full != 1 || empty != 2 {
		t.Errorf("binpack tasks per instance %v, want 6, 0, 0", perInstance(bin))
	}
	for z, n := range perZone(spread) {
		if n != 2 {
			t.Errorf("spread: %d tasks in %s, want 2 in each zone (%v)", n, z, perZone(spread))
		}
	}
	if len(perZone(spread)) != 3 {
		t.Errorf("spread over %v", perZone(spread))
	}
	// The last binpack task: the other two instances were ranked out by
	// binpack(memory) (more memory left than the chosen one).
	last := bin.Tasks[len(bin.Tasks)-1]
	out := w.call("", "cloudplay:ExplainPlacement", map[string]any{"task": last.ARN})
	var ex struct {
		Strategies []string `json:"strategies"`
		Candidates []struct {
			ContainerInstanceArn, Outcome, Strategy string
		} `json:"candidates"`
	}
	b, _ := json.Marshal(out)
	json.Unmarshal(b, &ex)
	outcomes := map[string]int{}
	for _, r := range ex.Candidates {
		outcomes[r.Outcome]++
		if r.Outcome == "ranked out" && r.Strategy != "binpack(memory)" {
			t.Errorf("row %+v", r)
		}
		if r.Outcome == "chosen" && r.ContainerInstanceArn != last.ContainerInstanceARN {
			t.Errorf("the explanation chose %s, the task ran on %s", r.ContainerInstanceArn, last.ContainerInstanceARN)
		}
	}
	if outcomes["chosen"] != 1 || outcomes["ranked out"] != 2 || len(ex.Strategies) != 1 {
		t.Errorf("explanation %s", b)
	}
}

// ecs-too-big: the 6 GiB task fits no instance (RESOURCE:MEMORY), the
// 3 GiB one runs.
func TestScenarioTooBig(t *testing.T) {
	t.Parallel()
	w := load(t, "ecs-too-big")
	c := cluster(t, w.a.View().ECS, "small")
	if len(c.Tasks) != 1 || c.Tasks[0].Group != "family:report-generator-small" || c.Tasks[0].LastStatus != "RUNNING" {
		t.Fatalf("tasks %+v; want only the 3 GiB report running", c.Tasks)
	}
	for _, in := range c.Instances {
		if in.Memory >= 6144 {
			t.Errorf("instance %+v could hold 6 GiB", in)
		}
	}
	r := w.run("", map[string]any{"cluster": "small", "taskDefinition": "report-generator"})
	if len(r.Tasks) != 0 || len(r.Failures) == 0 {
		t.Fatalf("RunTask %+v", r)
	}
	for _, f := range r.Failures {
		if f.Reason != "RESOURCE:MEMORY" {
			t.Errorf("failure %+v, want RESOURCE:MEMORY", f)
		}
	}
}

// fargate-vs-ec2-cost: the instance is paid for the whole day, the
// Fargate tasks for their 8 hours; around the clock Fargate would cost
// more than the full instance.
func TestScenarioFargateVsEC2Cost(t *testing.T) {
	t.Parallel()
	w := load(t, "fargate-vs-ec2-cost")
	now := w.a.Now()
	if day := now - w.a.Start(); day != 24*3600*1000 {
		t.Fatalf("the scenario ends %d ms after its start, want a day", day)
	}
	v := w.a.View()
	ec2Cost := v.EC2.Accrued(now)
	if math.Abs(ec2Cost-0.096*(24*3600-15)/3600) > 1e-6 {
		t.Errorf("EC2 cost $%.4f, want the m5.large's day ($2.30)", ec2Cost)
	}
	fg := cluster(t, v.ECS, "fargate-day")
	var fargate, fullDay float64
	for _, tk := range fg.Tasks {
		if tk.LaunchType != "FARGATE" || tk.LastStatus != "STOPPED" {
			t.Errorf("task %+v", tk)
		}
		fargate += ecs.FargateCharge(tk.Size, tk.PullStarted, tk.Stopped)
		fullDay += ecs.FargateRatePerSecond(tk.Size) * 24 * 3600
	}
	if len(fg.Tasks) != 4 || fargate < 0.78 || fargate > 0.80 {
		t.Errorf("%d Fargate tasks cost $%.4f, want 4 for about $0.79", len(fg.Tasks), fargate)
	}
	if fullDay <= ec2Cost || math.Abs(fullDay-2.36976) > 1e-4 {
		t.Errorf("4 Fargate tasks around the clock: $%.4f, want $2.37, more than the instance's $%.4f", fullDay, ec2Cost)
	}
	// The instance still runs (and costs) with no task on it.
	ec := cluster(t, v.ECS, "ec2-day")
	if ec.Instances[0].RunningTasks != 0 || v.EC2.CostPerSecond() == 0 || v.ECS.FargateCostRate(now) != 0 {
		t.Errorf("at the end: instance %+v, EC2 rate %v, Fargate rate %v", ec.Instances[0], v.EC2.CostPerSecond(), v.ECS.FargateCostRate(now))
	}
}

// ecr-pull-denied: the role may register but not pull; with the pull
// rights added, the same task runs.
func TestScenarioPullDenied(t *testing.T) {
	t.Parallel()
	w := load(t, "ecr-pull-denied")
	c := cluster(t, w.a.View().ECS, "payments")
	if len(c.Instances) != 1 || len(c.Tasks) != 1 {
		t.Fatalf("cluster %+v", c)
	}
	tk := c.Tasks[0]
	if tk.LastStatus != "STOPPED" || !strings.HasPrefix(tk.StoppedReason, "CannotPullContainerError: ") || !strings.HasSuffix(tk.StoppedReason, "403 Forbidden") {
		t.Errorf("task %+v", tk)
	}
	pulls := w.events("ecr:BatchGetImage")
	if len(pulls) != 1 || pulls[0].Error == nil || pulls[0].Error.Code != "AccessDeniedException" || pulls[0].InvokedBy != "ec2.amazonaws.com" {
		t.Errorf("pulls %+v", pulls)
	}
	w.call("", "iam:PutRolePolicy", `{"RoleName":"ecsInstanceRole","PolicyName":"pull","PolicyDocument":`+
		quote(policy(allow("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")))+`}`)
	r := w.run("", map[string]any{"cluster": "payments", "taskDefinition": "payments-api"})
	w.advance(10)
	if got := w.describe("payments", r.Tasks[0].TaskArn); got.LastStatus != "RUNNING" {
		t.Errorf("with pull rights: %+v", got)
	}
}
