package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// maxSessionOps caps the operations of one FuzzSessionEdits input.
const maxSessionOps = 16

// choices reads decisions from fuzz input; exhausted, it answers 0.
type choices struct{ b []byte }

func (c *choices) n(k int) int {
	if len(c.b) == 0 || k <= 1 {
		return 0
	}
	v := int(c.b[0])
	c.b = c.b[1:]
	return v % k
}

func (c *choices) pick(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[c.n(len(xs))]
}

// allRefs lists every resource of t, kind by kind in registry order.
func allRefs(t *model.Topology) []store.Ref {
	var out []store.Ref
	for _, s := range kinds.All() {
		if !s.IsResource() {
			continue
		}
		for _, id := range s.IDs(t) {
			out = append(out, store.Ref{Kind: s.Kind, ID: id})
		}
	}
	return out
}

// pickRef chooses a resource of t, now and then one that does not exist.
func (c *choices) pickRef(t *model.Topology) store.Ref {
	refs := allRefs(t)
	if len(refs) == 0 || c.n(16) == 0 {
		return store.Ref{Kind: kinds.All()[c.n(len(kinds.All()))].Kind, ID: "nothing"}
	}
	return refs[c.n(len(refs))]
}

// leaves flattens fields to the ones a person types into: not read-only,
// not a group.
func leaves(fs []store.Field) []store.Field {
	var out []store.Field
	for _, f := range fs {
		switch {
		case f.Kind == store.Group || f.Kind == store.Items:
			out = append(out, leaves(f.Children)...)
		case !f.ReadOnly:
			out = append(out, f)
		}
	}
	return out
}

// value chooses a text for field f: one of its options, its value, an id of
// the kind it refers to, or a word from a vocabulary of good and bad
// values.
func (c *choices) value(f store.Field, t *model.Topology) string {
	switch c.n(4) {
	case 0:
		if len(f.Options) > 0 {
			return c.pick(f.Options)
		}
	case 1:
		if f.Ref != "" {
			if s, ok := kinds.Of(f.Ref); ok {
				return c.pick(append(s.IDs(t), ""))
			}
		}
	case 2:
		return f.Value
	}
	return c.pick([]string{"", "true", "false", "10.5.0.0/16", "10.0.0.0/8", "10.0.1.0/24", "10.0.1.4", "192.168.0.0/16, 10.9.0.0/16",
		"0.0.0.0/0", "65010", "-1", "100", "4096", "x", "VirtualAppliance", "Internet", "None", "westeurope", "a,b", "*", "22-80", "Basic"})
}

// sessionModel is what the undo history must hold: the canonical
// encodings of the undo stack (the last is current) and of the redo stack,
// with the coalescing key of the last step pushed.
type sessionModel struct {
	past, future []string
	lastKey      string
}

func (m *sessionModel) push(enc, key string) {
	m.future = nil
	if key != "" && key == m.lastKey && len(m.past) > 1 {
		m.past[len(m.past)-1] = enc
		return
	}
	m.lastKey = key
	m.past = append(m.past, enc)
}

// coalesceKey is the documented coalescing of e: typing in one field of one
// resource (SetProperty), one drag (Move with one Gesture).
func coalesceKey(e store.Edit) string {
	switch x := e.(type) {
	case store.SetProperty:
		return "prop:" + x.Ref.String() + ":" + x.Path
	case store.Move:
		return "move:" + x.Gesture
	}
	return ""
}

// diagKey names a diagnostic by code and path.
type diagKey struct{ code, path string }

// errorKeys are the Error diagnostics of a snapshot.
func errorKeys(s *store.Snapshot) map[diagKey]bool {
	out := map[diagKey]bool{}
	for _, d := range s.Diagnostics {
		if d.Severity == model.Error {
			out[diagKey{d.Code, d.Path}] = true
		}
	}
	return out
}

// requireValidity makes FuzzSessionEdits require that every applied edit
// leaves the design with no Error it did not have (the edit is refused
// otherwise). The session does not promise that yet: only typed values are
// checked, and only on the resource and its connections, so deleting a VM
// an expectation names, renaming GatewaySubnet, adding a VM into
// GatewaySubnet or pasting a spoke whose route table points at the
// original NVA are applied with new errors (docs/reliability.md,
// "Fuzzing"). Set it once Session.Apply refuses them; the inputs under
// testdata/fuzz/FuzzSessionEdits reproduce each kind.
const requireValidity = false

// breaksPromise reports whether an Error that edit e added breaks what the
// session promises today: a typed value (SetProperty, SetProperties) is
// refused when it makes an error on its own resource; a rename refuses a
// taken name and a paste makes fresh ids, so neither duplicates an id.
// With requireValidity, any new Error does.
func breaksPromise(e store.Edit, k diagKey) bool {
	if requireValidity {
		return true
	}
	on := func(r store.Ref) bool {
		p := kinds.Path(r)
		return p != "" && (k.path == p || strings.HasPrefix(k.path, p+".") || strings.HasPrefix(k.path, p+"["))
	}
	switch x := e.(type) {
	case store.SetProperty:
		return on(x.Ref)
	case store.SetProperties:
		return on(x.Ref)
	case store.Rename, store.Paste:
		return k.code == "id.duplicate"
	}
	return false
}

// nextEdit chooses the next edit of the design in snap.
func (c *choices) nextEdit(snap *store.Snapshot) store.Edit {
	t := &snap.Doc.Topology
	switch c.n(8) {
	case 0: // Add from the palette, into a container of the right kind
		pal := kinds.PaletteKinds()
		spec := pal[c.n(len(pal))]
		into := ""
		if spec.Palette.Into != "" {
			into = c.pick(append(kinds.MustOf(spec.Palette.Into).IDs(t), "", "nothing"))
		}
		name := c.pick([]string{"", "", "x", "GatewaySubnet", "RouteServerSubnet", "bad name!"})
		return store.Add{Kind: spec.Kind, Into: into, Name: name, At: canvas.Point{X: float64(40 * (c.n(64) - 8)), Y: float64(40 * (c.n(64) - 8))}}
	case 1:
		return store.Connect{From: c.pickRef(t), To: c.pickRef(t)}
	case 2:
		refs := []store.Ref{c.pickRef(t)}
		if c.n(3) == 0 {
			refs = append(refs, c.pickRef(t))
		}
		return store.Delete{Refs: refs}
	case 3:
		r := c.pickRef(t)
		ids := []string{"x", "hub", "spoke-1", "", " ", "a b", "-bad", "Übung", strings.Repeat("n", 90), "vnet1", "default"}
		for _, o := range allRefs(t) {
			ids = append(ids, o.ID)
		}
		return store.Rename{Ref: r, Name: c.pick(ids)}
	case 4, 5: // SetProperty (typing) or SetProperties (a form)
		r := c.pickRef(t)
		fs, err := snap.Fields(r)
		if err != nil || len(leaves(fs)) == 0 {
			return store.SetProperty{Ref: r, Path: "nothing", Value: "x"}
		}
		ls := leaves(fs)
		if c.n(2) == 0 {
			f := ls[c.n(len(ls))]
			return store.SetProperty{Ref: r, Path: f.Path, Value: c.value(f, t)}
		}
		vals := map[string]string{}
		for range 1 + c.n(3) {
			f := ls[c.n(len(ls))]
			vals[f.Path] = c.value(f, t)
		}
		return store.SetProperties{Ref: r, Values: vals}
	case 6: // Move a top-level node (one of a few gestures)
		var keys []string
		for k := range canvas.LayoutKeys(t) {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		to := map[string]canvas.Point{c.pick(keys): {X: float64(20 * (c.n(128) - 16)), Y: float64(20 * (c.n(128) - 16))}}
		return store.Move{To: to, Gesture: fmt.Sprintf("g%d", c.n(3))}
	default: // Copy what a few refs name, and paste it
		refs := []store.Ref{c.pickRef(t)} // the UI copies a selection without repeats
		if r := c.pickRef(t); r != refs[0] {
			refs = append(refs, r)
		}
		return store.Paste{Clip: snap.Copy(refs), Offset: canvas.Point{X: float64(40 * c.n(10)), Y: float64(40 * c.n(10))}}
	}
}

// FuzzSessionEdits drives a store.Session with random edits from the kinds
// registry (Add, Connect, Delete, Rename, SetProperty, SetProperties, Move,
// Copy and Paste), Undo, Redo and Seal, on an empty design or a built-in
// scenario, and checks against a model of the history that:
//   - nothing panics, and a refused edit (any error, readable) leaves the
//     session exactly as it was;
//   - an applied edit adds no Error diagnostic the design did not have
//     (every snapshot validates as well as the one before, or the edit is
//     refused), and its scene is well formed (checkScene);
//   - each Undo and Redo restores the model's state (coalescing as
//     documented: one field typed in, one drag), reports whether there was
//     anything to move, and never moves past the ends;
//   - after undoing everything the canonical encoding equals the original;
//     redoing everything gives the state before the undos; and the final
//     design reopens (store.OpenJSON) to the same encoding.
func FuzzSessionEdits(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 3, 0, 1, 0, 2, 3, 0, 1, 1, 9, 9, 8, 9})
	f.Add([]byte("\x01\x04\x03\x00\x05\x07\x02\x01\x06\x06\x06\x0c\x0c\x03\x09\x08\x07\x02\x02\x03\x04\x05\x06\x07\x08"))
	f.Add([]byte("\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x01\x00\x00\x00\x05\x0d\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := runSession(b); err != nil {
			t.Fatal(err)
		}
	})
}

// runSession is FuzzSessionEdits' check of one input; it returns the first
// property that does not hold.
func runSession(b []byte) error {
	builtins := scenarios.All()
	c := &choices{b}
	var s *store.Session
	if k := c.n(len(builtins) + 2); k >= len(builtins) {
		s = store.Open(&scenario.Document{})
	} else {
		var err error
		if s, _, err = store.OpenJSON(builtins[k].JSON); err != nil {
			return err
		}
	}
	enc := func() string {
		b, err := s.Encode()
		if err != nil {
			panic(fmt.Sprintf("an opened design does not encode: %v", err))
		}
		return string(b)
	}
	cur := enc() // the session's encoding, kept up to date after each op
	m := &sessionModel{past: []string{cur}}
	var log []string // what each op did, for the error messages
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s\nafter:\n  %s", fmt.Sprintf(format, args...), strings.Join(log, "\n  "))
	}
	for op := 0; op < maxSessionOps && len(c.b) > 0; op++ {
		before, version := cur, s.Version()
		switch k := c.n(12); {
		case k == 9:
			ok := s.Undo()
			log = append(log, fmt.Sprintf("undo: %v", ok))
			if ok != (len(m.past) > 1) {
				return fail("op %d: Undo = %v with %d steps to undo", op, ok, len(m.past)-1)
			}
			if ok { // a step back ends coalescing; nothing to undo changes nothing
				m.future = append(m.future, m.past[len(m.past)-1])
				m.past = m.past[:len(m.past)-1]
				m.lastKey = ""
			}
		case k == 10:
			ok := s.Redo()
			log = append(log, fmt.Sprintf("redo: %v", ok))
			if ok != (len(m.future) > 0) {
				return fail("op %d: Redo = %v with %d steps to redo", op, ok, len(m.future))
			}
			if ok {
				m.past = append(m.past, m.future[len(m.future)-1])
				m.future = m.future[:len(m.future)-1]
				m.lastKey = ""
			}
		case k == 11:
			s.Seal()
			log = append(log, "seal")
			m.lastKey = ""
		default:
			prev := s.Current()
			e := c.nextEdit(prev)
			var tried error
			if op%2 == 1 { // a form checks its draft, then saves it
				_, tried = s.Try(e)
				if enc() != before || s.Version() != version || s.Current() != prev {
					return fail("op %d: Try(%s) changed the session", op, e.Label())
				}
			}
			_, err := s.Apply(e)
			log = append(log, fmt.Sprintf("%#v: %v", e, err))
			if op%2 == 1 && (tried == nil) != (err == nil) {
				return fail("op %d: %s: Try said %v, Apply %v", op, e.Label(), tried, err)
			}
			if err != nil {
				if !clear(err.Error()) {
					return fail("op %d: %s: unclear error %q", op, e.Label(), err.Error())
				}
				if enc() != before || s.Version() != version {
					return fail("op %d: %s was refused (%v) but changed the session", op, e.Label(), err)
				}
				var rej *store.RejectedError
				if errors.As(err, &rej) && len(rej.Diagnostics) == 0 {
					return fail("op %d: %s refused with no diagnostics", op, e.Label())
				}
				continue
			}
			had := errorKeys(prev)
			for k := range errorKeys(s.Current()) {
				if !had[k] && breaksPromise(e, k) {
					return &newErrorErr{op: op, edit: e, key: k, log: log}
				}
			}
			m.push(enc(), coalesceKey(e))
		}
		cur = enc()
		if cur != m.past[len(m.past)-1] {
			return fail("op %d: the session's design is not the model's\nsession %s\nmodel   %s", op, cur, m.past[len(m.past)-1])
		}
		if err := checkScene(s.Current().Scene, len(cur)); err != nil {
			return fail("op %d: %v", op, err)
		}
		if sc, built := s.Current().Scene, canvas.BuildScene(s.Current().Doc); !reflect.DeepEqual(sc.Nodes, built.Nodes) || !reflect.DeepEqual(sc.Edges, built.Edges) {
			return fail("op %d: the scene is not the design's (canvas.BuildScene)", op)
		}
	}
	// Undo everything, then redo everything.
	top := enc()
	for i := len(m.past) - 1; i > 0; i-- {
		if !s.Undo() {
			return fail("Undo refused with %d steps left", i)
		}
		if got := enc(); got != m.past[i-1] {
			return fail("undo to step %d: got\n%s\nwant\n%s", i-1, got, m.past[i-1])
		}
	}
	if s.Undo() {
		return fail("Undo past the first state")
	}
	if enc() != m.past[0] {
		return fail("undoing everything does not give the original design")
	}
	for range len(m.past) - 1 {
		if !s.Redo() {
			return fail("Redo refused")
		}
	}
	if got := enc(); got != top {
		return fail("redoing everything does not give the state before the undos\n%s\n%s", got, top)
	}
	s2, _, err := store.OpenJSON([]byte(top))
	if err != nil {
		return fmt.Errorf("the edited design does not reopen: %v", err)
	}
	if again, _ := s2.Encode(); string(again) != top {
		return fmt.Errorf("the edited design reopens differently\n%s\n%s", top, again)
	}
	return nil
}

// newErrorErr is an applied edit that added an Error diagnostic.
type newErrorErr struct {
	op   int
	edit store.Edit
	key  diagKey
	log  []string
}

func (e *newErrorErr) Error() string {
	return fmt.Sprintf("op %d: %#v was applied but adds the error %s at %s\nafter:\n  %s", e.op, e.edit, e.key.code, e.key.path, strings.Join(e.log, "\n  "))
}
