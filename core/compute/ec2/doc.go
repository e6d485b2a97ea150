// Package ec2 simulates the part of Amazon EC2 that containers stand on:
// the account's default network (one VPC, a default subnet in each
// Availability Zone of the region, the default security group), a table
// of common instance types with their on-demand prices, and instances
// launched, run and terminated in simulated time.
//
// Operations (the AWS CLI's JSON view, EC2's error codes):
// ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeAvailabilityZones,
// ec2:DescribeSecurityGroups, ec2:RunInstances, ec2:DescribeInstances,
// ec2:TerminateInstances.
//
// The default network's ids derive from the account id (a hash of the
// account id and the resource's name), not from the account's seed, so
// that adding it shifted no id an existing scenario draws.
//
// An instance is pending for [PendingMillis], then running; terminated, it
// is shutting-down for [ShuttingDownMillis], then terminated, and stays
// visible for [TerminatedVisibleMillis]. An instance launched from the
// ECS-optimised image ([ECSAMI]) with an instance profile joins an ECS
// cluster when it is running, as the ECS agent on it does: EC2 assumes the
// profile's role as ec2.amazonaws.com and calls ecs:RegisterContainerInstance
// through the dispatcher (see join.go); a denial or an error is a step
// event, and the event log shows the call.
//
// Cost: [View.CostPerSecond] is what the running instances cost per
// simulated second, [View.Accrued] what they have cost so far, billed per
// second with a 60-second minimum.
//
// [ECS]: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_container_instance.html
package ec2
