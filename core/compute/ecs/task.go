package ecs

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// task is one task.
type task struct {
	id, arn    string
	cluster    *cluster
	td         *taskDef
	inst       *instance // nil on Fargate
	svc        *ecsService
	launchType string
	group      string
	startedBy  string
	az, subnet string
	eni        string // the private IPv4 address of an awsvpc task
	req        *requirement

	lastStatus, desiredStatus string
	created, started          sim.Time
	pullStarted, pullStopped  sim.Time
	stopping, stopped         sim.Time
	stopCode, stoppedReason   string
	gen                       int // counts transitions started; a stale scheduled one is ignored

	placeSeq, releaseSeq int64 // the cluster's seq when it took and gave back its resources
	tie                  int   // how many candidates tied when it was placed
}

// Task lifecycle durations in simulated time: the playground's own
// choices (AWS documents the states, not how long each lasts:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html).
const (
	provisionMillis  = 5000 // PROVISIONING: the task's network interface is attached (awsvpc, Fargate)
	pendingMillis    = 1000 // PENDING before the image pull starts
	pullMillis       = 3000 // the image pull
	activateMillis   = 1000 // ACTIVATING (awsvpc)
	deactivateMillis = 1000 // DEACTIVATING (awsvpc)
	stoppingMillis   = 2000 // STOPPING: the containers get SIGTERM, then SIGKILL
	deprovisionMs    = 1000 // DEPROVISIONING (awsvpc)
	// keepStopped is how many stopped tasks a cluster keeps for
	// DescribeTasks and ExplainPlacement (AWS shows a stopped task for at
	// least an hour; the playground keeps the newest, its own bound).
	keepStopped = 1000
)

func (t *task) awsvpc() bool { return t.td.network == "awsvpc" }

func (t *task) out() map[string]any {
	containers := []map[string]any{}
	for _, c := range t.td.in.ContainerDefinitions {
		m := map[string]any{"taskArn": t.arn, "name": c.Name, "image": c.Image, "lastStatus": containerStatus(t.lastStatus),
			"cpu": strconv.FormatInt(c.CPU, 10), "networkBindings": []any{}, "networkInterfaces": []any{}}
		if c.Memory != nil {
			m["memory"] = strconv.FormatInt(*c.Memory, 10)
		}
		if c.MemoryReservation != nil {
			m["memoryReservation"] = strconv.FormatInt(*c.MemoryReservation, 10)
		}
		if strings.HasPrefix(t.stoppedReason, "CannotPullContainerError") {
			m["reason"] = t.stoppedReason
		}
		containers = append(containers, m)
	}
	out := map[string]any{
		"taskArn": t.arn, "clusterArn": t.cluster.arn, "taskDefinitionArn": t.td.arn,
		"lastStatus": t.lastStatus, "desiredStatus": t.desiredStatus, "launchType": t.launchType,
		"cpu": strconv.FormatInt(t.req.cpu, 10), "memory": strconv.FormatInt(t.req.mem, 10),
		"containers": containers, "createdAt": t.created.Milli(), "group": t.group, "version": t.gen + 1,
		"availabilityZone": t.az, "connectivity": "CONNECTED", "overrides": map[string]any{"containerOverrides": []any{}},
		"attachments": t.attachments(), "tags": []any{},
	}
	if t.inst != nil {
		out["containerInstanceArn"] = t.inst.arn
	}
	if t.launchType == "FARGATE" {
		out["platformVersion"] = "1.4.0"
		out["platformFamily"] = "Linux"
		if strings.HasPrefix(t.td.os, "WINDOWS") {
			out["platformFamily"] = "WINDOWS_SERVER_2019_FULL"
		}
		out["ephemeralStorage"] = map[string]int{"sizeInGiB": t.td.ephemeral}
	}
	for k, v := range map[string]sim.Time{"startedAt": t.started, "pullStartedAt": t.pullStarted, "pullStoppedAt": t.pullStopped,
		"stoppingAt": t.stopping, "stoppedAt": t.stopped, "executionStoppedAt": t.stopped} {
		if v != 0 {
			out[k] = v.Milli()
		}
	}
	if t.startedBy != "" {
		out["startedBy"] = t.startedBy
	}
	if t.stopCode != "" {
		out["stopCode"] = t.stopCode
		out["stoppedReason"] = t.stoppedReason
	}
	return out
}

func containerStatus(s string) string {
	switch s {
	case "RUNNING", "STOPPED", "PENDING":
		return s
	case "PROVISIONING":
		return "PENDING"
	case "ACTIVATING":
		return "PENDING"
	}
	return "RUNNING"
}

func (t *task) attachments() []map[string]any {
	if !t.awsvpc() {
		return []map[string]any{}
	}
	status := "ATTACHED"
	switch t.lastStatus {
	case "PROVISIONING":
		status = "PRECREATED"
	case "STOPPED":
		status = "DELETED"
	}
	return []map[string]any{{"id": t.id[:8] + "-eni", "type": "ElasticNetworkInterface", "status": status,
		"details": []map[string]string{{"name": "subnetId", "value": t.subnet}, {"name": "privateIPv4Address", "value": t.eni}}}}
}

type awsvpcConfiguration struct {
	Subnets        []string `json:"subnets"`
	SecurityGroups []string `json:"securityGroups"`
	AssignPublicIP string   `json:"assignPublicIp"`
}

type networkConfiguration struct {
	AwsvpcConfiguration *awsvpcConfiguration `json:"awsvpcConfiguration"`
}

type runTaskInput struct {
	Cluster                  string                `json:"cluster"`
	TaskDefinition           string                `json:"taskDefinition" aws:"required"`
	Count                    *int                  `json:"count"`
	LaunchType               string                `json:"launchType"`
	PlacementConstraints     []placementConstraint `json:"placementConstraints"`
	PlacementStrategy        []placementStrategy   `json:"placementStrategy"`
	Group                    string                `json:"group"`
	NetworkConfiguration     *networkConfiguration `json:"networkConfiguration"`
	StartedBy                string                `json:"startedBy"`
	Overrides                any                   `json:"overrides"`
	PlatformVersion          string                `json:"platformVersion"`
	Tags                     []tag                 `json:"tags"`
	CapacityProviderStrategy []any                 `json:"capacityProviderStrategy"`
	EnableECSManagedTags     *bool                 `json:"enableECSManagedTags"`
	EnableExecuteCommand     *bool                 `json:"enableExecuteCommand"`
	PropagateTags            string                `json:"propagateTags"`
	ReferenceID              string                `json:"referenceId"`
	ClientToken              string                `json:"clientToken"`
}

var groupRE = regexp.MustCompile(`^[a-zA-Z0-9_:.-]{1,255}$`)

// launch is what RunTask, StartTask and a service's scheduler share: the
// validated request to start tasks of one definition.
type launch struct {
	td         *taskDef
	launchType string
	req        *requirement
	subnets    []string
	startedBy  string
	svc        *ecsService
	zones      map[string]string // the Availability Zone of each subnet ("" when unknown)
}

// newLaunch validates a request to run td with the call's constraints,
// strategies, group and network configuration.
func (s *Service) newLaunch(td *taskDef, launchType, group string, pcs []placementConstraint, sts []placementStrategy, nc *networkConfiguration) (*launch, error) {
	switch launchType {
	case "":
		launchType = "EC2"
	case "EC2", "FARGATE":
	case "EXTERNAL", "MANAGED_INSTANCES":
		return nil, errInvalid("The playground runs tasks with launchType EC2 or FARGATE only.")
	default:
		return nil, errInvalid("Invalid launchType %q: must be EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES.", clip(launchType))
	}
	if !slices.Contains(td.compat, launchType) {
		return nil, errInvalid("Task definition does not support launch_type %s.", launchType)
	}
	if group == "" {
		group = "family:" + td.family
	} else if !groupRE.MatchString(group) {
		return nil, errInvalid("Invalid group %q: up to 255 letters (uppercase and lowercase), numbers, hyphens, underscores, colons and periods are allowed.", clip(group))
	}
	l := &launch{td: td, launchType: launchType}
	if launchType == "FARGATE" && (len(pcs) > 0 || len(sts) > 0) {
		return nil, errInvalid("Task placement constraints and strategies are not supported for tasks with launch type FARGATE.")
	}
	cons, err := parseConstraints(append(slices.Clone(td.in.PlacementConstraints), pcs...))
	if err != nil {
		return nil, err
	}
	if err := checkStrategies(sts); err != nil {
		return nil, err
	}
	l.req = &requirement{cpu: td.cpu, mem: td.mem, ports: td.hostPorts(), os: td.os, arch: td.arch, group: group,
		constraints: cons, strategies: sts, eni: td.network == "awsvpc" && l.launchType == "EC2"}
	if td.network == "awsvpc" {
		if nc == nil || nc.AwsvpcConfiguration == nil {
			return nil, errInvalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
		}
		subnets := nc.AwsvpcConfiguration.Subnets
		if len(subnets) == 0 {
			return nil, errInvalid("subnets can not be empty.")
		}
		if len(subnets) > 16 {
			return nil, errInvalid("subnets can have at most 16 items.")
		}
		for _, sn := range subnets {
			if !subnetRE.MatchString(sn) {
				return nil, errInvalid("Error retrieving subnet information for [%s]: The subnet ID '%s' is malformed", clip(sn), clip(sn))
			}
		}
		if a := nc.AwsvpcConfiguration.AssignPublicIP; a != "" && a != "ENABLED" && a != "DISABLED" {
			return nil, errInvalid("assignPublicIp must be ENABLED or DISABLED.")
		}
		l.subnets = subnets
	} else if nc != nil {
		return nil, errInvalid("Network Configuration is not valid for the given networkMode of this task definition.")
	}
	return l, nil
}

var subnetRE = regexp.MustCompile(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`)

// roleActions are the iam:PassRole actions starting td's tasks needs:
// "ecs:RunTask with a role in taskRoleArn/executionRoleArn needs
// iam:PassRole" to ecs-tasks.amazonaws.com
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
func roleActions(td *taskDef) []api.Action {
	var out []api.Action
	for _, r := range []string{td.in.TaskRoleArn, td.in.ExecutionRoleArn} {
		if r != "" && !slices.ContainsFunc(out, func(a api.Action) bool { return a.Resource == r }) {
			out = append(out, api.PassRole(r, "ecs-tasks.amazonaws.com"))
		}
	}
	return out
}

// prepareRunTask is RunTask
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html):
// count tasks (1 to 10) placed one at a time; those that find no instance
// are the output's failures, not an error.
func (s *Service) prepareRunTask(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in runTaskInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	count := 1
	if in.Count != nil {
		count = *in.Count
	}
	if count < 1 || count > MaxRunTaskCount {
		return nil, nil, errInvalid("count must be between 1 and %d.", MaxRunTaskCount)
	}
	if len(in.StartedBy) > 128 {
		return nil, nil, errInvalid("startedBy can have at most 128 characters.")
	}
	td, err := s.findTaskDef(in.TaskDefinition)
	if err != nil {
		return nil, nil, err
	}
	if td.status != statusActive {
		return nil, nil, errInvalid("TaskDefinition is inactive")
	}
	l, err := s.newLaunch(td, in.LaunchType, in.Group, in.PlacementConstraints, in.PlacementStrategy, in.NetworkConfiguration)
	if err != nil {
		return nil, nil, err
	}
	l.startedBy = in.StartedBy
	if len(l.req.strategies) == 0 && l.launchType == "EC2" {
		// Standalone tasks have no default strategy; among the instances
		// that fit, one is taken at random (the playground's reading of
		// "There isn't a default task placement constraint for tasks not
		// in services":
		// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html).
		l.req.strategies = []placementStrategy{{Type: "random"}}
	}
	acts := append([]api.Action{{Action: "ecs:RunTask", Resource: td.arn}}, roleActions(td)...)
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		if l.launchType == "FARGATE" {
			if l.zones, err = s.subnetZones(env, l.subnets); err != nil {
				return nil, err
			}
		}
		tasks, fails, err := s.launch(env, c, l, count)
		if err != nil {
			return nil, err
		}
		return runOut(tasks, fails), nil
	}, nil
}

func runOut(tasks []*task, fails []failure) map[string]any {
	outs := make([]map[string]any, 0, len(tasks))
	for _, t := range tasks {
		outs = append(outs, t.out())
	}
	if fails == nil {
		fails = []failure{}
	}
	return map[string]any{"tasks": outs, "failures": fails}
}

// launch starts count tasks of l on cluster c: the EC2 ones placed one at
// a time by the placer, the Fargate ones spread over their subnets' zones.
func (s *Service) launch(env *api.Env, c *cluster, l *launch, count int) ([]*task, []failure, error) {
	if l.launchType == "FARGATE" {
		zones := l.zones
		var out []*task
		for range count {
			t := s.newTask(env, c, l)
			t.subnet = s.pickSubnet(env.Rand, c, l, zones)
			t.az = zones[t.subnet]
			out = append(out, t)
			s.startLifecycle(env.Schedule, env.Emit, env.Now, t)
		}
		return out, nil, nil
	}
	if len(c.instances) == 0 {
		return nil, nil, errInvalid("No Container Instances were found in your cluster.")
	}
	p := newPlacer(l.req, s.liveCands(c, l.req.group))
	rnd := func(n int) int { return env.Rand.IntN(n) }
	var out []*task
	var fails []failure
	for range count {
		i, tie := p.placeOne(rnd, nil)
		if i < 0 {
			fails = dedupFailures(append(fails, p.failures()...))
			continue
		}
		p.take(i)
		t := s.newTask(env, c, l)
		t.tie = tie
		s.place(t, p.cands[i].inst)
		if l.td.network == "awsvpc" {
			t.subnet = l.subnets[0]
		}
		out = append(out, t)
		s.startLifecycle(env.Schedule, env.Emit, env.Now, t)
	}
	return out, fails, nil
}

func dedupFailures(fs []failure) []failure {
	seen := map[failure]bool{}
	out := fs[:0]
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// liveCands are the cluster's ACTIVE instances as placement sees them now.
func (s *Service) liveCands(c *cluster, group string) []cand {
	out := make([]cand, 0, len(c.instances))
	for _, in := range c.instances {
		if in.status != statusActive {
			continue
		}
		out = append(out, cand{inst: in, cpu: in.remCPU, mem: in.remMem, used: in.used, group: in.groups[group], eni: in.enis - in.usedENI})
	}
	return out
}

// newTask makes a task of l in c (its lifecycle not yet started).
func (s *Service) newTask(env *api.Env, c *cluster, l *launch) *task {
	t := &task{id: hexID(env.Rand), cluster: c, td: l.td, launchType: l.launchType, group: l.req.group, startedBy: l.startedBy,
		req: l.req, desiredStatus: "RUNNING", created: env.Now, svc: l.svc}
	t.arn = s.arn("task/" + c.name + "/" + t.id)
	if t.awsvpc() {
		t.eni = fmt.Sprintf("172.31.%d.%d", env.Rand.IntN(256), 1+env.Rand.IntN(254))
	}
	s.tasks[t.id] = t
	c.tasks = append(c.tasks, t)
	s.trimStopped(c)
	return t
}

// place takes inst's resources for t.
func (s *Service) place(t *task, in *instance) {
	t.inst, t.az = in, in.attrs["ecs.availability-zone"]
	in.remCPU -= t.req.cpu
	in.remMem -= t.req.mem
	if t.req.eni {
		in.usedENI++
	}
	for _, p := range t.req.ports {
		in.used[p] = true
	}
	in.groups[t.group]++
	in.running++
	t.cluster.seq++
	t.placeSeq = t.cluster.seq
}

// release gives t's resources back to its instance.
func (s *Service) release(t *task) {
	in := t.inst
	if in == nil || t.releaseSeq != 0 {
		return
	}
	in.remCPU += t.req.cpu
	in.remMem += t.req.mem
	if t.req.eni {
		in.usedENI--
	}
	for _, p := range t.req.ports {
		delete(in.used, p)
	}
	if in.groups[t.group]--; in.groups[t.group] <= 0 {
		delete(in.groups, t.group)
	}
	in.running--
	t.cluster.seq++
	t.releaseSeq = t.cluster.seq
}

// trimStopped forgets the oldest stopped tasks of c beyond keepStopped.
func (s *Service) trimStopped(c *cluster) {
	stopped := 0
	for _, t := range c.tasks {
		if t.lastStatus == "STOPPED" {
			stopped++
		}
	}
	if stopped <= keepStopped {
		return
	}
	drop := stopped - keepStopped
	c.tasks = slices.DeleteFunc(c.tasks, func(t *task) bool {
		if drop > 0 && t.lastStatus == "STOPPED" {
			drop--
			delete(s.tasks, t.id)
			return true
		}
		return false
	})
}
