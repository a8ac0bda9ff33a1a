package workspace

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
)

// inspector holds what the user typed that is not (yet) in the design, so
// that nothing typed is lost: a refused value with its reason, a rename,
// an open item form, a whole-resource form's draft. Everything is keyed by
// the resource it was typed for: the Inspector of another resource never
// shows it.
type inspector struct {
	refused map[fieldKey]refusal
	rename  renameDraft
	item    *ItemForm
	form    *ResourceForm
}

type fieldKey struct {
	ref  store.Ref
	path string
}

type refusal struct{ typed, err string }

type renameDraft struct {
	ref        store.Ref
	typed, err string
}

// drop forgets what was typed for r.
func (in *inspector) drop(r store.Ref) {
	for k := range in.refused {
		if k.ref == r {
			delete(in.refused, k)
		}
	}
	if in.rename.ref == r {
		in.rename = renameDraft{}
	}
	if in.item != nil && in.item.Ref == r {
		in.item = nil
	}
	if in.form != nil && in.form.Ref == r {
		in.form = nil
	}
}

// prune forgets what was typed for resources that are gone.
func (in *inspector) prune(snap *store.Snapshot) {
	var gone []store.Ref
	for k := range in.refused {
		if !snap.Exists(k.ref) {
			gone = append(gone, k.ref)
		}
	}
	for _, r := range []store.Ref{in.rename.ref, itemRef(in.item), formRef(in.form)} {
		if r != (store.Ref{}) && !snap.Exists(r) {
			gone = append(gone, r)
		}
	}
	for _, r := range gone {
		in.drop(r)
	}
}

func itemRef(f *ItemForm) store.Ref {
	if f == nil {
		return store.Ref{}
	}
	return f.Ref
}

func formRef(f *ResourceForm) store.Ref {
	if f == nil {
		return store.Ref{}
	}
	return f.Ref
}

// Refused returns the text typed into property path of r that was refused,
// and why ("" when none).
func (w *Workspace) Refused(r store.Ref, path string) (typed, reason string, ok bool) {
	x, ok := w.insp.refused[fieldKey{r, path}]
	return x.typed, x.err, ok
}

// RenameDraft returns a refused new name for r and why.
func (w *Workspace) RenameDraft(r store.Ref) (typed, reason string, ok bool) {
	d := w.insp.rename
	return d.typed, d.err, d.ref == r && d.err != ""
}

// SetProperty sets one property of a resource from the text typed into its
// field (store.SetProperty). A refused value stays in the field with the
// reason; a good one replaces it.
type SetProperty struct {
	Ref   store.Ref
	Path  string
	Value string
}

// WithValue is a with Value set (the UI fills it from the field).
func (a SetProperty) WithValue(v string) Action { a.Value = v; return a }

func (a SetProperty) apply(w *Workspace) []Task {
	k := fieldKey{a.Ref, a.Path}
	_, err := w.sess.Apply(store.SetProperty{Ref: a.Ref, Path: a.Path, Value: a.Value})
	if err != nil && !errors.Is(err, store.ErrNoChange) {
		if w.insp.refused == nil {
			w.insp.refused = map[fieldKey]refusal{}
		}
		msg := Plain(err.Error())
		var rej *store.RejectedError
		if errors.As(err, &rej) {
			msg = "Not applied: " + msg
		}
		w.insp.refused[k] = refusal{typed: a.Value, err: msg}
		return nil
	}
	delete(w.insp.refused, k)
	return nil
}

// RevertField drops a refused value: the field shows the design's value
// again (Escape in the field).
type RevertField struct {
	Ref  store.Ref
	Path string
}

func (a RevertField) apply(w *Workspace) []Task {
	delete(w.insp.refused, fieldKey{a.Ref, a.Path})
	return nil
}

// LeaveField gives the keyboard back to the canvas: Escape in an
// Inspector field that already shows the design's value (a second Escape
// after a revert), as Escape leaves a dialog.
type LeaveField struct{}

func (LeaveField) apply(*Workspace) []Task { return []Task{{Focus: "canvas"}} }

// RevertRename drops a refused new name of Ref: its name field shows its
// name again (Escape in the field, as RevertField for the others).
type RevertRename struct{ Ref store.Ref }

func (a RevertRename) apply(w *Workspace) []Task {
	if w.insp.rename.ref == a.Ref {
		w.insp.rename = renameDraft{}
	}
	return nil
}

// ItemForm is the form of one element of a list property (a route, an NSG
// rule, a BGP peer), open in the Inspector. Values are the fields' texts by
// JSON name as typed; Errs the reasons a field is not valid; Err a reason
// for the whole element. Nothing reaches the design before Save succeeds.
type ItemForm struct {
	Ref     store.Ref
	List    string // the list property's path
	Index   int    // -1: a new element
	Values  map[string]string
	Errs    map[string]string
	Err     string
	touched map[string]bool
	saved   bool // Save was tried: show every error
	// orig is the element's values when the form opened (nil for a new
	// element): the element it edits, wherever the list puts it later
	// (followItem).
	orig map[string]string
}

// itemEdited reports whether the open item form holds what the design
// does not: a new element with a field typed into, or an element whose
// values changed since its form opened.
func (w *Workspace) itemEdited() bool {
	f := w.insp.item
	switch {
	case f == nil:
		return false
	case f.orig == nil:
		return len(f.touched) > 0
	}
	return !maps.Equal(f.Values, f.orig)
}

// Item returns the open item form, if any.
func (w *Workspace) Item() (ItemForm, bool) {
	if w.insp.item == nil {
		return ItemForm{}, false
	}
	f := *w.insp.item
	f.Values, f.Errs = maps.Clone(f.Values), maps.Clone(f.Errs)
	return f, true
}

// ItemOpen opens the form of element Index of list List of Ref (-1: a new
// element, with sensible defaults).
type ItemOpen struct {
	Ref   store.Ref
	List  string
	Index int
}

func (a ItemOpen) apply(w *Workspace) []Task {
	fields, err := w.Snap().Fields(a.Ref)
	if err != nil {
		return w.say(Plain(err.Error()), true)
	}
	list, ok := findField(fields, a.List)
	if !ok || list.Kind != store.Items {
		return nil
	}
	f := &ItemForm{Ref: a.Ref, List: a.List, Index: a.Index, Values: map[string]string{}, Errs: map[string]string{}, touched: map[string]bool{}}
	if a.Index >= 0 {
		if a.Index >= len(list.Children) {
			return nil
		}
		f.Values = itemValues(list.Children[a.Index])
		f.orig = maps.Clone(f.Values)
	} else {
		maps.Copy(f.Values, newItemDefaults(store.LastName(a.List), list))
	}
	w.insp.item = f
	return []Task{{Focus: "item-form"}}
}

// ItemField records the text typed into one field of the open item form
// and checks the element as a whole again.
type ItemField struct {
	Name  string
	Value string
}

// WithValue is a with Value set.
func (a ItemField) WithValue(v string) Action { a.Value = v; return a }

func (a ItemField) apply(w *Workspace) []Task {
	f := w.insp.item
	if f == nil {
		return nil
	}
	f.Values[a.Name] = a.Value
	f.touched[a.Name] = true
	w.checkItem(f)
	return nil
}

// ItemSave applies the open item form as one undo step if the element is
// valid; otherwise every error is shown, nothing changes, and the focus
// goes to the first field in error (firstItemError).
type ItemSave struct{}

func (ItemSave) apply(w *Workspace) []Task {
	f := w.insp.item
	if f == nil {
		return nil
	}
	f.saved = true
	e := store.SaveItem{Ref: f.Ref, List: f.List, Index: f.Index, Values: maps.Clone(f.Values)}
	if _, err := w.sess.Apply(e); err != nil {
		w.itemErrors(f, err)
		if id := w.firstItemError(f); id != "" {
			return []Task{{Focus: id}}
		}
		return nil
	}
	w.insp.item = nil
	noun := store.ItemNoun(f.List)
	if f.Index < 0 {
		return w.say(fmt.Sprintf("Added %s %s to %s", noun, itemName(f.Values), f.Ref.ID), false)
	}
	return w.say(fmt.Sprintf("Saved %s %s of %s", noun, itemName(f.Values), f.Ref.ID), false)
}

// firstItemError is the id of the item form's first field (in the form's
// order) that shows an error, for a refused Save to put the focus there,
// which scrolls it into view; "" when no field does.
func (w *Workspace) firstItemError(f *ItemForm) string {
	for _, field := range store.ElementFields(w.Snap(), f.Ref, f.List) {
		if f.Errs[field.Name] != "" {
			return "item-" + field.Name
		}
	}
	return ""
}

// itemValues is a list element's values as its form holds them.
func itemValues(el store.Field) map[string]string {
	v := map[string]string{}
	for _, c := range el.Children {
		if c.Kind != store.Items && c.Kind != store.Group {
			v[c.Name] = c.Value
		}
	}
	return v
}

// followItem keeps the open item form on the element it edits after the
// design changed under it (an undo or redo, another tab's edit): the
// element whose values are still those the form opened with, at the index
// it had if it is still there, else the only one. With none, or several
// elsewhere, the form is closed and the notice says so: a Save would
// otherwise write over whatever element now has its index.
func (w *Workspace) followItem() []Task {
	f := w.insp.item
	if f == nil || f.orig == nil {
		return nil
	}
	at := -1
	if fields, err := w.Snap().Fields(f.Ref); err == nil {
		if list, ok := findField(fields, f.List); ok {
			at = findItem(list.Children, f.orig, f.Index)
		}
	}
	if at >= 0 {
		f.Index = at
		return nil
	}
	w.insp.item = nil
	why := fmt.Sprintf("the form of %s %s closed: %s no longer has it as it was when the form opened", store.ItemNoun(f.List), itemName(f.orig), f.Ref.ID)
	if t := w.notice.Text; t != "" && !w.notice.Err {
		why = t + "; " + why
	}
	return w.say(why, false)
}

// findItem is the index of the element of els whose values are want:
// prefer, if it still matches; else the only match; -1 if none or several.
func findItem(els []store.Field, want map[string]string, prefer int) int {
	if prefer >= 0 && prefer < len(els) && maps.Equal(itemValues(els[prefer]), want) {
		return prefer
	}
	at := -1
	for i, el := range els {
		if maps.Equal(itemValues(el), want) {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}

func itemName(v map[string]string) string {
	if n := v["name"]; n != "" {
		return n
	}
	return v["id"]
}

// ItemCancel closes the item form without changing anything.
type ItemCancel struct{}

func (ItemCancel) apply(w *Workspace) []Task {
	w.insp.item = nil
	return nil
}

// RemoveItem deletes element Index of a list property.
type RemoveItem struct {
	Ref   store.Ref
	List  string
	Index int
}

func (a RemoveItem) apply(w *Workspace) []Task {
	if _, err := w.sess.Apply(store.RemoveItem{Ref: a.Ref, Path: a.List, Index: a.Index}); err != nil {
		return w.say(Plain(err.Error()), true)
	}
	if f := w.insp.item; f != nil && f.Ref == a.Ref && f.List == a.List {
		w.insp.item = nil
	}
	return w.say("Removed a "+store.ItemNoun(a.List)+" from "+a.Ref.ID+" (Ctrl+Z to undo)", false)
}

// checkItem validates the form's element as a whole (without applying it)
// and keeps the errors of the fields the user has touched.
func (w *Workspace) checkItem(f *ItemForm) {
	f.Errs, f.Err = map[string]string{}, ""
	_, err := w.sess.Try(store.SaveItem{Ref: f.Ref, List: f.List, Index: f.Index, Values: maps.Clone(f.Values)})
	if err != nil {
		w.itemErrors(f, err)
	}
}

// itemErrors spreads err over the form's fields: a field that does not
// parse, or the engine's diagnostics on the element's properties.
func (w *Workspace) itemErrors(f *ItemForm, err error) {
	f.Errs, f.Err = map[string]string{}, ""
	show := func(field string) bool { return f.saved || f.touched[field] }
	var fe *store.FieldError
	var rej *store.RejectedError
	switch {
	case errors.As(err, &fe):
		if show(fe.Field) {
			f.Errs[fe.Field] = Plain(fe.Error())
		}
	case errors.As(err, &rej):
		var rest []string
		for _, d := range rej.Diagnostics {
			field := diagField(d)
			switch {
			case field != "" && show(field):
				f.Errs[field] = appendMsg(f.Errs[field], Plain(d.Msg))
			case field == "" || f.saved:
				rest = append(rest, Plain(d.Msg))
			}
		}
		if len(rest) > 0 && (f.saved || len(f.touched) > 0) {
			f.Err = strings.Join(slices.Compact(rest), "; ")
		}
	default:
		f.Err = Plain(err.Error())
	}
}

// diagField is the form field a diagnostic is about: the last step of its
// path when that is a property of a list element ("….routes[r1].nextHopIpAddress").
func diagField(d model.Diagnostic) string {
	i := strings.LastIndex(d.Path, ".")
	if i < 1 || d.Path[i-1] != ']' {
		return ""
	}
	name := d.Path[i+1:]
	if strings.ContainsAny(name, "[]") {
		return ""
	}
	return name
}

func appendMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// newItemDefaults are the fields a new element starts with: what the
// portal proposes (an NSG rule allowing any to any at the next free
// priority, a BGP peer on ASN 65001) and nothing where the user must
// choose.
func newItemDefaults(list string, f store.Field) map[string]string {
	switch list {
	case "securityRules":
		prio := 100
		for _, c := range f.Children {
			for _, x := range c.Children {
				if p, err := strconv.Atoi(x.Value); err == nil && x.Name == "priority" && p >= prio {
					prio = p/10*10 + 10
				}
			}
		}
		return map[string]string{"priority": strconv.Itoa(prio), "direction": "Inbound", "access": "Allow", "protocol": "*",
			"sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "*"}
	case "bgpConnections":
		return map[string]string{"peerAsn": "65001"}
	}
	return nil
}

// findField finds the field with path p in a field tree.
func findField(fs []store.Field, p string) (store.Field, bool) {
	for _, f := range fs {
		if f.Path == p {
			return f, true
		}
		if c, ok := findField(f.Children, p); ok {
			return c, true
		}
	}
	return store.Field{}, false
}

// ResourceForm is the draft of a resource edited as a whole (a connection,
// a P2S configuration: kinds.Spec.Form): its changed fields by property
// path, checked together, applied together by FormApply.
type ResourceForm struct {
	Ref    store.Ref
	Values map[string]string
	Errs   map[string]string
	Err    string
}

// Form returns the draft of r's form, if one is open.
func (w *Workspace) Form(r store.Ref) (ResourceForm, bool) {
	if w.insp.form == nil || w.insp.form.Ref != r {
		return ResourceForm{}, false
	}
	f := *w.insp.form
	f.Values, f.Errs = maps.Clone(f.Values), maps.Clone(f.Errs)
	return f, true
}

// FormField changes one field of a whole-resource form's draft; the design
// is not touched until FormApply.
type FormField struct {
	Ref   store.Ref
	Path  string
	Value string
}

// WithValue is a with Value set.
func (a FormField) WithValue(v string) Action { a.Value = v; return a }

func (a FormField) apply(w *Workspace) []Task {
	f := w.insp.form
	if f == nil || f.Ref != a.Ref {
		f = &ResourceForm{Ref: a.Ref, Values: map[string]string{}}
		w.insp.form = f
	}
	f.Values[a.Path] = a.Value
	w.checkForm(f)
	return nil
}

// FormApply applies the draft as one undo step when it is valid.
type FormApply struct{ Ref store.Ref }

func (a FormApply) apply(w *Workspace) []Task {
	f := w.insp.form
	if f == nil || f.Ref != a.Ref {
		return nil
	}
	if _, err := w.sess.Apply(store.SetProperties{Ref: f.Ref, Values: maps.Clone(f.Values)}); err != nil && !errors.Is(err, store.ErrNoChange) {
		w.formErrors(f, err)
		return nil
	}
	w.insp.form = nil
	return w.say("Applied the changes to "+f.Ref.ID, false)
}

// FormRevert drops the draft.
type FormRevert struct{ Ref store.Ref }

func (a FormRevert) apply(w *Workspace) []Task {
	if w.insp.form != nil && w.insp.form.Ref == a.Ref {
		w.insp.form = nil
	}
	return nil
}

func (w *Workspace) checkForm(f *ResourceForm) {
	f.Errs, f.Err = map[string]string{}, ""
	if _, err := w.sess.Try(store.SetProperties{Ref: f.Ref, Values: maps.Clone(f.Values)}); err != nil && !errors.Is(err, store.ErrNoChange) {
		w.formErrors(f, err)
	}
}

func (w *Workspace) formErrors(f *ResourceForm, err error) {
	f.Errs, f.Err = map[string]string{}, ""
	var rej *store.RejectedError
	if !errors.As(err, &rej) {
		f.Err = Plain(err.Error())
		return
	}
	base := kinds.Path(f.Ref)
	var rest []string
	for _, d := range rej.Diagnostics {
		p := strings.TrimPrefix(strings.TrimPrefix(d.Path, base), ".")
		if _, ok := f.Values[p]; ok {
			f.Errs[p] = appendMsg(f.Errs[p], Plain(d.Msg))
		} else {
			rest = append(rest, Plain(d.Msg))
		}
	}
	f.Err = strings.Join(rest, "; ")
}
