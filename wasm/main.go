//go:build js && wasm

package main

import (
	"runtime/debug"
	"syscall/js"
	"time"

	"cloudplay/core/scenario"
	"github.com/hexops/vecty"
)

func main() {
	app := start()
	if app == nil {
		return
	}
	select {} // keep the host functions alive
}

// prepaintBudget is how long the saved work may replay before the page is
// first drawn, so that a reload shows it at once rather than the default
// first; longer work finishes behind the progress banner.
const prepaintBudget = 100 * time.Millisecond

// start builds the store, renders the app into #app, runs the replays of
// the saved work and the link (after the first paint, in chunks), then
// installs the JS host and tells site/cloudplay.js that the playground
// runs.
func start() *App {
	mark("cloudplay:go-main")
	doc := js.Global().Get("document")
	mode := ParseMode(doc.Get("body").Call("getAttribute", "data-mode").String())
	var storage Storage
	if mode == ModeFull {
		storage = newJSStorage()
	}
	store := Boot(PlanStart(mode, locationHash(), LoadSaved(storage)), storage)
	store.OnPanic = logPanic
	driver := &ReplayDriver{Store: store, Now: time.Now, Yield: yieldToBrowser}
	driver.RunSaved(prepaintBudget)
	mark("cloudplay:scenario-loaded")
	if mode == ModeFull {
		store.Changed = dropStaleLink
		store.SaveLater = debounce(saveDelayMs, func() { store.Dispatch(&Flush{}) })
		flushWhenLeaving(store)
	}
	warnBeforeLeaving(store)
	openLinksLater(store)
	app := &App{Store: store, Mode: mode, Clock: NewClock(store)}
	if mode == ModeEmbed {
		app.EmbedPanel = queryParam("panel")
		if ValidPanel(app.EmbedPanel) {
			store.Dispatch(&SelectPanel{Name: app.EmbedPanel})
		}
	}
	target := doc.Call("querySelector", "#app")
	if !target.Truthy() {
		js.Global().Get("console").Call("error", "cloudplay: the page has no #app element")
		return nil
	}
	app.Tag = target.Get("localName").String()
	if err := vecty.RenderInto("#app", app); err != nil {
		js.Global().Get("console").Call("error", "cloudplay: "+err.Error())
		return nil
	}
	mark("cloudplay:rendered")
	store.Subscribe(func() { vecty.Rerender(app) })
	ready := func() {
		installHost(NewHost(store))
		if f := js.Global().Get("__cloudplayStarted"); f.Type() == js.TypeFunction {
			f.Invoke()
		}
	}
	replays := replayRunner(driver)
	if !store.Replaying() {
		ready()
	} else {
		// The link (or long saved work) replays after the first paint, a
		// chunk at a time; the JS API is ready once the page shows what it
		// opened.
		replays(afterPaint, func() {
			mark("cloudplay:replayed")
			ready()
		})
	}
	// Later replays (a file imported, Reset) run the same way.
	store.ReplayQueued = func() { replays(nil, nil) }
	return app
}

// replayRunner returns a function that runs d's replays in a goroutine,
// one goroutine at a time (a call while one runs does nothing: it will run
// the queued replay too): before, then the replays, then after.
func replayRunner(d *ReplayDriver) func(before, after func()) {
	running := false
	return func(before, after func()) {
		if running {
			return
		}
		running = true
		go func() {
			defer func() {
				running = false
				if r := recover(); r != nil {
					logPanic(r, debug.Stack())
				}
				if after != nil {
					after() // even after a panic: cloudplay.ready must not hang
				}
			}()
			if before != nil {
				before()
			}
			d.Run()
		}()
	}
}

// yieldToBrowser lets the browser paint and handle input between chunks
// of a replay: a sleep parks the goroutine, and the Go runtime returns to
// the event loop until its timer fires.
func yieldToBrowser() { time.Sleep(time.Millisecond) }

// afterPaint waits until the page has been drawn once (an animation frame,
// then a task), or 200 ms in a hidden tab, where frames do not run.
func afterPaint() {
	done := make(chan struct{}, 1)
	var f js.Func
	f = funcOf(func(js.Value, []js.Value) any {
		f.Release()
		done <- struct{}{}
		return nil
	})
	js.Global().Call("requestAnimationFrame", f)
	select {
	case <-done:
	case <-time.After(200 * time.Millisecond):
	}
	time.Sleep(time.Millisecond)
}

// debounce returns a function that calls f ms after its last call.
func debounce(ms int, f func()) func() {
	var timer js.Value
	fire := funcOf(func(js.Value, []js.Value) any {
		timer = js.Undefined()
		f()
		return nil
	})
	return func() {
		if timer.Truthy() {
			js.Global().Call("clearTimeout", timer)
		}
		timer = js.Global().Call("setTimeout", fire, ms)
	}
}

// flushWhenLeaving writes pending changes when the page is hidden (a tab
// switch, the phone's home button) or left: the last chance to save.
func flushWhenLeaving(store *Store) {
	flush := funcOf(func(js.Value, []js.Value) any {
		store.Dispatch(&Flush{})
		return nil
	})
	onHidden := funcOf(func(js.Value, []js.Value) any {
		if js.Global().Get("document").Get("visibilityState").String() == "hidden" {
			store.Dispatch(&Flush{})
		}
		return nil
	})
	js.Global().Get("document").Call("addEventListener", "visibilitychange", onHidden)
	js.Global().Call("addEventListener", "pagehide", flush)
}

// openLinksLater opens a #s= link pasted into the address bar of the open
// tab (hashchange: the page is not loaded again), as a file is opened:
// replayed, with Undo; a link that does not open changes nothing and says
// why. The page's own Share writes the address with replaceState, which
// fires no hashchange.
func openLinksLater(store *Store) {
	f := funcOf(func(js.Value, []js.Value) any {
		v := LinkValue(locationHash())
		if v == "" {
			return nil
		}
		src, err := scenario.DecodeLink(v)
		if err != nil {
			e := uiError("page", err)
			e.Message = "Could not open the link: " + e.Message + " Nothing was replaced."
			store.Dispatch(&ShowError{*e})
			return nil
		}
		store.Dispatch(&Open{Src: src, Title: "Opening the link", Label: "Opened the link.", Where: "page",
			Failure: "Could not open the link: "})
		return nil
	})
	js.Global().Call("addEventListener", "hashchange", f)
}

// warnBeforeLeaving asks before the page is left while a policy draft
// exists that storage does not keep (embed mode, no storage, a refused
// write).
func warnBeforeLeaving(store *Store) {
	f := funcOf(func(_ js.Value, args []js.Value) any {
		store.Dispatch(&Flush{})
		if len(args) == 0 || !store.LeaveWarning() {
			return nil
		}
		e := args[0]
		e.Call("preventDefault")
		e.Set("returnValue", "")
		return ""
	})
	js.Global().Call("addEventListener", "beforeunload", f)
}

// mark sets a performance mark, so make bench can tell where start-up time
// goes (cloudplay.js sets cloudplay:boot, :instantiated and :ready).
func mark(name string) {
	if p := js.Global().Get("performance"); p.Truthy() && p.Get("mark").Type() == js.TypeFunction {
		p.Call("mark", name)
	}
}
