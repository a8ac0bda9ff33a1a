package reach

import "vnetplay/engine/trace"

// Packed questions checked once: a patch after an edit that changed the
// BGP result checks every packed cell that asked the hybrid control plane
// (the cells through a gateway: thousands, asking the same few questions).
// packedHybridHolds memoizes each question's answer; for a packed cell
// the memo is keyed by the question as packed — its lookup table, the
// index of its ID there, its kind and the index in that table of the NIC
// whose address it names (none, or the cell's column's or row's) — which
// names exactly one trace.HybridRead (cellView.hybridAt) without making
// it or hashing anything: a table's answers are dense, by ID and kind,
// then by NIC.

// packedMemo is the memo of packed questions' answers, per lookup table.
type packedMemo struct {
	last    *lookupGen
	lastAns *genAnswers
	byGen   map[*lookupGen]*genAnswers
}

// genAnswers are one lookup table's answers: rows[id*kindsPerID+kind]
// by NIC index + 1 (0: no address); 0 not known, 1 the same, 2 not.
type genAnswers struct{ rows [][]int8 }

// kindsPerID bounds the question kinds the dense memo holds (trace's
// HybridReadKind values); a question of a greater kind is asked each time.
const kindsPerID = 8

// slot is where the answer of the question (id, kind, NIC nic, -1 for
// none) of lookup table g is kept, nil when the memo does not keep it.
func (m *packedMemo) slot(g *lookupGen, id int32, kind trace.HybridReadKind, nic int32) *int8 {
	if int(kind) >= kindsPerID || id < 0 || nic < -1 {
		return nil
	}
	if m.last != g {
		a := m.byGen[g]
		if a == nil {
			a = &genAnswers{}
			if m.byGen == nil {
				m.byGen = map[*lookupGen]*genAnswers{}
			}
			m.byGen[g] = a
		}
		m.last, m.lastAns = g, a
	}
	a := m.lastAns
	row := int(id)*kindsPerID + int(kind)
	if row >= len(a.rows) {
		a.rows = append(a.rows, make([][]int8, row+1-len(a.rows))...)
	}
	col := int(nic) + 1
	if col >= len(a.rows[row]) {
		a.rows[row] = append(a.rows[row], make([]int8, max(col+1, len(g.ip)+1)-len(a.rows[row]))...)
	}
	return &a.rows[row][col]
}

// packedHybridHolds is hybridHolds for a packed cell (deps.full nil).
func (c *changes) packedHybridHolds(deps cellView) bool {
	if c.packed == nil {
		c.packed = &packedMemo{}
	}
	for k, q := range deps.reads {
		nic := int32(-1)
		switch q.addr {
		case addrDst:
			nic = deps.dstNIC
		case addrSrc:
			nic = deps.srcNIC
		}
		at := c.packed.slot(deps.gen, q.id, q.kind, nic)
		if at == nil {
			if !c.sameAnswer(deps.hybridAt(k)) {
				return false
			}
			continue
		}
		if *at == 0 {
			*at = 2
			if c.sameAnswer(deps.hybridAt(k)) {
				*at = 1
			}
		}
		if *at != 1 {
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
