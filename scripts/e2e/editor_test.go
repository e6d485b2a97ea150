//go:build e2e

package e2e

// The IAM panel and its policy editor (CodeMirror 6 in a shadow root of
// #policy-editor), driven as a learner drives them: open a policy, type,
// see the findings where they are, save, be refused.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

const (
	bobARN      = "arn:aws:iam::123456789012:user/Bob"
	fredPolicy  = `[data-policy="inline:user/Fred:ViewEC2AndLoadBalancers"] .iam-policy-open`
	editorRoot  = `document.querySelector('#policy-editor').shadowRoot`
	catalogSeen = `performance.getEntriesByType('resource').filter((e) => e.name.includes('iam-catalog')).length`
)

// policyWith is a policy allowing action on my-bucket's objects.
func policyWith(action string) string {
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["` + action + `"],
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}`
}

// poll waits until the JavaScript expression is truthy.
func (p *page) poll(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[any](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.shot("poll")
		p.t.Fatalf("waiting for %s (%s): %v", what, abbrev(expr), err)
	}
}

// typeInEditor replaces the editor's text as a learner does: focus, select
// all, type (inserted as one input, as a paste is).
func (p *page) typeInEditor(text string) {
	p.t.Helper()
	if err := p.eval(editorRoot+`.querySelector('.cm-content').focus()`, nil); err != nil {
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

// openFredsPolicy opens the IAM panel, selects Fred and opens his inline
// policy in the editor.
func (p *page) openFredsPolicy() {
	p.t.Helper()
	p.click("#tab-iam")
	p.waitVisible(`[data-principal="user/Fred"]`)
	p.click(`[data-principal="user/Fred"]`)
	p.waitVisible(fredPolicy)
	p.click(fredPolicy)
	p.poll("Fred's policy in the editor", `(() => { const r = document.querySelector('#policy-editor')?.shadowRoot;
		return r && r.querySelector('.cm-content')?.textContent.includes('ec2:DescribeInstances'); })()`)
}

func TestEditorFindingsSaveAndDenial(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	if n := evalJS[int](p, catalogSeen); n != 0 {
		t.Fatalf("the IAM catalog was fetched %d times before any editor opened", n)
	}

	p.openFredsPolicy()
	// Opening the editor fetches the catalog, once; the panel says so.
	p.waitText(".iam-checks", "actions of")
	if n := evalJS[int](p, catalogSeen); n != 1 {
		t.Errorf("the IAM catalog was fetched %d times, want 1", n)
	}
	p.shot("iam-open-1280x800")

	// Completion from the catalog: actions, and the condition keys of the
	// statement's action.
	completes := func(label string) string {
		return `(() => { const t = ` + editorRoot + `.querySelector('.cm-tooltip-autocomplete'); return !!t && t.textContent.includes('` + label + `'); })()`
	}
	p.typeInEditor(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": ["s3:GetObj`)
	p.poll("action completion", completes("s3:GetObjectAcl"))
	p.typeInEditor(`{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:ex`)
	p.poll("condition key completion", completes("s3:ExistingObjectTag/"))

	// A typo in an action: the finding is shown on its span as you type.
	p.typeInEditor(policyWith("s3:GetObjekt"))
	p.poll("the INVALID_ACTION finding", `!!`+editorRoot+`.querySelector('.cm-lintRange-error')`)
	marked := evalJS[[]string](p, `[...`+editorRoot+`.querySelectorAll('.cm-lintRange-error')].map((e) => e.textContent)`)
	if !strings.Contains(strings.Join(marked, "|"), "GetObjekt") {
		t.Errorf("the error marks %q, want the span of s3:GetObjekt", marked)
	}
	p.shot("iam-finding")

	// Fixed, the finding goes; saved, IAM has it.
	p.typeInEditor(policyWith("s3:GetObject"))
	p.poll("no finding", `!`+editorRoot+`.querySelector('.cm-lintRange-error')`)
	p.click("#iam-save")
	p.waitText(".iam-status", "Saved with iam:PutUserPolicy")
	out, code := p.call("iam:GetUserPolicy", map[string]string{"UserName": "Fred", "PolicyName": "ViewEC2AndLoadBalancers"})
	if code != "" || !strings.Contains(string(out), "s3:GetObject") || strings.Contains(string(out), "ec2:DescribeInstances") {
		t.Errorf("iam:GetUserPolicy after the save: %s %s", out, code)
	}

	// A document IAM refuses: MalformedPolicyDocument, placed in the editor
	// (saved anyway after the page asks about its INVALID_EFFECT error).
	p.typeInEditor(strings.Replace(policyWith("s3:GetObject"), `"Allow"`, `"Allw"`, 1))
	p.waitText(`#iam-findings [data-type="ERROR"]`, "1 error")
	p.click("#iam-save")
	p.waitVisible("#iam-confirm-save")
	p.click("#iam-confirm-save")
	p.waitText(".iam-save-error", "MalformedPolicyDocument")
	p.poll("the refusal at its place", `[...`+editorRoot+`.querySelectorAll('.cm-lintRange-error')].some((e) => e.textContent.includes('Allw'))`)

	// Acting as Bob (a developer with EC2 rights only), saving is refused,
	// with the explanation.
	p.actAs(bobARN)
	p.typeInEditor(policyWith("s3:PutObject"))
	// The page takes the edit in an animation frame, and validates it: wait
	// for both (the "Allw" error gone), as a person would before saving.
	p.poll("the edit as Bob", editorRoot+`.querySelector('.cm-content').textContent.includes('s3:PutObject') && !`+editorRoot+`.querySelector('.cm-lintRange-error') && !document.querySelector('#iam-save').disabled`)
	p.click("#iam-save")
	p.waitText(".iam-save-error", "AccessDenied")
	if p.count(".iam-save-error .trace-view") != 1 {
		t.Errorf("the denial shows no trace")
	}
	p.shot("iam-denied")
	p.expectCleanUI()
}

// TestEditorEmbedAndValidateAPI checks the panel in a 720×600 embed and
// access-analyzer:ValidatePolicy from the JS API (which loads the catalog
// first).
func TestEditorEmbedAndValidateAPI(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=iam", 720, 600)
	p.waitUI(`[data-principal="user/Fred"]`)
	if n := evalJS[int](p, catalogSeen); n != 0 {
		t.Fatalf("the IAM catalog was fetched %d times before it was needed", n)
	}
	doc, _ := json.Marshal(policyWith("s3:GetObjekt"))
	r := p.settled(fmt.Sprintf(`cloudplay.call('access-analyzer:ValidatePolicy', {policyDocument: %s, policyType: 'IDENTITY_POLICY'})`, doc))
	if !r.OK || !strings.Contains(string(r.Output), "INVALID_ACTION") {
		t.Errorf("ValidatePolicy from the JS API: %+v", r)
	}
	p.click(`[data-principal="user/Fred"]`)
	p.waitVisible(fredPolicy)
	p.click(fredPolicy)
	p.waitVisible("#policy-editor")
	p.waitText(".iam-checks", "actions of")
	if n := evalJS[int](p, catalogSeen); n != 1 {
		t.Errorf("the IAM catalog was fetched %d times, want 1", n)
	}
	p.shot("iam-embed-720x600")
	p.click("#iam-tab-simulate")
	p.shot("iam-embed-simulate")
	p.expectCleanUI()
}
