package ecr

import (
	"fmt"
	"regexp"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// ECR answers malformed input with InvalidParameterException, worded
// "Invalid parameter at 'repositoryName' failed to satisfy constraint:
// '...'" (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/CommonErrors.html
// and each operation's Errors section).
const invalidParameter = "InvalidParameterException"

func decode(input []byte, dst any) error { return api.Decode(input, dst, invalidParameter) }

// constraintError is the InvalidParameterException for member breaking
// constraint.
func constraintError(member, constraint string) error {
	return api.Errorf(invalidParameter, "Invalid parameter at '%s' failed to satisfy constraint: '%s'", member, constraint)
}

// Constraints of the API reference's shapes
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html,
// API_PutImage.html, API_BatchGetImage.html, API_DescribeImages.html and
// the page of each operation).
const (
	repoNamePattern = `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`
	digestPattern   = `[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+`
	minRepoName     = 2
	maxRepoName     = 256
	maxImageTag     = 300     // ImageTag: 1 to 300 characters
	maxPolicyText   = 10240   // SetRepositoryPolicy policyText
	maxManifest     = 4194304 // PutImage imageManifest
	maxBatch        = 100     // imageIds, layerDigests, repositoryNames
	maxPage         = 1000    // maxResults of the Describe and List operations
	defaultPage     = 100     // their page when maxResults is not given
	maxTags         = 50      // CreateRepository tags
)

// Quotas (https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html):
// 100,000 registered repositories per Region, 100,000 images per
// repository, 1,000 tags per image.
const (
	maxRepositories = 100000
	maxImages       = 100000
	maxTagsPerImage = 1000
)

// Playground bounds (package doc).
const (
	// MaxPartBytes bounds one layer part: the dispatcher takes 2 MiB of
	// input JSON at most, and a 1 MiB blob is 1.4 MB of base64.
	MaxPartBytes = 1 << 20
	// MaxUploadBytes bounds the blob bytes the account's uploads in
	// progress hold together (a completed layer keeps only its digest and
	// size): enough for the demo images many times over, small for a tab.
	MaxUploadBytes = 8 << 20
	// maxUploads bounds the uploads in progress (each costs a little even
	// when empty); AWS states no number.
	maxUploads = 1000
	// tokenHours is how long an authorization token is valid: "The
	// authorization token is valid for 12 hours"
	// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html).
	tokenHours = 12
)

var (
	repoNameRE = regexp.MustCompile(`^` + repoNamePattern + `$`)
	digestRE   = regexp.MustCompile(`^` + digestPattern + `$`)
	registryRE = regexp.MustCompile(`^[0-9]{12}$`)
)

// checkRepoName checks a repositoryName member.
func checkRepoName(name string) error {
	switch n := utf8.RuneCountInString(name); {
	case n < minRepoName:
		return constraintError("repositoryName", "Member must have length greater than or equal to 2")
	case n > maxRepoName:
		return constraintError("repositoryName", "Member must have length less than or equal to 256")
	}
	if !repoNameRE.MatchString(name) {
		return constraintError("repositoryName", "must satisfy regular expression '"+repoNamePattern+"'")
	}
	return nil
}

// checkTag checks an imageTag member.
func checkTag(member, tag string) error {
	switch n := utf8.RuneCountInString(tag); {
	case n < 1:
		return constraintError(member, "Member must have length greater than or equal to 1")
	case n > maxImageTag:
		return constraintError(member, "Member must have length less than or equal to 300")
	}
	return nil
}

// checkCount checks the length of a list member.
func checkCount(member string, n, lo, hi int) error {
	if n < lo {
		return constraintError(member, fmt.Sprintf("Member must have length greater than or equal to %d", lo))
	}
	if n > hi {
		return constraintError(member, fmt.Sprintf("Member must have length less than or equal to %d", hi))
	}
	return nil
}

// checkMaxResults checks a maxResults member and returns the page size.
func checkMaxResults(v *int) (int, error) {
	if v == nil {
		return defaultPage, nil
	}
	if *v < 1 {
		return 0, constraintError("maxResults", "Member must have value greater than or equal to 1")
	}
	if *v > maxPage {
		return 0, constraintError("maxResults", "Member must have value less than or equal to 1000")
	}
	return *v, nil
}

// repoRef is the registryId and repositoryName members most operations
// take.
type repoRef struct {
	RegistryID     *string `json:"registryId"`
	RepositoryName string  `json:"repositoryName" aws:"required"`
}

// resolve checks the members and returns the registry id and the
// repository's ARN.
func (s *Service) resolve(r repoRef) (registry, arn string, err error) {
	registry, err = s.registryID(r.RegistryID)
	if err != nil {
		return "", "", err
	}
	if err := checkRepoName(r.RepositoryName); err != nil {
		return "", "", err
	}
	return registry, "arn:aws:ecr:" + s.region + ":" + registry + ":repository/" + r.RepositoryName, nil
}

// registryID checks a registryId member: 12 digits, the account's when
// not given.
func (s *Service) registryID(v *string) (string, error) {
	if v == nil {
		return s.account, nil
	}
	if !registryRE.MatchString(*v) {
		return "", constraintError("registryId", "must satisfy regular expression '[0-9]{12}'")
	}
	return *v, nil
}

// find returns the repository name of registry names. The playground's
// account is the only registry there is: a repository of another
// registry is never found.
func (s *Service) find(registry, name string) (*repository, error) {
	r := s.repos[name]
	if r == nil || registry != s.account {
		return nil, repoNotFound(name, registry)
	}
	return r, nil
}

// Errors in AWS's words, as ECR answers them (the API reference gives the
// codes; the messages are those the service returns).
func repoNotFound(name, registry string) error {
	return api.Errorf("RepositoryNotFoundException", "The repository with name '%s' does not exist in the registry with id '%s'", name, registry)
}

func repoAlreadyExists(name, registry string) error {
	return api.Errorf("RepositoryAlreadyExistsException", "The repository with name '%s' already exists in the registry with id '%s'", name, registry)
}

func repoNotEmpty(name, registry string) error {
	return api.Errorf("RepositoryNotEmptyException", "The repository with name '%s' in registry with id '%s' cannot be deleted because it still contains images", name, registry)
}

func policyNotFound(name, registry string) error {
	return api.Errorf("RepositoryPolicyNotFoundException", "Repository policy does not exist for the repository with name '%s' in the registry with id '%s'", name, registry)
}

// action is the IAM action named like the operation on resource.
func action(op, resource string) []api.Action {
	return []api.Action{{Action: "ecr:" + op, Resource: resource}}
}

// timestamp writes t as the CLI shows ECR's times (RFC 3339, UTC).
func timestamp(t sim.Time) string { return t.String() }
