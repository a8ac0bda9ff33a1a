package dataplane

import (
	"iter"
	"maps"
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
		sa, sb := p.linkStates(&pr)
		global := a.Location != "" && b.Location != "" && !model.SameLocation(a.Location, b.Location)
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

// linkStates is the states of peering pr's links (A's, B's) in p: both
// Disconnected while pr is failed (PeeringDown).
func (p *Plane) linkStates(pr *model.Peering) (a, b model.PeeringState) {
	if p.failed[model.Failure{Kind: model.PeeringDown, Target: pr.ID}] {
		return model.Disconnected, model.Disconnected
	}
	return pr.LinkStates()
}

// maxPeeringEdits bounds the changed peerings updatePeerings patches in
// prev's links; more are built anew.
const maxPeeringEdits = 8

// updatePeerings is buildPeerings(ps) for a plane sharing prev's base
// (shareBase: the same VNets, locations included): when ps holds the
// peerings prev was built from (its hybrid copy), in the same order with
// the same ids and VNets, and at most maxPeeringEdits of them changed
// (their flags, lifecycles, synced address spaces or failure), each
// keeping whether either of its links exists and with an id no other
// peering has, then the same peerings
// join the same VNets (buildPeerings' choice reads nothing else) and
// only the links of the changed ones differ: p takes prev's links and
// replaces those, copying the lists of their VNets only (a VNet whose
// links are unchanged shares prev's list, which ChangedLinks compares by
// identity). Otherwise it builds every link (buildPeerings). The result
// is buildPeerings' (TestPlaneUpdateAfterEachLinkField).
func (p *Plane) updatePeerings(prev *Plane, ps []model.Peering) {
	changed, ok := p.changedPeerings(prev, ps)
	if !ok {
		p.buildPeerings(ps)
		return
	}
	p.links, p.linkIx = prev.links, prev.linkIx
	if len(changed) == 0 {
		return
	}
	p.links, p.linkIx = maps.Clone(prev.links), maps.Clone(prev.linkIx)
	copied := map[string]bool{}
	for _, pr := range changed {
		sa, sb := p.linkStates(pr)
		p.setLink(pr.A.VNet, pr.B.VNet, pr, pr.A, pr.B, sa, copied)
		p.setLink(pr.B.VNet, pr.A.VNet, pr, pr.B, pr.A, sb, copied)
	}
}

// changedPeerings lists the peerings of ps whose links in p differ from
// prev's, ok false when updatePeerings must build them all (see there).
func (p *Plane) changedPeerings(prev *Plane, ps []model.Peering) (changed []*model.Peering, ok bool) {
	if prev == nil || prev.hybrid == nil || prev.cfg.naive || p.cfg.naive {
		return nil, false
	}
	old := prev.hybrid.topo.Peerings
	if len(old) != len(ps) {
		return nil, false
	}
	for i := range ps {
		a, b := &old[i], &ps[i]
		if a.ID != b.ID || a.A.VNet != b.A.VNet || a.B.VNet != b.B.VNet {
			return nil, false
		}
		down := model.Failure{Kind: model.PeeringDown, Target: b.ID}
		if samePeeringLink(&a.A, &b.A) && samePeeringLink(&a.B, &b.B) && prev.failed[down] == p.failed[down] {
			continue
		}
		if (a.A.Exists() || a.B.Exists()) != (b.A.Exists() || b.B.Exists()) || len(changed) == maxPeeringEdits || !uniqueID(ps, i) {
			return nil, false
		}
		changed = append(changed, b)
	}
	return changed, true
}

// uniqueID reports whether no peering of ps but the i-th has its id: a
// link naming it is then that peering's (setLink).
func uniqueID(ps []model.Peering, i int) bool {
	for j := range ps {
		if j != i && ps[j].ID == ps[i].ID {
			return false
		}
	}
	return true
}

// setLink sets local's link to remote to peering pr's (self local's side,
// other remote's, in state st), when pr (its id unique) is the peering
// prev's links chose between them (else pr joins nothing: it is left out
// alike). Each
// VNet's list is copied (and its index entries re-pointed) once, at its
// first change (copied).
func (p *Plane) setLink(local, remote string, pr *model.Peering, self, other model.PeeringLink, st model.PeeringState, copied map[string]bool) {
	l := p.linkIx[[2]string{local, remote}]
	if l == nil || l.Peering != pr.ID {
		return
	}
	ls := p.links[local]
	if !copied[local] {
		ls = slices.Clone(ls)
		p.links[local] = ls
		for i := range ls {
			p.linkIx[[2]string{local, ls[i].Remote}] = &ls[i]
		}
		copied[local] = true
	}
	i, found := slices.BinarySearchFunc(ls, remote, func(l Link, r string) int { return strings.Compare(l.Remote, r) })
	if !found {
		return
	}
	ls[i].Self, ls[i].Other, ls[i].State = self, other, st
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
