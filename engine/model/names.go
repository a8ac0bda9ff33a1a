package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind names a kind of resource the scenario format holds (used by
// scenario.Rename, CheckName and the UI). Its value is the ARM-style type
// name; sub-resources have ids "<parent>/<name>".
type Kind string

// Resource kinds. The comment gives the id format where it is not the bare
// resource id.
const (
	KindVNet                 Kind = "virtualNetwork"
	KindSubnet               Kind = "subnet" // id "vnet/subnet"
	KindPeering              Kind = "peering"
	KindRouteTable           Kind = "routeTable"
	KindNSG                  Kind = "networkSecurityGroup"
	KindVM                   Kind = "virtualMachine"
	KindNIC                  Kind = "networkInterface" // id "vm/nic"
	KindLoadBalancer         Kind = "loadBalancer"
	KindPublicIP             Kind = "publicIPAddress"
	KindNatGateway           Kind = "natGateway"
	KindGateway              Kind = "virtualNetworkGateway"
	KindLocalNetworkGateway  Kind = "localNetworkGateway"
	KindSite                 Kind = "site"
	KindHost                 Kind = "host" // id "site/host"
	KindConnection           Kind = "connection"
	KindCircuit              Kind = "expressRouteCircuit"
	KindRouteServer          Kind = "routeServer"
	KindRouteServerPeer      Kind = "bgpConnection" // id "routeServer/name"
	KindP2SClient            Kind = "p2sClient"     // id "gateway/client"
	KindPrivateEndpoint      Kind = "privateEndpoint"
	KindPrivateDNSZone       Kind = "privateDnsZone" // id: the zone's DNS name
	KindDNSResolver          Kind = "dnsResolver"
	KindDNSForwardingRuleset Kind = "dnsForwardingRuleset"
)

// Kinds lists every kind: the top-level ones in the order of the Topology
// fields, each followed by its sub-resource kind.
func Kinds() []Kind {
	return []Kind{KindVNet, KindSubnet, KindPeering, KindRouteTable, KindNSG, KindVM, KindNIC, KindLoadBalancer,
		KindPublicIP, KindNatGateway, KindGateway, KindP2SClient, KindLocalNetworkGateway, KindSite, KindHost, KindConnection, KindCircuit,
		KindRouteServer, KindRouteServerPeer, KindPrivateEndpoint, KindPrivateDNSZone, KindDNSResolver, KindDNSForwardingRuleset}
}

// Parent returns the kind of resource that holds a sub-resource of kind k
// (a subnet's VNet, a NIC's VM, ...), and false for a top-level kind or an
// unknown one.
func (k Kind) Parent() (Kind, bool) {
	switch k {
	case KindSubnet:
		return KindVNet, true
	case KindNIC:
		return KindVM, true
	case KindHost:
		return KindSite, true
	case KindRouteServerPeer:
		return KindRouteServer, true
	case KindP2SClient:
		return KindGateway, true
	}
	return "", false
}

// Noun is the kind in plain words ("virtual network", "route table"), for
// messages; "" for an unknown kind.
func (k Kind) Noun() string {
	switch k {
	case KindVNet:
		return "virtual network"
	case KindSubnet:
		return "subnet"
	case KindPeering:
		return "peering"
	case KindRouteTable:
		return "route table"
	case KindNSG:
		return "network security group"
	case KindVM:
		return "virtual machine"
	case KindNIC:
		return "network interface"
	case KindLoadBalancer:
		return "load balancer"
	case KindPublicIP:
		return "public IP address"
	case KindNatGateway:
		return "NAT gateway"
	case KindGateway:
		return "virtual network gateway"
	case KindLocalNetworkGateway:
		return "local network gateway"
	case KindSite:
		return "site"
	case KindHost:
		return "host"
	case KindConnection:
		return "connection"
	case KindCircuit:
		return "ExpressRoute circuit"
	case KindRouteServer:
		return "Route Server"
	case KindRouteServerPeer:
		return "Route Server peer"
	case KindP2SClient:
		return "P2S client"
	case KindPrivateEndpoint:
		return "private endpoint"
	case KindPrivateDNSZone:
		return "private DNS zone"
	case KindDNSResolver:
		return "DNS private resolver"
	case KindDNSForwardingRuleset:
		return "DNS forwarding ruleset"
	}
	return ""
}

// plural is the noun in the plural ("route tables", "public IP addresses").
func (k Kind) plural() string {
	if n := k.Noun(); strings.HasSuffix(n, "s") {
		return n + "es"
	}
	return k.Noun() + "s"
}

// NameLength returns the shortest and longest name Azure accepts for kind k,
// in characters, and false for an unknown kind.
//
// Source: "Naming rules and restrictions for Azure resources"
// (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules),
// section Microsoft.Network: virtualNetworks 2-64; subnets,
// virtualNetworkPeerings, routeTables, networkSecurityGroups,
// networkInterfaces, loadBalancers, publicIPAddresses, natGateways,
// virtualNetworkGateways, localNetworkGateways, connections and
// expressRouteCircuits 1-80.
// Virtual machines (Microsoft.Compute) take the resource-name limit, 1-64:
// the page's 1-15 (Windows) is the computer name, which vnetplay does not
// model. The page has no row for Route Server (a virtual hub), and sites,
// hosts, Route Server peers and P2S clients are vnetplay's own objects:
// they take the common Microsoft.Network rule, 1-80. Private endpoints take
// 2-64 (the page's privateEndpoints row); DNS private resolvers and
// forwarding rulesets take the common rule, 1-80; a private DNS zone's name
// is a DNS name of up to 253 characters (the validator checks its labels).
func (k Kind) NameLength() (lo, hi int, ok bool) {
	switch k {
	case KindVNet:
		return 2, 64, true
	case KindVM:
		return 1, 64, true
	case KindSubnet, KindPeering, KindRouteTable, KindNSG, KindNIC, KindLoadBalancer, KindPublicIP, KindNatGateway,
		KindGateway, KindLocalNetworkGateway, KindConnection, KindCircuit:
		return 1, 80, true
	case KindRouteServer, KindSite, KindHost, KindRouteServerPeer, KindP2SClient:
		return 1, 80, true // no row on the page: the common Microsoft.Network rule
	case KindPrivateEndpoint:
		return 2, 64, true
	case KindPrivateDNSZone:
		return 1, 253, true // a DNS name (the validator checks its labels)
	case KindDNSResolver, KindDNSForwardingRuleset:
		return 1, 80, true
	}
	return 0, 0, false
}

// ErrInvalidName is what every error of CheckName wraps (errors.Is).
var ErrInvalidName = errors.New("invalid resource name")

// NameError is CheckName's error: Name is not a valid name for a resource
// of Kind. Its message says why in plain words.
type NameError struct {
	Kind Kind
	Name string
	msg  string
}

func (e *NameError) Error() string { return e.msg }

// Unwrap returns ErrInvalidName.
func (e *NameError) Unwrap() error { return ErrInvalidName }

// allowed lists the characters of a valid name, for messages.
const allowed = "use only letters A-Z and a-z, digits, underscores (_), periods (.) and hyphens (-)"

// CheckName reports whether name is a name Azure accepts for a resource of
// kind k, with the reason in plain words when not (a *NameError wrapping
// ErrInvalidName). Every kind takes the Microsoft.Network rule (the same for
// all the network types the page lists, see NameLength): the length of
// NameLength, in characters; only ASCII letters, digits, underscores,
// periods and hyphens; the first character a letter or digit; the last a
// letter, digit or underscore. vnetplay applies it to virtual machines too
// (Microsoft's VM row describes the computer name and says only that the
// resource name may have up to 64 characters), and to its own objects. A
// "/" is never allowed: it joins a parent's id and a sub-resource's name in
// vnetplay ids. Comparing names is left to the caller (Azure compares them
// case-insensitively).
func CheckName(k Kind, name string) error {
	lo, hi, ok := k.NameLength()
	if !ok {
		return fmt.Errorf("unknown resource kind %q: %w", string(k), ErrInvalidName)
	}
	bad := func(format string, args ...any) error {
		return &NameError{Kind: k, Name: name, msg: fmt.Sprintf("%q is not a valid %s name: ", name, k.Noun()) + fmt.Sprintf(format, args...)}
	}
	if n := utf8.RuneCountInString(name); n < lo || n > hi {
		return &NameError{Kind: k, Name: name, msg: fmt.Sprintf("names of %s are %d to %d characters; %q has %d", k.plural(), lo, hi, name, n)}
	}
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return bad("it is not valid UTF-8; %s", allowed)
		case r == '/':
			return bad("%q is not allowed (vnetplay uses it to join a parent's id and a child's name); %s", "/", allowed)
		case r == ' ':
			return bad("spaces are not allowed; %s", allowed)
		case !nameChar(r):
			return bad("%q is not allowed; %s", string(r), allowed)
		}
		i += size
	}
	if first := rune(name[0]); !alnum(first) {
		return bad("it must start with a letter or digit")
	}
	if last := rune(name[len(name)-1]); !alnum(last) && last != '_' {
		return bad("it must end with a letter, digit or underscore")
	}
	return nil
}

// nameChar reports whether r may appear in a name.
func nameChar(r rune) bool { return alnum(r) || strings.ContainsRune("_.-", r) }

// alnum reports whether r is an ASCII letter or digit ("alphanumeric" on
// Microsoft's page means exactly these).
func alnum(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }
