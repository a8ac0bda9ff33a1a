//go:build race

package bgp

// raceEnabled: the race detector makes the mutation oracle
// (TestKeyCoversEveryInput) about ten times slower, more than a minute of
// `make test`. Under it, it tries fewer alternatives on its base design and
// half the built-in scenarios; natively and in wasm (make test-wasm-node)
// it runs whole.
const raceEnabled = true
