package scenario

import (
	"maps"

	"vnetplay/engine/model"
)

// Clone returns a deep copy of doc: the copy shares no pointer, slice
// backing array or map with doc (strings, being immutable, are shared).
//
// It gives what a JSON round trip (json.Marshal then json.Unmarshal into a
// new Document) gives, field for field, without the JSON: an empty slice or
// map in an `omitempty` field comes back nil, while a field without
// `omitempty` keeps nil and empty apart, as the round trip does. The
// differences are where the round trip loses or refuses data: Clone keeps
// strings that are not valid UTF-8 byte for byte (the round trip replaces
// the bad bytes with U+FFFD and may merge map keys), and copies NaN and
// infinite layout positions (the round trip fails on them). Documents from
// Decode have neither.
//
// Clone copies each struct by value and then replaces its slices, maps and
// pointers by copies, so a new string, number or bool field is copied
// without a change here; TestCloneEveryField fails when a new slice, map or
// pointer field is not copied. Clone(nil) is nil.
func Clone(doc *Document) *Document {
	if doc == nil {
		return nil
	}
	out := *doc
	out.Topology = *CloneTopology(&doc.Topology)
	if len(doc.Failures) > 0 {
		out.Failures = make(map[string][]Failure, len(doc.Failures))
		for k, v := range doc.Failures {
			out.Failures[k] = keep(v) // Failure holds no references
		}
	} else {
		out.Failures = nil
	}
	out.Expect = omit(doc.Expect)
	for i := range out.Expect {
		out.Expect[i].Reachable = cloneBool(out.Expect[i].Reachable)
	}
	out.Challenge = cloneChallenge(doc.Challenge)
	if doc.Layout != nil {
		l := *doc.Layout
		if len(l.Nodes) > 0 {
			l.Nodes = maps.Clone(l.Nodes)
		} else {
			l.Nodes = nil
		}
		out.Layout = &l
	}
	return &out
}

// CloneTopology returns a deep copy of t, as Clone copies a document's
// topology. CloneTopology(nil) is nil.
func CloneTopology(t *model.Topology) *model.Topology {
	if t == nil {
		return nil
	}
	out := *t

	out.VNets = omit(t.VNets)
	for i := range out.VNets {
		v := &out.VNets[i]
		v.AddressSpace = cloneAddressSpace(v.AddressSpace)
		v.Subnets = omit(v.Subnets)
		for j := range v.Subnets {
			v.Subnets[j].ServiceEndpoints = omit(v.Subnets[j].ServiceEndpoints) // flat
			v.Subnets[j].DefaultOutboundAccess = cloneBool(v.Subnets[j].DefaultOutboundAccess)
		}
		v.SummarizedGatewayPrefixes = omit(v.SummarizedGatewayPrefixes)
		if v.DhcpOptions != nil {
			d := model.DhcpOptions{DNSServers: keep(v.DhcpOptions.DNSServers)}
			v.DhcpOptions = &d
		}
	}

	out.Peerings = omit(t.Peerings)
	for i := range out.Peerings {
		p := &out.Peerings[i]
		p.A = clonePeeringLink(p.A)
		p.B = clonePeeringLink(p.B)
	}

	out.RouteTables = omit(t.RouteTables)
	for i := range out.RouteTables {
		out.RouteTables[i].Routes = omit(out.RouteTables[i].Routes) // flat
	}

	out.NSGs = omit(t.NSGs)
	for i := range out.NSGs {
		n := &out.NSGs[i]
		n.SecurityRules = omit(n.SecurityRules)
		for j := range n.SecurityRules {
			r := &n.SecurityRules[j]
			r.SourceAddressPrefixes = omit(r.SourceAddressPrefixes)
			r.SourcePortRanges = omit(r.SourcePortRanges)
			r.DestinationAddressPrefixes = omit(r.DestinationAddressPrefixes)
			r.DestinationPortRanges = omit(r.DestinationPortRanges)
		}
	}

	out.VMs = omit(t.VMs)
	for i := range out.VMs {
		out.VMs[i].NICs = keep(out.VMs[i].NICs)
		for j := range out.VMs[i].NICs {
			if s := out.VMs[i].NICs[j].DNSSettings; s != nil {
				out.VMs[i].NICs[j].DNSSettings = &model.NICDNSSettings{DNSServers: keep(s.DNSServers)}
			}
		}
		out.VMs[i].DNSServer = cloneDNSServer(out.VMs[i].DNSServer)
		out.VMs[i].NetworksBehind = omit(out.VMs[i].NetworksBehind)
		for j := range out.VMs[i].NetworksBehind {
			n := &out.VMs[i].NetworksBehind[j]
			n.AddressPrefixes, n.Hosts = keep(n.AddressPrefixes), omit(n.Hosts) // flat
		}
	}

	out.LoadBalancers = omit(t.LoadBalancers)
	for i := range out.LoadBalancers {
		cloneLoadBalancer(&out.LoadBalancers[i])
	}
	cloneEdge(&out, t)

	out.Gateways = omit(t.Gateways)
	for i := range out.Gateways {
		g := &out.Gateways[i]
		g.BgpSettings = clonePtr(g.BgpSettings) // flat
		if c := g.VpnClientConfiguration; c != nil {
			cc := *c
			cc.VpnClientAddressPool = cloneAddressSpace(cc.VpnClientAddressPool)
			cc.VpnClientProtocols = omit(cc.VpnClientProtocols)
			cc.CustomRoutes = cloneAddressSpacePtr(cc.CustomRoutes)
			cc.Clients = omit(cc.Clients) // flat
			g.VpnClientConfiguration = &cc
		}
	}

	out.LocalNetworkGateways = omit(t.LocalNetworkGateways)
	for i := range out.LocalNetworkGateways {
		l := &out.LocalNetworkGateways[i]
		l.LocalNetworkAddressSpace = cloneAddressSpace(l.LocalNetworkAddressSpace)
		l.BgpSettings = clonePtr(l.BgpSettings) // flat
		l.ExportPrefixList = omit(l.ExportPrefixList)
	}

	out.Sites = omit(t.Sites)
	for i := range out.Sites {
		s := &out.Sites[i]
		s.AddressPrefixes = keep(s.AddressPrefixes)
		s.AdvertisedPrefixes = omit(s.AdvertisedPrefixes)
		s.Hosts = omit(s.Hosts) // flat
		s.DNSServer = cloneDNSServer(s.DNSServer)
	}

	out.Connections = omit(t.Connections) // flat

	out.Circuits = omit(t.Circuits)
	for i := range out.Circuits {
		c := &out.Circuits[i]
		c.GlobalReach = omit(c.GlobalReach)
		c.ExportPrefixList = omit(c.ExportPrefixList)
	}

	out.RouteServers = omit(t.RouteServers)
	for i := range out.RouteServers {
		rs := &out.RouteServers[i]
		rs.BgpConnections = omit(rs.BgpConnections)
		for j := range rs.BgpConnections {
			b := &rs.BgpConnections[j]
			b.Advertise = omit(b.Advertise) // flat
			b.ExportPrefixList = omit(b.ExportPrefixList)
		}
	}
	cloneNames(t, &out)
	return &out
}

// cloneNames copies the private endpoints and the name resolution
// resources of t into out.
func cloneNames(t, out *model.Topology) {
	out.PrivateEndpoints = omit(t.PrivateEndpoints)
	for i := range out.PrivateEndpoints {
		pe := &out.PrivateEndpoints[i]
		pe.GroupIDs = omit(pe.GroupIDs)
		if g := pe.PrivateDnsZoneGroup; g != nil {
			pe.PrivateDnsZoneGroup = &model.PrivateDnsZoneGroup{PrivateDnsZoneConfigs: keep(g.PrivateDnsZoneConfigs)} // flat
		}
		pe.CustomDnsConfigs = omit(pe.CustomDnsConfigs)
		for j := range pe.CustomDnsConfigs {
			pe.CustomDnsConfigs[j].IPAddresses = keep(pe.CustomDnsConfigs[j].IPAddresses)
		}
	}
	out.PrivateDNSZones = omit(t.PrivateDNSZones)
	for i := range out.PrivateDNSZones {
		z := &out.PrivateDNSZones[i]
		z.RecordSets = omit(z.RecordSets)
		for j := range z.RecordSets {
			r := &z.RecordSets[j]
			r.ARecords = omit(r.ARecords) // flat
			r.CnameRecord = clonePtr(r.CnameRecord)
		}
		z.VirtualNetworkLinks = omit(z.VirtualNetworkLinks) // flat
	}
	out.DNSResolvers = omit(t.DNSResolvers)
	for i := range out.DNSResolvers {
		r := &out.DNSResolvers[i]
		r.InboundEndpoints = omit(r.InboundEndpoints)   // flat
		r.OutboundEndpoints = omit(r.OutboundEndpoints) // flat
	}
	out.DNSForwardingRulesets = omit(t.DNSForwardingRulesets)
	for i := range out.DNSForwardingRulesets {
		rs := &out.DNSForwardingRulesets[i]
		rs.DNSResolverOutboundEndpoints = keep(rs.DNSResolverOutboundEndpoints)
		rs.ForwardingRules = omit(rs.ForwardingRules)
		for j := range rs.ForwardingRules {
			rs.ForwardingRules[j].TargetDNSServers = keep(rs.ForwardingRules[j].TargetDNSServers) // flat
		}
		rs.VirtualNetworkLinks = omit(rs.VirtualNetworkLinks) // flat
	}
}

// cloneDNSServer copies a DNS server's settings.
func cloneDNSServer(d *model.DNSServer) *model.DNSServer {
	if d == nil {
		return nil
	}
	c := *d
	c.ConditionalForwarders = omit(c.ConditionalForwarders)
	for i := range c.ConditionalForwarders {
		c.ConditionalForwarders[i].TargetDNSServers = keep(c.ConditionalForwarders[i].TargetDNSServers)
	}
	c.Forwarders = omit(c.Forwarders)
	return &c
}

func clonePeeringLink(l model.PeeringLink) model.PeeringLink {
	l.AllowVirtualNetworkAccess = cloneBool(l.AllowVirtualNetworkAccess)
	l.RemoteAddressSpace = cloneAddressSpacePtr(l.RemoteAddressSpace)
	return l
}

// cloneAddressSpace copies an address space; its prefixes have no
// omitempty, so nil stays nil and empty stays empty.
func cloneAddressSpace(a model.AddressSpace) model.AddressSpace {
	a.AddressPrefixes = keep(a.AddressPrefixes)
	return a
}

func cloneAddressSpacePtr(a *model.AddressSpace) *model.AddressSpace {
	if a == nil {
		return nil
	}
	c := cloneAddressSpace(*a)
	return &c
}

func cloneBool(b *bool) *bool { return clonePtr(b) }

// clonePtr copies what p points to; T must hold no references.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// omit copies the slice of an `omitempty` field: the JSON round trip drops
// an empty one, so it comes back nil. The elements are copied by value;
// the caller copies what they reference.
func omit[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return append(S(nil), s...)
}

// keep copies the slice of a field without omitempty: nil is encoded as
// null and comes back nil, empty as [] and comes back empty.
func keep[S ~[]E, E any](s S) S {
	if s == nil {
		return nil
	}
	return append(make(S, 0, len(s)), s...)
}
