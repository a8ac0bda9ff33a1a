package store

import "vnetplay/app/kinds"

// rehearsalSuffix marks the location a rehearsal gives the first VNet: any
// value other than its own makes the change an edit.
const rehearsalSuffix = "-rehearsal"

// Rehearse prepares an edit, as Try does, and drops it: the first VNet's
// location changed. Nothing of the session changes: not its version, its
// history, its what-if failures, nor the edit Try keeps for Apply. When
// the session defers analysis (SetDeferred), it also makes the edit's
// pending snapshot, as Apply does, and returns it: the page sends it to
// the engine's worker, which rehearses its part (Mirror.Try); nil
// otherwise (the snapshot would be analysed at once). It reports whether
// it rehearsed: not on a read-only session (it takes no edit), nor on a
// design without a VNet.
//
// The page rehearses once a design it opened is drawn and the page is
// idle, so that its user's first edit does not also pay for what an edit
// runs for the first time: in wasm the browser compiles a function at its
// first call, and a first edit after a reload at 100 VNets was painted
// ~50 ms later than the next ones (docs/performance.md, thirtieth round).
// Compiled code is first the browser's baseline tier, optimized only once
// it has run enough: the page rehearses a few times (thirty-first round).
func (s *Session) Rehearse() (*Snapshot, bool) {
	if s.readOnly {
		return nil, false
	}
	vnets := s.hist.Current().Doc.Topology.VNets
	if len(vnets) == 0 {
		return nil, false
	}
	v := vnets[0]
	kept := s.tried
	defer func() { s.tried = kept }()
	if _, _, err := s.prepare(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: v.ID}, Path: "location", Value: v.Location + rehearsalSuffix}, true); err != nil {
		return nil, false
	}
	if t := s.tried; s.deferred && t != nil {
		return s.prepared(s.hist.Current(), t.next, t.alike, t.checked), true
	}
	return nil, true
}
