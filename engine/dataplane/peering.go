package dataplane

import (
	"iter"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// buildPeerings records each usable peering from both VNets' points of view.
// A peering is unusable (and left out) when a VNet is missing, both links
// name the same VNet, the address spaces overlap (rule:peering.no-overlap: creation fails), or an
// earlier peering (by id) already joins the same two VNets.
func (p *Plane) buildPeerings(ps []model.Peering) {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b model.Peering) int { return strings.Compare(a.ID, b.ID) })
	seen := map[[2]string]bool{}
	for _, pr := range ps {
		a, okA := p.vnets[pr.A.VNet]
		b, okB := p.vnets[pr.B.VNet]
		if !okA || !okB || a.ID == b.ID || !pr.A.Exists() && !pr.B.Exists() {
			continue
		}
		key := [2]string{min(a.ID, b.ID), max(a.ID, b.ID)}
		if seen[key] || overlaps(a, b) {
			continue
		}
		seen[key] = true
		sa, sb := pr.LinkStates()
		if p.failed[model.Failure{Kind: model.PeeringDown, Target: pr.ID}] {
			sa, sb = model.Disconnected, model.Disconnected
		}
		global := a.Location != "" && b.Location != "" && !strings.EqualFold(a.Location, b.Location)
		p.links[a.ID] = append(p.links[a.ID], Link{Peering: pr.ID, Local: a.ID, Remote: b.ID, Self: pr.A, Other: pr.B, State: sa, Global: global})
		p.links[b.ID] = append(p.links[b.ID], Link{Peering: pr.ID, Local: b.ID, Remote: a.ID, Self: pr.B, Other: pr.A, State: sb, Global: global})
	}
	p.linkIx = make(map[[2]string]*Link, 2*len(seen))
	for k := range p.links {
		slices.SortFunc(p.links[k], func(x, y Link) int { return strings.Compare(x.Remote, y.Remote) })
		for i := range p.links[k] {
			p.linkIx[[2]string{k, p.links[k][i].Remote}] = &p.links[k][i]
		}
	}
}

func overlaps(a, b *VNet) bool {
	for _, x := range a.Prefixes {
		for _, y := range b.Prefixes {
			if x.Overlaps(y) {
				return true
			}
		}
	}
	return false
}

// Links returns vnet's peering links sorted by remote VNet.
func (p *Plane) Links(vnet string) []Link { return slices.Clone(p.links[vnet]) }

// LinksOf yields vnet's peering links sorted by remote VNet, without
// copying them: the links belong to the plane; callers must not modify
// them.
func (p *Plane) LinksOf(vnet string) iter.Seq[*Link] {
	return func(yield func(*Link) bool) {
		ls := p.links[vnet]
		for i := range ls {
			if !yield(&ls[i]) {
				return
			}
		}
	}
}

// Link returns local's link to remote, or nil when no peering joins them.
// The link belongs to the plane; callers must not modify it.
func (p *Plane) Link(local, remote string) *Link {
	return p.linkIx[[2]string{local, remote}]
}
