package store

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// enumFields lists the fields with options among fs and their children.
func enumFields(fs []Field) []Field {
	var out []Field
	for _, f := range fs {
		if len(f.Options) > 0 {
			out = append(out, f)
		}
		out = append(out, enumFields(f.Children)...)
	}
	return out
}

// TestOptionsAreWhatTheModelAccepts: on every resource of every built-in
// design, every property the Inspector offers as a choice shows the
// design's value among its choices, and each choice, set, is one the
// model's validation accepts at that property. Before, the choices went
// by the property's name alone: a load balancer rule's protocol was
// offered an NSG rule's (*, Icmp, Esp, Ah, never All), and setting All
// there was refused.
func TestOptionsAreWhatTheModelAccepts(t *testing.T) {
	checked := map[string]bool{}
	for _, sc := range scenarios.All() {
		doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		for _, spec := range kinds.All() {
			if !spec.IsResource() {
				continue
			}
			for _, id := range spec.IDs(&doc.Topology) {
				ref := Ref{Kind: spec.Kind, ID: id}
				res, err := locate(&doc.Topology, ref)
				if err != nil {
					t.Fatalf("%s: %v: %v", sc.Name, ref, err)
				}
				for _, f := range enumFields(Fields(res)) {
					checkOptions(t, sc.Name, &doc.Topology, ref, f)
					checked[string(spec.Kind)+"."+f.Name] = true
				}
			}
		}
	}
	for _, want := range []string{"load-balancer.protocol", "nsg.protocol", "load-balancer.sku", "subnet.privateEndpointNetworkPolicies", "dns-zone.resolutionPolicy", "private-endpoint.connectionState", "public-ip.name"} {
		if !checked[want] {
			t.Errorf("no built-in design has a %s to check (checked %v)", want, checked)
		}
	}
}

// checkOptions checks field f of the resource ref in topo: its value is
// one of its options, and each option set there draws no error at it.
func checkOptions(t *testing.T, design string, topo *model.Topology, ref Ref, f Field) {
	t.Helper()
	if !slices.Contains(f.Options, f.Value) {
		t.Errorf("%s: %v %s is %q, not one of the choices %q", design, ref, f.Path, f.Value, f.Options)
	}
	at := kinds.Path(ref) + "." + f.Path
	for _, v := range f.Options {
		c := scenario.CloneTopology(topo)
		res, err := locate(c, ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := setProperty(res, f.Path, v); err != nil {
			t.Errorf("%s: %v %s: setting the choice %q: %v", design, ref, f.Path, v, err)
			continue
		}
		for _, d := range model.Validate(c, dataplane.KnownServices()) {
			if d.Severity == model.Error && strings.HasPrefix(d.Path, at) {
				t.Errorf("%s: %v %s = %q (a choice offered): %s", design, ref, f.Path, v, d)
			}
		}
	}
}

// TestItemNouns: the Inspector's "Add …" buttons name a list's element in
// words, acronyms in capitals. Before, "frontendIPConfigurations" gave
// "Add frontend i p configuration" and "inboundNatRules" "inbound nat rule".
func TestItemNouns(t *testing.T) {
	for list, want := range map[string]string{
		"routes": "route", "securityRules": "security rule", "frontendIPConfigurations": "frontend IP configuration",
		"inboundNatRules": "inbound NAT rule", "customDnsConfigs": "custom DNS config", "bgpConnections": "BGP peer",
		"networksBehind": "network behind", "backendAddressPools": "backend address pool", "virtualNetworkLinks": "virtual network link",
		"loadBalancers[0].outboundRules": "outbound rule",
	} {
		if got := ItemNoun(list); got != want {
			t.Errorf("ItemNoun(%q) = %q, want %q", list, got, want)
		}
	}
}

// TestPublicLoadBalancerHasNoSubnetToMiss: a public load balancer's subnet
// is offered empty ("(none)"), not shown as a missing reference.
func TestPublicLoadBalancerHasNoSubnetToMiss(t *testing.T) {
	lb := builtinResource(t, "internet-web-standard-lb", Ref{Kind: kinds.LoadBalancer, ID: "lb-web"})
	for _, f := range Fields(lb) {
		if f.Name == "subnet" && (f.Value != "" || f.Ref != kinds.Subnet || !f.RefOptional) {
			t.Errorf("the public load balancer's subnet field %+v, want an optional subnet reference, empty", f)
		}
	}
}

// TestUnsetObjectShowsNoNumbers: a gateway without bgpSettings shows its
// ASN empty (unset: Azure gives 65515), not 0, which reads as an ASN.
func TestUnsetObjectShowsNoNumbers(t *testing.T) {
	gw := builtinResource(t, "private-endpoint-dns-hub-resolver", Ref{Kind: kinds.Gateway, ID: "hub-vpngw"})
	if gw.(*model.VirtualNetworkGateway).BgpSettings != nil {
		t.Fatal("hub-vpngw has bgpSettings: the test needs a gateway without")
	}
	for _, f := range Fields(gw) {
		if f.Name != "bgpSettings" {
			continue
		}
		for _, c := range f.Children {
			if c.Name == "asn" && c.Value != "" {
				t.Errorf("the unset bgpSettings' asn shows %q, want it empty", c.Value)
			}
		}
		return
	}
	t.Fatal("no bgpSettings field")
}

// TestUnsetChoiceSaysAzuresDefault: an enumerated property's unset choice
// reads as the value Azure takes ("(default: RouteBased)"), not "(none)".
func TestUnsetChoiceSaysAzuresDefault(t *testing.T) {
	for _, c := range []struct {
		owner any
		name  string
		want  string
	}{
		{model.VirtualNetworkGateway{}, "vpnType", "(default: RouteBased)"},
		{model.OutboundRule{}, "protocol", "(default: All)"},
		{model.Subnet{}, "privateEndpointNetworkPolicies", "(default: Disabled)"},
		{model.LoadBalancer{}, "sku", "(default: Standard)"},
		{model.PeeringLink{}, "lifecycle", "(exists)"},
	} {
		if got := unsetLabel(c.name); got != c.want {
			t.Errorf("%T.%s: the unset choice reads %q, want %q", c.owner, c.name, got, c.want)
		}
	}
	lb := builtinResource(t, "internet-web-standard-lb", Ref{Kind: kinds.LoadBalancer, ID: "lb-web"})
	for _, f := range enumFields(Fields(lb)) {
		if f.Options[0] == "" && f.Unset == "" {
			t.Errorf("%s offers an unset choice without saying what it means", f.Path)
		}
	}
}

// builtinDoc is the built-in design name, decoded.
func builtinDoc(t *testing.T, name string) *scenario.Document {
	t.Helper()
	sc, ok := scenarios.Get(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// builtinResource is the resource r of the built-in design name.
func builtinResource(t *testing.T, name string, r Ref) any {
	t.Helper()
	doc := builtinDoc(t, name)
	res, err := locate(&doc.Topology, r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestZeroMeansUnsetNumbers: a number whose 0 means "left unset" (a site's
// ASN: no BGP; a gateway's bgpSettings.asn: 65515; a forwarding target's
// port: 53), or a list whose emptiness does (a site's advertised prefixes),
// shows empty with what Azure does as its hint, and emptying it
// stores 0; a number whose 0 is a value (a connection's routing weight)
// shows 0 and is not emptied.
func TestZeroMeansUnsetNumbers(t *testing.T) {
	find := func(fs []Field, name string) Field {
		t.Helper()
		for _, f := range fs {
			if f.Name == name {
				return f
			}
		}
		t.Fatalf("no field %q", name)
		return Field{}
	}
	site := &model.Site{ID: "dc"}
	if f := find(Fields(site), "asn"); f.Value != "" || !strings.Contains(f.Unset, "no BGP") {
		t.Errorf("a site without BGP: asn %q, hint %q", f.Value, f.Unset)
	}
	site.Asn = 65010
	if f := find(Fields(site), "asn"); f.Value != "65010" {
		t.Errorf("a site with ASN 65010 shows %q", f.Value)
	}
	if err := setProperty(site, "asn", ""); err != nil || site.Asn != 0 {
		t.Errorf("emptying the site's ASN: %v, asn %d", err, site.Asn)
	}
	if f := find(Fields(site), "advertisedPrefixes"); f.Value != "" || !strings.Contains(f.Unset, "addressPrefixes") {
		t.Errorf("a site advertising its address space: %q, hint %q", f.Value, f.Unset)
	}
	gw := &model.VirtualNetworkGateway{BgpSettings: &model.BgpSettings{}}
	if f := find(find(Fields(gw), "bgpSettings").Children, "asn"); f.Value != "" || !strings.Contains(f.Unset, "65515") {
		t.Errorf("bgpSettings without an ASN: asn %q, hint %q", f.Value, f.Unset)
	}
	target := &model.TargetDNSServer{IPAddress: "10.0.0.4"}
	if f := find(Fields(target), "port"); f.Value != "" || !strings.Contains(f.Unset, "53") {
		t.Errorf("a forwarding target without a port: %q, hint %q", f.Value, f.Unset)
	}
	conn := &model.Connection{}
	if f := find(Fields(conn), "routingWeight"); f.Value != "0" || f.Unset != "" {
		t.Errorf("a routing weight of 0 shows %q, hint %q", f.Value, f.Unset)
	}
	if err := setProperty(conn, "routingWeight", ""); err == nil {
		t.Error("an empty routing weight was taken")
	}
}

// TestERGatewayHidesUnsetVPNProperties: an ExpressRoute gateway's
// Inspector leaves out the VPN-only properties it does not set (vpnType,
// activeActive, enableBgp read as if an ExpressRoute gateway spoke no BGP),
// shows one the design sets, and offers its type's SKUs; a VPN gateway
// shows them all, and a PolicyBased one is offered Basic only.
func TestERGatewayHidesUnsetVPNProperties(t *testing.T) {
	names := func(fs []Field) (out []string) {
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	sku := func(fs []Field) []string {
		for _, f := range fs {
			if f.Name == "sku" {
				return f.Options
			}
		}
		return nil
	}
	er := &model.VirtualNetworkGateway{ID: "ergw", VNet: "hub", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"}
	if got, want := names(Fields(er)), []string{"id", "vnet", "gatewayType", "sku"}; !slices.Equal(got, want) {
		t.Errorf("an ExpressRoute gateway lists %v, want %v", got, want)
	}
	if got := sku(Fields(er)); !slices.Equal(got, model.GatewaySkus(model.GatewayExpressRoute)) {
		t.Errorf("an ExpressRoute gateway is offered the SKUs %v", got)
	}
	er.GatewayDefaultSite = "dc" // set in an imported design: shown, so the validation's finding has its field
	if got := names(Fields(er)); !slices.Contains(got, "gatewayDefaultSite") {
		t.Errorf("an ExpressRoute gateway with a default site lists %v", got)
	}
	vpn := &model.VirtualNetworkGateway{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, Sku: "VpnGw1"}
	if got := names(Fields(vpn)); len(got) != 10 {
		t.Errorf("a VPN gateway lists %v, want all 10 properties", got)
	}
	if got := sku(Fields(vpn)); !slices.Contains(got, "VpnGw2AZ") || slices.Contains(got, "ErGw1AZ") {
		t.Errorf("a VPN gateway is offered the SKUs %v", got)
	}
	vpn.VpnType, vpn.Sku = model.PolicyBased, "Basic"
	if got := sku(Fields(vpn)); !slices.Equal(got, []string{"Basic"}) {
		t.Errorf("a PolicyBased gateway is offered the SKUs %v", got)
	}
}
