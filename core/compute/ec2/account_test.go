package ec2_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
)

const root = "arn:aws:iam::123456789012:root"

func call(t *testing.T, a *cloud.Account, caller, op, input string) map[string]any {
	t.Helper()
	out, err := a.Call(caller, op, []byte(input))
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// setup makes the container instance role (trusting EC2, allowed to call
// ECS as policy says) and the instance profile ecsProfile holding it.
func setup(t *testing.T, a *cloud.Account, policy string) {
	t.Helper()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	call(t, a, root, "iam:CreateRole", `{"RoleName":"ecsInstanceRole","AssumeRolePolicyDocument":`+quote(trust)+`}`)
	call(t, a, root, "iam:PutRolePolicy", `{"RoleName":"ecsInstanceRole","PolicyName":"ecs","PolicyDocument":`+quote(policy)+`}`)
	call(t, a, root, "iam:CreateInstanceProfile", `{"InstanceProfileName":"ecsProfile"}`)
	call(t, a, root, "iam:AddRoleToInstanceProfile", `{"InstanceProfileName":"ecsProfile","RoleName":"ecsInstanceRole"}`)
}

const allowECS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}`

// An ECS-optimised instance with a profile, once running, makes EC2 assume
// the profile's role and call ecs:RegisterContainerInstance; with no ECS
// service built yet (or a role that may not register) the failure is a
// step event and the event log shows the call; the instance stays running.
func TestJoinThroughTheDispatcher(t *testing.T) {
	t.Parallel()
	a := cloud.New(cloud.Config{Seed: 7})
	setup(t, a, allowECS)
	ud := base64.StdEncoding.EncodeToString([]byte("#!/bin/bash\necho ECS_CLUSTER=food >> /etc/ecs/ecs.config\n"))
	out := call(t, a, root, "ec2:RunInstances", `{"ImageId":"`+ec2.ECSAMI+`","InstanceType":"m5.large","MinCount":1,"MaxCount":1,
		"IamInstanceProfile":{"Name":"ecsProfile"},"UserData":"`+ud+`"}`)
	id := out["Instances"].([]any)[0].(map[string]any)["InstanceId"].(string)
	steps, err := a.AdvanceEvents(ec2.PendingMillis)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	var failed api.StepEvent
	for _, e := range steps {
		types = append(types, e.Type)
		if e.Type == ec2.EventJoinFailed {
			failed = e
		}
	}
	if d := cmp.Diff([]string{ec2.EventRunning, ec2.EventJoinFailed}, types); d != "" {
		t.Fatalf("step events (-want +got):\n%s", d)
	}
	if failed.Fields["instanceId"] != id || failed.Fields["cluster"] != "food" || failed.Fields["errorCode"] == "" {
		t.Errorf("failure event %+v", failed)
	}
	var sawAssume, sawRegister bool
	for _, e := range a.Events() {
		if e.Op == "sts:AssumeRole" && e.InvokedBy == "ec2.amazonaws.com" && e.Error == nil {
			sawAssume = true
		}
		if e.Op == "ecs:RegisterContainerInstance" && e.InvokedBy == "ec2.amazonaws.com" && e.Error != nil &&
			strings.Contains(e.Caller, "assumed-role/ecsInstanceRole/") {
			sawRegister = true
		}
	}
	if !sawAssume || !sawRegister {
		t.Errorf("event log: assume %v, register %v; events %+v", sawAssume, sawRegister, a.Events())
	}
	v := a.View().EC2
	if len(v.Instances) != 1 || v.Instances[0].State != "running" || v.Instances[0].ContainerInstanceARN != "" {
		t.Errorf("view %+v", v.Instances)
	}
}

// Launching with a profile needs iam:PassRole on its role, for EC2.
func TestRunInstancesNeedsPassRole(t *testing.T) {
	t.Parallel()
	a := cloud.New(cloud.Config{Seed: 1})
	setup(t, a, allowECS)
	call(t, a, root, "iam:CreateUser", `{"UserName":"bob"}`)
	call(t, a, root, "iam:PutUserPolicy", `{"UserName":"bob","PolicyName":"ec2","PolicyDocument":`+
		quote(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)+`}`)
	bob := "arn:aws:iam::123456789012:user/bob"
	input := `{"ImageId":"` + ec2.ECSAMI + `","InstanceType":"t3.micro","MinCount":1,"MaxCount":1,"IamInstanceProfile":{"Name":"ecsProfile"}}`
	_, err := a.Call(bob, "ec2:RunInstances", []byte(input))
	var e *api.Error
	if !errors.As(err, &e) || !strings.Contains(e.Code, "AccessDenied") && e.Code != "UnauthorizedOperation" || !strings.Contains(e.Message, "iam:PassRole") {
		t.Fatalf("got %v, want a denial of iam:PassRole", err)
	}
	if n := len(a.View().EC2.Instances); n != 0 {
		t.Fatalf("%d instances launched", n)
	}
	// Without the profile Bob may launch.
	call(t, a, bob, "ec2:RunInstances", `{"ImageId":"`+ec2.ECSAMI+`","InstanceType":"t3.micro","MinCount":1,"MaxCount":1}`)
}

// The default network is the same for the same account whatever the seed,
// and a fresh account's view leaves EC2 out of JSON.
func TestDefaultNetworkFromAccount(t *testing.T) {
	t.Parallel()
	a, b := cloud.New(cloud.Config{Seed: 1}), cloud.New(cloud.Config{Seed: 99})
	va, vb := a.View().EC2, b.View().EC2
	if d := cmp.Diff(va, vb); d != "" {
		t.Errorf("views differ by seed:\n%s", d)
	}
	c := cloud.New(cloud.Config{Account: "210987654321"})
	if c.View().EC2.VPCID == va.VPCID {
		t.Errorf("two accounts share the VPC id %s", va.VPCID)
	}
	js, _ := json.Marshal(a.View())
	if strings.Contains(string(js), `"EC2"`) {
		t.Errorf("a fresh account's view shows EC2: %s", js)
	}
}
