package dns

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// network answers "can this asker reach that DNS server on UDP port" with
// the routing engine. Resolver endpoints and on-premises resolvers are not
// NICs or hosts of the design, so they walk as stand-ins: a copy of the
// design with a NIC at each inbound endpoint's address and in each
// outbound endpoint's subnet, and a host at each site resolver's address.
// Stand-ins change no route; the copy is built once, on first use.
type network struct {
	p     *dataplane.Plane
	t     *model.Topology
	ix    *index
	built bool
	plane *dataplane.Plane
	// outboundSrc[resolver/endpoint] and siteSrc[site] are the stand-ins'
	// endpoint ids in plane.
	outboundSrc map[string]string
	siteSrc     map[string]string
	// names maps a stand-in's ids to what it stands for, for the checks'
	// reasons.
	names [][2]string
	memo  map[netKey]NetworkCheck
}

type netKey struct {
	src  string
	dst  netip.Addr
	port int
}

func newNetwork(p *dataplane.Plane, t *model.Topology, ix *index) *network {
	return &network{p: p, t: t, ix: ix, outboundSrc: map[string]string{}, siteSrc: map[string]string{}, memo: map[netKey]NetworkCheck{}}
}

// standIns builds the copy of the design with stand-ins, if it needs any.
func (n *network) standIns() {
	if n.built {
		return
	}
	n.built = true
	n.plane = n.p
	if len(n.ix.inbound) == 0 && len(n.ix.outbound) == 0 && len(n.ix.siteDNS) == 0 {
		return
	}
	aug := *n.t
	aug.VMs = slices.Clone(n.t.VMs)
	aug.Sites = slices.Clone(n.t.Sites)
	taken := map[string]bool{}
	for _, vm := range n.t.VMs {
		taken[vm.ID] = true
	}
	usedIP := map[netip.Addr]bool{}
	for a := range n.ix.inbound {
		usedIP[a] = true
	}
	vmID := func(base string) string {
		id := "dns~" + base
		for taken[id] {
			id += "~"
		}
		taken[id] = true
		return id
	}
	addNIC := func(label, subnet string, ip netip.Addr) string {
		id := vmID(strings.ReplaceAll(label, "/", "~"))
		aug.VMs = append(aug.VMs, model.VM{ID: id, NICs: []model.NIC{{Name: "endpoint", Subnet: subnet, PrivateIPAddress: ip.String()}}})
		n.names = append(n.names, [2]string{id + "/endpoint", label}, [2]string{id, label})
		return id + "/endpoint"
	}
	inbound := make([]inboundEP, 0, len(n.ix.inbound))
	for _, e := range n.ix.inbound {
		inbound = append(inbound, e)
	}
	slices.SortFunc(inbound, func(a, b inboundEP) int { return strings.Compare(a.id, b.id) })
	for _, e := range inbound {
		if _, isNIC := n.p.NICAt(e.ip); isNIC {
			continue // the design puts a NIC there (model.Validate reports it)
		}
		if _, ok := n.p.Subnet(e.subnet); ok {
			addNIC(e.id, e.subnet, e.ip)
		}
	}
	outIDs := make([]string, 0, len(n.ix.outbound))
	for id := range n.ix.outbound {
		outIDs = append(outIDs, id)
	}
	slices.Sort(outIDs)
	for _, id := range outIDs {
		e := n.ix.outbound[id]
		sn, ok := n.p.Subnet(e.subnet)
		if !ok || !sn.Prefix.Addr().Is4() {
			continue
		}
		// The first address Azure does not reserve that nothing else holds.
		a := sn.Prefix.Masked().Addr().Next().Next().Next().Next()
		for ; sn.Prefix.Contains(a); a = a.Next() {
			if _, isNIC := n.p.NICAt(a); !isNIC && !usedIP[a] {
				break
			}
		}
		if !sn.Prefix.Contains(a) {
			continue
		}
		usedIP[a] = true
		n.outboundSrc[id] = addNIC(id, e.subnet, a)
	}
	for i := range aug.Sites {
		s := &aug.Sites[i]
		if s.DNSServer == nil {
			continue
		}
		a, err := netip.ParseAddr(s.DNSServer.IPAddress)
		if err != nil {
			continue
		}
		if h, ok := n.p.HybridAt(a); ok {
			if h.Owner == s.ID {
				n.siteSrc[s.ID] = h.ID
			}
			continue
		}
		hostID := "dns-server"
		for slices.ContainsFunc(s.Hosts, func(h model.Host) bool { return h.ID == hostID }) {
			hostID += "~"
		}
		s.Hosts = append(slices.Clone(s.Hosts), model.Host{ID: hostID, IPAddress: a.String()})
		n.siteSrc[s.ID] = s.ID + "/" + hostID
		n.names = append(n.names, [2]string{s.ID + "/" + hostID, s.ID + " DNS server"})
	}
	slices.SortStableFunc(n.names, func(a, b [2]string) int { return len(b[0]) - len(a[0]) })
	var failures []model.Failure
	for _, c := range model.Components(n.t) {
		if n.p.Failed(c.Failure) {
			failures = append(failures, c.Failure)
		}
	}
	n.plane = dataplane.Update(n.p, &aug, dataplane.WithFailures(failures))
}

// outboundSource is the stand-in NIC of an outbound endpoint.
func (n *network) outboundSource(id string) (string, bool) {
	n.standIns()
	s, ok := n.outboundSrc[id]
	return s, ok
}

// siteSource is the endpoint a site's resolver sends from.
func (n *network) siteSource(site string) (string, bool) {
	n.standIns()
	s, ok := n.siteSrc[site]
	return s, ok
}

// check walks UDP from src (an endpoint id of the stand-in plane) to dst
// on port, with the reply; From is label. Walks are memoised by src, dst
// and port: the label of a later call (the same NIC asking as a client or
// as a DNS server) replaces the memo's, so that a check does not depend on
// the checks made before it.
func (n *network) check(src, label string, dst netip.Addr, port int) NetworkCheck {
	n.standIns()
	k := netKey{src, dst, port}
	if c, ok := n.memo[k]; ok {
		c.From = label
		return c
	}
	t := trace.Run(n.plane, trace.Flow{Src: src, DstIP: dst, Protocol: "Udp", DstPort: port})
	via := []string{}
	for _, v := range t.Via() {
		via = append(via, n.rename(v))
	}
	c := NetworkCheck{From: label, To: dst.String(), Port: port, Disposition: t.Disposition, Reason: n.rename(t.Reason), Via: via}
	n.memo[k] = c
	return c
}

// rename replaces stand-in ids by what they stand for.
func (n *network) rename(s string) string {
	for _, p := range n.names {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

// summary is a check in one line.
func (c NetworkCheck) summary() string {
	s := fmt.Sprintf("%s (%s)", c.Disposition, c.Reason)
	if len(c.Via) > 0 {
		s += " via " + strings.Join(c.Via, ", ")
	}
	return s
}
