package whatif

import (
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
)

// impact is c's N-1 result from the endpoint pairs' changes between the
// intact design and the design with c failed (diff.ComparePairs): the
// pairs reachable before and not after (sorted by from, then to, with
// diff's texts) and the count of pairs reachable both times over
// different nodes. A pair only after cannot count as either.
func impact(c model.Component, ch *diff.Changes) SPOF {
	s := SPOF{Component: c, Lost: []diff.PairChange{}}
	for _, p := range ch.Pairs {
		switch p.Change {
		case diff.Lost:
			s.Lost = append(s.Lost, p)
		case diff.PathChanged:
			s.Moved++
		}
	}
	return s
}
