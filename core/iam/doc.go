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
//     IsTruncated, and Marker (opaque) when there is more. Items are in
//     name order, without regard to case.
//
// [IAM identifiers]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// [IAM quotas]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// [Tagging IAM resources]: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
// [Service Authorization Reference]: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
package iam
