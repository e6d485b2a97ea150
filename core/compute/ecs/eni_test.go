package ecs_test

import "testing"

// An awsvpc task on EC2 takes one of the instance's network interfaces:
// an m5.large has 3, one is the instance's own, so it holds 2 such tasks
// and the third fails with RESOURCE:ENI though CPU and memory are left;
// a stopped task gives its interface back. Bridge tasks take none.
func TestAwsvpcTasksOnEC2NeedAnENI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	inst := e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
	subnet := e.A.View().EC2.Subnets[0].ID
	e.taskDef("vpc", 128, 256, map[string]any{"networkMode": "awsvpc"})
	e.taskDef("bridge", 128, 256, nil)
	net := map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []string{subnet}}}
	r := e.run(map[string]any{"taskDefinition": "vpc", "count": 3, "networkConfiguration": net})
	if len(r.Tasks) != 2 || len(r.Failures) != 1 || r.Failures[0].Reason != "RESOURCE:ENI" || r.Failures[0].Arn != inst {
		t.Fatalf("RunTask of 3 awsvpc tasks on an m5.large: %+v; want 2 placed and RESOURCE:ENI on %s", r, inst)
	}
	if b := e.run(map[string]any{"taskDefinition": "bridge", "count": 5}); len(b.Tasks) != 5 {
		t.Errorf("bridge tasks on the same instance: %+v; want all 5 placed (they use the instance's interface)", b)
	}
	e.Call("ecs:StopTask", map[string]any{"task": r.Tasks[0].TaskArn})
	e.A.Advance(30_000)
	if again := e.run(map[string]any{"taskDefinition": "vpc", "networkConfiguration": net}); len(again.Tasks) != 1 {
		t.Errorf("after a stop, an awsvpc task: %+v; want it placed on the freed interface", again)
	}
	// A t2.micro has 2 interfaces: 1 for tasks.
	e.Call("ecs:CreateCluster", map[string]any{"clusterName": "micro"})
	e.instance("micro", 2, "t2.micro", "us-east-1b", 1024, 900)
	if m := e.run(map[string]any{"cluster": "micro", "taskDefinition": "vpc", "count": 2, "networkConfiguration": net}); len(m.Tasks) != 1 || len(m.Failures) != 1 || m.Failures[0].Reason != "RESOURCE:ENI" {
		t.Errorf("2 awsvpc tasks on a t2.micro: %+v; want 1 placed, 1 RESOURCE:ENI", m)
	}
}
