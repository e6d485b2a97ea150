package ecs_test

import (
	"testing"
)

func TestBinpackFillsOneInstanceFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	a := e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
	e.instance("default", 2, "m5.large", "us-east-1b", 2048, 7680)
	e.taskDef("web", 256, 1024, nil)
	// The first task lands anywhere (ties broken by the seeded source);
	// the next ones binpack onto the instance with the least memory left.
	r := e.run(map[string]any{"taskDefinition": "web", "count": 5, "placementStrategy": []any{map[string]any{"type": "binpack", "field": "memory"}}})
	if len(r.Tasks) != 5 || len(r.Failures) != 0 {
		t.Fatalf("got %d tasks, %v failures", len(r.Tasks), r.Failures)
	}
	first := r.Tasks[0].ContainerInstanceArn
	for _, tk := range r.Tasks {
		if tk.ContainerInstanceArn != first {
			t.Fatalf("binpack spread tasks over %s and %s", first, tk.ContainerInstanceArn)
		}
	}
	_ = a
}

func TestSpreadAcrossZones(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	for i, az := range []string{"us-east-1a", "us-east-1a", "us-east-1b", "us-east-1c"} {
		e.instance("default", i+1, "m5.large", az, 2048, 7680)
	}
	e.taskDef("web", 256, 512, nil)
	r := e.run(map[string]any{"taskDefinition": "web", "count": 6, "placementStrategy": []any{
		map[string]any{"type": "spread", "field": "attribute:ecs.availability-zone"}, map[string]any{"type": "binpack", "field": "memory"}}})
	zones := map[string]int{}
	for _, tk := range r.Tasks {
		zones[tk.AvailabilityZone]++
	}
	if zones["us-east-1a"] != 2 || zones["us-east-1b"] != 2 || zones["us-east-1c"] != 2 {
		t.Fatalf("zones %v, want 2 each", zones)
	}
}

func TestFailureReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		cpu    int
		mem    int
		ports  []any
		extra  map[string]any
		reason string
	}{
		{"cpu", 4096, 512, nil, nil, "RESOURCE:CPU"},
		{"memory", 256, 9000, nil, nil, "RESOURCE:MEMORY"},
		{"reserved port", 256, 512, []any{map[string]any{"containerPort": 80, "hostPort": 22}}, nil, "RESOURCE:PORTS"},
		{"memberOf", 256, 512, nil, map[string]any{"placementConstraints": []any{map[string]any{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ g4dn.*"}}}, "MemberOf placement constraint unsatisfied."},
		{"platform", 256, 512, nil, map[string]any{"runtimePlatform": map[string]any{"cpuArchitecture": "ARM64"}}, "ATTRIBUTE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.Call("ecs:CreateCluster", map[string]any{})
			arn := e.instance("default", 1, "m5.large", "us-east-1a", 2048, 7680)
			extra := map[string]any{}
			if tt.ports != nil {
				extra["portMappings"] = tt.ports
			}
			for k, v := range tt.extra {
				extra[k] = v
			}
			e.taskDef("t", tt.cpu, tt.mem, extra)
			r := e.run(map[string]any{"taskDefinition": "t"})
			if len(r.Tasks) != 0 || len(r.Failures) != 1 || r.Failures[0].Reason != tt.reason || r.Failures[0].Arn != arn {
				t.Fatalf("got %+v, want one failure %s on %s", r, tt.reason, arn)
			}
		})
	}
}

func TestDistinctInstanceAndPortsOnePerInstance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	e.instance("default", 1, "m5.large", "us-east-1a", 4096, 16000)
	e.instance("default", 2, "m5.large", "us-east-1b", 4096, 16000)
	e.taskDef("web", 128, 128, map[string]any{"portMappings": []any{map[string]any{"containerPort": 80, "hostPort": 80}}})
	r := e.run(map[string]any{"taskDefinition": "web", "count": 3})
	if len(r.Tasks) != 2 || len(r.Failures) != 2 || r.Failures[0].Reason != "RESOURCE:PORTS" {
		t.Fatalf("got %+v, want 2 tasks and each instance failing RESOURCE:PORTS", r)
	}
	e.taskDef("api", 128, 128, nil)
	r = e.run(map[string]any{"taskDefinition": "api", "count": 3, "placementConstraints": []any{map[string]any{"type": "distinctInstance"}}})
	if len(r.Tasks) != 2 || len(r.Failures) != 2 || r.Failures[0].Reason != "DistinctInstance placement constraint unsatisfied." {
		t.Fatalf("got %+v", r)
	}
}

func TestRandomTiesReproducible(t *testing.T) {
	t.Parallel()
	place := func() []string {
		e := newEnv(t)
		e.Call("ecs:CreateCluster", map[string]any{})
		for i := range 8 {
			e.instance("default", i+1, "m5.large", "us-east-1a", 2048, 7680)
		}
		e.taskDef("web", 256, 512, nil)
		var got []string
		for _, tk := range e.run(map[string]any{"taskDefinition": "web", "count": 10}).Tasks {
			got = append(got, tk.ContainerInstanceArn)
		}
		return got
	}
	a, b := place(), place()
	if len(a) != 10 {
		t.Fatalf("placed %d", len(a))
	}
	distinct := map[string]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run %d: %s then %s", i, a[i], b[i])
		}
		distinct[a[i]] = true
	}
	if len(distinct) < 2 {
		t.Fatalf("random placed every task on one instance: %v", a)
	}
}

func TestNoInstancesIsInvalidParameter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	e.taskDef("web", 256, 512, nil)
	e.Fail("ecs:RunTask", map[string]any{"taskDefinition": "web"}, "InvalidParameterException", "No Container Instances were found in your cluster.")
	e.Fail("ecs:RunTask", map[string]any{"taskDefinition": "web", "count": 11}, "InvalidParameterException", "count must be between 1 and 10")
	e.Fail("ecs:RunTask", map[string]any{"cluster": "nope", "taskDefinition": "web"}, "ClusterNotFoundException", "Cluster not found.")
}

func TestAttributesFilterAndDeleteConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{"clusterName": "prod"})
	a := e.instance("prod", 1, "m5.large", "us-east-1a", 2048, 7680)
	e.instance("prod", 2, "t3.small", "us-east-1b", 2048, 1900)
	e.Call("ecs:PutAttributes", map[string]any{"cluster": "prod", "attributes": []any{map[string]any{"name": "stack", "value": "blue", "targetId": a}}})
	got := e.Call("ecs:ListContainerInstances", map[string]any{"cluster": "prod", "filter": "attribute:stack == blue and attribute:ecs.instance-type =~ m5.*"})["containerInstanceArns"].([]any)
	if len(got) != 1 || got[0] != a {
		t.Fatalf("filter matched %v, want [%s]", got, a)
	}
	e.Fail("ecs:ListContainerInstances", map[string]any{"cluster": "prod", "filter": "attribute:stack =="}, "InvalidParameterException",
		"The cluster query expression is invalid: offset 18: expected an argument")
	e.Fail("ecs:DeleteCluster", map[string]any{"cluster": "prod"}, "ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining.")
	if n := len(e.A.View().ECS.Clusters); n != 1 {
		t.Fatalf("a refused DeleteCluster left %d clusters", n)
	}
	e.Call("ecs:DeregisterContainerInstance", map[string]any{"cluster": "prod", "containerInstance": a, "force": true})
	if n := len(e.A.View().ECS.Clusters[0].Instances); n != 1 {
		t.Fatalf("%d instances after deregistering one of two", n)
	}
}
