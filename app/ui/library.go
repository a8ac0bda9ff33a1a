package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// autosaveDelay is how long after a change the open design is saved (one
// save for a burst of changes, such as a drag).
const autosaveDelay = 600 * time.Millisecond

// library is the state of scenario management.
type library struct {
	store   persist.Store
	docID   string            // the record the open design is saved as
	saved   uint64            // session version last saved
	open    bool              // the Scenarios dialog is shown
	mine    []persist.Summary // My scenarios, as last listed
	link    string            // the last share link made
	problem string            // an error to show in a dialog (bad link, bad import)
	ready   bool              // startup finished (store opened, design restored)
	pending bool              // a save is scheduled
}

func newDocID() string {
	return "s-" + strconv.FormatInt(time.Now().UnixMilli(), 36) + "-" + strconv.FormatUint(rand.Uint64()%(36*36*36*36), 36)
}

// startLibrary opens the store and restores what to show first: a share
// link in the URL (opened as a new scenario; a bad link is reported and
// changes nothing), else the last opened scenario, else an empty design.
func (s *Shell) startLibrary(ctx app.Context) {
	frag := app.Window().URL().Fragment
	ctx.Async(func() {
		bg := context.Background()
		st, storeErr := persist.OpenDefault(bg)
		var (
			sess    *store.Session
			docID   string
			problem string
			fromURL bool
		)
		if persist.IsShareLink(frag) {
			fromURL = true
			b, err := persist.DecodeLink(frag)
			if err == nil {
				sess, _, err = store.OpenJSON(b)
			}
			if err != nil {
				problem = "This share link cannot be opened: " + err.Error() + ". Nothing was changed; your saved scenarios are as they were."
				sess = nil
			} else {
				docID = newDocID()
			}
		}
		if sess == nil {
			if last, err := st.LastOpened(bg); err == nil && last != "" {
				if rec, err := st.Get(bg, last); err == nil {
					if opened, _, err := store.OpenJSON([]byte(rec.Scenario)); err == nil {
						sess, docID = opened, rec.ID
					}
				}
			}
		}
		mine, _ := st.List(bg)
		ctx.Dispatch(func(ctx app.Context) {
			s.lib.store, s.lib.mine, s.lib.ready = st, mine, true
			if storeErr != nil {
				s.say("Scenarios are kept in memory only: "+storeErr.Error(), true)
			}
			if sess != nil {
				s.openSession(sess, docID)
				if fromURL && problem == "" {
					s.say("Opened the shared design \""+s.docName()+"\" as a new scenario", false)
				} else {
					s.lib.saved = s.snap().Version // restored, not changed
				}
			} else {
				// An untouched empty design is not worth a record.
				s.lib.docID, s.lib.saved = newDocID(), s.snap().Version
			}
			if fromURL {
				// The design is now a saved scenario; a reload restores it
				// without opening the link again.
				app.Window().Get("history").Call("replaceState", nil, "", "/")
			}
			s.lib.problem = problem
			s.saveIfChanged(ctx) // a shared design (or an edit made meanwhile) is saved at once
		})
	})
}

// openSession makes sess the open design, saved as docID.
func (s *Shell) openSession(sess *store.Session, docID string) {
	s.sess = sess
	s.lib.docID = docID
	s.lib.saved = 0
	s.selected, s.insp, s.g = "", inspectorState{}, gesture{}
	s.view = canvas.NewViewport()
	s.fit()
	s.changed()
}

func (s *Shell) docName() string {
	if n := s.snap().Doc.Name; n != "" {
		return n
	}
	return "Untitled design"
}

// changed schedules the autosave after a change to the open design. It
// does nothing outside the browser (no mount context) or before the store
// is open (startLibrary saves what changed meanwhile).
func (s *Shell) changed() {
	if !s.mounted || !s.lib.ready || s.lib.pending {
		return
	}
	s.lib.pending = true
	s.ctx.After(autosaveDelay, func(ctx app.Context) {
		s.lib.pending = false
		s.saveIfChanged(ctx)
		ctx.PreventUpdate()
	})
}

func (s *Shell) saveIfChanged(ctx app.Context) {
	snap := s.snap()
	if !s.lib.ready || s.lib.store == nil || snap.Version == s.lib.saved {
		return
	}
	b, err := scenario.Encode(snap.Doc)
	if err != nil {
		s.say("Not saved: "+err.Error(), true)
		return
	}
	rec := persist.Record{ID: s.lib.docID, Name: s.docName(), Scenario: string(b), Updated: time.Now().UTC().Truncate(time.Millisecond)}
	version, st := snap.Version, s.lib.store
	s.lib.saved = version
	ctx.Async(func() {
		bg := context.Background()
		err := st.Save(bg, rec)
		mine, _ := st.List(bg)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.lib.saved = 0 // the next change tries again
				s.say("Not saved: "+err.Error(), true)
				return
			}
			s.lib.mine = mine
			if !s.lib.open {
				ctx.PreventUpdate()
			}
		})
	})
}

func (s *Shell) rename(name string) {
	name = strings.TrimSpace(name)
	if name == "" || name == s.snap().Doc.Name {
		return
	}
	s.apply(store.SetDocName{Name: name})
}

func (s *Shell) newDesign() {
	s.openSession(store.Open(&scenario.Document{Name: "Untitled design"}), newDocID())
	s.lib.saved = s.snap().Version // saved once something is drawn
	s.lib.open = false
	s.say("New design", false)
}

func (s *Shell) openBuiltin(sc scenarios.Scenario) {
	sess, _, err := store.OpenJSON(sc.JSON)
	if err != nil {
		s.say("Cannot open "+sc.Name+": "+err.Error(), true)
		return
	}
	s.openSession(sess, newDocID())
	s.lib.open = false
	s.say("Opened a copy of \""+sc.Title+"\"; changes are saved in My scenarios", false)
}

func (s *Shell) openMine(ctx app.Context, id string) {
	st := s.lib.store
	ctx.Async(func() {
		rec, err := st.Get(context.Background(), id)
		var sess *store.Session
		if err == nil {
			sess, _, err = store.OpenJSON([]byte(rec.Scenario))
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.say("Cannot open the scenario: "+err.Error(), true)
				return
			}
			s.openSession(sess, id)
			s.lib.saved = s.snap().Version
			s.lib.open = false
		})
	})
}

func (s *Shell) duplicateMine(ctx app.Context, id string) {
	st := s.lib.store
	ctx.Async(func() {
		bg := context.Background()
		rec, err := st.Get(bg, id)
		if err == nil {
			rec.ID, rec.Name, rec.Updated = newDocID(), rec.Name+" (copy)", time.Now().UTC().Truncate(time.Millisecond)
			err = st.Put(bg, rec)
		}
		mine, _ := st.List(bg)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.say("Cannot duplicate: "+err.Error(), true)
			}
			s.lib.mine = mine
		})
	})
}

func (s *Shell) deleteMine(ctx app.Context, id string) {
	st := s.lib.store
	current := id == s.lib.docID
	ctx.Async(func() {
		bg := context.Background()
		err := st.Delete(bg, id)
		mine, _ := st.List(bg)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.say("Cannot delete: "+err.Error(), true)
				return
			}
			s.lib.mine = mine
			if current {
				s.openSession(store.Open(&scenario.Document{Name: "Untitled design"}), newDocID())
			}
		})
	})
}

// shareLink makes the share link of the open design, or explains why none.
func (s *Shell) shareLink() {
	b, err := scenario.Encode(s.snap().Doc)
	if err == nil {
		var frag string
		frag, err = persist.EncodeLink(b)
		if err == nil && len(frag) > persist.MaxLinkChars {
			err = fmt.Errorf("the design needs a %d-character link, more than the %d a link can safely carry; use Export JSON instead", len(frag), persist.MaxLinkChars)
		}
		if err == nil {
			loc := app.Window().URL()
			s.lib.link = loc.Scheme + "://" + loc.Host + "/#" + frag
			copyText(s.lib.link)
			s.say("Share link copied: anyone with it sees this design and its computed behaviour", false)
			return
		}
	}
	s.lib.link = ""
	s.say("No share link: "+err.Error(), true)
}

func (s *Shell) exportJSON() {
	b, err := scenario.Encode(s.snap().Doc)
	if err != nil {
		s.say("Export failed: "+err.Error(), true)
		return
	}
	download(fileName(s.docName())+".json", "application/json", string(b))
}

func (s *Shell) exportSVG() {
	download(fileName(s.docName())+".svg", "image/svg+xml", canvas.ExportSVG(s.snap().Scene, s.docName()))
}

func (s *Shell) exportPNG(ctx app.Context) {
	sc := s.snap().Scene
	b := sc.Bounds
	downloadPNG(fileName(s.docName())+".png", canvas.ExportSVG(sc, s.docName()), b.W+64, b.H+64, func(errText string) {
		ctx.Dispatch(func(ctx app.Context) {
			if errText != "" {
				s.say("PNG export failed: "+errText, true)
			}
		})
	})
}

func (s *Shell) importFile(ctx app.Context, e app.Event) {
	readFile(ctx.JSSrc(), scenario.MaxSize, func(name, text, errText string) {
		ctx.Dispatch(func(ctx app.Context) {
			ctx.JSSrc().Set("value", "")
			if errText == "" {
				sess, warnings, err := store.OpenJSON([]byte(text))
				if err != nil {
					errText = err.Error()
				} else {
					s.openSession(sess, newDocID())
					s.lib.open = false
					msg := "Imported " + name
					if len(warnings) > 0 {
						// Unknown fields are dropped from the design: say which.
						var ws []string
						for _, w := range warnings[:min(len(warnings), 3)] {
							ws = append(ws, w.Msg)
						}
						if len(warnings) > 3 {
							ws = append(ws, fmt.Sprintf("and %d more", len(warnings)-3))
						}
						msg += "; ignored: " + strings.Join(ws, "; ")
					}
					s.say(msg, false)
					return
				}
			}
			s.lib.problem = "Cannot import " + name + ": " + errText + ". Nothing was changed."
		})
	})
}

// fileName makes a file name from a design name.
func fileName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "vnetplay-design"
	}
	return b.String()
}
