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

// family is the revisions of one task definition family.
type family struct {
	name string
	revs []*taskDef // revision i+1 at index i
}

// taskDef is one registered task definition revision.
type taskDef struct {
	family     string
	revision   int
	arn        string
	status     string // ACTIVE, INACTIVE
	in         registerTaskDefInput
	cpu, mem   int64 // the task's size: task-level, else the sum of the containers'
	taskCPU    int64 // task-level cpu in units (0 when not set)
	taskMem    int64 // task-level memory in MiB (0 when not set)
	network    string
	compat     []string // what the definition is compatible with
	ephemeral  int      // GiB (Fargate), 20 when not set
	os, arch   string   // runtimePlatform, LINUX and X86_64 when not set
	registered sim.Time
	by         string
}

type portMapping struct {
	ContainerPort *int64 `json:"containerPort"`
	HostPort      *int64 `json:"hostPort"`
	Protocol      string `json:"protocol"`
	Name          string `json:"name"`
	AppProtocol   string `json:"appProtocol"`
}

type containerDef struct {
	Name              string        `json:"name"`
	Image             string        `json:"image"`
	CPU               int64         `json:"cpu"`
	Memory            *int64        `json:"memory"`
	MemoryReservation *int64        `json:"memoryReservation"`
	PortMappings      []portMapping `json:"portMappings"`
	Essential         *bool         `json:"essential"`
	Command           []string      `json:"command"`
	EntryPoint        []string      `json:"entryPoint"`
	Environment       []any         `json:"environment"`
	Secrets           []any         `json:"secrets"`
	MountPoints       []any         `json:"mountPoints"`
	VolumesFrom       []any         `json:"volumesFrom"`
	LogConfiguration  any           `json:"logConfiguration"`
	HealthCheck       any           `json:"healthCheck"`
	DependsOn         []any         `json:"dependsOn"`
	WorkingDirectory  string        `json:"workingDirectory"`
	StopTimeout       *int64        `json:"stopTimeout"`
	Links             []string      `json:"links"`
	Hostname          string        `json:"hostname"`
	User              string        `json:"user"`
}

type placementConstraint struct {
	Type       string `json:"type"`
	Expression string `json:"expression,omitempty"`
}

type placementStrategy struct {
	Type  string `json:"type"`
	Field string `json:"field,omitempty"`
}

type registerTaskDefInput struct {
	Family                  string                `json:"family" aws:"required"`
	ContainerDefinitions    []containerDef        `json:"containerDefinitions" aws:"required"`
	CPU                     string                `json:"cpu,omitempty"`
	Memory                  string                `json:"memory,omitempty"`
	NetworkMode             string                `json:"networkMode,omitempty"`
	RequiresCompatibilities []string              `json:"requiresCompatibilities,omitempty"`
	EphemeralStorage        *ephemeralStorage     `json:"ephemeralStorage,omitempty"`
	RuntimePlatform         *runtimePlatform      `json:"runtimePlatform,omitempty"`
	TaskRoleArn             string                `json:"taskRoleArn,omitempty"`
	ExecutionRoleArn        string                `json:"executionRoleArn,omitempty"`
	PlacementConstraints    []placementConstraint `json:"placementConstraints,omitempty"`
	Volumes                 []any                 `json:"volumes,omitempty"`
	Tags                    []tag                 `json:"tags,omitempty"`
	PidMode                 string                `json:"pidMode,omitempty"`
	IpcMode                 string                `json:"ipcMode,omitempty"`
}

type ephemeralStorage struct {
	SizeInGiB int `json:"sizeInGiB"`
}

type runtimePlatform struct {
	CPUArchitecture       string `json:"cpuArchitecture,omitempty"`
	OperatingSystemFamily string `json:"operatingSystemFamily,omitempty"`
}

// Limits of task definitions
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html).
const (
	// maxContainers: "Containers per task definition: 10"
	// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
	maxContainers = 10
	// maxRevisions: "Revisions per task definition family: 1,000,000";
	// the playground keeps at most 1,000 (its own bound, for memory).
	maxRevisions = 1000
	// EC2 task CPU: "between 0.25 vCPUs and 192 vCPUs"
	// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html).
	minEC2TaskCPU = 256
	maxEC2TaskCPU = 196608
	// maxImageLength: "Up to 255 letters (uppercase and lowercase),
	// numbers, hyphens, underscores, colons, periods, forward slashes, and
	// number signs are allowed" (ContainerDefinition image).
	maxImageLength = 255
	// maxPlacementConstraints: "You can specify a maximum of 10
	// constraints for each task"; strategies: 5 per task
	// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
	maxPlacementConstraints = 10
	maxPlacementStrategies  = 5
)

var familyRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,255}$`)

// parseSize reads a task-level cpu ("256", "1 vCPU", "0.5 vcpu") or
// memory ("1024", "1GB", "2 GB"): "It can be expressed as an integer using
// CPU units (for example, 1024) or as a string using vCPUs (for example,
// 1 vCPU or 1 vcpu) ... converted to an integer indicating the CPU units
// when the task definition is registered"; memory likewise in MiB or GB
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).
func parseSize(v, unit string) (int64, bool) {
	s := strings.TrimSpace(v)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, n > 0
	}
	low := strings.ToLower(s)
	num, ok := strings.CutSuffix(low, unit)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || f <= 0 || f > 1e6 {
		return 0, false
	}
	return int64(f * 1024), true
}

// prepareRegisterTaskDef is RegisterTaskDefinition.
func (s *Service) prepareRegisterTaskDef(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in registerTaskDefInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	td, err := checkTaskDef(in)
	if err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "ecs:RegisterTaskDefinition", Resource: "*"}}, func() (any, error) {
		f := s.families[in.Family]
		if f == nil {
			f = &family{name: in.Family}
		}
		if len(f.revs) >= maxRevisions {
			return nil, errClient("Too many revisions of task definition family %s: the playground keeps at most %d.", in.Family, maxRevisions)
		}
		s.families[in.Family] = f
		td.revision = len(f.revs) + 1
		td.arn = s.arn(fmt.Sprintf("task-definition/%s:%d", in.Family, td.revision))
		td.status, td.registered, td.by = statusActive, env.Now, env.Caller.ARN
		f.revs = append(f.revs, td)
		return map[string]any{"taskDefinition": td.out()}, nil
	}, nil
}

// checkTaskDef validates a task definition with ECS's ClientException
// wording, and works out its size.
func checkTaskDef(in registerTaskDefInput) (*taskDef, error) {
	if !familyRE.MatchString(in.Family) {
		return nil, errClient("Family contains invalid characters: %q. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", clip(in.Family))
	}
	if len(in.ContainerDefinitions) == 0 {
		return nil, errClient("Container list cannot be empty.")
	}
	if len(in.ContainerDefinitions) > maxContainers {
		return nil, errClient("Too many containers: a task definition can have at most %d.", maxContainers)
	}
	td := &taskDef{family: in.Family, in: in, network: in.NetworkMode, ephemeral: 20, os: "LINUX", arch: "X86_64"}
	if td.network == "" {
		td.network = "bridge"
	}
	switch td.network {
	case "bridge", "host", "awsvpc", "none":
	default:
		return nil, errClient("Invalid networkMode %q: want bridge, host, awsvpc or none.", clip(td.network))
	}
	fargate := false
	for _, c := range in.RequiresCompatibilities {
		switch c {
		case "EC2", "EXTERNAL", "MANAGED_INSTANCES":
		case "FARGATE":
			fargate = true
		default:
			return nil, errInvalid("Invalid value in requiresCompatibilities: %q (want EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES).", clip(c))
		}
	}
	if rp := in.RuntimePlatform; rp != nil {
		if rp.OperatingSystemFamily != "" {
			if !slices.Contains(osFamilies, rp.OperatingSystemFamily) {
				return nil, errClient("Invalid operatingSystemFamily %q.", clip(rp.OperatingSystemFamily))
			}
			td.os = rp.OperatingSystemFamily
		}
		if rp.CPUArchitecture != "" {
			if rp.CPUArchitecture != "X86_64" && rp.CPUArchitecture != "ARM64" {
				return nil, errClient("Invalid cpuArchitecture %q: want X86_64 or ARM64.", clip(rp.CPUArchitecture))
			}
			td.arch = rp.CPUArchitecture
		}
	}
	if in.CPU != "" {
		v, ok := parseSize(in.CPU, "vcpu")
		if !ok {
			return nil, errClient("Invalid 'cpu' setting for task.")
		}
		td.taskCPU = v
	}
	if in.Memory != "" {
		v, ok := parseSize(in.Memory, "gb")
		if !ok {
			return nil, errClient("Invalid 'memory' setting for task.")
		}
		td.taskMem = v
	}
	if err := td.checkContainers(fargate); err != nil {
		return nil, err
	}
	if in.EphemeralStorage != nil {
		g := in.EphemeralStorage.SizeInGiB
		if g < minEphemeralGiB || g > maxEphemeralGiB {
			return nil, errClient("Invalid 'ephemeralStorage.sizeInGiB' setting: the supported value is from %d GiB to %d GiB.", minEphemeralGiB, maxEphemeralGiB)
		}
		td.ephemeral = g
	}
	for _, pc := range in.PlacementConstraints {
		if pc.Type != "memberOf" {
			return nil, errClient("Task definition placement constraints support only the memberOf type.")
		}
		if _, err := ParseQuery(pc.Expression); err != nil {
			return nil, queryError(err)
		}
	}
	if len(in.PlacementConstraints) > maxPlacementConstraints {
		return nil, errClient("A task definition can have at most %d placement constraints.", maxPlacementConstraints)
	}
	td.compat = []string{"EC2"}
	if fargate {
		if err := td.checkFargate(); err != nil {
			return nil, err
		}
	}
	if td.network == "awsvpc" && fargateSize(td.taskCPU, td.taskMem, td.os) {
		td.compat = append(td.compat, "FARGATE")
	}
	return td, nil
}

// checkContainers checks the container definitions and sums their sizes.
func (td *taskDef) checkContainers(fargate bool) error {
	names := map[string]bool{}
	essential := false
	var cpu, mem int64
	for _, c := range td.in.ContainerDefinitions {
		if c.Name == "" || len(c.Name) > 255 {
			return errClient("Container.name should not be null or empty.")
		}
		if names[c.Name] {
			return errClient("Duplicate container name %q.", clip(c.Name))
		}
		names[c.Name] = true
		if c.Image == "" {
			return errClient("Container.image should not be null or empty.")
		}
		if len(c.Image) > maxImageLength {
			return errClient("Container.image %q is longer than %d characters.", clip(c.Image), maxImageLength)
		}
		if c.Essential == nil || *c.Essential {
			essential = true
		}
		if c.CPU < 0 {
			return errClient("Invalid setting for container '%s'. 'cpu' must be 0 or more.", clip(c.Name))
		}
		cpu += c.CPU
		m, err := containerMemory(c, td.taskMem, fargate)
		if err != nil {
			return err
		}
		mem += m
		for _, pm := range c.PortMappings {
			if err := td.checkPort(c.Name, pm); err != nil {
				return err
			}
		}
	}
	if !essential {
		return errClient("Task definition must have at least one essential container.")
	}
	td.cpu, td.mem = cpu, mem
	if td.taskCPU > 0 {
		if cpu > td.taskCPU {
			return errClient("Invalid 'cpu' setting for task. The containers' cpu (%d) is more than the task's (%d).", cpu, td.taskCPU)
		}
		td.cpu = td.taskCPU
	}
	if td.taskMem > 0 {
		if mem > td.taskMem {
			return errClient("Invalid 'memory' setting for task. The containers' memory (%d) is more than the task's (%d).", mem, td.taskMem)
		}
		td.mem = td.taskMem
	}
	return nil
}

// containerMemory is what a container reserves on its instance:
// memoryReservation when set, else memory. "If using the EC2 launch type,
// you must specify either a task-level memory value or a container-level
// memory value"
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
func containerMemory(c containerDef, taskMem int64, fargate bool) (int64, error) {
	if c.Memory != nil && *c.Memory < 6 {
		return 0, errClient("Invalid setting for container '%s'. The 'memory' must be at least 6 MiB.", clip(c.Name))
	}
	if c.MemoryReservation != nil && *c.MemoryReservation < 6 {
		return 0, errClient("Invalid setting for container '%s'. The 'memoryReservation' must be at least 6 MiB.", clip(c.Name))
	}
	if c.Memory != nil && c.MemoryReservation != nil && *c.Memory < *c.MemoryReservation {
		return 0, errClient("Invalid setting for container '%s'. 'memory' must be greater than or equal to 'memoryReservation'.", clip(c.Name))
	}
	switch {
	case c.MemoryReservation != nil:
		return *c.MemoryReservation, nil
	case c.Memory != nil:
		return *c.Memory, nil
	case taskMem == 0 && !fargate:
		return 0, errClient("Invalid setting for container '%s'. At least one of 'memory' or 'memoryReservation' must be specified.", clip(c.Name))
	}
	return 0, nil
}

func (td *taskDef) checkPort(name string, pm portMapping) error {
	if pm.ContainerPort == nil {
		return errClient("Invalid setting for container '%s'. A port mapping needs a containerPort.", clip(name))
	}
	if *pm.ContainerPort < 1 || *pm.ContainerPort > 65535 || pm.HostPort != nil && (*pm.HostPort < 0 || *pm.HostPort > 65535) {
		return errClient("Invalid setting for container '%s'. Ports must be from 1 to 65535.", clip(name))
	}
	if pm.Protocol != "" && pm.Protocol != "tcp" && pm.Protocol != "udp" {
		return errClient("Invalid setting for container '%s'. protocol must be tcp or udp.", clip(name))
	}
	if (td.network == "awsvpc" || td.network == "host") && pm.HostPort != nil && *pm.HostPort != 0 && *pm.HostPort != *pm.ContainerPort {
		return errClient("When networkMode=%s, the host ports and container ports in port mappings must match.", td.network)
	}
	return nil
}

// hostPorts lists the host ports the task takes on its instance: "tcp/80".
// In bridge mode a host port of 0 or none is dynamic and takes none the
// placement must check (the agent picks one from the ephemeral range); in
// host mode the container port is the host port; awsvpc tasks have their
// own network interface and take none.
func (td *taskDef) hostPorts() []string {
	var out []string
	for _, c := range td.in.ContainerDefinitions {
		for _, pm := range c.PortMappings {
			proto := pm.Protocol
			if proto == "" {
				proto = "tcp"
			}
			var port int64
			switch td.network {
			case "host":
				port = *pm.ContainerPort
			case "bridge":
				if pm.HostPort != nil {
					port = *pm.HostPort
				}
			}
			if port > 0 {
				out = append(out, proto+"/"+strconv.FormatInt(port, 10))
			}
		}
	}
	return out
}

func (td *taskDef) out() map[string]any {
	containers := []map[string]any{}
	for _, c := range td.in.ContainerDefinitions {
		m := map[string]any{"name": c.Name, "image": c.Image, "cpu": c.CPU, "essential": c.Essential == nil || *c.Essential,
			"portMappings": portsOut(c.PortMappings, td.network), "environment": nonNilAny(c.Environment),
			"mountPoints": nonNilAny(c.MountPoints), "volumesFrom": nonNilAny(c.VolumesFrom)}
		if c.Memory != nil {
			m["memory"] = *c.Memory
		}
		if c.MemoryReservation != nil {
			m["memoryReservation"] = *c.MemoryReservation
		}
		if len(c.Command) > 0 {
			m["command"] = c.Command
		}
		if len(c.EntryPoint) > 0 {
			m["entryPoint"] = c.EntryPoint
		}
		containers = append(containers, m)
	}
	out := map[string]any{
		"taskDefinitionArn":       td.arn,
		"family":                  td.family,
		"revision":                td.revision,
		"status":                  td.status,
		"containerDefinitions":    containers,
		"networkMode":             td.network,
		"volumes":                 nonNilAny(td.in.Volumes),
		"placementConstraints":    nonNilConstraints(td.in.PlacementConstraints),
		"compatibilities":         td.compat,
		"requiresCompatibilities": nonNil(td.in.RequiresCompatibilities),
		"registeredAt":            td.registered.String(),
		"registeredBy":            td.by,
	}
	if td.in.CPU != "" {
		out["cpu"] = strconv.FormatInt(td.taskCPU, 10)
	}
	if td.in.Memory != "" {
		out["memory"] = strconv.FormatInt(td.taskMem, 10)
	}
	if td.in.TaskRoleArn != "" {
		out["taskRoleArn"] = td.in.TaskRoleArn
	}
	if td.in.ExecutionRoleArn != "" {
		out["executionRoleArn"] = td.in.ExecutionRoleArn
	}
	if td.in.EphemeralStorage != nil {
		out["ephemeralStorage"] = td.in.EphemeralStorage
	}
	if td.in.RuntimePlatform != nil {
		out["runtimePlatform"] = td.in.RuntimePlatform
	}
	return out
}

func portsOut(pms []portMapping, network string) []map[string]any {
	out := []map[string]any{}
	for _, pm := range pms {
		proto := pm.Protocol
		if proto == "" {
			proto = "tcp"
		}
		m := map[string]any{"containerPort": *pm.ContainerPort, "protocol": proto}
		switch {
		case pm.HostPort != nil:
			m["hostPort"] = *pm.HostPort
		case network == "awsvpc" || network == "host":
			m["hostPort"] = *pm.ContainerPort
		}
		out = append(out, m)
	}
	return out
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

func nonNilConstraints(s []placementConstraint) []placementConstraint {
	if s == nil {
		return []placementConstraint{}
	}
	return s
}

// findTaskDef resolves a taskDefinition member: family (the latest ACTIVE
// revision), family:revision, or the ARN.
func (s *Service) findTaskDef(ref string) (*taskDef, error) {
	name := ref
	if i := strings.Index(ref, ":task-definition/"); strings.HasPrefix(ref, "arn:") && i >= 0 {
		name = ref[i+len(":task-definition/"):]
	}
	fam, rev, hasRev := strings.Cut(name, ":")
	f := s.families[fam]
	if f != nil && !hasRev {
		for i := len(f.revs) - 1; i >= 0; i-- {
			if f.revs[i].status == statusActive {
				return f.revs[i], nil
			}
		}
	}
	if f != nil && hasRev {
		if n, err := strconv.Atoi(rev); err == nil && n >= 1 && n <= len(f.revs) {
			return f.revs[n-1], nil
		}
	}
	return nil, errClient("Unable to describe task definition.")
}

type taskDefRefInput struct {
	TaskDefinition string   `json:"taskDefinition" aws:"required"`
	Include        []string `json:"include"`
}

// prepareDeregisterTaskDef is DeregisterTaskDefinition: the revision
// becomes INACTIVE; running tasks and services that use it go on.
func (s *Service) prepareDeregisterTaskDef(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in taskDefRefInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if !strings.Contains(in.TaskDefinition, ":") {
		return nil, nil, errInvalid("Invalid revision number. Number: %s", clip(in.TaskDefinition))
	}
	return []api.Action{{Action: "ecs:DeregisterTaskDefinition", Resource: "*"}}, func() (any, error) {
		td, err := s.findTaskDef(in.TaskDefinition)
		if err != nil {
			return nil, errClient("The specified task definition does not exist.")
		}
		td.status = statusInactive
		return map[string]any{"taskDefinition": td.out()}, nil
	}, nil
}

// prepareDescribeTaskDef is DescribeTaskDefinition.
func (s *Service) prepareDescribeTaskDef(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in taskDefRefInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "ecs:DescribeTaskDefinition", Resource: "*"}}, func() (any, error) {
		td, err := s.findTaskDef(in.TaskDefinition)
		if err != nil {
			return nil, err
		}
		return map[string]any{"taskDefinition": td.out()}, nil
	}, nil
}
