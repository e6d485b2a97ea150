//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/hexops/vecty"
)

func main() {
	app := start()
	if app == nil {
		return
	}
	select {} // keep the host functions alive
}

// start builds the store, renders the app into #app, installs the JS host
// and tells site/cloudplay.js that the playground runs.
func start() *App {
	mark("cloudplay:go-main")
	doc := js.Global().Get("document")
	mode := ParseMode(doc.Get("body").Call("getAttribute", "data-mode").String())
	var storage Storage
	if mode == ModeFull {
		storage = newJSStorage()
	}
	store := Boot(PlanStart(mode, locationHash(), LoadSaved(storage)), storage)
	mark("cloudplay:scenario-loaded")
	if mode == ModeFull {
		store.Changed = dropStaleLink
	}
	app := &App{Store: store, Mode: mode}
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
	installHost(NewHost(store))
	if f := js.Global().Get("__cloudplayStarted"); f.Type() == js.TypeFunction {
		f.Invoke()
	}
	return app
}

// mark sets a performance mark, so make bench can tell where start-up time
// goes (cloudplay.js sets cloudplay:boot, :instantiated and :ready).
func mark(name string) {
	if p := js.Global().Get("performance"); p.Truthy() && p.Get("mark").Type() == js.TypeFunction {
		p.Call("mark", name)
	}
}
