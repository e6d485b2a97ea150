//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
)

// installHost sets globalThis.cloudplayHost = {call, advance, reset,
// loadCatalog, scenario, events, goals, checkMessage, feed} (the contract with
// site/cloudplay.js and site/bridge.js) and returns the functions, to
// release on exit. feed(true) starts the event feed: each batch
// (hostfeed.go) is handed to globalThis.__cloudplayFeed(text), which
// site/cloudplay.js defines. Each takes and returns JSON text, and none lets a Go
// panic escape (Host.guard): a panic is answered with InternalFailure.
func installHost(h *Host) []js.Func {
	h.fault = pageFault
	h.deliver = deliverFeed
	str := func(args []js.Value, i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return args[i].String()
		}
		return ""
	}
	fns := map[string]func(args []js.Value) string{
		"call": func(args []js.Value) string {
			return h.Call(str(args, 0), str(args, 1), str(args, 2))
		},
		"advance": func(args []js.Value) string {
			return h.Advance(secondsText(args))
		},
		"reset": func(args []js.Value) string {
			return h.Reset(str(args, 0))
		},
		"loadCatalog": func(args []js.Value) string {
			return h.LoadCatalog(str(args, 0))
		},
		"scenario": func([]js.Value) string { return h.Scenario() },
		"events":   func([]js.Value) string { return h.Events() },
		"goals":    func([]js.Value) string { return h.Goals() },
		"checkMessage": func(args []js.Value) string {
			return h.CheckMessage(str(args, 0))
		},
		"feed": func(args []js.Value) string {
			return h.Feed(len(args) > 0 && args[0].Type() == js.TypeBoolean && args[0].Bool())
		},
	}
	obj := js.Global().Get("Object").New()
	var out []js.Func
	for name, fn := range fns {
		f := js.FuncOf(func(_ js.Value, args []js.Value) any {
			// Reading the arguments happens outside the Host's own guard.
			return safely(name, func() string { return fn(args) })
		})
		obj.Set(name, f)
		out = append(out, f)
	}
	js.Global().Set("cloudplayHost", obj)
	return out
}

// deliverFeed hands a batch of the event feed to site/cloudplay.js, which
// only queues it (the subscribers run after the Go code returns).
func deliverFeed(batch []byte) {
	if f := js.Global().Get("__cloudplayFeed"); f.Type() == js.TypeFunction {
		f.Invoke(string(batch))
	}
}

// pageFault lets the browser tests make a host function panic: when the
// page's globalThis.__cloudplayFault names the function being called, it
// is deleted and the function panics (once). Only the page's own scripts
// can set it, and they can do anything anyway; a bridge message cannot.
func pageFault(fn string) {
	g := js.Global()
	if f := g.Get("__cloudplayFault"); f.Type() == js.TypeString && f.String() == fn {
		g.Delete("__cloudplayFault")
		panic("fault injected by the page into " + fn)
	}
}

// secondsText turns advance's argument into JSON text: a JS number as a
// number (NaN and infinities as text that fails), a string as it is
// (JSON text from cloudplay.js), anything else as text that fails.
func secondsText(args []js.Value) string {
	if len(args) == 0 {
		return ""
	}
	switch v := args[0]; v.Type() {
	case js.TypeNumber:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case js.TypeString:
		return v.String()
	default:
		return v.Type().String()
	}
}
