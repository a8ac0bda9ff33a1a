package reach

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// TestPackedQuestionsMemoExact: a patch's memo of packed questions
// (changes.packedHybridHolds) answers each cell as asking its questions
// one by one would (trace.HybridRead.Same), when the new plane changes
// what some questions of the spokes' walks through the hub's VPN gateway
// answer and not others (spoke003 no longer uses the hub's gateways: its
// own VPN gateway question changes, and questions about its address),
// and two lookup tables number the questions' IDs in different orders
// (classes that answered different cells first): the memo tells the
// addresses and the tables apart.
func TestPackedQuestionsMemoExact(t *testing.T) {
	topo := gatewayTransit()
	old := dataplane.Build(&topo)
	topo.Peerings = slices.Clone(topo.Peerings)
	for i, pe := range topo.Peerings {
		if pe.A.VNet == "spoke003" {
			topo.Peerings[i].A.UseRemoteGateways = false
		}
		if pe.B.VNet == "spoke003" {
			topo.Peerings[i].B.UseRemoteGateways = false
		}
	}
	now := dataplane.Build(&topo)
	ix := func(id string) int {
		i := slices.Index(old.NICs(), id)
		if i < 0 {
			t.Fatalf("no NIC %s", id)
		}
		return i
	}
	s1, s2, s3 := ix("vm-spoke001/nic0"), ix("vm-spoke002/nic0"), ix("vm-spoke003/nic0")
	a := newClasses(old, trace.Flow{}, trace.Options{}, true, false)
	b := newClasses(old, trace.Flow{}, trace.Options{}, true, false)
	ch := &changes{old: old, new: now, bySubnet: map[string]subnetChange{}}
	differ, checked := 0, 0
	for _, cell := range []struct {
		c    *classes
		r, j int
	}{{a, s1, s3}, {a, s3, s2}, {b, s3, s1}, {b, s2, s1}, {a, s1, s2}, {b, s1, s2}} {
		nics := old.NICs()
		_, d := cell.c.cell(cell.r, cell.j, nics[cell.r], nics[cell.j])
		if d.gen == nil || len(d.reads) == 0 {
			t.Fatalf("%s → %s: not packed with questions", nics[cell.r], nics[cell.j])
		}
		v := packedView(d, int32(cell.r), int32(cell.j))
		want := true
		for k := range v.hybridLen() {
			want = want && v.hybridAt(k).Same(old, now)
		}
		if got := ch.hybridHolds(v); got != want {
			t.Errorf("%s → %s: the memo says the questions hold: %v, asked one by one: %v", nics[cell.r], nics[cell.j], got, want)
		}
		checked++
		if !want {
			differ++
		}
	}
	if slices.Equal(a.gen.ids, b.gen.ids) {
		t.Fatalf("both tables number the IDs alike (%v): the design tests nothing", a.gen.ids)
	}
	if differ == 0 || differ == checked {
		t.Fatalf("%d of %d cells' questions changed: the design tests nothing", differ, checked)
	}
}

// TestQuestionMemoEqualsMap checks questionMemo against a map on random
// questions, many asked again, whose IDs share their first and last 8
// bytes and differ in the middle (the hash reads only those: such
// questions collide), with IPv4, IPv6 and no addresses, across growths.
func TestQuestionMemoEqualsMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for round := range 20 {
		var m questionMemo
		want := map[trace.HybridRead]bool{}
		var asked []trace.HybridRead
		for range 50 + r.IntN(2000) {
			var q trace.HybridRead
			if len(asked) > 0 && r.IntN(3) == 0 {
				q = asked[r.IntN(len(asked))]
			} else {
				q.Kind = trace.HybridReadKind(1 + r.IntN(6))
				q.ID = fmt.Sprintf("speaker-%s-%d-gateway", []string{"", "x", "middle"}[r.IntN(3)], r.IntN(20))
				switch r.IntN(3) {
				case 0:
					q.Addr = netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(4)), byte(r.IntN(256))})
				case 1:
					q.Addr = netip.AddrFrom16([16]byte{0x20, 0x01, 15: byte(r.IntN(8))})
				}
				asked = append(asked, q)
			}
			got, ok := m.get(&q)
			w, okW := want[q]
			if ok != okW || got != w {
				t.Fatalf("round %d: get(%v) = %v %v, want %v %v", round, q, got, ok, w, okW)
			}
			if !ok {
				same := r.IntN(2) == 0
				m.put(&q, same)
				want[q] = same
			}
		}
		if len(m.qs) != len(want) {
			t.Fatalf("round %d: %d questions memoized, want %d", round, len(m.qs), len(want))
		}
	}
}

// TestQuestionMemoAnswerEqualsMap checks questionMemo.answer against a map
// from question to answer: cells of random questions, many cells asking
// their predecessor's at the same positions (the recent path), some
// shifted or cut short (a cell stops at a changed answer), each question
// asked of ask once.
func TestQuestionMemoAnswerEqualsMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 13))
	for round := range 20 {
		var m questionMemo
		truth := map[trace.HybridRead]bool{}
		asked := map[trace.HybridRead]int{}
		ask := func(q trace.HybridRead) bool {
			asked[q]++
			return truth[q]
		}
		var pool []trace.HybridRead
		for range 5 + r.IntN(300) {
			q := trace.HybridRead{Kind: trace.HybridReadKind(1 + r.IntN(6)), ID: fmt.Sprintf("gw-%d", r.IntN(40))}
			if r.IntN(2) == 0 {
				q.Addr = netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(4)), byte(r.IntN(256))})
			}
			truth[q] = r.IntN(5) != 0
			pool = append(pool, q)
		}
		var prev []trace.HybridRead
		for range 200 {
			var cell []trace.HybridRead
			switch k := r.IntN(4); {
			case k < 2 && len(prev) > 0: // the same questions, one perhaps changed
				cell = slices.Clone(prev)
				if r.IntN(2) == 0 {
					cell[r.IntN(len(cell))] = pool[r.IntN(len(pool))]
				}
			case k == 2 && len(prev) > 1: // shifted by one
				cell = slices.Clone(prev[1:])
			default:
				for range 1 + r.IntN(12) {
					cell = append(cell, pool[r.IntN(len(pool))])
				}
			}
			for k, q := range cell {
				if got := m.answer(k, &cell[k], ask); got != truth[q] {
					t.Fatalf("round %d: answer(%d, %v) = %v, want %v", round, k, q, got, truth[q])
				}
				if !truth[q] {
					break // hybridHolds stops at the first changed answer
				}
			}
			prev = cell
		}
		for q, n := range asked {
			if n != 1 {
				t.Fatalf("round %d: %v asked %d times", round, q, n)
			}
		}
	}
}
