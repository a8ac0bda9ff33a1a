package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Outcome is what an applied edit did, for the UI to follow up: the
// resources it created (selected after a paste or an add) and, for a
// connection, what it made ("peering").
type Outcome struct {
	Created []Ref
	What    string
	// Renamed lists, for a rename, the other resources whose names were
	// derived from the renamed one and followed it (a peering named
	// "vnet1-vnet2" when vnet1 is renamed hub), old and new.
	Renamed [][2]Ref
	// Unlinked lists, for a paste, the references the copies could not
	// keep because the design has no such resource (a route table of the
	// design the copy came from), in words: "route table rt-spokes (of
	// spoke1-copy/app)". The references are cleared.
	Unlinked []string
}

// SetProperty sets one property of a resource from its text form (see
// Field). It is guarded: a value that creates an error on the resource or
// its connections is refused.
type SetProperty struct {
	Ref   Ref
	Path  string // as in Field.Path
	Value string
}

func (e SetProperty) Label() string       { return "edit " + e.Ref.ID + " " + lastName(e.Path) }
func (e SetProperty) guard() Ref          { return e.Ref }
func (e SetProperty) coalesceKey() string { return "prop:" + e.Ref.String() + ":" + e.Path }
func (e SetProperty) apply(doc *scenario.Document) (Outcome, error) {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{}, setProperty(r, e.Path, e.Value)
}

// LastName is the name of a property path's last step, without its index:
// "routes" for "routes[2]", "addressPrefixes" for
// "addressSpace.addressPrefixes".
func LastName(path string) string { return lastName(path) }

func lastName(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		path = path[i+1:]
	}
	name, _, _ := strings.Cut(path, "[")
	return name
}

// SetProperties sets several properties of one resource at once, as one
// undo step: a form applied as a whole (a connection, a P2S configuration),
// whose fields only make sense together. Guarded like SetProperty: the
// whole set is refused if it leaves an error on the resource.
type SetProperties struct {
	Ref    Ref
	Values map[string]string // by property path
}

func (e SetProperties) Label() string { return "edit " + e.Ref.ID }
func (e SetProperties) guard() Ref    { return e.Ref }
func (e SetProperties) apply(doc *scenario.Document) (Outcome, error) {
	r, err := locate(&doc.Topology, e.Ref)
	if err != nil {
		return Outcome{}, err
	}
	if len(e.Values) == 0 {
		return Outcome{}, ErrNoChange
	}
	for _, p := range slices.Sorted(maps.Keys(e.Values)) {
		if err := setProperty(r, p, e.Values[p]); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{}, nil
}

// Move sets the canvas positions of top-level nodes (by layout key), as a
// drag does. Moves with the same Gesture coalesce into one undo step. Pin
// holds the current positions of the other top-level nodes that have no
// saved position yet: they are saved too, so that the auto-layout of the
// rest does not shift them when one node moves. A move that changes no
// position (the pointer moved within the grid step the node snaps to) is
// ErrNoChange: no new version, nothing drawn again.
type Move struct {
	To      map[string]canvas.Point
	Pin     map[string]canvas.Point
	Gesture string
}

func (e Move) Label() string       { return "move" }
func (e Move) layoutOnly()         {}
func (e Move) coalesceKey() string { return "move:" + e.Gesture }
func (e Move) apply(doc *scenario.Document) (Outcome, error) {
	if len(e.To) == 0 {
		return Outcome{}, ErrNoChange
	}
	nodes := layoutNodes(doc)
	changed := false
	for id, p := range e.Pin {
		if _, saved := nodes[id]; !saved {
			nodes[id] = scenario.Point{X: p.X, Y: p.Y}
			changed = true
		}
	}
	for id, p := range e.To {
		q := scenario.Point{X: p.X, Y: p.Y}
		if old, saved := nodes[id]; !saved || old != q {
			nodes[id] = q
			changed = true
		}
	}
	if !changed {
		// A pointer move within the grid step the node snaps to.
		return Outcome{}, ErrNoChange
	}
	return Outcome{}, nil
}

// layoutNodes returns doc's layout positions, creating the map if needed.
func layoutNodes(doc *scenario.Document) map[string]scenario.Point {
	if doc.Layout == nil {
		doc.Layout = &scenario.Layout{}
	}
	if doc.Layout.Nodes == nil {
		doc.Layout.Nodes = map[string]scenario.Point{}
	}
	return doc.Layout.Nodes
}

// Add adds a new resource of Kind (a palette kind) with the portal's
// defaults (kinds.Create): into the container Into (a subnet into its VNet,
// a VM into its subnet) for kinds that live in one, else at the canvas
// position At (snapped to the grid). Name, when set, names it.
type Add struct {
	Kind kinds.Kind
	Into string
	At   canvas.Point
	Name string
}

func (e Add) Label() string { return "add " + kinds.MustOf(e.Kind).A() }
func (e Add) apply(doc *scenario.Document) (Outcome, error) {
	r, err := kinds.Create(&doc.Topology, e.Kind, e.Into, e.Name)
	if err != nil {
		return Outcome{}, err
	}
	if s := kinds.MustOf(r.Kind); s.Placement == kinds.TopLevel {
		key := r.ID
		if s.Parent != "" {
			key = canvas.Key(r.Kind, r.ID)
		}
		p := canvas.Snap(e.At, canvas.Grid)
		layoutNodes(doc)[key] = scenario.Point{X: p.X, Y: p.Y}
	}
	return Outcome{Created: []Ref{r}}, nil
}

// Connect joins two resources; what it creates follows from their kinds
// (kinds.Connect): VNet–VNet makes a peering, route table–subnet associates
// them, VPN gateway–site makes a site-to-site connection, ... Any other
// pair is refused with the reason.
type Connect struct{ From, To Ref }

func (e Connect) Label() string { return "connect " + e.From.ID + " to " + e.To.ID }
func (e Connect) apply(doc *scenario.Document) (Outcome, error) {
	what, err := kinds.Connect(&doc.Topology, e.From, e.To)
	return Outcome{What: what}, err
}

// Delete removes resources and everything that only exists through them
// (kinds.Delete). Canvas positions of what is gone are dropped with the
// rest of the layout the design no longer draws.
type Delete struct{ Refs []Ref }

func (e Delete) Label() string {
	if len(e.Refs) == 1 {
		return "delete " + e.Refs[0].ID
	}
	return fmt.Sprintf("delete %d resources", len(e.Refs))
}

func (e Delete) apply(doc *scenario.Document) (Outcome, error) {
	if len(e.Refs) == 0 {
		return Outcome{}, ErrNoChange
	}
	t := &doc.Topology
	for _, r := range e.Refs {
		if _, err := locate(t, r); err != nil {
			return Outcome{}, err
		}
	}
	for _, r := range e.Refs {
		// A cascade may have taken it already (a subnet with its VNet).
		if kinds.Exists(t, r) {
			if err := kinds.Delete(t, r); err != nil {
				return Outcome{}, err
			}
		}
	}
	return Outcome{}, nil
}

// Rename gives a resource a new name; every reference to it follows
// (scenario.Rename: peerings, associations, NICs, gateways, connections,
// expectations, failure sets, the layout). Names Azure refuses and names
// already taken are refused with the reason.
type Rename struct {
	Ref  Ref
	Name string
}

func (e Rename) Label() string { return "rename " + e.Ref.ID + " to " + e.Name }
func (e Rename) apply(doc *scenario.Document) (Outcome, error) {
	spec, ok := kinds.Of(e.Ref.Kind)
	if !ok || spec.Model == "" {
		return Outcome{}, fmt.Errorf("%s cannot be renamed", e.Ref.ID)
	}
	name := strings.TrimSpace(e.Name)
	if err := scenario.Rename(doc, spec.Model, e.Ref.ID, name); err != nil {
		if errors.Is(err, scenario.ErrSameName) {
			return Outcome{}, ErrNoChange
		}
		return Outcome{}, err
	}
	id := name
	if parent, _, ok := strings.Cut(e.Ref.ID, "/"); ok && spec.Parent != "" {
		id = parent + "/" + name
	}
	out := Outcome{Created: []Ref{{Kind: e.Ref.Kind, ID: id}}}
	if e.Ref.Kind == kinds.VNet {
		out.Renamed = renameDerivedPeerings(doc, e.Ref.ID, id)
	}
	return out, nil
}

// renameDerivedPeerings renames the peerings of a renamed VNet whose name
// is the one vnetplay gave them ("<a>-<b>", from their two VNets' names)
// after the new name, when it is free; a peering the user named stays as
// it is. It returns the peerings renamed, old and new.
func renameDerivedPeerings(doc *scenario.Document, old, renamed string) [][2]Ref {
	var out [][2]Ref
	for _, p := range slices.Clone(doc.Topology.Peerings) {
		a, b := p.A.VNet, p.B.VNet
		if a != renamed && b != renamed {
			continue
		}
		was := func(v string) string {
			if v == renamed {
				return old
			}
			return v
		}
		if p.ID != was(a)+"-"+was(b) {
			continue
		}
		if err := scenario.Rename(doc, model.KindPeering, p.ID, a+"-"+b); err == nil {
			out = append(out, [2]Ref{{Kind: kinds.Peering, ID: p.ID}, {Kind: kinds.Peering, ID: a + "-" + b}})
		}
	}
	return out
}

// SetDocName renames the design (the scenario's name).
type SetDocName struct{ Name string }

func (e SetDocName) Label() string { return "rename the design" }
func (e SetDocName) apply(doc *scenario.Document) (Outcome, error) {
	name := strings.TrimSpace(e.Name)
	if name == "" {
		return Outcome{}, fmt.Errorf("a design needs a name")
	}
	if name == doc.Name {
		return Outcome{}, ErrNoChange
	}
	doc.Name = name
	return Outcome{}, nil
}
