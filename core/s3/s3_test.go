package s3

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

const (
	account = "123456789012"
	start   = sim.Time(1767225600000) // 2026-01-01T00:00:00Z
)

func rootEnv(region string) *api.Env {
	return &api.Env{
		Caller:  api.Principal{ARN: "arn:aws:iam::" + account + ":root", Account: account, Type: api.Root, Name: "root", ID: account},
		Account: account, Region: region, Now: start, Rand: sim.NewRand(1),
	}
}

// call runs op on s as the dispatcher does (Prepare, then run) and
// returns the output as JSON.
func call(s *Service, env *api.Env, op, input string) (string, []api.Action, error) {
	for _, o := range s.Ops() {
		if o.Name != op {
			continue
		}
		actions, run, err := o.Prepare(env, []byte(input))
		if err != nil {
			return "", nil, err
		}
		out, err := run()
		if err != nil {
			return "", actions, err
		}
		b, err := json.Marshal(out)
		if err != nil {
			panic(err)
		}
		return string(b), actions, nil
	}
	panic("no op " + op)
}

// must runs op and fails the test if it does not succeed.
func must(t *testing.T, s *Service, env *api.Env, op, input string) string {
	t.Helper()
	out, _, err := call(s, env, op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return out
}

func errCode(err error) (code, msg string) {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code, e.Message
	}
	if err != nil {
		return "not an api.Error", err.Error()
	}
	return "", ""
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// fixture is an account in us-east-1 with bucket "photos" holding a few
// objects, and "taken-name" held by another account.
func fixture(t *testing.T) (*Service, *api.Env) {
	t.Helper()
	s, env := New(account, "us-east-1"), rootEnv("us-east-1")
	s.Reserve("taken-name", "210987654321")
	must(t, s, env, "s3:CreateBucket", `{"Bucket": "photos"}`)
	for _, k := range []string{"a.txt", "2025/jan/1.jpg", "2025/jan/2.jpg", "2025/feb/1.jpg", "2026/x.jpg", "z.txt"} {
		must(t, s, env, "s3:PutObject", fmt.Sprintf(`{"Bucket": "photos", "Key": %q, "Body": %q}`, k, b64(k)))
	}
	return s, env
}

// TestBucketNames checks the general purpose bucket naming rules
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
func TestBucketNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		bad  bool
	}{
		{"abc", false}, {"my-bucket.logs-2026", false}, {"1bucket9", false}, {strings.Repeat("a", 63), false},
		{"ab", true}, {strings.Repeat("a", 64), true}, {"My-Bucket", true}, {"my_bucket", true},
		{"-bucket", true}, {"bucket-", true}, {".bucket", true}, {"bucket.", true}, {"my..bucket", true},
		{"192.168.5.4", true}, {"192.168.5", false}, {"xn--bucket", true}, {"sthree-bucket", true},
		{"amzn-s3-demo-bucket", true}, {"bucket-s3alias", true}, {"bucket--ol-s3", true},
		{"bucket.mrap", true}, {"bucket--x-s3", true}, {"bucket--table-s3", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := badBucketName(tt.name); got != tt.bad {
				t.Errorf("badBucketName(%q) = %v, want %v", tt.name, got, tt.bad)
			}
		})
	}
}

// TestCreateBucket follows https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html.
func TestCreateBucket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, region, input string
		want                string // output, or "code: message"
	}{
		{"us-east-1", "us-east-1", `{"Bucket": "new-bucket"}`, `{"Location":"/new-bucket"}`},
		{"re-create own bucket in us-east-1 succeeds (legacy 200 OK)", "us-east-1", `{"Bucket": "photos"}`, `{"Location":"/photos"}`},
		{"name held by another account", "us-east-1", `{"Bucket": "taken-name"}`,
			"BucketAlreadyExists: The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."},
		{"invalid name", "us-east-1", `{"Bucket": "My-Bucket"}`, "InvalidBucketName: The specified bucket is not valid."},
		{"ip address", "us-east-1", `{"Bucket": "10.0.0.1"}`, "InvalidBucketName: The specified bucket is not valid."},
		{"name the CLI refuses", "us-east-1", `{"Bucket": "a/b"}`,
			`InvalidArgument: Invalid bucket name "a/b": Bucket name must match the regex "^[a-zA-Z0-9.\-_]{1,255}$"`},
		{"us-east-1 named explicitly", "us-east-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "us-east-1"}}`,
			"InvalidLocationConstraint: The specified location-constraint is not valid"},
		{"unknown region", "us-east-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "mars-1"}}`,
			"InvalidLocationConstraint: The specified location-constraint is not valid"},
		{"other region through the global endpoint", "us-east-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}`,
			`{"Location":"http://b-1.s3.amazonaws.com/"}`},
		{"typo in configuration", "us-east-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraints": "eu-west-1"}}`,
			`InvalidArgument: Unknown parameter in input: "LocationConstraints", must be one of: LocationConstraint`},
		{"regional endpoint without constraint", "eu-west-1", `{"Bucket": "b-1"}`,
			"IllegalLocationConstraintException: The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."},
		{"regional endpoint, other region", "eu-west-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-2"}}`,
			"IllegalLocationConstraintException: The eu-west-2 location constraint is incompatible for the region specific endpoint this request was sent to."},
		{"regional endpoint, own region", "eu-west-1", `{"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}`,
			`{"Location":"http://b-1.s3.amazonaws.com/"}`},
		{"re-create own bucket outside us-east-1", "eu-west-1", `{"Bucket": "photos", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}`,
			"BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it."},
		{"public ACL with ACLs disabled", "us-east-1", `{"Bucket": "b-1", "ACL": "public-read"}`,
			"InvalidBucketAclWithObjectOwnership: Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"},
		{"public ACL with ACLs enabled", "us-east-1", `{"Bucket": "b-1", "ACL": "public-read", "ObjectOwnership": "ObjectWriter"}`,
			"InvalidBucketAclWithBlockPublicAccessError: Bucket cannot have public ACLs set with BlockPublicAccess enabled"},
		{"private ACL", "us-east-1", `{"Bucket": "b-1", "ACL": "private"}`, `{"Location":"/b-1"}`},
		{"bad ACL", "us-east-1", `{"Bucket": "b-1", "ACL": "public"}`,
			`InvalidArgument: Invalid value for parameter ACL: "public", valid values: private, public-read, public-read-write, authenticated-read`},
		{"configuration not a structure", "us-east-1", `{"Bucket": "b-1", "CreateBucketConfiguration": "eu-west-1"}`,
			`InvalidArgument: Invalid type for parameter CreateBucketConfiguration, value: "eu-west-1", valid types: structure`},
		{"missing bucket", "us-east-1", `{}`, `InvalidArgument: Missing required parameter in input: "Bucket"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, env := New(account, tt.region), rootEnv(tt.region)
			s.Reserve("taken-name", "210987654321")
			lc := ""
			if tt.region != "us-east-1" {
				lc = `, "CreateBucketConfiguration": {"LocationConstraint": "` + tt.region + `"}`
			}
			must(t, s, env, "s3:CreateBucket", `{"Bucket": "photos"`+lc+`}`)
			must(t, s, env, "s3:PutObject", `{"Bucket": "photos", "Key": "k"}`)
			out, _, err := call(s, env, "s3:CreateBucket", tt.input)
			if err != nil {
				code, msg := errCode(err)
				out = code + ": " + msg
			}
			if out != tt.want {
				t.Errorf("got  %s\nwant %s", out, tt.want)
			}
			if b := s.buckets["photos"]; len(b.objects) != 1 {
				t.Errorf("re-creating emptied the bucket")
			}
		})
	}
}

func TestListBuckets(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	env.Now += 60_000
	must(t, s, env, "s3:CreateBucket", `{"Bucket": "logs", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}`)
	owner := CanonicalUserID(account)
	tests := []struct{ name, input, want string }{
		{"all", `{}`, `{"Buckets":[{"Name":"logs","CreationDate":"2026-01-01T00:01:00Z"},{"Name":"photos","CreationDate":"2026-01-01T00:00:00Z"}],"Owner":{"ID":"` + owner + `"}}`},
		{"page", `{"MaxBuckets": 1}`, `{"Buckets":[{"Name":"logs","CreationDate":"2026-01-01T00:01:00Z","BucketRegion":"eu-west-1"}],"Owner":{"ID":"` + owner + `"},"ContinuationToken":"` + encodeToken(position{after: "logs"}) + `"}`},
		{"next page", `{"MaxBuckets": 1, "ContinuationToken": "` + encodeToken(position{after: "logs"}) + `"}`, `{"Buckets":[{"Name":"photos","CreationDate":"2026-01-01T00:00:00Z","BucketRegion":"us-east-1"}],"Owner":{"ID":"` + owner + `"}}`},
		{"prefix", `{"Prefix": "ph"}`, `{"Buckets":[{"Name":"photos","CreationDate":"2026-01-01T00:00:00Z","BucketRegion":"us-east-1"}],"Owner":{"ID":"` + owner + `"},"Prefix":"ph"}`},
		{"region", `{"BucketRegion": "eu-west-1"}`, `{"Buckets":[{"Name":"logs","CreationDate":"2026-01-01T00:01:00Z","BucketRegion":"eu-west-1"}],"Owner":{"ID":"` + owner + `"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if out := must(t, s, env, "s3:ListBuckets", tt.input); out != tt.want {
				t.Errorf("got  %s\nwant %s", out, tt.want)
			}
		})
	}
}

// TestObjects checks the output shapes of PutObject, GetObject and
// HeadObject, and the ETag: the quoted MD5 of the body.
func TestObjects(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	tests := []struct{ name, op, input, want string }{
		{"put", "s3:PutObject", `{"Bucket": "photos", "Key": "hello.txt", "Body": "` + b64("hello") + `", "ContentType": "text/plain", "Metadata": {"Owner": "Alice"}}`,
			`{"ETag":"\"5d41402abc4b2a76b9719d911017c592\"","ChecksumCRC32":"NhCmhg==","ChecksumType":"FULL_OBJECT","ServerSideEncryption":"AES256"}`},
		{"put without body", "s3:PutObject", `{"Bucket": "photos", "Key": "empty"}`,
			`{"ETag":"\"d41d8cd98f00b204e9800998ecf8427e\"","ChecksumCRC32":"AAAAAA==","ChecksumType":"FULL_OBJECT","ServerSideEncryption":"AES256"}`},
		{"get", "s3:GetObject", `{"Bucket": "photos", "Key": "hello.txt"}`,
			`{"Body":"aGVsbG8=","AcceptRanges":"bytes","LastModified":"2026-01-01T00:00:00Z","ContentLength":5,"ETag":"\"5d41402abc4b2a76b9719d911017c592\"","ContentType":"text/plain","ServerSideEncryption":"AES256","Metadata":{"owner":"Alice"}}`},
		{"get with checksum", "s3:GetObject", `{"Bucket": "photos", "Key": "empty", "ChecksumMode": "ENABLED"}`,
			`{"Body":"","AcceptRanges":"bytes","LastModified":"2026-01-01T00:00:00Z","ContentLength":0,"ETag":"\"d41d8cd98f00b204e9800998ecf8427e\"","ChecksumCRC32":"AAAAAA==","ChecksumType":"FULL_OBJECT","ContentType":"binary/octet-stream","ServerSideEncryption":"AES256","Metadata":{}}`},
		{"head", "s3:HeadObject", `{"Bucket": "photos", "Key": "hello.txt"}`,
			`{"AcceptRanges":"bytes","LastModified":"2026-01-01T00:00:00Z","ContentLength":5,"ETag":"\"5d41402abc4b2a76b9719d911017c592\"","ContentType":"text/plain","ServerSideEncryption":"AES256","Metadata":{"owner":"Alice"}}`},
		{"delete", "s3:DeleteObject", `{"Bucket": "photos", "Key": "gone"}`, `{}`},
	}
	// The steps build on each other, so they run in order.
	for _, tt := range tests {
		if out := must(t, s, env, tt.op, tt.input); out != tt.want {
			t.Errorf("%s: got  %s\n     want %s", tt.name, out, tt.want)
		}
	}
}

// TestErrors checks error codes and messages against
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
func TestErrors(t *testing.T) {
	t.Parallel()
	big := base64.StdEncoding.EncodeToString(make([]byte, MaxObjectSize+1))
	tests := []struct{ name, op, input, code, msg string }{
		{"get missing key", "s3:GetObject", `{"Bucket": "photos", "Key": "nope"}`, "NoSuchKey", "The specified key does not exist."},
		{"get missing bucket", "s3:GetObject", `{"Bucket": "nope-bucket", "Key": "a"}`, "NoSuchBucket", "The specified bucket does not exist"},
		{"head missing key", "s3:HeadObject", `{"Bucket": "photos", "Key": "nope"}`, "NotFound", "Not Found"},
		{"head missing bucket", "s3:HeadObject", `{"Bucket": "nope-bucket", "Key": "a"}`, "NotFound", "Not Found"},
		{"put missing bucket", "s3:PutObject", `{"Bucket": "nope-bucket", "Key": "a"}`, "NoSuchBucket", "The specified bucket does not exist"},
		{"put invalid base64", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "Body": "not base64!"}`, "InvalidArgument",
			`Invalid type for parameter Body, value: "not base64!", valid types: blob (base64 string)`},
		{"put too large", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "Body": "` + big + `"}`, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size. (The playground keeps objects in memory and in saved work: at most 1048576 bytes (1 MiB) each; this body is 1048577 bytes.)"},
		{"put empty key", "s3:PutObject", `{"Bucket": "photos", "Key": ""}`, "InvalidArgument", "Invalid length for parameter Key, value: 0, valid min length: 1"},
		{"put long key", "s3:PutObject", `{"Bucket": "photos", "Key": "` + strings.Repeat("k", 1025) + `"}`, "KeyTooLongError", "Your key is too long"},
		{"put bad md5", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "Body": "aGk=", "ContentMD5": "` + b64("0123456789abcdef") + `"}`, "BadDigest", "The Content-MD5 you specified did not match what we received."},
		{"put metadata too large", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "Metadata": {"k": "` + strings.Repeat("v", 2048) + `"}}`, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size."},
		{"put public ACL", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "ACL": "public-read"}`, "AccessControlListNotSupported", "The bucket does not allow ACLs"},
		{"put unknown member", "s3:PutObject", `{"Bucket": "photos", "key": "a"}`, "InvalidArgument",
			`Unknown parameter in input: "key", must be one of: ACL, Body, Bucket, CacheControl, ContentDisposition, ContentEncoding, ContentLanguage, ContentMD5, ContentType, ExpectedBucketOwner, Key, Metadata, StorageClass`},
		{"delete object missing bucket", "s3:DeleteObject", `{"Bucket": "nope-bucket", "Key": "a"}`, "NoSuchBucket", "The specified bucket does not exist"},
		{"delete bucket not empty", "s3:DeleteBucket", `{"Bucket": "photos"}`, "BucketNotEmpty", "The bucket you tried to delete is not empty"},
		{"delete missing bucket", "s3:DeleteBucket", `{"Bucket": "nope-bucket"}`, "NoSuchBucket", "The specified bucket does not exist"},
		{"another account's bucket", "s3:GetObject", `{"Bucket": "taken-name", "Key": "a"}`, "AccessDenied", "Access Denied"},
		{"expected owner differs", "s3:ListObjectsV2", `{"Bucket": "photos", "ExpectedBucketOwner": "111111111111"}`, "AccessDenied", "Access Denied"},
		{"list bad token", "s3:ListObjectsV2", `{"Bucket": "photos", "ContinuationToken": "abc"}`, "InvalidArgument", "The continuation token provided is incorrect"},
		{"list negative max-keys", "s3:ListObjectsV2", `{"Bucket": "photos", "MaxKeys": -1}`, "InvalidArgument", "Provided max-keys not an integer or within integer range"},
		{"list missing bucket", "s3:ListObjectsV2", `{"Bucket": "nope-bucket"}`, "NoSuchBucket", "The specified bucket does not exist"},
		{"get policy none", "s3:GetBucketPolicy", `{"Bucket": "photos"}`, "NoSuchBucketPolicy", "The bucket policy does not exist"},
		{"glacier object", "s3:GetObject", `{"Bucket": "photos", "Key": "cold"}`, "InvalidObjectState", "The operation is not valid for the object's storage class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, env := fixture(t)
			must(t, s, env, "s3:PutObject", `{"Bucket": "photos", "Key": "cold", "StorageClass": "GLACIER"}`)
			_, _, err := call(s, env, tt.op, tt.input)
			if code, msg := errCode(err); code != tt.code || msg != tt.msg {
				t.Errorf("got  %s: %s\nwant %s: %s", code, msg, tt.code, tt.msg)
			}
		})
	}
}

func TestDeleteIsIdempotent(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	for range 2 {
		must(t, s, env, "s3:DeleteObject", `{"Bucket": "photos", "Key": "a.txt"}`)
	}
	for _, k := range s.buckets["photos"].sortedKeys() {
		must(t, s, env, "s3:DeleteObject", fmt.Sprintf(`{"Bucket": "photos", "Key": %q}`, k))
	}
	must(t, s, env, "s3:DeleteBucket", `{"Bucket": "photos"}`)
	if _, ok := s.BucketOwner("photos"); ok {
		t.Error("bucket still exists")
	}
}

// page is the part of a ListObjectsV2 output the paging test compares.
type page struct {
	Keys, Prefixes []string
	KeyCount       int
	IsTruncated    bool
	Next           bool
}

// TestListObjectsV2Paging walks every page of a listing
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
func TestListObjectsV2Paging(t *testing.T) {
	t.Parallel()
	// Keys: 2025/feb/1.jpg 2025/jan/1.jpg 2025/jan/2.jpg 2026/x.jpg a.txt z.txt
	tests := []struct {
		name, input string
		want        []page
	}{
		{"everything", `{"Bucket": "photos"}`, []page{{Keys: []string{"2025/feb/1.jpg", "2025/jan/1.jpg", "2025/jan/2.jpg", "2026/x.jpg", "a.txt", "z.txt"}, KeyCount: 6}}},
		{"delimiter", `{"Bucket": "photos", "Delimiter": "/"}`, []page{{Keys: []string{"a.txt", "z.txt"}, Prefixes: []string{"2025/", "2026/"}, KeyCount: 4}}},
		{"delimiter, two a page", `{"Bucket": "photos", "Delimiter": "/", "MaxKeys": 2}`, []page{
			{Prefixes: []string{"2025/", "2026/"}, KeyCount: 2, IsTruncated: true, Next: true},
			{Keys: []string{"a.txt", "z.txt"}, KeyCount: 2},
		}},
		{"delimiter, one a page", `{"Bucket": "photos", "Delimiter": "/", "MaxKeys": 1}`, []page{
			{Prefixes: []string{"2025/"}, KeyCount: 1, IsTruncated: true, Next: true},
			{Prefixes: []string{"2026/"}, KeyCount: 1, IsTruncated: true, Next: true},
			{Keys: []string{"a.txt"}, KeyCount: 1, IsTruncated: true, Next: true},
			{Keys: []string{"z.txt"}, KeyCount: 1},
		}},
		{"prefix and delimiter", `{"Bucket": "photos", "Prefix": "2025/", "Delimiter": "/"}`, []page{{Prefixes: []string{"2025/feb/", "2025/jan/"}, KeyCount: 2}}},
		{"prefix", `{"Bucket": "photos", "Prefix": "2025/jan/", "MaxKeys": 1}`, []page{
			{Keys: []string{"2025/jan/1.jpg"}, KeyCount: 1, IsTruncated: true, Next: true},
			{Keys: []string{"2025/jan/2.jpg"}, KeyCount: 1},
		}},
		{"start after", `{"Bucket": "photos", "StartAfter": "2025/jan/2.jpg", "Delimiter": "/"}`, []page{{Keys: []string{"a.txt", "z.txt"}, Prefixes: []string{"2026/"}, KeyCount: 3}}},
		{"max-keys 0", `{"Bucket": "photos", "MaxKeys": 0}`, []page{{}}},
		{"exactly full page", `{"Bucket": "photos", "MaxKeys": 6}`, []page{{Keys: []string{"2025/feb/1.jpg", "2025/jan/1.jpg", "2025/jan/2.jpg", "2026/x.jpg", "a.txt", "z.txt"}, KeyCount: 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, env := fixture(t)
			var in map[string]any
			if err := json.Unmarshal([]byte(tt.input), &in); err != nil {
				t.Fatal(err)
			}
			var got []page
			for len(got) < 10 {
				req, _ := json.Marshal(in)
				var out listObjectsV2Output
				if err := json.Unmarshal([]byte(must(t, s, env, "s3:ListObjectsV2", string(req))), &out); err != nil {
					t.Fatal(err)
				}
				p := page{KeyCount: out.KeyCount, IsTruncated: out.IsTruncated, Next: out.NextContinuationToken != ""}
				for _, c := range out.Contents {
					p.Keys = append(p.Keys, c.Key)
				}
				for _, c := range out.CommonPrefixes {
					p.Prefixes = append(p.Prefixes, c.Prefix)
				}
				got = append(got, p)
				if !out.IsTruncated {
					break
				}
				in["ContinuationToken"] = out.NextContinuationToken
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestListObjectsV2Output(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	out := must(t, s, env, "s3:ListObjectsV2", `{"Bucket": "photos", "Prefix": "2026/", "Delimiter": "/", "FetchOwner": true}`)
	want := `{"IsTruncated":false,"Contents":[{"Key":"2026/x.jpg","LastModified":"2026-01-01T00:00:00Z","ETag":"\"` +
		etagOf("2026/x.jpg") + `\"","ChecksumAlgorithm":["CRC32"],"ChecksumType":"FULL_OBJECT","Size":10,"StorageClass":"STANDARD","Owner":{"ID":"` +
		CanonicalUserID(account) + `"}}],"Name":"photos","Prefix":"2026/","Delimiter":"/","MaxKeys":1000,"KeyCount":1}`
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	out = must(t, s, env, "s3:ListObjectsV2", `{"Bucket": "photos", "Prefix": "none/"}`)
	if want := `{"IsTruncated":false,"Name":"photos","Prefix":"none/","MaxKeys":1000,"KeyCount":0}`; out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func etagOf(body string) string {
	var o object
	s := New(account, "us-east-1")
	env := rootEnv("us-east-1")
	s.buckets["b"] = &bucket{name: "b", owner: account, objects: map[string]*object{}}
	if _, _, err := call(s, env, "s3:PutObject", fmt.Sprintf(`{"Bucket": "b", "Key": "k", "Body": %q}`, b64(body))); err != nil {
		panic(err)
	}
	o = *s.buckets["b"].objects["k"]
	return strings.Trim(o.etag, `"`)
}

// TestActions checks the actions and resources each operation is
// authorised for, as the Service Authorization Reference gives them
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
func TestActions(t *testing.T) {
	t.Parallel()
	tests := []struct{ op, input, want string }{
		{"s3:CreateBucket", `{"Bucket": "new-b"}`, `s3:CreateBucket arn:aws:s3:::new-b map[]`},
		{"s3:CreateBucket", `{"Bucket": "new-b", "ObjectOwnership": "BucketOwnerPreferred", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}`,
			`s3:CreateBucket arn:aws:s3:::new-b map[s3:LocationConstraint:[eu-west-1] s3:x-amz-object-ownership:[BucketOwnerPreferred]]; s3:PutBucketOwnershipControls arn:aws:s3:::new-b map[]`},
		{"s3:ListBuckets", `{}`, `s3:ListAllMyBuckets * map[]`},
		{"s3:DeleteBucket", `{"Bucket": "nope-b"}`, `s3:DeleteBucket arn:aws:s3:::nope-b map[]`},
		{"s3:PutObject", `{"Bucket": "photos", "Key": "a/b.txt"}`, `s3:PutObject arn:aws:s3:::photos/a/b.txt map[]`},
		{"s3:PutObject", `{"Bucket": "photos", "Key": "k", "ACL": "bucket-owner-full-control", "StorageClass": "STANDARD_IA"}`,
			`s3:PutObject arn:aws:s3:::photos/k map[s3:x-amz-acl:[bucket-owner-full-control] s3:x-amz-storage-class:[STANDARD_IA]]; s3:PutObjectAcl arn:aws:s3:::photos/k map[s3:x-amz-acl:[bucket-owner-full-control] s3:x-amz-storage-class:[STANDARD_IA]]`},
		{"s3:GetObject", `{"Bucket": "photos", "Key": "a.txt"}`, `s3:GetObject arn:aws:s3:::photos/a.txt map[]`},
		{"s3:HeadObject", `{"Bucket": "photos", "Key": "a.txt"}`, `s3:GetObject arn:aws:s3:::photos/a.txt map[]`},
		{"s3:DeleteObject", `{"Bucket": "photos", "Key": "a.txt"}`, `s3:DeleteObject arn:aws:s3:::photos/a.txt map[]`},
		{"s3:ListObjectsV2", `{"Bucket": "photos"}`, `s3:ListBucket arn:aws:s3:::photos map[]`},
		{"s3:ListObjectsV2", `{"Bucket": "photos", "Prefix": "home/", "Delimiter": "/", "MaxKeys": 10}`,
			`s3:ListBucket arn:aws:s3:::photos map[s3:delimiter:[/] s3:max-keys:[10] s3:prefix:[home/]]`},
		{"s3:PutBucketPolicy", `{"Bucket": "photos", "Policy": "{\"Statement\": {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::photos/*\"}}"}`,
			`s3:PutBucketPolicy arn:aws:s3:::photos map[]`},
		{"s3:GetBucketPolicy", `{"Bucket": "photos"}`, `s3:GetBucketPolicy arn:aws:s3:::photos map[]`},
		{"s3:DeleteBucketPolicy", `{"Bucket": "photos"}`, `s3:DeleteBucketPolicy arn:aws:s3:::photos map[]`},
		{"s3:PutPublicAccessBlock", `{"Bucket": "photos", "PublicAccessBlockConfiguration": {}}`, `s3:PutBucketPublicAccessBlock arn:aws:s3:::photos map[]`},
		{"s3:GetPublicAccessBlock", `{"Bucket": "photos"}`, `s3:GetBucketPublicAccessBlock arn:aws:s3:::photos map[]`},
		{"s3:DeletePublicAccessBlock", `{"Bucket": "photos"}`, `s3:PutBucketPublicAccessBlock arn:aws:s3:::photos map[]`},
	}
	ops := map[string]bool{}
	for _, tt := range tests {
		ops[tt.op] = true
		t.Run(tt.op+" "+tt.input, func(t *testing.T) {
			t.Parallel()
			s, env := fixture(t)
			var op api.Op
			for _, o := range s.Ops() {
				if o.Name == tt.op {
					op = o
				}
			}
			actions, _, err := op.Prepare(env, []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range actions {
				got = append(got, fmt.Sprintf("%s %s %v", a.Action, a.Resource, a.Context))
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
	for _, o := range New(account, "us-east-1").Ops() {
		if !ops[o.Name] {
			t.Errorf("no test of the actions of %s", o.Name)
		}
	}
}

// snapshot renders everything the service holds, to compare before and
// after a Prepare.
func snapshot(s *Service) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(s.buckets)) {
		bk := s.buckets[name]
		fmt.Fprintf(&b, "%s %s %s %d %q %s %v\n", name, bk.owner, bk.region, bk.created, bk.policy, bk.ownership, bk.pab)
		for _, k := range bk.sortedKeys() {
			o := bk.objects[k]
			fmt.Fprintf(&b, "  %q %q %s %d %s %v %s %v\n", k, o.body, o.etag, o.modified, o.contentType, o.metadata, o.storageClass, o.headers)
		}
	}
	return b.String()
}

// TestPrepareNeverMutates runs Prepare of every operation, with inputs
// that would change state, and checks that nothing changed.
func TestPrepareNeverMutates(t *testing.T) {
	t.Parallel()
	inputs := map[string]string{
		"s3:CreateBucket":            `{"Bucket": "other-b"}`,
		"s3:ListBuckets":             `{}`,
		"s3:DeleteBucket":            `{"Bucket": "photos"}`,
		"s3:PutObject":               `{"Bucket": "photos", "Key": "a.txt", "Body": "eA=="}`,
		"s3:GetObject":               `{"Bucket": "photos", "Key": "a.txt"}`,
		"s3:HeadObject":              `{"Bucket": "photos", "Key": "a.txt"}`,
		"s3:DeleteObject":            `{"Bucket": "photos", "Key": "a.txt"}`,
		"s3:ListObjectsV2":           `{"Bucket": "photos"}`,
		"s3:PutBucketPolicy":         `{"Bucket": "photos", "Policy": "{\"Statement\": {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::photos/*\"}}"}`,
		"s3:GetBucketPolicy":         `{"Bucket": "photos"}`,
		"s3:DeleteBucketPolicy":      `{"Bucket": "photos"}`,
		"s3:PutPublicAccessBlock":    `{"Bucket": "photos", "PublicAccessBlockConfiguration": {}}`,
		"s3:GetPublicAccessBlock":    `{"Bucket": "photos"}`,
		"s3:DeletePublicAccessBlock": `{"Bucket": "photos"}`,
	}
	s, env := fixture(t)
	before := snapshot(s)
	for _, op := range s.Ops() {
		in, ok := inputs[op.Name]
		if !ok {
			t.Errorf("no input for %s", op.Name)
			continue
		}
		if _, _, err := op.Prepare(env, []byte(in)); err != nil {
			t.Errorf("%s: %v", op.Name, err)
		}
		if after := snapshot(s); after != before {
			t.Errorf("Prepare of %s changed state:\n%s\nto\n%s", op.Name, before, after)
		}
	}
}

const publicRead = `{"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}]}`

// TestBucketPolicy follows https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html.
func TestBucketPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, policy, code, msg string }{
		{"not json", `Policy.json`, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'"},
		{"truncated", `{"Statement": [`, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'"},
		{"no principal", `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`, "MalformedPolicy", "Missing required field Principal"},
		{"bad principal", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`, "MalformedPolicy", "Invalid principal in policy"},
		{"non-s3 action", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "iam:GetUser", "Resource": "arn:aws:s3:::photos/*"}}`, "MalformedPolicy", "Policy has invalid action"},
		{"other bucket", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}}`, "MalformedPolicy", "Policy has invalid resource"},
		{"no statement", `{"Version": "2012-10-17"}`, "MalformedPolicy", "Missing required field Statement"},
		{"bad effect", `{"Statement": {"Effect": "allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}}`, "MalformedPolicy", "Invalid effect: allow"},
		{"unknown operator (IAM grammar)", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*", "Condition": {"StringEqual": {"aws:username": "bob"}}}}`,
			"MalformedPolicy", `unknown condition operator "StringEqual"`},
		{"too large", `{"Statement": [], "Id": "` + strings.Repeat("x", maxPolicySize) + `"}`, "MalformedPolicy", "Policy exceeds the maximum allowed document size."},
		{"public, blocked by default", publicRead, "AccessDenied",
			`User: arn:aws:iam::123456789012:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::photos" because public policies are blocked by the BlockPublicPolicy block public access setting.`},
		{"public unless pinned to an IP", `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}}`, "", ""},
		{"account principal", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"]}}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, env := fixture(t)
			in, _ := json.Marshal(map[string]string{"Bucket": "photos", "Policy": tt.policy})
			_, _, err := call(s, env, "s3:PutBucketPolicy", string(in))
			if code, msg := errCode(err); code != tt.code || msg != tt.msg {
				t.Errorf("got  %s: %s\nwant %s: %s", code, msg, tt.code, tt.msg)
			}
			if _, ok := s.BucketPolicy("photos"); ok != (tt.code == "") {
				t.Errorf("BucketPolicy ok = %v after %v", ok, err)
			}
		})
	}
}

func TestPublicPolicyAfterUnblocking(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	want := `{"PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}`
	if out := must(t, s, env, "s3:GetPublicAccessBlock", `{"Bucket": "photos"}`); out != want {
		t.Errorf("new bucket's block: got %s, want %s", out, want)
	}
	must(t, s, env, "s3:PutPublicAccessBlock", `{"Bucket": "photos", "PublicAccessBlockConfiguration": {"BlockPublicPolicy": false}}`)
	in, _ := json.Marshal(map[string]string{"Bucket": "photos", "Policy": publicRead})
	must(t, s, env, "s3:PutBucketPolicy", string(in))
	compact := `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}`
	if out, want := must(t, s, env, "s3:GetBucketPolicy", `{"Bucket": "photos"}`), `{"Policy":`+quote(compact)+`}`; out != want {
		t.Errorf("GetBucketPolicy: got %s, want %s", out, want)
	}
	if p, _ := s.BucketPolicy("photos"); p != compact {
		t.Errorf("BucketPolicy = %s", p)
	}
	if v := s.View(); !v.Buckets[0].HasPolicy {
		t.Error("View: HasPolicy false")
	}
	must(t, s, env, "s3:DeleteBucketPolicy", `{"Bucket": "photos"}`)
	must(t, s, env, "s3:DeleteBucketPolicy", `{"Bucket": "photos"}`) // idempotent
	must(t, s, env, "s3:DeletePublicAccessBlock", `{"Bucket": "photos"}`)
	_, _, err := call(s, env, "s3:GetPublicAccessBlock", `{"Bucket": "photos"}`)
	if code, _ := errCode(err); code != "NoSuchPublicAccessBlockConfiguration" {
		t.Errorf("GetPublicAccessBlock after delete: %v", err)
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestOwnerAndView(t *testing.T) {
	t.Parallel()
	s, _ := fixture(t)
	if o, ok := s.BucketOwner("taken-name"); !ok || o != "210987654321" {
		t.Errorf("BucketOwner(taken-name) = %q, %v", o, ok)
	}
	if o, ok := s.BucketOwner("photos"); !ok || o != account {
		t.Errorf("BucketOwner(photos) = %q, %v", o, ok)
	}
	if _, ok := s.BucketOwner("nope-bucket"); ok {
		t.Error("BucketOwner of a missing bucket")
	}
	v := s.View()
	if len(v.Buckets) != 1 || v.Buckets[0].Name != "photos" || len(v.Buckets[0].Objects) != 6 || v.Buckets[0].Objects[0].Key != "2025/feb/1.jpg" {
		t.Errorf("View = %+v", v)
	}
}
