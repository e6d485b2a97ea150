//go:build e2e

package e2e

// The keyboard alone: the seed's IAM tasks walked with Tab, Enter, Space,
// Escape and the arrow keys (no click, no focus() from the test), and the
// places where the focus used to fall to <body> (the first row of the
// membership grid and of the access matrix redrawing, a deleted user's
// row), the scenario picker loading on each arrow key, and read-only
// editors the keyboard could not reach.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// deepActive is the focused element, looking into shadow roots (the policy
// editor's text is in one).
const deepActive = `(() => { let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a; })()`

// press sends one key (a kb constant or a character) to the focused element.
func (p *page) press(key string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.run(chromedp.KeyEvent(key, opts...))
}

// focused describes the focused element: "tag#id.class [aria-label]".
func (p *page) focused() string {
	p.t.Helper()
	return evalJS[string](p, `(() => { const a = `+deepActive+`; if (!a) return "(none)";
	  return a.localName + (a.id ? "#" + a.id : "") + (a.className && typeof a.className === "string" ? "." + a.className.trim().split(/\s+/).join(".") : "")
	    + (a.getAttribute("aria-label") ? " [" + a.getAttribute("aria-label") + "]" : ""); })()`)
}

// focusMatches reports whether the focused element (in a shadow root or
// not) matches the CSS selector, or is inside an element that does.
func (p *page) focusMatches(sel string) bool {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	return evalJS[bool](p, fmt.Sprintf(`(() => { let a = document.activeElement; const s = %s;
	  for (;;) { if (!a) return false; if (a.matches(s) || a.closest(s)) return true;
	    if (!a.shadowRoot || !a.shadowRoot.activeElement) return false; a = a.shadowRoot.activeElement; } })()`, selJSON))
}

// tabTo presses Tab until the focus is on (or in) the element sel names,
// failing after max presses: the element must be reachable, in order.
func (p *page) tabTo(sel string, max int) int {
	p.t.Helper()
	for i := 1; i <= max; i++ {
		p.press(kb.Tab)
		if p.focusMatches(sel) {
			return i
		}
	}
	p.shot("tabTo")
	p.t.Fatalf("%s not reached in %d Tab presses; the focus is on %s", sel, max, p.focused())
	return 0
}

// expectFocusStays fails if the focus is not (any more) on sel once the
// page has redrawn (two animation frames and a task later).
func (p *page) expectFocusStays(what, sel string) {
	p.t.Helper()
	// The page redraws in animation frames, which a busy machine delays:
	// give it up to 3 s to settle (focus lost to <body> does not come back
	// by itself, so this still fails when the focus is lost).
	for i := 0; i < 30; i++ {
		if err := p.eval(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100))))`, nil); err != nil {
			p.t.Fatal(err)
		}
		if p.focusMatches(sel) {
			return
		}
	}
	if !p.focusMatches(sel) {
		p.shot("focus-lost")
		p.t.Errorf("%s: the focus left %s for %s", what, sel, p.focused())
	}
}

// typeText types text where the focus is, as one input (as a paste is).
func (p *page) typeText(text string) {
	p.t.Helper()
	p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// TestKeyboardIAMTasks: select Fred, open his policy, edit it, leave the
// editor (Esc, Tab), save; simulate; the access matrix, with the keyboard
// only.
func TestKeyboardIAMTasks(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")

	p.tabTo("#tab-iam", 60)
	p.press(kb.Enter)
	p.waitVisible(`[data-principal="user/Fred"]`)
	p.tabTo(`[data-principal="user/Fred"]`, 60)
	p.press(kb.Enter)
	p.waitVisible(fredPolicy)
	p.tabTo(fredPolicy, 40)
	p.press(kb.Enter)
	p.poll("Fred's policy in the editor", `(() => { const r = document.querySelector('#policy-editor')?.shadowRoot;
		return r && r.querySelector('.cm-content')?.textContent.includes('ec2:DescribeInstances'); })()`)

	// Into the editor: it says how to leave it, and shows a focus ring.
	p.tabTo("#policy-editor", 40)
	if !p.focusMatches(".cm-content") {
		t.Fatalf("Tab reached the editor but not its text: %s", p.focused())
	}
	hint := evalJS[string](p, `(`+deepActive+`).getAttribute('aria-description') || ''`)
	if !strings.Contains(hint, "Esc") || !strings.Contains(hint, "Tab") {
		t.Errorf("the editor's text does not say how to leave it: aria-description %q", hint)
	}
	if vis := evalJS[string](p, editorRoot+`.querySelector('.cm-cp-keyhint')?.textContent || ''`); !strings.Contains(vis, "Esc") {
		t.Errorf("no visible hint on leaving the editor: %q", vis)
	}
	if ring := evalJS[string](p, `getComputedStyle(document.querySelector('#policy-editor')).outlineStyle`); ring != "solid" {
		t.Errorf("the focused editor has no focus ring (outline-style %q)", ring)
	}
	p.press("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	p.typeText(policyWith("s3:GetObject"))
	p.poll("the edit", editorRoot+`.querySelector('.cm-content').textContent.includes('s3:GetObject')`)
	// The page draws the edit in an animation frame: Save is enabled then
	// (a Tab pressed before that frame skips the still-disabled button).
	p.poll("Save enabled by the edit", `!document.querySelector('#iam-save').disabled`)
	// Tab indents in the editor; Esc then Tab leaves it.
	p.press(kb.Escape)
	p.press(kb.Tab)
	if p.focusMatches("#policy-editor") {
		t.Fatalf("Esc then Tab did not leave the editor")
	}
	if !p.focusMatches("#iam-save") { // the next control after the editor
		p.tabTo("#iam-save", 20)
	}
	p.press(kb.Enter)
	p.waitText(".iam-status", "Saved with iam:PutUserPolicy")
	out, code := p.call("iam:GetUserPolicy", map[string]string{"UserName": "Fred", "PolicyName": "ViewEC2AndLoadBalancers"})
	if code != "" || !strings.Contains(string(out), "s3:GetObject") {
		t.Fatalf("iam:GetUserPolicy after the keyboard save: %s %s", out, code)
	}

	// Simulate: back to the sub-tabs (Shift+Tab), run, and read the
	// read-only policy from the keyboard.
	for i := 0; i < 80 && !p.focusMatches("#iam-tab-simulate"); i++ {
		p.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	if !p.focusMatches("#iam-tab-simulate") {
		t.Fatalf("Shift+Tab did not reach the Simulate sub-tab: %s", p.focused())
	}
	p.press(kb.Enter)
	p.waitVisible("#sim-form")
	p.tabTo("#sim-run", 30)
	p.press(kb.Enter)
	p.waitText("#sim-decisions", "Allowed")
	p.waitVisible("#sim-policy-editor")
	p.tabTo("#sim-policy-editor", 80)
	if !p.focusMatches(".cm-content") {
		t.Errorf("the read-only policy cannot take the focus: %s", p.focused())
	}
	// A read-only editor keeps its text: typing changes nothing.
	before := evalJS[string](p, `document.querySelector('#sim-policy-editor').shadowRoot.querySelector('.cm-content').textContent`)
	p.press("x")
	p.typeText("zzz")
	if after := evalJS[string](p, `document.querySelector('#sim-policy-editor').shadowRoot.querySelector('.cm-content').textContent`); after != before {
		t.Errorf("typing changed the read-only policy")
	}
	// Tab leaves a read-only editor (it has nothing to indent).
	p.press(kb.Tab)
	if p.focusMatches("#sim-policy-editor") {
		t.Errorf("Tab did not leave the read-only editor")
	}

	// The access matrix: the first principal's first cell, chosen with
	// Enter, keeps the focus while the matrix redraws (its row is the first
	// keyed row), and its explanation is the element it controls.
	for i := 0; i < 120 && !p.focusMatches("#iam-tab-matrix"); i++ {
		p.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	p.press(kb.Enter)
	first := `#matrix-grid tbody tr[data-principal] button[data-decision]`
	p.waitVisible(`#matrix[data-state="ready"] ` + first)
	p.tabTo(first, 60)
	if !evalJS[bool](p, `(() => { const a = document.activeElement; const r = a.closest('tr');
		return r === document.querySelector('#matrix-grid tbody tr[data-principal]'); })()`) {
		t.Fatalf("the first cell reached is not in the first principal's row: %s", p.focused())
	}
	p.press(kb.Enter)
	p.waitVisible("#matrix-detail .sim-detail")
	p.expectFocusStays("choosing a cell of the first row", `button[aria-pressed="true"]`)
	// The focus ring shows on the pressed cell (the "pressed" look is not
	// an outline that replaces it), at 3:1 or more against the page.
	ring := evalJS[struct{ Style, Color, Bg string }](p, `(() => { const s = getComputedStyle(document.activeElement);
		return {style: s.outlineStyle, color: s.outlineColor, bg: getComputedStyle(document.body).backgroundColor}; })()`)
	if ring.Style != "solid" || ring.Color != "rgb(179, 92, 0)" {
		t.Errorf("the focused, pressed cell's outline is %s %s, want the focus ring (solid rgb(179, 92, 0))", ring.Style, ring.Color)
	}
	if c := contrastRGB(ring.Color, ring.Bg); c < 3 {
		t.Errorf("the focus ring %s on %s has contrast %.2f:1, want 3:1 or more", ring.Color, ring.Bg, c)
	}
	ctl := evalJS[string](p, `document.activeElement.getAttribute('aria-controls') || ''`)
	if ctl == "" || !evalJS[bool](p, fmt.Sprintf(`!!document.getElementById(%q)`, ctl)) {
		t.Errorf("the cell's aria-controls %q names no element", ctl)
	}
	// The account changes: the matrix recomputes and redraws.
	if _, code := p.call("iam:RemoveUserFromGroup", map[string]string{"GroupName": "Developers", "UserName": "Bob"}); code != "" {
		t.Fatalf("RemoveUserFromGroup: %s", code)
	}
	p.waitVisible(`#matrix[data-state="ready"] tr[data-principal="Bob"] button[data-decision="implicitDeny"]`)
	p.expectFocusStays("the matrix redrawn after a change", `#matrix-grid button[aria-pressed="true"]`)
	p.expectCleanUI()
}

// TestKeyboardGridFocus: ticking a box in the first row of the membership
// grid, and deleting a user, leave the focus where a keyboard user expects.
func TestKeyboardGridFocus(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#tab-iam")
	p.waitVisible(`table.grid tbody tr[data-user] input[type=checkbox]`)
	firstUser := evalJS[string](p, `document.querySelector('table.grid tbody tr[data-user]').dataset.user`)
	p.tabTo(`table.grid tbody tr[data-user] input[type=checkbox]`, 80)
	if got := evalJS[string](p, `document.activeElement.closest('tr').dataset.user`); got != firstUser {
		t.Fatalf("the first box reached is %s's, want %s's (the first row)", got, firstUser)
	}
	label := evalJS[string](p, `document.activeElement.getAttribute('aria-label')`)
	was := evalJS[bool](p, `document.activeElement.checked`)
	p.press(" ")
	p.poll("the membership changed", fmt.Sprintf(`document.querySelector('[aria-label=%q]').checked === %t`, label, !was))
	p.expectFocusStays("ticking a box of the first row", fmt.Sprintf(`[aria-label=%q]`, label))

	// Two new users (typed in the form), then delete the first of them: the
	// focus moves to the next user's Delete, not to <body>; deleting the
	// last user moves it to the one before.
	for _, name := range []string{"Yann", "Zoe"} {
		for i := 0; i < 80 && !p.focusMatches("#new-user"); i++ {
			p.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		p.typeText(name)
		p.press(kb.Enter)
		p.poll("the user "+name, fmt.Sprintf(`!!document.querySelector('tr[data-user=%q]')`, name))
	}
	p.tabTo(`button[aria-label="Delete user Yann"]`, 80)
	p.press(kb.Enter)
	p.poll("Yann deleted", `!document.querySelector('tr[data-user="Yann"]')`)
	p.expectFocusStays("deleting a user", `button[aria-label="Delete user Zoe"]`)
	p.press(kb.Enter)
	p.poll("Zoe deleted", `!document.querySelector('tr[data-user="Zoe"]')`)
	p.expectFocusStays("deleting the last user", `button[aria-label="Delete user Fred"]`)
	p.expectCleanUI()
}

// TestKeyboardScenarioPicker: the arrow keys move through the scenarios
// without loading them; Enter loads the one shown.
func TestKeyboardScenarioPicker(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/")
	p.waitUI("#scenario-picker")
	name := p.text(".top .scenario-name")
	p.tabTo("#scenario-picker", 40)
	p.press(kb.ArrowDown)
	p.press(kb.ArrowDown)
	chosen := evalJS[string](p, `(() => { const s = document.querySelector('#scenario-picker'); return s.options[s.selectedIndex].text; })()`)
	if chosen == "" || strings.HasPrefix(chosen, "Open a scenario") {
		t.Fatalf("the arrow keys did not move through the picker (it shows %q)", chosen)
	}
	// Give a load the time to happen, then check none did.
	if err := p.eval(`new Promise((r) => setTimeout(r, 300))`, nil); err != nil {
		t.Fatal(err)
	}
	if got := p.text(".top .scenario-name"); got != name {
		t.Fatalf("the arrow keys loaded %q", got)
	}
	p.press(kb.Enter)
	p.waitText(".top .scenario-name", chosen)
	p.expectCleanUI()
}

// contrastRGB is WCAG 2's contrast ratio of two CSS "rgb(r, g, b)" colours.
func contrastRGB(a, b string) float64 {
	lum := func(c string) float64 {
		var r, g, bl float64
		fmt.Sscanf(strings.NewReplacer("rgba(", "", "rgb(", "", ")", "", ",", " ").Replace(c), "%g %g %g", &r, &g, &bl)
		lin := func(v float64) float64 {
			v /= 255
			if v <= 0.03928 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(bl)
	}
	x, y := lum(a), lum(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}
