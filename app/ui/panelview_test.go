//go:build !(js && wasm)

package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// panelHTML is the side panel's markup in html, attributes sorted.
func panelHTML(t *testing.T, html string) string {
	t.Helper()
	return sortAttrs(elementByID(t, html, "panel", "aside"))
}

// panelSteps are the actions TestMountedPanelIsDrawnPanel mixes: pointer
// and view input (pans, drags, a band, the wheel, view keys, separators),
// which leave the panel as it was unless they select or resize, and
// actions that change what it shows.
func panelSteps(l *liveShell, r *rand.Rand) (string, []workspace.Action) {
	screen := canvas.Rect{W: 800, H: 600}
	v := l.s.ws.View()
	onScreen := func(p canvas.Point) canvas.Point {
		return canvas.Point{X: p.X*v.Zoom + v.Pan.X, Y: p.Y*v.Zoom + v.Pan.Y}
	}
	nodes := l.s.ws.Snap().Scene.Nodes
	n := nodes[r.IntN(len(nodes))]
	gesture := func(from canvas.Point, dx, dy float64, shift bool) []workspace.Action {
		as := []workspace.Action{workspace.PointerDown{At: from, Screen: screen, Pointer: 1, Shift: shift}}
		for i := 1; i <= 3; i++ {
			as = append(as, workspace.PointerMove{At: canvas.Point{X: from.X + dx*float64(i), Y: from.Y + dy*float64(i)}, Pointer: 1})
		}
		return append(as, workspace.PointerUp{At: canvas.Point{X: from.X + 3*dx, Y: from.Y + 3*dy}, Pointer: 1})
	}
	switch k := r.IntN(12); k {
	case 0:
		return "pan", gesture(canvas.Point{X: -4000, Y: -4000}, 7, 5, false)
	case 1:
		return "drag " + n.Key, gesture(onScreen(canvas.Point{X: n.Box.X + 10, Y: n.Box.Y + 6}), 25, 15, r.IntN(4) == 0)
	case 2:
		return "band", gesture(onScreen(canvas.Point{X: n.Box.X - 30, Y: n.Box.Y - 30}), 60, 60, r.IntN(2) == 0)
	case 3:
		return "wheel", []workspace.Action{workspace.Wheel{At: canvas.Point{X: 300, Y: 200}, Screen: screen, DeltaY: float64(r.IntN(3)-1) * 120}}
	case 4:
		keys := []string{"ArrowLeft", "ArrowUp", "+", "-", "0", "f", "n", "p"}
		return "key", []workspace.Action{workspace.CanvasKey{Key: keys[r.IntN(len(keys))], Screen: screen}}
	case 5:
		sep := []string{workspace.SeparatorPanel, workspace.SeparatorSplit}[r.IntN(2)]
		at := canvas.Point{X: 900, Y: 300}
		return "separator " + sep, []workspace.Action{
			workspace.ResizeStart{Separator: sep, At: at, Size: 420, Total: 700, Pointer: 2},
			workspace.PointerMove{At: canvas.Point{X: at.X - 40, Y: at.Y + 50}, Pointer: 2},
			workspace.PointerUp{At: canvas.Point{X: at.X - 40, Y: at.Y + 50}, Pointer: 2},
		}
	case 6:
		return "select " + n.Key, []workspace.Action{workspace.Select{Key: n.Key}}
	case 7:
		tabs := []string{workspace.TabRoutes, workspace.TabReach, workspace.TabWhatIf, workspace.TabChecks}
		return "tab", []workspace.Action{workspace.OpenTab{Tab: tabs[r.IntN(len(tabs))]}}
	case 8:
		return "add", []workspace.Action{workspace.PaletteAdd{Kind: []kinds.Kind{kinds.VNet, kinds.Subnet, kinds.VM}[r.IntN(3)]}}
	case 9:
		return "undo", []workspace.Action{workspace.Undo{}}
	case 10:
		return "analyse", []workspace.Action{workspace.Analyse{}}
	default:
		return "alt-move", []workspace.Action{workspace.Select{Key: n.Key}, workspace.CanvasKey{Key: "ArrowDown", Alt: true, Screen: screen}}
	}
}

// shownRef is the resource the panel shows, the zero Ref for none.
func shownRef(w *workspace.Workspace) store.Ref {
	r, _ := w.ShownRef()
	return r
}

// TestMountedPanelIsDrawnPanel (and the view-only input: a render after an
// action the workspace reports as changing the viewport only draws the page
// as it was, so the canvas' handlers skip it): along random pans, drags, bands, wheel
// steps, view keys, separator drags, selections, tabs, edits, undos and
// analyses (edits drawn first, analysed after, as in the browser), the side
// panel in the mounted tree — which the Shell draws again only when
// workspace.PanelRev changes — is the panel a fresh render draws. And
// PanelRev stays put through a pan, a wheel step, a band, a drag's press
// and moves, or the panel would be drawn for each of them; it follows the
// selection at the release. A drag's moves after its
// first are view-only or lift-only (workspace.LiftOnly: the page is as it
// was, only the drag layer, outside go-app's tree, changes).
func TestMountedPanelIsDrawnPanel(t *testing.T) {
	liftOnly := 0 // moves drawn on the drag layer alone
	defer func() {
		if !t.Failed() && liftOnly == 0 {
			t.Error("no drag's move was lift-only: the drag layer's own path went untested")
		}
	}()
	seeds, steps := uint64(2), 60
	if raceEnabled { // a sample under the race detector (race_test.go)
		seeds, steps = 1, 20
	}
	for _, name := range []string{"hub-spoke-firewall", "er-vpn-coexistence"} {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed=%d", name, seed), func(t *testing.T) {
				l := shellWith(t, name)
				l.do(workspace.DeferAnalysis{})
				r := rand.New(rand.NewPCG(seed, 12))
				for i := range steps {
					what, as := panelSteps(l, r)
					for j, a := range as {
						rev, before := l.s.ws.PanelRev(), l.s.drawnView()
						far := before.far
						page, _ := dropLifted(sortAttrs(l.html()), l.liftedKeys())
						l.do(a)
						// Hidden in the world, the lifted items stay where the drag
						// found them (SceneView.Lifted): a fresh render draws them
						// where they are.
						// A pan or a zoom that changes the part of the world drawn
						// (DrawnWindow) is drawn again, as a change of detail is.
						if now, _ := dropLifted(sortAttrs(l.html()), l.liftedKeys()); l.s.stillDrawn(before) && now != page {
							t.Fatalf("step %d (%s), action %d %T: the action is view-only (%v) or lift-only (%v), but a render draws the page differently", i, what, j, a, l.s.ws.ViewOnly(), l.s.liftOnly(far))
						}
						if l.s.liftOnly(far) {
							liftOnly++
						}
						if strings.HasPrefix(what, "drag") && j >= 2 && j < len(as)-1 && !l.s.ws.ViewOnly() && !l.s.liftOnly(far) {
							t.Fatalf("step %d (%s), action %d %T: a drag's move after its first is neither view-only nor lift-only: the page is drawn again for it", i, what, j, a)
						}
						if mounted, fresh := panelHTML(t, app.HTMLString(l.s)), panelHTML(t, l.html()); mounted != fresh {
							t.Fatalf("step %d (%s), action %d %T: the mounted panel differs from a fresh render:\nmounted %s\nfresh   %s", i, what, j, a, mounted, fresh)
						}
						move := j > 0 && j < len(as)-1
						pointer := what == "pan" || what == "band" || strings.HasPrefix(what, "drag")
						if quiet := what == "wheel" || (pointer && j < len(as)-1); quiet && l.s.ws.PanelRev() != rev {
							t.Fatalf("step %d (%s), action %d %T: the panel is drawn again for a press or a move, which change nothing it shows", i, what, j, a)
						}
						if j == len(as)-1 {
							if sel, _ := l.s.ws.SelectedRef(); sel != shownRef(l.s.ws) {
								t.Fatalf("step %d (%s), action %d %T: the panel shows %v after the gesture, the selection is %v", i, what, j, a, shownRef(l.s.ws), sel)
							}
						}
						if (what == "wheel" || what == "pan" && move) && !l.s.ws.ViewOnly() {
							t.Fatalf("step %d (%s), action %d %T: a move of the view alone is not reported view-only: the page is drawn again for it", i, what, j, a)
						}
					}
				}
			})
		}
	}
}
