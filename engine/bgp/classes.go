package bgp

import (
	"encoding/binary"
	"net/netip"
	"slices"

	"vnetplay/engine/keyenc"
)

// Prefix classes: a run over every prefix of a component decides each
// prefix alone (state's doc), from what the component's speakers
// originate and configure for it and from a few questions about the prefix
// itself. Two prefixes for which every such input and answer is the same
// go through every round alike: their entries differ in the prefix only.
// So solveWhole runs one prefix of each class, each counting for its
// class's size wherever the run adds prefixes up (prefix limits, the
// record), and writes the tables of the others from it. A site behind a
// hub announcing 4,000 /24s over ExpressRoute and VPN is one class, not
// 4,000 runs of the same decisions. TestClassesEqualPerPrefix and the
// Update oracles (TestUpdateEqualsCompute, FuzzUpdate, which compare with
// a run per prefix) check it.
//
// What a run reads of a prefix p (refine), and nothing else:
//   - each speaker's originated paths at p, every field but the prefix
//     (state.local, bestPaths);
//   - each session's statics at either end holding p, and its export
//     filters holding p (bestPaths, exportSession);
//   - whether p is the default route, and, for the VNet of each speaker,
//     whether p overlaps or equals the VNet's hub prefixes (export's
//     rule:bgp.what-gateway-advertises, receive's
//     rule:gateway-transit.exact-prefix-filtered).
//
// Everything else a round reads (sessions, speakers, paths' attributes)
// is the same for every prefix.

// prefixClasses partitions a component's prefixes into classes.
type prefixClasses struct {
	// all is every prefix of the component, sorted; class[i] is the class
	// of all[i]; reps[k] is class k's first prefix (reps sorted), size[k]
	// its number of prefixes.
	all   []netip.Prefix
	class []int32
	reps  []netip.Prefix
	size  []int32
	// weight is each representative's class size, for the run.
	weight map[netip.Prefix]int32
	// lens is each class's prefixes' lenBit masks, or-ed (a Loc-RIB kept
	// by classes is indexed from them, newLocIndex).
	lens []uint64
	// keys is v4Key of each of all, nil unless every prefix is IPv4: find
	// searches them instead of comparing prefixes.
	keys []uint64
}

// classesOf partitions the prefixes of component c by what a run reads
// of them (the list above), or returns nil when no two prefixes share a
// class (a run per prefix is the same run).
func (w *world) classesOf(c *component) *prefixClasses {
	all := w.componentPrefixes(c)
	if len(all) < 2 {
		return nil
	}
	class := w.refine(c, all)
	pc := &prefixClasses{all: all, class: make([]int32, len(all)), keys: v4Keys(all)}
	dense := make(map[int32]int32, len(all))
	for i, k := range class {
		id, ok := dense[k]
		if !ok {
			id = int32(len(pc.reps))
			dense[k] = id
			pc.reps = append(pc.reps, all[i])
			pc.size = append(pc.size, 0)
			pc.lens = append(pc.lens, 0)
		}
		pc.class[i] = id
		pc.size[id]++
		pc.lens[id] |= lenBit(all[i])
	}
	if len(pc.reps) == len(all) {
		return nil
	}
	pc.weight = make(map[netip.Prefix]int32, len(pc.reps))
	for k, p := range pc.reps {
		pc.weight[p] = pc.size[k]
	}
	return pc
}

// sameClassInputs reports whether component c of world nw gives every
// prefix the facts component o of world ow gave it (refine's list, and
// componentPrefixes' inputs): the same speakers in the same VNets with the
// same hub prefixes and equal originated paths, and as many sessions with
// equal statics and filters at each end. The classes of o (run by prefix
// classes in ow) are then c's.
func sameClassInputs(ow, nw *world, o, c *component) bool {
	if o.classed == nil || len(o.speakers) != len(c.speakers) || len(o.sessions) != len(c.sessions) {
		return false
	}
	for i, sp := range c.speakers {
		op := o.speakers[i]
		a, b := ow.local[op.ID], nw.local[sp.ID]
		if op.ID != sp.ID || op.VNet != sp.VNet || !sameSlicePaths(a, b) && !slices.EqualFunc(a, b, Path.equal) {
			return false
		}
		if sp.VNet != "" && ((ow.hubSet[sp.VNet] == nil) != (nw.hubSet[sp.VNet] == nil) || !slices.Equal(ow.hubPfx[sp.VNet], nw.hubPfx[sp.VNet])) {
			return false
		}
	}
	for i, s := range c.sessions {
		os := o.sessions[i]
		if !slices.Equal(os.staticAtA, s.staticAtA) || !slices.Equal(os.staticAtB, s.staticAtB) ||
			!slices.Equal(os.filterFromA, s.filterFromA) || !slices.Equal(os.filterFromB, s.filterFromB) {
			return false
		}
	}
	return true
}

// refiner splits classes: the class of (a class, a fact about a prefix)
// is a new one, the same for every prefix of that class with that fact.
// Two prefixes end in one class exactly when they started in one and met
// the same facts in the same order.
type refiner struct {
	next int32
	ids  map[[2]int32]int32
}

func (r *refiner) split(class, fact int32) int32 {
	k := [2]int32{class, fact}
	id, ok := r.ids[k]
	if !ok {
		r.next++
		id = r.next
		r.ids[k] = id
	}
	return id
}

// refine gives each prefix of all (sorted) a class id by the facts a run
// of c reads of it, in a fixed order: each speaker's originated paths at
// the prefix (every field but the prefix, in the list's order), each
// session end's statics and export filter holding it, whether it is the
// default route and, for the VNet of each speaker, whether it overlaps
// or equals the VNet's hub prefixes.
func (w *world) refine(c *component, all []netip.Prefix) []int32 {
	class := make([]int32, len(all))
	r := &refiner{ids: make(map[[2]int32]int32, 2*len(all))}
	facts := map[string]int32{} // path attributes → fact id
	var buf []byte
	fact := func(b []byte) int32 {
		id, ok := facts[string(b)]
		if !ok {
			id = int32(len(facts)) + 1
			facts[string(b)] = id
		}
		return id
	}
	for i, sp := range c.speakers {
		ps := w.local[sp.ID]
		k := 0
		for j := range ps {
			for comparePrefix(all[k], ps[j].Prefix) < 0 {
				k++
			}
			buf = appendPathKey(keyenc.Int(append(buf[:0], 1), i), ps[j])
			class[k] = r.split(class[k], fact(buf))
		}
	}
	for i, s := range c.sessions {
		for end, list := range [4][]netip.Prefix{s.staticAtA, s.staticAtB, s.filterFromA, s.filterFromB} {
			f := fact(keyenc.Int(keyenc.Int(append(buf[:0], 2), i), end))
			for _, p := range list {
				if k, found := slices.BinarySearchFunc(all, p, comparePrefix); found {
					class[k] = r.split(class[k], f)
				}
			}
		}
	}
	var hubs []*prefixSet
	for _, sp := range c.speakers {
		if h := w.hubSet[sp.VNet]; sp.VNet != "" && h != nil && !slices.Contains(hubs, h) {
			hubs = append(hubs, h)
		}
	}
	for k, p := range all {
		flags := keyenc.Flag(append(buf[:0], 3), p.Bits() == 0)
		for _, h := range hubs {
			flags = keyenc.Flag(keyenc.Flag(flags, h.overlaps(p)), h.has(p))
		}
		class[k] = r.split(class[k], fact(flags))
	}
	return class
}

// componentPrefixes is every prefix a run of c can hold: those its
// speakers originate and its sessions' statics, sorted, each once (a
// merge of those lists, each sorted already).
func (w *world) componentPrefixes(c *component) []netip.Prefix {
	var all []netip.Prefix
	for _, sp := range c.speakers {
		ps := w.local[sp.ID]
		own := make([]netip.Prefix, 0, len(ps))
		for i := range ps {
			if len(own) == 0 || own[len(own)-1] != ps[i].Prefix {
				own = append(own, ps[i].Prefix)
			}
		}
		all = mergePrefixes(all, own)
	}
	for _, s := range c.sessions {
		all = mergePrefixes(mergePrefixes(all, s.staticAtA), s.staticAtB)
	}
	return all
}

// mergePrefixes is the union of a and b (each sorted, without
// duplicates), sorted: a itself when b adds nothing.
func mergePrefixes(a, b []netip.Prefix) []netip.Prefix {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return slices.Clone(b)
	}
	out := make([]netip.Prefix, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := comparePrefix(a[i], b[j]); {
		case c < 0:
			out, i = append(out, a[i]), i+1
		case c > 0:
			out, j = append(out, b[j]), j+1
		default:
			out, i, j = append(out, a[i]), i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// appendPathKey encodes every field of p but its prefix.
func appendPathKey(b []byte, p Path) []byte {
	b = keyenc.Int(b, len(p.ASPath))
	for _, a := range p.ASPath {
		b = keyenc.Num(b, uint64(a))
	}
	b = keyenc.Int(b, int(p.Origin))
	b = keyenc.Str(b, p.Neighbor)
	b = keyenc.Str(b, p.Session)
	b = keyenc.Str(b, p.NextHop)
	b = keyenc.Int(b, p.Weight)
	for _, f := range [...]bool{p.Local, p.Static, p.ViaER, p.NoAdvertise, p.FromRS, p.nva, p.pool, p.lng, p.globalReach} {
		b = keyenc.Flag(b, f)
	}
	return b
}

// expand returns, from the tables of st, a run over the representatives,
// the tables of a run over every prefix (chunked): each representative's
// entries stand for every prefix of its class, expanded when first read
// whole (newClassedChunked). An expanded list reads nothing but
// the classes and its representatives' list, so when prior (a component
// of the previous result, run by prefix classes, or nil) was run with the
// same classes (samePartition), a list whose representatives' list is
// identical to prior's (identicalList) is prior's list, shared; one that
// differs is prior's spliced at the changed classes (expandFrom) when
// prior's has its chunks already (a splice or an eager expansion: a
// classedList is never expanded for this). It also returns how many lists
// it shared.
func (pc *prefixClasses) expand(st *state, prior *component) (loc map[string]chunked[Best], adjIn, adjOut map[string]map[string]chunked[Path], shared int) {
	var was *classedRun
	if prior != nil && prior.classed != nil && prior.classed.pc.samePartition(pc) {
		was = prior.classed
	}
	sc := newExpandScratch(pc)
	loc = make(map[string]chunked[Best], len(st.loc))
	for id, bests := range st.loc {
		if was != nil {
			if reps, ok := was.loc[id]; ok && identicalList(reps, bests, identicalBest) {
				loc[id] = prior.loc[id]
				shared++
				continue
			} else if old := prior.loc[id]; ok && old.lazy == nil {
				if l, ok := expandFrom(pc, sc, bests, reps, old, bestPrefix, setBestPrefix, identicalBest); ok {
					loc[id] = l
					continue
				}
			}
		}
		loc[id] = newClassedChunked(pc, bests, bestPrefix, setBestPrefix)
	}
	var inWas, outWas map[string]map[string][]Path
	var inPrior, outPrior map[string]map[string]chunked[Path]
	if was != nil {
		inWas, outWas, inPrior, outPrior = was.adjIn, was.adjOut, prior.adjIn, prior.adjOut
	}
	var n int
	adjIn, n = pc.expandPathMaps(sc, st.adjIn, inWas, inPrior)
	shared += n
	adjOut, n = pc.expandPathMaps(sc, st.adjOut, outWas, outPrior)
	return loc, adjIn, adjOut, shared + n
}

// setBestPrefix sets the prefix of b, a representative's best path copied
// for another prefix of its class, and of its equal paths (copied).
func setBestPrefix(b *Best, p netip.Prefix) {
	b.Prefix = p
	if len(b.Equal) > 0 {
		b.Equal = slices.Clone(b.Equal)
		for i := range b.Equal {
			b.Equal[i].Prefix = p
		}
	}
}

func setPathPrefix(x *Path, p netip.Prefix) { x.Prefix = p }

// expandScratch is scratch space for expanding lists of one partition:
// for each class, the entry of a list (ix) and of its earlier version
// (wix) at the class's representative.
type expandScratch struct{ ix, wix []int32 }

func newExpandScratch(pc *prefixClasses) *expandScratch {
	return &expandScratch{ix: make([]int32, len(pc.reps)), wix: make([]int32, len(pc.reps))}
}

// expandFrom is newChunked(expandList(pc, list)) made from old, the
// expansion of was under the same partition (an earlier run's
// representatives' list, one entry per prefix like list): old spliced
// (spliceChunked) at the prefixes of the classes whose representative's
// entry differs between was and list (identical, or present in one only),
// so that the chunks holding none of them are shared with old. It reports
// false, leaving the expansion to the caller, when those classes hold more
// than half the prefixes (a splice would copy most chunks anyway) or the
// list would be empty (whose nil-ness the expansion decides).
func expandFrom[T any](pc *prefixClasses, sc *expandScratch, list, was []T, old chunked[T], prefix func(*T) netip.Prefix, set func(*T, netip.Prefix), identical func(x, y *T) bool) (chunked[T], bool) {
	if len(list) == 0 || old.Len() == 0 {
		return chunked[T]{}, false
	}
	entryPerClass(pc, sc.ix, list, prefix)
	entryPerClass(pc, sc.wix, was, prefix)
	changed := 0
	for k := range pc.reps {
		i, j := sc.ix[k], sc.wix[k]
		if (i < 0) != (j < 0) || i >= 0 && !identical(&list[i], &was[j]) {
			changed += int(pc.size[k])
		} else {
			sc.ix[k] = -2 // unchanged: not spliced
		}
	}
	if 2*changed > len(pc.all) {
		return chunked[T]{}, false
	}
	d := make([]netip.Prefix, 0, changed)
	repl := make([]T, 0, changed)
	for i, p := range pc.all {
		switch j := sc.ix[pc.class[i]]; {
		case j == -2:
		case j == -1:
			d = append(d, p)
		default:
			d = append(d, p)
			repl = append(repl, list[j])
			set(&repl[len(repl)-1], p)
		}
	}
	out := spliceChunked(old, d, repl, prefix, func(a, b T) bool { return identical(&a, &b) })
	if out.Len() == 0 {
		return chunked[T]{}, false
	}
	return out, true
}

// entryPerClass sets ix[k] to the index in list (sorted by prefix, one
// entry per prefix, every prefix a representative) of class k's entry, -1
// when it has none.
func entryPerClass[T any](pc *prefixClasses, ix []int32, list []T, prefix func(*T) netip.Prefix) {
	for k := range ix {
		ix[k] = -1
	}
	for i := range list {
		k, _ := slices.BinarySearchFunc(pc.reps, prefix(&list[i]), comparePrefix)
		ix[k] = int32(i)
	}
}

// samePartition reports whether pc and o class the same prefixes alike
// (the same prefixes and the same class of each: the same classes).
func (pc *prefixClasses) samePartition(o *prefixClasses) bool {
	return slices.Equal(pc.all, o.all) && slices.Equal(pc.class, o.class)
}

// expandPathMaps expands every path list of m (speaker → session →
// paths), taking prior's expanded list where was (prior's lists before
// expansion, nil when none may be taken) holds an identical one. It
// returns how many lists it took.
func (pc *prefixClasses) expandPathMaps(sc *expandScratch, m, was map[string]map[string][]Path, prior map[string]map[string]chunked[Path]) (map[string]map[string]chunked[Path], int) {
	shared := 0
	out := make(map[string]map[string]chunked[Path], len(m))
	for id, bySession := range m {
		o := make(map[string]chunked[Path], len(bySession))
		for s, ps := range bySession {
			if reps, ok := was[id][s]; ok && identicalList(reps, ps, identicalPath) {
				o[s] = prior[id][s]
				shared++
				continue
			} else if old := prior[id][s]; ok && old.lazy == nil {
				if l, ok := expandFrom(pc, sc, ps, reps, old, pathPrefix, setPathPrefix, identicalPath); ok {
					o[s] = l
					continue
				}
			}
			o[s] = newClassedChunked(pc, ps, pathPrefix, setPathPrefix)
		}
		out[id] = o
	}
	return out, shared
}

// identicalList reports whether two lists are equal entry by entry, and
// both nil or both not.
func identicalList[T any](a, b []T, same func(x, y *T) bool) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if !same(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

// identicalPath is Path.equal with nil AS paths told from empty ones.
func identicalPath(a, b *Path) bool {
	return a.equal(*b) && (a.ASPath == nil) == (b.ASPath == nil)
}

// identicalBest is Best.equal with nil lists told from empty ones.
func identicalBest(a, b *Best) bool {
	return identicalPath(&a.Path, &b.Path) && a.Reason == b.Reason &&
		identicalList(a.Multipath, b.Multipath, func(x, y *string) bool { return *x == *y }) &&
		identicalList(a.Equal, b.Equal, identicalPath) &&
		identicalList(a.Tied, b.Tied, func(x, y *string) bool { return *x == *y })
}

// expandList is list (sorted by prefix, one entry per prefix, every
// prefix a representative) with each entry repeated for every prefix of
// its class, the prefix set by set: sorted by prefix. A list whose
// classes are all of one prefix is returned as is.
func expandList[T any](pc *prefixClasses, ix []int32, list []T, prefix func(*T) netip.Prefix, set func(*T, netip.Prefix)) []T {
	for k := range ix {
		ix[k] = -1
	}
	n := 0
	for i := range list {
		k, _ := slices.BinarySearchFunc(pc.reps, prefix(&list[i]), comparePrefix)
		ix[k] = int32(i)
		n += int(pc.size[k])
	}
	if n == len(list) {
		return list
	}
	out := make([]T, 0, n)
	for i, p := range pc.all {
		if j := ix[pc.class[i]]; j >= 0 {
			out = append(out, list[j])
			set(&out[len(out)-1], p)
		}
	}
	return out
}

// v4Key orders IPv4 prefixes (valid ones) as comparePrefix does: by
// address, then by length.
func v4Key(p netip.Prefix) uint64 {
	a := p.Addr().As4()
	return uint64(binary.BigEndian.Uint32(a[:]))<<8 | uint64(p.Bits())
}

// v4Keys is v4Key of each of all, or nil when one is not a valid IPv4
// prefix.
func v4Keys(all []netip.Prefix) []uint64 {
	keys := make([]uint64, len(all))
	for i, p := range all {
		if !p.IsValid() || !p.Addr().Is4() {
			return nil
		}
		keys[i] = v4Key(p)
	}
	return keys
}

// find is findPrefix(pc.all, p): through keys when p and every prefix of
// all are IPv4, so that Result.Lookup's searches compare integers.
func (pc *prefixClasses) find(p netip.Prefix) (int, bool) {
	if pc.keys == nil || !p.IsValid() || !p.Addr().Is4() {
		return findPrefix(pc.all, p)
	}
	return slices.BinarySearch(pc.keys, v4Key(p))
}
