//go:build e2e

package e2e

// Saving the learner's work in localStorage, when the browser lets the page
// use it, and running without it when not (issue #7).

import (
	"context"
	"strings"
	"testing"

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
	return openTab(t, bctx, siteURL+path, tabOptions{width: 1280, height: 800, scripts: []string{script}, timeout: uiPageTimeout})
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

// fullStorage makes localStorage refuse writes of the playground's work, as
// a full quota does, once the test sets test.quota to "on".
const fullStorage = `(() => {
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (k === 'cloudplay.saved' && this.getItem('test.quota') === 'on') {
      throw new DOMException("Failed to execute 'setItem' on 'Storage': Setting the value of '" + k + "' exceeded the quota.", 'QuotaExceededError');
    }
    return set.call(this, k, v);
  };
})();`

// savedHas polls until the work saved in localStorage contains s.
func (p *page) savedHas(s string) {
	p.t.Helper()
	p.poll("the saved work to contain "+s, `(localStorage.getItem('cloudplay.saved') || '').includes(`+jsString(s)+`)`)
}

// When the browser refuses to store the work, the previous save stays, a
// banner says so with a way to export the work to a file, and a reload
// shows what was saved before.
func TestStorageFullKeepsThePreviousSave(t *testing.T) {
	t.Parallel()
	p := openWithInit(t, freshBrowser(t), "/", fullStorage)
	p.waitUI("#new-user")
	p.createUser("Zoe")
	p.waitVisible(`tr[data-user="Zoe"]`)
	p.savedHas(`"UserName":"Zoe"`)
	if err := p.eval(`localStorage.setItem('test.quota', 'on')`, nil); err != nil {
		t.Fatal(err)
	}
	p.createUser("Yann")
	msg := p.waitText(".banner-unsaved", "not saved in this browser any more")
	if !strings.Contains(msg, "exceeded the quota") || !strings.Contains(msg, "Export to a file") {
		t.Errorf("banner says %q", msg)
	}
	p.shot("not-saved")
	p.click(".banner-unsaved .export-work")
	if p.count(".banners .error") != 0 {
		t.Errorf("exporting failed: %q", p.text(".banners .error"))
	}
	p.run(chromedp.Reload())
	p.waitUI(`tr[data-user="Zoe"]`)
	if p.count(`tr[data-user="Yann"]`) != 0 {
		t.Error("the refused save replaced the previous one")
	}
	p.expectCleanUI()
}

// brokenSave seeds localStorage, once, with saved work that no longer loads.
const brokenSave = `(() => {
  if (localStorage.getItem('test.seeded')) return;
  localStorage.setItem('test.seeded', '1');
  localStorage.setItem('cloudplay.saved', JSON.stringify({format: 'cloudplay-saved/1', baseBuiltin: 'company',
    work: {format: 'cloudplay-scenario/1', name: 'Mine', steps: [
      {op: 'iam:CreateUser', input: {UserName: 'Keepme'}}, {op: 'iam:NoSuchThing', input: {}}]}}));
})();`

// Saved work that does not load is kept aside, not overwritten by the next
// change; it is offered for download until the learner takes it or lets it
// go.
func TestStorageRescuesWorkThatDoesNotLoad(t *testing.T) {
	t.Parallel()
	p := openWithInit(t, freshBrowser(t), "/", brokenSave)
	p.waitUI(`tr[data-user="Fred"]`)
	msg := p.waitText(".banner-rescue", "was not loaded")
	if !strings.Contains(msg, "NoSuchThing") || !strings.Contains(msg, "Download it") {
		t.Errorf("banner says %q", msg)
	}
	p.shot("rescue")
	p.createUser("Yann")
	p.savedHas(`"UserName":"Yann"`)
	p.run(chromedp.Reload())
	p.waitUI(`tr[data-user="Yann"]`)
	p.waitText(".banner-rescue", "was not loaded")
	if !evalJS[bool](p, `(localStorage.getItem('cloudplay.rescue') || '').includes('Keepme')`) {
		t.Fatal("the rescued work is not in localStorage")
	}
	p.click(".banner-rescue .rescue-download")
	p.waitCount(".banner-rescue", 0)
	if evalJS[bool](p, `localStorage.getItem('cloudplay.rescue') !== null`) {
		t.Error("the downloaded rescue is still kept")
	}
	p.expectCleanUI()
}
