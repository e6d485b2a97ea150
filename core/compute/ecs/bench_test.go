package ecs_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"cloudplay/core/cloud"
)

// BenchmarkDispatcherRunTask1000x10 is 1,000 RunTask calls of 10 tasks
// through cloud.Account.Call (JSON in and out, authorisation of root, the
// event log, the journal) on a cluster of 1,000 container instances, with
// spread(attribute:ecs.availability-zone) then binpack(memory). One
// iteration is the 1,000 calls; the account is made afresh (untimed).
func BenchmarkDispatcherRunTask1000x10(b *testing.B) {
	in, _ := json.Marshal(map[string]any{"taskDefinition": "web", "count": 10, "placementStrategy": []any{
		map[string]any{"type": "spread", "field": "attribute:ecs.availability-zone"}, map[string]any{"type": "binpack", "field": "memory"}}})
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}
	fresh := func() *cloud.Account {
		a := cloud.New(cloud.Config{Seed: 1})
		root := a.RootARN()
		call := func(op string, v any) {
			body, _ := json.Marshal(v)
			if _, err := a.Call(root, op, body); err != nil {
				b.Fatal(op, err)
			}
		}
		call("ecs:CreateCluster", map[string]any{})
		for i := range 1000 {
			doc := fmt.Sprintf(`{"instanceId":"i-%017x","instanceType":"m5.xlarge","availabilityZone":%q}`, i, zones[i%6])
			call("ecs:RegisterContainerInstance", map[string]any{"instanceIdentityDocument": doc, "totalResources": []map[string]any{
				{"name": "CPU", "type": "INTEGER", "integerValue": 4096}, {"name": "MEMORY", "type": "INTEGER", "integerValue": 15000}}})
		}
		call("ecs:RegisterTaskDefinition", map[string]any{"family": "web", "containerDefinitions": []any{map[string]any{"name": "a", "image": "nginx", "cpu": 256, "memory": 512}}})
		return a
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		a := fresh()
		root := a.RootARN()
		b.StartTimer()
		for range 1000 {
			if _, err := a.Call(root, "ecs:RunTask", in); err != nil {
				b.Fatal(err)
			}
		}
	}
}
