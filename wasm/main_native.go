//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists so that the package builds natively (go build ./..., go vet);
// the playground runs only in the browser.
func main() {
	fmt.Fprintln(os.Stderr, "cloudplay: build with GOOS=js GOARCH=wasm and open site/index.html")
	os.Exit(2)
}
