//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
)

// A panic inside a host function called from JavaScript is answered with
// InternalFailure, and the Go program keeps answering.
func TestHostPanicFromJS(t *testing.T) {
	s := newStoreJS(t)
	for _, f := range installHost(NewHost(s)) {
		defer f.Release()
	}
	host := js.Global().Get("cloudplayHost")
	for _, fn := range []string{"call", "advance", "reset", "scenario", "events", "checkMessage", "loadCatalog"} {
		js.Global().Set("__cloudplayFault", fn)
		var text string
		switch fn {
		case "call":
			text = host.Call(fn, "iam:CreateUser", `{"UserName":"Zoe"}`, "").String()
		case "advance":
			text = host.Call(fn, 1).String()
		default:
			text = host.Call(fn, "{}").String()
		}
		if !strings.Contains(text, `"code":"InternalFailure"`) || !strings.Contains(text, "fault injected") {
			t.Errorf("a panic in %s answered %s", fn, text)
		}
		if js.Global().Get("__cloudplayFault").Truthy() {
			t.Errorf("the fault in %s was not used up", fn)
		}
		text = host.Call("call", "iam:ListUsers", "{}", "").String()
		if !strings.Contains(text, `"ok":true`) || !strings.Contains(text, `"UserName":"Alice"`) {
			t.Fatalf("after a panic in %s, iam:ListUsers answered %s", fn, text)
		}
	}
	// Arguments of any JavaScript type are answered, not fatal.
	for _, args := range [][]any{{}, {js.Null(), js.Undefined()}, {1, 2, 3}, {js.Global(), js.Global()}} {
		text := host.Call("call", args...).String()
		if !strings.Contains(text, `"ok":false`) {
			t.Errorf("call%v answered %s", args, text)
		}
		text = host.Call("checkMessage", args...).String()
		if !strings.Contains(text, `"code":"InvalidMessage"`) {
			t.Errorf("checkMessage%v answered %s", args, text)
		}
	}
}
