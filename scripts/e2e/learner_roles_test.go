//go:build e2e

package e2e

// Issue 11 §4, what a learner meets in the IAM panel: roles created from
// the UI with their trust policy in the policy editor; the findings of
// access-analyzer:ValidatePolicy as a list under the editor (counts by
// type, click or Enter to jump); a question before saving a policy with
// errors.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// typeInto replaces the text of the editor in the host element sel names
// as a learner does: focus, select all (Ctrl+A, until the editor has
// selected it all), type (inserted as one input, as a paste is), and waits
// until the editor shows what was typed.
func (p *page) typeInto(host, text string) {
	p.t.Helper()
	p.selectAllIn(host)
	before := p.editorText(host)
	p.typeText(text)
	got := ""
	for range 40 {
		if got = p.editorText(host); got == text {
			return
		}
		_ = p.eval(`new Promise((r) => setTimeout(r, 50))`, nil)
	}
	if got == before {
		p.t.Fatalf("%s shows the text before typing again (the text typed was replaced): %q", host, got)
	}
	p.t.Fatalf("%s shows %q after typing %q", host, got, text)
}

// selectAllIn focuses the editor in host and selects its whole text with
// Ctrl+A, pressed again until the editor has selected it all.
func (p *page) selectAllIn(host string) {
	p.t.Helper()
	h := `document.querySelector(` + jsString(host) + `)`
	for try := 0; ; try++ {
		if err := p.eval(h+`.shadowRoot.querySelector('.cm-content').focus()`, nil); err != nil {
			p.t.Fatal(err)
		}
		p.press("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
		for range 20 {
			if evalJS[bool](p, `(() => { const s = cloudplayEditor.selectionOf(`+h+`); return !!s && Math.min(s.anchor, s.head) === 0 && Math.max(s.anchor, s.head) === s.length; })()`) {
				return
			}
			_ = p.eval(`new Promise((r) => setTimeout(r, 50))`, nil)
		}
		if try == 3 {
			p.t.Fatalf("Ctrl+A did not select the text of %s", host)
		}
	}
}

// editorText returns the text of the editor in host, lines joined with
// "\n" (CodeMirror draws one .cm-line per line).
func (p *page) editorText(host string) string {
	p.t.Helper()
	return evalJS[string](p, `[...document.querySelector(`+jsString(host)+`).shadowRoot.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n')`)
}

// selection is the editor's main selection, read from the editor.
type selection struct{ Anchor, Head int }

func (p *page) selectionIn(host string) selection {
	p.t.Helper()
	return evalJS[selection](p, `cloudplayEditor.selectionOf(document.querySelector(`+jsString(host)+`))`)
}

// trustOf returns the trust policy of role name, read with iam:GetRole.
func (p *page) trustOf(name string) (string, string) {
	p.t.Helper()
	out, code := p.call("iam:GetRole", map[string]string{"RoleName": name})
	var r struct {
		Role struct{ AssumeRolePolicyDocument json.RawMessage }
	}
	_ = json.Unmarshal(out, &r)
	return string(r.Role.AssumeRolePolicyDocument), code
}

// A role with a firehose.amazonaws.com trust policy, made from the UI with
// the "AWS service" template; then refusals (EntityAlreadyExists,
// MalformedPolicyDocument after the question about errors, AccessDenied
// with its trace) shown in the form with nothing typed lost; then the
// role's trust policy edited on its page (iam:UpdateAssumeRolePolicy).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func TestLearnerCreateRoleWithFirehoseTrust(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.click("#tab-iam")
	p.waitVisible("#iam-create-role")
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	p.fill("#role-name", "FirehoseDelivery")
	p.fill("#role-description", "Firehose delivers to my-bucket")
	p.choose("#role-trust-choice", "firehose.amazonaws.com")
	p.click("#role-use-template")
	p.poll("the template in the editor", `(() => { const r = document.querySelector('#role-trust-editor')?.shadowRoot;
		return !!r && r.querySelector('.cm-content').textContent.includes('firehose.amazonaws.com'); })()`)
	p.waitText("#role-findings .findings-summary", "No findings")
	p.shot("role-form")
	p.click("#role-create")
	p.waitVisible(`[data-principal="role/FirehoseDelivery"]`)
	p.waitText(".iam-status", "Created role FirehoseDelivery with iam:CreateRole")
	trust, code := p.trustOf("FirehoseDelivery")
	if code != "" || !strings.Contains(trust, `"Service":"firehose.amazonaws.com"`) || !strings.Contains(trust, "sts:AssumeRole") {
		t.Fatalf("iam:GetRole after Create: %s %s", trust, code)
	}
	// The role's page shows its trust policy in the editor.
	if got := p.text(".iam-editor h3"); !strings.Contains(got, "AssumeRolePolicyDocument") {
		t.Errorf("the editor after Create shows %q", got)
	}
	p.editorHas("the trust policy on the role's page", "firehose.amazonaws.com")

	// The same name again: EntityAlreadyExists, in the form, with the
	// name and the trust policy as typed.
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	p.fill("#role-name", "FirehoseDelivery")
	p.choose("#role-trust-choice", "ecs-tasks.amazonaws.com")
	p.click("#role-use-template")
	p.poll("the ECS template", `document.querySelector('#role-trust-editor').shadowRoot.querySelector('.cm-content').textContent.includes('ecs-tasks.amazonaws.com')`)
	p.click("#role-create")
	p.waitText(".role-error", "EntityAlreadyExists")
	if got := inputValue(p, "#role-name"); got != "FirehoseDelivery" {
		t.Errorf("the name after the refusal: %q", got)
	}
	if !strings.Contains(p.editorText("#role-trust-editor"), "ecs-tasks.amazonaws.com") {
		t.Errorf("the trust policy after the refusal: %q", p.editorText("#role-trust-editor"))
	}

	// A trust policy with a Resource: ValidatePolicy's ERROR
	// (ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE) makes the page ask; saved
	// anyway, IAM refuses it as MalformedPolicyDocument, shown in the form.
	bad := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "firehose.amazonaws.com"},
      "Action": "sts:AssumeRole",
      "Resource": "*"
    }
  ]
}`
	p.fill("#role-name", "WithResource")
	p.typeInto("#role-trust-editor", bad)
	p.waitText(`#role-findings [data-type="ERROR"]`, "1 error")
	if p.count(`#role-findings .finding[data-code="ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"]`) != 1 {
		t.Errorf("the findings list: %q", p.text("#role-findings"))
	}
	p.click("#role-create")
	p.waitVisible("#role-confirm")
	p.click("#role-confirm-save")
	p.waitText(".role-error", "MalformedPolicyDocument")
	if _, code := p.trustOf("WithResource"); code != "NoSuchEntity" {
		t.Errorf("iam:GetRole of the refused role: %q, want NoSuchEntity", code)
	}
	if got := p.editorText("#role-trust-editor"); !strings.Contains(got, `"Resource": "*"`) {
		t.Errorf("the trust policy after MalformedPolicyDocument: %q", got)
	}

	// Acting as Bob (EC2 rights only): AccessDenied with its trace.
	p.actAs(bobARN)
	p.fill("#role-name", "BobsRole")
	p.choose("#role-trust-choice", "account")
	p.click("#role-use-template")
	p.poll("the account template", `document.querySelector('#role-trust-editor').shadowRoot.querySelector('.cm-content').textContent.includes(':root')`)
	// Bob may not call access-analyzer:ValidatePolicy either: the list
	// says the policy is not validated (not that it is clean).
	p.waitText("#role-findings .findings-summary", "Not validated")
	p.click("#role-create")
	p.waitText(".role-error", "AccessDenied")
	if p.count(".role-error .trace-view") != 1 {
		t.Errorf("the denial shows no trace")
	}
	if got := inputValue(p, "#role-name"); got != "BobsRole" {
		t.Errorf("the name after AccessDenied: %q", got)
	}
	p.shot("role-denied")
	p.actAs("arn:aws:iam::123456789012:root")

	// Leaving the sub-tab and coming back keeps the form as typed.
	p.fill("#role-path", "/delivery/")
	p.typeInto("#role-trust-editor", strings.Replace(bad, "firehose", "ec2", 1))
	p.click("#iam-tab-simulate")
	p.waitVisible("#sim-form")
	p.click("#iam-tab-policies")
	p.waitVisible("#role-form")
	p.poll("the trust policy after the sub-tabs", `document.querySelector('#role-trust-editor')?.shadowRoot?.querySelector('.cm-content')?.textContent.includes('ec2.amazonaws.com')`)
	if got := inputValue(p, "#role-name") + " " + inputValue(p, "#role-path"); got != "BobsRole /delivery/" {
		t.Errorf("the form after the sub-tabs: %q", got)
	}

	// The role's page edits its trust policy with iam:UpdateAssumeRolePolicy.
	p.click("#role-cancel")
	p.click(`[data-principal="role/FirehoseDelivery"]`)
	p.waitVisible(`[data-policy="trust:role/FirehoseDelivery"] .iam-policy-open`)
	p.click(`[data-policy="trust:role/FirehoseDelivery"] .iam-policy-open`)
	p.editorHas("the trust policy", "firehose.amazonaws.com")
	p.typeInto("#policy-editor", strings.Replace(bad, `,
      "Resource": "*"`, "", 1))
	// The trust policy was already open, with this text: the editor shows
	// it before the click's frame, and the text typed at once must not be
	// replaced at that frame (it was: the list then stayed on "Validating…"
	// or showed the findings of the text before).
	p.waitText("#iam-findings .findings-summary", "No findings")
	p.typeInto("#policy-editor", strings.Replace(strings.Replace(bad, `,
      "Resource": "*"`, "", 1), "firehose", "ecs-tasks", 1))
	p.waitText("#iam-findings .findings-summary", "No findings")
	p.click("#iam-save")
	p.waitText(".iam-status", "iam:UpdateAssumeRolePolicy")
	if trust, _ := p.trustOf("FirehoseDelivery"); !strings.Contains(trust, "ecs-tasks.amazonaws.com") {
		t.Errorf("the trust policy after Save: %s", trust)
	}
	p.expectCleanUI()
}

// typeFindingsPolicy types findingsPolicy into the IAM policy editor and
// waits for the list under it to count its two errors.
func (p *page) typeFindingsPolicy() {
	p.t.Helper()
	p.typeInto("#policy-editor", findingsPolicy)
	p.waitText(`#iam-findings [data-type="ERROR"]`, "2 errors")
}

// findingsPolicy has two errors (an effect IAM does not know, an action
// no service has) and a security warning (iam:PassRole on every role).
const findingsPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allw",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-bucket/*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}`

// The findings list counts by type, lists each finding with its code,
// message and AWS's check reference, and moves the editor's cursor to a
// finding's span on a click and on Enter.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html
func TestLearnerFindingsListJumps(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.openFredsPolicy()
	p.waitText(".iam-checks", "actions of")
	p.waitText("#iam-findings .findings-summary", "No findings")
	p.typeFindingsPolicy()
	if got := p.text(`#iam-findings .findings-summary [data-type="SECURITY_WARNING"]`); got != "1 security warning" {
		t.Errorf("security warnings: %q", got)
	}
	if got := p.text(`#iam-findings .findings-summary [data-type="WARNING"]`); got != "0 warnings" {
		t.Errorf("warnings: %q", got)
	}
	codes := evalJS[[]string](p, `[...document.querySelectorAll('#iam-findings .finding')].map((e) => e.dataset.type + ' ' + e.dataset.code)`)
	if strings.Join(codes, "|") != "ERROR INVALID_EFFECT|ERROR INVALID_ACTION|SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE" {
		t.Errorf("the list: %q", codes)
	}
	links := evalJS[[]string](p, `[...document.querySelectorAll('#iam-findings .finding-link')].map((a) => a.href)`)
	if len(links) != 3 || !strings.HasPrefix(links[0], "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#") {
		t.Errorf("the check reference links: %q", links)
	}
	if got := p.text("#iam-findings-1 .finding-message"); !strings.Contains(got, "GetObjekt") {
		t.Errorf("the second finding's message: %q", got)
	}
	_ = p.eval(`document.querySelector('#iam-findings').scrollIntoView({block: 'center'})`, nil)
	p.shot("findings-list")
	// At phone width the list wraps: nothing wider than the screen.
	p.run(chromedp.EmulateViewport(375, 800))
	p.poll("the page at 375 px", `document.documentElement.clientWidth === 375`)
	if w := evalJS[int](p, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the page with the findings list is %d px wide at 375 px", w)
	}
	_ = p.eval(`document.querySelector('#iam-findings').scrollIntoView({block: 'center'})`, nil)
	p.shot("findings-list-375")
	p.run(chromedp.EmulateViewport(1280, 800))

	// A click on the second finding: the cursor is on s3:GetObjekt.
	p.click("#iam-findings-1")
	p.poll("the cursor moved", `(() => { const s = cloudplayEditor.selectionOf(document.querySelector('#policy-editor')); return !!s && s.head !== s.anchor; })()`)
	s := p.selectionIn("#policy-editor")
	if got := findingsPolicy[min(s.Anchor, s.Head):max(s.Anchor, s.Head)]; !strings.Contains(got, "s3:GetObjekt") || len(got) > len(`"s3:GetObjekt"`) {
		t.Errorf("after a click the editor selects %q (%+v), want s3:GetObjekt", got, s)
	}
	if !p.focusMatches("#policy-editor") {
		t.Errorf("after a click the focus is on %s, want the editor", p.focused())
	}

	// Enter on the first finding: the cursor is on the effect.
	if err := p.eval(`document.querySelector('#iam-findings-0').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	p.press(kb.Enter)
	p.poll("the cursor on the effect", `(() => { const s = cloudplayEditor.selectionOf(document.querySelector('#policy-editor')); return !!s && s.anchor < 80; })()`)
	s = p.selectionIn("#policy-editor")
	if got := findingsPolicy[min(s.Anchor, s.Head):max(s.Anchor, s.Head)]; !strings.Contains(got, "Allw") {
		t.Errorf("after Enter the editor selects %q (%+v), want Allw", got, s)
	}

	// Acting as Fred, who may not call access-analyzer:ValidatePolicy: the
	// playground says so, marked as its own note, not as an AWS finding.
	p.actAs("arn:aws:iam::123456789012:user/Fred")
	p.typeInto("#policy-editor", policyWith("s3:GetObject"))
	p.waitText("#iam-findings .finding-note", "Playground note")
	if got := p.text("#iam-findings .finding-note"); !strings.Contains(got, "not an AWS finding") || !strings.Contains(got, "AccessDenied") {
		t.Errorf("the playground's note: %q", got)
	}
	if got := p.text("#iam-findings .findings-summary"); got != "Not validated" {
		t.Errorf("the summary of a policy not validated: %q", got)
	}
	if n := p.count("#iam-findings .finding"); n != 0 {
		t.Errorf("%d AWS findings listed for a policy that was not validated", n)
	}
	p.expectCleanUI()
}

// Saving a policy with errors asks first, in the page; "Keep editing"
// saves nothing; "Save anyway" makes the call, and IAM's own refusal
// (MalformedPolicyDocument) still shows.
func TestLearnerConfirmBeforeSavingErrors(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.openFredsPolicy()
	p.waitText(".iam-checks", "actions of")
	before, _ := p.call("iam:GetUserPolicy", map[string]string{"UserName": "Fred", "PolicyName": "ViewEC2AndLoadBalancers"})
	p.typeFindingsPolicy()
	p.click("#iam-save")
	p.waitVisible("#iam-confirm")
	if got := p.text("#iam-confirm"); !strings.Contains(got, "This policy has 2 errors that AWS would reject or flag") ||
		!strings.Contains(got, "Save anyway") || !strings.Contains(got, "Keep editing") {
		t.Errorf("the question: %q", got)
	}
	if role := evalJS[string](p, `document.querySelector('#iam-confirm').getAttribute('role')`); role != "alertdialog" {
		t.Errorf("the question's role: %q", role)
	}
	p.poll("the focus on Keep editing", `document.activeElement && document.activeElement.id === 'iam-confirm-keep'`)
	_ = p.eval(`document.querySelector('#iam-confirm').scrollIntoView({block: 'center'})`, nil)
	p.shot("confirm")
	p.click("#iam-confirm-keep")
	p.waitCount("#iam-confirm", 0)
	after, _ := p.call("iam:GetUserPolicy", map[string]string{"UserName": "Fred", "PolicyName": "ViewEC2AndLoadBalancers"})
	if string(after) != string(before) || strings.Contains(string(after), "GetObjekt") {
		t.Errorf("Keep editing saved something: %s", after)
	}
	if p.count(".iam-status, .iam-save-error") != 0 {
		t.Errorf("Keep editing shows %q", p.text(".iam-editor"))
	}
	if !strings.Contains(p.editorText("#policy-editor"), "GetObjekt") {
		t.Errorf("Keep editing lost the text")
	}

	// Esc is "Keep editing" too; then Save anyway: IAM refuses "Allw".
	p.click("#iam-save")
	p.waitVisible("#iam-confirm")
	p.poll("the focus on Keep editing", `document.activeElement && document.activeElement.id === 'iam-confirm-keep'`)
	p.press(kb.Escape)
	p.waitCount("#iam-confirm", 0)
	p.click("#iam-save")
	p.waitVisible("#iam-confirm-save")
	p.click("#iam-confirm-save")
	p.waitText(".iam-save-error", "MalformedPolicyDocument")
	p.expectFocusStays("after Save anyway", "#policy-editor")
	if after, _ := p.call("iam:GetUserPolicy", map[string]string{"UserName": "Fred", "PolicyName": "ViewEC2AndLoadBalancers"}); string(after) != string(before) {
		t.Errorf("the refused policy changed Fred's: %s", after)
	}

	// Without errors, Save saves at once.
	p.typeInto("#policy-editor", policyWith("s3:GetObject"))
	p.waitText("#iam-findings .findings-summary", "No findings")
	p.click("#iam-save")
	p.waitText(".iam-status", "Saved with iam:PutUserPolicy")
	if p.count("#iam-confirm") != 0 {
		t.Errorf("a policy without errors was asked about")
	}
	p.expectCleanUI()
}

// axe-core finds nothing to say about the findings list, the "Create
// role" form (with a refusal and its trace) and the question before saving
// errors, at desktop and phone width; the form is reachable and usable
// from the keyboard.
func TestA11yRoleFormFindingsAndConfirm(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.openFredsPolicy()
	p.waitText(".iam-checks", "actions of")
	p.typeFindingsPolicy()
	p.audit("findings list")
	p.click("#iam-save")
	p.waitVisible("#iam-confirm")
	p.audit("confirm before saving errors")
	p.click("#iam-confirm-keep")
	p.waitCount("#iam-confirm", 0)

	// The form from the keyboard: Create role, then its fields in order.
	if err := p.eval(`document.querySelector('#iam-create-role').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	p.press(kb.Enter)
	p.waitVisible("#role-form")
	p.poll("the focus in the name field", `document.activeElement && document.activeElement.id === 'role-name'`)
	p.typeText("KeyboardRole")
	p.tabTo("#role-path", 3)
	p.tabTo("#role-description", 3)
	p.tabTo("#role-trust-choice", 3)
	p.tabTo("#role-use-template", 3)
	p.tabTo("#role-trust-editor", 3)
	p.waitText("#role-findings .findings-summary", "No findings")
	p.audit("create role form")
	// Esc then Tab leaves the editor for the Create button.
	p.press(kb.Escape)
	p.tabTo("#role-create", 3)
	p.press(kb.Enter)
	p.waitVisible(`[data-principal="role/KeyboardRole"]`)
	p.expectFocusStays("after Create", `[data-principal="role/KeyboardRole"]`)
	if trust, code := p.trustOf("KeyboardRole"); code != "" || !strings.Contains(trust, "firehose.amazonaws.com") {
		t.Errorf("the role made from the keyboard: %s %s", trust, code)
	}

	// A refusal in the form, with its trace, audited at phone width.
	p.actAs(bobARN)
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	p.fill("#role-name", "BobsRole")
	p.click("#role-create")
	p.waitText(".role-error", "AccessDenied")
	p.audit("create role form with a denial")
	p.run(chromedp.EmulateViewport(375, 800))
	p.audit("create role form at 375 px")
	if w := evalJS[int](p, `document.documentElement.scrollWidth`); w > 375 {
		p.shot("role-form-375")
		t.Errorf("the page is %d px wide at 375 px", w)
	}
	p.shot("role-form-375")
	p.expectCleanUI()
}

// TestLearnerRoleFormSurvivesAReload: the Create role form is kept like a
// policy draft. A reload, or choosing a principal, brings it back as typed
// (name, path, description, trust policy), marked as an unsaved draft;
// Cancel forgets it.
func TestLearnerRoleFormSurvivesAReload(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 1280, 800)
	p.waitUI("#tab-iam")
	p.click("#tab-iam")
	p.waitVisible("#iam-create-role")
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	p.fill("#role-name", "DeliveryRole")
	p.fill("#role-path", "/delivery/")
	p.fill("#role-description", "Firehose writes to my-bucket")
	trust := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "ecs-tasks.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}`
	p.typeInto("#role-trust-editor", trust)
	p.waitText("#role-draft", "Unsaved draft")

	p.run(chromedp.Reload())
	p.waitReady()
	p.waitVisible("#role-form")
	p.poll("the trust policy after a reload", `document.querySelector('#role-trust-editor')?.shadowRoot?.querySelector('.cm-content')?.textContent.includes('ecs-tasks.amazonaws.com')`)
	if got := inputValue(p, "#role-name") + " " + inputValue(p, "#role-path") + " " + inputValue(p, "#role-description"); got != "DeliveryRole /delivery/ Firehose writes to my-bucket" {
		t.Errorf("the form after a reload: %q", got)
	}
	p.waitText("#role-draft", "kept in this browser")
	p.shot("role-draft-after-reload")

	// Choosing a principal leaves the form; its draft stays, marked on the
	// Create role button, and comes back with it.
	p.click(`[data-principal="user/Fred"]`)
	p.waitCount("#role-form", 0)
	p.waitText("#iam-create-role", "unsaved draft")
	p.shot("role-draft-on-the-button")
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	if got := inputValue(p, "#role-name"); got != "DeliveryRole" {
		t.Errorf("the form opened again: name %q", got)
	}

	// Cancel forgets it, also after a reload.
	p.click("#role-cancel")
	p.waitCount("#role-form", 0)
	p.run(chromedp.Reload())
	p.waitReady()
	p.waitVisible("#iam-create-role")
	if strings.Contains(p.text("#iam-create-role"), "draft") {
		t.Error("the Create role button still marks a draft after Cancel")
	}
	p.click("#iam-create-role")
	p.waitVisible("#role-form")
	if got := inputValue(p, "#role-name"); got != "" {
		t.Errorf("a cancelled form came back: name %q", got)
	}
	p.expectCleanUI()
}
