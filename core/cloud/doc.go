// Package cloud is the simulated AWS account: one dispatcher for every
// operation of every service, the authorisation of each action an operation
// needs before it changes anything, the event log of every call, and the
// journal of successful state-changing calls from which a scenario is
// exported.
//
//	acct := cloud.New(cloud.Config{Seed: 1})
//	out, err := acct.Call("arn:aws:iam::123456789012:root", "iam:CreateUser", []byte(`{"UserName":"Alice"}`))
//
// The operation name is the IAM action ("service:Operation"); inputs and
// outputs are the AWS CLI's JSON view of the API; errors are *api.Error with
// the service's own codes. See CONTRACT.md for the whole contract.
//
// Access denied messages follow the wording of
// [Troubleshoot access denied error messages].
//
// [Troubleshoot access denied error messages]: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
package cloud
