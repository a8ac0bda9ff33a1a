package workspace

import (
	"slices"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// The panels' views that the engine's Web Worker computes besides the
// matrix, the expectations and the what-if changes: what every tab shows
// of a design (Overview: the Checks tab's diagnostics and count, the
// Routes tab tools' endpoint lists) and the Routes tab's effective routes
// of a subnet (RoutesView). With the worker computing them, the page need
// not analyse an edit at all while the panel on screen reads nothing else
// of the engine's results (pagePlaneWanted).

// Overview is what the panels show of a design whatever the tab: the
// Checks tab's list of diagnostics and the counts its tab shows, and the
// endpoints the Routes tab's tools offer.
type Overview struct {
	Diagnostics DiagnosticsList `json:"diagnostics"`
	// Total counts every diagnostic; Problems the errors and warnings
	// (the Checks tab's count).
	Total    int `json:"total"`
	Problems int `json:"problems"`
	// Endpoints are the data plane's endpoints (dataplane.Plane.Endpoints:
	// the NICs, then the hybrid endpoints), the first NICs of them NICs.
	Endpoints []string `json:"endpoints"`
	NICs      int      `json:"nics"`
}

// overviewOf is snap's Overview.
func overviewOf(snap *store.Snapshot) Overview {
	ds := snap.Diagnostics
	o := Overview{Diagnostics: ListDiagnostics(ds), Total: len(ds), Endpoints: snap.Plane.Endpoints(), NICs: len(snap.Plane.NICs())}
	for _, d := range ds {
		if d.Severity == model.Error || d.Severity == model.Warning {
			o.Problems++
		}
	}
	return o
}

// ToolNICs is the NICs of o.Endpoints; callers must not modify it.
func (o Overview) ToolNICs() []string { return o.Endpoints[:o.NICs:o.NICs] }

// RoutesView is the Routes tab's table of a subnet's effective routes:
// Found is false when the subnet has none (its prefix is not valid).
type RoutesView struct {
	Subnet string     `json:"subnet"`
	Found  bool       `json:"found,omitempty"`
	Rows   []RouteRow `json:"rows,omitempty"`
}

// RouteRow is one effective route as the Routes tab shows it: Azure's
// five columns, then where the route comes from and why it won or lost.
type RouteRow struct {
	Source    string `json:"source"`
	State     string `json:"state"`
	Prefix    string `json:"prefix"`
	NextHop   string `json:"nextHop"`
	NextHopIP string `json:"nextHopIP,omitempty"` // all of an ECMP route's next hops (rule:route-server.as-path-and-ecmp)
	Why       string `json:"why"`
}

// routesOf is the RoutesView of subnet on snap.
func routesOf(snap *store.Snapshot, subnet string) RoutesView {
	v := RoutesView{Subnet: subnet}
	tbl, ok := snap.Plane.Routes(subnet)
	if !ok {
		return v
	}
	v.Found = true
	for _, r := range tbl.Routes() {
		v.Rows = append(v.Rows, routeRow(r))
	}
	return v
}

func routeRow(r route.Effective) RouteRow {
	why := r.Origin.String() + " · " + r.Reason.String()
	if note := r.ECMPNote(); note != "" {
		why += "; " + note
	}
	return RouteRow{Source: r.Source.String(), State: r.State.String(), Prefix: r.Prefix.String(),
		NextHop: r.NextHop.String(), NextHopIP: r.NextHopIPText(), Why: Plain(why)}
}

// Overview is the design's Overview for the panels, and whether it is the
// design on screen's (false: being updated; zero when not computed yet).
func (w *Workspace) Overview() (Overview, bool) {
	r, current := w.derivedFor(DeriveRequest{Kind: DeriveOverview})
	if r.Overview == nil {
		return Overview{Endpoints: []string{}}, current
	}
	return *r.Overview, current
}

// RoutesSubnet is the subnet whose routes the Routes tab shows: the
// selected subnet, or the subnet of the selected VM's primary NIC (the
// selection the panel shows: ShownRef); "" for none.
func (w *Workspace) RoutesSubnet() string {
	r, ok := w.ShownRef()
	if !ok {
		return ""
	}
	switch r.Kind {
	case kinds.Subnet:
		return r.ID
	case kinds.VM:
		if v, err := kinds.Locate(&w.Snap().Doc.Topology, r); err == nil {
			if nic, ok := v.(*model.VM).PrimaryNIC(); ok {
				return nic.Subnet
			}
		}
	}
	return ""
}

// EffectiveRoutes is the Routes tab's table of subnet's effective routes,
// and whether it is the design on screen's. While it is computed, the
// table the tab showed last is returned if it was subnet's (else a zero
// view).
func (w *Workspace) EffectiveRoutes(subnet string) (RoutesView, bool) {
	r, current := w.derivedFor(DeriveRequest{Kind: DeriveRoutes, Subnet: subnet})
	if r.Routes == nil || r.Routes.Subnet != subnet {
		return RoutesView{Subnet: subnet}, false
	}
	return *r.Routes, current
}

// ToolNICFor is the NIC a tool (Next hop, IP flow verify) starts from
// until the user picks one: a NIC (of nics, sorted) in the subnet the
// Routes tab shows, or the first of nics.
func (w *Workspace) ToolNICFor(nics []string) string {
	if len(nics) == 0 {
		return ""
	}
	if subnet := w.RoutesSubnet(); subnet != "" {
		best := ""
		for _, vm := range w.Snap().Doc.Topology.VMs {
			for _, n := range vm.NICs {
				id := vm.ID + "/" + n.Name
				if _, ok := slices.BinarySearch(nics, id); ok && n.Subnet == subnet && (best == "" || id < best) {
					best = id
				}
			}
		}
		if best != "" {
			return best
		}
	}
	return nics[0]
}
