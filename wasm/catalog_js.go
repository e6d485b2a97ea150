//go:build js && wasm

package main

import "syscall/js"

// requestCatalog asks site/cloudplay.js for the IAM catalog (it fetches it
// once, on the first request, and hands it to cloudplayHost.loadCatalog)
// and calls done once it is loaded. A failure is logged; done is not
// called, and the editor keeps validating without the catalog's checks.
func requestCatalog(done func()) {
	load := js.Global().Get("__cloudplayLoadCatalog")
	if load.Type() != js.TypeFunction {
		return
	}
	var p js.Value
	if err := try(func() { p = load.Invoke() }); err != nil {
		return
	}
	promiseThen(p, func(js.Value) { done() }, func(e js.Value) {
		js.Global().Get("console").Call("warn", "cloudplay: "+jsErrorText(e))
	})
}
