package s3model_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/wasm/internal/s3model"
	"cloudplay/wasm/internal/testacct"
)

const (
	alice = testacct.Prefix + "user/Alice"
	bob   = testacct.Prefix + "user/Bob"
)

func call(t *testing.T, a *cloud.Account, caller string, c s3model.Call) []byte {
	t.Helper()
	out, err := a.Call(caller, c.Op, c.JSON())
	if err != nil {
		t.Fatalf("%s as %s: %v", c.Op, caller, err)
	}
	return out
}

// The panel's calls, read back by the model, on a real account: create a
// bucket, upload into folders, list a folder, download, delete.
func TestCallsRoundTrip(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "company")
	root := a.RootARN()
	call(t, a, root, s3model.CreateBucket("photos"))
	for _, k := range []string{"a.txt", "2026/jan/x.jpg", "2026/feb.txt", "2026/jan/y.jpg"} {
		call(t, a, root, s3model.PutObject("photos", k, []byte("body of "+k), "text/plain"))
	}
	names, err := s3model.ParseBuckets(call(t, a, root, s3model.ListBuckets()))
	if err != nil || !slices.Equal(names, []string{"my-bucket", "photos"}) {
		t.Fatalf("ParseBuckets = %q, %v; want my-bucket, photos", names, err)
	}

	top, err := s3model.ParseListing(call(t, a, root, s3model.ListObjects("photos", "")))
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Folders) != 1 || top.Folders[0] != (s3model.Folder{Prefix: "2026/", Name: "2026/"}) ||
		len(top.Objects) != 1 || top.Objects[0].Key != "a.txt" || top.Objects[0].Size != int64(len("body of a.txt")) {
		t.Errorf("top of photos = %+v; want folder 2026/ and object a.txt", top)
	}
	sub, err := s3model.ParseListing(call(t, a, root, s3model.ListObjects("photos", "2026/")))
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Folders) != 1 || sub.Folders[0].Name != "jan/" || len(sub.Objects) != 1 || sub.Objects[0].Name != "feb.txt" || sub.Objects[0].Key != "2026/feb.txt" {
		t.Errorf("photos/2026/ = %+v; want folder jan/ and object feb.txt", sub)
	}

	body, ct, err := s3model.ParseObject(call(t, a, root, s3model.GetObject("photos", "2026/jan/x.jpg")))
	if err != nil || string(body) != "body of 2026/jan/x.jpg" || ct != "text/plain" {
		t.Errorf("ParseObject = %q, %q, %v", body, ct, err)
	}
	call(t, a, root, s3model.DeleteObject("photos", "a.txt"))
	top, _ = s3model.ParseListing(call(t, a, root, s3model.ListObjects("photos", "")))
	if len(top.Objects) != 0 {
		t.Errorf("after DeleteObject, the top of photos lists %+v", top.Objects)
	}
	if _, err := a.Call(root, "s3:DeleteBucket", s3model.DeleteBucket("photos").JSON()); !isCode(err, "BucketNotEmpty") {
		t.Errorf("DeleteBucket of a bucket with objects: %v, want BucketNotEmpty", err)
	}
}

func isCode(err error, code string) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Code == code
}

// The course's example, as the panel makes it: the bucket policy lets
// Alice upload to my-bucket; Bob is denied, and the trace he gets names
// the bucket policy.
func TestCourseExample(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "company")
	text, err := s3model.ParsePolicy(call(t, a, a.RootARN(), s3model.GetBucketPolicy("my-bucket")))
	if err != nil || !strings.Contains(text, "\n  \"Statement\"") || !strings.Contains(text, "user/Alice") {
		t.Fatalf("ParsePolicy = %q, %v; want the policy naming Alice, indented", text, err)
	}
	up := s3model.PutObject("my-bucket", s3model.UploadKey("reports/", "x.csv"), []byte("a,b\n"), "text/csv")
	call(t, a, alice, up)

	_, err = a.Call(bob, up.Op, up.JSON())
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "AccessDenied" || e.Trace == nil {
		t.Fatalf("Bob's upload: %v, want AccessDenied with a trace", err)
	}
	tr, _ := json.Marshal(e.Trace)
	if !strings.Contains(string(tr), "my-bucket") || !strings.Contains(string(tr), "AllowS3Upload") {
		t.Errorf("Bob's trace does not name the bucket policy (my-bucket, AllowS3Upload): %s", tr)
	}
}

func TestCrumbsAndParent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix, parent string
		want           []s3model.Crumb
	}{
		{"", "", []s3model.Crumb{{Name: "b"}}},
		{"a/", "", []s3model.Crumb{{Name: "b"}, {Name: "a", Prefix: "a/"}}},
		{"a/b c/", "a/", []s3model.Crumb{{Name: "b"}, {Name: "a", Prefix: "a/"}, {Name: "b c", Prefix: "a/b c/"}}},
	}
	for _, tt := range tests {
		if got := s3model.Crumbs("b", tt.prefix); !slices.Equal(got, tt.want) {
			t.Errorf("Crumbs(%q) = %+v, want %+v", tt.prefix, got, tt.want)
		}
		if got := s3model.Parent(tt.prefix); got != tt.parent {
			t.Errorf("Parent(%q) = %q, want %q", tt.prefix, got, tt.parent)
		}
	}
}

func TestUploadKeyAndCheck(t *testing.T) {
	t.Parallel()
	if got := s3model.UploadKey("reports/", "/x.csv"); got != "reports/x.csv" {
		t.Errorf("UploadKey = %q", got)
	}
	if err := s3model.CheckUpload("ok.bin", 1<<20); err != nil {
		t.Errorf("1 MiB refused: %v", err)
	}
	err := s3model.CheckUpload(strings.Repeat("n", 200)+".bin", 1<<20+1)
	if !errors.Is(err, s3model.ErrTooLarge) || !strings.Contains(err.Error(), "1.0 MB") || strings.Contains(err.Error(), strings.Repeat("n", 65)) {
		t.Errorf("CheckUpload of 1 MiB + 1 = %v; want ErrTooLarge naming the limit, the name clipped", err)
	}
	// What the model refuses, S3 refuses too: the limit is the engine's.
	a := testacct.Builtin(t, "company")
	c := s3model.PutObject("my-bucket", "big", make([]byte, 1<<20+1), "")
	if _, err := a.Call(a.RootARN(), c.Op, c.JSON()); !isCode(err, "EntityTooLarge") {
		t.Errorf("PutObject of 1 MiB + 1: %v, want EntityTooLarge", err)
	}
}

// S3's MalformedPolicy messages have no position; the panel places them
// where the policy says what S3 refused.
func TestPlaceMalformed(t *testing.T) {
	t.Parallel()
	a := testacct.Builtin(t, "company")
	tmpl := s3model.PolicyTemplate("my-bucket", alice)
	tests := []struct {
		name, text string
		want       string // the text at the place, or "" for no place
	}{
		{"bad JSON", strings.Replace(tmpl, `"Effect": "Allow",`, `"Effect": "Allow"`, 1), `"Principal"`},
		{"foreign action", strings.Replace(tmpl, "s3:PutObject", "ec2:RunInstances", 1), "{\n      \"Sid\": \"AllowS3Upload\""},
		{"resource outside", strings.Replace(tmpl, "arn:aws:s3:::my-bucket/*", "arn:aws:s3:::other/*", 1), "{\n      \"Sid\""},
		{"missing principal", strings.Replace(tmpl, `"Principal": {
        "AWS": "`+alice+`"
      },`, "", 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.Call(a.RootARN(), "s3:PutBucketPolicy", s3model.PutBucketPolicy("my-bucket", tt.text).JSON())
			var e *api.Error
			if !errors.As(err, &e) || e.Code != "MalformedPolicy" {
				t.Fatalf("PutBucketPolicy: %v, want MalformedPolicy", err)
			}
			sp, ok := s3model.PlaceMalformed("my-bucket", tt.text, e.Message)
			if !ok {
				t.Fatalf("no place for %q", e.Message)
			}
			if tt.want != "" && !strings.HasPrefix(tt.text[sp.From:], tt.want) {
				t.Errorf("placed %q at %q, want at %q", e.Message, tt.text[sp.From:min(sp.From+30, len(tt.text))], tt.want)
			}
			if sp.To < sp.From || sp.To > len(tt.text) {
				t.Errorf("span %+v out of the text", sp)
			}
		})
	}
	// The policy the account has is unchanged by the refusals.
	text, _ := s3model.ParsePolicy(call(t, a, a.RootARN(), s3model.GetBucketPolicy("my-bucket")))
	if !strings.Contains(text, "user/Alice") || !strings.Contains(text, "s3:PutObject") {
		t.Errorf("the bucket policy changed after refusals: %s", text)
	}
}
