package ecs

import (
	"fmt"
	"regexp"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// ecsService is one ECS service: the scheduler keeps desiredCount tasks
// of its task definition running, replacing those that stop.
type ecsService struct {
	name, arn  string
	cluster    *cluster
	status     string // ACTIVE, DRAINING, INACTIVE
	desired    int
	l          *launch
	in         createServiceInput
	created    sim.Time
	updated    sim.Time
	events     []svcEvent // newest first, at most maxServiceEvents
	due        sim.Time   // when a reconcile is scheduled (0: none)
	steadyDone bool       // the steady-state event was reported since the last change
	deployID   string
}

type svcEvent struct {
	ID        string `json:"id"`
	CreatedAt string `json:"createdAt"`
	Message   string `json:"message"`
}

// Service scheduler timings and bounds: the playground's own choices.
const (
	replaceDelay     = 1000  // a stopped task is replaced a second later
	retryDelay       = 60000 // a task that could not be placed is tried again a minute later
	maxServiceEvents = 100   // DescribeServices shows "the last 100 events"
	// launchSlice bounds the tasks one pass of the scheduler starts; a
	// service further from its desired count goes on a second later. AWS's
	// scheduler also starts a large service over time, not at once; the
	// slice keeps each pass (and the page's frame that runs it) short: 500
	// tasks place in about 4 ms natively. Playground's own choice.
	launchSlice = 500
)

var serviceNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,255}$`)

func (s *Service) serviceName(ref string) string {
	if i := strings.LastIndex(ref, "/"); strings.HasPrefix(ref, "arn:") && i >= 0 {
		return ref[i+1:]
	}
	return ref
}

type createServiceInput struct {
	Cluster                       string                `json:"cluster"`
	ServiceName                   string                `json:"serviceName" aws:"required"`
	TaskDefinition                string                `json:"taskDefinition"`
	DesiredCount                  *int                  `json:"desiredCount"`
	LaunchType                    string                `json:"launchType"`
	PlacementConstraints          []placementConstraint `json:"placementConstraints"`
	PlacementStrategy             []placementStrategy   `json:"placementStrategy"`
	NetworkConfiguration          *networkConfiguration `json:"networkConfiguration"`
	SchedulingStrategy            string                `json:"schedulingStrategy"`
	DeploymentConfiguration       any                   `json:"deploymentConfiguration"`
	PlatformVersion               string                `json:"platformVersion"`
	Tags                          []tag                 `json:"tags"`
	LoadBalancers                 []any                 `json:"loadBalancers"`
	ClientToken                   string                `json:"clientToken"`
	EnableECSManagedTags          *bool                 `json:"enableECSManagedTags"`
	PropagateTags                 string                `json:"propagateTags"`
	HealthCheckGracePeriodSeconds *int                  `json:"healthCheckGracePeriodSeconds"`
	EnableExecuteCommand          *bool                 `json:"enableExecuteCommand"`
}

func checkDesired(n *int) error {
	if n != nil && (*n < 0 || *n > MaxTasksPerService) {
		return errInvalid("desiredCount must be from 0 to %d: the quota of tasks per service is %d.", MaxTasksPerService, MaxTasksPerService)
	}
	return nil
}

// serviceLaunch validates a service's launch: a service on EC2 without
// strategies spreads across Availability Zones, "For tasks running as
// part of an Amazon ECS service, the task placement strategy is spread
// using the attribute:ecs.availability-zone"
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html).
func (s *Service) serviceLaunch(td *taskDef, in createServiceInput, name string) (*launch, error) {
	l, err := s.newLaunch(td, in.LaunchType, "service:"+name, in.PlacementConstraints, in.PlacementStrategy, in.NetworkConfiguration)
	if err != nil {
		return nil, err
	}
	if len(l.req.strategies) == 0 && l.launchType == "EC2" {
		l.req.strategies = []placementStrategy{{Type: "spread", Field: "attribute:ecs.availability-zone"}}
	}
	return l, nil
}

// prepareCreateService is CreateService
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
func (s *Service) prepareCreateService(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createServiceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if !serviceNameRE.MatchString(in.ServiceName) {
		return nil, nil, errInvalid("Invalid service name %q: up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", clip(in.ServiceName))
	}
	if in.TaskDefinition == "" {
		return nil, nil, errInvalid("TaskDefinition can not be blank.")
	}
	if in.SchedulingStrategy != "" && in.SchedulingStrategy != "REPLICA" {
		return nil, nil, errInvalid("The playground schedules services with the REPLICA strategy only.")
	}
	if err := checkDesired(in.DesiredCount); err != nil {
		return nil, nil, err
	}
	td, err := s.findTaskDef(in.TaskDefinition)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.serviceLaunch(td, in, in.ServiceName)
	if err != nil {
		return nil, nil, err
	}
	arn := s.arn("service/" + s.clusterName(in.Cluster) + "/" + in.ServiceName)
	acts := append([]api.Action{{Action: "ecs:CreateService", Resource: arn}}, roleActions(td)...)
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		if old := c.services[in.ServiceName]; old != nil && old.status != statusInactive {
			return nil, errInvalid("Creation of service was not idempotent.")
		}
		if s.activeServices(c) >= MaxServicesPerCluster {
			return nil, api.Errorf(limitExceeded, "The cluster already has %d services, the quota per cluster.", MaxServicesPerCluster)
		}
		if l.launchType == "FARGATE" {
			if l.zones, err = s.subnetZones(env, l.subnets); err != nil {
				return nil, err
			}
		}
		sv := &ecsService{name: in.ServiceName, arn: arn, cluster: c, status: statusActive, l: l, in: in, created: env.Now, updated: env.Now,
			deployID: "ecs-svc/" + env.Rand.Chars("0123456789", 19)}
		if in.DesiredCount != nil {
			sv.desired = *in.DesiredCount
		}
		l.svc = sv
		c.services[sv.name] = sv
		s.scheduleReconcile(env.Schedule, sv, env.Now)
		return map[string]any{"service": s.serviceOut(sv)}, nil
	}, nil
}

func (s *Service) activeServices(c *cluster) int {
	n := 0
	for _, sv := range c.services {
		if sv.status != statusInactive {
			n++
		}
	}
	return n
}

func (s *Service) findService(c *cluster, ref string) *ecsService {
	sv := c.services[s.serviceName(ref)]
	if sv == nil || strings.HasPrefix(ref, "arn:") && ref != sv.arn {
		return nil
	}
	return sv
}

type updateServiceInput struct {
	Cluster              string                `json:"cluster"`
	Service              string                `json:"service" aws:"required"`
	DesiredCount         *int                  `json:"desiredCount"`
	TaskDefinition       string                `json:"taskDefinition"`
	PlacementConstraints []placementConstraint `json:"placementConstraints"`
	PlacementStrategy    []placementStrategy   `json:"placementStrategy"`
	NetworkConfiguration *networkConfiguration `json:"networkConfiguration"`
	ForceNewDeployment   *bool                 `json:"forceNewDeployment"`
	PlatformVersion      string                `json:"platformVersion"`
}

// prepareUpdateService is UpdateService: a new desiredCount is reached
// by the scheduler; a new task definition, constraints, strategies or
// network configuration (or forceNewDeployment) replace the service's
// tasks (all at once: the playground has no rolling deployments yet).
func (s *Service) prepareUpdateService(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateServiceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkDesired(in.DesiredCount); err != nil {
		return nil, nil, err
	}
	name := s.serviceName(in.Service)
	arn := s.arn("service/" + s.clusterName(in.Cluster) + "/" + name)
	var td *taskDef
	if in.TaskDefinition != "" {
		var err error
		if td, err = s.findTaskDef(in.TaskDefinition); err != nil {
			return nil, nil, err
		}
	}
	acts := []api.Action{{Action: "ecs:UpdateService", Resource: arn}}
	if td != nil {
		acts = append(acts, roleActions(td)...)
	}
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		sv := s.findService(c, in.Service)
		if sv == nil {
			return nil, api.Errorf(serviceNotFound, "Service not found.")
		}
		if sv.status != statusActive {
			return nil, api.Errorf(serviceNotActive, "Service was not ACTIVE.")
		}
		redeploy := td != nil || in.PlacementConstraints != nil || in.PlacementStrategy != nil || in.NetworkConfiguration != nil ||
			in.ForceNewDeployment != nil && *in.ForceNewDeployment
		var l *launch
		if redeploy {
			next := sv.in
			if td == nil {
				td = sv.l.td
			}
			if in.PlacementConstraints != nil {
				next.PlacementConstraints = in.PlacementConstraints
			}
			if in.PlacementStrategy != nil {
				next.PlacementStrategy = in.PlacementStrategy
			}
			if in.NetworkConfiguration != nil {
				next.NetworkConfiguration = in.NetworkConfiguration
			}
			if l, err = s.serviceLaunch(td, next, sv.name); err != nil {
				return nil, err
			}
			if l.launchType == "FARGATE" {
				if l.zones, err = s.subnetZones(env, l.subnets); err != nil {
					return nil, err
				}
			}
			sv.in = next
		}
		if in.DesiredCount != nil {
			sv.desired = *in.DesiredCount
		}
		if l != nil {
			l.svc = sv
			old := sv.l
			sv.l = l
			sv.deployID = "ecs-svc/" + env.Rand.Chars("0123456789", 19)
			for _, t := range c.tasks {
				if t.svc == sv && t.req != l.req && t.req == old.req {
					s.stopTask(env.Schedule, env.Emit, env.Now, t, "ServiceSchedulerInitiated", "Deployment replaced the task: "+sv.deployID)
				}
			}
		}
		sv.updated, sv.steadyDone = env.Now, false
		s.scheduleReconcile(env.Schedule, sv, env.Now)
		return map[string]any{"service": s.serviceOut(sv)}, nil
	}, nil
}

type deleteServiceInput struct {
	Cluster string `json:"cluster"`
	Service string `json:"service" aws:"required"`
	Force   *bool  `json:"force"`
}

// prepareDeleteService is DeleteService: refused while desiredCount is
// above 0 unless force; the service drains (its tasks stop) and becomes
// INACTIVE.
func (s *Service) prepareDeleteService(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in deleteServiceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	arn := s.arn("service/" + s.clusterName(in.Cluster) + "/" + s.serviceName(in.Service))
	return []api.Action{{Action: "ecs:DeleteService", Resource: arn}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		sv := s.findService(c, in.Service)
		if sv == nil || sv.status == statusInactive {
			return nil, api.Errorf(serviceNotFound, "Service not found.")
		}
		if sv.desired > 0 && (in.Force == nil || !*in.Force) {
			return nil, errInvalid("The service cannot be stopped while it is scaled above 0.")
		}
		sv.status, sv.desired, sv.updated = statusDraining, 0, env.Now
		for _, t := range c.tasks {
			if t.svc == sv {
				s.stopTask(env.Schedule, env.Emit, env.Now, t, "ServiceSchedulerInitiated", "Service "+sv.name+" was deleted")
			}
		}
		s.scheduleReconcile(env.Schedule, sv, env.Now)
		return map[string]any{"service": s.serviceOut(sv)}, nil
	}, nil
}

type describeServicesInput struct {
	Cluster  string   `json:"cluster"`
	Services []string `json:"services" aws:"required"`
	Include  []string `json:"include"`
}

// prepareDescribeServices is DescribeServices (up to 10 services).
func (s *Service) prepareDescribeServices(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeServicesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Services) > 10 {
		return nil, nil, errInvalid("services can have at most 10 items.")
	}
	var acts []api.Action
	for _, ref := range in.Services {
		acts = append(acts, api.Action{Action: "ecs:DescribeServices", Resource: s.arn("service/" + s.clusterName(in.Cluster) + "/" + s.serviceName(ref))})
	}
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		fails := []failure{}
		for _, ref := range in.Services {
			if sv := s.findService(c, ref); sv != nil {
				out = append(out, s.serviceOut(sv))
			} else {
				fails = append(fails, failure{Arn: s.arn("service/" + c.name + "/" + s.serviceName(ref)), Reason: "MISSING"})
			}
		}
		return map[string]any{"services": out, "failures": fails}, nil
	}, nil
}

func (s *Service) counts(sv *ecsService) (running, pending int) {
	for _, t := range sv.cluster.tasks {
		if t.svc != sv || t.desiredStatus == "STOPPED" {
			continue
		}
		if t.lastStatus == "RUNNING" {
			running++
		} else {
			pending++
		}
	}
	return running, pending
}

func (s *Service) serviceOut(sv *ecsService) map[string]any {
	running, pending := s.counts(sv)
	rollout := "IN_PROGRESS"
	if running == sv.desired && pending == 0 {
		rollout = "COMPLETED"
	}
	events := sv.events
	if events == nil {
		events = []svcEvent{}
	}
	strategies := sv.l.req.strategies
	if strategies == nil {
		strategies = []placementStrategy{}
	}
	out := map[string]any{
		"serviceArn": sv.arn, "serviceName": sv.name, "clusterArn": sv.cluster.arn, "status": sv.status,
		"desiredCount": sv.desired, "runningCount": running, "pendingCount": pending, "launchType": sv.l.launchType,
		"taskDefinition": sv.l.td.arn, "createdAt": sv.created.Milli(), "schedulingStrategy": "REPLICA",
		"placementConstraints": nonNilConstraints(sv.in.PlacementConstraints), "placementStrategy": strategies,
		"deploymentConfiguration": map[string]any{"maximumPercent": 200, "minimumHealthyPercent": 100},
		"deployments": []map[string]any{{"id": sv.deployID, "status": "PRIMARY", "taskDefinition": sv.l.td.arn,
			"desiredCount": sv.desired, "pendingCount": pending, "runningCount": running, "launchType": sv.l.launchType,
			"createdAt": sv.created.Milli(), "updatedAt": sv.updated.Milli(), "rolloutState": rollout}},
		"events": events, "loadBalancers": []any{},
	}
	if sv.in.NetworkConfiguration != nil {
		out["networkConfiguration"] = sv.in.NetworkConfiguration
	}
	return out
}

// scheduleReconcile arranges for the service's scheduler to run at at
// (once, however many ask).
func (s *Service) scheduleReconcile(sched scheduler, sv *ecsService, at sim.Time) {
	if sched == nil || sv.due != 0 && sv.due <= at {
		return
	}
	sv.due = at
	sched(at, func(w *api.Work) {
		if sv.due != at {
			return
		}
		sv.due = 0
		s.reconcile(w, sv)
	})
}

func (s *Service) event(now sim.Time, r *sim.Rand, sv *ecsService, msg string) {
	e := svcEvent{ID: fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xffff, r.Uint32()&0xffff, r.Uint64()&0xffffffffffff),
		CreatedAt: now.Milli(), Message: msg}
	sv.events = append([]svcEvent{e}, sv.events...)
	if len(sv.events) > maxServiceEvents {
		sv.events = sv.events[:maxServiceEvents]
	}
}

// reconcile is the service scheduler: it starts tasks up to desiredCount
// (placed one at a time, like RunTask's), stops those above it (the
// newest first), and, for a draining service, makes it INACTIVE once its
// tasks are gone.
func (s *Service) reconcile(w *api.Work, sv *ecsService) {
	c := sv.cluster
	var live []*task
	for _, t := range c.tasks {
		if t.svc == sv && t.desiredStatus != "STOPPED" {
			live = append(live, t)
		}
	}
	if sv.status == statusDraining {
		if len(live) == 0 {
			sv.status = statusInactive
		}
		return
	}
	if sv.status != statusActive || c.status != statusActive {
		return
	}
	env := &api.Env{Account: w.Account, Region: w.Region, Now: w.Now, Rand: w.Rand, Schedule: w.Schedule, Emit: w.Emit}
	switch n := len(live); {
	case n > sv.desired:
		for i := len(live) - 1; i >= sv.desired; i-- {
			s.stopTask(w.Schedule, w.Emit, w.Now, live[i], "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+sv.deployID+")")
		}
		s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) has stopped %d running tasks: %s.", sv.name, n-sv.desired, taskList(live[sv.desired:])))
	case n < sv.desired:
		if sv.l.launchType == "EC2" && len(c.instances) == 0 {
			s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", sv.name))
			s.scheduleReconcile(w.Schedule, sv, w.Now+retryDelay)
			return
		}
		want := min(sv.desired-n, launchSlice)
		tasks, fails, _ := s.launch(env, c, sv.l, want)
		if len(tasks) > 0 {
			s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) has started %d tasks: %s.", sv.name, len(tasks), taskList(tasks)))
		}
		switch {
		case len(fails) > 0:
			s.event(w.Now, w.Rand, sv, unplacedMessage(sv.name, fails))
			s.scheduleReconcile(w.Schedule, sv, w.Now+retryDelay)
		case n+len(tasks) < sv.desired:
			s.scheduleReconcile(w.Schedule, sv, w.Now+replaceDelay) // the next slice
		}
	default:
		s.steady(w, sv)
	}
}

// steady reports the service's steady state once all its tasks run.
func (s *Service) steady(w *api.Work, sv *ecsService) {
	running, pending := s.counts(sv)
	if sv.steadyDone || running != sv.desired || pending != 0 {
		return
	}
	sv.steadyDone = true
	s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) has reached a steady state.", sv.name))
}

func taskList(ts []*task) string {
	var parts []string
	for i, t := range ts {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ts)-5))
			break
		}
		parts = append(parts, "(task "+t.id+")")
	}
	return strings.Join(parts, " ")
}

// unplacedMessage is the service event of a task that found no instance,
// in AWS's words: it names "the closest matching" instance, the one that
// passed the most filters
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html).
func unplacedMessage(name string, fails []failure) string {
	rank := map[string]int{reasonAgent: 0, reasonAttribute: 1, reasonCPU: 2, reasonMemory: 3, reasonPorts: 4, reasonDistinct: 5, reasonMemberOf: 5}
	best := fails[0]
	for _, f := range fails[1:] {
		if rank[f.Reason] > rank[best.Reason] {
			best = f
		}
	}
	why := map[string]string{
		reasonAgent:     "is not connected to the Amazon ECS agent",
		reasonAttribute: "is missing an attribute required by your task",
		reasonCPU:       "has insufficient CPU units available",
		reasonMemory:    "has insufficient memory available",
		reasonPorts:     "is already using a port required by your task",
		reasonDistinct:  "encountered error \"DistinctInstance placement constraint unsatisfied.\"",
		reasonMemberOf:  "encountered error \"MemberOf placement constraint unsatisfied.\"",
	}[best.Reason]
	id := best.Arn[strings.LastIndex(best.Arn, "/")+1:]
	return fmt.Sprintf("(service %s) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance %s) %s. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", name, id, why)
}
