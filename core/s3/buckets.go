package s3

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/api"
)

// maxBuckets is the default quota of general purpose buckets per account
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html).
const maxBuckets = 10000

// regions are the location constraints S3 knows: the commercial Regions,
// and "EU", the legacy name of eu-west-1.
var regions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
	"eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
	"me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
	"us-west-2", "EU",
}

// bucketACLs are the canned ACLs CreateBucket takes.
var bucketACLs = []string{"private", "public-read", "public-read-write", "authenticated-read"}

// ownerships are the ObjectOwnership settings.
var ownerships = []string{"BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"}

type createBucketConfiguration struct {
	LocationConstraint *string `json:"LocationConstraint"`
}

type createBucketInput struct {
	Bucket                     string          `json:"Bucket" aws:"required"`
	ACL                        *string         `json:"ACL"`
	CreateBucketConfiguration  json.RawMessage `json:"CreateBucketConfiguration"`
	ObjectOwnership            *string         `json:"ObjectOwnership"`
	ObjectLockEnabledForBucket *bool           `json:"ObjectLockEnabledForBucket"`
}

// prepareCreateBucket is CreateBucket
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html).
func (s *Service) prepareCreateBucket(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in createBucketInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cfg createBucketConfiguration
	if len(in.CreateBucketConfiguration) > 0 && string(in.CreateBucketConfiguration) != "null" {
		if err := decodeMember("CreateBucketConfiguration", in.CreateBucketConfiguration, &cfg); err != nil {
			return nil, nil, err
		}
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	if err := oneOf("ACL", in.ACL, bucketACLs); err != nil {
		return nil, nil, err
	}
	if err := oneOf("ObjectOwnership", in.ObjectOwnership, ownerships); err != nil {
		return nil, nil, err
	}
	if err := checkNewBucketName(in.Bucket); err != nil {
		return nil, nil, err
	}
	region, err := s.location(cfg.LocationConstraint)
	if err != nil {
		return nil, nil, err
	}
	ownership := "BucketOwnerEnforced"
	if in.ObjectOwnership != nil {
		ownership = *in.ObjectOwnership
	}
	acl := "private"
	if in.ACL != nil {
		acl = *in.ACL
	}
	if acl != "private" {
		// Since April 2023 new buckets have ACLs disabled and Block Public
		// Access on: a public canned ACL fails either way
		// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html).
		if ownership == "BucketOwnerEnforced" {
			return nil, nil, api.Errorf("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
		}
		return nil, nil, api.Errorf("InvalidBucketAclWithBlockPublicAccessError", "Bucket cannot have public ACLs set with BlockPublicAccess enabled")
	}
	if in.ObjectLockEnabledForBucket != nil && *in.ObjectLockEnabledForBucket {
		return nil, nil, api.Errorf("NotImplemented", "Object Lock is not simulated in cloudplay")
	}

	arn := bucketARN(in.Bucket)
	create := api.Action{Action: "s3:CreateBucket", Resource: arn, Context: map[string][]string{}}
	if cfg.LocationConstraint != nil {
		create.Context["s3:LocationConstraint"] = []string{*cfg.LocationConstraint}
	}
	if in.ACL != nil {
		create.Context["s3:x-amz-acl"] = []string{*in.ACL}
	}
	if in.ObjectOwnership != nil {
		create.Context["s3:x-amz-object-ownership"] = []string{*in.ObjectOwnership}
	}
	if len(create.Context) == 0 {
		create.Context = nil
	}
	actions := []api.Action{create}
	if in.ObjectOwnership != nil {
		// "If your CreateBucket request includes the x-amz-object-ownership
		// header, then the s3:PutBucketOwnershipControls permission is
		// required."
		actions = append(actions, api.Action{Action: "s3:PutBucketOwnershipControls", Resource: arn})
	}
	run := func() (any, error) {
		out := struct {
			Location string `json:"Location"`
		}{Location: "/" + in.Bucket}
		if b := s.buckets[in.Bucket]; b != nil {
			if b.owner != s.account {
				return nil, api.Errorf("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.")
			}
			// "For legacy compatibility, if you re-create an existing bucket
			// that you already own in the North Virginia Region, Amazon S3
			// returns 200 OK and resets the bucket access control lists."
			if region == "us-east-1" && b.region == "us-east-1" {
				return out, nil
			}
			return nil, api.Errorf("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
		}
		if s.owned() >= maxBuckets {
			return nil, api.Errorf("TooManyBuckets", "You have attempted to create more buckets than allowed")
		}
		s.buckets[in.Bucket] = &bucket{name: in.Bucket, owner: s.account, region: region, created: env.Now,
			objects: map[string]*object{}, ownership: ownership, pab: blockAll()}
		if region != "us-east-1" {
			out.Location = "http://" + in.Bucket + ".s3.amazonaws.com/"
		}
		return out, nil
	}
	return actions, run, nil
}

// location returns the Region a bucket is created in. A request sent to
// us-east-1 goes to S3's global endpoint, which creates the bucket in the
// Region its LocationConstraint names (none means us-east-1, and naming
// us-east-1 is refused); any other Region's endpoint takes only its own
// name ([CreateBucketConfiguration]).
//
// [CreateBucketConfiguration]: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html
func (s *Service) location(lc *string) (string, error) {
	if lc == nil || *lc == "" {
		if s.region != "us-east-1" {
			return "", api.Errorf("IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
		}
		return "us-east-1", nil
	}
	c := *lc
	if c == "us-east-1" || !slices.Contains(regions, c) {
		return "", api.Errorf("InvalidLocationConstraint", "The specified location-constraint is not valid")
	}
	if c == "EU" {
		c = "eu-west-1"
	}
	if s.region != "us-east-1" && c != s.region {
		return "", api.Errorf("IllegalLocationConstraintException", "The %s location constraint is incompatible for the region specific endpoint this request was sent to.", *lc)
	}
	return c, nil
}

// owned counts the account's own buckets.
func (s *Service) owned() int {
	n := 0
	for _, b := range s.buckets {
		if b.owner == s.account {
			n++
		}
	}
	return n
}

// oneOf checks that an enumerated member, when given, has one of its values.
func oneOf(member string, v *string, values []string) error {
	if v == nil || slices.Contains(values, *v) {
		return nil
	}
	return api.Errorf(validationCode, "Invalid value for parameter %s: %q, valid values: %s", member, api.Clip(*v, api.MaxQuoted), strings.Join(values, ", "))
}

type bucketOutput struct {
	Name         string `json:"Name"`
	CreationDate string `json:"CreationDate"`
	BucketRegion string `json:"BucketRegion,omitempty"`
}

type ownerOutput struct {
	ID string `json:"ID"`
}

type listBucketsOutput struct {
	Buckets           []bucketOutput `json:"Buckets"`
	Owner             ownerOutput    `json:"Owner"`
	ContinuationToken string         `json:"ContinuationToken,omitempty"`
	Prefix            string         `json:"Prefix,omitempty"`
}

// prepareListBuckets is ListBuckets
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html):
// without MaxBuckets it returns every bucket, as it always did; with any
// of the paging members it pages and shows each bucket's Region.
func (s *Service) prepareListBuckets(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		MaxBuckets        *int    `json:"MaxBuckets"`
		ContinuationToken *string `json:"ContinuationToken"`
		Prefix            *string `json:"Prefix"`
		BucketRegion      *string `json:"BucketRegion"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.MaxBuckets != nil && (*in.MaxBuckets < 1 || *in.MaxBuckets > 10000) {
		return nil, nil, api.Errorf(validationCode, "Argument max-buckets must be an integer between 1 and 10000")
	}
	var after position
	if in.ContinuationToken != nil {
		var err error
		if after, err = decodeToken(*in.ContinuationToken); err != nil {
			return nil, nil, err
		}
	}
	paged := in.MaxBuckets != nil || in.ContinuationToken != nil || in.Prefix != nil || in.BucketRegion != nil
	act := api.Action{Action: "s3:ListAllMyBuckets", Resource: "*"}
	run := func() (any, error) {
		out := listBucketsOutput{Buckets: []bucketOutput{}, Owner: ownerOutput{ID: CanonicalUserID(s.account)}}
		if in.Prefix != nil {
			out.Prefix = *in.Prefix
		}
		for _, name := range slices.Sorted(maps.Keys(s.buckets)) {
			b := s.buckets[name]
			if b.owner != s.account || after.skips(name) ||
				in.Prefix != nil && !strings.HasPrefix(name, *in.Prefix) ||
				in.BucketRegion != nil && b.region != *in.BucketRegion {
				continue
			}
			if in.MaxBuckets != nil && len(out.Buckets) == *in.MaxBuckets {
				out.ContinuationToken = encodeToken(position{after: out.Buckets[len(out.Buckets)-1].Name})
				break
			}
			bo := bucketOutput{Name: b.name, CreationDate: b.created.String()}
			if paged {
				bo.BucketRegion = b.region
			}
			out.Buckets = append(out.Buckets, bo)
		}
		return out, nil
	}
	return []api.Action{act}, run, nil
}

// prepareDeleteBucket is DeleteBucket
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html).
func (s *Service) prepareDeleteBucket(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in bucketInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if len(b.objects) > 0 {
			return nil, api.Errorf("BucketNotEmpty", "The bucket you tried to delete is not empty")
		}
		delete(s.buckets, in.Bucket)
		return noOutput{}, nil
	}
	return []api.Action{{Action: "s3:DeleteBucket", Resource: bucketARN(in.Bucket)}}, run, nil
}

// bucketInput is the input of the operations that name only a bucket.
type bucketInput struct {
	Bucket              string  `json:"Bucket" aws:"required"`
	ExpectedBucketOwner *string `json:"ExpectedBucketOwner"`
}

func (in *bucketInput) decode(input []byte) error {
	if err := decode(input, in); err != nil {
		return err
	}
	return checkBucketParam(in.Bucket)
}
