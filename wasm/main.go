// Command wasm is vnetplay's browser entry, built with GOOS=js GOARCH=wasm
// into the site's app.wasm. It holds no server code: the static site is
// generated and served by cmd/vnetplay. The same binary runs in the page
// (the go-app UI) and in the engine's Web Worker (web/engine-worker.js),
// where there is no document: there it serves the engine's long
// computations (app/engineworker).
package main

import (
	"runtime/debug"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/engineworker"
	"vnetplay/app/idlegc"
	"vnetplay/app/routes"
)

func main() {
	tuneGC()
	// Collect while idle (a user between two actions), so that a cycle
	// seldom runs inside an edit (app/idlegc).
	idlegc.Run(idlegc.New(idlegc.Default()), 100*time.Millisecond)
	if app.IsClient && app.Window().Get("document").IsUndefined() && app.Window().Get("WorkerGlobalScope").Truthy() {
		engineworker.Serve()
		return
	}
	routes.Register()
	app.RunWhenOnBrowser()
}

// tuneGC lets the heap grow to five times what is live between
// collections (Go's default is twice), up to a soft limit of 1 GiB, in
// the page and in the engine's worker alike. Every edit of a big design
// allocates several times the live heap (a 500-VNet design: about 16 MB
// per edit drawn and analysed for 22 MB live, natively), so at the
// default the page collected about once per edit, and Go's collector in
// wasm marks on the page's only thread; the worker's collections take
// one of the machine's cores from the page. make bench-browser, default
// and tuned builds alternated (docs/performance.md, sixth round): edit →
// repaint at 500 VNets p50 112–130 → 84–88 ms (at 100 VNets 40–47 →
// 33–42 ms, within the runs' spread), for 7–15% more resident memory.
func tuneGC() {
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1 << 30)
}
