package whatif

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/diff"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// outcome is one endpoint pair's answer as diff.Take records it: whether
// the packet arrives, the text a diff.PairChange shows, and the nodes
// crossed.
type outcome struct {
	ok   bool
	text string
	path string
}

// pairKey is an ordered (from, to) endpoint pair.
type pairKey [2]string

// outcomes walks every ordered endpoint pair of p and each endpoint to the
// Internet, as diff.Take does (same walker, same texts: Sweep must agree
// with Apply, TestSweepEqualsApply), but checks ctx before each walk so
// that one design's walks can be stopped. On a done ctx it returns
// ctx.Err() and no outcomes.
func outcomes(ctx context.Context, p *dataplane.Plane) (map[pairKey]outcome, error) {
	eps := p.Endpoints()
	cols := append(slices.Clone(eps), reach.Internet)
	// No size hint: preparing a million-entry map up front takes seconds
	// that no context check can interrupt; growing it is amortized.
	out := map[pairKey]outcome{}
	w := trace.NewPathWalker(p, trace.Options{})
	for _, from := range eps {
		for _, to := range cols {
			if to == from {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			out[pairKey{from, to}] = walk(p, w, from, to)
		}
	}
	return out, nil
}

// walk is the outcome of one pair.
func walk(p *dataplane.Plane, w *trace.Walker, from, to string) outcome {
	f := trace.Flow{Src: from, DstIP: trace.InternetProbe()}
	if to != reach.Internet {
		_, f.DstIP, _ = p.Endpoint(to)
	}
	d, why, nodes := w.Path(f)
	path := strings.Join(nodes, " → ")
	return outcome{ok: d.Success(), text: d.String() + " via " + path + ": " + why, path: path}
}

// impact is c's N-1 result: the pairs reachable before and not after
// (sorted by from, then to, with diff's texts) and the count of pairs
// reachable both times over different nodes. A pair only after cannot
// count as either.
func impact(c model.Component, before, after map[pairKey]outcome) SPOF {
	s := SPOF{Component: c, Lost: []diff.PairChange{}}
	for k, ob := range before {
		if !ob.ok {
			continue
		}
		oa, ok := after[k]
		switch {
		case !ok || !oa.ok:
			if !ok {
				oa.text = "endpoint absent"
			}
			s.Lost = append(s.Lost, diff.PairChange{From: k[0], To: k[1], Change: diff.Lost, Before: ob.text, After: oa.text})
		case ob.path != oa.path:
			s.Moved++
		}
	}
	slices.SortFunc(s.Lost, func(x, y diff.PairChange) int { return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To)) })
	return s
}
