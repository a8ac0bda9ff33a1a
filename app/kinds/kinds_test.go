package kinds

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// TestRegistryIsComplete: every kind is fully declared, so that no package
// has to fill a gap with a switch of its own.
func TestRegistryIsComplete(t *testing.T) {
	seen := map[Kind]bool{}
	for _, s := range All() {
		if seen[s.Kind] {
			t.Errorf("kind %q declared twice", s.Kind)
		}
		seen[s.Kind] = true
		if s.Noun == "" || s.Plural == "" || s.Title == "" || s.Icon == "" {
			t.Errorf("%s: noun %q, plural %q, title %q, icon %q: all are needed", s.Kind, s.Noun, s.Plural, s.Title, s.Icon)
		}
		vowel := strings.ContainsRune("aeiouAEIOU", rune(s.Noun[0]))
		if s.Article != "the" && (s.Article == "an") != vowel {
			t.Errorf("%s: %q", s.Kind, s.A())
		}
		if s.Title[:1] != strings.ToUpper(s.Title[:1]) {
			t.Errorf("%s: title %q is not capitalised", s.Kind, s.Title)
		}
		if (s.Short == "") != (s.ShortPlural == "") {
			t.Errorf("%s: short %q without its plural %q", s.Kind, s.Short, s.ShortPlural)
		}
		if s.Of != "" {
			if of, ok := Of(s.Of); !ok || of.Of != "" {
				t.Errorf("%s is a variant of %q, which is not a resource kind", s.Kind, s.Of)
			}
		}
		if s.IsResource() && ((s.Model == "" && !s.Singleton) || s.Path("x/y") == "") {
			t.Errorf("%s is a resource without an engine kind (%q) or a path", s.Kind, s.Model)
		}
		if s.Placement == Edge && s.EdgeKey == "" {
			t.Errorf("%s is drawn as an edge without an edge key", s.Kind)
		}
		if s.Failure != "" && !slices.Contains(model.FailureKinds(), s.Failure) {
			t.Errorf("%s fails as %q, which the engine does not know", s.Kind, s.Failure)
		}
	}
}

// TestEveryCollectionIsAKind: each resource collection of the scenario
// format (model.Topology's fields) is a kind here, so that a collection the
// engine adds cannot be forgotten by the playground.
func TestEveryCollectionIsAKind(t *testing.T) {
	tt := reflect.TypeOf(model.Topology{})
	for i := range tt.NumField() {
		name, _, _ := strings.Cut(tt.Field(i).Tag.Get("json"), ",")
		if !slices.ContainsFunc(All(), func(s Spec) bool { return s.Collection == name && s.IsResource() }) {
			t.Errorf("topology collection %q has no kind in the registry", name)
		}
	}
}

func TestPaletteOrder(t *testing.T) {
	p := PaletteKinds()
	if len(p) != 17 {
		t.Fatalf("%d palette entries, want 17", len(p))
	}
	for i, s := range p {
		if s.Palette.Order != i+1 {
			t.Errorf("palette entry %d is %s with order %d", i, s.Kind, s.Palette.Order)
		}
		if s.Palette.Fixed != !s.CanCreate() {
			t.Errorf("%s: fixed=%v but can create=%v", s.Kind, s.Palette.Fixed, s.CanCreate())
		}
		if s.Palette.Into != "" {
			if _, ok := Of(s.Palette.Into); !ok {
				t.Errorf("%s goes into unknown kind %q", s.Kind, s.Palette.Into)
			}
		}
		if s.Palette.Label == "" {
			t.Errorf("%s has no palette label", s.Kind)
		}
	}
}

func TestCountAndArticle(t *testing.T) {
	cases := []struct{ got, want string }{
		{MustOf(VNet).Count(1), "1 VNet"},
		{MustOf(VNet).Count(2), "2 VNets"},
		{MustOf(NSG).Count(1), "1 NSG"},
		{MustOf(RouteTable).Count(0), "no route tables"},
		{MustOf(RouteTable).Count(3), "3 route tables"},
		{MustOf(ERGateway).A(), "an ExpressRoute gateway"},
		{MustOf(VPNGateway).A(), "a VPN gateway"},
		{MustOf(Site).A(), "an on-premises site"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func builtins(t *testing.T) map[string]*scenario.Document {
	t.Helper()
	out := map[string]*scenario.Document{}
	for _, sc := range scenarios.All() {
		doc, _, err := scenario.Decode(sc.JSON, scenario.Strict)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		out[sc.Name] = doc
	}
	return out
}

// everyRef lists every resource of every kind in t.
func everyRef(t *model.Topology) []Ref {
	var out []Ref
	for _, s := range All() {
		if !s.IsResource() {
			continue
		}
		for _, id := range s.IDs(t) {
			out = append(out, Ref{Kind: s.Kind, ID: id})
		}
	}
	return out
}

// TestPathsRoundTrip: the diagnostics path of every resource of every
// built-in design leads back to it, and Locate finds it.
func TestPathsRoundTrip(t *testing.T) {
	n := 0
	for name, doc := range builtins(t) {
		for _, r := range everyRef(&doc.Topology) {
			n++
			p := Path(r)
			got, ok := RefForPath(p + ".someProperty")
			if !ok || got != r {
				t.Errorf("%s: %v has path %q, which maps back to %v (%v)", name, r, p, got, ok)
			}
			if !Exists(&doc.Topology, r) {
				t.Errorf("%s: %v not found by Locate", name, r)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d resources in the built-ins: the test checks too little", n)
	}
	if _, ok := RefForPath("nonsense"); ok {
		t.Error("a path without an index maps to a resource")
	}
}

// TestDeleteLeavesNoDanglingReference: deleting any resource of any
// built-in design (with its cascade) leaves no reference to something gone.
func TestDeleteLeavesNoDanglingReference(t *testing.T) {
	for name, doc := range builtins(t) {
		for _, r := range everyRef(&doc.Topology) {
			if !MustOf(r.Kind).Deletable() {
				continue
			}
			cp, _, err := scenario.Decode(mustEncode(t, doc), scenario.Strict)
			if err != nil {
				t.Fatal(err)
			}
			if err := Delete(&cp.Topology, r); err != nil {
				t.Errorf("%s: delete %v: %v", name, r, err)
				continue
			}
			if Exists(&cp.Topology, r) {
				t.Errorf("%s: %v still there after delete", name, r)
			}
			for _, d := range model.Validate(&cp.Topology, nil) {
				if d.Code == "ref.dangling" {
					t.Errorf("%s: deleting %v leaves %s: %s", name, r, d.Path, d.Msg)
				}
			}
		}
	}
}

func mustEncode(t *testing.T, doc *scenario.Document) []byte {
	t.Helper()
	b, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCreateEveryPaletteKind builds a design from the palette alone: each
// creatable kind, in a container when it needs one, gives a resource that
// exists and adds no error.
func TestCreateEveryPaletteKind(t *testing.T) {
	var topo model.Topology
	into := map[Kind]string{}
	for _, s := range PaletteKinds() {
		if !s.CanCreate() {
			continue
		}
		r, err := Create(&topo, s.Kind, into[s.Palette.Into], "")
		if err != nil {
			t.Fatalf("create %s into %q: %v", s.Kind, into[s.Palette.Into], err)
		}
		if r.Kind != Resource(s.Kind) || !Exists(&topo, r) {
			t.Fatalf("create %s gave %v, which does not exist", s.Kind, r)
		}
		into[s.Kind] = r.ID
		if s.Kind == VNet {
			into[Subnet] = r.ID + "/default"
		}
	}
	for _, d := range model.Validate(&topo, nil) {
		if d.Severity == model.Error {
			t.Errorf("the palette-built design has an error: %s %s", d.Path, d.Msg)
		}
	}
	if _, err := Create(&topo, Subnet, "", ""); err == nil || !strings.Contains(err.Error(), "select one first") {
		t.Errorf("a subnet without a VNet: %v", err)
	}
	if _, err := Create(&topo, Internet, "", ""); err == nil {
		t.Error("the Internet was created")
	}
}

func TestConnectRules(t *testing.T) {
	var topo model.Topology
	mk := func(k Kind, into string) Ref {
		r, err := Create(&topo, k, into, "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	v1, v2 := mk(VNet, ""), mk(VNet, "")
	rt, nsg := mk(RouteTable, ""), mk(NSG, "")
	vpn := mk(VPNGateway, v1.ID)
	site := mk(Site, "")
	sub := Ref{Kind: Subnet, ID: v1.ID + "/default"}
	circuit, bgpSite := mk(Circuit, ""), mk(Site, "")
	topo.Sites[1].Asn = 65020
	cases := []struct {
		a, b Ref
		what string
		err  string
	}{
		{v1, v2, "peering", ""},
		{v2, v1, "", "already peered"},
		{rt, sub, "association", ""},
		{rt, sub, "", "already associated"}, // no change: no undo step that does nothing
		{sub, nsg, "association", ""},
		{nsg, sub, "", "already associated"},
		{vpn, site, "site-to-site connection", ""},
		// Private peering is BGP: a site without an ASN takes the circuit's
		// peer ASN, and says so; a site with one keeps it.
		{site, circuit, "circuit link; site1 now speaks BGP as AS 65001, circuit1's peer ASN (private peering is BGP)", ""},
		{circuit, site, "", "already linked"},
		{circuit, bgpSite, "circuit link", ""},
		{rt, v1, "", "A route table connects to a subnet, not to a virtual network"},
		{site, nsg, "", "An on-premises site connects to a VPN gateway or an ExpressRoute circuit, not to a network security group"},
		{v1, v1, "", "itself"},
	}
	for _, c := range cases {
		what, err := Connect(&topo, c.a, c.b)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("connect %v to %v: %v", c.a, c.b, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("connect %v to %v: %v, want %q", c.a, c.b, err, c.err)
		case what != c.what:
			t.Errorf("connect %v to %v made %q, want %q", c.a, c.b, what, c.what)
		}
	}
	s, _ := locateSubnet(&topo, sub.ID)
	if sn := s.(*model.Subnet); sn.RouteTable != rt.ID || sn.NetworkSecurityGroup != nsg.ID {
		t.Errorf("associations not made: %+v", sn)
	}
	if topo.Sites[0].Asn != 65001 || topo.Sites[1].Asn != 65020 || topo.Circuits[0].PeerASN != 65001 || topo.Circuits[0].Site != bgpSite.ID {
		t.Errorf("after the circuit links: sites' ASNs %d, %d; circuit peer ASN %d, site %q; want 65001, 65020; 65001, %q",
			topo.Sites[0].Asn, topo.Sites[1].Asn, topo.Circuits[0].PeerASN, topo.Circuits[0].Site, bgpSite.ID)
	}
	if len(topo.Peerings) != 1 || len(topo.Connections) != 1 || len(topo.LocalNetworkGateways) != 1 {
		t.Errorf("peerings %d, connections %d, local network gateways %d; want 1 each",
			len(topo.Peerings), len(topo.Connections), len(topo.LocalNetworkGateways))
	}
	if !CanConnect(NVA, RouteServer) || CanConnect(Subnet, Subnet) {
		t.Error("CanConnect disagrees with the rules")
	}
}

// TestDeleteEdgeCascade: what deleting a resource of the Internet edge, or
// a VM behind a public load balancer, takes with it in the built-in
// internet-web-standard-lb and private-subnet-nat-gateway designs.
func TestDeleteEdgeCascade(t *testing.T) {
	docs := builtins(t)
	for _, tc := range []struct {
		design string
		del    Ref
		check  func(t *testing.T, topo *model.Topology)
	}{
		{"internet-web-standard-lb", Ref{VM, "web1"}, func(t *testing.T, topo *model.Topology) {
			lb := topo.LoadBalancers[0]
			if got := lb.BackendAddressPools[0].Backends; !slices.Equal(got, []string{"web2"}) {
				t.Errorf("pool backends %v, want [web2]", got)
			}
			if len(lb.InboundNatRules) != 0 {
				t.Errorf("the NAT rule to web1 stayed: %+v", lb.InboundNatRules)
			}
			if len(lb.LoadBalancingRules) != 1 || len(lb.OutboundRules) != 1 {
				t.Errorf("the pool's rules went: %+v %+v", lb.LoadBalancingRules, lb.OutboundRules)
			}
		}},
		{"internet-web-standard-lb", Ref{Subnet, "app/web"}, func(t *testing.T, topo *model.Topology) {
			lb := topo.LoadBalancers[0]
			if len(lb.BackendAddressPools[0].Backends) != 0 || len(lb.InboundNatRules) != 0 {
				t.Errorf("backends of the deleted subnet stayed: %+v", lb)
			}
			if !lb.IsPublic() {
				t.Error("the public load balancer lost its frontend")
			}
		}},
		{"internet-web-standard-lb", Ref{PublicIP, "pip-admin"}, func(t *testing.T, topo *model.Topology) {
			if n := topo.VMs[0].NICs[0]; n.PublicIPAddress != "" {
				t.Errorf("admin1's NIC still names %q", n.PublicIPAddress)
			}
			if len(topo.LoadBalancers) != 1 {
				t.Error("the load balancer went with another public IP")
			}
		}},
		{"internet-web-standard-lb", Ref{PublicIP, "pip-lb"}, func(t *testing.T, topo *model.Topology) {
			if len(topo.LoadBalancers) != 0 {
				t.Errorf("a load balancer without a frontend stayed: %+v", topo.LoadBalancers)
			}
			if len(topo.PublicIPAddresses) != 1 || topo.VMs[0].NICs[0].PublicIPAddress != "pip-admin" {
				t.Error("the admin VM's public IP was touched")
			}
		}},
		{"private-subnet-nat-gateway", Ref{NATGateway, "natgw"}, func(t *testing.T, topo *model.Topology) {
			for _, s := range topo.VNets[0].Subnets {
				if s.NatGateway != "" {
					t.Errorf("subnet %s still names NAT gateway %q", s.Name, s.NatGateway)
				}
			}
		}},
	} {
		t.Run(tc.design+":"+tc.del.String(), func(t *testing.T) {
			doc, ok := docs[tc.design]
			if !ok {
				t.Fatalf("no built-in design %s", tc.design)
			}
			cp, _, err := scenario.Decode(mustEncode(t, doc), scenario.Strict)
			if err != nil {
				t.Fatal(err)
			}
			if err := Delete(&cp.Topology, tc.del); err != nil {
				t.Fatal(err)
			}
			tc.check(t, &cp.Topology)
		})
	}
}
