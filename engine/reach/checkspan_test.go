package reach

import (
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// TestSpanChecksEqualLookups: every lookup spanChecks answers (a class of a
// span, a column far from it) equals the class's own table's lookup, on
// designs with spans and the span edge cases, the columns visited in both
// orders so that a column's memo is made by every class in turn.
func TestSpanChecksEqualLookups(t *testing.T) {
	for name, topo := range spanDesigns(t) {
		p := dataplane.Build(&topo)
		for _, reverse := range []bool{false, true} {
			c := newClasses(p, trace.Flow{}, trace.Options{}, true, true)
			s := newSpanChecks(c)
			if s == nil {
				continue
			}
			n := int32(len(c.nics))
			answered := 0
			for dst := range n {
				for k := range n {
					nic := k
					if reverse {
						nic = n - 1 - k
					}
					table := c.cls[c.class[nic]].table
					a, ok := s.lookup(c.gen, nic, dst, table)
					if !ok {
						continue
					}
					answered++
					e, found := table.Lookup(c.nics[dst].IP)
					if a.found != found || a.e != e {
						t.Errorf("%s: %s's table looks up %s as %v (%v), the span memo says %v (%v)", name, c.nics[nic].ID, c.nics[dst].IP, e.Prefix, found, a.e.Prefix, a.found)
					}
				}
			}
			if answered == 0 && name == "hubspoke" {
				t.Errorf("%s: the span memo answered no lookup", name)
			}
		}
	}
}
