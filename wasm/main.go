// Command wasm is vnetplay's browser entry, built with GOOS=js GOARCH=wasm
// into the site's app.wasm. It holds no server code: the static site is
// generated and served by cmd/vnetplay. The same binary runs in the page
// (the go-app UI) and in the engine's Web Worker (web/engine-worker.js),
// where there is no document: there it serves the engine's long
// computations (app/engineworker).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/engineworker"
	"vnetplay/app/routes"
)

func main() {
	if app.IsClient && app.Window().Get("document").IsUndefined() && app.Window().Get("WorkerGlobalScope").Truthy() {
		engineworker.Serve()
		return
	}
	routes.Register()
	app.RunWhenOnBrowser()
}
