// Package analyzer is IAM Access Analyzer's policy validation:
// access-analyzer:ValidatePolicy ([ValidatePolicy]), which checks a policy
// document against the policy grammar and AWS's best practices and returns
// findings (ERROR, SECURITY_WARNING, WARNING, SUGGESTION), each with AWS's
// issue code from the [policy check reference], a learnMoreLink to its
// section there, and the locations it concerns: a JSON path and a span of
// the text (lines from 1, columns and offsets from 0, in Unicode code
// points, a "\r\n" line end counting as two), so an editor can underline
// the element. Documents are read once, with the policy package's reader
// (policy.ReadJSON), which gives every element its span and path; that
// tree is then parsed with policy.ParseDocument.
//
// [Validate] does the work; [Service] wraps it as an operation (input and
// output in the AWS CLI's JSON view, authorised as
// access-analyzer:ValidatePolicy on "*"). The checks come in three groups:
//
//   - Grammar: the errors of policy.Parse for the policy type's
//     policy.Kind (identity, resource, role trust policy for
//     AWS::IAM::AssumeRolePolicyDocument), each turned into AWS's code
//     (JSON_SYNTAX_ERROR, MISSING_EFFECT, UNSUPPORTED_PRINCIPAL,
//     MISSING_PRINCIPAL, INVALID_CONDITION_OPERATOR, ...). A JSON syntax
//     error stops validation, as it does at AWS.
//   - Reference: with a catalog (package catalog), unknown services and
//     actions (INVALID_SERVICE_IN_ACTION, INVALID_ACTION with a "Did you
//     mean"), ARNs that fit none of the resource types of the statement's
//     actions (INVALID_ARN_RESOURCE, ARN_REGION_NOT_ALLOWED,
//     ARN_ACCOUNT_NOT_ALLOWED), unknown condition keys
//     (INVALID_GLOBAL_CONDITION_KEY, INVALID_SERVICE_CONDITION_KEY,
//     MISSING_TAG_KEY_IN_CONDITION), an operator that does not fit the
//     key's type (TYPE_MISMATCH: a Date key with StringEquals), and set
//     qualifiers that do not fit (FORALLVALUES_WITH_SINGLE_VALUED_KEY,
//     MISSING_QUALIFIER).
//   - Structure: MISSING_VERSION, EMPTY_SID_VALUE, redundant actions,
//     resources and statements, iam:PassRole and
//     iam:CreateServiceLinkedRole on any role (PASS_ROLE_WITH_...,
//     CREATE_SLR_WITH_...; AWS reports "*" on "*" through these), the SCP
//     syntax checks, policy size quotas, policy variables, and the values
//     of aws:SourceIp, aws:SourceVpc(e) and numeric conditions.
//
// Every issue code is AWS's own, with AWS's finding type: [Checks] lists
// every check of the reference (135 in its 2023 edition) and, for those
// the playground does not make, why not (most need data ValidatePolicy is
// not given or the catalog does not carry).
//
// [IssueCodes] lists every code with its finding type. Findings are sorted
// by position, and their text is English whatever the locale.
//
// # Bounded work
//
// A document may have at most [MaxDocumentSize] bytes (the API model sets
// no limit; this one is far above every policy size quota). Reading is
// linear and refuses nesting deeper than 32 levels. The checks that can
// grow faster than the text (expanding wildcards against the catalog,
// matching ARN formats, comparing entries and statements pairwise,
// suggesting names) draw on one work budget per document; once it is
// spent they are skipped, so a hostile document yields fewer findings
// rather than a stalled page. At most 1000 findings are returned.
//
// [ValidatePolicy]: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
// [policy check reference]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
package analyzer
