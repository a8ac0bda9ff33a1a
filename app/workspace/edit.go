package workspace

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
)

// Undo and Redo step through the design's history.
type (
	Undo struct{}
	Redo struct{}
)

func (Undo) apply(w *Workspace) []Task {
	if w.sess.ReadOnly() && w.sess.UndoLabel() != "" {
		return w.say(readOnlyText, true) // (it did nothing, silently)
	}
	label, renames, restores := w.sess.UndoLabel(), w.sess.UndoRenames(), w.sess.UndoRestores()
	selected := w.selectionRefs()
	if w.sess.Undo() {
		// A rename undone: what followed the new name (the selection,
		// the what-if's failures, the tools) goes back to the old one.
		back := make([][2]store.Ref, len(renames))
		for i, r := range renames {
			back[i] = [2]store.Ref{r[1], r[0]}
		}
		w.followRenames(back, selected)
		w.selectRestored(restores)
		return w.say("Undid "+label, false)
	}
	return nil
}

// selectRestored selects what an undone delete brought back (none: the
// selection stays), as it was selected when it was deleted.
func (w *Workspace) selectRestored(refs []store.Ref) {
	if len(refs) == 0 {
		return
	}
	snap := w.Snap()
	keys := make([]string, 0, len(refs))
	for _, r := range refs {
		keys = append(keys, snap.SelectionKey(r))
	}
	w.sel.set(keys...)
	w.sel.prune(snap)
}

func (Redo) apply(w *Workspace) []Task {
	if w.sess.ReadOnly() && w.sess.RedoLabel() != "" {
		return w.say(readOnlyText, true)
	}
	label, renames := w.sess.RedoLabel(), w.sess.RedoRenames()
	selected := w.selectionRefs()
	if w.sess.Redo() {
		w.followRenames(renames, selected)
		return w.say("Redid "+label, false)
	}
	return nil
}

// followRenames follows the renames (from, to) an undo or redo made, and
// keeps the selection taken before the step, selected, on the resources
// it held (renameSelection).
func (w *Workspace) followRenames(renames [][2]store.Ref, selected []selectedKey) {
	// The failures first: the snapshot followRename reads drops those
	// naming what the step renamed.
	for _, r := range renames {
		if failable(r[0].Kind) {
			w.sess.RenameFailures(renameFunc(r[0], r[1]))
		}
	}
	for _, r := range renames {
		w.followRename(r[0], r[1])
	}
	if len(renames) > 0 {
		w.renameSelection(selected, renames)
	}
}

// DeleteSelection deletes the selected resources with what lives in them.
// With one host, P2S client or resolver endpoint chip selected (the Delete
// key), it removes that element, not its site, pool or resolver
// (removeItemChip).
type DeleteSelection struct {
	// Shown deletes what the side panel shows (the Inspector's Delete
	// button): the primary selection alone, the resource the Inspector
	// names, and the one from before the press while a pointer is held on
	// the canvas (see Workspace.followSelection).
	Shown bool
}

func (a DeleteSelection) apply(w *Workspace) []Task {
	if keys := w.sel.keys(); !a.Shown && len(keys) == 1 {
		if item, ok := itemChip(w.Snap(), keys[0]); ok {
			return w.removeItemChip(item)
		}
	}
	refs := w.selectedRefs()
	if a.Shown {
		refs = refsOf(w.Snap(), []string{w.shown.primary})
	}
	if len(refs) == 0 {
		return nil
	}
	for _, r := range refs {
		if s, ok := kinds.Of(r.Kind); !ok || !s.Deletable() {
			return w.say(capital(kinds.MustOf(r.Kind).A())+" cannot be deleted", true)
		}
	}
	e := store.Delete{Refs: refs}
	before := resourceIDs(&w.Snap().Doc.Topology)
	if _, err := w.sess.Apply(e); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	w.sel.set()
	what := refs[0].ID
	if len(refs) > 1 {
		what = fmt.Sprintf("%d resources", len(refs))
	}
	if with := wentWith(before, resourceIDs(&w.Snap().Doc.Topology), refs); with != "" {
		what += " with " + with
	}
	return w.say("Deleted "+what+" (Ctrl+Z to undo)", false)
}

// chipItem is the list element a chip drawn inside its resource stands
// for: an on-premises host of a site, a P2S client of a pool, an endpoint
// of a DNS private resolver.
type chipItem struct {
	ref   store.Ref // the site or the pool
	list  string    // its list property: "hosts", "clients"
	index int
	id    string
	noun  string // "host", "P2S client"
}

// itemChip is the list element the canvas node key stands for, when it
// is a host, a P2S client or a resolver endpoint chip; ok is false for any
// other node.
func itemChip(snap *store.Snapshot, key string) (chipItem, bool) {
	n, ok := snap.Scene.Node(key)
	if !ok {
		return chipItem{}, false
	}
	t := &snap.Doc.Topology
	switch n.Kind {
	case kinds.Host:
		for _, s := range t.Sites {
			if i := slices.IndexFunc(s.Hosts, func(h model.Host) bool { return h.ID == n.Label }); s.ID == n.Ref && i >= 0 {
				return chipItem{ref: store.Ref{Kind: kinds.Site, ID: s.ID}, list: "hosts", index: i, id: n.Label, noun: "host"}, true
			}
		}
	case kinds.P2SClient:
		for _, g := range t.Gateways {
			if g.ID != n.Ref || g.VpnClientConfiguration == nil {
				continue
			}
			if i := slices.IndexFunc(g.VpnClientConfiguration.Clients, func(c model.P2SClient) bool { return c.ID == n.Label }); i >= 0 {
				return chipItem{ref: store.Ref{Kind: kinds.P2S, ID: g.ID}, list: "clients", index: i, id: n.Label, noun: "P2S client"}, true
			}
		}
	case kinds.DNSEndpoint:
		name := strings.TrimPrefix(key, canvas.Key(kinds.DNSEndpoint, n.Ref+"/"))
		for _, r := range t.DNSResolvers {
			if r.ID != n.Ref {
				continue
			}
			ref := store.Ref{Kind: kinds.DNSResolver, ID: r.ID}
			if i := slices.IndexFunc(r.InboundEndpoints, func(e model.DNSInboundEndpoint) bool { return e.Name == name }); i >= 0 {
				return chipItem{ref: ref, list: "inboundEndpoints", index: i, id: name, noun: "inbound endpoint"}, true
			}
			if i := slices.IndexFunc(r.OutboundEndpoints, func(e model.DNSOutboundEndpoint) bool { return e.Name == name }); i >= 0 {
				return chipItem{ref: ref, list: "outboundEndpoints", index: i, id: name, noun: "outbound endpoint"}, true
			}
		}
	}
	return chipItem{}, false
}

// removeItemChip removes the host, P2S client or resolver endpoint the
// selected chip stands for (the Delete key on it), as Remove in its
// resource's list does; its site, pool or resolver becomes the selection.
func (w *Workspace) removeItemChip(item chipItem) []Task {
	if _, err := w.sess.Apply(store.RemoveItem{Ref: item.ref, Path: item.list, Index: item.index}); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	w.sel.set(w.Snap().SelectionKey(item.ref))
	return w.say("Removed "+item.noun+" "+item.id+" from "+item.ref.ID+" (Ctrl+Z to undo)", false)
}

// resourceIDs lists the ids of every resource of t by kind (the
// resource kinds only: no drawing variant, not the Internet).
func resourceIDs(t *model.Topology) map[kinds.Kind][]string {
	out := map[kinds.Kind][]string{}
	for _, s := range kinds.All() {
		if s.IsResource() {
			out[s.Kind] = s.IDs(t)
		}
	}
	return out
}

// wentWith says, by kind in the registry's order, how many resources a
// delete of refs took with them: those of before that after lacks, refs
// themselves left out, whatever variant of their kind they were drawn as
// ("1 subnet, 1 VM and 2 peerings"; "" for none).
func wentWith(before, after map[kinds.Kind][]string, refs []store.Ref) string {
	var parts []string
	for _, s := range kinds.All() {
		kept := make(map[string]bool, len(after[s.Kind]))
		for _, id := range after[s.Kind] {
			kept[id] = true
		}
		n := 0
		for _, id := range before[s.Kind] {
			if !kept[id] && !slices.ContainsFunc(refs, func(r store.Ref) bool { return r.ID == id && kinds.Resource(r.Kind) == s.Kind }) {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, s.Count(n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return andList(parts)
}

// Copy takes the selected VNets, route tables and NSGs (with what lives in
// them) to the workspace's clipboard.
type Copy struct{}

func (Copy) apply(w *Workspace) []Task {
	clip := w.Snap().Copy(w.selectedRefs())
	if clip.Empty() {
		msg := "Nothing copied: select virtual networks, route tables or NSGs to copy (with what lives in them)"
		if held := w.clipRefs(); len(held) > 0 {
			msg += "; the clipboard still holds " + clipNames(held) + ", which Ctrl+V pastes"
		}
		return w.say(msg, true)
	}
	w.clip, w.pastes = clip, 0
	var parts []string
	for _, c := range []struct {
		k kinds.Kind
		n int
	}{{kinds.VNet, len(clip.Topology.VNets)}, {kinds.RouteTable, len(clip.Topology.RouteTables)}, {kinds.NSG, len(clip.Topology.NSGs)}} {
		if c.n > 0 {
			parts = append(parts, kinds.MustOf(c.k).Count(c.n))
		}
	}
	return w.say("Copied "+andList(parts), false)
}

// Paste adds a copy of the clipboard: new names, free address spaces, each
// copy in free space near its original (never over another node); the
// copies become the selection.
type Paste struct{}

func (Paste) apply(w *Workspace) []Task {
	if w.clip.Empty() {
		return nil
	}
	w.pastes++
	off := float64(w.pastes) * 2 * canvas.Grid
	snap := w.Snap()
	at := map[string]canvas.Point{}
	var placed []canvas.Rect
	for _, r := range w.clipRefs() {
		n, ok := snap.Scene.Node(canvas.Key(r.Kind, r.ID))
		p, saved := w.clip.At[r.ID]
		if !ok || !saved {
			continue
		}
		spot := snap.Scene.FreeSpot(canvas.Point{X: p.X + off, Y: p.Y + off}, n.Box.W, n.Box.H, placed...)
		at[r.ID] = spot
		placed = append(placed, canvas.Rect{X: spot.X, Y: spot.Y, W: n.Box.W, H: n.Box.H})
	}
	out, err := w.sess.Apply(store.Paste{Clip: w.clip, Offset: canvas.Point{X: off, Y: off}, At: at})
	if err != nil {
		return w.say(Plain(err.Error()), true)
	}
	next := w.Snap()
	var keys []string
	for _, r := range out.Created {
		keys = append(keys, next.SelectionKey(r))
	}
	w.sel.set(keys...)
	selected := "the copies are selected"
	if len(out.Created) == 1 {
		selected = "the copy is selected"
	}
	msg := "Pasted " + plural(len(out.Created), "copy", "copies") + " with " + pastedWith(out.Created) + "; " + selected
	if len(out.Unlinked) > 0 {
		msg += "; this design has no " + strings.Join(out.Unlinked, ", ") + ": those references were left empty"
	}
	tasks := w.say(msg, false)
	if len(keys) > 0 {
		tasks = append(tasks, w.reveal(keys[0])...)
	}
	return tasks
}

// pastedWith says what the pasted copies got: a new name each, and a free
// address space each VNet among them (a route table or an NSG has none).
func pastedWith(created []store.Ref) string {
	vnets := 0
	for _, r := range created {
		if r.Kind == kinds.VNet {
			vnets++
		}
	}
	with := "new names"
	if len(created) == 1 {
		with = "a new name"
	}
	switch {
	case vnets == 1:
		with += " and a free address space"
	case vnets > 1:
		with += " and free address spaces"
	}
	return with
}

// clipNames names the clipboard's resources refs, the first three by id.
func clipNames(refs []store.Ref) string {
	var ids []string
	for i, r := range refs {
		if i == 3 {
			ids = append(ids, fmt.Sprintf("%d more", len(refs)-3))
			break
		}
		ids = append(ids, r.ID)
	}
	return andList(ids)
}

// clipRefs are the top-level resources in the clipboard.
func (w *Workspace) clipRefs() []store.Ref {
	var out []store.Ref
	for _, v := range w.clip.Topology.VNets {
		out = append(out, store.Ref{Kind: kinds.VNet, ID: v.ID})
	}
	for _, r := range w.clip.Topology.RouteTables {
		out = append(out, store.Ref{Kind: kinds.RouteTable, ID: r.ID})
	}
	for _, n := range w.clip.Topology.NSGs {
		out = append(out, store.Ref{Kind: kinds.NSG, ID: n.ID})
	}
	return out
}

// Connect joins two resources, as dragging from one's handle to the other
// does.
type Connect struct{ From, To store.Ref }

func (a Connect) apply(w *Workspace) []Task {
	out, err := w.sess.Apply(store.Connect{From: a.From, To: a.To})
	if err != nil {
		return w.say(Plain(err.Error()), true)
	}
	return w.say(fmt.Sprintf("Connected %s to %s: %s", a.From.ID, a.To.ID, out.What), false)
}

// Rename renames a resource; every reference follows, and so do the
// selection, the walk on screen and the Inspector's drafts.
type Rename struct {
	Ref  store.Ref
	Name string
}

// WithValue is a with Name set (the UI fills it from the field).
func (a Rename) WithValue(v string) Action { a.Name = v; return a }

func (a Rename) apply(w *Workspace) []Task {
	selected := w.selectionRefs()
	out, err := w.sess.Apply(store.Rename{Ref: a.Ref, Name: a.Name})
	switch {
	case errors.Is(err, store.ErrNoChange):
		w.insp.rename = renameDraft{}
		return nil
	case err != nil:
		w.insp.rename = renameDraft{ref: a.Ref, typed: a.Name, err: Plain(err.Error())}
		return nil
	}
	w.insp.rename = renameDraft{}
	renamed := out.Created[0]
	renames := append(slices.Clone(out.Renamed), [2]store.Ref{a.Ref, renamed})
	for _, p := range renames {
		w.followRename(p[0], p[1])
	}
	w.renameSelection(selected, renames)
	msg := fmt.Sprintf("Renamed %s to %s", a.Ref.ID, renamed.ID)
	if n := len(out.Renamed); n > 0 {
		msg += fmt.Sprintf(", and %s named after it", plural(n, "peering", "peerings"))
	}
	return w.say(msg, false)
}

// followRename moves what the workspace holds about a renamed resource to
// its new id, but the selection (the caller moves it: renameSelection): the
// walk's endpoints, the sources of the next-hop, IP flow and name
// resolution tools and of the picked Names cell, the Inspector's drafts.
func (w *Workspace) followRename(old, renamed store.Ref) {
	move := renameFunc(old, renamed)
	if failable(old.Kind) {
		w.sess.RenameFailures(move)
	}
	switch old.Kind {
	case kinds.VM, kinds.Site, kinds.Gateway, kinds.P2S:
		w.walk.from, w.walk.to = move(w.walk.from), move(w.walk.to)
		w.nh.q.From = move(w.nh.q.From)
		w.ipflow.q.NIC = move(w.ipflow.q.NIC)
		w.resolve.q.From = move(w.resolve.q.From)
		w.names.from = move(w.names.from)
	}
	if old.Kind == kinds.VM { // a site or gateway of the same name owns no NIC
		w.nicCompare.rename(move)
	}
	w.insp.drop(old)
}

// selectedKey is a selected canvas key and the resource it drew when it
// was taken (ok false for what is not a resource: the Internet).
type selectedKey struct {
	key string
	ref store.Ref
	ok  bool
}

// selectionRefs is the selection, each key with its resource, taken before
// an edit that may rename what it draws.
func (w *Workspace) selectionRefs() []selectedKey {
	keys := w.sel.keys()
	out := make([]selectedKey, len(keys))
	for i, k := range keys {
		r, ok := w.Snap().RefForKey(k)
		out[i] = selectedKey{key: k, ref: r, ok: ok}
	}
	return out
}

// renameSelection keeps the selection taken before the renames (from, to):
// each selected resource that was renamed, or lies in one that was (a
// subnet of a renamed VNet), is selected under its new key, in the same
// order; the rest stays as it was. A rename therefore never selects what
// was not selected: the name field commits when it loses the focus, which
// a click on another resource does after the canvas has selected it.
func (w *Workspace) renameSelection(before []selectedKey, renames [][2]store.Ref) {
	keys := make([]string, 0, len(before))
	for _, s := range before {
		keys = append(keys, w.renamedKey(s, renames))
	}
	w.sel.set(keys...)
	w.sel.prune(w.Snap())
}

// renamedKey is the key of s's resource after the renames (from, to), or
// s's own key when none of them renamed it.
func (w *Workspace) renamedKey(s selectedKey, renames [][2]store.Ref) string {
	if !s.ok {
		return s.key
	}
	for _, p := range renames {
		old, renamed := p[0], p[1]
		r := s.ref
		switch {
		case r == old:
			r = renamed
		case r.Kind != old.Kind && strings.HasPrefix(r.ID, old.ID+"/"):
			r.ID = renameFunc(old, renamed)(r.ID)
		default:
			continue
		}
		if k := w.Snap().SelectionKey(r); k != "" {
			return k
		}
	}
	return s.key
}

// failable reports whether a what-if failure can name a resource of kind
// k (its own, or a BGP peer's session).
func failable(k kinds.Kind) bool { return kinds.MustOf(k).Failure != "" || k == kinds.BGPPeer }

// renameFunc maps an id, or a path under it ("vm/nic0"), from old's id to
// renamed's; any other id is returned as it is.
func renameFunc(old, renamed store.Ref) func(id string) string {
	return func(id string) string {
		switch {
		case id == old.ID:
			return renamed.ID
		case strings.HasPrefix(id, old.ID+"/"):
			return renamed.ID + strings.TrimPrefix(id, old.ID)
		}
		return id
	}
}

// SetDocName renames the design.
type SetDocName struct{ Name string }

// WithValue is a with Name set.
func (a SetDocName) WithValue(v string) Action { a.Name = v; return a }

func (a SetDocName) apply(w *Workspace) []Task {
	if _, err := w.sess.Apply(store.SetDocName{Name: a.Name}); err != nil && !errors.Is(err, store.ErrNoChange) {
		return w.say(Plain(err.Error()), true)
	}
	return nil
}

// ToggleHelp shows or hides the shortcuts. From is the id of the element
// that had the focus when they were asked for (the ? button, the canvas):
// the shortcuts dialog takes the focus when it opens and gives it back
// there when it closes.
type ToggleHelp struct{ From string }

func (a ToggleHelp) apply(w *Workspace) []Task {
	if w.help {
		return w.closeHelp()
	}
	w.help, w.helpFrom = true, a.From
	return []Task{{Focus: helpDialog}}
}

// closeHelp hides the shortcuts and gives the focus back to where it was
// when they opened.
func (w *Workspace) closeHelp() []Task {
	w.help = false
	from := w.helpFrom
	w.helpFrom = ""
	if from == "" {
		return nil
	}
	return []Task{{Focus: from}}
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return "nothing"
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
