// Package routes is the single place that registers vnetplay's pages with
// go-app. The wasm entry and the site generator both call Register, so the
// browser and the pre-rendered HTML can never disagree on routes.
package routes

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/ui"
)

// Register registers every page. Call it once, before app.RunWhenOnBrowser
// or app.GenerateStaticWebsite.
func Register() {
	app.Route("/", func() app.Composer { return &ui.Shell{} })
}
