package ec2

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

const (
	acct  = "123456789012"
	start = sim.Time(1767225600000)
)

// fixture runs EC2's operations as the dispatcher would, every action
// allowed, with a clock of its own.
type fixture struct {
	s     *Service
	clock *sim.Clock
	rand  *sim.Rand
	ops   map[string]api.Op
	steps []api.StepEvent
	// calls made by work on someone's behalf, and what they answer
	calls  []string
	inputs []any
	answer func(op string) (json.RawMessage, error)
}

func newFixture(t *testing.T, role string) *fixture {
	t.Helper()
	f := &fixture{clock: sim.NewClock(start), rand: sim.NewRand(1), ops: map[string]api.Op{}}
	f.s = New(acct, "us-east-1", func(ref string) (string, string, string, bool) {
		if ref != "ecsProfile" && ref != "arn:aws:iam::123456789012:instance-profile/ecsProfile" {
			return "", "", "", false
		}
		return "arn:aws:iam::123456789012:instance-profile/ecsProfile", "AIPAEXAMPLE", role, true
	})
	for _, op := range f.s.Ops() {
		f.ops[op.Name] = op
	}
	f.answer = func(string) (json.RawMessage, error) {
		return nil, &api.Error{Code: "UnknownOperationException", Message: "no ecs"}
	}
	return f
}

func (f *fixture) work(now sim.Time) *api.Work {
	return &api.Work{Now: now, Account: acct, Region: "us-east-1", Rand: f.rand,
		Emit:     func(e api.StepEvent) { f.steps = append(f.steps, e) },
		Schedule: f.schedule,
		AssumeRoleFor: func(service, role string) (string, error) {
			f.calls = append(f.calls, "assume "+service+" "+role)
			return "arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/ec2", nil
		},
		Call: func(service, caller, op string, input any) (json.RawMessage, error) {
			f.calls = append(f.calls, op+" as "+caller+" for "+service)
			f.inputs = append(f.inputs, input)
			return f.answer(op)
		},
	}
}

func (f *fixture) schedule(at sim.Time, fn func(*api.Work)) {
	f.clock.Schedule(at, func(now sim.Time) { fn(f.work(now)) })
}

func (f *fixture) env() *api.Env {
	return &api.Env{Account: acct, Region: "us-east-1", Now: f.clock.Now(), Rand: f.rand, Schedule: f.schedule,
		Emit: func(e api.StepEvent) { f.steps = append(f.steps, e) }}
}

func (f *fixture) call(op, input string) (map[string]any, error) {
	o, ok := f.ops[op]
	if !ok {
		return nil, errors.New("no op " + op)
	}
	_, run, err := o.Prepare(f.env(), []byte(input))
	if err != nil {
		return nil, err
	}
	out, err := run()
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(out)
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

func (f *fixture) must(t *testing.T, op, input string) map[string]any {
	t.Helper()
	m, err := f.call(op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return m
}

func (f *fixture) advance(ms int64) { f.clock.AdvanceTo(f.clock.Now() + sim.Time(ms)) }

func launchInput(extra string) string {
	return `{"ImageId":"` + ECSAMI + `","InstanceType":"m5.large","MinCount":1,"MaxCount":1` + extra + `}`
}

func TestDefaultNetwork(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	subnets := f.must(t, "ec2:DescribeSubnets", `{}`)["Subnets"].([]any)
	if len(subnets) != 6 {
		t.Fatalf("%d subnets, want 6", len(subnets))
	}
	wantCIDR := []string{"172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20", "172.31.48.0/20", "172.31.64.0/20", "172.31.80.0/20"}
	for i, sn := range subnets {
		m := sn.(map[string]any)
		if m["CidrBlock"] != wantCIDR[i] || m["AvailabilityZone"] != "us-east-1"+string("abcdef"[i]) || m["DefaultForAz"] != true ||
			m["AvailableIpAddressCount"] != 4091.0 || !wellFormedID("subnet", m["SubnetId"].(string)) {
			t.Errorf("subnet %d = %v", i, m)
		}
	}
	vpcs := f.must(t, "ec2:DescribeVpcs", `{}`)["Vpcs"].([]any)
	if len(vpcs) != 1 || vpcs[0].(map[string]any)["CidrBlock"] != "172.31.0.0/16" || vpcs[0].(map[string]any)["IsDefault"] != true {
		t.Errorf("vpcs = %v", vpcs)
	}
	azs := f.must(t, "ec2:DescribeAvailabilityZones", `{"ZoneNames":["us-east-1c"]}`)["AvailabilityZones"].([]any)
	if len(azs) != 1 || azs[0].(map[string]any)["ZoneId"] != "use1-az3" || azs[0].(map[string]any)["State"] != "available" {
		t.Errorf("azs = %v", azs)
	}
	sgs := f.must(t, "ec2:DescribeSecurityGroups", `{"Filters":[{"Name":"group-name","Values":["default"]}]}`)["SecurityGroups"].([]any)
	if len(sgs) != 1 || sgs[0].(map[string]any)["VpcId"] != f.s.net.vpcID {
		t.Errorf("sgs = %v", sgs)
	}
}

func TestFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	tests := []struct {
		op, input, list string
		n               int
	}{
		{"ec2:DescribeSubnets", `{"Filters":[{"Name":"availability-zone","Values":["us-east-1a","us-east-1b"]}]}`, "Subnets", 2},
		{"ec2:DescribeSubnets", `{"Filters":[{"Name":"availability-zone","Values":["us-east-1*"]},{"Name":"default-for-az","Values":["true"]}]}`, "Subnets", 6},
		{"ec2:DescribeSubnets", `{"Filters":[{"Name":"vpc-id","Values":["vpc-00000000"]}]}`, "Subnets", 0},
		{"ec2:DescribeVpcs", `{"Filters":[{"Name":"is-default","Values":["true"]}]}`, "Vpcs", 1},
		{"ec2:DescribeAvailabilityZones", `{"Filters":[{"Name":"zone-id","Values":["use1-az?"]}]}`, "AvailabilityZones", 6},
		{"ec2:DescribeSecurityGroups", `{"Filters":[{"Name":"vpc-id","Values":["` + f.s.net.vpcID + `"]}]}`, "SecurityGroups", 1},
	}
	for _, tt := range tests {
		got := f.must(t, tt.op, tt.input)[tt.list].([]any)
		if len(got) != tt.n {
			t.Errorf("%s %s: %d, want %d", tt.op, tt.input, len(got), tt.n)
		}
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	out := f.must(t, "ec2:RunInstances", launchInput(`,"MaxCount":3,"SubnetId":"`+f.s.net.subnets[1].id+`","TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web"}]}]`))
	insts := out["Instances"].([]any)
	if len(insts) != 3 || !wellFormedID("r", out["ReservationId"].(string)) {
		t.Fatalf("launched %v", out)
	}
	first := insts[0].(map[string]any)
	id := first["InstanceId"].(string)
	if !wellFormedID("i", id) || first["State"].(map[string]any)["Name"] != "pending" || first["PrivateIpAddress"] != "172.31.16.4" ||
		first["Placement"].(map[string]any)["AvailabilityZone"] != "us-east-1b" || first["LaunchTime"] != "2026-01-01T00:00:00Z" {
		t.Errorf("first instance %v", first)
	}
	state := func() string {
		r := f.must(t, "ec2:DescribeInstances", `{"InstanceIds":["`+id+`"]}`)["Reservations"].([]any)
		return r[0].(map[string]any)["Instances"].([]any)[0].(map[string]any)["State"].(map[string]any)["Name"].(string)
	}
	f.advance(PendingMillis)
	if s := state(); s != "running" {
		t.Errorf("after %d ms: %s, want running", PendingMillis, s)
	}
	term := f.must(t, "ec2:TerminateInstances", `{"InstanceIds":["`+id+`"]}`)["TerminatingInstances"].([]any)[0].(map[string]any)
	if term["CurrentState"].(map[string]any)["Code"] != 32.0 || term["PreviousState"].(map[string]any)["Code"] != 16.0 {
		t.Errorf("terminate %v", term)
	}
	f.advance(ShuttingDownMillis)
	if s := state(); s != "terminated" {
		t.Errorf("%s, want terminated", s)
	}
	byTag := f.must(t, "ec2:DescribeInstances", `{"Filters":[{"Name":"tag:Name","Values":["web"]},{"Name":"instance-state-name","Values":["running"]}]}`)
	if r := byTag["Reservations"].([]any); len(r) != 1 || len(r[0].(map[string]any)["Instances"].([]any)) != 2 {
		t.Errorf("by tag %v", byTag)
	}
	f.advance(TerminatedVisibleMillis)
	if _, err := f.call("ec2:DescribeInstances", `{"InstanceIds":["`+id+`"]}`); !hasCode(err, "InvalidInstanceID.NotFound") {
		t.Errorf("an hour after: %v", err)
	}
	// Cost: two instances running since 15 s, billed per second.
	v := f.s.View(f.clock.Now())
	if got, want := v.CostPerSecond(), 2*0.096/3600; !near(got, want) {
		t.Errorf("CostPerSecond = %v, want %v", got, want)
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

func hasCode(err error, code string) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Code == code
}

func TestBilling(t *testing.T) {
	t.Parallel()
	in := InstanceView{PricePerHour: 3.6, RunningFrom: start}
	tests := []struct {
		name  string
		until sim.Time
		now   sim.Time
		secs  int64
	}{
		{"not started", 0, start - 1, 0},
		{"a second is billed a minute", 0, start + 1000, 60},
		{"per started second", 0, start + 90_500, 91},
		{"stopped at 2 min", start + 120_000, start + 999_000, 120},
	}
	for _, tt := range tests {
		in.RunningUntil = tt.until
		if got := BilledSeconds(in, tt.now); got != tt.secs {
			t.Errorf("%s: %d s, want %d", tt.name, got, tt.secs)
		}
		if got := (View{Instances: []InstanceView{in}}).Accrued(tt.now); !near(got, float64(tt.secs)*0.001) {
			t.Errorf("%s: accrued %v", tt.name, got)
		}
	}
}

// The ECS join: what the agent sends, as whom, and what a failure shows.
func TestJoinInputs(t *testing.T) {
	t.Parallel()
	role := "arn:aws:iam::123456789012:role/ecsInstanceRole"
	f := newFixture(t, role)
	ud := "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1mb29kID4+IC9ldGMvZWNzL2Vjcy5jb25maWcK" // echo ECS_CLUSTER=food >> /etc/ecs/ecs.config
	f.answer = func(op string) (json.RawMessage, error) {
		return json.RawMessage(`{"containerInstance":{"containerInstanceArn":"arn:aws:ecs:us-east-1:123456789012:container-instance/food/abc"}}`), nil
	}
	out := f.must(t, "ec2:RunInstances", launchInput(`,"IamInstanceProfile":{"Name":"ecsProfile"},"UserData":"`+ud+`"`))
	id := out["Instances"].([]any)[0].(map[string]any)["InstanceId"].(string)
	f.advance(PendingMillis)
	wantCalls := []string{"assume ec2.amazonaws.com " + role, "ecs:RegisterContainerInstance as arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/ec2 for ec2.amazonaws.com"}
	if d := cmp.Diff(wantCalls, f.calls); d != "" {
		t.Fatalf("calls (-want +got):\n%s", d)
	}
	in := f.inputs[0].(RegisterInput)
	if in.Cluster != "food" || *in.TotalResources[0].IntegerValue != 2048 || *in.TotalResources[1].IntegerValue != 7985 ||
		in.TotalResources[2].Name != "PORTS" || len(in.TotalResources[2].StringSetValue) != 5 {
		t.Errorf("input %+v", in)
	}
	var doc IdentityDocument
	if err := json.Unmarshal([]byte(in.InstanceIdentityDocument), &doc); err != nil || doc.InstanceID != id || doc.AccountID != acct || doc.InstanceType != "m5.large" {
		t.Errorf("identity document %s: %v", in.InstanceIdentityDocument, err)
	}
	if v := f.s.View(f.clock.Now()); v.Instances[0].ContainerInstanceARN == "" {
		t.Errorf("not joined: %+v", v.Instances[0])
	}
	// Terminated, it leaves the cluster with force.
	f.must(t, "ec2:TerminateInstances", `{"InstanceIds":["`+id+`"]}`)
	f.advance(ShuttingDownMillis)
	if len(f.inputs) != 2 || f.calls[3] != "ecs:DeregisterContainerInstance as arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/ec2 for ec2.amazonaws.com" {
		t.Fatalf("calls %v", f.calls)
	}
	if m := f.inputs[1].(map[string]any); m["force"] != true || m["cluster"] != "food" {
		t.Errorf("deregister input %v", m)
	}
}

// Without user data the agent joins "default"; a failed registration is a
// step event with the error.
func TestJoinFailureIsVisible(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "arn:aws:iam::123456789012:role/r")
	f.must(t, "ec2:RunInstances", launchInput(`,"IamInstanceProfile":{"Arn":"arn:aws:iam::123456789012:instance-profile/ecsProfile"}`))
	f.advance(PendingMillis)
	var got api.StepEvent
	for _, e := range f.steps {
		if e.Type == EventJoinFailed {
			got = e
		}
	}
	if got.Fields["cluster"] != "default" || got.Fields["errorCode"] != "UnknownOperationException" {
		t.Errorf("steps %+v", f.steps)
	}
	if v := f.s.View(f.clock.Now()); v.Instances[0].State != "running" {
		t.Errorf("state %s", v.Instances[0].State)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100000)
	tests := []struct{ name, op, input, code, msg string }{
		{"missing MinCount", "ec2:RunInstances", `{"ImageId":"` + ECSAMI + `","InstanceType":"t3.micro","MaxCount":1}`, "MissingParameter", "The request must contain the parameter MinCount"},
		{"missing ImageId", "ec2:RunInstances", `{"InstanceType":"t3.micro","MinCount":1,"MaxCount":1}`, "MissingParameter", "ImageId"},
		{"malformed AMI", "ec2:RunInstances", `{"ImageId":"ubuntu","InstanceType":"t3.micro","MinCount":1,"MaxCount":1}`, "InvalidAMIID.Malformed", `Invalid id: "ubuntu"`},
		{"unknown AMI", "ec2:RunInstances", `{"ImageId":"ami-12345678","InstanceType":"t3.micro","MinCount":1,"MaxCount":1}`, "InvalidAMIID.NotFound", "The image id '[ami-12345678]' does not exist"},
		{"unknown type", "ec2:RunInstances", launchInput(`,"InstanceType":"t9.huge"`), "InvalidParameterValue", "Invalid value 't9.huge' for InstanceType."},
		{"min over max", "ec2:RunInstances", launchInput(`,"MinCount":3`), "InvalidParameterValue", "minCount"},
		{"zero count", "ec2:RunInstances", launchInput(`,"MaxCount":0`), "InvalidParameterValue", "maxCount"},
		{"unknown subnet", "ec2:RunInstances", launchInput(`,"SubnetId":"subnet-12345678"`), "InvalidSubnetID.NotFound", "The subnet ID 'subnet-12345678' does not exist"},
		{"malformed subnet", "ec2:RunInstances", launchInput(`,"SubnetId":"default"`), "InvalidSubnetID.Malformed", `Invalid id: "default"`},
		{"unknown profile", "ec2:RunInstances", launchInput(`,"IamInstanceProfile":{"Name":"nope"}`), "InvalidParameterValue", "Value (nope) for parameter iamInstanceProfile.name is invalid"},
		{"profile by both", "ec2:RunInstances", launchInput(`,"IamInstanceProfile":{"Name":"a","Arn":"b"}`), "InvalidParameterCombination", "iamInstanceProfile"},
		{"bad user data", "ec2:RunInstances", launchInput(`,"UserData":"not base64!"`), "InvalidParameterValue", "Invalid BASE64 encoding of user data."},
		{"unknown member", "ec2:RunInstances", launchInput(`,"Imageid":"x"`), "InvalidParameterValue", `Unknown parameter in input: "Imageid"`},
		{"aws tag", "ec2:RunInstances", launchInput(`,"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"aws:x","Value":""}]}]`), "InvalidParameterValue", "aws:"},
		{"too many vCPUs", "ec2:RunInstances", launchInput(`,"InstanceType":"m5.4xlarge","MinCount":300,"MaxCount":300`), "VcpuLimitExceeded", "vCPU limit of 4096"},
		{"unknown filter", "ec2:DescribeSubnets", `{"Filters":[{"Name":"colour","Values":["x"]}]}`, "InvalidParameterValue", "The filter 'colour' is invalid"},
		{"huge filter name", "ec2:DescribeVpcs", `{"Filters":[{"Name":"` + long + `","Values":["x"]}]}`, "InvalidParameterValue", "…"},
		{"unknown instance", "ec2:DescribeInstances", `{"InstanceIds":["i-0123456789abcdef0"]}`, "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist"},
		{"malformed instance", "ec2:TerminateInstances", `{"InstanceIds":["web-1"]}`, "InvalidInstanceID.Malformed", `Invalid id: "web-1"`},
		{"terminate none", "ec2:TerminateInstances", `{}`, "MissingParameter", "InstanceId"},
		{"MaxResults with ids", "ec2:DescribeInstances", `{"InstanceIds":["i-0123456789abcdef0"],"MaxResults":5}`, "InvalidParameterCombination", "maxResults"},
		{"unknown zone", "ec2:DescribeAvailabilityZones", `{"ZoneNames":["us-east-1z"]}`, "InvalidParameterValue", "us-east-1z"},
		{"unknown vpc", "ec2:DescribeVpcs", `{"VpcIds":["vpc-12345678"]}`, "InvalidVpcID.NotFound", "The vpc ID 'vpc-12345678' does not exist"},
		{"unknown group name", "ec2:DescribeSecurityGroups", `{"GroupNames":["web"]}`, "InvalidGroup.NotFound", "The security group 'web' does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			before := f.s.View(start)
			_, err := f.call(tt.op, tt.input)
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("got %.300v, want %s containing %q", err, tt.code, tt.msg)
			}
			if n := utf8.RuneCountInString(e.Message); n > 400 {
				t.Errorf("message of %d code points", n)
			}
			if d := cmp.Diff(before, f.s.View(start)); d != "" {
				t.Errorf("EC2 changed on error:\n%s", d)
			}
		})
	}
}

// DescribeInstances pages by MaxResults and NextToken, reservations kept
// together.
func TestDescribeInstancesPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.must(t, "ec2:RunInstances", launchInput(`,"InstanceType":"t3.micro","MinCount":7,"MaxCount":7`))
	seen := 0
	token := ""
	for pages := 0; pages < 3; pages++ {
		in := `{"MaxResults":5}`
		if token != "" {
			in = `{"MaxResults":5,"NextToken":"` + token + `"}`
		}
		out := f.must(t, "ec2:DescribeInstances", in)
		for _, r := range out["Reservations"].([]any) {
			seen += len(r.(map[string]any)["Instances"].([]any))
		}
		tok, _ := out["NextToken"].(string)
		if token = tok; token == "" {
			break
		}
	}
	if seen != 7 {
		t.Errorf("saw %d instances over the pages, want 7", seen)
	}
}

func TestRegisteredMemory(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		typ  string
		want int
	}{{"m5.large", 7985}, {"t3.micro", 998}, {"r5.xlarge", 31940}} {
		typ, _ := LookupType(tt.typ)
		if got := RegisteredMemoryMiB(typ); got != tt.want || got >= typ.MemoryMiB {
			t.Errorf("%s: %d MiB, want %d (< %d)", tt.typ, got, tt.want, typ.MemoryMiB)
		}
	}
}

// DescribeInstanceTypes answers with the table's vCPUs, memory and
// network interfaces (ECS counts awsvpc tasks' interfaces from it), and
// refuses a type it does not have.
func TestDescribeInstanceTypes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	out, err := f.call("ec2:DescribeInstanceTypes", `{"InstanceTypes":["m5.large","t2.micro"]}`)
	if err != nil {
		t.Fatal(err)
	}
	types := out["InstanceTypes"].([]any)
	want := map[string]float64{"m5.large": 3, "t2.micro": 2}
	for _, x := range types {
		it := x.(map[string]any)
		if n := it["NetworkInfo"].(map[string]any)["MaximumNetworkInterfaces"].(float64); n != want[it["InstanceType"].(string)] {
			t.Errorf("%v: MaximumNetworkInterfaces %v, want %v", it["InstanceType"], n, want[it["InstanceType"].(string)])
		}
	}
	if len(types) != 2 {
		t.Errorf("%d types, want 2", len(types))
	}
	for _, typ := range InstanceTypes() {
		if typ.MaxENIs < 2 {
			t.Errorf("%s has %d network interfaces in the table; every type has at least 2", typ.Name, typ.MaxENIs)
		}
	}
	if _, err := f.call("ec2:DescribeInstanceTypes", `{"InstanceTypes":["x9.huge"]}`); err == nil || !strings.Contains(err.Error(), "InvalidParameterValue") {
		t.Errorf("an unknown type: %v, want InvalidParameterValue", err)
	}
}
