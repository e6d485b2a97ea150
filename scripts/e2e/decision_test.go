//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The decision explained (issue "IAM in the playground", items 4–6): the
// simulator, its flowchart and trace, and the access matrix, in the IAM
// panel's "Simulate" and "Access matrix" sub-tabs.

// openSubTab clicks the IAM panel's button titled title.
func (p *page) openSubTab(title string) {
	p.t.Helper()
	titleJSON, _ := json.Marshal(title)
	var ok bool
	if err := p.eval(fmt.Sprintf(`(() => { const b = [...document.querySelectorAll('#app button, #app [role=tab]')]
		.find(b => b.textContent.trim() === %s); if (!b) return false; b.click(); return true; })()`, titleJSON), &ok); err != nil || !ok {
		p.t.Fatalf("no %q sub-tab: %v", title, err)
	}
}

// waitJS polls until expr is truthy.
func (p *page) waitJS(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[any](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.shot("waitJS")
		p.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// choose sets a <select> to value as a user does.
func (p *page) choose(sel, value string) {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	valJSON, _ := json.Marshal(value)
	var ok bool
	if err := p.eval(fmt.Sprintf(`(() => { const s = document.querySelector(%s); if (!s) return false;
		s.value = %s; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value === %[2]s; })()`, selJSON, valJSON), &ok); err != nil || !ok {
		p.t.Fatalf("choosing %s in %s: %v", value, sel, err)
	}
}

func TestDecisionSimulator(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/embed.html?panel=iam")
	p.waitUI("#app")
	p.openSubTab("Simulate")
	p.waitVisible("#sim-form")

	// Alice may run instances: allowed, the deciding statement shown and
	// highlighted in the policy.
	p.choose("#sim-principal", aliceARN)
	p.click("#sim-run")
	p.waitText("#sim-decisions", "Allowed")
	p.waitText("#sim-detail .trace-stmt.deciding", "decides")
	p.waitText("#sim-detail .trace-why", "AmazonEC2FullAccess")
	// The policy editor (in its shadow root) or, without it, the <pre>.
	p.waitJS("the deciding statement highlighted", `!!(document.querySelector('#sim-policy .pl-mark') ||
		document.querySelector('#sim-policy-editor')?.shadowRoot?.querySelector('[class*="cm-cp-highlight"]'))`)
	p.waitVisible(`figure.flowchart[data-state="done"][data-final="allowed"] [data-step="identity"].flow-lit`)
	p.shot("alice")

	// Fred may not: the flowchart lights the implicit deny path.
	p.choose("#sim-principal", "arn:aws:iam::123456789012:user/Fred")
	p.click("#sim-run")
	p.waitVisible(`figure.flowchart[data-state="done"][data-final="implicitDeny"] [data-exit="identity"].flow-taken`)
	if n := p.count(`figure.flowchart .flow-lit`); n != 5 {
		t.Errorf("Fred's path lights %d steps, want 5 (deny, SCP, RCP, resource, identity)", n)
	}
	p.waitText("#sim-detail .trace-view", "does not match")
	p.shot("fred")

	// Acting as Bob, who may not call iam:SimulatePrincipalPolicy: the
	// refusal and its trace are shown in the simulator.
	p.actAs("arn:aws:iam::123456789012:user/Bob")
	p.click("#sim-run")
	p.waitText("#sim-error .error-code", "AccessDenied")
	p.click("#sim-error summary")
	p.waitText("#sim-error .trace-view", "Implicit deny")
	p.shot("bob-refused")
	p.expectCleanUI()
}

func TestDecisionMatrix(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=iam", 720, 600)
	p.waitUI("#app")
	p.openSubTab("Access matrix")
	bobRun := `#matrix[data-state="ready"] tr[data-principal="Bob"] button[data-decision]` // ec2:RunInstances is the first column
	p.waitVisible(bobRun + `[data-decision="allowed"]`)
	p.shot("matrix")

	// Bob leaves Developers: his cell turns to an implicit deny.
	if _, code := p.call("iam:RemoveUserFromGroup", map[string]string{"GroupName": "Developers", "UserName": "Bob"}); code != "" {
		t.Fatalf("RemoveUserFromGroup: %s", code)
	}
	p.waitVisible(bobRun + `[data-decision="implicitDeny"]`)
	p.click(bobRun)
	p.waitText("#matrix-detail .trace-view", "Implicit deny")
	p.waitVisible(`#matrix-detail figure.flowchart[data-final="implicitDeny"]`)
	p.shot("matrix-bob-left")
	p.expectCleanUI()
}
