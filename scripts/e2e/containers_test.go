//go:build e2e

package e2e

// The Containers panel in Chromium, driven as a learner drives it: create
// a cluster and the container instance role, launch two instances, let
// them join, register a task definition, run three tasks with binpack and
// see them fill one instance first; run a task too large for any instance
// and see its reason in the unplaced tray; click a task and see why it
// went where it did.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestContainersPanel(t *testing.T) {
	t.Parallel()
	p := openIn(t, freshBrowser(t), "/embed.html?panel=containers", 1280, 1000)
	p.waitUI("#form-create-cluster")
	p.waitText(".no-cluster", "No cluster yet")

	p.run(
		chromedp.SendKeys(chromedp.CSS("#ct-cluster"), "demo"),
		chromedp.Click(chromedp.CSS("#form-create-cluster button[type=submit]")),
	)
	p.waitText(".cluster-card h3", "Cluster demo")

	// The instance role and profile, made through IAM operations.
	p.click("#ct-make-role")
	p.waitCount("#ct-make-role", 0)
	for _, op := range []string{"iam:CreateRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"} {
		if ev := evalJS[map[string]any](p, `cloudplay.events().findLast(e => e.op === "`+op+`")`); ev == nil {
			t.Errorf("no %s in the event log", op)
		}
	}

	// Two instances with the ECS image; they join once running.
	p.run(
		chromedp.SetValue(chromedp.CSS("#ct-count"), "2"),
		chromedp.SetValue(chromedp.CSS("#ct-zone"), "us-east-1a"),
		chromedp.Click(chromedp.CSS("#form-launch button[type=submit]")),
	)
	if err := p.eval(`cloudplay.advance(120)`, nil); err != nil {
		t.Fatal(err)
	}
	p.waitText(".cluster-card .card-head .hint", "2 container instances")

	// A task definition, then three tasks with binpack (memory): one
	// instance fills first.
	p.run(
		chromedp.SetValue(chromedp.CSS("#td-family"), "web"),
		chromedp.SetValue(chromedp.CSS("#td-memory"), "512"),
		chromedp.Click(chromedp.CSS("#form-taskdef button[type=submit]")),
	)
	p.waitCount("#form-taskdef .error", 0)
	// The page redraws the run form with the new family in an animation
	// frame: wait for it before filling the form, as a person sees it.
	p.poll("the run form names the new family", `document.querySelector("#run-td").value === "web"`)
	p.run(
		chromedp.SetValue(chromedp.CSS("#run-td"), "web"),
		chromedp.SetValue(chromedp.CSS("#run-count"), "3"),
		chromedp.SetValue(chromedp.CSS("#run-strategy"), "binpack"),
		chromedp.Click(chromedp.CSS("#run-task")),
	)
	p.waitCount(".task-pick", 3)
	where := evalJS[[]string](p, `[...document.querySelectorAll(".task-pick")].map(b => b.textContent.split(" · ").slice(-2).join(" · "))`)
	if len(where) != 3 || where[0] != where[1] || where[1] != where[2] || !strings.HasPrefix(where[0], "i-") {
		t.Errorf("binpack placed the tasks on %q; want one instance filled first", where)
	}
	if n := evalJS[int](p, `+document.querySelector("canvas.cluster-canvas").dataset.items`); n < 3 {
		t.Errorf("the canvas draws %d items, want the bars and three tasks", n)
	}
	p.shot("binpack-1280")

	// Too large for any instance: the tray says RESOURCE:MEMORY.
	p.run(
		chromedp.SetValue(chromedp.CSS("#td-family"), "huge"),
		chromedp.SetValue(chromedp.CSS("#td-memory"), "30000"),
		chromedp.Click(chromedp.CSS("#form-taskdef button[type=submit]")),
	)
	p.waitCount("#form-taskdef .error", 0)
	p.run(
		chromedp.SetValue(chromedp.CSS("#run-td"), "huge"),
		chromedp.SetValue(chromedp.CSS("#run-count"), "1"),
		chromedp.Click(chromedp.CSS("#run-task")),
	)
	if got := p.waitText("#unplaced .reason", "RESOURCE:MEMORY"); got != "RESOURCE:MEMORY" {
		t.Errorf("tray reason %q", got)
	}
	if n := p.count(".task-pick"); n != 3 {
		t.Errorf("%d tasks after the refused run, want 3", n)
	}

	// Click a task: the explanation table, one row per instance, the
	// chosen one marked.
	p.click(".task-pick")
	p.waitVisible("#explain .explain-table")
	rows := evalJS[[]string](p, `[...document.querySelectorAll("#explain .explain-table tbody tr")].map(r => r.querySelector(".outcome").textContent)`)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows, ","), "chosen") {
		t.Errorf("explanation outcomes %q, want two candidates, one chosen", rows)
	}
	if ev := evalJS[map[string]any](p, `cloudplay.events().findLast(e => e.op === "cloudplay:ExplainPlacement")`); ev == nil || ev["caller"] != rootARN {
		t.Errorf("ExplainPlacement event %v", ev)
	}
	p.shot("explain-1280")

	// A phone: the panel fits 375 px; nothing in it scrolls sideways but
	// the explanation table, in its own scroll box. The embed bar's
	// acting-as menu, which lists the instances' role sessions
	// (ecsInstanceRole/i-…), fits too: it shrinks to the line, and each
	// option's title has the full ARN.
	p.run(chromedp.EmulateViewport(375, 800))
	p.waitVisible("canvas.cluster-canvas")
	menu := evalJS[map[string]any](p, `(() => {
  const s = document.querySelector("#acting-as"), r = s.getBoundingClientRect();
  const sessions = [...s.options].filter(o => o.textContent.startsWith("ecsInstanceRole/i-"));
  return {left: r.left, right: r.right, width: r.width, page: document.documentElement.scrollWidth,
    sessions: sessions.length, titled: sessions.filter(o => o.title === o.value && o.value.includes(":assumed-role/ecsInstanceRole/i-")).length};
})()`)
	if menu["sessions"].(float64) != 2 || menu["titled"] != menu["sessions"] {
		t.Errorf("acting-as menu %v: want the 2 instances' sessions, each titled with its full ARN", menu)
	}
	if menu["right"].(float64) > 375 || menu["page"].(float64) > 375 || menu["width"].(float64) < 200 {
		t.Errorf("at 375 px the acting-as menu spans %v to %v (%v px wide), the page %v px; want it inside 375 px and at least 200 px wide", menu["left"], menu["right"], menu["width"], menu["page"])
	}
	wide := evalJS[[]string](p, `[...document.querySelectorAll("#panel-containers *")].filter(e => !e.closest(".table-wrap") && e.getBoundingClientRect().right > 376).map(e => e.tagName + "." + e.className)`)
	if len(wide) > 0 {
		t.Errorf("at 375 px these stick out of the panel: %v", wide)
	}
	if w := evalJS[[]int](p, `[document.querySelector("canvas.cluster-canvas").clientWidth, document.querySelector("canvas.cluster-canvas").width]`); w[0] > 375 || w[0] < 300 {
		t.Errorf("the canvas is %d px wide at 375 px", w[0])
	}
	p.shot("phone-375")
	p.expectCleanConsole()
}
