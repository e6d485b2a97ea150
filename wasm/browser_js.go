//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"
	"syscall/js"
)

// The browser: localStorage, the location, the clipboard, downloads and
// file reading. Everything that touches them is here, behind small
// functions, so the components stay readable.

// jsStorage is window.localStorage as a Storage. Access can throw (site
// data blocked, sandboxed iframe, quota), so every use recovers.
type jsStorage struct{ ls js.Value }

// newJSStorage returns localStorage, or nil when the page may not use it.
//
// Reading window.localStorage throws a SecurityError when the browser
// blocks site data. js.Value.Get cannot be guarded: wasm_exec.js's
// valueGet does not catch, so the exception unwinds through the Go program
// and stops it (issue #7: StartFailed). Reflect.get through Call is
// guarded: valueCall catches and Call panics with a js.Error, which try
// recovers. A storage that reads but refuses a write (Safari's private
// mode used to) is also treated as none.
func newJSStorage() Storage {
	var st Storage
	err := try(func() {
		g := js.Global()
		ls := g.Get("Reflect").Call("get", g, "localStorage")
		if !ls.Truthy() {
			return
		}
		const probe = "cloudplay.probe"
		ls.Call("setItem", probe, "1")
		ls.Call("removeItem", probe)
		st = jsStorage{ls}
	})
	if err != nil {
		return nil
	}
	return st
}

func (s jsStorage) Get(key string) (string, bool) {
	var v js.Value
	if try(func() { v = s.ls.Call("getItem", key) }) != nil || v.Type() != js.TypeString {
		return "", false
	}
	return v.String(), true
}

func (s jsStorage) Set(key, value string) error {
	return try(func() { s.ls.Call("setItem", key, value) })
}

func (s jsStorage) Remove(key string) error {
	return try(func() { s.ls.Call("removeItem", key) })
}

// try runs f, turning a JavaScript exception (or a panic) into an error.
func try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				err = errors.New(jsErrorText(e.Value))
				return
			}
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// funcOf is js.FuncOf for a callback that must never stop the program: a
// panic in f is recovered and logged, and the callback returns undefined.
func funcOf(f func(this js.Value, args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				logPanic(r, debug.Stack())
				out = nil
			}
		}()
		return f(this, args)
	})
}

// recoverAndLog, deferred at the top of a goroutine, recovers a panic and
// logs it: a panic that leaves a goroutine stops the whole program.
func recoverAndLog() {
	if r := recover(); r != nil {
		logPanic(r, debug.Stack())
	}
}

// logPanic reports a recovered panic on the console, with its stack.
func logPanic(r any, stack []byte) {
	_ = try(func() {
		js.Global().Get("console").Call("error", fmt.Sprintf("cloudplay: recovered from a panic: %v\n%s", r, stack))
	})
}

func location() js.Value { return js.Global().Get("location") }

// locationHash returns location.hash ("#s=..." or "").
func locationHash() string { return location().Get("hash").String() }

// queryParam returns the value of a ?name= parameter of the page's URL.
func queryParam(name string) string {
	var v string
	try(func() {
		p := js.Global().Get("URLSearchParams").New(location().Get("search"))
		if r := p.Call("get", name); r.Type() == js.TypeString {
			v = r.String()
		}
	})
	return v
}

// setHash replaces the URL's fragment without a navigation or a history
// entry ("" removes it).
func setHash(fragment string) {
	try(func() {
		url := location().Get("pathname").String() + location().Get("search").String()
		if fragment != "" {
			url += "#" + fragment
		}
		js.Global().Get("history").Call("replaceState", js.Null(), "", url)
	})
}

// dropStaleLink removes a #s= fragment once the account no longer is what
// the link holds, so a reload shows the saved work, not the old link.
func dropStaleLink() {
	if LinkValue(locationHash()) != "" {
		setHash("")
	}
}

// pageURL returns the page's address with fragment.
func pageURL(fragment string) string {
	l := location()
	return l.Get("origin").String() + l.Get("pathname").String() + l.Get("search").String() + "#" + fragment
}

// embedURL returns the address of the embed page beside this page, showing
// panel, with fragment.
func embedURL(panel, fragment string) string {
	l := location()
	dir := l.Get("pathname").String()
	dir = dir[:strings.LastIndexByte(dir, '/')+1]
	return l.Get("origin").String() + dir + "embed.html?panel=" + url.QueryEscape(panel) + "#" + fragment
}

// copyText copies text to the clipboard when the browser allows it and
// calls done with whether it did.
func copyText(text string, done func(ok bool)) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(false)
		return
	}
	var p js.Value
	if try(func() { p = clip.Call("writeText", text) }) != nil {
		done(false)
		return
	}
	promiseThen(p, func(js.Value) { done(true) }, func(js.Value) { done(false) })
}

// promiseThen calls ok or fail when p settles, releasing the callbacks.
func promiseThen(p js.Value, ok, fail func(js.Value)) {
	var okF, failF js.Func
	release := func() { okF.Release(); failF.Release() }
	okF = funcOf(func(_ js.Value, args []js.Value) any {
		release()
		ok(arg0(args))
		return nil
	})
	failF = funcOf(func(_ js.Value, args []js.Value) any {
		release()
		fail(arg0(args))
		return nil
	})
	p.Call("then", okF, failF)
}

func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// download offers data as a file named name.
func download(name, mime string, data []byte) error {
	return try(func() {
		arr := js.Global().Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(arr, data)
		blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
		url := js.Global().Get("URL").Call("createObjectURL", blob)
		doc := js.Global().Get("document")
		a := doc.Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		a.Set("hidden", true)
		doc.Get("body").Call("appendChild", a)
		a.Call("click")
		a.Call("remove")
		// Revoke later: some browsers start the download asynchronously.
		var f js.Func
		f = funcOf(func(js.Value, []js.Value) any {
			f.Release()
			_ = try(func() { js.Global().Get("URL").Call("revokeObjectURL", url) })
			return nil
		})
		js.Global().Call("setTimeout", f, 10000)
	})
}

// maxImport bounds an imported file: exported files are saved work, up to
// maxSavedSize (CONTRACT.md "Sizes and options").
const maxImport = maxSavedSize

// readFile reads the first file chosen in a file input and calls done with
// its name and contents, or an error.
func readFile(input js.Value, done func(name string, data []byte, err error)) {
	files := input.Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	f := files.Index(0)
	name := f.Get("name").String()
	if size := f.Get("size").Int(); size > maxImport {
		done(name, nil, fmt.Errorf("the file is %s; at most %s are accepted", byteSize(size), byteSize(maxImport)))
		return
	}
	promiseThen(f.Call("text"), func(v js.Value) {
		done(name, []byte(v.String()), nil)
	}, func(e js.Value) {
		done(name, nil, fmt.Errorf("the file could not be read: %s", jsErrorText(e)))
	})
}

func jsErrorText(e js.Value) string {
	if e.Type() == js.TypeObject && e.Get("message").Type() == js.TypeString {
		return e.Get("message").String()
	}
	return strings.TrimSpace(fmt.Sprint(e))
}

// fileName turns a scenario name into a download file name.
func fileName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "scenario"
	}
	return "cloudplay-" + s + ".json"
}
