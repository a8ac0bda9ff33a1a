package workspace

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"vnetplay/app/persist"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/workshop"
	"vnetplay/scenarios"
)

// Workshop packs as files (issue 16): the Scenarios dialog imports a
// "vnetplay/workshop" file (its challenges listed, in order, with their
// status, each opened as a copy like the built-in pack's) and exports one
// made of saved challenges, or the built-in pack. Imported packs are kept
// for the session only.

// maxImportedPacks bounds the packs kept in a session; the oldest goes.
const maxImportedPacks = 16

// maxPackCandidates bounds the saved designs read when the export chooser
// looks for challenges.
const maxPackCandidates = 200

// packState is the workshop packs' state beside the design: the packs
// imported this session, their challenges' progress, and the export
// chooser.
type packState struct {
	imported []ImportedPack
	status   map[string]ChallengeStatus // by challenge name (the document's name)
	export   PackExport
}

// ImportedPack is a workshop pack imported this session.
type ImportedPack struct {
	ID, Title, Description string
	Challenges             []PackChallenge
}

// PackChallenge is one challenge of an imported pack: its name,
// description and file (the document, canonical).
type PackChallenge struct {
	Name, Description string
	json              []byte
}

// PackExport is the export chooser: the saved designs with a challenge
// section, in the pack's order, those picked, and the pack's title.
type PackExport struct {
	Open  bool
	Rows  []PackRow
	Title string
}

// PackRow is a saved challenge in the export chooser.
type PackRow struct {
	ID, Name string
	Picked   bool
}

// ImportedPacks returns the packs imported this session, oldest first.
func (w *Workspace) ImportedPacks() []ImportedPack { return w.packs.imported }

// PackExportState returns the export chooser's state.
func (w *Workspace) PackExportState() PackExport { return w.packs.export }

// PackStatus is the status of an imported challenge named name, from the
// saved designs of that name as last graded (PackProgress) and the open
// design if it is that challenge.
func (w *Workspace) PackStatus(name string) ChallengeStatus {
	st := w.packs.status[name]
	if d := w.Snap().Doc; d.Challenge != nil && d.Name == name {
		r, _ := w.grade()
		st = better(st, ChallengeStatus{Started: true, Complete: r.Complete && len(r.Goals) > 0, Score: r.Score, Total: r.Total})
	}
	return st
}

// isPackFile reports whether text is a JSON object whose "format" is
// scenario.PackFormat.
func isPackFile(text string) bool {
	var head struct {
		Format json.RawMessage `json:"format"`
	}
	if json.Unmarshal([]byte(strings.TrimPrefix(text, "\ufeff")), &head) != nil {
		return false
	}
	var f string
	return json.Unmarshal(head.Format, &f) == nil && f == scenario.PackFormat
}

// importPack reads a workshop pack file and lists it in the Scenarios
// dialog (replacing a pack imported before with the same id), or returns
// why it cannot: the decoder's error, a pack that fails ValidatePack, a
// pack with no challenge. The open design is left as it is.
func (w *Workspace) importPack(name, text string) ([]Task, string) {
	p, warnings, err := scenario.DecodePack([]byte(text), scenario.Lenient)
	if err != nil {
		return nil, Plain(err.Error())
	}
	if len(p.Challenges) == 0 {
		return nil, "the workshop pack has no challenges"
	}
	if errs := packErrors(scenario.ValidatePack(p)); errs != "" {
		return nil, errs
	}
	ip := ImportedPack{ID: p.ID, Title: p.Title, Description: p.Description}
	for i := range p.Challenges {
		doc := &p.Challenges[i]
		b, err := scenario.EncodeFile(doc)
		if err != nil {
			return nil, fmt.Sprintf("challenges[%d]: %s", i, Plain(err.Error()))
		}
		ip.Challenges = append(ip.Challenges, PackChallenge{Name: doc.Name, Description: doc.Description, json: b})
	}
	msg := "Imported the workshop pack \"" + Plain(packTitle(ip.Title, ip.ID)) + "\" (" + plural(len(ip.Challenges), "challenge", "challenges") + "): it is listed in the Scenarios dialog for this session"
	msg += w.packs.keep(ip)
	if len(warnings) > 0 {
		msg += "; " + strconv.Itoa(len(warnings)) + " unknown fields ignored"
	}
	tasks := []Task{}
	if !w.lib.Open {
		tasks = append(tasks, OpenLibrary{}.apply(w)...)
	}
	tasks = append(tasks, PackProgress{}.apply(w)...)
	return append(tasks, w.say(msg, false)...), ""
}

// keep lists ip last among the imported packs and says what it displaced:
// the pack imported before with the same id (replaced, as a newer edition
// of it), or the oldest pack when maxImportedPacks are listed. It returns
// "" when nothing was displaced, else the notice's clause.
func (ps *packState) keep(ip ImportedPack) string {
	var said string
	if i := slices.IndexFunc(ps.imported, func(q ImportedPack) bool { return q.ID == ip.ID }); i >= 0 {
		said = "; it replaces the pack \"" + Plain(packTitle(ps.imported[i].Title, ps.imported[i].ID)) + "\" imported before with the same id (" + ip.ID + ")"
		ps.imported = slices.Delete(ps.imported, i, i+1)
	}
	if len(ps.imported) >= maxImportedPacks {
		said += "; the oldest imported pack, \"" + Plain(packTitle(ps.imported[0].Title, ps.imported[0].ID)) + "\", is no longer listed (" + strconv.Itoa(maxImportedPacks) + " are kept)"
		ps.imported = ps.imported[1:]
	}
	ps.imported = append(ps.imported, ip)
	return said
}

// packErrors is the first errors of a pack's validation, in words ("" if
// none).
func packErrors(diags []model.Diagnostic) string {
	var errs []string
	for _, d := range diags {
		if d.Severity == model.Error && len(errs) < 3 {
			errs = append(errs, Plain(d.Path+": "+d.Msg))
		}
	}
	return strings.Join(errs, "; ")
}

// packTitle is a pack's title, or its id when it has none.
func packTitle(title, id string) string { return cmp.Or(strings.TrimSpace(title), id) }

// OpenPackChallenge opens a copy of challenge Index of the imported pack
// Pack as a new design, with the Challenge tab shown.
type OpenPackChallenge struct {
	Pack  string
	Index int
}

func (a OpenPackChallenge) apply(w *Workspace) []Task {
	i := slices.IndexFunc(w.packs.imported, func(p ImportedPack) bool { return p.ID == a.Pack })
	if i < 0 || a.Index < 0 || a.Index >= len(w.packs.imported[i].Challenges) {
		return w.say("No such challenge in the imported packs", true)
	}
	c := w.packs.imported[i].Challenges[a.Index]
	return w.openChallenge(c.json, c.Name)
}

// PackProgress grades the saved designs named after an imported pack's
// challenges, for their statuses.
type PackProgress struct{}

func (PackProgress) apply(w *Workspace) []Task {
	names := map[string]bool{}
	for _, p := range w.packs.imported {
		for _, c := range p.Challenges {
			names[c.Name] = true
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		mine, err := st.List(ctx)
		if err != nil {
			return Notify{Text: "Cannot read the workshop's progress: " + Plain(err.Error()), Err: true}
		}
		out := map[string]ChallengeStatus{}
		graded := 0
		for _, m := range mine {
			if !names[m.Name] || graded >= maxGraded {
				continue
			}
			graded++
			if rec, err := st.Get(ctx, m.ID); err == nil {
				out[m.Name] = better(out[m.Name], gradeSaved(rec.Scenario))
			}
		}
		return packGraded{status: out}
	}}}
}

type packGraded struct{ status map[string]ChallengeStatus }

func (a packGraded) apply(w *Workspace) []Task {
	w.packs.status = a.status
	return nil
}

// ExportBuiltinPack offers the built-in workshop pack as a file,
// "<title>.workshop.json".
type ExportBuiltinPack struct{}

func (ExportBuiltinPack) apply(w *Workspace) []Task {
	p, err := builtinPack()
	if err != nil {
		return w.say("Export failed: "+Plain(err.Error()), true)
	}
	return w.offerPack(p)
}

// builtinPack is the built-in workshop pack as a Pack.
func builtinPack() (*scenario.Pack, error) {
	cs := scenarios.Workshop()
	if len(cs) == 0 {
		return nil, fmt.Errorf("there is no built-in workshop pack")
	}
	p := &scenario.Pack{ID: cs[0].PackID, Title: cs[0].PackTitle}
	for _, c := range cs {
		doc, _, err := scenario.Decode(c.JSON, scenario.Lenient)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		p.Challenges = append(p.Challenges, *doc)
	}
	return p, nil
}

// offerPack encodes p and offers it for download.
func (w *Workspace) offerPack(p *scenario.Pack) []Task {
	b, err := scenario.EncodePack(p)
	if err != nil {
		return w.say("Export failed: "+Plain(err.Error()), true)
	}
	name := FileName(packTitle(p.Title, p.ID)) + ".workshop.json"
	tasks := []Task{{Download: &Download{Name: name, Mime: "application/json", Data: string(b)}}}
	return append(tasks, w.say("Exported the workshop pack "+name+" ("+strconv.Itoa(len(p.Challenges))+" challenges)", false)...)
}

// OpenPackExport opens the export chooser: the saved designs with a
// challenge section are read (up to maxPackCandidates), in their pack
// order, then by name; none is picked yet.
type OpenPackExport struct{}

func (OpenPackExport) apply(w *Workspace) []Task {
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		mine, err := st.List(ctx)
		if err != nil {
			return Notify{Text: "Cannot list the saved challenges: " + Plain(err.Error()), Err: true}
		}
		return packCandidates{rows: challengeRows(ctx, st, mine)}
	}}}
}

// challengeRows reads the saved designs and keeps those with a challenge
// section, sorted by their pack order, then name, then id.
func challengeRows(ctx context.Context, st persist.Store, mine []persist.Summary) []PackRow {
	type row struct {
		PackRow
		order int
	}
	var rows []row
	for i, m := range mine {
		if i >= maxPackCandidates {
			break
		}
		rec, err := st.Get(ctx, m.ID)
		if err != nil || !strings.Contains(rec.Scenario, `"challenge"`) {
			continue
		}
		doc, _, err := scenario.Decode([]byte(rec.Scenario), scenario.Lenient)
		if err != nil || doc.Challenge == nil {
			continue
		}
		r := row{PackRow: PackRow{ID: m.ID, Name: m.Name}}
		if doc.Challenge.Pack != nil {
			r.order = doc.Challenge.Pack.Order
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	out := make([]PackRow, len(rows))
	for i, r := range rows {
		out[i] = r.PackRow
	}
	return out
}

type packCandidates struct{ rows []PackRow }

func (a packCandidates) apply(w *Workspace) []Task {
	w.packs.export = PackExport{Open: true, Rows: a.rows, Title: cmp.Or(w.packs.export.Title, "My workshop")}
	return nil
}

// ClosePackExport closes the export chooser.
type ClosePackExport struct{}

func (ClosePackExport) apply(w *Workspace) []Task {
	w.packs.export.Open = false
	return nil
}

// PickForPack picks (Value "true") or drops the saved challenge ID in the
// export chooser.
type PickForPack struct{ ID, Value string }

// WithValue is a with Value set.
func (a PickForPack) WithValue(v string) Action { a.Value = v; return a }

func (a PickForPack) apply(w *Workspace) []Task {
	for i := range w.packs.export.Rows {
		if w.packs.export.Rows[i].ID == a.ID {
			w.packs.export.Rows[i].Picked = a.Value == "true"
		}
	}
	return nil
}

// MoveInPack moves the saved challenge ID By places in the export
// chooser's order (-1 up, 1 down), within the list.
type MoveInPack struct {
	ID string
	By int
}

func (a MoveInPack) apply(w *Workspace) []Task {
	rows := w.packs.export.Rows
	i := slices.IndexFunc(rows, func(r PackRow) bool { return r.ID == a.ID })
	if i < 0 {
		return nil
	}
	j := min(max(i+a.By, 0), len(rows)-1)
	r := rows[i]
	rows = slices.Delete(rows, i, i+1)
	w.packs.export.Rows = slices.Insert(rows, j, r)
	return nil
}

// SetPackTitle sets the exported pack's title.
type SetPackTitle struct{ Value string }

// WithValue is a with Value set.
func (a SetPackTitle) WithValue(v string) Action { a.Value = v; return a }

func (a SetPackTitle) apply(w *Workspace) []Task {
	w.packs.export.Title = a.Value
	return nil
}

// ExportPack offers the picked saved challenges, in the chooser's order,
// as a workshop pack "<title>.workshop.json": each challenge as it is
// saved (its baselines as sealed), its pack reference set to this pack
// and its place. A pack that fails ValidatePack (an unsealed challenge) is
// refused, with the reasons.
type ExportPack struct{}

func (ExportPack) apply(w *Workspace) []Task {
	x := w.packs.export
	var ids []string
	for _, r := range x.Rows {
		if r.Picked {
			ids = append(ids, r.ID)
		}
	}
	title := strings.TrimSpace(x.Title)
	switch {
	case len(ids) == 0:
		return w.say("Pick the challenges of the pack first", true)
	case title == "":
		return w.say("Give the pack a title first", true)
	case len(ids) > scenario.MaxPackChallenges:
		return w.say(fmt.Sprintf("A pack holds up to %d challenges", scenario.MaxPackChallenges), true)
	}
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		p, err := readPack(ctx, st, title, ids)
		return packBuilt{pack: p, err: err}
	}}}
}

// readPack builds the pack titled title from the saved designs ids, in
// order.
func readPack(ctx context.Context, st persist.Store, title string, ids []string) (*scenario.Pack, error) {
	p := &scenario.Pack{ID: FileName(title), Title: title}
	for i, id := range ids {
		rec, err := st.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("cannot read a saved challenge: %w", err)
		}
		doc, _, err := scenario.Decode([]byte(rec.Scenario), scenario.Lenient)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rec.Name, err)
		}
		if doc.Challenge == nil {
			return nil, fmt.Errorf("%s is no longer a challenge", rec.Name)
		}
		if stale := workshop.StaleBaselines(doc); len(stale) > 0 {
			return nil, fmt.Errorf("%s was made ready before its starting design changed (students would start with %s broken): open it and make it ready again", rec.Name, strings.Join(stale, ", "))
		}
		doc.Challenge.Pack = &scenario.PackRef{ID: p.ID, Title: title, Order: i + 1}
		p.Challenges = append(p.Challenges, *doc)
	}
	if errs := packErrors(scenario.ValidatePack(p)); errs != "" {
		return nil, fmt.Errorf("the pack is not ready: %s", errs)
	}
	return p, nil
}

type packBuilt struct {
	pack *scenario.Pack
	err  error
}

func (a packBuilt) apply(w *Workspace) []Task {
	if a.err != nil {
		return w.say("Export failed: "+Plain(a.err.Error()), true)
	}
	w.packs.export.Open = false
	return w.offerPack(a.pack)
}
