package conformance_test

// Helpers for the conformance tests of the routing and peering pages
// (docs/rules/system-routes.md, route-selection.md, udr.md, propagation.md,
// peering.md, gateway-transit.md). Every helper is prefixed "routing" so it
// cannot clash with the helpers of other pages in this package.

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// routingAnalyse wraps topology (a JSON object in the scenario format's
// "topology" shape) into a scenario document, decodes it strictly (an
// unknown field is an error, so a misspelt ARM property fails the test) and
// analyses it, with failures applied when given.
func routingAnalyse(t *testing.T, topology string, failures ...model.Failure) *engine.Analysis {
	t.Helper()
	doc, warnings, err := scenario.Decode([]byte(`{"format":"vnetplay/scenario","version":1,"topology":`+topology+`}`), scenario.Strict)
	if err != nil {
		t.Fatalf("decode design: %v", err)
	}
	if len(warnings) > 0 {
		t.Fatalf("decode design: %v", warnings)
	}
	return engine.Analyze(doc, failures...)
}

// routingWant is one expected effective route: next-hop type, source,
// state and, when ip is set, the next-hop IP ("" means no IP expected).
type routingWant struct {
	hop    route.NextHopType
	source route.Source
	state  route.State
	ip     string
}

// routingTable returns a subnet's effective routes ("vnet/subnet"),
// failing the test if the subnet has no table.
func routingTable(t *testing.T, a *engine.Analysis, subnet string) []route.Effective {
	t.Helper()
	tbl, ok := a.Plane.Routes(subnet)
	if !ok {
		t.Fatalf("subnet %s has no route table in the plane (subnets: %v)", subnet, a.Plane.Subnets())
	}
	return tbl.Routes()
}

// routingDump formats routes one per line for failure messages.
func routingDump(rs []route.Effective) string {
	var b strings.Builder
	for _, e := range rs {
		ip := ""
		if e.NextHopIP.IsValid() {
			ip = " " + e.NextHopIP.String()
		}
		fmt.Fprintf(&b, "\n  %-18s %-22s %-30s%s %s (%s)", e.Prefix, e.Source, e.NextHop, ip, e.State, e.Reason)
	}
	return b.String()
}

// routingWithPrefix returns the subnet's routes whose prefix is exactly prefix.
func routingWithPrefix(t *testing.T, a *engine.Analysis, subnet, prefix string) []route.Effective {
	t.Helper()
	p := netip.MustParsePrefix(prefix)
	var out []route.Effective
	for _, e := range routingTable(t, a, subnet) {
		if e.Prefix == p {
			out = append(out, e)
		}
	}
	return out
}

// routingExpect asserts that subnet lists a route for prefix with the
// wanted source and next-hop type, in the wanted state and with the wanted
// next-hop IP (none when w.ip is empty).
func routingExpect(t *testing.T, a *engine.Analysis, subnet, prefix string, w routingWant) {
	t.Helper()
	for _, e := range routingWithPrefix(t, a, subnet, prefix) {
		if e.Source != w.source || e.NextHop != w.hop {
			continue
		}
		if e.State != w.state {
			t.Errorf("%s %s %s/%s: state %s (%s), want %s", subnet, prefix, w.source, w.hop, e.State, e.Reason, w.state)
		}
		got := ""
		if e.NextHopIP.IsValid() {
			got = e.NextHopIP.String()
		}
		if got != w.ip {
			t.Errorf("%s %s %s/%s: next-hop IP %q, want %q", subnet, prefix, w.source, w.hop, got, w.ip)
		}
		return
	}
	t.Errorf("%s: no %s route %s → %s; table:%s", subnet, w.source, prefix, w.hop, routingDump(routingTable(t, a, subnet)))
}

// routingAbsent asserts that subnet lists no route for prefix from source
// (any source when source is nil).
func routingAbsent(t *testing.T, a *engine.Analysis, subnet, prefix string, source *route.Source) {
	t.Helper()
	for _, e := range routingWithPrefix(t, a, subnet, prefix) {
		if source == nil || e.Source == *source {
			t.Errorf("%s: unexpected route %s %s → %s %s", subnet, prefix, e.Source, e.NextHop, e.State)
		}
	}
}

// routingSource returns a pointer to s, for routingAbsent.
func routingSource(s route.Source) *route.Source { return &s }

// routingGatewayRoutes returns the subnet's routes whose source is
// VirtualNetworkGateway.
func routingGatewayRoutes(t *testing.T, a *engine.Analysis, subnet string) []route.Effective {
	t.Helper()
	var out []route.Effective
	for _, e := range routingTable(t, a, subnet) {
		if e.Source == route.Gateway {
			out = append(out, e)
		}
	}
	return out
}

// routingLookup returns the route Azure would use from subnet to dst
// (Network Watcher's Next hop), failing the test when none matches.
func routingLookup(t *testing.T, a *engine.Analysis, subnet, dst string) route.Effective {
	t.Helper()
	r, ok := a.Plane.NextHop(subnet, netip.MustParseAddr(dst))
	if !ok {
		t.Fatalf("%s → %s: no route", subnet, dst)
	}
	return r.Route
}

// routingTrace walks a packet from an endpoint (VM, NIC, "site/host",
// "gateway/client") to another endpoint or to a literal IP address.
func routingTrace(t *testing.T, a *engine.Analysis, from, to string, opts ...trace.Options) *trace.Trace {
	t.Helper()
	_, ip, ok := a.Plane.Endpoint(to)
	if !ok {
		var err error
		if ip, err = netip.ParseAddr(to); err != nil {
			t.Fatalf("destination %q is neither an endpoint nor an IP", to)
		}
	}
	if id, _, ok := a.Plane.Endpoint(from); ok {
		from = id // a VM id names its NIC
	}
	var o trace.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	return trace.RunWith(a.Plane, trace.Flow{Src: from, DstIP: ip}, o)
}

// routingExpectTrace asserts a walk's disposition; reason, when not empty,
// must occur in the trace's one-line reason.
func routingExpectTrace(t *testing.T, tr *trace.Trace, want trace.Disposition, reason string) {
	t.Helper()
	if tr.Disposition != want || !strings.Contains(tr.Reason, reason) {
		t.Errorf("%s: got %s (%s), want %s (reason containing %q)", tr.Flow, tr.Disposition, tr.Reason, want, reason)
	}
}

// routingExpectStep fails unless a step of walk tr says each of words,
// and the walk's reason says none of them (the hints of a full walk are
// steps: a quiet walk's reason stays what the matrix shows).
func routingExpectStep(t *testing.T, tr *trace.Trace, words ...string) {
	t.Helper()
	for _, h := range tr.Hops {
		for _, st := range h.Steps {
			if containsAll(st.Detail, words) {
				if containsAll(tr.Reason, words) {
					t.Errorf("%s: the reason %q repeats the step", tr.Flow, tr.Reason)
				}
				return
			}
		}
	}
	t.Errorf("%s: no step says %q; steps:\n%s", tr.Flow, words, routingSteps(tr))
}

// routingExpectNoStep fails if a step of walk tr says word.
func routingExpectNoStep(t *testing.T, tr *trace.Trace, word string) {
	t.Helper()
	for _, h := range tr.Hops {
		for _, st := range h.Steps {
			if strings.Contains(st.Detail, word) {
				t.Errorf("%s: unexpected step %q", tr.Flow, st.Detail)
			}
		}
	}
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// routingSteps lists tr's steps, one per line.
func routingSteps(tr *trace.Trace) string {
	var b strings.Builder
	for _, h := range tr.Hops {
		for _, st := range h.Steps {
			b.WriteString("  " + st.Kind.String() + " " + st.Detail + "\n")
		}
	}
	return b.String()
}

// routingDiag returns the diagnostics with this code.
func routingDiag(a *engine.Analysis, code string) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range a.Diagnostics {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// routingExpectDiag asserts that the design reports code with severity sev
// (n > 0) or does not report it at all (n == 0).
func routingExpectDiag(t *testing.T, a *engine.Analysis, code string, sev model.Severity, present bool) {
	t.Helper()
	ds := routingDiag(a, code)
	switch {
	case present && len(ds) == 0:
		t.Errorf("no %s diagnostic; got %v", code, a.Diagnostics)
	case !present && len(ds) > 0:
		t.Errorf("unexpected %v", ds)
	case present && ds[0].Severity != sev:
		t.Errorf("%s has severity %s, want %s", code, ds[0].Severity, sev)
	}
}

// routingInPrefix reports whether ip lies in prefix.
func routingInPrefix(ip netip.Addr, prefix string) bool {
	return netip.MustParsePrefix(prefix).Contains(ip)
}

// routingHub builds the hub design most routing tests share: VNet "hub"
// (10.0.0.0/16, westeurope) with GatewaySubnet 10.0.255.0/27 and workload
// subnets app1 (10.0.1.0/24, VM vm-hub at 10.0.1.4) and app2 (10.0.2.0/24,
// VM nva at 10.0.2.4, IP forwarding on), a RouteBased VPN gateway "vpngw"
// (BGP, ASN 65010, point-to-site pool 172.16.50.0/24 with client
// "laptop") with a static connection to site "branch" (LNG prefix
// 192.168.10.0/24, host branch/pc 192.168.10.10) and a BGP connection to
// site "dc" (ASN 65050, prefix 192.168.20.0/24, host dc/srv
// 192.168.20.10). The fields add to it.
type routingHub struct {
	app1Table    string   // route table id of hub/app1 ("" none)
	dcAdvertises []string // what dc originates over BGP (default: its prefix)
	noGateway    bool     // leave out the gateway, its LNGs, sites and connections
	vnets        []string // further VNet objects (JSON)
	peerings     []string // peering objects
	tables       []string // route table objects
	vms          []string // further VM objects
}

// json returns the design as a scenario topology object.
func (h routingHub) json() string {
	rt := ""
	if h.app1Table != "" {
		rt = `,"routeTable":"` + h.app1Table + `"`
	}
	adv := ""
	if len(h.dcAdvertises) > 0 {
		adv = `,"advertisedPrefixes":["` + strings.Join(h.dcAdvertises, `","`) + `"]`
	}
	vnets := append([]string{`{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},
		{"name":"app1","addressPrefix":"10.0.1.0/24"` + rt + `},{"name":"app2","addressPrefix":"10.0.2.0/24"}]}`}, h.vnets...)
	vms := append([]string{`{"id":"vm-hub","networkInterfaces":[{"name":"nic0","subnet":"hub/app1","privateIpAddress":"10.0.1.4"}]}`,
		`{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"hub/app2","privateIpAddress":"10.0.2.4","enableIPForwarding":true}]}`}, h.vms...)
	hybrid := `,
	"virtualNetworkGateways":[{"id":"vpngw","vnet":"hub","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1","enableBgp":true,"bgpSettings":{"asn":65010},
		"vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.16.50.0/24"]},"vpnClientProtocols":["OpenVPN"],
		"clients":[{"id":"laptop","ipAddress":"172.16.50.10","os":"Other"}]}}],
	"localNetworkGateways":[
		{"id":"branch-lng","site":"branch","gatewayIpAddress":"203.0.113.10","localNetworkAddressSpace":{"addressPrefixes":["192.168.10.0/24"]}},
		{"id":"dc-lng","site":"dc","gatewayIpAddress":"203.0.113.20","localNetworkAddressSpace":{"addressPrefixes":[]},"bgpSettings":{"asn":65050,"bgpPeeringAddress":"192.168.255.1"}}],
	"sites":[
		{"id":"branch","addressPrefixes":["192.168.10.0/24"],"hosts":[{"id":"pc","ipAddress":"192.168.10.10"}]},
		{"id":"dc","asn":65050,"addressPrefixes":["192.168.20.0/24"]` + adv + `,"hosts":[{"id":"srv","ipAddress":"192.168.20.10"}]}],
	"connections":[
		{"id":"branch-s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpngw","localNetworkGateway2":"branch-lng"},
		{"id":"dc-s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpngw","localNetworkGateway2":"dc-lng","enableBgp":true}]`
	if h.noGateway {
		hybrid = ""
	}
	return `{"vnets":[` + strings.Join(vnets, ",") + `],
	"peerings":[` + strings.Join(h.peerings, ",") + `],
	"routeTables":[` + strings.Join(h.tables, ",") + `],
	"virtualMachines":[` + strings.Join(vms, ",") + `]` + hybrid + `}`
}

// routingSpoke is a VNet "<id>" in westeurope with range "<net>.0.0/16",
// subnet app "<net>.1.0/24" (route table rt when not empty) and a VM
// no VM (see routingSpokeVM).
func routingSpoke(id, net, rt string) string {
	if rt != "" {
		rt = `,"routeTable":"` + rt + `"`
	}
	return `{"id":"` + id + `","location":"westeurope","addressSpace":{"addressPrefixes":["` + net + `.0.0/16"]},
		"subnets":[{"name":"app","addressPrefix":"` + net + `.1.0/24"` + rt + `}]}`
}

// routingSpokeVM is the VM "vm-<id>" at "<net>.1.4" in routingSpoke's subnet.
func routingSpokeVM(id, net string) string {
	return `{"id":"vm-` + id + `","networkInterfaces":[{"name":"nic0","subnet":"` + id + `/app","privateIpAddress":"` + net + `.1.4"}]}`
}

// routingPeering is a peering between VNets a and b; aFlags and bFlags
// are extra link properties (JSON members without braces, may be empty).
func routingPeering(id, a, b, aFlags, bFlags string) string {
	if aFlags != "" {
		aFlags = "," + aFlags
	}
	if bFlags != "" {
		bFlags = "," + bFlags
	}
	return `{"id":"` + id + `","a":{"vnet":"` + a + `"` + aFlags + `},"b":{"vnet":"` + b + `"` + bFlags + `}}`
}

// routingTableJSON is a route table "<id>" in westeurope; routes are route
// objects (JSON). disable sets disableBgpRoutePropagation.
func routingTableJSON(id string, disable bool, routes ...string) string {
	d := ""
	if disable {
		d = `,"disableBgpRoutePropagation":true`
	}
	return `{"id":"` + id + `","location":"westeurope"` + d + `,"routes":[` + strings.Join(routes, ",") + `]}`
}

// routingUDR is one route object; ip is the next-hop IP ("" none).
func routingUDR(name, prefix, hop, ip string) string {
	if ip != "" {
		ip = `,"nextHopIpAddress":"` + ip + `"`
	}
	return `{"name":"` + name + `","addressPrefix":"` + prefix + `","nextHopType":"` + hop + `"` + ip + `}`
}

// routingVia reports whether the forward walk passed the NIC node (a NIC
// id such as "nva/nic0").
func routingVia(tr *trace.Trace, node string) bool {
	for _, h := range tr.Hops {
		if h.Node == node {
			return true
		}
	}
	return false
}

// routingHops lists the forward walk's nodes, for failure messages.
func routingHops(tr *trace.Trace) []string {
	out := make([]string, 0, len(tr.Hops))
	for _, h := range tr.Hops {
		out = append(out, h.Node)
	}
	return out
}
