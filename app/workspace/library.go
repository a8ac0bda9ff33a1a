package workspace

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"vnetplay/engine/importer"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// Library is the state of scenario management: which record the open
// design is saved as and who edits it, the Scenarios dialog, the saved
// designs and the trash as last listed, the last share link made, the
// problems to show.
type Library struct {
	DocID  string            // the record the open design is saved as
	Access Access            // who edits the open design (tabs.go)
	Open   bool              // the Scenarios dialog is shown
	Mine   []persist.Summary // My scenarios, as last listed
	Trash  []persist.Summary // deleted scenarios that can be restored
	// Erasing is the trashed scenario whose Erase asks to be confirmed
	// (PurgeSaved), until answered or the dialog closes.
	Erasing string
	// Link is the share link last made, while the open design is as it
	// was then (shareLink): "" once the design changed or another opened.
	Link    string
	Problem string // an error to acknowledge (bad link, bad import)
	// Unreadable is the saved record a restore could not open, offered
	// for download with the problem.
	Unreadable *persist.Record
	// Storage is a storage problem (unavailable, full, refused): shown
	// until a save works.
	Storage string
	// Waiting says that the browser has not opened the store yet, why,
	// and what happens to the work meanwhile (StoreWaiting): shown until
	// it opens.
	Waiting string
	// Superseded says that this tab can no longer save, why and what to
	// do (superseded.go): a newer version of vnetplay took the store.
	// Shown until the page is reloaded.
	Superseded string
	// Conflict: a save was refused because the stored design changed in
	// another tab; KeepMine or TakeTheirs answers.
	Conflict bool
	// conflictFrom is the id of the element that had the focus when the
	// conflict's question took it (FocusWas): it gets it back after the
	// answer.
	conflictFrom string
	// Kept reports whether the browser keeps the storage persistent
	// (StorageKept); nil until it answered.
	Kept  *bool
	Ready bool // startup finished (store opened, design restored)

	starting bool // Start came: the browser answered the store's open
	waited   bool // the store's open was reported waiting (Waiting) before Start

	rev         int64         // the revision the open design is based on (saves count ahead)
	saved       uint64        // session version last saved
	pending     bool          // an autosave is scheduled
	retry       time.Duration // the delay of the next retry after a failed save
	takingOver  bool          // TakeOver asked the editing tab to hand over
	followSince time.Time     // when this tab found the design edited elsewhere
	linkOf      linkStamp     // the design Link was made of
	// underWay is, by record id, the last save issued and not yet
	// reported (saveNow): queued, or waiting for the store. A page closed
	// meanwhile flushes it (Flush).
	underWay map[string]persist.Record
}

// linkStamp names a state of the open design: its session and version.
type linkStamp struct {
	sess    *store.Session
	version uint64
}

// Library returns the library's state.
func (w *Workspace) Library() Library {
	lib := w.lib
	lib.Link = w.shareLink()
	return lib
}

// shareLink is the share link last made when it carries the open design
// as it is now, else "": a link made before an edit, or of the design
// open before, would share what is no longer on screen.
func (w *Workspace) shareLink() string {
	if w.lib.linkOf != (linkStamp{w.sess, w.sess.Version()}) {
		return ""
	}
	return w.lib.Link
}

// newDocID makes the id of a new design: "s-", the time in ms and a
// random part, in base 36.
func newDocID() string {
	return "s-" + strconv.FormatInt(time.Now().UnixMilli(), 36) + "-" + strconv.FormatUint(rand.Uint64()%(36*36*36*36), 36)
}

// Start restores what to show first, once the UI has opened the store: a
// share link in the URL (opened as a new scenario; a bad link is reported
// and changes nothing), else the last opened scenario, else an empty
// design. StoreErr is why the browser's storage could not be opened (the
// store is then in memory only).
type Start struct {
	Fragment string
	StoreErr error
}

func (a Start) apply(w *Workspace) []Task {
	w.lib.starting = true
	w.lib.waited = w.lib.waited || w.lib.Waiting != ""
	w.lib.Waiting = ""
	frag := a.Fragment
	deferred := w.deferred
	tasks := []Task{{Storage: func(ctx context.Context, st persist.Store) Action { return restore(ctx, st, frag, deferred) }}, {Persist: true}}
	switch {
	case errors.Is(a.StoreErr, persist.ErrSuperseded):
		// The store is at a newer version than this build's.
		tasks = append(tasks, w.supersede(olderBuildText)...)
	case a.StoreErr != nil:
		w.lib.Storage = "The browser's storage cannot be used (" + Plain(a.StoreErr.Error()) + "), so designs are kept in this tab only and are lost when it closes. Export JSON keeps a copy."
	}
	return tasks
}

// StoreWaiting: the browser has not opened the store yet (persist.OpenWait
// says why). The app runs meanwhile: what is made is kept in the tab and
// saved as a new design once the store opens (started), the saved designs
// untouched; a banner says so until then.
type StoreWaiting struct{ Why persist.OpenWait }

func (a StoreWaiting) apply(w *Workspace) []Task {
	if w.lib.Ready || w.lib.starting {
		return nil
	}
	meanwhile := " Meanwhile you can work in this tab: nothing is saved until the store opens; then what you made is saved as a new design, and your saved designs stay as they are. Closing this tab before then loses what you made here: Export JSON keeps a copy."
	switch a.Why {
	case persist.OpenBlocked:
		w.lib.Waiting = "Your saved designs cannot be opened yet: another tab holds vnetplay's design store open, most likely a vnetplay tab left open from an earlier version. Close your other vnetplay tabs (or reload them), and this tab opens the store by itself." + meanwhile
	default:
		if w.lib.Waiting != "" { // blocked says more
			return nil
		}
		w.lib.Waiting = "The browser has not opened vnetplay's design store yet. If another vnetplay tab is open, most likely one from an earlier version, close it (or reload it), and this tab opens the store by itself." + meanwhile
	}
	return nil
}

// OpenLink opens the design of a share link (its fragment) put in the
// address bar of a tab where the app is already open: the browser does
// not load the page again for a new fragment, so Start never sees it. The
// open design is saved first, the link's opens as a new scenario, and the
// address goes back to "/"; a link that cannot be opened changes nothing
// and says why. Before Start has finished, Start opens it.
type OpenLink struct{ Fragment string }

func (a OpenLink) apply(w *Workspace) []Task {
	if !w.lib.Ready || !persist.IsShareLink(a.Fragment) {
		return nil
	}
	b, err := persist.DecodeLink(a.Fragment)
	var sess *store.Session
	if err == nil {
		sess, _, err = store.OpenJSONWith(b, w.deferred)
	}
	if err != nil {
		return append(w.showProblem("This share link cannot be opened: "+Plain(err.Error())+". Nothing was changed; your saved scenarios are as they were."), Task{ReplaceURL: "/"})
	}
	name, text, ok := storedForm(sess)
	if !ok {
		return w.keepThenApply(linkLookedUp{sess: sess})
	}
	// The design may be saved already, unchanged (the same link opened
	// again): it is looked for first (linkLookedUp).
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		rec, found := unchangedCopy(ctx, st, name, text)
		return linkLookedUp{sess: sess, rec: rec, found: found}
	}}, {ReplaceURL: "/"}}
}

// storedForm is the name and the text a design is saved with (record),
// for sess just opened; ok is false when it cannot be encoded.
func storedForm(sess *store.Session) (name, text string, ok bool) {
	doc := sess.Current().Intact0().Doc
	b, err := scenario.EncodeCompact(doc)
	if err != nil {
		return "", "", false
	}
	if name = doc.Name; name == "" {
		name = UntitledName
	}
	return name, string(b), true
}

// unchangedCopy finds the saved design of this name whose text is text: a
// share link opened again, its design unchanged since, opens it rather
// than another copy of one name. It runs off the UI's goroutine.
func unchangedCopy(ctx context.Context, st persist.Store, name, text string) (persist.Record, bool) {
	mine, err := st.List(ctx)
	if err != nil {
		return persist.Record{}, false
	}
	for _, m := range mine {
		if m.Name != name {
			continue
		}
		if rec, err := st.Get(ctx, m.ID); err == nil && rec.Scenario == text {
			return rec, true
		}
	}
	return persist.Record{}, false
}

// linkLookedUp is a share link's design, and the saved design that is
// it unchanged, if found.
type linkLookedUp struct {
	sess  *store.Session
	rec   persist.Record
	found bool
}

func (a linkLookedUp) apply(w *Workspace) []Task { return w.openLinked(a) }

// openLinked opens a share link's design: the saved design that is it
// unchanged, if any, else a new one.
func (w *Workspace) openLinked(a linkLookedUp) []Task {
	w.lib.Open = false
	if !a.found || (a.rec.ID == w.lib.DocID && w.unsaved()) { // the open one, edited since its save: not the link's
		tasks := w.replaceNew(a.sess)
		return append(tasks, w.say("Opened the shared design \""+w.DocName()+"\" as a new scenario", false)...)
	}
	said := w.say("The shared design \""+Plain(a.rec.Name)+"\" is in My scenarios, unchanged: opened it there rather than as another copy", false)
	if a.rec.ID == w.lib.DocID {
		return said
	}
	tasks := w.replace(a.sess, a.rec.ID, a.rec.Revision)
	w.lib.saved = w.sess.Version()
	tasks = append(tasks, said...)
	return append(tasks, Task{Storage: markOpened(a.rec.ID)})
}

// StorageKept is the browser's answer to Task.Persist.
type StorageKept struct{ Persistent bool }

func (a StorageKept) apply(w *Workspace) []Task {
	w.lib.Kept = &a.Persistent
	return nil
}

// started is what restore found.
type started struct {
	sess       *store.Session
	docID      string
	rev        int64
	fromURL    bool
	linkSaved  bool // the link's design is saved already, unchanged: opened there
	problem    string
	lastName   string // the name of the last opened design, when sess is it
	unreadable *persist.Record
	mine       []persist.Summary
	trash      []persist.Summary
}

// restore decides what the app opens on start (see Start). It runs off the
// UI's goroutine.
func restore(ctx context.Context, st persist.Store, frag string, deferred bool) started {
	var out started
	if persist.IsShareLink(frag) {
		out.fromURL = true
		b, err := persist.DecodeLink(frag)
		if err == nil {
			out.sess, _, err = store.OpenJSONWith(b, deferred)
		}
		if err != nil {
			out.problem = "This share link cannot be opened: " + Plain(err.Error()) + ". Nothing was changed; your saved scenarios are as they were."
			out.sess = nil
		} else if name, text, ok := storedForm(out.sess); ok {
			out.docID = newDocID()
			if rec, found := unchangedCopy(ctx, st, name, text); found {
				out.docID, out.rev, out.linkSaved = rec.ID, rec.Revision, true
			}
		} else {
			out.docID = newDocID()
		}
	}
	if out.sess == nil {
		if last, err := st.LastOpened(ctx); err == nil && last != "" {
			rec, err := st.Get(ctx, last)
			if err == nil {
				var sess *store.Session
				if sess, _, err = store.OpenJSONWith([]byte(rec.Scenario), deferred); err == nil {
					out.sess, out.docID, out.rev, out.lastName = sess, rec.ID, rec.Revision, rec.Name
				} else {
					out.unreadable = &rec
				}
			}
			if err != nil && out.problem == "" {
				out.problem = "Your last design could not be reopened: " + Plain(err.Error()) + ". It is still listed in My scenarios, unchanged; an empty design is open instead."
				if out.unreadable != nil {
					out.problem += " Download the saved record to keep its text."
				}
			}
		}
	}
	out.mine, _ = st.List(ctx)
	out.trash, _ = st.Trash(ctx)
	return out
}

func (a started) apply(w *Workspace) []Task {
	w.lib.Ready, w.lib.Mine, w.lib.Trash = true, a.mine, a.trash
	// Made or opened while the store was opening (the open waited on
	// another tab, or a quick hand): kept, and saved as a new design.
	early := w.unsaved()
	var tasks []Task
	switch {
	case a.sess != nil && early && a.fromURL:
		// The link opens as a new design, after what was made is saved.
		name := w.DocName()
		tasks = w.saveNow()
		tasks = append(tasks, w.openSession(a.sess, a.docID, a.rev, !a.linkSaved)...)
		if a.linkSaved {
			w.lib.saved = w.sess.Version() // saved as it is
		}
		if a.problem == "" {
			tasks = append(tasks, w.say("Opened the shared design \""+w.DocName()+"\" as a new scenario; what you made before it opened is saved as \""+name+"\" in My scenarios", false)...)
		}
	case a.sess != nil && early:
		// The last design stays as it is saved; what was made stays open.
		tasks = []Task{{Claim: &Claim{DocID: w.lib.DocID}}}
		tasks = append(tasks, w.say("The design store is open: what you made meanwhile is saved as \""+w.DocName()+"\"; your last design, \""+a.lastName+"\", is in My scenarios as it was", false)...)
	case a.sess != nil && a.linkSaved:
		tasks = w.openSession(a.sess, a.docID, a.rev, false)
		w.lib.saved = w.sess.Version() // saved as it is
		tasks = append(tasks, Task{Storage: markOpened(a.docID)})
		tasks = append(tasks, w.say("The shared design \""+Plain(w.DocName())+"\" is in My scenarios, unchanged: opened it there rather than as another copy", false)...)
	case a.sess != nil:
		tasks = w.openSession(a.sess, a.docID, a.rev, a.fromURL)
		if a.fromURL && a.problem == "" {
			tasks = append(tasks, w.say("Opened the shared design \""+w.DocName()+"\" as a new scenario", false)...)
		} else {
			w.lib.saved = w.sess.Version() // restored, not changed
		}
	default:
		// An untouched empty design is not worth a record; what was made
		// or opened while the store was opening is saved below.
		tasks = []Task{{Claim: &Claim{DocID: w.lib.DocID}}}
		if early && w.lib.waited {
			tasks = append(tasks, w.say("The design store is open: what you made meanwhile is saved as \""+w.DocName()+"\"", false)...)
		}
	}
	if w.lib.waited && !early && a.problem == "" && !a.fromURL {
		tasks = append(tasks, w.say("The design store is open: saving works", false)...)
	}
	w.lib.Unreadable = a.unreadable
	if a.fromURL {
		// The design is now a saved scenario; a reload restores it without
		// opening the link again.
		tasks = append(tasks, Task{ReplaceURL: "/"})
	}
	if a.problem != "" {
		tasks = append(tasks, w.showProblem(a.problem)...)
	}
	return append(tasks, w.saveNow()...)
}

// openSession makes sess the open design, saved as docID at revision rev
// (0: not saved yet). What was typed or picked for the previous design
// goes; the view fits the new one. A saved design is read-only until the
// browser grants this tab its writer lock; a fresh one (an id just made)
// is editable at once: no other tab can have it.
func (w *Workspace) openSession(sess *store.Session, docID string, rev int64, fresh bool) []Task {
	var tasks []Task
	if w.lib.DocID != "" && w.lib.DocID != docID {
		tasks = append(tasks, Task{Release: w.lib.DocID})
	}
	w.sess = sess
	w.lib.DocID, w.lib.rev, w.lib.saved = docID, rev, 0
	w.lib.Conflict, w.lib.takingOver = false, false
	w.setAccess(Claiming)
	if fresh {
		w.setAccess(Editing)
	}
	w.sel, w.insp, w.walk, w.g = selection{}, inspector{}, walkState{}, gesture{}
	w.nh = nextHopState{}
	w.ipflow = ipflowState{}
	w.view = canvas.NewViewport()
	w.fitOpened()
	w.openedForDrawing()
	if w.Snap().Doc.Challenge != nil { // a student opens a challenge: its instructions and goals first
		w.panels.Tab, w.panels.PanelCollapsed = TabChallenge, false
	}
	return append(tasks, Task{Claim: &Claim{DocID: docID}})
}

// replace opens sess as a new design, after saving what is pending of the
// one it replaces (so an edit made just before is never lost: the save is
// queued before anything the new design does).
func (w *Workspace) replace(sess *store.Session, docID string, rev int64) []Task {
	tasks := w.saveNow()
	return append(tasks, w.openSession(sess, docID, rev, false)...)
}

// replaceNew is replace with a new design (a fresh id, not saved yet).
func (w *Workspace) replaceNew(sess *store.Session) []Task {
	tasks := w.saveNow()
	return append(tasks, w.openSession(sess, newDocID(), 0, true)...)
}

// OpenLibrary and CloseLibrary show and hide the Scenarios dialog.
type (
	OpenLibrary  struct{}
	CloseLibrary struct{}
)

// The ids of the Scenarios dialog and of the top bar's button that opens
// it: the dialog takes the focus when it opens (Tab then walks its
// controls, not the page behind its overlay), and gives it back to the
// button when it closes.
const (
	libraryDialog = "library"
	libraryButton = "scenarios"
)

func (OpenLibrary) apply(w *Workspace) []Task {
	tasks := []Task{{Storage: listing}}
	if !w.lib.Open {
		w.lib.Erasing = "" // a question left when the dialog closed
		tasks = append(tasks, Task{Focus: libraryDialog})
	}
	w.lib.Open = true
	return tasks
}

func (CloseLibrary) apply(w *Workspace) []Task {
	if !w.lib.Open {
		return nil
	}
	w.lib.Open, w.lib.Erasing = false, ""
	return []Task{{Focus: libraryButton}}
}

// listing reads My scenarios and the trash again.
func listing(ctx context.Context, st persist.Store) Action {
	mine, err := st.List(ctx)
	trash, _ := st.Trash(ctx)
	return listed{mine: mine, trash: trash, err: err}
}

type listed struct {
	mine, trash []persist.Summary
	err         error
}

func (a listed) apply(w *Workspace) []Task {
	if a.err != nil {
		return w.say("Cannot list the saved scenarios: "+Plain(a.err.Error()), true)
	}
	w.lib.Mine, w.lib.Trash = a.mine, a.trash
	return nil
}

// AckProblem dismisses the problem dialog.
// problemOK is the id of the Problem alert's OK button.
const problemOK = "problem-ok"

// showProblem opens the Problem alert with text, its OK button focused: the
// alert is modal, so the keyboard goes to it (Enter or Escape dismisses
// it), not to the page behind.
func (w *Workspace) showProblem(text string) []Task {
	w.lib.Problem = text
	return []Task{{Focus: problemOK}}
}

// AckProblem dismisses the Problem alert.
type AckProblem struct{}

func (AckProblem) apply(w *Workspace) []Task {
	w.lib.Problem, w.lib.Unreadable = "", nil
	if top := w.TopDialog(); top != "" { // the dialog under the alert takes the keyboard back
		return []Task{{Focus: top}}
	}
	return nil
}

// DownloadUnreadable offers the text of the saved record a restore could
// not open.
type DownloadUnreadable struct{}

func (DownloadUnreadable) apply(w *Workspace) []Task {
	r := w.lib.Unreadable
	if r == nil {
		return nil
	}
	return []Task{{Download: &Download{Name: FileName(r.Name) + ".saved.json", Mime: "application/json", Data: r.Scenario}}}
}

// NewDesign opens an empty design.
type NewDesign struct{}

func (NewDesign) apply(w *Workspace) []Task {
	tasks := w.replaceNew(store.Open(&scenario.Document{Name: UntitledName}))
	w.lib.saved = w.sess.Version() // saved once something is drawn
	w.lib.Open = false
	return append(tasks, w.say("New design", false)...)
}

// OpenBuiltin opens a copy of a built-in scenario as a new design.
type OpenBuiltin struct{ Name string }

func (a OpenBuiltin) apply(w *Workspace) []Task {
	sc, ok := scenarios.Get(a.Name)
	if !ok {
		return w.say("No built-in scenario "+a.Name, true)
	}
	sess, _, err := store.OpenJSONWith(sc.JSON, w.deferred)
	if err != nil {
		return w.say("Cannot open "+Plain(sc.Title)+": "+Plain(err.Error()), true)
	}
	tasks := w.replaceNew(sess)
	w.lib.Open = false
	return append(tasks, w.say("Opened a copy of \""+Plain(sc.Title)+"\"; changes are saved in My scenarios", false)...)
}

// Import opens a file's text as a new design: a vnetplay scenario
// (leniently: unknown fields are dropped with a warning), or an Azure export
// (az CLI JSON, ARM template, terraform show -json; the format is
// detected), which opens with its import report. A workshop pack
// ("vnetplay/workshop") opens no design: it is listed in the Scenarios
// dialog (challenge_pack_io.go). Err is why the file could not be read.
type Import struct {
	Name, Text string
	Err        string
}

// designErrors counts the Error diagnostics of doc's own checks
// (engine.ValidateModel).
func designErrors(doc *scenario.Document) int {
	n := 0
	for _, d := range engine.ValidateModel(doc) {
		if d.Severity == model.Error {
			n++
		}
	}
	return n
}

func (a Import) apply(w *Workspace) []Task {
	errText := a.Err
	if errText == "" && isPackFile(a.Text) {
		// A workshop pack: listed in the Scenarios dialog, the design kept.
		var tasks []Task
		if tasks, errText = w.importPack(a.Name, a.Text); errText == "" {
			return tasks
		}
	} else if _, export := importer.Sniff([]byte(a.Text)); errText == "" && export {
		var tasks []Task
		if tasks, errText = w.importExport(a.Name, a.Text); errText == "" {
			return tasks
		}
	} else if errText == "" {
		sess, warnings, err := store.OpenJSONWith([]byte(a.Text), w.deferred)
		if err == nil {
			tasks := w.replaceNew(sess)
			w.lib.Open = false
			msg := "Imported " + a.Name
			if len(warnings) > 0 {
				// Unknown fields are dropped from the design: say which.
				var ws []string
				for _, d := range warnings[:min(len(warnings), 3)] {
					ws = append(ws, Plain(d.Msg))
				}
				if len(warnings) > 3 {
					ws = append(ws, fmt.Sprintf("and %d more", len(warnings)-3))
				}
				msg += "; ignored: " + strings.Join(ws, "; ")
			}
			n := designErrors(w.Snap().Doc)
			if n > 0 {
				// What the errors name (a duplicate id, a dangling
				// reference) may not be drawn: say so at once.
				msg += fmt.Sprintf("; it has %s (the Checks tab lists them): what they name may be missing from the canvas", plural(n, "error", "errors"))
			}
			return append(tasks, w.say(msg, n > 0)...)
		}
		errText = Plain(err.Error())
		if !looksLikeJSON(a.Text) {
			errText = "it is not a JSON file (a vnetplay scenario, a workshop pack or an Azure export is JSON text)"
		}
	}
	w.notice = Notice{seq: w.notice.seq} // the notice of what came before would read as this file's
	return w.showProblem("Cannot import " + a.Name + ": " + errText + ". Nothing was changed.")
}

// looksLikeJSON reports whether text starts, after spaces and a byte
// order mark, with an object or an array.
func looksLikeJSON(text string) bool {
	t := strings.TrimLeft(strings.TrimPrefix(text, "\ufeff"), " \t\r\n")
	return strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
}

// ShareLink makes the share link of the open design for a page at Origin
// ("https://host"), copies it to the clipboard, or says why there is none.
type ShareLink struct{ Origin string }

func (a ShareLink) apply(w *Workspace) []Task {
	b, err := scenario.EncodeCompact(w.Snap().Intact0().Doc)
	if err == nil {
		var frag string
		frag, err = persist.EncodeLink(b)
		if err == nil && len(frag) > persist.MaxLinkChars {
			err = fmt.Errorf("the design needs a %d-character link, more than the %d a link can safely carry; use Export JSON instead", len(frag), persist.MaxLinkChars)
		}
		if err == nil {
			w.lib.Link, w.lib.linkOf = a.Origin+"/#"+frag, linkStamp{w.sess, w.sess.Version()}
			return append([]Task{{Copy: w.lib.Link}}, w.say("Share link copied: anyone with it sees this design and its computed behaviour", false)...)
		}
	}
	w.lib.Link = ""
	return w.say("No share link: "+Plain(err.Error()), true)
}

// CopyFailed is the browser's answer that a Copy task's text did not reach
// the clipboard (no clipboard access, or permission refused): the notice
// says where the share link can be copied from instead.
type CopyFailed struct{}

func (CopyFailed) apply(w *Workspace) []Task {
	if w.lib.Link == "" {
		return nil
	}
	return w.say("The browser did not let vnetplay copy the share link: select it in the Scenarios dialog's Share link field and copy it from there", true)
}

// OpenSaved opens a saved scenario.
type OpenSaved struct{ ID string }

func (a OpenSaved) apply(w *Workspace) []Task {
	id, deferred := a.ID, w.deferred
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		rec, err := st.Get(ctx, id)
		var sess *store.Session
		if err == nil {
			sess, _, err = store.OpenJSONWith([]byte(rec.Scenario), deferred)
		}
		return openedSaved{id: id, rev: rec.Revision, sess: sess, err: err}
	}}}
}

type openedSaved struct {
	id   string
	rev  int64
	sess *store.Session
	err  error
}

func (a openedSaved) apply(w *Workspace) []Task {
	if a.err != nil {
		return append(w.say(goneOr("Cannot open the scenario", a.err), true), Task{Storage: listing})
	}
	if a.id == w.lib.DocID {
		w.lib.Open = false
		return nil // already open here
	}
	tasks := w.replace(a.sess, a.id, a.rev)
	w.lib.saved = w.sess.Version()
	w.lib.Open = false
	// Said, so that the notice of the design open before (an import, a
	// built-in's copy) is not left over the one now open.
	tasks = append(tasks, w.say("Opened \""+Plain(w.DocName())+"\" from My scenarios", false)...)
	return append(tasks, Task{Storage: markOpened(a.id)})
}

// markOpened makes id the scenario restored on the next start.
func markOpened(id string) func(context.Context, persist.Store) Action {
	return func(ctx context.Context, st persist.Store) Action {
		if err := st.SetLastOpened(ctx, id); err != nil {
			return Notify{Text: "Not saved as the last opened design: " + Plain(err.Error()), Err: true}
		}
		return nil
	}
}

// libraryOp is a storage operation on the saved scenarios: it returns what
// to say when it worked. The task it makes runs op, lists My scenarios and
// the trash again, and reports both (or "failed: reason").
func libraryOp(failed string, op func(ctx context.Context, st persist.Store) (string, error)) Task {
	return Task{Storage: func(ctx context.Context, st persist.Store) Action {
		msg, err := op(ctx, st)
		mine, _ := st.List(ctx)
		trash, _ := st.Trash(ctx)
		if err != nil {
			return libraryDone{mine: mine, trash: trash, msg: goneOr(failed, err), err: true}
		}
		return libraryDone{mine: mine, trash: trash, msg: msg}
	}}
}

// goneOr says why a library operation (failed: "Cannot …") on a row
// failed: a row another tab deleted or erased since the list was read
// (persist.ErrNotFound) is said so, in words, not by the record's id;
// any other error is given as it is.
func goneOr(failed string, err error) string {
	if errors.Is(err, persist.ErrNotFound) {
		return failed + ": it is no longer there (deleted or erased in another tab since this list was shown); the list now shows what is saved"
	}
	return failed + ": " + Plain(err.Error())
}

// DuplicateSaved saves a copy of a saved scenario, named "<name> (copy)".
type DuplicateSaved struct{ ID string }

func (a DuplicateSaved) apply(w *Workspace) []Task {
	id, copyID := a.ID, newDocID()
	tasks := w.saveNow() // the open design, if it is the one copied
	return append(tasks, libraryOp("Cannot duplicate", func(ctx context.Context, st persist.Store) (string, error) {
		rec, err := st.Get(ctx, id)
		if err != nil {
			return "", err
		}
		name := rec.Name
		rec.ID, rec.Name, rec.Updated = copyID, rec.Name+" (copy)", time.Now().UTC().Truncate(time.Millisecond)
		return "Duplicated \"" + name + "\"", st.Put(ctx, rec)
	}))
}

// DeleteSaved moves a saved scenario to the trash; Restore brings it back.
// Deleting the open design opens an empty one.
type DeleteSaved struct{ ID string }

func (a DeleteSaved) apply(w *Workspace) []Task {
	id := a.ID
	del := libraryOp("Cannot delete", func(ctx context.Context, st persist.Store) (string, error) {
		rec, err := st.Get(ctx, id)
		if err != nil { // deleted in another tab meanwhile: Delete would say nothing
			return "", err
		}
		return "Moved \"" + rec.Name + "\" to the trash; Restore brings it back", st.Delete(ctx, id)
	})
	if id != w.lib.DocID {
		return []Task{del}
	}
	// The open design: what is pending is saved, the design deleted, and
	// only then its lock let go (in this order), so that a tab that
	// follows it, promoted, finds it deleted and says so.
	tasks := append(w.saveNow(), del)
	tasks = append(tasks, w.openSession(store.Open(&scenario.Document{Name: UntitledName}), newDocID(), 0, true)...)
	w.lib.saved = w.sess.Version()
	return tasks
}

// RestoreSaved brings a scenario back from the trash.
type RestoreSaved struct{ ID string }

func (a RestoreSaved) apply(w *Workspace) []Task {
	id := a.ID
	return []Task{libraryOp("Cannot restore", func(ctx context.Context, st persist.Store) (string, error) {
		if err := st.Restore(ctx, id); err != nil {
			return "", err
		}
		rec, err := st.Get(ctx, id)
		return "Restored \"" + rec.Name + "\"", err
	})}
}

// eraseKeep is the id of the Keep button of a trashed design whose Erase
// was asked (PurgeSaved): it takes the focus, so that Enter keeps it.
const eraseKeep = "erase-keep"

// PurgeSaved asks before a trashed scenario is erased for good, which no
// Restore undoes: its row then offers Erase for good (ConfirmPurge) and
// Keep (CancelPurge), Keep focused.
type PurgeSaved struct{ ID string }

func (a PurgeSaved) apply(w *Workspace) []Task {
	w.lib.Erasing = a.ID
	return []Task{{Focus: eraseKeep}}
}

// ConfirmPurge erases the trashed scenario whose Erase was asked.
type ConfirmPurge struct{ ID string }

func (a ConfirmPurge) apply(w *Workspace) []Task {
	if a.ID == "" || a.ID != w.lib.Erasing {
		return nil // not asked, or asked for another row
	}
	id, name := a.ID, a.ID
	w.lib.Erasing = ""
	for _, s := range w.lib.Trash {
		if s.ID == id {
			name = s.Name
		}
	}
	return []Task{libraryOp("Cannot erase", func(ctx context.Context, st persist.Store) (string, error) {
		return "Erased \"" + Plain(name) + "\" for good", st.Purge(ctx, id)
	}), {Focus: libraryDialog}}
}

// CancelPurge keeps the trashed scenario whose Erase was asked.
type CancelPurge struct{}

func (CancelPurge) apply(w *Workspace) []Task {
	w.lib.Erasing = ""
	return []Task{{Focus: libraryDialog}}
}

// libraryDone reports a library operation with the lists it left.
type libraryDone struct {
	mine, trash []persist.Summary
	msg         string
	err         bool
}

func (a libraryDone) apply(w *Workspace) []Task {
	w.lib.Mine, w.lib.Trash = a.mine, a.trash
	return w.say(a.msg, a.err)
}

// ExportJSON offers the open design as a scenario file: canonical,
// indented JSON (compact if that were over scenario.MaxFileSize, so that
// every design exported can be imported again).
type ExportJSON struct{}

func (ExportJSON) apply(w *Workspace) []Task {
	doc := w.Snap().Intact0().Doc
	b, err := scenario.EncodeFile(doc)
	if err != nil {
		return w.say("Export failed: "+Plain(err.Error()), true)
	}
	tasks := []Task{{Download: &Download{Name: FileName(w.DocName()) + ".json", Mime: "application/json", Data: string(b)}}}
	if _, err := scenario.CheckLimits(doc); err != nil {
		tasks = append(tasks, w.say("Exported, but "+Plain(err.Error())+": vnetplay will refuse to open this file until the design is smaller", true)...)
	}
	return tasks
}

// FileName makes a file name (without extension) from a design's name:
// lower-case letters, digits, '-' and '_'.
func FileName(name string) string {
	var b []rune
	for _, r := range []rune(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b = append(b, r)
		case r >= 'A' && r <= 'Z':
			b = append(b, r+'a'-'A')
		case r == ' ' || r == '.':
			b = append(b, '-')
		}
	}
	if len(b) == 0 {
		return "vnetplay-design"
	}
	return string(b)
}
