//go:build race

package bgp

// raceEnabled: the race detector makes the oracles of this package
// (TestKeyCoversEveryInput, TestUpdateEqualsCompute), which run on one
// goroutine, about ten times slower, minutes of `make test`. Under it (and
// with -short, as make test-wasm-node runs them) they run a sample: fewer
// alternatives and half the built-in scenarios, shorter edit sequences.
// make test-native runs this package again without the race detector,
// whole.
const raceEnabled = true
