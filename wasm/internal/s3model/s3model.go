// Package s3model is the model behind the S3 panel: the S3 operation each
// control makes, and what the panel reads back from the answers (buckets,
// a folder's listing, an object's body, a bucket policy). The panel asks
// the engine for everything it shows, as the acting principal; this
// package never reads the account's view. Plain functions, tested natively.
package s3model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cloudplay/core/s3"
)

// Call is an S3 operation with its input, as the panel makes it.
type Call struct {
	Op    string
	Input map[string]any
}

// JSON returns the input as JSON text.
func (c Call) JSON() []byte {
	b, _ := json.Marshal(c.Input)
	return b
}

// Delimiter groups keys into folders, as the S3 console does.
const Delimiter = "/"

// The operations of the panel's controls.
func ListBuckets() Call { return Call{"s3:ListBuckets", map[string]any{}} }
func CreateBucket(name string) Call {
	return Call{"s3:CreateBucket", map[string]any{"Bucket": name}}
}
func DeleteBucket(name string) Call {
	return Call{"s3:DeleteBucket", map[string]any{"Bucket": name}}
}

// ListObjects lists one folder of bucket: the keys under prefix, with the
// keys below the next "/" rolled up into folders (CommonPrefixes).
func ListObjects(bucket, prefix string) Call {
	in := map[string]any{"Bucket": bucket, "Delimiter": Delimiter}
	if prefix != "" {
		in["Prefix"] = prefix
	}
	return Call{"s3:ListObjectsV2", in}
}

// PutObject uploads body as key; contentType may be "" (S3's default).
func PutObject(bucket, key string, body []byte, contentType string) Call {
	in := map[string]any{"Bucket": bucket, "Key": key, "Body": body}
	if contentType != "" {
		in["ContentType"] = contentType
	}
	return Call{"s3:PutObject", in}
}
func GetObject(bucket, key string) Call {
	return Call{"s3:GetObject", map[string]any{"Bucket": bucket, "Key": key}}
}
func DeleteObject(bucket, key string) Call {
	return Call{"s3:DeleteObject", map[string]any{"Bucket": bucket, "Key": key}}
}
func GetBucketPolicy(bucket string) Call {
	return Call{"s3:GetBucketPolicy", map[string]any{"Bucket": bucket}}
}
func PutBucketPolicy(bucket, text string) Call {
	return Call{"s3:PutBucketPolicy", map[string]any{"Bucket": bucket, "Policy": text}}
}
func DeleteBucketPolicy(bucket string) Call {
	return Call{"s3:DeleteBucketPolicy", map[string]any{"Bucket": bucket}}
}

// ParseBuckets returns the bucket names of a ListBuckets answer.
func ParseBuckets(out []byte) ([]string, error) {
	var v struct{ Buckets []struct{ Name string } }
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("s3model: ListBuckets answer: %w", err)
	}
	names := make([]string, 0, len(v.Buckets))
	for _, b := range v.Buckets {
		names = append(names, b.Name)
	}
	return names, nil
}

// Folder is a common prefix, shown as a folder.
type Folder struct {
	Prefix string // the whole prefix, ending in "/"
	Name   string // the last part, with its "/"
}

// Object is an object of a listing.
type Object struct {
	Key          string
	Name         string // the key after the folder's prefix
	Size         int64
	LastModified string
}

// Listing is one folder of a bucket.
type Listing struct {
	Bucket, Prefix string
	Folders        []Folder
	Objects        []Object
	// Truncated: S3 answered one page (1,000 entries) and there is more.
	Truncated bool
}

// Empty reports whether the folder shows nothing.
func (l Listing) Empty() bool { return len(l.Folders) == 0 && len(l.Objects) == 0 }

// ParseListing reads a ListObjectsV2 answer.
func ParseListing(out []byte) (Listing, error) {
	var v struct {
		Name, Prefix   string
		IsTruncated    bool
		CommonPrefixes []struct{ Prefix string }
		Contents       []struct {
			Key          string
			Size         int64
			LastModified string
		}
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return Listing{}, fmt.Errorf("s3model: ListObjectsV2 answer: %w", err)
	}
	l := Listing{Bucket: v.Name, Prefix: v.Prefix, Truncated: v.IsTruncated}
	for _, c := range v.CommonPrefixes {
		l.Folders = append(l.Folders, Folder{Prefix: c.Prefix, Name: strings.TrimPrefix(c.Prefix, v.Prefix)})
	}
	for _, c := range v.Contents {
		l.Objects = append(l.Objects, Object{Key: c.Key, Name: strings.TrimPrefix(c.Key, v.Prefix), Size: c.Size, LastModified: c.LastModified})
	}
	return l, nil
}

// ParseObject returns the body and content type of a GetObject answer.
func ParseObject(out []byte) (body []byte, contentType string, err error) {
	var v struct {
		Body        []byte
		ContentType string
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, "", fmt.Errorf("s3model: GetObject answer: %w", err)
	}
	return v.Body, v.ContentType, nil
}

// ParsePolicy returns the policy of a GetBucketPolicy answer, indented
// for reading (S3 stores it compacted).
func ParsePolicy(out []byte) (string, error) {
	var v struct{ Policy string }
	if err := json.Unmarshal(out, &v); err != nil {
		return "", fmt.Errorf("s3model: GetBucketPolicy answer: %w", err)
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(v.Policy), "", "  ") != nil {
		return v.Policy, nil
	}
	return b.String(), nil
}

// Crumb is one step of the path to a folder.
type Crumb struct {
	Name   string // the bucket's name, or a folder's
	Prefix string // the prefix to list to go there ("" for the bucket)
}

// Crumbs returns the path from the bucket to the folder prefix.
func Crumbs(bucket, prefix string) []Crumb {
	out := []Crumb{{Name: bucket}}
	p := ""
	for part := range strings.SplitSeq(strings.TrimSuffix(prefix, Delimiter), Delimiter) {
		if part == "" && prefix == "" {
			break
		}
		p += part + Delimiter
		out = append(out, Crumb{Name: part, Prefix: p})
	}
	return out
}

// Parent returns the folder above prefix ("" at the bucket's top).
func Parent(prefix string) string {
	cs := Crumbs("", prefix)
	if len(cs) < 2 {
		return ""
	}
	return cs[len(cs)-2].Prefix
}

// UploadKey is the key an upload named name gets in the folder prefix. A
// name that already has a "/" is taken as a path from the folder.
func UploadKey(prefix, name string) string {
	return prefix + strings.TrimLeft(name, Delimiter)
}

// ErrTooLarge says that a file is larger than an object may be.
var ErrTooLarge = errors.New("too large")

// CheckUpload refuses, before reading it, a file larger than the
// playground's largest object (s3.MaxObjectSize, 1 MiB), with a message
// the panel shows. S3 would refuse the upload too (EntityTooLarge); the
// browser need not read a large file only to have it refused.
func CheckUpload(name string, size int) error {
	if size > s3.MaxObjectSize {
		return fmt.Errorf("%w: %s is %s; objects in the playground are at most %s", ErrTooLarge, clip(name), Bytes(int64(size)), Bytes(s3.MaxObjectSize))
	}
	return nil
}

// Bytes formats a size as the console does (B, KB, MB with one decimal).
func Bytes(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// clip quotes at most 64 code points of s.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 64 {
		return fmt.Sprintf("%q…", string(r[:64]))
	}
	return fmt.Sprintf("%q", s)
}

// PolicyTemplate is the text the editor starts from for a bucket without
// a policy: the course's example, letting principal upload to the bucket.
func PolicyTemplate(bucket, principal string) string {
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowS3Upload",
      "Effect": "Allow",
      "Principal": {
        "AWS": "` + principal + `"
      },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::` + bucket + `/*"
    }
  ]
}`
}

// SamePolicy reports whether two policy texts are the same JSON but for
// white space (S3 stores a policy compacted).
func SamePolicy(a, b string) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, []byte(a)) != nil || json.Compact(&y, []byte(b)) != nil {
		return a == b
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}
