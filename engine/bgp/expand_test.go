package bgp

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// TestExpandSharesUnchangedLists pins the expansion's sharing (expand with
// a prior component): a component run again by prefix classes takes the
// previous result's expanded list wherever its representatives' list is
// identical and the classes are the same, and expands the rest. Along a
// hub's circuit failed, restored, failed with one more site prefix of an
// existing class (the representatives' lists stay the same, the classes
// do not: nothing may be taken) and restored, every result equals a
// computation per prefix, the classes and some lists are taken where the
// classes' inputs held, and none are where they changed. Removing either
// guard of expand (the same classes, the identical representatives' list)
// or sameClassInputs makes it fail.
func TestExpandSharesUnchangedLists(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 12, Subnets: 1, Prefixes: 120, UDRs: 2, Seed: 1})
	circuitDown := []model.Failure{{Kind: model.CircuitDown, Target: topo.Circuits[0].ID}}
	steps := []struct {
		name   string
		edit   func(t *model.Topology)
		fails  []model.Failure
		shared bool // some list is taken from the previous result
	}{
		{"circuit failed", nil, circuitDown, true},
		{"circuit restored", nil, nil, true},
		{"failed, a site prefix added", func(t *model.Topology) {
			s := &t.Sites[0]
			s.AdvertisedPrefixes = append(s.AdvertisedPrefixes, "172.31.250.0/24")
		}, circuitDown, false},
		{"restored again", nil, nil, true},
	}
	prev := Compute(&topo, nil)
	for _, st := range steps {
		topo = cloneTopo(t, topo)
		if st.edit != nil {
			st.edit(&topo)
		}
		up := Update(prev, &topo, st.fails)
		full := update(nil, &topo, st.fails, config{maxRounds: MaxRounds, perPrefix: true})
		if a, b := dump(up, &topo), dump(full, &topo); !bytes.Equal(a, b) {
			t.Fatalf("%s: Update differs from a computation per prefix at %s", st.name, firstDiff(a, b))
		}
		if up.how.classed != 1 {
			t.Fatalf("%s: %+v, want the hub's component run by classes", st.name, up.how)
		}
		if (up.shared > 0) != st.shared {
			t.Errorf("%s: %d lists shared, want some: %v", st.name, up.shared, st.shared)
		}
		// The classes are taken too, exactly when their inputs are the
		// same (sameClassInputs).
		if a, b := classesOf(prev), classesOf(up); (a == b) != st.shared {
			t.Errorf("%s: classes taken %v, want %v", st.name, a == b, st.shared)
		}
		prev = up
	}
}

// classesOf is the classes of r's component run by prefix classes (the
// designs here have one).
func classesOf(r *Result) *prefixClasses {
	for _, c := range r.comps {
		if c.classed != nil {
			return c.classed.pc
		}
	}
	return nil
}

// TestSiteLocalLentWhenUnchanged pins world.build's hint: a site's
// originated paths are the previous world's list when the site announces
// the same prefixes (a failed circuit), and parsed again when it does not
// (a prefix added, one removed, the advertised list emptied so that the
// address space is announced), then lent again. Every result equals a computation per
// prefix; lending the list without comparing the prefixes makes it fail.
func TestSiteLocalLentWhenUnchanged(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Subnets: 1, Prefixes: 30, UDRs: 2, Seed: 1})
	site := topo.Sites[0].ID
	steps := []struct {
		name string
		edit func(t *model.Topology) []model.Failure
		lent bool
	}{
		{"circuit failed", func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}, true},
		{"prefix added", func(t *model.Topology) []model.Failure {
			t.Sites[0].AdvertisedPrefixes = append(t.Sites[0].AdvertisedPrefixes, "198.51.100.0/24")
			return nil
		}, false},
		{"prefix removed", func(t *model.Topology) []model.Failure {
			t.Sites[0].AdvertisedPrefixes = t.Sites[0].AdvertisedPrefixes[1:]
			return nil
		}, false},
		{"address space announced", func(t *model.Topology) []model.Failure {
			t.Sites[0].AdvertisedPrefixes = nil
			return nil
		}, false},
		{"circuit failed again", func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}, true},
	}
	prev := Compute(&topo, nil)
	for _, st := range steps {
		topo = cloneTopo(t, topo)
		fails := st.edit(&topo)
		up := Update(prev, &topo, fails)
		full := update(nil, &topo, fails, config{maxRounds: MaxRounds, perPrefix: true})
		if a, b := dump(up, &topo), dump(full, &topo); !bytes.Equal(a, b) {
			t.Fatalf("%s: Update differs from a computation per prefix at %s", st.name, firstDiff(a, b))
		}
		a, b := prev.w.local[site], up.w.local[site]
		if lent := len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]; lent != st.lent {
			t.Errorf("%s: the site's paths lent %v, want %v", st.name, lent, st.lent)
		}
		prev = up
	}
}

// TestExpandFromEqualsExpand: expanding a representatives' list by
// splicing the expansion of an earlier version of it (expandFrom) gives
// the list expandList gives, on seeded random partitions and lists where
// classes gain, lose and change their entry; the chunks stay well formed
// (none empty, the count right). Leaving out the check that a class's
// entry is present in both versions (expandFrom's changed test) makes it
// fail.
func TestExpandFromEqualsExpand(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	spliced := 0
	for range 400 {
		n, k := 2+r.IntN(300), 1+r.IntN(8)
		pc := &prefixClasses{}
		for i := range n {
			pc.all = append(pc.all, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24))
		}
		slices.SortFunc(pc.all, comparePrefix)
		partition(r, pc, k)
		randList := func(base []Path) []Path {
			var out []Path
			for c, p := range pc.reps {
				if base != nil && r.IntN(4) > 0 { // mostly as before
					if i := slices.IndexFunc(base, func(x Path) bool { return x.Prefix == p }); i >= 0 {
						out = append(out, base[i])
					}
					continue
				}
				if r.IntN(3) > 0 {
					out = append(out, Path{Prefix: p, Weight: r.IntN(2), Neighbor: []string{"a", "b"}[r.IntN(2)], ASPath: []uint32{uint32(65000 + c)}})
				}
			}
			return out
		}
		was := randList(nil)
		list := randList(was)
		sc := newExpandScratch(pc)
		old := newChunked(expandList(pc, sc.ix, slices.Clone(was), pathPrefix, setPathPrefix), pathPrefix)
		want := expandList(pc, sc.ix, slices.Clone(list), pathPrefix, setPathPrefix)
		got, ok := expandFrom(pc, sc, list, was, old, pathPrefix, setPathPrefix, identicalPath)
		if !ok {
			continue
		}
		spliced++
		var flat []Path
		for x := range got.all() {
			flat = append(flat, *x)
		}
		if !identicalList(flat, want, identicalPath) || got.Len() != len(want) {
			t.Fatalf("n=%d k=%d: expandFrom gives %d entries, expandList %d (or they differ)", n, k, got.Len(), len(want))
		}
		for _, part := range got.parts {
			if len(part) == 0 {
				t.Fatalf("n=%d k=%d: an empty chunk", n, k)
			}
		}
	}
	if spliced < 50 {
		t.Errorf("only %d of 400 expansions spliced", spliced)
	}
}
