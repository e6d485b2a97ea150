package ecs

import (
	"strings"

	"cloudplay/core/api"
)

type startTaskInput struct {
	Cluster              string                `json:"cluster"`
	TaskDefinition       string                `json:"taskDefinition" aws:"required"`
	ContainerInstances   []string              `json:"containerInstances" aws:"required"`
	Group                string                `json:"group"`
	StartedBy            string                `json:"startedBy"`
	NetworkConfiguration *networkConfiguration `json:"networkConfiguration"`
	Overrides            any                   `json:"overrides"`
	Tags                 []tag                 `json:"tags"`
	EnableECSManagedTags *bool                 `json:"enableECSManagedTags"`
	EnableExecuteCommand *bool                 `json:"enableExecuteCommand"`
	PropagateTags        string                `json:"propagateTags"`
	ReferenceID          string                `json:"referenceId"`
}

// prepareStartTask is StartTask
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html):
// one task on each named container instance (up to 10), no strategies;
// an instance that is not there is a failure MISSING, one deregistered
// INACTIVE, one without room the resource reason.
func (s *Service) prepareStartTask(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in startTaskInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.ContainerInstances) == 0 || len(in.ContainerInstances) > 10 {
		return nil, nil, errInvalid("containerInstances must have from 1 to 10 items.")
	}
	td, err := s.findTaskDef(in.TaskDefinition)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.newLaunch(td, "EC2", in.Group, nil, nil, in.NetworkConfiguration)
	if err != nil {
		return nil, nil, err
	}
	l.startedBy = in.StartedBy
	acts := append([]api.Action{{Action: "ecs:StartTask", Resource: td.arn}}, roleActions(td)...)
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		var tasks []*task
		var fails []failure
		for _, ref := range in.ContainerInstances {
			inst := s.findInstance(c, ref)
			switch {
			case inst == nil:
				fails = append(fails, failure{Arn: ref, Reason: "MISSING"})
				continue
			case inst.status == statusInactive:
				fails = append(fails, failure{Arn: inst.arn, Reason: "INACTIVE"})
				continue
			}
			p := newPlacer(l.req, []cand{{inst: inst, cpu: inst.remCPU, mem: inst.remMem, used: inst.used, group: inst.groups[l.req.group], eni: inst.enis - inst.usedENI}})
			if i, _ := p.placeOne(func(int) int { return 0 }, nil); i < 0 {
				fails = append(fails, p.failures()...)
				continue
			}
			t := s.newTask(env, c, l)
			t.tie = 1
			s.place(t, inst)
			if td.network == "awsvpc" {
				t.subnet = l.subnets[0]
			}
			tasks = append(tasks, t)
			s.startLifecycle(env.Schedule, env.Emit, env.Now, t)
		}
		return runOut(tasks, fails), nil
	}, nil
}

// findTask finds the task ref (an ARN or id) in c.
func (s *Service) findTask(c *cluster, ref string) *task {
	id := ref[strings.LastIndex(ref, "/")+1:]
	t := s.tasks[id]
	if t == nil || t.cluster != c || strings.HasPrefix(ref, "arn:") && ref != t.arn {
		return nil
	}
	return t
}

type stopTaskInput struct {
	Cluster string `json:"cluster"`
	Task    string `json:"task" aws:"required"`
	Reason  string `json:"reason"`
}

// prepareStopTask is StopTask
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html):
// the reason "can be up to 255 characters" and becomes the
// stoppedReason; without one the playground writes "Task stopped by
// user" (its own wording), with stopCode UserInitiated.
func (s *Service) prepareStopTask(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in stopTaskInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Reason) > 255 {
		return nil, nil, errInvalid("reason can have at most 255 characters.")
	}
	id := in.Task[strings.LastIndex(in.Task, "/")+1:]
	return []api.Action{{Action: "ecs:StopTask", Resource: s.arn("task/" + s.clusterName(in.Cluster) + "/" + id)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		t := s.findTask(c, in.Task)
		if t == nil {
			return nil, errInvalid("The referenced task was not found.")
		}
		reason := in.Reason
		if reason == "" {
			reason = "Task stopped by user"
		}
		s.stopTask(env.Schedule, env.Emit, env.Now, t, "UserInitiated", reason)
		return map[string]any{"task": t.out()}, nil
	}, nil
}

type describeTasksInput struct {
	Cluster string   `json:"cluster"`
	Tasks   []string `json:"tasks" aws:"required"`
	Include []string `json:"include"`
}

// prepareDescribeTasks is DescribeTasks (up to 100 tasks; one not found
// is a failure MISSING).
func (s *Service) prepareDescribeTasks(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeTasksInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Tasks) > 100 {
		return nil, nil, errInvalid("tasks can have at most 100 items.")
	}
	cname := s.clusterName(in.Cluster)
	var acts []api.Action
	for _, ref := range in.Tasks {
		acts = append(acts, api.Action{Action: "ecs:DescribeTasks", Resource: s.arn("task/" + cname + "/" + ref[strings.LastIndex(ref, "/")+1:])})
	}
	return acts, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		fails := []failure{}
		for _, ref := range in.Tasks {
			if t := s.findTask(c, ref); t != nil {
				out = append(out, t.out())
			} else {
				fails = append(fails, failure{Arn: ref, Reason: "MISSING"})
			}
		}
		return map[string]any{"tasks": out, "failures": fails}, nil
	}, nil
}

type listTasksInput struct {
	Cluster           string `json:"cluster"`
	ContainerInstance string `json:"containerInstance"`
	Family            string `json:"family"`
	StartedBy         string `json:"startedBy"`
	ServiceName       string `json:"serviceName"`
	DesiredStatus     string `json:"desiredStatus"`
	LaunchType        string `json:"launchType"`
	MaxResults        *int   `json:"maxResults"`
	NextToken         string `json:"nextToken"`
}

// prepareListTasks is ListTasks: by default the tasks whose desired
// status is RUNNING.
func (s *Service) prepareListTasks(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listTasksInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	desired := in.DesiredStatus
	switch desired {
	case "":
		desired = "RUNNING"
	case "RUNNING", "PENDING", "STOPPED":
	default:
		return nil, nil, errInvalid("desiredStatus must be RUNNING, PENDING or STOPPED.")
	}
	resource := "*"
	if in.ContainerInstance != "" {
		resource = s.arn("container-instance/" + s.clusterName(in.Cluster) + "/" + in.ContainerInstance[strings.LastIndex(in.ContainerInstance, "/")+1:])
	}
	return []api.Action{{Action: "ecs:ListTasks", Resource: resource}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		var arns []string
		for _, t := range c.tasks {
			if t.desiredStatus != desired ||
				in.ContainerInstance != "" && (t.inst == nil || s.findInstance(c, in.ContainerInstance) != t.inst) ||
				in.Family != "" && t.td.family != in.Family ||
				in.StartedBy != "" && t.startedBy != in.StartedBy ||
				in.ServiceName != "" && (t.svc == nil || t.svc.name != s.serviceName(in.ServiceName)) ||
				in.LaunchType != "" && t.launchType != in.LaunchType {
				continue
			}
			arns = append(arns, t.arn)
		}
		page, next, err := paginate(arns, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"taskArns": page}, next), nil
	}, nil
}
