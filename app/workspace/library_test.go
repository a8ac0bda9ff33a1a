package workspace

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// autosaved runs the autosave a change scheduled (the timer fires).
func autosaved(t *testing.T, w *Workspace, st persist.Store, tasks []Task) {
	t.Helper()
	for _, task := range tasks {
		if task.Then != nil && task.Delay > 0 {
			w.Settle(st, w.Do(task.Then))
		} else {
			w.Settle(st, []Task{task})
		}
	}
}

func lastOpened(t *testing.T, st persist.Store) (persist.Record, bool) {
	t.Helper()
	ctx := context.Background()
	id, err := st.LastOpened(ctx)
	if err != nil || id == "" {
		return persist.Record{}, false
	}
	rec, err := st.Get(ctx, id)
	return rec, err == nil
}

// TestStartRestoresTheLastDesign: what was autosaved is what the next start
// opens, unchanged (not saved again).
func TestStartRestoresTheLastDesign(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	rec, ok := lastOpened(t, st)
	if !ok || !strings.Contains(rec.Scenario, `"spoke1"`) {
		t.Fatalf("the opened built-in was not saved as last opened: %v", ok)
	}
	again := New()
	again.Settle(st, again.Do(Start{}))
	if again.DocName() != w.DocName() || again.Library().DocID != rec.ID {
		t.Errorf("restart opened %q (%s), want %q (%s)", again.DocName(), again.Library().DocID, w.DocName(), rec.ID)
	}
	if tasks := again.Do(autosave{}); len(tasks) != 0 {
		t.Error("a restored design is saved again though nothing changed")
	}
}

// TestStartWithALink: a share link opens as a new saved design and leaves
// the URL; a damaged one is refused with the reason and the last design
// opens instead.
func TestStartWithALink(t *testing.T) {
	sc, _ := scenarios.Get("peering-flags")
	frag, err := persist.EncodeLink(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	w, st := New(), &persist.Memory{}
	tasks := w.Do(Start{Fragment: frag})
	var replaced bool
	for len(tasks) > 0 {
		var next []Task
		for _, task := range tasks {
			if task.ReplaceURL == "/" {
				replaced = true
			}
			if task.Storage != nil {
				next = append(next, w.Do(task.Storage(context.Background(), st))...)
			}
		}
		tasks = next
	}
	if !replaced || !strings.Contains(w.Notice().Text, "Opened the shared design") {
		t.Errorf("link: replaced URL %v, notice %q", replaced, w.Notice().Text)
	}
	if rec, ok := lastOpened(t, st); !ok || rec.Name != w.DocName() {
		t.Error("the shared design was not saved at once")
	}
	bad := New()
	bad.Settle(st, bad.Do(Start{Fragment: frag[:len(frag)-6] + "AAAAAA"}))
	if !strings.Contains(bad.Library().Problem, "cannot be opened") || bad.DocName() != w.DocName() {
		t.Errorf("damaged link: problem %q, opened %q", bad.Library().Problem, bad.DocName())
	}
}

// TestStartWithADamagedRecord: a last design that no longer opens is
// reported, not silently replaced by an empty one.
func TestStartWithADamagedRecord(t *testing.T) {
	st := &persist.Memory{}
	ctx := context.Background()
	broken := `{"format": "vnetplay/scenario", "version": 1, "topology": {`
	if _, err := st.Save(ctx, persist.Record{ID: "x", Name: "Broken", Scenario: broken, Updated: time.Now().UTC().Truncate(time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	w := New()
	w.Settle(st, w.Do(Start{}))
	lib := w.Library()
	if !strings.Contains(lib.Problem, "could not be reopened") || !strings.Contains(lib.Problem, "Download the saved record") {
		t.Errorf("problem %q", lib.Problem)
	}
	// The record's text is offered for download, as it is.
	tasks := w.Do(DownloadUnreadable{})
	if len(tasks) != 1 || tasks[0].Download == nil || tasks[0].Download.Data != broken || tasks[0].Download.Name != "broken.saved.json" {
		t.Fatalf("download of the unreadable record: %+v", tasks)
	}
	// It stays saved, unchanged, whatever is drawn next.
	w.Settle(st, w.Do(AckProblem{}))
	autosaved(t, w, st, w.Do(PaletteAdd{Kind: "vnet"}))
	if rec, err := st.Get(ctx, "x"); err != nil || rec.Scenario != broken {
		t.Fatalf("the unreadable record changed: %v", err)
	}
}

// TestOpeningAnotherDesignSavesTheEdit: an edit made just before opening
// another design (inside the autosave delay) is saved, not lost.
func TestOpeningAnotherDesignSavesTheEdit(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	first := w.Library().DocID
	w.Do(SetDocName{Name: "Edited just now"}) // its autosave timer has not fired
	w.Settle(st, w.Do(OpenBuiltin{Name: "peering-flags"}))
	rec, err := st.Get(context.Background(), first)
	if err != nil || rec.Name != "Edited just now" {
		t.Errorf("the first design after opening another: %q, %v", rec.Name, err)
	}
}

// TestDeleteGoesToTheTrash: Delete acts on the row it was asked for,
// whatever the list's order, moves it to the trash, and Restore brings it
// back unchanged.
func TestDeleteGoesToTheTrash(t *testing.T) {
	w, st := startedWS(t)
	var ids []string
	for _, name := range []string{"hub-spoke-firewall", "peering-flags", "isolated-vnets"} {
		autosaved(t, w, st, w.Do(OpenBuiltin{Name: name}))
		ids = append(ids, w.Library().DocID)
	}
	w.Settle(st, w.Do(OpenLibrary{}))
	before, _ := st.Get(context.Background(), ids[1])
	w.Settle(st, w.Do(DeleteSaved{ID: ids[1]}))
	lib := w.Library()
	if len(lib.Mine) != 2 || len(lib.Trash) != 1 || lib.Trash[0].ID != ids[1] {
		t.Fatalf("after deleting %s: mine %v, trash %v", ids[1], lib.Mine, lib.Trash)
	}
	if !strings.Contains(w.Notice().Text, "Restore brings it back") {
		t.Errorf("notice %q", w.Notice().Text)
	}
	w.Settle(st, w.Do(RestoreSaved{ID: ids[1]}))
	after, err := st.Get(context.Background(), ids[1])
	if err != nil || after != before || len(w.Library().Trash) != 0 {
		t.Errorf("restore: %v; record changed %v", err, after != before)
	}
	// Deleting the open design opens an empty one; its record is restorable.
	w.Settle(st, w.Do(DeleteSaved{ID: ids[2]}))
	if w.Library().DocID == ids[2] || len(w.Snap().Doc.Topology.VNets) != 0 {
		t.Error("the deleted open design is still open")
	}
	w.Settle(st, w.Do(DuplicateSaved{ID: ids[0]}))
	names := map[string]bool{}
	for _, m := range w.Library().Mine {
		names[m.Name] = true
	}
	if !names["Hub and spoke through the hub firewall (copy)"] {
		t.Errorf("no copy of the first design in %v", w.Library().Mine)
	}
}

// TestEraseAsksFirst: Erase, which no Restore undoes, asks first: the
// design stays in the trash until "Erase for good" in its own row; Keep,
// or closing the dialog, leaves it there. On the build before, Erase
// erased at once.
func TestEraseAsksFirst(t *testing.T) {
	w, st := startedWS(t)
	var ids []string
	for _, name := range []string{"hub-spoke-firewall", "peering-flags"} {
		autosaved(t, w, st, w.Do(OpenBuiltin{Name: name}))
		ids = append(ids, w.Library().DocID)
	}
	w.Settle(st, w.Do(OpenLibrary{}))
	for _, id := range ids {
		w.Settle(st, w.Do(DeleteSaved{ID: id}))
	}
	inTrash := func(id string) bool {
		t.Helper()
		trash, err := st.Trash(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(trash, func(s persist.Summary) bool { return s.ID == id })
	}
	w.Settle(st, w.Do(PurgeSaved{ID: ids[0]}))
	if !inTrash(ids[0]) {
		t.Fatal("Erase erased without asking")
	}
	if w.Library().Erasing != ids[0] {
		t.Fatalf("Erase asks about %q, want %q", w.Library().Erasing, ids[0])
	}
	w.Settle(st, w.Do(ConfirmPurge{ID: ids[1]})) // another row's: not asked
	w.Settle(st, w.Do(CancelPurge{}))
	w.Settle(st, w.Do(ConfirmPurge{ID: ids[0]})) // answered Keep already
	w.Settle(st, w.Do(PurgeSaved{ID: ids[1]}))
	w.Settle(st, w.Do(CloseLibrary{}))
	w.Settle(st, w.Do(ConfirmPurge{ID: ids[1]})) // the dialog closed: no longer asked
	if !inTrash(ids[0]) || !inTrash(ids[1]) || w.Library().Erasing != "" {
		t.Fatalf("erased without a confirmation of its own: %v %v, asking %q", inTrash(ids[0]), inTrash(ids[1]), w.Library().Erasing)
	}
	w.Settle(st, w.Do(OpenLibrary{}))
	w.Settle(st, w.Do(PurgeSaved{ID: ids[1]}))
	w.Settle(st, w.Do(ConfirmPurge{ID: ids[1]}))
	if inTrash(ids[1]) || !inTrash(ids[0]) {
		t.Fatalf("Erase for good: erased %v, the other erased %v", !inTrash(ids[1]), !inTrash(ids[0]))
	}
	if want := `Erased "Peering flags and asymmetry" for good`; w.Notice().Text != want {
		t.Errorf("notice %q, want %q", w.Notice().Text, want)
	}
}

// TestImportRefusesAndKeeps: a broken file is refused with its name and
// the reason; the open design stays.
func TestImportRefusesAndKeeps(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	name := w.DocName()
	w.Settle(st, w.Do(Import{Name: "broken.json", Text: `{"format": "vnetplay/scenario", "version": 1, "topology": {`}))
	if p := w.Library().Problem; !strings.Contains(p, "broken.json") || !strings.Contains(p, "Nothing was changed") || w.DocName() != name {
		t.Errorf("problem %q, open %q", p, w.DocName())
	}
	sc, _ := scenarios.Get("peering-flags")
	text := strings.Replace(string(sc.JSON), `"version": 1,`, `"version": 1, "colour": "blue",`, 1)
	w.Settle(st, w.Do(Import{Name: "mine.json", Text: text}))
	if n := w.Notice().Text; !strings.Contains(n, "Imported mine.json; ignored: ") || !strings.Contains(n, "colour") {
		t.Errorf("notice %q", n)
	}
}

func TestShareLink(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	tasks := w.Do(ShareLink{Origin: "https://example.test"})
	if !strings.HasPrefix(w.Library().Link, "https://example.test/#s=1.") || len(tasks) == 0 || tasks[0].Copy != w.Library().Link {
		t.Errorf("link %q, tasks %+v", w.Library().Link, tasks)
	}
	big := &scenario.Document{Name: "Big", Topology: gen.HubSpoke(500)} // a 9 kB link, over MaxLinkChars
	b, _ := scenario.Encode(big)
	w.Do(Import{Name: "big.json", Text: string(b)})
	w.Do(ShareLink{Origin: "https://example.test"})
	if w.Library().Link != "" || !strings.Contains(w.Notice().Text, "Export JSON") {
		t.Errorf("a big design got link %q / %q", w.Library().Link, w.Notice().Text)
	}
}

// TestShareLinkIsOfTheDesignOnScreen: the share link shown (Scenarios
// dialog, challenge author) carries the design as it is: once the design
// changed, or another one opened, the link made before is no longer shown
// (copied, it would share what is not on screen).
func TestShareLinkIsOfTheDesignOnScreen(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	w.Do(ShareLink{Origin: "https://example.test"})
	made := w.Library().Link
	if made == "" || w.Challenge().Link != made {
		t.Fatalf("link %q, the challenge's %q", made, w.Challenge().Link)
	}
	w.Do(SetDocName{Name: "renamed"})
	if l := w.Library().Link; l != "" || w.Challenge().Link != "" {
		t.Errorf("after a rename, the link made before is shown: %q / %q", l, w.Challenge().Link)
	}
	w.Do(ShareLink{Origin: "https://example.test"})
	if l := w.Library().Link; l == "" || l == made {
		t.Errorf("a new link for the renamed design: %q", l)
	}
	w.Settle(st, w.Do(OpenBuiltin{Name: "peering-flags"}))
	if l := w.Library().Link; l != "" {
		t.Errorf("the link of the design open before is shown: %q", l)
	}
}

// TestDragSavedAfterItEnds: the autosave that falls due during a drag waits
// for its end (writing the design would hold up the moves), the drop is
// then saved, and a page hidden during the drag saves it at once.
func TestDragSavedAfterItEnds(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	n, ok := w.Snap().Scene.Node("vnet:spoke1")
	if !ok {
		t.Fatal("no spoke1")
	}
	v := w.View()
	at := canvas.Point{X: screen.X + (n.Box.X+10)*v.Zoom + v.Pan.X, Y: screen.Y + (n.Box.Y+6)*v.Zoom + v.Pan.Y}
	w.Do(PointerDown{At: at, Screen: screen, Pointer: 1})
	tasks := w.Do(PointerMove{At: canvas.Point{X: at.X + 200, Y: at.Y + 100}, Pointer: 1})
	tasks = append(tasks, w.Do(PointerMove{At: canvas.Point{X: at.X + 240, Y: at.Y + 120}, Pointer: 1})...)
	var due []Task
	for _, task := range tasks {
		if _, ok := task.Then.(autosave); ok {
			due = w.Do(task.Then) // the autosave's timer fires mid-drag
		}
	}
	if len(due) != 1 || due[0].Storage != nil || due[0].Then == nil {
		t.Fatalf("the autosave during a drag returned %+v, want itself again, later", due)
	}
	// Before the drag spoke1 had no stored position (laid out, not pinned):
	// a save mid-drag would store the drag's, one it did not start from.
	if p, ok := savedAt(t, st, "spoke1"); ok && (p.X != n.Box.X || p.Y != n.Box.Y) {
		t.Fatalf("saved mid-drag: spoke1 stored at %v, where the drag started at %v", p, n.Box)
	}
	w.Settle(st, w.Do(Hidden{})) // the tab hidden mid-drag
	if rec, _ := lastOpened(t, st); rec.Scenario == "" || !w.Library().Ready || w.unsaved() {
		t.Fatal("hiding the page during a drag did not save the design")
	}
	w.Do(PointerMove{At: canvas.Point{X: at.X + 300, Y: at.Y + 150}, Pointer: 1})
	w.Do(PointerUp{At: canvas.Point{X: at.X + 300, Y: at.Y + 150}, Pointer: 1})
	if !w.unsaved() {
		t.Fatal("the last move is not pending")
	}
	autosaved(t, w, st, due)
	if w.unsaved() {
		t.Error("the drop was not saved by the autosave after the drag")
	}
	moved, _ := w.Snap().Scene.Node("vnet:spoke1")
	if p, _ := savedAt(t, st, "spoke1"); p.X != moved.Box.X || p.Y != moved.Box.Y || moved.Box == n.Box {
		t.Errorf("saved spoke1 at %v, dropped at %v (from %v)", p, moved.Box, n.Box)
	}
}

// savedAt is the position of layout key key in the last opened design as
// stored.
func savedAt(t *testing.T, st persist.Store, key string) (scenario.Point, bool) {
	t.Helper()
	rec, _ := lastOpened(t, st)
	doc, _, err := scenario.Decode([]byte(rec.Scenario), scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Layout == nil {
		return scenario.Point{}, false
	}
	p, ok := doc.Layout.Nodes[key]
	return p, ok
}

// TestOpenSavedSaysWhatOpened: opening a saved design replaces the notice
// of the design open before. Before, "Opened a copy of Two isolated VNets"
// stayed over the design opened from My scenarios (found by the
// exploratory pass).
func TestOpenSavedSaysWhatOpened(t *testing.T) {
	w, st := startedWS(t)
	autosaved(t, w, st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	first := w.Library().DocID
	tasks := w.Do(OpenBuiltin{Name: "isolated-vnets"})
	if !strings.Contains(w.Notice().Text, "Opened a copy of") {
		t.Fatalf("notice %q", w.Notice().Text)
	}
	w.Settle(st, tasks) // the autosave (not the notice's timer)
	w.Settle(st, w.Do(OpenSaved{ID: first}))
	if n := w.Notice().Text; w.Library().DocID != first || !strings.Contains(n, w.DocName()) || strings.Contains(n, "copy of") {
		t.Errorf("opened %q (want %q) with the notice %q", w.Library().DocID, first, n)
	}
}

// TestOpenLinkInAnOpenTab: a share link's fragment given to an open tab
// opens its design as a new scenario; a broken one changes nothing and
// says why.
func TestOpenLinkInAnOpenTab(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	name := w.DocName()
	sc, _ := scenarios.Get("peering-flags")
	frag, err := persist.EncodeLink(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(OpenLink{Fragment: frag[:len(frag)-4] + "AAAA"}))
	if w.DocName() != name || !strings.Contains(w.Library().Problem, "cannot be opened") {
		t.Errorf("a broken link: open %q, problem %q", w.DocName(), w.Library().Problem)
	}
	w.Do(AckProblem{})
	w.Settle(st, w.Do(OpenLink{Fragment: frag}))
	if w.DocName() == name || !strings.Contains(w.Notice().Text, "Opened the shared design") {
		t.Errorf("the link: open %q, notice %q", w.DocName(), w.Notice().Text)
	}
}

// TestImportOfNotJSONSaysSo: a file that is not JSON (a picture) is
// refused in words a user reads, and the notice of the import before does
// not stay over the refusal.
func TestImportOfNotJSONSaysSo(t *testing.T) {
	w, st := startedWS(t)
	sc, _ := scenarios.Get("peering-flags")
	w.Do(Import{Name: "good.json", Text: string(sc.JSON)})
	w.Settle(st, w.Do(Import{Name: "diagram.png", Text: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}))
	if p := w.Library().Problem; !strings.Contains(p, "not a JSON file") || strings.Contains(p, "invalid character") {
		t.Errorf("problem %q", p)
	}
	if n := w.Notice().Text; strings.Contains(n, "good.json") {
		t.Errorf("the notice of the import before stays: %q", n)
	}
}

// TestRowOfADesignGoneElsewhere: a row of the Scenarios dialog acted on
// after another tab deleted and erased its design says, in words, that it
// is no longer there, and the list drops it. On the build before, Delete
// said the design had been moved to the trash (it was not there), and
// the others named the record by its internal id ("s-…": scenario not
// found); Open left the row listed.
func TestRowOfADesignGoneElsewhere(t *testing.T) {
	acts := map[string]func(id string) Action{
		"open":      func(id string) Action { return OpenSaved{ID: id} },
		"duplicate": func(id string) Action { return DuplicateSaved{ID: id} },
		"delete":    func(id string) Action { return DeleteSaved{ID: id} },
		"restore":   func(id string) Action { return RestoreSaved{ID: id} },
		"compare":   func(id string) Action { return CompareSaved{ID: id} },
	}
	for _, what := range slices.Sorted(maps.Keys(acts)) {
		t.Run(what, func(t *testing.T) {
			b := newBrowserSim(t)
			a := b.drawn()
			id := a.w.Library().DocID
			b.do(a, NewDesign{})
			b.do(a, OpenLibrary{})
			bTab := b.open("B")
			b.do(bTab, OpenLibrary{})
			b.do(bTab, DeleteSaved{ID: id})
			b.do(bTab, PurgeSaved{ID: id})
			b.do(bTab, ConfirmPurge{ID: id})
			b.do(a, acts[what](id))
			said := a.w.Notice().Text
			if what == "compare" {
				said = a.w.DesignDiff().Err
			}
			if !strings.Contains(said, "no longer there") || strings.Contains(said, id) || strings.Contains(said, "Restore brings it back") {
				t.Errorf("%s of a design erased in another tab says %q", what, said)
			}
			if what != "compare" && slices.ContainsFunc(a.w.Library().Mine, func(s persist.Summary) bool { return s.ID == id }) {
				t.Errorf("%s left the gone design listed", what)
			}
		})
	}
}

// TestSameLinkOpensTheSavedDesign: a share link whose design is saved
// already, unchanged (the same link opened again, in a new tab or in the
// address bar of an open one), opens that design rather than another copy
// of one name; once the copy is edited, the link makes a new one. On the
// build before, every opening made a copy.
func TestSameLinkOpensTheSavedDesign(t *testing.T) {
	sc, _ := scenarios.Get("peering-flags")
	frag, err := persist.EncodeLink(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	st := &persist.Memory{}
	count := func() int {
		t.Helper()
		mine, err := st.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(mine)
	}
	first := New()
	first.Settle(st, first.Do(Start{Fragment: frag}))
	id := first.Library().DocID
	again := New() // the link opened in a new tab
	again.Settle(st, again.Do(Start{Fragment: frag}))
	if n := count(); n != 1 || again.Library().DocID != id {
		t.Fatalf("the link opened again in a new tab: %d saved designs, open %s, want 1 and %s", n, again.Library().DocID, id)
	}
	if !strings.Contains(again.Notice().Text, "unchanged") {
		t.Errorf("notice %q", again.Notice().Text)
	}
	// In an open tab, on another design.
	again.Settle(st, again.Do(NewDesign{}))
	again.Settle(st, again.Do(PaletteAdd{Kind: "vnet"}))
	again.Settle(st, again.Do(OpenLink{Fragment: frag}))
	if n := count(); n != 2 || again.Library().DocID != id {
		t.Fatalf("the link in an open tab: %d saved designs, open %s, want the new one and the link's, %s", n, again.Library().DocID, id)
	}
	// Edited (saved, or not yet), the design is no longer the link's.
	again.Do(SetDocName{Name: "Mine now"})
	again.Settle(st, again.Do(OpenLink{Fragment: frag}))
	if again.Library().DocID == id || again.DocName() == "Mine now" || !strings.Contains(again.Notice().Text, "as a new scenario") {
		t.Fatalf("the link after its design was edited, not yet saved, opened %s %q, notice %q; want a new copy", again.Library().DocID, again.DocName(), again.Notice().Text)
	}
	copyID := again.Library().DocID
	again.Settle(st, again.Do(OpenSaved{ID: id})) // the new copy is saved as it is, the link's
	again.Settle(st, again.Do(PaletteAdd{Kind: "vnet"}))
	again.Settle(st, again.Do(autosave{}))
	again.Settle(st, again.Do(OpenLink{Fragment: frag}))
	if n := count(); n != 3 || again.Library().DocID != copyID {
		t.Fatalf("the link again: %d saved designs, open %s; want 3 and the unchanged copy %s", n, again.Library().DocID, copyID)
	}
	if rec, err := st.Get(context.Background(), id); err != nil || rec.Name != "Mine now" || rec.Scenario == string(sc.JSON) {
		t.Errorf("the edited design: %q, %v", rec.Name, err)
	}
}
