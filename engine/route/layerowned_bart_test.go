//go:build !lpmmaps && (!wasm || lpmbart)

package route

// sharesIndex reports whether two layers share one index.
func sharesIndex(a, b *Layer) bool { return a.t.index.trie() == b.t.index.trie() }
