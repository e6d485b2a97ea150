package s3

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"cloudplay/core/api"
)

func wantError(t *testing.T, err error, code string, contains ...string) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got %.300v, want %s", err, code)
	}
	for _, c := range contains {
		if !strings.Contains(e.Message, c) {
			t.Fatalf("message %q does not contain %q", e.Message, c)
		}
	}
}

func put(s *Service, key string, size int) error {
	body := base64.StdEncoding.EncodeToString(make([]byte, size))
	_, _, err := call(s, rootEnv("us-east-1"), "s3:PutObject", fmt.Sprintf(`{"Bucket": "big", "Key": %q, "Body": %q}`, key, body))
	return err
}

// One object body is at most MaxObjectSize bytes, and the account's
// objects at most MaxStoredBytes; past either, PutObject is S3's
// EntityTooLarge, saying it is the playground's limit, and nothing is
// stored.
func TestObjectSizeLimits(t *testing.T) {
	t.Parallel()
	s := New(account, "us-east-1")
	must(t, s, rootEnv("us-east-1"), "s3:CreateBucket", `{"Bucket": "big"}`)
	if err := put(s, "max", MaxObjectSize); err != nil {
		t.Fatalf("a body of exactly MaxObjectSize: %v", err)
	}
	wantError(t, put(s, "over", MaxObjectSize+1), "EntityTooLarge",
		"Your proposed upload exceeds the maximum allowed object size.", "The playground keeps objects in memory and in saved work: at most 1048576 bytes (1 MiB) each; this body is 1048577 bytes.")

	for i := range 6 {
		if err := put(s, fmt.Sprint(i), MaxObjectSize); err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
	}
	// 7 MiB and 9 bytes of keys are stored; another 1 MiB does not fit.
	if s.stored != 7*MaxObjectSize+3+6 {
		t.Fatalf("stored %d", s.stored)
	}
	wantError(t, put(s, "7", MaxObjectSize), "EntityTooLarge",
		"The playground keeps at most 8388608 bytes (8 MiB) of objects per account", "7340041 are stored, and this object would bring them to 8388618")
	if _, _, err := call(s, rootEnv("us-east-1"), "s3:HeadObject", `{"Bucket": "big", "Key": "7"}`); err == nil {
		t.Fatal("the refused object was stored")
	}
	// Replacing an object counts only the difference; deleting frees it.
	if err := put(s, "0", MaxObjectSize); err != nil {
		t.Fatalf("replacing an object of the same size: %v", err)
	}
	must(t, s, rootEnv("us-east-1"), "s3:DeleteObject", `{"Bucket": "big", "Key": "0"}`)
	must(t, s, rootEnv("us-east-1"), "s3:DeleteObject", `{"Bucket": "big", "Key": "0"}`) // idempotent
	if err := put(s, "7", MaxObjectSize); err != nil {
		t.Fatalf("after a delete: %v", err)
	}
	if s.stored != 7*MaxObjectSize+3+6 {
		t.Fatalf("stored %d", s.stored)
	}
}

// Error messages quote a short prefix of a huge input.
func TestHugeInputsAreNotEchoed(t *testing.T) {
	t.Parallel()
	s, env := fixture(t)
	huge := strings.Repeat("é", 1<<20)
	tests := []struct{ name, op, input, code string }{
		{"bucket name", "s3:GetObject", `{"Bucket": "` + huge + `", "Key": "a"}`, "InvalidArgument"},
		{"enumerated value", "s3:PutObject", `{"Bucket": "photos", "Key": "a", "StorageClass": "` + huge + `"}`, "InvalidArgument"},
		{"structure member", "s3:CreateBucket", `{"Bucket": "b-2", "CreateBucketConfiguration": ["` + huge + `"]}`, "InvalidArgument"},
		{"policy field", "s3:PutBucketPolicy", `{"Bucket": "photos", "Policy": "{\"` + strings.Repeat("x", 10000) + `\": 1, \"Statement\": []}"}`, "MalformedPolicy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := call(s, env, tt.op, tt.input)
			var e *api.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("got %.300v, want %s", err, tt.code)
			}
			if n := utf8.RuneCountInString(e.Message); n > 300 {
				t.Fatalf("a message of %d code points: %.300s…", n, e.Message)
			}
		})
	}
}
