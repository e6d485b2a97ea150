package ecs

import "cloudplay/core/sim"

// View is a read-only snapshot of the account's ECS for drawing: plain
// data, sorted, sharing nothing with the service.
type View struct {
	Clusters []ClusterView // in name order, ACTIVE ones
}

// ClusterView is a cluster with its container instances and tasks.
type ClusterView struct {
	Name, ARN string
	Instances []InstanceView // in registration order
	Tasks     []TaskView     // in start order, the kept stopped ones too
	Services  []ServiceView  // in name order
}

// InstanceView is a container instance: its capacity and what is left.
type InstanceView struct {
	ARN, EC2InstanceID, AvailabilityZone, InstanceType, Status string
	AgentConnected                                             bool
	CPU, Memory, RemainingCPU, RemainingMemory                 int64
	RunningTasks                                               int
}

// TaskView is a task as the UI draws it, with what the cost meter needs.
type TaskView struct {
	ARN, Group, LaunchType, LastStatus, DesiredStatus string
	ContainerInstanceARN                              string // "" on Fargate
	AvailabilityZone, Subnet                          string
	StoppedReason                                     string
	Service                                           string
	CPU, Memory                                       int64
	Created, PullStarted, Stopped                     sim.Time // 0 when not yet
	// Size is what a Fargate task is billed for: pass it with
	// PullStarted and Stopped (or now) to FargateCharge, or to
	// FargateRatePerSecond for the meter's rate.
	Size TaskSize
}

// ServiceView is a service and its counts.
type ServiceView struct {
	Name, Status               string
	Desired, Running, Pending  int
	LaunchType, TaskDefinition string
}

// View returns a snapshot of the account's ECS.
func (s *Service) View() View {
	v := View{Clusters: []ClusterView{}}
	for _, name := range sortedKeys(s.clusters) {
		c := s.clusters[name]
		if c.status != statusActive {
			continue
		}
		cv := ClusterView{Name: c.name, ARN: c.arn, Instances: []InstanceView{}, Tasks: []TaskView{}, Services: []ServiceView{}}
		for _, in := range c.instances {
			cv.Instances = append(cv.Instances, InstanceView{ARN: in.arn, EC2InstanceID: in.ec2ID, AvailabilityZone: in.attrs["ecs.availability-zone"],
				InstanceType: in.attrs["ecs.instance-type"], Status: in.status, AgentConnected: in.connected, CPU: in.cpu, Memory: in.mem,
				RemainingCPU: in.remCPU, RemainingMemory: in.remMem, RunningTasks: in.running})
		}
		for _, t := range c.tasks {
			tv := TaskView{ARN: t.arn, Group: t.group, LaunchType: t.launchType, LastStatus: t.lastStatus, DesiredStatus: t.desiredStatus,
				AvailabilityZone: t.az, Subnet: t.subnet, StoppedReason: t.stoppedReason, CPU: t.req.cpu, Memory: t.req.mem,
				Created: t.created, PullStarted: t.pullStarted, Stopped: t.stopped,
				Size: TaskSize{CPU: t.req.cpu, MemoryMiB: t.req.mem, EphemeralGiB: t.td.ephemeral, OS: t.td.os, Arch: t.td.arch}}
			if t.inst != nil {
				tv.ContainerInstanceARN = t.inst.arn
			}
			if t.svc != nil {
				tv.Service = t.svc.name
			}
			cv.Tasks = append(cv.Tasks, tv)
		}
		for _, name := range sortedKeys(c.services) {
			sv := c.services[name]
			running, pending := s.counts(sv)
			cv.Services = append(cv.Services, ServiceView{Name: sv.name, Status: sv.status, Desired: sv.desired, Running: running,
				Pending: pending, LaunchType: sv.l.launchType, TaskDefinition: sv.l.td.arn})
		}
		v.Clusters = append(v.Clusters, cv)
	}
	return v
}

// FargateCostRate is the meter's Fargate rate at now: the sum of the
// per-second prices of the Fargate tasks being billed (their image pull
// has started and they have not stopped), in US dollars a second.
func (v View) FargateCostRate(now sim.Time) float64 {
	var r float64
	for _, c := range v.Clusters {
		for _, t := range c.Tasks {
			if t.LaunchType == "FARGATE" && t.PullStarted != 0 && t.PullStarted <= now && (t.Stopped == 0 || t.Stopped > now) {
				r += FargateRatePerSecond(t.Size)
			}
		}
	}
	return r
}

// IsZero reports whether the account has no cluster: the account's view
// leaves ECS out of its JSON then, so the views of scenarios without
// containers stay as they were.
func (v View) IsZero() bool { return len(v.Clusters) == 0 }
