package workspace

import (
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// The Names panel: a matrix of the design's endpoints (rows, as the Reach
// matrix lists them) by the names worth asking (columns: every private
// endpoint's public FQDN, the names of the design's resolve expectations,
// every private zone's record names), each cell the answer engine/dns
// gives, coloured like the Reach matrix. A click on a cell picks it: its
// resolution walk is listed under the matrix and drawn on the canvas.
// The matrix is computed only while the panel is on screen, once per
// analysed version of the design, with the analysis's resolver
// (store.Snapshot.DNS), which the engine's name resolution lint built and
// the picked cell's walk shares: indexes, stand-in plane and network
// checks are computed once per version.

// Names panel limits: past them the panel says how many are left out.
const (
	NamesMaxNames     = 40
	NamesMaxEndpoints = 60
)

// Tones of a Names cell, the Reach matrix's colours: ok (a private
// address), warn (a public address: where private-endpoint designs go
// wrong), bad (NXDOMAIN or no answer), none (a public name vnetplay does not
// know).
const (
	ToneOK   = "ok"
	ToneWarn = "warn"
	ToneBad  = "bad"
	ToneNone = "none"
)

// NameCell is one cell of the Names matrix: the answer to Name from the
// endpoint From. Class is the answer's kind (private, public, nxdomain,
// nodata, failed, unknown), Tone its colour, Text the answer in short (the
// address, "NXDOMAIN", "NODATA", "failed", "?"), Full the whole answer ("10.1.2.5 (private)")
// and Why the engine's reason in words.
type NameCell struct {
	From, Name string
	Class      string
	Tone       string
	Text       string
	Full       string
	Why        string
}

// NamesView is what the Names panel draws. Endpoints and Names count all
// there are; Rows and Cols those shown (at most NamesMaxEndpoints and
// NamesMaxNames); Note says what is left out, if anything.
type NamesView struct {
	Rows      []MatrixHead
	Cols      []MatrixHead
	Cells     [][]NameCell // [row][column]
	Endpoints int
	Names     int
	Note      string
}

// NameStep is one step of a resolution walk, in words: Depth is how many
// queries deep it is, Actor who decides, Kind the engine's step kind.
type NameStep struct {
	Depth int
	Actor string
	Kind  string
	Text  string
}

// NameWalk is the picked cell's resolution walk: the answer (as in the
// cell), the CNAME chain ("a → b"), the steps, and Path, the canvas nodes
// it passes through in order (the endpoint, the DNS servers, resolvers,
// rulesets and zones involved, the private endpoint that owns the address
// answered), as scene keys.
type NameWalk struct {
	NameCell
	Names string
	Steps []NameStep
	Path  []string
	// Computing is set while the cell's resolution is first computed (in
	// the browser, by the engine's worker): only From and Name are known.
	Computing bool
}

// PickName picks the cell From → Name of the Names matrix.
type PickName struct{ From, Name string }

func (a PickName) apply(w *Workspace) []Task {
	w.names.from, w.names.name = a.From, a.Name
	return nil
}

// ClearName takes the picked resolution walk off the panel and the canvas.
type ClearName struct{}

func (ClearName) apply(w *Workspace) []Task {
	w.names.from, w.names.name = "", ""
	return nil
}

// namesState is the cell picked and what was computed last: the matrix
// for one analysed snapshot and the picked cell's walk.
type namesState struct {
	from, name string
	view       struct {
		snap *store.Snapshot
		v    NamesView
	}
	res struct { // computed in the page (no worker)
		snap *store.Snapshot
		v    NameResolution
	}
	walk struct {
		res   *dns.Resolution
		scene *canvas.Scene
		w     NameWalk
	}
}

// prune drops the picked cell when its endpoint or its name is no longer
// in the design. A pending snapshot's plane is an earlier version's, which
// may lack endpoints added since: then the worker's answer says whether
// the endpoint is gone (NameResolution.Gone, Derived).
func (ns *namesState) prune(snap *store.Snapshot) {
	if ns.from == "" {
		return
	}
	if !slices.Contains(namesToAsk(snap.Doc), ns.name) || (!snap.Pending() && !slices.Contains(snap.Plane.Endpoints(), ns.from)) {
		ns.from, ns.name = "", ""
	}
}

// NameResolution is the resolution of a picked Names cell: the name Name
// resolved from the endpoint From, or Gone when the endpoint or the name
// is no longer in the design (the pick is dropped).
type NameResolution struct {
	From string          `json:"from"`
	Name string          `json:"name"`
	Gone bool            `json:"gone,omitempty"`
	Res  *dns.Resolution `json:"res,omitempty"`
}

// nameResolutionOf is the resolution of name from the endpoint from on
// snap (analysed), with the analysis's resolver.
func nameResolutionOf(snap *store.Snapshot, from, name string) NameResolution {
	v := NameResolution{From: from, Name: name}
	if !slices.Contains(snap.Plane.Endpoints(), from) || !slices.Contains(namesToAsk(snap.Doc), name) {
		v.Gone = true
		return v
	}
	res := snap.DNS().Resolve(from, name)
	v.Res = &res
	return v
}

// nameRequest is the question of the picked cell's resolution.
func (w *Workspace) nameRequest() DeriveRequest {
	return DeriveRequest{Kind: DeriveNameWalk, From: w.names.from, Name: w.names.name}
}

// nameResolution is the picked cell's resolution on the design on screen:
// in the browser the engine's worker's answer (while the next one is
// computed, the last one for the same cell), else the page's last
// analysed version's. Nil while first computed, or when gone.
func (w *Workspace) nameResolution() *dns.Resolution {
	ns := &w.names
	var v NameResolution
	if w.deferred {
		r, _ := w.derivedFor(w.nameRequest())
		if r.Resolution == nil {
			return nil
		}
		v = *r.Resolution
	} else {
		shown := w.Snap().Shown()
		if ns.res.snap != shown || ns.res.v.From != ns.from || ns.res.v.Name != ns.name {
			ns.res.snap, ns.res.v = shown, nameResolutionOf(shown, ns.from, ns.name)
		}
		v = ns.res.v
	}
	if v.From != ns.from || v.Name != ns.name || v.Gone {
		return nil
	}
	return v.Res
}

// NamesView is the Names matrix of the design on screen, computed once
// per version: in the browser the engine's worker's answer (DeriveNames;
// while the next one is computed, the last one, and the zero view before
// the first: NamesKnown), else from the page's last analysed version.
func (w *Workspace) NamesView() NamesView {
	v, _ := w.namesAnswer()
	return v
}

// NamesKnown reports whether the Names panel has a matrix to show: false
// while the first one is computed.
func (w *Workspace) NamesKnown() bool {
	_, known := w.namesAnswer()
	return known
}

// namesAnswer is the Names matrix and whether there is one.
func (w *Workspace) namesAnswer() (NamesView, bool) {
	if w.deferred {
		r, _ := w.derivedFor(DeriveRequest{Kind: DeriveNames})
		if r.Names == nil {
			return NamesView{}, false
		}
		return *r.Names, true
	}
	shown := w.Snap().Shown()
	ns := &w.names
	if ns.view.snap != shown || ns.view.v.Rows == nil {
		ns.view.snap, ns.view.v = shown, buildNamesView(shown, shown.DNS())
	}
	return ns.view.v, true
}

// PickedName is the picked cell, if any.
func (w *Workspace) PickedName() (from, name string, ok bool) {
	return w.names.from, w.names.name, w.names.from != ""
}

// NameWalk is the picked cell's resolution walk on the design on screen,
// with its path on the canvas; ok is false when no cell is picked.
func (w *Workspace) NameWalk() (NameWalk, bool) {
	ns := &w.names
	if ns.from == "" {
		return NameWalk{}, false
	}
	res := w.nameResolution()
	if res == nil {
		return NameWalk{NameCell: NameCell{From: ns.from, Name: ns.name}, Computing: true}, true
	}
	snap := w.Snap()
	c := &ns.walk
	if c.res != res || c.scene != snap.Scene {
		c.res, c.scene = res, snap.Scene
		c.w = nameWalk(*res, ns.from, ns.name, snap.Scene, &snap.Doc.Topology)
	}
	return c.w, true
}

// namesToAsk are the names worth asking in doc: private endpoints' FQDNs,
// resolve expectations' names, private zones' record names; lower case,
// without the final dot, sorted, once each.
func namesToAsk(doc *scenario.Document) []string {
	var out []string
	add := func(n string) {
		n = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
		if n != "" && !strings.Contains(n, "*") {
			out = append(out, n)
		}
	}
	t := &doc.Topology
	for _, pe := range t.PrivateEndpoints {
		add(pe.PublicName())
	}
	for _, e := range doc.Expect {
		if e.Kind == scenario.ExpectResolve {
			add(e.Name)
		}
	}
	for _, z := range t.PrivateDNSZones {
		for _, rs := range z.RecordSets {
			if rs.Name == "@" {
				add(z.ID)
			} else if rs.Name != "" {
				add(rs.Name + "." + z.ID)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// buildNamesView resolves every name shown from every endpoint shown.
func buildNamesView(snap *store.Snapshot, r *dns.Shared) NamesView {
	eps := snap.Plane.Endpoints()
	names := namesToAsk(snap.Doc)
	v := NamesView{Endpoints: len(eps), Names: len(names), Rows: []MatrixHead{}, Cols: []MatrixHead{}}
	var left []string
	if len(names) > NamesMaxNames {
		left = append(left, "the first "+strconv.Itoa(NamesMaxNames)+" of "+strconv.Itoa(len(names))+" names")
		names = names[:NamesMaxNames]
	}
	if len(eps) > NamesMaxEndpoints {
		left = append(left, "the first "+strconv.Itoa(NamesMaxEndpoints)+" of "+strconv.Itoa(len(eps))+" endpoints")
		eps = eps[:NamesMaxEndpoints]
	}
	if len(left) > 0 {
		v.Note = "Showing " + strings.Join(left, " and ") + ": ask any other with Resolve a name (Routes tab)."
	}
	v.Rows = endpointHeads(eps)
	for _, n := range names {
		v.Cols = append(v.Cols, MatrixHead{Key: n, Label: n, Title: n})
	}
	v.Cells = make([][]NameCell, len(eps))
	for i, from := range eps {
		v.Cells[i] = make([]NameCell, len(names))
		for j, name := range names {
			v.Cells[i][j] = nameCell(r.Resolve(from, name), from, name)
		}
	}
	return v
}

// nameCell is a resolution as a cell.
func nameCell(res dns.Resolution, from, name string) NameCell {
	c := NameCell{From: from, Name: name, Class: answerClass(res.Answer), Full: res.Answer.String(), Why: Plain(res.Reason)}
	switch c.Class {
	case "private":
		c.Tone = ToneOK
	case "public":
		c.Tone = ToneWarn
	case "nxdomain", "nodata", "failed":
		c.Tone = ToneBad
	default:
		c.Tone = ToneNone
	}
	switch res.Answer.Kind {
	case dns.Address:
		c.Text = res.Answer.Addresses[0]
		if n := len(res.Answer.Addresses); n > 1 {
			c.Text += " +" + strconv.Itoa(n-1)
		}
	case dns.NXDomain:
		c.Text = "NXDOMAIN"
	case dns.NoData:
		c.Text = "NODATA"
	case dns.Failed:
		c.Text = "failed"
	default:
		c.Text = "?"
	}
	return c
}

// nameWalk is a resolution as the panel lists it and the canvas draws it.
func nameWalk(res dns.Resolution, from, name string, sc *canvas.Scene, t *model.Topology) NameWalk {
	w := NameWalk{NameCell: nameCell(res, from, name)}
	if len(res.Answer.Names) > 1 {
		w.Names = strings.Join(res.Answer.Names, " → ")
	}
	for _, s := range res.Steps {
		w.Steps = append(w.Steps, NameStep{Depth: s.Depth, Actor: s.Actor, Kind: string(s.Kind), Text: Plain(s.Detail)})
	}
	w.Path = namePath(res, from, sc, t)
	return w
}

// namePath maps a resolution's steps to the canvas nodes they involve, in
// order: the endpoint, each DNS server asked (a VNet's Azure DNS is drawn at
// the VNet, a resolver's endpoints at the resolver, a custom DNS server at
// its VM, an on-premises resolver at its site, public DNS at the
// Internet), each forwarding ruleset and private zone that decides, and for
// a private answer the private endpoint that holds the address. Each node
// comes once, where the walk first meets it; actors with no node are
// skipped.
func namePath(res dns.Resolution, from string, sc *canvas.Scene, t *model.Topology) []string {
	if sc == nil {
		return nil
	}
	var path []string
	add := func(key string) {
		if key == "" {
			return
		}
		if _, ok := sc.Node(key); !ok {
			return
		}
		if !slices.Contains(path, key) {
			path = append(path, key)
		}
	}
	if n, ok := sc.HopNode(from); ok {
		add(n.Key)
	}
	for _, s := range res.Steps {
		add(actorNode(s.Actor, sc, t))
		switch s.Kind {
		case dns.StepRule:
			if id := wordAfter(s.Detail, "ruleset"); id != "" {
				add(canvas.Key(kinds.DNSRuleset, id))
			}
		case dns.StepZone, dns.StepRecord, dns.StepNXDomain, dns.StepCNAME:
			if id := wordAfter(s.Detail, "zone"); id != "" {
				add(canvas.Key(kinds.PrivateDNSZone, strings.TrimSuffix(id, ".")))
			}
		}
	}
	if res.Answer.Kind == dns.Address && res.Answer.Scope == dns.ScopePrivate {
		for _, pe := range t.PrivateEndpoints {
			if slices.Contains(res.Answer.Addresses, pe.PrivateIPAddress) {
				add(canvas.Key(kinds.PrivateEndpoint, pe.ID))
				break
			}
		}
	}
	return path
}

// actorNode is the scene key of the node a step's actor stands at ("" if
// none is drawn). Actors are the engine's labels: an endpoint id, "Azure
// DNS (VNet X)", "R/E (inbound endpoint IP)", "R/E (outbound endpoint)",
// "VM (DNS server)", "SITE DNS server (IP)", "public DNS server IP",
// "HOST own DNS".
func actorNode(actor string, sc *canvas.Scene, t *model.Topology) string {
	switch {
	case strings.HasPrefix(actor, "Azure DNS (VNet ") && strings.HasSuffix(actor, ")"):
		return canvas.Key(kinds.VNet, strings.TrimSuffix(strings.TrimPrefix(actor, "Azure DNS (VNet "), ")"))
	case strings.Contains(actor, " (inbound endpoint") || strings.HasSuffix(actor, " (outbound endpoint)"):
		ep, _, _ := strings.Cut(actor, " (")
		for _, r := range t.DNSResolvers {
			if strings.HasPrefix(ep, r.ID+"/") || ep == r.ID {
				return canvas.Key(kinds.DNSResolver, r.ID)
			}
		}
		return ""
	case strings.HasSuffix(actor, " (DNS server)"):
		vm := strings.TrimSuffix(actor, " (DNS server)")
		for _, n := range sc.Nodes {
			if (n.Kind == kinds.VM || n.Kind == kinds.NVA) && n.Ref == vm {
				return n.Key
			}
		}
		return ""
	case strings.Contains(actor, " DNS server ("):
		site, _, _ := strings.Cut(actor, " DNS server (")
		return canvas.Key(kinds.Site, site)
	case strings.HasPrefix(actor, "public DNS server"):
		return canvas.Key(kinds.Internet, "Internet")
	}
	if n, ok := sc.HopNode(strings.TrimSuffix(actor, " own DNS")); ok {
		return n.Key
	}
	return ""
}

// wordAfter is the word that follows the word w in text ("" if none), its
// punctuation trimmed: wordAfter("rule r of ruleset rs (linked", "ruleset")
// is "rs".
func wordAfter(text, w string) string {
	words := strings.Fields(text)
	for i := 0; i+1 < len(words); i++ {
		if words[i] == w {
			return strings.Trim(words[i+1], ",;:()\"'")
		}
	}
	return ""
}
