//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
)

// installHost sets globalThis.cloudplayHost = {call, advance, reset,
// loadCatalog, scenario, events} (the contract with site/cloudplay.js) and returns the
// functions, to release on exit. Each takes and returns JSON text.
func installHost(h *Host) []js.Func {
	str := func(args []js.Value, i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return args[i].String()
		}
		return ""
	}
	fns := map[string]js.Func{
		"call": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return h.Call(str(args, 0), str(args, 1), str(args, 2))
		}),
		"advance": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return h.Advance(secondsText(args))
		}),
		"reset": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return h.Reset(str(args, 0))
		}),
		"loadCatalog": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return h.LoadCatalog(str(args, 0))
		}),
		"scenario": js.FuncOf(func(js.Value, []js.Value) any { return h.Scenario() }),
		"events":   js.FuncOf(func(js.Value, []js.Value) any { return h.Events() }),
	}
	obj := js.Global().Get("Object").New()
	var out []js.Func
	for name, f := range fns {
		obj.Set(name, f)
		out = append(out, f)
	}
	js.Global().Set("cloudplayHost", obj)
	return out
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
