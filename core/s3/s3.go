package s3

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Service is the S3 of one account: its buckets, their objects and bucket
// policies, and the names other accounts hold in the global namespace.
type Service struct {
	account, region string
	buckets         map[string]*bucket // by name: one namespace for every account
	stored          int                // bytes of the account's objects (see MaxStoredBytes)
}

// bucket is a general purpose bucket.
type bucket struct {
	name, owner, region string
	created             sim.Time
	objects             map[string]*object // by key
	policy              string             // the bucket policy as stored (compact JSON), "" when none
	ownership           string             // ObjectOwnership: BucketOwnerEnforced unless set at creation
	pab                 *PublicAccessBlock // nil once deleted
}

// object is one stored object (no versions).
type object struct {
	key          string
	body         []byte
	etag, crc32  string
	modified     sim.Time
	contentType  string
	metadata     map[string]string // keys lower-cased, as S3 returns them
	storageClass string
	headers      objectHeaders
}

// objectHeaders are the stored HTTP headers an object is served with.
type objectHeaders struct {
	CacheControl       string `json:"CacheControl,omitempty"`
	ContentDisposition string `json:"ContentDisposition,omitempty"`
	ContentEncoding    string `json:"ContentEncoding,omitempty"`
	ContentLanguage    string `json:"ContentLanguage,omitempty"`
}

// New returns the S3 of account in region, with no buckets.
func New(account, region string) *Service {
	return &Service{account: account, region: region, buckets: map[string]*bucket{}}
}

// Ops returns the operations of the service.
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "s3:CreateBucket", Mutates: true, Prepare: s.prepareCreateBucket},
		{Name: "s3:ListBuckets", Prepare: s.prepareListBuckets},
		{Name: "s3:DeleteBucket", Mutates: true, Prepare: s.prepareDeleteBucket},
		{Name: "s3:PutObject", Mutates: true, Prepare: s.preparePutObject},
		{Name: "s3:GetObject", Prepare: s.prepareGetObject},
		{Name: "s3:HeadObject", Prepare: s.prepareHeadObject},
		{Name: "s3:DeleteObject", Mutates: true, Prepare: s.prepareDeleteObject},
		{Name: "s3:ListObjectsV2", Prepare: s.prepareListObjectsV2},
		{Name: "s3:PutBucketPolicy", Mutates: true, Prepare: s.preparePutBucketPolicy},
		{Name: "s3:GetBucketPolicy", Prepare: s.prepareGetBucketPolicy},
		{Name: "s3:DeleteBucketPolicy", Mutates: true, Prepare: s.prepareDeleteBucketPolicy},
		{Name: "s3:PutPublicAccessBlock", Mutates: true, Prepare: s.preparePutPublicAccessBlock},
		{Name: "s3:GetPublicAccessBlock", Prepare: s.prepareGetPublicAccessBlock},
		{Name: "s3:DeletePublicAccessBlock", Mutates: true, Prepare: s.prepareDeletePublicAccessBlock},
	}
}

// BucketPolicy returns the bucket policy of bucket as JSON text, for the
// IAM evaluator (a resource-based policy). ok is false when the bucket does
// not exist, belongs to another account or has no policy.
func (s *Service) BucketPolicy(name string) (policy string, ok bool) {
	b := s.buckets[name]
	if b == nil || b.owner != s.account || b.policy == "" {
		return "", false
	}
	return b.policy, true
}

// BucketOwner returns the account that owns bucket name, which may be
// another account (see [Service.Reserve]).
func (s *Service) BucketOwner(name string) (account string, ok bool) {
	if b := s.buckets[name]; b != nil {
		return b.owner, true
	}
	return "", false
}

// Reserve records that bucket name exists and belongs to another account,
// as S3's global namespace holds names no learner can create (scenario
// setup). Creating it is then BucketAlreadyExists, and any other call on it
// is AccessDenied, as S3 answers a bucket that is not shared with you.
func (s *Service) Reserve(name, owner string) {
	if owner == s.account {
		panic("s3: Reserve of a name for the account itself: " + name)
	}
	s.buckets[name] = &bucket{name: name, owner: owner, region: s.region, objects: map[string]*object{}}
}

// View is a read-only snapshot of the account's buckets for drawing.
type View struct {
	Buckets []BucketView // the account's own buckets, in name order
}

// BucketView is a bucket as the UI draws it.
type BucketView struct {
	Name, ARN, Region string
	Created           sim.Time
	HasPolicy         bool
	Objects           []ObjectView // in key order (UTF-8 binary order, as S3 lists)
}

// ObjectView is an object as the UI draws it.
type ObjectView struct {
	Key          string
	Size         int64
	ETag         string // quoted, as S3 shows it
	LastModified sim.Time
	StorageClass string
}

// View returns a snapshot of the account's buckets; it shares nothing with
// them.
func (s *Service) View() View {
	v := View{Buckets: []BucketView{}}
	for _, name := range slices.Sorted(maps.Keys(s.buckets)) {
		b := s.buckets[name]
		if b.owner != s.account {
			continue
		}
		bv := BucketView{Name: b.name, ARN: bucketARN(b.name), Region: b.region, Created: b.created,
			HasPolicy: b.policy != "", Objects: []ObjectView{}}
		for _, k := range b.sortedKeys() {
			o := b.objects[k]
			bv.Objects = append(bv.Objects, ObjectView{Key: o.key, Size: int64(len(o.body)), ETag: o.etag,
				LastModified: o.modified, StorageClass: o.storageClass})
		}
		v.Buckets = append(v.Buckets, bv)
	}
	return v
}

// CanonicalUserID returns the account's canonical user id (64 hex digits),
// the Owner ID that ListBuckets shows. It is derived from the account id,
// so it never draws from the random source.
func CanonicalUserID(account string) string {
	sum := sha256.Sum256([]byte("cloudplay canonical user " + account))
	return hex.EncodeToString(sum[:])
}

func bucketARN(name string) string      { return "arn:aws:s3:::" + name }
func objectARN(name, key string) string { return "arn:aws:s3:::" + name + "/" + key }

func (b *bucket) sortedKeys() []string { return slices.Sorted(maps.Keys(b.objects)) }

// validationCode is S3's error code for a malformed request.
const validationCode = "InvalidArgument"

func decode(input []byte, dst any) error { return api.Decode(input, dst, validationCode) }

// decodeMember decodes the structure member of an input as strictly as
// the input itself; a member that is not an object is a type error.
func decodeMember(member string, raw json.RawMessage, dst any) error {
	if len(raw) > 0 && raw[0] != '{' {
		return api.Errorf(validationCode, "Invalid type for parameter %s, value: %s, valid types: structure", member, api.ClipBytes(raw, api.MaxQuoted))
	}
	return decode(raw, dst)
}

// noOutput is the output of operations that return nothing.
type noOutput struct{}

// The errors every operation on a bucket may return
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
var (
	errNoSuchBucket = func() error { return api.Errorf("NoSuchBucket", "The specified bucket does not exist") }
	errAccessDenied = func() error { return api.Errorf("AccessDenied", "Access Denied") }
)

// own returns the bucket named name when the account owns it: a missing
// bucket is NoSuchBucket, another account's is AccessDenied (nothing is
// shared across accounts here), and an ExpectedBucketOwner that is not
// the owner is AccessDenied, as S3 answers it with 403.
func (s *Service) own(name string, expectedOwner *string) (*bucket, error) {
	b := s.buckets[name]
	if b == nil {
		return nil, errNoSuchBucket()
	}
	if b.owner != s.account {
		return nil, errAccessDenied()
	}
	if expectedOwner != nil && *expectedOwner != b.owner {
		return nil, errAccessDenied()
	}
	return b, nil
}
