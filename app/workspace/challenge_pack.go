package workspace

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine"
	"vnetplay/engine/workshop"
	"vnetplay/scenarios"
)

// The built-in workshop pack in the Scenarios dialog: each challenge opens
// as a copy, a new design saved in My scenarios like any other; its status
// comes from the saved designs named after it.

// OpenChallenge opens a copy of a built-in workshop challenge as a new
// design, with the Challenge tab shown.
type OpenChallenge struct{ Name string }

func (a OpenChallenge) apply(w *Workspace) []Task {
	c, ok := scenarios.WorkshopChallenge(a.Name)
	if !ok {
		return w.say("No workshop challenge "+a.Name, true)
	}
	return w.openChallenge(c.JSON, c.Title)
}

// openChallenge opens a challenge's starting design (scenario JSON) as a
// new design, on the Challenge tab; its name is title.
func (w *Workspace) openChallenge(json []byte, title string) []Task {
	sess, _, err := store.OpenJSONWith(json, w.deferred)
	if err != nil {
		return w.say("Cannot open "+Plain(title)+": "+Plain(err.Error()), true)
	}
	tasks := w.replaceNew(sess)
	w.lib.Open = false
	w.panels.Tab, w.panels.PanelCollapsed = TabChallenge, false
	return append(tasks, w.say("Opened the challenge \""+Plain(title)+"\": your work is saved in My scenarios", false)...)
}

// ChallengeStatus is a built-in challenge's progress, from the saved
// designs named after it: not started (Started false), in progress with
// the best score, or complete.
type ChallengeStatus struct {
	Started, Complete bool
	Score, Total      int
}

// Text says the status in words.
func (s ChallengeStatus) Text() string {
	switch {
	case s.Complete:
		return "complete"
	case s.Started && s.Total > 0:
		return "in progress: " + strconv.Itoa(s.Score) + " / " + strconv.Itoa(s.Total)
	case s.Started:
		return "in progress"
	}
	return "not started"
}

// maxGraded bounds the saved designs graded for the pack's status.
const maxGraded = 64

// WorkshopProgress grades the saved designs named after a built-in
// challenge, for the pack's statuses (asked when the pack's section of the
// Scenarios dialog is opened).
type WorkshopProgress struct{}

func (WorkshopProgress) apply(w *Workspace) []Task {
	titles := map[string]string{} // challenge title → name
	for _, c := range scenarios.Workshop() {
		titles[c.Title] = c.Name
	}
	return []Task{{Storage: func(ctx context.Context, st persist.Store) Action {
		mine, err := st.List(ctx)
		if err != nil {
			return Notify{Text: "Cannot read the workshop's progress: " + Plain(err.Error()), Err: true}
		}
		out := map[string]ChallengeStatus{}
		graded := 0
		for _, m := range mine {
			name, ok := titles[m.Name]
			if !ok || graded >= maxGraded {
				continue
			}
			graded++
			rec, err := st.Get(ctx, m.ID)
			if err != nil {
				continue
			}
			out[name] = better(out[name], gradeSaved(rec.Scenario))
		}
		return workshopGraded{status: out}
	}}}
}

// gradeSaved grades a saved design's text.
func gradeSaved(text string) ChallengeStatus {
	sess, _, err := store.OpenJSON([]byte(text))
	if err != nil {
		return ChallengeStatus{Started: true}
	}
	snap := sess.Current()
	r := workshop.Grade(snap.Doc, &engine.Analysis{Plane: snap.Plane})
	return ChallengeStatus{Started: true, Complete: r.Complete && len(r.Goals) > 0, Score: r.Score, Total: r.Total}
}

// better is the further along of two statuses.
func better(a, b ChallengeStatus) ChallengeStatus {
	switch {
	case a.Complete:
		return a
	case b.Complete:
		return b
	case !a.Started || b.Score > a.Score:
		return b
	}
	return a
}

type workshopGraded struct{ status map[string]ChallengeStatus }

func (a workshopGraded) apply(w *Workspace) []Task {
	w.chal.pack = a.status
	return nil
}

// WorkshopStatus is the status of the built-in challenge name, as last
// graded (the open design counts as it is now).
func (w *Workspace) WorkshopStatus(name string) ChallengeStatus {
	st := w.chal.pack[name]
	doc := w.Snap().Doc
	if doc.Challenge == nil { // the open design is no challenge: nothing to look up
		return st
	}
	if c, ok := scenarios.WorkshopChallenge(name); ok && doc.Name == c.Title {
		r, _ := w.grade()
		st = better(st, ChallengeStatus{Started: true, Complete: r.Complete && len(r.Goals) > 0, Score: r.Score, Total: r.Total})
	}
	return st
}

// workshopWord finds "workshop" as a word, in any case.
var workshopWord = regexp.MustCompile(`(?i)\bworkshop\b`)

// PackHeading is a workshop pack's heading in the Scenarios dialog:
// "Workshop: <title>", or the title alone when it names itself a workshop
// already ("vnetplay workshop: Azure routing and names", not "Workshop:
// vnetplay workshop: …"), or "Workshop" for a pack without a title.
func PackHeading(title string) string {
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		return "Workshop"
	case workshopWord.MatchString(title):
		return title
	}
	return "Workshop: " + title
}
