//go:build lpmmaps || (wasm && !lpmbart)

package route

// sharesIndex reports whether two layers share one index (its per-length
// maps).
func sharesIndex(a, b *Layer) bool {
	x, y := a.t.index.index4, b.t.index.index4
	return len(x) > 0 && len(y) > 0 && &x[0] == &y[0]
}
