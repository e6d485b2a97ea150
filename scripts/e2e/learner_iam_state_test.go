//go:build e2e

package e2e

// The IAM panel keeps what the learner was doing across its sub-tabs, and
// lets go of it when the account is replaced (issue 11 §4, "Bugs seen").

import (
	"strings"
	"testing"
)

// inputValue returns the value of the input sel names ("" when absent).
func inputValue(p *page, sel string) string {
	return evalJS[string](p, `document.querySelector(`+jsString(sel)+`)?.value ?? ""`)
}

// Policies → Simulate → Policies: the editor is there again, with what the
// learner typed.
func TestIAMEditorSurvivesSubTabs(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=iam", 1000, 800)
	p.waitUI(`[data-principal="user/Fred"]`)
	p.click(`[data-principal="user/Fred"]`)
	p.waitVisible(fredPolicy)
	p.click(fredPolicy)
	p.editorHas("Fred's policy", "ec2:DescribeInstances")
	p.typeInEditor(policyWith("s3:GetObject"))
	p.editorHas("the typed text", "s3:GetObject")

	p.click("#iam-tab-simulate")
	p.waitVisible("#sim-form")
	p.click("#iam-tab-policies")
	p.editorHas("the editor after switching sub-tabs back", "s3:GetObject")
	if got := p.text(".iam-editor h3"); !strings.Contains(got, "ViewEC2AndLoadBalancers") {
		t.Errorf("the editor's title after switching back is %q", got)
	}
	// Still an editor the learner can type in.
	p.typeInEditor(policyWith("s3:PutObject"))
	p.editorHas("typing after switching back", "s3:PutObject")
	p.expectCleanUI()
}

// Leaving the simulator's tab and coming back keeps its form.
func TestIAMSimulatorFormSurvivesSubTabs(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=iam", 1000, 800)
	p.waitUI("#iam-tab-simulate")
	p.click("#iam-tab-simulate")
	p.waitVisible("#sim-form")
	p.fill("#sim-actions", "s3:GetObject, s3:PutObject")
	p.fill("#sim-resources", "arn:aws:s3:::my-bucket/*")

	p.click("#iam-tab-matrix")
	p.click("#iam-tab-policies")
	p.waitVisible(`[data-principal="user/Fred"]`)
	p.click("#iam-tab-simulate")
	p.waitVisible("#sim-form")
	if got := inputValue(p, "#sim-actions"); got != "s3:GetObject, s3:PutObject" {
		t.Errorf("actions after leaving the tab: %q", got)
	}
	if got := inputValue(p, "#sim-resources"); got != "arn:aws:s3:::my-bucket/*" {
		t.Errorf("resources after leaving the tab: %q", got)
	}
	p.expectCleanUI()
}

// cloudplay.reset replaces the account: the editor no longer shows a
// policy of the account that was.
func TestIAMEditorClosesOnReset(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=iam", 1000, 800)
	p.waitUI(`[data-principal="user/Fred"]`)
	p.click(`[data-principal="user/Fred"]`)
	p.waitVisible(fredPolicy)
	p.click(fredPolicy)
	p.editorHas("Fred's policy", "ec2:DescribeInstances")

	r := p.settled(`cloudplay.reset({format: "cloudplay-scenario/1", steps: [{op: "iam:CreateUser", input: {UserName: "Solo"}}]})`)
	if !r.OK {
		t.Fatalf("reset: %+v", r)
	}
	p.waitVisible(`[data-principal="user/Solo"]`)
	p.poll("the editor closed after reset", `!document.querySelector('#policy-editor') && !!document.querySelector('.iam-editor-hint')`)
	if n := evalJS[int](p, `document.querySelectorAll('[data-principal="user/Fred"]').length`); n != 0 {
		t.Errorf("Fred is still listed after reset (%d)", n)
	}
	p.expectCleanUI()
}
