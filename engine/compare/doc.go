// Package compare sets a NIC's effective routes as Azure reports them next
// to the ones the engine predicts for the design, row by row.
//
// Azure's side is what `az network nic show-effective-route-table` prints
// ({"value": [...], "nextLink": …}, or a bare array of rows), or the
// portal's download of the same table (CSV, or the grid copied as
// tab-separated text), or `-o table` output (Parse,
// rule:import.effective-route-table-shape). The design's side is
// the route.Table of the NIC's subnet (rule:outputs.routes-per-nic-subnet),
// each row with the engine's origin and reason (Design).
//
// Compare pairs the rows prefix by prefix and classifies each:
//   - match: the same source, state, next-hop type and next-hop addresses;
//   - different: the same route (prefix and source, or prefix and next-hop
//     type) with another state, next hop or source;
//   - missing: the design predicts it, Azure does not list it;
//   - extra: Azure lists it, the design does not predict it;
//   - platform: a `Default` `None` route for one of the Microsoft-internal
//     blocks real outputs list beyond the documented four
//     (rule:import.extra-none-routes; rule:system-routes.default-set says
//     vnetplay does not emit them):
//     listed apart, never a difference.
//
// Names are compared in the CLI's spelling (rule:outputs.next-hop-type-names):
// the portal's labels ("Virtual network", "VNet peering") are read as the
// CLI's (VnetLocal, VNetPeering); next-hop types Azure invents and vnetplay
// does not know are kept as written and compared as text.
//
// The package is pure Go, has no package-level mutable state, bounds its
// input (MaxInputSize, MaxRoutes) and never panics (FuzzParse).
package compare
