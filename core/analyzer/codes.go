package analyzer

import "strings"

// The finding types of ValidatePolicy.
const (
	Error           = "ERROR"
	SecurityWarning = "SECURITY_WARNING"
	Warning         = "WARNING"
	Suggestion      = "SUGGESTION"
)

// issue is an issue code: its finding type and the title of its section in
// the [policy check reference], from which the learnMoreLink anchor is
// made ("Error – Invalid action" is #access-analyzer-reference-policy-checks-error-invalid-action).
//
// [policy check reference]: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
type issue struct {
	typ, title string
	link       string // set for cloudplay's own checks, which AWS does not have
}

const checksPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"

// issues lists the issue codes the analyzer reports. All but the last
// three are AWS's, with AWS's finding type.
var issues = map[string]issue{
	// Grammar (from policy.Parse).
	"JSON_SYNTAX_ERROR":                           {Error, "Json syntax error", ""},
	"INVALID_POLICY_ELEMENT":                      {Error, "Invalid policy element", ""},
	"DATA_TYPE_MISMATCH":                          {Error, "Data type mismatch", ""},
	"MISSING_STATEMENT":                           {Error, "Missing statement", ""},
	"MISSING_EFFECT":                              {Error, "Missing effect", ""},
	"INVALID_EFFECT":                              {Error, "Invalid effect", ""},
	"MISSING_ACTION":                              {Error, "Missing action", ""},
	"MISSING_RESOURCE":                            {Error, "Missing resource", ""},
	"MISSING_PRINCIPAL":                           {Error, "Missing principal", ""},
	"UNSUPPORTED_PRINCIPAL":                       {Error, "Unsupported principal", ""},
	"SCP_SYNTAX_ERROR_PRINCIPAL":                  {Error, "SCP syntax error principal", ""},
	"INVALID_PRINCIPAL_FORMAT":                    {Error, "Invalid principal format", ""},
	"INVALID_PRINCIPAL_KEY":                       {Error, "Invalid principal key", ""},
	"UNSUPPORTED_ELEMENT_COMBINATION":             {Error, "Unsupported element combination", ""},
	"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE":     {Error, "Role trust policy syntax error resource", ""},
	"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL": {Error, "Role trust policy syntax error notprincipal", ""},
	"INVALID_VERSION":                             {Error, "Invalid version", ""},
	"UNIQUE_SIDS_REQUIRED":                        {Error, "Unique Sids required", ""},
	"UNSUPPORTED_SID":                             {Error, "Unsupported Sid", ""},
	"INVALID_CONDITION_OPERATOR":                  {Error, "Invalid condition operator", ""},
	"NULL_WITH_IF_EXISTS":                         {Error, "Null with if exists", ""},
	"INVALID_CONDITION_KEY_FORMAT":                {Error, "Invalid condition key format", ""},
	"INVALID_ARN_PREFIX":                          {Error, "Invalid ARN prefix", ""},
	"MISSING_BRACE_IN_VARIABLE":                   {Error, "Missing brace in variable", ""},
	"MISSING_QUOTE_IN_VARIABLE":                   {Error, "Missing quote in variable", ""},
	"EMPTY_ARRAY_ACTION":                          {Suggestion, "Empty array action", ""},
	"EMPTY_ARRAY_RESOURCE":                        {Suggestion, "Empty array resource", ""},
	"EMPTY_ARRAY_PRINCIPAL":                       {Suggestion, "Empty array principal", ""},
	"EMPTY_ARRAY_CONDITION":                       {Suggestion, "Empty array condition", ""},
	"EMPTY_OBJECT_CONDITION":                      {Suggestion, "Empty object condition", ""},
	"EMPTY_OBJECT_PRINCIPAL":                      {Suggestion, "Empty object principal", ""},
	"WILDCARD_IN_SERVICE_NAME":                    {Suggestion, "Wildcard in service name", ""},
	"ALLOW_WITH_NOT_PRINCIPAL":                    {SecurityWarning, "Allow with NotPrincipal", ""},
	"TYPE_MISMATCH_NUMBER":                        {Warning, "Type mismatch number", ""},
	"TYPE_MISMATCH_DATE":                          {Warning, "Type mismatch date", ""},
	"TYPE_MISMATCH_BOOLEAN":                       {Warning, "Type mismatch Boolean", ""},
	"TYPE_MISMATCH_STRING":                        {Warning, "Type mismatch string", ""},
	"TYPE_MISMATCH_IP_RANGE":                      {Warning, "Type mismatch IP range", ""},
	// The document.
	"MISSING_VERSION": {Warning, "Missing version", ""},
	// Actions (catalog).
	"INVALID_SERVICE_IN_ACTION": {Error, "Invalid service in action", ""},
	"INVALID_ACTION":            {Error, "Invalid action", ""},
	"REDUNDANT_ACTION":          {Suggestion, "Redundant action", ""},
	// Resources.
	"MISSING_ARN_FIELD":        {Error, "Missing ARN field", ""},
	"INVALID_ARN_SERVICE_CASE": {Error, "Invalid ARN service case", ""},
	"INVALID_ARN_ACCOUNT":      {Error, "Invalid ARN account", ""},
	"INVALID_ARN_RESOURCE":     {Error, "Invalid ARN resource", ""},
	"ARN_ACCOUNT_NOT_ALLOWED":  {Error, "ARN account not allowed", ""},
	"ARN_REGION_NOT_ALLOWED":   {Error, "ARN Region not allowed", ""},
	"REDUNDANT_RESOURCE":       {Suggestion, "Redundant resource", ""},
	// Conditions.
	"INVALID_GLOBAL_CONDITION_KEY":        {Error, "Invalid global condition key", ""},
	"INVALID_SERVICE_CONDITION_KEY":       {Error, "Invalid service condition key", ""},
	"INVALID_SERVICE":                     {Error, "Invalid service", ""},
	"MISSING_TAG_KEY_IN_CONDITION":        {Error, "Missing tag key in condition", ""},
	"DUPLICATE_KEYS_WITH_DIFFERENT_CASE":  {Error, "Duplicate keys with different case", ""},
	"MISSING_QUALIFIER":                   {Error, "Missing qualifier", ""},
	"TYPE_MISMATCH":                       {Warning, "Type mismatch", ""},
	"WILDCARD_WITHOUT_LIKE_OPERATOR":      {Warning, "Wildcard without like operator", ""},
	"FORALLVALUES_WITH_SINGLE_VALUED_KEY": {SecurityWarning, "ForAllValues with single valued key", ""},
	"NULL_WITH_QUALIFIER":                 {Suggestion, "Null with qualifier", ""},
	// iam:PassRole.
	"PASS_ROLE_WITH_STAR_IN_RESOURCE":                {SecurityWarning, "Pass role with star in resource", ""},
	"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE":     {SecurityWarning, "Pass role with star in action and resource", ""},
	"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION": {SecurityWarning, "Pass role with star in resource and NotAction", ""},
	"PASS_ROLE_WITH_NOT_RESOURCE":                    {SecurityWarning, "Pass role with NotResource", ""},
	"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": {SecurityWarning, "Pass role with star in action and NotResource", ""},
	"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE":     {SecurityWarning, "Pass role with NotAction and NotResource", ""},
	// Statements.
	"REDUNDANT_STATEMENT": {Suggestion, "Redundant statement", ""},
	// cloudplay's own security warnings, for the overly permissive patterns
	// the IAM best practices warn about; AWS's ValidatePolicy does not
	// report them.
	"ALLOW_WITH_NOT_ACTION":              {SecurityWarning, "", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"},
	"ALLOW_WITH_NOT_RESOURCE":            {SecurityWarning, "", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html"},
	"ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES": {SecurityWarning, "", "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"},
}

// learnMoreLink is the reference's anchor for the code.
func (i issue) learnMoreLink() string {
	if i.link != "" {
		return i.link
	}
	kind := map[string]string{Error: "error", Warning: "general-warning", SecurityWarning: "security-warning", Suggestion: "suggestion"}[i.typ]
	return checksPage + "#access-analyzer-reference-policy-checks-" + kind + "-" + strings.ReplaceAll(strings.ToLower(i.title), " ", "-")
}

// IssueCodes returns the issue codes the analyzer can report, with their
// finding types.
func IssueCodes() map[string]string {
	out := make(map[string]string, len(issues))
	for code, i := range issues {
		out[code] = i.typ
	}
	return out
}
