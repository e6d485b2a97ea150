// Package s3 is the account's Amazon S3: general purpose buckets, the
// objects in them (one version each) and bucket policies, with the rules
// AWS applies to them.
//
// [Service.Ops] lists the operations (s3:CreateBucket, s3:PutObject, ...).
// Each takes and returns the AWS CLI's JSON view of the S3 API, as
// `aws s3api <command> --output json` shows it: member names as in the
// [S3 API reference], timestamps as RFC 3339 in UTC, object bodies
// (PutObject's and GetObject's Body) as base64, bucket policies as JSON
// text. Each follows the api.Op protocol: Prepare decodes and checks the
// input (InvalidArgument for a malformed request, naming the member) and
// names the IAM actions the call needs on the resource ARN the [Service
// Authorization Reference] gives; it never looks at or changes state, so
// a call on a bucket that does not exist is authorised before it is
// NoSuchBucket, as in S3. The returned run does the existence checks and
// the change. Error codes and messages are S3's own ([S3 error responses]).
//
// # Authorisation
//
//	CreateBucket          s3:CreateBucket          arn:aws:s3:::BUCKET  (+ s3:PutBucketOwnershipControls with ObjectOwnership)
//	ListBuckets           s3:ListAllMyBuckets      *
//	DeleteBucket          s3:DeleteBucket          arn:aws:s3:::BUCKET
//	PutObject             s3:PutObject             arn:aws:s3:::BUCKET/KEY  (+ s3:PutObjectAcl with ACL)
//	GetObject, HeadObject s3:GetObject             arn:aws:s3:::BUCKET/KEY
//	DeleteObject          s3:DeleteObject          arn:aws:s3:::BUCKET/KEY
//	ListObjectsV2         s3:ListBucket            arn:aws:s3:::BUCKET  with s3:prefix, s3:delimiter, s3:max-keys
//	Put/Get/DeleteBucketPolicy  s3:Put/Get/DeleteBucketPolicy  arn:aws:s3:::BUCKET
//	Put/DeletePublicAccessBlock s3:PutBucketPublicAccessBlock  arn:aws:s3:::BUCKET
//	GetPublicAccessBlock        s3:GetBucketPublicAccessBlock  arn:aws:s3:::BUCKET
//
// Action-specific condition keys go in api.Action.Context: s3:prefix,
// s3:delimiter and s3:max-keys for the ListObjectsV2 members the request
// sends; s3:LocationConstraint, s3:x-amz-acl and s3:x-amz-object-ownership
// for CreateBucket; s3:x-amz-acl and s3:x-amz-storage-class for PutObject.
// [Service.BucketPolicy] and [Service.BucketOwner] give the IAM evaluator
// the resource-based policy and the owning account of a bucket.
//
// # Rules
//
//   - Bucket names follow the [bucket naming rules]: 3–63 characters of
//     a–z, 0–9, '.' and '-', beginning and ending with a letter or digit,
//     no "..", not an IPv4 address, none of the reserved prefixes (xn--,
//     sthree-, amzn-s3-demo-) and suffixes (-s3alias, --ol-s3, .mrap,
//     --x-s3, --table-s3); else InvalidBucketName "The specified bucket is
//     not valid.". A Bucket member that the AWS CLI itself would refuse
//     (outside [a-zA-Z0-9.\-_]{1,255}) is InvalidArgument for every
//     operation.
//   - Bucket names are global. A name another account holds
//     ([Service.Reserve]) is BucketAlreadyExists; any other call on it is
//     AccessDenied "Access Denied". Re-creating your own bucket is
//     BucketAlreadyOwnedByYou, except in us-east-1, where for legacy
//     compatibility S3 answers 200 OK and changes nothing.
//   - LocationConstraint: an account in us-east-1 talks to S3's global
//     endpoint, so no constraint means us-east-1, any other Region is taken
//     (and shown as the bucket's Region), and "us-east-1" itself is
//     InvalidLocationConstraint, as AWS does. An account in another Region
//     must name exactly its Region (IllegalLocationConstraintException).
//     CreateBucket's Location is "/BUCKET" in us-east-1 and
//     "http://BUCKET.s3.amazonaws.com/" elsewhere.
//   - New buckets have ACLs disabled (ObjectOwnership BucketOwnerEnforced)
//     and all four Block Public Access settings on, as since April 2023: a
//     non-private canned ACL on CreateBucket is
//     InvalidBucketAclWithObjectOwnership (or, with ACLs enabled,
//     InvalidBucketAclWithBlockPublicAccessError); PutObject with an ACL
//     other than bucket-owner-full-control is AccessControlListNotSupported;
//     and PutBucketPolicy with a public policy is AccessDenied until
//     DeletePublicAccessBlock or PutPublicAccessBlock turns
//     BlockPublicPolicy off.
//   - Objects: keys 1–1024 bytes; bodies up to 1 MiB, and 8 MiB of objects
//     in the account, the playground's own limits (S3's is 5 GB per
//     PutObject), beyond which EntityTooLarge; user metadata up
//     to 2 KB (MetadataTooLarge), keys lower-cased as S3 returns them.
//     ETag is the quoted hex MD5 of the body, as S3 gives for a
//     single-part upload; ContentMD5, when sent, must match (BadDigest).
//     Every object also has a CRC32 checksum, since the AWS CLI sends one
//     with each upload: PutObject returns ChecksumCRC32, and GetObject and
//     HeadObject return it when ChecksumMode is ENABLED. ContentType
//     defaults to binary/octet-stream. Objects are encrypted with SSE-S3
//     (ServerSideEncryption "AES256"), as every new object is.
//   - A missing key is NoSuchKey "The specified key does not exist." for
//     GetObject; HeadObject has no error body, so both a missing key and a
//     missing bucket are code NotFound, message "Not Found" (the SDKs'
//     modelled error; the CLI prints "An error occurred (404) when calling
//     the HeadObject operation: Not Found"). DeleteObject of a missing key
//     succeeds. DeleteBucket of a bucket with objects is BucketNotEmpty.
//   - ListObjectsV2 lists keys in UTF-8 binary order, rolls keys that share
//     Prefix up to the next Delimiter into CommonPrefixes (each counts as
//     one of MaxKeys), MaxKeys 0–1000 (default 1000; more is served as
//     1000), and pages with an opaque NextContinuationToken; StartAfter
//     starts after a key. ListBuckets returns every bucket unless
//     MaxBuckets, Prefix, BucketRegion or ContinuationToken ask for a page.
//   - Bucket policies: at most 20 KB, JSON text beginning with '{', with
//     S3's MalformedPolicy messages ("Policies must be valid JSON and the
//     first byte must be '{'", "Missing required field Principal", "Invalid
//     principal in policy", "Policy has invalid action", "Policy has invalid
//     resource" for a resource outside the bucket); the rest of the grammar
//     is IAM's ([policy.Parse] with [policy.Resource]). GetBucketPolicy
//     returns the policy compacted, as S3 stores it.
//
// [S3 API reference]: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
// [Service Authorization Reference]: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// [bucket naming rules]: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// [S3 error responses]: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
package s3
