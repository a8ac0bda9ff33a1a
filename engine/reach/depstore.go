package reach

import (
	"slices"

	"vnetplay/engine/trace"
)

// depChunk is how many cells' Deps one chunk of a depStore holds.
const depChunk = 256

// depStore holds each cell's trace.Deps (in the Matrix's row-major order) in chunks
// of depChunk cells, copied on write: a Tracked derived by Update shares
// every chunk of the previous one it does not change, so an edit copies
// the chunks of the cells it walks again instead of every cell's Deps.
// A store never writes a chunk it does not own; a Tracked's store is not
// written once Update or ComputeTracked has returned it.
type depStore struct {
	chunks [][]trace.Deps
	owned  []bool // chunks this store made or copied, which it may write
	n      int
}

// newDepStore returns an empty store for about n cells.
func newDepStore(n int) depStore {
	k := (n + depChunk - 1) / depChunk
	return depStore{chunks: make([][]trace.Deps, 0, k), owned: make([]bool, 0, k)}
}

// at returns cell i's Deps.
func (s *depStore) at(i int) trace.Deps { return s.chunks[i/depChunk][i%depChunk] }

// add appends the next cell's Deps.
func (s *depStore) add(d trace.Deps) {
	if s.n%depChunk == 0 {
		s.chunks = append(s.chunks, make([]trace.Deps, 0, depChunk))
		s.owned = append(s.owned, true)
	}
	last := len(s.chunks) - 1
	s.chunks[last] = append(s.chunks[last], d)
	s.n++
}

// share returns a store with the same Deps that shares s's chunks and owns
// none of them (set copies a chunk before its first write).
func (s *depStore) share() depStore {
	return depStore{chunks: slices.Clone(s.chunks), owned: make([]bool, len(s.chunks)), n: s.n}
}

// set replaces cell i's Deps, copying its chunk first if s does not own it.
func (s *depStore) set(i int, d trace.Deps) {
	c := i / depChunk
	if !s.owned[c] {
		s.chunks[c] = slices.Clone(s.chunks[c])
		s.owned[c] = true
	}
	s.chunks[c][i%depChunk] = d
}
