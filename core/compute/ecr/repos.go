package ecr

import (
	"encoding/base64"
	"maps"
	"slices"
	"sort"

	"cloudplay/core/api"
)

// repositoryOut is the Repository shape.
type repositoryOut struct {
	RepositoryArn              string         `json:"repositoryArn"`
	RegistryID                 string         `json:"registryId"`
	RepositoryName             string         `json:"repositoryName"`
	RepositoryURI              string         `json:"repositoryUri"`
	CreatedAt                  string         `json:"createdAt"`
	ImageTagMutability         string         `json:"imageTagMutability"`
	ImageScanningConfiguration scanningConfig `json:"imageScanningConfiguration"`
	EncryptionConfiguration    encryption     `json:"encryptionConfiguration"`
}

type scanningConfig struct {
	ScanOnPush bool `json:"scanOnPush"`
}

func (s *Service) out(r *repository) repositoryOut {
	return repositoryOut{RepositoryArn: r.arn, RegistryID: s.account, RepositoryName: r.name, RepositoryURI: r.uri,
		CreatedAt: timestamp(r.created), ImageTagMutability: r.mutability,
		ImageScanningConfiguration: scanningConfig{r.scanOnPush}, EncryptionConfiguration: r.encryption}
}

// prepareCreateRepository is CreateRepository
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html):
// imageTagMutability MUTABLE unless told, scanOnPush false, encryption
// AES256 ("By default, when no encryption configuration is set or the
// AES256 encryption type is used, Amazon ECR uses server-side encryption
// with Amazon S3-managed encryption keys",
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html).
// With tags it also needs ecr:TagResource.
func (s *Service) prepareCreateRepository(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID                 *string         `json:"registryId"`
		RepositoryName             string          `json:"repositoryName" aws:"required"`
		Tags                       []tag           `json:"tags"`
		ImageTagMutability         *string         `json:"imageTagMutability"`
		ImageScanningConfiguration *scanningConfig `json:"imageScanningConfiguration"`
		EncryptionConfiguration    *struct {
			EncryptionType string  `json:"encryptionType" aws:"required"`
			KmsKey         *string `json:"kmsKey"`
		} `json:"encryptionConfiguration"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	r := &repository{name: in.RepositoryName, arn: arn, uri: s.registry() + "/" + in.RepositoryName, created: env.Now,
		mutability: "MUTABLE", encryption: encryption{EncryptionType: "AES256"}, tags: in.Tags,
		layers: map[string]*layer{}, images: map[string]*image{}, tagged: map[string]string{}, uploads: map[string]*upload{}}
	if m := in.ImageTagMutability; m != nil {
		if *m != "MUTABLE" && *m != "IMMUTABLE" {
			return nil, nil, constraintError("imageTagMutability", "Member must satisfy enum value set: [MUTABLE, IMMUTABLE]")
		}
		r.mutability = *m
	}
	if c := in.ImageScanningConfiguration; c != nil {
		r.scanOnPush = c.ScanOnPush
	}
	if c := in.EncryptionConfiguration; c != nil {
		if err := checkEncryption(c.EncryptionType, c.KmsKey, s.region, s.account, &r.encryption); err != nil {
			return nil, nil, err
		}
	}
	if err := checkCount("tags", len(in.Tags), 0, maxTags); err != nil {
		return nil, nil, err
	}
	for _, t := range in.Tags {
		if n := len([]rune(t.Key)); n < 1 || n > 128 {
			return nil, nil, api.Errorf("InvalidTagParameterException", "Tag keys must be 1 to 128 characters long.")
		}
		if len([]rune(t.Value)) > 256 {
			return nil, nil, api.Errorf("InvalidTagParameterException", "Tag values must be at most 256 characters long.")
		}
	}
	acts := action("CreateRepository", arn)
	if len(in.Tags) > 0 {
		acts = append(acts, action("TagResource", arn)...)
	}
	run := func() (any, error) {
		if registry != s.account {
			return nil, api.Errorf("AccessDeniedException", "The playground has one registry, %s: repositories of registry %s cannot be created in it", s.account, registry)
		}
		if s.repos[r.name] != nil {
			return nil, repoAlreadyExists(r.name, registry)
		}
		if len(s.repos) >= maxRepositories {
			return nil, api.Errorf("LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: at most %d repositories per Region", maxRepositories)
		}
		s.repos[r.name] = r
		return struct {
			Repository repositoryOut `json:"repository"`
		}{s.out(r)}, nil
	}
	return acts, run, nil
}

// checkEncryption checks an EncryptionConfiguration: AES256, KMS or
// KMS_DSSE; a kmsKey only with a KMS type, the AWS managed key
// aws/ecr when none is given
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html).
func checkEncryption(typ string, key *string, region, account string, out *encryption) error {
	switch typ {
	case "AES256":
		if key != nil {
			return api.Errorf(invalidParameter, "Invalid parameter at 'encryptionConfiguration' failed to satisfy constraint: 'kmsKey can only be specified when encryptionType is KMS or KMS_DSSE'")
		}
		*out = encryption{EncryptionType: typ}
	case "KMS", "KMS_DSSE":
		k := "arn:aws:kms:" + region + ":" + account + ":alias/aws/ecr"
		if key != nil {
			if *key == "" || len(*key) > 2048 {
				return constraintError("encryptionConfiguration.kmsKey", "Member must have length between 1 and 2048")
			}
			k = *key
		}
		*out = encryption{EncryptionType: typ, KmsKey: k}
	default:
		return constraintError("encryptionConfiguration.encryptionType", "Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]")
	}
	return nil
}

// prepareDescribeRepositories is DescribeRepositories
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRepositories.html):
// the named repositories (RepositoryNotFoundException for the first one
// missing), or a page of all of them in name order. Authorised per named
// repository, or on repository/* for all of them.
func (s *Service) prepareDescribeRepositories(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID      *string  `json:"registryId"`
		RepositoryNames []string `json:"repositoryNames"`
		NextToken       *string  `json:"nextToken"`
		MaxResults      *int     `json:"maxResults"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, err := s.registryID(in.RegistryID)
	if err != nil {
		return nil, nil, err
	}
	page, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return nil, nil, err
	}
	var acts []api.Action
	if in.RepositoryNames != nil {
		if err := checkCount("repositoryNames", len(in.RepositoryNames), 1, maxBatch); err != nil {
			return nil, nil, err
		}
		if in.MaxResults != nil || in.NextToken != nil {
			return nil, nil, api.Errorf(invalidParameter, "Invalid parameter: maxResults and nextToken cannot be used when repositoryNames are given")
		}
		for _, n := range in.RepositoryNames {
			if err := checkRepoName(n); err != nil {
				return nil, nil, err
			}
			acts = append(acts, action("DescribeRepositories", "arn:aws:ecr:"+s.region+":"+registry+":repository/"+n)...)
		}
	} else {
		acts = action("DescribeRepositories", "arn:aws:ecr:"+s.region+":"+registry+":repository/*")
	}
	after, err := readToken(in.NextToken)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		out := struct {
			Repositories []repositoryOut `json:"repositories"`
			NextToken    string          `json:"nextToken,omitempty"`
		}{Repositories: []repositoryOut{}}
		if in.RepositoryNames != nil {
			for _, n := range in.RepositoryNames {
				r, err := s.find(registry, n)
				if err != nil {
					return nil, err
				}
				out.Repositories = append(out.Repositories, s.out(r))
			}
			return out, nil
		}
		if registry != s.account {
			return out, nil
		}
		names := slices.Sorted(maps.Keys(s.repos))
		i := sort.SearchStrings(names, after)
		if i < len(names) && names[i] == after {
			i++
		}
		for ; i < len(names) && len(out.Repositories) < page; i++ {
			out.Repositories = append(out.Repositories, s.out(s.repos[names[i]]))
		}
		if i < len(names) {
			out.NextToken = makeToken(names[i-1])
		}
		return out, nil
	}
	return acts, run, nil
}

// Page tokens are opaque to callers: the base64 of the last key a page
// held, so a page continues after it even when keys came or went between
// calls.
func makeToken(last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("\x00" + last))
}

func readToken(t *string) (string, error) {
	if t == nil {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*t)
	if err != nil || len(b) == 0 || b[0] != 0 {
		return "", api.Errorf(invalidParameter, "Invalid parameter at 'nextToken' failed to satisfy constraint: 'The token %q is not one this operation returned'", api.Clip(*t, api.MaxQuoted))
	}
	return string(b[1:]), nil
}

// prepareDeleteRepository is DeleteRepository
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html):
// a repository that still holds images is RepositoryNotEmptyException
// unless force is true.
func (s *Service) prepareDeleteRepository(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string `json:"registryId"`
		RepositoryName string  `json:"repositoryName" aws:"required"`
		Force          bool    `json:"force"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		if len(r.images) > 0 && !in.Force {
			return nil, repoNotEmpty(r.name, registry)
		}
		for _, u := range r.uploads {
			s.uploadBytes -= len(u.data)
			s.uploads--
		}
		delete(s.repos, r.name)
		return struct {
			Repository repositoryOut `json:"repository"`
		}{s.out(r)}, nil
	}
	return action("DeleteRepository", arn), run, nil
}
