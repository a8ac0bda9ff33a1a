package reach

import (
	"net/netip"

	"vnetplay/engine/trace"
)

// Packed questions checked once: a patch after an edit that changed the
// BGP result checks every packed cell that asked the hybrid control plane
// (the cells through a gateway: thousands, asking the same few questions).
// hybridHolds memoizes each question's answer; for a packed cell the memo
// is keyed by the question as packed — its lookup table, the index of its
// ID there, its kind and the address it names (none, or the cell's
// destination or source) — which names exactly one trace.HybridRead
// (cellView.hybridAt) without making it or hashing its ID.

// packedQuestion names a packed question of a cell (see above).
type packedQuestion struct {
	g    *lookupGen
	id   int32
	kind trace.HybridReadKind
	addr netip.Addr
}

// packedHybridHolds is hybridHolds for a packed cell (deps.full nil).
func (c *changes) packedHybridHolds(deps cellView) bool {
	for k, q := range deps.reads {
		key := packedQuestion{g: deps.gen, id: q.id, kind: q.kind}
		switch q.addr {
		case addrDst:
			key.addr = deps.dst
		case addrSrc:
			key.addr = deps.src
		}
		same, ok := c.packedSame[key]
		if !ok {
			same = c.sameAnswer(deps.hybridAt(k))
			if c.packedSame == nil {
				c.packedSame = map[packedQuestion]bool{}
			}
			c.packedSame[key] = same
		}
		if !same {
			return false
		}
	}
	return true
}

// sameAnswer is q.Same(c.old, c.new), through one trace.HybridDiff per
// patch (a speaker's two Loc-RIBs compared once for all the questions
// about its best paths).
func (c *changes) sameAnswer(q trace.HybridRead) bool {
	if c.diff == nil {
		c.diff = trace.NewHybridDiff(c.old, c.new)
	}
	return c.diff.Same(q)
}
