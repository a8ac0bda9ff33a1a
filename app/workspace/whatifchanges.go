package workspace

import (
	"slices"

	"vnetplay/engine/diff"
)

// WhatIfChanges is what the What-if panel shows of what the failures
// change (store.Snapshot.Changes): every count, and each list cut at
// DiffListLimit rows, the lost pairs first, then the regained, then the
// rerouted, each kind in the engine's order. Failing the hub firewall of a
// 151-VNet design changes about 90,000 endpoint pairs; the engine's
// worker sends only this, and the panel draws only this (sending and
// drawing every pair froze the page for minutes). The CLI lists them all:
// vnetplay whatif.
type WhatIfChanges struct {
	Counts WhatIfCounts       `json:"counts"`
	Pairs  []diff.PairChange  `json:"pairs"`
	Routes []diff.RouteChange `json:"routes"`
	BGP    []diff.BGPChange   `json:"bgp"`
}

// WhatIfCounts are the complete counts of a WhatIfChanges: pairs by
// change (diff.Lost, diff.Regained, diff.PathChanged), route changes in
// subnets and BGP best-path changes.
type WhatIfCounts struct {
	Lost     int `json:"lost"`
	Regained int `json:"regained"`
	Rerouted int `json:"rerouted"`
	Routes   int `json:"routes"`
	BGP      int `json:"bgp"`
}

// Pairs is the number of endpoint pairs that changed.
func (n WhatIfCounts) Pairs() int { return n.Lost + n.Regained + n.Rerouted }

// Empty reports whether the failures change nothing.
func (c *WhatIfChanges) Empty() bool { return c.Counts.Pairs()+c.Counts.Routes+c.Counts.BGP == 0 }

// Truncated reports whether a list holds fewer rows than its count.
func (c *WhatIfChanges) Truncated() bool {
	return len(c.Pairs) < c.Counts.Pairs() || len(c.Routes) < c.Counts.Routes || len(c.BGP) < c.Counts.BGP
}

// pairRank orders the pair changes a reviewer looks for first: lost,
// regained, rerouted.
func pairRank(change string) int {
	switch change {
	case diff.Lost:
		return 0
	case diff.Regained:
		return 1
	}
	return 2
}

// whatIfChanges is ch as the What-if panel shows it (nil for nil): the
// lists cut, and each before and after in the page's words (Plain: the
// engine's rule codes left out).
func whatIfChanges(ch *diff.Changes) *WhatIfChanges {
	if ch == nil {
		return nil
	}
	c := &WhatIfChanges{Counts: WhatIfCounts{Routes: len(ch.Routes), BGP: len(ch.BGP)}}
	for _, p := range ch.Pairs {
		switch p.Change {
		case diff.Lost:
			c.Counts.Lost++
		case diff.Regained:
			c.Counts.Regained++
		default:
			c.Counts.Rerouted++
		}
	}
	pairs := slices.Clone(ch.Pairs)
	slices.SortStableFunc(pairs, func(a, b diff.PairChange) int { return pairRank(a.Change) - pairRank(b.Change) })
	c.Pairs = pairs[:min(len(pairs), DiffListLimit)]
	c.Routes = slices.Clone(ch.Routes[:min(len(ch.Routes), DiffListLimit)])
	c.BGP = slices.Clone(ch.BGP[:min(len(ch.BGP), DiffListLimit)])
	for i := range c.Pairs {
		c.Pairs[i].Before, c.Pairs[i].After = Plain(c.Pairs[i].Before), Plain(c.Pairs[i].After)
	}
	for i := range c.Routes {
		c.Routes[i].Before, c.Routes[i].After = Plain(c.Routes[i].Before), Plain(c.Routes[i].After)
	}
	for i := range c.BGP {
		c.BGP[i].Before, c.BGP[i].After = Plain(c.BGP[i].Before), Plain(c.BGP[i].After)
	}
	return c
}
