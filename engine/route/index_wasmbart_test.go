//go:build wasm && lpmbart && !lpmmaps

package route

// Under wasm netip.Addr.AsSlice is not inlined, so a bart lookup allocates
// once (index_bart.go); the allocation checks allow for it.
func init() { lookupAllocates = true }
