// Package store is the playground's editing session: it owns the open
// scenario document, its analysis by the engine, the canvas scene and the
// undo history, and applies edits. It is plain Go (no go-app, no browser),
// tested natively; the UI state around it (selection, panels, the walk on
// screen) lives in app/workspace, and the components only call those
// (design-notes §1.4: one store owns the engine). What each kind of
// resource is — how it is created, deleted, connected — is declared once in
// app/kinds.
package store

import (
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// Ref names one resource of the design (kinds.Ref).
type Ref = kinds.Ref

// RefOf returns the resource a scene node stands for: a VM for an NVA chip,
// the gateway for a VPN or ExpressRoute gateway chip, the site for a host,
// the P2S configuration for a P2S client.
func RefOf(n canvas.Node) Ref { return Ref{Kind: kinds.Resource(n.Kind), ID: n.Ref} }

// locate returns a pointer to the resource in t, or an error naming what
// is missing.
func locate(t *model.Topology, r Ref) (any, error) { return kinds.Locate(t, r) }

// relatedPaths are the diagnostic paths an edit of r is answerable for: r's
// own, and for a VNet or a subnet the peerings of its VNet (an address space
// that overlaps a peer's is a property of the VNet, reported on the
// peering).
func relatedPaths(t *model.Topology, r Ref) []string {
	paths := []string{kinds.Path(r)}
	vnet := ""
	switch r.Kind {
	case kinds.VNet:
		vnet = r.ID
	case kinds.Subnet:
		vnet, _, _ = strings.Cut(r.ID, "/")
	}
	if vnet != "" {
		for _, p := range t.Peerings {
			if p.A.VNet == vnet || p.B.VNet == vnet {
				paths = append(paths, kinds.Path(Ref{Kind: kinds.Peering, ID: p.ID}))
			}
		}
	}
	return paths
}
