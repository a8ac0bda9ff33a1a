package compare

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
)

// Kind classifies a row of the comparison.
type Kind string

// Row kinds, in the order the text output lists them.
const (
	// Missing: the design predicts the route, Azure does not list it.
	Missing Kind = "missing"
	// Extra: Azure lists the route, the design does not predict it.
	Extra Kind = "extra"
	// Different: the same route on both sides with another state, next
	// hop or source.
	Different Kind = "different"
	// Match: the same source, state, next-hop type and addresses.
	Match Kind = "match"
	// Platform: one of the Microsoft-internal None routes Azure lists
	// beyond the documented four; not a difference.
	Platform Kind = "platform"
)

// Kinds lists the kinds in output order.
func Kinds() []Kind { return []Kind{Missing, Extra, Different, Match, Platform} }

// Row is one line of the comparison: a design row, an Azure row or both.
type Row struct {
	Kind          Kind   `json:"kind"`
	AddressPrefix string `json:"addressPrefix"`
	Design        *Route `json:"design,omitempty"`
	Azure         *Route `json:"azure,omitempty"`
	// Differences names the fields that differ for a Different row:
	// "source", "state", "nextHopType", "nextHopIpAddress".
	Differences []string `json:"differences,omitempty"`
	// Note says what a difference usually means, or why a row is a
	// platform extra.
	Note string `json:"note,omitempty"`
}

// Summary counts the rows of each kind.
type Summary struct {
	Match     int `json:"match"`
	Missing   int `json:"missing"`
	Extra     int `json:"extra"`
	Different int `json:"different"`
	Platform  int `json:"platform"`
}

// Differences is the number of rows that are differences (missing, extra,
// different); platform extras are not.
func (s Summary) Differences() int { return s.Missing + s.Extra + s.Different }

// Result is a whole comparison, rows in display order: by prefix, then
// source (User, VirtualNetworkGateway, Default), next-hop type and kind.
type Result struct {
	Summary Summary `json:"summary"`
	Rows    []Row   `json:"rows"`
}

// Compare pairs the design's rows with Azure's, prefix by prefix. Within a
// prefix it pairs, in this order: rows equal in source, state, next-hop
// type and addresses (Match); rows with the same source and next-hop type
// (Different: state or addresses); the same source (Different: next hop);
// the same next-hop type (Different: source). What is left is Missing
// (design) or Extra (Azure), and Azure's `Default` `None` routes for the
// known internal blocks are Platform. Rows that differ only in their next
// hops are first merged into one equal-cost row on each side (the portal
// lists one row per next hop). Names are normalised (NextHopType, Source,
// State), so hand-made rows compare like parsed ones.
func Compare(design, azure []Route) Result {
	d, a := prepare(design), prepare(azure)
	var res Result
	for len(d) > 0 || len(a) > 0 {
		p := nextPrefix(d, a)
		nd, na := groupLen(d, p), groupLen(a, p)
		res.Rows = append(res.Rows, pairGroup(d[:nd], a[:na])...)
		d, a = d[nd:], a[na:]
	}
	for _, r := range res.Rows {
		res.Summary.add(r.Kind)
	}
	if res.Rows == nil {
		res.Rows = []Row{}
	}
	return res
}

func (s *Summary) add(k Kind) {
	switch k {
	case Match:
		s.Match++
	case Missing:
		s.Missing++
	case Extra:
		s.Extra++
	case Different:
		s.Different++
	case Platform:
		s.Platform++
	}
}

// prepare copies rows, normalises their names, prefixes and addresses,
// sorts them (compareRoutes) and merges equal-cost rows.
func prepare(rows []Route) []Route {
	out := make([]Route, len(rows))
	for i, r := range rows {
		r.Source, r.State, r.NextHopType = Source(r.Source), State(r.State), NextHopType(r.NextHopType)
		r.NextHopIPAddress = sortAddrs(r.NextHopIPAddress)
		if !r.prefix.IsValid() {
			if p, err := netip.ParsePrefix(strings.TrimSpace(r.AddressPrefix)); err == nil {
				r.prefix = p.Masked()
			}
		}
		if r.prefix.IsValid() {
			r.AddressPrefix = r.prefix.String()
		}
		out[i] = r
	}
	slices.SortStableFunc(out, func(x, y Route) int { return compareRoutes(&x, &y) })
	return mergeECMP(out)
}

// nextPrefix returns the lower of the first prefixes of d and a (both
// sorted, at least one non-empty).
func nextPrefix(d, a []Route) *Route {
	switch {
	case len(d) == 0:
		return &a[0]
	case len(a) == 0:
		return &d[0]
	case prefixOrder(&d[0], &a[0]) <= 0:
		return &d[0]
	}
	return &a[0]
}

// samePrefix reports whether two prepared rows have the same prefix (the
// same text, for rows whose prefix did not parse).
func samePrefix(x, y *Route) bool { return prefixOrder(x, y) == 0 }

// groupLen is how many leading rows of rs have p's prefix.
func groupLen(rs []Route, p *Route) int {
	n := 0
	for n < len(rs) && samePrefix(&rs[n], p) {
		n++
	}
	return n
}

// passKeys are the pairing passes of pairGroup, strictest first: each
// returns the key two rows must share to pair in that pass.
func passKeys() []func(r *Route) string {
	return []func(r *Route) string{
		func(r *Route) string {
			return r.Source + "\x00" + r.State + "\x00" + r.NextHopType + "\x00" + strings.Join(r.NextHopIPAddress, ",")
		},
		func(r *Route) string { return r.Source + "\x00" + r.NextHopType },
		func(r *Route) string { return r.Source },
		func(r *Route) string { return r.NextHopType },
	}
}

// pairGroup compares the rows of one prefix: in each pass, each unpaired
// design row (in order) takes the first unpaired Azure row with its key.
// Linear in the rows per pass.
func pairGroup(ds, as []Route) []Row {
	usedD, usedA := make([]bool, len(ds)), make([]bool, len(as))
	var rows []Row
	for pass, keyOf := range passKeys() {
		free := map[string][]int{}
		for j := range as {
			if !usedA[j] {
				k := keyOf(&as[j])
				free[k] = append(free[k], j)
			}
		}
		for i := range ds {
			k := keyOf(&ds[i])
			if usedD[i] || len(free[k]) == 0 {
				continue
			}
			j := free[k][0]
			free[k] = free[k][1:]
			usedD[i], usedA[j] = true, true
			rows = append(rows, paired(&ds[i], &as[j], pass == 0))
		}
	}
	for i := range ds {
		if !usedD[i] {
			rows = append(rows, Row{Kind: Missing, AddressPrefix: ds[i].AddressPrefix, Design: &ds[i], Note: missingNote(&ds[i])})
		}
	}
	for j := range as {
		if !usedA[j] {
			rows = append(rows, azureOnly(&as[j]))
		}
	}
	slices.SortStableFunc(rows, func(x, y Row) int {
		return cmp.Or(compareRoutes(x.side(), y.side()), cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)))
	})
	return rows
}

// side is the row's design route, or Azure's when it has none.
func (r *Row) side() *Route {
	if r.Design != nil {
		return r.Design
	}
	return r.Azure
}

func kindRank(k Kind) int { return slices.Index(Kinds(), k) }

// paired is the row of a design route and the Azure route paired with it.
func paired(d, a *Route, exact bool) Row {
	r := Row{Kind: Match, AddressPrefix: d.AddressPrefix, Design: d, Azure: a}
	if exact {
		if d.Name != "" && a.Name != "" && d.Name != a.Name {
			r.Note = "the route is named " + a.Name + " in Azure and " + d.Name + " in the design"
		}
		return r
	}
	r.Kind = Different
	if d.Source != a.Source {
		r.Differences = append(r.Differences, "source")
	}
	if d.State != a.State {
		r.Differences = append(r.Differences, "state")
	}
	if d.NextHopType != a.NextHopType {
		r.Differences = append(r.Differences, "nextHopType")
	}
	if !slices.Equal(d.NextHopIPAddress, a.NextHopIPAddress) {
		r.Differences = append(r.Differences, "nextHopIpAddress")
	}
	r.Note = differentNote(d, r.Differences)
	return r
}

// azureOnly is the row of an Azure route the design has no counterpart
// for: a platform extra (rule:import.extra-none-routes) or an extra.
func azureOnly(a *Route) Row {
	r := Row{Kind: Extra, AddressPrefix: a.AddressPrefix, Azure: a}
	if a.Source == "Default" && a.NextHopType == "None" && isPlatformBlock(a.prefix) {
		r.Kind = Platform
		r.Note = "a Microsoft-internal None route Azure lists beyond the documented four; vnetplay does not emit it (rule:system-routes.default-set)"
		return r
	}
	r.Note = extraNote(a)
	return r
}

// missingNote says what a missing route usually means.
func missingNote(d *Route) string {
	switch {
	case d.Source == "Default" && d.NextHopType == "None" && d.AddressPrefix == "172.16.0.0/12":
		return "outputs from 2020 and 2021 did not list 172.16.0.0/12 (rule:system-routes.default-set): the platform, not the design, may differ"
	case d.Source == "Default" && d.NextHopType == "None":
		return "Azure's set of None routes has changed over time (rule:system-routes.default-set)"
	case d.Source == "User":
		return "the subnet's route table in Azure lacks this route, or another table (or none) is associated"
	case d.Source == "VirtualNetworkGateway":
		return "the gateway does not program it: no BGP session, the prefix not advertised, propagation disabled, or no gateway transit"
	case d.NextHopType == "VNetPeering" || d.NextHopType == "VNetGlobalPeering":
		return "the peering is missing in Azure or not Connected on both sides"
	}
	return ""
}

// extraNote says what an extra route usually means.
func extraNote(a *Route) string {
	switch {
	case a.Source == "VirtualNetworkGateway":
		return "learned by a gateway (BGP, a local network gateway's prefixes, Route Server): the design's sites or peers lack this prefix"
	case a.Source == "User":
		return "a route of the subnet's route table in Azure that the design lacks"
	case a.Source == "Default" && a.NextHopType == "None" && isReserved(a.prefix):
		return "a documented reserved None route (rule:system-routes.default-set) the design leaves out: a 0.0.0.0/0 user route to an appliance removes it there (rule:system-routes.default-udr-removes-reserved), or a VNet range covers it"
	case a.Source == "Default" && a.NextHopType == "None":
		return "a None route vnetplay does not emit; Azure adds internal None blocks that change over time (rule:system-routes.default-set): if it is one, it is no design difference"
	case a.NextHopType == "VNetPeering" || a.NextHopType == "VNetGlobalPeering":
		return "a peering in Azure the design lacks"
	}
	return ""
}

// differentNote says what a difference usually means.
func differentNote(d *Route, diffs []string) string {
	switch {
	case slices.Equal(diffs, []string{"nextHopIpAddress"}) && d.NextHopType == "VirtualNetworkGateway":
		return "Azure lists a gateway's instance addresses, the design its BGP address: informational for a VPN or ExpressRoute gateway, meaningful for Route Server's NVAs"
	case slices.Contains(diffs, "state"):
		return "another route wins this prefix: compare the other rows of the prefix"
	}
	return ""
}
