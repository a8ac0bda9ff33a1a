package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
)

func TestIconsAreDistinctAndComplete(t *testing.T) {
	seen := map[string]IconKind{}
	kinds := []IconKind{IconLogo}
	for _, k := range paletteKinds {
		kinds = append(kinds, k.Kind)
	}
	if len(paletteKinds) != 13 {
		t.Fatalf("palette lists %d kinds, want the engine's 13 resource kinds", len(paletteKinds))
	}
	for _, k := range kinds {
		shapes := iconShapes(k)
		if len(shapes) == 0 {
			t.Errorf("icon %q has no shapes", k)
			continue
		}
		key := fmt.Sprint(shapes)
		if other, dup := seen[key]; dup {
			t.Errorf("icons %q and %q are identical", k, other)
		}
		seen[key] = k
	}
	if iconShapes("no-such-icon") != nil {
		t.Error("unknown icon kind has shapes")
	}
}

func TestIconAccessibility(t *testing.T) {
	labelled := app.HTMLString(Icon(IconVNet, 20, "Virtual network"))
	if !strings.Contains(labelled, `aria-label="Virtual network"`) || !strings.Contains(labelled, `role="img"`) {
		t.Errorf("labelled icon lacks role/label: %s", labelled)
	}
	decorative := app.HTMLString(Icon(IconVNet, 20, ""))
	if !strings.Contains(decorative, "aria-hidden") || strings.Contains(decorative, "aria-label") {
		t.Errorf("decorative icon is not hidden from assistive tech: %s", decorative)
	}
}

func newShell(t *testing.T) (*Shell, app.TestEngine) {
	t.Helper()
	e := app.NewTestEngine()
	s := &Shell{}
	if err := e.Load(s); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return s, e
}

func TestShellRendersRegions(t *testing.T) {
	s, _ := newShell(t)
	// Root > [topbar, workspace > [palette, canvas region, panel]]
	checks := []struct {
		path []int
		want app.UI
	}{
		{[]int{0, 0, 0, 1}, app.Span().Class("brand-name").Text(ProductName)},
		{[]int{0, 0, 0, 1, 0}, app.Text(ProductName)},
		{[]int{0, 0, 1}, app.Div().Class("doc-title").Title("Scenario name").Text("Untitled design")},
		{[]int{0, 1, 0, 0, 0}, app.Text("Resources")},
		{[]int{0, 1, 1, 1, 0, 0}, app.Text("100%")},
		{[]int{0, 1, 2, 1, 0, 0}, app.Text(panelTabs[0].empty)},
	}
	for _, c := range checks {
		if err := app.Match(c.want, s, c.path...); err != nil {
			t.Errorf("at %v: %v", c.path, err)
		}
	}
	html := app.HTMLString(s)
	for _, want := range []string{`id="canvas"`, `data-pan="0,0"`, `data-zoom="1"`, `aria-label="Design canvas`, `id="world"`, `role="tablist"`} {
		if !strings.Contains(html, want) {
			t.Errorf("shell HTML lacks %s", want)
		}
	}
	// data-mounted is the e2e mount marker: set by OnMount, which go-app
	// never runs in the server's pre-render (the browser case is covered
	// end to end, where OnMount's timing is the real one).
	if !app.IsClient && strings.Contains(html, "data-mounted") {
		t.Error("the pre-rendered shell carries the mount marker")
	}
	if n := strings.Count(html, `class="palette-item"`); n != len(paletteKinds) {
		t.Errorf("%d palette items rendered, want %d", n, len(paletteKinds))
	}
}

func TestShellTabsSwitch(t *testing.T) {
	s, _ := newShell(t)
	for _, tab := range panelTabs {
		s.tab = tab.id
		html := app.HTMLString(s.Render())
		if !strings.Contains(html, tab.empty) {
			t.Errorf("tab %s: panel does not show %q", tab.id, tab.empty)
		}
		if !strings.Contains(html, `aria-labelledby="tab-`+tab.id+`"`) {
			t.Errorf("tab %s: tabpanel not labelled by its tab", tab.id)
		}
	}
}

func TestShellViewportDrivesCanvas(t *testing.T) {
	s, _ := newShell(t)
	// Zooming at the screen point of the world origin keeps the pan.
	s.view = s.view.Panned(80, 50).ZoomedAt(canvas.Point{X: 80, Y: 50}, 2)
	html := app.HTMLString(s.Render())
	for _, want := range []string{`data-pan="80,50"`, `data-zoom="2"`, `transform="translate(80 50) scale(2)"`, `>200%<`} {
		if !strings.Contains(html, want) {
			t.Errorf("after pan and zoom, HTML lacks %s", want)
		}
	}
}
