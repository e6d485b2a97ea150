package ecs

import (
	"maps"
	"slices"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the Amazon ECS of one account in one Region.
type Service struct {
	account, region string
	clusters        map[string]*cluster  // by name
	families        map[string]*family   // task definition families by name
	tasks           map[string]*task     // every task kept, by id
	instances       map[string]*instance // every container instance kept, by id
	ec2             map[string]*instance // the registered (not INACTIVE) instance of each EC2 instance id
}

// New returns the ECS of account in region: no clusters, no task
// definitions.
func New(account, region string) *Service {
	return &Service{account: account, region: region, clusters: map[string]*cluster{},
		families: map[string]*family{}, tasks: map[string]*task{}, instances: map[string]*instance{},
		ec2: map[string]*instance{}}
}

// Descriptor returns the descriptor of ECS for the account's dispatcher.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "ecs", Protocol: api.JSON, ValidationCode: invalidParam, Ops: s.Ops()}
}

// PlaygroundOps returns the playground's own operations ECS answers
// (cloudplay:ExplainPlacement), for the account's cloudplay descriptor.
func (s *Service) PlaygroundOps() []api.Op {
	return []api.Op{{Name: "cloudplay:ExplainPlacement", Prepare: s.prepareExplain}}
}

// Ops returns the operations of ECS.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "ecs:CreateCluster", Mutates: true, Prepare: s.prepareCreateCluster},
		{Name: "ecs:DeleteCluster", Mutates: true, Prepare: s.prepareDeleteCluster},
		{Name: "ecs:DescribeClusters", Prepare: s.prepareDescribeClusters},
		{Name: "ecs:ListClusters", Prepare: s.prepareListClusters},
		{Name: "ecs:RegisterContainerInstance", Mutates: true, Prepare: s.prepareRegisterInstance},
		{Name: "ecs:DeregisterContainerInstance", Mutates: true, Prepare: s.prepareDeregisterInstance},
		{Name: "ecs:DescribeContainerInstances", Prepare: s.prepareDescribeInstances},
		{Name: "ecs:ListContainerInstances", Prepare: s.prepareListInstances},
		{Name: "ecs:PutAttributes", Mutates: true, Prepare: s.preparePutAttributes},
		{Name: "ecs:ListAttributes", Prepare: s.prepareListAttributes},
		{Name: "ecs:RegisterTaskDefinition", Mutates: true, Prepare: s.prepareRegisterTaskDef},
		{Name: "ecs:DeregisterTaskDefinition", Mutates: true, Prepare: s.prepareDeregisterTaskDef},
		{Name: "ecs:DescribeTaskDefinition", Prepare: s.prepareDescribeTaskDef},
		{Name: "ecs:RunTask", Mutates: true, Prepare: s.prepareRunTask},
		{Name: "ecs:StartTask", Mutates: true, Prepare: s.prepareStartTask},
		{Name: "ecs:StopTask", Mutates: true, Prepare: s.prepareStopTask},
		{Name: "ecs:DescribeTasks", Prepare: s.prepareDescribeTasks},
		{Name: "ecs:ListTasks", Prepare: s.prepareListTasks},
		{Name: "ecs:CreateService", Mutates: true, Prepare: s.prepareCreateService},
		{Name: "ecs:UpdateService", Mutates: true, Prepare: s.prepareUpdateService},
		{Name: "ecs:DeleteService", Mutates: true, Prepare: s.prepareDeleteService},
		{Name: "ecs:DescribeServices", Prepare: s.prepareDescribeServices},
	}
}

func (s *Service) arn(resource string) string {
	return "arn:aws:ecs:" + s.region + ":" + s.account + ":" + resource
}

// hexID draws a 32-hex-digit id (task and container instance ids, as AWS's
// new ARN format shows them:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids).
func hexID(r *sim.Rand) string { return r.Chars("0123456789abcdef", 32) }

// sortedKeys returns m's keys in order, so map order never leaks out.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
