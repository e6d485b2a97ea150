//go:build e2e

package e2e

// The page at phone width (390 px, issue #11 §4): each panel is drawn and
// screenshot; group cards show their ARN whole; a refusal in a narrow card
// wraps by words, not one letter per line; the event log scrolls sideways
// inside its box rather than widening the page.

import (
	"testing"
)

func TestLearnerPhoneWidth(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 390, 844)
	p.waitUI(`[data-group="Developers"]`)

	// Group cards: the ARN whole, not "arn:aws:iam::1234…".
	if !evalJS[bool](p, `(() => { const a = document.querySelector('[data-group="Developers"] .arn');
		return a.textContent.endsWith(':group/Developers') && a.scrollWidth <= a.clientWidth + 1; })()`) {
		t.Error("the Developers card cuts its ARN")
	}

	// A refusal in the narrow form card wraps by words.
	p.actAs(aliceARN)
	p.createUser("Zoe")
	p.waitText("#form-create-user .error", "AccessDenied")
	if w := evalJS[float64](p, `document.querySelector('#form-create-user .error').getBoundingClientRect().width`); w < 200 {
		t.Errorf("the refusal in the create-user card is %.0f px wide (one letter per line)", w)
	}
	p.shot("phone-account-390")

	for _, tab := range []string{"iam", "s3", "streams", "containers", "log"} {
		p.click("#tab-" + tab)
		p.waitVisible("#panel-" + tab)
		p.shot("phone-" + tab + "-390")
		if w := evalJS[float64](p, `document.documentElement.scrollWidth`); w > 391 {
			t.Errorf("the %s panel makes the page %.0f px wide at 390 px", tab, w)
		}
	}
	// The log's table scrolls inside its box.
	if !evalJS[bool](p, `(() => { const w = document.querySelector('#panel-log .table-wrap');
		return getComputedStyle(w).overflowX === 'auto' && w.clientWidth <= 390; })()`) {
		t.Error("the event log does not scroll sideways in its box")
	}
	p.expectCleanUI()
}

// A link opened over saved work offers "Undo: restore your previous
// account" in a banner; at 375 px the banner wraps inside the screen
// instead of making the page wider (it made it 461 px wide).
func TestLearnerPhoneUndoBannerFits(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/", 375, 812)
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.navigate("/#s=" + linkOf([]byte(`{"format":"cloudplay-scenario/1","name":"A shared scenario with a long name that a course author gave it","steps":[{"op":"iam:CreateGroup","input":{"GroupName":"Shared"}}]}`)))
	p.waitVisible("#undo")
	p.shot("phone-undo-375")
	if w := evalJS[float64](p, `document.documentElement.scrollWidth`); w > 376 {
		t.Errorf("with the undo banner the page is %.0f px wide at 375 px", w)
	}
}
