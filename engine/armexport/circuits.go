package armexport

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// circuits exports the ExpressRoute circuits with their Azure private
// peering (rule:import.hybrid-resources). The service provider, peering location and bandwidth
// are placeholders the design does not hold: parameters.
func (e *exporter) circuits() {
	for _, c := range e.t.Circuits {
		path := "expressRouteCircuits[" + c.ID + "]"
		if !e.nameOK(path, tCircuit, c.ID) {
			continue
		}
		tier := "Standard"
		if c.PremiumAddOn {
			tier = "Premium"
		}
		spp := obj{
			"serviceProviderName": paramRef(e.placeholder(c.ID, "serviceProviderName", "string", "Equinix", "service provider")),
			"peeringLocation":     paramRef(e.placeholder(c.ID, "peeringLocation", "string", "Silicon Valley", "peering location")),
			"bandwidthInMbps":     paramRef(e.placeholder(c.ID, "bandwidthInMbps", "int", 50, "bandwidth in Mbps")),
		}
		e.add(&resource{typ: tCircuit, name: c.ID, location: e.location("", located(e.ix.connLoc, "erc:"+c.ID)), sku: obj{"name": tier + "_MeteredData", "tier": tier, "family": "MeteredData"},
			props: obj{"serviceProviderProperties": spp, "allowClassicOperations": false}})
		e.assume(path+".sku.family", "MeteredData: the design does not say how the circuit is billed")
		e.assume(path, "the private peering and the connections to the circuit deploy only once the provider has provisioned it: deploy the template again then")
		peering := obj{"peeringType": privatePeering, "peerASN": c.PeerASN, "vlanId": circuitVlan}
		if c.PrimaryPeerAddressPrefix != "" {
			peering["primaryPeerAddressPrefix"] = c.PrimaryPeerAddressPrefix
		}
		if c.SecondaryPeerAddressPrefix != "" {
			peering["secondaryPeerAddressPrefix"] = c.SecondaryPeerAddressPrefix
		}
		e.add(&resource{typ: tCircuitPeer, name: c.ID + "/" + privatePeering, props: peering})
		e.assume(path+".peerings["+privatePeering+"].vlanId", fmt.Sprintf("VLAN %d: the design does not give the private peering's VLAN; use the one agreed with the provider", circuitVlan))
		if len(c.GlobalReach) > 0 {
			e.lose(path+".globalReach", "Global Reach to "+strings.Join(c.GlobalReach, ", ")+" needs a /29 for each link that the design does not give (rule:expressroute.no-transit-without-global-reach)")
		}
		if len(c.ExportPrefixList) > 0 {
			e.lose(path+".exportPrefixList", "the customer edge's outbound prefix-list is configured on the on-premises router, not in Azure")
		}
	}
}

// placeholder declares a circuit parameter with a placeholder default.
func (e *exporter) placeholder(id, what, typ string, dflt any, desc string) string {
	name := e.paramName(id, what)
	e.params[name] = obj{"type": typ, "defaultValue": dflt,
		"metadata": obj{"description": fmt.Sprintf("The %s of circuit %s: a placeholder (the design does not hold it); use your provider's.", desc, id)}}
	return name
}

// connections exports the connections: IPsec to a local network gateway
// and Vnet2Vnet with a shared key parameter, ExpressRoute to a circuit
// (peer.id) after its private peering.
func (e *exporter) connections() {
	for _, c := range e.t.Connections {
		path := "connections[" + c.ID + "]"
		if !e.nameOK(path, tConnection, c.ID) {
			continue
		}
		if !e.has(tGateway, c.VirtualNetworkGateway1) {
			e.lose(path, fmt.Sprintf("its gateway %q is not exported", c.VirtualNetworkGateway1))
			continue
		}
		if r := e.connection(c, path); r != nil {
			r.location = e.vnetLocation(e.ix.gwVNet[c.VirtualNetworkGateway1])
			e.add(r)
		}
	}
}

func (e *exporter) connection(c model.Connection, path string) *resource {
	props := obj{"connectionType": c.ConnectionType, "virtualNetworkGateway1": ref(tGateway, c.VirtualNetworkGateway1)}
	r := &resource{typ: tConnection, name: c.ID, props: props}
	switch c.ConnectionType {
	case model.ConnIPsec:
		if !e.has(tLNG, c.LocalNetworkGateway2) {
			e.lose(path, fmt.Sprintf("its local network gateway %q is not exported", c.LocalNetworkGateway2))
			return nil
		}
		props["localNetworkGateway2"] = ref(tLNG, c.LocalNetworkGateway2)
		props["sharedKey"], props["enableBgp"] = e.sharedKey(c), c.EnableBgp
		props["usePolicyBasedTrafficSelectors"] = c.UsePolicyBasedTrafficSelectors
	case model.ConnVnet2Vnet:
		if !e.has(tGateway, c.VirtualNetworkGateway2) {
			e.lose(path, fmt.Sprintf("its second gateway %q is not exported", c.VirtualNetworkGateway2))
			return nil
		}
		props["virtualNetworkGateway2"] = ref(tGateway, c.VirtualNetworkGateway2)
		props["sharedKey"], props["enableBgp"] = e.sharedKey(c), c.EnableBgp
	case model.ConnExpressRoute:
		if !e.has(tCircuit, c.Peer) {
			e.lose(path, fmt.Sprintf("its circuit %q is not exported", c.Peer))
			return nil
		}
		props["peer"] = ref(tCircuit, c.Peer)
		r.after = append(r.after, rid(tCircuitPeer, c.Peer, privatePeering))
	default:
		e.lose(path, fmt.Sprintf("connection type %q is none of IPsec, Vnet2Vnet and ExpressRoute", c.ConnectionType))
		return nil
	}
	if c.RoutingWeight != 0 {
		props["routingWeight"] = c.RoutingWeight
	}
	return r
}

// sharedKey is the secureString parameter of a connection's shared key.
// Both directions of a VNet-to-VNet link share one parameter: they must
// use the same key.
func (e *exporter) sharedKey(c model.Connection) expr {
	if name, ok := e.keyParam[c.ID]; ok {
		return paramRef(name)
	}
	ids := []string{c.ID}
	if c.ConnectionType == model.ConnVnet2Vnet {
		for _, o := range e.ix.reverse[[2]string{c.VirtualNetworkGateway2, c.VirtualNetworkGateway1}] {
			if o != c.ID {
				ids = append(ids, o)
				break
			}
		}
	}
	slices.Sort(ids)
	name := e.paramName(ids[0], "sharedKey")
	desc := "The shared key (IPsec pre-shared key) of connection " + c.ID + "."
	if len(ids) == 2 {
		desc = "The shared key of the VNet-to-VNet connections " + ids[0] + " and " + ids[1] + ": both directions of one link use the same key."
	}
	e.params[name] = obj{"type": "securestring", "metadata": obj{"description": desc}}
	for _, id := range ids {
		e.keyParam[id] = name
	}
	return paramRef(name)
}

// routeServers exports each Route Server as a virtualHubs resource without
// a virtual WAN, its ipConfigurations child in RouteServerSubnet with a
// public IP, and one bgpConnections child per NVA peer (rule:import.hybrid-resources), created
// one after the other.
func (e *exporter) routeServers() {
	for _, rs := range e.t.RouteServers {
		path := "routeServers[" + rs.ID + "]"
		if !e.nameOK(path, tHub, rs.ID) {
			continue
		}
		if !e.subnetOK(rs.VNet, model.RouteServerSubnet) {
			e.lose(path, fmt.Sprintf("VNet %q with a RouteServerSubnet is not exported", rs.VNet))
			continue
		}
		loc := e.vnetLocation(rs.VNet)
		props := obj{"sku": "Standard", "allowBranchToBranchTraffic": rs.AllowBranchToBranchTraffic}
		if rs.HubRoutingPreference != "" {
			props["hubRoutingPreference"] = rs.HubRoutingPreference
		}
		e.add(&resource{typ: tHub, name: rs.ID, location: loc, props: props})
		pip := e.gatewayPIP(rs.ID, "-pip", "Route Server "+rs.ID, loc)
		e.add(&resource{typ: tHubIPConfig, name: rs.ID + "/" + hubIPConfig, props: obj{
			"subnet": ref(tSubnet, rs.VNet, model.RouteServerSubnet), "publicIPAddress": ref(tPIP, pip)}})
		prev := rid(tHubIPConfig, rs.ID, hubIPConfig)
		for _, b := range rs.BgpConnections {
			bp := path + ".bgpConnections[" + b.Name + "]"
			if !e.nameOK(bp, tHubBgp, rs.ID, b.Name) {
				continue
			}
			e.add(&resource{typ: tHubBgp, name: rs.ID + "/" + b.Name, after: []idRef{prev},
				props: obj{"peerIp": b.PeerIP, "peerAsn": b.PeerAsn}})
			prev = rid(tHubBgp, rs.ID, b.Name)
			if len(b.Advertise) > 0 || len(b.ExportPrefixList) > 0 {
				e.lose(bp+".advertise", "what the NVA announces (advertise, exportPrefixList) is the NVA's own BGP configuration, not Azure's")
			}
		}
	}
}

// sites lists the on-premises sites and their hosts: not Azure resources.
func (e *exporter) sites() {
	for _, s := range e.t.Sites {
		via := e.ix.siteVia[s.ID]
		why := "an on-premises location is not an Azure resource: its address prefixes, ASN, advertised prefixes"
		if s.DNSServer != nil {
			why += ", DNS server"
		}
		why += " and hosts stay in the design"
		if len(via) > 0 {
			why += "; Azure knows it through " + strings.Join(via, ", ") + " (exported)"
		}
		e.lose("sites["+s.ID+"]", why)
		for _, h := range s.Hosts {
			e.lose("sites["+s.ID+"].hosts["+h.ID+"]", "an on-premises host is not an Azure resource")
		}
	}
}
