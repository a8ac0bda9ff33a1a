// Command wasm is vnetplay's browser entry, built with GOOS=js GOARCH=wasm
// into the site's app.wasm. It holds no server code: the static site is
// generated and served by cmd/vnetplay.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/routes"
)

func main() {
	routes.Register()
	app.RunWhenOnBrowser()
}
