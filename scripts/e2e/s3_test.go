//go:build e2e

package e2e

// The S3 panel, driven as a learner drives it: the course's example end to
// end (a bucket policy whose Principal lets Alice upload to my-bucket;
// Alice's upload succeeds, Bob's is denied with the trace naming the bucket
// policy), a refused policy placed in the editor, files up to 1 MiB, and a
// phone-width layout.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

const (
	s3EditorRoot = `document.querySelector('#s3-policy-editor').shadowRoot`
)

// uploadPolicy is the course's bucket policy: Alice may upload to my-bucket.
func uploadPolicy(action string) string {
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowS3Upload",
      "Effect": "Allow",
      "Principal": {"AWS": "` + aliceARN + `"},
      "Action": "` + action + `",
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}`
}

// typeInS3Editor replaces the bucket policy editor's text, as a paste.
func (p *page) typeInS3Editor(text string) {
	p.t.Helper()
	if err := p.eval(s3EditorRoot+`.querySelector('.cm-content').focus()`, nil); err != nil {
		p.t.Fatal(err)
	}
	p.run(
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}),
	)
}

// uploadText types a key and a text and uploads it as the acting principal.
func (p *page) uploadText(key, body string) {
	p.t.Helper()
	p.run(
		chromedp.SetValue(chromedp.CSS("#s3-key"), key),
		chromedp.SetValue(chromedp.CSS("#s3-body"), body),
	)
	p.click("#s3-upload-text")
}

func TestS3CourseExample(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-s3")
	p.click("#tab-s3")

	// As root: the buckets are listed (s3:ListBuckets); open my-bucket's
	// policy, delete it, and write the course's policy in the editor.
	p.waitVisible(`[data-bucket="my-bucket"]`)
	p.click(`[data-bucket="my-bucket"]`)
	p.waitVisible("#s3-tab-policy")
	p.click("#s3-tab-policy")
	p.poll("the bucket policy in the editor", `(() => { const r = document.querySelector('#s3-policy-editor')?.shadowRoot;
		return r && r.querySelector('.cm-content')?.textContent.includes('AllowS3Upload'); })()`)
	p.click("#s3-policy-delete")
	p.waitText(".s3-policy .s3-status", "Deleted with s3:DeleteBucketPolicy")
	if _, code := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}); code != "NoSuchBucketPolicy" {
		t.Fatalf("after Delete policy, GetBucketPolicy: %q, want NoSuchBucketPolicy", code)
	}

	// A policy S3 refuses: MalformedPolicy, placed on the statement in
	// the editor, and nothing saved.
	p.typeInS3Editor(uploadPolicy("ec2:RunInstances"))
	p.click("#s3-policy-save")
	p.waitText(".s3-save-slot .error", "MalformedPolicy")
	p.poll("the refusal marked in the editor", `!!`+s3EditorRoot+`.querySelector('.cm-lintRange-error')`)
	marked := evalJS[[]string](p, `[...`+s3EditorRoot+`.querySelectorAll('.cm-lintRange-error')].map((e) => e.textContent)`)
	if !strings.Contains(strings.Join(marked, "|"), "ec2:RunInstances") {
		t.Errorf("the refusal marks %q, want the statement with ec2:RunInstances", marked)
	}
	if _, code := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}); code != "NoSuchBucketPolicy" {
		t.Errorf("after a refused save, GetBucketPolicy: %q, want NoSuchBucketPolicy (nothing saved)", code)
	}
	p.shot("malformed")

	p.typeInS3Editor(uploadPolicy("s3:PutObject"))
	p.click("#s3-policy-save")
	p.waitText(".s3-policy .s3-status", "Saved with s3:PutBucketPolicy")
	// Validated as a bucket policy (RESOURCE_POLICY, AWS::S3::Bucket):
	// the course's policy has no findings.
	p.poll("no finding on the saved policy", `!`+s3EditorRoot+`.querySelector('.cm-lintRange-error') && `+catalogSeen+` == 1`)

	// As Alice: she may not list buckets, but opens my-bucket by name and
	// uploads; the bucket policy allows it.
	p.actAs(aliceARN)
	p.waitText(".s3-side .error", "AccessDenied")
	p.run(chromedp.SetValue(chromedp.CSS("#s3-bucket-name"), "my-bucket"))
	p.click("#s3-open")
	p.waitVisible("#s3-tab-objects")
	p.click("#s3-tab-objects")
	p.waitVisible("#s3-upload-text")
	p.uploadText("reports/x.csv", "region,total\neu,3\n")
	p.waitText(".s3-upload .s3-status", "Uploaded reports/x.csv")

	// As Bob: the same upload is denied, with the trace naming the bucket
	// policy and why its statement does not apply to him.
	p.actAs(bobARN)
	p.waitVisible("#s3-upload-text")
	p.uploadText("reports/y.csv", "nope")
	p.waitText(".s3-upload .error", "AccessDenied")
	trace := p.waitText(".s3-upload .error .trace-view", "arn:aws:s3:::my-bucket")
	for _, want := range []string{"AllowS3Upload", "user/Bob is not named"} {
		if !strings.Contains(trace, want) {
			t.Errorf("Bob's trace does not say %q: %s", want, abbrev(trace))
		}
	}
	p.shot("bob-denied")

	// As root: the upload is there, in its folder; download and delete it.
	p.actAs(rootARN)
	p.waitVisible(`[data-prefix="reports/"]`)
	p.click(`[data-prefix="reports/"]`)
	p.waitVisible(`[data-key="reports/x.csv"] .s3-download`)
	if p.count(`[data-key="reports/y.csv"]`) != 0 {
		t.Errorf("Bob's denied upload is listed")
	}
	p.click(`[data-key="reports/x.csv"] .s3-download`)
	p.waitText(".s3-objects-view .s3-status", "Downloaded reports/x.csv")

	// Files: a small one is uploaded, one over 1 MiB is refused before it
	// is read.
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.txt"), filepath.Join(dir, "big.bin")
	if err := os.WriteFile(small, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, 1<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	p.run(chromedp.SetUploadFiles(chromedp.CSS("#s3-file"), []string{small}))
	p.waitText(".s3-upload .s3-status", "Uploaded reports/small.txt (5 B)")
	p.run(chromedp.SetUploadFiles(chromedp.CSS("#s3-file"), []string{big}))
	p.waitText(".s3-upload .error", "EntityTooLarge")

	p.click(`[data-key="reports/x.csv"] .s3-delete`)
	p.waitText(".s3-objects-view .s3-status", "Deleted reports/x.csv")
	if _, code := p.call("s3:HeadObject", map[string]string{"Bucket": "my-bucket", "Key": "reports/x.csv"}); code != "NotFound" {
		t.Errorf("after Delete, HeadObject: %q, want NotFound", code)
	}

	// A phone: nothing scrolls sideways.
	p.run(chromedp.EmulateViewport(375, 812))
	p.waitVisible("#s3-upload-text")
	if w := evalJS[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("at 375 px wide the page scrolls sideways: %d > %d", w[0], w[1])
	}
	p.shot("phone-375")

	p.expectCleanUI()
}

// TestS3Embed: the panel is one of embed.html's panels.
func TestS3Embed(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/embed.html?panel=s3")
	p.waitUI(`#panel-s3 [data-bucket="my-bucket"]`)
	p.expectCleanUI()
}
