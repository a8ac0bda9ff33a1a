package reach

import "vnetplay/engine/route"

// A patch that visits much of the matrix after an edit whose changed
// prefixes hold every endpoint (a UDR of the spokes' table covering
// 10.0.0.0/8 that no walk's answer depends on) checks each visited cell's
// recorded lookups on the new plane: at 500 VNets about 280,000 lookups,
// each of a (spoke table, address) pair of its own, so a memo by table and
// address saves nothing. But the spokes' tables are one span's (span.go):
// for an address far from a class's VNet, every class of a span looks up
// the same route (TestSpanLookupsAgree), which the matrix's legs already
// rely on. spanChecks answers such a check's lookup once per span and
// column, from the classes of the new plane; any other lookup (a NIC or an
// address not the new plane's, a class in no span, a column near it) is
// made as before.

// spanChecks memoizes the new plane's lookups of far columns' addresses by
// span and column.
type spanChecks struct {
	cls *classes // dense, on the new plane
	// at is, by span × column, 1 + the index in answers of the lookup's
	// answer (0: not looked up yet).
	at      []int32
	answers []checkAnswer
}

// checkAnswer is one lookup's answer.
type checkAnswer struct {
	e     route.Effective
	found bool
}

// newSpanChecks is the memo over cls (dense, on the new plane), or nil
// when cls has no span.
func newSpanChecks(cls *classes) *spanChecks {
	if cls.spans.of == nil {
		return nil
	}
	return &spanChecks{cls: cls, at: make([]int32, len(cls.spans.linked)*len(cls.nics))}
}

// lookup is the new plane's answer to a lookup at the subnet of g's entry
// nic, whose new route table is table, of the address of g's entry dst:
// ok is false when the memo cannot say (the caller looks it up).
func (s *spanChecks) lookup(g *lookupGen, nic, dst int32, table *route.Table) (_ *checkAnswer, ok bool) {
	c := s.cls
	n := int32(len(c.nics))
	if nic >= n || dst >= n || c.nics[nic].Subnet != g.subnet[nic] || c.cols[dst].nic.IP != g.ip[dst] {
		return nil, false // not the new plane's NIC at that index (or a GatewaySubnet's entry)
	}
	ci := c.class[nic]
	k := &c.cls[ci]
	if !c.spans.has(ci) || k.table != table || !c.cols[dst].fast || !c.spans.far(ci, k.vnet, dst) {
		return nil, false
	}
	at := &s.at[int(c.spans.of[ci])*int(n)+int(dst)]
	if *at == 0 {
		e, found := table.Lookup(g.ip[dst])
		s.answers = append(s.answers, checkAnswer{e: e, found: found})
		*at = int32(len(s.answers))
	}
	return &s.answers[*at-1], true
}

// spanned reports whether spans hold at least three classes in four of c
// (dense): its legs are then about one row per span.
func (c *classes) spanned() bool {
	return c.stats.SpanClasses*4 >= len(c.cls)*3
}
