package kinds

import (
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
)

// TestNamesFromThePalette builds the private-endpoint design of the field
// notes with the palette and drag-to-link only: an endpoint in a spoke, a
// privatelink zone linked to the spoke and the hub and holding the
// endpoint's record through its zone group, a resolver in the hub and a
// ruleset using its outbound endpoint. A VM in the hub then resolves the
// storage name to the endpoint's private address; before the zone link it
// got the public one.
func TestNamesFromThePalette(t *testing.T) {
	var topo model.Topology
	mk := func(k Kind, into string) Ref {
		t.Helper()
		r, err := Create(&topo, k, into, "")
		if err != nil {
			t.Fatalf("create %s into %q: %v", k, into, err)
		}
		return r
	}
	connect := func(a, b Ref, want string) {
		t.Helper()
		what, err := Connect(&topo, a, b)
		if err != nil || what != want {
			t.Fatalf("connect %v to %v: %q, %v; want %q", a, b, what, err, want)
		}
	}
	hub, spoke := mk(VNet, ""), mk(VNet, "")
	connect(hub, spoke, "peering")
	vm := mk(VM, hub.ID+"/default")
	pe := mk(PrivateEndpoint, spoke.ID+"/default")
	p, _ := locatePrivateEndpoint(&topo, pe.ID)
	fqdn := p.(*model.PrivateEndpoint).Fqdn
	if ip := p.(*model.PrivateEndpoint).PrivateIPAddress; ip != "10.1.0.4" {
		t.Errorf("the endpoint took %s, want the spoke subnet's first usable address 10.1.0.4", ip)
	}
	resolve := func() dns.Resolution {
		plane := dataplane.Build(&topo)
		return dns.Resolve(plane, &topo, vm.ID+"/nic0", fqdn)
	}
	if r := resolve(); r.Answer.Scope != dns.ScopePublic {
		t.Fatalf("before any zone: %s resolves to %+v, want the public address", fqdn, r.Answer)
	}
	zone := mk(PrivateDNSZone, "")
	if zone.ID != "privatelink.blob.core.windows.net" {
		t.Errorf("the first zone is %s, want the blob privatelink zone", zone.ID)
	}
	connect(zone, pe, "zone group entry")
	connect(hub, zone, "virtual network link") // either order
	connect(zone, spoke, "virtual network link")
	if _, err := Connect(&topo, zone, hub); err == nil || !strings.Contains(err.Error(), "already linked") {
		t.Errorf("a second link to the same VNet: %v", err)
	}
	if r := resolve(); r.Answer.Kind != dns.Address || r.Answer.Scope != dns.ScopePrivate || r.Answer.Addresses[0] != "10.1.0.4" {
		t.Errorf("after the links: %s resolves to %+v (%s), want 10.1.0.4", fqdn, r.Answer, r.Reason)
	}

	resolver := mk(DNSResolver, hub.ID)
	if _, err := Create(&topo, DNSResolver, hub.ID, ""); err == nil || !strings.Contains(err.Error(), "at most one") {
		t.Errorf("a second resolver in one VNet: %v", err)
	}
	rs := mk(DNSRuleset, "")
	r, _ := locateDNSRuleset(&topo, rs.ID)
	if got := r.(*model.DNSForwardingRuleset).DNSResolverOutboundEndpoints; len(got) != 1 || got[0] != resolver.ID+"/out" {
		t.Errorf("the new ruleset uses %v, want the only outbound endpoint", got)
	}
	if _, err := Connect(&topo, rs, resolver); err == nil || !strings.Contains(err.Error(), "every outbound endpoint") {
		t.Errorf("the ruleset again to the resolver: %v", err)
	}
	connect(rs, spoke, "ruleset link")
	// A second private endpoint joins the existing zone as the portal does.
	pe2 := mk(PrivateEndpoint, spoke.ID+"/default")
	p2, _ := locatePrivateEndpoint(&topo, pe2.ID)
	if g := p2.(*model.PrivateEndpoint).PrivateDnsZoneGroup; g == nil || g.PrivateDnsZoneConfigs[0].PrivateDnsZoneID != zone.ID {
		t.Errorf("the second endpoint is not in the zone: %+v", g)
	}
	if ip := p2.(*model.PrivateEndpoint).PrivateIPAddress; ip != "10.1.0.5" {
		t.Errorf("the second endpoint took %s, want 10.1.0.5", ip)
	}
	for _, d := range model.Validate(&topo, nil) {
		if d.Severity == model.Error {
			t.Errorf("the palette-built design has an error: %s %s", d.Path, d.Msg)
		}
	}
	// Deleting the resolver takes the ruleset's reference with it.
	if err := Delete(&topo, resolver); err != nil {
		t.Fatal(err)
	}
	r, _ = locateDNSRuleset(&topo, rs.ID)
	if got := r.(*model.DNSForwardingRuleset).DNSResolverOutboundEndpoints; len(got) != 0 {
		t.Errorf("after deleting the resolver the ruleset still uses %v", got)
	}
}
