package computetest_test

import (
	"strings"
	"testing"

	"cloudplay/core/compute/ec2"
)

// joined launches one m5.large with a profile whose role may do what the
// ECS agent does, into cluster, and waits until it is running.
func joined(t *testing.T, cluster string) (*world, string) {
	w := newWorld(t)
	w.call("", "ecs:CreateCluster", map[string]any{"clusterName": cluster})
	w.profile("ecsInstance", policy(allow(agentActions...)))
	id := w.launch("m5.large", "ecsInstance", cluster, 1)[0]
	w.advance(ec2.PendingMillis / 1000)
	return w, id
}

// An ECS-optimised instance whose role may register joins the cluster its
// user data names, with the CPU and the memory the agent registers (less
// than the instance has), in its zone; EC2's view shows the link.
func TestInstanceJoinsItsCluster(t *testing.T) {
	t.Parallel()
	w, id := joined(t, "food")
	v := w.a.View()
	if len(v.ECS.Clusters) != 1 || len(v.ECS.Clusters[0].Instances) != 1 {
		t.Fatalf("ECS view %+v", v.ECS)
	}
	ci, in := v.ECS.Clusters[0].Instances[0], v.EC2.Instances[0]
	typ, _ := ec2.LookupType("m5.large")
	wantMem := int64(ec2.RegisteredMemoryMiB(typ))
	if ci.EC2InstanceID != id || ci.CPU != 2048 || ci.Memory != wantMem || wantMem >= int64(typ.MemoryMiB) ||
		ci.RemainingMemory != wantMem || ci.InstanceType != "m5.large" || ci.AvailabilityZone != in.Zone || ci.Status != "ACTIVE" {
		t.Errorf("container instance %+v; want %s with 2048 CPU, %d MiB (of %d) in %s", ci, id, wantMem, typ.MemoryMiB, in.Zone)
	}
	if in.ContainerInstanceARN != ci.ARN || in.Cluster != "food" {
		t.Errorf("EC2 view %+v; want it joined to %s", in, ci.ARN)
	}
	// The agent registers as the instance's role session, named after the
	// instance as AWS names it.
	regs := w.events("ecs:RegisterContainerInstance")
	if want := "arn:aws:sts::" + w.a.ID() + ":assumed-role/ecsInstanceRole/" + id; len(regs) != 1 || regs[0].Caller != want {
		t.Errorf("RegisterContainerInstance events %+v; want one made as %s", regs, want)
	}
	// ListContainerInstances with the cluster query language finds it by
	// the attributes the agent registered.
	out := w.call("", "ecs:ListContainerInstances", map[string]any{"cluster": "food", "filter": "attribute:ecs.instance-type == m5.large and attribute:ecs.os-type == linux"})
	if arns := out["containerInstanceArns"].([]any); len(arns) != 1 || arns[0] != ci.ARN {
		t.Errorf("filtered list %v", out)
	}
}

// An instance with no user data joins the cluster "default".
func TestInstanceWithoutUserDataJoinsDefault(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("", "ecs:CreateCluster", map[string]any{})
	w.profile("ecsInstance", policy(allow(agentActions...)))
	w.call("", "ec2:RunInstances", map[string]any{"ImageId": ec2.ECSAMI, "InstanceType": "t3.medium", "MinCount": 1, "MaxCount": 1,
		"IamInstanceProfile": map[string]any{"Name": "ecsInstance"}})
	w.advance(ec2.PendingMillis / 1000)
	v := w.a.View().ECS
	if len(v.Clusters) != 1 || v.Clusters[0].Name != "default" || len(v.Clusters[0].Instances) != 1 {
		t.Fatalf("ECS view %+v", v)
	}
}

// A role that may not register: the event log shows the denied call made
// as the role's session on EC2's behalf, a step event says why, and the
// instance runs outside the cluster.
func TestInstanceRoleWithoutRightsDoesNotJoin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("", "ecs:CreateCluster", map[string]any{"clusterName": "food"})
	w.profile("noEcs", policy(allow("ecr:*")))
	w.launch("m5.large", "noEcs", "food", 1)
	steps := w.advance(ec2.PendingMillis / 1000)
	var failed bool
	for _, s := range steps {
		if s.Type == ec2.EventJoinFailed && s.Fields["errorCode"] == "AccessDeniedException" {
			failed = true
		}
	}
	if !failed {
		t.Errorf("no failed join among %+v", steps)
	}
	regs := w.events("ecs:RegisterContainerInstance")
	if len(regs) != 1 || regs[0].Error == nil || regs[0].Error.Code != "AccessDeniedException" ||
		regs[0].InvokedBy != "ec2.amazonaws.com" || !strings.Contains(regs[0].Caller, "assumed-role/noEcsRole/") {
		t.Fatalf("register calls %+v", regs)
	}
	v := w.a.View()
	if n := len(v.ECS.Clusters[0].Instances); n != 0 || v.EC2.Instances[0].State != "running" || v.EC2.Instances[0].ContainerInstanceARN != "" {
		t.Errorf("cluster has %d instances; EC2 %+v", n, v.EC2.Instances[0])
	}
}

// A role whose trust policy does not name EC2 cannot be assumed for the
// agent: the join fails visibly too.
func TestInstanceRoleNotTrustingEC2DoesNotJoin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("", "ecs:CreateCluster", map[string]any{"clusterName": "food"})
	w.role("tasksOnly", "ecs-tasks.amazonaws.com", policy(allow(agentActions...)))
	w.call("", "iam:CreateInstanceProfile", `{"InstanceProfileName":"wrong"}`)
	w.call("", "iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"wrong","RoleName":"tasksOnly"}`)
	w.launch("m5.large", "wrong", "food", 1)
	steps := w.advance(ec2.PendingMillis / 1000)
	var failed bool
	for _, s := range steps {
		failed = failed || s.Type == ec2.EventJoinFailed
	}
	if !failed || len(w.a.View().ECS.Clusters[0].Instances) != 0 {
		t.Errorf("the instance joined with a role that does not trust EC2; steps %+v", steps)
	}
}

// A task on EC2 whose image is on ECR is pulled as the instance's role:
// allowed, it runs; the pull calls are logged as the role's session.
func TestTaskOnEC2PullsFromECRAsInstanceRole(t *testing.T) {
	t.Parallel()
	w, id := joined(t, "food")
	image := w.push("java-app")
	td := w.taskDef("orders", image, 512, 1024, nil)
	r := w.run("", map[string]any{"cluster": "food", "taskDefinition": td})
	if len(r.Tasks) != 1 || len(r.Failures) != 0 {
		t.Fatalf("RunTask %+v", r)
	}
	w.advance(10)
	got := w.describe("food", r.Tasks[0].TaskArn)
	if got.LastStatus != "RUNNING" {
		t.Fatalf("task %+v, want RUNNING", got)
	}
	pulls := w.events("ecr:BatchGetImage")
	if len(pulls) != 1 || pulls[0].Error != nil || pulls[0].InvokedBy != "ec2.amazonaws.com" || !strings.HasSuffix(pulls[0].Caller, ":assumed-role/ecsInstanceRole/"+id) {
		t.Errorf("BatchGetImage calls %+v", pulls)
	}
	// The downloads, read-only calls made on the instance's behalf in one
	// second, are one event with a count (core/cloud logOnBehalf).
	n := 0
	for _, e := range w.events("ecr:GetDownloadUrlForLayer") {
		n += max(e.Count, 1)
	}
	if n != 3 {
		t.Errorf("%d layer downloads, want 3 (the java-app image's layers)", n)
	}
}

// The same with the instance role denied ecr:BatchGetImage: the task
// stops with CannotPullContainerError, worded as AWS words a 403, and its
// resources go back to the instance.
func TestTaskOnEC2PullDenied(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("", "ecs:CreateCluster", map[string]any{"clusterName": "food"})
	w.profile("ecsInstance", policy(allow(agentActions...), deny("ecr:BatchGetImage")))
	w.launch("m5.large", "ecsInstance", "food", 1)
	w.advance(ec2.PendingMillis / 1000)
	image := w.push("java-app")
	td := w.taskDef("orders", image, 512, 1024, nil)
	r := w.run("", map[string]any{"cluster": "food", "taskDefinition": td})
	if len(r.Tasks) != 1 {
		t.Fatalf("RunTask %+v", r)
	}
	w.advance(10)
	got := w.describe("food", r.Tasks[0].TaskArn)
	want := "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref " + image + ": pulling from host " + registry + " failed with status code [manifests 1.0]: 403 Forbidden"
	if got.LastStatus != "STOPPED" || got.StoppedReason != want || got.StopCode != "TaskFailedToStart" {
		t.Fatalf("task %+v\nwant STOPPED, TaskFailedToStart, %q", got, want)
	}
	pulls := w.events("ecr:BatchGetImage")
	if len(pulls) != 1 || pulls[0].Error == nil || pulls[0].Error.Code != "AccessDeniedException" {
		t.Errorf("BatchGetImage calls %+v", pulls)
	}
	ci := w.a.View().ECS.Clusters[0].Instances[0]
	if ci.RemainingCPU != ci.CPU || ci.RemainingMemory != ci.Memory || ci.RunningTasks != 0 {
		t.Errorf("the stopped task still holds resources: %+v", ci)
	}
}

// An image that is not in the repository: "not found".
func TestTaskOnEC2ImageMissing(t *testing.T) {
	t.Parallel()
	w, _ := joined(t, "food")
	w.push("java-app")
	image := registry + "/java-app:2.0"
	td := w.taskDef("orders", image, 512, 1024, nil)
	r := w.run("", map[string]any{"cluster": "food", "taskDefinition": td})
	w.advance(10)
	got := w.describe("food", r.Tasks[0].TaskArn)
	if got.LastStatus != "STOPPED" || !strings.HasPrefix(got.StoppedReason, "CannotPullContainerError: ") || !strings.HasSuffix(got.StoppedReason, image+": not found") {
		t.Fatalf("task %+v", got)
	}
}

// fargateNet is the awsvpc configuration of a Fargate task in the default
// subnets of two zones.
func fargateNet(w *world) map[string]any {
	subnets := w.a.View().EC2.Subnets
	return map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []string{subnets[0].ID, subnets[1].ID}}}
}

// Fargate pulls as the task execution role (trusting
// ecs-tasks.amazonaws.com).
func TestFargatePullsAsExecutionRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		execPolicy string // "" for no execution role
		wantStatus string
		wantReason string
	}{
		{"allowed", policy(allow("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")), "RUNNING", ""},
		{"denied", policy(allow("logs:*")), "STOPPED", "403 Forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.call("", "ecs:CreateCluster", map[string]any{"clusterName": "food"})
			image := w.push("node-app")
			extra := map[string]any{"requiresCompatibilities": []string{"FARGATE"}, "networkMode": "awsvpc", "cpu": "256", "memory": "512"}
			extra["executionRoleArn"] = w.role("ecsTaskExecutionRole", "ecs-tasks.amazonaws.com", tt.execPolicy)
			td := w.taskDef("web", image, 256, 512, extra)
			r := w.run("", map[string]any{"cluster": "food", "taskDefinition": td, "launchType": "FARGATE", "networkConfiguration": fargateNet(w)})
			if len(r.Tasks) != 1 {
				t.Fatalf("RunTask %+v", r)
			}
			w.advance(30)
			got := w.describe("food", r.Tasks[0].TaskArn)
			if got.LastStatus != tt.wantStatus || !strings.Contains(got.StoppedReason, tt.wantReason) ||
				tt.wantReason != "" && !strings.HasPrefix(got.StoppedReason, "CannotPullContainerError: ") {
				t.Fatalf("task %+v; want %s with %q", got, tt.wantStatus, tt.wantReason)
			}
			pulls := w.events("ecr:BatchGetImage")
			if len(pulls) != 1 || pulls[0].InvokedBy != "ecs-tasks.amazonaws.com" || !strings.Contains(pulls[0].Caller, "assumed-role/ecsTaskExecutionRole/") {
				t.Errorf("BatchGetImage calls %+v", pulls)
			}
		})
	}
}

// Terminating an instance deregisters its container instance (the
// agent's call, as its role) and stops the tasks that ran there.
func TestTerminateDeregistersAndStopsTasks(t *testing.T) {
	t.Parallel()
	w, id := joined(t, "food")
	td := w.taskDef("orders", "nginx:latest", 256, 256, nil)
	r := w.run("", map[string]any{"cluster": "food", "taskDefinition": td, "count": 3})
	if len(r.Tasks) != 3 {
		t.Fatalf("RunTask %+v", r)
	}
	w.advance(10)
	w.call("", "ec2:TerminateInstances", map[string]any{"InstanceIds": []string{id}})
	w.advance(ec2.ShuttingDownMillis/1000 + 10)
	for _, tk := range r.Tasks {
		got := w.describe("food", tk.TaskArn)
		if got.LastStatus != "STOPPED" || got.StoppedReason == "" {
			t.Errorf("task %+v, want STOPPED with a reason", got)
		}
	}
	deregs := w.events("ecs:DeregisterContainerInstance")
	if len(deregs) != 1 || deregs[0].Error != nil || deregs[0].InvokedBy != "ec2.amazonaws.com" {
		t.Errorf("deregister calls %+v", deregs)
	}
	v := w.a.View()
	if n := len(v.ECS.Clusters[0].Instances); n != 0 {
		t.Errorf("the cluster still has %d instances", n)
	}
	ciARN := w.a.View().EC2.Instances[0].ContainerInstanceARN
	if ciARN != "" {
		t.Errorf("EC2 still links the terminated instance to %s", ciARN)
	}
	out := w.call("", "ecs:DescribeContainerInstances", map[string]any{"cluster": "food", "containerInstances": []string{r.Tasks[0].ContainerInstanceArn}})
	if cis := out["containerInstances"].([]any); len(cis) != 1 || cis[0].(map[string]any)["status"] != "INACTIVE" {
		t.Errorf("the container instance after termination: %v", out)
	}
	// No task can be placed there any more.
	w.fail("", "ecs:RunTask", map[string]any{"cluster": "food", "taskDefinition": td}, "InvalidParameterException", "No Container Instances were found in your cluster.")
}

// PassRole: running a task definition with roles needs iam:PassRole on
// each, for ECS; launching with an instance profile needs it on its role,
// for EC2. A denial changes nothing.
func TestPassRoleDenials(t *testing.T) {
	t.Parallel()
	w, _ := joined(t, "food")
	exec := w.role("ecsTaskExecutionRole", "ecs-tasks.amazonaws.com", policy(allow("ecr:*")))
	td := w.taskDef("orders", "nginx:latest", 256, 256, map[string]any{"executionRoleArn": exec})
	w.call("", "iam:CreateUser", `{"UserName":"bob"}`)
	bob := "arn:aws:iam::123456789012:user/bob"
	w.call("", "iam:PutUserPolicy", `{"UserName":"bob","PolicyName":"p","PolicyDocument":`+quote(policy(allow("ecs:*", "ec2:*")))+`}`)
	e := w.fail(bob, "ecs:RunTask", map[string]any{"cluster": "food", "taskDefinition": td}, "AccessDeniedException", "iam:PassRole")
	if e.Trace == nil {
		t.Error("the denial carries no trace")
	}
	if n := len(w.a.View().ECS.Clusters[0].Tasks); n != 0 {
		t.Errorf("%d tasks after a denied RunTask", n)
	}
	w.fail(bob, "ec2:RunInstances", map[string]any{"ImageId": ec2.ECSAMI, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
		"IamInstanceProfile": map[string]any{"Name": "ecsInstance"}}, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:PassRole")
	if n := len(w.a.View().EC2.Instances); n != 1 {
		t.Errorf("%d instances after a denied launch", n)
	}
	// PassRole for the right service lets Bob run it.
	w.call("", "iam:PutUserPolicy", `{"UserName":"bob","PolicyName":"pass","PolicyDocument":`+quote(policy(
		`{"Effect":"Allow","Action":"iam:PassRole","Resource":"`+exec+`","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}`))+`}`)
	if r := w.run(bob, map[string]any{"cluster": "food", "taskDefinition": td}); len(r.Tasks) != 1 {
		t.Errorf("Bob's RunTask with PassRole: %+v", r)
	}
}

// A Fargate task definition with an ECR image and no execution role is
// refused at registration, as AWS refuses it.
func TestFargateECRImageNeedsExecutionRole(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	image := w.push("node-app")
	w.fail("", "ecs:RegisterTaskDefinition", map[string]any{"family": "web", "requiresCompatibilities": []string{"FARGATE"}, "networkMode": "awsvpc",
		"cpu": "256", "memory": "512", "containerDefinitions": []any{map[string]any{"name": "app", "image": image}}},
		"ClientException", "Fargate requires task definition to have execution role ARN to support ECR images.")
}

// EC2 answers a denial with its own code, UnauthorizedOperation, with the
// explanation (trace) as other denials have; other services keep theirs.
func TestEC2DenialIsUnauthorizedOperation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.call("", "iam:CreateUser", `{"UserName":"fred"}`)
	fred := "arn:aws:iam::123456789012:user/fred"
	e := w.fail(fred, "ec2:DescribeInstances", map[string]any{}, "UnauthorizedOperation",
		"You are not authorized to perform this operation. User: "+fred+" is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action")
	if e.Trace == nil {
		t.Error("the denial carries no trace")
	}
	if ev := w.events("ec2:DescribeInstances"); len(ev) != 1 || ev[0].Error == nil || ev[0].Error.Code != "UnauthorizedOperation" || ev[0].Actions[0].Decision == "allowed" {
		t.Errorf("event log %+v", ev)
	}
	w.fail(fred, "ecs:ListClusters", map[string]any{}, "AccessDeniedException", "User: "+fred+" is not authorized")
	w.fail(fred, "iam:ListUsers", map[string]any{}, "AccessDenied", "User: "+fred+" is not authorized")
}
