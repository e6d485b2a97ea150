package ecs_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

type tenv struct {
	t *testing.T
	a *cloud.Account
}

func newEnv(t *testing.T) *tenv {
	t.Helper()
	return &tenv{t: t, a: cloud.New(cloud.Config{Seed: 1})}
}

func (e *tenv) raw(caller, op string, in any) ([]byte, error) {
	e.t.Helper()
	b, ok := in.(string)
	var data []byte
	if ok {
		data = []byte(b)
	} else {
		var err error
		if data, err = json.Marshal(in); err != nil {
			e.t.Fatal(err)
		}
	}
	if caller == "" {
		caller = e.a.RootARN()
	}
	return e.a.Call(caller, op, data)
}

func (e *tenv) call(op string, in any) map[string]any {
	e.t.Helper()
	out, err := e.raw("", op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		e.t.Fatalf("%s: output %s: %v", op, out, err)
	}
	return m
}

func (e *tenv) fail(op string, in any, code, prefix string) {
	e.t.Helper()
	out, err := e.raw("", op, in)
	var ae *api.Error
	if !errors.As(err, &ae) {
		e.t.Fatalf("%s: got %s, %v; want %s", op, out, err, code)
	}
	if ae.Code != code || !strings.HasPrefix(ae.Message, prefix) {
		e.t.Fatalf("%s: got %s: %q; want %s: %q…", op, ae.Code, ae.Message, code, prefix)
	}
}

// instance registers a container instance with cpu units and mem MiB in
// zone az, and returns its ARN.
func (e *tenv) instance(cluster string, n int, typ, az string, cpu, mem int) string {
	e.t.Helper()
	doc := fmt.Sprintf(`{"instanceId":"i-%017x","instanceType":%q,"availabilityZone":%q,"region":"us-east-1","accountId":"123456789012","imageId":"ami-0123456789abcdef0","privateIp":"10.0.0.%d"}`, n, typ, az, n%250)
	out := e.call("ecs:RegisterContainerInstance", map[string]any{"cluster": cluster, "instanceIdentityDocument": doc,
		"totalResources": []map[string]any{{"name": "CPU", "type": "INTEGER", "integerValue": cpu}, {"name": "MEMORY", "type": "INTEGER", "integerValue": mem},
			{"name": "PORTS", "type": "STRINGSET", "stringSetValue": []string{"22", "2375", "2376", "51678", "51679"}}}})
	return out["containerInstance"].(map[string]any)["containerInstanceArn"].(string)
}

func (e *tenv) taskDef(family string, cpu, mem int, extra map[string]any) string {
	e.t.Helper()
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
	out := e.call("ecs:RegisterTaskDefinition", in)
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
	e.t.Helper()
	out, err := e.raw("", "ecs:RunTask", in)
	if err != nil {
		e.t.Fatalf("RunTask: %v", err)
	}
	var r runOut
	if err := json.Unmarshal(out, &r); err != nil {
		e.t.Fatal(err)
	}
	return r
}
