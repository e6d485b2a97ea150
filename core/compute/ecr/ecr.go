package ecr

import (
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the Amazon ECR private registry of one account in one
// Region: its repositories, their layers, images and uploads.
type Service struct {
	account, region string
	repos           map[string]*repository // by name
	uploadBytes     int                    // blob bytes held by uploads in progress (see MaxUploadBytes)
	uploads         int                    // uploads in progress (see maxUploads)
}

// New returns the registry of account in region, with no repositories.
func New(account, region string) *Service {
	return &Service{account: account, region: region, repos: map[string]*repository{}}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "ecr:CreateRepository", Mutates: true, Prepare: s.prepareCreateRepository},
		{Name: "ecr:DescribeRepositories", Prepare: s.prepareDescribeRepositories},
		{Name: "ecr:DeleteRepository", Mutates: true, Prepare: s.prepareDeleteRepository},
		{Name: "ecr:SetRepositoryPolicy", Mutates: true, Prepare: s.prepareSetRepositoryPolicy},
		{Name: "ecr:GetRepositoryPolicy", Prepare: s.prepareGetRepositoryPolicy},
		{Name: "ecr:DeleteRepositoryPolicy", Mutates: true, Prepare: s.prepareDeleteRepositoryPolicy},
		{Name: "ecr:GetAuthorizationToken", Prepare: s.prepareGetAuthorizationToken},
		{Name: "ecr:BatchCheckLayerAvailability", Prepare: s.prepareBatchCheckLayerAvailability},
		{Name: "ecr:InitiateLayerUpload", Mutates: true, Prepare: s.prepareInitiateLayerUpload},
		{Name: "ecr:UploadLayerPart", Mutates: true, Prepare: s.prepareUploadLayerPart},
		{Name: "ecr:CompleteLayerUpload", Mutates: true, Prepare: s.prepareCompleteLayerUpload},
		{Name: "ecr:PutImage", Mutates: true, Prepare: s.preparePutImage},
		{Name: "ecr:BatchGetImage", Prepare: s.prepareBatchGetImage},
		{Name: "ecr:GetDownloadUrlForLayer", Prepare: s.prepareGetDownloadURLForLayer},
		{Name: "ecr:DescribeImages", Prepare: s.prepareDescribeImages},
		{Name: "ecr:ListImages", Prepare: s.prepareListImages},
		{Name: "ecr:BatchDeleteImage", Mutates: true, Prepare: s.prepareBatchDeleteImage},
	}
}

// Descriptor returns the descriptor of Amazon ECR for the account's
// dispatcher: its operations, and the repository policies the authoriser
// evaluates. A repository policy governs every action on its repository
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html):
// within the account, either the caller's identity-based policies or the
// repository's policy may allow, and an explicit deny in either denies.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{
		Prefix: "ecr", Protocol: api.JSON, ValidationCode: invalidParameter, Ops: s.Ops(),
		ResourcePolicy: func(_, arn string) (api.ResourcePolicy, bool) {
			text, ok := s.ResourcePolicy(arn)
			return api.ResourcePolicy{Text: text}, ok
		},
		// The reference is silent on whether a repository policy binds the
		// owner's root user for the policy operations themselves. The
		// playground lets it always set, read and delete the policy (the
		// choice Kinesis and S3 make), so that a policy that locks
		// everyone out can be undone.
		OwnerRootKeeps: []string{"ecr:SetRepositoryPolicy", "ecr:GetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"},
	}
}

// ResourcePolicy returns the policy of the repository with ARN arn as the
// authoriser evaluates it (each statement without Resource or NotResource
// given the repository's ARN, as ECR implies it), or ok false when the
// repository does not exist or has no policy.
func (s *Service) ResourcePolicy(arn string) (text string, ok bool) {
	r := s.repos[s.nameOfARN(arn)]
	if r == nil || r.arn != arn || r.policy == "" {
		return "", false
	}
	return r.evalPolicy, true
}

// repository is one private repository.
type repository struct {
	name, arn, uri string
	created        sim.Time
	mutability     string // MUTABLE or IMMUTABLE
	scanOnPush     bool
	encryption     encryption
	tags           []tag
	policy         string // the policy text as set, "" when none
	evalPolicy     string // policy with the implied Resource (see ResourcePolicy)

	layers  map[string]*layer  // completed layers by digest
	images  map[string]*image  // by manifest digest
	tagged  map[string]string  // image tag → manifest digest
	uploads map[string]*upload // uploads in progress by id
}

type encryption struct {
	EncryptionType string `json:"encryptionType"`
	KmsKey         string `json:"kmsKey,omitempty"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// layer is a completed layer (or config blob): its digest and size only.
type layer struct {
	digest string
	size   int64
	refs   int // images whose manifests name it
}

// image is one image manifest pushed into a repository.
type image struct {
	digest    string
	manifest  string
	mediaType string
	pushed    sim.Time
	size      int64    // the sum of its layers' sizes
	blobs     []string // the config and layer digests the manifest names, deduplicated
	layers    []string // the layer digests, in manifest order
	tags      []string // sorted
}

// upload is a layer upload in progress: the bytes received so far.
type upload struct {
	id   string
	data []byte
}

func (s *Service) repositoryARN(name string) string {
	return "arn:aws:ecr:" + s.region + ":" + s.account + ":repository/" + name
}

// nameOfARN returns the repository name of a repository ARN of this
// account and Region, "" when arn is none.
func (s *Service) nameOfARN(arn string) string {
	prefix := "arn:aws:ecr:" + s.region + ":" + s.account + ":repository/"
	if len(arn) <= len(prefix) || arn[:len(prefix)] != prefix {
		return ""
	}
	return arn[len(prefix):]
}

// registry returns the host of the account's registry.
func (s *Service) registry() string {
	return s.account + ".dkr.ecr." + s.region + ".amazonaws.com"
}
