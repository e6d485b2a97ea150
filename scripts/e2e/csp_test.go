//go:build e2e

package e2e

import (
	"net/url"
	"testing"
)

// TestNoCSPViolations loads each page under the site's real CSP, uses it a
// little, and fails on any CSP violation, uncaught exception or console error.
func TestNoCSPViolations(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/", "/embed.html?panel=account"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			p := openPage(t, path)
			p.waitReady()
			if _, code := p.call("iam:ListUsers", map[string]any{}); code != "" {
				t.Fatalf("iam:ListUsers: %s", code)
			}
			p.waitVisible("#app")
			p.expectCleanConsole()
		})
	}
	t.Run("course-example", func(t *testing.T) {
		t.Parallel()
		// Same-origin embedding: the course page's own messages and the
		// embed's are in this tab's console.
		p := openPage(t, "/course-example.html")
		p.waitText("#status", "ready")
		p.click("#list-users")
		p.waitText("#result", "List users: ok")
		p.expectCleanConsole()
	})
	t.Run("course-example-cross-origin", func(t *testing.T) {
		t.Parallel()
		p := openURL(t, otherURL+"/course-example.html?embed="+url.QueryEscape(siteURL+"/embed.html"))
		p.waitText("#status", "ready")
		p.expectCleanConsole()
	})
}
