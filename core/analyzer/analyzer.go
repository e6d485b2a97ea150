package analyzer

import (
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/catalog"
	"cloudplay/core/policy"
)

// Service is IAM Access Analyzer's policy validation.
type Service struct {
	load func() (*catalog.Catalog, error)
}

// New returns the service. loadCatalog is called on each validation that
// needs the Service Authorization Reference, so it should cache the parsed
// catalog. It must not block on the network (in the browser a call runs in
// a JavaScript callback): while the site's fetch of iam-catalog.json is
// still under way it returns (nil, nil), and validation runs without the
// catalog checks; an error makes the call fail with
// InternalServerException. A nil loader never uses a catalog.
func New(loadCatalog func() (*catalog.Catalog, error)) *Service {
	return &Service{load: loadCatalog}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{{Name: "access-analyzer:ValidatePolicy", Prepare: s.prepareValidatePolicy}}
}

const validation = "ValidationException"

var (
	policyTypes   = []string{IdentityPolicy, ResourcePolicy, ServiceControlPolicy, ResourceControlPolicy}
	resourceTypes = []string{"AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint",
		"AWS::S3ObjectLambda::AccessPoint", RoleTrustPolicy, "AWS::DynamoDB::Table"}
	locales = []string{"DE", "EN", "ES", "FR", "IT", "JA", "KO", "PT_BR", "ZH_CN", "ZH_TW"}
)

// prepareValidatePolicy is ValidatePolicy
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html).
// It needs access-analyzer:ValidatePolicy on "*" (the action has no
// resource type). Findings are in English whatever the locale. A page
// holds maxResults findings (all of them when absent); nextToken is the
// index of the next finding.
func (s *Service) prepareValidatePolicy(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		PolicyDocument             string  `json:"policyDocument" aws:"required"`
		PolicyType                 string  `json:"policyType" aws:"required"`
		ValidatePolicyResourceType *string `json:"validatePolicyResourceType"`
		Locale                     *string `json:"locale"`
		MaxResults                 *int    `json:"maxResults"`
		NextToken                  *string `json:"nextToken"`
	}
	if err := api.Decode(input, &in, validation); err != nil {
		return nil, nil, err
	}
	if err := enum("policyType", in.PolicyType, policyTypes); err != nil {
		return nil, nil, err
	}
	opts := Options{PolicyType: in.PolicyType}
	if in.ValidatePolicyResourceType != nil {
		if err := enum("validatePolicyResourceType", *in.ValidatePolicyResourceType, resourceTypes); err != nil {
			return nil, nil, err
		}
		if in.PolicyType != ResourcePolicy {
			return nil, nil, api.Errorf(validation, "validatePolicyResourceType is supported only with policyType RESOURCE_POLICY")
		}
		opts.ResourceType = *in.ValidatePolicyResourceType
	}
	if in.Locale != nil {
		if err := enum("locale", *in.Locale, locales); err != nil {
			return nil, nil, err
		}
	}
	if in.MaxResults != nil && *in.MaxResults < 1 {
		return nil, nil, api.Errorf(validation, "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", *in.MaxResults)
	}
	if len(in.PolicyDocument) > MaxDocumentSize {
		return nil, nil, api.Errorf(validation, "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to %d", MaxDocumentSize)
	}
	start := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil || n < 0 {
			return nil, nil, api.Errorf(validation, "Invalid pagination token")
		}
		start = n
	}
	run := func() (any, error) {
		var cat *catalog.Catalog
		if s.load != nil {
			c, err := s.load()
			if err != nil {
				return nil, api.Errorf("InternalServerException", "the IAM catalog could not be loaded: %v", err)
			}
			cat = c
		}
		findings := Validate(in.PolicyDocument, opts, cat)
		if start > len(findings) {
			return nil, api.Errorf(validation, "Invalid pagination token")
		}
		// findings is a required list in AWS's answer: [] when there are
		// none, never null.
		out := output{Findings: append([]Finding{}, findings[start:]...)}
		if in.MaxResults != nil && len(out.Findings) > *in.MaxResults {
			out.Findings = out.Findings[:*in.MaxResults]
			next := strconv.Itoa(start + *in.MaxResults)
			out.NextToken = &next
		}
		return out, nil
	}
	return []api.Action{{Action: "access-analyzer:ValidatePolicy", Resource: "*"}}, run, nil
}

type output struct {
	Findings  []Finding `json:"findings"`
	NextToken *string   `json:"nextToken,omitempty"`
}

// enum refuses a value outside the API's enumeration, in the wording of
// AWS's ValidationException.
func enum(member, value string, valid []string) error {
	if slices.Contains(valid, value) {
		return nil
	}
	return api.Errorf(validation, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", policy.Clip(value), member, strings.Join(valid, ", "))
}
