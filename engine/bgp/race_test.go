//go:build race

package bgp

// raceEnabled: the race detector makes the oracles of this package
// (TestKeyCoversEveryInput, TestUpdateEqualsCompute), which run on one
// goroutine, about ten times slower, minutes of `make test`. Under it (and
// with -short, as make test-wasm-node runs them) they run a sample: fewer
// alternatives and built-in scenarios, shorter edit sequences. The package
// starts no goroutine, so make test-native runs it without the race
// detector only (ENGINE_PKGS), whole.
const raceEnabled = true
