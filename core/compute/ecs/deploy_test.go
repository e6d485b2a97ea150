package ecs_test

import (
	"encoding/json"
	"testing"
)

type deploymentOut struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	TaskDefinition string `json:"taskDefinition"`
	DesiredCount   int    `json:"desiredCount"`
	RunningCount   int    `json:"runningCount"`
	PendingCount   int    `json:"pendingCount"`
	RolloutState   string `json:"rolloutState"`
}

type serviceOut struct {
	DesiredCount            int             `json:"desiredCount"`
	RunningCount            int             `json:"runningCount"`
	PendingCount            int             `json:"pendingCount"`
	TaskDefinition          string          `json:"taskDefinition"`
	Deployments             []deploymentOut `json:"deployments"`
	DeploymentConfiguration struct {
		MaximumPercent        int `json:"maximumPercent"`
		MinimumHealthyPercent int `json:"minimumHealthyPercent"`
	} `json:"deploymentConfiguration"`
}

func (e *tenv) service(name string) serviceOut {
	e.T.Helper()
	out, err := e.Raw("", "ecs:DescribeServices", map[string]any{"services": []string{name}})
	if err != nil {
		e.T.Fatal(err)
	}
	var r struct{ Services []serviceOut }
	if err := json.Unmarshal(out, &r); err != nil || len(r.Services) != 1 {
		e.T.Fatalf("DescribeServices: %s, %v", out, err)
	}
	return r.Services[0]
}

// deployed makes a service of 4 tasks of web:1 on three instances with
// room for all, running, then registers web:2.
func deployed(t *testing.T, config map[string]any) (*tenv, string, string) {
	t.Helper()
	e := newEnv(t)
	e.Call("ecs:CreateCluster", map[string]any{})
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		e.instance("default", i+1, "m5.large", az, 2048, 7680)
	}
	v1 := e.taskDef("web", 256, 512, nil)
	in := map[string]any{"serviceName": "web", "taskDefinition": "web", "desiredCount": 4}
	if config != nil {
		in["deploymentConfiguration"] = config
	}
	e.Call("ecs:CreateService", in)
	e.A.Advance(30_000)
	sv := e.service("web")
	if sv.RunningCount != 4 || len(sv.Deployments) != 1 || sv.Deployments[0].RolloutState != "COMPLETED" {
		t.Fatalf("before the update: %+v", sv)
	}
	return e, v1, e.taskDef("web", 256, 512, nil)
}

// rollOut advances a second at a time until the update is done, and
// returns the fewest RUNNING and the most live (RUNNING or PENDING) tasks
// seen on the way.
func rollOut(t *testing.T, e *tenv) (fewestRunning, mostLive int) {
	t.Helper()
	fewestRunning = 1 << 30
	for range 120 {
		e.A.Advance(1000)
		sv := e.service("web")
		fewestRunning = min(fewestRunning, sv.RunningCount)
		mostLive = max(mostLive, sv.RunningCount+sv.PendingCount)
		if len(sv.Deployments) == 1 && sv.Deployments[0].RolloutState == "COMPLETED" {
			return fewestRunning, mostLive
		}
	}
	t.Fatalf("the deployment did not complete in 2 minutes: %+v", e.service("web"))
	return
}

// With the defaults (minimumHealthyPercent 100, maximumPercent 200) a new
// task definition starts all new tasks before any old one stops: RUNNING
// never drops under 4, live tasks never exceed 8; DescribeServices shows
// the PRIMARY and the ACTIVE deployment meanwhile.
func TestRollingUpdateDefaults(t *testing.T) {
	t.Parallel()
	e, v1, v2 := deployed(t, nil)
	e.Call("ecs:UpdateService", map[string]any{"service": "web", "taskDefinition": "web:2"})
	sv := e.service("web")
	if c := sv.DeploymentConfiguration; c.MaximumPercent != 200 || c.MinimumHealthyPercent != 100 {
		t.Errorf("deploymentConfiguration %+v, want AWS's defaults 200 and 100", c)
	}
	if len(sv.Deployments) != 2 {
		t.Fatalf("deployments %+v, want PRIMARY and ACTIVE", sv.Deployments)
	}
	p, a := sv.Deployments[0], sv.Deployments[1]
	if p.Status != "PRIMARY" || p.TaskDefinition != v2 || p.RolloutState != "IN_PROGRESS" || p.DesiredCount != 4 || p.RunningCount != 0 ||
		a.Status != "ACTIVE" || a.TaskDefinition != v1 || a.RunningCount != 4 || a.ID == p.ID {
		t.Errorf("deployments %+v", sv.Deployments)
	}
	if sv.TaskDefinition != v2 {
		t.Errorf("service taskDefinition %s, want %s", sv.TaskDefinition, v2)
	}
	e.A.Advance(1)
	sv = e.service("web")
	if p, a := sv.Deployments[0], sv.Deployments[1]; p.PendingCount+p.RunningCount != 4 || a.RunningCount != 4 {
		t.Errorf("at once: new %+v, old %+v; want 4 new started and 4 old still running", p, a)
	}
	fewest, most := rollOut(t, e)
	if fewest < 4 || most > 8 {
		t.Errorf("during the update: at least %d running, at most %d live; want ≥ 4 and ≤ 8", fewest, most)
	}
	sv = e.service("web")
	if sv.RunningCount != 4 || sv.Deployments[0].TaskDefinition != v2 || sv.Deployments[0].RunningCount != 4 {
		t.Errorf("after the update: %+v", sv)
	}
}

// minimumHealthyPercent 50 and maximumPercent 100: the scheduler stops
// two old tasks to make room before starting new ones, never more than 4
// live, never fewer than 2 running (AWS's own example).
func TestRollingUpdateWithinBounds(t *testing.T) {
	t.Parallel()
	e, _, v2 := deployed(t, map[string]any{"minimumHealthyPercent": 50, "maximumPercent": 100})
	e.Call("ecs:UpdateService", map[string]any{"service": "web", "taskDefinition": v2})
	e.A.Advance(1)
	sv := e.service("web")
	if p, a := sv.Deployments[0], sv.Deployments[1]; p.PendingCount+p.RunningCount != 2 || a.RunningCount != 2 {
		t.Errorf("at once: new %+v, old %+v; want 2 old stopped and 2 new started", p, a)
	}
	fewest, most := rollOut(t, e)
	if fewest < 2 || most > 4 {
		t.Errorf("during the update: at least %d running, at most %d live; want ≥ 2 and ≤ 4", fewest, most)
	}
	if sv := e.service("web"); sv.RunningCount != 4 || sv.Deployments[0].TaskDefinition != v2 {
		t.Errorf("after the update: %+v", sv)
	}
}

// Percentages the rolling update cannot work with are refused, and the
// service is left as it was.
func TestDeploymentConfigurationRefused(t *testing.T) {
	t.Parallel()
	e, _, _ := deployed(t, nil)
	e.Fail("ecs:UpdateService", map[string]any{"service": "web", "taskDefinition": "web:2", "deploymentConfiguration": map[string]any{"minimumHealthyPercent": 150}},
		"InvalidParameterException", "deploymentConfiguration.minimumHealthyPercent must be from 0 to 100")
	e.Fail("ecs:CreateService", map[string]any{"serviceName": "api", "taskDefinition": "web", "deploymentConfiguration": map[string]any{"maximumPercent": 50}},
		"InvalidParameterException", "deploymentConfiguration.maximumPercent must be from 100 to")
	if sv := e.service("web"); len(sv.Deployments) != 1 || sv.Deployments[0].TaskDefinition == "" || sv.RunningCount != 4 {
		t.Errorf("after the refusal: %+v", sv)
	}
}
