package armexport

import (
	"strings"
	"testing"

	"vnetplay/engine/importer"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// TestRoundTripBuiltins is the acceptance of `vnetplay export-arm`: export
// each built-in scenario, import the template (engine/importer), and the
// topology comes back, modulo what the template cannot carry. Both sides
// are brought to the same terms before they are compared, as follows.
//
// What the export says it does not carry (metadata.vnetplay.notExported),
// taken out of the original (carried):
//   - sites and their hosts: dropped; a local network gateway's and a
//     circuit's site is cleared (the importer makes a site "<lng>-site" or
//     "<circuit>-site" of its own, which is dropped from the import too);
//   - VMs: only their NICs are exported (named "<vm>-<nic>", tagged with
//     the VM's id and the NIC's name, which the import reads back), so a VM
//     keeps the NICs the template holds;
//   - vnetplay's own fields: guestIpForwarding, stateful, networksBehind,
//     dnsServer of VMs (cleared on both sides: the importer assumes a
//     forwarding NIC's guest forwards), a private endpoint's fqdn (cleared
//     on both sides: the importer derives one from the target's name) and
//     publicIpAddress, Route Server peers' advertise and exportPrefixList,
//     local network gateways' and circuits' exportPrefixList, circuits'
//     globalReach, P2S clients, a VNet's summarizedGatewayPrefixes;
//   - a peering link's lifecycle Deleted (read back as never created), the
//     flags of a link not created, and remoteAddressSpace (a new link is
//     in sync);
//   - a Rejected or Disconnected private endpoint (exported as a manual
//     connection: Pending);
//   - record sets other than A and CNAME.
//
// What the template adds: locations taken from a resource's VNet where the
// design gives none, added to the original (a location that came from the
// location parameter is not compared). The public IPs the template adds
// for gateways and Route Servers ("<gw>-pip") have no address, and the
// importer leaves them out (reported): vnetplay needs a public IP's
// address, and a gateway in the design has no public IP, so they are not
// added. A design's public IP keeps its address (the template writes it as
// ipAddress, which Azure does not honour on deployment).
//
// Spellings with the same meaning, made the same on both sides
// (normalise): defaults written or left out (allowVirtualNetworkAccess
// true, vpnType RouteBased, SKU Standard, ASN 65515, port 53, Enabled,
// Default, Disabled, Approved, hubRoutingPreference ExpressRoute), a
// peering's sides in VNet id order, an NSG rule's single-element plural
// as the singular and "*" for a missing port or prefix, a private
// endpoint's target by its name (the last segment of its ID), empty lists
// as none.
//
// A difference left after that is a bug of the export or of the import;
// the test prints it with the import's report.
//
// testdata/roundtrip-extra.json goes the same way: what the built-in
// scenarios do not hold (an internal load balancer, plural NSG fields, A
// and CNAME records, a Premium circuit, …).
func TestRoundTripBuiltins(t *testing.T) {
	names := []string{"roundtrip-extra"}
	for _, s := range scenarios.All() {
		names = append(names, s.Name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			doc := load(t, name)
			if errs := model.Validate(&doc.Topology, nil); hasErrors(errs) {
				t.Fatalf("the design does not validate: %v", errs)
			}
			res := export(t, doc)
			imp, err := importer.Import(res.Template, name+".arm.json")
			if err != nil {
				t.Fatalf("import of the exported template: %v", err)
			}
			want := carried(doc)
			knownImportGaps(want)
			got := scenario.CloneTopology(&imp.Document.Topology)
			dropImportedSites(got)
			normalise(want)
			normalise(got)
			alignLocations(want, got)
			a, b := encodeTopology(t, want), encodeTopology(t, got)
			if a != b {
				t.Errorf("the round trip changes the topology (- export's view, + imported):\n%s\nimport report:\n%s", lineDiff(a, b), imp.Report.Text())
			}
		})
	}
}

func hasErrors(ds []model.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == model.Error {
			return true
		}
	}
	return false
}

func encodeTopology(t *testing.T, tp *model.Topology) string {
	t.Helper()
	b, err := scenario.Encode(&scenario.Document{Topology: *tp})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// carried is the original design as the template carries it (see
// TestRoundTripBuiltins), with the exporter's own choices of names and
// locations.
func carried(doc *scenario.Document) *model.Topology {
	c := scenario.Canonical(doc)
	e := newExporter(&c.Topology)
	e.build()
	t := scenario.CloneTopology(&c.Topology)
	loc := func(typ, name string) string {
		if r, ok := e.defined[key(typ, name)]; ok {
			if s, ok := r.location.(string); ok {
				return s
			}
		}
		return ""
	}
	t.Sites = nil
	for i := range t.LocalNetworkGateways {
		t.LocalNetworkGateways[i].Site, t.LocalNetworkGateways[i].ExportPrefixList = "", nil
	}
	for i := range t.Circuits {
		t.Circuits[i].Site, t.Circuits[i].GlobalReach, t.Circuits[i].ExportPrefixList = "", nil, nil
	}
	carriedVMs(t, e)
	carriedPeerings(t, e)
	for i := range t.PublicIPAddresses {
		t.PublicIPAddresses[i].Location = loc(tPIP, t.PublicIPAddresses[i].ID)
	}
	for i := range t.VNets {
		t.VNets[i].SummarizedGatewayPrefixes, t.VNets[i].Location = nil, loc(tVNet, t.VNets[i].ID)
	}
	for i := range t.RouteTables {
		t.RouteTables[i].Location = loc(tRouteTable, t.RouteTables[i].ID)
	}
	for i := range t.NSGs {
		t.NSGs[i].Location = loc(tNSG, t.NSGs[i].ID)
	}
	for i := range t.NatGateways {
		t.NatGateways[i].Location = loc(tNAT, t.NatGateways[i].ID)
	}
	for i := range t.Gateways {
		if c := t.Gateways[i].VpnClientConfiguration; c != nil {
			c.Clients = nil
		}
	}
	for i := range t.RouteServers {
		for j := range t.RouteServers[i].BgpConnections {
			t.RouteServers[i].BgpConnections[j].Advertise, t.RouteServers[i].BgpConnections[j].ExportPrefixList = nil, nil
		}
	}
	carriedNames(t)
	return t
}

// carriedVMs keeps the VMs with an exported NIC, with those NICs only: the
// NICs carry their VM's id and their own name as tags (importer.TagVM,
// importer.TagNIC), so the import gives both back.
func carriedVMs(t *model.Topology, e *exporter) {
	var vms []model.VM
	for _, vm := range t.VMs {
		var nics []model.NIC
		for _, n := range vm.NICs {
			if _, ok := e.nicName[[2]string{vm.ID, n.Name}]; ok {
				nics = append(nics, n)
			}
		}
		if len(nics) > 0 {
			vm.NICs = nics
			vms = append(vms, vm)
		}
	}
	// A backend named by its VM alone comes back as "vm/nic".
	ep := func(s string) string {
		if k, ok := e.nicEndpoint(s); ok {
			return k[0] + "/" + k[1]
		}
		return s
	}
	for i := range t.LoadBalancers {
		lb := &t.LoadBalancers[i]
		for j := range lb.Backends {
			lb.Backends[j] = ep(lb.Backends[j])
		}
		for j := range lb.BackendAddressPools {
			for k := range lb.BackendAddressPools[j].Backends {
				lb.BackendAddressPools[j].Backends[k] = ep(lb.BackendAddressPools[j].Backends[k])
			}
		}
		for j := range lb.InboundNatRules {
			lb.InboundNatRules[j].BackendIPConfiguration = ep(lb.InboundNatRules[j].BackendIPConfiguration)
		}
	}
	t.VMs = vms
}

// carriedPeerings keeps the links the template creates.
func carriedPeerings(t *model.Topology, e *exporter) {
	var out []model.Peering
	for _, p := range t.Peerings {
		keep := func(l *model.PeeringLink) bool {
			l.RemoteAddressSpace = nil
			if !e.has(tPeering, l.VNet, p.ID) {
				*l = model.PeeringLink{VNet: l.VNet, Lifecycle: model.LinkNotCreated}
				return false
			}
			return true
		}
		a, b := keep(&p.A), keep(&p.B)
		if a || b {
			out = append(out, p)
		}
	}
	t.Peerings = out
}

// carriedNames applies to private endpoints and zones what the export
// lists as not carried.
func carriedNames(t *model.Topology) {
	for i := range t.PrivateEndpoints {
		pe := &t.PrivateEndpoints[i]
		pe.Fqdn, pe.PublicIPAddress = "", ""
		if pe.ConnectionState == model.PERejected || pe.ConnectionState == model.PEDisconnected {
			pe.ConnectionState = model.PEPending
		}
	}
	for i := range t.PrivateDNSZones {
		z := &t.PrivateDNSZones[i]
		var keep []model.RecordSet
		for _, rs := range z.RecordSets {
			if rs.Type == "A" || rs.Type == "CNAME" {
				keep = append(keep, rs)
			}
		}
		z.RecordSets = keep
	}
}

// knownImportGaps brings the export's view to what the importer reads
// today where the importer, not the export, is short (see the report of
// issue 15 point 4). Remove a line when the importer reads the case.
//   - A manual private link connection (manualPrivateLinkServiceConnections)
//     has no privateLinkServiceConnectionState in a template: it waits for
//     approval, so it is Pending, but the importer reads the missing state
//     as Approved.
func knownImportGaps(t *model.Topology) {
	for i := range t.PrivateEndpoints {
		if t.PrivateEndpoints[i].ConnectionState == model.PEPending {
			t.PrivateEndpoints[i].ConnectionState = ""
		}
	}
}

// dropImportedSites takes out what the importer makes of a template's
// local network gateways and circuits: a site of their own.
func dropImportedSites(t *model.Topology) {
	t.Sites = nil
	for i := range t.LocalNetworkGateways {
		t.LocalNetworkGateways[i].Site = ""
	}
	for i := range t.Circuits {
		t.Circuits[i].Site = ""
	}
}

// normalise writes defaults and equivalent spellings one way.
func normalise(t *model.Topology) {
	for i := range t.VMs {
		vm := &t.VMs[i]
		vm.GuestIPForwarding, vm.Stateful, vm.NetworksBehind, vm.DNSServer = false, false, nil, nil
	}
	for i := range t.VNets {
		t.VNets[i].AddressSpace.AddressPrefixes = noneIfEmpty(t.VNets[i].AddressSpace.AddressPrefixes)
		for j := range t.VNets[i].Subnets {
			if s := &t.VNets[i].Subnets[j]; s.PrivateEndpointNetworkPolicies == model.PENetworkPoliciesDisabled {
				s.PrivateEndpointNetworkPolicies = ""
			}
		}
	}
	for i := range t.Peerings {
		normalisePeering(&t.Peerings[i])
	}
	for i := range t.NSGs {
		for j := range t.NSGs[i].SecurityRules {
			normaliseRule(&t.NSGs[i].SecurityRules[j])
		}
	}
	for i := range t.PublicIPAddresses {
		if t.PublicIPAddresses[i].Sku.Name == "" {
			t.PublicIPAddresses[i].Sku.Name = model.SkuStandard
		}
	}
	for i := range t.LoadBalancers {
		if t.LoadBalancers[i].Sku == "" {
			t.LoadBalancers[i].Sku = model.SkuStandard
		}
	}
	for i := range t.LocalNetworkGateways {
		l := &t.LocalNetworkGateways[i]
		l.LocalNetworkAddressSpace.AddressPrefixes = noneIfEmpty(l.LocalNetworkAddressSpace.AddressPrefixes)
	}
	for i := range t.Gateways {
		normaliseGateway(&t.Gateways[i])
	}
	for i := range t.RouteServers {
		if t.RouteServers[i].HubRoutingPreference == "ExpressRoute" {
			t.RouteServers[i].HubRoutingPreference = ""
		}
	}
	normaliseNames(t)
}

func noneIfEmpty(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}

func normalisePeering(p *model.Peering) {
	for _, l := range []*model.PeeringLink{&p.A, &p.B} {
		if l.VirtualNetworkAccess() {
			l.AllowVirtualNetworkAccess = nil
		}
		if l.Lifecycle == model.LinkDeleted {
			l.Lifecycle = model.LinkNotCreated
		}
	}
	if p.B.VNet < p.A.VNet {
		p.A, p.B = p.B, p.A
	}
}

func normaliseRule(r *model.SecurityRule) {
	one := func(s *string, l *[]string) {
		if *s == "" && len(*l) == 1 {
			*s, *l = (*l)[0], nil
		}
		if *s == "" && len(*l) == 0 {
			*s = "*"
		}
		*l = noneIfEmpty(*l)
	}
	one(&r.SourceAddressPrefix, &r.SourceAddressPrefixes)
	one(&r.SourcePortRange, &r.SourcePortRanges)
	one(&r.DestinationAddressPrefix, &r.DestinationAddressPrefixes)
	one(&r.DestinationPortRange, &r.DestinationPortRanges)
}

func normaliseGateway(g *model.VirtualNetworkGateway) {
	if g.IsVpn() && g.VpnType == "" {
		g.VpnType = model.RouteBased
	}
	if g.GatewayType == model.GatewayExpressRoute {
		g.VpnType, g.ActiveActive, g.EnableBgp = "", false, false
	}
	if b := g.BgpSettings; b != nil {
		if b.Asn == model.AzureASN {
			b.Asn = 0
		}
		if b.Asn == 0 && b.BgpPeeringAddress == "" {
			g.BgpSettings = nil
		}
	}
	if c := g.VpnClientConfiguration; c != nil {
		c.VpnClientAddressPool.AddressPrefixes = noneIfEmpty(c.VpnClientAddressPool.AddressPrefixes)
		c.Clients = nil
	}
}

func normaliseNames(t *model.Topology) {
	for i := range t.PrivateEndpoints {
		pe := &t.PrivateEndpoints[i]
		if pe.ConnectionState == model.PEApproved {
			pe.ConnectionState = ""
		}
		pe.Fqdn = ""
		pe.PrivateLinkServiceID = pe.PrivateLinkServiceID[strings.LastIndexByte(pe.PrivateLinkServiceID, '/')+1:]
	}
	for i := range t.PrivateDNSZones {
		for j := range t.PrivateDNSZones[i].VirtualNetworkLinks {
			if l := &t.PrivateDNSZones[i].VirtualNetworkLinks[j]; l.ResolutionPolicy == model.ResolutionDefault {
				l.ResolutionPolicy = ""
			}
		}
	}
	for i := range t.DNSForwardingRulesets {
		for j := range t.DNSForwardingRulesets[i].ForwardingRules {
			r := &t.DNSForwardingRulesets[i].ForwardingRules[j]
			if r.ForwardingRuleState == "Enabled" {
				r.ForwardingRuleState = ""
			}
			for k := range r.TargetDNSServers {
				if r.TargetDNSServers[k].Port == 53 {
					r.TargetDNSServers[k].Port = 0
				}
			}
		}
	}
}

// alignLocations: a location the export's view leaves empty (the template
// used the location parameter) is not compared.
func alignLocations(want, got *model.Topology) {
	align := func(w map[string]string, id string, l *string) {
		if w[id] == "" {
			*l = ""
		}
	}
	w := map[string]string{}
	for _, v := range want.VNets {
		w["vnet:"+v.ID] = v.Location
	}
	for _, r := range want.RouteTables {
		w["rt:"+r.ID] = r.Location
	}
	for _, n := range want.NSGs {
		w["nsg:"+n.ID] = n.Location
	}
	for _, p := range want.PublicIPAddresses {
		w["pip:"+p.ID] = p.Location
	}
	for _, n := range want.NatGateways {
		w["nat:"+n.ID] = n.Location
	}
	for i := range got.VNets {
		align(w, "vnet:"+got.VNets[i].ID, &got.VNets[i].Location)
	}
	for i := range got.RouteTables {
		align(w, "rt:"+got.RouteTables[i].ID, &got.RouteTables[i].Location)
	}
	for i := range got.NSGs {
		align(w, "nsg:"+got.NSGs[i].ID, &got.NSGs[i].Location)
	}
	for i := range got.PublicIPAddresses {
		align(w, "pip:"+got.PublicIPAddresses[i].ID, &got.PublicIPAddresses[i].Location)
	}
	for i := range got.NatGateways {
		align(w, "nat:"+got.NatGateways[i].ID, &got.NatGateways[i].Location)
	}
}

// lineDiff is a line diff of a and b (longest common subsequence), with
// two lines of context around each change.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(x)*len(y) > 4_000_000 {
		return "(too long to diff)"
	}
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var all []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			all = append(all, line{' ', x[i]})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			all = append(all, line{'+', y[j]})
			j++
		default:
			all = append(all, line{'-', x[i]})
			i++
		}
	}
	var out strings.Builder
	last := -10
	for k, l := range all {
		near := false
		for d := max(0, k-2); d <= min(len(all)-1, k+2); d++ {
			near = near || all[d].op != ' '
		}
		if !near {
			continue
		}
		if k > last+1 {
			out.WriteString("@@\n")
		}
		out.WriteString(string(l.op) + " " + l.text + "\n")
		last = k
	}
	return out.String()
}
