package workspace

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// download runs tasks like Settle but keeps the first file offered.
func download(t *testing.T, w *Workspace, st persist.Store, tasks []Task) *Download {
	t.Helper()
	for len(tasks) > 0 {
		tk := tasks[0]
		tasks = tasks[1:]
		if tk.Download != nil {
			return tk.Download
		}
		if tk.Storage != nil {
			tasks = append(tasks, w.Do(tk.Storage(context.Background(), st))...)
		}
	}
	t.Fatalf("no file offered; notice %q", w.Notice().Text)
	return nil
}

// TestImportTheBuiltinPacksExport: the built-in pack exported, then
// imported, is listed with its challenges in order, each not started; the
// open design is kept; a challenge opens as a copy on the Challenge tab and
// its status follows.
func TestImportTheBuiltinPacksExport(t *testing.T) {
	w, st := startedWS(t)
	d := download(t, w, st, w.Do(ExportBuiltinPack{}))
	if !strings.HasSuffix(d.Name, ".workshop.json") || !strings.Contains(d.Data, `"format": "vnetplay/workshop"`) {
		t.Fatalf("exported %s: %.200s", d.Name, d.Data)
	}
	before := w.DocName()
	w.Settle(st, w.Do(Import{Name: d.Name, Text: d.Data}))
	if w.Library().Problem != "" {
		t.Fatalf("refused: %s", w.Library().Problem)
	}
	if w.DocName() != before || !w.Library().Open {
		t.Errorf("the design changed to %q, or the dialog is closed (%v)", w.DocName(), w.Library().Open)
	}
	packs := w.ImportedPacks()
	builtin := scenarios.Workshop()
	if len(packs) != 1 || len(packs[0].Challenges) != 11 || len(builtin) != 11 {
		t.Fatalf("packs %d, challenges %d, built-in %d", len(packs), len(packs[0].Challenges), len(builtin))
	}
	if packs[0].ID != builtin[0].PackID || packs[0].Title != builtin[0].PackTitle {
		t.Errorf("pack %q %q", packs[0].ID, packs[0].Title)
	}
	for i, c := range packs[0].Challenges {
		if c.Name != builtin[i].Title {
			t.Errorf("challenge %d is %q, want %q", i, c.Name, builtin[i].Title)
		}
		if s := w.PackStatus(c.Name); s.Started {
			t.Errorf("%s: %q before it is opened", c.Name, s.Text())
		}
	}
	// Imported again: replaced, not listed twice.
	w.Settle(st, w.Do(Import{Name: d.Name, Text: d.Data}))
	if len(w.ImportedPacks()) != 1 {
		t.Errorf("imported twice: %d packs", len(w.ImportedPacks()))
	}
	if n := w.Notice().Text; !strings.Contains(n, "it replaces the pack \""+packs[0].Title+"\" imported before with the same id") {
		t.Errorf("the second import's notice %q does not say it replaced the first", n)
	}

	w.Settle(st, w.Do(OpenPackChallenge{Pack: packs[0].ID, Index: 0}))
	if w.Snap().Doc.Challenge == nil || w.Panels().Tab != TabChallenge || w.DocName() != builtin[0].Title {
		t.Fatalf("opened %q on tab %q", w.DocName(), w.Panels().Tab)
	}
	w.Settle(st, w.Do(SaveNowAction{}))
	w.Settle(st, w.Do(PackProgress{}))
	if s := w.packs.status[builtin[0].Title]; !s.Started || s.Complete || s.Total == 0 {
		t.Errorf("status from the saved copy: %+v", s)
	}
	if s := w.PackStatus(packs[0].Challenges[1].Name); s.Started {
		t.Errorf("second challenge: %q", s.Text())
	}
}

// TestImportBadPackRefused: a pack file the decoder or the validation
// refuses is reported, and nothing changes (no pack listed, the design
// kept).
func TestImportBadPackRefused(t *testing.T) {
	one, _ := scenarios.WorkshopChallenge("01-peering-is-not-transitive")
	cases := []struct{ name, text, want string }{
		{"too new", `{"format":"vnetplay/workshop","version":9,"id":"x","challenges":[]}`, "version"},
		{"no list", `{"format":"vnetplay/workshop","version":1,"id":"x"}`, "challenges"},
		{"empty", `{"format":"vnetplay/workshop","version":1,"id":"x","challenges":[]}`, "no challenges"},
		{"bad challenge", `{"format":"vnetplay/workshop","version":1,"id":"x","challenges":[{"format":"vnetplay/scenario","version":1,"topology":7}]}`, "challenges[0]"},
		{"not a challenge", `{"format":"vnetplay/workshop","version":1,"id":"x","challenges":[{"format":"vnetplay/scenario","version":1,"name":"n"}]}`, "challenge"},
		{"no id", `{"format":"vnetplay/workshop","version":1,"challenges":[` + string(one.JSON) + `]}`, "no id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, st := startedWS(t)
			before := w.DocName()
			w.Settle(st, w.Do(Import{Name: "bad.workshop.json", Text: c.text}))
			p := w.Library().Problem
			if !strings.Contains(p, "Cannot import bad.workshop.json") || !strings.Contains(p, c.want) || !strings.Contains(p, "Nothing was changed") {
				t.Errorf("problem %q, want it to say %q", p, c.want)
			}
			if len(w.ImportedPacks()) != 0 || w.DocName() != before || w.Snap().Doc.Challenge != nil {
				t.Errorf("changed: %d packs, design %q", len(w.ImportedPacks()), w.DocName())
			}
		})
	}
}

// TestExportSavedChallenges: two saved challenges, picked and put in the
// other order, export as a pack DecodePack reads back in that order, with
// their pack references renumbered; ordinary designs are not offered.
func TestExportSavedChallenges(t *testing.T) {
	w, st := startedWS(t)
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	w.Settle(st, w.Do(SaveNowAction{}))
	for _, n := range []string{"01-peering-is-not-transitive", "02-gateway-transit"} {
		w.Settle(st, w.Do(OpenChallenge{Name: n}))
		w.Settle(st, w.Do(SaveNowAction{}))
	}
	for _, tk := range w.Do(ExportPack{}) {
		if tk.Storage != nil || tk.Download != nil {
			t.Error("export with nothing picked goes on")
		}
	}
	if !w.Notice().Err || !strings.Contains(w.Notice().Text, "Pick the challenges") {
		t.Errorf("export with nothing picked: notice %q", w.Notice().Text)
	}
	w.Settle(st, w.Do(OpenPackExport{}))
	x := w.PackExportState()
	if !x.Open || len(x.Rows) != 2 {
		t.Fatalf("chooser: %+v", x)
	}
	first, second := x.Rows[0], x.Rows[1]
	if !strings.HasPrefix(first.Name, "01") || !strings.HasPrefix(second.Name, "02") {
		t.Fatalf("rows not in pack order: %q, %q", first.Name, second.Name)
	}
	for _, r := range x.Rows {
		w.Do(PickForPack{ID: r.ID}.WithValue("true"))
	}
	w.Do(MoveInPack{ID: second.ID, By: -1})
	w.Do(MoveInPack{ID: second.ID, By: -1}) // already first: stays
	w.Do(SetPackTitle{}.WithValue("Tuesday's lab"))
	d := download(t, w, st, w.Do(ExportPack{}))
	if d.Name != "tuesdays-lab.workshop.json" {
		t.Errorf("file name %q", d.Name)
	}
	p, _, err := scenario.DecodePack([]byte(d.Data), scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Tuesday's lab" || p.ID != "tuesdays-lab" || len(p.Challenges) != 2 {
		t.Fatalf("pack %q %q with %d challenges", p.ID, p.Title, len(p.Challenges))
	}
	for i, want := range []string{second.Name, first.Name} {
		c := p.Challenges[i]
		if c.Name != want || c.Challenge == nil || c.Challenge.Pack == nil || c.Challenge.Pack.Order != i+1 || c.Challenge.Pack.ID != p.ID {
			t.Errorf("challenge %d: %q, %+v", i, c.Name, c.Challenge.Pack)
		}
	}
	if diags := scenario.ValidatePack(p); packErrors(diags) != "" {
		t.Errorf("exported pack invalid: %v", diags)
	}
	if w.PackExportState().Open {
		t.Error("the chooser stays open after the export")
	}
}

// TestIsPackFile: only a JSON object with the workshop format is a pack.
func TestIsPackFile(t *testing.T) {
	for text, want := range map[string]bool{
		`{"format":"vnetplay/workshop"}`:            true,
		"\ufeff" + `{"format":"vnetplay/workshop"}`: true,
		`{"format":"vnetplay/scenario"}`:            false,
		`{"format":7}`:                              false,
		`[1]`:                                       false,
		`not json`:                                  false,
	} {
		if got := isPackFile(text); got != want {
			t.Errorf("isPackFile(%q) = %v", text, got)
		}
	}
}

// TestStaleBaselinesAreNotReady: a challenge made ready, then its starting
// design changed (a route table drawn under "no new route tables"), is no
// longer Ready: the author is told which constraints are out of date, and
// a pack of it is refused until it is made ready again. Before, it still
// said Ready, and every student of the pack started with the constraint
// broken (found by an exploratory pass).
func TestStaleBaselinesAreNotReady(t *testing.T) {
	w, st := twoVNets(t)
	author(t, w) // "no new route tables", made ready
	w.Do(EditChallenge{On: true})
	w.Do(PaletteAdd{Kind: kinds.RouteTable})
	v := w.Challenge()
	if v.Sealed || len(v.Stale) != 1 {
		t.Fatalf("after drawing a route table: sealed %v, stale %v", v.Sealed, v.Stale)
	}
	w.Settle(st, w.Do(SaveNowAction{}))
	w.Settle(st, w.Do(OpenPackExport{}))
	for _, r := range w.PackExportState().Rows {
		w.Do(PickForPack{ID: r.ID}.WithValue("true"))
	}
	w.Do(SetPackTitle{}.WithValue("Lab"))
	w.Settle(st, w.Do(ExportPack{}))
	if n := w.Notice().Text; !strings.Contains(n, "made ready before its starting design changed") {
		t.Errorf("the pack of a stale challenge: notice %q", n)
	}
	w.Do(ReadyForStudents{})
	if v := w.Challenge(); !v.Sealed || len(v.Stale) != 0 {
		t.Errorf("made ready again: sealed %v, stale %v", v.Sealed, v.Stale)
	}
}

// TestImportedPacksKeptSaysWhatGoes: a pack with an id already listed
// replaces it, and past maxImportedPacks the oldest goes; each is said.
func TestImportedPacksKeptSaysWhatGoes(t *testing.T) {
	var ps packState
	for i := range maxImportedPacks {
		if said := ps.keep(ImportedPack{ID: fmt.Sprintf("p%d", i), Title: fmt.Sprintf("Pack %d", i)}); said != "" {
			t.Fatalf("pack %d displaced something: %q", i, said)
		}
	}
	said := ps.keep(ImportedPack{ID: "p3", Title: "Pack 3, second edition"})
	if !strings.Contains(said, `replaces the pack "Pack 3" imported before with the same id (p3)`) || strings.Contains(said, "oldest") {
		t.Errorf("same id: %q", said)
	}
	if len(ps.imported) != maxImportedPacks || ps.imported[len(ps.imported)-1].Title != "Pack 3, second edition" {
		t.Errorf("after the replacement: %d packs, last %q", len(ps.imported), ps.imported[len(ps.imported)-1].Title)
	}
	said = ps.keep(ImportedPack{ID: "new"})
	if !strings.Contains(said, `the oldest imported pack, "Pack 0", is no longer listed`) {
		t.Errorf("one too many: %q", said)
	}
	if len(ps.imported) != maxImportedPacks || ps.imported[0].ID != "p1" {
		t.Errorf("after the eviction: %d packs, first %q", len(ps.imported), ps.imported[0].ID)
	}
}
