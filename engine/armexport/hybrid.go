package armexport

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// gatewaySkus are the SKUs a template may ask for a gateway of the type
// (rule:vpn-gateway.sku-limits, rule:expressroute.gateway-route-limits):
// the allowedValues of its SKU parameter.
func gatewaySkus(gatewayType string) []string {
	if gatewayType == model.GatewayExpressRoute {
		return []string{"Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"}
	}
	return []string{"Basic", "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"}
}

// localNetworkGateways exports the local network gateways
// (rule:import.hybrid-resources), in the region of the first connection's gateway (an IPsec
// connection and its ends share one). The site each describes is
// vnetplay's (sites are listed by sites()).
func (e *exporter) localNetworkGateways() {
	for _, l := range e.t.LocalNetworkGateways {
		path := "localNetworkGateways[" + l.ID + "]"
		if !e.nameOK(path, tLNG, l.ID) {
			continue
		}
		props := obj{"localNetworkAddressSpace": obj{"addressPrefixes": strs(l.LocalNetworkAddressSpace.AddressPrefixes)}}
		if l.GatewayIPAddress != "" {
			props["gatewayIpAddress"] = l.GatewayIPAddress
		}
		if b := bgpSettings(l.BgpSettings, 0); b != nil {
			props["bgpSettings"] = b
		}
		if len(l.ExportPrefixList) > 0 {
			e.lose(path+".exportPrefixList", "the site router's outbound prefix-list is configured on the on-premises device, not in Azure")
		}
		e.add(&resource{typ: tLNG, name: l.ID, location: e.location("", located(e.ix.connLoc, "lng:"+l.ID)), props: props})
	}
}

// bgpSettings is a BGP speaker's bgpSettings, nil without one; asn 0 takes
// dflt (0: leave it out).
func bgpSettings(b *model.BgpSettings, dflt uint32) obj {
	if b == nil {
		return nil
	}
	out := obj{}
	if asn := cmpOr(b.Asn, dflt); asn != 0 {
		out["asn"] = asn
	}
	if b.BgpPeeringAddress != "" {
		out["bgpPeeringAddress"] = b.BgpPeeringAddress
	}
	return out
}

func cmpOr(a, b uint32) uint32 {
	if a != 0 {
		return a
	}
	return b
}

// gateways exports the VPN and ExpressRoute gateways, each with public IPs
// of its own and its SKU as a parameter. A second gateway in a
// GatewaySubnet is created after the first (one operation at a time on a
// gateway subnet).
func (e *exporter) gateways() {
	last := map[string]idRef{}
	for _, g := range e.t.Gateways {
		path := "virtualNetworkGateways[" + g.ID + "]"
		if !e.nameOK(path, tGateway, g.ID) {
			continue
		}
		if !e.subnetOK(g.VNet, model.GatewaySubnet) {
			e.lose(path, fmt.Sprintf("VNet %q with a GatewaySubnet is not exported", g.VNet))
			continue
		}
		r := e.gateway(g, path)
		if prev, ok := last[g.VNet]; ok {
			r.after = append(r.after, prev)
		}
		last[g.VNet] = rid(tGateway, g.ID)
	}
}

func (e *exporter) gateway(g model.VirtualNetworkGateway, path string) *resource {
	loc := e.vnetLocation(g.VNet)
	skuParam := e.skuParam(g)
	props := obj{"gatewayType": g.GatewayType, "sku": obj{"name": paramRef(skuParam), "tier": paramRef(skuParam)}}
	n := 1
	if g.ActiveActive {
		n = 2
	}
	var ipcs arr
	for i := range n {
		name, suffix := "default", "-pip"
		if i == 1 {
			name, suffix = "activeActive", "-pip2"
		}
		pip := e.gatewayPIP(g.ID, suffix, "gateway "+g.ID, loc)
		ipcs = append(ipcs, obj{"name": name, "properties": obj{"privateIPAllocationMethod": "Dynamic",
			"subnet": ref(tSubnet, g.VNet, model.GatewaySubnet), "publicIPAddress": ref(tPIP, pip)}})
	}
	props["ipConfigurations"] = ipcs
	if g.IsVpn() {
		props["vpnType"] = cmpOrStr(g.VpnType, model.RouteBased)
		props["activeActive"], props["enableBgp"] = g.ActiveActive, g.EnableBgp
		if b := bgpSettings(g.BgpSettings, model.AzureASN); b != nil {
			props["bgpSettings"] = b
		}
		e.p2s(g, path, props)
	} else if b := bgpSettings(g.BgpSettings, 0); len(b) > 0 {
		props["bgpSettings"] = b
	}
	if g.GatewayDefaultSite != "" {
		if e.has(tLNG, g.GatewayDefaultSite) {
			props["gatewayDefaultSite"] = ref(tLNG, g.GatewayDefaultSite)
		} else {
			e.lose(path+".gatewayDefaultSite", fmt.Sprintf("local network gateway %q is not exported", g.GatewayDefaultSite))
		}
	}
	return e.add(&resource{typ: tGateway, name: g.ID, location: loc, props: props})
}

func cmpOrStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// skuParam declares the gateway's SKU parameter, with the design's SKU as
// default and the SKUs of its type as allowedValues (left out when the
// design's is not among them, which ARM would refuse).
func (e *exporter) skuParam(g model.VirtualNetworkGateway) string {
	name := e.paramName(g.ID, "sku")
	p := obj{"type": "string", "defaultValue": g.Sku,
		"metadata": obj{"description": fmt.Sprintf("SKU of the %s gateway %s (the design's: %s).", g.GatewayType, g.ID, g.Sku)}}
	if allowed := gatewaySkus(g.GatewayType); slices.Contains(allowed, g.Sku) {
		p["allowedValues"] = strs(allowed)
	}
	e.params[name] = p
	return name
}

// p2s writes a VPN gateway's point-to-site configuration; the connected
// clients are vnetplay's.
func (e *exporter) p2s(g model.VirtualNetworkGateway, path string, props obj) {
	c := g.VpnClientConfiguration
	if c == nil {
		return
	}
	vc := obj{"vpnClientAddressPool": obj{"addressPrefixes": strs(c.VpnClientAddressPool.AddressPrefixes)}}
	if len(c.VpnClientProtocols) > 0 {
		vc["vpnClientProtocols"] = strs(c.VpnClientProtocols)
	}
	props["vpnClientConfiguration"] = vc
	if c.CustomRoutes != nil {
		props["customRoutes"] = obj{"addressPrefixes": strs(c.CustomRoutes.AddressPrefixes)}
	}
	if len(c.Clients) > 0 {
		ids := make([]string, 0, len(c.Clients))
		for _, cl := range c.Clients {
			ids = append(ids, cl.ID)
		}
		e.lose(path+".vpnClientConfiguration.clients", "connected P2S clients ("+strings.Join(ids, ", ")+") are devices, not Azure resources")
	}
	e.assume(path+".vpnClientConfiguration", "no client authentication: the design has none; add root certificates or Microsoft Entra ID before clients can connect")
}
