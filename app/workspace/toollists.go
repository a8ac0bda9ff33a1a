package workspace

import (
	"slices"

	"vnetplay/engine/dataplane"
)

// toolLists are the endpoint lists of the tools under the Routes tab, read
// once per data plane (ToolNICs, ToolEndpoints) where the panels read the
// page's analysis (tests and tools); in the browser they are the
// Overview's, which the engine's Web Worker computes.
type toolLists struct {
	plane     *dataplane.Plane
	nics, eps []string
}

// lists is w's tool lists for the design on screen.
func (w *Workspace) lists() (nics, eps []string) {
	if w.deferred {
		// Each answer brings its own lists; equal ones keep the slices
		// shown, so that the tools' choices are not drawn again.
		o, _ := w.Overview()
		if !slices.Equal(o.Endpoints, w.tools.eps) || o.NICs != len(w.tools.nics) || w.tools.plane != nil {
			w.tools = toolLists{nics: o.ToolNICs(), eps: o.Endpoints}
		}
		return w.tools.nics, w.tools.eps
	}
	plane := w.Snap().Plane
	if w.tools.plane != plane || w.tools.nics == nil {
		w.tools = toolLists{plane: plane, nics: plane.NICs(), eps: plane.Endpoints()}
	}
	return w.tools.nics, w.tools.eps
}

// ToolNICs is every NIC of the design's data plane on screen, as
// plane.NICs lists them (the Next hop and IP flow verify tools' choice).
// While the design is the same, every call returns the same slice, so that
// a component holding it compares it at once; callers must not modify it.
func (w *Workspace) ToolNICs() []string { nics, _ := w.lists(); return nics }

// ToolEndpoints is plane.Endpoints: ToolNICs followed by the hybrid
// endpoints (on-premises sites, P2S pools: the Resolve a name tool's
// choice), the same slice while the design is; callers must not modify it.
func (w *Workspace) ToolEndpoints() []string { _, eps := w.lists(); return eps }
