package store

import (
	"strings"

	"vnetplay/app/canvas"
)

// Fields describes every property of resource r in this snapshot.
func (s *Snapshot) Fields(r Ref) ([]Field, error) {
	v, err := locate(&s.Doc.Topology, r)
	if err != nil {
		return nil, err
	}
	return Fields(v), nil
}

// Exists reports whether resource r is in the snapshot's document.
func (s *Snapshot) Exists(r Ref) bool {
	_, err := locate(&s.Doc.Topology, r)
	return err == nil
}

// RefForPath maps a diagnostic path ("vnets[hub].subnets[app].addressPrefix",
// "peerings[p1]", "routeTables[rt].routes[r1]") to the resource it is about:
// the innermost resource the canvas shows.
func RefForPath(path string) (Ref, bool) {
	coll, id, rest, ok := cutIndex(path)
	if !ok {
		return Ref{}, false
	}
	switch coll {
	case "vnets":
		if sub, name, _, ok := cutIndex(strings.TrimPrefix(rest, ".")); ok && sub == "subnets" {
			return Ref{Kind: canvas.KindSubnet, ID: id + "/" + name}, true
		}
		return Ref{Kind: canvas.KindVNet, ID: id}, true
	case "peerings":
		return Ref{Kind: Peering, ID: id}, true
	case "routeTables":
		return Ref{Kind: canvas.KindRouteTable, ID: id}, true
	case "networkSecurityGroups":
		return Ref{Kind: canvas.KindNSG, ID: id}, true
	case "virtualMachines":
		return Ref{Kind: canvas.KindVM, ID: id}, true
	case "loadBalancers":
		return Ref{Kind: canvas.KindLB, ID: id}, true
	case "virtualNetworkGateways":
		if strings.HasPrefix(rest, ".vpnClientConfiguration") {
			return Ref{Kind: canvas.KindP2S, ID: id}, true
		}
		return Ref{Kind: Gateway, ID: id}, true
	case "routeServers":
		return Ref{Kind: canvas.KindRouteServer, ID: id}, true
	case "sites":
		return Ref{Kind: canvas.KindSite, ID: id}, true
	case "localNetworkGateways":
		return Ref{Kind: canvas.KindLNG, ID: id}, true
	case "expressRouteCircuits":
		return Ref{Kind: canvas.KindCircuit, ID: id}, true
	case "connections":
		return Ref{Kind: Connection, ID: id}, true
	}
	return Ref{}, false
}

// cutIndex splits "coll[id]rest".
func cutIndex(s string) (coll, id, rest string, ok bool) {
	coll, after, ok := strings.Cut(s, "[")
	if !ok {
		return "", "", "", false
	}
	id, rest, ok = strings.Cut(after, "]")
	return coll, id, rest, ok && coll != "" && id != ""
}

// SelectionKey is the canvas key that selects r: a node key, or "edge:" and
// the edge key for a peering. A VM with several NICs is selected through
// its first chip.
func (s *Snapshot) SelectionKey(r Ref) string {
	switch r.Kind {
	case Peering:
		return "edge:peering:" + r.ID
	case Connection:
		return "edge:connection:" + r.ID
	case Gateway:
		if _, ok := s.Scene.Node(canvas.Key(canvas.KindERGateway, r.ID)); ok {
			return canvas.Key(canvas.KindERGateway, r.ID)
		}
		return canvas.Key(canvas.KindVPNGateway, r.ID)
	case canvas.KindVM, canvas.KindNVA:
		if _, ok := s.Scene.Node(canvas.Key(canvas.KindVM, r.ID)); ok {
			return canvas.Key(canvas.KindVM, r.ID)
		}
		for _, n := range s.Scene.Nodes {
			if (n.Kind == canvas.KindVM || n.Kind == canvas.KindNVA) && n.Ref == r.ID {
				return n.Key
			}
		}
	}
	return canvas.Key(r.Kind, r.ID)
}

// RefForKey is the inverse of SelectionKey.
func (s *Snapshot) RefForKey(key string) (Ref, bool) {
	if id, ok := strings.CutPrefix(key, "edge:peering:"); ok {
		return Ref{Kind: Peering, ID: id}, s.Exists(Ref{Kind: Peering, ID: id})
	}
	if id, ok := strings.CutPrefix(key, "edge:connection:"); ok {
		return Ref{Kind: Connection, ID: id}, s.Exists(Ref{Kind: Connection, ID: id})
	}
	n, ok := s.Scene.Node(key)
	if !ok {
		return Ref{}, false
	}
	return RefOf(n), true
}

// Unpinned returns the positions of the top-level nodes whose position is
// not saved in the document (placed by auto-layout), by resource id: what a
// Move pins so that the rest of the design stays where it is drawn.
func (s *Snapshot) Unpinned() map[string]canvas.Point {
	out := map[string]canvas.Point{}
	for _, n := range s.Scene.Nodes {
		if n.Parent != "" || !n.Movable {
			continue
		}
		if s.Doc.Layout != nil {
			if _, ok := s.Doc.Layout.Nodes[n.Ref]; ok {
				continue
			}
		}
		out[n.Ref] = canvas.Point{X: n.Box.X, Y: n.Box.Y}
	}
	return out
}
