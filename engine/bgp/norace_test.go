//go:build !race

package bgp

// raceEnabled: see race_test.go.
const raceEnabled = false
