// Package ecs is Amazon Elastic Container Service in the playground:
// clusters, container instances, task definitions, tasks, services,
// Fargate, and the placement of tasks on container instances, every
// decision of which can be explained (cloudplay:ExplainPlacement).
//
// # Placement
//
// The placer (schedule.go) is the placement core, a pure function of the cluster's
// candidates and one task's requirements, following the ECS developer
// guide's process
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html):
//
//  1. keep the container instances that satisfy the task's CPU, memory and
//     port requirements (and whose agent is connected, and whose
//     attributes the task requires);
//  2. keep those that satisfy the placement constraints (distinctInstance,
//     memberOf with an expression of the cluster query language,
//     [ParseQuery]);
//  3. apply the placement strategies in order (binpack on cpu or memory,
//     spread on a field, random): each keeps the best candidates, ties go
//     on to the next strategy;
//  4. pick one instance; a tie that remains is broken by the account's
//     seeded source, so a replay picks the same.
//
// The tasks of one call are placed one at a time, each seeing the
// resources the ones before it took. "No capacity" is a result (the call's
// failures, with AWS's reasons RESOURCE:CPU, RESOURCE:MEMORY,
// RESOURCE:PORTS, RESOURCE:ENI (awsvpc tasks on EC2 take a network
// interface each, up to the instance type's maximum less the instance's
// own), AGENT, ATTRIBUTE and the constraints' wording), never a Go error.
//
// # Talking to other services
//
// ECS meets EC2 and ECR only through the account's dispatcher: container
// instances register with ecs:RegisterContainerInstance (the EC2 agent's
// call), and a task's image is pulled with ecr:BatchGetImage and
// ecr:GetDownloadUrlForLayer as the task execution role (Fargate) or the
// container instance's role (EC2).
package ecs
