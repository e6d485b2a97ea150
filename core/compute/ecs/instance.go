package ecs

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// instance is one container instance.
type instance struct {
	id, arn   string
	cluster   *cluster
	ec2ID     string
	status    string // ACTIVE, DRAINING, INACTIVE
	connected bool   // agentConnected
	regAt     sim.Time
	role      string // the IAM role the agent registered as ("" when a user registered it)
	doc       string // the instance identity document as given

	cpu, mem       int64           // registered
	ports, udp     []string        // registered (reserved) ports
	remCPU, remMem int64           // remaining
	used           map[string]bool // host ports in use: "tcp/80"
	attrs          map[string]string
	groups         map[string]int // running tasks by group
	running        int            // tasks not STOPPED on it
	regSeq         int64          // the cluster's seq when it registered
	// enis is how many network interfaces awsvpc tasks may have on it:
	// the instance type's maximum less the instance's own primary one
	// (-1: unknown, no limit); usedENI how many they have.
	enis, usedENI int
	deregSeq      int64 // and when it left (0: still there)
}

// Attribute implements Subject.
func (in *instance) Attribute(name string) (string, bool) {
	v, ok := in.attrs[name]
	return v, ok
}

// Field implements Subject.
func (in *instance) Field(name string) string {
	switch name {
	case "agentConnected":
		return strconv.FormatBool(in.connected)
	case "agentVersion":
		return agentVersion
	case "ec2InstanceId":
		return in.ec2ID
	case "registeredAt":
		return in.regAt.String()
	case "runningTasksCount":
		return strconv.Itoa(in.running)
	}
	return ""
}

// HasGroup implements Subject.
func (in *instance) HasGroup(g string) bool { return in.groups[g] > 0 }

// Groups implements Subject.
func (in *instance) Groups() []string {
	var out []string
	for _, g := range sortedKeys(in.groups) {
		if in.groups[g] > 0 {
			out = append(out, g)
		}
	}
	return out
}

// agentVersion is the ECS agent version the playground's instances report
// (a recent release; the playground's choice).
const agentVersion = "1.89.2"

type resourceIn struct {
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	IntegerValue   *int64   `json:"integerValue"`
	DoubleValue    *float64 `json:"doubleValue"`
	LongValue      *int64   `json:"longValue"`
	StringSetValue []string `json:"stringSetValue"`
}

type attributeIn struct {
	Name       string `json:"name" aws:"required"`
	Value      string `json:"value"`
	TargetType string `json:"targetType"`
	TargetID   string `json:"targetId"`
}

type registerInstanceInput struct {
	Cluster                           string        `json:"cluster"`
	InstanceIdentityDocument          string        `json:"instanceIdentityDocument"`
	InstanceIdentityDocumentSignature string        `json:"instanceIdentityDocumentSignature"`
	TotalResources                    []resourceIn  `json:"totalResources"`
	VersionInfo                       any           `json:"versionInfo"`
	ContainerInstanceArn              string        `json:"containerInstanceArn"`
	Attributes                        []attributeIn `json:"attributes"`
	PlatformDevices                   []any         `json:"platformDevices"`
	Tags                              []tag         `json:"tags"`
}

type identityDoc struct {
	InstanceID       string `json:"instanceId"`
	InstanceType     string `json:"instanceType"`
	AvailabilityZone string `json:"availabilityZone"`
	Region           string `json:"region"`
	AccountID        string `json:"accountId"`
	ImageID          string `json:"imageId"`
	PrivateIP        string `json:"privateIp"`
}

// Limits of attributes: "You can apply up to 10 custom attributes for
// each resource"; names up to 128 characters of letters, numbers,
// hyphens, underscores, forward slashes, back slashes or periods; values
// up to 128 characters
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html#attributes).
const (
	maxCustomAttributes = 10
	maxAttrLength       = 128
)

func checkAttribute(a attributeIn) error {
	if a.Name == "" || len(a.Name) > maxAttrLength || strings.IndexFunc(a.Name, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-_/\\.", r))
	}) >= 0 {
		return errInvalid("Invalid attribute name %q: up to 128 letters (uppercase and lowercase), numbers, hyphens, underscores, forward slashes, back slashes, or periods are allowed.", clip(a.Name))
	}
	if len(a.Value) > maxAttrLength {
		return errInvalid("Invalid value for attribute %q: the value can have at most 128 characters.", clip(a.Name))
	}
	return nil
}

// prepareRegisterInstance is RegisterContainerInstance
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html),
// "intended for use only by the Amazon ECS agent": the EC2 agent calls it
// as the instance profile's role with the instance identity document and
// the resources it found (CPU in units, 1,024 a vCPU; MEMORY in MiB, less
// than the instance has, as "Container instance memory management" in the
// ECS developer guide documents; PORTS reserved), and a scenario calls it
// to state a cluster's capacity exactly.
func (s *Service) prepareRegisterInstance(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in registerInstanceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var doc identityDoc
	if in.InstanceIdentityDocument != "" {
		if err := json.Unmarshal([]byte(in.InstanceIdentityDocument), &doc); err != nil {
			return nil, nil, errInvalid("instanceIdentityDocument is not a valid instance identity document: %s", clip(err.Error()))
		}
	}
	inst := &instance{ec2ID: doc.InstanceID, attrs: map[string]string{}, used: map[string]bool{}, groups: map[string]int{},
		ports: []string{}, udp: []string{}, doc: in.InstanceIdentityDocument, connected: true, status: statusActive}
	for _, r := range in.TotalResources {
		if err := inst.setResource(r); err != nil {
			return nil, nil, err
		}
	}
	if doc.InstanceType != "" {
		inst.attrs["ecs.instance-type"] = doc.InstanceType
	}
	if doc.AvailabilityZone != "" {
		inst.attrs["ecs.availability-zone"] = doc.AvailabilityZone
	}
	if doc.ImageID != "" {
		inst.attrs["ecs.ami-id"] = doc.ImageID
	}
	custom := 0
	for _, a := range in.Attributes {
		if err := checkAttribute(a); err != nil {
			return nil, nil, err
		}
		if !strings.HasPrefix(a.Name, "ecs.") {
			custom++
		}
		inst.attrs[a.Name] = a.Value
	}
	if custom > maxCustomAttributes {
		return nil, nil, errInvalid("You can apply up to %d custom attributes per resource.", maxCustomAttributes)
	}
	for k, v := range map[string]string{"ecs.os-type": "linux", "ecs.cpu-architecture": "x86_64"} {
		if _, ok := inst.attrs[k]; !ok {
			inst.attrs[k] = v
		}
	}
	return []api.Action{{Action: "ecs:RegisterContainerInstance", Resource: s.clusterARN(in.Cluster)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		if old := s.ec2[inst.ec2ID]; inst.ec2ID != "" && old != nil && old.status != statusInactive {
			// The agent registering again: the same container instance.
			return map[string]any{"containerInstance": s.instanceOut(old)}, nil
		}
		if len(c.instances) >= MaxInstancesPerCluster {
			return nil, api.Errorf(limitExceeded, "The cluster %s already has %d container instances, the quota per cluster.", clip(c.name), MaxInstancesPerCluster)
		}
		inst.enis = taskENIs(env, inst.attrs["ecs.instance-type"])
		inst.id = hexID(env.Rand)
		inst.arn = s.arn("container-instance/" + c.name + "/" + inst.id)
		inst.cluster, inst.regAt, inst.role = c, env.Now, env.Caller.Role
		inst.remCPU, inst.remMem = inst.cpu, inst.mem
		c.seq++
		inst.regSeq = c.seq
		c.instances = append(c.instances, inst)
		s.instances[inst.id] = inst
		if inst.ec2ID != "" {
			s.ec2[inst.ec2ID] = inst
		}
		emit(env.Emit, "ContainerInstanceRegistered", map[string]string{"cluster": c.name, "containerInstance": inst.arn, "ec2InstanceId": inst.ec2ID})
		return map[string]any{"containerInstance": s.instanceOut(inst)}, nil
	}, nil
}

func (inst *instance) setResource(r resourceIn) error {
	intVal := func() (int64, error) {
		switch {
		case r.IntegerValue != nil:
			return *r.IntegerValue, nil
		case r.LongValue != nil:
			return *r.LongValue, nil
		case r.DoubleValue != nil:
			return int64(*r.DoubleValue), nil
		}
		return 0, errInvalid("Resource %s needs an integerValue.", clip(r.Name))
	}
	switch r.Name {
	case "CPU", "MEMORY":
		v, err := intVal()
		if err != nil {
			return err
		}
		if v < 0 || v > 1<<40 {
			return errInvalid("Resource %s must have a value from 0 to %d.", r.Name, int64(1)<<40)
		}
		if r.Name == "CPU" {
			inst.cpu = v
		} else {
			inst.mem = v
		}
	case "PORTS", "PORTS_UDP":
		if len(r.StringSetValue) > 100 {
			return errInvalid("Resource %s can list at most 100 ports.", r.Name)
		}
		for _, p := range r.StringSetValue {
			if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
				return errInvalid("Resource %s: %q is not a port number.", r.Name, clip(p))
			}
		}
		if r.Name == "PORTS" {
			inst.ports = slices.Clone(r.StringSetValue)
		} else {
			inst.udp = slices.Clone(r.StringSetValue)
		}
	default:
		return errInvalid("Unknown resource %q: want CPU, MEMORY, PORTS or PORTS_UDP.", clip(r.Name))
	}
	return nil
}

type resourceOut struct {
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	DoubleValue    float64  `json:"doubleValue"`
	LongValue      int64    `json:"longValue"`
	IntegerValue   int64    `json:"integerValue"`
	StringSetValue []string `json:"stringSetValue,omitempty"`
}

type attributeOut struct {
	Name       string `json:"name"`
	Value      string `json:"value,omitempty"`
	TargetType string `json:"targetType,omitempty"`
	TargetID   string `json:"targetId,omitempty"`
}

func resources(cpu, mem int64, ports, udp []string) []resourceOut {
	return []resourceOut{
		{Name: "CPU", Type: "INTEGER", IntegerValue: cpu},
		{Name: "MEMORY", Type: "INTEGER", IntegerValue: mem},
		{Name: "PORTS", Type: "STRINGSET", StringSetValue: nonNil(ports)},
		{Name: "PORTS_UDP", Type: "STRINGSET", StringSetValue: nonNil(udp)},
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Service) instanceOut(in *instance) map[string]any {
	var usedTCP, usedUDP []string
	usedTCP = append(usedTCP, in.ports...)
	usedUDP = append(usedUDP, in.udp...)
	for _, k := range sortedKeys(in.used) {
		proto, port, _ := strings.Cut(k, "/")
		if proto == "udp" {
			usedUDP = append(usedUDP, port)
		} else {
			usedTCP = append(usedTCP, port)
		}
	}
	attrs := []attributeOut{}
	for _, k := range sortedKeys(in.attrs) {
		attrs = append(attrs, attributeOut{Name: k, Value: in.attrs[k]})
	}
	pending := 0
	running := 0
	for _, t := range in.cluster.tasks {
		if t.inst == in {
			switch t.lastStatus {
			case "RUNNING":
				running++
			case "PROVISIONING", "PENDING", "ACTIVATING":
				pending++
			}
		}
	}
	out := map[string]any{
		"containerInstanceArn": in.arn,
		"ec2InstanceId":        in.ec2ID,
		"version":              1,
		"versionInfo":          map[string]string{"agentVersion": agentVersion, "agentHash": "playground", "dockerVersion": "DockerVersion: 25.0.8"},
		"status":               in.status,
		"agentConnected":       in.connected,
		"runningTasksCount":    running,
		"pendingTasksCount":    pending,
		"registeredAt":         in.regAt.String(),
		"registeredResources":  resources(in.cpu, in.mem, in.ports, in.udp),
		"remainingResources":   resources(in.remCPU, in.remMem, usedTCP, usedUDP),
		"attributes":           attrs,
	}
	return out
}

// findInstance finds the container instance ref (an ARN or id) in c.
func (s *Service) findInstance(c *cluster, ref string) *instance {
	id := ref
	if i := strings.LastIndex(ref, "/"); i >= 0 {
		id = ref[i+1:]
	}
	in := s.instances[id]
	if in == nil || in.cluster != c || (strings.HasPrefix(ref, "arn:") && ref != in.arn) {
		return nil
	}
	return in
}

type deregisterInstanceInput struct {
	Cluster           string `json:"cluster"`
	ContainerInstance string `json:"containerInstance" aws:"required"`
	Force             *bool  `json:"force"`
}

// prepareDeregisterInstance is DeregisterContainerInstance
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html).
// Without force, an instance with tasks is refused ("If you have tasks
// running on the container instance when you deregister it with the force
// option, these tasks remain running until you terminate the instance or
// the tasks stop through some other means, but they're orphaned"): the
// playground stops them, as the EC2 instance they ran on is gone when F2's
// agent calls it.
func (s *Service) prepareDeregisterInstance(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in deregisterInstanceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "ecs:DeregisterContainerInstance", Resource: s.clusterARN(in.Cluster)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		inst := s.findInstance(c, in.ContainerInstance)
		if inst == nil || inst.status == statusInactive {
			return nil, errInvalid("Container instance not found: %s", clip(in.ContainerInstance))
		}
		force := in.Force != nil && *in.Force
		if inst.running > 0 && !force {
			return nil, errInvalid("Found running tasks on the instance.")
		}
		for _, t := range c.tasks {
			if t.inst == inst && t.lastStatus != "STOPPED" {
				s.stopTask(env.Schedule, env.Emit, env.Now, t, "TaskFailedToStart", "Container instance deregistration forced by user")
				s.finishStop(env.Schedule, env.Emit, env.Now, t)
			}
		}
		inst.status = statusInactive
		inst.connected = false
		c.seq++
		inst.deregSeq = c.seq
		c.instances = slices.DeleteFunc(c.instances, func(x *instance) bool { return x == inst })
		if s.ec2[inst.ec2ID] == inst {
			delete(s.ec2, inst.ec2ID)
		}
		emit(env.Emit, "ContainerInstanceDeregistered", map[string]string{"cluster": c.name, "containerInstance": inst.arn})
		return map[string]any{"containerInstance": s.instanceOut(inst)}, nil
	}, nil
}

type describeInstancesInput struct {
	Cluster            string   `json:"cluster"`
	ContainerInstances []string `json:"containerInstances" aws:"required"`
	Include            []string `json:"include"`
}

// prepareDescribeInstances is DescribeContainerInstances (up to 100).
func (s *Service) prepareDescribeInstances(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeInstancesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.ContainerInstances) > 100 {
		return nil, nil, errInvalid("containerInstances can have at most 100 items.")
	}
	cname := s.clusterName(in.Cluster)
	var acts []api.Action
	for _, ref := range in.ContainerInstances {
		id := ref[strings.LastIndex(ref, "/")+1:]
		acts = append(acts, api.Action{Action: "ecs:DescribeContainerInstances", Resource: s.arn("container-instance/" + cname + "/" + id)})
	}
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		fails := []failure{}
		for _, ref := range in.ContainerInstances {
			if inst := s.findInstance(c, ref); inst != nil {
				out = append(out, s.instanceOut(inst))
			} else {
				fails = append(fails, failure{Arn: ref, Reason: "MISSING"})
			}
		}
		return map[string]any{"containerInstances": out, "failures": fails}, nil
	}, nil
}

type listInstancesInput struct {
	Cluster    string `json:"cluster"`
	Filter     string `json:"filter"`
	Status     string `json:"status"`
	MaxResults *int   `json:"maxResults"`
	NextToken  string `json:"nextToken"`
}

// prepareListInstances is ListContainerInstances, with filter an
// expression of the cluster query language.
func (s *Service) prepareListInstances(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listInstancesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var q *Query
	if in.Filter != "" {
		var err error
		if q, err = ParseQuery(in.Filter); err != nil {
			return nil, nil, queryError(err)
		}
	}
	switch in.Status {
	case "", statusActive, statusDraining, "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED":
	default:
		return nil, nil, errInvalid("status must be one of ACTIVE, DRAINING, REGISTERING, DEREGISTERING, REGISTRATION_FAILED.")
	}
	return []api.Action{{Action: "ecs:ListContainerInstances", Resource: s.clusterARN(in.Cluster)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		var arns []string
		for _, inst := range c.instances {
			if in.Status != "" && inst.status != in.Status {
				continue
			}
			if q == nil || q.Match(inst) {
				arns = append(arns, inst.arn)
			}
		}
		page, next, err := paginate(arns, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"containerInstanceArns": page}, next), nil
	}, nil
}

// queryError words a query syntax error as ECS's InvalidParameterException,
// with the position (counted from 0).
func queryError(err error) error {
	return errInvalid("The cluster query expression is invalid: %s", err.Error())
}

type putAttributesInput struct {
	Cluster    string        `json:"cluster"`
	Attributes []attributeIn `json:"attributes" aws:"required"`
}

// preparePutAttributes is PutAttributes
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html):
// targets are container instances (targetType container-instance).
func (s *Service) preparePutAttributes(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putAttributesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Attributes) > maxCustomAttributes {
		return nil, nil, errInvalid("attributes can have at most %d items.", maxCustomAttributes)
	}
	cname := s.clusterName(in.Cluster)
	var acts []api.Action
	for _, a := range in.Attributes {
		if err := checkAttribute(a); err != nil {
			return nil, nil, err
		}
		if a.TargetType != "" && a.TargetType != "container-instance" {
			return nil, nil, errInvalid("targetType must be container-instance.")
		}
		if a.TargetID == "" {
			return nil, nil, errInvalid("Attribute %q needs a targetId.", clip(a.Name))
		}
		id := a.TargetID[strings.LastIndex(a.TargetID, "/")+1:]
		acts = append(acts, api.Action{Action: "ecs:PutAttributes", Resource: s.arn("container-instance/" + cname + "/" + id)})
	}
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		targets := make([]*instance, len(in.Attributes))
		for i, a := range in.Attributes {
			if targets[i] = s.findInstance(c, a.TargetID); targets[i] == nil || targets[i].status == statusInactive {
				return nil, api.Errorf(targetNotFound, "Could not find %s.", clip(a.TargetID))
			}
		}
		added := map[*instance]map[string]bool{}
		for i, a := range in.Attributes {
			if _, has := targets[i].attrs[a.Name]; !has && !strings.HasPrefix(a.Name, "ecs.") {
				if added[targets[i]] == nil {
					added[targets[i]] = map[string]bool{}
				}
				added[targets[i]][a.Name] = true
			}
		}
		for _, inst := range targets {
			if customAttrs(inst)+len(added[inst]) > maxCustomAttributes {
				return nil, errInvalid("You can apply up to %d custom attributes per resource.", maxCustomAttributes)
			}
		}
		for i, a := range in.Attributes {
			targets[i].attrs[a.Name] = a.Value
		}
		out := []attributeOut{}
		for i, a := range in.Attributes {
			out = append(out, attributeOut{Name: a.Name, Value: a.Value, TargetType: "container-instance", TargetID: targets[i].arn})
		}
		return map[string]any{"attributes": out}, nil
	}, nil
}

func customAttrs(in *instance) int {
	n := 0
	for k := range in.attrs {
		if !strings.HasPrefix(k, "ecs.") {
			n++
		}
	}
	return n
}

type listAttributesInput struct {
	Cluster        string `json:"cluster"`
	TargetType     string `json:"targetType" aws:"required"`
	AttributeName  string `json:"attributeName"`
	AttributeValue string `json:"attributeValue"`
	MaxResults     *int   `json:"maxResults"`
	NextToken      string `json:"nextToken"`
}

// prepareListAttributes is ListAttributes.
func (s *Service) prepareListAttributes(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listAttributesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.TargetType != "container-instance" {
		return nil, nil, errInvalid("targetType must be container-instance.")
	}
	if in.AttributeValue != "" && in.AttributeName == "" {
		return nil, nil, errInvalid("attributeValue can be given only with attributeName.")
	}
	return []api.Action{{Action: "ecs:ListAttributes", Resource: s.clusterARN(in.Cluster)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		var all []attributeOut
		for _, inst := range c.instances {
			for _, k := range sortedKeys(inst.attrs) {
				if (in.AttributeName == "" || k == in.AttributeName) && (in.AttributeValue == "" || inst.attrs[k] == in.AttributeValue) {
					all = append(all, attributeOut{Name: k, Value: inst.attrs[k], TargetType: "container-instance", TargetID: inst.arn})
				}
			}
		}
		keys := make([]string, len(all))
		for i := range all {
			keys[i] = fmt.Sprint(i)
		}
		page, next, err := paginate(keys, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		out := []attributeOut{}
		for _, k := range page {
			i, _ := strconv.Atoi(k)
			out = append(out, all[i])
		}
		return withToken(map[string]any{"attributes": out}, next), nil
	}, nil
}

// emit reports a step event of ECS, when there is someone to report to.
func emit(e func(api.StepEvent), typ string, fields map[string]string) {
	if e != nil {
		e(api.StepEvent{Service: "ecs", Type: typ, Fields: fields})
	}
}

// taskENIs is how many awsvpc tasks an instance of type typ can hold:
// "Each task that uses the awsvpc network mode receives its own elastic
// network interface", and the instance's primary interface is its own
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html;
// the limits per type: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html).
// ECS reads the type's limit from EC2 through the dispatcher
// (ec2:DescribeInstanceTypes, as the account's root user: the playground's
// stand-in for ECS's service-linked role, as subnetZones). A type EC2 does
// not know, or an account without EC2, leaves it unlimited (-1).
func taskENIs(env *api.Env, typ string) int {
	if typ == "" || env.Call == nil {
		return -1
	}
	out, err := env.Call("arn:aws:iam::"+env.Account+":root", "ec2:DescribeInstanceTypes", map[string]any{"InstanceTypes": []string{typ}})
	if err != nil {
		return -1
	}
	var res struct {
		InstanceTypes []struct {
			NetworkInfo struct{ MaximumNetworkInterfaces int }
		}
	}
	if json.Unmarshal(out, &res) != nil || len(res.InstanceTypes) != 1 || res.InstanceTypes[0].NetworkInfo.MaximumNetworkInterfaces < 1 {
		return -1
	}
	return res.InstanceTypes[0].NetworkInfo.MaximumNetworkInterfaces - 1
}
