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
// No call can take the page down or leave the account half changed: the
// outermost call (or advance) recovers a panic anywhere inside it, answers
// InternalFailure, and rebuilds the account from its journal as it was
// before. What one call may ask is bounded ([MaxInputBytes],
// [MaxContextKeys] and the limits beside it), as are error messages (they
// quote a short prefix of an offending input), the event log ([MaxEvents],
// clipped strings) and the clock ([sim.MaxTime], advances journaled in
// steps of at most [MaxAdvanceMillis]).
//
// Each service hands the account one [api.Descriptor] (its prefix,
// protocol, validation code, operations and resource-policy lookup); the
// account loops over that list and has no switch on service names.
//
// Work a service schedules ([api.Env].Schedule) runs when an advance
// reaches it, with an [api.Work] environment: it reports step events
// ([Account.AdvanceEvents], at most [MaxStepEvents] kept), and may assume
// an IAM role as its service principal (authorised by the role's trust
// policy) and call other services as the role session, logged with
// invokedBy as CloudTrail logs it. An operation that hands a role to a
// service requires [api.PassRole] from its caller.
//
// Access denied messages follow the wording of
// [Troubleshoot access denied error messages].
//
// [Troubleshoot access denied error messages]: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
package cloud
