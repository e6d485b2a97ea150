// Package cluster is the model behind the Containers panel's picture: the
// Availability Zones as columns, each ECS container instance as a box with
// CPU and memory bars filled by its tasks (registered against remaining
// resources, as DescribeContainerInstances reports them), each task as a
// chip inside the box it was placed on, and a Fargate lane where each
// task is its own box in its zone's column. Tasks that appear between two
// looks fly from the Run button into their place, bars fill smoothly and
// stopped tasks fade; the panel's canvas renderer (site/cluster.js) draws
// what Fill writes, once per frame.
//
// Everything here is a pure function of the account's views (ecs.View,
// ec2.View) and of the wall-clock milliseconds a frame gives, so it is
// tested natively. The engine decides where tasks go; this package only
// draws what it decided. The cost meter (cost.go) reads the views' own
// cost functions (ec2.View.CostPerSecond and Accrued, ecs.View's
// FargateCostRate and ecs.FargateCharge).
package cluster
