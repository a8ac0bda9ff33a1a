package workspace

// A tab whose store was closed by a newer vnetplay. When a newer build of
// the app is opened in another tab and its database schema is newer, its
// upgrade makes the browser close this tab's connection to the database
// (versionchange): from then on this tab can neither read nor write the
// saved designs (persist.ErrSuperseded). It says so at once and until it is
// reloaded, never tries to save again (no retries, no flush), lets the
// design's writer lock go (the new tab edits it), keeps the design on
// screen editable, and counts every change made since as unsaved: the page
// warns before it is closed or reloaded with such changes (UnsavedWork),
// and opening another design in their place is refused. Export JSON keeps
// them. docs/reliability.md states the guarantees.

// supersededText is what the banner says once the connection was closed
// for a newer version in another tab.
const supersededText = "A newer version of vnetplay was opened in another tab, so this tab can no longer save: " +
	"the browser closed its connection to your saved designs for the new version. " +
	"Your design as last saved here is kept, and the new version opens it. " +
	"Changes made in this tab since that save are not saved: to keep them, export them with Export JSON, then reload; " +
	"or reload now to continue in the new version."

// olderBuildText is what the banner says when the store could not be
// opened at start because a newer version already upgraded it.
const olderBuildText = "This tab runs an older version of vnetplay than the one that last opened your saved designs, " +
	"so it can neither open nor save them. Reload to continue in the new version. " +
	"What you make in this tab meanwhile is not saved: Export JSON keeps a copy."

// leaveText refuses to replace a design whose changes cannot be saved.
const leaveText = "Not opened: this tab can no longer save, and opening another design here would lose the changes made to this one. Export JSON keeps them; then reload"

// StoreSuperseded: the browser closed the store's connection because
// another tab opened the database at a newer version (persist.Superseded).
type StoreSuperseded struct{}

func (StoreSuperseded) apply(w *Workspace) []Task { return w.supersede(supersededText) }

// supersede makes this tab stop saving for good (until a reload), and say
// why with text.
func (w *Workspace) supersede(text string) []Task {
	if w.lib.Superseded != "" {
		return nil
	}
	w.lib.Superseded = text
	// What the generic storage problem said (a save failed) is this.
	w.lib.Storage, w.lib.retry, w.lib.pending = "", 0, false
	w.lib.takingOver = false
	var tasks []Task
	if w.lib.Access != Editing {
		// Nothing to follow any more: the design on screen stays, and can
		// be edited and exported.
		w.setAccess(Editing)
	} else if w.lib.Ready {
		// The new version's tab may wait for the design's writer lock.
		tasks = append(tasks, Task{Release: w.lib.DocID})
	}
	return tasks
}

// Superseded reports whether this tab can no longer save because a newer
// version of vnetplay took the store.
func (w *Workspace) Superseded() bool { return w.lib.Superseded != "" }

// UnsavedWork reports whether the design on screen has changes this tab
// cannot save any more: closing or reloading the page loses them, so the
// page asks first (beforeunload). Elsewhere a change is saved within
// autosaveDelay, or flushed when the page is closed.
func (w *Workspace) UnsavedWork() bool { return w.lib.Superseded != "" && w.unsaved() }

// AsksBeforeLeaving reports whether closing or reloading the page would
// lose what the user did, so that the page asks first (beforeunload): the
// design's unsaved work (UnsavedWork), or an item form (a route, a rule)
// edited and not saved, which lives in the tab only.
func (w *Workspace) AsksBeforeLeaving() bool { return w.UnsavedWork() || w.itemEdited() }

// ReloadPage reloads the page (the banner's Reload).
type ReloadPage struct{}

func (ReloadPage) apply(w *Workspace) []Task { return []Task{{Reload: true}} }

// replacesDesign reports whether a replaces the open design with another
// (opened, imported, new), which loses what is not saved of it.
func (w *Workspace) replacesDesign(a Action) bool {
	switch a := a.(type) {
	case NewDesign, OpenBuiltin, OpenSaved, OpenChallenge, OpenPackChallenge:
		return true
	case OpenLink:
		return w.lib.Ready
	case Import:
		return a.Err == "" && !isPackFile(a.Text)
	case DeleteSaved:
		return a.ID == w.lib.DocID
	case openedSaved: // a saved design read, opened now
		return a.err == nil && a.id != w.lib.DocID
	case linkLookedUp: // a link's design, opened now
		return !a.found || a.rec.ID != w.lib.DocID
	}
	return false
}

// keepThenApply applies a; when a replaces the open design while a save
// conflict's question is unanswered, this tab's version is first kept as
// a copy (keepBeforeLeaving), and the notice says so after a's own.
func (w *Workspace) keepThenApply(a Action) []Task {
	switch a.(type) {
	case OpenSaved, OpenLink: // replace the open design once read: openedSaved, linkLookedUp
		return a.apply(w)
	}
	if !w.replacesDesign(a) {
		return a.apply(w)
	}
	kept, tasks := w.keepBeforeLeaving()
	if kept == "" {
		return a.apply(w)
	}
	tasks = append(tasks, w.saveNow()...)
	tasks = append(tasks, a.apply(w)...)
	if w.notice.Text == "" {
		return append(tasks, w.say(capital(kept), false)...)
	}
	w.notice.Text += "; " + kept
	return tasks
}
