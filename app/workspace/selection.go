package workspace

import (
	"slices"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
)

// selection is the primary selected canvas key (a node key, or "edge:" and
// an edge key) and the further selected top-level nodes (Shift+click, the
// rubber band, Ctrl+A, a paste).
type selection struct {
	primary string
	also    []string
}

func (s *selection) set(keys ...string) {
	s.primary, s.also = "", nil
	for _, k := range keys {
		if k == "" || k == s.primary || slices.Contains(s.also, k) {
			continue
		}
		if s.primary == "" {
			s.primary = k
		} else {
			s.also = append(s.also, k)
		}
	}
}

func (s *selection) keys() []string {
	if s.primary == "" {
		return nil
	}
	return append([]string{s.primary}, s.also...)
}

func (s *selection) has(key string) bool {
	return key != "" && (key == s.primary || slices.Contains(s.also, key))
}

// toggle adds or removes a key (Shift+click).
func (s *selection) toggle(key string) {
	switch {
	case s.primary == "":
		s.set(key)
	case key == s.primary:
		if len(s.also) > 0 {
			s.primary, s.also = s.also[0], s.also[1:]
		} else {
			s.primary = ""
		}
	case slices.Contains(s.also, key):
		s.also = slices.DeleteFunc(s.also, func(k string) bool { return k == key })
	default:
		s.also = append(s.also, key)
	}
}

// prune drops keys whose resource is gone.
func (s *selection) prune(snap *store.Snapshot) {
	alive := func(k string) bool {
		if _, ok := snap.RefForKey(k); ok {
			return true
		}
		_, ok := snap.Scene.Node(k) // the Internet, an association edge
		return ok && !strings.HasPrefix(k, store.EdgePrefix)
	}
	var keep []string
	for _, k := range s.keys() {
		if alive(k) {
			keep = append(keep, k)
		}
	}
	s.set(keep...)
}

// Selected is the primary selected key ("" for none).
func (w *Workspace) Selected() string { return w.sel.primary }

// SelectedKeys lists every selected key, the primary first.
func (w *Workspace) SelectedKeys() []string { return w.sel.keys() }

// IsSelected reports whether a node or edge key is selected.
func (w *Workspace) IsSelected(key string) bool { return w.sel.has(key) }

// SelectedRef is the resource of the primary selection, if it is one.
func (w *Workspace) SelectedRef() (store.Ref, bool) { return w.resourceOf(w.sel.primary) }

// resourceOf is the resource a canvas key draws, if it is one (the
// Internet is drawn, but is not a resource the panel edits).
func (w *Workspace) resourceOf(key string) (store.Ref, bool) {
	r, ok := w.Snap().RefForKey(key)
	return r, ok && r.Kind != kinds.Internet
}

// ShownRef is the resource of the primary selection the side panel shows
// (the Inspector, the Routes tab's subnet, the BGP speaker): SelectedRef's,
// except while a pointer is held on the canvas, when it stays the one from
// before the press (followSelection).
func (w *Workspace) ShownRef() (store.Ref, bool) { return w.resourceOf(w.shown.primary) }

// Shown is the primary selected key the side panel shows ("" for none):
// Selected's, except while a pointer is held on the canvas.
func (w *Workspace) Shown() string { return w.shown.primary }

// ShownCount is how many keys the selection the side panel shows holds:
// SelectedKeys' count, except while a pointer is held on the canvas.
func (w *Workspace) ShownCount() int { return len(w.shown.keys()) }

// followSelection makes the side panel show the selection, unless a
// pointer is held on the canvas: the panel follows a press's selection at
// the release. A press on a node to drag it then draws the canvas alone,
// and the node's Inspector, a page of the panel, is drawn after the drag
// rather than before its first move.
func (w *Workspace) followSelection() {
	if w.g.down || (w.shown.primary == w.sel.primary && slices.Equal(w.shown.also, w.sel.also)) {
		return
	}
	w.shown = selection{primary: w.sel.primary, also: slices.Clone(w.sel.also)}
}

// selectedRefs are the resources of the whole selection, without repeats.
func (w *Workspace) selectedRefs() []store.Ref {
	return refsOf(w.Snap(), w.sel.keys())
}

// refsOf are the resources of keys, without repeats.
func refsOf(snap *store.Snapshot, keys []string) []store.Ref {
	var out []store.Ref
	for _, k := range keys {
		if r, ok := snap.RefForKey(k); ok && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// Select makes Key the selection (none for ""). With Toggle it is added to
// or removed from the selection instead (Shift+click).
type Select struct {
	Key    string
	Toggle bool
}

func (a Select) apply(w *Workspace) []Task {
	if a.Toggle {
		w.sel.toggle(a.Key)
	} else {
		w.sel.set(a.Key)
	}
	w.focused = w.sel.primary
	return nil
}

// SelectAll selects every top-level resource (Ctrl+A).
type SelectAll struct{}

func (SelectAll) apply(w *Workspace) []Task {
	var keys []string
	for _, n := range w.Snap().Scene.Nodes {
		if n.Parent == "" && n.Kind != kinds.Internet {
			keys = append(keys, n.Key)
		}
	}
	w.sel.set(keys...)
	return nil
}

// SelectPath selects the resource a diagnostic path is about.
type SelectPath struct{ Path string }

func (a SelectPath) apply(w *Workspace) []Task {
	if r, ok := store.RefForPath(a.Path); ok {
		if k := chipForPath(w.Snap(), r, a.Path); k != "" {
			w.sel.set(k)
			return w.reveal(k)
		}
		if k := w.Snap().SelectionKey(r); k != "" {
			w.sel.set(k)
			return w.reveal(k)
		}
	}
	return nil
}

// chipForPath is the key of the chip drawn for the list element a
// diagnostic path names inside resource r (a site's host, a P2S client, a
// resolver's endpoint: itemChip), "" when the path names none: a finding
// about one host selects its chip, not its whole site.
func chipForPath(snap *store.Snapshot, r store.Ref, path string) string {
	for _, n := range snap.Scene.Nodes {
		item, ok := itemChip(snap, n.Key)
		if !ok || item.ref != r {
			continue
		}
		at := "." + item.list + "[" + item.id + "]"
		if i := strings.Index(path, at); i >= 0 && (len(path) == i+len(at) || path[i+len(at)] == '.') {
			return n.Key
		}
	}
	return ""
}

// SelectRef selects a resource by kind and id (a link in a panel).
type SelectRef struct{ Ref store.Ref }

func (a SelectRef) apply(w *Workspace) []Task {
	if k := w.Snap().SelectionKey(a.Ref); k != "" {
		w.sel.set(k)
		return w.reveal(k)
	}
	return nil
}

// StepSelection selects the next (or previous) resource in drawing order,
// for keyboard users; the Internet is skipped.
type StepSelection struct{ Back bool }

func (a StepSelection) apply(w *Workspace) []Task {
	var keys []string
	for _, n := range w.Snap().Scene.Nodes {
		if n.Kind != kinds.Internet {
			keys = append(keys, n.Key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	i := slices.Index(keys, w.sel.primary)
	next := ""
	switch {
	case i < 0 && !a.Back:
		next = keys[0]
	case i < 0:
		next = keys[len(keys)-1]
	case !a.Back:
		next = keys[(i+1)%len(keys)]
	default:
		next = keys[(i-1+len(keys))%len(keys)]
	}
	w.sel.set(next)
	return w.reveal(next)
}
