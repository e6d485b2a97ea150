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
	deployID   string     // the PRIMARY deployment's (of l)
	// deployed is when the PRIMARY deployment was created; rollout its
	// rolloutState.
	deployed sim.Time
	rollout  string
	// old are the ACTIVE deployments, newest first: the task definitions
	// (launches) of earlier deployments whose tasks a rolling update is
	// still replacing. A deployment with no task left is dropped.
	old []*deployment
	// minHealthy and maxPercent are the deploymentConfiguration.
	minHealthy, maxPercent int
}

// deployment is an ACTIVE deployment: an earlier launch of the service.
type deployment struct {
	id               string
	l                *launch
	created, updated sim.Time
	rollout          string
}

// The rolling update's defaults for a REPLICA service: "minimumHealthyPercent
// ... The default value for a replica service ... is 100%", "The default
// maximumPercent value for a service using the REPLICA service scheduler
// is 200%"
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html).
const (
	defaultMinHealthy = 100
	defaultMaxPercent = 200
	// maxMaxPercent bounds maximumPercent: AWS states no upper limit;
	// the playground's own choice, so that one deployment may at most
	// double the service twice over (and desiredCount × maximumPercent
	// stays small).
	maxMaxPercent = 400
)

// Rollout states of a deployment (API_Deployment.html: rolloutState).
const (
	rolloutInProgress = "IN_PROGRESS"
	rolloutCompleted  = "COMPLETED"
)

type deploymentConfiguration struct {
	MaximumPercent           *int `json:"maximumPercent"`
	MinimumHealthyPercent    *int `json:"minimumHealthyPercent"`
	DeploymentCircuitBreaker any  `json:"deploymentCircuitBreaker"`
	Alarms                   any  `json:"alarms"`
}

// check refuses percentages the rolling update cannot work with:
// minimumHealthyPercent is a share of the
// desired tasks that must stay RUNNING, so from 0 to 100; maximumPercent
// under 100 would cap the service below its desiredCount, and the
// playground refuses it (its own choice: AWS documents no range).
func (c *deploymentConfiguration) check() error {
	if c == nil {
		return nil
	}
	if m := c.MinimumHealthyPercent; m != nil && (*m < 0 || *m > 100) {
		return errInvalid("deploymentConfiguration.minimumHealthyPercent must be from 0 to 100, not %d.", *m)
	}
	if m := c.MaximumPercent; m != nil && (*m < 100 || *m > maxMaxPercent) {
		return errInvalid("deploymentConfiguration.maximumPercent must be from 100 to %d, not %d.", maxMaxPercent, *m)
	}
	return nil
}

// apply sets the service's percentages from c (those it leaves out keep
// their values).
func (c *deploymentConfiguration) apply(sv *ecsService) {
	if c == nil {
		return
	}
	if c.MinimumHealthyPercent != nil {
		sv.minHealthy = *c.MinimumHealthyPercent
	}
	if c.MaximumPercent != nil {
		sv.maxPercent = *c.MaximumPercent
	}
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
	Cluster                       string                   `json:"cluster"`
	ServiceName                   string                   `json:"serviceName" aws:"required"`
	TaskDefinition                string                   `json:"taskDefinition"`
	DesiredCount                  *int                     `json:"desiredCount"`
	LaunchType                    string                   `json:"launchType"`
	PlacementConstraints          []placementConstraint    `json:"placementConstraints"`
	PlacementStrategy             []placementStrategy      `json:"placementStrategy"`
	NetworkConfiguration          *networkConfiguration    `json:"networkConfiguration"`
	SchedulingStrategy            string                   `json:"schedulingStrategy"`
	DeploymentConfiguration       *deploymentConfiguration `json:"deploymentConfiguration"`
	PlatformVersion               string                   `json:"platformVersion"`
	Tags                          []tag                    `json:"tags"`
	LoadBalancers                 []any                    `json:"loadBalancers"`
	ClientToken                   string                   `json:"clientToken"`
	EnableECSManagedTags          *bool                    `json:"enableECSManagedTags"`
	PropagateTags                 string                   `json:"propagateTags"`
	HealthCheckGracePeriodSeconds *int                     `json:"healthCheckGracePeriodSeconds"`
	EnableExecuteCommand          *bool                    `json:"enableExecuteCommand"`
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
	if err := in.DeploymentConfiguration.check(); err != nil {
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
			deployID: "ecs-svc/" + env.Rand.Chars("0123456789", 19), deployed: env.Now, rollout: rolloutInProgress,
			minHealthy: defaultMinHealthy, maxPercent: defaultMaxPercent}
		in.DeploymentConfiguration.apply(sv)
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
	// DeploymentConfiguration changes the rolling update's percentages.
	DeploymentConfiguration *deploymentConfiguration `json:"deploymentConfiguration"`
}

// prepareUpdateService is UpdateService: a new desiredCount is reached
// by the scheduler; a new task definition, constraints, strategies or
// network configuration (or forceNewDeployment) start a new PRIMARY
// deployment, and the rolling update replaces the earlier deployments'
// tasks within the deploymentConfiguration's bounds (reconcile).
func (s *Service) prepareUpdateService(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in updateServiceInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkDesired(in.DesiredCount); err != nil {
		return nil, nil, err
	}
	if err := in.DeploymentConfiguration.check(); err != nil {
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
		in.DeploymentConfiguration.apply(sv)
		if l != nil {
			l.svc = sv
			// The PRIMARY deployment becomes ACTIVE; its tasks (and those
			// of older ACTIVE ones) are replaced as the rolling update
			// allows.
			sv.old = append([]*deployment{{id: sv.deployID, l: sv.l, created: sv.deployed, updated: env.Now, rollout: sv.rollout}}, sv.old...)
			sv.l = l
			sv.deployID = "ecs-svc/" + env.Rand.Chars("0123456789", 19)
			sv.deployed, sv.rollout = env.Now, rolloutInProgress
			s.pruneDeployments(sv)
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

// deploymentsOut lists the service's deployments as DescribeServices
// does: the PRIMARY first, then the ACTIVE ones, each with the tasks of
// its task definition
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
func (s *Service) deploymentsOut(sv *ecsService) []map[string]any {
	running, pending := s.launchCounts(sv, sv.l)
	out := []map[string]any{{"id": sv.deployID, "status": "PRIMARY", "taskDefinition": sv.l.td.arn,
		"desiredCount": sv.desired, "pendingCount": pending, "runningCount": running, "launchType": sv.l.launchType,
		"createdAt": sv.deployed.Milli(), "updatedAt": sv.updated.Milli(), "rolloutState": sv.rollout}}
	for _, d := range sv.old {
		running, pending := s.launchCounts(sv, d.l)
		out = append(out, map[string]any{"id": d.id, "status": "ACTIVE", "taskDefinition": d.l.td.arn,
			"desiredCount": running + pending, "pendingCount": pending, "runningCount": running, "launchType": d.l.launchType,
			"createdAt": d.created.Milli(), "updatedAt": d.updated.Milli(), "rolloutState": d.rollout})
	}
	return out
}

// launchCounts counts the live tasks of one deployment of sv.
func (s *Service) launchCounts(sv *ecsService, l *launch) (running, pending int) {
	for _, t := range sv.cluster.tasks {
		if t.svc != sv || t.req != l.req || t.desiredStatus == "STOPPED" {
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

// pruneDeployments drops the ACTIVE deployments with no task left, and
// marks the PRIMARY COMPLETED once it alone runs the desired tasks.
func (s *Service) pruneDeployments(sv *ecsService) {
	keep := sv.old[:0]
	for _, d := range sv.old {
		if r, p := s.launchCounts(sv, d.l); r+p > 0 {
			keep = append(keep, d)
		}
	}
	clear(sv.old[len(keep):])
	sv.old = keep
	if running, pending := s.launchCounts(sv, sv.l); len(sv.old) == 0 && running == sv.desired && pending == 0 {
		sv.rollout = rolloutCompleted
	}
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
		"deploymentConfiguration": map[string]any{"maximumPercent": sv.maxPercent, "minimumHealthyPercent": sv.minHealthy},
		"deployments":             s.deploymentsOut(sv),
		"events":                  events, "loadBalancers": []any{},
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
	defer s.pruneDeployments(sv)
	if len(sv.old) > 0 {
		s.roll(w, env, sv, live)
		return
	}
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

// roll is one step of a rolling update: the tasks of the ACTIVE
// deployments are replaced by the PRIMARY's within the deployment
// configuration's bounds, as the ECS guide describes them: at least
// minimumHealthyPercent of desiredCount (rounded up) stay RUNNING, at
// most maximumPercent (rounded down) are RUNNING or PENDING
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html).
// Old tasks not yet RUNNING go first (they count for nothing healthy),
// then RUNNING ones down to the minimum; then new tasks start up to the
// maximum. It runs again whenever a task of the service becomes RUNNING
// or STOPPED, until the old deployments have no task left.
func (s *Service) roll(w *api.Work, env *api.Env, sv *ecsService, live []*task) {
	minHealthy := (sv.desired*sv.minHealthy + 99) / 100
	maxTotal := sv.desired * sv.maxPercent / 100
	var fresh, oldPending, oldRunning []*task
	healthy := 0
	for _, t := range live {
		if t.lastStatus == "RUNNING" {
			healthy++
		}
		switch {
		case t.req == sv.l.req:
			fresh = append(fresh, t)
		case t.lastStatus == "RUNNING":
			oldRunning = append(oldRunning, t)
		default:
			oldPending = append(oldPending, t)
		}
	}
	stop := oldPending
	if k := min(len(oldRunning), healthy-minHealthy); k > 0 {
		stop = append(stop, oldRunning[:k]...)
	}
	if len(fresh) > sv.desired { // scaled in during the deployment
		stop = append(stop, fresh[sv.desired:]...)
		fresh = fresh[:sv.desired]
	}
	for _, t := range stop {
		s.stopTask(w.Schedule, w.Emit, w.Now, t, "ServiceSchedulerInitiated", "Deployment "+sv.deployID+" replaced the task")
	}
	if len(stop) > 0 {
		s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) has stopped %d running tasks: %s.", sv.name, len(stop), taskList(stop)))
	}
	room := min(sv.desired-len(fresh), maxTotal-(len(live)-len(stop)))
	if room <= 0 {
		return
	}
	tasks, fails, _ := s.launch(env, sv.cluster, sv.l, room)
	if len(tasks) > 0 {
		s.event(w.Now, w.Rand, sv, fmt.Sprintf("(service %s) has started %d tasks: %s.", sv.name, len(tasks), taskList(tasks)))
	}
	if len(fails) > 0 {
		s.event(w.Now, w.Rand, sv, unplacedMessage(sv.name, fails))
		s.scheduleReconcile(w.Schedule, sv, w.Now+retryDelay)
	}
}

// steady reports the service's steady state once all its tasks run.
func (s *Service) steady(w *api.Work, sv *ecsService) {
	s.pruneDeployments(sv)
	running, pending := s.counts(sv)
	if sv.steadyDone || len(sv.old) > 0 || running != sv.desired || pending != 0 {
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
	rank := map[string]int{reasonAgent: 0, reasonAttribute: 1, reasonCPU: 2, reasonMemory: 3, reasonENI: 4, reasonPorts: 4, reasonDistinct: 5, reasonMemberOf: 5}
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
		reasonENI:       "encountered error \"RESOURCE:ENI\"",
		reasonDistinct:  "encountered error \"DistinctInstance placement constraint unsatisfied.\"",
		reasonMemberOf:  "encountered error \"MemberOf placement constraint unsatisfied.\"",
	}[best.Reason]
	id := best.Arn[strings.LastIndex(best.Arn, "/")+1:]
	return fmt.Sprintf("(service %s) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance %s) %s. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", name, id, why)
}
