//go:build !race

package canvas

// raceEnabled: see race_test.go.
const raceEnabled = false
