//go:build race

package canvas

// raceEnabled: the race detector makes the scale and oracle tests about
// ten times slower; they run smaller under it.
const raceEnabled = true
