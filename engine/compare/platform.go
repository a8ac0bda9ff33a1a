package compare

import "net/netip"

// platformNone lists the Microsoft-internal blocks that real
// `show-effective-route-table` outputs list as `Default` `None` routes
// beyond the documented four (rule:import.extra-none-routes, observed in 2020, 2021,
// 2023 and 2024 outputs; rule:system-routes.default-set says vnetplay does
// not emit them). The four documented prefixes (10.0.0.0/8, 172.16.0.0/12,
// 192.168.0.0/16, 100.64.0.0/10) are not here: the engine models them.
const platformNone = "" +
	// Dec 2020 and Mar 2021.
	"25.33.80.0/20 25.41.3.0/25 " +
	// Sep 2023.
	"127.0.0.0/8 198.18.0.0/15 25.48.0.0/12 25.4.0.0/14 25.33.0.0/16 25.41.0.0/20 40.108.0.0/17 40.109.0.0/16 " +
	"104.146.0.0/17 104.147.0.0/16 157.59.0.0/16 23.103.0.0/18 20.35.252.0/22 " +
	// 2024 or later.
	"25.176.0.0/13 25.152.0.0/14 25.184.0.0/14 25.148.0.0/15 25.150.0.0/16 25.156.0.0/16 25.159.0.0/16"

// isPlatformBlock reports whether p is one of platformNone's blocks or
// inside one (the sets change between years; a split block stays
// recognised).
func isPlatformBlock(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	for _, s := range splitList(platformNone) {
		b := netip.MustParsePrefix(s)
		if b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// PlatformBlocks returns the Microsoft-internal None blocks Compare counts
// as platform extras (and the prefixes inside them).
func PlatformBlocks() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range splitList(platformNone) {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// isReserved reports whether p is one of the four documented reserved
// None prefixes (rule:system-routes.default-set), which the engine models.
func isReserved(p netip.Prefix) bool {
	switch p.String() {
	case "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10":
		return true
	}
	return false
}
