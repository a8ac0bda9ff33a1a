package armexport

import (
	"fmt"
	"strings"

	"vnetplay/engine/model"
)

// targetTypes maps a private endpoint's group id to the type of the
// resource it reaches, for the default of the target parameter.
func targetType(groupIDs []string) string {
	if len(groupIDs) == 0 {
		return ""
	}
	switch strings.ToLower(groupIDs[0]) {
	case "blob", "blob_secondary", "file", "queue", "table", "web", "dfs":
		return "Microsoft.Storage/storageAccounts"
	case "sqlserver":
		return "Microsoft.Sql/servers"
	case "vault":
		return "Microsoft.KeyVault/vaults"
	case "registry":
		return "Microsoft.ContainerRegistry/registries"
	case "sites":
		return "Microsoft.Web/sites"
	}
	return ""
}

// privateEndpoints exports the private endpoints (rule:import.private-link-and-dns-paths) with their DNS
// zone groups. The target is outside the template: a parameter whose
// default is the design's target (its resource ID, or one made from its
// name and group id).
func (e *exporter) privateEndpoints() {
	for _, pe := range e.t.PrivateEndpoints {
		path := "privateEndpoints[" + pe.ID + "]"
		if !e.nameOK(path, tPE, pe.ID) {
			continue
		}
		vnet, sub, ok := splitSubnet(pe.Subnet)
		if !ok || !e.subnetOK(vnet, sub) {
			e.lose(path, fmt.Sprintf("its subnet %q is not exported", pe.Subnet))
			continue
		}
		props := obj{"subnet": ref(tSubnet, vnet, sub)}
		e.peConnection(pe, path, props)
		if pe.PrivateIPAddress != "" {
			if len(pe.GroupIDs) > 0 {
				g := pe.GroupIDs[0]
				props["ipConfigurations"] = arr{obj{"name": nicIPConfig, "properties": obj{"groupId": g, "memberName": g, "privateIPAddress": pe.PrivateIPAddress}}}
				e.assume(path+".ipConfigurations", "memberName "+g+": the static address is asked for the group's member of the same name")
			} else {
				e.lose(path+".privateIpAddress", "a static address needs a group id to be asked for; Azure allocates one")
			}
		}
		if len(pe.CustomDnsConfigs) > 0 {
			cds := arr{}
			for _, c := range pe.CustomDnsConfigs {
				cds = append(cds, obj{"fqdn": c.Fqdn, "ipAddresses": strs(c.IPAddresses)})
			}
			props["customDnsConfigs"] = cds
		}
		if pe.Fqdn != "" || pe.PublicIPAddress != "" {
			e.lose(path+".fqdn", "the target's public name and address (fqdn, publicIpAddress) are vnetplay's own: Azure derives them from the target")
		}
		e.add(&resource{typ: tPE, name: pe.ID, location: e.vnetLocation(vnet), props: props})
		e.zoneGroup(pe, path)
	}
}

// peConnection writes the endpoint's connection to its target: automatic
// when Approved, manual (it waits for approval) otherwise.
func (e *exporter) peConnection(pe model.PrivateEndpoint, path string, props obj) {
	name := e.paramName(pe.ID, "privateLinkServiceId")
	var dflt any = pe.PrivateLinkServiceID
	if typ := targetType(pe.GroupIDs); typ != "" && !strings.HasPrefix(pe.PrivateLinkServiceID, "/") && pe.PrivateLinkServiceID != "" {
		dflt = rid(typ, pe.PrivateLinkServiceID)
	}
	e.params[name] = obj{"type": "string", "defaultValue": dflt,
		"metadata": obj{"description": "The resource ID of the Private Link target of private endpoint " + pe.ID + " (outside the template)."}}
	conn := obj{"name": pe.ID, "properties": obj{"privateLinkServiceId": paramRef(name), "groupIds": strs(pe.GroupIDs)}}
	switch pe.ConnectionState {
	case "", model.PEApproved:
		props["privateLinkServiceConnections"] = arr{conn}
	default:
		props["manualPrivateLinkServiceConnections"] = arr{conn}
		if pe.ConnectionState != model.PEPending {
			e.lose(path+".connectionState", "a "+pe.ConnectionState+" endpoint cannot be deployed as such: it is exported as a manual connection, which waits for approval (Pending)")
		}
	}
}

// zoneGroup exports an endpoint's DNS zone group, with the zones the
// template defines.
func (e *exporter) zoneGroup(pe model.PrivateEndpoint, path string) {
	if pe.PrivateDnsZoneGroup == nil {
		return
	}
	cfgs := arr{}
	for _, c := range pe.PrivateDnsZoneGroup.PrivateDnsZoneConfigs {
		if !e.has(tZone, c.PrivateDnsZoneID) {
			e.lose(path+".privateDnsZoneGroup", fmt.Sprintf("zone %q is not exported, so the zone group leaves it out", c.PrivateDnsZoneID))
			continue
		}
		name := c.Name
		if name == "" {
			name = strings.ReplaceAll(c.PrivateDnsZoneID, ".", "-")
		}
		cfgs = append(cfgs, obj{"name": name, "properties": obj{"privateDnsZoneId": rid(tZone, c.PrivateDnsZoneID)}})
	}
	if len(cfgs) > 0 {
		e.add(&resource{typ: tPEZoneGroup, name: pe.ID + "/" + zoneGroup, props: obj{"privateDnsZoneConfigs": cfgs}})
	}
}

// privateDNSZones exports the private DNS zones (location global) with
// their A and CNAME record sets and VNet links.
func (e *exporter) privateDNSZones() {
	for _, z := range e.t.PrivateDNSZones {
		path := "privateDnsZones[" + z.ID + "]"
		if !e.nameOK(path, tZone, z.ID) {
			continue
		}
		e.add(&resource{typ: tZone, name: z.ID, api: apiPrivateDNS, location: "global", props: obj{}})
		records := 0
		for _, rs := range z.RecordSets {
			if e.recordSet(z.ID, rs, path+".recordSets["+rs.Name+"]") {
				records++
			}
		}
		if records > 0 {
			e.assume(path+".recordSets", fmt.Sprintf("TTL %d s: the design gives records no TTL", recordTTL))
		}
		for _, l := range z.VirtualNetworkLinks {
			lp := path + ".virtualNetworkLinks[" + l.Name + "]"
			if !e.nameOK(lp, tZoneLink, z.ID, l.Name) {
				continue
			}
			if !e.has(tVNet, l.VirtualNetwork) {
				e.lose(lp, fmt.Sprintf("VNet %q is not exported", l.VirtualNetwork))
				continue
			}
			props := obj{"virtualNetwork": ref(tVNet, l.VirtualNetwork), "registrationEnabled": l.RegistrationEnabled}
			if l.ResolutionPolicy != "" {
				props["resolutionPolicy"] = l.ResolutionPolicy
			}
			e.add(&resource{typ: tZoneLink, name: z.ID + "/" + l.Name, api: apiPrivateDNS, location: "global", props: props})
		}
	}
}

func (e *exporter) recordSet(zone string, rs model.RecordSet, path string) bool {
	var typ string
	props := obj{"ttl": recordTTL}
	switch rs.Type {
	case "A":
		typ = tZoneA
		recs := arr{}
		for _, a := range rs.ARecords {
			recs = append(recs, obj{"ipv4Address": a.IPv4Address})
		}
		props["aRecords"] = recs
	case "CNAME":
		typ = tZoneCNAME
		if rs.CnameRecord == nil {
			e.lose(path, "a CNAME record set without a target")
			return false
		}
		props["cnameRecord"] = obj{"cname": rs.CnameRecord.Cname}
	default:
		e.lose(path, fmt.Sprintf("record type %q is none of A and CNAME", rs.Type))
		return false
	}
	if !e.nameOK(path, typ, zone, rs.Name) {
		return false
	}
	e.add(&resource{typ: typ, name: zone + "/" + rs.Name, api: apiPrivateDNS, props: props})
	return true
}

// dnsResolvers exports the DNS Private Resolvers with their inbound and
// outbound endpoints (their subnets are delegated, see subnet).
func (e *exporter) dnsResolvers() {
	for _, r := range e.t.DNSResolvers {
		path := "dnsResolvers[" + r.ID + "]"
		if !e.nameOK(path, tResolver, r.ID) {
			continue
		}
		if !e.has(tVNet, r.VNet) {
			e.lose(path, fmt.Sprintf("VNet %q is not exported", r.VNet))
			continue
		}
		loc := e.vnetLocation(r.VNet)
		e.add(&resource{typ: tResolver, name: r.ID, api: apiDNSResolver, location: loc, props: obj{"virtualNetwork": ref(tVNet, r.VNet)}})
		for _, in := range r.InboundEndpoints {
			ip := path + ".inboundEndpoints[" + in.Name + "]"
			if !e.endpointOK(ip, tInbound, r, in.Name, in.Subnet) {
				continue
			}
			cfg := obj{"subnet": ref(tSubnet, r.VNet, in.Subnet), "privateIpAllocationMethod": "Dynamic"}
			if in.PrivateIPAddress != "" {
				cfg["privateIpAllocationMethod"], cfg["privateIpAddress"] = "Static", in.PrivateIPAddress
			}
			e.add(&resource{typ: tInbound, name: r.ID + "/" + in.Name, api: apiDNSResolver, location: loc, props: obj{"ipConfigurations": arr{cfg}}})
		}
		for _, out := range r.OutboundEndpoints {
			op := path + ".outboundEndpoints[" + out.Name + "]"
			if !e.endpointOK(op, tOutbound, r, out.Name, out.Subnet) {
				continue
			}
			e.add(&resource{typ: tOutbound, name: r.ID + "/" + out.Name, api: apiDNSResolver, location: loc, props: obj{"subnet": ref(tSubnet, r.VNet, out.Subnet)}})
		}
	}
}

func (e *exporter) endpointOK(path, typ string, r model.DNSResolver, name, subnet string) bool {
	if !e.nameOK(path, typ, r.ID, name) {
		return false
	}
	if !e.subnetOK(r.VNet, subnet) {
		e.lose(path, fmt.Sprintf("subnet %q of VNet %s is not exported", subnet, r.VNet))
		return false
	}
	return true
}

// rulesets exports the DNS forwarding rulesets with their rules and VNet
// links; a ruleset needs an outbound endpoint of the template.
func (e *exporter) rulesets() {
	for _, rs := range e.t.DNSForwardingRulesets {
		path := "dnsForwardingRulesets[" + rs.ID + "]"
		if !e.nameOK(path, tRuleset, rs.ID) {
			continue
		}
		eps := arr{}
		var loc any
		for _, ep := range rs.DNSResolverOutboundEndpoints {
			resolver, name, ok := splitSubnet(ep)
			if !ok || !e.has(tOutbound, resolver, name) {
				e.lose(path+".dnsResolverOutboundEndpoints", fmt.Sprintf("outbound endpoint %q is not exported", ep))
				continue
			}
			eps = append(eps, ref(tOutbound, resolver, name))
			if loc == nil {
				loc = e.defined[key(tOutbound, ep)].location
			}
		}
		if len(eps) == 0 {
			e.lose(path, "a forwarding ruleset needs an outbound endpoint, and none of its endpoints is exported (its rules and links are left out too)")
			continue
		}
		e.add(&resource{typ: tRuleset, name: rs.ID, api: apiDNSResolver, location: loc, props: obj{"dnsResolverOutboundEndpoints": eps}})
		e.forwardingRules(rs, path)
	}
}

func (e *exporter) forwardingRules(rs model.DNSForwardingRuleset, path string) {
	for _, r := range rs.ForwardingRules {
		if !e.nameOK(path+".forwardingRules["+r.Name+"]", tRule, rs.ID, r.Name) {
			continue
		}
		targets := arr{}
		for _, t := range r.TargetDNSServers {
			port := t.Port
			if port == 0 {
				port = 53
			}
			targets = append(targets, obj{"ipAddress": t.IPAddress, "port": port})
		}
		e.add(&resource{typ: tRule, name: rs.ID + "/" + r.Name, api: apiDNSResolver, props: obj{
			"domainName": r.DomainName, "targetDnsServers": targets, "forwardingRuleState": cmpOrStr(r.ForwardingRuleState, "Enabled")}})
	}
	for _, l := range rs.VirtualNetworkLinks {
		lp := path + ".virtualNetworkLinks[" + l.Name + "]"
		if !e.nameOK(lp, tRulesetLink, rs.ID, l.Name) {
			continue
		}
		if !e.has(tVNet, l.VirtualNetwork) {
			e.lose(lp, fmt.Sprintf("VNet %q is not exported", l.VirtualNetwork))
			continue
		}
		e.add(&resource{typ: tRulesetLink, name: rs.ID + "/" + l.Name, api: apiDNSResolver, props: obj{"virtualNetwork": ref(tVNet, l.VirtualNetwork)}})
	}
}
