package ui

import (
	"slices"
	"strings"
	"testing"
)

// TestCamelWords: a property's name splits where its words begin, and the
// words make the name again.
func TestCamelWords(t *testing.T) {
	for name, want := range map[string][]string{
		"networkSecurityGroup":      {"network", "Security", "Group"},
		"vpnClientIPPools":          {"vpn", "Client", "IP", "Pools"},
		"location":                  {"location"},
		"ASN":                       {"ASN"},
		"":                          {""},
		"privateIPAddress":          {"private", "IP", "Address"},
		"summarizedGatewayPrefixes": {"summarized", "Gateway", "Prefixes"},
		"bgpPeers[0]":               {"bgp", "Peers[0]"},
		"élanÉtoile":                {"élan", "Étoile"},
	} {
		got := camelWords(name)
		if !slices.Equal(got, want) || strings.Join(got, "") != name {
			t.Errorf("camelWords(%q) = %q, want %q", name, got, want)
		}
	}
}
