//go:build e2e

package e2e

// The S3 panel's bucket policy editor as a learner meets it: the findings
// of access-analyzer:ValidatePolicy (RESOURCE_POLICY, AWS::S3::Bucket)
// listed under the editor, and the question asked before saving a policy
// with errors; the question keeps the focus while it is open (Tab and
// Shift+Tab cycle through its buttons) and gives it back to the editor.

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// s3BadPolicy has two ERROR findings as a bucket policy: no Principal
// (MISSING_PRINCIPAL: a resource policy must name one) and an action that
// does not exist (INVALID_ACTION). S3 itself refuses it too: MalformedPolicy
// "Missing required field Principal".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-principal
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action
const s3BadPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "NoPrincipal",
      "Effect": "Allow",
      "Action": "s3:PutObjekt",
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}`

// openBucketPolicy opens my-bucket's policy in the S3 panel, as root, and
// waits for the catalog's checks.
func (p *page) openBucketPolicy() {
	p.t.Helper()
	p.waitUI("#tab-s3")
	p.click("#tab-s3")
	p.waitVisible(`[data-bucket="my-bucket"]`)
	p.click(`[data-bucket="my-bucket"]`)
	p.waitVisible("#s3-tab-policy")
	p.click("#s3-tab-policy")
	p.poll("the bucket policy in the editor", `(() => { const r = document.querySelector('#s3-policy-editor')?.shadowRoot;
		return r && r.querySelector('.cm-content')?.textContent.includes('AllowS3Upload'); })()`)
	p.poll("the catalog loaded", catalogSeen+` == 1`)
}

// expectFocusTrapped checks that Tab and Shift+Tab keep the focus on the
// dialog id's two buttons (id-keep, id-save), the focus starting on
// id-keep.
func (p *page) expectFocusTrapped(id string) {
	p.t.Helper()
	keep, save := "#"+id+"-keep", "#"+id+"-save"
	p.poll("the focus on Keep editing", `document.activeElement && document.activeElement.id === '`+id+`-keep'`)
	steps := []struct {
		shift bool
		want  string
	}{{false, save}, {false, keep}, {false, save}, {true, keep}, {true, save}, {true, keep}}
	for i, s := range steps {
		if s.shift {
			p.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
		} else {
			p.press(kb.Tab)
		}
		if !p.focusMatches(s.want) {
			p.shot("trap-" + id)
			p.t.Fatalf("%s: press %d (shift %v) put the focus on %s, want %s", id, i+1, s.shift, p.focused(), s.want)
		}
	}
}

// The bucket policy editor lists ValidatePolicy's findings (counts by
// type, each finding a button that moves the cursor to it); Save asks
// before saving a policy with errors; "Keep editing" and Esc save nothing
// and give the focus back to the editor; "Save anyway" makes the call and
// S3's own refusal (MalformedPolicy) still shows; a clean policy is saved
// at once.
func TestLearnerS3FindingsAndConfirm(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.openBucketPolicy()
	p.waitText("#s3-findings .findings-summary", "No findings")
	before, _ := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"})
	const puts = `cloudplay.events().filter((e) => e.op === 's3:PutBucketPolicy').length`
	putsBefore := evalJS[int](p, puts)

	p.typeInS3Editor(s3BadPolicy)
	p.waitText(`#s3-findings [data-type="ERROR"]`, "2 errors")
	codes := evalJS[[]string](p, `[...document.querySelectorAll('#s3-findings .finding')].map((e) => e.dataset.type + ' ' + e.dataset.code)`)
	if strings.Join(codes, "|") != "ERROR MISSING_PRINCIPAL|ERROR INVALID_ACTION" {
		t.Errorf("the list: %q", codes)
	}
	if got := p.text("#s3-findings-1 .finding-message"); !strings.Contains(got, "s3:PutObjekt") {
		t.Errorf("the INVALID_ACTION finding's message: %q", got)
	}

	// A click on INVALID_ACTION selects the action in the editor.
	p.click("#s3-findings-1")
	p.poll("the cursor moved", `(() => { const s = cloudplayEditor.selectionOf(document.querySelector('#s3-policy-editor')); return !!s && s.head !== s.anchor; })()`)
	s := p.selectionIn("#s3-policy-editor")
	if got := s3BadPolicy[min(s.Anchor, s.Head):max(s.Anchor, s.Head)]; !strings.Contains(got, "s3:PutObjekt") || len(got) > len(`"s3:PutObjekt"`) {
		t.Errorf("after a click the editor selects %q (%+v), want s3:PutObjekt", got, s)
	}
	if !p.focusMatches("#s3-policy-editor") {
		t.Errorf("after a click the focus is on %s, want the editor", p.focused())
	}
	// Enter on MISSING_PRINCIPAL moves the cursor to its statement.
	if err := p.eval(`document.querySelector('#s3-findings-0').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	p.press(kb.Enter)
	p.poll("the cursor left the action", `(() => { const s = cloudplayEditor.selectionOf(document.querySelector('#s3-policy-editor')); return !!s && Math.min(s.anchor, s.head) < `+strconv.Itoa(strings.Index(s3BadPolicy, "s3:PutObjekt"))+`; })()`)
	if !p.focusMatches("#s3-policy-editor") {
		t.Errorf("after Enter the focus is on %s, want the editor", p.focused())
	}

	// Save asks first, in the page; the focus is on Keep editing and
	// stays in the question.
	p.click("#s3-policy-save")
	p.waitVisible("#s3-confirm")
	if got := p.text("#s3-confirm"); !strings.Contains(got, "This policy has 2 errors that AWS would reject or flag") ||
		!strings.Contains(got, "Save anyway") || !strings.Contains(got, "Keep editing") {
		t.Errorf("the question: %q", got)
	}
	if role := evalJS[string](p, `document.querySelector('#s3-confirm').getAttribute('role')`); role != "alertdialog" {
		t.Errorf("the question's role: %q", role)
	}
	p.expectFocusTrapped("s3-confirm")
	_ = p.eval(`document.querySelector('#s3-confirm').scrollIntoView({block: 'center'})`, nil)
	p.shot("s3-confirm")

	// Keep editing: nothing saved, nothing said, the text kept, the focus
	// in the editor.
	p.click("#s3-confirm-keep")
	p.waitCount("#s3-confirm", 0)
	p.expectFocusStays("after Keep editing", "#s3-policy-editor")
	if after, _ := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}); string(after) != string(before) {
		t.Errorf("Keep editing saved something: %s", after)
	}
	if p.count(".s3-policy .s3-status, .s3-save-slot .error") != 0 {
		t.Errorf("Keep editing shows %q", p.text(".s3-policy"))
	}
	if !strings.Contains(p.editorText("#s3-policy-editor"), "PutObjekt") {
		t.Errorf("Keep editing lost the text")
	}

	// Ctrl+S in the editor asks too; Esc is Keep editing.
	p.press("s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	p.waitVisible("#s3-confirm")
	p.poll("the focus on Keep editing", `document.activeElement && document.activeElement.id === 's3-confirm-keep'`)
	p.press(kb.Escape)
	p.waitCount("#s3-confirm", 0)
	p.expectFocusStays("after Esc", "#s3-policy-editor")
	if after, _ := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}); string(after) != string(before) {
		t.Errorf("Esc saved something: %s", after)
	}

	// Typing while asked closes the question.
	p.click("#s3-policy-save")
	p.waitVisible("#s3-confirm")
	p.typeInS3Editor(s3BadPolicy + " ")
	p.waitCount("#s3-confirm", 0)

	// Save anyway: the call is made, and S3 refuses the document itself.
	p.click("#s3-policy-save")
	p.waitVisible("#s3-confirm-save")
	p.click("#s3-confirm-save")
	p.waitText(".s3-save-slot .error", "MalformedPolicy")
	if got := p.text(".s3-save-slot .error"); !strings.Contains(got, "Missing required field Principal") {
		t.Errorf("S3's refusal: %q", got)
	}
	p.expectFocusStays("after Save anyway", "#s3-policy-editor")
	if after, _ := p.call("s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}); string(after) != string(before) {
		t.Errorf("the refused policy changed the bucket's: %s", after)
	}
	if n := evalJS[int](p, puts) - putsBefore; n != 1 {
		t.Errorf("%d s3:PutBucketPolicy calls in the log, want 1 (Save anyway only)", n)
	}

	// Without errors, Save saves at once.
	p.typeInS3Editor(uploadPolicy("s3:PutObject"))
	p.waitText("#s3-findings .findings-summary", "No findings")
	p.click("#s3-policy-save")
	p.waitText(".s3-policy .s3-status", "Saved with s3:PutBucketPolicy")
	if p.count("#s3-confirm") != 0 {
		t.Errorf("a policy without errors was asked about")
	}
	p.expectCleanUI()
}

// The question of the IAM panel's editor keeps the focus too, and Esc
// gives it back to the editor.
func TestKeyboardConfirmTrapsFocus(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.openFredsPolicy()
	p.waitText(".iam-checks", "actions of")
	p.typeFindingsPolicy()
	p.click("#iam-save")
	p.waitVisible("#iam-confirm")
	p.expectFocusTrapped("iam-confirm")
	p.press(kb.Escape)
	p.waitCount("#iam-confirm", 0)
	p.expectFocusStays("after Esc", "#policy-editor")
	p.expectCleanUI()
}

// axe-core finds nothing to say about the bucket policy's findings list
// and the question, at desktop and phone width, where nothing scrolls
// sideways.
func TestA11yS3FindingsAndConfirm(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.openBucketPolicy()
	p.typeInS3Editor(s3BadPolicy)
	p.waitText(`#s3-findings [data-type="ERROR"]`, "2 errors")
	p.audit("s3 findings list")
	p.click("#s3-policy-save")
	p.waitVisible("#s3-confirm")
	p.audit("s3 confirm before saving errors")
	p.run(chromedp.EmulateViewport(375, 812))
	p.poll("the page at 375 px", `document.documentElement.clientWidth === 375`)
	p.audit("s3 confirm at 375 px")
	if w := evalJS[int](p, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the page with the findings and the question is %d px wide at 375 px", w)
	}
	_ = p.eval(`document.querySelector('#s3-findings').scrollIntoView({block: 'start'})`, nil)
	p.shot("s3-findings-375")
	p.expectCleanUI()
}
