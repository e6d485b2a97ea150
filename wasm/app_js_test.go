//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"testing"

	"github.com/hexops/vecty"
)

// nextFrame waits until the browser has run an animation frame (and so
// Vecty's batched re-renders).
func nextFrame() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("requestAnimationFrame", f)
	<-done
}

// mount renders a fresh App of store into a new #app element.
func mount(t *testing.T, store *Store, mode Mode) *App {
	t.Helper()
	doc := js.Global().Get("document")
	if old := doc.Call("querySelector", "#app"); old.Truthy() {
		old.Call("remove")
	}
	el := doc.Call("createElement", "div")
	el.Set("id", "app")
	doc.Get("body").Call("appendChild", el)
	app := &App{Store: store, Mode: mode, Tag: "div", EmbedPanel: PanelAccount}
	if err := vecty.RenderInto("#app", app); err != nil {
		t.Fatal(err)
	}
	store.Subscribe(func() { vecty.Rerender(app) })
	nextFrame()
	return app
}

func query(sel string) js.Value {
	return js.Global().Get("document").Call("querySelector", sel)
}

func TestAppShowsTheCompany(t *testing.T) {
	s := newStoreJS(t)
	mount(t, s, ModeFull)
	for _, sel := range []string{`tr[data-user="Alice"]`, `tr[data-user="Fred"]`, `[data-group="Developers"]`, `#acting-as`, `#share`, `nav.tabs`} {
		if !query(sel).Truthy() {
			t.Errorf("%s is not rendered", sel)
		}
	}
	if got := query(`[data-group="Audit"]`).Get("textContent").String(); !strings.Contains(got, "Charles") || !strings.Contains(got, "David") {
		t.Errorf("Audit card says %q", got)
	}
}

func TestEmbedShowsOnePanel(t *testing.T) {
	s := newStoreJS(t)
	mount(t, s, ModeEmbed)
	if query("nav.tabs").Truthy() || query("#share").Truthy() {
		t.Error("embed mode shows the full chrome")
	}
	if !query("#panel-account").Truthy() {
		t.Error("embed mode does not show the account panel")
	}
}

func TestHostCallRoundTripRerenders(t *testing.T) {
	s := newStoreJS(t)
	mount(t, s, ModeFull)
	for _, f := range installHost(NewHost(s)) {
		defer f.Release()
	}
	host := js.Global().Get("cloudplayHost")
	text := host.Call("call", "iam:CreateUser", `{"UserName":"Zoe"}`, "").String()
	var r struct {
		OK     bool
		Output struct{ User struct{ UserName string } }
	}
	if err := json.Unmarshal([]byte(text), &r); err != nil || !r.OK || r.Output.User.UserName != "Zoe" {
		t.Fatalf("call returned %s", text)
	}
	nextFrame()
	if !query(`tr[data-user="Zoe"]`).Truthy() {
		t.Error("the UI did not show the user created through the host")
	}
	text = host.Call("advance", 1.5).String()
	if !strings.Contains(text, `"time":"2026-01-01T00:00:01.500Z"`) {
		t.Errorf("advance(1.5) = %s", text)
	}
	text = host.Call("advance", js.Global().Get("NaN")).String()
	if !strings.Contains(text, `"code":"ValidationError"`) {
		t.Errorf("advance(NaN) = %s", text)
	}
	text = host.Call("call", "iam:CreateUser", `{"UserName":"Yann"}`, `{"caller":"arn:aws:iam::123456789012:user/Alice"}`).String()
	if !strings.Contains(text, `"code":"AccessDenied"`) {
		t.Errorf("Alice's call = %s", text)
	}
	if ev := host.Call("events").String(); !strings.Contains(ev, `"code":"AccessDenied"`) {
		t.Errorf("events() lacks the denial")
	}
}

func TestDeniedFormShowsError(t *testing.T) {
	s := newStoreJS(t)
	mount(t, s, ModeFull)
	s.Dispatch(&ActAs{ARN: "arn:aws:iam::123456789012:user/Alice"})
	query("#new-user").Set("value", "Zoe")
	query("#form-create-user button[type=submit]").Call("click")
	nextFrame()
	e := query("#form-create-user .error")
	if !e.Truthy() || !strings.Contains(e.Get("textContent").String(), "AccessDenied") {
		t.Fatalf("no AccessDenied at the form")
	}
}

func newStoreJS(t *testing.T) *Store {
	t.Helper()
	s, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A panic while a click is handled (here in the store's Changed hook) does
// not stop the program: the page shows InternalFailure, and the next click
// works.
func TestPanicInAClickKeepsThePageAlive(t *testing.T) {
	s := newStoreJS(t)
	mount(t, s, ModeFull)
	s.Changed = func() { panic("boom") }
	query("#new-user").Set("value", "Zoe")
	query("#form-create-user button[type=submit]").Call("click")
	nextFrame()
	banner := query(".banners .error")
	if !banner.Truthy() || !strings.Contains(banner.Get("textContent").String(), "InternalFailure") {
		t.Fatalf("no InternalFailure banner after the panic")
	}
	s.Changed = nil
	query("#new-user").Set("value", "Yann")
	query("#form-create-user button[type=submit]").Call("click")
	nextFrame()
	if !query(`tr[data-user="Yann"]`).Truthy() {
		t.Error("the page stopped answering after a panic")
	}
}
