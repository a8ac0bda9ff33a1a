package workspace

import (
	"slices"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/compare"
)

// Design vs deployed, on a NIC: the Inspector of a VM (or NVA) takes the
// effective routes Azure reports for one of its NICs (`az network nic
// show-effective-route-table` JSON, the portal's CSV, pasted or loaded
// from a file), reads them once (engine/compare.Parse) and sets them row by
// row against the routes the design predicts for the NIC
// (rule:outputs.routes-per-nic-subnet: a NIC's effective routes are its
// subnet's). The comparison follows the design live: the design's routes
// of the NIC are asked again for each version (in the browser, of the
// engine's worker: DeriveNICRoutes), the pasted table kept as read.

// maxPasted bounds the tables kept (one per NIC of the open design).
const maxPasted = 16

// pastedRoutes is Azure's table of one NIC as pasted or loaded: the text,
// the routes read from it last, and why the text (if it changed since)
// could not be read.
type pastedRoutes struct {
	doc    string // the design's record (Library.DocID): tables belong to one design
	text   string
	file   string // the file it was loaded from; "" when pasted
	routes []compare.Route
	read   bool // routes were read (from this text or an earlier one)
	err    string
	seq    int // changes whenever routes do
}

// nicCompareState is the tool's state: the tables by NIC, the NIC chosen
// for each VM with several, the design's routes of a NIC computed last in
// the page (no worker), and the comparison computed last.
type nicCompareState struct {
	pasted map[string]*pastedRoutes // by NIC id
	chosen map[string]string        // VM id → NIC id
	seq    int
	design toolState[string, *NICRoutes] // a new value per computation: the comparison is kept by it
	last   struct {
		design *NICRoutes
		seq    int
		a      nicAnswer
	}
}

// NICRoutes is the design's side of a comparison: the effective routes of
// the NIC's subnet (rule:outputs.routes-per-nic-subnet) as engine/compare
// reads them, or why there are none (Unavailable; NoNIC when the NIC is
// not in the analysed design). In the browser it is the engine's worker's
// answer (DeriveNICRoutes).
type NICRoutes struct {
	NIC         string          `json:"nic"`
	Subnet      string          `json:"subnet,omitempty"`
	Unavailable string          `json:"unavailable,omitempty"`
	NoNIC       bool            `json:"noNic,omitempty"`
	Routes      []compare.Route `json:"routes,omitempty"`
}

// nicAnswer is the part of a comparison computed from the design.
type nicAnswer struct {
	subnet      string
	unavailable string
	rows        []CompareRow
	platform    []CompareRow
	summary     compare.Summary
}

// NICComparison is what the Inspector shows for a VM: its NICs (NIC the
// one compared), Azure's table as pasted (Text, File; Err why it cannot be
// read, the rows below then being the last table read), and, once a table
// is read, the comparison: Rows (missing, extra, different and matching
// routes, in Azure's order) and Platform (Azure's Microsoft-internal None
// routes, not differences), with the Summary's counts. Unavailable says
// why the design has no routes for the NIC.
type NICComparison struct {
	VM          string
	NIC         string
	NICs        []string
	Subnet      string
	Text        string
	File        string
	Err         string
	Read        bool
	Unavailable string
	Rows        []CompareRow
	Platform    []CompareRow
	Summary     compare.Summary
}

// CompareRow is one row of a comparison, in words: its Kind (compare.Kind:
// match, missing, extra, different, platform), the prefix, each side as
// "Source, State, next hop [addresses]" ("" for the side without it), the
// fields that differ, why the design has the route (its origin and the
// engine's reason) and what the difference usually means (Note); no rule
// codes.
type CompareRow struct {
	Kind        string
	Prefix      string
	Design      string
	Azure       string
	Differences []string
	Why         string
	Note        string
}

// NICComparePaste sets Azure's table of a NIC: Text pasted (or File's
// text, loaded). An empty text clears the table; a text that cannot be
// read keeps the rows read last, with the reason (Err, or the file's own
// problem given in Err by the UI).
type NICComparePaste struct {
	NIC  string
	Text string
	File string
	Err  string
}

// WithValue is a with Text set.
func (a NICComparePaste) WithValue(v string) Action { a.Text = v; return a }

func (a NICComparePaste) apply(w *Workspace) []Task {
	c := &w.nicCompare
	if c.pasted == nil {
		c.pasted = map[string]*pastedRoutes{}
	}
	p := c.pasted[a.NIC]
	if p == nil || p.doc != w.lib.DocID {
		p = &pastedRoutes{doc: w.lib.DocID}
	}
	if a.Err == "" && a.File == "" && strings.TrimSpace(a.Text) == "" {
		delete(c.pasted, a.NIC)
		return nil
	}
	if a.Err != "" { // the file was not read: the text stays as it was
		p.err = a.File + ": " + a.Err
		c.pasted[a.NIC] = p
		return nil
	}
	p.text, p.file = a.Text, a.File
	switch routes, err := compare.Parse([]byte(a.Text)); {
	case err != nil:
		p.err = "Azure's table cannot be read: " + Plain(err.Error())
		if a.File != "" {
			p.err = a.File + ": " + Plain(err.Error())
		}
	default:
		c.seq++
		p.routes, p.read, p.err, p.seq = routes, true, "", c.seq
	}
	c.pasted[a.NIC] = p
	c.bound(a.NIC)
	return nil
}

// bound drops the oldest tables past maxPasted, keeping keep's.
func (c *nicCompareState) bound(keep string) {
	for len(c.pasted) > maxPasted {
		oldest := ""
		for id, p := range c.pasted {
			if id != keep && (oldest == "" || p.seq < c.pasted[oldest].seq || p.seq == c.pasted[oldest].seq && id < oldest) {
				oldest = id
			}
		}
		delete(c.pasted, oldest)
	}
}

// NICCompareChoose chooses which of a VM's NICs is compared.
type NICCompareChoose struct {
	VM  string
	NIC string
}

// WithValue is a with NIC set.
func (a NICCompareChoose) WithValue(v string) Action { a.NIC = v; return a }

func (a NICCompareChoose) apply(w *Workspace) []Task {
	c := &w.nicCompare
	if c.chosen == nil {
		c.chosen = map[string]string{}
	}
	c.chosen[a.VM] = a.NIC
	return nil
}

// rename moves the tables pasted and the NICs chosen to the names a
// rename gave their VM (move maps an old id or NIC id to its new one).
func (c *nicCompareState) rename(move func(string) string) {
	if len(c.pasted) > 0 {
		pasted := make(map[string]*pastedRoutes, len(c.pasted))
		for nic, p := range c.pasted {
			pasted[move(nic)] = p
		}
		c.pasted = pasted
	}
	if len(c.chosen) > 0 {
		chosen := make(map[string]string, len(c.chosen))
		for vm, nic := range c.chosen {
			chosen[move(vm)] = move(nic)
		}
		c.chosen = chosen
	}
}

// NICComparison is the comparison of the VM's chosen NIC (its first by
// default) on the design on screen.
func (w *Workspace) NICComparison(vm string) NICComparison {
	snap := w.Snap()
	out := NICComparison{VM: vm, NICs: vmNICs(snap, vm)}
	if len(out.NICs) == 0 {
		out.Unavailable = vm + " has no network interface."
		return out
	}
	out.NIC = w.chosenNIC(vm, out.NICs)
	c := &w.nicCompare
	p := c.pasted[out.NIC]
	if p == nil || p.doc != w.lib.DocID {
		return out
	}
	out.Text, out.File, out.Err, out.Read = p.text, p.file, p.err, p.read
	if !p.read {
		return out
	}
	d := w.nicRoutes(out.NIC)
	if d == nil {
		out.Unavailable = "Computing the effective routes of " + out.NIC + "…"
		return out
	}
	if c.last.design != d || c.last.seq != p.seq {
		c.last.design, c.last.seq, c.last.a = d, p.seq, compareNIC(*d, p.routes, w.Updating())
	}
	a := c.last.a
	out.Subnet, out.Unavailable, out.Rows, out.Platform, out.Summary = a.subnet, a.unavailable, a.rows, a.platform, a.summary
	return out
}

// chosenNIC is the NIC of vm compared: the one chosen, else its first.
func (w *Workspace) chosenNIC(vm string, nics []string) string {
	if id := w.nicCompare.chosen[vm]; slices.Contains(nics, id) {
		return id
	}
	return nics[0]
}

// comparedNIC is the NIC whose comparison the Inspector shows: the
// selected VM's chosen NIC, when a table of Azure's routes was read for it.
func (w *Workspace) comparedNIC() (string, bool) {
	r, ok := w.ShownRef()
	if !ok || r.Kind != kinds.VM {
		return "", false
	}
	nics := vmNICs(w.Snap(), r.ID)
	if len(nics) == 0 {
		return "", false
	}
	nic := w.chosenNIC(r.ID, nics)
	p := w.nicCompare.pasted[nic]
	return nic, p != nil && p.read && p.doc == w.lib.DocID
}

// nicRoutes is the design's side of the comparison of nic on the design
// on screen: in the browser the engine's worker's answer (while the answer
// for the design on screen is computed, the last one for the same NIC;
// nil before the first), else computed in the page once per snapshot.
func (w *Workspace) nicRoutes(nic string) *NICRoutes {
	if w.deferred {
		r, _ := w.derivedFor(DeriveRequest{Kind: DeriveNICRoutes, From: nic})
		if r.NICRoutes == nil || r.NICRoutes.NIC != nic {
			return nil
		}
		return r.NICRoutes
	}
	return w.nicCompare.design.answer(w.Snap(), nic, func(snap *store.Snapshot, nic string) *NICRoutes {
		v := nicRoutesOf(snap, nic)
		return &v
	})
}

// nicRoutesOf is the design's side of the comparison of nic on snap
// (analysed).
func nicRoutesOf(snap *store.Snapshot, nic string) NICRoutes {
	out := NICRoutes{NIC: nic}
	n, ok := snap.Plane.NIC(nic)
	if !ok {
		out.NoNIC = true
		out.Unavailable = nic + " has no effective routes: its subnet or address is not valid (see Checks)."
		return out
	}
	out.Subnet = n.Subnet
	tbl, ok := snap.Plane.Routes(n.Subnet)
	if !ok {
		out.Unavailable = n.Subnet + " has no routes: its address prefix is not valid (see Checks)."
		return out
	}
	out.Routes = compare.Design(tbl.Routes())
	return out
}

// vmNICs are the ids ("vm/nic") of the VM's NICs in the design.
func vmNICs(snap *store.Snapshot, vm string) []string {
	for i := range snap.Doc.Topology.VMs {
		v := &snap.Doc.Topology.VMs[i]
		if v.ID != vm {
			continue
		}
		out := make([]string, 0, len(v.NICs))
		for _, n := range v.NICs {
			out = append(out, v.ID+"/"+n.Name)
		}
		return out
	}
	return nil
}

// compareNIC sets azure against the design's routes of the NIC. While
// the page's analysis is updating, a NIC it does not know yet is being
// computed rather than invalid.
func compareNIC(d NICRoutes, azure []compare.Route, updating bool) nicAnswer {
	if d.NoNIC && updating {
		return nicAnswer{unavailable: "Computing the effective routes of " + d.NIC + "…"}
	}
	if d.Unavailable != "" {
		return nicAnswer{subnet: d.Subnet, unavailable: d.Unavailable}
	}
	res := compare.Compare(d.Routes, azure)
	a := nicAnswer{subnet: d.Subnet, summary: res.Summary}
	for _, r := range res.Rows {
		row := compareRow(r)
		if r.Kind == compare.Platform {
			a.platform = append(a.platform, row)
		} else {
			a.rows = append(a.rows, row)
		}
	}
	return a
}

// compareRow puts a row in words.
func compareRow(r compare.Row) CompareRow {
	out := CompareRow{Kind: string(r.Kind), Prefix: r.AddressPrefix, Design: routeWords(r.Design), Azure: routeWords(r.Azure),
		Differences: r.Differences, Note: Plain(r.Note)}
	if d := r.Design; d != nil {
		out.Why = Plain(d.Origin)
		if d.Reason != "" {
			out.Why += ": " + Plain(d.Reason)
		}
	}
	return out
}

// routeWords is one side of a row: "User, Active, VirtualAppliance
// 10.0.1.4"; "" without the side.
func routeWords(r *compare.Route) string {
	if r == nil {
		return ""
	}
	s := r.Source + ", " + r.State + ", " + r.NextHopType
	if len(r.NextHopIPAddress) > 0 {
		s += " " + strings.Join(r.NextHopIPAddress, ", ")
	}
	return s
}
