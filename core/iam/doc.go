// Package iam is the account's IAM directory: users, groups, the
// memberships between them and user tags, with the rules AWS applies to
// them.
//
// [Service.Ops] lists the operations (iam:CreateUser, iam:GetGroup, ...).
// Each one takes and returns the AWS CLI's JSON view of the API (member
// names as in the IAM API reference) and follows the api.Op protocol:
// Prepare decodes and validates the input (ValidationError, in AWS's
// "1 validation error detected: ..." wording) and names the IAM actions
// the call needs, as the [Service Authorization Reference] lists them, on the
// resource ARN it gives (formed from the input when the resource does not
// exist yet, path "/" by default); Prepare never changes state. The
// returned run does the existence checks (NoSuchEntity,
// EntityAlreadyExists, DeleteConflict, LimitExceeded) and the change, and
// only then draws ids from the account's random source, so only calls that
// succeed draw.
//
// # Rules
//
//   - User names are 1–64 characters (1–128 where an existing user is
//     named), group names 1–128, both matching [\w+=,.@-]+. Names are
//     unique within the account and are compared without regard to case,
//     so creating "alice" next to "Alice" is EntityAlreadyExists and
//     GetUser "alice" finds "Alice". [IAM identifiers], [IAM quotas].
//   - Paths are "/" or "/…/" of the characters ! to ~, 1–512 long.
//   - ARNs are arn:aws:iam::ACCOUNT:user/PATH/NAME and
//     arn:aws:iam::ACCOUNT:group/PATH/NAME; ids are AIDA (users) or AGPA
//     (groups) followed by 17 characters of A–Z and 2–7.
//   - Quotas: 5000 users, 300 groups per account, 10 groups per user, 50
//     tags per user (LimitExceeded).
//   - A user in a group cannot be deleted, nor a group with members
//     (DeleteConflict "Cannot delete entity, must remove users from group
//     first.").
//   - Tags: keys 1–128 and values 0–256 characters of letters, digits,
//     spaces and _.:/=+-@. Tag keys of a user are case-insensitive but keep
//     their case: tagging "dept" over "Dept" replaces the tag, key and
//     value. Keys beginning with "aws:" are reserved. [Tagging IAM resources].
//   - List operations return one page: MaxItems 1–1000 (default 100),
//     IsTruncated, and Marker (opaque, at most 320 characters) when there
//     is more. Items are in name order, without regard to case. The
//     simulate APIs may return fewer results than MaxItems, as IAM may, to
//     keep a page within their work budget (simulate.go).
//   - Error messages quote at most 64 code points of an input, then "…",
//     and a ValidationError spells out at most ten violations.
//
// # Policies, roles and sessions
//
//   - Managed policies (CreatePolicy, versions v1, v2, ... never reused, at
//     most 5, one default) and AWS managed policies (package managed, Scope
//     AWS in ListPolicies, read-only); inline policies of users, groups and
//     roles; attachments (10 managed policies per user, group or role);
//     permissions boundaries of users and roles.
//   - Documents are checked with policy.Parse (identity policies and
//     boundaries as Identity, trust policies as Trust, AssumeRole's Policy
//     as Session): MalformedPolicyDocument gives AWS's wording and the line
//     and column. Sizes count characters without white space: 6,144 per
//     managed policy version, 2,048 / 5,120 / 10,240 for all inline
//     policies of a user / group / role together, 2,048 for a trust policy.
//     Documents are shown decoded (JSON objects), as the CLI shows them.
//   - Document errors, like existence checks, come from run, after
//     authorisation, as AWS answers an unauthorised caller AccessDenied
//     whatever the document.
//   - sts:AssumeRole is authorised on the role ARN against the role's trust
//     policy (the dispatcher passes it, see TrustPolicy); the session
//     arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION is then a caller until
//     its Expiration (PrincipalAt: ExpiredToken after it). [Service.PolicySet]
//     gives every policy that applies to a principal.
//
// [IAM identifiers]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// [IAM quotas]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// [Tagging IAM resources]: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
// [Service Authorization Reference]: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
package iam
