//go:build !race && !(js && wasm)

package ui

// raceEnabled: see race_test.go.
const raceEnabled = false
