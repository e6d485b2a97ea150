// Command wasm is the cloudplay playground in the browser: a Vecty UI over
// one simulated account, the JS host behind window.cloudplay (site/cloudplay.js),
// and the start-up precedence of links, saved work and the default scenario.
//
// Files without a build tag hold the logic (Store, Host, start-up plan,
// membership grid, event formatting) and are tested natively with go test.
// Files that touch the DOM or syscall/js are tagged js && wasm; build them
// with GOOS=js GOARCH=wasm and test them with wasmbrowsertest.
//
// State flows one way (STYLE.md): a DOM event or a host call becomes an
// action, Store.Dispatch applies it to the account through Call or Advance
// (or replaces the account by loading a scenario), and the Store's
// listeners re-render the components.
package main
