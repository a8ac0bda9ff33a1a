package reach

import (
	"context"
	"reflect"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// keptDesigns are the designs TestKeptCellEqualsByMemo checks: the span
// designs, askTheSource (source questions answered per source), twins (two
// VNets with the same range: NICs with the same address, srcIn reading
// the ranges), askTheSource with stateful appliances and an NSG, and
// with the spokes' 10.0.0.0/8 sent to the Internet.
func keptDesigns(t *testing.T) map[string]model.Topology {
	t.Helper()
	designs := spanDesigns(t)
	designs["askTheSource"] = askTheSource()
	twins := gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 10, Seed: 2})
	for i := range twins.VNets {
		if twins.VNets[i].ID == "spoke002" || twins.VNets[i].ID == "spoke004" {
			twins.VNets[i].AddressSpace.AddressPrefixes = append([]string(nil), twins.VNets[i-1].AddressSpace.AddressPrefixes...)
		}
	}
	designs["twins"] = twins
	st := askTheSource() // stateful appliances, an NSG on s3's subnet
	for i := range st.VMs {
		st.VMs[i].Stateful = st.VMs[i].NICs[0].EnableIPForwarding
	}
	st.NSGs = []model.NSG{{ID: "nsg3"}}
	st.VNets[3].Subnets[0].NetworkSecurityGroup = "nsg3"
	designs["stateful"] = st
	inet := askTheSource() // the spokes send each other to the Internet: each exit is its NIC's
	inet.RouteTables[0].Routes[1] = model.Route{Name: "private", AddressPrefix: "10.0.0.0/8", NextHopType: model.HopInternet}
	designs["internet"] = inet
	return designs
}

// TestKeptCellEqualsByMemo: keptCell is byMemo wherever it answers. Each
// design's NIC cells are asked of keptCell and then of byMemo twice, row
// by row: in the first pass keptCell meets walks not kept yet (it must
// leave those cells), in the second every walk is kept; then every walk
// keptWalk reads equals the walk resolved for its own source. Both flows, with
// and without tag-only peering flags. The matrices fillKept fills equal
// fillIx's (with outcomeIn) and one walk per cell.
func TestKeptCellEqualsByMemo(t *testing.T) {
	answered, slow, shared := 0, 0, 0
	for name, topo := range keptDesigns(t) {
		p := dataplane.Build(&topo)
		for k, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
			flow := trace.Flow{}
			if k == 1 {
				flow = trace.Flow{Protocol: "Udp", DstPort: 22}
			}
			c := newClasses(p, flow, opts, false, true)
			if c.memo == nil || !c.aligned(p.Endpoints()) {
				t.Fatalf("%s: no kept walks", name)
			}
			f := c.newKeptFacts()
			for i, sv := range f.srcV {
				if sv == srcSlow {
					slow++
				}
				if !f.uniqueIP[i] {
					t.Fatalf("%s: two NICs at %s", name, c.nics[i].IP) // dataplane.Build keeps one NIC per address
				}
			}
			n := int32(len(c.nics))
			for pass := range 2 {
				for r := range n {
					for j := range n {
						if r == j {
							continue
						}
						got, ok := c.keptCell(f, r, j)
						d, why, memoOK := c.byMemo(r, j)
						if ok && (!memoOK || got != (outcome{reason: why, disp: d})) {
							t.Fatalf("%s %d: pass %d, %s → %s: keptCell %+v, byMemo %v %q (%v)", name, k, pass, c.nics[r].ID, c.nics[j].ID, got, d, why, memoOK)
						}
						if ok {
							answered++
							if f.span[r] >= 0 {
								shared++
							}
						}
					}
				}
			}
			for s := range n {
				for j := range n {
					if s == j {
						continue
					}
					if w, ok := c.keptWalk(f, s, j); ok && w != c.resolved(s, j) {
						t.Fatalf("%s %d: %s → %s: kept walk %x, resolved %x", name, k, c.nics[s].ID, c.nics[j].ID, w, c.resolved(s, j))
					}
				}
			}
			c = newClasses(p, flow, opts, false, true)
			got, err := fillKept(context.Background(), p, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fillIx(context.Background(), p, newClasses(p, flow, opts, false, true).outcomeIn, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, ComputePerPair(p, flow, opts)) {
				t.Fatalf("%s %d: fillKept's matrix differs", name, k)
			}
		}
	}
	if answered == 0 || shared == 0 || slow == 0 {
		t.Fatalf("keptCell answered %d cells, %d of span sources; %d sources whose VNet srcIn reads by range", answered, shared, slow)
	}
}

// TestFillKeptStops: fillKept stopped by its context returns the rows
// done, as fillIx does.
func TestFillKeptStops(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 10, Seed: 2})
	p := dataplane.Build(&topo)
	ctx, cancel := context.WithCancel(context.Background())
	m, err := fillKept(ctx, p, newClasses(p, trace.Flow{}, trace.Options{}, false, true), func(done, _ int) {
		if done == 3 {
			cancel()
		}
	})
	if err == nil || len(m.Rows) != 3 || len(m.cells) != 3 {
		t.Fatalf("stopped: %d rows, %d rows of cells, %v", len(m.Rows), len(m.cells), err)
	}
	full := Compute(p, trace.Flow{})
	for r := range m.cells {
		if !reflect.DeepEqual(m.cells[r], full.cells[r]) {
			t.Fatalf("row %d differs from the full matrix's", r)
		}
	}
}

// TestMemoChunks: the chunked memo keeps each walk at its slot, as a map
// would, and makes only the chunks written.
func TestMemoChunks(t *testing.T) {
	for _, n := range []int{2, 40, 300} {
		slots := n * (n - 1)
		c := &classes{memo: make([][]uint64, (slots+memoChunk-1)/memoChunk)}
		want := map[int]uint64{}
		for i := range 200 {
			k := (i * 7919) % slots
			w := uint64(i)<<32 | memoDone
			c.keep(k, w)
			want[k] = w
		}
		chunks := map[int]bool{}
		for k := range slots {
			if c.kept(k) != want[k] {
				t.Fatalf("n=%d: slot %d keeps %x, want %x", n, k, c.kept(k), want[k])
			}
			if _, ok := want[k]; ok {
				chunks[k/memoChunk] = true
			}
		}
		for i, ch := range c.memo {
			if (ch != nil) != chunks[i] {
				t.Fatalf("n=%d: chunk %d made %v, written %v", n, i, ch != nil, chunks[i])
			}
		}
	}
}
