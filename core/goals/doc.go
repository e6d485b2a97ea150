// Package goals checks the goals of an exercise: a scenario's "goals"
// (CONTRACT.md "Goals (exercises)"), each a check — an operation run
// through [cloud.Account.Check], not logged and changing nothing — and the
// outcome it expects.
//
// A goal is
//
//	{"title": "Fred may upload to my-bucket",
//	 "check": {"op": "iam:SimulatePrincipalPolicy", "input": {...}, "as": "arn:...", "context": {...}, "dryRun": false},
//	 "expect": {"decision": "allowed"}}
//
// title, check and check.op are required; input defaults to {}, as to the
// account's root user. The check's operation must be read-only unless
// dryRun is true: a dry run authorises every action the operation needs,
// as a real call would, and runs nothing (its output is {}).
//
// expect is exactly one of
//
//   - {"ok": true}: the check succeeds;
//   - {"error": "<code>"}: the check fails with that error code
//     (AccessDenied, NoSuchEntity, ...);
//   - {"decision": "allowed" | "implicitDeny" | "explicitDeny"}: for a
//     check of iam:SimulatePrincipalPolicy or iam:SimulateCustomPolicy,
//     every item of EvaluationResults has that EvalDecision (one per
//     action asked about, each the most restrictive decision over the
//     resources, as AWS gives it); a simulation with no results is not done;
//   - {"path": "<gjson path>", "equals": <JSON value>}: the value at path
//     in the check's output ([gjson] syntax, e.g. Users.#.UserName) equals
//     the given value (numbers compared as numbers, objects regardless of
//     member order); a path that matches nothing is not done.
//
// [Evaluate] never fails: a check that errs where success was expected
// is a goal not done, with the reason in its Detail.
//
// [gjson]: https://github.com/tidwall/gjson/blob/master/SYNTAX.md
package goals
