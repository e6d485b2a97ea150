package ecs_test

import (
	"fmt"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/internal/servicetest"
)

// tenv is an account to call through the dispatcher, as root unless told.
type tenv struct{ *servicetest.Env }

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{servicetest.New(t, cloud.Config{Seed: 1})}
}

// instance registers a container instance with cpu units and mem MiB in
// zone az, and returns its ARN.
func (e *tenv) instance(cluster string, n int, typ, az string, cpu, mem int) string {
	e.T.Helper()
	doc := fmt.Sprintf(`{"instanceId":"i-%017x","instanceType":%q,"availabilityZone":%q,"region":"us-east-1","accountId":"123456789012","imageId":"ami-0123456789abcdef0","privateIp":"10.0.0.%d"}`, n, typ, az, n%250)
	out := e.Call("ecs:RegisterContainerInstance", map[string]any{"cluster": cluster, "instanceIdentityDocument": doc,
		"totalResources": []map[string]any{{"name": "CPU", "type": "INTEGER", "integerValue": cpu}, {"name": "MEMORY", "type": "INTEGER", "integerValue": mem},
			{"name": "PORTS", "type": "STRINGSET", "stringSetValue": []string{"22", "2375", "2376", "51678", "51679"}}}})
	return out["containerInstance"].(map[string]any)["containerInstanceArn"].(string)
}

func (e *tenv) taskDef(family string, cpu, mem int, extra map[string]any) string {
	e.T.Helper()
	c := map[string]any{"name": "app", "image": "nginx:latest", "cpu": cpu, "memory": mem}
	for k, v := range extra {
		if k == "portMappings" {
			c[k] = v
			delete(extra, k)
		}
	}
	in := map[string]any{"family": family, "containerDefinitions": []any{c}}
	for k, v := range extra {
		in[k] = v
	}
	out := e.Call("ecs:RegisterTaskDefinition", in)
	return out["taskDefinition"].(map[string]any)["taskDefinitionArn"].(string)
}

type runOut struct {
	Tasks []struct {
		TaskArn              string `json:"taskArn"`
		ContainerInstanceArn string `json:"containerInstanceArn"`
		LastStatus           string `json:"lastStatus"`
		AvailabilityZone     string `json:"availabilityZone"`
	} `json:"tasks"`
	Failures []struct {
		Arn    string `json:"arn"`
		Reason string `json:"reason"`
	} `json:"failures"`
}

func (e *tenv) run(in map[string]any) runOut {
	e.T.Helper()
	return servicetest.Into[runOut](e.Env, "ecs:RunTask", in)
}
