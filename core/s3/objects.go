package s3

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"maps"
	"strings"

	"cloudplay/core/api"
)

// The playground's own limits on objects. S3 takes up to 5 GB in one
// PutObject (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html);
// the playground keeps every object in the tab's memory and every
// PutObject in saved work, whose export is at most 32 MiB (CONTRACT.md
// "Sizes"), with bodies in base64 (4/3 of their size). So one object body
// is at most MaxObjectSize bytes, and the account's objects (bodies, keys
// and metadata) at most MaxStoredBytes. Past either, PutObject answers S3's
// own code for a too large upload, EntityTooLarge
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList),
// saying which playground limit it met.
const (
	MaxObjectSize  = 1 << 20 // 1 MiB
	MaxStoredBytes = 8 << 20 // 8 MiB
)

// entityTooLarge is S3's EntityTooLarge with the playground's reason.
func entityTooLarge(why string, args ...any) error {
	return api.Errorf("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size. "+why, args...)
}

// maxMetadataSize is S3's limit on user-defined metadata: 2 KB, counted as
// the UTF-8 bytes of every key and value
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html).
const maxMetadataSize = 2 << 10

// defaultContentType is what S3 stores when PutObject has no ContentType.
const defaultContentType = "binary/octet-stream"

// storageClasses are the StorageClass values PutObject takes (directory
// bucket and Outposts classes aside).
var storageClasses = []string{"STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
	"INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"}

// objectACLs are the canned ACLs PutObject takes.
var objectACLs = []string{"private", "public-read", "public-read-write", "authenticated-read",
	"aws-exec-read", "bucket-owner-read", "bucket-owner-full-control"}

type putObjectInput struct {
	Bucket              string            `json:"Bucket" aws:"required"`
	Key                 string            `json:"Key" aws:"required"`
	Body                []byte            `json:"Body"`
	ContentType         *string           `json:"ContentType"`
	ContentMD5          *string           `json:"ContentMD5"`
	Metadata            map[string]string `json:"Metadata"`
	StorageClass        *string           `json:"StorageClass"`
	ACL                 *string           `json:"ACL"`
	ExpectedBucketOwner *string           `json:"ExpectedBucketOwner"`
	CacheControl        string            `json:"CacheControl"`
	ContentDisposition  string            `json:"ContentDisposition"`
	ContentEncoding     string            `json:"ContentEncoding"`
	ContentLanguage     string            `json:"ContentLanguage"`
}

func (in *putObjectInput) headers() objectHeaders {
	return objectHeaders{CacheControl: in.CacheControl, ContentDisposition: in.ContentDisposition,
		ContentEncoding: in.ContentEncoding, ContentLanguage: in.ContentLanguage}
}

type putObjectOutput struct {
	ETag                 string `json:"ETag"`
	ChecksumCRC32        string `json:"ChecksumCRC32"`
	ChecksumType         string `json:"ChecksumType"`
	ServerSideEncryption string `json:"ServerSideEncryption"`
}

// preparePutObject is PutObject
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
func (s *Service) preparePutObject(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putObjectInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	if err := checkKey(in.Key); err != nil {
		return nil, nil, err
	}
	if err := oneOf("StorageClass", in.StorageClass, storageClasses); err != nil {
		return nil, nil, err
	}
	if err := oneOf("ACL", in.ACL, objectACLs); err != nil {
		return nil, nil, err
	}
	if len(in.Body) > MaxObjectSize {
		return nil, nil, entityTooLarge("(The playground keeps objects in memory and in saved work: at most %d bytes (1 MiB) each; this body is %d bytes.)", MaxObjectSize, len(in.Body))
	}
	if err := checkMetadata(in.Metadata); err != nil {
		return nil, nil, err
	}
	sum := md5.Sum(in.Body)
	if in.ContentMD5 != nil {
		want, err := base64.StdEncoding.DecodeString(*in.ContentMD5)
		if err != nil || len(want) != md5.Size {
			return nil, nil, api.Errorf("InvalidDigest", "The Content-MD5 you specified was invalid.")
		}
		if string(want) != string(sum[:]) {
			return nil, nil, api.Errorf("BadDigest", "The Content-MD5 you specified did not match what we received.")
		}
	}
	arn := objectARN(in.Bucket, in.Key)
	put := api.Action{Action: "s3:PutObject", Resource: arn}
	ctx := map[string][]string{}
	if in.ACL != nil {
		ctx["s3:x-amz-acl"] = []string{*in.ACL}
	}
	if in.StorageClass != nil {
		ctx["s3:x-amz-storage-class"] = []string{*in.StorageClass}
	}
	if len(ctx) > 0 {
		put.Context = ctx
	}
	actions := []api.Action{put}
	if in.ACL != nil {
		// An ACL on upload also needs s3:PutObjectAcl (Service
		// Authorization Reference, PutObject's dependent actions).
		actions = append(actions, api.Action{Action: "s3:PutObjectAcl", Resource: arn, Context: ctx})
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if in.ACL != nil && *in.ACL != "bucket-owner-full-control" && b.ownership == "BucketOwnerEnforced" {
			// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
			return nil, api.Errorf("AccessControlListNotSupported", "The bucket does not allow ACLs")
		}
		o := &object{key: in.Key, body: append([]byte(nil), in.Body...), etag: `"` + hex.EncodeToString(sum[:]) + `"`,
			crc32: crc32Base64(in.Body), modified: env.Now, contentType: defaultContentType,
			metadata: map[string]string{}, storageClass: "STANDARD", headers: in.headers()}
		if in.ContentType != nil {
			o.contentType = *in.ContentType
		}
		if in.StorageClass != nil {
			o.storageClass = *in.StorageClass
		}
		for k, v := range in.Metadata {
			o.metadata[strings.ToLower(k)] = v
		}
		stored := s.stored + o.size()
		if old := b.objects[in.Key]; old != nil {
			stored -= old.size()
		}
		if stored > MaxStoredBytes {
			return nil, entityTooLarge("(The playground keeps at most %d bytes (8 MiB) of objects per account, counting bodies, keys and metadata: %d are stored, and this object would bring them to %d.)", MaxStoredBytes, s.stored, stored)
		}
		s.stored = stored
		b.objects[in.Key] = o
		return putObjectOutput{ETag: o.etag, ChecksumCRC32: o.crc32, ChecksumType: "FULL_OBJECT", ServerSideEncryption: "AES256"}, nil
	}
	return actions, run, nil
}

// size is what an object counts towards MaxStoredBytes: its body, key
// and metadata.
func (o *object) size() int {
	n := len(o.body) + len(o.key)
	for k, v := range o.metadata {
		n += len(k) + len(v)
	}
	return n
}

// crc32Base64 is the object's CRC32 checksum as S3 shows it: the
// big-endian IEEE CRC32, base64. The AWS CLI sends one with every upload
// since version 2.23, so every object here has it.
func crc32Base64(b []byte) string {
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE(b))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func checkMetadata(m map[string]string) error {
	n := 0
	for k, v := range m {
		n += len(k) + len(v)
	}
	if n > maxMetadataSize {
		return api.Errorf("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
	}
	return nil
}

// objectInput is the input of GetObject and HeadObject.
type objectInput struct {
	Bucket              string  `json:"Bucket" aws:"required"`
	Key                 string  `json:"Key" aws:"required"`
	ChecksumMode        *string `json:"ChecksumMode"`
	ExpectedBucketOwner *string `json:"ExpectedBucketOwner"`
}

func (in *objectInput) decode(input []byte) error {
	if err := decode(input, in); err != nil {
		return err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return err
	}
	if err := checkKey(in.Key); err != nil {
		return err
	}
	return oneOf("ChecksumMode", in.ChecksumMode, []string{"ENABLED"})
}

// objectOutput is GetObject's output without Body, which is HeadObject's.
type objectOutput struct {
	AcceptRanges         string            `json:"AcceptRanges"`
	LastModified         string            `json:"LastModified"`
	ContentLength        int64             `json:"ContentLength"`
	ETag                 string            `json:"ETag"`
	ChecksumCRC32        string            `json:"ChecksumCRC32,omitempty"`
	ChecksumType         string            `json:"ChecksumType,omitempty"`
	ContentType          string            `json:"ContentType"`
	ServerSideEncryption string            `json:"ServerSideEncryption"`
	Metadata             map[string]string `json:"Metadata"`
	StorageClass         string            `json:"StorageClass,omitempty"`
	objectHeaders
}

func (o *object) output(checksum bool) objectOutput {
	out := objectOutput{AcceptRanges: "bytes", LastModified: o.modified.String(), ContentLength: int64(len(o.body)),
		ETag: o.etag, ContentType: o.contentType, ServerSideEncryption: "AES256", Metadata: maps.Clone(o.metadata),
		objectHeaders: o.headers}
	if checksum {
		out.ChecksumCRC32, out.ChecksumType = o.crc32, "FULL_OBJECT"
	}
	// S3 sends x-amz-storage-class only for classes other than STANDARD.
	if o.storageClass != "STANDARD" {
		out.StorageClass = o.storageClass
	}
	return out
}

type getObjectOutput struct {
	Body []byte `json:"Body"`
	objectOutput
}

// prepareGetObject is GetObject
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
func (s *Service) prepareGetObject(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in objectInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		o := b.objects[in.Key]
		if o == nil {
			return nil, api.Errorf("NoSuchKey", "The specified key does not exist.")
		}
		if o.storageClass == "GLACIER" || o.storageClass == "DEEP_ARCHIVE" {
			return nil, api.Errorf("InvalidObjectState", "The operation is not valid for the object's storage class")
		}
		return getObjectOutput{Body: append([]byte{}, o.body...), objectOutput: o.output(in.ChecksumMode != nil)}, nil
	}
	return []api.Action{{Action: "s3:GetObject", Resource: objectARN(in.Bucket, in.Key)}}, run, nil
}

// prepareHeadObject is HeadObject
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html),
// authorised as s3:GetObject. A HEAD response has no body, so S3 cannot
// say which of bucket or key is missing: both are a bare 404, which the
// AWS CLI shows as "An error occurred (404) when calling the HeadObject
// operation: Not Found" and the SDKs as the modelled error NotFound. We
// answer code NotFound, message "Not Found".
func (s *Service) prepareHeadObject(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in objectInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if e, ok := err.(*api.Error); ok && e.Code == "NoSuchBucket" {
			return nil, errNotFound()
		}
		if err != nil {
			return nil, err
		}
		o := b.objects[in.Key]
		if o == nil {
			return nil, errNotFound()
		}
		return o.output(in.ChecksumMode != nil), nil
	}
	return []api.Action{{Action: "s3:GetObject", Resource: objectARN(in.Bucket, in.Key)}}, run, nil
}

func errNotFound() error { return api.Errorf("NotFound", "Not Found") }

// prepareDeleteObject is DeleteObject
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html).
// In a bucket without versioning it is idempotent: deleting a key that
// does not exist succeeds (204 No Content), with no output members.
func (s *Service) prepareDeleteObject(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		Bucket              string  `json:"Bucket" aws:"required"`
		Key                 string  `json:"Key" aws:"required"`
		ExpectedBucketOwner *string `json:"ExpectedBucketOwner"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	if err := checkKey(in.Key); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if o := b.objects[in.Key]; o != nil {
			s.stored -= o.size()
			delete(b.objects, in.Key)
		}
		return noOutput{}, nil
	}
	return []api.Action{{Action: "s3:DeleteObject", Resource: objectARN(in.Bucket, in.Key)}}, run, nil
}
