// Package kinds is the one registry of the resource kinds the playground
// edits and draws. Each kind is declared once, in registry.go: its names in
// Azure's words, its icon and palette entry, how the canvas places it, where
// it lives in the scenario document, and how it is found, created, deleted,
// connected, copied and failed. The canvas, the store and the UI read this
// table instead of switching on kinds, so adding a kind touches the
// registry (and the engine), not every package.
//
// The package is plain Go over engine/model: no go-app, no browser, tested
// natively.
package kinds

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Kind names a kind of thing the canvas draws and the user selects. Most
// kinds are resources of the scenario format (a VNet, a route table); some
// are drawing variants of one (an NVA is a VM that forwards, a VPN gateway
// and an ExpressRoute gateway are both virtual network gateways): their
// Spec.Of names the resource kind. Values are stable: they appear in canvas
// keys, CSS classes and tests.
type Kind string

// Ref names one resource of the design: its resource kind and id. A
// subnet's id is "<vnet>/<subnet>"; a P2S pool's is its gateway's id.
type Ref struct {
	Kind Kind
	ID   string
}

func (r Ref) String() string { return string(r.Kind) + " " + r.ID }

// Placement says how the canvas shows a kind.
type Placement int

// Placements.
const (
	TopLevel Placement = iota // a box of its own, movable (VNets, route tables, sites)
	Nested                    // a box inside its parent (subnets in their VNet)
	Chip                      // a one-line chip inside its parent (VMs, gateways, hosts)
	Edge                      // a line between two boxes (peerings, connections)
)

// Spec declares one kind.
type Spec struct {
	Kind Kind
	// Of is the resource kind a drawing variant stands for; "" for a
	// resource kind.
	Of Kind
	// Noun is the kind in a sentence, in Azure's words and capitalisation
	// ("virtual network", "VPN gateway"); Plural its plural. Short and
	// ShortPlural are the compact forms used in counts ("VNet", "NSGs").
	Noun, Plural       string
	Short, ShortPlural string
	// Article is "a" or "an", for Noun.
	Article string
	// Title heads the Inspector ("Virtual network").
	Title string
	// Icon names the icon the UI draws for it.
	Icon string
	// Model is the engine's kind (renames, Azure's naming rules); "" for
	// what is not a resource of the document (the Internet).
	Model model.Kind
	// Collection is the document collection holding it ("vnets"): every
	// diagnostic about a resource starts with its Path. A sub-resource
	// (a subnet) names its Parent kind and its collection there, Sub
	// ("subnets"); its id is "<parent id>/<name>", or the parent's id for a
	// Singleton (a gateway's one P2S configuration).
	Collection string
	Parent     Kind
	Sub        string
	Singleton  bool
	// Palette is its entry in the palette; the zero value means none.
	Palette Palette
	// Placement says how the canvas shows it; EdgeKey prefixes the scene
	// key of an Edge kind ("peering" for "peering:<id>").
	Placement Placement
	EdgeKey   string
	// Handle: a node of this kind can start a connection (drag from its
	// handle). Which pairs connect is in the connect rules (connect.go).
	Handle bool
	// Copyable: copy and paste take it (with what lives in it).
	Copyable bool
	// Failure is the failure kind that takes the whole resource down
	// (what-if), "" if it cannot fail as a whole.
	Failure string
	// Form: the Inspector edits it as a whole: fields change a draft that
	// is validated together and applied once.
	Form bool

	locate func(t *model.Topology, id string) (any, bool)
	ids    func(t *model.Topology) []string
	del    func(t *model.Topology, id string)
	create func(t *model.Topology, into, name string) (string, error)
}

// Palette is a kind's palette entry.
type Palette struct {
	// Order places it in the palette (1 first); 0 means not in the palette.
	Order int
	// Label names the entry.
	Label string
	// Into is the kind of container a new one goes into (a subnet into a
	// virtual network); "" places it at a free position on the canvas.
	Into Kind
	// Fixed marks an entry that cannot be added (the Internet is always
	// on the canvas); Why says so.
	Fixed bool
	Why   string
}

// Of returns the spec of k, and whether k is a known kind.
func Of(k Kind) (Spec, bool) {
	for i := range registry {
		if registry[i].Kind == k {
			return registry[i], true
		}
	}
	return Spec{}, false
}

// MustOf returns the spec of a kind the program names itself; an unknown
// kind is a programming error.
func MustOf(k Kind) Spec {
	s, ok := Of(k)
	if !ok {
		panic(fmt.Sprintf("kinds: unknown kind %q", k))
	}
	return s
}

// All returns every spec, in registry order.
func All() []Spec { return slices.Clone(registry) }

// Resource returns the resource kind k stands for: k itself, or the kind a
// drawing variant is of.
func Resource(k Kind) Kind {
	if s, ok := Of(k); ok && s.Of != "" {
		return s.Of
	}
	return k
}

// Palette returns the kinds with a palette entry, in palette order.
func PaletteKinds() []Spec {
	var out []Spec
	for _, s := range registry {
		if s.Palette.Order > 0 {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Spec) int { return a.Palette.Order - b.Palette.Order })
	return out
}

// IsResource reports whether s is a resource kind of the document (not a
// drawing variant and not the Internet).
func (s Spec) IsResource() bool { return s.Of == "" && s.locate != nil }

// CanCreate reports whether the palette can add one.
func (s Spec) CanCreate() bool { return s.create != nil }

// Deletable reports whether a resource of this kind can be deleted.
func (s Spec) Deletable() bool { return s.del != nil }

// Locate returns a pointer to the resource of this kind with id in t (a
// *model.VNet, *model.Subnet, ...), for reading and editing in place.
func (s Spec) Locate(t *model.Topology, id string) (any, bool) {
	if s.locate == nil {
		return nil, false
	}
	return s.locate(t, id)
}

// IDs lists the ids of this kind's resources in t, in document order.
func (s Spec) IDs(t *model.Topology) []string {
	if s.ids == nil {
		return nil
	}
	return s.ids(t)
}

// Path is the diagnostics path of the resource with id
// ("vnets[hub].subnets[app]"): the prefix of every diagnostic about it.
func (s Spec) Path(id string) string {
	if s.Parent != "" {
		parent, name := id, ""
		if !s.Singleton {
			var ok bool
			if parent, name, ok = strings.Cut(id, "/"); !ok {
				return ""
			}
		}
		p := MustOf(s.Parent).Path(parent) + "." + s.Sub
		if !s.Singleton {
			p += "[" + name + "]"
		}
		return p
	}
	if s.Collection == "" {
		return ""
	}
	return s.Collection + "[" + id + "]"
}

// Count says how many of this kind there are, in words: "1 VNet", "2 VNets",
// "no route tables".
func (s Spec) Count(n int) string {
	short, plural := s.Short, s.ShortPlural
	if short == "" {
		short, plural = s.Noun, s.Plural
	}
	switch n {
	case 0:
		return "no " + plural
	case 1:
		return "1 " + short
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// A returns the noun with its article: "a virtual network", "an
// ExpressRoute gateway".
func (s Spec) A() string { return s.Article + " " + s.Noun }

// Locate finds the resource r names in t.
func Locate(t *model.Topology, r Ref) (any, error) {
	s, ok := Of(r.Kind)
	if !ok {
		return nil, fmt.Errorf("unknown kind of resource %q", r.Kind)
	}
	if v, ok := s.Locate(t, r.ID); ok {
		return v, nil
	}
	return nil, fmt.Errorf("%s %s not found", s.Noun, r.ID)
}

// Exists reports whether r names a resource of t.
func Exists(t *model.Topology, r Ref) bool {
	_, err := Locate(t, r)
	return err == nil
}

// Path is the diagnostics path of r (see Spec.Path).
func Path(r Ref) string {
	s, ok := Of(r.Kind)
	if !ok {
		return ""
	}
	return s.Path(r.ID)
}

// RefForPath maps a diagnostic path ("vnets[hub].subnets[app].addressPrefix",
// "peerings[p1]", "routeTables[rt].routes[r1]") to the resource it is about:
// the innermost one the canvas shows.
func RefForPath(path string) (Ref, bool) {
	coll, id, rest, ok := cutIndex(path)
	if !ok {
		return Ref{}, false
	}
	rest = strings.TrimPrefix(rest, ".")
	for _, s := range registry {
		if s.Collection != coll || s.Parent != "" || !s.IsResource() {
			continue
		}
		// Sub-resources the canvas shows on their own: subnets, P2S
		// configurations, BGP peers.
		for _, sub := range registry {
			if sub.Parent != s.Kind {
				continue
			}
			if sub.Singleton && (rest == sub.Sub || strings.HasPrefix(rest, sub.Sub+".")) {
				return Ref{Kind: sub.Kind, ID: id}, true
			}
			if c, name, _, ok := cutIndex(rest); ok && c == sub.Sub && !sub.Singleton {
				return Ref{Kind: sub.Kind, ID: id + "/" + name}, true
			}
		}
		return Ref{Kind: s.Kind, ID: id}, true
	}
	return Ref{}, false
}

// cutIndex splits "coll[id]rest".
func cutIndex(s string) (coll, id, rest string, ok bool) {
	coll, after, ok := strings.Cut(s, "[")
	if !ok {
		return "", "", "", false
	}
	id, rest, ok = strings.Cut(after, "]")
	return coll, id, rest, ok && coll != "" && id != ""
}
