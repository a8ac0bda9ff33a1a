package bgp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// Oracle tests of Update: along random edit sequences of many designs, the
// result Update derives from an earlier one is byte for byte the result
// Compute gives from scratch (dump), whether Update returned the earlier
// result, carried components over or ran them again.

// dump is a canonical text form of everything a result holds and answers:
// speakers, sessions (unexported fields too), every table (Loc-RIBs,
// Adj-RIBs-In and -Out, with every path flag; nil and empty lists print
// differently), programmed VNet routes, transit spokes and hub prefixes,
// diagnostics, rounds, convergence, each speaker's neighbors and longest
// match for probe addresses (every Loc-RIB prefix's first and last
// address, checked against a scan), and the P2S routes of every gateway
// of t.
func dump(r *Result, t *model.Topology) []byte {
	return append(dumpResult(r), dumpP2S(r, t)...)
}

// dumpP2S is the part of dump that reads the design: P2S routes.
func dumpP2S(r *Result, t *model.Topology) []byte {
	var b bytes.Buffer
	for _, g := range t.Gateways {
		x, ok := r.P2S(t, g.ID)
		fmt.Fprintf(&b, "p2s %s %v %#v\n", g.ID, ok, x)
	}
	return b.Bytes()
}

// dumpResult is the part of dump that reads the result only.
func dumpResult(r *Result) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "speakers %#v\nsessions %#v\n", r.Speakers(), r.Sessions())
	for _, id := range sortedKeys(r.loc) {
		loc := r.loc[id].flat()
		fmt.Fprintf(&b, "loc %s %d %v\n", id, len(loc), loc == nil)
		for _, x := range loc {
			dumpPath(&b, x.Path)
			fmt.Fprintf(&b, " %s %q %v\n", x.Reason, x.Multipath, x.Multipath == nil)
		}
	}
	// The Loc-RIBs RIB shows instead of loc's (a VPN gateway's with its
	// ExpressRoute gateway's paths, rule:expressroute.failover-to-vpn).
	fmt.Fprintf(&b, "erPeer %v\n", r.erPeer)
	for _, id := range sortedKeys(r.erPeer) {
		shown := r.shownRIB(id)
		fmt.Fprintf(&b, "shown %s %d %v\n", id, len(shown), shown == nil)
		for _, x := range shown {
			dumpPath(&b, x.Path)
			fmt.Fprintf(&b, " %s %q %v\n", x.Reason, x.Multipath, x.Multipath == nil)
			for _, q := range x.Equal {
				b.WriteString("  =")
				dumpPath(&b, q)
				b.WriteByte('\n')
			}
		}
	}
	for _, m := range []struct {
		name string
		m    map[string]map[string]chunked[Path]
	}{{"in", r.adjIn}, {"out", r.adjOut}} {
		for _, id := range sortedKeys(m.m) {
			for _, s := range sortedKeys(m.m[id]) {
				ps := m.m[id][s].flat()
				fmt.Fprintf(&b, "%s %s %s %d %v\n", m.name, id, s, len(ps), ps == nil)
				for _, p := range ps {
					dumpPath(&b, p)
					b.WriteByte('\n')
				}
			}
		}
	}
	for _, v := range sortedKeys(r.vnet) {
		fmt.Fprintf(&b, "vnet %s %d %v\n", v, len(r.vnet[v]), r.vnet[v] == nil)
		for _, x := range r.vnet[v] {
			fmt.Fprintf(&b, "  %s %d %s %d %d %s %s\n", x.Prefix, x.NextHop, x.NextHopIP, x.Source, x.Origin.Kind, x.Origin.ID, x.Origin.Name)
		}
	}
	fmt.Fprintf(&b, "transit %#v\nhub %#v\n", r.w.transit, r.w.hubPfx)
	fmt.Fprintf(&b, "diags %#v\nrounds %d converged %v\n", r.Diagnostics, r.Rounds, r.Converged)
	var probes []netip.Addr
	for _, bests := range r.loc {
		for x := range bests.all() {
			probes = append(probes, x.Prefix.Addr(), lastAddr(x.Prefix))
		}
	}
	probes = append(probes, netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("10.0.0.1"))
	slices.SortFunc(probes, netip.Addr.Compare)
	probes = slices.Compact(probes)
	for _, sp := range r.Speakers() {
		for _, n := range r.Neighbors(sp.ID) {
			fmt.Fprintf(&b, "neighbor %s %s %s %d %s %d %d\n", sp.ID, n.Session.ID, n.Peer, n.PeerASN, n.PeerAddr, len(n.Advertised), len(n.Received))
		}
		for _, a := range probes {
			x, ok := r.Lookup(sp.ID, a)
			y, okY := r.lookupLinear(sp.ID, a)
			if ok != okY || !x.equal(y) {
				fmt.Fprintf(&b, "lookup %s %s: index %v %v, scan %v %v\n", sp.ID, a, x, ok, y, okY)
			}
			if ok {
				fmt.Fprintf(&b, "lookup %s %s %s\n", sp.ID, a, x.Prefix)
			}
		}
	}
	return b.Bytes()
}

// dumpPath writes every field of p.
func dumpPath(b *bytes.Buffer, p Path) {
	b.WriteString("  ")
	b.WriteString(p.Prefix.String())
	if p.ASPath == nil {
		b.WriteString(" nil")
	}
	b.WriteString(" [")
	for _, a := range p.ASPath {
		b.WriteString(strconv.FormatUint(uint64(a), 10))
		b.WriteByte(' ')
	}
	b.WriteString("] ")
	for _, s := range []string{p.Origin.String(), p.Neighbor, p.Session, p.NextHop, strconv.Itoa(p.Weight)} {
		b.WriteString(strconv.Quote(s))
		b.WriteByte(' ')
	}
	for _, f := range []bool{p.Local, p.Static, p.ViaER, p.NoAdvertise, p.FromRS, p.nva, p.pool, p.lng} {
		if f {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3]) | ^mask(p.Bits())
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// firstDiff describes where two dumps differ.
func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range max(len(al), len(bl)) {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			return fmt.Sprintf("line %d:\n  update:  %.600s\n  compute: %.600s", i, x, y)
		}
	}
	return "equal"
}

// chooser makes the choices of a random edit: from a seeded generator, or
// from fuzz input.
type chooser interface {
	n(k int) int // in [0, k); 0 when k ≤ 0
}

type randChooser struct{ r *rand.Rand }

func (c randChooser) n(k int) int {
	if k <= 0 {
		return 0
	}
	return c.r.IntN(k)
}

type byteChooser struct{ b []byte }

func (c *byteChooser) n(k int) int {
	if k <= 0 || len(c.b) == 0 {
		return 0
	}
	x := int(c.b[0])
	c.b = c.b[1:]
	return x % k
}

// cloneTopo deep-copies t through its JSON form, so that an edit never
// writes into a slice an earlier result's design holds.
func cloneTopo(tb testing.TB, t model.Topology) model.Topology {
	b, err := json.Marshal(t)
	if err != nil {
		tb.Fatal(err)
	}
	var out model.Topology
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// editPrefixes are the prefixes edits write: VNet ranges and parts of
// them, on-premises ranges, a default route, supernets, an invalid one.
var editPrefixes = []string{"0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "10.0.1.0/24", "10.1.0.0/16", "10.1.0.0/22", "10.2.0.0/16",
	"172.16.0.0/12", "172.16.5.0/24", "172.20.0.0/16", "192.168.0.0/16", "192.168.1.0/24", "192.168.8.0/24", "100.64.0.0/10", "10.9.0.0/16", "bad"}

// hybridEdit changes t (a private deep copy) in one of the ways an editor
// can change what BGP reads, or something BGP does not read, chosen by c,
// and returns the failures in force afterwards.
func hybridEdit(c chooser, t *model.Topology, fails []model.Failure) []model.Failure {
	pick := func(ss []string) string { return ss[c.n(len(ss))] }
	pfx := func() string { return pick(editPrefixes) }
	grow := func(ss []string) []string {
		if len(ss) > 0 && c.n(2) == 0 {
			i := c.n(len(ss))
			return slices.Delete(slices.Clone(ss), i, i+1)
		}
		return append(slices.Clone(ss), pfx())
	}
	switch c.n(14) {
	case 0: // a site's prefixes
		if len(t.Sites) > 0 {
			s := &t.Sites[c.n(len(t.Sites))]
			switch c.n(4) {
			case 0:
				s.AdvertisedPrefixes = grow(s.AdvertisedPrefixes)
			case 1:
				s.AddressPrefixes = grow(s.AddressPrefixes)
			case 2:
				s.AdvertisedPrefixes = nil
			default:
				s.Hosts = append(s.Hosts, model.Host{ID: fmt.Sprintf("h%d", c.n(9)), IPAddress: "192.168.1.9"}) // not read by BGP
			}
		}
	case 1: // a site's ASN or preference
		if len(t.Sites) > 0 {
			s := &t.Sites[c.n(len(t.Sites))]
			if c.n(2) == 0 {
				s.Asn = []uint32{0, 65020, 65150, 65515, 12076}[c.n(5)]
			} else {
				s.PreferExpressRoute = !s.PreferExpressRoute
			}
		}
	case 2: // a gateway's settings
		if len(t.Gateways) > 0 {
			g := &t.Gateways[c.n(len(t.Gateways))]
			switch c.n(8) {
			case 0:
				g.EnableBgp = !g.EnableBgp
			case 1:
				g.ActiveActive = !g.ActiveActive
			case 2:
				g.BgpSettings = []*model.BgpSettings{nil, {Asn: 65515}, {Asn: 65010}, {Asn: 65020, BgpPeeringAddress: "10.0.255.30"}}[c.n(4)]
			case 3:
				g.Sku = pick([]string{"VpnGw1AZ", "Basic", "ErGw3AZ", "ErGwScale"})
			case 4:
				g.VpnType = pick([]string{model.RouteBased, model.PolicyBased})
			case 5:
				if g.VpnClientConfiguration == nil {
					g.VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.31.0.0/24"}}}
				} else if c.n(2) == 0 {
					g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes = grow(g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes)
				} else {
					g.VpnClientConfiguration = nil
				}
			case 6:
				g.GatewayDefaultSite = pick([]string{"", "x"}) // not read by BGP
			default:
				if len(t.VNets) > 0 {
					g.VNet = t.VNets[c.n(len(t.VNets))].ID
				}
			}
		}
	case 3: // a connection
		if n := len(t.Connections); n > 0 && c.n(3) != 0 {
			k := &t.Connections[c.n(n)]
			switch c.n(4) {
			case 0:
				k.EnableBgp = !k.EnableBgp
			case 1:
				k.RoutingWeight = 10 * c.n(4)
			case 2:
				k.UsePolicyBasedTrafficSelectors = !k.UsePolicyBasedTrafficSelectors // not read by BGP
			default:
				i := c.n(n)
				t.Connections = slices.Delete(t.Connections, i, i+1)
			}
		} else if len(t.Gateways) > 0 {
			g := t.Gateways[c.n(len(t.Gateways))]
			k := model.Connection{ID: fmt.Sprintf("e%d", c.n(20)), VirtualNetworkGateway1: g.ID, EnableBgp: c.n(2) == 0}
			switch {
			case g.GatewayType == model.GatewayExpressRoute && len(t.Circuits) > 0:
				k.ConnectionType, k.Peer = model.ConnExpressRoute, t.Circuits[c.n(len(t.Circuits))].ID
			case len(t.LocalNetworkGateways) > 0 && c.n(2) == 0:
				k.ConnectionType, k.LocalNetworkGateway2 = model.ConnIPsec, t.LocalNetworkGateways[c.n(len(t.LocalNetworkGateways))].ID
			default:
				o := t.Gateways[c.n(len(t.Gateways))]
				k.ConnectionType, k.VirtualNetworkGateway2 = model.ConnVnet2Vnet, o.ID
				t.Connections = append(t.Connections, model.Connection{ID: k.ID + "r", ConnectionType: model.ConnVnet2Vnet,
					VirtualNetworkGateway1: o.ID, VirtualNetworkGateway2: g.ID, EnableBgp: k.EnableBgp})
			}
			t.Connections = append(t.Connections, k)
		}
	case 4: // a circuit
		if len(t.Circuits) > 0 {
			k := &t.Circuits[c.n(len(t.Circuits))]
			switch c.n(5) {
			case 0:
				k.PremiumAddOn = !k.PremiumAddOn
			case 1:
				k.ExportPrefixList = grow(k.ExportPrefixList)
			case 2:
				k.GlobalReach = []string{t.Circuits[c.n(len(t.Circuits))].ID}
			case 3:
				k.PrimaryPeerAddressPrefix = pick([]string{"172.16.0.0/30", "192.168.255.8/30", ""})
			default:
				k.PeerASN++ // not read by BGP
			}
		}
	case 5: // a local network gateway
		if len(t.LocalNetworkGateways) > 0 {
			l := &t.LocalNetworkGateways[c.n(len(t.LocalNetworkGateways))]
			switch c.n(4) {
			case 0:
				l.LocalNetworkAddressSpace.AddressPrefixes = grow(l.LocalNetworkAddressSpace.AddressPrefixes)
			case 1:
				l.ExportPrefixList = grow(l.ExportPrefixList)
			case 2:
				l.BgpSettings = []*model.BgpSettings{nil, {Asn: 65020, BgpPeeringAddress: "192.168.0.1"}, {Asn: 65515}}[c.n(3)]
			default:
				l.GatewayIPAddress = pick([]string{"203.0.113.1", "203.0.113.9"})
			}
		}
	case 6: // a Route Server
		if len(t.RouteServers) > 0 {
			rs := &t.RouteServers[c.n(len(t.RouteServers))]
			if len(rs.BgpConnections) == 0 || c.n(3) == 0 {
				switch c.n(2) {
				case 0:
					rs.AllowBranchToBranchTraffic = !rs.AllowBranchToBranchTraffic
				default:
					rs.HubRoutingPreference = pick([]string{"", "VpnGateway", "ASPath", "ExpressRoute"})
				}
				break
			}
			p := &rs.BgpConnections[c.n(len(rs.BgpConnections))]
			switch c.n(5) {
			case 0:
				if len(p.Advertise) > 0 && c.n(2) == 0 {
					i := c.n(len(p.Advertise))
					p.Advertise = slices.Delete(p.Advertise, i, i+1)
				} else {
					p.Advertise = append(p.Advertise, model.Advertisement{Prefix: pfx(), AsPathPrepend: c.n(3), NoAdvertise: c.n(4) == 0})
				}
			case 1:
				if len(p.Advertise) > 0 {
					a := &p.Advertise[c.n(len(p.Advertise))]
					a.AsPathPrepend, a.Origin = c.n(4), pick([]string{"", "incomplete"})
				}
			case 2:
				p.PeerAsn = []uint32{65001, 65002, 65515, 0}[c.n(4)]
			case 3:
				p.ExportPrefixList = grow(p.ExportPrefixList)
			default:
				p.PeerIP = pick([]string{"10.0.1.4", "10.0.1.5", "10.1.1.4", "x"})
			}
		}
	case 7: // a VNet's ranges or special subnets
		if len(t.VNets) > 0 {
			v := &t.VNets[c.n(len(t.VNets))]
			switch c.n(5) {
			case 0:
				v.AddressSpace.AddressPrefixes = grow(v.AddressSpace.AddressPrefixes)
			case 1:
				v.SummarizedGatewayPrefixes = grow(v.SummarizedGatewayPrefixes)
			case 2:
				for i := range v.Subnets {
					if v.Subnets[i].Name == model.GatewaySubnet || v.Subnets[i].Name == model.RouteServerSubnet {
						v.Subnets[i].AddressPrefix = pick([]string{"10.0.255.0/27", "10.0.254.0/26", "10.1.255.0/27"})
					}
				}
			case 3:
				v.Location += "x" // not read by BGP
			default:
				v.Subnets = append(v.Subnets, model.Subnet{Name: fmt.Sprintf("s%d", c.n(9)), AddressPrefix: "10.0.9.0/24"}) // not read
			}
		}
	case 8: // a peering
		if len(t.Peerings) > 0 && c.n(4) != 0 {
			p := &t.Peerings[c.n(len(t.Peerings))]
			l := &p.A
			if c.n(2) == 0 {
				l = &p.B
			}
			switch c.n(5) {
			case 0:
				l.UseRemoteGateways = !l.UseRemoteGateways
			case 1:
				l.AllowGatewayTransit = !l.AllowGatewayTransit
			case 2:
				l.Lifecycle = pick([]string{"", model.LinkNotCreated, model.LinkDeleted})
			case 3:
				l.AllowForwardedTraffic = !l.AllowForwardedTraffic // not read by BGP
			default:
				i := c.n(len(t.Peerings))
				t.Peerings = slices.Delete(t.Peerings, i, i+1)
			}
		} else if n := len(t.VNets); n > 1 {
			a, b := c.n(n), c.n(n)
			t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("e%d%d", a, b),
				A: model.PeeringLink{VNet: t.VNets[a].ID, AllowGatewayTransit: c.n(2) == 0}, B: model.PeeringLink{VNet: t.VNets[b].ID, UseRemoteGateways: c.n(2) == 0}})
		}
	case 9: // a VM's NIC address (Route Server peers resolve to VMs)
		if len(t.VMs) > 0 {
			vm := &t.VMs[c.n(len(t.VMs))]
			if len(vm.NICs) > 0 {
				vm.NICs[0].PrivateIPAddress = pick([]string{"10.0.1.4", "10.0.1.5", "10.1.1.4", "10.0.1.77"})
			}
		}
	default: // fail or restore a component
		comps := model.Components(t)
		if len(comps) == 0 {
			return fails
		}
		f := comps[c.n(len(comps))].Failure
		if i := slices.Index(fails, f); i >= 0 {
			return slices.Delete(slices.Clone(fails), i, i+1)
		}
		return append(slices.Clone(fails), f)
	}
	return fails
}

// limitDesign is rsDesign with NVA p1 advertising n /24s: Route Server
// accepts 1,000 routes per peer (rule:route-server.limits), so edits around n = 1000 drop and
// restore the session.
func limitDesign(n int) model.Topology {
	t := rsDesign(true)
	for i := range n {
		t.RouteServers[0].BgpConnections[0].Advertise = append(t.RouteServers[0].BgpConnections[0].Advertise,
			model.Advertisement{Prefix: fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256)})
	}
	return t
}

// updateDesigns are the designs the oracle edits: every built-in
// scenario, small generated designs of every kind, designs around a
// prefix limit, and seeded random hybrid designs (design).
func updateDesigns(tb testing.TB) map[string]model.Topology {
	out := map[string]model.Topology{}
	for _, s := range scenarios.All() {
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			tb.Fatal(err)
		}
		out["scenario/"+s.Name] = doc.Topology
	}
	for _, k := range gen.Kinds() {
		t, err := gen.Generate(k, gen.Params{N: 3, Prefixes: 12, UDRs: 2, Branch: 6, Seed: 4})
		if err != nil {
			tb.Fatal(err)
		}
		out["gen/"+k] = t
	}
	out["limit/996"] = limitDesign(996) // p1 has 4 routes of its own: 1,000 in all
	r := rand.New(rand.NewPCG(21, 22))
	for i := range 12 {
		data := make([]byte, 96)
		for j := range data {
			data[j] = byte(r.IntN(256))
		}
		out[fmt.Sprintf("random/%d", i)], _ = design(data)
	}
	return out
}

// oracleSteps runs steps random edits on topo and checks each Update
// (from the previous result, or sometimes an older one, with cfg) against
// Compute (with cfg's round cap). It adds to st what Update did.
func oracleSteps(t *testing.T, c chooser, topo model.Topology, steps int, cfg config, st *oracleStats) {
	t.Helper()
	var fails []model.Failure
	results := []*Result{compute(&topo, nil, cfg.maxRounds)}
	for step := range steps {
		topo = cloneTopo(t, topo)
		fails = hybridEdit(c, &topo, fails)
		from := len(results) - 1
		if c.n(5) == 0 {
			from = c.n(len(results))
		}
		up := update(results[from], &topo, fails, cfg)
		full := update(nil, &topo, fails, config{maxRounds: cfg.maxRounds, perPrefix: true})
		if a, b := dump(up, &topo), dump(full, &topo); !bytes.Equal(a, b) {
			t.Fatalf("step %d (from version %d of %d, failures %v, %+v): Update differs from Compute at %s",
				step, from, len(results)-1, fails, up.how, firstDiff(a, b))
		}
		st.add(up, results[from])
		results = append(results, up)
	}
}

// oracleStats counts what Update did along the sequences.
type oracleStats struct{ reused, whole, classed, copied, spliced int }

func (s *oracleStats) add(up, prev *Result) {
	if up == prev {
		s.reused++
		return
	}
	s.whole += up.how.whole
	s.classed += up.how.classed
	s.copied += up.how.copied
	s.spliced += up.how.spliced
}

// TestUpdateEqualsCompute is the oracle of incremental BGP: on every
// design of updateDesigns, along seeded random edit sequences (hybridEdit),
// Update equals Compute byte for byte (dump); with the round cap lowered
// too, so that non-converged components are carried over. Every path of
// Update must have run: the previous result returned, components taken as
// they were, spliced and run whole.
func TestUpdateEqualsCompute(t *testing.T) {
	var st oracleStats
	steps := 30
	switch {
	case raceEnabled: // a sample (race_test.go): make test-native runs it whole without the race detector
		steps = 6
	case testing.Short(): // make test-wasm-node
		steps = 10
	}
	designs := updateDesigns(t)
	for _, name := range sortedKeys(designs) {
		topo := designs[name]
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(31, uint64(len(name))))
			oracleSteps(t, randChooser{r}, topo, steps, config{maxRounds: MaxRounds}, &st)
			oracleSteps(t, randChooser{r}, topo, steps, config{maxRounds: MaxRounds, spliceAny: true}, &st)
			oracleSteps(t, randChooser{r}, topo, steps/3, config{maxRounds: 1 + r.IntN(3), spliceAny: true}, &st)
		})
	}
	if st.reused == 0 || st.whole == 0 || st.classed == 0 || st.copied == 0 || st.spliced == 0 {
		t.Fatalf("the sequences did not exercise every path: %+v", st)
	}
	t.Logf("%+v", st)
}

// TestUpdateAroundPrefixLimit: a Route Server peer at its 1,000-route limit
// (rule:route-server.limits); adding a route drops the session (the component runs whole, the
// splice would be wrong), removing it restores it (a splice again), and a
// route changed under the limit is spliced. Each result equals Compute's.
func TestUpdateAroundPrefixLimit(t *testing.T) {
	topo := limitDesign(996)
	prev := Compute(&topo, nil)
	edits := []struct {
		name  string
		edit  func(p *model.RouteServerPeer)
		up    bool // the Route Server session is up after the edit
		whole bool // Update ran the component whole
	}{
		{"one more", func(p *model.RouteServerPeer) {
			p.Advertise = append(p.Advertise, model.Advertisement{Prefix: "100.99.0.0/24"})
		}, false, true},
		{"back to the limit", func(p *model.RouteServerPeer) { p.Advertise = p.Advertise[:len(p.Advertise)-1] }, true, true},
		{"one changed", func(p *model.RouteServerPeer) { p.Advertise[10].Prefix = "100.99.1.0/24" }, true, false},
		{"prepend", func(p *model.RouteServerPeer) { p.Advertise[11].AsPathPrepend = 2 }, true, false},
	}
	for _, e := range edits {
		topo = cloneTopo(t, topo)
		e.edit(&topo.RouteServers[0].BgpConnections[0])
		up, full := Update(prev, &topo, nil), Compute(&topo, nil)
		if a, b := dump(up, &topo), dump(full, &topo); !bytes.Equal(a, b) {
			t.Fatalf("%s: Update differs from Compute at %s", e.name, firstDiff(a, b))
		}
		if s, _ := up.Session("rs/p1"); s.Up != e.up {
			t.Errorf("%s: session up %v, want %v (%s)", e.name, s.Up, e.up, s.Why)
		}
		if (up.how.whole > 0) != e.whole {
			t.Errorf("%s: %+v, want whole %v", e.name, up.how, e.whole)
		}
		prev = up
	}
}

// FuzzUpdate is TestUpdateEqualsCompute under the fuzzer: a random design
// (design) and a random edit sequence (hybridEdit), both read from the
// input, with Update (splicing whatever changed) checked against Compute
// after every edit.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{40, 3, 0, 1, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 1, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
		22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50})
	f.Add([]byte{20, 1, 0, 1, 0, 0, 2, 0, 3, 7, 0, 0, 1, 1, 0, 0, 0, 2, 2, 2, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 512 {
			return
		}
		k := min(int(data[0]), len(data)-1)
		topo, fails := design(data[1 : 1+k])
		c := &byteChooser{data[1+k:]}
		results := []*Result{Compute(&topo, fails)}
		for step := 0; step < 8 && len(c.b) > 0; step++ {
			topo = cloneTopo(t, topo)
			fails = hybridEdit(c, &topo, fails)
			from := len(results) - 1
			if c.n(4) == 0 {
				from = c.n(len(results))
			}
			up, full := update(results[from], &topo, fails, config{maxRounds: MaxRounds, spliceAny: true}), update(nil, &topo, fails, config{maxRounds: MaxRounds, perPrefix: true})
			if a, b := dump(up, &topo), dump(full, &topo); !bytes.Equal(a, b) {
				t.Fatalf("step %d (from version %d): Update differs from Compute at %s", step, from, firstDiff(a, b))
			}
			results = append(results, up)
		}
	})
}

// TestUpdateReusesWhatDidNotChange pins what Update computes again on
// generated designs, with the heuristics on: a transit flag or a site
// prefix splices the hub's component (a handful of prefixes run again);
// a failed circuit runs that hub's component whole, by prefix classes
// (the site's prefixes are one class), and takes the other
// hubs' as they were; an edit BGP does not read returns the previous
// result. Each result equals Compute's.
func TestUpdateReusesWhatDidNotChange(t *testing.T) {
	hubSpoke := gen.HubSpokeScale(gen.Params{N: 20, Subnets: 1, Prefixes: 200, UDRs: 2, Seed: 1})
	multiHub := gen.MultiHub(gen.Params{N: 3, Subnets: 1, Prefixes: 40, UDRs: 2, Branch: 10, Seed: 1})
	for _, c := range []struct {
		name  string
		topo  model.Topology
		edit  func(t *model.Topology) []model.Failure
		reuse bool
		want  updateStats
	}{
		{"hubspoke/transit flag", hubSpoke, func(t *model.Topology) []model.Failure {
			t.Peerings[0].B.UseRemoteGateways = false
			return nil
		}, false, updateStats{spliced: 1}},
		{"hubspoke/site prefix", hubSpoke, func(t *model.Topology) []model.Failure {
			t.Sites[0].AdvertisedPrefixes = append(t.Sites[0].AdvertisedPrefixes, "172.31.250.0/24")
			return nil
		}, false, updateStats{spliced: 1}},
		{"hubspoke/failed circuit", hubSpoke, func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}, false, updateStats{whole: 1, classed: 1}},
		{"hubspoke/forwarded traffic", hubSpoke, func(t *model.Topology) []model.Failure {
			t.Peerings[0].B.AllowForwardedTraffic = false
			return nil
		}, true, updateStats{}},
		{"multihub/failed circuit", multiHub, func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[1].ID}}
		}, false, updateStats{whole: 1, classed: 1, copied: 3}},
		{"multihub/transit flag", multiHub, func(t *model.Topology) []model.Failure {
			t.Peerings[0].B.UseRemoteGateways = false
			return nil
		}, false, updateStats{copied: 3, spliced: 1}},
	} {
		prev := Compute(&c.topo, nil)
		topo := cloneTopo(t, c.topo)
		fails := c.edit(&topo)
		up := Update(prev, &topo, fails)
		if a, b := dump(up, &topo), dump(update(nil, &topo, fails, config{maxRounds: MaxRounds, perPrefix: true}), &topo); !bytes.Equal(a, b) {
			t.Fatalf("%s: Update differs from a computation per prefix at %s", c.name, firstDiff(a, b))
		}
		if (up == prev) != c.reuse || !c.reuse && up.how != c.want {
			t.Errorf("%s: previous result returned %v, %+v; want %v, %+v", c.name, up == prev, up.how, c.reuse, c.want)
		}
	}
}
