package workspace

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
)

func routeTable(w *Workspace, id string) model.RouteTable {
	for _, rt := range w.Snap().Doc.Topology.RouteTables {
		if rt.ID == id {
			return rt
		}
	}
	return model.RouteTable{}
}

// TestItemFormAnyOrder: a route is filled in any order; the form shows
// errors only for fields touched, keeps what was typed, changes nothing
// until Save, and Save applies the whole route as one undo step.
func TestItemFormAnyOrder(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	rt := store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	before := len(routeTable(w, "rt-spokes").Routes)
	v0 := w.Session().Version()
	w.Do(ItemOpen{Ref: rt, List: "routes", Index: -1})
	for _, f := range []ItemField{
		{Name: "name", Value: "to-onprem"},
		{Name: "addressPrefix", Value: "172.16.0.0/12"},
		{Name: "nextHopType", Value: "VirtualAppliance"},
	} {
		w.Do(f)
		form, _ := w.Item()
		if form.Errs["name"] != "" || form.Errs["addressPrefix"] != "" {
			t.Errorf("after %s: errors on filled fields: %v", f.Name, form.Errs)
		}
	}
	form, _ := w.Item()
	if form.Errs["nextHopIpAddress"] != "" {
		t.Errorf("an untouched field shows an error: %v", form.Errs)
	}
	if w.Session().Version() != v0 {
		t.Fatal("typing into the form changed the design")
	}
	w.Do(ItemSave{}) // the appliance address is missing
	form, open := w.Item()
	if !open || form.Errs["nextHopIpAddress"] == "" || form.Values["addressPrefix"] != "172.16.0.0/12" {
		t.Fatalf("Save of an incomplete route: open %v, errs %v, values %v", open, form.Errs, form.Values)
	}
	w.Do(ItemField{Name: "nextHopIpAddress", Value: "10.0.1.4"})
	w.Do(ItemSave{})
	if _, open := w.Item(); open {
		t.Fatal("the form stayed open after a good Save")
	}
	routes := routeTable(w, "rt-spokes").Routes
	if len(routes) != before+1 {
		t.Fatalf("%d routes, want %d", len(routes), before+1)
	}
	found := false
	for _, r := range routes {
		if r == (model.Route{Name: "to-onprem", AddressPrefix: "172.16.0.0/12", NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"}) {
			found = true
		}
	}
	if !found {
		t.Errorf("the saved route is not what was typed: %+v", routes)
	}
	if !strings.HasPrefix(w.Session().UndoLabel(), "add route") {
		t.Errorf("undo label %q", w.Session().UndoLabel())
	}
	w.Do(Undo{})
	if len(routeTable(w, "rt-spokes").Routes) != before {
		t.Error("one Undo did not remove the whole route")
	}

	// A bad prefix is refused with its reason, next to its field.
	w.Do(ItemOpen{Ref: rt, List: "routes", Index: -1})
	w.Do(ItemField{Name: "addressPrefix", Value: "10.0.0.0/33"})
	form, _ = w.Item()
	if !strings.Contains(form.Errs["addressPrefix"], "10.0.0.0/33") {
		t.Errorf("bad prefix: %v", form.Errs)
	}
	w.Do(ItemCancel{})
	if _, open := w.Item(); open || len(routeTable(w, "rt-spokes").Routes) != before {
		t.Error("Cancel left the form open or changed the design")
	}
}

// TestItemFormRenamesReferencedItems: renaming a host in its site's form
// renames what refers to it (an expectation naming site/host).
func TestItemFormRenamesReferencedItems(t *testing.T) {
	w, _ := open(t, "er-vpn-coexistence")
	site := store.Ref{Kind: kinds.Site, ID: "factory"}
	w.Do(ItemOpen{Ref: site, List: "hosts", Index: 0})
	form, _ := w.Item()
	if form.Values["id"] != "plc" {
		t.Fatalf("form values %v", form.Values)
	}
	w.Do(ItemField{Name: "id", Value: "controller"})
	w.Do(ItemSave{})
	if _, open := w.Item(); open {
		form, _ := w.Item()
		t.Fatalf("rename refused: %+v", form)
	}
	for _, e := range w.Snap().Doc.Expect {
		if strings.Contains(e.From+e.To+e.Via, "factory/plc") {
			t.Errorf("expectation %s still names factory/plc", e.ID)
		}
	}
	if _, ok := w.Snap().Scene.Node("host:factory/controller"); !ok {
		t.Error("the renamed host is not on the canvas")
	}
}

// TestResourceFormAppliesTogether: a connection's fields are a draft until
// Apply, which applies them as one step; a draft that leaves an error is
// not applied.
func TestResourceFormAppliesTogether(t *testing.T) {
	w, _ := open(t, "er-vpn-coexistence")
	c := store.Ref{Kind: kinds.Connection, ID: "hub-s2s"}
	v0 := w.Session().Version()
	w.Do(FormField{Ref: c, Path: "virtualNetworkGateway1", Value: "hub-ergw"})
	form, ok := w.Form(c)
	if !ok || w.Session().Version() != v0 {
		t.Fatalf("draft %v; version %d→%d", ok, v0, w.Session().Version())
	}
	if form.Err == "" && len(form.Errs) == 0 {
		t.Error("an IPsec connection on an ExpressRoute gateway shows no error")
	}
	w.Do(FormApply{Ref: c})
	if w.Session().Version() != v0 {
		t.Error("an invalid draft was applied")
	}
	w.Do(FormRevert{Ref: c})
	w.Do(FormField{Ref: c, Path: "routingWeight", Value: "0"})
	w.Do(FormField{Ref: c, Path: "usePolicyBasedTrafficSelectors", Value: "true"})
	w.Do(FormApply{Ref: c})
	if w.Session().Version() != v0+1 || w.Session().UndoLabel() != "edit hub-s2s" {
		t.Errorf("apply: version %d→%d, undo %q", v0, w.Session().Version(), w.Session().UndoLabel())
	}
	if _, ok := w.Form(c); ok {
		t.Error("the draft stayed after Apply")
	}
}

// TestRefusedValuesBelongToTheirResource: a value refused for vnet1 is not
// shown in vnet2's Inspector, and a good value clears it.
func TestRefusedValuesBelongToTheirResource(t *testing.T) {
	w, _ := startedWS(t)
	w.Do(PaletteAdd{Kind: kinds.VNet})
	w.Do(PaletteAdd{Kind: kinds.VNet})
	v1, v2 := store.Ref{Kind: kinds.VNet, ID: "vnet1"}, store.Ref{Kind: kinds.VNet, ID: "vnet2"}
	w.Do(SetProperty{Ref: v1, Path: "addressSpace.addressPrefixes", Value: "10.1.0.0/16"}) // its subnet is outside
	if typed, why, ok := w.Refused(v1, "addressSpace.addressPrefixes"); !ok || typed != "10.1.0.0/16" || !strings.Contains(why, "not inside the address space") {
		t.Errorf("overlap refused: %q %q %v", typed, why, ok)
	}
	if _, _, ok := w.Refused(v2, "addressSpace.addressPrefixes"); ok {
		t.Error("vnet2 shows vnet1's refused value")
	}
	w.Do(RevertField{Ref: v1, Path: "addressSpace.addressPrefixes"})
	if _, _, ok := w.Refused(v1, "addressSpace.addressPrefixes"); ok {
		t.Error("Escape did not drop the refused value")
	}
}

// TestItemFormFollowsItsElement (trustworthy editing): an item form open
// while an undo moves its element keeps editing that element, and one
// whose element is gone closes and says so. Before, the form kept an index
// into the list: after "remove the first route, edit the second, undo",
// its Save wrote over the route the undo brought back (the spokes lost
// their default route to the firewall).
func TestItemFormFollowsItsElement(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	rt := store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	add := func(name, prefix string) {
		w.Do(ItemOpen{Ref: rt, List: "routes", Index: -1})
		for _, f := range []ItemField{{Name: "name", Value: name}, {Name: "addressPrefix", Value: prefix},
			{Name: "nextHopType", Value: "VirtualAppliance"}, {Name: "nextHopIpAddress", Value: "10.0.1.4"}} {
			w.Do(f)
		}
		w.Do(ItemSave{})
	}
	first := routeTable(w, "rt-spokes").Routes[0]
	add("zz", "10.50.0.0/16")
	w.Do(RemoveItem{Ref: rt, List: "routes", Index: 0})
	routes := routeTable(w, "rt-spokes").Routes
	zz := slices.IndexFunc(routes, func(r model.Route) bool { return r.Name == "zz" })
	w.Do(ItemOpen{Ref: rt, List: "routes", Index: zz})
	w.Do(Undo{}) // the first route comes back before zz
	form, open := w.Item()
	if !open || form.Values["name"] != "zz" {
		t.Fatalf("after the undo the form is open %v on %v", open, form.Values)
	}
	w.Do(ItemField{Name: "name", Value: "zz-renamed"})
	w.Do(ItemField{Name: "addressPrefix", Value: "10.51.0.0/16"})
	w.Do(ItemSave{})
	routes = routeTable(w, "rt-spokes").Routes
	if !slices.Contains(routes, first) {
		t.Errorf("the Save wrote over %s: %+v", first.Name, routes)
	}
	if slices.ContainsFunc(routes, func(r model.Route) bool { return r.Name == "zz" }) ||
		!slices.ContainsFunc(routes, func(r model.Route) bool { return r.Name == "zz-renamed" && r.AddressPrefix == "10.51.0.0/16" }) {
		t.Errorf("zz was not the route saved: %+v", routes)
	}

	// The element gone (its add undone): the form closes and says so.
	add("yy", "10.52.0.0/16")
	routes = routeTable(w, "rt-spokes").Routes
	yy := slices.IndexFunc(routes, func(r model.Route) bool { return r.Name == "yy" })
	w.Do(ItemOpen{Ref: rt, List: "routes", Index: yy})
	w.Do(Undo{})
	if _, open := w.Item(); open || !strings.Contains(w.Notice().Text, "route yy closed") {
		t.Errorf("the form of a route undone away: open %v, notice %q", open, w.Notice().Text)
	}
}

// TestRevertRenameDropsTheRefusedName: Escape in the name field
// (RevertRename) forgets a refused new name of that resource only.
func TestRevertRenameDropsTheRefusedName(t *testing.T) {
	w, _ := startedWS(t)
	w.Do(PaletteAdd{Kind: kinds.VNet})
	w.Do(PaletteAdd{Kind: kinds.VNet})
	v1, v2 := store.Ref{Kind: kinds.VNet, ID: "vnet1"}, store.Ref{Kind: kinds.VNet, ID: "vnet2"}
	w.Do(Rename{Ref: v1, Name: "bad name!"})
	if typed, _, ok := w.RenameDraft(v1); !ok || typed != "bad name!" {
		t.Fatalf("the refused name: %q %v", typed, ok)
	}
	w.Do(RevertRename{Ref: v2})
	if _, _, ok := w.RenameDraft(v1); !ok {
		t.Error("reverting vnet2's name dropped vnet1's refused name")
	}
	w.Do(RevertRename{Ref: v1})
	if _, _, ok := w.RenameDraft(v1); ok {
		t.Error("Escape did not drop the refused name")
	}
}

// TestEditedItemFormAsksBeforeLeaving: a route form with something typed
// and not saved lives in the tab only, so closing or reloading the page
// asks first (AsksBeforeLeaving); an untouched form, a form brought back
// to the route's values, a saved or a cancelled one does not. The page
// closed on a half-filled route without a word.
func TestEditedItemFormAsksBeforeLeaving(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	rt := store.Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	asks := func(when string, want bool) {
		t.Helper()
		if got := w.AsksBeforeLeaving(); got != want {
			t.Errorf("%s: asks before leaving %v, want %v", when, got, want)
		}
		if w.UnsavedWork() {
			t.Errorf("%s: the design is marked as not saved", when)
		}
	}
	asks("no form", false)
	w.Do(ItemOpen{Ref: rt, List: "routes", Index: -1})
	asks("a new route's form, untouched", false)
	w.Do(ItemField{Name: "name", Value: "to-onprem"})
	asks("a new route named", true)
	w.Do(ItemCancel{})
	asks("the form cancelled", false)

	w.Do(ItemOpen{Ref: rt, List: "routes", Index: 0})
	form, _ := w.Item()
	was := form.Values["addressPrefix"]
	asks("a route's form, untouched", false)
	w.Do(ItemField{Name: "addressPrefix", Value: "10.99.0.0/16"})
	asks("a route's prefix changed", true)
	w.Do(ItemField{Name: "addressPrefix", Value: was})
	asks("the prefix typed back", false)
	w.Do(ItemField{Name: "addressPrefix", Value: "10.99.0.0/16"})
	w.Do(ItemSave{})
	asks("the route saved", false)
}

// TestRefusedItemSaveFocusesTheFirstError: a Save refused for a field's
// value puts the focus in that field (first in the form's order), which
// scrolls it into view: at 1280×720 a new NSG rule's form is taller than
// the Inspector, and with the Save button in view the error next to the
// priority, at the top, was out of sight: Save seemed to do nothing.
func TestRefusedItemSaveFocusesTheFirstError(t *testing.T) {
	w, _ := open(t, "nsg-evaluation-order")
	nsg := store.Ref{Kind: kinds.NSG, ID: "nsg-app-nic"}
	w.Do(ItemOpen{Ref: nsg, List: "securityRules", Index: -1})
	w.Do(ItemField{Name: "name", Value: "deny-ssh"})
	w.Do(ItemField{Name: "priority", Value: "5000"})
	w.Do(ItemField{Name: "destinationPortRange", Value: "99999"})
	tasks := w.Do(ItemSave{})
	form, open := w.Item()
	if !open || form.Errs["priority"] == "" {
		t.Fatalf("a priority of 5000 was not refused: open %v, errors %v", open, form.Errs)
	}
	var focus []string
	for _, task := range tasks {
		if task.Focus != "" {
			focus = append(focus, task.Focus)
		}
	}
	if len(focus) != 1 || focus[0] != "item-priority" {
		t.Errorf("the refused Save focuses %v, want [item-priority] (errors %v)", focus, form.Errs)
	}
	// Fixed, the form saves and focuses nothing.
	w.Do(ItemField{Name: "priority", Value: "300"})
	w.Do(ItemField{Name: "destinationPortRange", Value: "22"})
	for _, task := range w.Do(ItemSave{}) {
		if task.Focus != "" {
			t.Errorf("a saved form focuses %q", task.Focus)
		}
	}
	if _, open := w.Item(); open {
		t.Errorf("the fixed rule was not saved: %+v", form)
	}
}
