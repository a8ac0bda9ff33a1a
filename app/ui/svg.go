package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// SVGNS is the SVG namespace. go-app creates an element with
// createElementNS only when that element itself carries XMLNS; children do
// not inherit it (go-app-wasm-notes §8), so every SVG element is built with S.
const SVGNS = "http://www.w3.org/2000/svg"

// S returns an SVG element of the given tag in the SVG namespace.
func S(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(SVGNS) }
