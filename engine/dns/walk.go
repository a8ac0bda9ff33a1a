package dns

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// Suffixes Azure DHCP gives VMs: Azure-provided DNS's, and the dummy one
// of VMs that use custom DNS servers (rule:dns.azure-dns-vnet-scope, rule:dns.custom-servers).
const (
	azureSuffix  = "internal.cloudapp.net"
	customSuffix = "reddog.microsoft.com"
)

// azureReserved are domains a wildcard forwarding rule does not capture
// (rule:dns.forwarding-rules).
var azureReserved = []string{"windows.net", "azure.com"}

// walk is one resolution in progress.
type walk struct {
	r         *Resolver
	ix        *index
	steps     []Step
	stack     []frame
	exhausted bool
}

// frame is a query in progress: a server resolving a name.
type frame struct{ key, label, name string }

type serverKind uint8

const (
	azureDNS     serverKind = iota // Azure DNS as one VNet sees it (or a resolver inbound endpoint)
	vmServer                       // a VM's DNS server
	siteServer                     // a site's resolver
	publicServer                   // a DNS server on the Internet, or a P2S client's own DNS
)

// server is a DNS server resolving names.
type server struct {
	kind  serverKind
	key   string // loop detection: the same key resolves names the same way
	label string
	vnet  string // azureDNS: the VNet whose links apply
	vm    *model.VM
	site  *model.Site
}

// location is where a query is sent from: an endpoint of the stand-in
// plane (src), in a VNet or not.
type location struct {
	label, src, vnet string
}

// result is a server's answer.
type result struct {
	kind  AnswerKind
	addrs []string
	names []string
	why   string
}

func failed(why string) result { return result{kind: Failed, why: why} }

func (w *walk) depth() int { return len(w.stack) }

// step records a decision, citing rule. Past MaxSteps the walk is
// exhausted: one Exhausted step is recorded and nothing more.
func (w *walk) step(kind StepKind, actor, rule, format string, args ...any) *Step {
	if w.exhausted {
		return nil
	}
	if len(w.steps) >= MaxSteps {
		w.exhausted = true
		w.steps = append(w.steps, Step{Depth: w.depth(), Actor: actor, Kind: StepExhausted, Rule: "dns.resolution-order",
			Detail: fmt.Sprintf("gave up after %d steps: the design forwards too much to follow (rule:dns.resolution-order)", MaxSteps)})
		return nil
	}
	w.steps = append(w.steps, Step{Depth: w.depth(), Actor: actor, Kind: kind, Rule: rule,
		Detail: fmt.Sprintf(format, args...) + " (rule:" + rule + ")"})
	return &w.steps[len(w.steps)-1]
}

// run resolves name from the endpoint from.
func (w *walk) run(from, name string) Resolution {
	res := Resolution{From: from, Name: normalise(name)}
	finish := func(r result) Resolution {
		res.Answer = Answer{Kind: r.kind, Addresses: r.addrs, Names: r.names}
		if r.kind == Address {
			res.Answer.Scope = w.r.scope(r.addrs)
		}
		res.Reason = r.why
		res.Steps = w.steps
		return res
	}
	if res.Name == "" || !model.ValidDNSName(res.Name, false) {
		w.step(StepFail, from, "dns.resolution-order", "%q is not a valid DNS name", name)
		return finish(failed(fmt.Sprintf("%q is not a valid DNS name", name)))
	}
	p := w.r.p
	if id, ok := p.ResolveEndpoint(from); ok {
		res.From = id
		return finish(w.nicClient(id, &res.Name))
	}
	if h, ok := p.HybridEndpoint(from); ok {
		res.From = h.ID
		switch h.Kind {
		case dataplane.EndpointSiteHost:
			return finish(w.siteClient(h, res.Name))
		case dataplane.EndpointP2SClient:
			return finish(w.p2sClient(h, res.Name))
		}
		w.step(StepFail, h.ID, "dns.custom-servers", "which DNS server a host behind an NVA asks is not modelled")
		return finish(failed("which DNS server a host behind an NVA asks is not modelled"))
	}
	w.step(StepFail, from, "dns.custom-servers", "unknown endpoint %q (want VM[/NIC], SITE/HOST or GATEWAY/CLIENT)", from)
	return finish(failed(fmt.Sprintf("unknown endpoint %q", from)))
}

// nicClient resolves from a VM's NIC: its NIC's DNS servers, else its
// VNet's, else Azure DNS (rule:dns.custom-servers).
func (w *walk) nicClient(id string, name *string) result {
	nic, _ := w.r.p.NIC(id)
	sn, _ := w.r.p.Subnet(nic.Subnet)
	vnet := sn.VNet
	servers, from := w.nicServers(id, vnet)
	custom := len(servers) > 0
	if !strings.Contains(*name, ".") {
		if custom {
			*name += "." + customSuffix
			w.step(StepClient, id, "dns.custom-servers", "a single-label name: with custom DNS servers Azure DHCP gives the VM the dummy suffix %s, so it asks for %s", customSuffix, *name)
		} else {
			*name += "." + azureSuffix
			w.step(StepClient, id, "dns.azure-dns-vnet-scope", "a single-label name: Azure DHCP gives the VM the suffix %s, so it asks for %s", azureSuffix, *name)
		}
	}
	loc := location{label: id, src: id, vnet: vnet}
	if !custom {
		if from == "" {
			from = "neither the NIC nor VNet " + vnet + " sets DNS servers"
		}
		w.step(StepClient, id, "dns.custom-servers", "%s: the VM uses Azure-provided DNS, %s", from, model.AzureDNSAddress)
		return w.ask(loc, []string{model.AzureDNSAddress}, *name, "dns.custom-servers")
	}
	w.step(StepClient, id, "dns.custom-servers", "the VM uses the DNS servers %s from %s, in order", strings.Join(servers, ", "), from)
	if zs, rs := w.ix.zonesByVNet[vnet], w.ix.rulesetOf[vnet]; (len(zs) > 0 || rs != nil) && !slices.Contains(servers, model.AzureDNSAddress) {
		var what []string
		for _, z := range zs {
			what = append(what, "zone "+z.name)
		}
		if rs != nil {
			what = append(what, "ruleset "+rs.ID)
		}
		w.step(StepNote, id, "dns.custom-servers", "with custom DNS servers the VM never asks Azure DNS itself: what is linked to VNet %s (%s) applies only through a server that forwards to Azure DNS", vnet, strings.Join(what, ", "))
	}
	return w.ask(loc, servers, *name, "dns.custom-servers")
}

// nicServers returns the custom DNS servers a NIC uses and where they are
// set; none means Azure DNS, with why when the NIC chose it
// (AzureProvidedDNS, over its VNet's servers) and "" when nothing is set.
func (w *walk) nicServers(id, vnet string) ([]string, string) {
	vmID, nicName, _ := strings.Cut(id, "/")
	for _, vm := range w.r.t.VMs {
		if vm.ID != vmID {
			continue
		}
		for _, n := range vm.NICs {
			if n.Name != nicName || n.DNSSettings == nil || len(n.DNSSettings.DNSServers) == 0 {
				continue
			}
			if slices.Contains(n.DNSSettings.DNSServers, model.AzureProvidedDNS) {
				why := "the NIC's dnsSettings name AzureProvidedDNS"
				if v := w.ix.vnets[vnet]; v != nil && v.DhcpOptions != nil && len(v.DhcpOptions.DNSServers) > 0 {
					why += ", overriding VNet " + vnet + "'s DNS servers " + strings.Join(v.DhcpOptions.DNSServers, ", ")
				}
				return nil, why
			}
			return n.DNSSettings.DNSServers, "the NIC's dnsSettings (they override the VNet's)"
		}
		break
	}
	if v := w.ix.vnets[vnet]; v != nil && v.DhcpOptions != nil && len(v.DhcpOptions.DNSServers) > 0 {
		return v.DhcpOptions.DNSServers, "VNet " + vnet + "'s dhcpOptions"
	}
	return nil, ""
}

// siteClient resolves from an on-premises host: it asks its site's
// resolver (rule:dns.on-premises-forwarding).
func (w *walk) siteClient(h dataplane.HybridEndpoint, name string) result {
	s := w.ix.sites[h.Owner]
	if s == nil || s.DNSServer == nil {
		w.step(StepFail, h.ID, "dns.on-premises-forwarding", "site %s has no DNS server (dnsServer): its hosts have nothing to ask", h.Owner)
		return failed(fmt.Sprintf("site %s has no DNS server", h.Owner))
	}
	w.step(StepClient, h.ID, "dns.on-premises-forwarding", "the host asks its site's DNS server %s (inside the site, assumed reachable)", s.DNSServer.IPAddress)
	return w.query(siteSrv(s), name)
}

// p2sClient resolves from a P2S client: it takes its gateway VNet's DNS
// servers (rule:dns.p2s-clients); Azure DNS answers only inside a VNet
// (rule:dns.azure-dns-address).
func (w *walk) p2sClient(h dataplane.HybridEndpoint, name string) result {
	var vnet string
	if g := w.ix.gateways[h.Owner]; g != nil {
		vnet = g.VNet
	}
	var servers []string
	if v := w.ix.vnets[vnet]; v != nil && v.DhcpOptions != nil {
		servers = v.DhcpOptions.DNSServers
	}
	if len(servers) == 0 {
		w.step(StepClient, h.ID, "dns.p2s-clients", "P2S clients take the DNS servers of the gateway's VNet %s, which sets none (Azure-provided DNS answers only inside a VNet): the client resolves with its own DNS, on the Internet", vnet)
		return w.query(server{kind: publicServer, key: "client-own:" + h.ID, label: h.ID + " own DNS"}, name)
	}
	w.step(StepClient, h.ID, "dns.p2s-clients", "P2S clients take the DNS servers of the gateway's VNet %s: %s, in order (download the profile again after a change)", vnet, strings.Join(servers, ", "))
	return w.ask(location{label: h.ID, src: h.ID}, servers, name, "dns.p2s-clients")
}
