package workspace

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// fakeWorker answers the workspace's questions as the engine's Web Worker
// does: on its own mirror of the design, sent as compact JSON.
type fakeWorker struct {
	t      *testing.T
	mirror store.Mirror
}

// answer answers the Derive jobs among tasks and returns the tasks the
// answers leave (Analyse tasks among them are the caller's to check).
func (f *fakeWorker) answer(w *Workspace, tasks []Task) (rest []Task) {
	f.t.Helper()
	for len(tasks) > 0 {
		t := tasks[0]
		tasks = tasks[1:]
		if t.Reveal { // the page painted: the answers held are shown
			tasks = append(tasks, w.Do(RevealAnswers{})...)
			continue
		}
		if t.Derive == nil {
			rest = append(rest, t)
			continue
		}
		doc, err := scenario.EncodeCompact(t.Derive.Snap.Intact0().Doc)
		if err != nil {
			f.t.Fatal(err)
		}
		var known *store.KnownChecks
		if k, ok := t.Derive.Snap.KnownChecks(); ok {
			known = &k
		}
		snap, err := f.mirror.Set(doc, t.Derive.Failures, known)
		if err != nil {
			f.t.Fatal(err)
		}
		tasks = append(tasks, w.Do(Derived{Key: t.Derive.Key, Result: Derive(snap, t.Derive.Req)})...)
	}
	return rest
}

func analyseAsked(ts []Task) bool {
	for _, t := range ts {
		if t.Analyse {
			return true
		}
	}
	return false
}

// TestWorkerServesThePanels (issue 12, point 1: the engine in the
// worker): in the browser's mode, while the panels on screen are the ones
// the engine's worker answers (the Routes tab's effective routes, the
// Reach matrix, the Checks tab, every tab's count), an edit asks no
// analysis of the page: the design stays unanalysed in the page, the
// panels say they are updating until the worker's answers come, then show
// the edited design's routes and diagnostics. A view that reads the page's
// analysis (the Challenge tab's authoring form) opens on
// the design analysed, and an edit made while it is open asks for the
// analysis after its paint.
func TestWorkerServesThePanels(t *testing.T) {
	w, st := open(t, "er-vpn-coexistence")
	fw := &fakeWorker{t: t}
	if rest := fw.answer(w, w.Do(DeferAnalysis{})); len(rest) != 0 {
		t.Fatalf("deferring left %+v", rest)
	}
	doc := w.Snap().Doc
	hub, spoke := doc.Topology.VNets[0], doc.Topology.VNets[1]
	subnet := spoke.ID + "/" + spoke.Subnets[0].Name
	if rest := fw.answer(w, w.Do(Select{Key: "subnet:" + subnet})); analyseAsked(rest) {
		t.Fatal("selecting a subnet asked the page for an analysis")
	}
	before, current := w.EffectiveRoutes(subnet)
	if !current || !before.Found || len(before.Rows) == 0 {
		t.Fatalf("the routes of %s: current %v, %+v", subnet, current, before)
	}

	for _, tab := range []string{TabRoutes, TabReach, TabChecks, TabWhatIf} {
		fw.answer(w, w.Do(OpenTab{Tab: tab}))
		tasks := w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: hub.ID}, Path: "location", Value: "elsewhere-" + tab})
		if analyseAsked(tasks) {
			t.Fatalf("%s tab: the edit asked the page for an analysis", tab)
		}
		if !w.Updating() || !w.Snap().Pending() {
			t.Fatalf("%s tab: after the edit, updating %v, pending %v", tab, w.Updating(), w.Snap().Pending())
		}
		if _, current := w.Overview(); current {
			t.Fatalf("%s tab: the overview before the answer is current", tab)
		}
		if rest := fw.answer(w, tasks); analyseAsked(rest) {
			t.Fatalf("%s tab: the answers asked for an analysis", tab)
		}
		if w.Updating() || !w.Snap().Pending() {
			t.Fatalf("%s tab: after the answers, updating %v, pending %v", tab, w.Updating(), w.Snap().Pending())
		}
	}
	// What the worker answered is the edited design's, as a full analysis
	// in the page would show it.
	full := store.Open(scenario.Canonical(w.Snap().Doc)).Current()
	o, current := w.Overview()
	if want := overviewOf(full); !current || !reflect.DeepEqual(o.Diagnostics.Shown, want.Diagnostics.Shown) || o.Problems != want.Problems {
		t.Fatalf("the overview: current %v, %d problems, want %d", current, o.Problems, want.Problems)
	}
	fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
	after, current := w.EffectiveRoutes(subnet)
	if want := routesOf(full, subnet); !current || !reflect.DeepEqual(after, want) || reflect.DeepEqual(after, before) {
		t.Fatalf("the routes after the edits: current %v, equal to the full analysis %v, changed %v", current, reflect.DeepEqual(after, want), !reflect.DeepEqual(after, before))
	}

	// A failure, on the What if tab or from the Inspector on the Routes
	// tab, is a whole analysis: not the page's either. The worker answers
	// what it changes, and the routes with it.
	for _, tab := range []string{TabWhatIf, TabRoutes} {
		fw.answer(w, w.Do(OpenTab{Tab: tab}))
		f, ok := WholeFailure(w.Snap(), store.Ref{Kind: kinds.Gateway, ID: "hub-vpngw"})
		if !ok {
			t.Fatal("the VPN gateway cannot fail")
		}
		tasks := w.Do(ToggleFailure{Failure: f})
		if analyseAsked(tasks) || !w.Updating() {
			t.Fatalf("%s tab: a failure asked the page for an analysis (%v), or the panels are not updating (%v)", tab, analyseAsked(tasks), w.Updating())
		}
		if rest := fw.answer(w, tasks); analyseAsked(rest) || w.Updating() || !w.Snap().Pending() {
			t.Fatalf("%s tab: after the answers, analysis asked %v, updating %v, pending %v", tab, analyseAsked(rest), w.Updating(), w.Snap().Pending())
		}
		full := fullAnalysis(t, w)
		if tab == TabWhatIf {
			ch, current := w.Changes()
			if want := whatIfChanges(full.Changes()); !current || ch == nil || !reflect.DeepEqual(*ch, *want) || ch.Empty() {
				t.Fatalf("what the failure changes: current %v, %+v, want %+v", current, ch, want)
			}
		} else {
			got, current := w.EffectiveRoutes(subnet)
			if want := routesOf(full, subnet); !current || !reflect.DeepEqual(got, want) {
				t.Fatalf("the routes with the gateway failed: current %v, equal to the full analysis's %v", current, reflect.DeepEqual(got, want))
			}
		}
		fw.answer(w, w.Do(RestoreAll{}))
	}

	// Views that read the page's analysis ask for it.
	for _, step := range []struct {
		name string
		a    Action
	}{
		{"the Challenge tab's authoring form", EditChallenge{On: true}},
	} {
		fw.answer(w, w.Do(OpenTab{Tab: TabChallenge}))
		if !w.Snap().Pending() {
			t.Fatalf("before %s: the design was analysed in the page", step.name)
		}
		rest := fw.answer(w, w.Do(step.a))
		if w.Snap().Pending() || w.Updating() || analyseAsked(rest) {
			t.Fatalf("%s: opened on an unanalysed design: pending %v, updating %v, analysis asked after the paint %v", step.name, w.Snap().Pending(), w.Updating(), analyseAsked(rest))
		}
		fw.answer(w, w.Do(Select{Key: "subnet:" + subnet}))
		edit := SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: hub.ID}, Path: "location", Value: "again-" + step.name}
		if step.name == "the Challenge tab's authoring form" {
			rest := fw.answer(w, w.Do(edit))
			if !analyseAsked(rest) {
				t.Fatal("an edit under the Challenge tab's authoring form asked no analysis")
			}
			w.Settle(st, rest)
			edit.Value += "-2"
		}
		fw.answer(w, w.Do(OpenTab{Tab: TabChecks}))
		if rest := fw.answer(w, w.Do(edit)); analyseAsked(rest) || !w.Snap().Pending() || w.Updating() {
			t.Fatalf("after %s, an edit on the Checks tab: analysis asked %v, pending %v, updating %v", step.name, analyseAsked(rest), w.Snap().Pending(), w.Updating())
		}
	}
}

// TestWorkerServesSpeakerTables (issue 12, point 1): on the Routes tab, a
// BGP speaker's tables (a Route Server, an NVA peering with it) and a P2S
// pool's routes are the worker's answers: selecting the resource and
// editing the design ask no analysis of the page, the tab says it is
// updating until the answer comes, and the answer is what a full analysis
// of the design (with its failures) shows.
func TestWorkerServesSpeakerTables(t *testing.T) {
	for _, c := range []struct {
		scenario string
		refs     []store.Ref
		fail     store.Ref // failed between the selections: the tables change
	}{
		{"ecmp-route-server-two-nvas", []store.Ref{{Kind: kinds.RouteServer, ID: "hub-rs"}, {Kind: kinds.VM, ID: "nva2"}}, store.Ref{Kind: kinds.VM, ID: "nva1"}},
		{"p2s-hub-spoke", []store.Ref{{Kind: kinds.P2S, ID: "hub-vpngw"}, {Kind: kinds.Gateway, ID: "hub-vpngw"}}, store.Ref{}},
	} {
		w, _ := open(t, c.scenario)
		fw := &fakeWorker{t: t}
		fw.answer(w, w.Do(DeferAnalysis{}))
		fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		vnet := w.Snap().Doc.Topology.VNets[0]
		grown := strings.Join(append(vnet.AddressSpace.AddressPrefixes, "10.250.0.0/24"), ", ")
		if rest := fw.answer(w, w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: vnet.ID}, Path: "addressSpace.addressPrefixes", Value: grown})); analyseAsked(rest) || !w.Snap().Pending() {
			t.Fatalf("%s: an edit on the Routes tab asked the page for an analysis, or was refused (%v)", c.scenario, w.insp.refused)
		}
		var shown []SpeakerView
		for i, r := range c.refs {
			tasks := w.Do(Select{Key: w.Snap().SelectionKey(r)})
			if analyseAsked(tasks) || !w.Snap().Pending() {
				t.Fatalf("%s: selecting %v asked the page for an analysis", c.scenario, r)
			}
			if _, current, _ := w.SpeakerTables(); current || !w.Updating() {
				t.Fatalf("%s: %v selected, before the answer: current %v, updating %v", c.scenario, r, current, w.Updating())
			}
			fw.answer(w, tasks)
			v, current, ok := w.SpeakerTables()
			want := speakerOf(fullAnalysis(t, w), r)
			if !ok || !current || w.Updating() || !reflect.DeepEqual(v, want) || (v.BGP == nil) == (v.P2S == nil) {
				t.Fatalf("%s: the tables of %v: ok %v, current %v, updating %v, equal to the full analysis's %v: %+v", c.scenario, r, ok, current, w.Updating(), reflect.DeepEqual(v, want), v)
			}
			shown = append(shown, v)
			if i == 0 && c.fail.ID != "" {
				f, ok := WholeFailure(w.Snap(), c.fail)
				if !ok {
					t.Fatalf("%s: %v cannot fail", c.scenario, c.fail)
				}
				if rest := fw.answer(w, w.Do(ToggleFailure{Failure: f})); analyseAsked(rest) {
					t.Fatalf("%s: failing %v asked the page for an analysis", c.scenario, c.fail)
				}
				again, current, _ := w.SpeakerTables()
				if want := speakerOf(fullAnalysis(t, w), r); !current || !reflect.DeepEqual(again, want) || reflect.DeepEqual(again, v) {
					t.Fatalf("%s: %v failed: the tables of %v: current %v, equal to the full analysis's %v, changed %v", c.scenario, c.fail, r, current, reflect.DeepEqual(again, want), !reflect.DeepEqual(again, v))
				}
			}
		}
		if reflect.DeepEqual(shown[0], shown[1]) {
			t.Fatalf("%s: %v and %v show the same tables", c.scenario, c.refs[0], c.refs[1])
		}
	}
}

// fullAnalysis is the design on w's screen, with its failures, analysed
// whole in a session of its own.
func fullAnalysis(t *testing.T, w *Workspace) *store.Snapshot {
	t.Helper()
	sess := store.Open(scenario.Canonical(w.Snap().Doc))
	if f := w.Snap().Failures; len(f) > 0 {
		if err := sess.SetFailures(f); err != nil {
			t.Fatal(err)
		}
	}
	return sess.Current()
}

// TestSweepStaleAfterAnUnanalysedEdit: the N-1 sweep's results (the What
// if tab's list, the canvas' single-point-of-failure marks) are the swept
// design's: an edit made where the page does not analyse it (the Routes
// tab, the worker answering) drops them at once, and a drag keeps them.
// They were tied to the page's data plane, which such an edit leaves as it
// was: the marks stayed on the edited design.
func TestSweepStaleAfterAnUnanalysedEdit(t *testing.T) {
	w, _ := open(t, "er-vpn-coexistence")
	fw := &fakeWorker{t: t}
	fw.answer(w, w.Do(DeferAnalysis{}))
	fw.answer(w, w.Do(OpenTab{Tab: TabWhatIf}))
	rest := fw.answer(w, w.Do(RunSweep{}))
	if len(rest) != 1 || rest[0].Sweep == nil {
		t.Fatalf("RunSweep left %+v", rest)
	}
	fw.answer(w, w.Do(RunSweepJob(t.Context(), *rest[0].Sweep, func(Action) {})))
	if len(w.SPOFKeys()) == 0 || w.Sweep().Results == nil {
		t.Fatal("the sweep found no single point of failure")
	}
	fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
	hub := w.Snap().Doc.Topology.VNets[0]
	fw.answer(w, w.Do(Select{Key: "vnet:" + hub.ID}))
	fw.answer(w, w.Do(CanvasKey{Key: "ArrowRight"}))
	if len(w.SPOFKeys()) == 0 {
		t.Fatal("a drag dropped the sweep's results")
	}
	grown := strings.Join(append(hub.AddressSpace.AddressPrefixes, "10.250.0.0/24"), ", ")
	if rest := fw.answer(w, w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: hub.ID}, Path: "addressSpace.addressPrefixes", Value: grown})); analyseAsked(rest) || !w.Snap().Pending() {
		t.Fatalf("the edit was analysed in the page (%v) or refused (%v)", analyseAsked(rest), w.insp.refused)
	}
	if keys := w.SPOFKeys(); len(keys) != 0 || w.Sweep().Results != nil {
		t.Fatalf("after an edit, the sweep's results are still shown: %v", keys)
	}
}

// TestWorkerServesTheNamesMatrix (issue 12, point 1): the Names tab's
// matrix is the worker's answer: opening the tab and editing the design
// ask no analysis of the page, the tab says it is updating until the
// answer comes, and the answer is the matrix a full analysis gives. So is
// a picked cell's resolution walk (listed, and drawn on the canvas): while
// it is first computed the panel says so, an edit under it asks no
// analysis either, and deleting its endpoint drops it.
func TestWorkerServesTheNamesMatrix(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	fw := &fakeWorker{t: t}
	fw.answer(w, w.Do(DeferAnalysis{}))
	vnet := w.Snap().Doc.Topology.VNets[0]
	edit := func(prefix string) []Task {
		grown := strings.Join(append(slices.Clone(vnet.AddressSpace.AddressPrefixes), prefix), ", ")
		return w.Do(SetProperty{Ref: store.Ref{Kind: kinds.VNet, ID: vnet.ID}, Path: "addressSpace.addressPrefixes", Value: grown})
	}
	fw.answer(w, edit("10.250.0.0/24"))
	tasks := w.Do(OpenTab{Tab: TabNames})
	if analyseAsked(tasks) || !w.Snap().Pending() || w.NamesKnown() || !w.Updating() {
		t.Fatalf("opening the Names tab: analysis asked %v, pending %v, a matrix known %v, updating %v", analyseAsked(tasks), w.Snap().Pending(), w.NamesKnown(), w.Updating())
	}
	fw.answer(w, tasks)
	full := fullAnalysis(t, w)
	v := w.NamesView()
	if want := buildNamesView(full, full.DNS()); !w.NamesKnown() || w.Updating() || !reflect.DeepEqual(v, want) || len(v.Cells) == 0 {
		t.Fatalf("the Names matrix: known %v, updating %v, equal to the full analysis's %v", w.NamesKnown(), w.Updating(), reflect.DeepEqual(v, want))
	}
	tasks = edit("10.251.0.0/24")
	if analyseAsked(tasks) || !w.Updating() {
		t.Fatalf("an edit on the Names tab: analysis asked %v, updating %v", analyseAsked(tasks), w.Updating())
	}
	fw.answer(w, tasks)
	if w.Updating() || !w.Snap().Pending() {
		t.Fatalf("after the answer: updating %v, pending %v", w.Updating(), w.Snap().Pending())
	}

	// A picked cell's resolution walk is the worker's answer too.
	c := v.Cells[0][0]
	tasks = w.Do(PickName{From: c.From, Name: c.Name})
	if walk, ok := w.NameWalk(); analyseAsked(tasks) || !ok || !walk.Computing || !w.Updating() {
		t.Fatalf("picking a name: analysis asked %v, picked %v, computing %v, updating %v", analyseAsked(tasks), ok, walk.Computing, w.Updating())
	}
	fullWalk := func() NameWalk {
		full := fullAnalysis(t, w)
		return nameWalk(full.DNS().Resolve(c.From, c.Name), c.From, c.Name, w.Snap().Scene, &w.Snap().Doc.Topology)
	}
	if rest := fw.answer(w, tasks); analyseAsked(rest) || w.Updating() {
		t.Fatalf("the picked name's answer: analysis asked %v, updating %v", analyseAsked(rest), w.Updating())
	}
	if walk, ok := w.NameWalk(); !ok || walk.Computing || len(walk.Steps) == 0 || !reflect.DeepEqual(walk, fullWalk()) {
		t.Fatalf("the picked name's walk: %v, equal to the full analysis's %v: %+v", ok, reflect.DeepEqual(walk, fullWalk()), walk)
	}
	tasks = edit("10.252.0.0/24")
	if analyseAsked(tasks) {
		t.Fatal("an edit with a name picked asked the page for an analysis")
	}
	fw.answer(w, tasks)
	if walk, _ := w.NameWalk(); !w.Snap().Pending() || !reflect.DeepEqual(walk, fullWalk()) {
		t.Fatalf("after the edit: pending %v, the walk equal to the full analysis's %v", w.Snap().Pending(), reflect.DeepEqual(walk, fullWalk()))
	}
	// The endpoint's VM deleted: the pick is dropped once the answer says so.
	vm, _, _ := strings.Cut(c.From, "/")
	fw.answer(w, w.Do(Select{Key: canvas.Key(kinds.VM, vm)}))
	tasks = w.Do(DeleteSelection{})
	if analyseAsked(tasks) {
		t.Fatal("deleting the endpoint asked the page for an analysis")
	}
	fw.answer(w, tasks)
	if _, ok := w.NameWalk(); ok {
		t.Fatalf("the resolution walk of a deleted VM (%s) is still picked", vm)
	}
}

// TestWorkerServesThePickedWalk (issue 12, point 1): a matrix cell's packet
// walk, listed on the Reach tab and drawn on the canvas, is the worker's
// answer: picking it and editing under it ask no analysis of the page;
// while the answer for an edit is computed the walk shown is the last one
// of the same cell and the results pane is updating; the answer is the
// walk a full analysis of the edited design gives; it follows a rename of
// its source, stays asked on another tab (the canvas draws it), and a walk
// whose endpoint is deleted is dropped, as the page's analysis drops it.
func TestWorkerServesThePickedWalk(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	fw := &fakeWorker{t: t}
	fw.answer(w, w.Do(DeferAnalysis{}))
	fw.answer(w, w.Do(OpenTab{Tab: TabReach}))
	fullWalk := func() *trace.Trace {
		full := fullAnalysis(t, w)
		return full.Walk(w.Flow(), w.walk.from, w.walk.to)
	}
	same := func(a, b *trace.Trace) bool {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		return a != nil && b != nil && string(ja) == string(jb)
	}

	tasks := w.Do(PickWalk{From: "vm1/nic0", To: "vm2/nic0"})
	if analyseAsked(tasks) {
		t.Fatal("picking a cell asked the page for an analysis")
	}
	if tr, from, _, ok := w.Walk(); !ok || tr != nil || from != "vm1/nic0" || !w.Updating() {
		t.Fatalf("before the answer: picked %v, a walk shown %v, updating %v", ok, tr != nil, w.Updating())
	}
	if rest := fw.answer(w, tasks); analyseAsked(rest) {
		t.Fatal("the walk's answer asked for an analysis")
	}
	before, _, _, ok := w.Walk()
	if !ok || before == nil || !before.Disposition.Success() || !same(before, fullWalk()) || w.Updating() {
		t.Fatalf("the walk answered: %+v, updating %v", before, w.Updating())
	}

	// An edit that changes the walk: the spoke's route table taken off (no
	// longer through the firewall).
	tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
	if analyseAsked(tasks) {
		t.Fatal("an edit under a picked walk asked the page for an analysis")
	}
	if tr, _, _, _ := w.Walk(); tr != before || !w.Updating() {
		t.Fatalf("while the edit's walk is computed: the last walk shown %v, updating %v", tr == before, w.Updating())
	}
	fw.answer(w, tasks)
	if !w.Snap().Pending() {
		t.Fatal("the page analysed the edited design")
	}
	after, _, _, _ := w.Walk()
	if !same(after, fullWalk()) || same(after, before) || w.Updating() {
		t.Fatalf("the edited design's walk: equal to a full analysis's %v, changed %v, updating %v", same(after, fullWalk()), !same(after, before), w.Updating())
	}

	// On another tab the canvas still draws it: still asked, still answered.
	fw.answer(w, w.Do(OpenTab{Tab: TabChecks}))
	fw.answer(w, w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "vm1"}, Name: "web"}))
	if tr, from, _, ok := w.Walk(); !ok || from != "web/nic0" || tr == nil || tr.Flow.Src != "web/nic0" || !same(tr, fullWalk()) {
		t.Fatalf("after renaming its source on the Checks tab: picked %v from %q, %+v", ok, from, tr)
	}
	if !w.Snap().Pending() {
		t.Fatal("the page analysed the design")
	}

	// The destination deleted: the walk is dropped once the answer says so.
	fw.answer(w, w.Do(Select{Key: canvas.Key(kinds.VM, "vm2")}))
	tasks = w.Do(DeleteSelection{})
	if analyseAsked(tasks) {
		t.Fatal("deleting an endpoint asked the page for an analysis")
	}
	fw.answer(w, tasks)
	if _, _, _, ok := w.Walk(); ok {
		t.Fatal("the walk to a deleted VM is still picked")
	}
}

// TestWorkerServesTheLiveTools (issue 12, point 1): the Routes tab's Next
// hop, IP flow verify and Resolve a name, and a NIC's routes compared with
// Azure's in the Inspector, are the worker's answers, live on
// the design on screen (the Next hop's answer was text kept from when it
// was asked, and made the page analyse the design then): a question
// typed and an edit under it ask no analysis of the page; while the
// answer for the design on screen is computed the tool shows the last
// answer to the same question (none to another question) and the pane is
// updating; the answer is what the tool answers on a full analysis.
func TestWorkerServesTheLiveTools(t *testing.T) {
	t.Run("ip flow verify", func(t *testing.T) {
		w, _ := open(t, "nsg-evaluation-order")
		fw := &fakeWorker{t: t}
		fw.answer(w, w.Do(DeferAnalysis{}))
		fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		full := func() IPFlowAnswer { return verifyIPFlow(fullAnalysis(t, w), w.IPFlow()) }
		fw.answer(w, w.Do(IPFlowSet{Field: IPFlowLocal, NIC: "app/nic0", Value: "443"}))
		tasks := w.Do(IPFlowSet{Field: IPFlowRemote, NIC: "app/nic0", Value: "10.10.1.5:50000"})
		if a := w.IPFlowAnswer(); analyseAsked(tasks) || a.Asked || !w.Updating() {
			t.Fatalf("the question typed: analysis asked %v, answered before the worker %v, updating %v", analyseAsked(tasks), a.Asked, w.Updating())
		}
		fw.answer(w, tasks)
		before := w.IPFlowAnswer()
		if before.Allowed || !strings.Contains(before.Text, "deny-https-from-web2") || !reflect.DeepEqual(before, full()) || w.Updating() {
			t.Fatalf("the answer: %+v, want the full analysis's %+v", before, full())
		}
		// The NIC's deny rule moved to another source: web2 is allowed.
		tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.NSG, ID: "nsg-app-nic"}, Path: "securityRules[0].sourceAddressPrefix", Value: "10.10.1.6"})
		if analyseAsked(tasks) || !w.Updating() || !reflect.DeepEqual(w.IPFlowAnswer(), before) {
			t.Fatalf("an edit under the question: analysis asked %v, updating %v, the last answer shown %v", analyseAsked(tasks), w.Updating(), reflect.DeepEqual(w.IPFlowAnswer(), before))
		}
		fw.answer(w, tasks)
		if a := w.IPFlowAnswer(); !a.Allowed || !reflect.DeepEqual(a, full()) || !w.Snap().Pending() {
			t.Fatalf("after the edit: %+v (pending %v), want the full analysis's %+v", a, w.Snap().Pending(), full())
		}
	})
	t.Run("next hop", func(t *testing.T) {
		w, _ := open(t, "hub-spoke-firewall")
		fw := &fakeWorker{t: t}
		fw.answer(w, w.Do(DeferAnalysis{}))
		fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		full := func() string {
			return nextHopOf(fullAnalysis(t, w), NextHopQuestion{From: "vm1/nic0", Dst: "10.2.1.4"}).Answer
		}
		tasks := w.Do(NextHopDst{From: "vm1/nic0", Dst: "10.2.1.4"})
		if analyseAsked(tasks) || w.NextHop().Answer != "" || !w.Updating() {
			t.Fatalf("the question typed: analysis asked %v, answered before the worker %q, updating %v", analyseAsked(tasks), w.NextHop().Answer, w.Updating())
		}
		fw.answer(w, tasks)
		before := w.NextHop().Answer
		if !strings.Contains(before, "VirtualAppliance") || before != full() {
			t.Fatalf("the answer: %q, want the full analysis's %q", before, full())
		}
		// Live: spoke1 without its route table, the answer follows.
		tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
		if analyseAsked(tasks) || w.NextHop().Answer != before {
			t.Fatalf("an edit under the question: analysis asked %v, the last answer shown %q", analyseAsked(tasks), w.NextHop().Answer)
		}
		fw.answer(w, tasks)
		if a := w.NextHop().Answer; a == before || a != full() || !w.Snap().Pending() {
			t.Fatalf("after the edit: %q (pending %v), want the full analysis's %q", a, w.Snap().Pending(), full())
		}
	})
	t.Run("a NIC compared with Azure's routes", func(t *testing.T) {
		w, _ := open(t, "hub-spoke-firewall")
		fw := &fakeWorker{t: t}
		fw.answer(w, w.Do(DeferAnalysis{}))
		fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		fw.answer(w, w.Do(SetDocName{Name: "pending"})) // the page's analysis is an earlier version's
		fw.answer(w, w.Do(Select{Key: canvas.Key(kinds.VM, "vm1")}))
		tasks := w.Do(NICComparePaste{NIC: "vm1/nic0", Text: vm1Match})
		if c := w.NICComparison("vm1"); analyseAsked(tasks) || !c.Read || len(c.Rows) != 0 || !strings.Contains(c.Unavailable, "Computing") || !w.Updating() {
			t.Fatalf("a table pasted: analysis asked %v, %+v, updating %v", analyseAsked(tasks), c, w.Updating())
		}
		fw.answer(w, tasks)
		if c := w.NICComparison("vm1"); c.Summary.Match != 4 || c.Summary.Differences() != 0 || c.Unavailable != "" {
			t.Fatalf("the comparison: %+v", c)
		}
		// The design follows: spoke1 without its route table, the UDR is
		// Azure's alone.
		tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
		if c := w.NICComparison("vm1"); analyseAsked(tasks) || c.Summary.Match != 4 {
			t.Fatalf("an edit under the comparison: analysis asked %v, the last comparison shown %+v", analyseAsked(tasks), c.Summary)
		}
		fw.answer(w, tasks)
		c := w.NICComparison("vm1")
		full := fullAnalysis(t, w)
		want := compareNIC(nicRoutesOf(full, "vm1/nic0"), w.nicCompare.pasted["vm1/nic0"].routes, false)
		if c.Summary.Differences() == 0 || !reflect.DeepEqual(c.Rows, want.rows) || !w.Snap().Pending() {
			t.Fatalf("after the edit: %+v (pending %v), want the full analysis's rows %+v", c.Summary, w.Snap().Pending(), want.rows)
		}
	})
	t.Run("resolve a name", func(t *testing.T) {
		w, _ := open(t, "private-endpoint-dns-hub-resolver")
		fw := &fakeWorker{t: t}
		fw.answer(w, w.Do(DeferAnalysis{}))
		fw.answer(w, w.Do(OpenTab{Tab: TabRoutes}))
		full := func() ResolveAnswer { return resolveName(fullAnalysis(t, w), w.Resolve()) }
		tasks := w.Do(ResolveSet{Field: ResolveName, From: "vm1", Value: "stvnetplay.blob.core.windows.net"})
		if a := w.ResolveAnswer(); analyseAsked(tasks) || a.Asked || !w.Updating() {
			t.Fatalf("the name typed: analysis asked %v, answered before the worker %v, updating %v", analyseAsked(tasks), a.Asked, w.Updating())
		}
		fw.answer(w, tasks)
		before := w.ResolveAnswer()
		if before.Class != "private" || !reflect.DeepEqual(before, full()) {
			t.Fatalf("the answer: %+v, want the full analysis's %+v", before, full())
		}
		// The endpoint's address changed: the answer follows.
		tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.PrivateEndpoint, ID: "pe-blob"}, Path: "privateIpAddress", Value: "10.1.2.9"})
		if analyseAsked(tasks) || !reflect.DeepEqual(w.ResolveAnswer(), before) {
			t.Fatalf("an edit under the question: analysis asked %v, the last answer shown %v", analyseAsked(tasks), reflect.DeepEqual(w.ResolveAnswer(), before))
		}
		fw.answer(w, tasks)
		if a := w.ResolveAnswer(); !strings.Contains(a.Text, "10.1.2.9") || !reflect.DeepEqual(a, full()) || !w.Snap().Pending() {
			t.Fatalf("after the edit: %+v (pending %v), want the full analysis's %+v", a, w.Snap().Pending(), full())
		}
		// Another question: the last answer (to the old one) is not shown.
		fw.answer(w, w.Do(ResolveSet{Field: ResolveFrom, Value: "vm2"}))
		tasks = w.Do(ResolveSet{Field: ResolveFrom, Value: "vm1"})
		if a := w.ResolveAnswer(); a.Asked && a.Class != "private" {
			t.Fatalf("while vm1's answer is computed, vm2's is shown: %+v", a)
		}
		fw.answer(w, tasks)
	})
}

// TestWorkerServesTheSimulation (issue 12, point 1): a walk played on the
// canvas is the worker's answer: starting it asks no analysis of the page
// and it plays once the answer comes, with the steps a full analysis
// gives; an edit that changes the walk keeps the steps shown until the
// answer for the edited design comes, then starts again at the first step
// of the new walk; deleting an endpoint ends it; a walk the design does
// not have is said so when the answer comes.
func TestWorkerServesTheSimulation(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	fw := &fakeWorker{t: t}
	fw.answer(w, w.Do(DeferAnalysis{}))
	fw.answer(w, w.Do(OpenTab{Tab: TabChecks}))
	fw.answer(w, w.Do(SetDocName{Name: "pending"})) // the page's analysis is an earlier version's
	fullSteps := func() []SimFrame {
		full := fullAnalysis(t, w)
		return SimFrames(full.Walk(w.Flow(), "vm1/nic0", "vm2/nic0"), w.Snap().Scene)
	}
	tasks := w.Do(SimStart{From: "vm1/nic0", To: "vm2/nic0"})
	if sim := w.Sim(); analyseAsked(tasks) || !sim.On || sim.Playing || len(sim.Steps) != 0 {
		t.Fatalf("started: analysis asked %v, %+v", analyseAsked(tasks), sim)
	}
	rest := fw.answer(w, tasks)
	sim := w.Sim()
	if analyseAsked(rest) || !sim.Playing || !slices.EqualFunc(sim.Steps, fullSteps(), sameStep) || len(sim.Steps) < 3 {
		t.Fatalf("after the answer: analysis asked %v, playing %v, %d steps, equal to a full analysis's %v", analyseAsked(rest), sim.Playing, len(sim.Steps), slices.EqualFunc(sim.Steps, fullSteps(), sameStep))
	}
	tick := -1
	for i, r := range rest {
		if r.Then != nil {
			tick = i
		}
	}
	if tick < 0 {
		t.Fatalf("the answer started no timer: %+v", rest)
	}
	w.Do(rest[tick].Then)
	if w.Sim().Step != 1 {
		t.Fatalf("a tick moved to step %d", w.Sim().Step)
	}

	// An edit that changes the walk: spoke1 without its route table.
	before := w.Sim().Steps
	tasks = w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
	if sim := w.Sim(); analyseAsked(tasks) || !sim.On || !slices.EqualFunc(sim.Steps, before, sameStep) || sim.Step != 1 {
		t.Fatalf("while the edit's walk is computed: analysis asked %v, on %v, the steps shown kept %v, step %d", analyseAsked(tasks), sim.On, slices.EqualFunc(sim.Steps, before, sameStep), sim.Step)
	}
	fw.answer(w, tasks)
	if sim := w.Sim(); !sim.On || sim.Step != 0 || !slices.EqualFunc(sim.Steps, fullSteps(), sameStep) || slices.EqualFunc(sim.Steps, before, sameStep) {
		t.Fatalf("after the edit's answer: on %v, step %d, equal to a full analysis's %v", sim.On, sim.Step, slices.EqualFunc(sim.Steps, fullSteps(), sameStep))
	}

	// The destination deleted: the simulation ends with the answer.
	fw.answer(w, w.Do(Select{Key: canvas.Key(kinds.VM, "vm2")}))
	tasks = w.Do(DeleteSelection{})
	if analyseAsked(tasks) {
		t.Fatal("deleting an endpoint asked the page for an analysis")
	}
	fw.answer(w, tasks)
	if sim := w.Sim(); sim.On {
		t.Fatalf("the simulation of a deleted VM goes on: %+v", sim)
	}
	if !w.Snap().Pending() {
		t.Fatal("the page analysed the design")
	}

	// A walk the design does not have: said so when the answer comes.
	fw.answer(w, w.Do(SimStart{From: "vm1/nic0", To: "vm2/nic0"}))
	if sim := w.Sim(); sim.On || !w.Notice().Err || !strings.Contains(w.Notice().Text, "No packet walk") {
		t.Fatalf("a walk to a deleted VM: %+v, notice %+v", sim, w.Notice())
	}
}

// TestWorkerServesTheChallenge (issue 12, point 1): the student's Challenge
// tab is graded by the worker: opening the tab and an edit that solves the
// goals ask no analysis of the page; until the answer for the design on
// screen comes the grade is pending (never complete), the constraints
// already the design on screen's; the answer is the grade of a full
// analysis. The trainer's authoring form still reads the page's analysis.
func TestWorkerServesTheChallenge(t *testing.T) {
	w, _ := twoVNets(t)
	author(t, w)
	fw := &fakeWorker{t: t}
	fw.answer(w, w.Do(DeferAnalysis{}))
	fw.answer(w, w.Do(EditChallenge{On: false}))
	fw.answer(w, w.Do(OpenTab{Tab: TabReach}))
	fw.answer(w, w.Do(SetDocName{Name: "pending"})) // the page's analysis is an earlier version's
	tasks := w.Do(OpenTab{Tab: TabChallenge})
	if v := w.Challenge(); analyseAsked(tasks) || !v.Pending || v.Complete() || !w.Updating() {
		t.Fatalf("the tab opened: analysis asked %v, pending %v, updating %v", analyseAsked(tasks), v.Pending, w.Updating())
	}
	fw.answer(w, tasks)
	if v := w.Challenge(); v.Pending || v.Result.Score != 0 || v.Result.Total != 10 || !reflect.DeepEqual(v.Result, gradeOf(fullAnalysis(t, w))) {
		t.Fatalf("graded: pending %v, %+v", v.Pending, v.Result)
	}
	// The fix: peer the two VNets.
	tasks = w.Do(Connect{From: store.Ref{Kind: kinds.VNet, ID: "vnet1"}, To: store.Ref{Kind: kinds.VNet, ID: "vnet2"}})
	if v := w.Challenge(); analyseAsked(tasks) || !v.Pending || v.Complete() {
		t.Fatalf("the fix before the answer: analysis asked %v, pending %v, complete %v", analyseAsked(tasks), v.Pending, v.Complete())
	}
	fw.answer(w, tasks)
	v := w.Challenge()
	if !v.Complete() || v.Result.Score != 10 || !reflect.DeepEqual(v.Result, gradeOf(fullAnalysis(t, w))) || !w.Snap().Pending() {
		t.Fatalf("the fix graded: complete %v, %d / %d, pending in the page %v", v.Complete(), v.Result.Score, v.Result.Total, w.Snap().Pending())
	}
	// A route table breaks the constraint at once, before the answer.
	tasks = w.Do(PaletteAdd{Kind: kinds.RouteTable})
	if v := w.Challenge(); analyseAsked(tasks) || v.Result.Constraints[0].Held || v.Complete() {
		t.Fatalf("a new route table: analysis asked %v, %+v", analyseAsked(tasks), v.Result.Constraints)
	}
	fw.answer(w, tasks)
	// The authoring form reads the page's analysis.
	if rest := fw.answer(w, w.Do(EditChallenge{On: true})); w.Snap().Pending() && !analyseAsked(rest) {
		t.Fatal("the authoring form opened on an unanalysed design")
	}
}
