// Package policy is the IAM policy language: a parser that keeps the
// position of every statement, and AWS's evaluation logic with a trace that
// says why each statement did or did not apply.
//
// # Grammar
//
// [Parse] reads a JSON policy document ([grammar]) with a hand-written
// scanner, [ReadJSON], that records where every value and member name
// starts and ends (a [Mark]: line and column 1-based, counting Unicode code
// points, the code-point offset and the byte offset) and its path from the
// root ([Node.Path]). It is the one reader of the policy language: the
// policy validator (package analyzer) and S3's bucket policy checks read
// documents with it and parse the same tree ([ParseDocument]); condition
// operators are read by one table ([ParseOperator]). A line ends at '\n'
// only; the '\r' of "\r\n" counts as the last code point of its line. A
// document is an object with
// Version ("2012-10-17" or "2008-10-17"; absent means 2008-10-17), an
// optional Id and Statement: one statement object or an array of them.
// A statement has Sid, Effect ("Allow" or "Deny"), Principal or NotPrincipal
// ("*", or an object of AWS, Service, Federated and CanonicalUser, each a
// string or an array of strings), Action or NotAction, Resource or
// NotResource, and Condition: an object of operator → condition key →
// value or array of values (strings, numbers or booleans).
//
// What a document must and may contain depends on its [Kind]: identity
// policies, permissions boundaries and session policies must not name a
// principal ("Policy document should not specify a principal."); resource
// policies (bucket policies) and role trust policies must; trust policies
// have no Resource; NotPrincipal goes only with Deny. Unknown elements,
// duplicate member names, missing Effect, Action or Resource, both Action and
// NotAction, unknown condition operators and values an operator cannot read
// are errors. Each is a [*SyntaxError] with a position ("3:14: unknown
// condition operator \"StringEqual\""), or an [ErrorList] sorted by position
// when there are several. Nesting deeper than 32 levels is refused, and every
// byte is read a bounded number of times, so hostile input costs linear time.
//
// Parsing compiles the policy for evaluation (action and ARN patterns, IP
// prefixes, numbers, dates), so [Evaluate] does no parsing.
// [Policy.Size] counts characters without white space outside strings, as
// IAM's quotas do, and [Policy.Marshal] writes canonical JSON that parses
// back to an equal policy.
//
// # Matching
//
// Actions match case-insensitively with the wildcards '*' and '?'.
// Resources match as ARNs, segment by segment, where a '*' at the end of a
// segment may run across the colons that follow ([Resource]); the match is
// case-sensitive. The wildcard matcher ([Match]) places the pieces between
// stars greedily (the first at the start, the last at the end, the others
// leftmost, found with strings.Index), so it is linear in
// len(pattern)+len(subject) but for pieces holding '?', which may be tried
// at every place; it needs neither recursion nor regular expressions.
//
// # Conditions
//
// Every operator family of [condition operators] is supported: String*,
// Numeric*, Date* (ISO 8601 or epoch seconds), Bool, BinaryEquals,
// IpAddress/NotIpAddress (IPv4 and IPv6), Arn*, Null, the ...IfExists forms
// and the ForAllValues:/ForAnyValue: set operators ([multivalued context
// keys]). Condition keys are case-insensitive. The operators of a statement
// and the keys of an operator are ANDed; the values of a key are ORed,
// except that a negated operator (StringNotEquals, NotIpAddress, ...) is
// true only when the request value matches none of them. A missing key makes
// a positive operator false and a negated one true; ...IfExists is true;
// ForAllValues is true and ForAnyValue false, also for a key with no values.
//
// Under Version 2012-10-17, [policy variables] (${aws:username},
// ${aws:PrincipalTag/team, 'default'}, any context key, and ${*}, ${?},
// ${$}) are substituted in Resource and NotResource and in the values of
// the String, Arn and Bool operators. A variable with no value and no
// default makes the statement not apply.
//
// # Evaluation
//
// [Evaluate] follows the [policy evaluation logic]: an explicit Deny in any
// policy wins; the root user may do anything in its own account unless
// explicitly denied; within one account an identity-based Allow counts when
// the permissions boundaries and session policies also allow, and a
// resource-based Allow that names the caller itself (user ARN, role session
// ARN, "*") counts on its own while one that names the role of a session is
// still bounded by them; across accounts both the identity side and the
// resource policy must allow ([cross-account evaluation]); otherwise the
// request is implicitly denied. Role trust policies must always allow the
// caller and are bounded by its permissions boundary.
//
// Every statement is evaluated. With a trace, the [Result] carries a
// [Trace] in the shape of CONTRACT.md "The explanation (Trace)" (each
// statement's Matched flag, its positions, and for one that did not apply
// the first element that failed and why, such as "Condition IpAddress
// aws:SourceIp: 198.51.100.7 is not in 203.0.113.0/24"), and what
// iam:SimulateCustomPolicy reports: MatchedStatements,
// MissingContextValues, EvalDecisionDetails and the permissions boundary
// decision. Without a trace, evaluation does not allocate. A Reason takes
// at most [MaxReason] bytes, and messages quote at most 64 code points of
// an input ([Clip]).
//
// # Cost
//
// [Set.Cost] estimates the work of an evaluation and [Set.TraceSize]
// bounds the size of its trace, before anything is evaluated, so that a
// caller (the simulate APIs) can budget a request and refuse one that
// would take too long or answer too much.
//
// [grammar]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// [Resource]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// [condition operators]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// [multivalued context keys]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// [policy variables]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// [policy evaluation logic]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// [cross-account evaluation]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
package policy
