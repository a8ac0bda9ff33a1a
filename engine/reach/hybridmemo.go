package reach

import (
	"encoding/binary"

	"vnetplay/engine/trace"
)

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

// questionMemo memoizes the answers to walked cells' questions
// (hybridHolds), by question: an open-addressing table of indices into
// the questions memoized, in order, whose hash reads the kind, the
// address and the ID's length and last 8 bytes, comparing whole
// questions. A patch after a failed circuit asks ~2,300 questions, ~400
// distinct; a Go map hashed every question's ID string and address with
// the generic struct hash, and grew as it filled. It keeps each question
// by pointer, as the cells' stored Deps hold it (never written): a copy
// of each was 37 KB of a flipped peering flag's edit.
type questionMemo struct {
	at   []int32 // 1 + the index in qs, 0 empty; len a power of two, at most half full
	qs   []*trace.HybridRead
	same []bool // by index in qs
	// recent holds, by position in a cell's questions, the index in qs of
	// the question asked there last (answer): the cells of a row ask
	// mostly the same questions in the same order (about two in three
	// after a failed circuit or a flipped peering flag), found so without
	// hashing.
	recent []int32
}

// answer is *q's answer, *q being question k of a cell's (k = 0, 1, …
// in turn, as the cell asks them): memoized, else ask(*q), memoized. *q
// must not change while m is used. Equal to a map from question to ask's
// answer (TestQuestionMemoAnswerEqualsMap).
func (m *questionMemo) answer(k int, q *trace.HybridRead, ask func(trace.HybridRead) bool) bool {
	if k < len(m.recent) {
		if ix := m.recent[k]; *m.qs[ix] == *q {
			return m.same[ix]
		}
	}
	ix, ok := m.index(q)
	if !ok {
		ix = m.put(q, ask(*q))
	}
	if k < len(m.recent) {
		m.recent[k] = ix
	} else if k == len(m.recent) {
		m.recent = append(m.recent, ix)
	}
	return m.same[ix]
}

// get returns *q's answer, if memoized.
func (m *questionMemo) get(q *trace.HybridRead) (same, ok bool) {
	ix, ok := m.index(q)
	if !ok {
		return false, false
	}
	return m.same[ix], true
}

// index is *q's index in m.qs, if memoized.
func (m *questionMemo) index(q *trace.HybridRead) (int32, bool) {
	if len(m.at) == 0 {
		return 0, false
	}
	mask := uint64(len(m.at) - 1)
	for i := questionHash(q) & mask; ; i = (i + 1) & mask {
		k := m.at[i]
		if k == 0 {
			return 0, false
		}
		if *m.qs[k-1] == *q {
			return k - 1, true
		}
	}
}

// questionMemoFirst is how many questions a questionMemo makes room for
// at its first put, in questionMemoSlots slots (a power of two, at least
// twice as many): a patch that asks any asks hundreds (~420 distinct
// after a failed circuit, ~520 after a flipped peering flag), which grew
// the memo from 64 slots six times, ~70 KB of copies per edit.
const (
	questionMemoFirst = 768
	questionMemoSlots = 2048
)

// put memoizes *q's answer (not memoized yet; *q must not change while m
// is used) and returns q's index in m.qs.
func (m *questionMemo) put(q *trace.HybridRead, same bool) int32 {
	if m.qs == nil {
		m.qs, m.same = make([]*trace.HybridRead, 0, questionMemoFirst), make([]bool, 0, questionMemoFirst)
	}
	m.qs, m.same = append(m.qs, q), append(m.same, same)
	if 2*len(m.qs) > len(m.at) {
		m.at = make([]int32, max(questionMemoSlots, 2*len(m.at)))
		for k := range m.qs {
			m.place(k)
		}
	} else {
		m.place(len(m.qs) - 1)
	}
	return int32(len(m.qs) - 1)
}

// place puts index k of qs in the table.
func (m *questionMemo) place(k int) {
	mask := uint64(len(m.at) - 1)
	i := questionHash(m.qs[k]) & mask
	for m.at[i] != 0 {
		i = (i + 1) & mask
	}
	m.at[i] = int32(k + 1)
}

// questionHash mixes q's kind, address and the length and last 8 bytes
// of its ID (questions equal in all of these share a probe sequence:
// correct, slower).
func questionHash(q *trace.HybridRead) uint64 {
	a := q.Addr.As16()
	h := uint64(q.Kind) ^ uint64(len(q.ID))<<8 ^ binary.LittleEndian.Uint64(a[:8])*0x9e3779b97f4a7c15
	h ^= binary.LittleEndian.Uint64(a[8:])
	if n := len(q.ID); n >= 8 {
		h ^= binary.LittleEndian.Uint64([]byte(q.ID[n-8:])) * 0xc2b2ae3d27d4eb4f
	} else {
		for k := range n {
			h ^= uint64(q.ID[k]) << (8*k + 16)
		}
	}
	return mix64(h)
}

// mix64 is a 64-bit finalizer (splitmix64's).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
