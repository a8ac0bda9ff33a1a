//go:build race && !(js && wasm)

package ui

// raceEnabled: the race detector makes the page oracles that render the
// whole Shell after every step (TestMountedPanelIsDrawnPanel,
// TestNoRuleCodesOnScreen) about seven times slower, more than three
// minutes of `make test`, for code that runs on one goroutine. Under it they
// run a sample; make test-native runs this package again without it, whole.
const raceEnabled = true
