// Package computetest holds the tests of ECR, EC2 and ECS working
// together: the three services meet only through the account's
// dispatcher (an instance's agent registering with its cluster, a task
// pulling its image as a role), so their joint behaviour is tested here,
// on a whole account, with the built-in container scenarios.
package computetest
