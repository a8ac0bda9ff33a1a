package store

import "vnetplay/app/kinds"

// rehearsalSuffix marks the location a rehearsal gives the first VNet: any
// value other than its own makes the change an edit.
const rehearsalSuffix = "-rehearsal"

// Rehearse prepares an edit, as Try does, and drops it: the first VNet's
// location changed. Nothing of the session changes: not its version, its
// history, its what-if failures, nor the edit Try keeps for Apply. It
// reports whether it rehearsed: not on a read-only session (it takes no
// edit), nor on a design without a VNet.
//
// The page rehearses once a design it opened is drawn and the page is
// idle, so that its user's first edit does not also pay for what an edit
// runs for the first time: in wasm the browser compiles a function at its
// first call, and a first edit after a reload at 100 VNets was painted
// ~50 ms later than the next ones (docs/performance.md, thirtieth round).
func (s *Session) Rehearse() bool {
	if s.readOnly {
		return false
	}
	vnets := s.hist.Current().Doc.Topology.VNets
	if len(vnets) == 0 {
		return false
	}
	v := vnets[0]
	kept := s.tried
	_, _, _ = s.prepare(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: v.ID}, Path: "location", Value: v.Location + rehearsalSuffix}, true)
	s.tried = kept
	return true
}
