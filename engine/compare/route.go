package compare

import (
	"cmp"
	"encoding/json"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/route"
)

// Route is one effective-route row for one prefix, in the CLI's spelling
// (rule:outputs.effective-route-fields). An Azure row with several prefixes
// becomes one Route per prefix.
type Route struct {
	Source           string   `json:"source"`
	State            string   `json:"state"`
	AddressPrefix    string   `json:"addressPrefix"`
	NextHopType      string   `json:"nextHopType"`
	NextHopIPAddress []string `json:"nextHopIpAddress"` // sorted, never null
	// Name is the user-defined route's name, "" for other routes.
	Name string `json:"name,omitempty"`
	// Where is the row's place in Azure's file: "value[3]", "[3]",
	// "line 5" (Azure's side only).
	Where string `json:"where,omitempty"`
	// Origin and Reason are the engine's explanation of a design row: the
	// object that made the route and why it is Active or Invalid (the
	// design's side only).
	Origin string `json:"origin,omitempty"`
	Reason string `json:"reason,omitempty"`

	prefix netip.Prefix
}

// UnmarshalJSON reads a route as encoding/json writes it, with its prefix
// parsed as Design and Parse keep it (a design's routes cross from the
// engine's Web Worker as JSON).
func (r *Route) UnmarshalJSON(b []byte) error {
	type fields Route // without this method
	var f fields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*r = Route(f)
	if p, err := netip.ParsePrefix(r.AddressPrefix); err == nil {
		r.prefix = p.Masked()
	}
	return nil
}

// Design turns the routes of an engine route table (route.Table.Routes)
// into design rows, with the engine's origin and reason (and the ECMP
// note of a route with several next hops).
func Design(routes []route.Effective) []Route {
	out := make([]Route, 0, len(routes))
	for _, r := range routes {
		d := Route{
			Source: r.Source.String(), State: r.State.String(), AddressPrefix: r.Prefix.String(),
			NextHopType: r.NextHop.String(), NextHopIPAddress: r.NextHopIPStrings(),
			Origin: r.Origin.String(), Reason: r.Reason.String(), prefix: r.Prefix.Masked(),
		}
		if note := r.ECMPNote(); note != "" {
			d.Reason += "; " + note
		}
		if r.Origin.Kind == route.FromRouteTable {
			d.Name = r.Origin.Name
		}
		out = append(out, d)
	}
	return out
}

// key normalises a label for lookup: lower case, letters and digits only
// ("Virtual network gateway" → "virtualnetworkgateway").
func key(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// NextHopType returns the CLI spelling of a next-hop type written by the
// CLI, REST, the portal or the classic model (rule:outputs.next-hop-type-names);
// a value it does not know is returned trimmed, as written (Azure adds
// types: ConnectedGroup, InterfaceEndpoint).
func NextHopType(s string) string {
	switch key(s) {
	case "vnetlocal", "virtualnetwork":
		return "VnetLocal"
	case "vnetpeering", "virtualnetworkpeering":
		return "VNetPeering"
	case "vnetglobalpeering", "globalvnetpeering", "virtualnetworkglobalpeering", "globalvirtualnetworkpeering":
		return "VNetGlobalPeering"
	case "virtualnetworkgateway", "vpngateway":
		return "VirtualNetworkGateway"
	case "virtualappliance":
		return "VirtualAppliance"
	case "internet":
		return "Internet"
	case "none", "null":
		return "None"
	case "virtualnetworkserviceendpoint", "serviceendpoint":
		return "VirtualNetworkServiceEndpoint"
	case "interfaceendpoint":
		return "InterfaceEndpoint"
	case "connectedgroup":
		return "ConnectedGroup"
	}
	return strings.TrimSpace(s)
}

// Source returns the CLI spelling of a route source (rule:outputs.route-source-and-state):
// Default, User, VirtualNetworkGateway or Unknown; others as written.
func Source(s string) string {
	switch key(s) {
	case "default", "system":
		return "Default"
	case "user":
		return "User"
	case "virtualnetworkgateway":
		return "VirtualNetworkGateway"
	case "unknown":
		return "Unknown"
	}
	return strings.TrimSpace(s)
}

// State returns Active or Invalid (rule:outputs.route-source-and-state); others as written.
func State(s string) string {
	switch key(s) {
	case "active":
		return "Active"
	case "invalid":
		return "Invalid"
	}
	return strings.TrimSpace(s)
}

// sourceRank orders sources as Azure's tie-break does (rule:route-selection.same-prefix-tie-break):
// User, VirtualNetworkGateway, Default, then the others.
func sourceRank(s string) int {
	switch s {
	case "User":
		return 0
	case "VirtualNetworkGateway":
		return 1
	case "Default":
		return 2
	}
	return 3
}

// compareRoutes orders rows by prefix (address, then length), source
// rank, next-hop type, state, addresses and name: the display order.
func compareRoutes(a, b *Route) int {
	return cmp.Or(prefixOrder(a, b),
		cmp.Compare(sourceRank(a.Source), sourceRank(b.Source)), cmp.Compare(a.Source, b.Source),
		cmp.Compare(a.NextHopType, b.NextHopType), cmp.Compare(a.State, b.State),
		slices.Compare(a.NextHopIPAddress, b.NextHopIPAddress), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Where, b.Where))
}

// prefixOrder orders rows by prefix: address, then length; rows whose
// prefix did not parse come first, by their text.
func prefixOrder(a, b *Route) int {
	return cmp.Or(a.prefix.Addr().Compare(b.prefix.Addr()), cmp.Compare(a.prefix.Bits(), b.prefix.Bits()),
		cmp.Compare(a.AddressPrefix, b.AddressPrefix))
}

// mergeECMP folds rows that differ only in their next-hop addresses into
// one row with all of them, as the engine keeps an equal-cost route
// (rule:route-server.as-path-and-ecmp): the portal and some outputs list
// one row per next hop instead. Rows must be sorted (compareRoutes).
// Linear in the rows (and their addresses) but for the sort of each
// merged row's addresses.
func mergeECMP(rows []Route) []Route {
	out := rows[:0:0]
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && sameButHops(&rows[i], &rows[j]) {
			j++
		}
		r := rows[i]
		if j > i+1 {
			var ips, where []string
			for k := i; k < j; k++ {
				ips = append(ips, rows[k].NextHopIPAddress...)
				if rows[k].Where != "" && len(where) < maxWhere {
					where = append(where, rows[k].Where)
				}
			}
			r.NextHopIPAddress = sortAddrs(ips)
			r.Where = strings.Join(where, ", ")
			if j-i > maxWhere {
				r.Where += ", …"
			}
		}
		out = append(out, r)
		i = j
	}
	return out
}

// maxWhere bounds the places a merged row lists.
const maxWhere = 8

// sameButHops reports whether a and b are one route with other next hops.
func sameButHops(a, b *Route) bool {
	return samePrefix(a, b) && a.Source == b.Source && a.State == b.State && a.NextHopType == b.NextHopType &&
		a.Name == b.Name && len(a.NextHopIPAddress) > 0 && len(b.NextHopIPAddress) > 0
}

// sortAddrs sorts and deduplicates next-hop addresses by address (as the
// engine lists them), never returning nil. Parse has checked that each is
// an address; text that is not sorts after the addresses, as text.
func sortAddrs(ips []string) []string {
	type hop struct {
		a    netip.Addr
		text string
	}
	hs := make([]hop, 0, len(ips))
	for _, s := range ips {
		a, err := netip.ParseAddr(s)
		if err == nil {
			s = a.String()
		}
		hs = append(hs, hop{a, s})
	}
	slices.SortFunc(hs, func(x, y hop) int {
		switch {
		case x.a.IsValid() != y.a.IsValid():
			if x.a.IsValid() {
				return -1
			}
			return 1
		case x.a.IsValid():
			return x.a.Compare(y.a)
		}
		return cmp.Compare(x.text, y.text)
	})
	out := make([]string, 0, len(hs))
	for i, h := range hs {
		if i == 0 || h.text != hs[i-1].text {
			out = append(out, h.text)
		}
	}
	return out
}
