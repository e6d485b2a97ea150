package s3

import (
	"net/netip"
	"strings"

	"cloudplay/core/api"
)

// checkNewBucketName applies S3's naming rules for general purpose buckets
// ([bucket naming rules]); a name that breaks one is InvalidBucketName.
// The name has already passed [checkBucketParam].
//
// [bucket naming rules]: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
func checkNewBucketName(name string) error {
	if badBucketName(name) {
		return api.Errorf("InvalidBucketName", "The specified bucket is not valid.")
	}
	return nil
}

// reservedPrefixes and reservedSuffixes are kept for access points,
// Object Lambda, Multi-Region Access Points, directory and table buckets,
// and AWS's own examples.
var (
	reservedPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	reservedSuffixes = []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
)

// badBucketName reports whether name breaks a bucket naming rule.
func badBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return true
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return true
		}
	}
	if !alnum(name[0]) || !alnum(name[len(name)-1]) || strings.Contains(name, "..") {
		return true
	}
	if a, err := netip.ParseAddr(name); err == nil && a.Is4() {
		return true
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, sfx := range reservedSuffixes {
		if strings.HasSuffix(name, sfx) {
			return true
		}
	}
	return false
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// checkBucketParam is the AWS CLI's own check of a Bucket parameter,
// made before any request is sent (botocore's validate_bucket_name): a
// name that fails it can never reach S3, so it is a validation error
// whatever the operation.
func checkBucketParam(name string) error {
	ok := len(name) >= 1 && len(name) <= 255
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
	}
	if !ok {
		return api.Errorf(validationCode, `Invalid bucket name %q: Bucket name must match the regex "^[a-zA-Z0-9.\-_]{1,255}$"`, api.Clip(name, api.MaxQuoted))
	}
	return nil
}

// maxKeyBytes is the longest object key, in UTF-8 bytes
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
const maxKeyBytes = 1024

// checkKey checks an object key: at least one character (the CLI's own
// check), at most 1024 bytes of UTF-8 (S3's KeyTooLongError).
func checkKey(key string) error {
	if key == "" {
		return api.Errorf(validationCode, "Invalid length for parameter Key, value: 0, valid min length: 1")
	}
	if len(key) > maxKeyBytes {
		return api.Errorf("KeyTooLongError", "Your key is too long")
	}
	return nil
}
