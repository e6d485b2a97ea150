//go:build e2e

package e2e

// Saving the learner's work in localStorage, when the browser lets the page
// use it, and running without it when not (issue #7).

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// blockStorage makes window.localStorage throw a SecurityError when read, as
// Chromium does when the learner blocks site data ("Block third-party
// cookies and site data", or a site exception).
const blockStorage = `Object.defineProperty(window, 'localStorage', {
  configurable: true,
  get() { throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError'); }
});`

// openWithInit opens siteURL+path in a new tab of the browser context bctx,
// running script in every document of the tab before the page's own scripts.
func openWithInit(t *testing.T, bctx context.Context, path, script string) *page {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(bctx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, uiPageTimeout)
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.messages = append(p.messages, m)
			p.mu.Unlock()
		}
	}()
	addScripts := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, s := range []string{cspRecorder, script} {
			if _, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: s}); err != nil {
				return err
			}
		}
		return nil
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), addScripts, chromedp.Navigate(siteURL+path)); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	return p
}

// With site data blocked, the playground starts, says once that it cannot
// save, and works: calls succeed, and no later save shows anything.
func TestStorageBlockedStillWorks(t *testing.T) {
	t.Parallel()
	p := openWithInit(t, freshBrowser(t), "/", blockStorage)
	p.waitUI(`tr[data-user="Fred"]`)
	msg := p.waitText(".banner-storage", "not saved")
	if p.count(".banner-storage") != 1 {
		t.Errorf("%d storage banners, want 1", p.count(".banner-storage"))
	}
	t.Logf("banner: %s", msg)
	p.shot("storage-blocked")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	if _, code := p.call("iam:CreateGroup", map[string]string{"GroupName": "Finance"}); code != "" {
		t.Fatalf("CreateGroup: %s", code)
	}
	p.waitVisible(`[data-group="Finance"]`)
	if n := p.count(".banner-storage"); n != 1 {
		t.Errorf("after two changes, %d storage banners, want 1", n)
	}
	p.click(".banner-storage button.dismiss")
	p.waitCount(".banner-storage", 0)
	p.createUser("Yann")
	p.waitVisible(`tr[data-user="Yann"]`)
	// Flush as a hidden page does: still nothing to say.
	if err := p.eval(`document.dispatchEvent(new Event('visibilitychange')), window.dispatchEvent(new Event('pagehide')), true`, nil); err != nil {
		t.Fatal(err)
	}
	p.click("#tab-log")
	p.waitVisible("table.log")
	if n := p.count(".banners .banner"); n != 0 {
		t.Errorf("a save attempt showed a banner again: %q", p.text(".banners"))
	}
	p.expectCleanUI()
}
