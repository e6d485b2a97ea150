package ecs

import (
	"regexp"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Quotas (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html,
// https://docs.aws.amazon.com/general/latest/gr/ecs-service.html).
const (
	// MaxClusters: "Clusters per account: 10,000".
	MaxClusters = 10000
	// MaxInstancesPerCluster: "Container instances per cluster: 5,000".
	MaxInstancesPerCluster = 5000
	// MaxServicesPerCluster: "Services per cluster: 5,000".
	MaxServicesPerCluster = 5000
	// MaxTasksPerService: "Tasks per service: 5,000".
	MaxTasksPerService = 5000
	// MaxRunTaskCount: RunTask's count "Valid Range: Minimum value of 1.
	// Maximum value of 10."
	// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
	MaxRunTaskCount = 10
)

// Cluster statuses (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Cluster.html).
const (
	statusActive   = "ACTIVE"
	statusInactive = "INACTIVE"
	statusDraining = "DRAINING"
)

type cluster struct {
	name, arn string
	status    string
	created   sim.Time
	instances []*instance // in registration order, INACTIVE ones dropped
	tasks     []*task     // in start order, stopped ones kept (see keepStopped)
	services  map[string]*ecsService
	seq       int64 // counts the cluster's changes of capacity (see explain.go)
}

// clusterNameRE: "Up to 255 letters (uppercase and lowercase), numbers,
// underscores, and hyphens are allowed"
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html).
var clusterNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,255}$`)

// clusterRef resolves a cluster member: a name or ARN, "default" when
// empty.
func (s *Service) clusterName(ref string) string {
	if ref == "" {
		return "default"
	}
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndex(ref, ":cluster/"); i >= 0 {
			return ref[i+len(":cluster/"):]
		}
	}
	return ref
}

// findCluster returns the ACTIVE cluster ref names, or AWS's
// ClusterNotFoundException "Cluster not found."
func (s *Service) findCluster(ref string) (*cluster, error) {
	c := s.clusters[s.clusterName(ref)]
	if c == nil || c.status != statusActive {
		return nil, api.Errorf(clusterNotFound, "Cluster not found.")
	}
	return c, nil
}

func (s *Service) clusterARN(ref string) string { return s.arn("cluster/" + s.clusterName(ref)) }

type createClusterInput struct {
	ClusterName string `json:"clusterName"`
	Tags        []tag  `json:"tags"`
	Settings    []any  `json:"settings"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// prepareCreateCluster is CreateCluster
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html):
// without a name, the cluster "default". Creating a cluster that exists
// returns it unchanged, as ECS does.
func (s *Service) prepareCreateCluster(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createClusterInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name := in.ClusterName
	if name == "" {
		name = "default"
	}
	if !clusterNameRE.MatchString(name) {
		return nil, nil, errInvalid("Invalid cluster name %q: up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", clip(name))
	}
	return []api.Action{{Action: "ecs:CreateCluster", Resource: s.arn("cluster/" + name)}}, func() (any, error) {
		c := s.clusters[name]
		if c == nil || c.status != statusActive {
			if s.activeClusters() >= MaxClusters {
				return nil, api.Errorf(limitExceeded, "The maximum number of clusters (%d) has been reached.", MaxClusters)
			}
			c = &cluster{name: name, arn: s.arn("cluster/" + name), status: statusActive, created: env.Now, services: map[string]*ecsService{}}
			s.clusters[name] = c
		}
		return map[string]any{"cluster": s.clusterOut(c)}, nil
	}, nil
}

func (s *Service) activeClusters() int {
	n := 0
	for _, c := range s.clusters {
		if c.status == statusActive {
			n++
		}
	}
	return n
}

type clusterOut struct {
	ClusterArn                        string `json:"clusterArn"`
	ClusterName                       string `json:"clusterName"`
	Status                            string `json:"status"`
	RegisteredContainerInstancesCount int    `json:"registeredContainerInstancesCount"`
	RunningTasksCount                 int    `json:"runningTasksCount"`
	PendingTasksCount                 int    `json:"pendingTasksCount"`
	ActiveServicesCount               int    `json:"activeServicesCount"`
}

func (s *Service) clusterOut(c *cluster) clusterOut {
	out := clusterOut{ClusterArn: c.arn, ClusterName: c.name, Status: c.status, RegisteredContainerInstancesCount: len(c.instances)}
	for _, t := range c.tasks {
		switch t.lastStatus {
		case "RUNNING":
			out.RunningTasksCount++
		case "PROVISIONING", "PENDING", "ACTIVATING":
			out.PendingTasksCount++
		}
	}
	for _, sv := range c.services {
		if sv.status == statusActive {
			out.ActiveServicesCount++
		}
	}
	return out
}

type clusterRefInput struct {
	Cluster string `json:"cluster" aws:"required"`
}

// prepareDeleteCluster is DeleteCluster
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html):
// refused while container instances are registered, services are active
// or tasks are not stopped, with AWS's codes and messages.
func (s *Service) prepareDeleteCluster(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in clusterRefInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "ecs:DeleteCluster", Resource: s.clusterARN(in.Cluster)}}, func() (any, error) {
		c, err := s.findCluster(in.Cluster)
		if err != nil {
			return nil, err
		}
		if len(c.instances) > 0 {
			return nil, api.Errorf(clusterHasInst, "The Cluster cannot be deleted while Container Instances are active or draining.")
		}
		for _, sv := range c.services {
			if sv.status != statusInactive {
				return nil, api.Errorf(clusterHasServices, "The Cluster cannot be deleted while Services are active.")
			}
		}
		for _, t := range c.tasks {
			if t.lastStatus != "STOPPED" {
				return nil, api.Errorf(clusterHasTasks, "The Cluster cannot be deleted while Tasks are active.")
			}
		}
		c.status = statusInactive
		return map[string]any{"cluster": s.clusterOut(c)}, nil
	}, nil
}

type describeClustersInput struct {
	Clusters []string `json:"clusters"`
	Include  []string `json:"include"`
}

type failure struct {
	Arn    string `json:"arn,omitempty"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// prepareDescribeClusters is DescribeClusters: a cluster that does not
// exist is a failure with reason MISSING
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html).
func (s *Service) prepareDescribeClusters(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeClustersInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Clusters) == 0 {
		in.Clusters = []string{"default"}
	}
	if len(in.Clusters) > 100 {
		return nil, nil, errInvalid("clusters can have at most 100 items.")
	}
	var acts []api.Action
	for _, ref := range in.Clusters {
		acts = append(acts, api.Action{Action: "ecs:DescribeClusters", Resource: s.clusterARN(ref)})
	}
	return acts, func() (any, error) {
		out := []clusterOut{}
		fails := []failure{}
		for _, ref := range in.Clusters {
			if c := s.clusters[s.clusterName(ref)]; c != nil {
				out = append(out, s.clusterOut(c))
			} else {
				fails = append(fails, failure{Arn: s.clusterARN(ref), Reason: "MISSING"})
			}
		}
		return map[string]any{"clusters": out, "failures": fails}, nil
	}, nil
}

type listInput struct {
	MaxResults *int   `json:"maxResults"`
	NextToken  string `json:"nextToken"`
}

// prepareListClusters is ListClusters (maxResults 1 to 100, default 100).
func (s *Service) prepareListClusters(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "ecs:ListClusters", Resource: "*"}}, func() (any, error) {
		var arns []string
		for _, name := range sortedKeys(s.clusters) {
			if c := s.clusters[name]; c.status == statusActive {
				arns = append(arns, c.arn)
			}
		}
		page, next, err := paginate(arns, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"clusterArns": page}, next), nil
	}, nil
}
