package armexport

import (
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// index holds the lookups the export needs more than once, built in one
// pass over the design so that the export stays O(n log n) in its size.
type index struct {
	// userLoc maps "rt:", "nsg:", "nat:" or "pip:" and an id to the
	// location of the first VNet (by id) whose subnet or NIC uses it.
	userLoc map[string]string
	// connLoc maps "lng:" or "erc:" and an id to the location of the VNet
	// of the gateway of the first connection (by id) to it.
	connLoc map[string]string
	vms     map[string]*model.VM
	gwVNet  map[string]string
	// designPIPs are the design's public IP ids; heldPIPs those a NIC, a
	// load balancer frontend or a NAT gateway holds, and those gatewayPIP
	// has given a gateway or Route Server.
	designPIPs, heldPIPs map[string]bool
	// reverse maps a Vnet2Vnet connection's (gateway1, gateway2) to the
	// connection ids with those ends.
	reverse map[[2]string][]string
	// siteVia lists, per site, the local network gateways and circuits
	// that describe it.
	siteVia map[string][]string
}

func newIndex(t *model.Topology, vnets map[string]*model.VNet) *index {
	ix := &index{userLoc: map[string]string{}, connLoc: map[string]string{}, vms: map[string]*model.VM{},
		gwVNet: map[string]string{}, designPIPs: map[string]bool{}, heldPIPs: map[string]bool{}, reverse: map[[2]string][]string{}, siteVia: map[string][]string{}}
	loc := func(vnet string) string {
		if v := vnets[vnet]; v != nil {
			return v.Location
		}
		return ""
	}
	first := func(m map[string]string, k, l string) {
		if _, ok := m[k]; !ok && l != "" {
			m[k] = l
		}
	}
	for _, v := range t.VNets {
		for _, s := range v.Subnets {
			first(ix.userLoc, "rt:"+s.RouteTable, v.Location)
			first(ix.userLoc, "nsg:"+s.NetworkSecurityGroup, v.Location)
			first(ix.userLoc, "nat:"+s.NatGateway, v.Location)
		}
	}
	for i, vm := range t.VMs {
		if _, ok := ix.vms[vm.ID]; !ok {
			ix.vms[vm.ID] = &t.VMs[i]
		}
		for _, n := range vm.NICs {
			vnet, _, _ := splitSubnet(n.Subnet)
			first(ix.userLoc, "nsg:"+n.NetworkSecurityGroup, loc(vnet))
			first(ix.userLoc, "pip:"+n.PublicIPAddress, loc(vnet))
		}
	}
	for _, p := range t.PublicIPAddresses {
		ix.designPIPs[p.ID] = true
	}
	ix.holders(t)
	ix.hybrid(t, loc, first)
	return ix
}

// holders records the public IPs the design's NICs, load balancer
// frontends and NAT gateways hold (rule:internet-edge.public-ip-holders).
func (ix *index) holders(t *model.Topology) {
	for _, vm := range t.VMs {
		for _, n := range vm.NICs {
			ix.heldPIPs[n.PublicIPAddress] = true
		}
	}
	for _, lb := range t.LoadBalancers {
		for _, f := range lb.FrontendIPConfigurations {
			ix.heldPIPs[f.PublicIPAddress] = true
		}
	}
	for _, n := range t.NatGateways {
		for _, p := range n.PublicIPAddresses {
			ix.heldPIPs[p] = true
		}
	}
	delete(ix.heldPIPs, "")
}

// hybrid indexes gateways, connections and sites.
func (ix *index) hybrid(t *model.Topology, loc func(string) string, first func(map[string]string, string, string)) {
	for _, g := range t.Gateways {
		if _, ok := ix.gwVNet[g.ID]; !ok {
			ix.gwVNet[g.ID] = g.VNet
		}
	}
	conns := slices.Clone(t.Connections)
	slices.SortStableFunc(conns, func(a, b model.Connection) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range conns {
		l := loc(ix.gwVNet[c.VirtualNetworkGateway1])
		switch c.ConnectionType {
		case model.ConnIPsec:
			first(ix.connLoc, "lng:"+c.LocalNetworkGateway2, l)
		case model.ConnExpressRoute:
			first(ix.connLoc, "erc:"+c.Peer, l)
		case model.ConnVnet2Vnet:
			k := [2]string{c.VirtualNetworkGateway1, c.VirtualNetworkGateway2}
			ix.reverse[k] = append(ix.reverse[k], c.ID)
		}
	}
	for _, l := range t.LocalNetworkGateways {
		ix.siteVia[l.Site] = append(ix.siteVia[l.Site], "local network gateway "+l.ID)
	}
	for _, c := range t.Circuits {
		ix.siteVia[c.Site] = append(ix.siteVia[c.Site], "circuit "+c.ID)
	}
}

// located is the location the index holds under k, nil when none.
func located(m map[string]string, k string) any {
	if l, ok := m[k]; ok {
		return l
	}
	return nil
}
