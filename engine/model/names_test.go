package model

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		name string
		want string // "" = valid; else the exact message
	}{
		// Length boundaries: virtual networks 2-64.
		{KindVNet, "", `names of virtual networks are 2 to 64 characters; "" has 0`},
		{KindVNet, "x", `names of virtual networks are 2 to 64 characters; "x" has 1`},
		{KindVNet, "xy", ""},
		{KindVNet, strings.Repeat("a", 64), ""},
		{KindVNet, strings.Repeat("a", 65), `names of virtual networks are 2 to 64 characters; "` + strings.Repeat("a", 65) + `" has 65`},
		// 1-80 kinds.
		{KindSubnet, "", `names of subnets are 1 to 80 characters; "" has 0`},
		{KindSubnet, "a", ""},
		{KindSubnet, strings.Repeat("b", 80), ""},
		{KindSubnet, strings.Repeat("b", 81), `names of subnets are 1 to 80 characters; "` + strings.Repeat("b", 81) + `" has 81`},
		{KindRouteTable, strings.Repeat("r", 81), `names of route tables are 1 to 80 characters; "` + strings.Repeat("r", 81) + `" has 81`},
		{KindPublicIP, strings.Repeat("p", 80), ""},
		{KindPublicIP, strings.Repeat("p", 81), `names of public IP addresses are 1 to 80 characters; "` + strings.Repeat("p", 81) + `" has 81`},
		{KindNatGateway, "", `names of NAT gateways are 1 to 80 characters; "" has 0`},
		{KindNatGateway, "nat gw", `"nat gw" is not a valid NAT gateway name: spaces are not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		// Virtual machines: the 1-64 resource-name limit, not the 15 of a Windows computer name.
		{KindVM, "v", ""},
		{KindVM, strings.Repeat("v", 16), ""},
		{KindVM, strings.Repeat("v", 64), ""},
		{KindVM, strings.Repeat("v", 65), `names of virtual machines are 1 to 64 characters; "` + strings.Repeat("v", 65) + `" has 65`},
		// Length counts characters, not bytes.
		{KindNIC, strings.Repeat("é", 81), `names of network interfaces are 1 to 80 characters; "` + strings.Repeat("é", 81) + `" has 81`},
		// First character.
		{KindVNet, "-hub", `"-hub" is not a valid virtual network name: it must start with a letter or digit`},
		{KindVNet, "_hub", `"_hub" is not a valid virtual network name: it must start with a letter or digit`},
		{KindSubnet, ".app", `".app" is not a valid subnet name: it must start with a letter or digit`},
		{KindSubnet, "_", `"_" is not a valid subnet name: it must start with a letter or digit`},
		{KindVNet, "0hub", ""},
		{KindVNet, "Hub", ""},
		// Last character.
		{KindVNet, "hub-", `"hub-" is not a valid virtual network name: it must end with a letter, digit or underscore`},
		{KindVNet, "hub.", `"hub." is not a valid virtual network name: it must end with a letter, digit or underscore`},
		{KindVNet, "hub_", ""},
		{KindVNet, "hub9", ""},
		{KindVNet, "hUB", ""},
		// The allowed punctuation inside.
		{KindLoadBalancer, "a-b_c.d", ""},
		{KindConnection, "a..b--c__d", ""},
		// Invalid characters.
		{KindVNet, "my hub", `"my hub" is not a valid virtual network name: spaces are not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindSubnet, "a/b", `"a/b" is not a valid subnet name: "/" is not allowed (vnetplay uses it to join a parent's id and a child's name); use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindVNet, "/", `names of virtual networks are 2 to 64 characters; "/" has 1`},
		{KindSite, "/x", `"/x" is not a valid site name: "/" is not allowed (vnetplay uses it to join a parent's id and a child's name); use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindNSG, "nsg#1", `"nsg#1" is not a valid network security group name: "#" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindGateway, "gw:1", `"gw:1" is not a valid virtual network gateway name: ":" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindCircuit, "café", `"café" is not a valid ExpressRoute circuit name: "é" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindRouteServer, "rs\t1", `"rs\t1" is not a valid Route Server name: "\t" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindHost, "h\xffx", `"h\xffx" is not a valid host name: it is not valid UTF-8; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindP2SClient, "a+b", `"a+b" is not a valid P2S client name: "+" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindRouteServerPeer, "nva~1", `"nva~1" is not a valid Route Server peer name: "~" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindLocalNetworkGateway, "ｌｎｇ", `"ｌｎｇ" is not a valid local network gateway name: "ｌ" is not allowed; use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)`},
		{KindPeering, "hub-spoke1", ""},
		// The special subnet names are ordinary valid names.
		{KindSubnet, GatewaySubnet, ""},
		{KindSubnet, RouteServerSubnet, ""},
	} {
		err := CheckName(tc.kind, tc.name)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckName(%s, %q) = %v, want valid", tc.kind, tc.name, err)
		case tc.want != "" && err == nil:
			t.Errorf("CheckName(%s, %q) accepted it, want %q", tc.kind, tc.name, tc.want)
		case tc.want != "" && err.Error() != tc.want:
			t.Errorf("CheckName(%s, %q)\n got %s\nwant %s", tc.kind, tc.name, err, tc.want)
		case err != nil && !errors.Is(err, ErrInvalidName):
			t.Errorf("CheckName(%s, %q): %v does not wrap ErrInvalidName", tc.kind, tc.name, err)
		}
		var ne *NameError
		if err != nil && (!errors.As(err, &ne) || ne.Kind != tc.kind || ne.Name != tc.name) {
			t.Errorf("CheckName(%s, %q): %#v is not a *NameError for it", tc.kind, tc.name, err)
		}
	}
}

// TestCheckNameEveryKind checks each kind's length bounds and shared
// character rule against Microsoft's table (docs/rules/naming.md), and that
// no message carries a rule-book code.
func TestCheckNameEveryKind(t *testing.T) {
	want := map[Kind][2]int{
		KindVNet: {2, 64}, KindVM: {1, 64},
		KindSubnet: {1, 80}, KindPeering: {1, 80}, KindRouteTable: {1, 80}, KindNSG: {1, 80}, KindNIC: {1, 80},
		KindLoadBalancer: {1, 80}, KindPublicIP: {1, 80}, KindNatGateway: {1, 80}, KindGateway: {1, 80}, KindLocalNetworkGateway: {1, 80}, KindConnection: {1, 80},
		KindCircuit: {1, 80}, KindRouteServer: {1, 80}, KindSite: {1, 80}, KindHost: {1, 80},
		KindRouteServerPeer: {1, 80}, KindP2SClient: {1, 80},
		KindPrivateEndpoint: {2, 64}, KindPrivateDNSZone: {1, 253}, KindDNSResolver: {1, 80}, KindDNSForwardingRuleset: {1, 80},
	}
	if len(Kinds()) != len(want) {
		t.Fatalf("Kinds() has %d kinds, the table %d", len(Kinds()), len(want))
	}
	code := regexp.MustCompile(`\bF\d+\b`)
	for _, k := range Kinds() {
		b, ok := want[k]
		if !ok {
			t.Errorf("kind %s missing from the test table", k)
			continue
		}
		if k.Noun() == "" {
			t.Errorf("kind %s has no noun", k)
		}
		lo, hi, ok := k.NameLength()
		if !ok || lo != b[0] || hi != b[1] {
			t.Errorf("%s: NameLength = %d, %d, %v; want %d, %d", k, lo, hi, ok, b[0], b[1])
		}
		for _, c := range []struct {
			name  string
			valid bool
		}{
			{strings.Repeat("a", b[0]), true},
			{strings.Repeat("a", b[1]), true},
			{strings.Repeat("a", b[0]-1), false},
			{strings.Repeat("a", b[1]+1), false},
			{"a1", true}, {"1a", true}, {"a_", true}, {"a.b", true}, {"a-b", true},
			{"-a", false}, {"_a", false}, {".a", false}, {"a-", false}, {"a.", false},
			{"a b", false}, {"a/b", false}, {"a#b", false}, {"aé", false}, {"a\x00", false},
		} {
			err := CheckName(k, c.name)
			if (err == nil) != c.valid {
				t.Errorf("CheckName(%s, %q) = %v, want valid=%v", k, c.name, err, c.valid)
			}
			if err != nil && code.MatchString(err.Error()) {
				t.Errorf("CheckName(%s, %q): message carries a rule code: %v", k, c.name, err)
			}
		}
	}
	if err := CheckName("widget", "a"); err == nil || !errors.Is(err, ErrInvalidName) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestKindParent(t *testing.T) {
	children := map[Kind]Kind{KindSubnet: KindVNet, KindNIC: KindVM, KindHost: KindSite,
		KindRouteServerPeer: KindRouteServer, KindP2SClient: KindGateway}
	for _, k := range Kinds() {
		p, ok := k.Parent()
		if want, isChild := children[k]; ok != isChild || p != want {
			t.Errorf("%s.Parent() = %q, %v; want %q, %v", k, p, ok, want, isChild)
		}
	}
	if _, ok := Kind("x").Parent(); ok {
		t.Error("unknown kind has a parent")
	}
}
